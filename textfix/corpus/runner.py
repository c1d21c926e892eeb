"""The two-pass corpus runner: evidence by a map and a reduce, cleaning by a map.

Pass 1 observes every document (a map) and merges the observations into one
Lexicon (a reduce by addition); the same map computes each document's compact
near-duplicate :class:`~textfix.corpus.neardup.Signature`. Near-duplicates are
then decided in one place, on the signatures alone. Pass 2 reads the inputs
again and cleans every document against the merged Lexicon (a pure map).

Nothing holds the corpus: documents stream through both passes (a source is
read twice), and only the lexicon and the signatures stay in memory (a dozen
bytes a document; their band keys and samples wait in temporary files). Both maps run serially or on a process pool with a
bounded window of work in flight; results come back in input order and are
identical for any number of workers, because every decision is made on
order-free data (sums of counters, signatures sorted by input position).
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import Counter, deque
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar, Union

from ..config import Config
from ..document import Document
from ..edits import Result
from ..io.writers import signals_blocked, unblock_signals
from ..lexicon import Lexicon
from ..pipeline import Pipeline
from ..quality import artifact_score
from .neardup import Duplicate, Signature, SignatureStore, Signatures, decide, needs_score, signature, verify

__all__ = ["CorpusRunner", "Source", "dropped_result"]

T = TypeVar("T")
U = TypeVar("U")

#: Documents to clean: a sequence (read twice), or a function returning a fresh iterable on each call.
Source = Union[Sequence[Document], Callable[[], Iterable[Document]]]

#: Documents per task sent to a worker process.
BATCH = 16

# Per-worker state, set once by the pool initializer (never read in the parent process).
_worker: dict[str, Any] = {}


def _init_worker(config: Config, lexicon: Lexicon | None) -> None:
    _worker["pipeline"] = Pipeline(config)
    _worker["config"] = config
    _worker["lexicon"] = lexicon


def _init_pool_worker(config: Config, lexicon: Lexicon | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the run cleanly and
    # terminates the pool; a worker must not die on its own with a KeyboardInterrupt traceback.
    # A forked worker also inherits the CLI's SIGTERM handler (which raises KeyboardInterrupt to stop
    # cleanly): a worker should just end, as the pool's terminate() expects.
    #
    # The pool starts inside signals_blocked() (see CorpusRunner._map), so its threads, and every worker they
    # fork, hold Ctrl-C and SIGTERM until here: a pool forks a replacement for a worker that a signal killed
    # at any time, and the child starts with its parent's Python handlers, when the parent is writing a file
    # the one that only takes note (interrupts_deferred). The pool's terminate() could then send its SIGTERM
    # before this initializer restored the default, the note-taking handler swallowed it, and the parent
    # waited for the child for ever (seen under load: a Ctrl-C'd -j 2 run never exiting). Held, the signal
    # is delivered when unblocked below, and ends the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    unblock_signals()
    _init_worker(config, lexicon)


def _evidence(batch: list[tuple[int, Document]]) -> list[tuple[dict[str, Counter], Signature | None]]:
    """Pass 1 for a batch: each document's observations and near-duplicate signature."""
    pipeline: Pipeline = _worker["pipeline"]
    config: Config = _worker["config"]
    out = []
    for index, doc in batch:
        sig = signature(doc, index, config.dedup) if config.dedup.enabled else None
        out.append((pipeline.observe(doc), sig))
    return out


def _signatures(batch: list[tuple[int, Document]]) -> list[Signature]:
    config: Config = _worker["config"]
    return [signature(doc, index, config.dedup) for index, doc in batch]


def _scores(batch: list[tuple[int, Document]]) -> list[tuple[int, float, str]]:
    return [(index, artifact_score(doc.text), doc.id) for index, doc in batch]


def _clean(batch: list[tuple[Document, Duplicate | None]]) -> list[Result]:
    pipeline: Pipeline = _worker["pipeline"]
    lexicon: Lexicon | None = _worker["lexicon"]
    return [dropped_result(doc, dup) if dup is not None else pipeline.run(doc, lexicon) for doc, dup in batch]


def dropped_result(doc: Document, dup: Duplicate) -> Result:
    """The Result of a document dropped as a near-duplicate: not cleaned (it is not written)."""
    return Result(doc.text, [], [], {"duplicate_similarity": dup.similarity, "duplicate_jaccard": dup.jaccard},
                  doc.id, doc.lang, dup.kept_id, dict(doc.metadata))


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class CorpusRunner:
    """Clean a corpus of Documents with shared evidence; ``jobs`` processes.

    After :meth:`run`, :attr:`duplicates` lists the documents dropped as
    near-duplicates (with the kept document and the similarity).
    """

    def __init__(self, config: Config, jobs: int = 1) -> None:
        self.config = config
        self.jobs = max(1, int(jobs))
        self.duplicates: list[Duplicate] = []
        #: Documents seen by the last :meth:`find_duplicates`.
        self.n_docs = 0
        self._warm = False

    # ------------------------------------------------------------------ the ordered, bounded map

    def _map(self, fn: Callable[[list[T]], list[U]], items: Iterable[T], lexicon: Lexicon | None) -> Iterator[U]:
        if self.jobs == 1:
            _init_worker(self.config, lexicon)
            try:
                for batch in _batches(items, BATCH):
                    yield from fn(batch)
            finally:
                _worker.clear()
            return
        # fork where the platform has it: workers start in milliseconds and inherit the lexicon instead of
        # unpickling it (spawn elsewhere). Stages keep no state, so both give the same results.
        methods = multiprocessing.get_all_start_methods()
        fork = "fork" in methods and sys.platform != "darwin"
        if fork and not self._warm and fn in (_evidence, _clean):  # rules loaded once, inherited by workers
            Pipeline(self.config).run(Document("warm-up", "Warm up the rules and the word lists, once.\n"))
            self._warm = True
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        with signals_blocked():  # for the pool's threads and workers (see _init_pool_worker)
            pool = ctx.Pool(self.jobs, _init_pool_worker, (self.config, lexicon))
        with pool:
            # Pool.imap would read the whole input ahead; a window keeps memory bounded.
            window: deque = deque()
            for batch in _batches(items, BATCH):
                window.append(pool.apply_async(fn, (batch,)))
                if len(window) >= 2 * self.jobs:
                    yield from window.popleft().get()
            while window:
                yield from window.popleft().get()

    # ------------------------------------------------------------------ the passes

    def evidence(self, docs: Iterable[Document]) -> tuple[Lexicon, SignatureStore]:
        """Pass 1: the corpus evidence and the near-duplicate signatures (their samples on disk)."""
        total = Lexicon()
        sigs = SignatureStore(self.config.dedup)
        cap = self.config.max_evidence_keys
        for obs, sig in self._map(_evidence, enumerate(docs), None):
            total.update(obs)
            total.bound(cap)  # in input order: the same evidence for any number of workers
            if sig is not None:
                sigs.append(sig)
        return total, sigs

    def lexicon(self, docs: Iterable[Document]) -> Lexicon:
        """Pass 1 without near-duplicates: the corpus evidence only."""
        return self.evidence(docs)[0]

    def decide(self, sigs: Signatures, docs: Source) -> list[Duplicate]:
        """Near-duplicates from the signatures; ``docs`` is read again to score the candidates alone."""
        if not self.config.dedup.enabled:
            return []
        matches = verify(sigs, self.config.dedup)
        need = needs_score(matches)
        if not need:
            return []
        fresh = _fresh(docs)
        scored = list(self._map(_scores, ((i, d) for i, d in enumerate(fresh()) if i in need), None))
        scores = {i: score for i, score, _ in scored}
        ids = {i: doc_id for i, _, doc_id in scored}
        return decide(sigs, self.config.dedup, scores, matches, ids)

    def find_duplicates(self, docs: Source) -> list[Duplicate]:
        """Near-duplicate documents alone (``textfix dedup``): signatures, then decisions."""
        fresh = _fresh(docs)
        sigs = SignatureStore(self.config.dedup)
        for sig in self._map(_signatures, enumerate(fresh()), None):
            sigs.append(sig)
        self.n_docs = len(sigs)
        self.duplicates = self.decide(sigs, fresh)
        sigs.close()
        return self.duplicates

    def clean(self, docs: Iterable[Document], lexicon: Lexicon | None,
              duplicates: Sequence[Duplicate] = ()) -> Iterator[Result]:
        """Pass 2: clean every document (the dropped ones are passed through, marked)."""
        by_index = {d.index: d for d in duplicates}
        items = ((doc, by_index.get(i)) for i, doc in enumerate(docs))
        yield from self._map(_clean, items, lexicon)

    def run(self, docs: Source) -> Iterator[Result]:
        """Both passes over ``docs`` (read twice; a third time, partly, when there are duplicates)."""
        fresh = _fresh(docs)
        stream = iter(fresh())
        head = list(islice(stream, 2))
        if len(head) < 2:
            # One document is no corpus: no evidence to gather (a document is not its own evidence)
            # and nothing to be a duplicate of. Clean it as read, without reading it twice.
            self.duplicates = []
            yield from self.clean(head, None)
            return
        lexicon, sigs = self.evidence(chain(head, stream))
        self.duplicates = self.decide(sigs, fresh)
        sigs.close()
        del sigs  # pass 2 streams on: the band keys are not needed any more
        yield from self.clean(fresh(), lexicon if lexicon.n_docs > 1 else None, self.duplicates)


def _fresh(docs: Source) -> Callable[[], Iterable[Document]]:
    return docs if callable(docs) else (lambda: docs)  # type: ignore[return-value]
