"""Load YAML into plain Python data while remembering the line of every key and item.

PyYAML's loaders silently keep the last of two equal keys and forget where values came from.
Authors need both: a duplicate key is a fault, and every fault names its line. So we read the
parser's events (C parser when available) and build the data ourselves, recording lines by path.
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

# Bounds that keep a hostile file from exhausting time or memory ("billion laughs", deep nesting).
MAX_ALIASES = 100  # aliases (*name) per file
MAX_VALUES = 500_000  # values in the data once every alias is expanded
MAX_DEPTH = 50  # lists and mappings inside each other
MAX_TEXT = 20_000  # characters in one text


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
    texts: list[str] = field(default_factory=list)  # every text value (not keys), for one safety scan

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
    loader = _Loader(text)
    try:
        return _Builder(loader).document()
    except yaml.MarkedYAMLError as error:
        raise _syntax_fault(error) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as a control character
        line = text.count("\n", 0, error.position) + 1
        raise YamlFault(line=line, where="", message=f"not valid YAML: the character U+{error.character:04X} is not allowed in YAML text") from None
    except yaml.YAMLError as error:
        raise YamlFault(line=1, where="", message=f"not valid YAML: {str(error).splitlines()[0]}") from None
    finally:
        loader.dispose()


def _syntax_fault(error: yaml.MarkedYAMLError) -> YamlFault:
    """Where the problem starts (an unclosed quote's opening line) and where it was detected."""
    found = error.problem_mark.line + 1 if error.problem_mark else None
    start = error.context_mark.line + 1 if error.context_mark else None
    message = f"not valid YAML: {error.problem or error}"
    if start is not None and found is not None and start != found:
        message = f"not valid YAML: {error.problem} on line {found}, {error.context} that starts here"
    return YamlFault(line=start or found or 1, where="", message=message)


class _Frame:
    """A mapping or list being filled, and (for a mapping) the key waiting for its value."""

    __slots__ = ("container", "path", "key", "key_line", "anchor", "weight")

    def __init__(self, container: dict | list, path: Path, anchor: str | None) -> None:
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.anchor = anchor
        self.weight = 1  # values inside, aliases expanded


_NO_KEY = object()


class _Builder:
    """Builds data straight from the parser's events, which carry their lines.

    Composing PyYAML's node tree first and walking it again cost twice as much; the events are
    what the composer itself reads.
    """

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.located = LocatedDocument(data=None)
        self.anchors: dict[str, Any] = {}
        self.weights: dict[str, int] = {}  # an anchored value's size, once it is complete
        self.aliases = 0
        self.stack: list[_Frame] = []

    def document(self) -> LocatedDocument:
        get = self.loader.get_event
        get()  # stream start
        if self.loader.check_event(yaml.StreamEndEvent):
            return self.located
        get()  # document start
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if len(event.value) > MAX_TEXT:
                    raise YamlFault(line=event.start_mark.line + 1, where="", message=f"text of {len(event.value):,} characters is too long (at most {MAX_TEXT:,})")
                self._place(self._scalar(event), event)
                self._count(1, event)
                if event.anchor:
                    self.weights[event.anchor] = 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(self.stack) >= MAX_DEPTH:
                    raise YamlFault(line=event.start_mark.line + 1, where="", message=f"lists and mappings are nested more than {MAX_DEPTH} deep")
                container: dict | list = {} if kind is yaml.MappingStartEvent else []
                self.stack.append(_Frame(container, self._place(container, event), event.anchor))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                if frame.anchor:
                    self.weights[frame.anchor] = frame.weight
                self._count(frame.weight, event)
            elif kind is yaml.AliasEvent:
                self._alias(event)
            else:  # document end
                break
        if not self.loader.check_event(yaml.StreamEndEvent):
            line = self.loader.peek_event().start_mark.line + 1
            raise YamlFault(line=line, where="", message="not valid YAML: expected one document, found another")
        return self.located

    def _alias(self, event: Any) -> None:
        line = event.start_mark.line + 1
        if event.anchor not in self.anchors:
            raise YamlFault(line=line, where="", message=f"not valid YAML: unknown alias '{event.anchor}'")
        if event.anchor not in self.weights:
            raise YamlFault(line=line, where="", message=f"alias '*{event.anchor}' is inside the value it names")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise YamlFault(line=line, where="", message=f"more than {MAX_ALIASES} aliases (*name) in one file")
        self._place(self.anchors[event.anchor], event)
        self._count(self.weights[event.anchor], event)

    def _count(self, weight: int, event: Any) -> None:
        """Add a finished value's size to the container it went into (or the whole document)."""
        frame = self.stack[-1] if self.stack else None
        total = weight + (frame.weight if frame else 0)
        if total > MAX_VALUES:
            raise YamlFault(line=event.start_mark.line + 1, where="", message=f"more than {MAX_VALUES:,} values once aliases are expanded")
        if frame:
            frame.weight = total

    def _place(self, value: Any, event: Any) -> Path:
        """Put ``value`` where the open container wants it; the path it now has."""
        line = event.start_mark.line + 1
        if getattr(event, "anchor", None) and type(event) is not yaml.AliasEvent:
            self.anchors[event.anchor] = value
        if not self.stack:
            self.located.lines[()] = line
            self.located.data = value
            return ()
        frame = self.stack[-1]
        if type(value) is str and (type(frame.container) is list or frame.key is not _NO_KEY):
            self.located.texts.append(value)  # a value, not a key
        if type(frame.container) is list:
            path = (*frame.path, len(frame.container))
            self.located.lines[path] = line
            frame.container.append(value)
            return path
        if frame.key is _NO_KEY:
            if type(event) is not yaml.ScalarEvent:
                raise YamlFault(line=line, where=describe_path(frame.path) or "top level", message="not valid here: keys must be plain text, not lists or mappings")
            frame.key = value if isinstance(value, (str, int, float, bool)) or value is None else str(value)
            frame.key_line = line
            return frame.path
        key, frame.key = frame.key, _NO_KEY
        path = (*frame.path, key)
        if key in frame.container:
            first = self.located.lines.get(path, frame.key_line)
            self.located.duplicates.append(
                YamlFault(line=frame.key_line, where=describe_path(frame.path) or "top level", message=f"key '{key}' is defined twice (first on line {first}); remove one")
            )
            return (*path, "(repeated)")  # the value is read, then dropped
        self.located.lines[path] = frame.key_line
        frame.container[key] = value
        return path

    def _scalar(self, event: Any) -> Any:
        # Dates stay text: the schema checks their format, and an impossible date such as
        # 2026-13-01 must become a fault with a line, not a crash in the constructor.
        # Text (most scalars) is its own value, without PyYAML's constructor.
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted or block text
                return value
            if len(value) <= _MEMO_LENGTH and value in _plain_values:  # keys, ids, flags, scores
                return _plain_values[value]
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
            if tag == _STRING_TAG or tag == _TIMESTAMP_TAG:
                return _remember(value, value)
            return _remember(value, self._construct(tag, event))
        if tag == _STRING_TAG or tag == _TIMESTAMP_TAG:
            return value
        return self._construct(tag, event)

    def _construct(self, tag: str, event: Any) -> Any:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _scalar_constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as error:  # ValueError: a tag that does not fit, '!!int x'
            raise YamlFault(line=event.start_mark.line + 1, where="", message=f"cannot read value: {error}") from None


# Short plain scalars repeat across files (keys, node ids, flags, scores): resolving each type
# once saves a third of the build. Only immutable results are kept.
_MEMO_LENGTH = 40
_plain_values: dict[str, Any] = {}


def _remember(text: str, value: Any) -> Any:
    if len(text) <= _MEMO_LENGTH and (value is None or isinstance(value, (str, int, float, bool))):
        _plain_values[text] = value
    return value


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STRING_TAG = "tag:yaml.org,2002:str"
