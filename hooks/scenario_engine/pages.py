"""The one list of pages the engine adds to a site, by docs-relative path."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from markupsafe import Markup

from .generated import GeneratedPage
from .loader import Project
from .map_page import map_page_path, render_map_page
from .parallel import fork_context, worker_count
from .render import render_catalogue, render_scenario_page
from .supervision_pages import render_review_script, review_data_path, supervision_pages
from .templating import CATALOGUE_PAGE, SiteUrls, scenario_page_path
from .text_html import TextRenderer, render_competency_html, render_scenario_html

SCENARIOS_PER_WORKER = 50  # below this, starting a worker costs more than it saves


def generated_pages(project: Project, *, renderer: TextRenderer | None = None, urls: SiteUrls | None = None) -> dict[str, GeneratedPage]:
    """Catalogue, each scenario's page, map and review data, and the supervision pages."""
    renderer = renderer or TextRenderer()
    urls = urls or SiteUrls()
    competencies = render_competency_html(project, renderer=renderer)
    pages = {CATALOGUE_PAGE: render_catalogue(project, renderer=renderer)}
    pages.update(_all_scenario_pages(project, renderer=renderer, urls=urls, competencies=competencies))
    pages.update(supervision_pages(project, renderer=renderer, urls=urls))
    return pages


def scenario_pages(project: Project, slugs: list[str], *, renderer: TextRenderer, urls: SiteUrls, competencies: dict[str, Markup]) -> dict[str, GeneratedPage]:
    """The pages of each scenario in ``slugs``: its texts are rendered once, for all three."""
    pages = {}
    for slug in slugs:
        html = render_scenario_html(project.scenarios[slug], renderer=renderer)
        pages[scenario_page_path(slug)] = render_scenario_page(project, slug=slug, html=html, competencies=competencies, urls=urls)
        pages[map_page_path(slug)] = render_map_page(project, slug=slug, html=html, urls=urls)
        pages[review_data_path(slug)] = GeneratedPage(render_review_script(project, slug=slug, html=html))
    return pages


# What forked workers inherit instead of receiving it pickled: copying a large project into each
# worker would cost about as much as the second core saves.
_inherited: tuple | None = None


def _all_scenario_pages(project: Project, *, renderer: TextRenderer, urls: SiteUrls, competencies: dict[str, Markup]) -> dict[str, GeneratedPage]:
    """Every scenario's pages; on more than one core, by one forked process per core."""
    global _inherited
    slugs = list(project.scenarios)
    workers = worker_count(len(slugs), per_worker=SCENARIOS_PER_WORKER)
    context = fork_context()
    if workers < 2 or context is None:
        return scenario_pages(project, slugs, renderer=renderer, urls=urls, competencies=competencies)
    _inherited = (project, renderer, urls, competencies)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parts = list(pool.map(_inherited_scenario_pages, [slugs[index::workers] for index in range(workers)]))
    finally:
        _inherited = None
    merged = {path: page for part in parts for path, page in part.items()}
    return {path: merged[path] for slug in slugs for path in (scenario_page_path(slug), map_page_path(slug), review_data_path(slug))}


def _inherited_scenario_pages(slugs: list[str]) -> dict[str, GeneratedPage]:
    assert _inherited is not None, "runs only in a worker forked by _all_scenario_pages"
    project, renderer, urls, competencies = _inherited
    return scenario_pages(project, slugs, renderer=renderer, urls=urls, competencies=competencies)
