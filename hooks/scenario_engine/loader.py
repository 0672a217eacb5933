"""Load, check and analyse every scenario of a project, collecting every fault before failing."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import Analysis, analyse
from .assignments import FOLDER as ASSIGNMENTS_FOLDER, Assignment, load_assignments
from .checks import scenario_faults, text_faults
from .docs_index import DocsIndex, index_docs
from .faults import Fault, ScenarioFaults
from .located_yaml import LocatedDocument, YamlFault, load_located
from .model import Competency, Scenario, build_scenario
from .shape import shape_faults

REGISTRY_FILE = "competencies.yml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Project:
    """Everything the site and the command line need, valid by construction."""

    scenarios: dict[str, Scenario]
    analyses: dict[str, Analysis]
    competencies: dict[str, Competency]
    docs: DocsIndex
    assignments: dict[str, Assignment] = field(default_factory=dict)


def load_project(*, scenarios_dir: Path, docs_dir: Path, root: Path) -> Project:
    """Read ``scenarios_dir``; raise ScenarioFaults listing every fault in every file."""
    faults: list[Fault] = []
    docs = index_docs(docs_dir)
    registry = _load_registry(scenarios_dir / REGISTRY_FILE, root=root, docs=docs, faults=faults)
    scenarios: dict[str, Scenario] = {}
    analyses: dict[str, Analysis] = {}
    for path in sorted(scenarios_dir.glob("*.y*ml")):
        if path.name == REGISTRY_FILE:
            continue
        file = _display(path, root)
        if path.suffix != ".yml":
            faults.append(Fault(file, 1, "", "scenario files must end in .yml"))
            continue
        loaded = _load_scenario(path, file=file, registry=registry, docs=docs, faults=faults)
        if loaded:
            scenarios[loaded[0].slug], analyses[loaded[0].slug] = loaded
    known = {path.stem for path in scenarios_dir.glob("*.yml") if path.name != REGISTRY_FILE}
    assignments = load_assignments(directory=scenarios_dir / ASSIGNMENTS_FOLDER, root=root, known=known, faults=faults)
    if faults:
        raise ScenarioFaults(faults)
    return Project(scenarios=scenarios, analyses=analyses, competencies=registry, docs=docs, assignments=assignments)


def read_document(path: Path, *, file: str, faults: list[Fault]) -> LocatedDocument | None:
    """The file as located data, or None after recording why it cannot be used."""
    try:
        document = load_located(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        faults.append(Fault(file, 1, "", "not UTF-8 text"))
        return None
    except YamlFault as fault:
        faults.append(Fault(file, fault.line, fault.where, fault.message))
        return None
    faults.extend(Fault(file, d.line, d.where, d.message) for d in document.duplicates)
    if document.data is None:
        faults.append(Fault(file, 1, "", "the file is empty"))
        return None
    if not isinstance(document.data, dict):
        faults.append(Fault(file, 1, "", "expected a mapping of keys to values at the top level"))
        return None
    return document


def _load_scenario(path: Path, *, file: str, registry, docs: DocsIndex, faults: list[Fault]) -> tuple[Scenario, Analysis] | None:
    slug = path.stem
    if not _SLUG.match(slug):
        faults.append(Fault(file, 1, "", f"file name '{slug}' is not a valid slug: use lowercase letters, digits and hyphens"))
    document = read_document(path, file=file, faults=faults)
    if document is None:
        return None
    found = shape_faults(document=document, schema_name="scenario", file=file)
    found += text_faults(file=file, document=document)
    if found:
        faults.extend(found)
        return None
    scenario = build_scenario(slug=slug, file=file, data=document.data, lines=document.lines, version=content_version(document.data))
    found, graph = scenario_faults(scenario, document=document, registry=registry, docs=docs)
    faults.extend(found)
    if found or graph is None or not _SLUG.match(slug):
        return None
    return scenario, analyse(scenario, graph)


def _load_registry(path: Path, *, root: Path, docs: DocsIndex, faults: list[Fault]) -> dict[str, Competency] | None:
    """The competency registry, or None (with its faults recorded) when it cannot be used."""
    file = _display(path, root)
    if not path.exists():
        faults.append(Fault(file, 1, "", "the competency registry is missing"))
        return None
    document = read_document(path, file=file, faults=faults)
    if document is None:
        return None
    found = shape_faults(document=document, schema_name="competencies", file=file)
    if found:
        faults.extend(found)
        return None
    registry = {}
    for key, entry in document.data.items():
        for index, link in enumerate(entry.get("reading", [])):
            problem = docs.problem_with(link)
            if problem:
                faults.append(Fault(file, document.line_of((key, "reading", index)), f"{key}.reading[{index + 1}]", problem))
        registry[key] = Competency(key=key, name=entry["name"], description=entry["description"], reading=tuple(entry.get("reading", [])))
    return registry


def content_version(data: object) -> str:
    """A short hash of the scenario's content: saved progress from another version is dropped."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
