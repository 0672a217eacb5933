"""Routes through the real scenarios, from the engine, for the player's browser tests."""

from __future__ import annotations

import random

from harness import ROOT
from scenario_engine import load_project
from scenario_engine.assessment import assess_route
from scenario_engine.model import node_labels

PROJECT = load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)
Route = list[tuple[str, int]]


def button_name(scenario, node: str, index: int) -> str:
    """A choice's label as its button's accessible name: the text, whitespace collapsed."""
    return " ".join(scenario.nodes[node].choices[index].label.split())


def value_text(earned: int, available: int) -> str:
    """How the ending screen words a competency's result."""
    if available:
        return f"{earned} of {available}"
    return f"{earned}, with no points available on your route" if earned else "no points available on your route"


def labels(scenario) -> dict[str, str]:
    return node_labels(scenario)


def simple_paths(scenario) -> list[Route]:
    """Every route from the start to an ending that never repeats a state (node, flags)."""
    found: list[Route] = []

    def walk(node: str, flags: frozenset, seen: set, path: list) -> None:
        if scenario.nodes[node].is_ending:
            found.append(list(path))
            return
        for choice in scenario.nodes[node].choices:
            if not choice.visible_with(flags):
                continue
            state = (choice.next, flags | choice.sets)
            if state in seen:
                continue
            seen.add(state)
            path.append((node, choice.index))
            walk(*state, seen, path)
            path.pop()
            seen.discard(state)

    start = (scenario.start, frozenset())
    walk(*start, {start}, [])
    return found


def route_coverage(scenario, route: Route) -> tuple[set, tuple]:
    """What a route exercises: each choice it takes with the flags set when it took it, and how it
    ended (the ending reached, the outcome, the moment that capped it, if any)."""
    flags, steps = frozenset(), set()
    for node, index in route:
        steps.add((node, flags, index))
        flags |= scenario.nodes[node].choices[index].sets
    assessed = assess_route(scenario, route)
    capping = None if assessed.capped_by is None else route[assessed.capped_by][0]
    last_node, last_index = route[-1]
    return steps, (scenario.nodes[last_node].choices[last_index].next, assessed.outcome, capping)


def covering_routes(scenario, routes: list[Route]) -> list[Route]:
    """The routes, in order, that first take a choice from some (node, flags) state, or first reach
    some (ending, outcome, capping moment): every choice the player can offer is clicked at least
    once from every state in which it is offered, and every way a play can end is seen."""
    taken: set = set()
    endings: set = set()
    kept: list[Route] = []
    for route in routes:
        steps, ending = route_coverage(scenario, route)
        if steps - taken or ending not in endings:
            kept.append(route)
            taken |= steps
            endings.add(ending)
    return kept


def random_routes(scenario, count: int, *, seed: int = 11, longest: int = 60) -> list[Route]:
    """Routes taking a random visible choice at each step, loops included, ended or not."""
    rng = random.Random(f"{seed}:{scenario.slug}")
    routes = []
    for _ in range(count):
        node, flags, route = scenario.start, frozenset(), []
        while not scenario.nodes[node].is_ending and len(route) < longest:
            choice = rng.choice([c for c in scenario.nodes[node].choices if c.visible_with(flags)])
            route.append((node, choice.index))
            flags |= choice.sets
            node = choice.next
        routes.append(route)
    return routes


def capped_route(scenario) -> Route | None:
    """A route whose reported outcome is lower than its ending's (a cap met on the way)."""
    return next((p for p in simple_paths(scenario) if assess_route(scenario, p).capped_by is not None), None)


def expected(scenario, route: Route) -> dict:
    """The engine's assessment of a route, shaped as the browser test reads pcpAssessment's."""
    a = assess_route(scenario, route)
    return {
        "node": a.node,
        "flags": sorted(a.flags),
        "earned": a.earned,
        "available": a.available,
        "steps": [[s.node, s.choice, s.strongest, s.missed, s.cap] for s in a.steps],
        "result": None
        if a.ending_outcome is None
        else {
            "endingOutcome": a.ending_outcome,
            "outcome": a.outcome,
            "cappedBy": a.capped_by,
            "debriefParts": list(a.debrief_parts),
            "missed": list(a.missed),
        },
    }
