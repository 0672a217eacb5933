"""A layered drawing of a branch graph, computed in pure Python for the supervisors' map.

The steps of a Sugiyama-style layout, each kept linear in the size of the graph:

1. A depth-first walk from the start marks the edges that close a loop ("try again"); without
   them the graph is acyclic. Loop-closing edges are laid out reversed, like the others, and
   drawn back up to their target (a moment that loops to itself gets a small loop).
2. Layers: each node's layer is its longest-path depth from the start over the acyclic edges,
   so every other edge points strictly downwards.
3. An edge spanning several layers passes through small "dummy" points, one per layer it
   crosses, so it can bend around boxes and take part in the ordering (within a budget: past
   it, long edges are drawn straight).
4. Order within layers: a few barycentre sweeps, down then up, each moving a node towards the
   mean position of its neighbours in the layer just placed; the ordering with the fewest
   crossings is kept. Each sweep costs O(edges + nodes log nodes).
5. Horizontal positions: each layer is pulled towards its neighbours' centres, keeping the
   order and the minimum gaps, by isotonic regression (pool adjacent violators), in O(nodes).

Nothing here knows about scenarios: nodes are strings, edges are (source, target) pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BOX_WIDTH = 168.0
BOX_HEIGHT = 62.0
DUMMY_WIDTH = 12.0
GAP = 28.0  # between neighbours in a layer
LAYER_GAP = 58.0  # between layers
MARGIN = 24.0
SWEEPS = 4  # down, up, down, up
POSITION_PASSES = 4
SELF_LOOP = 26.0  # how far a moment's loop to itself reaches out
DUMMY_BUDGET = 20  # dummy points allowed per real node before long edges are drawn straight


@dataclass(frozen=True, slots=True)
class PlacedNode:
    id: str
    layer: int
    order: int  # position within the layer, counting dummy points
    x: float  # centre
    y: float  # top


@dataclass(frozen=True, slots=True)
class PlacedEdge:
    source: str
    target: str
    points: tuple[tuple[float, float], ...]  # from the source box to the target box
    loop_closing: bool


@dataclass(frozen=True, slots=True)
class Layout:
    nodes: dict[str, PlacedNode]  # in layer order, then left to right
    edges: tuple[PlacedEdge, ...]
    layers: int
    width: float
    height: float
    crossings: int


def layout_graph(nodes: Sequence[str], edges: Iterable[tuple[str, str]], *, start: str) -> Layout:
    """Lay out ``nodes`` (start first, or anywhere) and their ``edges`` top to bottom."""
    index = {node: i for i, node in enumerate(nodes)}
    if start not in index:
        raise ValueError(f"start node {start!r} is not among the nodes")
    count = len(nodes)
    successors: list[list[int]] = [[] for _ in range(count)]
    seen_edges: set[tuple[int, int]] = set()
    for source, target in edges:
        pair = (index[source], index[target])
        if pair not in seen_edges:  # several choices may lead to the same moment: one arrow
            seen_edges.add(pair)
            successors[pair[0]].append(pair[1])

    roots = [index[start]] + [i for i in range(count) if i != index[start]]
    loop_closing, discovery = _loop_closing_edges(successors, roots)
    forward = [[t for t in successors[s] if (s, t) not in loop_closing] for s in range(count)]
    layer = _longest_path_layers(forward, discovery)
    layers_count = max(layer) + 1 if count else 0

    # Real nodes and dummy points share one numbering: 0..count-1 are real. A loop-closing edge
    # is laid out reversed (upper to lower) like any other, then drawn pointing back up.
    vertex_layer = list(layer)
    down: list[list[int]] = [[] for _ in range(count)]  # edges between adjacent layers only
    up: list[list[int]] = [[] for _ in range(count)]
    chains: list[tuple[int, int, list[int], bool]] = []  # (source, target, dummy points from the top, back)
    self_loops: list[int] = []
    budget = DUMMY_BUDGET * max(count, 1)
    for source in range(count):
        for target in successors[source]:
            back = (source, target) in loop_closing
            if source == target:
                self_loops.append(source)
                continue
            upper, lower = (target, source) if back else (source, target)
            span = layer[lower] - layer[upper]
            chain: list[int] = []
            if 1 < span <= budget + 1:
                budget -= span - 1
                for depth in range(layer[upper] + 1, layer[lower]):
                    chain.append(len(vertex_layer))
                    vertex_layer.append(depth)
                    down.append([])
                    up.append([])
            previous = upper
            for vertex in chain + [lower]:
                if vertex_layer[vertex] == vertex_layer[previous] + 1:
                    down[previous].append(vertex)
                    up[vertex].append(previous)
                previous = vertex
            chains.append((source, target, chain, back))

    rows: list[list[int]] = [[] for _ in range(layers_count)]
    rank = [0] * count
    for position, node in enumerate(discovery):
        rank[node] = position
    for vertex in sorted(range(len(vertex_layer)), key=lambda v: (rank[v] if v < count else count + v)):
        rows[vertex_layer[vertex]].append(vertex)
    rows, crossings = _order_layers(rows, down, up)

    width_of = [BOX_WIDTH if v < count else DUMMY_WIDTH for v in range(len(vertex_layer))]
    x = _positions(rows, down, up, width_of)

    placed_order = [0] * len(vertex_layer)
    for row in rows:
        for position, vertex in enumerate(row):
            placed_order[vertex] = position
    top = [MARGIN + vertex_layer[v] * (BOX_HEIGHT + LAYER_GAP) for v in range(len(vertex_layer))]
    placed = {
        nodes[v]: PlacedNode(id=nodes[v], layer=layer[v], order=placed_order[v], x=x[v], y=top[v])
        for row in rows
        for v in row
        if v < count
    }

    placed_edges = []
    quarter = BOX_WIDTH / 4
    for source, target, chain, back in chains:
        middles = [(x[d], top[d] + BOX_HEIGHT / 2) for d in chain]
        if back:  # from the top of the lower box up to the bottom of the upper one, off-centre
            points = [(x[source] + quarter, top[source])] + middles[::-1] + [(x[target] + quarter, top[target] + BOX_HEIGHT)]
        else:
            points = [(x[source], top[source] + BOX_HEIGHT)] + middles + [(x[target], top[target])]
        placed_edges.append(PlacedEdge(nodes[source], nodes[target], tuple(points), loop_closing=back))
    right = max((x[v] + width_of[v] / 2 for v in range(len(vertex_layer))), default=0.0)
    for node in self_loops:  # a small loop on the right of its box
        edge_x = x[node] + BOX_WIDTH / 2
        lane = edge_x + SELF_LOOP
        points = ((edge_x, top[node] + BOX_HEIGHT * 0.7), (lane, top[node] + BOX_HEIGHT * 0.7), (lane, top[node] + BOX_HEIGHT * 0.3), (edge_x, top[node] + BOX_HEIGHT * 0.3))
        placed_edges.append(PlacedEdge(nodes[node], nodes[node], points, loop_closing=True))
        right = max(right, lane)
    height = MARGIN * 2 + layers_count * BOX_HEIGHT + max(layers_count - 1, 0) * LAYER_GAP
    return Layout(
        nodes=placed,
        edges=tuple(placed_edges),
        layers=layers_count,
        width=right + MARGIN,
        height=height,
        crossings=crossings,
    )


def _loop_closing_edges(successors: list[list[int]], roots: list[int]) -> tuple[set[tuple[int, int]], list[int]]:
    """Edges into a node still on the depth-first stack, and the order nodes were first met."""
    count = len(successors)
    visited = [False] * count
    on_stack = [False] * count
    closing: set[tuple[int, int]] = set()
    discovery: list[int] = []
    for root in roots:
        if visited[root]:
            continue
        visited[root] = on_stack[root] = True
        discovery.append(root)
        stack = [(root, iter(successors[root]))]
        while stack:
            node, pending = stack[-1]
            for target in pending:
                if on_stack[target]:
                    closing.add((node, target))
                elif not visited[target]:
                    visited[target] = on_stack[target] = True
                    discovery.append(target)
                    stack.append((target, iter(successors[target])))
                    break
            else:
                stack.pop()
                on_stack[node] = False
    return closing, discovery


def _longest_path_layers(forward: list[list[int]], discovery: list[int]) -> list[int]:
    """Longest-path depth over an acyclic graph, by Kahn's topological order."""
    count = len(forward)
    incoming = [0] * count
    for targets in forward:
        for target in targets:
            incoming[target] += 1
    layer = [0] * count
    ready = [n for n in reversed(discovery) if incoming[n] == 0]  # a stack; start comes out first
    while ready:
        node = ready.pop()
        for target in forward[node]:
            layer[target] = max(layer[target], layer[node] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return layer


def _order_layers(rows: list[list[int]], down: list[list[int]], up: list[list[int]]) -> tuple[list[list[int]], int]:
    """Barycentre sweeps; keeps the ordering with the fewest crossings seen."""
    best_rows = [list(row) for row in rows]
    best = _crossings(rows, down)
    position = [0] * len(down)
    for row in rows:
        for i, v in enumerate(row):
            position[v] = i
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        neighbours = up if downward else down
        for r in sequence:
            row = rows[r]

            def barycentre(v: int, i: int) -> tuple[float, int]:
                adjacent = neighbours[v]
                if not adjacent:
                    return (float(i), i)  # nothing to follow: keep its place
                return (sum(position[a] for a in adjacent) / len(adjacent), i)

            keyed = sorted((barycentre(v, i), v) for i, v in enumerate(row))
            rows[r] = [v for _, v in keyed]
            for i, v in enumerate(rows[r]):
                position[v] = i
        total = _crossings(rows, down)
        if total < best:
            best, best_rows = total, [list(row) for row in rows]
    return best_rows, best


def _crossings(rows: list[list[int]], down: list[list[int]]) -> int:
    """Edge crossings between adjacent layers: inversions counted with a Fenwick tree."""
    total = 0
    position: dict[int, int] = {}
    for row in rows:
        for i, v in enumerate(row):
            position[v] = i
    for upper, lower in zip(rows, rows[1:]):
        ends = sorted((position[v], position[t]) for v in upper for t in down[v])
        tree = [0] * (len(lower) + 1)
        seen = 0
        for _, end in ends:
            # edges already seen that end strictly to the right of this one cross it
            i, not_greater = end + 1, 0
            while i > 0:
                not_greater += tree[i]
                i -= i & -i
            total += seen - not_greater
            i = end + 1
            while i <= len(lower):
                tree[i] += 1
                i += i & -i
            seen += 1
    return total


def _positions(rows: list[list[int]], down: list[list[int]], up: list[list[int]], width: list[float]) -> list[float]:
    """Centre x of every vertex: near its neighbours, in order, never overlapping."""
    x = [0.0] * len(width)
    for row in rows:
        cursor = MARGIN
        for v in row:
            x[v] = cursor + width[v] / 2
            cursor += width[v] + GAP
    for step in range(POSITION_PASSES):
        downward = step % 2 == 0
        sequence = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        neighbours = up if downward else down
        for r in sequence:
            row = rows[r]
            wanted = [sum(x[a] for a in neighbours[v]) / len(neighbours[v]) if neighbours[v] else x[v] for v in row]
            for v, value in zip(row, _ordered_near(wanted, [width[v] for v in row])):
                x[v] = value
    low = min((x[v] - width[v] / 2 for v in range(len(width))), default=MARGIN)
    return [value - low + MARGIN for value in x]


def _ordered_near(wanted: list[float], widths: list[float]) -> list[float]:
    """Positions closest to ``wanted`` (least squares) keeping order and gaps: pool adjacent violators."""
    offsets = [0.0]
    for left, right in zip(widths, widths[1:]):
        offsets.append(offsets[-1] + (left + right) / 2 + GAP)
    # x_i = z_i + offset_i with z non-decreasing: isotonic regression of wanted_i - offset_i.
    blocks: list[list[float]] = []  # [sum, count]
    for value, offset in zip(wanted, offsets):
        blocks.append([value - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, n = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += n
    result = []
    for total, n in blocks:
        result.extend([total / n] * int(n))
    return [z + offset for z, offset in zip(result, offsets)]


def wrap_label(text: str, *, width: int = 24, lines: int = 2) -> list[str]:
    """Words into at most ``lines`` lines of about ``width`` characters, with an ellipsis if cut."""
    words = text.split()
    wrapped: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            wrapped.append(current)
            current = word
    if current:
        wrapped.append(current)
    wrapped = [line if len(line) <= width else line[: width - 1] + "…" for line in wrapped]
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        wrapped = wrapped[: lines - 1] + [(last[: width - 1] if len(last) >= width else last) + "…"]
    return wrapped


__all__ = ["Layout", "PlacedEdge", "PlacedNode", "layout_graph", "wrap_label"]
