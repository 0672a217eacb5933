"""Reporting to a learning platform (issue 14), end to end in Chromium.

SCORM 1.2: the package written by ``python -m hooks.scenario_engine package`` is played on a harness
page where scorm-again is the platform; the CMI data it ends with is checked against the engine's
assessment of the route played. xAPI: the site's scenario page is opened with launch parameters
and the statements ralph stored are checked, also when ralph was down for part of the play. And
without a launch, nothing is sent anywhere.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from urllib.parse import urlencode, urlsplit

import pytest

from harness import run_axe
from lms_fixtures import Lrs, harness_folder, serve, write_package
from player_routes import PROJECT, button_name, simple_paths
from scenario_engine.assessment import assess_route, ideal_route
from scenario_engine.model import node_labels, reading_order

pytestmark = pytest.mark.slow

SLUG = "dismissive-executive"  # loops, caps, and loop-free routes of up to 18 decisions
SCENARIO = PROJECT.scenarios[SLUG]
LONGEST = max(simple_paths(SCENARIO), key=len)
STATUS = {"strong": "passed", "acceptable": "completed", "poor": "failed"}
IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]{1,255}$")  # SCORM 1.2 CMIIdentifier, strictly
TIMESPAN = re.compile(r"^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$")  # SCORM 1.2 CMITimespan
VERBS = "http://adlnet.gov/expapi/verbs/"


def share_percent(route) -> int:
    a = assess_route(SCENARIO, route)
    return max(0, math.floor(100 * sum(a.earned.values()) / sum(a.available.values()) + 0.5))


def moment_numbers(scenario) -> dict[str, int]:
    return {node: number for number, node in enumerate(reading_order(scenario), start=1)}


def play(frame, scenario, route) -> None:
    for node, choice in route:
        frame.get_by_role("button", name=button_name(scenario, node, choice), exact=True).click()


def course(page):
    """The scenario page inside the launch page inside the harness."""
    return page.frame_locator("#sco").frame_locator("iframe")


def cmi(page) -> dict:
    return page.evaluate("() => window.API.renderCMIToJSONObject().cmi")


@pytest.fixture
def open_page(make_page):
    """Pages that prefer reduced motion, as in the player's own tests: otherwise the player scrolls each
    new moment into view smoothly, and a click made while the frame is still scrolling can land on the
    neighbouring choice (a route then stalls on a button that never appears)."""
    return lambda: make_page(reduced_motion="reduce")


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    folder = harness_folder(tmp_path_factory.mktemp("platform"))
    archive = write_package(folder, scenario=SLUG)
    server, url = serve(folder)
    yield {"url": url, "archive": archive, "folder": folder}
    server.shutdown()


def check_interactions(record: dict, route) -> None:
    assessed = assess_route(SCENARIO, route)
    numbers = moment_numbers(SCENARIO)
    interactions = [record["interactions"][str(i)] for i in range(len(record["interactions"]))]
    assert len(interactions) == len(route)
    for n, (interaction, step) in enumerate(zip(interactions, assessed.steps), start=1):
        assert IDENTIFIER.match(interaction["id"]), interaction["id"]
        assert interaction["id"] == f"{SLUG}_{n}_moment-{numbers[step.node]}"
        assert interaction["type"] == "choice"
        assert interaction["student_response"] == str(step.choice)
        assert interaction["correct_responses"]["0"]["pattern"] == str(step.strongest)
        total = sum(SCENARIO.nodes[step.node].choices[step.choice].scores.values())
        assert interaction["result"] == ("correct" if not step.missed else "wrong" if total < 0 else "neutral")
        assert TIMESPAN.match(interaction["latency"]), interaction["latency"]


def check_finished(record: dict, route) -> None:
    assessed = assess_route(SCENARIO, route)
    assert record["core"]["lesson_status"] == STATUS[assessed.outcome]
    assert record["core"]["score"] == {"raw": str(share_percent(route)), "min": "0", "max": "100"}
    assert record["core"]["exit"] == ""
    assert len(record["suspend_data"]) <= 4096
    assert record["suspend_data"].startswith(f"pcp1|{SLUG}~{SCENARIO.version}~")
    check_interactions(record, route)


def test_a_full_play_records_status_score_and_every_decision(platform, open_page):
    page = open_page()
    page.goto(platform["url"] + "harness.html")
    frame = course(page)
    notice = frame.locator(".scn-lms-notice")
    assert "learning platform" in notice.text_content()
    assert cmi(page)["core"]["lesson_status"] == "incomplete"
    play(frame, SCENARIO, LONGEST)
    frame.locator(".scn-outcome").wait_for()
    check_finished(cmi(page), LONGEST)
    # leaving ends the session once, with the whole session's time
    page.goto(platform["url"] + "away.html")
    kept = json.loads(page.evaluate("() => localStorage.getItem('harness:cmi')"))["cmi"]
    assert TIMESPAN.match(kept["core"]["session_time"]) and kept["core"]["session_time"] != "00:00:00"
    check_finished(kept, LONGEST)


def test_a_run_resumes_from_suspend_data_on_another_computer(platform, open_page):
    half = len(LONGEST) // 2
    first = open_page()
    first.goto(platform["url"] + "harness.html")
    play(course(first), SCENARIO, LONGEST[:half])
    first.goto(platform["url"] + "away.html")  # the trainee leaves: LMSFinish with cmi.core.exit "suspend"
    kept = first.evaluate("() => localStorage.getItem('harness:cmi')")
    assert json.loads(kept)["cmi"]["core"]["exit"] == "suspend"

    # a fresh browser (nothing in its localStorage): only the platform's record can bring the run back
    second = open_page()
    second.add_init_script(f"if (location.pathname.endsWith('/harness.html') && !localStorage.getItem('harness:cmi')) localStorage.setItem('harness:cmi', {json.dumps(kept)});")
    second.goto(platform["url"] + "harness.html")
    frame = course(second)
    where = assess_route(SCENARIO, LONGEST[:half]).node
    assert frame.locator(".scn-moment").text_content() == node_labels(SCENARIO)[where]
    assert cmi(second)["core"]["entry"] == "resume"
    assert second.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('pcp:'))") == []
    play(frame, SCENARIO, LONGEST[half:])
    frame.locator(".scn-outcome").wait_for()
    check_finished(cmi(second), LONGEST)


def test_a_reload_in_the_middle_loses_nothing_and_repeats_nothing(platform, open_page):
    page = open_page()
    page.goto(platform["url"] + "harness.html")
    play(course(page), SCENARIO, LONGEST[:3])
    page.reload()
    frame = course(page)
    frame.locator(".scn-moment").wait_for()
    assert len(cmi(page)["interactions"]) == 3
    play(frame, SCENARIO, LONGEST[3:])
    frame.locator(".scn-outcome").wait_for()
    check_finished(cmi(page), LONGEST)
    page.reload()  # the ending shown again records nothing twice
    course(page).locator(".scn-outcome").wait_for()
    check_finished(cmi(page), LONGEST)


def test_a_run_that_no_longer_fits_in_suspend_data_is_still_recorded(platform, open_page):
    """Another scenario's saved place leaves too little of the 4,096 characters for this run."""
    crowded = "pcp1|someone-else~" + "0" * 4040
    saved = {"cmi": {"core": {"exit": "suspend"}, "suspend_data": crowded}}
    page = open_page()
    page.add_init_script(f"if (location.pathname.endsWith('/harness.html')) localStorage.setItem('harness:cmi', {json.dumps(json.dumps(saved))});")
    page.goto(platform["url"] + "harness.html")
    frame = course(page)
    play(frame, SCENARIO, LONGEST[:1])
    assert "4,096 characters" in frame.locator(".scn-lms-notice").last.text_content()
    play(frame, SCENARIO, LONGEST[1:])
    frame.locator(".scn-outcome").wait_for()
    record = cmi(page)
    assert record["suspend_data"] == crowded  # the platform never got more than it can hold
    assert record["core"]["lesson_status"] == STATUS[assess_route(SCENARIO, LONGEST).outcome]
    assert record["core"]["score"]["raw"] == str(share_percent(LONGEST))
    check_interactions(record, LONGEST)


def test_the_largest_suspend_data_of_any_real_scenario_fits(platform, open_page):
    """Each real scenario's longest loop-free route, played with the page straight in the platform's frame."""
    sizes = {}
    for slug, scenario in PROJECT.scenarios.items():
        route = max(simple_paths(scenario), key=len)
        page = open_page()
        page.goto(platform["url"] + "harness.html?" + urlencode({"start": f"package/scenarios/{slug}.html"}))
        frame = page.frame_locator("#sco")
        play(frame, scenario, route)
        frame.locator(".scn-outcome").wait_for()
        record = cmi(page)
        assert record["core"]["lesson_status"] == STATUS[assess_route(scenario, route).outcome]
        assert len(record["interactions"]) == len(route)
        sizes[slug] = len(record["suspend_data"])
        page.context.close()
    print(f"largest suspend_data: {max(sizes.values())} characters ({max(sizes, key=sizes.get)}); all: {sizes}")
    assert max(sizes.values()) <= 4096


def test_an_assignment_package_reports_once_every_scenario_is_finished(tmp_path_factory, open_page):
    folder = harness_folder(tmp_path_factory.mktemp("assignment"))
    write_package(folder, assignment="week-1-referral")
    assignment = PROJECT.assignments["week-1-referral"]
    manifest = (folder / "package" / "imsmanifest.xml").read_text(encoding="utf-8")
    assert "<schemaversion>1.2</schemaversion>" in manifest and 'adlcp:scormtype="sco"' in manifest
    assert manifest.count("<resource ") == 1 and f"<title>{assignment.title}</title>" in manifest.replace("&#39;", "'")
    launch = (folder / "package" / "launch.html").read_text(encoding="utf-8")
    assert 'data-start="assignments/week-1-referral.html"' in launch
    # everything the pages load is inside the package: no address with a host in a src or a <link>
    for html in (folder / "package").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\ssrc="(?:[a-z]+:)?//', text), html
        assert not re.search(r'<link\b[^>]*\shref="(?:[a-z]+:)?//', text), html
    server, url = serve(folder)
    try:
        page = open_page()
        page.goto(url + "harness.html")
        frame = course(page)
        routes = {slug: ideal_route(PROJECT.scenarios[slug]) or max(simple_paths(PROJECT.scenarios[slug]), key=len) for slug in assignment.scenarios}
        total_earned = total_available = 0
        for index, (slug, route) in enumerate(routes.items()):
            scenario = PROJECT.scenarios[slug]
            frame.locator(f'.sup-scenario-list a[href^="../scenarios/{slug}.html"]').click()
            play(frame, scenario, route)
            frame.locator(".scn-outcome").wait_for()
            assessed = assess_route(scenario, route)
            total_earned += sum(assessed.earned.values())
            total_available += sum(assessed.available.values())
            record = cmi(page)
            last = index == len(assignment.scenarios) - 1
            assert record["core"]["lesson_status"] == ("passed" if last else "incomplete")
            assert record["core"]["score"]["raw"] == str(max(0, math.floor(100 * total_earned / total_available + 0.5)))
            # back to the assignment's page, as a trainee would, inside the same launch
            next(f for f in page.frames if f.url.endswith(f"scenarios/{slug}.html?" + urlencode({"assignment": assignment.slug, "feedback": assignment.feedback}))).goto(
                url + "package/assignments/week-1-referral.html")
        assert len(cmi(page)["interactions"]) == sum(len(route) for route in routes.values())
    finally:
        server.shutdown()


# ---- xAPI ---------------------------------------------------------------------------------------

XAPI_SLUG = "better-off-gone"
XAPI_SCENARIO = PROJECT.scenarios[XAPI_SLUG]
XAPI_ROUTE = ideal_route(XAPI_SCENARIO)
ACTOR = {"name": "Trainee One", "mbox": "mailto:trainee.one@example.org"}


@pytest.fixture
def lrs(tmp_path, site_url):
    parts = urlsplit(site_url)
    server = Lrs(tmp_path, allowed_origin=f"{parts.scheme}://{parts.netloc}")
    yield server
    server.stop()


def launch_url(site_url, lrs, registration) -> str:
    query = {"endpoint": lrs.endpoint, "auth": lrs.auth, "actor": json.dumps(ACTOR), "registration": registration}
    return f"{site_url}scenarios/{XAPI_SLUG}/?" + urlencode(query)


def drained(page) -> None:
    page.wait_for_function("() => JSON.parse(localStorage.getItem('pcp:lms:xapi-queue') || '[]').length === 0", timeout=45000)


def check_statements(stored: list[dict], registration: str, *, restarted: bool) -> None:
    mine = [s for s in stored if s.get("context", {}).get("registration") == registration]
    verbs = [s["verb"]["id"].removeprefix(VERBS) for s in mine]
    assessed = assess_route(XAPI_SCENARIO, XAPI_ROUTE)
    steps = len(XAPI_ROUTE)
    expected = ["launched", "initialized"] + ["answered"] * steps + ["completed", STATUS[assessed.outcome]]
    if restarted:
        assert verbs.count("resumed") == 1
        verbs.remove("resumed")
    assert verbs == expected
    assert len({s["id"] for s in mine}) == len(mine)
    assert all(uuid.UUID(s["id"]).version == 4 and s["actor"]["mbox"] == ACTOR["mbox"] for s in mine)
    answered = [s for s in mine if s["verb"]["id"].endswith("/answered")]
    numbers = moment_numbers(XAPI_SCENARIO)
    for statement, step in zip(answered, assessed.steps):
        node = XAPI_SCENARIO.nodes[step.node]
        definition = statement["object"]["definition"]
        assert statement["object"]["id"].endswith(f"/scenarios/{XAPI_SLUG}/moment-{numbers[step.node]}")
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == "choice"
        assert [c["id"] for c in definition["choices"]] == [str(c.index) for c in node.choices if c.visible_with(frozenset(definition_flags(assessed, step)))]
        assert definition["correctResponsesPattern"] == [str(step.strongest)]
        assert statement["result"]["response"] == str(step.choice)
        assert statement["result"]["success"] is (not step.missed)
        scores = next(v for k, v in statement["result"]["extensions"].items() if k.endswith("#xapi-choice-scores"))
        assert scores == dict(node.choices[step.choice].scores)
    completed = next(s for s in mine if s["verb"]["id"].endswith("/completed"))
    extensions = completed["result"]["extensions"]
    assert next(v for k, v in extensions.items() if k.endswith("#xapi-outcome")) == assessed.outcome
    shares = next(v for k, v in extensions.items() if k.endswith("#xapi-competency-shares"))
    assert shares == {k: (assessed.earned[k] / assessed.available[k] if assessed.available[k] else None) for k in assessed.available}
    assert completed["result"]["completion"] is True
    assert completed["result"]["score"]["raw"] == sum(assessed.earned.values())


def definition_flags(assessed, step) -> set[str]:
    """The flags set before ``step`` (the choices offered there depend on them)."""
    flags: set[str] = set()
    for earlier in assessed.steps:
        if earlier is step:
            return flags
        flags |= set(XAPI_SCENARIO.nodes[earlier.node].choices[earlier.choice].sets)
    return flags


def test_xapi_statements_for_a_full_play_are_stored_once_each(lrs, site_url, open_page):
    lrs.start()
    registration = str(uuid.uuid4())
    page = open_page()
    page.goto(launch_url(site_url, lrs, registration))
    notice = page.locator(".scn-lms-notice")
    assert f"127.0.0.1:{lrs.port}" in notice.text_content() and ACTOR["name"] in notice.text_content()
    assert run_axe(page) == []
    play(page, XAPI_SCENARIO, XAPI_ROUTE)
    page.locator(".scn-outcome").wait_for()
    drained(page)
    check_statements(lrs.statements(), registration, restarted=False)
    # a statement sent again (as after a reload mid-request) is not stored twice: its id is the same
    again = lrs.statements()[-1]
    page.evaluate("""([endpoint, statement]) => {
      localStorage.setItem('pcp:lms:xapi-queue', JSON.stringify([{ endpoint: endpoint, statement: statement }]));
      window.pcpLms.flush();
    }""", [lrs.endpoint, {k: v for k, v in again.items() if k not in ("stored", "authority")}])
    drained(page)
    check_statements(lrs.statements(), registration, restarted=False)
    page.reload()  # the ending shown again sends nothing new
    page.locator(".scn-outcome").wait_for()
    page.wait_for_timeout(1500)
    check_statements(lrs.statements(), registration, restarted=False)


def test_xapi_statements_survive_an_lrs_that_is_down_for_part_of_the_play(lrs, site_url, open_page):
    registration = str(uuid.uuid4())
    page = open_page()
    page.goto(launch_url(site_url, lrs, registration))  # ralph is not running yet
    half = len(XAPI_ROUTE) // 2
    play(page, XAPI_SCENARIO, XAPI_ROUTE[:half])
    page.reload()  # the queue is in localStorage: nothing is lost
    queued = page.evaluate("() => JSON.parse(localStorage.getItem('pcp:lms:xapi-queue')).length")
    assert queued == 2 + half + 1  # launched, initialized, the answers, resumed
    lrs.start()
    play(page, XAPI_SCENARIO, XAPI_ROUTE[half:])
    page.locator(".scn-outcome").wait_for()
    drained(page)
    check_statements(lrs.statements(), registration, restarted=True)


def test_without_a_launch_nothing_is_sent_and_nothing_is_said(lrs, site_url, open_page):
    lrs.start()
    page = open_page()
    page.goto(f"{site_url}scenarios/{XAPI_SLUG}/")
    play(page, XAPI_SCENARIO, XAPI_ROUTE)
    page.locator(".scn-outcome").wait_for()
    page.wait_for_timeout(1000)
    site = urlsplit(site_url)
    assert all(urlsplit(url).netloc == site.netloc for url in page.request_log.urls if url.startswith("http"))
    assert page.locator(".scn-lms-notice").count() == 0
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('pcp:lms:'))") == []
    assert page.evaluate("() => window.pcpLms === undefined && window.pcpProgressStore === undefined")
    assert lrs.statements() == []


def test_an_incomplete_launch_sends_nothing_and_says_so(lrs, site_url, open_page):
    lrs.start()
    page = open_page()
    page.goto(f"{site_url}scenarios/{XAPI_SLUG}/?" + urlencode({"endpoint": lrs.endpoint, "auth": lrs.auth}))
    assert "nothing is sent" in page.locator(".scn-lms-notice").text_content()
    play(page, XAPI_SCENARIO, XAPI_ROUTE)
    page.locator(".scn-outcome").wait_for()
    site = urlsplit(site_url)
    assert all(urlsplit(url).netloc == site.netloc for url in page.request_log.urls if url.startswith("http"))
    assert lrs.statements() == []
