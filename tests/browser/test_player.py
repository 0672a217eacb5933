"""The scenario player and the catalogue in a real browser (issues 4, 11 and 13).

Expected values come from the engine itself: the test loads the project, enumerates every
loop-free route of a scenario with flags and loops, assesses each route in Python
(``assessment.assess_route``) and plays it in the browser by clicking buttons found by their
accessible name. Moments are named by their labels (``model.node_labels``), never their ids.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from harness import ROOT, configured_site_url, run_axe
from player_routes import PROJECT, covering_routes, labels, route_coverage, simple_paths, value_text
from scenario_engine.assessment import assess_route

pytestmark = pytest.mark.slow

SLUG = "be-perfect-six-sessions"  # flags (noticed-tightening) and two loops
SCENARIO = PROJECT.scenarios[SLUG]
PAGE = f"scenarios/{SLUG}/"
KEY = f"pcp:progress:{SLUG}"
ASSETS = ROOT / "docs" / "assets"
LABELS = labels(SCENARIO)


# ---------------------------------------------------------------- the engine's side


def label(node: str, index: int, scenario=SCENARIO) -> str:
    """A choice's label as a button's accessible name: the text, whitespace collapsed."""
    return " ".join(scenario.nodes[node].choices[index].label.split())


def walk_path(path, scenario=SCENARIO):
    """Where a path ends, the labels of the choices offered at each step, and its assessment."""
    node, flags, visible = scenario.start, frozenset(), []
    for step_node, index in path:
        assert step_node == node
        visible.append([label(node, c.index, scenario) for c in scenario.nodes[node].choices if c.visible_with(flags)])
        choice = scenario.nodes[node].choices[index]
        flags |= choice.sets
        node = choice.next
    return node, visible, assess_route(scenario, path)


# Every route that repeats no state, and a smaller set of them that still clicks every choice from
# every state it is offered in and reaches every ending, outcome and capping moment. (Every route's
# arithmetic is held to the engine's in test_assessment_in_browser, without clicks.)
PATHS = simple_paths(SCENARIO)
COVERING = covering_routes(SCENARIO, PATHS)
# design-experiment: choice 0 sets noticed-tightening; review-session choice 1 needs it
TO_DESIGN = [("session-seven", 1), ("homework", 0)]
WITH_FLAG = TO_DESIGN + [("design-experiment", 0), ("agree-review", 0)]
WITHOUT_FLAG = TO_DESIGN + [("design-experiment", 1), ("agree-review", 0)]
FLAGGED_LABEL = label("review-session", 1)


# ---------------------------------------------------------------- browser helpers


SITE_URL = configured_site_url()


def instant_navigation(page, site_url) -> None:
    """Material maps sitemap addresses to this host but not to its port; serve the sitemap
    with the test server's own addresses so instant navigation works on 127.0.0.1:<port>."""

    def sitemap(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(SITE_URL, site_url))

    page.route("**/sitemap.xml", sitemap)


@pytest.fixture
def player(make_page):
    """A page that prefers reduced motion: no smooth scrolling to wait for between clicks."""
    return make_page(reduced_motion="reduce")


def open_player(page, site_url, query: str = ""):
    page.goto(site_url + PAGE + query)
    page.wait_for_selector(".scn-player .scn-moment")
    return page


def choose(page, node: str, index: int) -> None:
    page.locator(".scn-player").get_by_role("button", name=label(node, index), exact=True).click()


def play(page, path) -> None:
    for node, index in path:
        choose(page, node, index)


def dialog_closed(page) -> None:
    """A confirmation dialog acts on its close event, a task after the key or click that closed it.
    Until then the closed dialog is hidden but still in the page (so no role query finds it)."""
    page.wait_for_selector("dialog.pcp-confirm", state="detached")


def restart(page, *, finished: bool = False) -> None:
    """Restart; a finished run whose report was never copied or downloaded asks first."""
    page.locator(".scn-toolbar").get_by_role("button", name="Restart", exact=True).click()
    if finished:
        dialog = page.get_by_role("dialog", name="Start again?")
        dialog.get_by_role("button", name="Start again", exact=True).click()
        dialog_closed(page)


def heading(page) -> str:
    return page.locator(".scn-player .scn-moment").inner_text().strip()


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def end_scores(page) -> dict[str, tuple[int, int, str]]:
    return page.eval_on_selector_all(
        ".scn-player .scn-score",
        """items => Object.fromEntries(items.map(li => [li.dataset.competency,
            [Number(li.dataset.earned), Number(li.dataset.available), li.querySelector('.scn-score-value').textContent]]))""",
    )


def earned(page) -> dict[str, int]:
    return {k: v[0] for k, v in end_scores(page).items()}


def stored(page, key: str = KEY):
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def entry(**fields) -> dict:
    """A valid progress entry (format 2) for SLUG, changed by fields."""
    now = "2026-01-01T10:00:00.000Z"
    return {"format": 2, "version": SCENARIO.version, "title": SCENARIO.title, "feedback": "immediate",
            "origin": "catalogue", "node": "homework", "path": [{"node": "session-seven", "choice": 1}], "flags": [],
            "earned": {}, "available": {}, "status": "in-progress", "outcome": None, "endingOutcome": None,
            "startedAt": now, "updatedAt": now, "finishedAt": None, **fields}


LOOP = [("session-seven", 2), ("origins", 0), ("name-it", 2), ("origins", 0), ("name-it", 0),
        ("contract-review", 1), ("too-big", 0), ("contract-review", 0), ("design-experiment", 1),
        ("agree-review", 0), ("review-session", 0)]

# ---------------------------------------------------------------- playing


def test_scenario_under_test_has_flags_and_loops():
    assert any(c.sets for n in SCENARIO.nodes.values() for c in n.choices)
    assert any(c.requires or c.excludes for n in SCENARIO.nodes.values() for c in n.choices)
    assert len({n for n, _ in LOOP}) < len(LOOP) and SCENARIO.nodes[walk_path(LOOP)[0]].is_ending, "a route round a loop"


END_SCREEN = """() => ({
    heading: document.querySelector('.scn-player .scn-moment').textContent.trim(),
    outcome: document.querySelector('.scn-player .scn-outcome').textContent.trim(),
    scores: [...document.querySelectorAll('.scn-player .scn-score')].map(li => [li.dataset.competency,
        Number(li.dataset.earned), Number(li.dataset.available), li.querySelector('.scn-score-value').textContent,
        li.querySelector('.scn-score-name').textContent]),
    replay: document.querySelectorAll('.scn-replay > li').length,
    stored: JSON.parse(localStorage.getItem('%s')),
})""" % KEY
CONDITIONAL = {n.id for n in SCENARIO.nodes.values() if any(c.requires or c.excludes for c in n.choices)}


def test_the_covering_routes_cover_what_every_route_covers():
    def reached(routes):
        steps, endings = set(), set()
        for route in routes:
            taken, ending = route_coverage(SCENARIO, route)
            steps |= taken
            endings.add(ending)
        return steps, endings

    assert reached(COVERING) == reached(PATHS)


def test_routes_through_every_choice_and_ending_score_as_the_build_computes(player, site_url):
    page = player
    open_player(page, site_url)
    for number, path in enumerate(COVERING):
        if number:
            restart(page, finished=True)
        end, visible, a = walk_path(path)
        for (node, index), offered in zip(path, visible):
            if node in CONDITIONAL:  # the flags decide which buttons are there
                assert page.locator(".scn-player .scn-choice-btn").all_inner_texts() == offered, (path, node)
            choose(page, node, index)
        screen = page.evaluate(END_SCREEN)
        assert screen["heading"] == LABELS[end], path
        assert screen["outcome"].startswith(f"Outcome: {a.outcome}."), path
        assert screen["scores"] == [
            [k, a.earned[k], a.available[k], value_text(a.earned[k], a.available[k]), PROJECT.competencies[k].name]
            for k in SCENARIO.competencies
        ], path
        assert screen["replay"] == len(path)
        saved = screen["stored"]
        assert saved["status"] == "finished" and saved["outcome"] == a.outcome, path
        assert saved["endingOutcome"] == a.ending_outcome and saved["format"] == 2 and saved["origin"] == "catalogue"
        assert saved["earned"] == a.earned and saved["available"] == a.available
        assert saved["path"] == [{"node": n, "choice": i} for n, i in path]
    assert len(PATHS) > 30 and len(COVERING) < len(PATHS)


def test_a_loop_counts_every_visit(player, site_url):
    page = player
    loop = LOOP
    end, _, a = walk_path(loop)
    assert SCENARIO.nodes[end].is_ending
    once = assess_route(SCENARIO, loop[:1] + loop[3:])  # the same route without going round the loop
    assert any(a.available[k] > once.available[k] for k in SCENARIO.competencies), "the loop's decisions count again"
    open_player(page, site_url)
    play(page, loop)
    assert {k: v[:2] for k, v in end_scores(page).items()} == {k: [a.earned[k], a.available[k]] for k in SCENARIO.competencies}
    # each visit is still listed in the replay
    assert page.locator(".scn-replay > li").count() == len(loop)


def test_immediate_feedback_and_focus(page, site_url):
    open_player(page, site_url)
    assert SCENARIO.feedback == "immediate"
    assert page.locator(".scn-case").is_hidden()
    assert page.locator(".scn-player .scn-fb").count() == 0
    choose(page, "session-seven", 0)
    assert heading(page) == LABELS["name-it"]
    assert focused_text(page) == LABELS["name-it"]
    assert page.evaluate("document.activeElement.tagName") == "H3"
    feedback = " ".join(SCENARIO.nodes["session-seven"].choices[0].feedback.split())
    box = page.locator(".scn-player .scn-fb")
    assert feedback[:60] in " ".join(box.inner_text().split())
    assert box.get_by_role("link", name="Insight without action").get_attribute("href").endswith("#evidence")
    live = page.locator(".scn-live[aria-live=polite]")
    page.wait_for_function("() => document.querySelector('.scn-live').textContent.includes('Feedback:')")
    assert feedback[:60] in live.inner_text()
    # the next choice replaces it with its own feedback
    choose(page, "name-it", 0)
    feedback = " ".join(SCENARIO.nodes["name-it"].choices[0].feedback.split())
    assert feedback[:60] in " ".join(page.locator(".scn-player .scn-fb").inner_text().split())


def test_delayed_feedback_by_parameter_waits_for_the_debrief(player, site_url):
    page = player
    route = TO_DESIGN + [("design-experiment", 0), ("agree-review", 0), ("review-session", 1)]
    open_player(page, site_url, "?feedback=delayed&assignment=week-3")
    for node, index in route[:-1]:
        choose(page, node, index)
        assert page.locator(".scn-player .scn-fb").count() == 0
    page.wait_for_function("() => document.querySelector('.scn-live').textContent.includes('debrief')")
    choose(page, *route[-1])
    assert heading(page) == LABELS[walk_path(route)[0]]
    replay = page.locator(".scn-replay > li")
    for number, (node, index) in enumerate(route):
        item = replay.nth(number)
        assert item.locator(".scn-replay-moment").inner_text() == LABELS[node]
        assert label(node, index) in " ".join(item.locator(".scn-chose").inner_text().split())
        feedback = " ".join(SCENARIO.nodes[node].choices[index].feedback.split())
        assert feedback[:50] in " ".join(item.inner_text().split())
    assert stored(page)["feedback"] == "delayed"
    assert stored(page)["origin"] == "assignment:week-3"
    assert "assignment=week-3" in page.url


def test_immediate_parameter_overrides_a_delayed_scenario(player, site_url):
    page = player
    scenario = next(s for s in PROJECT.scenarios.values() if s.feedback == "delayed")
    first = next(c for c in scenario.nodes[scenario.start].choices if c.feedback and c.visible_with(frozenset()))
    for query, shown in [("", 0), ("?feedback=immediate", 1)]:
        page.goto(f"{site_url}scenarios/{scenario.slug}/{query}")
        page.get_by_role("button", name=label(scenario.start, first.index, scenario), exact=True).click()
        assert page.locator(".scn-player .scn-fb").count() == shown
        page.get_by_role("button", name="Restart", exact=True).click()


FINISHED = TO_DESIGN + [("design-experiment", 1), ("agree-review", 0), ("review-session", 0)]


def test_restart_asks_before_it_deletes_a_report_never_taken(make_page, site_url):
    page = make_page(reduced_motion="reduce", accept_downloads=True)
    open_player(page, site_url)
    play(page, FINISHED)
    finished = stored(page)
    assert finished["status"] == "finished" and not finished.get("reportCopied")
    dialog = page.get_by_role("dialog", name="Start again?")
    for keep in ("Escape", "click"):
        page.locator(".scn-toolbar").get_by_role("button", name="Restart", exact=True).click()
        assert "never copied or downloaded" in dialog.inner_text()
        if keep == "Escape":
            assert focused_text(page) == "Keep this run", "the safe choice has focus"
            assert run_axe(page) == []
            page.keyboard.press("Escape")
        else:
            dialog.get_by_role("button", name="Keep this run", exact=True).click()
        dialog_closed(page)
        assert stored(page) == finished, "the finished run and its report are kept"
        assert page.locator(".scn-player .scn-scores").is_visible()
        assert focused_text(page) == "Restart"
    # once the report is taken, Restart starts again at once
    with page.expect_download():
        page.locator(".scn-player").get_by_role("button", name="Download JSON").click()
    assert stored(page)["reportCopied"] is True
    restart(page)
    assert dialog.count() == 0
    assert heading(page) == LABELS[SCENARIO.start] and stored(page) is None


def test_restart_in_the_middle_of_a_run_does_not_ask(player, site_url):
    page = player
    open_player(page, site_url)
    play(page, TO_DESIGN)
    restart(page)
    assert page.get_by_role("dialog", name="Start again?").count() == 0
    assert heading(page) == LABELS[SCENARIO.start] and stored(page) is None


def test_flags_show_and_hide_a_choice(player, site_url):
    page = player
    open_player(page, site_url)
    play(page, WITH_FLAG)
    assert heading(page) == LABELS["review-session"]
    assert page.get_by_role("button", name=FLAGGED_LABEL, exact=True).is_visible()
    assert stored(page)["flags"] == ["noticed-tightening"]
    page.get_by_role("button", name="Restart", exact=True).click()
    play(page, WITHOUT_FLAG)
    assert heading(page) == LABELS["review-session"]
    assert page.get_by_role("button", name=FLAGGED_LABEL, exact=True).count() == 0
    assert page.locator(".scn-player .scn-choice-btn").count() == 2
    assert stored(page)["flags"] == []


def test_resume_after_reload_and_restart(player, site_url):
    page = player
    open_player(page, site_url)
    play(page, WITH_FLAG[:3])
    before = stored(page)
    assert before["node"] == "agree-review" and before["status"] == "in-progress"
    assert before["path"] == [{"node": n, "choice": i} for n, i in WITH_FLAG[:3]]
    assert before["version"] == SCENARIO.version
    page.reload()
    page.wait_for_selector(".scn-player .scn-moment")
    assert heading(page) == LABELS["agree-review"]
    assert page.locator(".scn-notice").count() == 0
    play(page, WITH_FLAG[3:] + [("review-session", 1)])
    expected = walk_path(WITH_FLAG + [("review-session", 1)])[2].earned
    assert earned(page) == expected
    # a finished run resumes at its end screen
    page.reload()
    page.wait_for_selector(".scn-player .scn-scores")
    assert earned(page) == expected
    restart(page, finished=True)
    assert heading(page) == LABELS["session-seven"]
    assert focused_text(page) == LABELS["session-seven"]
    assert stored(page) is None
    page.reload()
    page.wait_for_selector(".scn-player .scn-moment")
    assert heading(page) == LABELS["session-seven"]


def test_finished_event_and_report_slot(player, site_url):
    page = player
    instant_navigation(page, site_url)
    open_player(page, site_url)
    page.evaluate("""() => { window.finished = [];
        document.addEventListener('scn:finished', e => window.finished.push(JSON.parse(JSON.stringify(e.detail)))); }""")
    route = WITHOUT_FLAG + [("review-session", 0)]
    play(page, route)
    assert page.locator(".scn-player .scn-report-slot").count() == 1
    [detail] = page.evaluate("window.finished")
    a = walk_path(route)[2]
    assert detail["slug"] == SLUG and detail["version"] == SCENARIO.version and detail["title"] == SCENARIO.title
    assert detail["outcome"] == a.outcome and detail["endingOutcome"] == a.ending_outcome
    assert detail["cappedBy"] == a.capped_by and detail["feedback"] == "immediate" and detail["origin"] == "catalogue"
    assert detail["path"] == [{"node": n, "choice": i} for n, i in route]
    assert detail["earned"] == a.earned and detail["available"] == a.available
    assert detail["competencies"] == {k: PROJECT.competencies[k].name for k in SCENARIO.competencies}
    assert detail["labels"] == LABELS
    assert detail["startedAt"] <= detail["finishedAt"]
    # resuming a finished run shows the end screen again, with the event
    page.reload()
    page.wait_for_selector(".scn-report-slot", state="attached")
    page.evaluate("""() => new Promise(resolve => {
        window.again = null;
        document.addEventListener('scn:finished', e => { window.again = e.detail; });
        resolve(); })""")
    # the event fired during load, before this listener: show it again through instant navigation
    page.get_by_role("link", name="All scenarios").first.click()
    page.wait_for_selector(".scn-catalogue")
    # going back before Material has pushed the catalogue's history entry would leave the site
    page.wait_for_function("() => location.pathname.endsWith('/scenarios/')")
    page.go_back()
    page.wait_for_function("outcome => window.again && window.again.outcome === outcome", arg=a.outcome)


def test_reading_links_for_the_lowest_competencies(player, site_url):
    page = player
    route = [("session-seven", 2), ("origins", 1), ("session-nine", 1)]  # boundary and action fall
    a = walk_path(route)[2]
    ratios = {k: a.earned[k] / a.available[k] for k in SCENARIO.competencies if a.available[k] > 0}
    lowest = [k for k, r in ratios.items() if r == min(ratios.values())]
    open_player(page, site_url)
    play(page, route)
    reading = page.locator(".scn-reading > li")
    assert reading.count() == len(lowest)
    for number, key in enumerate(lowest):
        item = reading.nth(number)
        assert item.inner_text().startswith(PROJECT.competencies[key].name)
        expected = page.locator(f".scn-competency[data-competency='{key}'] a")
        assert item.locator("a").count() == expected.count() > 0
        assert item.locator("a").first.get_attribute("href") == expected.first.get_attribute("href")


def test_instant_navigation_away_and_back_gives_one_player(player, site_url):
    page = player
    instant_navigation(page, site_url)
    open_player(page, site_url)
    choose(page, "session-seven", 0)
    page.evaluate("window.sameDocument = true")
    for _ in range(2):
        page.get_by_role("link", name="All scenarios").first.click()
        page.wait_for_selector(".scn-catalogue .scn-status")
        page.locator(f".scn-card[data-scn-slug='{SLUG}'] :is(h2, h3) a:not(.headerlink)").click()
        page.wait_for_selector(".scn-player .scn-moment")
        assert page.evaluate("window.sameDocument === true"), "instant navigation, not a reload"
        assert page.locator(".scn-player").count() == 1
        assert page.locator(".scn-stage").count() == 1
        assert page.locator(".scn-toolbar").count() == 1
        assert page.locator(".scn-case").is_hidden()
        assert heading(page) == LABELS["name-it"]
    page.wait_for_function("slug => location.pathname.endsWith('/' + slug + '/')", arg=SLUG)  # its history entry
    page.go_back()
    page.wait_for_selector(".scn-catalogue .scn-status")
    page.go_forward()
    page.wait_for_selector(".scn-player .scn-moment")
    assert page.evaluate("window.sameDocument === true")
    assert page.locator(".scn-stage").count() == 1
    choose(page, "name-it", 0)
    assert heading(page) == LABELS["contract-review"]
    assert len(stored(page)["path"]) == 2, "one choice stored once, by one player"


def tab_until(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_play(make_page, site_url):
    page = make_page(reduced_motion="reduce")
    open_player(page, site_url)
    route = WITH_FLAG + [("review-session", 1)]
    for node, index in route:
        tab_until(page, ".scn-choice-btn")
        wanted = label(node, index)
        while " ".join(focused_text(page).split()) != wanted:
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.matches('.scn-choice-btn')"), wanted
        page.keyboard.press("Enter" if index % 2 else "Space")
        assert page.evaluate("document.activeElement.matches('h3.scn-moment')")
    assert focused_text(page) == LABELS[walk_path(route)[0]]
    outline = page.evaluate("""() => { const b = document.querySelector('.scn-toolbar button'); b.focus();
        const s = getComputedStyle(b); return [s.outlineStyle, s.outlineWidth]; }""")
    assert outline[0] == "solid" and outline[1] != "0px", "visible focus"
    page.get_by_role("button", name="Restart", exact=True).focus()
    page.keyboard.press("Enter")
    assert focused_text(page) == "Keep this run", "the dialog opens on the button that keeps the report"
    page.keyboard.press("Tab")
    assert focused_text(page) == "Start again"
    page.keyboard.press("Enter")
    dialog_closed(page)
    assert focused_text(page) == LABELS[SCENARIO.start]
    tab_until(page, ".scn-choice-btn")
    duration = page.evaluate("getComputedStyle(document.activeElement).transitionDuration")
    assert set(duration.replace(" ", "").split(",")) == {"0s"}, "reduced motion"


def test_javascript_off_leaves_the_readable_case(make_page, site_url):
    page = make_page(java_script_enabled=False)
    page.goto(site_url + PAGE)
    assert page.locator(".scn-case").is_visible()
    assert page.locator(".scn-player").is_hidden()
    assert page.locator(".scn-case .scn-node").count() == len(SCENARIO.nodes)
    link = page.get_by_role("link", name=label("session-seven", 0), exact=True)
    target = page.locator(".scn-node[data-node='name-it']").get_attribute("id")
    assert link.get_attribute("href") == f"#{target}" and "name-it" not in target
    link.click()
    assert page.url.endswith(f"#{target}")
    assert page.locator(f"#{target}").get_by_role("heading", name=LABELS["name-it"]).is_visible()
    assert page.locator(".scn-filters").count() == 0
    page.goto(site_url + "scenarios/")
    assert page.locator(".scn-filters").is_hidden()
    assert page.locator(".scn-card").count() == len(PROJECT.scenarios)


@pytest.mark.parametrize(
    "case",
    ["valid", "corrupt", "foreign", "wrong-shape", "unknown-node", "bad-path", "old-version", "old-format",
     "bad-feedback"],
)
def test_bad_input_starts_fresh_with_a_notice(player, site_url, case):
    page = player
    page.goto(site_url + "glossary/")
    good = entry()
    old_format = {k: v for k, v in good.items() if k not in {"format", "origin", "earned", "available", "endingOutcome"}}
    values = {
        "corrupt": "{not json",
        "foreign": "42",
        "wrong-shape": json.dumps({**good, "path": "session-seven"}),
        "unknown-node": json.dumps({**good, "node": "no-such-node"}),
        "bad-path": json.dumps({**good, "path": [{"node": "session-seven", "choice": 9}]}),
        "old-version": json.dumps({**good, "version": "000000000000"}),
        # what the site saved before format 2, with figures the player must never show
        "old-format": json.dumps({**old_format, "scores": {"boundary": 99}, "status": "finished", "outcome": "strong",
                                  "node": "strong-end"}),
        "valid": json.dumps(good),  # the control: this one resumes
    }
    query = ""
    if case == "bad-feedback":
        query = "?feedback=<img src=x onerror=alert(1)>"
        page.evaluate("() => localStorage.clear()")
    else:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, values[case]])
    page.goto(site_url + PAGE + query)
    page.wait_for_selector(".scn-player .scn-moment")
    if case == "valid":
        assert heading(page) == LABELS["homework"] and page.locator(".scn-notice").count() == 0
        return
    assert heading(page) == LABELS["session-seven"]
    notice = page.locator(".scn-notice")
    assert notice.count() == 1 and notice.is_visible()
    text = notice.inner_text()
    if case == "old-version":
        assert "changed" in text
    elif case == "old-format":
        assert "saved by an earlier version of the site" in text and "starts fresh" in text
        assert "99" not in page.locator(".scn-player").inner_text()
    elif case == "bad-feedback":
        assert "<img src=x onerror=alert(1)>" in text and "immediate feedback" in text
        assert page.locator(".scn-notice img").count() == 0
    else:
        assert "starts fresh" in text
    if case != "bad-feedback":
        assert stored(page) is None, "the bad value is removed"
    choose(page, "session-seven", 0)
    assert page.locator(".scn-player .scn-fb").count() == 1, "the scenario's default mode"
    assert stored(page)["path"] == [{"node": "session-seven", "choice": 0}]


def test_a_run_keeps_its_feedback_mode(player, site_url):
    """A link asking for another mode never switches a run begun in one: it offers a fresh attempt."""
    page = player
    open_player(page, site_url)
    play(page, TO_DESIGN)
    page.goto(site_url + PAGE + "?feedback=delayed")
    page.wait_for_selector(".scn-player .scn-moment")
    assert heading(page) == LABELS["design-experiment"]
    notice = page.locator(".scn-notice")
    assert "immediate feedback" in notice.inner_text() and "delayed feedback" in notice.inner_text()
    choose(page, "design-experiment", 0)
    assert page.locator(".scn-player .scn-fb").count() == 1, "still immediate"
    assert stored(page)["feedback"] == "immediate"
    page.reload()
    page.get_by_role("button", name="Start a fresh attempt with delayed feedback", exact=True).click()
    assert heading(page) == LABELS["session-seven"] and stored(page) is None
    choose(page, "session-seven", 0)
    assert page.locator(".scn-player .scn-fb").count() == 0
    assert stored(page)["feedback"] == "delayed" and len(stored(page)["path"]) == 1


def test_storage_that_throws_still_plays(make_page, site_url):
    page = make_page(reduced_motion="reduce")
    # Material keeps its palette in localStorage too, so only the site's own keys fail
    page.context.add_init_script(
        """for (const m of ['getItem', 'setItem', 'removeItem']) {
             const original = Storage.prototype[m];
             Storage.prototype[m] = function (key, ...rest) {
               if (String(key).startsWith('pcp:')) throw new DOMException('denied', 'SecurityError');
               return original.call(this, key, ...rest);
             };
           }"""
    )
    open_player(page, site_url)
    route = WITHOUT_FLAG + [("review-session", 0)]
    play(page, route)
    assert heading(page) == LABELS[walk_path(route)[0]]
    assert "progress" in page.locator(".scn-notice").inner_text(), "the trainee learns nothing is kept"
    assert page.evaluate("Object.keys(pcpProgress.all()).length") == 0
    page.evaluate("pcpProgress.clearAll(); pcpProgress.remove('x'); pcpProgress.set('x', {}); pcpProgress.markReportCopied('x')")


def test_progress_store_api(page, site_url):
    open_player(page, site_url)
    result = page.evaluate(
        """(state) => {
        const p = window.pcpProgress;
        p.set('one', state);
        p.set('constructor', Object.assign({}, state, {earned: JSON.parse('{"constructor": 2, "__proto__": 1}')}));
        localStorage.setItem('pcp:progress:two', '[]');
        localStorage.setItem('pcp:progress:old', JSON.stringify({version: 'v', status: 'finished', scores: {x: 9}}));
        localStorage.setItem('pcp:other', 'x');
        localStorage.setItem('unrelated', 'kept');
        const keyed = p.get('constructor');
        const out = {one: p.get('one'), two: p.get('two'), missing: p.get('missing'), old: p.get('old'),
                     all: Object.keys(p.all()).sort(), stored: [p.stored('two'), p.stored('missing')],
                     outdated: [p.outdated('old'), p.outdated('two'), p.outdated('one'), p.outdated('missing')],
                     keyed: [Object.getPrototypeOf(keyed.earned), keyed.earned.constructor, Object.keys(keyed.earned)],
                     stamp: p.stamp('one'), copied: p.markReportCopied('one')};
        out.finishedCopied = p.set('one', Object.assign({}, state, {status: 'finished', outcome: 'poor',
            endingOutcome: 'strong', finishedAt: state.updatedAt})) && p.markReportCopied('one');
        out.flag = p.get('one').reportCopied;
        out.sameStamp = p.stamp('one') === out.stamp;
        p.remove('one');
        out.removed = p.get('one');
        p.clearAll();
        out.left = Object.keys(localStorage);
        return out;
    }""",
        entry(earned={"x": 1}, available={"x": 2}),
    )
    assert result["one"]["earned"] == {"x": 1} and result["two"] is None and result["missing"] is None
    assert result["old"] is None and result["outdated"] == [True, False, False, False]
    assert result["all"] == ["constructor", "one"] and result["stored"] == [True, False]
    assert result["keyed"] == [None, 2, ["constructor", "__proto__"]]
    assert result["copied"] is False, "only a finished run has a report"
    assert result["finishedCopied"] is True and result["flag"] is True
    assert result["sameStamp"], "marking the report copied is not a change of progress"
    assert result["removed"] is None and "unrelated" in result["left"]
    assert not [key for key in result["left"] if key.startswith("pcp:")]


def pcp_keys(page) -> list[str]:
    return sorted(page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('pcp:'))"))


def test_clear_my_progress_asks_first(player, site_url):
    page = player
    open_player(page, site_url)
    other = next(s for s in PROJECT.scenarios.values() if s.slug != SLUG)
    page.evaluate(
        """([slug, state]) => { pcpProgress.set(slug, state); localStorage.setItem('pcp:assignment:week-1', '{}');
            localStorage.setItem('pcp:progress:older', JSON.stringify({version: 'v', status: 'in-progress'})); }""",
        [other.slug, entry(version=other.version, title=other.title)],
    )
    route = WITHOUT_FLAG + [("review-session", 0)]
    play(page, route)  # finished here, its report never copied
    before = pcp_keys(page)
    clear = page.get_by_role("button", name="Clear my progress", exact=True)
    clear.click()
    dialog = page.get_by_role("dialog", name="Clear my progress?")
    assert dialog.is_visible()
    text = " ".join(dialog.inner_text().split())
    a = walk_path(route)[2]
    assert f"“{SCENARIO.title}”: finished, {a.outcome} outcome, and its report was never copied or downloaded" in text
    assert f"“{other.title}”: in progress (1 choice made)" in text
    assert "“older”: progress saved by an earlier version of the site, or unreadable" in text
    assert "1 other item the site keeps, such as assignments you opened" in text
    assert "Warning: one finished scenario has a report you never copied or downloaded" in text
    assert page.evaluate("document.activeElement.textContent") == "Keep my progress", "the safe choice has focus"
    assert run_axe(page) == []
    page.keyboard.press("Escape")
    dialog_closed(page)
    assert pcp_keys(page) == before, "Escape keeps everything"
    assert page.evaluate("document.activeElement.textContent") == "Clear my progress"
    # a copied report: no warning; keyboard only: Tab to the delete button, Enter
    page.evaluate(f"pcpProgress.markReportCopied('{SLUG}')")
    page.keyboard.press("Enter")
    text = " ".join(dialog.inner_text().split())
    assert "never copied" not in text and "Warning" not in text
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Delete all of it"
    page.keyboard.press("Enter")
    dialog_closed(page)
    assert pcp_keys(page) == []
    assert heading(page) == LABELS["session-seven"]
    assert "removed" in page.locator(".scn-notice").inner_text()
    assert page.evaluate("document.cookie") == ""
    # nothing stored: no dialog, a notice
    clear.click()
    assert dialog.count() == 0 and "nothing to clear" in page.locator(".scn-notice").inner_text()


def block_storage_events(page) -> None:
    """This tab misses other tabs' storage events, so only its own check before writing protects it."""
    page.add_init_script("window.addEventListener('storage', e => e.stopImmediatePropagation(), true)")


@pytest.fixture
def two_tabs(browser):
    """Two tabs of one browser profile: they share the site's local storage."""
    context = browser.new_context(reduced_motion="reduce")
    yield context.new_page(), context.new_page()
    context.close()


@pytest.mark.parametrize("events", [True, False], ids=["with-storage-events", "click-only"])
def test_a_stale_tab_never_writes_over_a_run_finished_in_another(two_tabs, site_url, events):
    first, second = two_tabs
    if not events:
        block_storage_events(second)
    open_player(first, site_url)
    play(first, TO_DESIGN)
    open_player(second, site_url)
    assert heading(second) == LABELS["design-experiment"]
    play(first, FINISHED[len(TO_DESIGN):])
    finished = stored(first)
    assert finished["status"] == "finished"
    if events:  # the stale tab catches up by itself
        second.wait_for_selector(".scn-player .scn-scores")
    else:
        choose(second, "design-experiment", 0)
    assert stored(second) == finished, "the finished run is intact"
    assert heading(second) == LABELS[walk_path(FINISHED)[0]]
    assert "changed in another tab" in second.locator(".scn-notice").inner_text()


@pytest.mark.parametrize("events", [True, False], ids=["with-storage-events", "click-only"])
def test_clearing_in_another_tab_is_not_undone_by_a_click(two_tabs, site_url, events):
    first, second = two_tabs
    if not events:
        block_storage_events(first)
    open_player(first, site_url)
    play(first, TO_DESIGN)
    second.goto(site_url + "scenarios/")
    second.get_by_role("button", name="Clear my progress", exact=True).click()
    second.get_by_role("button", name="Delete all of it", exact=True).click()
    dialog_closed(second)
    assert pcp_keys(second) == []
    if events:
        first.wait_for_function("label => document.querySelector('.scn-moment').textContent === label", arg=LABELS["session-seven"])
    else:
        choose(first, "design-experiment", 0)
    assert pcp_keys(first) == [], "the click did not bring the cleared progress back"
    assert heading(first) == LABELS["session-seven"]
    assert "cleared in another tab" in first.locator(".scn-notice").inner_text()
    # from here the tab plays normally again
    choose(first, "session-seven", 0)
    assert len(stored(first)["path"]) == 1


def test_works_from_file_urls(page, built_site):
    page.goto((built_site / "scenarios" / SLUG / "index.html").as_uri())
    page.wait_for_selector(".scn-player .scn-moment")
    route = WITHOUT_FLAG + [("review-session", 0)]
    play(page, route)
    assert heading(page) == LABELS[walk_path(route)[0]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_at_start_mid_way_and_end(make_page, site_url, scheme):
    page = make_page(color_scheme=scheme, reduced_motion="reduce")
    open_player(page, site_url)
    page.wait_for_load_state("networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    assert run_axe(page) == [], "start"
    play(page, WITH_FLAG[:3])
    page.wait_for_function("() => document.querySelector('.scn-live').textContent !== ''")
    assert run_axe(page) == [], "mid-way"
    play(page, WITH_FLAG[3:] + [("review-session", 2)])
    assert run_axe(page) == [], "end"


# ---------------------------------------------------------------- catalogue


def card_values(attribute: str) -> dict[str, list[str]]:
    return {
        s.slug: {"level": [s.level], "competencies": list(s.competencies), "tags": list(s.tags)}[attribute]
        for s in PROJECT.scenarios.values()
    }


def test_catalogue_status_and_filters(player, site_url):
    page = player
    open_player(page, site_url)
    play(page, WITH_FLAG[:2])  # in progress here
    finished, stale, old = [slug for slug in PROJECT.scenarios if slug != SLUG][:3]
    for slug, version in ((finished, PROJECT.scenarios[finished].version), (stale, "an-older-version")):
        state = entry(version=version, title=PROJECT.scenarios[slug].title, status="finished", outcome="acceptable",
                      endingOutcome="strong", finishedAt=entry()["updatedAt"])
        page.evaluate("([slug, state]) => pcpProgress.set(slug, state)", [slug, state])
    page.evaluate(
        "([slug, state]) => localStorage.setItem('pcp:progress:' + slug, JSON.stringify(state))",
        [old, {"version": PROJECT.scenarios[old].version, "status": "finished", "outcome": "strong", "scores": {}}],
    )
    page.goto(site_url + "scenarios/")
    filters = page.locator(".scn-filters")
    filters.wait_for()
    status = {
        slug: page.locator(f".scn-card[data-scn-slug='{slug}'] .scn-status").inner_text() for slug in PROJECT.scenarios
    }
    assert status[SLUG] == "Your progress: In progress"
    assert status[finished] == "Your progress: Finished: acceptable outcome", "the reported outcome, capped"
    # progress saved for another version of a scenario is dropped by the player, so it counts as not started
    assert all(v == "Your progress: Not started" for k, v in status.items() if k not in {SLUG, finished, old})
    assert status[stale] == "Your progress: Not started"
    assert status[old] == "Your progress: Not started (saved by an earlier version of the site)"
    # progress made in another tab shows at once
    badge = "slug => document.querySelector(`.scn-card[data-scn-slug='${slug}'] .scn-status`).textContent"
    other = page.context.new_page()
    other.goto(site_url)
    other.evaluate(f"localStorage.removeItem('{KEY}')")
    page.wait_for_function(f"slug => ({badge})(slug).endsWith('Not started')", arg=SLUG)
    open_player(other, site_url)
    choose(other, "session-seven", 0)
    page.wait_for_function(f"slug => ({badge})(slug).endsWith('In progress')", arg=SLUG)
    other.close()

    count = page.get_by_role("status")
    total = len(PROJECT.scenarios)
    assert count.inner_text() == f"Showing {total} of {total} scenarios."

    def shown() -> set[str]:
        return set(page.eval_on_selector_all(".scn-card:not([hidden])", "cards => cards.map(c => c.dataset.scnSlug)"))

    level = page.get_by_label("Level", exact=True)
    competency = page.get_by_label("Competency", exact=True)
    tag = page.get_by_label("Tag", exact=True)
    level.select_option("foundation")
    expected = {s for s, v in card_values("level").items() if "foundation" in v}
    assert shown() == expected and count.inner_text() == f"Showing {len(expected)} of {total} scenarios."
    assert page.locator(".scn-card[hidden]").first.is_hidden()
    level.select_option("")
    competency.select_option(label=PROJECT.competencies["boundary"].name)
    assert shown() == {s for s, v in card_values("competencies").items() if "boundary" in v}
    tag_value = SCENARIO.tags[0]
    tag.select_option(tag_value)
    expected = {s for s, v in card_values("competencies").items() if "boundary" in v} & {
        s for s, v in card_values("tags").items() if tag_value in v
    }
    assert SLUG in expected and shown() == expected
    assert count.inner_text() == f"Showing {len(expected)} of {total} scenarios."
    assert run_axe(page) == []

    page.get_by_role("button", name="Clear my progress", exact=True).click()
    dialog = page.get_by_role("dialog", name="Clear my progress?")
    text = " ".join(dialog.inner_text().split())
    assert f"“{PROJECT.scenarios[old].title}”: progress saved by an earlier version of the site" in text, "titles from the cards"
    assert "“" + PROJECT.scenarios[finished].title + "”: finished, acceptable outcome, and its report was never copied" in text
    dialog.get_by_role("button", name="Keep my progress", exact=True).click()
    dialog_closed(page)
    assert len(pcp_keys(page)) == 4, "kept"
    page.get_by_role("button", name="Clear my progress", exact=True).click()
    dialog.get_by_role("button", name="Delete all of it", exact=True).click()
    dialog_closed(page)
    assert pcp_keys(page) == []
    assert page.locator(f".scn-card[data-scn-slug='{finished}'] .scn-status").inner_text() == "Your progress: Not started"
    assert "removed" in count.inner_text()


# ---------------------------------------------------------------- budget and safety


def test_player_fits_the_budget_and_never_parses_strings_as_html(built_site):
    """The budget (issue 7): the player's files as browsers download them, each compressed on its own."""
    files = ["javascripts/player.js", "stylesheets/player.css", "javascripts/progress.js", "javascripts/assessment.js"]
    served = [built_site / "assets" / name for name in files]
    size = sum(len(gzip.compress(f.read_bytes(), compresslevel=9)) for f in served)
    assert size <= 12 * 1024, size
    for name, copy in zip(files, served):
        assert copy.stat().st_size < (ASSETS / name).stat().st_size, f"{name} is published minified"
    for name in ["player.js", "progress.js", "catalogue.js", "assessment.js"]:
        source = (ASSETS / "javascripts" / name).read_text()
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", source), name
        assert "fetch(" not in source and "cookie" not in source


def test_hover_styles_only_where_hovering_is_real():
    """On a touch screen a tapped option would keep its hover style into the next moment (issue 13)."""
    css = (ASSETS / "stylesheets/player.css").read_text()
    outside = css
    for block in re.finditer(r"@media \(hover: hover\) \{(?:[^{}]*\{[^{}]*\})*\s*\}", css):
        assert ":hover" in block.group(0)
        outside = outside.replace(block.group(0), "")
    assert ":hover" in css and ":hover" not in outside
