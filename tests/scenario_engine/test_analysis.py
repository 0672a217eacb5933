"""Route counting and score ranges by dynamic programming, including loops, caps and huge graphs."""

from __future__ import annotations

import yaml

from sample_project import VALID
from scenario_engine.analysis import Range


def rejoining(layers: int) -> dict:
    """Each layer has two decisions that both lead to both nodes of the next layer: 2**layers paths."""
    nodes = {}
    for layer in range(layers):
        for side in "ab":
            following = [f"l{layer + 1}a", f"l{layer + 1}b"] if layer + 1 < layers else ["good", "bad"]
            nodes[f"l{layer}{side}"] = {
                "text": "Choose.",
                "choices": [
                    {"label": "Left", "next": following[0], "scores": {"confidentiality": 1}},
                    {"label": "Right", "next": following[1], "scores": {"referral": 1}},
                ],
            }
    nodes["start"] = {"text": "Begin.", "choices": [{"label": "A", "next": "l0a"}, {"label": "B", "next": "l0b"}]}
    nodes["good"] = {"outcome": "strong", "text": "Done."}
    nodes["bad"] = {"outcome": "poor", "text": "Done."}
    return {
        "title": "Big", "summary": "Big.", "level": "advanced", "minutes": 60,
        "competencies": ["confidentiality", "referral"], "objectives": ["Scale."], "start": "start", "nodes": nodes,
    }


def test_astronomically_many_paths_are_counted_exactly(project):
    project.write("big.yml", yaml.safe_dump(rejoining(200), sort_keys=False))
    analysis = project.load().analyses["big"]
    assert analysis.paths == 2 * 2**200
    assert analysis.routes["strong"].paths == 2**200
    assert analysis.routes["strong"].shortest == analysis.routes["strong"].longest == 201
    # every decision offers 1 in each competency, and a route takes one of them: 201 decisions
    assert analysis.available["confidentiality"] == Range(201 - 1, 201 - 1)  # the start offers none
    assert analysis.earned["confidentiality"] == Range(0, 200)


def test_a_loop_is_not_repeated(project):
    text = VALID.replace(
        "      - label: Hint\n        next: leaked\n",
        "      - label: Hint\n        next: again\n",
    ) + (
        "  again:\n    text: Try again?\n    choices:\n"
        "      - label: Back\n        next: dinner\n        scores: {referral: 3}\n"
        "      - label: Give up\n        next: leaked\n"
    )
    project.write("case.yml", text)
    analysis = project.load().analyses["case"]
    # dinner -> held-line; dinner -> again -> leaked. The route back to dinner closes a loop.
    assert analysis.paths == 2
    # dinner offers 2 and 1; "again" offers 0 and 3
    assert analysis.available == {"confidentiality": Range(2, 2), "referral": Range(1, 4)}
    assert analysis.earned == {"confidentiality": Range(-1, 2), "referral": Range(0, 1)}
    assert analysis.routes["poor"].shortest == 2


def test_flags_decide_which_routes_exist(project):
    text = VALID.replace("        scores: {confidentiality: 2}\n", "        scores: {confidentiality: 2}\n        if: asked\n")
    text = text.replace("      - label: Hint\n        next: leaked\n", "      - label: Hint\n        next: ask\n")
    text += (
        "  ask:\n    text: You ask first.\n    choices:\n"
        "      - label: Back to dinner\n        next: dinner\n        sets: [asked]\n"
        "      - label: Leave\n        next: leaked\n"
    )
    project.write("case.yml", text)
    analysis = project.load().analyses["case"]
    # "Decline kindly" is hidden until "asked" is set, so the strong ending needs the detour.
    # Routes are counted over (node, flags) states: dinner -> ask -> leaked; dinner -> ask ->
    # dinner(asked) -> held-line; dinner -> ask -> dinner(asked) -> ask(asked) -> leaked.
    assert analysis.routes["strong"].shortest == 3
    assert analysis.routes["poor"].paths == 2
    assert analysis.paths == 3
    # -1 (leave), -1 + 2 (back, decline), -1 - 1 (back, hint again, leave)
    assert analysis.earned["confidentiality"] == Range(-2, 1)


def test_a_cap_lowers_the_outcome_its_routes_count_under(project):
    text = VALID.replace("        scores: {confidentiality: 2}\n", "        scores: {confidentiality: 2}\n        caps: acceptable\n")
    project.write("case.yml", text)
    analysis = project.load().analyses["case"]
    assert set(analysis.routes) == {"acceptable", "poor"}, "the strong ending is only reached through the cap"
    assert analysis.routes["acceptable"].paths == 1
    assert analysis.endings["strong"] == 1, "endings are counted by their own outcome"
