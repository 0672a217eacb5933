"""The benchmark (issue 7) runs end to end in --quick mode and reports every measured field.

Budgets are not asserted: timings depend on the machine and its load. This only proves that
the benchmark itself works, so its table in docs/performance.md can be regenerated.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUILD_FIELDS = {"runs", "median_wall_s", "median_cpu_s", "max_rss_mib"}
WEIGHT_FIELDS = {"raw", "gzip"}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("benchmark") / "results.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "| Budget |" in result.stdout  # the table is printed
    return json.loads(out.read_text(encoding="utf-8"))


def test_machine_and_date_are_recorded(report):
    assert report["quick"] is True and report["date"]
    machine = report["machine"]
    assert machine["cpu"] and machine["cores"] >= 1 and machine["python"]
    assert {"mkdocs", "mkdocs-material", "Markdown", "PyYAML"} <= set(machine["packages"])


@pytest.mark.parametrize("corpus", ["200x12", "1000x15", "1x1000"])
def test_every_corpus_has_builds_ratios_memory_and_page_weights(report, corpus):
    c = report["corpora"][corpus]
    assert c["scenarios"] >= 1 and c["nodes"] >= 5 and c["words"] > 0 and c["repeats"] >= 1
    for kind in ("plain", "with_scenarios"):
        assert BUILD_FIELDS <= set(c[kind])
        assert len(c[kind]["runs"]) == c["repeats"]
        assert c[kind]["median_wall_s"] > 0 and c[kind]["median_cpu_s"] > 0 and c[kind]["max_rss_mib"] > 0
    for ratio in ("ratio_wall", "ratio_cpu", "ratio_memory"):
        assert c[ratio] > 0
    for page in ("scenario_page", "plain_page", "map_page"):
        assert WEIGHT_FIELDS <= set(c["pages"][page]) and c["pages"][page]["raw"] > c["pages"][page]["gzip"] > 0
    assert c["site_bytes"]["plain"] > 0 and c["site_bytes"]["with_scenarios"] > 0


def test_check_is_timed(report):
    check = report["check"]
    assert check["scenarios"] >= 1 and BUILD_FIELDS <= set(check)


def test_player_assets_are_weighed_or_reported_missing(report):
    assets = report["player_assets"]
    assert set(assets["files"]) == {
        "docs/assets/javascripts/assessment.js",
        "docs/assets/javascripts/progress.js",
        "docs/assets/javascripts/player.js",
        "docs/assets/stylesheets/player.css",
    }
    for name, weight in assets["files"].items():
        assert weight == "missing" or WEIGHT_FIELDS <= set(weight), name
    assert "total_raw" in assets and "total_gzip" in assets


def test_clicks_are_measured_or_the_reason_is_given(report):
    click = report["click"]
    if click["measured"]:
        assert click["clicks"] > 0
        for field in ("median_ms", "p95_ms", "worst_ms", "next_frame_median_ms", "next_frame_worst_ms", "chromium"):
            assert field in click
        assert click["page_errors"] == []
    else:
        assert click["reason"]


def test_every_budget_is_compared(report):
    names = " ".join(b["budget"] for b in report["budgets"])
    for part in ("build time vs plain", "peak memory vs plain", "node scenario build", "click", "check on", "player JS+CSS"):
        assert part in names
    assert all({"limit", "measured", "holds"} <= set(b) for b in report["budgets"])


def test_the_benchmarks_largest_scenario_is_one_check_accepts(tmp_path):
    """The 1,000-moment case the full run builds stays within the file limits (size, values, text),
    so the budget for it measures a build, not a refusal."""
    spec = importlib.util.spec_from_file_location("benchmark_corpus", ROOT / "benchmarks" / "corpus.py")
    corpus = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(corpus)
    project = tmp_path / "project"
    corpus.write_scenario_project(project, corpus.make_corpus(1, 1000))
    command = [sys.executable, "-m", "hooks.scenario_engine", "--root", str(project), "check"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (project / "scenarios" / f"{corpus.slug_of(0)}.yml").stat().st_size > 1_000_000  # past the old limit
