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

setup_node() {
  # The LMS tests play the learning platform with scorm-again, pinned in package.json and
  # package-lock.json, installed into node_modules/ by npm (Debian's nodejs and npm).
  if ! command -v npm >/dev/null 2>&1; then
    say "npm is missing; the LMS tests need Debian's nodejs and npm packages"
    apt_install nodejs npm \
      || die "could not install npm. Install it yourself (Debian: sudo apt-get install nodejs npm), then run this again."
  fi
  local stamp="$ROOT/node_modules/.installed-package-lock"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    say "installing the pinned npm packages (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null) \
      || die "npm could not install the packages in package-lock.json (is the npm registry reachable?)."
    touch "$stamp"
  fi
}
