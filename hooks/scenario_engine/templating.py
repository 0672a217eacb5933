"""What every page renderer shares: the Jinja environment, page paths and relative links."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .model import LEVELS, Choice, DebriefPart, Scenario

CATALOGUE_PAGE = "scenarios/index.md"


def scenario_page_path(slug: str) -> str:
    return f"scenarios/{slug}.md"


def describe_condition(item: Choice | DebriefPart) -> str:
    """When a conditional choice is offered, or a debrief part shown, for readers of the whole case."""
    conditions = []
    if item.requires:
        conditions.append("only after " + ", ".join(sorted(item.requires)))
    if item.excludes:
        conditions.append("not after " + ", ".join(sorted(item.excludes)))
    return ("Offered " if isinstance(item, Choice) else "Shown ") + " and ".join(conditions) + "."


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath`` for two paths relative to the same root, without asking the operating
    system for the working directory twice per call (a build makes tens of thousands of links)."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    at = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def relative_link(*, from_page: str, to_page: str) -> str:
    """A link from one docs-relative Markdown file to another (anchor kept)."""
    target, _, anchor = to_page.partition("#")
    link = relative_path(target, posixpath.dirname(from_page))
    return f"{link}#{anchor}" if anchor else link


def by_level_then_title(scenarios: Iterable[Scenario]) -> list[Scenario]:
    """The order the catalogue, the builder and the assignment view list scenarios in."""
    return sorted(scenarios, key=lambda s: (LEVELS.index(s.level), s.title.lower()))


def lead(rendered: Markup, label: str, punctuation: str = "") -> Markup:
    """Rendered text led by a bold label: ``<p><strong>Debrief.</strong> It went…</p>``.

    Joined as strings, the label escaped: Markup's own formatting took a sixth of a map's time.
    """
    strong = f"<strong>{escape(label)}</strong>{escape(punctuation)}"
    if rendered.startswith("<p>"):
        return Markup(f"<p>{strong} {rendered[3:]}")
    return Markup(f"<p>{strong}</p>\n{escape(rendered)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteUrls:
    """Where MkDocs puts each page, for HTML written after Markdown (which MkDocs cannot rewrite).

    Mirrors MkDocs' rule: ``ethics/referral.md`` is served at ``ethics/referral/`` with
    ``use_directory_urls`` (the default) and at ``ethics/referral.html`` without it.
    """

    directory_urls: bool = True

    def page_url(self, page: str) -> str:
        """The site-relative address of a docs-relative Markdown file (``""`` for the home page)."""
        stem = page.removesuffix(".md")
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    def page_file(self, page: str) -> str:
        """The site-relative file a docs-relative Markdown file is written to."""
        url = self.page_url(page)
        return url + "index.html" if not url or url.endswith("/") else url

    def link(self, *, from_page: str, to_page: str) -> str:
        """A relative ``href`` from one built page to another (anchor kept)."""
        target, _, anchor = to_page.partition("#")
        url = self.page_url(target)
        folder = self.page_url(from_page).rpartition("/")[0] or "."  # where the browser resolves from
        href = relative_path(url, folder)
        if not url or url.endswith("/"):
            href += "/"
        return f"{href}#{anchor}" if anchor else href


class SourceLinks(SiteUrls):
    """Links in finished HTML written as an author writes Markdown links: from the source file to
    the ``.md`` file. For generators that read every relative link in a page, raw HTML included,
    from the page's source file and map ``.md`` files to their addresses (Zensical)."""

    def link(self, *, from_page: str, to_page: str) -> str:
        return relative_link(from_page=from_page, to_page=to_page)


@dataclass(frozen=True, slots=True)
class Reading:
    """A reference page as a link: its title and the relative path to it."""

    title: str
    link: str


# YAML reads a JSON string, except the \ud83d\ude00 that json.dumps writes for an emoji (two
# surrogates): MkDocs then drops the whole front matter, title and tags with it.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _json_for_front_matter(value: object, **options: object) -> str:
    """JSON that is also YAML: characters outside the basic plane kept as they are, not escaped."""
    text = json.dumps(value, ensure_ascii=False, **options)  # type: ignore[arg-type]
    return _NOT_YAML_PRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@cache
def environment() -> Environment:
    """One Jinja environment for every generated page, compiled templates cached."""
    jinja = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        # HTML templates escape everything not marked safe (pre-rendered text is Markup). Markdown
        # templates cannot: Markdown is not HTML, so they escape attribute values with |e.
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    jinja.policies["json.dumps_function"] = _json_for_front_matter
    jinja.filters["lead"] = lead
    return jinja
