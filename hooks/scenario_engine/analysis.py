"""Route statistics and score ranges, by dynamic programming over the state graph.

Scenarios may loop ("try again"), and large ones have astronomically many routes, so nothing
here lists paths. A depth-first walk marks the edges that close a loop; without them the state
graph is acyclic, and every quantity is one pass over it in reverse topological order. A route
therefore never repeats a loop.

Outcomes are the ones reported (the ending's, lowered by the ``caps`` met on the way), and
scores follow the assessment model (``assessment``): what a route earns, and what the decisions
on it made available.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assessment import offered, visible_choices
from .model import OUTCOMES, Scenario, lower_outcome
from .state_graph import StateGraph


@dataclass(frozen=True, slots=True)
class OutcomeRoutes:
    paths: int
    shortest: int  # decisions taken on the shortest route to this outcome
    longest: int


@dataclass(frozen=True, slots=True)
class Range:
    low: int
    high: int


def format_range(bounds: Range, *, signed: bool) -> str:
    """``+2 to +6``, or ``4`` when every route gives the same."""
    shown = "{:+d}" if signed else "{:d}"
    low, high = shown.format(bounds.low), shown.format(bounds.high)
    return low if low == high else f"{low} to {high}"


@dataclass(frozen=True, slots=True)
class Analysis:
    nodes: int
    decisions: int
    endings: dict[str, int]  # ending's own outcome -> number of ending nodes
    paths: int
    routes: dict[str, OutcomeRoutes]  # reported outcome -> statistics, for reachable outcomes only
    available: dict[str, Range]  # competency -> fewest and most points a complete route makes available
    earned: dict[str, Range]  # competency -> lowest and highest a complete route earns


def analyse(scenario: Scenario, graph: StateGraph) -> Analysis:
    order, loop_closing = _acyclic_order(graph)
    endings = dict.fromkeys(OUTCOMES, 0)
    for node in scenario.nodes.values():
        if node.is_ending:
            endings[node.outcome] += 1

    count = len(graph.states)
    keys = scenario.competencies
    # per state: reported outcome (before any cap met earlier) -> [paths, shortest, longest]
    routes: list[dict[str, list[int]]] = [{} for _ in range(count)]
    # per state: competency -> [low, high] over the routes from it, for available and earned
    available: list[dict[str, list[int]] | None] = [None] * count
    earned: list[dict[str, list[int]] | None] = [None] * count

    for state in order:  # children before parents
        node_id, flags = graph.states[state]
        node = scenario.nodes[node_id]
        if node.is_ending:
            routes[state][node.outcome] = [1, 0, 0]
            available[state] = {key: [0, 0] for key in keys}
            earned[state] = {key: [0, 0] for key in keys}
            continue
        here = offered(visible_choices(node, flags), keys)
        for choice, target in graph.successors[state]:
            if (state, target) in loop_closing or available[target] is None:
                continue
            for outcome, (ways, short, long) in routes[target].items():
                reported = lower_outcome(outcome, choice.caps)
                entry = routes[state].setdefault(reported, [0, short + 1, long + 1])
                entry[0] += ways
                entry[1] = min(entry[1], short + 1)
                entry[2] = max(entry[2], long + 1)
            _widen(available, state, {key: here[key] for key in keys}, available[target])
            _widen(earned, state, {key: choice.scores.get(key, 0) for key in keys}, earned[target])

    start = routes[0]
    return Analysis(
        nodes=len(scenario.nodes),
        decisions=sum(1 for node in scenario.nodes.values() if not node.is_ending),
        endings=endings,
        paths=sum(ways for ways, _, _ in start.values()),
        routes={outcome: OutcomeRoutes(*start[outcome]) for outcome in OUTCOMES if outcome in start},
        available={key: Range(*bounds) for key, bounds in (available[0] or {key: [0, 0] for key in keys}).items()},
        earned={key: Range(*bounds) for key, bounds in (earned[0] or {key: [0, 0] for key in keys}).items()},
    )


def _widen(ranges: list, state: int, gained: dict[str, int], following: dict[str, list[int]]) -> None:
    """Fold one choice's routes (``gained`` plus the ranges after it) into ``state``'s ranges."""
    candidate = {key: [gained[key] + low, gained[key] + high] for key, (low, high) in following.items()}
    if ranges[state] is None:
        ranges[state] = candidate
        return
    for key, (low, high) in candidate.items():
        bounds = ranges[state][key]
        bounds[0], bounds[1] = min(bounds[0], low), max(bounds[1], high)


def _acyclic_order(graph: StateGraph) -> tuple[list[int], set[tuple[int, int]]]:
    """Post-order of a depth-first walk from the start, and the edges that close loops."""
    on_stack = [False] * len(graph.states)
    visited = [False] * len(graph.states)
    order: list[int] = []
    loop_closing: set[tuple[int, int]] = set()
    visited[0] = on_stack[0] = True
    stack = [(0, iter(graph.successors[0]))]
    while stack:
        state, edges = stack[-1]
        for _, target in edges:
            if on_stack[target]:
                loop_closing.add((state, target))
            elif not visited[target]:
                visited[target] = on_stack[target] = True
                stack.append((target, iter(graph.successors[target])))
                break
        else:
            stack.pop()
            on_stack[state] = False
            order.append(state)
    return order, loop_closing
