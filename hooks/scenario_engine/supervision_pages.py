"""Pages for supervisors and trainees: assignments, the assignment builder and the review page.

The browser side (``docs/assets/javascripts/supervision.js``) reads what these pages carry:
scenario links as ordinary Markdown links (so MkDocs resolves and checks them) and, on the
review page, each scenario's texts as plain text in a ``data-*`` attribute.
"""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .assignments import Assignment
from .loader import Project
from .model import LEVELS, Scenario
from .plain_text import plain_text

ASSIGNMENTS_INDEX = "assignments/index.md"
ASSIGNMENT_VIEW = "assignments/view.md"
BUILDER_PAGE = "assign.md"
REVIEW_PAGE = "review.md"
FEEDBACK_TEXT = {
    "immediate": "immediate: you see feedback on each choice as you make it",
    "delayed": "delayed: feedback on your choices waits for the debrief at the end",
    None: "as each scenario sets it",
}


def assignment_page_path(slug: str) -> str:
    return f"assignments/{slug}.md"


def _scenario_page(slug: str) -> str:
    return f"scenarios/{slug}.md"


def _link(*, from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,  # Markdown output; attribute values are escaped with |e explicitly
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _catalogue(project: Project, *, page: str) -> list[dict[str, Any]]:
    """Every scenario as the builder and the assignment view list them."""
    scenarios = sorted(project.scenarios.values(), key=lambda s: (LEVELS.index(s.level), s.title.lower()))
    return [
        {"slug": s.slug, "title": s.title, "level": s.level, "minutes": s.minutes, "link": _link(from_page=page, to_page=_scenario_page(s.slug))}
        for s in scenarios
    ]


def render_assignment_page(project: Project, *, slug: str) -> str:
    assignment = project.assignments[slug]
    page = assignment_page_path(slug)
    query = {"assignment": slug, **({"feedback": assignment.feedback} if assignment.feedback else {})}
    items = [
        {"slug": s, "title": project.scenarios[s].title, "link": f"{_link(from_page=page, to_page=_scenario_page(s))}?{urlencode(query)}"}
        for s in assignment.scenarios
        if s in project.scenarios
    ]
    return _environment().get_template("assignment.md.j2").render(
        assignment=assignment,
        items=items,
        feedback=FEEDBACK_TEXT[assignment.feedback],
        index=_link(from_page=page, to_page=ASSIGNMENTS_INDEX),
    )


def render_assignment_index(project: Project) -> str:
    assignments: list[Assignment] = sorted(project.assignments.values(), key=lambda a: (a.due is None, a.due, a.title.lower()))
    return _environment().get_template("assignments.md.j2").render(
        assignments=assignments,
        link=lambda slug: _link(from_page=ASSIGNMENTS_INDEX, to_page=assignment_page_path(slug)),
        builder=_link(from_page=ASSIGNMENTS_INDEX, to_page=BUILDER_PAGE),
    )


def render_assignment_view(project: Project) -> str:
    return _environment().get_template("assignment_view.md.j2").render(
        catalogue=_catalogue(project, page=ASSIGNMENT_VIEW),
        builder=_link(from_page=ASSIGNMENT_VIEW, to_page=BUILDER_PAGE),
    )


def render_builder(project: Project) -> str:
    return _environment().get_template("assign.md.j2").render(
        catalogue=_catalogue(project, page=BUILDER_PAGE),
        view=_link(from_page=BUILDER_PAGE, to_page=ASSIGNMENT_VIEW),
        assigning=_link(from_page=BUILDER_PAGE, to_page="supervisors/assigning.md"),
    )


def review_data(project: Project, scenario: Scenario) -> dict[str, Any]:
    """What the review page needs to retell a path: texts as plain text, scores, best totals."""
    return {
        "slug": scenario.slug,
        "title": scenario.title,
        "version": scenario.version,
        "start": scenario.start,
        "competencies": {key: project.competencies[key].name for key in scenario.competencies},
        "best": project.analyses[scenario.slug].best,
        "nodes": {
            node.id: {
                "text": plain_text(node.text),
                "outcome": node.outcome,
                "debrief": plain_text(node.debrief) if node.debrief else None,
                "choices": [
                    {
                        "label": plain_text(choice.label),
                        "next": choice.next,
                        "feedback": plain_text(choice.feedback) if choice.feedback else None,
                        "scores": choice.scores,
                    }
                    for choice in node.choices
                ],
            }
            for node in scenario.nodes.values()
        },
    }


def render_review(project: Project) -> str:
    scenarios = sorted(project.scenarios.values(), key=lambda s: s.slug)
    return _environment().get_template("review.md.j2").render(
        scenarios=[
            {"data": review_data(project, s), "title": s.title, "link": _link(from_page=REVIEW_PAGE, to_page=_scenario_page(s.slug))}
            for s in scenarios
        ],
        reading=_link(from_page=REVIEW_PAGE, to_page="supervisors/reading-reports.md"),
        privacy=_link(from_page=REVIEW_PAGE, to_page="supervisors/privacy.md"),
    )


def supervision_pages(project: Project) -> dict[str, str]:
    """The assignment pages, their index and view, the builder and the review page."""
    pages = {
        ASSIGNMENTS_INDEX: render_assignment_index(project),
        ASSIGNMENT_VIEW: render_assignment_view(project),
        BUILDER_PAGE: render_builder(project),
        REVIEW_PAGE: render_review(project),
    }
    for slug in project.assignments:
        pages[assignment_page_path(slug)] = render_assignment_page(project, slug=slug)
    return pages
