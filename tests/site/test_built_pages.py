"""Checks over every page of the real strict build: privacy, safety note, search exclusion."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

RESOURCE_ATTRIBUTES = {
    "link": ["href"],
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
FOREIGN = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
SAFETY_NOTE = "If anyone may be at immediate risk, contact local emergency services."


class ResourceCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.resources: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical":
            return  # names the page's public address; browsers do not fetch it
        for name in RESOURCE_ATTRIBUTES.get(tag, []):
            if values.get(name):
                self.resources.append((tag, values[name]))
        if values.get("style"):
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_another_origin(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 30
    offenders = []
    for page in pages:
        collector = ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for tag, url in collector.resources:
            if FOREIGN.match(url) or url.startswith(("http:", "https:", "data:text/html")):
                offenders.append(f"{page.relative_to(built_site)}: <{tag}> {url}")
        offenders += [f"{page.relative_to(built_site)}: inline style {s[:80]}" for s in collector.styles if "url(http" in s or "@import" in s]
    assert offenders == []


def test_no_stylesheet_fetches_fonts_or_imports_from_elsewhere(built_site):
    offenders = []
    for sheet in built_site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        if re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text) or re.search(r"url\(\s*['\"]?(https?:)?//", text):
            offenders.append(str(sheet.relative_to(built_site)))
    assert offenders == []


def test_every_page_carries_the_safety_note(built_site):
    missing = [str(p.relative_to(built_site)) for p in html_pages(built_site) if SAFETY_NOTE not in p.read_text(encoding="utf-8")]
    assert missing == []


def test_the_collector_would_catch_a_foreign_resource():
    collector = ResourceCollector()
    collector.feed('<link rel="stylesheet" href="https://fonts.example/x.css"><script src="//cdn.example/a.js"></script>')
    assert [url for _, url in collector.resources if FOREIGN.match(url)] == ["https://fonts.example/x.css", "//cdn.example/a.js"]


@pytest.fixture(scope="module")
def search_index(built_site) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_scenario_spoilers_are_not_searchable_but_titles_are(search_index, built_site):
    import yaml

    scenario = yaml.safe_load((Path(__file__).resolve().parents[2] / "scenarios" / "better-off-gone.yml").read_text())
    entries = [doc for doc in search_index["docs"] if doc["location"].startswith("scenarios/better-off-gone/")]
    assert entries, "the scenario page is indexed"
    indexed = " ".join(doc["title"] + " " + doc["text"] for doc in entries)
    assert scenario["title"] in indexed
    assert scenario["objectives"][0].split()[0] in indexed
    start_text = scenario["nodes"][scenario["start"]]["text"]
    first_sentence = re.sub(r"\s+", " ", start_text.strip()).split(". ")[0][:60]
    assert first_sentence not in re.sub(r"\s+", " ", indexed)
    for node in scenario["nodes"].values():
        for choice in node.get("choices", []):
            assert choice["feedback"][:50] not in indexed


class _Headings(HTMLParser):
    """The heading levels inside the page's article, in order (real headings only)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside += 1
        elif self.inside and re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        elif dict(attrs).get("role") == "heading" and self.inside:
            self.levels.append(-1)  # a div posing as a heading

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside -= 1


def test_headings_never_skip_a_level_and_are_real_headings(built_site):
    skipped = []
    for html in sorted(built_site.rglob("*.html")):
        parser = _Headings()
        parser.feed(html.read_text(encoding="utf-8"))
        levels = parser.levels
        assert -1 not in levels, f"{html.relative_to(built_site)}: role=heading on a non-heading element"
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                skipped.append(f"{html.relative_to(built_site)}: h{before} then h{after}")
                break
    assert not skipped, "\n".join(skipped)


def test_glossary_terms_carry_their_explanation_on_reference_pages_and_in_scenarios(built_site):
    """The glossary (abbr's ``glossary`` in mkdocs.yml) reaches every page's text and scenario text."""
    import yaml

    config = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    glossary = yaml.safe_load(config.partition("  - abbr:\n")[2].partition("\n  - ")[0])["glossary"]
    icf = f'<abbr title="{glossary["ICF"]}">ICF</abbr>'
    assert icf in (built_site / "approach" / "index.html").read_text(encoding="utf-8")
    case = (built_site / "scenarios" / "sponsor-asks-for-details" / "index.html").read_text(encoding="utf-8")
    assert f'<abbr title="{glossary["HR"]}">HR</abbr>' in case, "a term in scenario text gets its explanation"
