"""The shipped English word table."""

from __future__ import annotations

import gc

from textfix.wordlist import WordInfo, english, zipf


def test_rows_read_as_wordinfo():
    words = english()
    info = words.get("the")
    assert isinstance(info, WordInfo) and info.zipf > 6 and info.lower > info.title
    assert words["the"] == info and "the" in words and "the" in words.keys()
    assert words.get("qqqxqqq") is None and "qqqxqqq" not in words
    assert zipf("The") == info.zipf
    assert len(words) == len(list(words)) > 100_000


def test_rows_are_not_walked_by_the_garbage_collector():
    # A full collection walks every tracked object: 137k namedtuple rows cost a tenth of a long run.
    words = english()
    gc.collect()
    sample = [words._rows[w] for w in list(words)[:1000]]
    assert not any(gc.is_tracked(row) for row in sample)
