"""The encoding stage's shortcuts agree with ftfy: skipping a line never changes what ftfy would do."""

from __future__ import annotations

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Config, Document
from textfix.pipeline import Pipeline
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
