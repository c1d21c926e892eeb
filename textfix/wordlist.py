"""The built-in English word list: frequency and casing evidence for ~137k words.

Built by ``tools/build_english.py`` from wordfreq's frequencies and truecase's
casing counts, and shipped inside the package: nothing is downloaded at run
time. Stages use it as the weakest evidence, after the document and the corpus.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, KeysView, Mapping, NamedTuple

from .rules import load_lines

__all__ = ["WordInfo", "Words", "english", "zipf"]


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


class Words(Mapping[str, WordInfo]):
    """The word table, each row kept as a plain tuple and read as a :class:`WordInfo`.

    CPython stops tracking a tuple of strings and numbers for garbage collection;
    a namedtuple it tracks for ever, so 137k WordInfo rows were walked by every
    full collection of a long run (about a tenth of a pipeline's time).
    """

    __slots__ = ("_rows",)

    def __init__(self, rows: dict[str, tuple]) -> None:
        self._rows = rows

    def get(self, word: str, default: WordInfo | None = None) -> WordInfo | None:  # type: ignore[override]
        row = self._rows.get(word)
        return default if row is None else _make(row)

    def __getitem__(self, word: str) -> WordInfo:
        return _make(self._rows[word])

    def __contains__(self, word: object) -> bool:
        return word in self._rows

    def keys(self) -> KeysView[str]:
        """The words, as a view that answers ``in`` at C speed (for ``map(keys.__contains__, ...)``)."""
        return self._rows.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


_make = WordInfo._make


@lru_cache(maxsize=None)
def english() -> Words:
    """Lower-cased word -> WordInfo (loaded once; immutable in use)."""
    rows: dict[str, tuple] = {}
    for line in load_lines("english/words.tsv.gz"):
        w, z, lo, ti, up, ot, *form = line.split("\t")
        rows[w] = (float(z), int(lo), int(ti), int(up), int(ot), form[0] if form else "")
    return Words(rows)


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (case-folded); 0.0 when unknown."""
    info = english().get(word.lower())
    return info.zipf if info else 0.0
