"""How a route is assessed: what the trainee earned against what their decisions made available.

The same model runs in the browser (``docs/assets/javascripts/assessment.js``); tests hold the
two to the same figures. For every competency a scenario lists, each decision on the route adds
to ``available`` the best score any visible choice offered there (at least 0) and to ``earned``
the chosen choice's score. Every visit counts, loops included, so earned never exceeds available,
and taking a top-scored choice at every decision earns exactly what was available.

The outcome reported is the ending's, lowered by any ``caps`` met on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Choice, Node, Scenario, lower_outcome


class RouteDoesNotFit(ValueError):
    """A step that is not at the current node, or names a choice that is unknown or hidden."""


@dataclass(frozen=True, slots=True)
class AssessedStep:
    node: str
    choice: int
    strongest: int  # the visible choice with the highest total score (the first, on a tie)
    missed: bool  # the chosen choice's total is lower than the strongest's
    cap: str | None


@dataclass(frozen=True, slots=True)
class RouteAssessment:
    steps: tuple[AssessedStep, ...]
    node: str  # where the route stands
    flags: frozenset[str]
    earned: dict[str, int]
    available: dict[str, int]
    ending_outcome: str | None  # None while the route has not reached an ending
    outcome: str | None  # the ending's outcome, lowered by the caps met
    capped_by: int | None  # index of the first step whose cap set the outcome
    debrief_parts: tuple[int, ...]  # the ending's debrief parts shown for this route

    @property
    def missed(self) -> tuple[int, ...]:
        return tuple(index for index, step in enumerate(self.steps) if step.missed)


def visible_choices(node: Node, flags: frozenset[str]) -> list[Choice]:
    return [choice for choice in node.choices if choice.visible_with(flags)]


def strongest_choice(choices: Sequence[Choice]) -> Choice:
    """The choice with the highest total score; the first of them on a tie."""
    return max(choices, key=lambda choice: choice.total)  # max keeps the first of equals


def offered(choices: Sequence[Choice], competencies: Sequence[str]) -> dict[str, int]:
    """What a decision makes available: the best score any of its visible choices offers (at least 0)."""
    return {key: max(0, *(choice.scores.get(key, 0) for choice in choices)) for key in competencies}


def assess_route(scenario: Scenario, path: Sequence[tuple[str, int]]) -> RouteAssessment:
    """Walk ``path`` ((node id, choice index) per step) from the start; raise RouteDoesNotFit if it cannot be taken."""
    keys = scenario.competencies
    earned = dict.fromkeys(keys, 0)
    available = dict.fromkeys(keys, 0)
    node_id, flags = scenario.start, frozenset()
    steps = []
    for number, (step_node, index) in enumerate(path, start=1):
        node = scenario.nodes[node_id]
        if step_node != node_id or not 0 <= index < len(node.choices) or not node.choices[index].visible_with(flags):
            raise RouteDoesNotFit(f"step {number} ({step_node}, choice {index + 1}) cannot be taken at '{node_id}'")
        choice, visible = node.choices[index], visible_choices(node, flags)
        for key, value in offered(visible, keys).items():
            available[key] += value
            earned[key] += choice.scores.get(key, 0)
        strongest = strongest_choice(visible)
        steps.append(AssessedStep(node=node_id, choice=index, strongest=strongest.index, missed=choice.total < strongest.total, cap=choice.caps))
        flags = flags | choice.sets
        node_id = choice.next
    ending = scenario.nodes[node_id]
    outcome = capped_by = None
    if ending.is_ending:
        outcome = ending.outcome
        for step in steps:
            outcome = lower_outcome(outcome, step.cap)
        if outcome != ending.outcome:
            capped_by = next(i for i, step in enumerate(steps) if step.cap == outcome)
    return RouteAssessment(
        steps=tuple(steps),
        node=node_id,
        flags=flags,
        earned=earned,
        available=available,
        ending_outcome=ending.outcome,
        outcome=outcome,
        capped_by=capped_by,
        debrief_parts=tuple(i for i, part in enumerate(ending.debrief) if part.shown_with(flags)) if ending.is_ending else (),
    )


def ideal_route(scenario: Scenario) -> list[tuple[str, int]] | None:
    """The route that takes, at every decision, a choice with the top score in every competency.

    None when some decision on it has no such choice, or when it would go round a loop.
    """
    node_id, flags = scenario.start, frozenset()
    path: list[tuple[str, int]] = []
    seen = set()
    while not scenario.nodes[node_id].is_ending:
        if (node_id, flags) in seen:
            return None
        seen.add((node_id, flags))
        visible = visible_choices(scenario.nodes[node_id], flags)
        top = offered(visible, scenario.competencies)
        ideal = [c for c in visible if all(c.scores.get(key, 0) == top[key] for key in scenario.competencies)]
        if not ideal:
            return None
        choice = ideal[0]
        path.append((node_id, choice.index))
        flags = flags | choice.sets
        node_id = choice.next
    return path
