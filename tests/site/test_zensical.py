"""The exported site builds under Zensical, with no hook, and works there (issue 15).

``export`` writes the site as a folder; Zensical (pinned in requirements-dev.txt) builds it
strictly; Chromium plays a scenario from an assignment to its end, reviews the report it gives,
and goes from the 404 page to the catalogue and a map, with no request leaving the site. No case text may reach
Zensical's search index.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from harness import ROOT, configured_site_url, serve_site
from scenario_engine import load_project
from scenario_engine.text_html import TextRenderer, plain_text, render_scenario_html

pytestmark = pytest.mark.slow

ASSIGNMENT = "assignments/week-1-referral/"
SCENARIO = "Better off gone"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zensical") / "site-source"
    export = subprocess.run([sys.executable, "-m", "hooks.scenario_engine", "export", str(folder)], cwd=ROOT, capture_output=True, text=True)
    assert export.returncode == 0, export.stderr
    assert "hooks:" not in (folder / "mkdocs.yml").read_text()
    build = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=folder, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    return folder


@pytest.fixture(scope="module")
def zensical_url(exported):
    prefix = re.sub(r"^https?://[^/]+", "", configured_site_url(exported / "mkdocs.yml"))
    with serve_site(exported / "site", prefix) as url:
        yield url


def play_to_the_end(page) -> int:
    """Click the first offered choice until the end screen; the number of choices made."""
    for made in range(40):
        if page.locator(".scn-report-slot").count():
            return made
        page.locator(".scn-player .scn-choice-btn").first.click()
    pytest.fail("no ending after 40 choices")


def test_an_assignment_is_played_to_its_end_and_its_report_reviewed(make_page, zensical_url):
    page = make_page(reduced_motion="reduce")
    page.goto(zensical_url + ASSIGNMENT)
    page.get_by_role("link", name=SCENARIO).click()
    page.wait_for_selector(".scn-player .scn-choice-btn")
    assert "assignment=week-1-referral" in page.url
    made = play_to_the_end(page)
    state = page.evaluate("window.pcpProgress.get('better-off-gone')")
    assert state["status"] == "finished" and len(state["path"]) == made > 0
    assert page.locator(".scn-player .scn-score").count() > 0, "the end screen shows the scores"
    code = page.get_by_label("Report code").input_value()

    page.goto(zensical_url + "review/")
    page.get_by_label("Report code").fill(code)
    page.get_by_role("button", name="Show report").click()
    report = page.locator(".sup-review-report")
    report.get_by_role("heading", level=2).wait_for()
    assert SCENARIO in report.get_by_role("heading", level=2).inner_text()
    assert report.locator(".sup-chose").count() == made, "the review data script gave every step's text"
    assert report.locator(".sup-ending").count() == 1


def test_the_404_page_leads_to_the_catalogue_and_on_to_a_map(make_page, zensical_url):
    project = load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)
    page = make_page()
    assert page.goto(zensical_url + "no/such/page/").status == 404
    page.get_by_role("link", name="Browse the scenarios").click()
    page.wait_for_url(zensical_url + "scenarios/")
    expect(page.locator(".scn-card")).to_have_count(len(project.scenarios))
    page.locator(".scn-card").get_by_role("link", name=SCENARIO, exact=True).first.click()
    page.wait_for_url(zensical_url + "scenarios/better-off-gone/")
    page.get_by_role("link", name="Supervisor's map").first.click()
    page.wait_for_url(zensical_url + "scenarios/better-off-gone/map/")
    scenario = project.scenarios["better-off-gone"]
    expect(page.get_by_role("img", name=f"Branch diagram of “{scenario.title}”")).to_be_visible()
    assert page.locator("svg.scn-map-svg g.scn-map-node").count() == len(scenario.nodes)
    assert page.locator(".scn-map-outline section").count() == len(scenario.nodes)


def indexed_text(exported: Path) -> str:
    """Everything in Zensical's search index, as plain text with whitespace collapsed."""
    index = json.loads((exported / "site" / "search.json").read_text(encoding="utf-8"))
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item["title"] + " " + item["text"])).split()) for item in index["items"])


def test_no_case_text_reaches_the_search_index(exported):
    project = load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)
    indexed = indexed_text(exported)
    renderer = TextRenderer()
    checked = 0
    for scenario in project.scenarios.values():
        texts = render_scenario_html(scenario, renderer=renderer)
        assert " ".join(plain_text(texts.summary).split()) in indexed, "the summary is searchable (the check can see text)"
        case = [*texts.text.values(), *texts.feedback.values(), *(part for parts in texts.debrief.values() for part in parts)]
        for rendered in case:
            for paragraph in plain_text(rendered).split("\n\n"):
                words = " ".join(paragraph.split())
                if len(words) >= 40:  # long enough to be the case's own words, not a common phrase
                    assert words not in indexed, f"{scenario.slug}: case text in the search index: {words[:80]}"
                    checked += 1
    assert checked > 100


class ContentLinks(HTMLParser):
    """The links in a built page's article (its content, not the theme's navigation)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.depth += tag == "article"
        if self.depth and tag == "a" and values.get("href") and "headerlink" not in (values.get("class") or ""):
            self.hrefs.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article"


def content_targets(site: Path, page: str) -> Counter:
    """Where each link in ``page``'s content leads, as a path on the site (external links left out)."""
    parser = ContentLinks()
    parser.feed((site / page).read_text(encoding="utf-8"))
    base = "http://site/" + page.removesuffix("index.html")
    targets = (urlsplit(urljoin(base, href)) for href in parser.hrefs)
    return Counter(target._replace(scheme="", netloc="").geturl() for target in targets if target.netloc == "site")


def test_every_link_leads_where_it_leads_in_the_mkdocs_build(built_site, exported):
    pages = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        assert (exported / "site" / page).is_file(), f"{page}: not built by Zensical"
        assert content_targets(exported / "site", page) == content_targets(built_site, page), page
