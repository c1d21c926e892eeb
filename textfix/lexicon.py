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
    #: Counts up to this were dropped somewhere to bound memory (see :meth:`bound`); 0: nothing dropped.
    pruned: int = 0

    def counter(self, namespace: str) -> Counter:
        """The counter of one namespace (empty if nothing was observed)."""
        return self.counters.get(namespace) or Counter()

    def __add__(self, other: "Lexicon") -> "Lexicon":
        if not isinstance(other, Lexicon):
            return NotImplemented
        merged: dict[str, Counter] = {k: Counter(v) for k, v in self.counters.items()}
        for k, v in other.counters.items():
            merged.setdefault(k, Counter()).update(v)
        return Lexicon(self.n_docs + other.n_docs, merged, max(self.pruned, other.pruned))

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
            total.pruned = max(total.pruned, lex.pruned)
        return total

    @property
    def size(self) -> int:
        """Counted keys in all namespaces: what the evidence costs in memory (about 150 bytes each)."""
        return sum(len(c) for c in self.counters.values())

    def bound(self, max_keys: int) -> int:
        """Keep at most ``max_keys`` keys, dropping the rarest first; returns the keys dropped.

        Corpus evidence grows with the vocabulary of a stream. Once over the bound, keys seen once go,
        then those seen twice, and so on, until a quarter of the bound is free again (so that this runs
        rarely). Decisions rest on words seen several times, which stay; what is lost is the count of
        words seen once so far. The result depends only on the order the evidence arrives in, which the
        runner keeps fixed (input order) for any number of workers.
        """
        if not max_keys or self.size <= max_keys:
            return 0
        before = self.size
        target = max_keys * 3 // 4
        floor = 0
        while self.size > target:
            floor += 1
            for counter in self.counters.values():
                for key in [k for k, v in counter.items() if v <= floor]:
                    del counter[key]  # in place: a rebuilt copy would double the memory for a moment
        self.pruned = max(self.pruned, floor)
        return before - self.size

