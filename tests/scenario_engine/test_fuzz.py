"""Fuzzing: the real scenarios, mutated line by line, never crash or hang the engine.

Each example is one real scenario file (or the competency registry) with a few lines inserted, replaced, cut, repeated or
spliced with hostile text. The command line's ``check`` must answer within a time limit with exit
0 or 1, never a traceback; every fault must be ``file:line`` naming the mutated file at a line it
has; and a file that passes must also render (what the build does next).
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_engine import load_project
from scenario_engine.cli import main
from scenario_engine.pages import generated_pages
from test_hostile import time_limit

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "scenarios" / "competencies.yml"
REAL = sorted((ROOT / "scenarios").glob("*.yml"))  # every scenario, and the competency registry
HOSTILE = [
    "<script>alert(1)</script>", '{ x onfocus="alert(1)" autofocus }', "> [r]: java&#115;cript:alert(1)", "[Go][r]",
    "*[engine]: x", "scenario-engine-next-text", "!!! md-header", "![x](https://evil.example/x.png)",
    "&a", "*a", "&a [*a]", "[[[[[[", "]", "{", "}", '"', "'", ": ", "- ", "? ", "|", ">-", "\t", "---", "...",
    "%YAML 1.1", "!!python/object/apply:os.system [ls]", "!!binary AAAA", "!!int x", "2026-13-01",
    "5.0", "-99", "1e999", ".nan", "null", "~", "true", "😀", "\u202e", "\u2028", "\ufeff", "\\u0000",
    "nodes: [a]", "nodes: text", "start: nowhere", "outcome: great", "next: index", "scores: {x: 6}",
]  # fmt: skip
MUTATIONS = ("insert", "replace", "delete", "repeat", "splice")


@st.composite
def mutated_scenario(draw) -> tuple[str, str]:
    """A real scenario file's (or the registry's) name and its text after one to three mutations."""
    path = draw(st.sampled_from(REAL))
    lines = path.read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        text = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)))
        kind = draw(st.sampled_from(MUTATIONS))
        if kind == "insert":
            lines.insert(index, text)
        elif kind == "replace":
            lines[index] = text
        elif kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "repeat":
            lines.insert(index, lines[index])
        else:
            column = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:column] + text + lines[index][column:]
    return path.name, "\n".join(lines) + "\n"


@settings(max_examples=100, deadline=timedelta(seconds=20), database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_scenario())
def test_a_mutated_real_scenario_ends_in_a_message_never_a_traceback(case):
    name, text = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "scenarios").mkdir()
        (root / "docs").symlink_to(ROOT / "docs")
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        if name != REGISTRY.name:  # a mutated registry is checked on its own
            shutil.copy(REGISTRY, root / "scenarios" / REGISTRY.name)
        (root / "scenarios" / name).write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        with time_limit(10):
            code = main(["--root", str(root), "check"], out=out, err=err)
        assert time.monotonic() - started < 10  # a single file: well under a second on an idle machine
        report = err.getvalue()
        assert "Traceback" not in report
        if code == 0:
            with time_limit(10):  # what the build does with a file that passed
                generated_pages(load_project(scenarios_dir=root / "scenarios", docs_dir=root / "docs", root=root))
            return
        assert code == 1, report
        heading, *faults = report.splitlines()
        assert re.fullmatch(r"\d+ faults? in scenario files:", heading), report
        assert faults, report
        line_count = text.count("\n") + 1
        for fault in faults:
            match = re.match(rf"  scenarios/{re.escape(name)}:(\d+): \S", fault)
            assert match, fault
            assert 1 <= int(match.group(1)) <= line_count, fault
