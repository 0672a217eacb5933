"""Supervision in the browser: assignments, the builder, trainee reports and the review page.

Report codes are written and read here independently of supervision/common.js, and expected
figures come from a small assessment written here from the contract (earned of available on the
route, the outcome lowered by caps), not from the browser's own scripts.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from harness import run_axe

DELAYED_ASSIGNMENT = "assignments/week-1-referral/"
IMMEDIATE_ASSIGNMENT = "assignments/week-2-contracting/"
NO_PRINT = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
OUTCOMES = ["strong", "acceptable", "poor"]
FINISHED = "2026-03-01T10:07:00.000Z"


# ---------- report codes, written independently of supervision/common.js ----------


def encode(report: dict, *, kind: str = "PCR", version: int = 2) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(report, separators=(",", ":"), ensure_ascii=False).encode()).rstrip(b"=").decode()
    head = f"{kind}{version}.{payload}"
    return f"{head}.{zlib.crc32(head.encode()):08x}"


def decode(code: str) -> dict:
    head, _, checksum = code.rpartition(".")
    assert f"{zlib.crc32(head.encode()):08x}" == checksum, "checksum"
    payload = head.split(".", 1)[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def review_data(page, site_url) -> dict:
    """Every scenario's review data, loaded the way the review page loads it: by script tag."""
    page.goto(site_url + "review/")
    return page.evaluate(
        """() => Promise.all([...document.querySelectorAll('.sup-scenario-data a.sup-scenario-script')].map(link =>
            new Promise((loaded, failed) => {
                const script = document.createElement('script');
                script.src = link.href;
                script.onload = loaded;
                script.onerror = failed;
                document.head.append(script);
            }))).then(() => window.pcpReviewData)"""
    )


# ---------- the assessment model of the contract, written here ----------


def visible(choice: dict, flags: set) -> bool:
    return all(f in flags for f in choice.get("if") or []) and not any(f in flags for f in choice.get("unless") or [])


def assess(data: dict, path: list[list]) -> dict:
    """earned, available, ending and reported outcome of a path, from the contract's definitions."""
    keys = list(data["competencies"])
    node, flags, caps = data["start"], set(), []
    earned, available = dict.fromkeys(keys, 0), dict.fromkeys(keys, 0)
    for step_node, index in path:
        assert step_node == node
        shown = [c for c in data["nodes"][node]["choices"] if visible(c, flags)]
        chosen = data["nodes"][node]["choices"][index]
        for k in keys:
            available[k] += max([0] + [c["scores"].get(k, 0) for c in shown])
            earned[k] += chosen["scores"].get(k, 0)
        if chosen.get("caps"):
            caps.append(chosen["caps"])
        flags |= set(chosen.get("sets") or [])
        node = chosen["next"]
    ending = data["nodes"][node]["outcome"]
    outcome = max([ending, *caps], key=OUTCOMES.index)
    return {"earned": earned, "available": available, "ending": ending, "outcome": outcome}


def first_choice_path(data: dict, *, last: bool = False) -> list[list]:
    """Take the first (or last) visible choice at every moment (avoiding repeats) until an ending."""
    node, path, seen, flags = data["start"], [], set(), set()
    while not data["nodes"][node]["outcome"]:
        choices = data["nodes"][node]["choices"]
        shown = [i for i, c in enumerate(choices) if visible(c, flags)]
        if last:
            shown.reverse()
        index = next((i for i in shown if choices[i]["next"] not in seen), shown[0])
        seen.add(node)
        path.append([node, index])
        flags |= set(choices[index].get("sets") or [])
        node = choices[index]["next"]
    return path


def crafted(data: dict, path: list[list] | None = None, **changes) -> dict:
    path = path or first_choice_path(data)
    figures = assess(data, path)
    report = {
        "s": data["slug"], "v": data["version"], "p": path, "o": figures["outcome"], "e": figures["ending"],
        "c": figures["earned"], "a": figures["available"], "m": "immediate", "f": "catalogue", "d": FINISHED, "t": 300,
    }
    return {**report, **changes}


def finished_state(data: dict, path: list[list], *, feedback: str, origin: str, finished: str = FINISHED) -> dict:
    """A finished run as progress.js stores it (format 2)."""
    figures = assess(data, path)
    node = data["start"]
    for step_node, index in path:
        node = data["nodes"][step_node]["choices"][index]["next"]
    return {
        "format": 2, "version": data["version"], "feedback": feedback, "origin": origin, "node": node,
        "path": [{"node": n, "choice": c} for n, c in path], "flags": [], "earned": figures["earned"],
        "available": figures["available"], "status": "finished", "outcome": figures["outcome"],
        "endingOutcome": figures["ending"], "startedAt": "2026-03-01T10:00:00.000Z",
        "updatedAt": finished, "finishedAt": finished,
    }


def store_run(page, slug: str, state: dict) -> None:
    page.evaluate("([slug, state]) => localStorage.setItem('pcp:progress:' + slug, JSON.stringify(state))", [slug, state])


def show_reports(page, site_url, codes: list[str]) -> None:
    if not page.url.endswith("/review/"):
        page.goto(site_url + "review/")
    page.get_by_label("Report code").fill("\n".join(codes))
    page.get_by_role("button", name="Show report").click()
    page.wait_for_selector(".sup-review-output > *")


def figure_texts(section) -> dict[str, str]:
    cells = section.locator(".sup-scores td.sup-figure")
    return {cells.nth(i).get_attribute("data-competency"): cells.nth(i).locator(".sup-figure-text").inner_text() for i in range(cells.count())}


# ---------- assignments ----------


def test_assignment_page_links_carry_assignment_and_feedback(page, site_url):
    page.goto(site_url + DELAYED_ASSIGNMENT)
    links = page.locator(".sup-scenario-list a")
    assert links.count() == 3
    assert links.first.inner_text() == "Better off gone"
    query = parse_qs(urlsplit(links.first.get_attribute("href")).query)
    assert query == {"assignment": ["week-1-referral"], "feedback": ["delayed"]}
    expect(page.locator(".sup-progress").first).to_have_text("(not started)")
    assert "Due: 16 March 2026" in page.locator(".sup-assignment-meta").inner_text()
    expect(page.locator(".sup-assignment-report")).to_contain_text("finished every scenario with delayed feedback")
    assert "played from the catalogue does not count here" in page.locator(".sup-assignment").inner_text()


def test_assignments_index_lists_file_assignments(page, site_url):
    page.goto(site_url + "assignments/")
    assert "16 March 2026" in page.locator("table").inner_text()
    page.get_by_role("link", name="Week 2: Contracting and confidentiality").click()  # instant navigation
    assert page.get_by_role("heading", level=1).inner_text().startswith("Week 2")
    expect(page.locator(".sup-progress").first).to_have_text("(not started)")


def play_to_the_end(page) -> list[str]:
    """Click the first offered choice until the end screen; return the feedback seen meanwhile."""
    seen_feedback = []
    for _ in range(40):
        if page.locator(".scn-report-slot").count():
            return seen_feedback
        if page.locator(".scn-stage .scn-fb").count():
            seen_feedback.append(page.locator(".scn-stage .scn-fb").inner_text())
        page.locator(".scn-choice-btn").first.click()
    pytest.fail("no ending after 40 choices")


def test_report_code_round_trip_records_its_context(make_page, site_url):
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    scenarios = review_data(page, site_url)
    page.goto(site_url + DELAYED_ASSIGNMENT)
    page.get_by_role("link", name="Better off gone").click()
    page.wait_for_selector(".scn-choice-btn")
    assert "feedback=delayed" in page.url
    assert play_to_the_end(page) == [], "delayed feedback must not show during play"

    state = page.evaluate("window.pcpProgress.get('better-off-gone')")
    code_field = page.get_by_label("Report code")
    report = decode(code_field.input_value())
    path = [[step["node"], step["choice"]] for step in state["path"]]
    figures = assess(scenarios["better-off-gone"], path)
    assert report["s"] == "better-off-gone" and report["v"] == scenarios["better-off-gone"]["version"]
    assert report["p"] == path
    assert (report["m"], report["f"], report["d"]) == ("delayed", "assignment:week-1-referral", state["finishedAt"])
    assert (report["c"], report["a"]) == (figures["earned"], figures["available"])
    assert (report["o"], report["e"]) == (figures["outcome"], figures["ending"])
    assert "n" not in report, "no name unless the trainee types one"
    page.get_by_label("Your name (optional: only included if you type it)").fill("Sam\u202e\u0007 Lee")
    code = code_field.input_value()
    assert decode(code)["n"] == "Sam Lee", "control characters and direction overrides are dropped"
    assert page.locator(".sup-assignment-status").inner_text().startswith("Your assignment: Week 1")
    assert page.evaluate("window.pcpProgress.get('better-off-gone').reportCopied") is not True
    page.get_by_role("button", name="Copy the code").click()
    expect(page.locator(".sup-report .sup-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert page.evaluate("window.pcpProgress.get('better-off-gone').reportCopied") is True

    show_reports(page, site_url, [code])
    section = page.locator(".sup-review-report")
    assert section.get_by_role("heading", level=2).inner_text() == "Report 1: Sam Lee, Better off gone"
    facts = section.locator(".sup-facts").inner_text()
    assert "Feedback: delayed feedback" in facts and "Started from: an assignment (week-1-referral)" in facts
    assert "Finished: 1 " not in facts and re.search(r"Finished: \d{1,2} \w+ \d{4}, \d\d:\d\d UTC", facts)
    assert figure_texts(section) == {k: f"{figures['earned'][k]} of {figures['available'][k]}" for k in figures["earned"]}
    assert section.locator(".sup-ending").count() == 1
    assert section.locator(".sup-version-warning").count() == 0
    assert page.locator(".sup-cohort").count() == 0


def test_report_panel_downloads_json_prints_context_and_marks_the_run(make_page, site_url):
    page = make_page(accept_downloads=True)
    page.add_init_script(NO_PRINT)
    page.goto(site_url + "scenarios/sponsor-asks-for-details/")
    page.wait_for_selector(".scn-choice-btn")
    play_to_the_end(page)
    assert run_axe(page) == [], "end screen with the report panel"
    assert page.evaluate("window.pcpProgress.get('sponsor-asks-for-details').reportCopied") is not True
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    data = json.loads(open(download.value.path()).read())
    assert data["format"] == "pcp-report" and data["formatVersion"] == 2 and data["scenario"] == "sponsor-asks-for-details"
    assert data["origin"] == "catalogue" and data["feedback"] in {"immediate", "delayed"} and data["finishedAt"]
    assert set(data["earned"]) == set(data["available"]) and all(step["moment"] and step["chose"] for step in data["path"])
    played = page.evaluate("window.pcpProgress.get('sponsor-asks-for-details').path")
    assert [step["choice"] for step in data["path"]] == [step["choice"] + 1 for step in played], "choices are numbered from 1, as authors and the check number them"
    assert "name" not in data
    assert page.evaluate("window.pcpProgress.get('sponsor-asks-for-details').reportCopied") is True
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    printed = page.locator("body > .sup-print-view")
    assert printed.is_visible() and not page.locator(".md-header").is_visible()
    text = printed.inner_text()
    assert "Started from: the scenario catalogue" in text and "Feedback: " in text and "Scenario version: " in text
    assert re.search(r": -?\d+ of \d+", text), "earned of available"

    review = make_page()
    review.goto(site_url + "review/")
    review.get_by_label("Report files (JSON)").set_input_files(download.value.path())
    review.get_by_role("button", name="Show report").click()
    assert "The sponsor asks for details" in review.locator(".sup-review-report h2").inner_text()


def test_finished_assignment_offers_an_assignment_report_and_printout(make_page, site_url):
    page = make_page(accept_downloads=True)
    page.add_init_script(NO_PRINT)
    scenarios = review_data(page, site_url)
    page.goto(site_url + IMMEDIATE_ASSIGNMENT)
    slugs = page.locator(".sup-assignment").get_attribute("data-sup-scenarios").split()
    for slug in slugs:
        path = first_choice_path(scenarios[slug])
        store_run(page, slug, finished_state(scenarios[slug], path, feedback="immediate", origin="catalogue"))
    page.reload()
    expect(page.locator(".sup-progress").first).to_contain_text("(finished:")
    code = page.locator(".sup-assignment-report").get_by_label("Report code").input_value()
    assert code.startswith("PCA2.")
    combined = decode(code)
    assert [r["s"] for r in combined["r"]] == slugs and combined["r"][0]["t"] == 420
    assert all(r["m"] == "immediate" and r["f"] == "catalogue" for r in combined["r"])

    page.get_by_role("button", name="Print").click()
    printed = page.locator("body > .sup-print-view").inner_text()
    first = scenarios[slugs[0]]
    step = first_choice_path(first)[0]
    chosen = first["nodes"][step[0]]["choices"][step[1]]["label"]
    assert " ".join(chosen.split())[:40] in " ".join(printed.split()), "the chosen text, not 'choice N'"
    assert "choice 1" not in printed and re.search(r": -?\d+ of \d+", printed)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    saved = json.loads(open(download.value.path()).read())
    assert saved["format"] == "pcp-assignment-report" and saved["code"] == code and len(saved["reports"]) == 3
    assert page.evaluate("slugs => slugs.map(s => window.pcpProgress.get(s).reportCopied)", slugs) == [True] * 3

    show_reports(page, site_url, [code])
    assert page.locator(".sup-review-report").count() == 3
    assert page.locator(".sup-cohort tbody tr").count() == 3
    page.get_by_label("Report code").fill("")
    page.get_by_label("Report files (JSON)").set_input_files(download.value.path())
    page.get_by_role("button", name="Show report").click()
    expect(page.locator(".sup-review-report")).to_have_count(3)


def test_delayed_assignment_ignores_a_catalogue_play_and_offers_a_fresh_attempt(page, site_url):
    scenarios = review_data(page, site_url)
    page.goto(site_url + DELAYED_ASSIGNMENT)
    slugs = page.locator(".sup-assignment").get_attribute("data-sup-scenarios").split()
    for slug in slugs:
        origin = "catalogue" if slug == "better-off-gone" else "assignment:week-1-referral"
        store_run(page, slug, finished_state(scenarios[slug], first_choice_path(scenarios[slug]), feedback="delayed", origin=origin))
    page.reload()
    first = page.locator(".sup-progress").first
    expect(first).to_contain_text("played from the scenario catalogue")
    assert "does not count here" in first.inner_text()
    expect(page.locator(".sup-assignment-report")).to_contain_text("When you have finished every scenario with delayed feedback")
    assert page.locator(".sup-assignment-report textarea").count() == 0
    assert page.locator(".sup-progress").nth(1).inner_text().startswith("(finished:")

    fresh = first.get_by_role("link", name="Start a fresh attempt")
    assert parse_qs(urlsplit(fresh.get_attribute("href")).query) == {"assignment": ["week-1-referral"], "feedback": ["delayed"]}
    page.once("dialog", lambda dialog: dialog.dismiss())
    fresh.click()
    assert page.url.endswith(DELAYED_ASSIGNMENT), "refusing the question keeps the earlier run"
    assert page.evaluate("window.pcpProgress.get('better-off-gone')") is not None
    page.once("dialog", lambda dialog: dialog.accept())
    fresh.click()
    page.wait_for_selector(".scn-choice-btn")
    assert "feedback=delayed" in page.url
    state = page.evaluate("window.pcpProgress.get('better-off-gone')")
    assert state is None or state["status"] != "finished"


def test_immediate_assignment_counts_only_immediate_plays(page, site_url):
    scenarios = review_data(page, site_url)
    page.goto(site_url + IMMEDIATE_ASSIGNMENT)
    slugs = page.locator(".sup-assignment").get_attribute("data-sup-scenarios").split()
    slug = slugs[0]
    store_run(page, slug, finished_state(scenarios[slug], first_choice_path(scenarios[slug]), feedback="delayed", origin="catalogue"))
    old_run = {"version": "x", "feedback": "immediate", "node": "end", "path": [], "status": "finished", "outcome": "strong"}
    store_run(page, slugs[1], old_run)
    page.reload()
    expect(page.locator(".sup-progress").first).to_contain_text("this assignment asks for immediate feedback")
    assert page.locator(".sup-progress").nth(1).inner_text() == "(saved by an earlier version of the site, so it does not count: play it again)"


# ---------- the review page ----------


def routes(data: dict, limit: int = 2000):
    """Routes from the start to an ending that never revisit a moment (depth first, bounded)."""
    found = []

    def walk(node, flags, path, seen):
        if len(found) >= limit:
            return
        if data["nodes"][node]["outcome"]:
            found.append(list(path))
            return
        for i, choice in enumerate(data["nodes"][node]["choices"]):
            if visible(choice, flags) and choice["next"] not in seen:
                walk(choice["next"], flags | set(choice.get("sets") or []), path + [[node, i]], seen | {choice["next"]})

    walk(data["start"], set(), [], {data["start"]})
    return found


def test_review_shows_labels_the_capped_outcome_its_moment_debrief_parts_and_missed_moments(page, site_url):
    scenarios = review_data(page, site_url)
    data, path = next((d, p) for d in scenarios.values() for p in routes(d) if assess(d, p)["outcome"] != assess(d, p)["ending"])
    figures = assess(data, path)
    show_reports(page, site_url, [encode(crafted(data, path=path))])
    section = page.locator(".sup-review-report")
    capping = next(i for i, (n, c) in enumerate(path) if data["nodes"][n]["choices"][c].get("caps") == figures["outcome"])
    moment = data["nodes"][path[capping][0]]["label"]
    facts = section.locator(".sup-facts").inner_text()
    assert f"Outcome: {figures['outcome'].capitalize()} outcome (the ending reached is {figures['ending']}; the outcome was capped at “{moment}”)" in facts
    assert f"Outcome capped at {figures['outcome']} by “{moment}”" in section.locator(".sup-ending").inner_text()
    moments = section.locator(".sup-path > li > .sup-moment").all_inner_texts()
    ending = data["nodes"][data["nodes"][path[-1][0]]["choices"][path[-1][1]]["next"]]
    assert moments == [data["nodes"][n]["label"] for n, _ in path] + [f"{ending['label']} ({ending['outcome']} ending)"]
    headings = " ".join([facts, *section.locator(".sup-label").all_inner_texts()])
    assert not any(re.search(rf"(?<![\w-]){re.escape(node)}(?![\w-])", headings) for node in data["nodes"] if "-" in node), "no node id"
    debrief = section.locator(".sup-ending .sup-feedback").filter(has_text="Debrief")
    flags = set()
    for n, c in path:
        flags |= set(data["nodes"][n]["choices"][c].get("sets") or [])
    shown = [part["text"] for part in ending["debrief"] if visible(part, flags)]
    if shown:
        assert " ".join(shown[0].split())[:60] in " ".join(debrief.inner_text().split())
    expected, flags = [], set()
    for n, c in path:
        choices = data["nodes"][n]["choices"]
        totals = {i: sum(ch["scores"].values()) for i, ch in enumerate(choices) if visible(ch, flags)}
        strongest = max(totals, key=lambda i: (totals[i], -i))
        if totals[c] < totals[strongest]:
            expected.append(f"{data['nodes'][n]['label']}: the strongest option was “{' '.join(choices[strongest]['label'].split())}”.")
        flags |= set(choices[c].get("sets") or [])
    missed = section.locator(".sup-missed-moments li > p:first-child").all_inner_texts()
    assert [" ".join(m.split()) for m in missed] == expected
    assert section.locator(".sup-path .sup-missed").count() == len(expected)


def test_changed_version_is_shown_with_a_warning_but_still_checked(page, site_url):
    data = review_data(page, site_url)["better-off-gone"]
    honest = crafted(data, v="0123456789ab")
    show_reports(page, site_url, [encode(honest)])
    warning = page.locator(".sup-version-warning")
    assert "changed since the report was made" in warning.inner_text() and "checked against it" in warning.inner_text()
    assert page.locator(".sup-review-report .sup-step").count() > 1

    gone = crafted(data, v="0123456789ab", p=[["a-moment-since-removed", 0]])
    show_reports(page, site_url, [encode(gone)])
    warning = page.locator(".sup-version-warning")
    assert "no longer fits" in warning.inner_text() and "could not be checked" in warning.inner_text()
    assert "a-moment-since-removed" not in page.locator(".sup-review-output").inner_text(), "no ids shown"


@pytest.mark.parametrize("version", ["same", "changed"])
def test_edited_figures_are_refused_whatever_the_version(page, site_url, version):
    data = review_data(page, site_url)["better-off-gone"]
    report = crafted(data) if version == "same" else crafted(data, v="edited-by-hand")
    key = next(iter(report["c"]))
    report["c"][key] += 1
    report["a"][key] += 1
    show_reports(page, site_url, [encode(crafted(data, n="Ana")), encode(report)])
    alert = page.get_by_role("alert").inner_text()
    assert "Report 2" in alert and "figures do not add up" in alert
    assert page.locator(".sup-review-report, .sup-cohort").count() == 0

    more = crafted(data)
    more["c"][key] = more["a"][key] + 1
    show_reports(page, site_url, [encode(more)])
    assert "more points than were available" in page.get_by_role("alert").inner_text()
    show_reports(page, site_url, [encode(crafted(data, o="strong", e="poor"))])
    assert "outcome better than its own ending" in page.get_by_role("alert").inner_text()


def test_old_codes_and_files_get_a_notice_never_figures(page, site_url):
    old = {"s": "better-off-gone", "v": "abc", "p": [["opening", 0]], "o": "poor", "c": {"referral": 8}, "t": None}
    show_reports(page, site_url, [encode(old, version=1), encode({"a": "x", "at": "X", "r": [old]}, kind="PCA", version=1)])
    alert = page.get_by_role("alert").inner_text()
    assert alert.count("earlier version of the site") == 2 and "new report" in alert
    assert "8" not in alert and page.locator(".sup-review-report, .sup-cohort").count() == 0
    page.get_by_label("Report code").fill("")
    old_file = {"format": "pcp-report", "formatVersion": 1, "scenario": "better-off-gone", "scores": {"referral": 8}}
    page.get_by_label("Report files (JSON)").set_input_files(
        files=[{"name": "old.json", "mimeType": "application/json", "buffer": json.dumps(old_file).encode()}]
    )
    page.get_by_role("button", name="Show report").click()
    assert "File “old.json”: this file was made by an earlier version of the site" in page.get_by_role("alert").inner_text()


def js_round(x: float) -> int:
    """Math.round: halves go up (Python's round() goes to even)."""
    return math.floor(x + 0.5)


def test_cohort_counts_each_play_once_and_averages_shares(page, site_url):
    scenarios = review_data(page, site_url)
    gone, sponsor = scenarios["better-off-gone"], scenarios["sponsor-asks-for-details"]
    ana_gone = crafted(gone)
    ana_sponsor = crafted(sponsor, d="2026-03-02T09:00:00.000Z", f="assignment:week-2")
    ben_gone = crafted(gone, path=first_choice_path(gone, last=True), d="2026-03-03T09:00:00.000Z", m="delayed")
    codes = [
        encode({**ana_gone, "n": "Ana"}),
        encode({"a": "week-2", "at": "Week 2", "n": "Ana", "r": [ana_gone, ana_sponsor]}, kind="PCA"),
        encode({**ben_gone, "n": "Ben"}),
        encode({**ben_gone, "n": "Ben"}),
    ]
    show_reports(page, site_url, codes)
    assert "2 reports were duplicates" in page.locator(".sup-merged").inner_text()
    table = page.locator("table.sup-cohort")
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("th").inner_text() for i in range(3)] == ["Ana", "Ana", "Ben"]
    headers = table.locator("thead th").all_inner_texts()
    assert headers[:5] == ["Trainee", "Scenario", "Feedback", "Started from", "Outcome"]
    assert rows.nth(1).locator("td").nth(2).inner_text() == "the assignment “Week 2”"
    assert rows.nth(2).locator("td").nth(1).inner_text() == "delayed"
    names = {**gone["competencies"], **sponsor["competencies"]}
    for key, title in names.items():
        column = headers.index(title) - 1
        shares = []
        for report, row in [(ana_gone, 0), (ana_sponsor, 1), (ben_gone, 2)]:
            cell = rows.nth(row).locator("td").nth(column).inner_text()
            if key not in report["c"]:
                assert cell == "–"
                continue
            earned, available = report["c"][key], report["a"][key]
            if available:
                shares.append(earned / available)
                assert cell == f"{js_round(earned / available * 100)}% ({earned} of {available})"
            else:
                assert cell == "no points available"
        average = table.locator("tfoot td").nth(column - 4).inner_text()
        assert average == (f"{js_round(sum(shares) / len(shares) * 100)}%" if shares else "–"), title
    assert page.locator(".sup-review-report").count() == 3


def test_prototype_keys_in_reports_never_break_the_page(page, site_url):
    data = review_data(page, site_url)["better-off-gone"]
    hostile = ["__proto__", "constructor", "toString", "hasOwnProperty"]
    refused = [encode(crafted(data, p=[[key, 0]])) for key in hostile]
    show_reports(page, site_url, refused)
    alert = page.get_by_role("alert").inner_text()
    assert alert.count("does not fit the scenario") == 4

    with_key = crafted(data)
    with_key["c"]["constructor"], with_key["a"]["constructor"] = 1, 2
    odd = [
        encode({**crafted(data, v="old", n="Kim"), "p": [[key, 0] for key in hostile]}),
        encode({"s": "retired-case", "v": "abc", "p": [["toString", 0]], "o": "poor", "e": "poor", "c": {"constructor": 1, "referral": 0},
                "a": {"constructor": 2, "referral": 0}, "m": "delayed", "f": "assignment:constructor", "d": FINISHED, "t": None}),
        encode({"a": "constructor", "at": "Proto", "r": [with_key]}, kind="PCA"),
        encode(crafted(data, c={"toString": 0, "hasOwnProperty": 0}, a={"toString": 0, "hasOwnProperty": 0})),
    ]
    show_reports(page, site_url, odd)
    alert = page.get_by_role("alert").inner_text()
    assert "Report 3 (Trainee 2, Better off gone): its figures do not add up" in alert
    assert "Line 4: this code holds scores under names that are not competencies." in alert
    show_reports(page, site_url, odd[:2])
    sections = page.locator(".sup-review-report")
    assert sections.count() == 2
    assert "not in today's version" in sections.nth(0).inner_text()
    assert figure_texts(sections.nth(1)) == {"constructor": "1 of 2", "referral": "no points available on this route"}
    assert "an assignment (constructor)" in sections.nth(1).inner_text()
    bad_json = b'{"format": "pcp-report", "formatVersion": 2, "__proto__": {"polluted": 1}, "constructor": 1}'
    page.get_by_label("Report code").fill("")
    page.get_by_label("Report files (JSON)").set_input_files(files=[{"name": "proto.json", "mimeType": "application/json", "buffer": bad_json}])
    page.get_by_role("button", name="Show report").click()
    assert "File “proto.json”: this file does not name a scenario and its version." in page.get_by_role("alert").inner_text()
    assert page.evaluate("({}).polluted") is None


def test_pasted_text_and_files_are_capped_in_size(make_page, site_url):
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(site_url + "review/")
    page.evaluate("navigator.clipboard.writeText('PCR2.' + 'A'.repeat(13 * 1024 * 1024))")
    page.get_by_label("Report code").focus()
    started = time.monotonic()
    page.keyboard.press("Control+V")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The pasted text is 13313 KB long; this page reads at most 200 KB at once.")
    assert time.monotonic() - started < 3, "a 13 MB paste must not freeze the tab"
    assert page.get_by_label("Report code").input_value() == ""
    page.get_by_label("Report files (JSON)").set_input_files(
        files=[{"name": "huge.json", "mimeType": "application/json", "buffer": b" " * (300 * 1024) + b"{}"}]
    )
    page.get_by_role("button", name="Show report").click()
    expect(alert).to_contain_text("File “huge.json”: this file is 301 KB; a report file is never larger than 200 KB.")


def test_names_are_shown_without_control_characters_and_numbers_must_be_finite(page, site_url):
    data = review_data(page, site_url)["better-off-gone"]
    name = "\u202eAna\u0000\u2066 Bell\u200f\n"
    show_reports(page, site_url, [encode(crafted(data, n=name)), encode(crafted(data, d="2026-03-04T10:00:00Z", n="Ben"))])
    heading = page.locator(".sup-review-report h2").first.inner_text()
    assert heading == "Report 1: Ana Bell, Better off gone"
    assert not re.search("[\u0000-\u001f\u202a-\u202e\u2066-\u2069\u200e\u200f]", page.locator(".sup-review-output").inner_text().replace("\n", "").replace("\t", ""))

    report = crafted(data)
    key = next(iter(report["c"]))
    text = json.dumps(report).replace(f'"{key}": {report["c"][key]}', f'"{key}": 1e999', 1)
    payload = base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
    head = f"PCR2.{payload}"
    show_reports(page, site_url, [f"{head}.{zlib.crc32(head.encode()):08x}"])
    assert "not whole numbers" in page.get_by_role("alert").inner_text()


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda code: code[:-15], "incomplete or damaged"),
        (lambda code: code[: len(code) // 2], "incomplete or damaged"),
        (lambda code: code[:20] + ("A" if code[20] != "A" else "B") + code[21:], "does not match its checksum"),
        (lambda code: "hello there", "not a report code from this site"),
        (lambda code: code.replace("PCR2", "PCR7", 1), "another report format"),
    ],
    ids=["truncated", "half", "mistyped", "foreign", "future-format"],
)
def test_bad_codes_give_a_clear_message_and_show_nothing(page, site_url, mangle, message):
    data = review_data(page, site_url)["better-off-gone"]
    good = encode(crafted(data))
    show_reports(page, site_url, [good, mangle(good)])
    alert = page.get_by_role("alert")
    assert "Line 2:" in alert.inner_text() and message in alert.inner_text()
    assert page.locator(".sup-review-report, .sup-cohort").count() == 0


def test_forged_path_with_current_version_and_bad_json_are_refused(page, site_url):
    data = review_data(page, site_url)["better-off-gone"]
    forged = crafted(data)
    forged["p"] = forged["p"][1:]
    show_reports(page, site_url, [encode(forged)])
    assert "does not fit the scenario" in page.get_by_role("alert").inner_text()
    page.get_by_label("Report code").fill("")
    page.get_by_label("Report files (JSON)").set_input_files(
        files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b'{"format": "pcp-rep'}]
    )
    page.get_by_role("button", name="Show report").click()
    assert "File “broken.json”: this file is not a JSON file." in page.get_by_role("alert").inner_text()
    assert page.locator(".sup-review-report").count() == 0


def test_report_for_an_unknown_scenario_says_so(page, site_url):
    report = {"s": "retired-case", "v": "abc", "p": [["opening", 0]], "o": "poor", "e": "acceptable", "c": {"referral": 1},
              "a": {"referral": 3}, "m": "immediate", "f": "catalogue", "d": FINISHED, "t": None}
    show_reports(page, site_url, [encode(report)])
    section = page.locator(".sup-review-report")
    assert "not on this site" in section.locator(".sup-notice").inner_text()
    assert figure_texts(section) == {"referral": "1 of 3"}


def test_review_page_works_from_a_file_url(page, built_site):
    page.goto((built_site / "review" / "index.html").as_uri())
    assert page.locator(".sup-needs-js").is_hidden()
    data = page.evaluate(
        """() => new Promise(done => { const s = document.createElement('script');
            s.src = document.querySelector('a.sup-scenario-script[data-sup-slug="better-off-gone"]').href;
            s.onload = () => done(window.pcpReviewData['better-off-gone']); document.head.append(s); })"""
    )
    page.get_by_label("Report code").fill(encode(crafted(data, n="Ana")))
    page.get_by_role("button", name="Show report").click()
    expect(page.locator(".sup-review-report h2")).to_have_text("Report 1: Ana, Better off gone")
    for path in ["assign/index.html", "assignments/view/index.html#scenarios=better-off-gone"]:
        page.goto((built_site / path.split("#")[0]).as_uri() + ("#" + path.split("#")[1] if "#" in path else ""))
        assert page.locator(".sup-needs-js").is_hidden(), path
    expect(page.locator(".sup-scenario-list a")).to_have_text(["Better off gone"])
    page.goto((built_site / DELAYED_ASSIGNMENT / "index.html").as_uri())
    expect(page.locator(".sup-progress").first).to_have_text("(not started)")
    page.goto((built_site / "assign" / "index.html").as_uri())
    page.get_by_label("Better off gone").check()
    page.get_by_role("button", name="Create link").click()
    assert page.get_by_label("Assignment link").input_value().startswith("file://")


LAYOUT_SHIFTS = """window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["review/", "assign/"])
def test_forms_do_not_move_the_page_when_their_script_mounts(make_page, site_url, path):
    page = make_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(site_url + path)
    expect(page.locator("fieldset.sup-js-only button[type=submit]")).to_be_enabled()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__shift") < 0.01
    assert page.locator(".sup-needs-js").is_hidden()

    without = make_page(java_script_enabled=False)
    without.goto(site_url + path)
    assert without.locator(".sup-needs-js").is_visible()
    assert without.locator("fieldset.sup-js-only button[type=submit]").is_disabled()


# ---------- the builder and the assignment view ----------


def test_builder_makes_a_link_that_opens_the_assignment_view(page, site_url):
    page.goto(site_url + "assign/")
    page.get_by_role("button", name="Create link").click()
    assert page.get_by_role("alert").inner_text() == "Pick at least one scenario."
    page.get_by_label("Better off gone").check()
    page.get_by_label("The sponsor asks for details").check()
    page.get_by_label("Delayed: only in the debrief at the end").check()
    page.get_by_label("Title (optional)").fill("Risk & referral <week 3>")
    page.get_by_label("Due date (optional)").fill("2026-03-16")
    page.get_by_label("Note to trainees").fill(
        "Play both.\nBring one question.\n\nRead **Referral** first: [the page](../../ethics/referral/) "
        "and [not this](javascript:alert(1)) *carefully*."
    )
    page.get_by_role("button", name="Create link").click()
    link = page.get_by_label("Assignment link").input_value()
    assert re.match(re.escape(site_url) + r"assignments/view/#scenarios=", link)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Risk & referral <week 3>"
    note = page.locator(".sup-note")
    assert note.locator("p").first.inner_text() == "Play both.\nBring one question."
    assert note.locator("strong").inner_text() == "Referral" and note.locator("em").inner_text() == "carefully"
    assert note.locator("a").count() == 1 and note.locator("a").get_attribute("href").endswith("/ethics/referral/")
    assert "not this (javascript:alert(1))" in note.inner_text() and "**" not in note.inner_text()
    assert page.locator(".sup-assignment-meta time").inner_text() == "16 March 2026"
    links = page.locator(".sup-scenario-list a")
    assert links.all_inner_texts() == ["Better off gone", "The sponsor asks for details"]
    query = parse_qs(urlsplit(links.first.get_attribute("href")).query)
    assert query["feedback"] == ["delayed"] and query["assignment"][0].startswith("link-")
    links.first.click()
    page.wait_for_selector(".scn-choice-btn")
    assert "feedback=delayed" in page.url


def test_assignment_link_with_unknown_scenarios_lists_them(page, site_url):
    page.goto(site_url + "assignments/view/#scenarios=better-off-gone,no-such-case,old-case&due=2026-02-30")
    notice = page.locator(".sup-notice").all_inner_texts()
    assert any("not on this site" in text and "no-such-case" in text and "old-case" in text for text in notice)
    assert any("due date in this link is not a date" in text for text in notice)
    assert page.locator(".sup-scenario-list a").all_inner_texts() == ["Better off gone"]
    page.goto(site_url + "assignments/view/#scenarios=constructor,__proto__,toString")
    view = page.locator(".sup-assignment-view")
    expect(view).to_contain_text("None of the scenarios this link names is on this site")
    assert page.locator(".sup-scenario-list").count() == 0
    page.goto(site_url + "assignments/view/#title=Empty")  # only the fragment changes: the view redraws on hashchange
    expect(view).to_contain_text("This link names no scenarios")


def test_remembered_assignments_are_bounded_and_expire(page, site_url):
    page.goto(site_url + "assignments/view/#scenarios=better-off-gone")
    old = {"id": "link-old", "title": "Old", "scenarios": ["better-off-gone"], "feedback": None, "savedAt": 0}
    page.evaluate("old => localStorage.setItem('pcp:assignment:link-old', JSON.stringify(old))", old)
    for n in range(25):
        page.goto(site_url + f"assignments/view/#scenarios=better-off-gone&title=Week%20{n}&note=" + "x" * 3000)
        page.wait_for_selector(".sup-scenario-list a")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('pcp:assignment:')).map(k => localStorage.getItem(k))")
    assert len(stored) == 20
    assert all(len(value) <= 4096 for value in stored)
    assert not any('"Old"' in value for value in stored)
    assert any('"Week 24"' in value for value in stored)


# ---------- accessibility ----------

TABS_SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_supervision_pages_have_no_serious_axe_violations(make_page, site_url, scheme):
    page = make_page(color_scheme=scheme)
    data = review_data(page, site_url)
    for path in [DELAYED_ASSIGNMENT, "assignments/", "assign/", "assignments/view/#scenarios=better-off-gone,gone-case", "supervisors/"]:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert run_axe(page) == [], path
    page.goto(site_url + "assign/")
    page.get_by_label("Better off gone").check()
    page.get_by_role("button", name="Create link").click()
    page.wait_for_function(TABS_SETTLED)  # focusing the link scrolls; Material fades its tabs out meanwhile
    assert run_axe(page) == [], "builder with its link"
    show_reports(page, site_url, [encode(crafted(data["better-off-gone"], v="old")), encode(crafted(data["better-off-gone"], n="Kim"))])
    assert run_axe(page) == [], "review with reports"
    show_reports(page, site_url, ["nonsense"])
    assert run_axe(page) == [], "review with an error"
