"""The set-up scripts stop with a clear message, not a stack trace, when a tool is missing."""

from __future__ import annotations

import subprocess

from harness import ROOT


def run_setup(snippet: str) -> subprocess.CompletedProcess:
    script = f'source "{ROOT}/scripts/_setup.sh"\n{snippet}\n'
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=ROOT)


def test_missing_chromium_that_cannot_be_installed_explains_what_to_do():
    result = run_setup('apt_install() { return 1; }\nunset CHROMIUM\nCHROMIUM_SEARCH=/nonexistent/chromium setup_chromium')
    assert result.returncode == 1
    assert "Chromium is missing" in result.stderr
    assert "apt-get install chromium" in result.stderr and "CHROMIUM=/path/to/chromium" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_explicit_chromium_is_used_as_given():
    result = run_setup('export CHROMIUM=/bin/true\nsetup_chromium && echo "using $CHROMIUM"')
    assert result.returncode == 0 and result.stdout.strip() == "using /bin/true"


def test_missing_python_is_named():
    result = run_setup('PYTHON=/nonexistent/python3 setup_python "$ROOT/requirements.txt"')
    assert result.returncode == 1
    assert "Python 3.11+ is needed" in result.stderr


def test_ci_runs_the_same_command_as_the_readme():
    assert "\nexec scripts/test\n" in (ROOT / ".ci" / "run").read_text()



def test_missing_java_that_cannot_be_installed_explains_what_to_do():
    result = run_setup('apt_install() { return 1; }\ncommand() { [ "$2" = java ] && return 1; builtin command "$@"; }\nsetup_test_tools')
    assert result.returncode == 1
    assert "Java is needed for the HTML checker" in result.stderr and "apt-get install default-jre-headless" in result.stderr
    assert "Traceback" not in result.stderr
