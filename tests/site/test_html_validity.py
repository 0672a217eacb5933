"""The W3C Nu HTML Checker over one built page of every type: no error from the project's markup.

The checker is the npm package vnu-jar (pinned in tests/tools, installed by scripts/test) run
with Java. Material's own partials carry three known errors, which are not ours to fix and are
recognised by the markup they come from; anything else fails the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from harness import ROOT

pytestmark = pytest.mark.slow

CHECKER = ROOT / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGE_TYPES = [
    "index.html",  # home
    "ethics/referral/index.html",  # reference page with a practise list
    "glossary/index.html",
    "tags/index.html",
    "scenarios/index.html",  # catalogue
    "scenarios/better-off-gone/index.html",  # scenario and its case
    "scenarios/better-off-gone/map/index.html",  # supervisor's map
    "assignments/index.html",
    "assignments/week-1-referral/index.html",
    "assignments/view/index.html",
    "assign/index.html",  # builder
    "review/index.html",
    "404.html",
]

# Material's own markup: hidden toggles with autocomplete, navigation labels with an empty
# tabindex, and the table-of-contents label on pages outside the navigation.
MATERIAL_OWN = ('class="md-toggle"', 'class="md-nav__link', 'class="md-nav__title" for="__toc"')


def test_no_html_error_comes_from_the_project(built_site):
    if shutil.which("java") is None or not CHECKER.exists():
        pytest.fail("the HTML checker is not installed: run scripts/test, which installs Java and tests/tools")
    pages = [str(built_site / page) for page in PAGE_TYPES]
    result = subprocess.run(
        ["java", "-jar", str(CHECKER), "--format", "json", "--errors-only", *pages],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    assert messages, "Material's known errors are expected: the checker did run"
    ours = [
        f"{message['url'].rsplit(str(built_site), 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if not any(sign in message.get("extract", "") for sign in MATERIAL_OWN)
    ]
    assert not ours, "\n".join(ours)
