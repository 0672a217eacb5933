"""SCORM 1.2 packages: one scenario, or one assignment's scenarios, as one SCO for a learning platform.

The package is the site built by MkDocs for offline use (plain ``.html`` links, no instant
navigation, so every link is relative and nothing is fetched from elsewhere), plus a launch page
(``launch.html``, which holds the SCO's session and shows the start page in a frame) and
``imsmanifest.xml`` at the root. MkDocs runs as a subprocess, the way an author runs it, so the
engine imports nothing from MkDocs. What is recorded is done in the browser by lms.js.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from .assignments import DEFAULT_LESSON_STATUS
from .export import read_config
from .loader import Project
from .supervision_pages import assignment_page_path
from .templating import SiteUrls, environment, scenario_page_path

# Theme features that need a web server's page loads (instant navigation fetches pages) or point
# outside the package: left out of the package's build.
_ONLINE_FEATURES = {"navigation.instant", "navigation.instant.progress"}
_LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz"}  # and source maps (*.map): only for debugging the theme
_LAUNCH_SCRIPT = Path(__file__).parent / "templates" / "launch.js"


class PackageError(Exception):
    """Why a package could not be written (unknown slug, failed build)."""


@dataclass(frozen=True, slots=True)
class Package:
    path: Path
    files: int
    size: int


def write_package(project: Project, *, root: Path, output: Path, scenario: str | None = None, assignment: str | None = None) -> Package:
    """Build the site for offline use and zip it with a launch page and a SCORM 1.2 manifest."""
    title, start, settings = _what(project, scenario=scenario, assignment=assignment)
    with tempfile.TemporaryDirectory(prefix="pcp-package-") as temporary:
        site = Path(temporary) / "site"
        _build(root=root, site=site)
        for left_out in [site / name for name in _LEFT_OUT] + list(site.rglob("*.map")):
            left_out.unlink(missing_ok=True)
        (site / "launch.js").write_text(_LAUNCH_SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
        settings_json = Markup(json.dumps(settings).replace("<", "\\u003c"))  # slugs and fixed words only
        launch = environment().get_template("launch.html.j2").render(title=title, start=start, settings=settings_json)
        (site / "launch.html").write_text(launch, encoding="utf-8")
        files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        identifier = "pcp-" + (f"assignment-{assignment}" if assignment else f"scenario-{scenario}")
        manifest = environment().get_template("imsmanifest.xml.j2").render(identifier=identifier, title=title, files=files)
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("imsmanifest.xml", manifest)
            for name in files:
                archive.write(site / name, name)
    return Package(path=output, files=len(files) + 1, size=output.stat().st_size)


def _what(project: Project, *, scenario: str | None, assignment: str | None) -> tuple[str, str, dict]:
    """Title, start page and the settings lms.js reads (window.API.pcpLmsPackage)."""
    urls = SiteUrls(directory_urls=False)
    if assignment is not None:
        if assignment not in project.assignments:
            raise PackageError(f"no assignment '{assignment}' in scenarios/assignments/")
        found = project.assignments[assignment]
        settings = {"assignment": assignment, "scenarios": list(found.scenarios), "status": dict(found.lesson_status)}
        return found.title, urls.page_url(assignment_page_path(assignment)), settings
    if scenario not in project.scenarios:
        raise PackageError(f"no scenario '{scenario}' in scenarios/")
    settings = {"assignment": None, "scenarios": [scenario], "status": dict(DEFAULT_LESSON_STATUS)}
    return project.scenarios[scenario].title, urls.page_url(scenario_page_path(scenario)), settings


def _build(*, root: Path, site: Path) -> None:
    """A strict MkDocs build of the project at ``root`` for offline use, into ``site``."""
    config = read_config((root / "mkdocs.yml").read_text(encoding="utf-8"))  # with !ENV as MkDocs reads it
    config["use_directory_urls"] = False
    config.pop("site_url", None)
    theme = config.get("theme", {})
    theme["features"] = [f for f in theme.get("features", []) if f not in _ONLINE_FEATURES]
    # The configuration sits beside mkdocs.yml so that its relative paths (docs, hooks) still hold.
    handle, name = tempfile.mkstemp(prefix=".package-", suffix=".yml", dir=root)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            yaml.safe_dump(config, file, sort_keys=False, allow_unicode=True)
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", name, "-d", str(site)]
        result = subprocess.run(command, capture_output=True, text=True, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        Path(name).unlink(missing_ok=True)
    if result.returncode != 0:
        raise PackageError(f"the site build failed:\n{result.stderr}")
