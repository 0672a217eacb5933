"""The one list of pages the engine adds to a site, by docs-relative path."""

from __future__ import annotations

from .loader import Project
from .map_page import map_pages
from .render import render_catalogue, render_scenario_page
from .supervision_pages import supervision_pages
from .templating import CATALOGUE_PAGE, scenario_page_path


def generated_pages(project: Project) -> dict[str, str]:
    """Catalogue, scenario pages, their maps, and the supervision pages."""
    pages = {CATALOGUE_PAGE: render_catalogue(project)}
    for slug in project.scenarios:
        pages[scenario_page_path(slug)] = render_scenario_page(project, slug=slug)
    pages.update(map_pages(project))
    pages.update(supervision_pages(project))
    return pages
