"""Hostile input: every route by which author text could become markup or script, or a file could
crash or hang the engine, ends in the exact fault expected (file:line), never a traceback.

The project is checked as the site checks it: with the real mkdocs.yml's Markdown extensions.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.utils import meta

from sample_project import VALID, Project
from scenario_engine.cli import main
from scenario_engine.pages import generated_pages
from scenario_engine.text_html import TextRenderer, meta_descriptions

ROOT = Path(__file__).resolve().parents[2]
F = "scenarios/case.yml"
SANITISED = "the sanitiser had to change the HTML made from this text"
SCRIPT_LINK = "the link target 'javascript:alert(1)' is not allowed: use http(s), mailto, #anchor or a relative page"
# A "billion laughs": nine aliases of nine aliases ... of nine texts, 9^10 values once expanded.
LAUGHS = "l0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(f"l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))


@pytest.fixture
def site(tmp_path) -> Project:
    """A sample project whose Markdown settings are the real site's."""
    project = Project(tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return project


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging (a pipe opened for reading blocks until a writer comes)."""

    def give_up(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(project: Project) -> tuple[int, list[str]]:
    """The CLI's check: its exit code and its fault lines."""
    out, err = io.StringIO(), io.StringIO()
    with time_limit(20):
        code = main(["--root", str(project.root), "check"], out=out, err=err)
    assert "Traceback" not in err.getvalue()
    return code, [line.strip() for line in err.getvalue().splitlines()[1:]]


def replaced(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


WELL_HELD = "debrief: Well held."
HELD_LINE_TEXT = "text: Priya nods."
SCENARIO_CASES = {
    # Author text that would become markup or script
    "attribute list in a title": (
        replaced("title: A friend asks", 'title: A friend { x onfocus="alert(1)" autofocus }'),
        [
            f"{F}:1: title: attribute lists like '{{: .class }}' or '{{ key=value }}' are not allowed in scenario text",
            f"{F}:1: title: is plain text: '{{' would be read as Markdown or HTML; leave it out",
        ],
    ),
    "attribute list in a summary": (
        replaced("summary: A sponsor asks about your client.", 'summary: A sponsor { x onmouseover="alert(1)" }'),
        [f"{F}:2: summary: attribute lists like '{{: .class }}' or '{{ key=value }}' are not allowed in scenario text"],
    ),
    "script link defined in a block quote": (
        replaced(HELD_LINE_TEXT, "text: |\n      > [r]: java&#115;cript:alert(1)\n      >\n      > [Read this][r]"),
        [f"{F}:23: nodes.held-line.text: {SANITISED}: {SCRIPT_LINK}"],
    ),
    "script link defined in a list": (
        replaced("feedback: Good.", "feedback: |\n          - [r]: java&#115;cript:alert(1)\n\n            [Read this][r]"),
        [f"{F}:15: nodes.dinner.choices[1].feedback: {SANITISED}: {SCRIPT_LINK}"],
    ),
    "script link defined in an admonition": (
        replaced(WELL_HELD, "debrief: |\n      !!! note\n          [r]: java&#x73;cript:alert(1)\n\n          [Read this][r]"),
        [f"{F}:24: nodes.held-line.debrief: {SANITISED}: {SCRIPT_LINK}"],
    ),
    "image from another site": (
        replaced(WELL_HELD, "debrief: '![x](https://evil.example/t.png)'"),
        [f"{F}:24: nodes.held-line.debrief: {SANITISED}: <img> is not allowed"],
    ),
    "admonition with a class of its own": (
        replaced(WELL_HELD, "debrief: |\n      !!! md-header\n          Looks like the site."),
        [f"{F}:24: nodes.held-line.debrief: {SANITISED}: the class 'admonition md-header' on <div> is not allowed (admonitions take one of Material's types)"],
    ),
    "raw HTML": (
        replaced(WELL_HELD, "debrief: '<img src=x onerror=alert(1)>'"),
        [f"{F}:24: nodes.held-line.debrief: raw HTML is not allowed (found '<img src=x o'); write Markdown instead"],
    ),
    "abbreviation definition": (
        replaced(HELD_LINE_TEXT, 'text: "*[engine]: x\\n\\nthe engine"'),
        [f"{F}:23: nodes.held-line.text: abbreviation definitions (*[term]: ...) are not allowed in scenario text: add the term to the glossary in mkdocs.yml (abbr)"],
    ),
    "direction override in a title": (
        replaced("title: A friend asks", 'title: "A friend \\u202Easks"'),
        [f"{F}:1: title: contains an invisible or control character (U+202E); remove it"],
    ),
    # Shapes the engine used to crash on
    "nodes as a list": (
        replaced("nodes:\n  dinner:", "nodes:\n  - dinner:").split("\n  held-line")[0],
        [f"{F}:9: nodes: expected a mapping of keys to values, got a list"],
    ),
    "nodes as text": (
        VALID.split("nodes:")[0] + "nodes: some text\n",
        [f"{F}:9: nodes: expected a mapping of keys to values, got text ('some text')"],
    ),
    "a node as a list": (
        replaced("  leaked:\n    outcome: poor\n    text: Sam hears of it.\n", "  leaked: [a, b]\n"),
        [f"{F}:25: nodes.leaked: expected a mapping of keys to values, got a list"],
    ),
    "a node as text": (
        replaced("  leaked:\n    outcome: poor\n    text: Sam hears of it.\n", "  leaked: just text\n"),
        [f"{F}:25: nodes.leaked: expected a mapping of keys to values, got text ('just text')"],
    ),
    "lists nested 1,000 deep": (
        VALID + "tags: " + "[" * 1000 + "]" * 1000 + "\n",
        [f"{F}:28: lists and mappings are nested more than 50 deep"],
    ),
    # Bounds
    "billion laughs": (LAUGHS, [f"{F}:6: more than 500,000 values once aliases are expanded"]),
    "20,000 aliases of one text": ("x: &t text\ny: [" + ", ".join(["*t"] * 20_000) + "]\n", [f"{F}:2: more than 100 aliases (*name) in one file"]),
    "an alias inside the value it names": ("x: &t [*t]\n", [f"{F}:1: alias '*t' is inside the value it names"]),
    "a 20,001-character text": (
        replaced("summary: A sponsor asks about your client.", "summary: " + "x" * 20_001),
        [f"{F}:2: text of 20,001 characters is too long (at most 20,000)"],
    ),
    "a 10 MB title": ("title: " + "x" * 10_000_000 + "\n", [f"{F}:1: 'case.yml' is 10,000,008 bytes; a file may have at most 4,000,000"]),
    "minutes: 5.0": (
        replaced("minutes: 8", "minutes: 5.0"),
        [f"{F}:4: minutes: expected a whole number, got a number with a decimal point (5.0); write a whole number"],
    ),
    "a score above 5": (
        replaced("scores: {confidentiality: 2}", "scores: {confidentiality: 6}"),
        [f"{F}:16: nodes.dinner.choices[1].scores.confidentiality: must be at most 5, got 6"],
    ),
    "a score below -5": (
        replaced("scores: {confidentiality: 2}", "scores: {confidentiality: -6}"),
        [f"{F}:16: nodes.dinner.choices[1].scores.confidentiality: must be at least -5, got -6"],
    ),
    "an unclosed quote": (
        replaced("    text: Sam hears of it.\n", '    text: "Sam hears of it.\n'),
        [f"{F}:27: not valid YAML: found unexpected end of stream on line 28, while scanning a quoted scalar that starts here"],
    ),
}


@pytest.mark.parametrize("text, expected", SCENARIO_CASES.values(), ids=SCENARIO_CASES.keys())
def test_a_hostile_scenario_ends_in_its_fault(site, text, expected):
    (site.root / "scenarios" / "case.yml").write_text(text, encoding="utf-8")
    assert check(site) == (1, expected)


def test_text_holding_the_engines_separator_passes_and_renders_as_written(site):
    site.write("case.yml", replaced(HELD_LINE_TEXT, "text: a scenario-engine-next-text b"))
    pages = generated_pages(site.load())
    assert "<p>a scenario-engine-next-text b</p>" in pages["scenarios/case.md"].standalone()


def test_competencies_are_checked_like_scenarios(site):
    registry = site.root / "scenarios" / "competencies.yml"
    registry.write_text(
        "referral:\n"
        "  name: 'Referral {: onclick=x }'\n"
        "  description: <script>alert(1)</script>\n"
        "confidentiality:\n"
        "  name: Confidentiality\n"
        "  description: |\n"
        "    > [r]: java&#115;cript:alert(1)\n"
        "    >\n"
        "    > [Read][r]\n"
    )
    site.write("case.yml", VALID)
    file = "scenarios/competencies.yml"
    assert check(site) == (
        1,
        [
            f"{file}:2: referral.name: attribute lists like '{{: .class }}' or '{{ key=value }}' are not allowed in scenario text",
            f"{file}:2: referral.name: is plain text: '{{' would be read as Markdown or HTML; leave it out",
            f"{file}:3: referral.description: raw HTML is not allowed (found '<script>aler'); write Markdown instead",
        ],
    )
    registry.write_text(registry.read_text().replace("Referral {: onclick=x }", "Referral").replace("<script>alert(1)</script>", "Refer well."))
    assert check(site) == (1, [f"{file}:6: confidentiality.description: {SANITISED}: {SCRIPT_LINK}"])


def _pipe(path: Path) -> None:
    os.mkfifo(path)


FILE_CASES = {
    "a folder named x.yml": (lambda path: path.mkdir(), "'x.yml' is a folder, not a file"),
    "a link to nothing": (lambda path: path.symlink_to("nowhere.yml"), "'x.yml' is a symbolic link to 'nowhere.yml', which does not exist"),
    "a link loop": (lambda path: path.symlink_to("x.yml"), "'x.yml' is a symbolic link that loops back on itself"),
    "a pipe named x.yml": (_pipe, "'x.yml' is not a regular file (a pipe, device or socket); it must be an ordinary file"),
}


@pytest.mark.parametrize("make, message", FILE_CASES.values(), ids=FILE_CASES.keys())
def test_a_name_ending_in_yml_that_is_not_a_file_is_a_fault_never_a_hang(site, make, message):
    make(site.root / "scenarios" / "x.yml")
    site.write("case.yml", VALID)
    assert check(site) == (1, [f"scenarios/x.yml:1: {message}"])


DOCS_CASES = {
    "a link to nothing": (lambda path: path.symlink_to("nowhere.md"), "'x.md' is a symbolic link to 'nowhere.md', which does not exist"),
    "a link loop": (lambda path: path.symlink_to("x.md"), "'x.md' is a symbolic link that loops back on itself"),
    "a pipe named x.md": (_pipe, "'x.md' is not a regular file (a pipe, device or socket); it must be an ordinary file"),
    "Latin-1 bytes": (lambda path: path.write_bytes("# Caf\xe9\n".encode("latin-1")), "'x.md' is not UTF-8 text"),
}


@pytest.mark.parametrize("make, message", DOCS_CASES.values(), ids=DOCS_CASES.keys())
def test_a_reference_page_that_cannot_be_read_is_a_fault_never_a_hang(site, make, message):
    """The check reads docs/ for the titles and sections scenarios link to, before MkDocs reads it."""
    make(site.root / "docs" / "ethics" / "x.md")
    site.write("case.yml", VALID)
    assert check(site) == (1, [f"docs/ethics/x.md:1: {message}"])


def test_a_folder_named_like_a_page_is_looked_into(site):
    (site.root / "docs" / "notes.md").mkdir()
    (site.root / "docs" / "notes.md" / "inside.md").write_text("# Inside\n")
    site.write("case.yml", VALID)
    assert check(site) == (0, [])
    assert site.load().docs.title_of("notes.md/inside.md") == "Inside"


def test_reserved_and_misnamed_scenario_files(site):
    site.write("index.yml", VALID)
    site.write("x.YML", VALID)
    site.write("case.yml", VALID)
    assert check(site) == (
        1,
        [
            "scenarios/index.yml:1: 'index.yml' is a reserved name (scenarios/index.md is the catalogue page): rename the file",
            "scenarios/x.YML:1: scenario files must end in .yml (lowercase), not '.YML'",
        ],
    )


ASSIGNMENT = """\
title: Week 1
scenarios: [case]
instructions: |
  Read first.

  {instructions}
"""


@pytest.mark.parametrize(
    "instructions, fault",
    [
        ("See [the page](../ethics/missing.md).", "instructions: link '../ethics/missing.md': 'ethics/missing.md' is not a page in docs/"),
        ("See [limits](../ethics/confidentiality.md#nowhere).", "instructions: link '../ethics/confidentiality.md#nowhere': 'ethics/confidentiality.md' has no section '#nowhere'"),
        ("See [out](../../README.md).", "instructions: link '../../README.md': it leads outside docs/"),
        ('Do it { x onmouseover="alert(1)" }', "instructions: attribute lists like '{: .class }' or '{ key=value }' are not allowed in scenario text"),
        ("> [r]: java&#115;cript:alert(1)\n  >\n  > [Go][r]", f"instructions: {SANITISED}: {SCRIPT_LINK}"),
    ],
    ids=["missing page", "missing anchor", "outside docs", "attribute list", "script link"],
)
def test_assignment_instructions_are_checked_at_their_line(site, instructions, fault):
    site.write("case.yml", VALID)
    folder = site.root / "scenarios" / "assignments"
    folder.mkdir()
    (folder / "week-1.yml").write_text(ASSIGNMENT.format(instructions=instructions))
    assert check(site) == (1, [f"scenarios/assignments/week-1.yml:3: {fault}"])


def test_assignment_instructions_are_rendered_sanitised_with_links_to_built_pages(site):
    site.write("case.yml", VALID)
    folder = site.root / "scenarios" / "assignments"
    folder.mkdir()
    (folder / "week-1.yml").write_text(ASSIGNMENT.format(instructions="See [limits](../ethics/confidentiality.md#limits), *think*, then [play](../scenarios/case.md)."))
    page = generated_pages(site.load())["assignments/week-1.md"]
    assert '<a href="../../ethics/confidentiality/#limits">limits</a>, <em>think</em>, then <a href="../../scenarios/case/">play</a>.' in page.standalone()
    assert "markdown>" not in page.content.split("sup-instructions")[1].split("</div>")[0]


def test_an_emoji_in_a_title_keeps_the_pages_title_and_tags(site):
    site.write("case.yml", replaced("title: A friend asks", "title: A friend asks 😀\ntags: [ethics, ✨ new]"))
    content = generated_pages(site.load())["scenarios/case.md"].content
    _, front = meta.get_data(content)
    assert front["title"] == "A friend asks 😀" and front["tags"] == ["ethics", "✨ new"]


@pytest.mark.parametrize(
    "description, expected",
    [
        ('0;url=https://evil.example/" http-equiv="refresh', "0;url=https://evil.example/&#34; http-equiv=&#34;refresh"),
        ("Six sessions of *Be Perfect*,\nand a pattern\n\nthat repeats & ends", "Six sessions of Be Perfect, and a pattern that repeats &amp; ends"),
    ],
)
def test_a_meta_description_is_one_escaped_line_of_plain_text(description, expected):
    assert meta_descriptions([description], renderer=TextRenderer()) == [expected]


def test_catalogue_summaries_are_the_engines_sanitised_html_not_markdown_for_mkdocs(site):
    """MkDocs would render a summary with every extension the site enables (attribute lists included)."""
    site.write("case.yml", replaced("summary: A sponsor asks about your client.", "summary: A sponsor asks about *your* client."))
    page = generated_pages(site.load())["scenarios/index.md"]
    assert "*your*" not in page.content
    assert "<p>A sponsor asks about <em>your</em> client.</p>" in page.standalone()
