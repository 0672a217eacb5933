"""Scenario texts rendered once: batches, labels, plain text, site links and the glossary."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from sample_project import VALID
from scenario_engine.templating import SiteUrls, lead
from scenario_engine.text_html import TextRenderer, inline_source, plain_text, render_scenario_html, site_text_renderer, unwrap_paragraph


def test_a_batch_comes_back_one_part_per_text_in_order():
    texts = ["First *moment*.", "- one\n- two", "> a quote\n\nand a paragraph", "Last."]
    parts = TextRenderer().render(texts)
    assert parts == [
        "<p>First <em>moment</em>.</p>",
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
        "<blockquote>\n<p>a quote</p>\n</blockquote>\n<p>and a paragraph</p>",
        "<p>Last.</p>",
    ]
    assert all(isinstance(part, Markup) for part in parts)


def test_a_text_that_ends_in_a_list_or_code_does_not_swallow_the_next():
    parts = TextRenderer().render(["1. first\n2. second", "    indented code", "After."])
    assert parts[0].startswith("<ol>") and parts[0].endswith("</ol>")
    assert parts[1] == "<pre><code>indented code\n</code></pre>"
    assert parts[2] == "<p>After.</p>"


def test_texts_holding_the_separator_or_swallowing_it_are_rendered_one_by_one():
    texts = ["a scenario-engine-next-text b", "*[engine]: x\n\nthe engine", "plain"]
    assert TextRenderer().render(texts) == ["<p>a scenario-engine-next-text b</p>", '<p>the <abbr title="x">engine</abbr></p>', "<p>plain</p>"]


@pytest.mark.parametrize(
    ("label", "html"),
    [
        ("Ask *why* now", "Ask <em>why</em> now"),
        ("- Stay quiet", "- Stay quiet"),
        ("1. Refer first", "1. Refer first"),
        ("# Say it plainly", "# Say it plainly"),
        ("> Quote her words", "&gt; Quote her words"),
        ("---", "---"),
    ],
)
def test_labels_are_one_line_of_inline_text_whatever_they_start_with(label, html):
    (rendered,) = TextRenderer().render([inline_source(label)])
    assert unwrap_paragraph(rendered) == html


def test_plain_text_keeps_paragraphs_and_list_items_and_drops_markup():
    (rendered,) = TextRenderer().render(['**Maya** says "fine" & nods -> yes.\n\n- one\n- two'])
    assert plain_text(rendered) == 'Maya says "fine" & nods -> yes.\n\n• one\n• two'


def test_lead_puts_a_bold_label_into_the_first_paragraph():
    assert lead(Markup("<p>It went well.</p>"), "Debrief.") == "<p><strong>Debrief.</strong> It went well.</p>"
    assert lead(Markup("<p>Knows when.</p>"), "Referral", ":") == "<p><strong>Referral</strong>: Knows when.</p>"
    assert lead(Markup("<ul>\n<li>x</li>\n</ul>"), "Feedback.") == "<p><strong>Feedback.</strong></p>\n<ul>\n<li>x</li>\n</ul>"
    assert lead(Markup("<p>x</p>"), "<i>") == "<p><strong>&lt;i&gt;</strong> x</p>"


def test_every_text_of_a_scenario_is_rendered(project):
    project.write("case.yml", VALID)
    scenario = project.load().scenarios["case"]
    html = render_scenario_html(scenario, renderer=TextRenderer())
    assert set(html.text) == set(scenario.nodes)
    choices = {(node.id, choice.index) for node in scenario.nodes.values() for choice in node.choices}
    assert set(html.label) == choices
    assert html.label[("dinner", 0)] == "Decline kindly"
    assert html.text["dinner"] == "<p>\"How is Sam?\" asks Priya.</p>"
    assert html.feedback[("dinner", 0)] == "<p>Good.</p>" and ("dinner", 1) not in html.feedback
    assert html.debrief == {"held-line": ("<p>Well held.</p>",)}
    assert html.objectives == ("Hold the line.",)
    assert html.summary == "<p>A sponsor asks about your client.</p>"


def test_the_site_glossary_reaches_scenario_text():
    renderer = site_text_renderer(
        extensions=["abbr", "toc", "md_in_html", "attr_list", "pymdownx.snippets"],
        extension_configs={"abbr": {"glossary": {"TA": "Transactional analysis"}}, "pymdownx.snippets": {"base_path": ["includes"]}, "toc": {"permalink": True}},
    )
    (first,) = renderer.render(["She has read about TA.\n\n## A heading {: #x onclick=\"y\" }"])
    (second,) = renderer.render(["TA again, in a later conversion."])
    assert '<abbr title="Transactional analysis">TA</abbr>' in first
    assert '<abbr title="Transactional analysis">TA</abbr>' in second, "resetting the converter between conversions keeps the glossary"
    assert "headerlink" not in first, "toc is a page extension, not a text one"
    assert "onclick" not in first.replace('{: #x onclick="y" }', ""), "attr_list is never loaded for text"


@pytest.mark.parametrize(
    ("directory_urls", "from_page", "to_page", "href"),
    [
        (True, "scenarios/case.md", "scenarios/index.md", "../"),
        (True, "scenarios/case.md", "scenarios/case/map.md", "map/"),
        (True, "scenarios/case/map.md", "ethics/referral.md#urgent-risk", "../../../ethics/referral/#urgent-risk"),
        (True, "scenarios/case.md", "index.md", "../../"),
        (False, "scenarios/case.md", "scenarios/case/map.md", "case/map.html"),
        (False, "scenarios/case/map.md", "ethics/index.md#a", "../../ethics/index.html#a"),
    ],
)
def test_site_urls_follow_mkdocs_rules(directory_urls, from_page, to_page, href):
    assert SiteUrls(directory_urls=directory_urls).link(from_page=from_page, to_page=to_page) == href
