"""The supervisors' map page as Markdown: front matter, diagram, outline, statistics, scale; and
every map as a copy of one rendered template page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from scenario_engine import load_project
from scenario_engine.analysis import analyse
from scenario_engine.map_page import MAP_TEMPLATE_PAGE, MAP_TITLE, map_copies, map_page_path, map_template_page, publish_map_copies, render_map_page, sitemap_without_template
from scenario_engine.model import Choice, DebriefPart, Node, Scenario
from scenario_engine.generated import PackedHtml, placeholder
from scenario_engine.pages import generated_pages
from scenario_engine.templating import SiteUrls
from scenario_engine.text_html import TextRenderer, render_scenario_html
from scenario_engine.state_graph import explore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project():
    return load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)


def test_every_scenario_has_a_map_page(project):
    pages = generated_pages(project)
    for slug in project.scenarios:
        assert map_page_path(slug) in pages
        assert '<a href="map/">Supervisor\'s map</a>' in pages[f"scenarios/{slug}.md"].standalone(), "the scenario page links to its map"


def test_map_page_content(project):
    slug = "better-off-gone"
    scenario = project.scenarios[slug]
    generated = render_map_page(project, slug=slug, html=render_scenario_html(scenario, renderer=TextRenderer()), urls=SiteUrls())
    page = generated.standalone()
    front = generated.content.split("---\n")[1]
    assert "search:\n  exclude: true" in front
    assert '<a href="../">Back to the scenario</a>' in page, "the map links back to its scenario"
    assert len(re.findall(r'data-node="[^"]+" transform', page)) == len(scenario.nodes)
    assert page.count('<section class="scn-map-entry') == len(scenario.nodes)
    choices = sum(len(node.choices) for node in scenario.nodes.values())
    assert page.count('<div class="scn-map-choice"') == choices
    assert 'role="img" aria-labelledby="scn-map-title scn-map-desc"' in page
    for node in scenario.nodes.values():
        if node.is_ending:
            assert f"{node.outcome.capitalize()} ending</span>" in page
    assert "+2 Recognising when and how to refer" in page
    assert "Sets: safety-plan" in page and "Offered only if set: safety-plan" in page
    # the diagram and outline are finished HTML outside the Markdown; reading links are site URLs
    assert "<svg" not in generated.content and "scn-map-entry" not in generated.content
    assert 'href="../../../ethics/referral/#' in generated.fragments[placeholder("outline")]


def test_outline_starts_at_the_start_and_numbers_match_the_diagram(project):
    scenario = project.scenarios["better-off-gone"]
    page = render_map_page(project, slug="better-off-gone", html=render_scenario_html(scenario, renderer=TextRenderer()), urls=SiteUrls()).standalone()
    sections = re.findall(r'<section class="scn-map-entry[^"]*" data-node="([a-z0-9-]+)"[^>]* id="moment-(\d+)"', page)
    assert sections[0] == (scenario.start, "1")
    assert [number for _, number in sections] == [str(n) for n in range(1, len(scenario.nodes) + 1)], "the outline is in reading order"
    assert sorted(node for node, _ in sections) == sorted(scenario.nodes)
    boxes = re.findall(r'data-node="([a-z0-9-]+)" transform="[^"]*"><title>(\d+) · ', page)
    assert sorted(boxes) == sorted(sections), "each box carries its outline number"


def test_the_map_shows_labels_and_the_assessment_model_never_ids(project):
    scenario = project.scenarios["better-off-gone"]
    html = render_scenario_html(scenario, renderer=TextRenderer())
    page = render_map_page(project, slug="better-off-gone", html=html, urls=SiteUrls()).standalone()
    text = re.sub(r"<[^>]+>", " ", page)
    for node_id in scenario.nodes:
        if "-" in node_id:  # an id such as "poor-end-secret", or its humanised form, never shows
            for form in (node_id, node_id.replace("-", " ").capitalize()):
                assert not re.search(rf"\b{re.escape(form)}\b", text), form
    assert "Available on a route" in page and "Earned on a route" in page
    analysis = project.analyses["better-off-gone"]
    low, high = analysis.earned["referral"].low, analysis.earned["referral"].high
    assert f"{low:+d} to {high:+d}" in page


def synthetic(project, *, steps: int) -> tuple[Scenario, object]:
    """A 3×steps+1 node scenario in the shape of the layout stress test, with real competencies."""
    key = next(iter(project.competencies))
    nodes: dict[str, Node] = {}

    def choice(index: int, target: str, score: int) -> Choice:
        return Choice(index=index, label=f"Go to {target}", next=target, line=1, feedback="Because.", scores={key: score})

    for k in range(steps):
        nodes[f"j{k}"] = Node(id=f"j{k}", text=f"Junction {k}.", line=1, choices=(choice(0, f"a{k}", 1), choice(1, f"b{k}", -1)))
        nodes[f"a{k}"] = Node(id=f"a{k}", text="Left.", line=1, choices=(choice(0, f"j{k + 1}", 1),))
        back = (choice(1, f"j{k}", 0),) if k % 10 == 0 else ()
        nodes[f"b{k}"] = Node(id=f"b{k}", text="Right.", line=1, choices=(choice(0, f"j{k + 1}", 0),) + back)
    nodes[f"j{steps}"] = Node(id=f"j{steps}", text="The end.", line=1, outcome="strong", debrief=(DebriefPart(text="Well done."),))
    scenario = Scenario(
        slug="stress", file="stress.yml", title="Stress", summary="Many nodes.", level="advanced", minutes=60,
        competencies=(key,), objectives=("Scale.",), start="j0", nodes=nodes, version="0",
    )
    return scenario, analyse(scenario, explore(scenario))


def test_a_thousand_node_map_renders(project):
    scenario, analysis = synthetic(project, steps=333)
    big = replace(project, scenarios={"stress": scenario}, analyses={"stress": analysis})
    page = render_map_page(big, slug="stress", html=render_scenario_html(scenario, renderer=TextRenderer()), urls=SiteUrls()).standalone()
    assert len(re.findall(r'data-node="[^"]+" transform', page)) == 1000
    assert page.count('<section class="scn-map-entry') == 1000
    assert 'data-layers="667"' in page
    assert len(page) < 3_000_000


def rendered_template(*, urls: SiteUrls) -> str:
    """What a theme makes of the template page: its title in several places, its own address."""
    sections = "".join(f"<h2>{name}</h2>{placeholder(name)}" for name in ("intro", "diagram", "statistics", "outline"))
    address = "https://example.org/site/" + urls.page_url(MAP_TEMPLATE_PAGE)
    return f'<title>Map: {MAP_TITLE} - Site</title><link rel="canonical" href="{address}"><h1 id="map">Supervisor\'s map: {MAP_TITLE}</h1>{sections}'


@pytest.mark.parametrize(("directory_urls", "file"), [(True, "scenarios/case/map/index.html"), (False, "scenarios/case/map.html")])
def test_each_map_is_the_template_with_its_own_title_sections_and_address(directory_urls, file):
    urls = SiteUrls(directory_urls=directory_urls)
    hostile = 'A <b>"bold"</b> & <!--scenario-engine:outline--> case'
    sections = {placeholder(name): PackedHtml.pack(f"<p>{name} of the case</p>") for name in ("intro", "diagram", "statistics", "outline")}
    copies = dict(map_copies(rendered_template(urls=urls), maps={map_page_path("case"): (hostile, sections)}, urls=urls))
    assert list(copies) == [file]
    html = copies[file]
    escaped = "A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &lt;!--scenario-engine:outline--&gt; case"
    assert html.startswith(f"<title>Map: {escaped} - Site</title>")
    assert f"<h1 id=\"map\">Supervisor's map: {escaped}</h1>" in html
    assert f'href="https://example.org/site/{urls.page_url(map_page_path("case"))}"' in html
    assert "_map" not in html and MAP_TITLE not in html and "<!--scenario-engine:" not in html
    assert [html.count(f"<p>{name} of the case</p>") for name in ("intro", "diagram", "statistics", "outline")] == [1, 1, 1, 1]


def test_a_template_that_lost_its_title_or_a_section_is_refused():
    urls = SiteUrls()
    sections = {placeholder(name): PackedHtml.pack("<p></p>") for name in ("intro", "diagram", "statistics", "outline")}
    maps = {map_page_path("case"): ("Case", sections)}
    with pytest.raises(ValueError, match="lost the title"):
        list(map_copies(rendered_template(urls=urls).replace(MAP_TITLE, "Map"), maps=maps, urls=urls))
    with pytest.raises(ValueError, match="_map/map.md: expected the marker <!--scenario-engine:diagram--> once"):
        list(map_copies(rendered_template(urls=urls).replace(placeholder("diagram"), ""), maps=maps, urls=urls))


def test_the_template_page_is_a_map_page_with_stand_ins(project):
    template = map_template_page()
    scenario = project.scenarios["better-off-gone"]
    real = render_map_page(project, slug="better-off-gone", html=render_scenario_html(scenario, renderer=TextRenderer()), urls=SiteUrls())
    assert template.content == real.content.replace(scenario.title, MAP_TITLE), "the same Markdown, title aside"
    assert MAP_TEMPLATE_PAGE.count("/") == map_page_path("x").count("/"), "at a map's depth, so relative links hold in copies"


def test_the_template_entry_leaves_the_sitemap_and_nothing_else_does():
    urls = SiteUrls()
    entry = "\n    <url>\n         <loc>https://example.org/site/{}</loc>\n    </url>"
    sitemap = "<urlset>" + entry.format("scenarios/case/") + entry.format("scenarios/_map/map/") + entry.format("ethics/") + "\n</urlset>"
    assert sitemap_without_template(sitemap, urls=urls) == "<urlset>" + entry.format("scenarios/case/") + entry.format("ethics/") + "\n</urlset>"
    assert sitemap_without_template("<urlset></urlset>", urls=urls) == "<urlset></urlset>", "no site_url: no page is listed"
    with pytest.raises(ValueError, match="cannot take out the entry for scenarios/_map/map.md"):
        sitemap_without_template("<urlset><url lang='en'><loc>https://example.org/site/scenarios/_map/map/</loc></url></urlset>", urls=urls)


def test_publishing_writes_every_map_and_removes_the_template(tmp_path):
    urls = SiteUrls()
    (tmp_path / "scenarios" / "_map" / "map").mkdir(parents=True)
    (tmp_path / "scenarios" / "_map" / "map" / "index.html").write_text("template")
    sections = {placeholder(name): PackedHtml.pack(f"<p>{name}</p>") for name in ("intro", "diagram", "statistics", "outline")}
    maps = {map_page_path(slug): (slug.title(), sections) for slug in ("one", "two")}
    publish_map_copies(rendered_template(urls=urls), maps=maps, urls=urls, site=tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()) == ["scenarios/one/map/index.html", "scenarios/two/map/index.html"]
    assert "<title>Map: Two - Site</title>" in (tmp_path / "scenarios" / "two" / "map" / "index.html").read_text()
    assert sorted(path.name for path in (tmp_path / "scenarios").iterdir()) == ["one", "two"], "the template's empty folders go too"
