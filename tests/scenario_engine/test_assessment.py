"""The assessment model: what a trainee's figures mean, as properties over generated scenarios
and as facts about the real ones (see ``assessment``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from generated_scenarios import PROPERTY_SETTINGS, in_project, random_route, scenario_graphs
from harness import ROOT
from scenario_engine import load_project
from scenario_engine.analysis import _acyclic_order, analyse
from scenario_engine.assessment import RouteDoesNotFit, assess_route, ideal_route, offered
from scenario_engine.model import OUTCOMES, lower_outcome, node_labels
from scenario_engine.state_graph import explore


def _scenario(data):
    project, faults = in_project(data)
    assert not faults, faults
    return project.scenarios["case"]


@PROPERTY_SETTINGS
@given(scenario_graphs(), st.data())
def test_no_route_earns_more_than_was_available(data, pick):
    """Full marks are the ceiling: in every competency, earned <= available, on every route and part of one."""
    scenario = _scenario(data)
    route = random_route(scenario, pick)
    assessed = assess_route(scenario, route)
    for key in scenario.competencies:
        assert assessed.earned[key] <= assessed.available[key]
        assert assessed.available[key] >= 0


@PROPERTY_SETTINGS
@given(scenario_graphs(), st.data())
def test_a_negatively_scored_choice_never_shows_full_marks(data, pick):
    scenario = _scenario(data)
    route = random_route(scenario, pick)
    assessed = assess_route(scenario, route)
    for key in scenario.competencies:
        if any(scenario.nodes[node].choices[index].scores.get(key, 0) < 0 for node, index in route):
            assert assessed.earned[key] < assessed.available[key], key


@PROPERTY_SETTINGS
@given(scenario_graphs(top_first=True), st.data())
def test_taking_a_top_scored_choice_at_every_decision_shows_full_marks(data, pick):
    """At each decision, take any choice with the top score in every competency (the first is one)."""
    scenario = _scenario(data)
    node_id, flags, route = scenario.start, frozenset(), []
    while not scenario.nodes[node_id].is_ending and len(route) < 30:
        visible = [c for c in scenario.nodes[node_id].choices if c.visible_with(flags)]
        top = offered(visible, scenario.competencies)
        ideal = [c for c in visible if all(c.scores.get(k, 0) == top[k] for k in scenario.competencies)]
        choice = pick.draw(st.sampled_from(ideal))
        route.append((node_id, choice.index))
        flags, node_id = flags | choice.sets, choice.next
    assessed = assess_route(scenario, route)
    assert assessed.earned == assessed.available
    assert not assessed.missed, "a top-scored choice is never a missed moment"


@PROPERTY_SETTINGS
@given(scenario_graphs(), st.data())
def test_the_outcome_is_the_ending_lowered_by_every_cap_met(data, pick):
    scenario = _scenario(data)
    route = random_route(scenario, pick, steps=60)
    assessed = assess_route(scenario, route)
    assume(assessed.ending_outcome is not None)
    caps = [scenario.nodes[node].choices[index].caps for node, index in route]
    expected = assessed.ending_outcome
    for cap in caps:
        expected = lower_outcome(expected, cap)
    assert assessed.outcome == expected
    if expected == assessed.ending_outcome:
        assert assessed.capped_by is None
    else:
        assert caps[assessed.capped_by] == expected and expected not in caps[: assessed.capped_by], "the first step with that cap"
    if any(scenario.nodes[node].choices[index].is_serious_error for node, index in route):
        assert assessed.outcome != "strong", "no strong outcome after a serious error: check refuses uncapped ones"


@PROPERTY_SETTINGS
@given(scenario_graphs(), st.data())
def test_map_ranges_and_route_counts_cover_every_route_that_closes_no_loop(data, pick):
    """The map's figures are over the routes that never take a loop-closing choice (see ``analysis``)."""
    scenario = _scenario(data)
    graph = explore(scenario)
    analysis = analyse(scenario, graph)
    _, loop_closing = _acyclic_order(graph)
    state, route = 0, []
    while not scenario.nodes[graph.states[state][0]].is_ending:
        edges = [(choice, target) for choice, target in graph.successors[state] if (state, target) not in loop_closing]
        assume(edges)  # every way on closes a loop: the analysis counts no route through here
        choice, target = pick.draw(st.sampled_from(edges))
        route.append((graph.states[state][0], choice.index))
        state = target
    assessed = assess_route(scenario, route)
    for key in scenario.competencies:
        assert analysis.available[key].low <= assessed.available[key] <= analysis.available[key].high
        assert analysis.earned[key].low <= assessed.earned[key] <= analysis.earned[key].high
    assert assessed.outcome in analysis.routes
    routes = analysis.routes[assessed.outcome]
    assert routes.shortest <= len(route) <= routes.longest


def test_a_step_that_cannot_be_taken_is_refused(project):
    from sample_project import VALID

    project.write("case.yml", VALID)
    scenario = project.load().scenarios["case"]
    for path in ([("held-line", 0)], [("dinner", 5)], [("dinner", 0), ("dinner", 0)]):
        with pytest.raises(RouteDoesNotFit):
            assess_route(scenario, path)


def test_loops_count_every_visit(project):
    project.write(
        "case.yml",
        """\
        title: Loop
        summary: S.
        level: foundation
        minutes: 5
        competencies: [referral]
        objectives: [O.]
        start: ask
        nodes:
          ask:
            text: Ask.
            choices:
              - {label: Well, next: done, scores: {referral: 2}}
              - {label: Badly, next: ask, scores: {referral: -1}}
          done:
            outcome: strong
            text: Done.
        """,
    )
    scenario = project.load().scenarios["case"]
    assessed = assess_route(scenario, [("ask", 1), ("ask", 1), ("ask", 0)])
    assert (assessed.earned["referral"], assessed.available["referral"]) == (0, 6)
    assert assessed.missed == (0, 1)


# ---------- the real scenarios ----------

REAL = load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)


@pytest.mark.parametrize("slug", sorted(REAL.scenarios))
def test_the_ideal_route_of_every_real_scenario_shows_full_marks_and_a_strong_outcome(slug):
    scenario = REAL.scenarios[slug]
    route = ideal_route(scenario)
    assert route is not None, f"{slug}: some decision on the ideal route has no choice with the top score in every competency"
    assessed = assess_route(scenario, route)
    assert assessed.earned == assessed.available
    assert assessed.outcome == "strong" and assessed.capped_by is None
    assert not assessed.missed


@pytest.mark.parametrize("slug", sorted(REAL.scenarios))
def test_every_real_scenario_reports_all_three_outcomes_and_has_a_title_on_every_node(slug):
    scenario = REAL.scenarios[slug]
    assert set(REAL.analyses[slug].routes) == set(OUTCOMES)
    untitled = [node.id for node in scenario.nodes.values() if not node.title]
    assert not untitled, f"{slug}: nodes without a title: {untitled}"


def test_the_real_scenarios_are_found():
    assert len(REAL.scenarios) >= 12 and Path(REAL.scenarios["better-off-gone"].file).name == "better-off-gone.yml"


def test_labels_are_titles_or_neutral_never_ids(project):
    from sample_project import VALID

    project.write("case.yml", VALID.replace("  leaked:\n", "  leaked:\n    title: Sam hears about the dinner\n"))
    scenario = project.load().scenarios["case"]
    assert node_labels(scenario) == {"dinner": "Moment 1", "held-line": "Ending", "leaked": "Sam hears about the dinner"}
