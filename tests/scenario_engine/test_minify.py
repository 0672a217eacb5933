"""The build publishes the site's own scripts and stylesheets minified; the sources keep their comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_engine.minify import minified, minify_copies

SCRIPT = """/* Why this works: a comment for maintainers. */
(function () {
  "use strict";
  // a slash inside a string and a regular expression must survive
  var url = "https://example.org/a//b", pattern = /\\/\\*not a comment\\*\\//g;
  window.answer = [url, pattern.source];
})();
"""
STYLE = """/* the player's colours */
.scn-player {
  color: red;   /* inline comment */
}
"""


def test_minified_code_keeps_strings_and_patterns_and_loses_comments():
    js = minified(SCRIPT, suffix=".js")
    assert "comment for maintainers" not in js and "a slash inside" not in js
    assert '"https://example.org/a//b"' in js and r"/\/\*not a comment\*\//g" in js
    assert len(js) < len(SCRIPT)
    assert minified(STYLE, suffix=".css") == ".scn-player{color:red}"
    with pytest.raises(ValueError, match="cannot minify a '.html' file"):
        minified("<p>", suffix=".html")


def test_only_published_copies_of_scripts_and_stylesheets_are_minified(tmp_path: Path):
    sources, copies = tmp_path / "docs" / "assets", tmp_path / "site" / "assets"
    for folder in (sources, copies):
        (folder / "javascripts").mkdir(parents=True)
        (folder / "stylesheets").mkdir(parents=True)
        (folder / "javascripts" / "player.js").write_text(SCRIPT)
        (folder / "javascripts" / "vendor.min.js").write_text(SCRIPT)
        (folder / "stylesheets" / "player.css").write_text(STYLE)
        (folder / "notes.txt").write_text(STYLE)
    (sources / "javascripts" / "unpublished.js").write_text(SCRIPT)

    done = minify_copies(sources=sources, copies=copies)

    assert done == [copies / "javascripts" / "player.js", copies / "stylesheets" / "player.css"]
    assert (copies / "stylesheets" / "player.css").read_text() == ".scn-player{color:red}"
    assert "comment for maintainers" not in (copies / "javascripts" / "player.js").read_text()
    assert (copies / "javascripts" / "vendor.min.js").read_text() == SCRIPT, "already minified: left alone"
    assert (copies / "notes.txt").read_text() == STYLE
    assert (sources / "javascripts" / "player.js").read_text() == SCRIPT, "the sources keep their comments"
    assert not (copies / "javascripts" / "unpublished.js").exists()
