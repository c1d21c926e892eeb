"""The built-in English word list: frequency and casing evidence for ~137k words.

Built by ``tools/build_english.py`` from wordfreq's frequencies and truecase's
casing counts, and shipped inside the package: nothing is downloaded at run
time. Stages use it as the weakest evidence, after the document and the corpus.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .rules import load_lines

__all__ = ["WordInfo", "english", "zipf"]


class WordInfo(NamedTuple):
    """Frequency (Zipf scale: 7 = "the", 3 = rare, 0 = unseen) and casing counts of a word."""

    zipf: float
    lower: int
    title: int
    upper: int
    other: int
    other_form: str

    @property
    def cased_total(self) -> int:
        return self.lower + self.title + self.upper + self.other


@lru_cache(maxsize=None)
def english() -> dict[str, WordInfo]:
    """Lower-cased word -> WordInfo (loaded once; immutable in use)."""
    table: dict[str, WordInfo] = {}
    for line in load_lines("english/words.tsv.gz"):
        w, z, lo, ti, up, ot, *form = line.split("\t")
        table[w] = WordInfo(float(z), int(lo), int(ti), int(up), int(ot), form[0] if form else "")
    return table


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (case-folded); 0.0 when unknown."""
    info = english().get(word.lower())
    return info.zipf if info else 0.0
