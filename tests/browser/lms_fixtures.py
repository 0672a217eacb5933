"""What the learning-platform tests run against: a SCORM 1.2 package played on a harness page where
scorm-again (from npm) is the platform's API, and ralph (from PyPI) as a real LRS on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from harness import ROOT

SCORM_AGAIN = ROOT / "tests" / "tools" / "node_modules" / "scorm-again" / "dist" / "scorm12.js"

# The platform's side: scorm-again's SCORM 1.2 API in the top window, the package (or one of its
# pages, ?start=...) in a frame. It keeps the CMI data in its own localStorage at each commit and
# finish, as a platform keeps it on its server, and on the next launch loads it back, with
# cmi.core.entry "resume" when the last session ended with cmi.core.exit "suspend".
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Learning platform harness</title>
<script src="scorm12.js"></script>
<script>
var saved = JSON.parse(localStorage.getItem("harness:cmi") || "null");
window.API = new Scorm12API({ logLevel: 5 });
if (saved) {
  saved.cmi.core.entry = saved.cmi.core.exit === "suspend" ? "resume" : "";
  window.API.loadFromJSON(saved.cmi);
}
function keep() { localStorage.setItem("harness:cmi", JSON.stringify(window.API.renderCMIToJSONObject())); }
window.API.on("LMSCommit", keep);
window.API.on("LMSFinish", keep);
document.addEventListener("DOMContentLoaded", function () {
  var start = new URLSearchParams(location.search).get("start") || "package/launch.html";
  document.getElementById("sco").src = start;
});
</script></head>
<body><iframe id="sco" title="Course" style="width: 1100px; height: 900px"></iframe></body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1; returns (server, base URL)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def write_package(folder: Path, *, scenario: str | None = None, assignment: str | None = None) -> Path:
    """``python -m hooks.scenario_engine package`` into folder/package.zip, unzipped into folder/package."""
    which = ["--scenario", scenario] if scenario else ["--assignment", assignment]
    archive = folder / "package.zip"
    command = [sys.executable, "-m", "hooks.scenario_engine", "--root", str(ROOT), "package", *which, "-o", str(archive)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder / "package")
    return archive


def harness_folder(folder: Path) -> Path:
    if not SCORM_AGAIN.is_file():
        pytest.fail("scorm-again is missing: run scripts/test, which installs tests/tools with npm ci", pytrace=False)
    shutil.copy(SCORM_AGAIN, folder / "scorm12.js")
    (folder / "harness.html").write_text(HARNESS, encoding="utf-8")
    (folder / "away.html").write_text("<!doctype html><title>Away</title><p>Left the course.</p>", encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lrs:
    """ralph with its file-system backend, on 127.0.0.1; stop() and start() again on the same port."""

    username, password = "trainer", "not-a-real-secret"

    def __init__(self, folder: Path, *, allowed_origin: str) -> None:
        import bcrypt

        self.folder = folder
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        (folder / "data").mkdir(exist_ok=True)
        (folder / "app").mkdir(exist_ok=True)
        users = [{"username": self.username, "hash": bcrypt.hashpw(self.password.encode(), bcrypt.gensalt()).decode(),
                  "scopes": ["all"], "agent": {"mbox": "mailto:lrs-admin@example.org"}}]
        (folder / "auth.json").write_text(json.dumps(users), encoding="utf-8")
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([allowed_origin]),
        }
        self.process: subprocess.Popen | None = None

    @property
    def auth(self) -> str:
        import base64

        return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()

    def start(self) -> None:
        command = [sys.executable, str(Path(__file__).with_name("ralph_server.py")), str(self.port)]
        # ralph.log in the folder holds what it said, for a failing test
        with open(self.folder / "ralph.log", "ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("ralph stopped: " + (self.folder / "ralph.log").read_text(errors="replace"))
                time.sleep(0.3)
        raise RuntimeError("ralph did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def statements(self) -> list[dict]:
        """Every statement the file-system backend holds, in the order stored."""
        stored = self.folder / "data" / "fs_lrs.jsonl"
        if not stored.exists():
            return []
        return [json.loads(line) for line in stored.read_text(encoding="utf-8").splitlines() if line.strip()]
