"""The supervisors' scenario maps in a real browser (issue 5): diagram, outline, print, access."""

from __future__ import annotations

import json

import pytest

from harness import ROOT, run_axe
from scenario_engine import load_project
from scenario_engine.model import reading_order

pytestmark = pytest.mark.slow

PROJECT = load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)
LARGEST = max(PROJECT.scenarios.values(), key=lambda s: (len(s.nodes), sum(len(n.choices) for n in s.nodes.values()))).slug


def map_path(slug: str) -> str:
    return f"scenarios/{slug}/map/"


READ_PAGE = """() => ({
  boxes: [...document.querySelectorAll("svg.scn-map-svg g.scn-map-node")].map(g => ({
    id: g.dataset.node, css: g.getAttribute("class"), text: g.textContent })),
  entries: [...document.querySelectorAll(".scn-map-outline section")].map(s => ({
    id: s.id, node: s.dataset.node,
    titles: [...s.querySelectorAll("h3")].map(h => h.innerText),
    choices: [...s.querySelectorAll(".scn-map-choice")].map(c => ({
      text: c.innerText.split(/\\s+/).join(" "), href: c.querySelector(".scn-map-facts a").getAttribute("href") })) })),
})"""


@pytest.mark.parametrize("slug", sorted(PROJECT.scenarios))
def test_map_shows_every_node_and_choice(page, site_url, slug):
    scenario = PROJECT.scenarios[slug]
    page.goto(site_url + map_path(slug))
    diagram = page.get_by_role("img", name=f"Branch diagram of “{scenario.title}”")
    assert diagram.is_visible()
    seen = page.evaluate(READ_PAGE)
    boxes = {box["id"]: box for box in seen["boxes"]}
    assert len(seen["boxes"]) == len(boxes) == len(scenario.nodes) and set(boxes) == set(scenario.nodes)
    entries = {entry["node"]: entry for entry in seen["entries"]}
    numbers = {node_id: number for number, node_id in enumerate(reading_order(scenario), start=1)}
    assert len(seen["entries"]) == len(scenario.nodes) and set(entries) == set(scenario.nodes)
    assert [entry["node"] for entry in seen["entries"]] == reading_order(scenario), "the outline follows reading order from the start"

    for node in scenario.nodes.values():
        entry = entries[node.id]
        assert entry["id"] == f"moment-{numbers[node.id]}"
        assert len(entry["titles"]) == 1 and node.title in entry["titles"][0]
        assert boxes[node.id]["text"].split(" · ")[0].endswith(str(numbers[node.id])), "each box shows its outline number"
        assert len(entry["choices"]) == len(node.choices)
        for number, (choice, shown) in enumerate(zip(node.choices, entry["choices"]), start=1):
            assert shown["text"].startswith(f"Choice {number}: {' '.join(choice.label.split())[:20]}")
            assert shown["href"].endswith(f"#moment-{numbers[choice.next]}")
            if choice.scores:
                assert "Scores: +" in shown["text"] or "Scores: -" in shown["text"]
            if choice.feedback:
                assert "Feedback." in shown["text"]
        if node.is_ending:
            label = f"{node.outcome.capitalize()} ending"
            assert label in entry["titles"][0]
            assert label in boxes[node.id]["text"]
            assert f"scn-map-node--{node.outcome}" in boxes[node.id]["css"]


def test_statistics_come_from_the_engine(page, site_url):
    analysis = PROJECT.analyses[LARGEST]
    scenario = PROJECT.scenarios[LARGEST]
    page.goto(site_url + map_path(LARGEST))
    statistics = page.locator("#statistics ~ p").first.inner_text()
    assert f"{analysis.nodes} moments: {analysis.decisions} decisions" in statistics
    assert f"{analysis.paths} distinct paths" in statistics
    for key in scenario.competencies:
        row = page.get_by_role("row", name=PROJECT.competencies[key].name)
        cells = row.get_by_role("cell").all_inner_texts()
        available, earned = analysis.available[key], analysis.earned[key]
        assert cells[1] == (str(available.low) if available.low == available.high else f"{available.low} to {available.high}")
        assert cells[2] == (f"{earned.low:+d}" if earned.low == earned.high else f"{earned.low:+d} to {earned.high:+d}")
    for outcome, route in analysis.routes.items():
        row = page.get_by_role("row", name=outcome.capitalize(), exact=False).first
        assert row.get_by_role("cell").all_inner_texts()[2:] == [str(route.paths), str(route.shortest), str(route.longest)]


def test_scenario_and_map_link_each_other(page, site_url):
    page.goto(site_url + f"scenarios/{LARGEST}/")
    page.get_by_role("link", name="Supervisor's map").click()
    page.wait_for_url("**/map/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Supervisor's map:")
    page.get_by_role("link", name="Back to the scenario").click()
    page.wait_for_url(f"**/scenarios/{LARGEST}/")


def test_map_is_left_out_of_search(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith(f"scenarios/{LARGEST}/") for location in locations), "the scenario itself is indexed"
    assert not [location for location in locations if "/map/" in location]


def test_no_request_leaves_the_site(page, site_url):
    page.goto(site_url + map_path(LARGEST))
    page.wait_for_load_state("networkidle")
    assert page.request_log.urls  # the make_page fixture fails the test on any foreign request


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations(make_page, site_url, scheme):
    page = make_page(color_scheme=scheme)
    page.goto(site_url + map_path(LARGEST))
    page.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert run_axe(page) == []


def test_a_wide_map_scrolls_in_its_own_box_on_a_phone(make_page, site_url):
    page = make_page(viewport={"width": 375, "height": 800})
    for slug in sorted(PROJECT.scenarios):
        page.goto(site_url + map_path(slug))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, slug
    box = page.locator(".scn-map-scroll").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375


def test_print_hides_the_navigation_and_fits_the_diagram(make_page, site_url):
    page = make_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + map_path(LARGEST))
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for chrome in [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]:
        locator = page.locator(chrome)
        assert locator.count() == 0 or not locator.first.is_visible(), f"{chrome} shows in print"
    diagram = page.locator("svg.scn-map-svg")
    assert diagram.is_visible()
    content = page.locator(".md-content").bounding_box()
    box = diagram.bounding_box()
    assert box["width"] <= content["width"] + 1
    assert page.locator(".scn-map-entry").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"


def test_a_dark_map_prints_in_the_light_outcome_colours(make_page, site_url):
    page = make_page(color_scheme="dark")
    page.goto(site_url + map_path(LARGEST))
    colour = "getComputedStyle(document.body).getPropertyValue('--scn-map-strong').trim()"
    assert page.evaluate(colour) == "#6fd38b"
    page.emulate_media(media="print")
    assert page.evaluate(colour) == "#1b6e35"
