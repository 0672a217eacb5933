"""Supervision assignments: ``scenarios/assignments/<slug>.yml``, checked like scenarios.

An assignment names scenarios by slug, so it is checked against the scenario files that exist
(even a scenario with faults of its own counts as existing: its faults are reported there).
"""

from __future__ import annotations

import datetime
import difflib
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterator

from markupsafe import Markup

from .docs_index import DocsIndex
from .faults import Fault
from .files import display, yaml_files
from .located_yaml import LocatedDocument
from .shape import shape_faults
from .templating import CATALOGUE_PAGE, scenario_page_path
from .text_checks import assignment_field, text_faults
from .text_html import TextRenderer

FOLDER = "assignments"
RESERVED = frozenset({"index", "view"})  # assignments/index.md and assignments/view.md are generated
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HREF = re.compile(r'href="([^"]*)"')  # as the sanitiser writes attributes
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


@dataclass(frozen=True, slots=True)
class Assignment:
    slug: str
    file: str
    title: str
    instructions: str
    scenarios: tuple[str, ...]
    feedback: str | None = None
    due: datetime.date | None = None
    cohort: str | None = None


def load_assignments(*, directory: Path, root: Path, known: Collection[str], docs: DocsIndex, renderer: TextRenderer, faults: list[Fault]) -> dict[str, Assignment]:
    """Every valid assignment in ``directory`` by slug; faults for the rest join ``faults``."""
    from .loader import read_document  # deferred: loader imports this module

    assignments: dict[str, Assignment] = {}
    if not directory.is_dir():
        return assignments
    for path in yaml_files(directory, root=root, kind="assignment", faults=faults):
        file = display(path, root)
        if not _SLUG.match(path.stem):
            faults.append(Fault(file, 1, "", f"file name '{path.stem}' is not a valid slug: use lowercase letters, digits and hyphens"))
            continue
        if path.stem in RESERVED:
            faults.append(Fault(file, 1, "", f"'{path.stem}' is reserved for a page of the site: rename the file"))
            continue
        document = read_document(path, file=file, faults=faults)
        if document is None:
            continue
        found = assignment_faults(document=document, file=file, known=known, docs=docs, renderer=renderer, page=page_path(path.stem))
        if found:
            faults.extend(found)
            continue
        assignments[path.stem] = _build(path.stem, file=file, data=document.data)
    return assignments


def page_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.md"


def assignment_faults(*, document: LocatedDocument, file: str, known: Collection[str], docs: DocsIndex, renderer: TextRenderer, page: str) -> list[Fault]:
    """Shape, text, links, scenario references and the due date of one assignment document."""
    found = shape_faults(document=document, schema_name="assignment", file=file)
    texts = text_faults(file=file, document=document, fields=assignment_field, renderer=renderer, page_links=True)
    found += texts
    data = document.data
    instructions = data.get("instructions")
    if not texts and isinstance(instructions, str):
        line = document.line_of(("instructions",))
        [rendered] = renderer.render([instructions])
        scenario_pages = {CATALOGUE_PAGE, *(scenario_page_path(slug) for slug in known)}  # made by the build
        for href, target in page_links(rendered, page=page):
            if target and target.partition("#")[0] in scenario_pages:
                continue
            problem = docs.problem_with(target) if target else "it leads outside docs/"
            if problem:
                found.append(Fault(file, line, "instructions", f"link '{href}': {problem}"))
    scenarios = data.get("scenarios")
    for index, slug in enumerate(scenarios if isinstance(scenarios, list) else []):
        if isinstance(slug, str) and slug not in known:
            hint = difflib.get_close_matches(slug, sorted(known), n=1)
            suffix = f"; did you mean '{hint[0]}'?" if hint else ""
            found.append(Fault(file, document.line_of(("scenarios", index)), f"scenarios[{index + 1}]", f"no scenario '{slug}'{suffix}"))
    due = data.get("due")
    if isinstance(due, str) and due:
        problem = date_problem(due)
        if problem:
            found.append(Fault(file, document.line_of(("due",)), "due", problem))
    return found


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a due date, or None when it is one."""
    if not _DATE.match(text):
        return f"'{text}' is not a date: write it as YYYY-MM-DD, like 2026-03-31"
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return f"'{text}' is not a real date"
    return None


def _build(slug: str, *, file: str, data: dict) -> Assignment:
    due = data.get("due")
    return Assignment(
        slug=slug,
        file=file,
        title=data["title"],
        instructions=data["instructions"],
        scenarios=tuple(data["scenarios"]),
        feedback=data.get("feedback"),
        due=datetime.date.fromisoformat(due) if due else None,
        cohort=data.get("cohort"),
    )


def page_links(rendered: str, *, page: str) -> Iterator[tuple[str, str | None]]:
    """Each relative link in ``rendered`` (HTML of a text on ``page``) and the docs page it names.

    The target is docs-relative with its anchor (``ethics/referral.md#red-flags``), or None
    when the link climbs out of docs/.
    """
    for match in _HREF.finditer(rendered):
        href = html.unescape(match.group(1))
        if not href or href.startswith("#") or _SCHEME.match(href):
            continue
        target, _, anchor = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if resolved.startswith("../") or resolved == ".." or target.startswith("/"):
            yield href, None
            continue
        yield href, f"{resolved}#{anchor}" if anchor else resolved


def with_page_links(rendered: Markup, *, page: str, link: Callable[[str], str]) -> Markup:
    """``rendered`` with each relative link replaced by ``link(docs target)``: the built page's address."""
    targets = dict(page_links(rendered, page=page))

    def replace(match: re.Match) -> str:
        target = targets.get(html.unescape(match.group(1)))
        return f'href="{html.escape(link(target))}"' if target else match.group(0)

    return Markup(_HREF.sub(replace, rendered))
