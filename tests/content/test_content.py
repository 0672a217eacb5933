"""The course content meets its own standard: spelling, scenario shape, coverage, safety."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scenario_engine import load_project

ROOT = Path(__file__).resolve().parents[2]
SAFETY_NOTE = "If anyone may be at immediate risk, contact local emergency services."


@pytest.fixture(scope="module")
def project():
    return load_project(scenarios_dir=ROOT / "scenarios", docs_dir=ROOT / "docs", root=ROOT)


def test_spelling_in_docs_and_scenarios():
    command = [sys.executable, "-m", "codespell_lib", "docs", "scenarios", "includes", "README.md", "--skip", "*.svg"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_at_least_fifteen_reference_pages():
    pages = [p for p in (ROOT / "docs").rglob("*.md")]
    assert len(pages) >= 15


def test_fifteen_scenarios_spread_over_levels_and_all_competencies(project):
    assert len(project.scenarios) >= 15
    assert {s.level for s in project.scenarios.values()} == {"foundation", "intermediate", "advanced"}
    scored = {key for s in project.scenarios.values() for n in s.nodes.values() for c in n.choices for key in c.scores}
    assert scored == set(project.competencies)


def test_each_scenario_meets_the_content_standard(project):
    problems = []
    for slug, scenario in project.scenarios.items():
        analysis = project.analyses[slug]
        choices = [c for n in scenario.nodes.values() for c in n.choices]
        scored = {key for c in choices for key in c.scores}
        checks = {
            "at least 8 nodes": analysis.nodes >= 8,
            "at least 4 decisions": analysis.decisions >= 4,
            "all three outcomes reachable": set(analysis.routes) == {"strong", "acceptable", "poor"},
            "a strong route of at least 4 decisions": analysis.routes.get("strong") and analysis.routes["strong"].longest >= 4,
            "feedback on every choice": all(c.feedback for c in choices),
            "reading (see) on every choice": all(c.see for c in choices),
            "scores on at least two competencies": len(scored) >= 2,
            "a debrief on every ending": all(n.debrief for n in scenario.nodes.values() if n.is_ending),
        }
        problems += [f"{slug}: {name}" for name, ok in checks.items() if not ok]
    assert problems == []


def test_every_ethics_pitfalls_and_frameworks_page_is_practised_by_a_scenario(project):
    linked = {link.partition("#")[0] for s in project.scenarios.values() for link in s.see_also}
    linked |= {c.see.partition("#")[0] for s in project.scenarios.values() for n in s.nodes.values() for c in n.choices if c.see}
    sections = ["ethics", "pitfalls", "frameworks"]
    pages = {p.relative_to(ROOT / "docs").as_posix() for section in sections for p in (ROOT / "docs" / section).glob("*.md") if p.name != "index.md"}
    assert sorted(pages - linked) == []


def test_safety_note_on_every_scenario_page(built_site, project):
    for slug in project.scenarios:
        page = (built_site / "scenarios" / slug / "index.html").read_text(encoding="utf-8")
        assert SAFETY_NOTE in page, slug


def test_every_source_is_cited_and_every_citation_is_listed():
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\{ #(r\d+) \}", sources))
    cited = set()
    for page in (ROOT / "docs").rglob("*.md"):
        if page.name != "sources.md":
            cited |= set(re.findall(r"sources\.md#(r\d+)", page.read_text(encoding="utf-8")))
    assert sorted(listed - cited) == [] and sorted(cited - listed) == []


def test_no_source_is_left_unconfirmed():
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8").lower()
    assert "to be confirmed" not in sources and "practitioner notes" not in sources


def _page_text(relative: str) -> str:
    return (ROOT / "docs" / relative).read_text(encoding="utf-8")


def test_urgent_risk_teaches_asking_about_plan_intent_and_means():
    page = _page_text("ethics/referral.md")
    section = page.partition("## Urgent risk")[2].partition("\n## ")[0]
    for phrase in ("Ask directly about suicide", "plan", "intend", "means", "do not leave them alone"):
        assert phrase in section, phrase
    assert "Never ask about" not in section
    assert "sources.md#r57" in page and "sources.md#r58" in page


def test_confidentiality_limits_are_the_real_ones_wherever_they_are_listed():
    limits = _page_text("ethics/confidentiality.md").partition("## The agreed limits")[2].partition("Three practical points")[0]
    for phrase in ("serious risk to the client", "serious risk of harm to other people", "safeguarding", "court order", "no legal privilege", "supervision"):
        assert phrase in limits, phrase
    glossary = _page_text("glossary.md").partition("Confidentiality limits\n")[2].partition("\n\n")[0]
    script = _page_text("ethics/index.md").partition('> "Before we start')[2].partition("\n\n")[0]
    for text in (glossary, script):
        assert "illegal" not in text
        assert "supervis" in text and "court" in text
