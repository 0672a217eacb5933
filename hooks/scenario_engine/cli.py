"""Command line: ``python -m hooks.scenario_engine {check,stats,export DIR}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence, TextIO

from .faults import ScenarioFaults
from .loader import Project, check_project, load_project
from .analysis import format_range
from .model import OUTCOMES
from .text_html import TextRenderer, project_text_renderer


def main(argv: Sequence[str] | None = None, *, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.scenario_engine", description="Check, analyse and export scenarios.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder holding scenarios/ and docs/ (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every scenario; exit 1 on any fault")
    commands.add_parser("stats", help="nodes, endings, routes per reported outcome, and the points a route makes available and earns")
    export = commands.add_parser("export", help="write the generated pages (Markdown, and the review data scripts) as files")
    export.add_argument("directory", type=Path)
    arguments = parser.parse_args(argv)

    root = arguments.root.resolve()
    folders = {"scenarios_dir": root / "scenarios", "docs_dir": root / "docs", "root": root}
    try:
        if arguments.command == "check":
            checked = check_project(**folders)
            print(f"{checked.scenarios} scenarios and {checked.assignments} assignments checked, no faults.", file=out)
            return 0
        renderer = project_text_renderer(root)
        project = load_project(**folders, renderer=renderer)
        if arguments.command == "stats":
            print(format_stats(project), file=out, end="")
        else:
            written = export_pages(project, directory=arguments.directory, renderer=renderer)
            print(f"wrote {written} pages to {arguments.directory}", file=out)
    except ScenarioFaults as faults:
        print(faults.report(), file=err)
        return 1
    except OSError as error:  # a folder that cannot be read or written
        print(f"error: {error.filename or root}: {error.strerror or error}", file=err)
        return 1
    return 0


def format_stats(project: Project) -> str:
    lines = []
    for slug, analysis in project.analyses.items():
        endings = ", ".join(f"{count} {outcome}" for outcome, count in analysis.endings.items())
        lines.append(f"{slug}: {analysis.nodes} nodes ({analysis.decisions} decisions; endings: {endings}); {analysis.paths} distinct paths")
        for outcome in OUTCOMES:
            route = analysis.routes.get(outcome)
            if route is None:
                lines.append(f"  {outcome}: unreachable")
                continue
            lines.append(f"  {outcome}: {route.paths} paths, shortest {route.shortest} decisions, longest {route.longest}")
        for key in analysis.available:
            available, earned = analysis.available[key], analysis.earned[key]
            lines.append(f"  {key}: available {format_range(available, signed=False)}, earned {format_range(earned, signed=True)}")
    return "\n".join(lines) + "\n"


def export_pages(project: Project, *, directory: Path, renderer: TextRenderer | None = None) -> int:
    from .pages import generated_pages  # Jinja: only export needs it

    pages = generated_pages(project, renderer=renderer)
    for relative, page in pages.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.standalone(), encoding="utf-8")
    return len(pages)
