"""The scenario as a player meets it: states are (node, flags set so far).

Flags decide which choices are visible, so reachability, dead ends and scores are only exact
over these states. Both the checks and the analysis walk this one graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Choice, Scenario

State = tuple[str, frozenset[str]]
STATE_LIMIT = 200_000


class TooManyStates(Exception):
    """More flag combinations than can be checked; the author should use fewer flags."""


@dataclass(frozen=True, slots=True)
class StateGraph:
    states: list[State]
    # successors[i] lists (choice, target state index) for every choice visible in state i
    successors: list[list[tuple[Choice, int]]]

    def nodes_reached(self) -> set[str]:
        return {node for node, _ in self.states}


def explore(scenario: Scenario, *, limit: int = STATE_LIMIT) -> StateGraph:
    """Every state a player can reach from the start, breadth first."""
    start: State = (scenario.start, frozenset())
    index = {start: 0}
    states = [start]
    successors: list[list[tuple[Choice, int]]] = []
    cursor = 0
    while cursor < len(states):
        node_id, flags = states[cursor]
        edges = []
        for choice in scenario.nodes[node_id].choices:
            if not choice.visible_with(flags):
                continue
            target = (choice.next, flags | choice.sets if choice.sets else flags)
            target_index = index.get(target)
            if target_index is None:
                if len(states) >= limit:
                    raise TooManyStates
                target_index = index[target] = len(states)
                states.append(target)
            edges.append((choice, target_index))
        successors.append(edges)
        cursor += 1
    return StateGraph(states=states, successors=successors)


def can_finish(graph: StateGraph, scenario: Scenario) -> list[bool]:
    """For each state, whether some ending is reachable from it."""
    predecessors: list[list[int]] = [[] for _ in graph.states]
    for source, edges in enumerate(graph.successors):
        for _, target in edges:
            predecessors[target].append(source)
    finished = [scenario.nodes[node].is_ending for node, _ in graph.states]
    frontier = [i for i, done in enumerate(finished) if done]
    while frontier:
        state = frontier.pop()
        for source in predecessors[state]:
            if not finished[source]:
                finished[source] = True
                frontier.append(source)
    return finished
