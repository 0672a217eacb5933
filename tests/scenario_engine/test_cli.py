"""The command line: check, stats and export, with their exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from sample_project import VALID
from scenario_engine.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(project, *arguments):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *arguments], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_check_passes_a_valid_project(project):
    project.write("case.yml", VALID)
    assert run(project, "check") == (0, "1 scenarios and 0 assignments checked, no faults.\n", "")


def test_check_prints_every_fault_and_exits_1(project):
    project.write("case.yml", VALID.replace("next: leaked", "next: leak"))
    project.write("other.yml", VALID.replace("level: intermediate", "level: expert"))
    code, out, err = run(project, "check")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "2 faults in scenario files:",
        "  scenarios/case.yml:19: nodes.dinner.choices[2].next: no node 'leak'; did you mean 'leaked'?",
        "  scenarios/other.yml:3: level: 'expert' is not allowed; use one of: foundation, intermediate, advanced",
    ]


def test_stats_reports_routes_and_what_a_route_makes_available_and_earns(project):
    project.write("case.yml", VALID)
    code, out, _ = run(project, "stats")
    assert code == 0
    assert out.splitlines() == [
        "case: 3 nodes (1 decisions; endings: 1 strong, 0 acceptable, 1 poor); 2 distinct paths",
        "  strong: 1 paths, shortest 1 decisions, longest 1",
        "  acceptable: unreachable",
        "  poor: 1 paths, shortest 1 decisions, longest 1",
        "  confidentiality: available 2, earned -1 to +2",
        "  referral: available 1, earned +0 to +1",
    ]


def test_export_writes_the_generated_pages(project, tmp_path):
    project.write("case.yml", VALID)
    target = tmp_path / "exported"
    code, out, _ = run(project, "export", str(target))
    assert code == 0 and out.startswith("wrote ") and out.endswith(f" pages to {target}\n")
    assert int(out.split()[1]) == len([path for path in target.rglob("*") if path.is_file()])
    page = (target / "scenarios" / "case.md").read_text()
    assert page.startswith("---\ntitle: \"A friend asks\"")
    assert "## Competencies scored { #competencies }" in page, "headings stay Markdown"
    assert '<a href="#moment-2">Decline kindly</a>' in page, "the case is finished HTML"
    assert '<a href="../../ethics/confidentiality/#limits">' in page
    assert "scenario-engine:" not in page, "no placeholder is left for the hook to fill"
    assert "[A friend asks](case.md)" in (target / "scenarios" / "index.md").read_text()


def test_module_entry_point_runs_on_the_real_scenarios():
    result = subprocess.run([sys.executable, "-m", "hooks.scenario_engine", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("assignments checked, no faults.\n")


def test_unknown_command_exits_2(project):
    try:
        run(project, "frobnicate")
    except SystemExit as exit:
        assert exit.code == 2
    else:
        raise AssertionError("argparse should reject an unknown command")


def test_a_root_without_scenarios_ends_in_faults_not_a_traceback(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(tmp_path), "check"], out=out, err=err)
    assert code == 1 and out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        "2 faults in scenario files:",
        "  scenarios:1: cannot list the folder: No such file or directory",
        "  scenarios/competencies.yml:1: the competency registry is missing",
    ]


def test_an_export_folder_that_cannot_be_written_ends_in_a_message(project):
    project.write("case.yml", VALID)
    blocker = project.root / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    code, out, err = run(project, "export", str(blocker / "pages"))
    assert code == 1 and out == ""
    assert err.startswith(f"error: {blocker / 'pages'}") and "Traceback" not in err
