"""Test fixtures.

- ``built_site``: the real site, built once per session with ``mkdocs build --strict``.
- ``site_url``: that build served on 127.0.0.1 under its GitHub Pages path.
- ``browser``: Debian's Chromium driven by Playwright (no browser download).
- ``make_page`` / ``page``: fresh pages whose every request is recorded; a test fails if any
  request leaves 127.0.0.1 or the page throws a JavaScript error.

Every test that builds a site or drives a browser is marked ``slow`` here, so the quick subset
(``scripts/test --quick``, which is ``-m "not slow"``) is the engine and the content checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import CHROMIUM_FLAGS, ROOT, RequestLog, chromium_path, mkdocs_build, serve_site, site_prefix

SLOW_FOLDERS = ("browser", "site", "benchmarks")  # under tests/: every test there builds or browses
SLOW_FIXTURES = {"build_output", "built_site", "site_url", "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(item.path).relative_to(ROOT / "tests").parts[0]
        if folder in SLOW_FOLDERS or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def build_output(tmp_path_factory) -> tuple[Path, str]:
    """The real site, built once per session: its folder and what the build printed."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(config=ROOT / "mkdocs.yml", site_dir=site_dir)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stderr}", pytrace=False)
    return site_dir, result.stderr


@pytest.fixture(scope="session")
def built_site(build_output) -> Path:
    return build_output[0]


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve_site(built_site, site_prefix()) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


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
