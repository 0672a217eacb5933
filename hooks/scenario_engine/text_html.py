"""Scenario Markdown rendered to HTML once per build, for every page that shows it.

A scenario's words appear on its page (the case), on its supervisor's map (the outline) and in
its review data (as plain text). Converting them once, many texts per Markdown conversion with
one reused converter, keeps the scenario site's build close to what the same words cost as plain
pages; converting them inside each page's Markdown did it three times, through nested
``md_in_html`` blocks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import markdown
import yaml
from markupsafe import Markup

from .model import Scenario
from .sanitiser import sanitise, what_changed

if TYPE_CHECKING:
    from .loader import Project

# The extensions a scenario text may use, when the site enables them, with the site's settings
# (abbr's among them carry the glossary). Left out are those that shape a whole page (toc,
# footnotes, tabbed, details), carry markup (attr_list, md_in_html), or would read the file
# system from a text (snippets).
TEXT_EXTENSIONS = frozenset({"abbr", "admonition", "def_list", "tables", "sane_lists", "smarty", "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde"})
DEFAULT_EXTENSIONS = ("abbr", "tables")

# A paragraph of its own between texts, then split on. Not an HTML comment: any raw HTML makes
# Markdown run an HTML parser over the whole batch, which costs a third of the conversion.
_SEPARATOR = "scenario-engine-next-text"
_SPLIT = f"<p>{_SEPARATOR}</p>"
# A label is one line of inline Markdown: escape what would start a block (list, heading, quote, rule).
_BLOCK_START = re.compile(r"^(?:[-+*>]\s|#{1,6}(?:\s|$)|[-*_=](?:\s*[-*_=]){2,}\s*$)")
_NUMBERED = re.compile(r"^(\d+)([.)]\s)")
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


# Texts per conversion. Markdown's cost grows faster than its input: a 1,000-node scenario's
# 6,450 texts took 5.8 s in one conversion and 1.8 s in batches of 100.
BATCH = 100


class TextRenderer:
    """Converts many Markdown texts with one reused converter and one conversion per batch.

    Every result is sanitised (``sanitiser``). ``check`` says what sanitising removed from each
    text, and remembers the results, so the build does not convert checked texts again.
    """

    def __init__(self, *, extensions: Sequence[Any] = DEFAULT_EXTENSIONS, extension_configs: Mapping[str, Any] | None = None) -> None:
        self._converter = markdown.Markdown(extensions=list(extensions), extension_configs=dict(extension_configs or {}))
        self._done: dict[str, Markup] = {}  # source -> sanitised HTML, from ``check``

    def render(self, texts: Sequence[str]) -> list[Markup]:
        """Each text as sanitised HTML, in order."""
        missing = list(dict.fromkeys(text for text in texts if text not in self._done))
        fresh = dict(zip(missing, (Markup(sanitise(html)) for html in self._convert(missing))))
        return [self._done[text] if text in self._done else fresh[text] for text in texts]

    def check(self, texts: Sequence[str]) -> list[str | None]:
        """For each text, what sanitising its HTML removed (None: nothing)."""
        changes = []
        for text, html in zip(texts, self._convert(texts)):
            clean = sanitise(html)
            self._done[text] = Markup(clean)
            changes.append(what_changed(html, clean))
        return changes

    def forget(self) -> None:
        """Drop the remembered results (a build's peak memory)."""
        self._done.clear()

    def _convert(self, texts: Sequence[str]) -> list[str]:
        """Each text as HTML (not yet sanitised), converted ``BATCH`` texts at a time."""
        parts: list[str] = []
        for start in range(0, len(texts), BATCH):
            parts += self._convert_batch(texts[start : start + BATCH])
        return parts

    def _convert_batch(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        if not any(_SEPARATOR in text for text in texts):
            source = f"\n\n{_SEPARATOR}\n\n".join(texts)
            parts = self._converter.reset().convert(source).split(_SPLIT)
            if len(parts) == len(texts):
                return [part.strip() for part in parts]
        # A text that holds the separator, or a construct that swallowed it: one text at a time.
        return [self._converter.reset().convert(text).strip() for text in texts]


def inline_source(label: str) -> str:
    """A one-line label as Markdown that renders as a single paragraph of inline content."""
    label = label.strip()
    if _BLOCK_START.match(label):
        return "\\" + label
    return _NUMBERED.sub(r"\1\\\2", label)  # "1. Ask" -> "1\. Ask"


def unwrap_paragraph(rendered: Markup) -> Markup:
    """``<p>Ask <em>why</em></p>`` -> ``Ask <em>why</em>``."""
    match = _PARAGRAPH.match(rendered)
    return Markup(match.group(1)) if match and "<p>" not in match.group(1) else rendered


@dataclass(frozen=True, slots=True)
class ScenarioHtml:
    """One scenario's texts as HTML: node texts and debrief parts by node id, choices by (node id, index)."""

    summary: Markup
    objectives: tuple[Markup, ...]  # inline, one per list item
    text: dict[str, Markup]
    debrief: dict[str, tuple[Markup, ...]]  # an ending's parts in order; absent when it has none
    label: dict[tuple[str, int], Markup]
    feedback: dict[tuple[str, int], Markup]


def render_scenario_html(scenario: Scenario, *, renderer: TextRenderer) -> ScenarioHtml:
    """Every text of ``scenario``, converted together (see ``TextRenderer``)."""
    keys: list[tuple[str, Any]] = []
    sources: list[str] = []

    def add(kind: str, key: Any, source: str) -> None:
        keys.append((kind, key))
        sources.append(source)

    add("summary", None, scenario.summary)
    for index, objective in enumerate(scenario.objectives):
        add("objective", index, inline_source(objective))
    for node in scenario.nodes.values():
        add("text", node.id, node.text)
        for index, part in enumerate(node.debrief):
            add("debrief", (node.id, index), part.text)
        for choice in node.choices:
            add("label", (node.id, choice.index), inline_source(choice.label))
            if choice.feedback:
                add("feedback", (node.id, choice.index), choice.feedback)
    rendered: dict[str, dict[Any, Markup]] = {"summary": {}, "objective": {}, "text": {}, "debrief": {}, "label": {}, "feedback": {}}
    parts = renderer.render(sources)
    for (kind, key), part in zip(keys, parts):
        rendered[kind][key] = unwrap_paragraph(part) if kind in ("label", "objective") else part
    debrief: dict[str, tuple[Markup, ...]] = {}
    for (node_id, _), part in rendered.pop("debrief").items():  # parts come in order
        debrief[node_id] = (*debrief.get(node_id, ()), part)
    return ScenarioHtml(
        summary=rendered.pop("summary")[None],
        objectives=tuple(rendered.pop("objective").values()),
        debrief=debrief,
        **rendered,
    )


def render_competency_html(project: Project, *, renderer: TextRenderer) -> dict[str, Markup]:
    keys = list(project.competencies)
    return dict(zip(keys, renderer.render([project.competencies[key].description for key in keys])))


_LIST_ITEM = re.compile(r"<li\b[^>]*>")
_LINE_BREAK = re.compile(r"(?:<br\s*/?>|</li>|</tr>)\n?")
_BLOCK_END = re.compile(r"</(?:p|div|blockquote|h[1-6]|pre|dd|dt|table)>")
_TAG = re.compile(r"<[^>]*>")


def plain_text(rendered: str) -> str:
    """HTML from ``TextRenderer`` as plain text: ``<p><b>Maya</b></p><ul><li>one</li></ul>`` -> ``Maya\\n\\n• one``.

    Safe to do with patterns: the HTML comes from Markdown that holds no raw HTML, and Markdown
    escapes ``<`` and ``>`` inside attribute values, so every ``<`` starts a tag.
    """
    text = _LIST_ITEM.sub("• ", rendered)
    text = _LINE_BREAK.sub("\n", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def meta_descriptions(texts: Sequence[str], *, renderer: TextRenderer) -> list[Markup]:
    """Each Markdown text as one line of plain text, escaped for an HTML attribute (pages'
    descriptions). All in one call: a conversion per page would cost more than the
    descriptions themselves."""
    return [Markup.escape(" ".join(plain_text(rendered).split())) for rendered in renderer.render(texts)]


def site_text_renderer(*, extensions: Sequence[Any], extension_configs: Mapping[str, Any]) -> TextRenderer:
    """A renderer with the site's own settings for the extensions texts may use, so glossary
    terms (abbr's ``glossary``) in scenario text get their explanations as on every page."""
    names = [name for name in extensions if isinstance(name, str) and name in TEXT_EXTENSIONS]
    configs = {name: extension_configs[name] for name in names if name in extension_configs}
    return TextRenderer(extensions=names, extension_configs=configs)


def project_text_renderer(root: Path) -> TextRenderer:
    """A renderer with the extensions ``root/mkdocs.yml`` enables, for checks run without MkDocs."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        config = None
    listed = config.get("markdown_extensions") if isinstance(config, dict) else None
    if not isinstance(listed, list):
        return TextRenderer()
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in listed:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            [(name, options)] = entry.items()
            names.append(name)
            configs[name] = options or {}
    return site_text_renderer(extensions=names, extension_configs=configs)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!!python/name`` and ``!ENV`` tags only MkDocs can resolve."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
