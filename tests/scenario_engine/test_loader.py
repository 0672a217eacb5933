"""Loading many files: one process per core gives the same project and faults as one process."""

from __future__ import annotations

import pytest

import scenario_engine.loader as loader
from sample_project import VALID
from scenario_engine.faults import ScenarioFaults
from scenario_engine.located_yaml import YamlFault, load_located
from scenario_engine.parallel import worker_count


def _write_many(project, count: int) -> None:
    for index in range(count):
        text = VALID.replace("title: A friend asks", f"title: Case {index}")
        if index % 3 == 1:  # every third file has a fault of its own, on its own line
            text = text.replace("next: leaked", f"next: nowhere-{index}")
        project.write(f"case-{index:02d}.yml", text)


def _check_faults(project) -> list[str]:
    try:
        loader.check_project(scenarios_dir=project.root / "scenarios", docs_dir=project.root / "docs", root=project.root)
    except ScenarioFaults as error:
        return [str(fault) for fault in error.faults]
    return []


@pytest.mark.skipif(worker_count(2, per_worker=1) < 2, reason="needs two cores to start workers")
def test_check_with_workers_finds_the_faults_a_build_finds_in_file_order(project, monkeypatch):
    _write_many(project, 9)
    built = project.faults()  # load_project, as a build reads them: in this process
    assert len(built) == 3 and built[0].startswith("scenarios/case-01.yml:")
    monkeypatch.setattr(loader, "FILES_PER_WORKER", 2)
    started = []
    real_pool = loader.ProcessPoolExecutor
    monkeypatch.setattr(loader, "ProcessPoolExecutor", lambda **kwargs: started.append(kwargs) or real_pool(**kwargs))
    assert _check_faults(project) == built
    assert started, "the files were read by worker processes"
    for index in (1, 4, 7):
        project.write(f"case-{index:02d}.yml", VALID.replace("title: A friend asks", f"title: Case {index}"))
    checked = loader.check_project(scenarios_dir=project.root / "scenarios", docs_dir=project.root / "docs", root=project.root)
    assert checked == loader.Checked(scenarios=9, assignments=0)


def test_a_few_files_are_checked_in_this_process(project, monkeypatch):
    _write_many(project, 3)
    monkeypatch.setattr(loader, "ProcessPoolExecutor", None)  # would fail if called
    assert len(_check_faults(project)) == 1


ALIASED = "base: &base {a: 1}\ncopy: *base\nlist:\n  - *base\n  - x\n"


def test_aliases_share_data_and_keep_their_own_line():
    document = load_located(ALIASED)
    assert document.data == {"base": {"a": 1}, "copy": {"a": 1}, "list": [{"a": 1}, "x"]}
    assert document.line_of(("copy",)) == 2 and document.line_of(("list", 1)) == 5


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\n---\nb: 2\n", 2, "expected one document, found another"),
        ("a: *missing\n", 1, "unknown alias 'missing'"),
        ("? [a, b]\n: c\n", 1, "keys must be plain text"),
        ("a: !!int x\n", 1, "cannot read value"),
    ],
)
def test_yaml_that_cannot_become_scenario_data_is_a_fault_with_a_line(text, line, message):
    with pytest.raises(YamlFault) as raised:
        load_located(text)
    assert raised.value.line == line and message in raised.value.message
