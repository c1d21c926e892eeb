"""The built-in English word list: frequency and casing evidence for ~137k words.

Built by ``tools/build_english.py`` from wordfreq's frequencies and truecase's
casing counts, and shipped inside the package: nothing is downloaded at run
time. Stages use it as the weakest evidence, after the document and the corpus.
"""

from __future__ import annotations

from array import array
from functools import lru_cache
from typing import Iterable, Iterator, KeysView, Mapping, NamedTuple

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
    """The word table in columns, each row read as a :class:`WordInfo`.

    A row as its own tuple cost a tuple, a float and up to four large ints, about 150 bytes beside its
    word; in columns (a row number, frequencies and counts in typed arrays, the rare other forms in a
    dict) it costs about 70, 11 MB less for the 137k words, held by every process for its whole life.
    The garbage collector sees no row (the dicts hold only strings and ints, the arrays raw numbers), as it
    saw none of the row tuples (137k WordInfo namedtuples were once walked by every full collection)."""

    __slots__ = ("_index", "_zipf", "_counts", "_forms")

    def __init__(self, lines: Iterable[str]) -> None:
        """From the rows of ``words.tsv``: word, zipf, lower, title, upper, other counts[, other form]."""
        self._index: dict[str, int] = {}
        self._zipf = array("d")
        self._counts = array("q")
        self._forms: dict[int, str] = {}
        for i, line in enumerate(lines):
            w, z, lo, ti, up, ot, *form = line.split("\t")
            self._index[w] = i
            self._zipf.append(float(z))
            self._counts.extend((int(lo), int(ti), int(up), int(ot)))
            if form and form[0]:
                self._forms[i] = form[0]

    def _row(self, i: int) -> WordInfo:
        c, j = self._counts, 4 * i
        return _new(WordInfo, (self._zipf[i], c[j], c[j + 1], c[j + 2], c[j + 3], self._forms.get(i, "")))

    def get(self, word: str, default: WordInfo | None = None) -> WordInfo | None:  # type: ignore[override]
        i = self._index.get(word)
        return default if i is None else self._row(i)

    def __getitem__(self, word: str) -> WordInfo:
        return self._row(self._index[word])

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def keys(self) -> KeysView[str]:
        """The words, as a view that answers ``in`` at C speed (for ``map(keys.__contains__, ...)``)."""
        return self._index.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


#: ``tuple.__new__(WordInfo, row)``: what ``WordInfo._make`` does, without its Python frame (a row per look-up).
_new = tuple.__new__


@lru_cache(maxsize=None)
def english() -> Words:
    """Lower-cased word -> WordInfo (loaded once; immutable in use)."""
    return Words(load_lines("english/words.tsv.gz"))


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (case-folded); 0.0 when unknown."""
    info = english().get(word.lower())
    return info.zipf if info else 0.0
