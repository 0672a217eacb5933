"""Supervision assignments: ``scenarios/assignments/<slug>.yml``, checked like scenarios.

An assignment names scenarios by slug, so it is checked against the scenario files that exist
(even a scenario with faults of its own counts as existing: its faults are reported there).
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection

from .faults import Fault
from .located_yaml import LocatedDocument, describe_path
from .shape import shape_faults
from .text_safety import unsafe_text_problems, walk_strings

FOLDER = "assignments"
RESERVED = frozenset({"index", "view"})  # assignments/index.md and assignments/view.md are generated
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What a learning platform records for each reported outcome (SCORM cmi.core.lesson_status)
DEFAULT_LESSON_STATUS = {"strong": "passed", "acceptable": "completed", "poor": "failed"}


@dataclass(frozen=True, slots=True)
class Assignment:
    slug: str
    file: str
    title: str
    instructions: str
    scenarios: tuple[str, ...]
    feedback: str | None = None
    due: datetime.date | None = None
    cohort: str | None = None
    lesson_status: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LESSON_STATUS))


def load_assignments(*, directory: Path, root: Path, known: Collection[str], faults: list[Fault]) -> dict[str, Assignment]:
    """Every valid assignment in ``directory`` by slug; faults for the rest join ``faults``."""
    from .loader import read_document  # deferred: loader imports this module

    assignments: dict[str, Assignment] = {}
    if not directory.is_dir():
        return assignments
    for path in sorted(directory.glob("*.y*ml")):
        file = _display(path, root)
        if path.suffix != ".yml":
            faults.append(Fault(file, 1, "", "assignment files must end in .yml"))
            continue
        if not _SLUG.match(path.stem):
            faults.append(Fault(file, 1, "", f"file name '{path.stem}' is not a valid slug: use lowercase letters, digits and hyphens"))
            continue
        if path.stem in RESERVED:
            faults.append(Fault(file, 1, "", f"'{path.stem}' is reserved for a page of the site: rename the file"))
            continue
        document = read_document(path, file=file, faults=faults)
        if document is None:
            continue
        found = assignment_faults(document=document, file=file, known=known)
        if found:
            faults.extend(found)
            continue
        assignments[path.stem] = _build(path.stem, file=file, data=document.data)
    return assignments


def assignment_faults(*, document: LocatedDocument, file: str, known: Collection[str]) -> list[Fault]:
    """Shape, safety, scenario references and the due date of one assignment document."""
    found = shape_faults(document=document, schema_name="assignment", file=file)
    for path, text in walk_strings(document.data):
        found.extend(Fault(file, document.line_of(path), _where(path), problem) for problem in unsafe_text_problems(text, page_links=True))
    data = document.data
    scenarios = data.get("scenarios")
    for index, slug in enumerate(scenarios if isinstance(scenarios, list) else []):
        if isinstance(slug, str) and slug not in known:
            hint = difflib.get_close_matches(slug, sorted(known), n=1)
            suffix = f"; did you mean '{hint[0]}'?" if hint else ""
            found.append(Fault(file, document.line_of(("scenarios", index)), f"scenarios[{index + 1}]", f"no scenario '{slug}'{suffix}"))
    due = data.get("due")
    if isinstance(due, str) and due:
        problem = date_problem(due)
        if problem:
            found.append(Fault(file, document.line_of(("due",)), "due", problem))
    return found


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a due date, or None when it is one."""
    if not _DATE.match(text):
        return f"'{text}' is not a date: write it as YYYY-MM-DD, like 2026-03-31"
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return f"'{text}' is not a real date"
    return None


def _build(slug: str, *, file: str, data: dict) -> Assignment:
    due = data.get("due")
    return Assignment(
        slug=slug,
        file=file,
        title=data["title"],
        instructions=data["instructions"],
        scenarios=tuple(data["scenarios"]),
        feedback=data.get("feedback"),
        due=datetime.date.fromisoformat(due) if due else None,
        cohort=data.get("cohort"),
        lesson_status={**DEFAULT_LESSON_STATUS, **data.get("lesson_status", {})},
    )


def _where(path: tuple) -> str:
    return describe_path(path) or "top level"


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
