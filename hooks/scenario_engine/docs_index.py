"""What the reference pages offer to link to: each page's title and its anchors.

Scenario files name reading as ``ethics/referral.md#urgent-risk``. Checking those here lets the
build report a wrong page or anchor at the scenario's own file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify

from .faults import Fault
from .files import FileProblem, display, read_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTRIBUTES = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_EXPLICIT_ID = re.compile(r"\{:?[^}\n]*?#([\w-]+)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class DocsPage:
    path: str
    title: str
    anchors: frozenset[str]


@dataclass(frozen=True, slots=True)
class DocsIndex:
    pages: dict[str, DocsPage]

    def problem_with(self, link: str) -> str | None:
        """Why ``link`` (``page.md#anchor``) names nothing, or None when it is fine."""
        page_path, _, anchor = link.partition("#")
        page = self.pages.get(page_path)
        if page is None:
            return f"'{page_path}' is not a page in docs/"
        if anchor and anchor not in page.anchors:
            return f"'{page_path}' has no section '#{anchor}'"
        return None

    def title_of(self, link: str) -> str:
        page = self.pages.get(link.partition("#")[0])
        return page.title if page else link


def index_docs(docs_dir: Path, *, root: Path, faults: list[Fault]) -> DocsIndex:
    """Read every Markdown page under ``docs_dir`` once; a fault for each name that cannot be read
    as one (a pipe would block for ever, a link may lead nowhere, the bytes may not be UTF-8)."""
    pages = {}
    for file in sorted(docs_dir.rglob("*.md")):
        if file.is_dir():  # a folder named like a page: MkDocs looks inside it, and so does rglob
            continue
        try:
            text = read_text(file)
        except FileProblem as problem:
            faults.append(Fault(display(file, root), 1, "", f"'{file.name}' {problem}"))
            continue
        relative = file.relative_to(docs_dir).as_posix()
        pages[relative] = _read_page(relative, text)
    return DocsIndex(pages=pages)


def _read_page(path: str, text: str) -> DocsPage:
    anchors: set[str] = set()
    title = None
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        anchors.update(_EXPLICIT_ID.findall(line))
        heading = _HEADING.match(line)
        if not heading:
            continue
        words = _ATTRIBUTES.sub("", heading.group(2)).rstrip("#").strip()
        anchors.add(slugify(words, "-"))
        if title is None and len(heading.group(1)) == 1:
            title = words
    if title is None:
        front = _FRONT_MATTER_TITLE.search(text)
        title = front.group(1) if front else path.rsplit("/", 1)[-1].removesuffix(".md")
    return DocsPage(path=path, title=title, anchors=frozenset(anchors))
