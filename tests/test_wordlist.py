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
    from array import array

    assert not gc.is_tracked(words._index) and not gc.is_tracked(words._forms)  # str -> int, int -> str
    assert isinstance(words._zipf, array) and isinstance(words._counts, array)  # raw numbers, no objects


def test_every_row_reads_back_as_the_file_has_it():
    # The table is kept in columns to save memory; each row must come back exactly as written.
    from textfix.rules import load_lines
    from textfix.wordlist import WordInfo

    words = english()
    lines = load_lines("english/words.tsv.gz")
    assert len(words) == len(lines)
    for line in lines:
        w, z, lo, ti, up, ot, *form = line.split("\t")
        want = WordInfo(float(z), int(lo), int(ti), int(up), int(ot), form[0] if form else "")
        assert words[w] == want and words.get(w) == want and w in words
