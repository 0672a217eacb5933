"""The layered layout behind the supervisors' map: placement, direction, determinism, scale."""

from __future__ import annotations

import random

from scenario_engine.graph_layout import BOX_WIDTH, layout_graph, wrap_label


def ladder(steps: int, *, loops_every: int = 10, skips_every: int = 7) -> tuple[list[str], list[tuple[str, str]]]:
    """Junctions j0..jN; between each pair two branches a/b that rejoin, some "try again" loops
    (b back to its junction) and some skips (a junction straight to the next)."""
    nodes: list[str] = []
    edges: list[tuple[str, str]] = []
    for k in range(steps):
        nodes += [f"j{k}", f"a{k}", f"b{k}"]
        edges += [(f"j{k}", f"a{k}"), (f"j{k}", f"b{k}"), (f"a{k}", f"j{k + 1}"), (f"b{k}", f"j{k + 1}")]
        if k % loops_every == 0:
            edges.append((f"b{k}", f"j{k}"))
        if k % skips_every == 0:
            edges.append((f"j{k}", f"j{k + 1}"))
    nodes.append(f"j{steps}")
    return nodes, edges


def test_every_node_is_placed_once_without_overlap():
    nodes, edges = ladder(12)
    layout = layout_graph(nodes, edges, start="j0")
    assert list(layout.nodes) != [] and sorted(layout.nodes) == sorted(nodes)
    by_layer: dict[int, list] = {}
    for placed in layout.nodes.values():
        by_layer.setdefault(placed.layer, []).append(placed)
    for row in by_layer.values():
        row.sort(key=lambda p: p.order)
        assert len({p.order for p in row}) == len(row)
        for left, right in zip(row, row[1:]):
            assert right.x - left.x >= BOX_WIDTH, "boxes in a layer must not overlap"
    for placed in layout.nodes.values():
        assert 0 <= placed.x - BOX_WIDTH / 2 and placed.x + BOX_WIDTH / 2 <= layout.width
        assert 0 <= placed.y < layout.height


def test_edges_go_down_except_loop_closing_ones():
    nodes, edges = ladder(12)
    layout = layout_graph(nodes, edges, start="j0")
    layer = {node: placed.layer for node, placed in layout.nodes.items()}
    loops = {(e.source, e.target) for e in layout.edges if e.loop_closing}
    assert loops == {(f"b{k}", f"j{k}") for k in range(0, 12, 10)}
    for edge in layout.edges:
        if edge.loop_closing:
            assert layer[edge.target] < layer[edge.source]
            ys = [y for _, y in edge.points]
            assert ys == sorted(ys, reverse=True), "a loop-closing edge runs back up"
        else:
            assert layer[edge.target] > layer[edge.source]
            ys = [y for _, y in edge.points]
            assert ys == sorted(ys), "a forward edge runs top to bottom"
    assert {(e.source, e.target) for e in layout.edges} == set(edges)


def test_start_is_on_top_and_layers_are_longest_paths():
    nodes = ["start", "short", "long-1", "long-2", "end"]
    edges = [("start", "short"), ("short", "end"), ("start", "long-1"), ("long-1", "long-2"), ("long-2", "end")]
    layout = layout_graph(nodes, edges, start="start")
    assert {n: p.layer for n, p in layout.nodes.items()} == {"start": 0, "short": 1, "long-1": 1, "long-2": 2, "end": 3}
    long_edge = next(e for e in layout.edges if (e.source, e.target) == ("short", "end"))
    assert len(long_edge.points) == 3, "an edge over two layers bends once, at a dummy point"


def test_self_loop_and_duplicate_edges():
    nodes = ["ask", "again", "end"]
    edges = [("ask", "again"), ("ask", "again"), ("again", "again"), ("again", "ask"), ("again", "end")]
    layout = layout_graph(nodes, edges, start="ask")
    pairs = [(e.source, e.target, e.loop_closing) for e in layout.edges]
    assert pairs.count(("ask", "again", False)) == 1, "several choices to one moment share an arrow"
    assert ("again", "again", True) in pairs and ("again", "ask", True) in pairs
    assert layout.layers == 3


def test_nodes_not_reached_from_the_start_are_still_placed():
    layout = layout_graph(["a", "b", "orphan"], [("a", "b")], start="a")
    assert set(layout.nodes) == {"a", "b", "orphan"}


def test_crossings_are_counted_and_reduced():
    # K2,2 between two layers: one crossing whatever the order.
    nodes = ["s", "a", "b", "c", "d"]
    edges = [("s", "a"), ("s", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]
    assert layout_graph(nodes, edges, start="s").crossings == 1
    # Drawn in discovery order this one crosses; the barycentre sweeps untangle it.
    nodes = ["s", "a", "b", "x", "y", "p", "q"]
    edges = [("s", "a"), ("s", "b"), ("a", "x"), ("x", "q"), ("b", "y"), ("y", "p"), ("a", "p"), ("b", "q")]
    layout = layout_graph(nodes, edges, start="s")
    assert layout.crossings <= 1


def test_layout_is_deterministic():
    rng = random.Random(7)
    nodes = [f"n{i}" for i in range(200)]
    edges = [(nodes[i], nodes[min(199, i + rng.randint(1, 5))]) for i in range(199) for _ in range(2)]
    edges += [(nodes[i], nodes[i - 3]) for i in range(10, 199, 17)]
    first = layout_graph(nodes, edges, start="n0")
    assert layout_graph(nodes, list(edges), start="n0") == first


def test_a_thousand_node_rejoining_graph_lays_out():
    nodes, edges = ladder(333)
    assert len(nodes) == 1000
    layout = layout_graph(nodes, edges, start="j0")
    assert len(layout.nodes) == 1000
    assert layout.layers == 2 * 333 + 1  # junction, branch, junction, ...
    assert layout.crossings == 0
    assert sum(e.loop_closing for e in layout.edges) == len(range(0, 333, 10))


def test_a_thousand_nodes_with_long_edges_stays_within_the_dummy_budget():
    # Every node also jumps to the last one: long edges would need ~500,000 dummy points.
    nodes = [f"n{i}" for i in range(1000)]
    edges = [(nodes[i], nodes[i + 1]) for i in range(999)] + [(nodes[i], nodes[999]) for i in range(998)]
    layout = layout_graph(nodes, edges, start="n0")
    assert layout.layers == 1000
    assert len(layout.edges) == len(set(edges))


def test_wrap_label():
    assert wrap_label("3 · Direct answer") == ["3 · Direct answer"]
    assert wrap_label("14 · Poor end no record kept at all by anyone", width=24) == ["14 · Poor end no record", "kept at all by anyone"]
    cut = wrap_label("one two three four five six seven eight nine ten eleven", width=10)
    assert len(cut) == 2 and cut[-1].endswith("…")
    assert wrap_label("x" * 40, width=10) == ["x" * 9 + "…"]
