"""Helpers shared by the tests: the real strict build, a GitHub Pages-like server, Debian's
Chromium through Playwright, and axe-core. Fixtures live in conftest.py; test modules import
these with ``from harness import ...``.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1"}


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def mkdocs_build(*, config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run a real strict build in a subprocess, as an author or CI would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(site_dir)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=config.parent)


def site_prefix() -> str:
    """The path GitHub Pages serves the site under, from ``site_url`` in mkdocs.yml."""
    import yaml

    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return urlsplit(yaml.safe_load(line)["site_url"]).path or "/"
    return "/"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under its GitHub Pages path, answering 404s with 404.html."""

    prefix = "/"

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        else:
            path = "/__outside_the_site__"
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.exists():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def chromium_path() -> str:
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.exit(
        "Chromium not found. Run the tests with scripts/test (it installs Debian's chromium), "
        "or install it yourself (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium.",
        returncode=2,
    )


class RequestLog:
    """Every URL a page requested, and those that left the site's own host."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request) -> None:
        self.urls.append(request.url)

    @property
    def foreign(self) -> list[str]:
        return [url for url in self.urls if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).hostname not in LOCAL_HOSTS]


def run_axe(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
