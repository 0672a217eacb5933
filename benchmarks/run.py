"""Build-cost and player-speed benchmark (issue 7).

    .venv/bin/python benchmarks/run.py            # full run (about 20 minutes on a 2-core machine)
    .venv/bin/python benchmarks/run.py --quick    # small corpora, one build each: a smoke run

In temporary folders it generates synthetic corpora (benchmarks/corpus.py) as scenarios and as the
same words in plain Markdown pages, builds each several times, alternating plain and scenarios,
each build in a fresh ``python -m mkdocs build`` process, and reports medians, ratios, peak
memory, page weights, the player's asset sizes, ``check`` on the largest corpus and, in Chromium,
how long a click on the 1,000-node scenario takes to show the next moment. Results go to
``benchmarks/results.json`` and a table on standard output. Nothing here asserts a budget:
machines are noisy, so the budgets are compared and reported, never enforced.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "hooks")]

import corpus as corpora  # noqa: E402  (needs the path above)
from scenario_engine.minify import minified  # noqa: E402

PLAYER_ASSETS = (
    "docs/assets/javascripts/assessment.js",
    "docs/assets/javascripts/progress.js",
    "docs/assets/javascripts/player.js",
    "docs/assets/stylesheets/player.css",
)
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "PyYAML", "Jinja2", "jsonschema", "playwright")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
KIB = 1024


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    scenarios: int
    nodes: int
    repeats: int


FULL = (Size("200x12", 200, 12, 3), Size("1000x15", 1000, 15, 2), Size("1x1000", 1, 1000, 3))
QUICK = (Size("200x12", 8, 12, 1), Size("1000x15", 20, 15, 1), Size("1x1000", 1, 120, 1))
BUDGETS = {
    "build_ratio": 1.10,
    "big_scenario_build_s": 10.0,
    "click_ms": 16.0,
    "check_s": 3.0,
    "memory_ratio": 1.5,
    "player_gzip_kib": 12.0,
}


# ------------------------------------------------------------------------------ measuring


def run_child(command: list[str], *, cwd: Path, log: Path) -> dict[str, float]:
    """Run ``command`` to completion; its wall time, CPU time (user + sys) and peak RSS."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not every child's
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}); output:\n{log.read_text(errors='replace')[-4000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_mib": usage.ru_maxrss / KIB}  # Linux: KiB


def build(config: Path, site: Path, log: Path) -> dict[str, float]:
    # Not --quiet: it hides warnings from strict mode's count, and both projects build strictly.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(site)]
    return run_child(command, cwd=config.parent, log=log)


def summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    return {
        "runs": [{key: round(value, 3) for key, value in run.items()} for run in runs],
        "median_wall_s": round(statistics.median(r["wall_s"] for r in runs), 3),
        "median_cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
        "max_rss_mib": round(max(r["max_rss_mib"] for r in runs), 1),
    }


def sizes(data: bytes) -> dict[str, int]:
    return {"raw": len(data), "gzip": len(gzip.compress(data, compresslevel=9, mtime=0))}


def page_weight(site: Path, relative: str) -> dict[str, int]:
    return sizes((site / relative).read_bytes())


def mean_weight(site: Path, pages: list[str]) -> dict[str, int]:
    weights = [page_weight(site, page) for page in pages]
    return {key: round(statistics.mean(w[key] for w in weights)) for key in ("raw", "gzip")}


def tree_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


# ------------------------------------------------------------------------------ the corpora


def bench_corpus(size: Size, *, work: Path, registry: corpora.Registry) -> tuple[dict[str, Any], Path, Path]:
    """Generate, build alternately (plain, scenarios, plain, ...) and weigh one corpus size."""
    data = corpora.make_corpus(size.scenarios, size.nodes)
    folder = work / size.name
    scenario_config = corpora.write_scenario_project(folder / "scenarios", data)
    plain_config = corpora.write_plain_project(folder / "plain", data, registry=registry)
    sites = {"plain": folder / "site-plain", "scenarios": folder / "site-scenarios"}
    runs: dict[str, list[dict[str, float]]] = {"plain": [], "scenarios": []}
    for repeat in range(size.repeats):
        for kind, config in (("plain", plain_config), ("scenarios", scenario_config)):
            result = build(config, sites[kind], folder / f"build-{kind}-{repeat}.log")
            runs[kind].append(result)
            print(f"  {size.name} {kind:9} build {repeat + 1}/{size.repeats}: {result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU, {result['max_rss_mib']:.0f} MiB", flush=True)
    plain, scenarios = summary(runs["plain"]), summary(runs["scenarios"])
    slugs = [corpora.slug_of(index) for index in range(size.scenarios)]
    sample = [f"scenarios/{slug}/index.html" for slug in slugs[:50]]
    result = {
        "scenarios": size.scenarios,
        "nodes": size.nodes,
        "words": corpora.word_count(data),
        "repeats": size.repeats,
        "plain": plain,
        "with_scenarios": scenarios,
        "ratio_wall": ratio(scenarios["median_wall_s"], plain["median_wall_s"]),
        "ratio_cpu": ratio(scenarios["median_cpu_s"], plain["median_cpu_s"]),
        "ratio_memory": ratio(scenarios["max_rss_mib"], plain["max_rss_mib"]),
        "pages": {
            "scenario_page": mean_weight(sites["scenarios"], sample),
            "plain_page": mean_weight(sites["plain"], sample),
            "map_page": mean_weight(sites["scenarios"], [f"scenarios/{slug}/map/index.html" for slug in slugs[:50]]),
            "pages_averaged": len(sample),
        },
        "site_bytes": {"plain": tree_bytes(sites["plain"]), "with_scenarios": tree_bytes(sites["scenarios"])},
    }
    return result, scenario_config, sites["scenarios"]


def bench_check(project: Path, *, repeats: int, scenarios: int, work: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "hooks.scenario_engine", "--root", str(project), "check"]
    runs = []
    for repeat in range(repeats):
        # The engine is imported from this repository, as a maintainer runs it.
        runs.append(run_child(command, cwd=ROOT, log=work / f"check-{repeat}.log"))
        print(f"  check {repeat + 1}/{repeats}: {runs[-1]['wall_s']:.2f} s wall, {runs[-1]['cpu_s']:.2f} s CPU", flush=True)
    return {"scenarios": scenarios, **summary(runs)}


def player_assets() -> dict[str, Any]:
    files: dict[str, Any] = {}
    for relative in PLAYER_ASSETS:
        path = ROOT / relative
        if not path.exists():
            files[relative] = "missing"
            continue
        data = minified(path.read_text(encoding="utf-8"), suffix=path.suffix).encode()  # as the build publishes it
        files[relative] = {**sizes(data), "source": path.stat().st_size}
    present = [f for f in files.values() if f != "missing"]
    return {
        "files": files,
        "total_raw": sum(f["raw"] for f in present),
        "total_gzip": sum(f["gzip"] for f in present),  # each file served compressed on its own
        "missing": [name for name, f in files.items() if f == "missing"],
    }


# ------------------------------------------------------------------------------ the browser

# Runs in the page. Each click is dispatched from the page itself; the clock stops when the
# moment's heading has changed and the new content has been laid out (a forced layout in the
# MutationObserver callback), and, separately, when the next frame has been produced.
CLICK_SCRIPT = """
async (count) => {
  const stage = document.querySelector(".scn-stage");
  if (!stage) return { error: "no .scn-stage: the player did not mount" };
  const heading = () => { const h = stage.querySelector(".scn-moment"); return h ? h.textContent : null; };
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  }));
  const shown = [], framed = [];
  let restarts = 0, depth = 0, longest = 0;
  for (let i = 0; i < count; i++) {
    const buttons = stage.querySelectorAll("button.scn-choice-btn");
    if (!buttons.length) {  // an ending: start again
      const restart = Array.from(document.querySelectorAll(".scn-toolbar button")).find((b) => /restart/i.test(b.textContent));
      if (!restart) return { error: "ending reached and no Restart button" };
      restart.click(); restarts++; depth = 0;
      await nextFrame();
      continue;
    }
    // Mostly the first choice (the longest route, so the saved path grows), sometimes another.
    const button = buttons[i % 7 === 6 ? buttons.length - 1 : 0];
    const before = heading();
    let changedAt = null;
    const observer = new MutationObserver(() => {
      if (changedAt === null && heading() !== before) {
        stage.getBoundingClientRect();  // force style and layout of the new moment
        changedAt = performance.now();
      }
    });
    observer.observe(stage, { childList: true, subtree: true, characterData: true });
    const started = performance.now();
    button.click();
    await Promise.resolve();  // let the observer's microtask run
    const painted = await nextFrame();
    observer.disconnect();
    if (changedAt === null) return { error: "the heading did not change after a click", clicks: shown.length };
    shown.push(changedAt - started);
    framed.push(painted - started);
    depth++; longest = Math.max(longest, depth);
  }
  return { shown, framed, restarts, longest };
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def bench_clicks(site: Path, *, slug: str, clicks: int) -> dict[str, Any]:
    """Median and worst click-to-next-moment times on the scenario's built page, in Chromium."""
    if not (ROOT / "docs/assets/javascripts/player.js").exists():
        return {"measured": False, "reason": "docs/assets/javascripts/player.js does not exist yet"}
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return {"measured": False, "reason": f"no Chromium at {chromium}"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"measured": False, "reason": "playwright is not installed"}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/scenarios/{slug}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(url, wait_until="load")
                try:
                    page.wait_for_selector(".scn-stage button.scn-choice-btn", timeout=15_000)
                except Exception:  # noqa: BLE001 - any failure to mount means: not measured
                    return {"measured": False, "reason": "the player did not show choices (.scn-stage button.scn-choice-btn)", "page_errors": errors}
                outcome = page.evaluate(CLICK_SCRIPT, clicks)
                version = browser.version
            finally:
                browser.close()
    finally:
        server.shutdown()
    if "error" in outcome:
        return {"measured": False, "reason": outcome["error"], "page_errors": errors}
    shown, framed = sorted(outcome["shown"]), sorted(outcome["framed"])
    return {
        "measured": True,
        "chromium": version,
        "clicks": len(shown),
        "restarts": outcome["restarts"],
        "longest_path": outcome["longest"],
        "median_ms": round(statistics.median(shown), 2),
        "p95_ms": round(shown[int(0.95 * (len(shown) - 1))], 2),
        "worst_ms": round(shown[-1], 2),
        "next_frame_median_ms": round(statistics.median(framed), 2),
        "next_frame_worst_ms": round(framed[-1], 2),
        "page_errors": errors,
    }


# ------------------------------------------------------------------------------ reporting


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def budgets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []

    def row(name: str, limit: str, measured: Any, holds: bool | None) -> None:
        rows.append({"budget": name, "limit": limit, "measured": measured, "holds": holds})

    for key in ("200x12", "1000x15"):
        corpus = results["corpora"][key]
        label = f"{corpus['scenarios']} × {corpus['nodes']}"
        row(f"build time vs plain, {label} (CPU)", f"≤ {BUDGETS['build_ratio']:.2f}×", corpus["ratio_cpu"], corpus["ratio_cpu"] <= BUDGETS["build_ratio"])
        row(f"build time vs plain, {label} (wall)", f"≤ {BUDGETS['build_ratio']:.2f}×", corpus["ratio_wall"], corpus["ratio_wall"] <= BUDGETS["build_ratio"])
        row(f"peak memory vs plain, {label}", f"≤ {BUDGETS['memory_ratio']:.2f}×", corpus["ratio_memory"], corpus["ratio_memory"] <= BUDGETS["memory_ratio"])
    big = results["corpora"]["1x1000"]
    seconds = big["with_scenarios"]["median_wall_s"]
    row(f"{big['nodes']}-node scenario build (wall)", f"< {BUDGETS['big_scenario_build_s']:.0f} s", seconds, seconds < BUDGETS["big_scenario_build_s"])
    row(f"{big['nodes']}-node scenario: memory vs plain", f"≤ {BUDGETS['memory_ratio']:.2f}×", big["ratio_memory"], big["ratio_memory"] <= BUDGETS["memory_ratio"])
    click = results["click"]
    if click["measured"]:
        row("click to next moment (worst)", f"≤ {BUDGETS['click_ms']:.0f} ms", click["worst_ms"], click["worst_ms"] <= BUDGETS["click_ms"])
    else:
        row("click to next moment (worst)", f"≤ {BUDGETS['click_ms']:.0f} ms", "not measured", None)
    check = results["check"]
    row(f"check on {check['scenarios']} scenarios (wall)", f"< {BUDGETS['check_s']:.0f} s", check["median_wall_s"], check["median_wall_s"] < BUDGETS["check_s"])
    kib = round(results["player_assets"]["total_gzip"] / KIB, 2)
    row("player JS+CSS, gzip", f"≤ {BUDGETS['player_gzip_kib']:.0f} KiB", kib, kib <= BUDGETS["player_gzip_kib"] and not results["player_assets"]["missing"])
    return rows


def table(results: dict[str, Any]) -> str:
    lines = [
        "| Corpus | Words | Plain build (wall / CPU) | With scenarios (wall / CPU) | Ratio (wall / CPU) | Peak memory plain / scenarios | Page plain / scenario / map (gzip) |",
        "| --- | --: | --: | --: | --: | --: | --: |",
    ]
    for key, c in results["corpora"].items():
        p, s, w = c["plain"], c["with_scenarios"], c["pages"]
        lines.append(
            f"| {c['scenarios']} × {c['nodes']} nodes | {c['words']:,} | {p['median_wall_s']:.2f} s / {p['median_cpu_s']:.2f} s "
            f"| {s['median_wall_s']:.2f} s / {s['median_cpu_s']:.2f} s | {c['ratio_wall']:.2f}× / {c['ratio_cpu']:.2f}× "
            f"| {p['max_rss_mib']:.0f} / {s['max_rss_mib']:.0f} MiB ({c['ratio_memory']:.2f}×) "
            f"| {w['plain_page']['gzip'] / KIB:.1f} / {w['scenario_page']['gzip'] / KIB:.1f} / {w['map_page']['gzip'] / KIB:.1f} KiB |"
        )
    lines += ["", "| Budget | Limit | Measured | Holds |", "| --- | --- | --: | --- |"]
    for b in results["budgets"]:
        holds = "n/a" if b["holds"] is None else ("yes" if b["holds"] else "**no**")
        lines.append(f"| {b['budget']} | {b['limit']} | {b['measured']} | {holds} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora and one build each (a smoke run)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the results (default: benchmarks/results.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and sites, and print where")
    parser.add_argument("--repeats", help="builds of each kind per corpus, as three numbers (default 3,2,3; --quick 1,1,1)")
    arguments = parser.parse_args(argv)
    plan = QUICK if arguments.quick else FULL
    if arguments.repeats:
        counts = [int(n) for n in arguments.repeats.split(",")]
        plan = tuple(Size(s.name, s.scenarios, s.nodes, n) for s, n in zip(plan, counts, strict=True))

    results: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": arguments.quick,
        "machine": machine(),
        "corpora": {},
    }
    registry = corpora.load_registry()
    work = Path(tempfile.mkdtemp(prefix="pcp-benchmark-"))
    try:
        for size in plan:
            print(f"corpus {size.name}: {size.scenarios} scenarios of {size.nodes} nodes", flush=True)
            results["corpora"][size.name], config, site = bench_corpus(size, work=work, registry=registry)
            if size.name == "1000x15":
                results["check"] = bench_check(config.parent, repeats=1 if arguments.quick else 3, scenarios=size.scenarios, work=work)
            if size.name == "1x1000":
                print("  clicks in Chromium", flush=True)
                results["click"] = bench_clicks(site, slug=corpora.slug_of(0), clicks=40 if arguments.quick else 600)
        results["player_assets"] = player_assets()
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        results["budgets"] = budgets(results)
    finally:
        if arguments.keep:
            print(f"corpora and sites kept in {work}")
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    arguments.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(f"\nresults written to {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
