"""The two-pass corpus runner: evidence by a map and a reduce, cleaning by a map.

Pass 1 observes every document (a map) and merges the observations into one
Lexicon (a reduce by addition). Near-duplicate documents are decided on the
inputs. Pass 2 cleans every document against the merged Lexicon (a pure map).
Both maps run serially or on a process pool; results come back in input order
and are identical for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from ..config import Config
from ..document import Document
from ..edits import Result
from ..lexicon import Lexicon
from ..pipeline import Pipeline
from .neardup import find_near_duplicates

__all__ = ["CorpusRunner"]

T = TypeVar("T")
U = TypeVar("U")

# Per-worker state, set once by the pool initializer (never read in the parent process).
_worker: dict[str, object] = {}


def _init_worker(config: Config, lexicon: Lexicon | None) -> None:
    _worker["pipeline"] = Pipeline(config)
    _worker["lexicon"] = lexicon


def _init_pool_worker(config: Config, lexicon: Lexicon | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the run cleanly and
    # terminates the pool; a worker must not die on its own with a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(config, lexicon)


def _observe(doc: Document) -> dict[str, Counter]:
    return _worker["pipeline"].observe(doc)  # type: ignore[union-attr]


def _clean(doc: Document) -> Result:
    return _worker["pipeline"].run(doc, _worker["lexicon"])  # type: ignore[union-attr,arg-type]


class CorpusRunner:
    """Clean a corpus of Documents with shared evidence; ``jobs`` processes."""

    def __init__(self, config: Config, jobs: int = 1) -> None:
        self.config = config
        self.jobs = max(1, int(jobs))
        self.pipeline = Pipeline(config)

    def _map(self, fn: Callable[[T], U], items: Iterable[T], lexicon: Lexicon | None) -> Iterator[U]:
        if self.jobs == 1:
            _init_worker(self.config, lexicon)
            try:
                yield from map(fn, items)
            finally:
                _worker.clear()
            return
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(self.jobs, _init_pool_worker, (self.config, lexicon)) as pool:
            yield from pool.imap(fn, items, chunksize=8)

    def lexicon(self, docs: Iterable[Document]) -> Lexicon:
        """Pass 1: the corpus evidence."""
        total = Lexicon()
        for obs in self._map(_observe, docs, None):
            total.update(obs)
        return total

    def run(self, docs: Sequence[Document]) -> Iterator[Result]:
        lexicon = self.lexicon(docs) if len(docs) > 1 else None
        dups = find_near_duplicates(docs, self.config.dedup) if self.config.dedup.enabled and len(docs) > 1 else {}
        for doc, result in zip(docs, self._map(_clean, docs, lexicon)):
            if doc.id in dups:
                kept, similarity = dups[doc.id]
                result.duplicate_of = kept
                result.stats["duplicate_similarity"] = round(similarity, 4)
            yield result
