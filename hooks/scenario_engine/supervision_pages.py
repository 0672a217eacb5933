"""Pages for supervisors and trainees: assignments, the assignment builder and the review page.

The browser side (``docs/assets/javascripts/supervision/``) reads what these pages carry:
scenario links as ordinary Markdown links (so MkDocs resolves and checks them) and, on the
review page, each scenario's texts as plain text in a script of its own
(``assets/review-data/<slug>.js``), loaded only for the reports being read, so the page stays
small however many scenarios the site has.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .assignments import Assignment, page_path as assignment_page_path, with_page_links
from .generated import GeneratedPage, placeholder
from .loader import Project
from .model import Scenario, node_labels
from .page_data import player_data
from .templating import SiteUrls, by_level_then_title, environment, relative_link, scenario_page_path
from .text_html import ScenarioHtml, TextRenderer, plain_text

ASSIGNMENTS_INDEX = "assignments/index.md"
ASSIGNMENT_VIEW = "assignments/view.md"
BUILDER_PAGE = "assign.md"
REVIEW_PAGE = "review.md"
FEEDBACK_TEXT = {
    "immediate": "immediate: you see feedback on each choice as you make it",
    "delayed": "delayed: feedback on your choices waits for the debrief at the end",
    None: "as each scenario sets it",
}


def _scenario_links(project: Project, *, page: str, slugs: list[str]) -> list[dict[str, Any]]:
    """Each scenario's page and review data, linked from ``page`` (MkDocs resolves and checks both)."""
    return [
        {
            "slug": slug,
            "title": project.scenarios[slug].title,
            "link": relative_link(from_page=page, to_page=scenario_page_path(slug)),
            "data": relative_link(from_page=page, to_page=review_data_path(slug)),
        }
        for slug in slugs
        if slug in project.scenarios
    ]


def _catalogue(project: Project) -> list[dict[str, Any]]:
    """Every scenario as the builder lists them."""
    return [{"slug": s.slug, "title": s.title, "level": s.level, "minutes": s.minutes} for s in by_level_then_title(project.scenarios.values())]


def render_assignment_page(project: Project, *, slug: str, renderer: TextRenderer, urls: SiteUrls) -> GeneratedPage:
    """The instructions are rendered and sanitised by the engine, their page links made here."""
    assignment = project.assignments[slug]
    page = assignment_page_path(slug)
    query = {"assignment": slug, **({"feedback": assignment.feedback} if assignment.feedback else {})}
    items = [
        {"slug": s, "title": project.scenarios[s].title, "link": f"{relative_link(from_page=page, to_page=scenario_page_path(s))}?{urlencode(query)}"}
        for s in assignment.scenarios
        if s in project.scenarios
    ]
    markdown = environment().get_template("assignment.md.j2").render(
        assignment=assignment,
        items=items,
        feedback=FEEDBACK_TEXT[assignment.feedback],
        index=relative_link(from_page=page, to_page=ASSIGNMENTS_INDEX),
        scenarios=_scenario_links(project, page=page, slugs=list(assignment.scenarios)),
        instructions=placeholder("instructions"),
    )
    [rendered] = renderer.render([assignment.instructions])
    instructions = with_page_links(rendered, page=page, link=lambda target: urls.link(from_page=page, to_page=target))
    return GeneratedPage(markdown, searchable={placeholder("instructions"): instructions})


def render_assignment_index(project: Project) -> str:
    assignments: list[Assignment] = sorted(project.assignments.values(), key=lambda a: (a.due is None, a.due, a.title.lower()))
    return environment().get_template("assignments.md.j2").render(
        assignments=assignments,
        link=lambda slug: relative_link(from_page=ASSIGNMENTS_INDEX, to_page=assignment_page_path(slug)),
        builder=relative_link(from_page=ASSIGNMENTS_INDEX, to_page=BUILDER_PAGE),
    )


def render_assignment_view(project: Project) -> str:
    slugs = [s.slug for s in by_level_then_title(project.scenarios.values())]
    return environment().get_template("assignment_view.md.j2").render(
        scenarios=_scenario_links(project, page=ASSIGNMENT_VIEW, slugs=slugs),
        builder=relative_link(from_page=ASSIGNMENT_VIEW, to_page=BUILDER_PAGE),
    )


def render_builder(project: Project) -> str:
    return environment().get_template("assign.md.j2").render(
        catalogue=_catalogue(project),
        view=relative_link(from_page=BUILDER_PAGE, to_page=ASSIGNMENT_VIEW),
        assigning=relative_link(from_page=BUILDER_PAGE, to_page="supervisors/assigning.md"),
    )


def review_data(project: Project, scenario: Scenario, *, html: ScenarioHtml) -> dict[str, Any]:
    """What the review page needs to retell and re-assess a path: the player's data plus texts as plain text."""
    data = player_data(scenario, labels=node_labels(scenario), competencies={key: project.competencies[key].name for key in scenario.competencies})
    for node in scenario.nodes.values():
        entry = data["nodes"][node.id]
        entry["text"] = plain_text(html.text[node.id])
        for part, text in zip(entry["debrief"], html.debrief.get(node.id, ())):
            part["text"] = plain_text(text)
        for choice, choice_data in zip(node.choices, entry["choices"]):
            choice_data["label"] = plain_text(html.label[(node.id, choice.index)])
            choice_data["feedback"] = plain_text(html.feedback[(node.id, choice.index)]) if choice.feedback else None
    return data


def review_data_path(slug: str) -> str:
    """A scenario's review data: a small script the review page loads only when a report needs it."""
    return f"assets/review-data/{slug}.js"


def render_review(project: Project) -> str:
    return environment().get_template("review.md.j2").render(
        scenarios=_scenario_links(project, page=REVIEW_PAGE, slugs=sorted(project.scenarios)),
        reading=relative_link(from_page=REVIEW_PAGE, to_page="supervisors/reading-reports.md"),
        privacy=relative_link(from_page=REVIEW_PAGE, to_page="supervisors/privacy.md"),
    )


def render_review_script(project: Project, *, slug: str, html: ScenarioHtml) -> str:
    """One scenario's review data as a script that registers it with the review page."""
    data = review_data(project, project.scenarios[slug], html=html)
    return environment().get_template("review-data.js.j2").render(slug=slug, data=data)


def supervision_pages(project: Project, *, renderer: TextRenderer, urls: SiteUrls) -> dict[str, GeneratedPage]:
    """The assignment pages, their index and view, the builder and the review page."""
    pages = {
        ASSIGNMENTS_INDEX: GeneratedPage(render_assignment_index(project)),
        ASSIGNMENT_VIEW: GeneratedPage(render_assignment_view(project)),
        BUILDER_PAGE: GeneratedPage(render_builder(project)),
        REVIEW_PAGE: GeneratedPage(render_review(project)),
    }
    for slug in project.assignments:
        pages[assignment_page_path(slug)] = render_assignment_page(project, slug=slug, renderer=renderer, urls=urls)
    return pages
