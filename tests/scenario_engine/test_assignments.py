"""Assignment files: loading, and every fault with its file, line and message."""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path

import pytest

from scenario_engine import ScenarioFaults, load_project
from scenario_engine.pages import generated_pages

REGISTRY = """\
referral:
  name: Recognising when and how to refer
  description: Know when coaching is not enough.
"""
SCENARIO = """\
title: {title}
summary: A short case.
level: foundation
minutes: 5
competencies: [referral]
objectives: [Refer well.]
start: opening
nodes:
  opening:
    text: The client says something worrying.
    choices:
      - label: Ask about it.
        next: good
        scores: {{referral: 2}}
      - label: Move on.
        next: poor
        scores: {{referral: -1}}
  poor:
    outcome: poor
    text: The client does not come back.
  good:
    outcome: strong
    text: The client is relieved.
"""
VALID = """\
title: Week one
cohort: Group A
due: 2026-03-16
feedback: delayed
scenarios:
  - first-case
  - second-case
instructions: |
  Play both, then read [the start](../index.md).
"""


def make_project(tmp_path: Path, assignments: dict[str, str]) -> Path:
    scenarios = tmp_path / "scenarios"
    (scenarios / "assignments").mkdir(parents=True)
    (scenarios / "competencies.yml").write_text(REGISTRY)
    (scenarios / "first-case.yml").write_text(SCENARIO.format(title="First case"))
    (scenarios / "second-case.yml").write_text(SCENARIO.format(title="Second case"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    for name, text in assignments.items():
        (scenarios / "assignments" / name).write_text(textwrap.dedent(text))
    return tmp_path


def load(root: Path):
    return load_project(scenarios_dir=root / "scenarios", docs_dir=root / "docs", root=root)


def faults_of(tmp_path: Path, assignments: dict[str, str]) -> list[str]:
    root = make_project(tmp_path, assignments)
    with pytest.raises(ScenarioFaults) as caught:
        load(root)
    return [str(fault) for fault in caught.value.faults]


def test_valid_assignment_loads_and_becomes_pages(tmp_path):
    project = load(make_project(tmp_path, {"week-one.yml": VALID}))
    assignment = project.assignments["week-one"]
    assert assignment.title == "Week one"
    assert assignment.scenarios == ("first-case", "second-case")
    assert assignment.due == datetime.date(2026, 3, 16)
    assert assignment.feedback == "delayed"
    assert assignment.cohort == "Group A"
    pages = generated_pages(project)
    page = pages["assignments/week-one.md"].content
    assert "[First case](../scenarios/first-case.md?assignment=week-one&feedback=delayed)" in page
    assert '<time datetime="2026-03-16">16 March 2026</time>' in page
    assert "[Week one](week-one.md)" in pages["assignments/index.md"].content
    for path in ("assign.md", "review.md", "assignments/view.md"):
        assert path in pages
    # the review page names each scenario's data script; the script carries the data as JSON
    assert "(assets/review-data/first-case.js){ .sup-scenario-script" in pages["review.md"].content
    script = pages["assets/review-data/first-case.js"].content
    prefix = '(window.pcpReviewData = window.pcpReviewData || {})["first-case"] = '
    data = json.loads(script.split(prefix, 1)[1].rstrip().removesuffix(";"))
    assert data["slug"] == "first-case" and data["start"] in data["nodes"]


def test_no_assignments_folder_is_fine(tmp_path):
    root = make_project(tmp_path, {})
    (root / "scenarios" / "assignments").rmdir()
    assert load(root).assignments == {}


def test_feedback_is_left_to_the_scenario_when_unset(tmp_path):
    text = "title: T\ninstructions: Do it.\nscenarios: [first-case]\n"
    page = generated_pages(load(make_project(tmp_path, {"plain.yml": text})))["assignments/plain.md"].content
    assert "(../scenarios/first-case.md?assignment=plain)" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "instructions: Do it.\nscenarios: [first-case]\n",
            "scenarios/assignments/a.yml:1: top level: missing required field 'title'",
        ),
        (
            "title: T\nscenarios: [first-case]\n",
            "scenarios/assignments/a.yml:1: top level: missing required field 'instructions'",
        ),
        (
            "title: T\ninstructions: Do it.\n",
            "scenarios/assignments/a.yml:1: top level: missing required field 'scenarios'",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios:\n  - first-case\n  - secnd-case\n",
            "scenarios/assignments/a.yml:5: scenarios[2]: no scenario 'secnd-case'; did you mean 'second-case'?",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios: []\n",
            "scenarios/assignments/a.yml:3: scenarios: must not be empty",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios: [first-case]\ndue: 2026-02-30\n",
            "scenarios/assignments/a.yml:4: due: '2026-02-30' is not a real date",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios: [first-case]\ndue: next Friday\n",
            "scenarios/assignments/a.yml:4: due: 'next Friday' is not a date: write it as YYYY-MM-DD, like 2026-03-31",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios: [first-case]\ndue: 2026-3-1\n",
            "scenarios/assignments/a.yml:4: due: '2026-3-1' is not a date: write it as YYYY-MM-DD, like 2026-03-31",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios: [first-case]\nfeedback: later\n",
            "scenarios/assignments/a.yml:4: feedback: 'later' is not allowed; use one of: immediate, delayed",
        ),
        (
            "title: T\ninstructions: Do it.\nscenarios: [first-case]\ndeadline: 2026-03-01\n",
            "scenarios/assignments/a.yml:4: top level: unknown key 'deadline'; allowed keys: cohort, due, feedback, instructions, scenarios, title",
        ),
        (
            "title: T\ninstructions: <b>Do it.</b>\nscenarios: [first-case]\n",
            "scenarios/assignments/a.yml:2: instructions: raw HTML is not allowed (found '<b>Do it.</b'); write Markdown instead",
        ),
        (
            "title: T\ntitle: U\ninstructions: Do it.\nscenarios: [first-case]\n",
            "scenarios/assignments/a.yml:2: top level: key 'title' is defined twice (first on line 1); remove one",
        ),
    ],
    ids=[
        "missing-title", "missing-instructions", "missing-scenarios", "unknown-scenario", "empty-scenarios",
        "impossible-date", "not-a-date", "unpadded-date", "bad-feedback", "unknown-key", "raw-html", "duplicate-key",
    ],
)
def test_fault(tmp_path, text, expected):
    assert faults_of(tmp_path, {"a.yml": text}) == [expected]


def test_faults_from_several_files_are_all_reported(tmp_path):
    faults = faults_of(
        tmp_path,
        {
            "a.yml": "title: T\ninstructions: Do it.\nscenarios: [nowhere]\n",
            "Bad_Name.yml": VALID,
            "view.yml": VALID,
            "c.yaml": VALID,
        },
    )
    assert faults == [
        "scenarios/assignments/Bad_Name.yml:1: file name 'Bad_Name' is not a valid slug: use lowercase letters, digits and hyphens",
        "scenarios/assignments/a.yml:3: scenarios[1]: no scenario 'nowhere'",
        "scenarios/assignments/c.yaml:1: assignment files must end in .yml (lowercase), not '.yaml'",
        "scenarios/assignments/view.yml:1: 'view' is reserved for a page of the site: rename the file",
    ]


def test_a_scenario_with_faults_is_not_also_unknown(tmp_path):
    root = make_project(tmp_path, {"a.yml": "title: T\ninstructions: Do it.\nscenarios: [first-case]\n"})
    (root / "scenarios" / "first-case.yml").write_text("title: Broken\n")
    with pytest.raises(ScenarioFaults) as caught:
        load(root)
    assert all("assignments" not in fault.file for fault in caught.value.faults)
