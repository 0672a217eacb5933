"""Generated pages: finished HTML kept packed until it goes in, and placeholders filled once."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_engine.generated import GeneratedPage, PackedHtml, fill_placeholders, placeholder


@given(st.text())
def test_packed_html_gives_back_exactly_what_went_in(html):
    packed = PackedHtml.pack(html)
    assert str(packed) == html
    assert str(pickle.loads(pickle.dumps(packed))) == html, "workers hand pages back as pickles"


def test_a_large_case_is_held_in_a_fraction_of_its_size():
    case = "<section class=\"scn-node\"><p>Maya says “I’m fine” – and looks away.</p></section>\n" * 2000
    assert len(PackedHtml.pack(case).data) < len(case.encode()) / 5


def test_standalone_and_fragments_unpack_what_goes_in_after_search():
    page = GeneratedPage("a <!--scenario-engine:s--> b <!--scenario-engine:u-->", searchable={placeholder("s"): "<p>S</p>"}, unsearched={placeholder("u"): PackedHtml.pack("<p>U · “x”</p>")})
    assert page.standalone() == "a <p>S</p> b <div data-search-exclude>\n<p>U · “x”</p>\n</div>"
    assert page.fragments == {placeholder("s"): "<p>S</p>", placeholder("u"): "<p>U · “x”</p>"}


@pytest.mark.parametrize("html", ["no marker", "<!--m--> twice <!--m-->"])
def test_a_placeholder_not_there_exactly_once_is_refused_by_name(html):
    with pytest.raises(ValueError, match=r"^page\.md: expected the marker <!--m--> once in the page, found it [02] times$"):
        fill_placeholders(html, {"<!--m-->": PackedHtml.pack("x")}, where="page.md")
    assert fill_placeholders("<!--m-->!<!--n-->", {"<!--m-->": PackedHtml.pack("x"), "<!--n-->": "y"}, where="page.md") == "x!y"
