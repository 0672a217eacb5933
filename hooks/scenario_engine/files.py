"""Finding and reading the YAML files of a folder without trusting what the names point at.

A name ending in ``.yml`` may be a folder, a pipe (opening it would block for ever), a link to
nothing or a link loop, or a file far too large to be a scenario. Each becomes a fault.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .faults import Fault
from .located_yaml import LocatedDocument, YamlFault, load_located

# Room for the largest case the project supports (the benchmark's 1,000-moment scenario is 1.65 MB)
# while still refusing a file whose reading alone would stall the build.
MAX_FILE_BYTES = 4_000_000
_YAML_SUFFIXES = (".yml", ".yaml")


class FileProblem(Exception):
    """A file that cannot be read as a scenario file; the message says why."""


def display(path: Path, root: Path) -> str:
    """``path`` as the faults name it: relative to the project when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def yaml_files(directory: Path, *, root: Path, kind: str, faults: list[Fault]) -> list[Path]:
    """The ``*.yml`` files of ``directory`` in name order; a fault for each name that is not one.

    ``kind`` names the files in messages ("scenario", "assignment").
    """
    try:
        entries = sorted(directory.iterdir())
    except OSError as error:
        faults.append(Fault(display(directory, root), 1, "", f"cannot list the folder: {error.strerror}"))
        return []
    found = []
    for path in entries:
        if not path.name.lower().endswith(_YAML_SUFFIXES):
            continue
        if not path.name.endswith(".yml"):
            faults.append(Fault(display(path, root), 1, "", f"{kind} files must end in .yml (lowercase), not '{path.suffix}'"))
            continue
        found.append(path)
    return found


def read_text(path: Path) -> str:
    """The file's text; FileProblem when it is not a regular file, too large, or not UTF-8."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe must not block the open
    except OSError as error:
        raise FileProblem(_open_problem(path, error)) from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise FileProblem("is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise FileProblem("is not a regular file (a pipe, device or socket); it must be an ordinary file")
        if status.st_size > MAX_FILE_BYTES:
            raise FileProblem(f"is {status.st_size:,} bytes; a file may have at most {MAX_FILE_BYTES:,}")
        chunks: list[bytes] = []
        read = 0
        while read <= MAX_FILE_BYTES and (chunk := os.read(descriptor, MAX_FILE_BYTES + 1 - read)):
            chunks.append(chunk)
            read += len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(f"has more than {MAX_FILE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem("is not UTF-8 text") from None


def _open_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops back on itself"
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"is a symbolic link to '{os.readlink(path)}', which does not exist"
    if error.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot be read: {error.strerror}"


def read_document(path: Path, *, file: str, faults: list[Fault]) -> LocatedDocument | None:
    """The file as located data, or None after recording why it cannot be used."""
    try:
        document = load_located(read_text(path))
    except FileProblem as problem:
        faults.append(Fault(file, 1, "", f"'{path.name}' {problem}"))
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
