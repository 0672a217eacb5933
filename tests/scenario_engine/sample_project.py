"""A throwaway project (scenarios/ and docs/) for engine tests, and a valid sample scenario."""

from __future__ import annotations

import textwrap
from pathlib import Path

from scenario_engine import ScenarioFaults, load_project

COMPETENCIES = """\
confidentiality:
  name: Confidentiality
  description: Keep what was agreed.
  reading: [ethics/confidentiality.md]
referral:
  name: Referral
  description: Refer well.
"""

VALID = """\
title: A friend asks
summary: A sponsor asks about your client.
level: intermediate
minutes: 8
competencies: [confidentiality, referral]
objectives: [Hold the line.]
see_also: [ethics/confidentiality.md]
start: dinner
nodes:
  dinner:
    text: '"How is Sam?" asks Priya.'
    choices:
      - label: Decline kindly
        next: held-line
        feedback: Good.
        scores: {confidentiality: 2}
        see: ethics/confidentiality.md#limits
      - label: Hint
        next: leaked
        scores: {confidentiality: -1, referral: 1}
  held-line:
    outcome: strong
    text: Priya nods.
    debrief: Well held.
  leaked:
    outcome: poor
    text: Sam hears of it.
"""


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "scenarios").mkdir()
        (root / "docs" / "ethics").mkdir(parents=True)
        (root / "docs" / "ethics" / "confidentiality.md").write_text("# Confidentiality\n\n## Limits { #limits }\n\n## Sponsors\n")
        (root / "scenarios" / "competencies.yml").write_text(COMPETENCIES)

    def write(self, name: str, text: str) -> Path:
        path = self.root / "scenarios" / name
        path.write_text(textwrap.dedent(text))
        return path

    def load(self):
        return load_project(scenarios_dir=self.root / "scenarios", docs_dir=self.root / "docs", root=self.root)

    def faults(self) -> list[str]:
        try:
            self.load()
        except ScenarioFaults as error:
            return [str(fault) for fault in error.faults]
        return []
