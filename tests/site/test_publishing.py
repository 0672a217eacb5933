"""A fork publishes with no edit: the build takes its address from SITE_URL (which the workflow
fills from GitHub Pages), and the 404 page works wherever Pages serves the site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from harness import ROOT, configured_site_url, mkdocs_build, serve_site

# What actions/configure-pages reports as base_url: no trailing slash, a project page or a domain.
ADDRESSES = {"sub-path": "https://owner.github.io/fork-copy", "root": "https://coaching.example"}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, Path]:
    """The site built for each address, as the workflow's build job does."""
    sites = {}
    for name, address in ADDRESSES.items():
        site_dir = tmp_path_factory.mktemp(f"published-{name}")
        result = mkdocs_build(config=ROOT / "mkdocs.yml", site_dir=site_dir, environ={"SITE_URL": address})
        if result.returncode != 0:
            pytest.fail(f"strict build for {address} failed:\n{result.stderr}", pytrace=False)
        sites[name] = site_dir
    return sites


def sitemap_addresses(site: Path) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


def canonical(page: Path) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8")).group(1)


@pytest.mark.parametrize("name", ADDRESSES)
def test_the_build_takes_its_address_from_site_url(published, name):
    base = ADDRESSES[name] + "/"
    site = published[name]
    addresses = sitemap_addresses(site)
    assert base in addresses and f"{base}scenarios/better-off-gone/" in addresses
    assert all(address.startswith(base) for address in addresses), addresses[:5]
    assert canonical(site / "ethics" / "referral" / "index.html") == f"{base}ethics/referral/"


def test_without_the_variable_the_local_default_is_used(built_site):
    default = configured_site_url()
    assert all(address.startswith(default) for address in sitemap_addresses(built_site))
    assert urlsplit(default).path != "/", "the local default keeps a project-page sub-path"


def test_the_workflow_builds_for_the_address_pages_reports():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps if "scripts/build" in step.get("run", ""))
    assert steps.index(pages) < steps.index(build), "the address is known before the build"
    assert build["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % pages["id"]
    assert "!ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text()


@pytest.mark.parametrize("name", ADDRESSES)
def test_the_404_page_is_styled_and_its_links_work(published, make_page, name):
    prefix = urlsplit(ADDRESSES[name] + "/").path
    with serve_site(published[name], prefix) as site:
        page = make_page()
        failed: list[str] = []
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        missing = site + "no/such/deep/page/"
        response = page.goto(missing)
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert failed == [missing], "every stylesheet, script and image of the 404 page loads"
        assert page.get_by_role("heading", name="Page not found").is_visible()
        header = page.locator("header.md-header")
        assert header.evaluate("element => getComputedStyle(element).position") == "sticky"
        page.get_by_role("link", name="Browse the scenarios").click()
        page.wait_for_url(site + "scenarios/")
        assert page.locator("h1").first.inner_text().startswith("Scenarios")
        page.goto(missing)
        page.get_by_role("link", name="Go to the home page").click()
        page.wait_for_url(re.compile(re.escape(site) + r"\.?$"))
        assert page.locator(".md-content h1").count() == 1
        assert failed == [missing, missing]
