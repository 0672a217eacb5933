"""The site as a visitor meets it: privacy, accessibility, safety note, 404."""

from __future__ import annotations

import pytest

from harness import run_axe

PAGES = ["", "ethics/referral/", "practice/presentations/", "supervisors/course/", "scenarios/", "scenarios/better-off-gone/", "glossary/", "tags/", "no/such/page/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violations(make_page, site_url, path, scheme):
    page = make_page(color_scheme=scheme)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert run_axe(page) == []


def test_no_request_leaves_the_site(page, site_url):
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    # the make_page fixture fails the test on any foreign request; prove we recorded some
    assert any(url.endswith(".js") for url in page.request_log.urls)


def test_safety_note_is_visible_and_keyboard_passes_it(page, site_url):
    page.goto(site_url + "approach/")
    note = page.get_by_role("complementary", name="Safety note")
    assert note.is_visible()
    assert "emergency services" in note.inner_text()
    link = note.get_by_role("link", name="findahelpline.com")
    link.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('aside') === null")
    assert focused, "focus must move on past the note"


def test_not_found_page_is_styled(page, site_url):
    # The test server answers unknown addresses with 404.html, as GitHub Pages does.
    response = page.goto(site_url + "no/such/page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.get_by_role("link", name="Browse the scenarios").get_attribute("href").endswith("/scenarios/")
    assert page.locator("header.md-header").is_visible()
