"""Faults found in scenario files, each pinned to a file and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True, order=True)
class Fault:
    """One thing wrong in one file, printed as ``file:line: where: what``."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}"
        # one fault, one line, whatever text it quotes
        message, where = " ".join(self.message.splitlines()), " ".join(self.where.splitlines())
        return f"{location}: {where}: {message}" if where else f"{location}: {message}"


class ScenarioFaults(Exception):
    """Raised when any scenario or companion file has faults; carries all of them."""

    def __init__(self, faults: Iterable[Fault]) -> None:
        self.faults = sorted(set(faults))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.faults)
        heading = f"{count} fault{'s' if count != 1 else ''} in scenario files:"
        return "\n".join([heading, *(f"  {fault}" for fault in self.faults)])
