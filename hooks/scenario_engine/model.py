"""The scenario model: plain, immutable data built from a shape-checked file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("strong", "acceptable", "poor")  # best first
SERIOUS_ERROR = -2  # a choice scoring this or lower in any competency is a serious error


def lower_outcome(first: str, second: str | None) -> str:
    """The lower of two outcomes (``None`` caps nothing)."""
    if second is None:
        return first
    return first if OUTCOMES.index(first) >= OUTCOMES.index(second) else second
LEVELS = ("foundation", "intermediate", "advanced")


@dataclass(frozen=True, slots=True)
class Competency:
    key: str
    name: str
    description: str
    reading: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Choice:
    index: int
    label: str
    next: str
    line: int
    feedback: str | None = None
    scores: dict[str, int] = field(default_factory=dict)
    see: str | None = None
    sets: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()  # `if`: every flag must be set
    excludes: frozenset[str] = frozenset()  # `unless`: no flag may be set
    caps: str | None = None  # the best outcome a route through this choice can report

    def visible_with(self, flags: frozenset[str]) -> bool:
        return self.requires <= flags and not (self.excludes & flags)

    @property
    def total(self) -> int:
        return sum(self.scores.values())

    @property
    def is_serious_error(self) -> bool:
        return any(score <= SERIOUS_ERROR for score in self.scores.values())


@dataclass(frozen=True, slots=True)
class DebriefPart:
    """One paragraph of an ending's debrief, shown when its flags hold at the end of the route."""

    text: str
    requires: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()

    def shown_with(self, flags: frozenset[str]) -> bool:
        return self.requires <= flags and not (self.excludes & flags)


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    text: str
    line: int
    choices: tuple[Choice, ...] = ()
    outcome: str | None = None
    debrief: tuple[DebriefPart, ...] = ()
    title: str | None = None

    @property
    def is_ending(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True, slots=True)
class Scenario:
    slug: str
    file: str
    title: str
    summary: str
    level: str
    minutes: int
    competencies: tuple[str, ...]
    objectives: tuple[str, ...]
    start: str
    nodes: dict[str, Node]
    version: str
    tags: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    feedback: str = "immediate"


def reading_order(scenario: Scenario) -> list[str]:
    """Node ids breadth first from the start, choices in file order; unreached nodes last."""
    order = [scenario.start] if scenario.start in scenario.nodes else []
    seen = set(order)
    for node_id in order:  # grows while it is walked: breadth first
        for choice in scenario.nodes[node_id].choices:
            if choice.next in scenario.nodes and choice.next not in seen:
                seen.add(choice.next)
                order.append(choice.next)
    return order + [node_id for node_id in scenario.nodes if node_id not in seen]


def node_labels(scenario: Scenario, order: list[str] | None = None) -> dict[str, str]:
    """What a trainee or supervisor sees for each node: its title, or a neutral label.

    Without a title a decision is "Moment N" and an ending is "Ending", N being the node's place in
    ``reading_order``. Ids are never shown.
    """
    labels = {}
    for number, node_id in enumerate(order or reading_order(scenario), start=1):
        node = scenario.nodes[node_id]
        labels[node_id] = node.title or ("Ending" if node.is_ending else f"Moment {number}")
    return labels


def _flags(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


def _debrief(value: Any) -> tuple[DebriefPart, ...]:
    if value is None:
        return ()
    parts = [value] if isinstance(value, str) else value
    return tuple(
        DebriefPart(text=part)
        if isinstance(part, str)
        else DebriefPart(text=part["text"], requires=_flags(part.get("if")), excludes=_flags(part.get("unless")))
        for part in parts
    )


def build_scenario(*, slug: str, file: str, data: dict[str, Any], lines: dict, version: str) -> Scenario:
    """Build the model from data that already passed the shape check."""
    nodes = {}
    for node_id, raw in data["nodes"].items():
        choices = tuple(
            Choice(
                index=index,
                label=choice["label"],
                next=choice["next"],
                line=lines.get(("nodes", node_id, "choices", index), 1),
                feedback=choice.get("feedback"),
                scores=dict(choice.get("scores", {})),
                see=choice.get("see"),
                sets=_flags(choice.get("sets")),
                requires=_flags(choice.get("if")),
                excludes=_flags(choice.get("unless")),
                caps=choice.get("caps"),
            )
            for index, choice in enumerate(raw.get("choices", []))
        )
        nodes[node_id] = Node(
            id=node_id,
            text=raw["text"],
            line=lines.get(("nodes", node_id), 1),
            choices=choices,
            outcome=raw.get("outcome"),
            debrief=_debrief(raw.get("debrief")),
            title=raw.get("title"),
        )
    return Scenario(
        slug=slug,
        file=file,
        title=data["title"],
        summary=data["summary"],
        level=data["level"],
        minutes=data["minutes"],
        competencies=tuple(data["competencies"]),
        objectives=tuple(data["objectives"]),
        start=data["start"],
        nodes=nodes,
        version=version,
        tags=tuple(data.get("tags", [])),
        see_also=tuple(data.get("see_also", [])),
        feedback=data.get("feedback", "immediate"),
    )
