"""The scenario model: plain, immutable data built from a shape-checked file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("strong", "acceptable", "poor")
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

    def visible_with(self, flags: frozenset[str]) -> bool:
        return self.requires <= flags and not (self.excludes & flags)


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    text: str
    line: int
    choices: tuple[Choice, ...] = ()
    outcome: str | None = None
    debrief: str | None = None

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


def _flags(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


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
            )
            for index, choice in enumerate(raw.get("choices", []))
        )
        nodes[node_id] = Node(
            id=node_id,
            text=raw["text"],
            line=lines.get(("nodes", node_id), 1),
            choices=choices,
            outcome=raw.get("outcome"),
            debrief=raw.get("debrief"),
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
