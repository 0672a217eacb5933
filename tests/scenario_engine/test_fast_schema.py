"""The fast shape check never vouches for a document jsonschema rejects (issue 7)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_engine.fast_schema import compile_schema
from scenario_engine.located_yaml import load_located
from scenario_engine.shape import _schema, _surely_valid, validator_for

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ("scenario", "competencies", "assignment")
FILES = sorted((ROOT / "scenarios").glob("*.yml")) + sorted((ROOT / "scenarios" / "assignments").glob("*.yml"))


def schema_of(path: Path) -> str:
    if path.name == "competencies.yml":
        return "competencies"
    return "assignment" if path.parent.name == "assignments" else "scenario"


def valid(schema_name: str, data) -> bool:
    return not any(True for _ in validator_for(schema_name).iter_errors(data))


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_every_schema_compiles(schema_name):
    assert compile_schema(_schema(schema_name)) is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_agrees_with_jsonschema_on_the_real_files(path):
    data = load_located(path.read_text(encoding="utf-8")).data
    assert _surely_valid(schema_of(path))(data) == valid(schema_of(path), data)


def test_an_unknown_keyword_means_never_vouching():
    assert compile_schema({"type": "object", "dependentRequired": {"a": ["b"]}}) is None
    assert compile_schema({"type": "tuple"}) is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, width=16) | st.sampled_from(["", "x", "held-line", "Held line", "a.md", "ethics/referral.md#red-flags", "strong", "immediate"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["label", "next", "text", "nxt", "scores", "if", "outcome", "Bad Key", "1"]), inner, max_size=3),
    max_leaves=6,
)
BASE = {path.name: load_located(path.read_text(encoding="utf-8")).data for path in FILES if schema_of(path) == "scenario"}


def _containers(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _containers(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _containers(item, (*path, index))


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(BASE)), pick=st.integers(min_value=0), action=st.sampled_from(["replace", "delete", "add"]), value=JSON_VALUES)
def test_a_mutated_scenario_is_never_vouched_for_wrongly(name, pick, action, value):
    data = copy.deepcopy(BASE[name])
    places = [(path, item) for path, item in _containers(data) if path]
    path, _ = places[pick % len(places)]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if action == "replace":
        parent[key] = value
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, dict):
        parent[f"{key}-extra" if isinstance(key, str) else "extra"] = value
    else:
        parent.append(value)
    if _surely_valid("scenario")(data):
        assert valid("scenario", data)
