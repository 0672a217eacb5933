"""The site on a phone and in the page chrome: nothing wider than the screen, the case within
reach of the keyboard, a logo that shows on the teal header."""

from __future__ import annotations

import pytest

PHONE = {"width": 375, "height": 800}
PAGES = ["", "ethics/referral/", "scenarios/", "scenarios/better-off-gone/", "scenarios/drinking-to-switch-off/map/", "review/", "assign/"]


@pytest.fixture
def phone(make_page):
    return make_page(viewport=PHONE, reduced_motion="reduce")


def test_no_page_is_wider_than_a_phone(phone, site_url):
    for path in PAGES:
        phone.goto(site_url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def test_the_case_starts_from_a_link_at_the_top(phone, site_url):
    phone.goto(site_url + "scenarios/better-off-gone/")
    start = phone.get_by_role("link", name="Start the case")
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], "visible without scrolling"
    # the player mounts the case when its script runs; on a loaded machine that can come after the
    # first key presses and move the focus back to the top, which no test should count against the page
    phone.wait_for_selector(".scn-player[data-scn-mounted]", state="attached")
    # a keyboard user skips the header and the off-screen navigation with Material's skip link
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    phone.keyboard.press("Enter")
    presses = 0
    while phone.evaluate("document.activeElement.textContent.trim()") != "Start the case":
        phone.keyboard.press("Tab")
        presses += 1
        assert presses <= 8, "past the skip link, the case is more than eight Tab presses away"
    start.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**#the-case")
    options = phone.get_by_role("group", name="What do you do?").get_by_role("button")
    assert options.first.is_visible()
    for _ in range(6):  # the player's own controls come first, then the options
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.closest('[role=group]') !== null"):
            break
    else:
        pytest.fail("six Tab presses after 'Start the case' did not reach the first option")


def test_the_logo_is_drawn_light_on_the_header(page, site_url):
    page.goto(site_url)
    logo = page.locator(".md-header .md-logo img")
    logo.wait_for()
    # the lightest pixel the image draws, read back through a canvas (same origin)
    lightest = logo.evaluate(
        """img => { const c = document.createElement("canvas"); c.width = c.height = 48;
        const g = c.getContext("2d"); g.drawImage(img, 0, 0, 48, 48);
        const d = g.getImageData(0, 0, 48, 48).data; let best = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200) best = Math.max(best, Math.min(d[i], d[i + 1], d[i + 2]));
        return best; }"""
    )
    assert lightest >= 240, "the logo is white on the teal header, not black"


def test_every_page_with_a_table_of_contents_toggle_labels_it(built_site):
    unlabelled = []
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if 'id="__toc"' in text and 'for="__toc"' not in text:
            unlabelled.append(str(html.relative_to(built_site)))
    assert not unlabelled, f"Material's #__toc checkbox has no label on: {unlabelled}"
