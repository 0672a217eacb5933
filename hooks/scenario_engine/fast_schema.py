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
# Exact Python types, as the YAML loader builds them (a subclass only errs towards "invalid").
_TYPES: dict[str, frozenset[type]] = {
    "object": frozenset({dict}),
    "array": frozenset({list}),
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
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
    if len(checks) == 1:
        return checks[0]

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
        allowed = frozenset().union(*(_TYPES[name] for name in names))
        return lambda v: type(v) in allowed
    if keyword == "enum":
        # Exact type and value: 1 and True (or 1 and 1.0) are left to jsonschema to compare.
        return lambda v: any(type(v) is type(allowed) and v == allowed for allowed in argument)
    if keyword == "pattern":
        pattern = re.compile(argument)
        return lambda v: not isinstance(v, str) or pattern.search(v) is not None
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= argument
    if keyword == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= argument
    if keyword == "minimum":
        return lambda v: isinstance(v, bool) or not isinstance(v, (int, float)) or v >= argument
    if keyword == "maximum":
        return lambda v: isinstance(v, bool) or not isinstance(v, (int, float)) or v <= argument
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
        return _items(_compile(argument, reference))
    if keyword == "anyOf":
        options = [_compile(option, reference) for option in argument]
        return lambda v: any(option(v) for option in options)
    if keyword == "$ref":
        return reference(argument)
    raise _Unsupported(keyword)


def _items(item: Predicate) -> Predicate:
    def check(value: Any) -> bool:
        if type(value) is not list:
            return True
        for each in value:
            if not item(each):
                return False
        return True

    return check


def _properties(properties: dict[str, Predicate]) -> Predicate:
    def check(value: Any) -> bool:
        if type(value) is not dict:
            return True
        for key, item in value.items():  # a value's own keys: fewer than the schema's, mostly
            sub = properties.get(key)
            if sub is not None and not sub(item):
                return False
        return True

    return check
