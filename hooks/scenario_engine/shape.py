"""Shape checks against the published JSON Schemas, turned into faults an author can act on."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterator

from .fast_schema import Predicate, compile_schema
from .faults import Fault
from .located_yaml import LocatedDocument, describe_path

if TYPE_CHECKING:  # jsonschema is imported when a file needs it: most files pass the fast check
    from jsonschema import Draft202012Validator, ValidationError

_KEY_RULE = "lowercase letters, digits and hyphens (like 'held-line')"
_TYPE_NAMES = {
    "object": "a mapping of keys to values",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
}


@cache
def _schema(schema_name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas", f"{schema_name}.schema.json").read_text()
    return json.loads(text)


@cache
def validator_for(schema_name: str) -> Draft202012Validator:
    """The compiled validator for ``schemas/<schema_name>.schema.json`` (compiled once)."""
    schema = _schema(schema_name)
    from jsonschema import Draft202012Validator

    from jsonschema import validators

    Draft202012Validator.check_schema(schema)
    # JSON Schema counts 5.0 as an integer; the YAML loader makes it a float, which would show as
    # "about 5.0 minutes". Only whole numbers written without a point are integers here.
    strict = Draft202012Validator.TYPE_CHECKER.redefine("integer", lambda checker, value: type(value) is int)
    return validators.extend(Draft202012Validator, type_checker=strict)(schema)


@cache
def _surely_valid(schema_name: str) -> Predicate:
    """The fast check (see ``fast_schema``); one that never vouches when the schema cannot be compiled."""
    return compile_schema(_schema(schema_name)) or (lambda data: False)


def shape_faults(*, document: LocatedDocument, schema_name: str, file: str) -> list[Fault]:
    """Every way ``document`` departs from the schema, one fault per problem."""
    if _surely_valid(schema_name)(document.data):
        return []
    faults = []
    for error in validator_for(schema_name).iter_errors(document.data):
        faults.extend(_faults_for(error, document=document, file=file))
    return faults


def _faults_for(error: ValidationError, *, document: LocatedDocument, file: str) -> Iterator[Fault]:
    path = tuple(error.absolute_path)
    where = describe_path(path) or "top level"
    kind = error.validator

    if "propertyNames" in error.schema_path:
        key = error.instance
        line = document.line_of((*path, key))
        yield Fault(file, line, where, f"'{_short(key)}' is not a valid name: use {_KEY_RULE}")
        return
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed), key=str):
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed keys: {', '.join(allowed)}"
            yield Fault(file, document.line_of((*path, key)), where, f"unknown key '{_short(key)}'{suggestion}")
        return
    if kind == "anyOf" and isinstance(error.instance, (list, dict)) and error.context:
        # a list or mapping that fits no option: report the problem found deepest inside it
        deepest = max(error.context, key=lambda sub: (len(sub.absolute_path), sub.validator != "type"))
        if len(deepest.absolute_path) > len(path) or deepest.validator not in ("type", "anyOf"):
            yield from _faults_for(deepest, document=document, file=file)
            return
    if kind == "required":
        missing = error.message.split("'")[1]
        yield Fault(file, document.line_of(path), where, f"missing required field '{missing}'")
        return

    line = document.line_of(path)
    yield Fault(file, line, where, _message(error))


def _message(error: ValidationError) -> str:
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "enum":
        return f"'{_short(instance)}' is not allowed; use one of: {', '.join(map(str, value))}"
    if kind == "type":
        expected = _TYPE_NAMES.get(value, value)
        return f"expected {expected}, got {_describe_value(instance)}"
    if kind == "pattern" and ".md" in value:
        return f"'{_short(instance)}' is not a docs page: write a path under docs/ ending in .md, optionally with #anchor"
    if kind == "pattern" and value == "^[^\\n]*$":
        return "must be one line of plain text"
    if kind == "pattern":
        return f"'{_short(instance)}' is not a valid name: use {_KEY_RULE}"
    if kind == "maxLength":
        return f"is {len(instance)} characters long; keep it to {value}"
    if kind in {"minItems", "minProperties"}:
        return "must not be empty" if value == 1 else f"needs at least {value} entries"
    if kind == "minLength":
        return "must not be empty"
    if kind == "minimum":
        return f"must be at least {value}, got {instance}"
    if kind == "maximum":
        return f"must be at most {value}, got {instance}"
    if kind == "uniqueItems":
        return "lists the same entry twice"
    if kind == "anyOf" and "debrief" in error.absolute_path:
        return f"expected Markdown text, or a list of parts (each Markdown text, or text with if/unless), got {_describe_value(instance)}"
    if kind == "anyOf":
        return f"expected a flag name or a list of flag names ({_KEY_RULE}), got {_describe_value(instance)}"
    return error.message


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return f"a number with a decimal point ({value}); write a whole number"
    if isinstance(value, int):
        return f"a number ({value})"
    return f"text ('{_short(value)}')"


def _short(value: Any) -> str:
    """A value as one short line, to quote in a message."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"
