"""Load, check and analyse every scenario of a project, collecting every fault before failing."""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import Analysis, analyse
from .assignments import FOLDER as ASSIGNMENTS_FOLDER, Assignment, load_assignments
from .checks import scenario_faults
from .docs_index import DocsIndex, index_docs
from .faults import Fault, ScenarioFaults
from .files import display, read_document, yaml_files
from .model import Competency, Scenario, build_scenario
from .parallel import fork_context, worker_count
from .shape import shape_faults
from .text_checks import registry_field, scenario_field, text_faults
from .text_html import TextRenderer, project_text_renderer

REGISTRY_FILE = "competencies.yml"
RESERVED = {"index": "scenarios/index.md is the catalogue page"}  # a scenario's page is scenarios/<slug>.md
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Project:
    """Everything the site and the command line need, valid by construction."""

    scenarios: dict[str, Scenario]
    analyses: dict[str, Analysis]
    competencies: dict[str, Competency]
    docs: DocsIndex
    assignments: dict[str, Assignment] = field(default_factory=dict)


def load_project(*, scenarios_dir: Path, docs_dir: Path, root: Path, renderer: TextRenderer | None = None) -> Project:
    """Read ``scenarios_dir``; raise ScenarioFaults listing every fault in every file.

    ``renderer`` renders texts as the site will (by default, as ``root/mkdocs.yml`` configures
    Markdown); it remembers what it checked, so the build does not render those texts again.
    """
    project, _ = _read_project(scenarios_dir=scenarios_dir, docs_dir=docs_dir, root=root, keep=True, renderer=renderer)
    return project


@dataclass(frozen=True, slots=True)
class Checked:
    scenarios: int
    assignments: int


def check_project(*, scenarios_dir: Path, docs_dir: Path, root: Path) -> Checked:
    """What ``load_project`` checks (raising ScenarioFaults the same way), keeping only counts.

    Without data to send back, files are read by one process per core: parsing YAML is most of
    the work. (The build keeps every scenario; copying them between processes cost as much as
    the second core saved.)
    """
    project, files = _read_project(scenarios_dir=scenarios_dir, docs_dir=docs_dir, root=root, keep=False, renderer=None)
    return Checked(scenarios=files, assignments=len(project.assignments))


def _read_project(*, scenarios_dir: Path, docs_dir: Path, root: Path, keep: bool, renderer: TextRenderer | None) -> tuple[Project, int]:
    """The project (scenarios only when ``keep``), and how many scenario files were read."""
    faults: list[Fault] = []
    docs = index_docs(docs_dir, root=root, faults=faults)
    local = renderer or project_text_renderer(root)
    registry = _load_registry(scenarios_dir / REGISTRY_FILE, root=root, docs=docs, renderer=local, faults=faults)
    scenarios: dict[str, Scenario] = {}
    analyses: dict[str, Analysis] = {}
    paths = []
    for path in yaml_files(scenarios_dir, root=root, kind="scenario", faults=faults):
        if path.name == REGISTRY_FILE:
            continue
        if path.stem in RESERVED:
            faults.append(Fault(display(path, root), 1, "", f"'{path.name}' is a reserved name ({RESERVED[path.stem]}): rename the file"))
            continue
        paths.append(path)
    loaded_files = _load_files(paths, root=root, registry=registry, docs=docs, renderer=local) if keep else _check_files(paths, root=root, registry=registry, docs=docs, renderer=local)
    for found, loaded in loaded_files:
        faults.extend(found)
        if loaded:
            scenarios[loaded[0].slug], analyses[loaded[0].slug] = loaded
    known = {path.stem for path in paths}
    assignments = load_assignments(directory=scenarios_dir / ASSIGNMENTS_FOLDER, root=root, known=known, docs=docs, renderer=local, faults=faults)
    if faults:
        raise ScenarioFaults(faults)
    return Project(scenarios=scenarios, analyses=analyses, competencies=registry, docs=docs, assignments=assignments), len(paths)


Loaded = tuple[list[Fault], tuple[Scenario, Analysis] | None]
FILES_PER_WORKER = 100  # below this, starting a worker costs more than it saves


def _check_files(paths: list[Path], *, root: Path, registry, docs: DocsIndex, renderer: TextRenderer) -> list[Loaded]:
    """Each file's faults, in ``paths`` order, read by one process per core when there are many."""
    workers = worker_count(len(paths), per_worker=FILES_PER_WORKER)
    if workers < 2:
        return [(faults, None) for faults in _faults_only(paths, root=root, registry=registry, docs=docs, renderer=renderer)]
    context = fork_context() or multiprocessing.get_context("spawn")  # the arguments are small
    chunks = [paths[index::workers] for index in range(workers)]
    check = functools.partial(_faults_only, root=root, registry=registry, docs=docs, renderer=None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(check, chunks))
    merged: list[Loaded] = [([], None)] * len(paths)
    for index, result in enumerate(results):
        merged[index::workers] = [(faults, None) for faults in result]  # chunk ``index``: every ``workers``-th file
    return merged


def _faults_only(paths: list[Path], *, root: Path, registry, docs: DocsIndex, renderer: TextRenderer | None) -> list[list[Fault]]:
    """In a worker, ``renderer`` is None: a Markdown converter is made there, not sent."""
    renderer = renderer or project_text_renderer(root)
    return [faults for faults, _ in _load_files(paths, root=root, registry=registry, docs=docs, renderer=renderer, analyse_too=False)]


def _load_files(paths: list[Path], *, root: Path, registry, docs: DocsIndex, renderer: TextRenderer, analyse_too: bool = True) -> list[Loaded]:
    results = []
    for path in paths:
        faults: list[Fault] = []
        loaded = _load_scenario(path, file=display(path, root), registry=registry, docs=docs, renderer=renderer, faults=faults, analyse_too=analyse_too)
        results.append((faults, loaded))
    return results


def _load_scenario(path: Path, *, file: str, registry, docs: DocsIndex, renderer: TextRenderer, faults: list[Fault], analyse_too: bool = True) -> tuple[Scenario, Analysis] | None:
    """The scenario and its analysis, or None after recording its faults.

    ``analyse_too=False`` (check only) skips what finds no fault: the analysis and the version.
    """
    slug = path.stem
    if not _SLUG.match(slug):
        faults.append(Fault(file, 1, "", f"file name '{slug}' is not a valid slug: use lowercase letters, digits and hyphens"))
    document = read_document(path, file=file, faults=faults)
    if document is None:
        return None
    found = shape_faults(document=document, schema_name="scenario", file=file)
    found += text_faults(file=file, document=document, fields=scenario_field, renderer=renderer)
    if found:
        faults.extend(found)
        return None
    version = content_version(document.data) if analyse_too else ""
    scenario = build_scenario(slug=slug, file=file, data=document.data, lines=document.lines, version=version)
    found, graph = scenario_faults(scenario, document=document, registry=registry, docs=docs)
    faults.extend(found)
    if found or graph is None or not _SLUG.match(slug) or not analyse_too:
        return None
    return scenario, analyse(scenario, graph)


def _load_registry(path: Path, *, root: Path, docs: DocsIndex, renderer: TextRenderer, faults: list[Fault]) -> dict[str, Competency] | None:
    """The competency registry, or None (with its faults recorded) when it cannot be used."""
    file = display(path, root)
    if not path.exists() and not path.is_symlink():
        faults.append(Fault(file, 1, "", "the competency registry is missing"))
        return None
    document = read_document(path, file=file, faults=faults)
    if document is None:
        return None
    found = shape_faults(document=document, schema_name="competencies", file=file)
    found += text_faults(file=file, document=document, fields=registry_field, renderer=renderer)
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

