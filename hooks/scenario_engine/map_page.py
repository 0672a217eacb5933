"""The supervisors' map of a scenario: its whole branch graph, an outline and its statistics.

One page per scenario at ``scenarios/<slug>/map.md``. The diagram is inline SVG drawn at build
time from ``graph_layout`` (no script, nothing fetched); beside it, the same content as a text
outline for screen readers and for printing as a discussion guide.

A themed page costs more than its words: the theme draws the whole site navigation into each.
So the site build renders one map page, ``MAP_TEMPLATE_PAGE``, with ``MAP_TITLE`` where a
scenario's title goes and placeholders where its sections go, and publishes each scenario's map
as a copy of it with its own filled in (``map_copies``). Generators without the hook build every
map as a page of its own (``render_map_page``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterator, Mapping

from markupsafe import Markup

from .generated import GeneratedPage, PackedHtml, fill_placeholders, placeholder
from .graph_layout import BOX_HEIGHT, BOX_WIDTH, Layout, layout_graph, wrap_label
from .loader import Project
from .analysis import format_range
from .model import OUTCOMES, Choice, Node, reading_order
from .templating import Reading, SiteUrls, describe_condition, environment, scenario_page_path
from .text_html import ScenarioHtml

WIDE_DIAGRAM = 1600  # px: wider than this, the diagram scrolls at full size instead of shrinking
SMALLEST_DIAGRAM = 720  # px: narrower screens scroll rather than shrink the text further
LINE_HEIGHT = 15.0


# At a map's depth, so that the theme's relative links hold in every copy; no slug starts with "_".
MAP_TEMPLATE_PAGE = "scenarios/_map/map.md"
MAP_TITLE = "scenario-engine-map-title"  # stands for the title in the template: survives Markdown, escaping and slugs
_SECTIONS = ("intro", "diagram", "statistics", "outline")


def map_page_path(slug: str) -> str:
    return f"scenarios/{slug}/map.md"


@dataclass(frozen=True, slots=True)
class Box:
    """One node as drawn: where, what it says, and how it is styled."""

    id: str
    number: int
    x: float  # left
    y: float  # top
    lines: tuple[tuple[float, str, str], ...]  # (baseline y, css class, text)
    css: str
    name: str  # the full label, for the box's tooltip


def render_map_page(project: Project, *, slug: str, html: ScenarioHtml, urls: SiteUrls) -> GeneratedPage:
    """Headings in Markdown (for the table of contents); every section's body as finished HTML."""
    scenario = project.scenarios[slug]
    page = map_page_path(slug)
    layout = scenario_layout(scenario.nodes, start=scenario.start)
    order = reading_order(scenario)
    numbers = {node_id: number for number, node_id in enumerate(order, start=1)}
    # shown beside the number: a title, or what kind of moment it is (never the id)
    map_names = {node_id: node.title or ("Ending" if node.is_ending else "Moment") for node_id, node in scenario.nodes.items()}
    names = {key: project.competencies[key].name for key in scenario.competencies}
    loops = sum(1 for edge in layout.edges if edge.loop_closing)

    jinja = environment()
    svg = jinja.get_template("map.svg.j2").render(
        scenario=scenario,
        layout=layout,
        boxes=[_box(scenario.nodes[node_id], layout, number=numbers[node_id], name=map_names[node_id], start=scenario.start) for node_id in layout.nodes],
        paths=[(_edge_path(edge.points, self_loop=edge.source == edge.target), edge.loop_closing) for edge in layout.edges],
        min_width=_min_width(layout.width),
        box_width=BOX_WIDTH,
        box_height=BOX_HEIGHT,
    )
    parts = jinja.get_template("map.html.j2").make_module(
        {
            "scenario": scenario,
            "html": html,
            "analysis": project.analyses[slug],
            "outcomes": OUTCOMES,
            "names": names,
            "svg": Markup(svg.strip()),
            "loops": loops,
            "numbers": numbers,
            "map_names": map_names,
            "ordered": [scenario.nodes[node_id] for node_id in order],
            "span": format_range,
            "condition": describe_condition,
            "scores": lambda choice: format_scores(choice, names),
            "flags": format_flags,
            "see": {
                (node.id, choice.index): Reading(title=project.docs.title_of(choice.see), link=urls.link(from_page=page, to_page=choice.see))
                for node in scenario.nodes.values()
                for choice in node.choices
                if choice.see
            },
            "scenario_link": urls.link(from_page=page, to_page=scenario_page_path(slug)),
        }
    )
    # The map is left out of search (front matter), so its sections go in after the search plugin,
    # with the finished page: MkDocs keeps every page's content until the build ends, and maps are
    # large.
    return GeneratedPage(_map_markdown(title=scenario.title), unsearched={placeholder(name): PackedHtml.pack(str(getattr(parts, name)()).strip()) for name in _SECTIONS})


def map_template_page() -> GeneratedPage:
    """The one map page the site build renders: every map is a copy of it (``map_copies``)."""
    return GeneratedPage(_map_markdown(title=MAP_TITLE))


def map_copies(template: str, *, maps: Mapping[str, tuple[str, Mapping[str, PackedHtml]]], urls: SiteUrls) -> Iterator[tuple[str, str]]:
    """Each map as the rendered template page with its title and sections: (site file, HTML).

    ``maps`` gives each map page's title and sections (``render_map_page``'s ``unsearched``).
    The template's own address, in its canonical link, becomes the map's.
    """
    if MAP_TITLE not in template:
        raise ValueError(f"{MAP_TEMPLATE_PAGE}: the rendered page lost the title's stand-in {MAP_TITLE}")
    template_url = urls.page_url(MAP_TEMPLATE_PAGE)
    for page, (title, sections) in maps.items():
        url = urls.page_url(page)
        html = template.replace(template_url, url).replace(MAP_TITLE, escape(title))  # author text goes in last
        yield urls.page_file(page), fill_placeholders(html, sections, where=MAP_TEMPLATE_PAGE)


def publish_map_copies(template: str, *, maps: Mapping[str, tuple[str, Mapping[str, PackedHtml]]], urls: SiteUrls, site: Path) -> None:
    """Write every map into the built ``site`` (see ``map_copies``) and take the template page
    out of it, with the folders that held only the template."""
    for path, html in map_copies(template, maps=maps, urls=urls):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
    written = site / urls.page_file(MAP_TEMPLATE_PAGE)
    written.unlink()
    for folder in written.parents:
        if folder == site or any(folder.iterdir()):
            break
        folder.rmdir()


def sitemap_without_template(sitemap: str, *, urls: SiteUrls) -> str:
    """A sitemap (``<url><loc>…</loc>…</url>`` entries) less the template page's entry, if it has
    one (a site without ``site_url`` lists no page)."""
    address = urls.page_url(MAP_TEMPLATE_PAGE)
    sitemap = re.sub(rf"\s*<url>\s*<loc>[^<]*/{re.escape(address)}</loc>.*?</url>", "", sitemap, flags=re.DOTALL)
    if f"/{address}<" in sitemap:  # listed in a form this does not know
        raise ValueError(f"sitemap.xml: cannot take out the entry for {MAP_TEMPLATE_PAGE}")
    return sitemap


def _map_markdown(*, title: str) -> str:
    return environment().get_template("map.md.j2").render(title=title, parts={name: placeholder(name) for name in _SECTIONS})


def scenario_layout(nodes: dict[str, Node], *, start: str) -> Layout:
    edges = [(node.id, choice.next) for node in nodes.values() for choice in node.choices]
    return layout_graph(list(nodes), edges, start=start)


def format_scores(choice: Choice, names: dict[str, str]) -> str:
    """``+2 Recognising when and how to refer, -1 Exploring the pattern`` in the scenario's order."""
    parts = [f"{value:+d} {names.get(key, key)}" for key, value in sorted(choice.scores.items(), key=lambda item: list(names).index(item[0]) if item[0] in names else len(names))]
    return ", ".join(parts)


def format_flags(choice: Choice) -> list[str]:
    facts = []
    if choice.sets:
        facts.append("Sets: " + ", ".join(sorted(choice.sets)))
    if choice.requires:
        facts.append("Offered only if set: " + ", ".join(sorted(choice.requires)))
    if choice.excludes:
        facts.append("Not offered if set: " + ", ".join(sorted(choice.excludes)))
    return facts


def _box(node: Node, layout: Layout, *, number: int, name: str, start: str) -> Box:
    placed = layout.nodes[node.id]
    name = f"{number} · {name}"
    lines = [("scn-map-label", text) for text in wrap_label(name)]
    if node.is_ending:
        lines.append(("scn-map-kind", f"{node.outcome.capitalize()} ending"))
        css = f"scn-map-node scn-map-node--ending scn-map-node--{node.outcome}"
    else:
        css = "scn-map-node scn-map-node--decision"
    if node.id == start:
        lines.insert(0, ("scn-map-kind", "Start"))
        css += " scn-map-node--start"
    first = BOX_HEIGHT / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + 4  # centre the block of lines
    return Box(
        id=node.id,
        number=number,
        x=round(placed.x - BOX_WIDTH / 2, 1),
        y=round(placed.y, 1),
        lines=tuple((round(first + i * LINE_HEIGHT, 1), css_class, text) for i, (css_class, text) in enumerate(lines)),
        css=css,
        name=name + (f" ({node.outcome} ending)" if node.is_ending else ""),
    )


def _edge_path(points: tuple[tuple[float, float], ...], *, self_loop: bool) -> str:
    """SVG path data: S-curves between layers (up or down), a rounded loop for a self-loop."""

    def p(point: tuple[float, float]) -> str:
        return f"{point[0]:.1f} {point[1]:.1f}"

    if self_loop:
        (sx, sy), (lane, _), _, (tx, ty) = points
        return f"M{p((sx, sy))} C{p((lane, sy))} {p((lane, ty))} {p((tx, ty))}"
    data = [f"M{p(points[0])}"]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        middle = (y0 + y1) / 2
        data.append(f"C{p((x0, middle))} {p((x1, middle))} {p((x1, y1))}")
    return " ".join(data)


def _min_width(width: float) -> int:
    return int(width) if width > WIDE_DIAGRAM else int(min(width, SMALLEST_DIAGRAM))


__all__ = ["MAP_TEMPLATE_PAGE", "MAP_TITLE", "map_copies", "map_page_path", "map_template_page", "publish_map_copies", "render_map_page", "scenario_layout", "sitemap_without_template"]
