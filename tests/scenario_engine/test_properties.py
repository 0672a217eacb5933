"""Property-based tests: random valid graphs pass; one mutation of them fails with a fault."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sample_project import Project

OUTCOMES = ["strong", "acceptable", "poor"]


@st.composite
def scenario_graphs(draw):
    """A layered graph: every decision leads forward (so all nodes reach an ending) with
    optional loops back, and the first choice of each decision keeps a chain from the start."""
    decisions = draw(st.integers(min_value=1, max_value=12))
    endings = draw(st.integers(min_value=1, max_value=3))
    ids = [f"n{i}" for i in range(decisions)] + [f"end-{i}" for i in range(endings)]
    nodes = {}
    for i in range(decisions):
        forward = ids[i + 1 :]
        count = draw(st.integers(min_value=2, max_value=3))
        targets = [ids[i + 1]] + [draw(st.sampled_from(forward)) for _ in range(count - 1)]
        if i > 0 and draw(st.booleans()):
            targets.append(draw(st.sampled_from(ids[:i])))  # a "try again" loop
        choices = []
        for target in targets:
            choice = {"label": f"Go to {target}", "next": target, "feedback": "Because."}
            score = draw(st.integers(min_value=-2, max_value=2))
            if score:
                choice["scores"] = {"confidentiality": score}
            choices.append(choice)
        nodes[ids[i]] = {"text": f"Moment {i}.", "choices": choices}
    for j in range(endings):
        nodes[f"end-{j}"] = {"outcome": OUTCOMES[j % 3], "text": "The end.", "debrief": "Think."}
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
        "competencies": ["confidentiality"],
        "objectives": ["Learn."],
        "start": "n0",
        "nodes": nodes,
    }


def faults_of(data: dict) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        project = Project(Path(folder))
        project.write("case.yml", yaml.safe_dump(data, sort_keys=False))
        return project.faults()


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(scenario_graphs())
def test_random_valid_graphs_pass(data):
    assert faults_of(data) == []


@PROPERTY_SETTINGS
@given(scenario_graphs(), st.data())
def test_a_dangling_next_fails(data, pick):
    node = pick.draw(st.sampled_from([k for k, v in data["nodes"].items() if "choices" in v]))
    data["nodes"][node]["choices"][0]["next"] = "nowhere-at-all"
    faults = faults_of(data)
    assert any("choices[1].next: no node 'nowhere-at-all'" in fault for fault in faults), faults


@PROPERTY_SETTINGS
@given(scenario_graphs())
def test_an_orphan_fails(data):
    data["nodes"]["orphan"] = {"outcome": "poor", "text": "Unreachable."}
    faults = faults_of(data)
    assert any("nodes.orphan: no path reaches this node" in fault for fault in faults), faults


@PROPERTY_SETTINGS
@given(scenario_graphs(), st.data())
def test_a_trap_loop_fails(data, pick):
    node = pick.draw(st.sampled_from([k for k, v in data["nodes"].items() if "choices" in v]))
    data["nodes"]["trap-a"] = {"text": "A.", "choices": [{"label": "x", "next": "trap-b"}, {"label": "y", "next": "trap-b"}]}
    data["nodes"]["trap-b"] = {"text": "B.", "choices": [{"label": "x", "next": "trap-a"}, {"label": "y", "next": "trap-a"}]}
    data["nodes"][node]["choices"].append({"label": "Into the loop", "next": "trap-a"})
    faults = faults_of(data)
    assert any("nodes.trap-a: no ending can be reached from here" in fault for fault in faults), faults
