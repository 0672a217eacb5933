"""The allowlist every HTML fragment rendered from author text passes through (nh3, i.e. ammonia).

The allowlist is what Python-Markdown makes of the extensions author text may use (see
``text_html.TEXT_EXTENSIONS``): paragraphs, emphasis, links, lists, quotes, code, definition
lists, tables, abbreviations and admonitions. Sanitising is the guarantee; ``what_changed`` lets
the checks tell an author when it had to remove something, so that nothing is dropped silently.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "a", "abbr", "code", "pre", "blockquote",
        "ul", "ol", "li", "dl", "dt", "dd", "div",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
        "sup", "sub", "ins", "del", "mark",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
# Material's admonition types and their aliases; anything else would be an author's own class.
ADMONITIONS = frozenset(
    {
        "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
        "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
        "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
    }
)  # fmt: skip
CLASSES = {"div": {"admonition", *ADMONITIONS}, "p": {"admonition-title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # and relative addresses


# Markdown with the text extensions makes only allowlisted HTML unless the text holds one of
# these: '<' (raw HTML, autolinks), '[' or ']' (links, images, reference definitions), '!'
# (images, admonitions with a class of their own) or '&' (entities hiding a scheme).
_MAY_CHANGE = re.compile(r"[<\[\]!&]")


def may_change(markdown_text: str) -> bool:
    """False when the sanitiser cannot change what ``markdown_text`` renders to (see above)."""
    return _MAY_CHANGE.search(markdown_text) is not None


def sanitise(html: str) -> str:
    """``html`` with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )


def what_changed(original: str, cleaned: str) -> str | None:
    """What sanitising removed from ``original`` (the first difference), or None when nothing was.

    The two are compared as parsed tags, attributes and text, so that harmless differences in how
    the same HTML is written (entities, quotes, ``<br />``) do not count.
    """
    if original == cleaned:
        return None
    before, after = _tokens(original), _tokens(cleaned)
    if before == after:
        return None
    for index, token in enumerate(before):
        if index >= len(after) or after[index] != token:
            return _describe(token, after[index] if index < len(after) else None)
    return "the HTML it produces is not allowed"


Token = tuple


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((name, _normal(name, value)) for name, value in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            data = self.tokens.pop()[1] + data
        self.tokens.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(("comment", data))

    handle_decl = handle_pi = unknown_decl


def _normal(name: str, value: str | None) -> str:
    value = value or ""
    return "".join(value.split()).rstrip(";") if name == "style" else value


def _tokens(html: str) -> list[Token]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return [token for token in parser.tokens if token != ("text", "")]


def _describe(token: Token, replacement: Token | None) -> str:
    if token[0] == "start":
        tag, attributes = token[1], dict(token[2])
        if tag not in TAGS:
            return f"<{tag}> is not allowed"
        kept = dict(replacement[2]) if replacement and replacement[0] == "start" and replacement[1] == tag else {}
        for name, value in attributes.items():
            if kept.get(name) != value:
                if name in ("href", "src"):
                    return f"the link target '{value[:60]}' is not allowed: use http(s), mailto, #anchor or a relative page"
                if name == "class":
                    return f"the class '{value}' on <{tag}> is not allowed (admonitions take one of Material's types)"
                return f"the attribute '{name}' on <{tag}> is not allowed"
        return f"<{tag}> is not allowed here"
    if token[0] == "end":
        return f"</{token[1]}> does not match what is allowed"
    if token[0] == "comment":
        return "HTML comments and declarations are not allowed"
    return f"the text '{token[1][:40].strip()}' was removed (it was inside something that is not allowed)"
