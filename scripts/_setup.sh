# Shared by scripts/serve, scripts/test and scripts/build: create .venv and install the pinned
# packages. Sourced, not run. Says what it does; stops with a clear message when it cannot.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export NO_MKDOCS_2_WARNING=1

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

apt_install() {
  # apt_install PACKAGE... : install Debian packages, or explain how when we cannot.
  command -v apt-get >/dev/null 2>&1 || return 1
  say "installing Debian packages: $*"
  as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

setup_python() {
  # setup_python REQUIREMENTS_FILE
  local requirements="$1" python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || die "Python 3.11+ is needed; install it (Debian: apt-get install python3 python3-venv)."
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is needed; found $("$python" --version 2>&1)."
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment in .venv"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv || die "cannot create a virtual environment: install python3-venv (apt-get install python3-venv) and run this again."
      "$python" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.installed-$(basename "$requirements")"
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ "$ROOT/requirements.txt" -nt "$stamp" ]; then
    say "installing pinned packages from $(basename "$requirements")"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
      || die "pip could not install the packages in $(basename "$requirements") (is the package index reachable?)."
    touch "$stamp"
  fi
}

setup_chromium() {
  # The browser tests drive Debian's Chromium through Playwright: no browser download works here.
  if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then return 0; fi
  for candidate in ${CHROMIUM_SEARCH:-/usr/bin/chromium /usr/bin/chromium-browser}; do
    if [ -x "$candidate" ]; then export CHROMIUM="$candidate"; return 0; fi
  done
  say "Chromium is missing; the browser tests need Debian's chromium package"
  apt_install chromium fonts-dejavu-core \
    || die "could not install Chromium. Install it yourself (Debian: sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium, then run this again."
  export CHROMIUM=/usr/bin/chromium
}

setup_test_tools() {
  # Tools the tests run besides Python and Chromium: the W3C Nu HTML Checker (Java, from npm),
  # pinned in tests/tools/package-lock.json.
  local tools="$ROOT/tests/tools"
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless \
    || die "Java is needed for the HTML checker: install it (Debian: sudo apt-get install default-jre-headless) and run this again."
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm \
    || die "npm is needed to install the test tools: install it (Debian: sudo apt-get install nodejs npm) and run this again."
  if [ ! -f "$tools/node_modules/.package-lock.json" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
    say "installing the pinned test tools in tests/tools (npm ci)"
    npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null \
      || die "npm could not install the test tools in tests/tools (is the package registry reachable?)."
  fi
}
