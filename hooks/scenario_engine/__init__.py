"""Scenario engine: load, check, analyse and render branching case scenarios.

Pure Python with no MkDocs imports; ``hooks/scenarios.py`` adapts it to MkDocs events and
``python -m hooks.scenario_engine`` is its command line.
"""

from .faults import Fault, ScenarioFaults
from .loader import Project, load_project

__all__ = ["Fault", "Project", "ScenarioFaults", "load_project"]
