"""Generated Markdown: links, practise lists, and data that survives the trip into HTML."""

from __future__ import annotations

import json
import posixpath
import multiprocessing
import threading
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sample_project import VALID
from scenario_engine import pages, parallel
from scenario_engine.pages import generated_pages
from scenario_engine.parallel import worker_count
from scenario_engine.render import PractiseLists
from scenario_engine.templating import SourceLinks, relative_link, relative_path


_SEGMENT = st.sampled_from(["a", "b", "scenarios", "map", "index.html", "x.md"])


@given(target=st.lists(_SEGMENT, max_size=4), start=st.lists(_SEGMENT, max_size=4), slash=st.booleans())
def test_relative_path_is_posix_relpath(target, start, slash):
    """Links are worked out without the file system, exactly as ``posixpath.relpath`` would."""
    target_path, start_path = "/".join(target) + ("/" if slash and target else ""), "/".join(start) or "."
    assert relative_path(target_path, start_path) == posixpath.relpath(target_path or ".", start_path)


def test_relative_links():
    assert relative_link(from_page="scenarios/case.md", to_page="ethics/referral.md#urgent-risk") == "../ethics/referral.md#urgent-risk"
    assert relative_link(from_page="ethics/referral.md", to_page="scenarios/case.md") == "../scenarios/case.md"
    assert relative_link(from_page="index.md", to_page="scenarios/index.md") == "scenarios/index.md"


def test_practise_list_on_named_pages_and_their_section_index(project):
    project.write("case.yml", VALID)
    (project.root / "docs" / "ethics" / "index.md").write_text("# Ethics\n")
    (project.root / "docs" / "other.md").write_text("# Other\n")
    loaded = project.load()
    practise = PractiseLists(loaded)
    named = practise.for_page("ethics/confidentiality.md").standalone()
    assert "## Practise this { #practise-this }" in named
    assert '<li><a href="../../scenarios/case/">A friend asks</a> (intermediate, about 8 minutes)</li>' in named
    assert 'href="../scenarios/case/"' in practise.for_page("ethics/index.md").standalone()
    assert practise.for_page("other.md") is None
    for_zensical = PractiseLists(loaded, urls=SourceLinks()).for_page("ethics/confidentiality.md").standalone()
    assert '<a href="../scenarios/case.md">A friend asks</a>' in for_zensical, "the export links source files"


class _DataAttribute(HTMLParser):
    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "data-scn" in values:
            self.data = json.loads(values["data-scn"])


def test_player_data_survives_quotes_and_angle_brackets_in_text(project):
    project.write("case.yml", VALID.replace("title: A friend asks", "title: 'It''s \"fine\" & > fine'"))
    page = generated_pages(project.load())["scenarios/case.md"]
    html = markdown.markdown(page.standalone().split("---", 2)[2], extensions=["md_in_html", "attr_list"])
    parser = _DataAttribute()
    parser.feed(html)
    assert parser.data["title"] == "It's \"fine\" & > fine"
    assert parser.data["format"] == 2
    assert "best" not in parser.data, "the player computes what a route made available"
    assert parser.data["nodes"]["dinner"]["choices"][1] == {"next": "leaked", "scores": {"confidentiality": -1, "referral": 1}, "sets": [], "if": [], "unless": [], "caps": None}
    assert parser.data["nodes"]["dinner"]["label"] == "Moment 1"
    assert parser.data["nodes"]["held-line"] == {"label": "Ending", "outcome": "strong", "debrief": [{"if": [], "unless": []}], "choices": []}


def test_every_node_is_a_section_with_a_numbered_anchor_and_choices_link_to_targets(project):
    project.write("case.yml", VALID)
    html = markdown.markdown(generated_pages(project.load())["scenarios/case.md"].standalone().split("---", 2)[2], extensions=["md_in_html", "attr_list"])
    for number, node in enumerate(("dinner", "held-line", "leaked"), start=1):
        assert f'data-node="{node}"' in html
        assert f'id="moment-{number}"' in html
    assert '<a href="#moment-2">Decline kindly</a>' in html
    assert 'data-outcome="strong"' in html
    assert '<h3 class="scn-node-title">Moment 1</h3>' in html
    assert 'id="node-' not in html and 'href="#node-' not in html and "Held line" not in html, "node ids never reach the page as text or anchors"


@pytest.mark.skipif(worker_count(2, per_worker=1) < 2, reason="needs two cores to start workers")
def test_pages_rendered_by_forked_workers_equal_those_rendered_here(project, monkeypatch):
    for index in range(4):
        project.write(f"case-{index}.yml", VALID.replace("title: A friend asks", f"title: Case {index}"))
    loaded = project.load()
    here = generated_pages(loaded)
    monkeypatch.setattr(pages, "SCENARIOS_PER_WORKER", 1)
    # other tests leave server threads running; this one forks from a known state on purpose
    monkeypatch.setattr(pages, "fork_context", lambda: multiprocessing.get_context("fork"))
    started = []
    real_pool = pages.ProcessPoolExecutor
    monkeypatch.setattr(pages, "ProcessPoolExecutor", lambda **kwargs: started.append(kwargs) or real_pool(**kwargs))
    forked = generated_pages(loaded)
    assert started, "workers rendered the scenario pages"
    assert list(forked) == list(here), "same pages, same order"
    assert forked == here
    assert pages._inherited is None, "the workers' inheritance is not kept after rendering"


def test_no_fork_from_a_process_with_threads():
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)  # as mkdocs serve's file watcher
    watcher.start()
    try:
        assert parallel.fork_context() is None
    finally:
        stop.set()
        watcher.join()
