"""The MkDocs adapter: finished HTML goes in exactly where its placeholder is, or the build stops."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import scenarios as hook  # hooks/scenarios.py, on the test path

PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="scenarios/case.md"))


def test_fragments_replace_their_placeholders():
    html = "<h2>The case</h2>\n<!--scenario-engine:case-->\n"
    assert hook._fill(html, {"<!--scenario-engine:case-->": "<article>…</article>"}, page=PAGE) == "<h2>The case</h2>\n<article>…</article>\n"
    assert hook._fill(html, {}, page=PAGE) is None, "pages without fragments are left alone"


@pytest.mark.parametrize("html", ["<p>a theme that dropped the page content</p>", "<!--m--><!--m-->"])
def test_a_lost_or_repeated_placeholder_stops_the_build(html):
    with pytest.raises(PluginError, match=r"scenarios/case.md: expected the marker <!--m--> once"):
        hook._fill(html, {"<!--m-->": "<article></article>"}, page=PAGE)


def test_a_description_cannot_break_out_of_materials_meta_tag():
    """Material writes ``page.meta.description`` into the attribute unescaped (MkDocs' Jinja does not autoescape)."""
    from html.parser import HTMLParser

    from jinja2 import Environment

    from scenario_engine.text_html import TextRenderer

    hostile = '0;url=https://evil.example/" http-equiv="refresh'
    page = SimpleNamespace(meta={"description": f"*Be Perfect*\n{hostile}"})
    without = SimpleNamespace(meta={})
    files = SimpleNamespace(documentation_pages=lambda: [SimpleNamespace(page=page), SimpleNamespace(page=without), SimpleNamespace(page=None)])
    hook._renderer = TextRenderer()
    try:
        hook.on_env(None, config=None, files=files)
    finally:
        hook._renderer = None
    rendered = Environment().from_string('<meta name="description" content="{{ page.meta.description }}">').render(page=page)
    tags = []
    parser = HTMLParser()
    parser.handle_startendtag = parser.handle_starttag = lambda tag, attrs: tags.append(attrs)
    parser.feed(rendered)
    assert tags == [[("name", "description"), ("content", f"Be Perfect {hostile}")]]
    assert without.meta == {}, "a page without a description gets none"
