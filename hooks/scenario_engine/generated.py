"""A generated page: Markdown for MkDocs, plus finished HTML that goes in after rendering."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Mapping


def placeholder(name: str) -> str:
    """Where a finished HTML fragment goes: an HTML comment Markdown passes through untouched."""
    return f"<!--scenario-engine:{name}-->"


@dataclass(frozen=True, slots=True)
class PackedHtml:
    """Finished HTML kept compressed until it goes into its page.

    A build renders every case and map before MkDocs builds the first page, and holds a map
    until the build's end: at 1,000 scenarios that is about 100 MB of text, which compresses
    about sevenfold (zlib's fastest level costs about a millisecond per scenario).
    """

    data: bytes

    @classmethod
    def pack(cls, html: str) -> PackedHtml:
        return cls(zlib.compress(html.encode("utf-8"), 1))

    def __str__(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page's source for MkDocs, and finished HTML to put in where its placeholders are.

    Section bodies are finished HTML rather than Markdown: their texts were rendered once for
    every page that shows them (``text_html``), and MkDocs would only parse them again. The
    headings stay Markdown, for the table of contents and permalinks.
    """

    content: str
    searchable: dict[str, str] = field(default_factory=dict)  # placeholder -> HTML the site search indexes
    unsearched: dict[str, PackedHtml] = field(default_factory=dict)  # placeholder -> HTML put in after it (a case, a map)

    @property
    def fragments(self) -> dict[str, str]:
        return {**self.searchable, **{marker: str(packed) for marker, packed in self.unsearched.items()}}

    def standalone(self) -> str:
        """The source with every fragment in place, for generators without the hook.

        What the hook puts in after the search index is read (a case, a map) is marked
        ``data-search-exclude`` instead, which Material's and Zensical's search both honour.
        """
        text = self.content
        for marker, fragment in self.searchable.items():
            text = text.replace(marker, fragment)
        for marker, packed in self.unsearched.items():
            text = text.replace(marker, f"<div data-search-exclude>\n{packed}\n</div>")
        return text


def fill_placeholders(html: str, fragments: Mapping[str, str | PackedHtml], *, where: str) -> str:
    """``html`` with each placeholder replaced by its fragment; ``ValueError`` names ``where``
    if a placeholder is not there exactly once (an extension or theme that dropped or copied it
    would lose a section or show it twice)."""
    for marker, fragment in fragments.items():
        found = html.count(marker)
        if found != 1:
            raise ValueError(f"{where}: expected the marker {marker} once in the page, found it {found} times")
        html = html.replace(marker, str(fragment))
    return html
