"""Corpus evidence, gathered in a first pass and shared by every document's cleaning.

A :class:`Lexicon` is a bag of named counters (for example casing counts of each
word in trusted mid-sentence positions, or how many documents hold each line).
Lexicons merge by addition, so pass 1 is a map whose results reduce with ``+``:
the same code runs on one core, on a process pool or on a Dask cluster and
gives the same evidence, whatever the order or partitioning.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

__all__ = ["Lexicon"]


@dataclass
class Lexicon:
    """Evidence from ``n_docs`` documents: ``counters[namespace][key] -> count``."""

    n_docs: int = 0
    counters: dict[str, Counter] = field(default_factory=dict)

    def counter(self, namespace: str) -> Counter:
        """The counter of one namespace (empty if nothing was observed)."""
        return self.counters.get(namespace) or Counter()

    def __add__(self, other: "Lexicon") -> "Lexicon":
        if not isinstance(other, Lexicon):
            return NotImplemented
        merged: dict[str, Counter] = {k: Counter(v) for k, v in self.counters.items()}
        for k, v in other.counters.items():
            merged.setdefault(k, Counter()).update(v)
        return Lexicon(self.n_docs + other.n_docs, merged)

    __radd__ = lambda self, other: self if other == 0 else self.__add__(other)  # noqa: E731  (sum())

    def update(self, observations: Mapping[str, Counter], n_docs: int = 1) -> None:
        """Add one document's observations in place (the serial form of ``+``)."""
        for k, v in observations.items():
            if v:
                self.counters.setdefault(k, Counter()).update(v)
        self.n_docs += n_docs

    @classmethod
    def from_observations(cls, observations: Mapping[str, Counter], n_docs: int = 1) -> "Lexicon":
        return cls(n_docs, {k: Counter(v) for k, v in observations.items() if v})

    @classmethod
    def merge(cls, lexicons: Iterable["Lexicon"]) -> "Lexicon":
        total = cls()
        for lex in lexicons:
            for k, v in lex.counters.items():
                total.counters.setdefault(k, Counter()).update(v)
            total.n_docs += lex.n_docs
        return total
