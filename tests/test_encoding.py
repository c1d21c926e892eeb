"""The encoding stage's shortcuts agree with ftfy: skipping a line never changes what ftfy would do."""

from __future__ import annotations

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Config, Document
from textfix.pipeline import Pipeline
from textfix.stages import encoding
from textfix.stages.encoding import _windows, ftfy_config, ftfy_leaves_alone

FTFY = ftfy_config(Config().encoding)
# Characters ftfy cares about: mojibake pieces, entities, controls, ligatures, combining marks, line breaks.
ALPHABET = st.sampled_from(list("ab &;#x1Ã©â€™œ\u00a0\u0301eéñ\u2028\u2029\r\x85\x1b[m\x00\x7f\x9d\ufb01"
                                "ЖжΩ漢\u200b\u200e\ufeff\ud83d\ude00") + ["&amp;", "cafÃ©", "Ã ", "â€”"])
TEXT = st.lists(ALPHABET, max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
def test_prefilter_agrees_with_ftfy(text):
    if ftfy_leaves_alone(text):
        assert ftfy.fix_and_explain(text, FTFY)[0] == text


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_prefilter_agrees_with_ftfy_on_any_text(text):
    if ftfy_leaves_alone(text):
        assert ftfy.fix_and_explain(text, FTFY)[0] == text


def _branches(pattern):
    from re import _constants as C
    from re import _parser as P

    tree = P.parse(pattern.pattern, pattern.flags)
    assert len(tree) == 1 and tree[0][0] is C.BRANCH
    return C, tree[0][1][1]


def test_mojibake_detector_has_the_shape_the_shortcut_needs():
    """Every alternative of ftfy's detector needs a non-ASCII character and is at most _BADNESS_REACH long,
    and none looks beyond its match (no lookaround, no word boundary, no end anchor)."""
    C, branches = _branches(encoding.BADNESS_RE)

    def non_ascii_class(op, av):
        if op is C.LITERAL:
            return av > 127
        if op is C.IN and all(o in (C.LITERAL, C.RANGE) for o, _ in av):
            return all((a if o is C.LITERAL else a[0]) > 127 for o, a in av)
        return False

    for branch in branches:
        assert any(non_ascii_class(op, av) for op, av in branch), branch
        assert branch.getwidth()[1] <= encoding._BADNESS_REACH, branch
        for op, av in branch:
            assert op in (C.LITERAL, C.IN, C.ANY, C.MAX_REPEAT) or (op is C.AT and av is C.AT_BEGINNING), (op, av)


def test_the_shortcut_is_used_only_on_the_detector_it_was_checked_on():
    import hashlib

    checked = hashlib.sha256(encoding.BADNESS_RE.pattern.encode()).hexdigest() == encoding._BADNESS_CHECKED
    assert encoding._is_bad is (encoding._near_non_ascii_is_bad if checked else encoding.is_bad)


MOJIBAKE_TEXT = st.lists(st.sampled_from(list("ab AZ.,?!\u00a0\u2019ÃÂÎÐ©€œ¢°·»«–—´Ø٪ВГРСЂўé漢")
                                         + ["cafÃ©", "Ã ", "â€”", "a Ã ", " " * 9, "abcdefgh"]),
                         max_size=40).map("".join)


@settings(max_examples=3000, deadline=None)
@given(MOJIBAKE_TEXT)
def test_searching_near_non_ascii_characters_answers_as_ftfy(text):
    assert encoding._near_non_ascii_is_bad(text) == encoding.is_bad(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_searching_near_non_ascii_characters_answers_as_ftfy_on_any_text(text):
    assert encoding._near_non_ascii_is_bad(text) == encoding.is_bad(text)


def test_prefilter_skips_clean_non_english_lines():
    assert ftfy_leaves_alone("Der Zug fährt über die Brücke — schön.\n")
    assert ftfy_leaves_alone("Москва — столица России.\n")
    assert not ftfy_leaves_alone("The cafÃ© is open.\n")
    assert not ftfy_leaves_alone("Fish &amp; chips\n")


def test_windows_of_a_huge_line_cover_every_character_ftfy_might_change(monkeypatch):
    import textfix.stages.encoding as encoding

    monkeypatch.setattr(encoding, "_WINDOW", 50)
    line = "plain words " * 20 + "cafÃ© &amp; naïve " + "x" * 120 + "é" + "more words " * 10 + "é" * 130
    pieces = list(_windows(line, 7))
    end = 7
    for offset, piece in pieces:
        assert offset >= end and line[offset - 7:offset - 7 + len(piece)] == piece
        end = offset + len(piece)
    covered = {offset - 7 + i for offset, piece in pieces for i in range(len(piece))}
    assert all(i in covered for i, c in enumerate(line) if not c.isascii() or c == "&")
    assert all(len(piece) <= 50 + 64 for _, piece in pieces)


def test_a_huge_line_is_fixed_and_stays_fixed(monkeypatch):
    import textfix.pipeline as pipeline
    import textfix.stages.encoding as encoding

    monkeypatch.setattr(encoding, "_WINDOW", 200)
    monkeypatch.setattr(pipeline, "MAX_PARAGRAPH_CHARS", 200)
    text = ("word " * 60 + "cafÃ© &amp; naïve … ") * 20 + "\n"
    r = Pipeline().run(Document("d", text))
    assert "Ã" not in r.text and "&amp;" not in r.text and r.text.count("café & naïve") == 20
    assert Pipeline().run(Document("d", r.text)).text == r.text
