"""A generated page: Markdown for MkDocs, plus finished HTML that goes in after rendering."""

from __future__ import annotations

from dataclasses import dataclass, field


def placeholder(name: str) -> str:
    """Where a finished HTML fragment goes: an HTML comment Markdown passes through untouched."""
    return f"<!--scenario-engine:{name}-->"


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page's source for MkDocs, and finished HTML to put in where its placeholders are.

    Section bodies are finished HTML rather than Markdown: their texts were rendered once for
    every page that shows them (``text_html``), and MkDocs would only parse them again. The
    headings stay Markdown, for the table of contents and permalinks.
    """

    content: str
    searchable: dict[str, str] = field(default_factory=dict)  # placeholder -> HTML the site search indexes
    unsearched: dict[str, str] = field(default_factory=dict)  # placeholder -> HTML put in after it (a case, a map)

    @property
    def fragments(self) -> dict[str, str]:
        return {**self.searchable, **self.unsearched}

    def standalone(self) -> str:
        """The source with every fragment in place, for generators without the hook.

        What the hook puts in after the search index is read (a case, a map) is marked
        ``data-search-exclude`` instead, which Material's and Zensical's search both honour.
        """
        text = self.content
        for marker, fragment in self.searchable.items():
            text = text.replace(marker, fragment)
        for marker, fragment in self.unsearched.items():
            text = text.replace(marker, f"<div data-search-exclude>\n{fragment}\n</div>")
        return text
