"""Fixtures for engine tests."""

from __future__ import annotations

import pytest

from sample_project import Project


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)
