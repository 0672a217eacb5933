"""The allowlist sanitiser, and how a change it makes is described to authors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_engine.sanitiser import may_change, sanitise, what_changed
from scenario_engine.text_html import project_text_renderer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "html, change",
    [
        ('<h1 onfocus="alert(1)" autofocus>x</h1>', "the attribute 'autofocus' on <h1> is not allowed"),
        ('<p><a href="java&#115;cript:alert(1)">x</a></p>', "the link target 'javascript:alert(1)' is not allowed: use http(s), mailto, #anchor or a relative page"),
        ("<p>a<script>alert(1)</script></p>", "<script> is not allowed"),
        ('<div class="admonition md-header"><p>x</p></div>', "the class 'admonition md-header' on <div> is not allowed (admonitions take one of Material's types)"),
        ('<p><img src="https://evil.example/x.png" alt="x"></p>', "<img> is not allowed"),
        ("<p>a<!-- hidden --></p>", "HTML comments and declarations are not allowed"),
    ],
)
def test_what_sanitising_removed_is_named(html, change):
    assert what_changed(html, sanitise(html)) == change


@pytest.mark.parametrize(
    "html",
    [
        '<p>a<br />b &amp; &ldquo;c&rdquo; <a href="https://x.example/?a=1&amp;b=2" title="t">l</a> <a href="#top">t</a> <a href="mailto:a@b.example">m</a></p>',
        '<table>\n<thead>\n<tr>\n<th style="text-align: left;">a</th>\n</tr>\n</thead>\n</table>',
        '<div class="admonition warning">\n<p class="admonition-title">Careful</p>\n<ol start="3">\n<li><abbr title="Transactional analysis">TA</abbr></li>\n</ol>\n</div>',
        "<dl>\n<dt>t</dt>\n<dd><del>d</del> <ins>i</ins> <mark>m</mark> <sup>2</sup> <sub>x</sub></dd>\n</dl>\n<hr />\n<pre><code>x &lt; y\n</code></pre>",
    ],
)
def test_what_markdown_makes_of_the_allowed_extensions_passes_unchanged(html):
    assert what_changed(html, sanitise(html)) is None


_RENDERER = project_text_renderer(ROOT)
# Everything Markdown and the text extensions react to, except what ``may_change`` looks for.
_PIECES = [*"ab1 \n\t#*_-+=>:|`~^.()'\"/\\{}%;", "    ", "- ", "1. ", "> ", "| a |", "|:--|", "---", "==", "~~", "^^", "\n\n", "http://x.example"]
_MARKDOWN_WITHOUT_TRIGGERS = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, database=None)
@given(_MARKDOWN_WITHOUT_TRIGGERS)
def test_text_the_quick_check_skips_renders_to_html_the_sanitiser_keeps(text):
    """``may_change`` lets the checks skip texts: only because the sanitiser could not change them."""
    assert not may_change(text)
    [html] = _RENDERER._convert([text])
    assert what_changed(html, sanitise(html)) is None, html
