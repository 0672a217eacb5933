"""Path statistics and best achievable scores, by dynamic programming over the state graph.

Scenarios may loop ("try again"), and large ones have astronomically many routes, so nothing
here lists paths. A depth-first walk marks the edges that close a loop; without them the state
graph is acyclic, and every quantity is one pass over it in reverse topological order. A route
therefore never repeats a loop, and each choice on it counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import OUTCOMES, Scenario
from .state_graph import StateGraph


@dataclass(frozen=True, slots=True)
class OutcomeRoutes:
    paths: int
    shortest: int  # decisions taken on the shortest route to this outcome
    longest: int


@dataclass(frozen=True, slots=True)
class Analysis:
    nodes: int
    decisions: int
    endings: dict[str, int]  # outcome -> number of ending nodes
    paths: int
    routes: dict[str, OutcomeRoutes]  # outcome -> statistics, for reachable outcomes only
    best: dict[str, int]  # competency -> best achievable total
    worst: dict[str, int]


def analyse(scenario: Scenario, graph: StateGraph) -> Analysis:
    order, loop_closing = _acyclic_order(graph)
    endings = {outcome: 0 for outcome in OUTCOMES}
    for node in scenario.nodes.values():
        if node.is_ending:
            endings[node.outcome] += 1

    count = len(graph.states)
    paths = [dict.fromkeys(OUTCOMES, 0) for _ in range(count)]
    shortest: list[dict[str, int]] = [{} for _ in range(count)]
    longest: list[dict[str, int]] = [{} for _ in range(count)]
    best: list[dict[str, int] | None] = [None] * count
    worst: list[dict[str, int] | None] = [None] * count
    keys = scenario.competencies

    for state in order:  # children before parents
        node = scenario.nodes[graph.states[state][0]]
        if node.is_ending:
            paths[state][node.outcome] = 1
            shortest[state][node.outcome] = longest[state][node.outcome] = 0
            best[state] = dict.fromkeys(keys, 0)
            worst[state] = dict.fromkeys(keys, 0)
            continue
        for choice, target in graph.successors[state]:
            if (state, target) in loop_closing or best[target] is None:
                continue
            for outcome, ways in paths[target].items():
                if not ways:
                    continue
                paths[state][outcome] += ways
                steps_short, steps_long = shortest[target][outcome] + 1, longest[target][outcome] + 1
                shortest[state][outcome] = min(shortest[state].get(outcome, steps_short), steps_short)
                longest[state][outcome] = max(longest[state].get(outcome, steps_long), steps_long)
            gained = {key: choice.scores.get(key, 0) for key in keys}
            candidate_best = {key: gained[key] + best[target][key] for key in keys}
            candidate_worst = {key: gained[key] + worst[target][key] for key in keys}
            if best[state] is None:
                best[state], worst[state] = candidate_best, candidate_worst
            else:
                best[state] = {key: max(best[state][key], candidate_best[key]) for key in keys}
                worst[state] = {key: min(worst[state][key], candidate_worst[key]) for key in keys}

    start_paths = paths[0]
    return Analysis(
        nodes=len(scenario.nodes),
        decisions=sum(1 for node in scenario.nodes.values() if not node.is_ending),
        endings=endings,
        paths=sum(start_paths.values()),
        routes={
            outcome: OutcomeRoutes(paths=start_paths[outcome], shortest=shortest[0][outcome], longest=longest[0][outcome])
            for outcome in OUTCOMES
            if start_paths[outcome]
        },
        best=best[0] or dict.fromkeys(keys, 0),
        worst=worst[0] or dict.fromkeys(keys, 0),
    )


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
