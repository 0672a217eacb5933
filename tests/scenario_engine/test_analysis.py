"""Path counting and best scores by dynamic programming, including loops and huge graphs."""

from __future__ import annotations

import yaml

from sample_project import VALID


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
    assert analysis.best == {"confidentiality": 200, "referral": 200}
    assert analysis.worst == {"confidentiality": 0, "referral": 0}


def test_a_loop_is_not_repeated_and_scores_count_once(project):
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
    assert analysis.best == {"confidentiality": 2, "referral": 1}
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
    assert analysis.best == {"confidentiality": 1, "referral": 2}
