"""The record of changes: edits replay onto the input and undo back to it."""

import pytest

from textfix import Edit, apply_edits, clean, unapply_edits


def test_apply_and_unapply_steps():
    text = "abc def ghi"
    edits = [
        Edit("s", "r", 0, 3, "abc", "ABCD", "why", 1.0, 1),
        Edit("s", "r", 8, 11, "ghi", "", "why", 1.0, 1),
        Edit("t", "r", 0, 0, "", ">", "why", 1.0, 2),  # indexes the text after step 1
    ]
    out = apply_edits(text, edits)
    assert out == ">ABCD def "
    assert unapply_edits(out, edits) == text


def test_edit_that_does_not_fit_is_refused():
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit("s", "r", 0, 1, "x", "y", "why")])


def test_encoding_edit_is_explained_and_reversible():
    src = "The cafÃ© &amp; bar\x07 is open."
    r = clean(src, only=["encoding"])
    assert r.text == "The café & bar is open."
    assert all(e.stage == "encoding" and e.reason.startswith("ftfy") for e in r.edits)
    assert apply_edits(src, r.edits) == r.text
    assert r.original() == src
