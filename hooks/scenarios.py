"""MkDocs hook: adapts the scenario engine to MkDocs events. Keep it thin.

Listed under ``hooks:`` in mkdocs.yml. The engine (``scenario_engine``) knows nothing of MkDocs;
this file loads it on each build, adds the generated pages, and turns faults into build errors.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scenario_engine import Project, ScenarioFaults, load_project
from scenario_engine.pages import generated_pages
from scenario_engine.render import PractiseLists

# MkDocs caches hook modules across `mkdocs serve` rebuilds; on_config replaces these each build.
_project: Project | None = None
_practise: PractiseLists | None = None


def on_config(config: MkDocsConfig) -> None:
    global _project, _practise
    _project = _practise = None
    root = Path(config.config_file_path).parent
    try:
        _project = load_project(scenarios_dir=root / "scenarios", docs_dir=Path(config.docs_dir), root=root)
    except ScenarioFaults as faults:
        raise PluginError(faults.report()) from None
    _practise = PractiseLists(_project)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert _project is not None, "on_config loads the project first"
    for src_uri, content in generated_pages(_project).items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    assert _practise is not None, "on_config loads the project first"
    practise = _practise.for_page(page.file.src_uri)
    return markdown + practise if practise else None
