"""Helpers shared by the tests: the real strict build, a GitHub Pages-like server, Debian's
Chromium through Playwright, and axe-core. Fixtures live in conftest.py; test modules import
these with ``from harness import ...``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
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


def mkdocs_build(*, config: Path, site_dir: Path, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a real strict build in a subprocess, as an author or CI would (``environ`` adds variables)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environ or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(site_dir)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=config.parent)


def configured_site_url(config: Path = ROOT / "mkdocs.yml") -> str:
    """``site_url`` as MkDocs resolves it: ``!ENV [SITE_URL, default]`` reads the environment."""
    import yaml
    from yaml_env_tag import construct_env_tag

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", construct_env_tag)
    value = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader).get("site_url") or "/"
    return value if value.endswith("/") else value + "/"


def site_prefix() -> str:
    """The path GitHub Pages serves the site under, from ``site_url`` in mkdocs.yml."""
    return urlsplit(configured_site_url()).path or "/"


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


@contextlib.contextmanager
def serve_site(directory: Path, prefix: str) -> Iterator[str]:
    """Serve a built site under ``prefix`` on 127.0.0.1 as GitHub Pages would; yields its address."""
    handler_class = type("Handler", (PagesHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


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
