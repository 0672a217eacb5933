"""Supervision in the browser: assignments, the builder, trainee reports and the review page."""

from __future__ import annotations

import base64
import json
import re
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from harness import run_axe

DELAYED_ASSIGNMENT = "assignments/week-1-referral/"
IMMEDIATE_ASSIGNMENT = "assignments/week-2-contracting/"
NO_PRINT = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"


# ---------- report codes, written independently of supervision/common.js ----------


def encode(report: dict, *, kind: str = "PCR") -> str:
    payload = base64.urlsafe_b64encode(json.dumps(report, separators=(",", ":"), ensure_ascii=False).encode()).rstrip(b"=").decode()
    head = f"{kind}1.{payload}"
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
        """() => Promise.all([...document.querySelectorAll('.sup-review-data a.sup-scenario-script')].map(link =>
            new Promise((loaded, failed) => {
                const script = document.createElement('script');
                script.src = link.href;
                script.onload = loaded;
                script.onerror = failed;
                document.head.append(script);
            }))).then(() => window.pcpReviewData)"""
    )


def first_choice_path(data: dict) -> tuple[list[list], str]:
    """Take the first choice at every moment (avoiding repeats) until an ending."""
    node, path, seen = data["start"], [], set()
    while not data["nodes"][node]["outcome"]:
        choices = data["nodes"][node]["choices"]
        index = next((i for i, c in enumerate(choices) if c["next"] not in seen), 0)
        seen.add(node)
        path.append([node, index])
        node = choices[index]["next"]
    return path, data["nodes"][node]["outcome"]


def crafted(data: dict, **changes) -> dict:
    path, outcome = first_choice_path(data)
    scores = dict.fromkeys(data["competencies"], 0)
    for node, index in {tuple(step) for step in path}:
        for key, value in data["nodes"][node]["choices"][index]["scores"].items():
            scores[key] += value
    return {"s": data["slug"], "v": data["version"], "p": path, "o": outcome, "c": scores, "t": 300, **changes}


def show_reports(page, site_url, codes: list[str]) -> None:
    if not page.url.endswith("/review/"):
        page.goto(site_url + "review/")
    page.get_by_label("Report code").fill("\n".join(codes))
    page.get_by_role("button", name="Show report").click()


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
    assert "finished every scenario" in page.locator(".sup-assignment-report").inner_text()


def test_assignments_index_lists_file_assignments(page, site_url):
    page.goto(site_url + "assignments/")
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


def test_delayed_assignment_hides_feedback_until_the_debrief_and_its_report_reviews_the_same_path(page, site_url):
    page.goto(site_url + DELAYED_ASSIGNMENT)
    page.get_by_role("link", name="Better off gone").click()
    page.wait_for_selector(".scn-choice-btn")
    assert "feedback=delayed" in page.url
    assert play_to_the_end(page) == [], "delayed feedback must not show during play"
    assert page.locator(".scn-replay .scn-fb-body").count() > 0, "the debrief shows the feedback"

    chosen = page.locator(".scn-replay .scn-chose").all_inner_texts()
    state = page.evaluate("window.pcpProgress.get('better-off-gone')")
    code_field = page.get_by_label("Report code")
    report = decode(code_field.input_value())
    assert report["s"] == "better-off-gone"
    assert report["p"] == [[step["node"], step["choice"]] for step in state["path"]]
    assert report["o"] == state["outcome"]
    assert "n" not in report, "no name unless the trainee types one"
    page.get_by_label("Your name (optional: only included if you type it)").fill("Sam")
    code = code_field.input_value()
    assert decode(code)["n"] == "Sam"

    page.goto(site_url + "review/")
    show_reports(page, site_url, [code])
    section = page.locator(".sup-review-report")
    assert section.get_by_role("heading", level=2).inner_text() == "Report 1: Sam, Better off gone"
    made = [text.removeprefix("Choice made: ") for text in section.locator(".sup-chose").all_inner_texts()]
    assert made == [text.removeprefix("You chose: ") for text in chosen]
    assert section.locator(".sup-ending").count() == 1
    assert section.locator(".sup-version-warning").count() == 0
    assert page.locator(".sup-cohort").count() == 0


def test_report_panel_downloads_json_and_prints_only_the_report(make_page, site_url):
    page = make_page(accept_downloads=True)
    page.add_init_script(NO_PRINT)
    page.goto(site_url + "scenarios/sponsor-asks-for-details/")
    page.wait_for_selector(".scn-choice-btn")
    play_to_the_end(page)
    assert run_axe(page) == [], "end screen with the report panel"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    data = json.loads(open(download.value.path()).read())
    assert data["format"] == "pcp-report" and data["scenario"] == "sponsor-asks-for-details"
    assert "name" not in data
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator("body > .sup-print-view").is_visible()
    assert not page.locator(".md-header").is_visible()

    review = make_page()
    review.goto(site_url + "review/")
    review.get_by_label("Report files (JSON)").set_input_files(download.value.path())
    review.get_by_role("button", name="Show report").click()
    assert "The sponsor asks for details" in review.locator(".sup-review-report h2").inner_text()


def test_finished_assignment_offers_an_assignment_report(page, site_url):
    scenarios = review_data(page, site_url)
    page.goto(site_url + IMMEDIATE_ASSIGNMENT)
    slugs = page.locator(".sup-assignment").get_attribute("data-sup-scenarios").split()
    for slug in slugs:
        report = crafted(scenarios[slug])
        state = {
            "version": report["v"], "feedback": "immediate", "node": "end", "flags": [], "scores": report["c"],
            "path": [{"node": n, "choice": c} for n, c in report["p"]], "status": "finished", "outcome": report["o"],
            "startedAt": "2026-03-01T10:00:00Z", "updatedAt": "2026-03-01T10:07:00Z", "finishedAt": "2026-03-01T10:07:00Z",
        }
        page.evaluate("([slug, state]) => window.pcpProgress.set(slug, state)", [slug, state])
    page.reload()
    assert page.locator(".sup-progress").first.inner_text().startswith("(finished:")
    code = page.locator(".sup-assignment-report").get_by_label("Report code").input_value()
    assert code.startswith("PCA1.")
    combined = decode(code)
    assert [r["s"] for r in combined["r"]] == slugs and combined["r"][0]["t"] == 420

    show_reports(page, site_url, [code])
    assert page.locator(".sup-review-report").count() == 3
    assert page.locator(".sup-cohort tbody tr").count() == 3


# ---------- the review page ----------


def test_changed_scenario_version_warns(page, site_url):
    data = review_data(page, site_url)["better-off-gone"]
    show_reports(page, site_url, [encode(crafted(data, v="0123456789ab"))])
    warning = page.locator(".sup-version-warning")
    assert "changed since the report was made" in warning.inner_text()
    assert page.locator(".sup-review-report .sup-step").count() > 1


def test_three_reports_give_a_cohort_table(page, site_url):
    scenarios = review_data(page, site_url)
    codes = [
        encode(crafted(scenarios["better-off-gone"], n="Ana")),
        encode(crafted(scenarios["better-off-gone"])),
        encode(crafted(scenarios["sponsor-asks-for-details"])),
    ]
    show_reports(page, site_url, codes)
    table = page.locator("table.sup-cohort")
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("th").inner_text() for i in range(3)] == ["Ana", "Trainee 1", "Trainee 2"]
    headers = table.locator("thead th").all_inner_texts()
    assert headers[:3] == ["Trainee", "Scenario", "Outcome"]
    referral = headers.index("Recognising when and how to refer")
    first_score = int(rows.nth(0).locator("td").nth(referral - 1).inner_text())
    average = table.locator("tfoot td").nth(referral - 3).inner_text()
    assert float(average) == first_score  # only the two better-off-gone reports score referral, identically
    assert page.locator(".sup-review-report").count() == 3


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda code: code[:-15], "incomplete or damaged"),
        (lambda code: code[: len(code) // 2], "incomplete or damaged"),
        (lambda code: code[:20] + ("A" if code[20] != "A" else "B") + code[21:], "does not match its checksum"),
        (lambda code: "hello there", "not a report code from this site"),
        (lambda code: code.replace("PCR1", "PCR7", 1), "another report format"),
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
    report = {"s": "retired-case", "v": "abc", "p": [["opening", 0]], "o": "poor", "c": {"referral": 1}, "t": None}
    show_reports(page, site_url, [encode(report)])
    assert "not on this site" in page.locator(".sup-review-report .sup-notice").inner_text()


# ---------- the builder and the assignment view ----------


def test_builder_makes_a_link_that_opens_the_assignment_view(page, site_url):
    page.goto(site_url + "assign/")
    page.get_by_role("button", name="Create link").click()
    assert page.get_by_role("alert").inner_text() == "Pick at least one scenario."
    page.get_by_label("Better off gone").check()
    page.get_by_label("The sponsor asks for details").check()
    page.get_by_label("Delayed: only in the debrief at the end").check()
    page.get_by_label("Title (optional)").fill("Risk & referral <week 3>")
    page.get_by_label("Note to trainees").fill("Play both.\nBring one question.")
    page.get_by_role("button", name="Create link").click()
    link = page.get_by_label("Assignment link").input_value()
    assert re.match(re.escape(site_url) + r"assignments/view/#scenarios=", link)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Risk & referral <week 3>"
    assert page.locator(".sup-note").inner_text() == "Play both.\nBring one question."
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
    page.goto(site_url + "assignments/view/#title=Empty")
    assert "names no scenarios" in page.locator(".sup-assignment-view").inner_text()


# ---------- accessibility ----------


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
    assert run_axe(page) == [], "builder with its link"
    show_reports(page, site_url, [encode(crafted(data["better-off-gone"], v="old")), encode(crafted(data["better-off-gone"], n="Kim"))])
    assert run_axe(page) == [], "review with reports"
    show_reports(page, site_url, ["nonsense"])
    assert run_axe(page) == [], "review with an error"
