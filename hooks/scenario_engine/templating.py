"""What every page renderer shares: the Jinja environment, page paths and relative links."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .model import LEVELS, Scenario

CATALOGUE_PAGE = "scenarios/index.md"


def scenario_page_path(slug: str) -> str:
    return f"scenarios/{slug}.md"


def humanize(node_id: str) -> str:
    """``held-line`` -> ``Held line``: node ids double as readable headings."""
    words = node_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def relative_link(*, from_page: str, to_page: str) -> str:
    """A link from one docs-relative Markdown file to another (anchor kept)."""
    target, _, anchor = to_page.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link


def by_level_then_title(scenarios: Iterable[Scenario]) -> list[Scenario]:
    """The order the catalogue, the builder and the assignment view list scenarios in."""
    return sorted(scenarios, key=lambda s: (LEVELS.index(s.level), s.title.lower()))


@dataclass(frozen=True, slots=True)
class Reading:
    """A reference page as a link: its title and the relative path to it."""

    title: str
    link: str


@cache
def environment() -> Environment:
    """One Jinja environment for every generated page, compiled templates cached."""
    jinja = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,  # Markdown output; attribute values are escaped with |e explicitly
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    jinja.filters["humanize"] = humanize
    return jinja
