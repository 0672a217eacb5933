"""MkDocs hook: adapts the scenario engine to MkDocs events. Keep it thin.

Listed under ``hooks:`` in mkdocs.yml. The engine (``scenario_engine``) knows nothing of MkDocs;
this file loads it on each build, adds the generated pages, and turns faults into build errors.
Supervisors' maps are not pages here: MkDocs renders one template map page, and each scenario's
map is published as a copy of it (``map_page``), which halves the themed pages a scenario costs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scenario_engine import Project, ScenarioFaults, load_project
from scenario_engine.generated import PackedHtml, fill_placeholders
from scenario_engine.map_page import MAP_TEMPLATE_PAGE, map_page_path, map_template_page, publish_map_copies, sitemap_without_template
from scenario_engine.minify import minify_copies
from scenario_engine.pages import generated_pages
from scenario_engine.render import PractiseLists
from scenario_engine.templating import SiteUrls
from scenario_engine.text_html import TextRenderer, meta_descriptions, site_text_renderer

# MkDocs caches hook modules across `mkdocs serve` rebuilds; on_config replaces these each build.
_project: Project | None = None
_practise: PractiseLists | None = None
_renderer: TextRenderer | None = None
# generated page -> placeholder -> finished HTML, put in before and after the search plugin reads it
_searchable: dict[str, dict[str, str]] = {}
_unsearched: dict[str, dict[str, PackedHtml]] = {}
# map page -> (title, sections): each is published as a copy of the rendered template page
_maps: dict[str, tuple[str, dict[str, PackedHtml]]] = {}
_map_template: str | None = None  # the rendered template page


def on_config(config: MkDocsConfig) -> None:
    global _project, _practise, _renderer
    _project = _practise = None
    root = Path(config.config_file_path).parent
    # One renderer with the site's settings: it checks every text at load and renders it for the pages.
    _renderer = site_text_renderer(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    try:
        _project = load_project(scenarios_dir=root / "scenarios", docs_dir=Path(config.docs_dir), root=root, renderer=_renderer)
    except ScenarioFaults as faults:
        raise PluginError(faults.report()) from None
    _practise = PractiseLists(_project, urls=SiteUrls(directory_urls=config.use_directory_urls))


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _project, _map_template
    assert _project is not None and _renderer is not None, "on_config loads the project first"
    pages = generated_pages(_project, renderer=_renderer, urls=SiteUrls(directory_urls=config.use_directory_urls))
    titles = {map_page_path(slug): scenario.title for slug, scenario in _project.scenarios.items()}
    _project = None  # everything is rendered: let the scenarios' data go (a build's peak memory)
    _renderer.forget()
    _searchable.clear()
    _unsearched.clear()
    _maps.clear()
    _map_template = None
    for src_uri, title in titles.items():
        _maps[src_uri] = (title, pages.pop(src_uri).unsearched)
    if _maps:
        pages[MAP_TEMPLATE_PAGE] = map_template_page()
    for src_uri, page in pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=page.content))
        _searchable[src_uri] = page.searchable
        _unsearched[src_uri] = page.unsearched
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    assert _practise is not None, "on_config loads the project first"
    practise = _practise.for_page(page.file.src_uri)
    if practise is None:
        return None
    _searchable[page.file.src_uri] = practise.searchable  # a reference page: nothing else fills it
    return markdown + practise.content


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Section bodies of generated pages, before the search plugin reads the page."""
    return _fill(html, _searchable.pop(page.file.src_uri, None), page=page)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every page's description as one line of plain, escaped text.

    Material writes ``page.meta.description`` into ``<meta name="description" content="...">``
    without escaping it; Markdown and line breaks would show in search results, and a quote
    would end the attribute. MkDocs has read every page's front matter by now and renders none
    before this, so all descriptions are converted together.
    """
    assert _renderer is not None, "on_config makes the renderer first"
    pages = [file.page for file in files.documentation_pages() if file.page is not None and file.page.meta.get("description") is not None]
    plain = meta_descriptions([str(page.meta["description"]) for page in pages], renderer=_renderer)
    for page, description in zip(pages, plain, strict=True):
        page.meta["description"] = description
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str | None:
    """A scenario's case, after the search plugin has read the page.

    No search result gives a case away, and the large HTML is not held for the whole build.
    """
    global _map_template
    if page.file.src_uri == MAP_TEMPLATE_PAGE:
        _map_template = output
    return _fill(output, _unsearched.pop(page.file.src_uri, None), page=page)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str | None:
    """The sitemap without the map template page, which is not published."""
    if template_name != "sitemap.xml" or not _maps:
        return None
    try:
        return sitemap_without_template(output, urls=SiteUrls(directory_urls=config.use_directory_urls))
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_post_build(*, config: MkDocsConfig) -> None:
    """Every scenario's map, from the rendered template page; the site's own scripts and
    stylesheets, minified where the build published them."""
    if _maps:
        assert _map_template is not None, "MkDocs renders the template page before the build ends"
        try:
            publish_map_copies(_map_template, maps=_maps, urls=SiteUrls(directory_urls=config.use_directory_urls), site=Path(config.site_dir))
        except ValueError as error:
            raise PluginError(str(error)) from None
        _maps.clear()
    minify_copies(sources=Path(config.docs_dir) / "assets", copies=Path(config.site_dir) / "assets")


def _fill(html: str, fragments: Mapping[str, str | PackedHtml] | None, *, page: Page) -> str | None:
    """``html`` with each placeholder replaced (fragments are taken once, then freed)."""
    if not fragments:
        return None
    try:
        return fill_placeholders(html, fragments, where=page.file.src_uri)
    except ValueError as error:
        raise PluginError(str(error)) from None
