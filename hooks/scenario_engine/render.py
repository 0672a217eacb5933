"""Turn the checked project into pages; the markup lives in ``templates/``.

A page's head is Markdown, so MkDocs renders it with the site's extensions and validates its
links in strict mode. A scenario's case is finished HTML built from texts rendered once
(``text_html``), put into the built page after MkDocs has rendered it (see ``generated``).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .generated import GeneratedPage, PackedHtml, placeholder
from .loader import Project
from .map_page import map_page_path
from .model import Scenario, node_labels, reading_order
from .page_data import player_data
from .templating import CATALOGUE_PAGE, Reading, SiteUrls, by_level_then_title, describe_condition, environment, relative_link, scenario_page_path
from .text_html import ScenarioHtml, TextRenderer


def render_scenario_page(project: Project, *, slug: str, html: ScenarioHtml, competencies: dict[str, Markup], urls: SiteUrls) -> GeneratedPage:
    """Headings in Markdown (for the table of contents); every section's body as finished HTML."""
    scenario = project.scenarios[slug]
    page = scenario_page_path(slug)

    def reading(target: str) -> Reading:
        return Reading(title=project.docs.title_of(target), link=urls.link(from_page=page, to_page=target))

    order = reading_order(scenario)
    labels = node_labels(scenario, order)
    jinja = environment()
    parts = jinja.get_template("scenario.html.j2").make_module(
        {
            "scenario": scenario,
            "html": html,
            "labels": labels,
            "numbers": {node_id: number for number, node_id in enumerate(order, start=1)},
            "condition": describe_condition,
            "catalogue": urls.link(from_page=page, to_page=CATALOGUE_PAGE),
            "map": urls.link(from_page=page, to_page=map_page_path(slug)),
            "competency_list": [
                {
                    "key": key,
                    "name": project.competencies[key].name,
                    "description": competencies[key],
                    "reading": [reading(link) for link in project.competencies[key].reading],
                }
                for key in scenario.competencies
            ],
            "see_also": [reading(link) for link in scenario.see_also],
            "see": {(node.id, choice.index): reading(choice.see) for node in scenario.nodes.values() for choice in node.choices if choice.see},
            "player_data": player_data(scenario, labels=labels, competencies={key: project.competencies[key].name for key in scenario.competencies}),
        }
    )
    sections = ["head", "objectives", "competencies", "case"] + (["further_reading"] if scenario.see_also else [])
    fragments = {name: str(getattr(parts, name)()).strip() for name in sections}
    markdown = jinja.get_template("scenario.md.j2").render(scenario=scenario, parts={name: placeholder(name) for name in sections})
    # The case stays out of the search index: a trainee searching must not meet the endings.
    return GeneratedPage(
        markdown,
        searchable={placeholder(name): html for name, html in fragments.items() if name != "case"},
        unsearched={placeholder("case"): PackedHtml.pack(fragments["case"])},
    )


def render_catalogue(project: Project, *, renderer: TextRenderer) -> GeneratedPage:
    """Summaries go in as sanitised HTML: MkDocs would render them with every extension the site has."""
    scenarios = by_level_then_title(project.scenarios.values())
    markdown = environment().get_template("catalogue.md.j2").render(
        scenarios=scenarios,
        competencies=project.competencies,
        link=lambda slug: relative_link(from_page=CATALOGUE_PAGE, to_page=scenario_page_path(slug)),
        summary=lambda slug: placeholder(f"summary-{slug}"),
    )
    summaries = renderer.render([scenario.summary for scenario in scenarios])
    return GeneratedPage(markdown, searchable={placeholder(f"summary-{s.slug}"): html for s, html in zip(scenarios, summaries)})


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    slug: str
    title: str
    level: str
    minutes: int


class PractiseLists:
    """The "Practise this" sections, for any reference page of one project.

    Which pages each scenario names is worked out once, not once per page: the hook asks on
    every page of the site, and a per-page walk made a 1,000-scenario build quadratic. The
    heading is Markdown (table of contents, permalink); the list is finished HTML, which MkDocs
    would only parse again (a section's index can list hundreds of scenarios).
    """

    def __init__(self, project: Project, *, urls: SiteUrls | None = None) -> None:
        self._urls = urls or SiteUrls()
        self._named = {slug: _pages_named(scenario) for slug, scenario in project.scenarios.items()}
        # what a list shows, not the scenarios: the build lets their data go once pages are made
        self._scenarios = [
            Listing(slug=s.slug, title=s.title, level=s.level, minutes=s.minutes)
            for s in sorted(project.scenarios.values(), key=lambda s: s.title.lower())
        ]

    def for_page(self, page: str) -> GeneratedPage | None:
        """The section to add to ``page``, or None when no scenario names it."""
        if page.endswith("/index.md"):  # a section's index gathers what its pages gather
            section = page.removesuffix("index.md")
            scenarios = [s for s in self._scenarios if any(p.startswith(section) for p in self._named[s.slug])]
        else:
            scenarios = [s for s in self._scenarios if page in self._named[s.slug]]
        if not scenarios:
            return None
        listed = environment().get_template("practise.html.j2").render(
            scenarios=scenarios,
            link=lambda slug: self._urls.link(from_page=page, to_page=scenario_page_path(slug)),
        )
        return GeneratedPage(environment().get_template("practise.md.j2").render(list=placeholder("practise")), searchable={placeholder("practise"): listed.strip()})


def _pages_named(scenario: Scenario) -> set[str]:
    """The reference pages a scenario sends trainees to, in ``see_also`` or any choice's ``see``."""
    links = [*scenario.see_also, *(c.see for n in scenario.nodes.values() for c in n.choices if c.see)]
    return {link.partition("#")[0] for link in links}


