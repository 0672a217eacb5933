"""pcpAssessment (assessment.js) in Chromium, held to the engine's assessment on the real scenarios,
and the player's ending screen built from it: full marks on the ideal route, the capped outcome and
the moment that capped it, negative results left of the zero mark, and labels, never ids.
"""

from __future__ import annotations

import json

import pytest

from harness import run_axe
from player_routes import PROJECT, button_name, capped_route, expected, labels, random_routes, simple_paths, value_text
from scenario_engine.assessment import assess_route, ideal_route

pytestmark = pytest.mark.slow

SLUGS = sorted(PROJECT.scenarios)

ASSESS = """([routes, broken]) => {
    const A = window.pcpAssessment, data = JSON.parse(document.querySelector('.scn-player').dataset.scn);
    const out = routes.map(route => {
        const assessed = A.assess(data, route.map(([node, choice]) => ({node, choice})));
        const w = assessed.walk, r = assessed.result;
        // step() is pure and agrees with assess(): walk the route again one step at a time
        let walk = A.begin(data), before = JSON.stringify(walk);
        for (const [node, choice] of route) {
            const next = A.step(data, walk, {node, choice});
            if (JSON.stringify(walk) !== before) throw new Error('step changed its argument');
            walk = next; before = JSON.stringify(walk);
        }
        if (JSON.stringify(walk) !== JSON.stringify(w)) throw new Error('step and assess disagree');
        if (Object.getPrototypeOf(w.earned) !== null || Object.getPrototypeOf(w.available) !== null) throw new Error('prototype');
        return {node: w.node, flags: [...w.flags].sort(), earned: {...w.earned}, available: {...w.available},
                steps: w.steps.map(s => [s.node, s.choice, s.strongest, s.missed, s.cap]),
                result: r && {endingOutcome: r.endingOutcome, outcome: r.outcome, cappedBy: r.cappedBy,
                              debriefParts: r.debriefParts, missed: r.missed}};
    });
    const refused = broken.map(route => A.assess(data, route.map(([node, choice]) => ({node, choice}))));
    return {out, refused};
}"""


def broken_routes(scenario, routes) -> list:
    """Routes that do not fit: a hidden or unknown choice, a step at the wrong node."""
    broken = []
    for route in routes[:20]:
        for number, (node, _) in enumerate(route):
            flags = frozenset().union(*(scenario.nodes[n].choices[i].sets for n, i in route[:number]))
            hidden = [c.index for c in scenario.nodes[node].choices if not c.visible_with(flags)]
            if hidden:
                broken.append(route[:number] + [(node, hidden[0])])
        broken.append(route[:1] + [(route[0][0], 0)])  # the start again, where the route has moved on
        broken.append([(route[0][0], len(scenario.nodes[route[0][0]].choices))])
    return broken


@pytest.mark.parametrize("slug", SLUGS)
def test_browser_and_engine_assess_every_route_alike(page, site_url, slug):
    scenario = PROJECT.scenarios[slug]
    routes = simple_paths(scenario) + random_routes(scenario, 30)
    broken = broken_routes(scenario, routes)
    page.goto(f"{site_url}scenarios/{slug}/")
    answer = page.evaluate(ASSESS, [routes, broken])
    for route, got in zip(routes, answer["out"]):
        want = expected(scenario, route)
        assert got == want, route
        # the properties, on the real scenario
        for key in scenario.competencies:
            assert got["earned"][key] <= got["available"][key], (route, key)
            if any(scenario.nodes[n].choices[i].scores.get(key, 0) < 0 for n, i in route):
                assert got["earned"][key] < got["available"][key], (route, key)
    assert answer["refused"] == [None] * len(broken)


def test_author_keys_are_ordinary_keys(page, site_url):
    """Competencies, flags and node ids named like Object's own properties change nothing."""
    page.goto(site_url)
    result = page.evaluate(
        """() => {
        const A = window.pcpAssessment, c = (next, scores, extra) => Object.assign(
            {next, scores, sets: [], if: [], unless: [], caps: null}, extra || {});
        const data = JSON.parse(JSON.stringify({start: 'constructor', competencies: {constructor: 'C', __proto__: 'P', toString: 'T'},
            nodes: {}}));
        data.nodes = JSON.parse('{"constructor": {"label": "Moment 1", "outcome": null, "debrief": [], "choices": []},' +
            '"__proto__": {"label": "Moment 2", "outcome": null, "debrief": [], "choices": []},' +
            '"hasOwnProperty": {"label": "Ending", "outcome": "strong", "debrief": [{"if": ["valueOf"], "unless": []}], "choices": []}}');
        data.competencies = JSON.parse('{"constructor": "C", "__proto__": "P", "toString": "T"}');
        data.nodes.constructor.choices = [c('__proto__', JSON.parse('{"constructor": 2, "__proto__": 1}'), {sets: ['valueOf']}),
                                          c('hasOwnProperty', JSON.parse('{"toString": -2}'), {caps: 'poor'})];
        data.nodes.__proto__.choices = [c('hasOwnProperty', JSON.parse('{"toString": 3}'), {if: ['valueOf']})];
        const good = A.assess(data, [{node: 'constructor', choice: 0}, {node: '__proto__', choice: 0}]);
        const capped = A.assess(data, [{node: 'constructor', choice: 1}]);
        return JSON.stringify({earned: good.walk.earned, available: good.walk.available, result: good.result,
                capped: capped.result, proto: Object.getPrototypeOf(good.walk.earned),
                unknown: A.assess(data, [{node: 'toString', choice: 0}]), share: [A.share(0, 0), A.share(-4, 8)]});
    }"""
    )
    result = json.loads(result)  # JSON keeps "__proto__" as the plain key it is
    assert result["earned"] == {"constructor": 2, "__proto__": 1, "toString": 3}
    assert result["available"] == {"constructor": 2, "__proto__": 1, "toString": 3}
    assert result["result"]["outcome"] == "strong" and result["result"]["debriefParts"] == [0]
    assert result["capped"]["outcome"] == "poor" and result["capped"]["cappedBy"] == 0
    assert result["capped"]["missed"] == [0] and result["capped"]["debriefParts"] == []
    assert result["proto"] is None and result["unknown"] is None and result["share"] == [None, -0.5]


# ---------------------------------------------------------------- the ending screen


@pytest.fixture
def player(make_page):
    return make_page(reduced_motion="reduce")


def play(page, scenario, route) -> None:
    for node, index in route:
        page.locator(".scn-player").get_by_role("button", name=button_name(scenario, node, index), exact=True).click()


SCREEN = """() => ({
    heading: document.querySelector('.scn-player .scn-moment').textContent.trim(),
    outcome: document.querySelector('.scn-outcome').textContent.trim(),
    scores: [...document.querySelectorAll('.scn-player .scn-score')].map(li => [li.dataset.competency,
        Number(li.dataset.earned), Number(li.dataset.available), li.querySelector('.scn-score-value').textContent]),
    capped: document.querySelector('.scn-capped') && document.querySelector('.scn-capped').textContent,
    debrief: [...document.querySelectorAll('.scn-player .scn-debrief-part')].map(p => p.textContent.replace(/\\s+/g, ' ').trim()),
    moments: [...document.querySelectorAll('.scn-player .scn-replay-moment, .scn-player .scn-moment')]
        .map(e => e.textContent.trim()),
    text: document.querySelector('.scn-player').innerText,
})"""


def case_text(page, selector: str) -> str:
    """The text of a part of the readable case, without its headings and conditions (summary, condition lines)."""
    return page.eval_on_selector(
        f".scn-case {selector}",
        """e => { const c = e.cloneNode(true);
            c.querySelectorAll('summary, .scn-debrief-condition').forEach(x => x.remove());
            return c.textContent.replace(/\\s+/g, ' ').trim(); }""",
    )


def check_screen(page, scenario, route) -> dict:
    """The ending screen agrees with the engine: outcome, figures, debrief parts, labels only."""
    a = assess_route(scenario, route)
    screen = page.evaluate(SCREEN)
    names = labels(scenario)
    assert screen["heading"] == names[a.node]
    assert screen["outcome"].startswith(f"Outcome: {a.outcome}.")
    assert screen["scores"] == [
        [k, a.earned[k], a.available[k], value_text(a.earned[k], a.available[k])] for k in scenario.competencies
    ]
    assert screen["debrief"] == [case_text(page, f"[data-node='{a.node}'] .scn-debrief-part[data-part='{n}']") for n in a.debrief_parts]
    for moment in screen["moments"]:
        assert moment in names.values(), moment
    for node in scenario.nodes:  # no id, raw or humanized, anywhere in the player (ids of ordinary words aside)
        if node.count("-") >= 2:
            assert node not in screen["text"], node
            assert node.replace("-", " ").capitalize() not in screen["text"], node
    return screen


@pytest.mark.parametrize("slug", SLUGS)
def test_the_ideal_route_shows_full_marks(player, site_url, slug):
    scenario = PROJECT.scenarios[slug]
    route = ideal_route(scenario)
    assert route is not None, f"{slug}: no route takes a top-scored choice in every competency at every decision"
    player.goto(f"{site_url}scenarios/{slug}/")
    play(player, scenario, route)
    screen = check_screen(player, scenario, route)
    for key, earned, available, _ in screen["scores"]:
        assert earned == available, key
    assert "At every moment on your route you took the strongest option on offer." in screen["text"]
    assert "You earned every point available on your route." in screen["text"]


@pytest.mark.parametrize("slug", [s for s in SLUGS if capped_route(PROJECT.scenarios[s])])
def test_a_capped_route_reports_the_capped_outcome_and_names_the_moment(player, site_url, slug):
    scenario = PROJECT.scenarios[slug]
    route = capped_route(scenario)
    a = assess_route(scenario, route)
    player.goto(f"{site_url}scenarios/{slug}/")
    events = "window.finished = []; document.addEventListener('scn:finished', e => window.finished.push(JSON.parse(JSON.stringify(e.detail))))"
    player.evaluate(events)
    play(player, scenario, route)
    screen = check_screen(player, scenario, route)
    assert a.outcome != a.ending_outcome
    assert screen["outcome"] == (
        f"Outcome: {a.outcome}. This ending on its own is {a.ending_outcome}, "
        f"but one choice on your route limits the outcome to {a.outcome}."
    )
    step = a.steps[a.capped_by]
    capped = " ".join(screen["capped"].split())
    assert capped.startswith(f"What limited it: {labels(scenario)[step.node]}")
    assert f"You chose: {button_name(scenario, step.node, step.choice)}" in capped
    why = case_text(player, f"[data-node='{step.node}'] .scn-choice[data-choice='{step.choice}'] .scn-feedback")
    assert why and capped.endswith(why), "why: that choice's feedback"
    [detail] = player.evaluate("window.finished")
    assert detail["outcome"] == a.outcome and detail["endingOutcome"] == a.ending_outcome
    assert detail["cappedBy"] == a.capped_by
    # the catalogue shows the reported outcome
    player.goto(f"{site_url}scenarios/")
    status = player.locator(f".scn-card[data-scn-slug='{slug}'] .scn-status")
    assert status.inner_text() == f"Your progress: Finished: {a.outcome} outcome"


def negative_route(scenario):
    return next(
        (p for p in simple_paths(scenario) if any(v < 0 for v in assess_route(scenario, p).earned.values())), None
    )


def test_negative_results_fill_left_of_the_zero_mark(make_page, site_url):
    slug, route = next((s, negative_route(PROJECT.scenarios[s])) for s in SLUGS if negative_route(PROJECT.scenarios[s]))
    scenario = PROJECT.scenarios[slug]
    a = assess_route(scenario, route)
    page = make_page(reduced_motion="reduce", color_scheme="dark")
    page.goto(f"{site_url}scenarios/{slug}/")
    play(page, scenario, route)
    bars = page.evaluate(
        """() => [...document.querySelectorAll('.scn-score')].map(li => {
            const meter = li.querySelector('.scn-meter'), fill = meter.querySelector('.scn-fill'),
                  zero = meter.querySelector('.scn-zero').getBoundingClientRect(), f = fill.getBoundingClientRect(),
                  m = meter.getBoundingClientRect(), style = getComputedStyle(fill);
            return {key: li.dataset.competency, hidden: meter.getAttribute('aria-hidden'),
                    negative: fill.classList.contains('scn-fill-negative'), pattern: style.backgroundImage,
                    zero: zero.left + zero.width / 2, left: f.left, right: f.right, width: f.width,
                    meterLeft: m.left, meterWidth: m.width};
        })"""
    )
    lowest = min(0, *(a.earned[k] / a.available[k] if a.available[k] else (-1 if a.earned[k] < 0 else 0) for k in scenario.competencies))
    for bar in bars:
        earned, available = a.earned[bar["key"]], a.available[bar["key"]]
        share = earned / available if available else (-1 if earned < 0 else 0)
        assert bar["hidden"] == "true"
        assert abs(bar["zero"] - (bar["meterLeft"] + bar["meterWidth"] * -lowest / (1 - lowest))) < 1.5
        assert abs(bar["width"] - bar["meterWidth"] * abs(share) / (1 - lowest)) < 1.5, bar
        if share < 0:
            assert bar["negative"] and "repeating-linear-gradient" in bar["pattern"], "a pattern, not only colour"
            assert abs(bar["right"] - bar["zero"]) < 1.5, "fills leftwards from zero"
        else:
            assert not bar["negative"] and bar["pattern"] == "none"
            assert abs(bar["left"] - bar["zero"]) < 1.5 or bar["width"] == 0
    assert any(b["negative"] for b in bars)
    assert run_axe(page) == []


def test_no_points_available_and_a_competency_keyed_constructor(make_page, site_url):
    """A competency keyed `constructor` plays, saves, reloads and reports like any other."""
    slug = "better-off-gone"
    scenario = PROJECT.scenarios[slug]
    old = scenario.competencies[0]

    def rename(route):
        response = route.fetch()
        body = response.text().replace(f'"{old}":', '"constructor":').replace(
            f'data-competency="{old}"', 'data-competency="constructor"'
        )
        route.fulfill(response=response, body=body)

    page = make_page(reduced_motion="reduce")
    page.route(f"**/scenarios/{slug}/", rename)
    route = simple_paths(scenario)[0]
    a = assess_route(scenario, route)
    page.goto(f"{site_url}scenarios/{slug}/")
    assert "constructor" in page.evaluate("Object.keys(JSON.parse(document.querySelector('.scn-player').dataset.scn).competencies)")
    play(page, scenario, route[:1])
    page.reload()
    page.wait_for_selector(".scn-player .scn-choice-btn")
    play(page, scenario, route[1:])
    figures = {
        li["key"]: li["value"]
        for li in page.eval_on_selector_all(
            ".scn-score", "items => items.map(li => ({key: li.dataset.competency, value: li.querySelector('.scn-score-value').textContent}))"
        )
    }
    assert figures == {("constructor" if k == old else k): value_text(a.earned[k], a.available[k]) for k in scenario.competencies}
    saved = json.loads(page.evaluate(f"localStorage.getItem('pcp:progress:{slug}')"))
    assert saved["earned"]["constructor"] == a.earned[old] and saved["status"] == "finished"
    page.reload()
    page.wait_for_selector(".scn-player .scn-scores")
    assert page.locator(".scn-score[data-competency='constructor'] .scn-score-value").inner_text() == figures["constructor"]
