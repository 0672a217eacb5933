"""Real strict MkDocs builds of a copy of the project, good and broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness import ROOT, mkdocs_build

PARTS = ["mkdocs.yml", "docs", "overrides", "includes", "hooks", "scenarios"]


@pytest.fixture
def copy(tmp_path) -> Path:
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / part)
    return tmp_path


def test_generated_pages_and_practise_lists(built_site):
    scenario = (built_site / "scenarios" / "better-off-gone" / "index.html").read_text()
    assert 'class="scn-player"' in scenario and 'id="moment-1"' in scenario
    catalogue = (built_site / "scenarios" / "index.html").read_text()
    assert catalogue.count('class="scn-card"') == len(list((ROOT / "scenarios").glob("*.yml"))) - 1
    referral = (built_site / "ethics" / "referral" / "index.html").read_text()
    assert 'id="practise-this"' in referral and "../../scenarios/better-off-gone/" in referral


def test_the_build_prints_no_list_of_pages_left_out_of_the_navigation(build_output):
    _, printed = build_output
    assert "not included in the \"nav\"" not in printed
    assert "WARNING" not in printed


def test_a_broken_scenario_stops_the_build_listing_every_fault(copy):
    case = copy / "scenarios" / "better-off-gone.yml"
    lines = case.read_text().splitlines()
    level = next(i for i, line in enumerate(lines) if line.startswith("level:"))
    lines[level] = "level: expert"
    start = next(i for i, line in enumerate(lines) if line.startswith("start:"))
    lines[start] = "start: nowhere"
    case.write_text("\n".join(lines) + "\n")
    (copy / "scenarios" / "broken.yml").write_text("title: [unclosed\n")

    result = mkdocs_build(config=copy / "mkdocs.yml", site_dir=copy / "site")

    assert result.returncode != 0
    assert f"scenarios/better-off-gone.yml:{level + 1}: level: 'expert' is not allowed" in result.stderr
    assert "scenarios/broken.yml:1: not valid YAML" in result.stderr
    assert not (copy / "site" / "scenarios" / "better-off-gone" / "index.html").exists()


def test_hostile_author_text_stops_the_build_at_its_file_and_line(copy):
    case = copy / "scenarios" / "better-off-gone.yml"
    text = case.read_text()
    debrief = text.index("    debrief: ")
    line = text[:debrief].count("\n") + 1
    end = text.index("\n  ", debrief + 1)  # the next line indented less than the debrief's text
    case.write_text(text[:debrief] + "    debrief: |\n      > [r]: java&#115;cript:alert(1)\n      >\n      > [Read this][r]" + text[end:])
    registry = copy / "scenarios" / "competencies.yml"
    registry.write_text(registry.read_text().replace("  description: ", "  description: <script>alert(1)</script> ", 1))
    result = mkdocs_build(config=copy / "mkdocs.yml", site_dir=copy / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"scenarios/better-off-gone.yml:{line}: " in result.stderr
    assert "the sanitiser had to change the HTML made from this text: the link target 'javascript:alert(1)' is not allowed" in result.stderr
    assert "scenarios/competencies.yml:" in result.stderr and "raw HTML is not allowed (found '<script>" in result.stderr
    assert not (copy / "site" / "scenarios" / "better-off-gone" / "index.html").exists()


def test_every_meta_description_is_one_line_of_plain_text(built_site):
    from html.parser import HTMLParser

    descriptions = []

    class Meta(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "meta" and ("name", "description") in attrs:
                descriptions.append(attrs)

    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        Meta().feed(page.read_text(encoding="utf-8"))
    assert len(descriptions) >= len(pages) - 1  # every page but the 404 page
    for attrs in descriptions:
        assert [name for name, _ in attrs] == ["name", "content"]
        content = attrs[1][1]
        assert "\n" not in content and "*" not in content and "  " not in content, content


def test_a_fault_found_after_the_shape_check_is_listed_too(copy):
    case = copy / "scenarios" / "better-off-gone.yml"
    text = case.read_text()
    first_next = text.index("next: ")
    end = text.index("\n", first_next)
    case.write_text(text[:first_next] + "next: no-such-node" + text[end:])
    result = mkdocs_build(config=copy / "mkdocs.yml", site_dir=copy / "site")
    line = text[:first_next].count("\n") + 1
    assert result.returncode != 0
    assert f"scenarios/better-off-gone.yml:{line}: " in result.stderr
    assert "no node 'no-such-node'" in result.stderr


def test_a_broken_link_in_docs_fails_the_strict_build_naming_page_and_link(copy):
    page = copy / "docs" / "ethics" / "boundary.md"
    page.write_text(page.read_text() + "\nSee [the missing page](no-such-page.md) and [a bad anchor](referral.md#nowhere).\n")
    result = mkdocs_build(config=copy / "mkdocs.yml", site_dir=copy / "site")
    assert result.returncode != 0
    assert "ethics/boundary.md" in result.stderr
    assert "no-such-page.md" in result.stderr
    assert "referral.md#nowhere" in result.stderr


def scenario_titles() -> dict[str, str]:
    import yaml

    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["title"] for path in sorted((ROOT / "scenarios").glob("*.yml")) if path.stem != "competencies"}


def test_every_map_is_published_from_the_one_template_page(built_site):
    """Each map is a copy of one rendered map page; the template itself is not published."""
    import re

    titles = scenario_titles()
    for slug, title in titles.items():
        html = (built_site / "scenarios" / slug / "map" / "index.html").read_text(encoding="utf-8")
        assert f"<title>Map: {title} - " in html, slug
        assert re.search(r'<h1 id="map">Supervisor\'s map: ' + re.escape(title), html), slug
        assert re.search(rf'<link rel="canonical" href="[^"]*/scenarios/{slug}/map/">', html), slug
        assert "scenario-engine" not in html and "_map" not in html, slug
    assert not (built_site / "scenarios" / "_map").exists()
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/scenarios/better-off-gone/</loc>" in sitemap
    assert "/map/" not in sitemap and "_map" not in sitemap, "maps are left out of the sitemap, as out of search"


def test_maps_without_directory_urls(copy):
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = mkdocs_build(config=config, site_dir=copy / "site")
    assert result.returncode == 0, result.stderr
    site = copy / "site"
    for slug, title in scenario_titles().items():
        html = (site / "scenarios" / slug / "map.html").read_text(encoding="utf-8")
        assert f"<title>Map: {title} - " in html and '<a href="../' + slug + '.html">Back to the scenario</a>' in html, slug
        assert f'<a href="{slug}/map.html">Supervisor\'s map</a>' in (site / "scenarios" / f"{slug}.html").read_text(encoding="utf-8"), slug
    assert not (site / "scenarios" / "_map").exists()
