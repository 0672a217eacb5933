"""The site as a folder that builds with no hook: for Zensical, which reads ``mkdocs.yml`` but
does not run ``hooks:`` (and for MkDocs without the hook).

``export DIR`` writes ``DIR/mkdocs.yml`` (the project's own text, less ``hooks:`` and ``watch:``),
the docs folder with every reference page and its "Practise this" list, every generated page
with its finished HTML in place (a case and a map marked ``data-search-exclude``), the assets and
the review data scripts, and the folders the configuration names (theme overrides, snippets).
The pages are the ones the hook adds, made by the same functions with the same settings; links in
their finished HTML point at ``.md`` files, which Zensical resolves (see ``SourceLinks``).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .loader import Project
from .minify import minify_copies
from .pages import generated_pages
from .render import PractiseLists
from .templating import SourceLinks
from .text_html import TextRenderer

# Top-level keys a hook-less copy leaves out: the hook itself, and folders it does not have.
DROPPED_KEYS = ("hooks", "watch")


class ExportError(Exception):
    """The export cannot be written (a folder in the way, no configuration)."""


@dataclass(frozen=True, slots=True)
class Exported:
    generated: int
    reference: int


def export_site(project: Project, *, root: Path, directory: Path, renderer: TextRenderer) -> Exported:
    """Write the hook-less copy of the site at ``root`` into ``directory`` (new or empty).

    ``renderer`` renders texts as the site does (the one the project was loaded and checked with).
    """
    if directory.is_dir() and any(directory.iterdir()):
        raise ExportError(f"{directory}: not empty; export writes a whole site, into a new or empty folder")
    directory.mkdir(parents=True, exist_ok=True)
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise ExportError(f"{config_file}: no MkDocs configuration to export")
    text = config_file.read_text(encoding="utf-8")
    config = read_config(text)
    docs_dir = config.get("docs_dir", "docs")
    for folder in [docs_dir, *_named_folders(config)]:
        if (root / folder).is_dir():
            shutil.copytree(root / folder, directory / folder, ignore=shutil.ignore_patterns("__pycache__"))
    docs = directory / docs_dir
    minify_copies(sources=root / docs_dir / "assets", copies=docs / "assets")  # as the MkDocs build publishes them
    reference = {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")}
    pages = generated_pages(project, renderer=renderer, urls=SourceLinks())
    for relative, page in pages.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.standalone(), encoding="utf-8")
    practise = PractiseLists(project, urls=SourceLinks())
    for path in docs.rglob("*.md"):
        section = practise.for_page(path.relative_to(docs).as_posix())
        if section:
            path.write_text(path.read_text(encoding="utf-8") + section.standalone(), encoding="utf-8")
    (directory / "mkdocs.yml").write_text(without_keys(text, DROPPED_KEYS), encoding="utf-8")
    return Exported(generated=len(pages), reference=len(reference - set(pages)))


def without_keys(text: str, keys: tuple[str, ...]) -> str:
    """YAML ``text`` less the named top-level keys and their blocks; the rest (comments, ``!ENV``
    tags, order) is kept as written."""
    kept: list[str] = []
    dropping = False
    for line in text.splitlines(keepends=True):
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            dropping = re.match(rf"(?:{'|'.join(map(re.escape, keys))})\s*:", line) is not None
        if not dropping:
            kept.append(line)
    return "".join(kept)


def read_config(text: str) -> dict[str, Any]:
    """The configuration's values; ``!ENV`` tags read as MkDocs reads them."""
    from yaml_env_tag import construct_env_tag  # installed with MkDocs

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", construct_env_tag)
    return yaml.load(text, Loader=Loader) or {}


def _named_folders(config: dict[str, Any]) -> list[str]:
    """Project folders the configuration refers to besides the docs: theme overrides, snippets."""
    folders = []
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        folders.append(theme["custom_dir"])
    for entry in config.get("markdown_extensions") or []:
        options = entry.get("pymdownx.snippets") if isinstance(entry, dict) else None
        if isinstance(options, dict):
            base_path = options.get("base_path", [])
            folders += [base_path] if isinstance(base_path, str) else base_path
    return [folder for folder in folders if folder not in (".", "")]
