"""Faults in the text of a file: markup patterns, plain-text fields, and what the sanitiser removes.

Each file kind says which of its fields are Markdown, one-line inline Markdown or plain text
(``Fields``); every Markdown field is rendered as the build renders it and sanitised, and a field
whose HTML the sanitiser had to change is a fault at its line, so authors learn what was removed.
"""

from __future__ import annotations

from typing import Callable, Literal

from .faults import Fault
from .located_yaml import LocatedDocument, Path, describe_path
from .sanitiser import may_change
from .text_html import TextRenderer, inline_source
from .text_safety import label_problems, may_be_unsafe, plain_text_problems, unsafe_text_problems, walk_strings

Kind = Literal["markdown", "inline", "plain"]
Fields = Callable[[Path], "Kind | None"]


def scenario_field(path: Path) -> Kind | None:
    """What the string at ``path`` of a scenario file is (None: a key, id, flag or link)."""
    match path:
        case ("summary",) | ("nodes", _, "text" | "debrief") | ("nodes", _, "choices", int(), "feedback"):
            return "markdown"
        case ("nodes", _, "debrief", int()) | ("nodes", _, "debrief", int(), "text"):
            return "markdown"
        case ("objectives", int()) | ("nodes", _, "choices", int(), "label"):
            return "inline"
        case ("title",) | ("tags", int()) | ("nodes", _, "title"):
            return "plain"
    return None


def registry_field(path: Path) -> Kind | None:
    """What the string at ``path`` of scenarios/competencies.yml is."""
    match path:
        case (_, "description"):
            return "markdown"
        case (_, "name"):
            return "plain"
    return None


def assignment_field(path: Path) -> Kind | None:
    match path:
        case ("instructions",):
            return "markdown"
        case ("title",) | ("cohort",):
            return "plain"
    return None


def text_faults(*, file: str, document: LocatedDocument, fields: Fields, renderer: TextRenderer, page_links: bool = False) -> list[Fault]:
    """Every text fault in ``document``; Markdown is rendered only when nothing else is wrong with it.

    Only texts the sanitiser could change are rendered here (``may_change``); the renderer keeps
    the results for the build, which renders the rest (sanitised too) in parallel with the pages.
    ``page_links``: whether relative links to the site's pages may appear (see ``unsafe_text_problems``).
    """

    def fault(path: Path, message: str) -> Fault:
        return Fault(file, document.line_of(path), describe_path(path) or "top level", message)

    faults: list[Fault] = []
    strings = list(walk_strings(document.data))
    if may_be_unsafe(document.texts):  # most files: one scan, no pattern per text
        faults += [fault(path, problem) for path, text in strings for problem in unsafe_text_problems(text, page_links=page_links)]
    rendered: list[tuple[Path, str]] = []
    for path, text in strings:
        kind = fields(path)
        if kind == "plain":
            faults += [fault(path, problem) for problem in plain_text_problems(text)]
        elif kind == "inline" and path[-1] == "label":
            faults += [fault(path, problem) for problem in label_problems(text)]
        if kind in ("markdown", "inline") and may_change(text):
            rendered.append((path, inline_source(text) if kind == "inline" else text))
    if faults:
        return faults
    changes = renderer.check([source for _, source in rendered])
    return [fault(path, f"the sanitiser had to change the HTML made from this text: {change}") for (path, _), change in zip(rendered, changes) if change]

