"""Author text must never become markup or script: patterns that tell authors why.

The guarantee is the sanitiser every rendered text passes through (``sanitiser``); these
patterns catch what authors commonly try (raw HTML, script links, attribute lists, snippet
includes, abbreviation definitions) and say so in words an author can act on. Plain-text fields
(titles, names, tags) go into page Markdown and HTML attributes, so they may hold no Markdown or
HTML at all.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .located_yaml import Path

_RAW_HTML = re.compile(r"<\s*[A-Za-z/!?]")
_SCRIPT_SCHEME = re.compile(r"(?i)\b(?:java|vb)script\s*:|\bdata\s*:\s*[a-z]+/[a-z0-9.+-]+")
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}\n]*?(?:(?:^|[\s{:])[#.][\w-]|=)[^{}\n]*\}")
_ABBREVIATION = re.compile(r"^\s*\*\[[^\]]*\]:", re.MULTILINE)
_SNIPPET = re.compile(r"-{1,3}8<-{1,3}")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_SAFE_TARGET = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)
_PAGE_PATH = re.compile(r"^[^:&%]*$")
_LINK_IN_LABEL = re.compile(r"\]\(|\]\[|\]:")
# Every pattern above needs one of these: '<' (HTML, snippets), '{', ']' (links, abbreviations), or 'script:'/'data:'.
_SUSPECT = re.compile(r"[<{\]]|(?i:script|data)\s*:")


def may_be_unsafe(texts: list[str]) -> bool:
    """False when none of ``texts`` could be unsafe: a few scans over all of them together."""
    joined = "\x00".join(texts)
    if "<" in joined or "{" in joined or "]" in joined:
        return True
    lowered = joined.lower()
    return ("script" in lowered or "data" in lowered) and _SUSPECT.search(joined) is not None


def unsafe_text_problems(text: str, *, page_links: bool) -> Iterator[str]:
    """Why ``text`` could inject markup or script, if it could; nothing when it is safe.

    ``page_links``: whether relative links to the site's pages may appear. They may in text that
    becomes a page's Markdown (assignments; MkDocs checks and rewrites them), not in scenario text:
    it is rendered once and shown on pages at different depths (the scenario, its map), after
    MkDocs has rewritten links. A scenario's reading links go in ``see`` and ``see_also``.
    """
    if not _SUSPECT.search(text):  # one scan clears most texts
        return
    match = _RAW_HTML.search(text)
    if match:
        snippet = text[match.start() : match.start() + 12].split("\n")[0]
        yield f"raw HTML is not allowed (found '{snippet}'); write Markdown instead"
    if _SCRIPT_SCHEME.search(text):
        yield "script links (javascript:, vbscript:, data:) are not allowed"
    if _ATTRIBUTE_LIST.search(text):
        yield "attribute lists like '{: .class }' or '{ key=value }' are not allowed in scenario text"
    if _ABBREVIATION.search(text):
        yield "abbreviation definitions (*[term]: ...) are not allowed in scenario text: add the term to the glossary in mkdocs.yml (abbr)"
    if _SNIPPET.search(text):
        yield "snippet includes (--8<--) are not allowed in scenario text"
    for match in _LINK_TARGET.finditer(text):
        target = match.group(1) or match.group(2) or ""
        if not target or _SAFE_TARGET.match(target):
            continue
        if page_links and _PAGE_PATH.match(target):
            continue
        if page_links:
            yield f"link target '{target}' is not allowed: use a relative page path, #anchor, http(s) or mailto"
        else:
            yield f"link target '{target}' is not allowed: in text, link to http(s), mailto or an #anchor; put links to the site's pages in 'see' or 'see_also'"


def label_problems(label: str) -> Iterator[str]:
    """Choice labels become button names: one line, no links."""
    if "\n" in label.strip():
        yield "a choice label must be one line"
    if _LINK_IN_LABEL.search(label):
        yield "a choice label cannot contain a link (put reading in 'see')"


_MARKUP_CHARACTER = re.compile(r"[<\[\]{}*_`\\|~^]|&#?\w+;")
_INVISIBLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def plain_text_problems(text: str) -> Iterator[str]:
    """Plain text (a title, a name, a tag) is one line with no Markdown, HTML or hidden characters."""
    if "\n" in text.strip():
        yield "must be one line of plain text"
    invisible = _INVISIBLE.search(text.strip())
    if invisible:
        yield f"contains an invisible or control character (U+{ord(invisible.group()):04X}); remove it"
    markup = _MARKUP_CHARACTER.search(text)
    if markup:
        yield f"is plain text: '{markup.group()}' would be read as Markdown or HTML; leave it out"


def walk_strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string value in ``data`` with its path (keys are checked by the schema)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_strings(value, (*path, index))
