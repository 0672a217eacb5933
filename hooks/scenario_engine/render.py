"""Turn the checked project into Markdown pages; the markup lives in ``templates/``.

Pages are Markdown (with md_in_html blocks) rather than finished HTML, so MkDocs renders them
with the site's own extensions, validates their links in strict mode, and ``export`` can hand
the same files to another generator.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .analysis import Analysis
from .loader import Project
from .model import LEVELS, Scenario
from .supervision_pages import supervision_pages

CATALOGUE_PAGE = "scenarios/index.md"


def scenario_page_path(slug: str) -> str:
    return f"scenarios/{slug}.md"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,  # Markdown output; attribute values are escaped with |e explicitly
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["humanize"] = humanize
    return environment


def humanize(node_id: str) -> str:
    """``held-line`` -> ``Held line``: node ids double as readable headings."""
    words = node_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def relative_link(*, from_page: str, to_page: str) -> str:
    """A link from one docs-relative Markdown file to another (anchor kept)."""
    target, _, anchor = to_page.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link


@dataclass(frozen=True, slots=True)
class Reading:
    title: str
    link: str


def render_scenario_page(project: Project, *, slug: str) -> str:
    scenario = project.scenarios[slug]
    page = scenario_page_path(slug)

    def reading(target: str) -> Reading:
        return Reading(title=project.docs.title_of(target), link=relative_link(from_page=page, to_page=target))

    competencies = [
        {"key": key, "entry": project.competencies[key], "reading": [reading(link) for link in project.competencies[key].reading]}
        for key in scenario.competencies
    ]
    return _environment().get_template("scenario.md.j2").render(
        scenario=scenario,
        analysis=project.analyses[slug],
        competencies=competencies,
        see_also=[reading(link) for link in scenario.see_also],
        see={(node.id, choice.index): reading(choice.see) for node in scenario.nodes.values() for choice in node.choices if choice.see},
        catalogue=relative_link(from_page=page, to_page=CATALOGUE_PAGE),
        player_data=player_data(scenario, project.analyses[slug], project),
    )


def player_data(scenario: Scenario, analysis: Analysis, project: Project) -> dict[str, Any]:
    """What the browser player needs beyond the readable page: the graph, scores and flags."""
    return {
        "slug": scenario.slug,
        "title": scenario.title,
        "version": scenario.version,
        "feedback": scenario.feedback,
        "start": scenario.start,
        "competencies": {key: project.competencies[key].name for key in scenario.competencies},
        "best": analysis.best,
        "worst": analysis.worst,
        "nodes": {
            node.id: {
                "outcome": node.outcome,
                "choices": [
                    {
                        "next": choice.next,
                        "scores": choice.scores,
                        "sets": sorted(choice.sets),
                        "if": sorted(choice.requires),
                        "unless": sorted(choice.excludes),
                    }
                    for choice in node.choices
                ],
            }
            for node in scenario.nodes.values()
        },
    }


def render_catalogue(project: Project) -> str:
    scenarios = sorted(project.scenarios.values(), key=lambda s: (LEVELS.index(s.level), s.title.lower()))
    tags = sorted({tag for scenario in scenarios for tag in scenario.tags}, key=str.lower)
    return _environment().get_template("catalogue.md.j2").render(
        scenarios=scenarios,
        competencies=project.competencies,
        levels=LEVELS,
        tags=tags,
        link=lambda slug: relative_link(from_page=CATALOGUE_PAGE, to_page=scenario_page_path(slug)),
    )


def render_practise_list(project: Project, *, page: str) -> str | None:
    """The "Practise this" section for a reference page, or None when no scenario names it."""
    named = _pages_named_by(project)
    if page.endswith("/index.md"):  # a section's index gathers what its pages gather
        section = page.removesuffix("index.md")
        scenarios = [s for s in project.scenarios.values() if any(p.startswith(section) for p in named[s.slug])]
    else:
        scenarios = [s for s in project.scenarios.values() if page in named[s.slug]]
    if not scenarios:
        return None
    return _environment().get_template("practise.md.j2").render(
        scenarios=sorted(scenarios, key=lambda s: s.title.lower()),
        link=lambda slug: relative_link(from_page=page, to_page=scenario_page_path(slug)),
    )


_named_cache: tuple[Project, dict[str, set[str]]] | None = None


def _pages_named_by(project: Project) -> dict[str, set[str]]:
    """``_pages_named`` of every scenario, by slug, worked out once per project.

    The hook asks for a practise list on every page of the site; walking every choice of every
    scenario each time made a 1,000-scenario build quadratic. A new build loads a new project.
    """
    global _named_cache
    if _named_cache is None or _named_cache[0] is not project:
        _named_cache = (project, {slug: _pages_named(s) for slug, s in project.scenarios.items()})
    return _named_cache[1]


def _pages_named(scenario: Scenario) -> set[str]:
    """The reference pages a scenario sends trainees to, in ``see_also`` or any choice's ``see``."""
    links = [*scenario.see_also, *(c.see for n in scenario.nodes.values() for c in n.choices if c.see)]
    return {link.partition("#")[0] for link in links}


def generated_pages(project: Project) -> dict[str, str]:
    """Every page the engine adds to the site, by docs-relative path."""
    pages = {CATALOGUE_PAGE: render_catalogue(project)}
    for slug in project.scenarios:
        pages[scenario_page_path(slug)] = render_scenario_page(project, slug=slug)
    pages.update(supervision_pages(project))
    from .map_page import map_pages  # map_page imports this module, so not at the top

    pages.update(map_pages(project))
    return pages


__all__ = ["generated_pages", "render_practise_list", "relative_link"]
