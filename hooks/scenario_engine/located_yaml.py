"""Load YAML into plain Python data while remembering the line of every key and item.

PyYAML's loaders silently keep the last of two equal keys and forget where values came from.
Authors need both: a duplicate key is a fault, and every fault names its line. So we compose
the node tree (C parser when available) and build the data ourselves, recording lines by path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]


class YamlFault(Exception):
    """A file that cannot be read as YAML at all, or that repeats a key."""

    def __init__(self, *, line: int, where: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.where = where
        self.message = message


@dataclass(slots=True)
class LocatedDocument:
    """Plain data plus the 1-based line on which each path's key (or item) was written."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[YamlFault] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


_scalar_constructor = yaml.SafeLoader("")


def describe_path(path: Path) -> str:
    """``('nodes', 'dinner', 'choices', 0, 'next')`` -> ``nodes.dinner.choices[1].next``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def load_located(text: str) -> LocatedDocument:
    """Parse ``text``; raise YamlFault when it is not YAML. Duplicate keys are collected."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlFault(line=line, where="", message=f"not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlFault(line=1, where="", message=f"not valid YAML: {error}") from None
    document = LocatedDocument(data=None)
    if root is None:
        return document
    document.lines[()] = root.start_mark.line + 1
    document.data = _build(root, (), document)
    return document


def _build(node: yaml.Node, path: Path, document: LocatedDocument) -> Any:
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, document) if not isinstance(key_node, yaml.ScalarNode) else _scalar(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            line = key_node.start_mark.line + 1
            child = (*path, key)
            if key in mapping:
                first = document.lines.get(child, line)
                document.duplicates.append(
                    YamlFault(
                        line=line,
                        where=describe_path(path) or "top level",
                        message=f"key '{key}' is defined twice (first on line {first}); remove one",
                    )
                )
                continue
            document.lines[child] = line
            mapping[key] = _build(value_node, child, document)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            document.lines[child] = item.start_mark.line + 1
            items.append(_build(item, child, document))
        return items
    return _scalar(node)


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STRING_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node) -> Any:
    # Dates stay text: the schema checks their format, and an impossible date such as
    # 2026-13-01 must become a fault with a line, not a crash in the constructor.
    # Text (most scalars) is its own value: skipping the constructor halves the build step.
    if node.tag == _STRING_TAG or node.tag == _TIMESTAMP_TAG:
        return node.value
    try:
        return _scalar_constructor.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise YamlFault(line=node.start_mark.line + 1, where="", message=f"cannot read value: {error}") from None
