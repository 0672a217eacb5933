"""Checks that need the whole scenario: references, graph, flags, reading links."""

from __future__ import annotations

import difflib
from collections import deque
from typing import Iterator, Mapping

from .docs_index import DocsIndex
from .faults import Fault
from .located_yaml import LocatedDocument, describe_path
from .model import Competency, Scenario
from .state_graph import STATE_LIMIT, StateGraph, TooManyStates, can_finish, explore


class _Reporter:
    """Builds faults for one file, finding the line of a path in the source."""

    def __init__(self, *, file: str, document: LocatedDocument) -> None:
        self.file = file
        self.document = document

    def at(self, path: tuple, message: str, *, where: tuple | None = None) -> Fault:
        shown = describe_path(path if where is None else where) or "top level"
        return Fault(self.file, self.document.line_of(path), shown, message)


def scenario_faults(
    scenario: Scenario,
    *,
    document: LocatedDocument,
    registry: Mapping[str, Competency] | None,
    docs: DocsIndex,
) -> tuple[list[Fault], StateGraph | None]:
    """All semantic faults; also the explored state graph when the structure allows one."""
    report = _Reporter(file=scenario.file, document=document)
    dangling = list(_reference_faults(scenario, report))
    untested_flags = list(_flag_faults(scenario, report))
    faults = [
        *_registry_faults(scenario, report, registry),
        *dangling,
        *_node_kind_faults(scenario, report),
        *_score_faults(scenario, report),
        *untested_flags,
        *_reading_faults(scenario, report, docs),
    ]
    # Each later stage needs the one before it to be sound, and would only repeat its faults.
    if dangling:
        return faults, None
    structural = list(_structure_faults(scenario, report))
    faults.extend(structural)
    if structural:
        return faults, None
    try:
        graph = explore(scenario)
    except TooManyStates:
        message = f"flags combine into more than {STATE_LIMIT} states; use fewer flags"
        faults.append(report.at(("nodes",), message))
        return faults, None
    if untested_flags:
        return faults, None
    state_faults = [*_state_faults(scenario, report, graph), *_debrief_faults(scenario, report, graph), *_serious_error_faults(scenario, report, graph)]
    faults.extend(state_faults)
    return faults, None if state_faults else graph


def _registry_faults(scenario: Scenario, report: _Reporter, registry: Mapping[str, Competency] | None) -> Iterator[Fault]:
    if registry is None:  # the registry itself is faulty and already reported
        return
    for index, key in enumerate(scenario.competencies):
        if key not in registry:
            hint = difflib.get_close_matches(key, registry, n=1)
            suffix = f"; did you mean '{hint[0]}'?" if hint else f"; known: {', '.join(registry)}"
            yield report.at(("competencies", index), f"competency '{key}' is not in scenarios/competencies.yml{suffix}")


def _missing_node(scenario: Scenario, target: str) -> str:
    hint = difflib.get_close_matches(target, scenario.nodes, n=1)
    return f"no node '{target}'" + (f"; did you mean '{hint[0]}'?" if hint else "")


def _reference_faults(scenario: Scenario, report: _Reporter) -> Iterator[Fault]:
    if scenario.start not in scenario.nodes:
        yield report.at(("start",), _missing_node(scenario, scenario.start))
    for node in scenario.nodes.values():
        for choice in node.choices:
            if choice.next not in scenario.nodes:
                yield report.at(("nodes", node.id, "choices", choice.index, "next"), _missing_node(scenario, choice.next))


def _node_kind_faults(scenario: Scenario, report: _Reporter) -> Iterator[Fault]:
    for node in scenario.nodes.values():
        path = ("nodes", node.id)
        if node.is_ending and node.choices:
            yield report.at((*path, "choices"), f"an ending (outcome: {node.outcome}) cannot have choices", where=path)
        if not node.is_ending and len(node.choices) < 2:
            count = len(node.choices)
            yield report.at(path, f"a decision needs at least two choices (has {count}); or give it an outcome to make it an ending")
        if not node.is_ending and node.debrief:
            yield report.at((*path, "debrief"), "only endings have a debrief; add an outcome or remove it", where=path)


def _score_faults(scenario: Scenario, report: _Reporter) -> Iterator[Fault]:
    listed = set(scenario.competencies)
    for node in scenario.nodes.values():
        for choice in node.choices:
            for key in choice.scores:
                if key not in listed:
                    path = ("nodes", node.id, "choices", choice.index, "scores", key)
                    yield report.at(path, f"scores '{key}', which the scenario does not list in competencies")


def _flag_faults(scenario: Scenario, report: _Reporter) -> Iterator[Fault]:
    flags_set = {flag for node in scenario.nodes.values() for choice in node.choices for flag in choice.sets}
    for node in scenario.nodes.values():
        tested = [(("choices", c.index), c.requires, c.excludes) for c in node.choices]
        if len(node.debrief) > 1 or (node.debrief and (node.debrief[0].requires or node.debrief[0].excludes)):
            tested += [(("debrief", i), part.requires, part.excludes) for i, part in enumerate(node.debrief)]
        for where, requires, excludes in tested:
            for field, flags in (("if", requires), ("unless", excludes)):
                for flag in sorted(flags - flags_set):
                    yield report.at(("nodes", node.id, *where, field), f"flag '{flag}' is tested but no choice sets it")


def _reading_faults(scenario: Scenario, report: _Reporter, docs: DocsIndex) -> Iterator[Fault]:
    for index, link in enumerate(scenario.see_also):
        problem = docs.problem_with(link)
        if problem:
            yield report.at(("see_also", index), problem)
    for node in scenario.nodes.values():
        for choice in node.choices:
            problem = choice.see and docs.problem_with(choice.see)
            if problem:
                yield report.at(("nodes", node.id, "choices", choice.index, "see"), problem)


def _structure_faults(scenario: Scenario, report: _Reporter) -> Iterator[Fault]:
    """Orphans and traps, ignoring flags (the state checks refine this)."""
    reached = _walk(scenario.start, lambda node: (c.next for c in scenario.nodes[node].choices))
    for node_id in scenario.nodes:
        if node_id not in reached:
            yield report.at(("nodes", node_id), f"no path reaches this node from start '{scenario.start}'")
    predecessors: dict[str, list[str]] = {node_id: [] for node_id in scenario.nodes}
    for node in scenario.nodes.values():
        for choice in node.choices:
            predecessors[choice.next].append(node.id)
    endings = [node_id for node_id, node in scenario.nodes.items() if node.is_ending]
    finishing: set[str] = set()
    for ending in endings:
        finishing |= _walk(ending, lambda node: predecessors[node])
    for node_id in scenario.nodes:
        if node_id in reached and node_id not in finishing:
            yield report.at(("nodes", node_id), "no ending can be reached from here (a loop with no way out)")


def _state_faults(scenario: Scenario, report: _Reporter, graph: StateGraph) -> Iterator[Fault]:
    reported: set[str] = set()
    for index, (node_id, flags) in enumerate(graph.states):
        node = scenario.nodes[node_id]
        if not node.is_ending and not graph.successors[index] and node_id not in reported:
            reported.add(node_id)
            yield report.at(("nodes", node_id), f"no choice is visible when reached with {_flags(flags)}")
    finished = can_finish(graph, scenario)
    for index, (node_id, flags) in enumerate(graph.states):
        if not finished[index] and node_id not in reported:
            reported.add(node_id)
            yield report.at(("nodes", node_id), f"when reached with {_flags(flags)}, the visible choices never lead to an ending")
    reached = graph.nodes_reached()
    for node_id in scenario.nodes:
        if node_id not in reached:
            yield report.at(("nodes", node_id), "no path reaches this node: every choice leading here is hidden by its flags")


def _debrief_faults(scenario: Scenario, report: _Reporter, graph: StateGraph) -> Iterator[Fault]:
    """Debrief parts that no route to their ending would show."""
    reached: dict[str, list[frozenset[str]]] = {}
    for node_id, flags in graph.states:
        if scenario.nodes[node_id].is_ending:
            reached.setdefault(node_id, []).append(flags)
    for node_id, flag_sets in reached.items():
        for index, part in enumerate(scenario.nodes[node_id].debrief):
            if not any(part.shown_with(flags) for flags in flag_sets):
                where = ("nodes", node_id, "debrief", index)
                yield report.at(where, "no route to this ending shows this part: its if/unless never hold here")


def _serious_error_faults(scenario: Scenario, report: _Reporter, graph: StateGraph) -> Iterator[Fault]:
    """A serious error without ``caps`` on a route that can still report a strong outcome.

    Two linear passes instead of listing routes: the states reached from the start with no cap met,
    and the states from which a strong ending is reached with no cap met (with one such ending each).
    """
    uncapped = [[target for choice, target in edges if choice.caps is None] for edges in graph.successors]
    from_start = [False] * len(graph.states)
    from_start[0] = True
    frontier = [0]
    while frontier:
        for target in uncapped[frontier.pop()]:
            if not from_start[target]:
                from_start[target] = True
                frontier.append(target)
    predecessors: list[list[int]] = [[] for _ in graph.states]
    for source, targets in enumerate(uncapped):
        for target in targets:
            predecessors[target].append(source)
    strong_ending: list[str | None] = [None] * len(graph.states)
    frontier = [i for i, (node_id, _) in enumerate(graph.states) if scenario.nodes[node_id].outcome == "strong"]
    for state in frontier:
        strong_ending[state] = graph.states[state][0]
    while frontier:
        state = frontier.pop()
        for source in predecessors[state]:
            if strong_ending[source] is None:
                strong_ending[source] = strong_ending[state]
                frontier.append(source)
    reported: set[tuple[str, int]] = set()
    for source, edges in enumerate(graph.successors):
        for choice, target in edges:
            node_id = graph.states[source][0]
            ending = strong_ending[target]
            if not (from_start[source] and ending and choice.is_serious_error and choice.caps is None):
                continue
            if (node_id, choice.index) in reported:
                continue
            reported.add((node_id, choice.index))
            worst = min(choice.scores.values())
            message = (
                f"this choice scores {worst} (a serious error), yet the route can still end at the strong ending '{ending}': "
                "add 'caps: acceptable' or 'caps: poor' to the choice, or make every route from it end below strong"
            )
            yield report.at(("nodes", node_id, "choices", choice.index), message)


def _flags(flags: frozenset[str]) -> str:
    return "flags " + ", ".join(sorted(flags)) + " set" if flags else "no flags set"


def _walk(start: str, neighbours) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for following in neighbours(queue.popleft()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen
