"""A fast yes/no shape check, so that a valid file (the usual case) never walks jsonschema.

jsonschema builds a new validator object for every keyword and reference it descends into: about
20 ms for a 15-node scenario, 20 s of CPU for 1,000 scenarios. Here the same schema is compiled
once into plain Python predicates that answer "valid?" in well under a millisecond.

The predicates may only err towards "invalid": anything they are unsure of (a keyword this module
does not know, items they cannot compare exactly) sends the document to jsonschema, which alone
words the faults. So what authors are told never depends on this module.
"""

from __future__ import annotations

import re
from typing import Any, Callable

Predicate = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"}
_TYPES: dict[str, Predicate] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    """The schema uses something this module does not compile: always ask jsonschema."""


def compile_schema(schema: dict[str, Any]) -> Predicate | None:
    """A predicate true only of documents ``schema`` accepts, or None when it cannot be compiled."""
    definitions = schema.get("$defs", {})
    compiled: dict[str, Predicate] = {}

    def reference(pointer: str) -> Predicate:
        name = pointer.removeprefix("#/$defs/")
        if name == pointer or name not in definitions:
            raise _Unsupported(pointer)
        return lambda value: compiled[name](value)  # looked up late: definitions may refer to each other

    try:
        for name, definition in definitions.items():
            compiled[name] = _compile(definition, reference)
        return _compile(schema, reference)
    except _Unsupported:
        return None


def _compile(schema: Any, reference: Callable[[str], Predicate]) -> Predicate:
    if schema is True:
        return lambda value: True
    if schema is False or not isinstance(schema, dict):
        return lambda value: False
    checks: list[Predicate] = []
    properties = {key: _compile(sub, reference) for key, sub in schema.get("properties", {}).items()}
    for keyword, argument in schema.items():
        if keyword in _ANNOTATIONS or keyword == "properties":
            continue
        checks.append(_keyword(keyword, argument, schema, properties, reference))
    if properties:
        checks.append(_properties(properties))

    def check(value: Any) -> bool:
        for one in checks:
            if not one(value):
                return False
        return True

    return check


def _keyword(keyword: str, argument: Any, schema: dict[str, Any], properties: dict[str, Predicate], reference) -> Predicate:
    """One keyword as a predicate; like JSON Schema, each applies only to its own kind of value."""
    if keyword == "type":
        names = [argument] if isinstance(argument, str) else argument
        if any(name not in _TYPES for name in names):
            raise _Unsupported(f"type {names}")
        kinds = [_TYPES[name] for name in names]
        return lambda v: any(kind(v) for kind in kinds)
    if keyword == "enum":
        # Exact type and value: 1 and True (or 1 and 1.0) are left to jsonschema to compare.
        return lambda v: any(type(v) is type(allowed) and v == allowed for allowed in argument)
    if keyword == "pattern":
        pattern = re.compile(argument)
        return lambda v: not isinstance(v, str) or pattern.search(v) is not None
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= argument
    if keyword == "minimum":
        return lambda v: isinstance(v, bool) or not isinstance(v, (int, float)) or v >= argument
    if keyword == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= argument
    if keyword == "minProperties":
        return lambda v: not isinstance(v, dict) or len(v) >= argument
    if keyword == "uniqueItems":
        if not argument:
            return lambda v: True
        # Only lists of text are compared here; anything else goes to jsonschema.
        return lambda v: not isinstance(v, list) or (all(isinstance(item, str) for item in v) and len(set(v)) == len(v))
    if keyword == "required":
        return lambda v: not isinstance(v, dict) or all(key in v for key in argument)
    if keyword == "additionalProperties":
        extra = _compile(argument, reference)
        return lambda v: not isinstance(v, dict) or all(extra(item) for key, item in v.items() if key not in properties)
    if keyword == "propertyNames":
        name = _compile(argument, reference)
        return lambda v: not isinstance(v, dict) or all(name(key) for key in v)
    if keyword == "items":
        item = _compile(argument, reference)
        return lambda v: not isinstance(v, list) or all(item(each) for each in v)
    if keyword == "anyOf":
        options = [_compile(option, reference) for option in argument]
        return lambda v: any(option(v) for option in options)
    if keyword == "$ref":
        return reference(argument)
    raise _Unsupported(keyword)


def _properties(properties: dict[str, Predicate]) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, sub in properties.items():
            if key in value and not sub(value[key]):
                return False
        return True

    return check
