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


CONFIG = """\
site_name: Test
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/test/"]
watch:
  - scenarios
hooks:
  - hooks/scenarios.py
theme:
  name: material
  custom_dir: overrides
markdown_extensions:
  - abbr
  - toc:
      permalink: true
"""


def test_export_writes_a_site_that_needs_no_hook(project, tmp_path):
    project.write("case.yml", VALID)
    (project.root / "mkdocs.yml").write_text(CONFIG)
    (project.root / "overrides").mkdir()
    (project.root / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n")
    (project.root / "docs" / "assets").mkdir()
    (project.root / "docs" / "assets" / "player.js").write_text("/* why it works */\nwindow.ready = true;\n")
    target = tmp_path / "exported"
    code, out, _ = run(project, "export", str(target))
    assert code == 0 and out.startswith("wrote 1 reference pages and ") and out.endswith(f" generated files to {target}\n")
    assert int(out.split()[5]) == len([path for path in (target / "docs").rglob("*") if path.is_file()]) - 2  # less the page and the script copied
    config = (target / "mkdocs.yml").read_text()
    assert "hooks:" not in config and "watch:" not in config and "- scenarios" not in config
    assert 'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/test/"]' in config, "kept as written"
    assert "  - toc:\n      permalink: true\n" in config and (target / "overrides" / "main.html").is_file()
    page = (target / "docs" / "scenarios" / "case.md").read_text()
    assert page.startswith("---\ntitle: \"A friend asks\"")
    assert "## Competencies scored { #competencies }" in page, "headings stay Markdown"
    assert '<a href="#moment-2">Decline kindly</a>' in page, "the case is finished HTML"
    assert '<a href="../ethics/confidentiality.md#limits">' in page, "links read from the source file"
    assert '<div data-search-exclude>\n<div class="scn-player"' in page, "the case stays out of search"
    assert "scenario-engine:" not in page, "no placeholder is left for the hook to fill"
    assert "[A friend asks](case.md)" in (target / "docs" / "scenarios" / "index.md").read_text()
    assert (target / "docs" / "assets" / "review-data" / "case.js").is_file()
    assert (target / "docs" / "assets" / "player.js").read_text() == "window.ready=true;", "minified, as MkDocs publishes it"
    reference = (target / "docs" / "ethics" / "confidentiality.md").read_text()
    assert reference.startswith("# Confidentiality\n") and "../scenarios/case.md" in reference, "its practise list"


def test_export_refuses_a_folder_in_use_and_a_project_without_config(project, tmp_path):
    project.write("case.yml", VALID)
    code, _, err = run(project, "export", str(tmp_path / "one"))
    assert code == 1 and "no MkDocs configuration" in err
    (project.root / "mkdocs.yml").write_text(CONFIG)
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "keep.txt").write_text("mine")
    code, _, err = run(project, "export", str(tmp_path / "two"))
    assert code == 1 and "not empty" in err and (tmp_path / "two" / "keep.txt").read_text() == "mine"


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


def test_package_names_an_unknown_scenario_or_assignment(project):
    project.write("case.yml", VALID)
    code, out, err = run(project, "package", "--scenario", "no-such-case", "-o", str(project.root / "case.zip"))
    assert (code, out) == (1, "") and "no scenario 'no-such-case'" in err
    code, out, err = run(project, "package", "--assignment", "week-9", "-o", str(project.root / "week.zip"))
    assert (code, out) == (1, "") and "no assignment 'week-9'" in err
    assert not (project.root / "case.zip").exists() and not (project.root / "week.zip").exists()


def test_package_needs_one_scenario_or_assignment_and_a_file(project):
    for arguments in (["package", "-o", "x.zip"], ["package", "--scenario", "a", "--assignment", "b", "-o", "x.zip"], ["package", "--scenario", "a"]):
        try:
            code = run(project, *arguments)[0]
        except SystemExit as stop:
            code = stop.code
        assert code == 2
