"""Property-based tests: random valid graphs pass; one mutation of them fails with a fault."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generated_scenarios import PROPERTY_SETTINGS, faults_of, scenario_graphs

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
