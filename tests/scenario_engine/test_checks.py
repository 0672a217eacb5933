"""Every fault an author can make, with its exact message and line."""

from __future__ import annotations

import pytest

from sample_project import VALID

F = "scenarios/case.yml"
HINT_SCORES = "        scores: {confidentiality: -1, referral: 1}\n"


def replace(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_valid_scenario_has_no_faults(project):
    project.write("case.yml", VALID)
    assert project.faults() == []


CASES = {
    "not yaml": (
        "title: [unclosed\n",
        [f"{F}:1: not valid YAML: did not find expected ',' or ']' on line 2, while parsing a flow sequence that starts here"],
    ),
    "empty": ("", [f"{F}:1: the file is empty"]),
    "not a mapping": ("- a\n- b\n", [f"{F}:1: expected a mapping of keys to values at the top level"]),
    "duplicate top-level key": (
        replace("minutes: 8\n", "minutes: 8\nminutes: 9\n"),
        [f"{F}:5: top level: key 'minutes' is defined twice (first on line 4); remove one"],
    ),
    "duplicate nested key": (
        replace("        next: held-line\n", "        next: held-line\n        next: leaked\n"),
        [f"{F}:15: nodes.dinner.choices[1]: key 'next' is defined twice (first on line 14); remove one"],
    ),
    "missing field": (
        replace("minutes: 8\n", ""),
        [f"{F}:1: top level: missing required field 'minutes'"],
    ),
    "wrong type": (
        replace("minutes: 8", "minutes: eight"),
        [f"{F}:4: minutes: expected a whole number, got text ('eight')"],
    ),
    "value outside the set": (
        replace("level: intermediate", "level: expert"),
        [f"{F}:3: level: 'expert' is not allowed; use one of: foundation, intermediate, advanced"],
    ),
    "unknown key (typo)": (
        replace("        next: held-line\n", "        nxt: held-line\n"),
        [
            f"{F}:13: nodes.dinner.choices[1]: missing required field 'next'",
            f"{F}:14: nodes.dinner.choices[1]: unknown key 'nxt'; did you mean 'next'?",
        ],
    ),
    "bad node id": (
        replace("  leaked:\n", "  Leaked_Out:\n").replace("next: leaked", "next: Leaked_Out"),
        [
            f"{F}:19: nodes.dinner.choices[2].next: 'Leaked_Out' is not a valid name: use lowercase letters, digits and hyphens (like 'held-line')",
            f"{F}:25: nodes: 'Leaked_Out' is not a valid name: use lowercase letters, digits and hyphens (like 'held-line')",
        ],
    ),
    "start names no node": (
        replace("start: dinner", "start: diner"),
        [
            f"{F}:8: start: no node 'diner'; did you mean 'dinner'?",
        ],
    ),
    "next names no node": (
        replace("next: leaked", "next: leak"),
        [f"{F}:19: nodes.dinner.choices[2].next: no node 'leak'; did you mean 'leaked'?"],
    ),
    "orphan node": (
        VALID + "  lonely:\n    outcome: poor\n    text: Nobody comes here.\n",
        [f"{F}:28: nodes.lonely: no path reaches this node from start 'dinner'"],
    ),
    "decision with one choice": (
        replace(
            "      - label: Hint\n        next: leaked\n        scores: {confidentiality: -1, referral: 1}\n",
            "",
        ).replace("  leaked:\n    outcome: poor\n    text: Sam hears of it.\n", ""),
        [f"{F}:10: nodes.dinner: a decision needs at least two choices (has 1); or give it an outcome to make it an ending"],
    ),
    "ending with choices": (
        replace("    debrief: Well held.\n", "    debrief: Well held.\n    choices:\n      - label: Again\n        next: dinner\n"),
        [f"{F}:25: nodes.held-line: an ending (outcome: strong) cannot have choices"],
    ),
    "loop with no way out": (
        replace("        next: leaked\n", "        next: trap\n")
        + "  trap:\n    text: Round and round.\n    choices:\n      - label: A\n        next: trap2\n      - label: B\n        next: trap2\n"
        + "  trap2:\n    text: Again.\n    choices:\n      - label: C\n        next: trap\n      - label: D\n        next: trap\n",
        [
            f"{F}:25: nodes.leaked: no path reaches this node from start 'dinner'",
            f"{F}:28: nodes.trap: no ending can be reached from here (a loop with no way out)",
            f"{F}:35: nodes.trap2: no ending can be reached from here (a loop with no way out)",
        ],
    ),
    "score on an unlisted competency": (
        replace("scores: {confidentiality: 2}", "scores: {confidentiality: 2, power: 1}"),
        [f"{F}:16: nodes.dinner.choices[1].scores.power: scores 'power', which the scenario does not list in competencies"],
    ),
    "competency missing from the registry": (
        replace("competencies: [confidentiality, referral]", "competencies: [confidentiality, referral, consent]"),
        [f"{F}:5: competencies[3]: competency 'consent' is not in scenarios/competencies.yml; known: confidentiality, referral"],
    ),
    "flag tested but never set": (
        replace("      - label: Hint\n", "      - label: Hint\n        if: asked-first\n"),
        [f"{F}:19: nodes.dinner.choices[2].if: flag 'asked-first' is tested but no choice sets it"],
    ),
    "see_also names a missing page": (
        replace("see_also: [ethics/confidentiality.md]", "see_also: [ethics/privacy.md]"),
        [f"{F}:7: see_also[1]: 'ethics/privacy.md' is not a page in docs/"],
    ),
    "see names a missing anchor": (
        replace("see: ethics/confidentiality.md#limits", "see: ethics/confidentiality.md#limit"),
        [f"{F}:17: nodes.dinner.choices[1].see: 'ethics/confidentiality.md' has no section '#limit'"],
    ),
    "raw HTML": (
        replace("    text: Priya nods.", "    text: Priya <script>alert(1)</script> nods."),
        [f"{F}:23: nodes.held-line.text: raw HTML is not allowed (found '<script>aler'); write Markdown instead"],
    ),
    "javascript link": (
        replace("feedback: Good.", "feedback: '[Good](javascript:alert(1))'"),
        [
            f"{F}:15: nodes.dinner.choices[1].feedback: link target 'javascript:alert(1' is not allowed: in text, link to http(s), mailto or an #anchor; put links to the site's pages in 'see' or 'see_also'",
            f"{F}:15: nodes.dinner.choices[1].feedback: script links (javascript:, vbscript:, data:) are not allowed",
        ],
    ),
    "relative page link in text": (
        replace("feedback: Good.", "feedback: See [the limits](../ethics/confidentiality.md)."),
        [f"{F}:15: nodes.dinner.choices[1].feedback: link target '../ethics/confidentiality.md' is not allowed: in text, link to http(s), mailto or an #anchor; put links to the site's pages in 'see' or 'see_also'"],
    ),
    "attribute list": (
        replace("    debrief: Well held.", "    debrief: 'Well held.{: onclick=\"x()\" }'"),
        [f"{F}:24: nodes.held-line.debrief: attribute lists like '{{: .class }}' or '{{ key=value }}' are not allowed in scenario text"],
    ),
    "link in a label": (
        replace("label: Decline kindly", "label: '[Decline](https://example.org)'"),
        [f"{F}:13: nodes.dinner.choices[1].label: a choice label cannot contain a link (put reading in 'see')"],
    ),
    "a serious error that can still end strong": (
        replace(HINT_SCORES, HINT_SCORES + "      - label: Tell all\n        next: held-line\n        scores: {confidentiality: -3}\n"),
        [
            f"{F}:21: nodes.dinner.choices[3]: this choice scores -3 (a serious error), yet the route can still end at the strong ending "
            "'held-line': add 'caps: acceptable' or 'caps: poor' to the choice, or make every route from it end below strong"
        ],
    ),
    "a cap value that is not an outcome below strong": (
        replace(HINT_SCORES, HINT_SCORES + "        caps: strong\n"),
        [f"{F}:21: nodes.dinner.choices[2].caps: 'strong' is not allowed; use one of: acceptable, poor"],
    ),
    "debrief part tests a flag no choice sets": (
        replace("    debrief: Well held.\n", "    debrief:\n      - Well held.\n      - {text: You asked first., if: asked}\n"),
        [f"{F}:26: nodes.held-line.debrief[2].if: flag 'asked' is tested but no choice sets it"],
    ),
    "debrief part no route to its ending shows": (
        replace(
            HINT_SCORES,
            HINT_SCORES + "        sets: hinted\n",
            replace("    debrief: Well held.\n", "    debrief:\n      - Well held.\n      - {text: You hinted., if: hinted}\n"),
        ),
        [f"{F}:27: nodes.held-line.debrief[2]: no route to this ending shows this part: its if/unless never hold here"],
    ),
    "debrief part with an unknown key": (
        replace("    debrief: Well held.\n", "    debrief: [{text: A, when: b}]\n"),
        [f"{F}:24: nodes.held-line.debrief[1]: unknown key 'when'; allowed keys: if, text, unless"],
    ),
    "debrief that is a number": (
        replace("    debrief: Well held.\n", "    debrief: 3\n"),
        [f"{F}:24: nodes.held-line.debrief: expected Markdown text, or a list of parts (each Markdown text, or text with if/unless), got a number (3)"],
    ),
    "title on two lines": (
        replace("  held-line:\n", '  held-line:\n    title: "One\\ntwo"\n'),
        [f"{F}:22: nodes.held-line.title: must be one line of plain text"],
    ),
    "title too long": (
        replace("  held-line:\n", "  held-line:\n    title: " + "x" * 130 + "\n"),
        [f"{F}:22: nodes.held-line.title: is 130 characters long; keep it to 120"],
    ),
}


@pytest.mark.parametrize("text, expected", list(CASES.values()), ids=list(CASES))
def test_fault_is_reported_with_file_line_and_place(project, text, expected):
    project.write("case.yml", text)
    assert project.faults() == expected


def test_flags_that_leave_no_choice_visible(project):
    text = replace(
        "      - label: Decline kindly\n",
        "      - label: Decline kindly\n        unless: hinted\n",
    )
    text = replace("      - label: Hint\n        next: leaked\n", "      - label: Hint\n        next: again\n        sets: [hinted]\n        unless: hinted\n", text)
    text += (
        "  again:\n    text: Priya asks again.\n    choices:\n"
        "      - label: Back\n        next: dinner\n      - label: Leave\n        next: leaked\n"
    )
    project.write("case.yml", text)
    assert project.faults() == [f"{F}:10: nodes.dinner: no choice is visible when reached with flags hinted set"]


def test_every_fault_in_every_file_is_listed_together(project):
    project.write("case.yml", replace("level: intermediate", "level: expert"))
    project.write("other.yml", replace("minutes: 8", "minutes: 0"))
    project.write("Bad Name.yml", VALID)
    assert project.faults() == [
        "scenarios/Bad Name.yml:1: file name 'Bad Name' is not a valid slug: use lowercase letters, digits and hyphens",
        f"{F}:3: level: 'expert' is not allowed; use one of: foundation, intermediate, advanced",
        "scenarios/other.yml:4: minutes: must be at least 1, got 0",
    ]


def test_registry_faults_name_the_registry(project):
    (project.root / "scenarios" / "competencies.yml").write_text("referral:\n  name: Referral\n  reading: [nowhere.md]\n")
    project.write("case.yml", VALID)
    assert project.faults() == ["scenarios/competencies.yml:1: referral: missing required field 'description'"]


def test_yaml_dates_stay_text_and_bad_values_do_not_crash(project):
    project.write("case.yml", replace("minutes: 8", "minutes: 2026-13-01"))
    assert project.faults() == [f"{F}:4: minutes: expected a whole number, got text ('2026-13-01')"]


def test_a_capped_serious_error_passes(project):
    capped = "      - label: Tell all\n        next: held-line\n        scores: {confidentiality: -3}\n        caps: acceptable\n"
    project.write("case.yml", replace(HINT_SCORES, HINT_SCORES + capped))
    assert project.faults() == []
