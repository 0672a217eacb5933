"""Scenario Markdown as plain text, for places that show it with ``textContent`` (review page)."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import markdown

_BLOCKS = {"p", "li", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "li":
            self.parts.append("• ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "li" else "\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@cache
def _converter() -> markdown.Markdown:
    """One converter for every text: building one costs more than converting a short text."""
    return markdown.Markdown()


def plain_text(source: str) -> str:
    """``**Maya** says:\\n\\n- one`` -> ``Maya says:\\n\\n• one``; paragraphs kept, markup dropped."""
    parser = _Text()
    parser.feed(_converter().reset().convert(source))
    parser.close()
    text = re.sub(r"[ \t]+\n", "\n", "".join(parser.parts))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
