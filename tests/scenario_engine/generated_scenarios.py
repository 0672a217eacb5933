"""Random valid scenarios for property tests, and random routes through them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sample_project import Project

OUTCOMES = ["strong", "acceptable", "poor"]
COMPETENCIES = ["confidentiality", "referral"]
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenario_graphs(draw, *, top_first: bool = False):
    """A layered graph: every decision leads forward (so all nodes reach an ending) with
    optional loops back, and the first choice of each decision keeps a chain from the start.

    Scores range over both competencies; a flag set by some choices hides or shows later
    choices (never the first, so no decision is left without a choice); a serious error (-2)
    always carries a cap, other choices sometimes do, so every generated scenario passes.
    """
    decisions = draw(st.integers(min_value=1, max_value=10))
    endings = draw(st.integers(min_value=1, max_value=3))
    ids = [f"n{i}" for i in range(decisions)] + [f"end-{i}" for i in range(endings)]
    flagged = draw(st.booleans())
    nodes = {}
    for i in range(decisions):
        forward = ids[i + 1 :]
        count = draw(st.integers(min_value=2, max_value=3))
        targets = [ids[i + 1]] + [draw(st.sampled_from(forward)) for _ in range(count - 1)]
        if i > 0 and draw(st.booleans()):
            targets.append(draw(st.sampled_from(ids[:i])))  # a "try again" loop
        choices = []
        for position, target in enumerate(targets):
            choice = {"label": f"Go to {target}", "next": target, "feedback": "Because."}
            scores = {key: draw(st.integers(min_value=-2, max_value=2)) for key in COMPETENCIES}
            if any(scores.values()):
                choice["scores"] = {key: value for key, value in scores.items() if value}
            cap = draw(st.sampled_from([None, None, "acceptable", "poor"]))
            if min(scores.values()) <= -2:
                cap = cap or "acceptable"
            if cap:
                choice["caps"] = cap
            if flagged and draw(st.booleans()):
                choice["sets"] = "asked"
            # a hidden choice never hides a node: only choices to the next layer or back are conditional
            if flagged and position > 0 and (target == ids[i + 1] or target in ids[:i]):
                test = draw(st.sampled_from([None, "if", "unless"]))
                if test:
                    choice[test] = "asked"
            choices.append(choice)
        if top_first:
            top = {key: max(0, *(c.get("scores", {}).get(key, 0) for c in choices)) for key in COMPETENCIES}
            choices[0]["scores"] = {key: value for key, value in top.items() if value}
            choices[0].pop("caps", None)
        nodes[ids[i]] = {"title": f"Moment at step {i}", "text": f"Moment {i}.", "choices": choices}
    for j in range(endings):
        nodes[f"end-{j}"] = {"outcome": OUTCOMES[j % 3], "text": "The end.", "debrief": ["Think."]}
    if flagged:  # the chain of first choices sets the flag and reaches end-0, so this part can show
        nodes["n0"]["choices"][0]["sets"] = "asked"
        nodes["end-0"]["debrief"].append({"text": "You asked.", "if": "asked"})
    # every ending must be reachable: link each one from the last decision if nothing points at it
    targeted = {c["next"] for node in nodes.values() for c in node.get("choices", [])}
    last = nodes[ids[decisions - 1]]["choices"]
    for j in range(endings):
        if f"end-{j}" not in targeted:
            last.append({"label": f"Finish {j}", "next": f"end-{j}"})
    return {
        "title": "Generated",
        "summary": "Generated.",
        "level": "foundation",
        "minutes": 5,
        "competencies": COMPETENCIES,
        "objectives": ["Learn."],
        "start": "n0",
        "nodes": nodes,
    }


def in_project(data: dict):
    """Load ``data`` as the only scenario of a throwaway project: (loaded project or None, faults)."""
    with tempfile.TemporaryDirectory() as folder:
        project = Project(Path(folder))
        project.write("case.yml", yaml.safe_dump(data, sort_keys=False))
        faults = project.faults()
        return (None if faults else project.load()), faults


def faults_of(data: dict) -> list[str]:
    return in_project(data)[1]


def random_route(scenario, pick, *, steps: int = 30) -> list[tuple[str, int]]:
    """A route from the start taking random visible choices, up to ``steps`` decisions or an ending."""
    node_id, flags, path = scenario.start, frozenset(), []
    while len(path) < steps and not scenario.nodes[node_id].is_ending:
        visible = [c for c in scenario.nodes[node_id].choices if c.visible_with(flags)]
        choice = pick.draw(st.sampled_from(visible))
        path.append((node_id, choice.index))
        flags, node_id = flags | choice.sets, choice.next
    return path
