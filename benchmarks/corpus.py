"""Synthetic corpora for the benchmark: scenarios in YAML, and the same words as plain Markdown.

Both corpora are minimal MkDocs projects built from this repository's own configuration, theme
overrides, includes and reference pages, so the only difference between them is how the case
text reaches the site: through the scenario engine, or as ordinary pages written by hand.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FLAG = "noticed-pattern"
ENDINGS = ("strong", "acceptable", "poor")

# Reading targets that exist in docs/ (the same ones the real scenarios use).
SEE = (
    "ethics/referral.md#how-to-refer",
    "ethics/referral.md#red-flags",
    "ethics/competence-and-supervision.md#supervision",
    "ethics/consent-and-contracting.md#re-contracting",
    "ethics/confidentiality.md#limits",
    "ethics/boundary.md#naming-the-shift",
    "ethics/power.md#power-bases",
    "pitfalls/transference.md#countertransference",
    "pitfalls/insight-without-action.md#experiments",
    "pitfalls/scope-creep.md#signs",
)
SEE_ALSO = ("ethics/referral.md", "ethics/boundary.md", "pitfalls/scope-creep.md", "ethics/power.md", "patterns/perfectionism.md")
TAGS = (
    "referral", "boundaries", "contracting", "confidentiality", "sponsors", "supervision", "power",
    "transference", "perfectionism", "procrastination", "conflict", "imposter feelings", "anxiety",
    "low mood", "endings", "first contact", "experiments", "dependency", "scope creep", "ethics",
)
NAMES = ("Aisha", "Tomasz", "Priya", "Sam", "Jonas", "Mei", "Carlos", "Ruth", "Olu", "Hanna")
ROLES = ("project manager", "senior engineer", "head of sales", "new team lead", "finance director", "nurse manager")

_SCENE = (
    "{name} arrives a few minutes late and apologises twice before sitting down.",
    "\"I've been thinking about what you said last time,\" {name} says, \"and I'm not sure I agree.\"",
    "The {role} role has grown since the contract was agreed, and the deadlines have not moved.",
    "{name} describes the week in detail, but every story ends with the same small shrug.",
    "You notice that the energy in the room drops whenever the team comes up.",
    "There is a long pause. {name} looks at the window and then back at you.",
    "\"My manager thinks this is going well,\" {name} says. \"I'm less sure.\"",
    "The sponsor's email from Monday asked for an update on *progress*, with no detail about what that means.",
    "{name} laughs, but it sounds thin, and the hands in the lap are tightly folded.",
    "Last session ended with a plan for a small experiment. Nothing about it has been mentioned yet.",
    "\"Can I tell you something I haven't told anyone at work?\" {name} asks quietly.",
    "You feel a familiar pull to reassure, to say that it will all be fine.",
    "The notes from the first session say the goal was **clearer decisions in meetings**.",
    "{name} mentions sleeping badly for a month, almost in passing, and moves straight on.",
    "It is the sixth of ten agreed sessions, and the conversation keeps returning to childhood.",
    "\"Honestly, you're better than the therapist I saw,\" {name} says, smiling at you.",
)
_FEEDBACK = (
    "This keeps the work collaborative and lets {name} decide what happens next.",
    "You stay curious rather than jumping to a fix, which is what this moment needs.",
    "Reassurance feels kind, but it closes the conversation just as something important opens.",
    "Naming what you notice, with permission, is the core skill the scenario practises here.",
    "This drifts towards therapy territory without either of you having agreed to it.",
    "A sensible step: the contract is the place to return to when the purpose shifts.",
    "Taking this to supervision before acting protects both {name} and the work.",
    "The question is fair, but asking it now may feel like an interrogation rather than care.",
)
_LABELS = (
    "Ask {name} what feels different about this week",
    "Name the pattern you have noticed over the last few sessions",
    "Offer some reassurance and move on to the agenda",
    "Suggest revisiting the goals you agreed at the start",
    "Ask directly about sleep, mood and support outside work",
    "Share the tool that helped another client in a similar spot",
    "Pause and check what {name} needs from you right now",
    "Agree to take the question to your supervisor first",
)
_DEBRIEF = (
    "Look back at the moments where you named what you noticed, and at where you moved on instead.",
    "Strong practice here means keeping the contract in view while staying warm and curious.",
    "Consider what you would say to your supervisor about the choices that felt most tempting.",
)


def _words(rng: random.Random, pool: tuple[str, ...], *, low: int, high: int, **names: str) -> str:
    """Sentences from ``pool`` until the text has between ``low`` and ``high`` words."""
    target = rng.randint(low, high)
    sentences: list[str] = []
    count = 0
    while count < target:
        sentence = rng.choice(pool).format(**names)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _paragraphs(rng: random.Random, *, low: int, high: int, **names: str) -> str:
    text = _words(rng, _SCENE, low=low, high=high, **names).split(". ")
    middle = len(text) // 2
    return ". ".join(text[:middle]) + ".\n\n" + ". ".join(text[middle:]) if middle else ". ".join(text)


def scenario_data(*, index: int, nodes: int, competencies: list[str], seed: int = 7) -> dict[str, Any]:
    """One scenario of ``nodes`` nodes: decisions that branch and rejoin, then three endings.

    Decision ``i`` leads to ``i+1`` and ``i+2`` (every third also to ``i+3``), so branches rejoin
    and the number of routes grows like the Fibonacci numbers: astronomically many at 1,000 nodes.
    Decision 1 can set a flag; every fifth decision has one choice shown only with it (``if``) and
    one only without it (``unless``). Every choice has feedback, scores and a ``see`` link.
    """
    if nodes < 5:
        raise ValueError("a benchmark scenario needs at least 5 nodes")
    rng = random.Random(seed * 100_003 + index)
    name, role = rng.choice(NAMES), rng.choice(ROLES)
    keys = rng.sample(competencies, rng.choice((2, 3)))
    decisions = nodes - len(ENDINGS)
    ids = [f"moment-{i + 1}" for i in range(decisions)]
    endings = [f"{outcome}-ending" for outcome in ENDINGS]

    def target(i: int, choice: int) -> str:
        return ids[i] if i < decisions else endings[choice % len(endings)]

    def choice(i: int, number: int, goes_to: str) -> dict[str, Any]:
        scored = rng.sample(keys, rng.choice((1, 2)))
        made = {
            "label": rng.choice(_LABELS).format(name=name),
            "next": goes_to,
            "feedback": _words(rng, _FEEDBACK, low=20, high=35, name=name),
            "scores": {key: rng.choice((-2, -1, 1, 2)) for key in scored},
            "see": SEE[(index + i + number) % len(SEE)],
        }
        if min(made["scores"].values()) <= -2:  # a serious error caps the outcome, as authors must
            made["caps"] = "acceptable"
        return made

    graph: dict[str, Any] = {}
    for i, node_id in enumerate(ids):
        steps = (1, 2, 3) if i % 3 == 0 or i == decisions - 1 else (1, 2)
        choices = [choice(i, n, target(i + step, n)) for n, step in enumerate(steps)]
        if i == 1:
            choices[0]["sets"] = FLAG
        if i > 1 and i % 5 == 0:
            choices.append({**choice(i, 8, target(i + 1, 0)), "if": FLAG})
            choices.append({**choice(i, 9, target(i + 2, 1)), "unless": FLAG})
        graph[node_id] = {"title": f"{name}, moment {i + 1}", "text": _paragraphs(rng, low=40, high=80, name=name, role=role), "choices": choices}
    for outcome, node_id in zip(ENDINGS, endings):
        graph[node_id] = {
            "outcome": outcome,
            "text": _paragraphs(rng, low=40, high=80, name=name, role=role),
            "debrief": _words(rng, _DEBRIEF, low=25, high=40),
        }
    return {
        "title": f"Case {index + 1}: {name}, {role}",
        "summary": _words(rng, _SCENE, low=35, high=50, name=name, role=role),
        "level": ("foundation", "intermediate", "advanced")[index % 3],
        "minutes": max(5, nodes // 2),
        "competencies": keys,
        "objectives": [_words(rng, _FEEDBACK, low=12, high=20, name=name) for _ in range(3)],
        "tags": rng.sample(TAGS, 3),
        "see_also": rng.sample(SEE_ALSO, 2),
        "start": ids[0],
        "nodes": graph,
    }


def slug_of(index: int) -> str:
    return f"case-{index + 1:04d}"


# ------------------------------------------------------------------------------- plain pages


def _humanize(node_id: str) -> str:
    words = node_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def _relative(target: str) -> str:
    """A link from ``scenarios/<slug>.md`` to a docs-relative target."""
    return "../" + target


@dataclass(frozen=True, slots=True)
class Registry:
    names: dict[str, str]
    descriptions: dict[str, str]
    reading: dict[str, list[str]]
    titles: dict[str, str]  # docs page -> its title

    def title(self, link: str) -> str:
        return self.titles.get(link.partition("#")[0], link)


def plain_page(data: dict[str, Any], *, registry: Registry) -> str:
    """The scenario's words as an ordinary page: headings, paragraphs and lists, no player."""
    lines = [
        "---",
        f"title: {yaml.safe_dump(data['title'], default_style=chr(34)).strip()}",
        f"description: {yaml.safe_dump(data['summary'], default_style=chr(34), width=10_000).strip()}",
        f"tags: [{', '.join(data['tags'])}]",
        "---",
        "",
        f"# {data['title']}",
        "",
        f"**Level:** {data['level'].capitalize()} · **Time:** about {data['minutes']} minutes · [All scenarios](index.md)",
        "",
        data["summary"],
        "",
        "## Objectives",
        "",
        *[f"- {objective}" for objective in data["objectives"]],
        "",
        "## Competencies scored",
        "",
    ]
    for key in data["competencies"]:
        reading = ", ".join(f"[{registry.title(link)}]({_relative(link)})" for link in registry.reading[key])
        lines += [f"**{registry.names[key]}**: {registry.descriptions[key]}", f"Read: {reading}" if reading else "", ""]
    lines += ["## Further reading", "", *[f"- [{registry.title(link)}]({_relative(link)})" for link in data["see_also"]], ""]
    lines += ["## The case", ""]
    for node_id, node in data["nodes"].items():
        heading = _humanize(node_id)
        if "outcome" in node:
            heading = f"Ending ({node['outcome']} outcome): {heading}"
        lines += [f"### {heading}", "", node["text"], ""]
        if "debrief" in node:
            lines += [f"**Debrief.** {node['debrief']}", ""]
        for number, choice in enumerate(node.get("choices", []), start=1):
            lines += [f"{number}. {choice['label']} (go to {_humanize(choice['next'])})", ""]
            lines += [f"    {choice['feedback']}", ""]
            lines += [f"    Read: [{registry.title(choice['see'])}]({_relative(choice['see'])})", ""]
    return "\n".join(lines)


def plain_catalogue(corpus: list[dict[str, Any]]) -> str:
    lines = ["---", "title: Scenarios", "---", "", "# Scenarios", ""]
    for index, data in enumerate(corpus):
        lines += [f"### [{data['title']}]({slug_of(index)}.md)", "", data["summary"], ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------- projects

# Pages the reference docs link to that the hook generates; in the plain project a one-line page
# stands in for each, so both projects build with strict link checks.
HOOK_PAGES = ("assign.md", "review.md", "assignments/index.md")


def site_scenario_pages() -> list[str]:
    """The pages of the site's own scenarios and assignments, which reference pages link to (a
    supervisors' page to an example case, the course to its weekly assignments) and a synthetic
    corpus does not have: a one-line page stands in for each in both projects."""
    scenarios = [f"scenarios/{path.stem}.md" for path in sorted((ROOT / "scenarios").glob("*.yml")) if path.stem != "competencies"]
    assignments = [f"assignments/{path.stem}.md" for path in sorted((ROOT / "scenarios" / "assignments").glob("*.yml"))]
    return scenarios + assignments


def _stand_in(docs: Path, page: str) -> None:
    path = docs / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {Path(page).stem.capitalize()}\n\nThis page is generated on the scenario site.\n", encoding="utf-8")


def _base_project(target: Path, *, with_hook: bool) -> None:
    """Copy the site's configuration, theme, includes and reference pages.

    The site's own ``nav`` is kept: as on the real site, scenario pages are reached from the
    catalogue, not listed in the navigation. (An automatic nav listing every page costs time
    in proportion to pages squared, which would swamp what is being measured.)
    """
    target.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not with_hook:  # no hook, and nothing to watch in scenarios/ or hooks/ (watch is for serve only)
        config = re.sub(r"(?m)^(?:hooks|watch):\n(?:[ \t]+- .*\n)+", "", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("overrides", "includes"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("scenarios"))
    for page in site_scenario_pages():
        _stand_in(target / "docs", page)
    if with_hook:
        shutil.copytree(ROOT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))


def load_registry() -> Registry:
    from scenario_engine.docs_index import index_docs  # the engine's own reading of docs/ titles

    entries = yaml.safe_load((ROOT / "scenarios" / "competencies.yml").read_text(encoding="utf-8"))
    faults: list = []
    docs = index_docs(ROOT / "docs", root=ROOT, faults=faults)
    if faults:
        raise RuntimeError(f"docs/ cannot be read: {faults}")
    return Registry(
        names={key: entry["name"] for key, entry in entries.items()},
        descriptions={key: entry["description"] for key, entry in entries.items()},
        reading={key: list(entry.get("reading", [])) for key, entry in entries.items()},
        titles={path: page.title for path, page in docs.pages.items()},
    )


def make_corpus(scenarios: int, nodes: int) -> list[dict[str, Any]]:
    competencies = list(yaml.safe_load((ROOT / "scenarios" / "competencies.yml").read_text(encoding="utf-8")))
    return [scenario_data(index=index, nodes=nodes, competencies=competencies) for index in range(scenarios)]


def write_scenario_project(target: Path, corpus: list[dict[str, Any]]) -> Path:
    """A project whose scenarios/ holds the corpus as YAML; returns its mkdocs.yml."""
    _base_project(target, with_hook=True)
    folder = target / "scenarios"
    folder.mkdir()
    shutil.copy2(ROOT / "scenarios" / "competencies.yml", folder / "competencies.yml")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for index, data in enumerate(corpus):
        text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{slug_of(index)}.yml").write_text(text, encoding="utf-8")
    return target / "mkdocs.yml"


def write_plain_project(target: Path, corpus: list[dict[str, Any]], *, registry: Registry) -> Path:
    """A project without the hook whose docs/scenarios/ holds the same words as plain pages."""
    _base_project(target, with_hook=False)
    folder = target / "docs" / "scenarios"
    folder.mkdir(exist_ok=True)  # it holds the stand-ins already
    (folder / "index.md").write_text(plain_catalogue(corpus), encoding="utf-8")
    for index, data in enumerate(corpus):
        (folder / f"{slug_of(index)}.md").write_text(plain_page(data, registry=registry), encoding="utf-8")
    for page in HOOK_PAGES:
        _stand_in(target / "docs", page)
    return target / "mkdocs.yml"


def word_count(corpus: list[dict[str, Any]]) -> int:
    """Words an author wrote, over every string in the corpus."""

    def walk(value: Any) -> int:
        if isinstance(value, str):
            return len(value.split())
        if isinstance(value, dict):
            return sum(walk(v) for v in value.values())
        if isinstance(value, list):
            return sum(walk(v) for v in value)
        return 0

    return sum(walk(data) for data in corpus)
