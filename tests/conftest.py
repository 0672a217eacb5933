"""Shared test harness.

- ``built_site``: the real site, built once per session with ``mkdocs build --strict``.
- ``site_url``: that build served on 127.0.0.1.
- ``browser``: Debian's Chromium driven by Playwright (no browser download).
- ``page``: a fresh page whose every request is recorded; a test fails if any request leaves
  127.0.0.1. ``run_axe`` returns the serious and critical axe-core violations of a page.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(config=ROOT / "mkdocs.yml", site_dir=site_dir)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stderr}", pytrace=False)
    return site_dir


def site_prefix() -> str:
    """The path GitHub Pages serves the site under, from ``site_url`` in mkdocs.yml."""
    import yaml

    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return urlsplit(yaml.safe_load(line)["site_url"]).path or "/"
    return "/"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
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


@pytest.fixture(scope="session")
def site_url(built_site):
    prefix = site_prefix()
    handler_class = type("Handler", (_PagesHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()


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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class RequestLog:
    """Every URL a page requested, and those that left the site's own host."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request) -> None:
        self.urls.append(request.url)

    @property
    def foreign(self) -> list[str]:
        return [url for url in self.urls if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture
def make_page(browser):
    """Factory for pages in fresh contexts (``color_scheme``, ``java_script_enabled`` ...)."""
    opened = []

    def make(**context_options):
        context = browser.new_context(**context_options)
        log = RequestLog()
        context.on("request", log.record)
        page = context.new_page()
        page.request_log = log
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.page_errors = errors
        opened.append((context, page))
        return page

    yield make
    leaks = [url for _, page in opened for url in page.request_log.foreign]
    errors = [error for _, page in opened for error in page.page_errors]
    for context, _ in opened:
        context.close()
    assert not leaks, f"requests left 127.0.0.1: {leaks}"
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(make_page):
    return make_page()


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
