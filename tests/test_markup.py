"""The markup stage: markers go, the words they wrap stay, look-alikes are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

import textfix
from textfix.rules import load_toml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markup"


def markup(text: str, **options) -> textfix.Result:
    return textfix.clean(text, only=["markup"], **options)


@pytest.mark.parametrize("example", load_toml("markup.toml")["examples"], ids=lambda e: e["rule"])
def test_each_rule_matches_its_own_example(example):
    r = markup(example["before"])
    assert r.text == example["after"]
    assert {e.rule for e in r.edits} == {example["rule"]}
    assert r.original() == example["before"]


@pytest.mark.parametrize("name", sorted(p.name[:-7] for p in FIXTURES.glob("*.in.txt")))
def test_golden_fixture(name):
    src = (FIXTURES / f"{name}.in.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / f"{name}.out.txt").read_text(encoding="utf-8")
    assert src != expected
    assert markup(src).text == expected


def test_emphasis_edits_remove_only_the_markers():
    r = markup("Alaska **seemed** to be *very* open.")
    assert r.text == "Alaska seemed to be very open."
    assert [e.before for e in r.edits] == ["**", "**", "*", "*"]
    assert all(e.after == "" for e in r.edits)


@pytest.mark.parametrize("text", [
    "2*3*4 = 24 and a*b*c too",
    "the my_var_name and other_name_here identifiers",
    "* first item\n* second item",
    "Prices* exclude tax*.",
    "a ** b ** c",
    "the file name is report_2024_final_.txt",
    "see http://example.com/a_b_c and user_name@example.com",
    "obj.__dict__ and __init__(self)",
    "footnote*\n*Figures are estimates",
    "the __del__ method and | |-- __init__.py",
    "by -_TheLordHelix_-",
    "Save 20%* on items.* Terms apply, x = 2*3.*4 and see footnote.* And then*",
])
def test_emphasis_look_alikes_are_left_alone(text):
    assert markup(text).edits == []


def test_emphasis_is_kept_for_markdown_or_when_switched_off():
    text = "Alaska **seemed** to be *open*."
    assert markup(text, format="markdown").edits == []
    assert markup(text, markup={"strip_emphasis": False}).edits == []


@pytest.mark.parametrize("text", [
    "if a < b and c > d then",
    "write to <email@example.com> today",
    "x<b and c>d",
    "press <Enter> to go on",
    "the <unknown> tag and <3 hearts",
    "a <br and c=d",
])
def test_html_look_alikes_are_left_alone(text):
    assert markup(text).edits == []


def test_html_tags_keep_words_apart_and_spacing_single():
    assert markup("line<br>next").text == "line next"
    assert markup("Hi <br> there").text == "Hi there"
    assert markup("<p> Text</p>\n<div class='x'>More</div>").text == "Text\nMore"
    assert markup("a <B>bold</B> move").text == "a bold move"


def test_html_switch():
    assert markup("a<br>b", markup={"strip_html_tags": False}).edits == []


@pytest.mark.parametrize("text", [
    "Name | Age | City\nBob | 31 | Kyiv\n",
    "| Name | Age |\n|---|---|\n| Bob | 31 |\n",
    "the value |x| is small\n",
    "| |\n",
    "Home | About | Contact |\n",
])
def test_real_tables_and_pipes_in_words_are_left_alone(text):
    assert markup(text).edits == []


def test_table_pipes_keep_line_endings():
    assert markup("end of war. | |\r\nPosted by: X |\r\n").text == "end of war.\r\nPosted by: X\r\n"
    assert markup("a | |", markup={"strip_table_pipes": False}).edits == []
