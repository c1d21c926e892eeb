"""The two-pass pipeline over a ``dask.bag``, on any ``dask.distributed`` cluster.

The same decomposition as :mod:`textfix.corpus.runner`, with Dask doing the
moving:

* pass 1 is a reduction: each partition observes its documents (a Lexicon)
  and signs them for near-duplicates; partitions merge in partition order, so
  the evidence is the serial run's, counter for counter;
* near-duplicates are decided on the client from the gathered signatures (a
  few hundred bytes a document) with the serial code, so the same documents
  are dropped whatever the partitioning — simpler than banding through a
  shuffle, and correct by construction;
* pass 2 is a map over partitions with the lexicon shipped once to the workers.

Results come back partition by partition, in input order, a bounded number of
partitions in flight. Needs the ``dask`` extra (``pip install textfix[dask]``).
"""

from __future__ import annotations

from collections import deque
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import dask
import dask.bag as db

from .config import Config
from .corpus.neardup import Duplicate, Signature, decide, needs_score, signature, verify
from .corpus.runner import dropped_result
from .document import Document
from .edits import Result
from .lexicon import Lexicon
from .pipeline import Pipeline

__all__ = ["index_bag", "from_documents", "from_text_files", "evidence", "duplicates_of", "clean_bag", "run"]


# ----------------------------------------------------------------------------- building the bag


def _offset(part: Iterable[Any], start: int) -> list[tuple[int, Any]]:
    return [(start + i, x) for i, x in enumerate(part)]


def _count(part: Iterable[Any]) -> int:
    return sum(1 for _ in part)


def index_bag(bag: db.Bag) -> db.Bag:
    """``(position, item)`` for every item: positions are global, so ties break as in a serial run."""
    parts = bag.to_delayed()
    sizes = dask.compute(*[dask.delayed(_count)(p) for p in parts])
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    return db.from_delayed([dask.delayed(_offset)(p, s) for p, s in zip(parts, starts)])


def from_documents(docs: Sequence[Document], npartitions: int | None = None) -> db.Bag:
    """A bag of ``(position, Document)``."""
    return db.from_sequence(list(enumerate(docs)), npartitions=npartitions)


def _read(item: tuple[int, tuple[str, str]]) -> tuple[int, Document]:
    from .io.readers import read_text_file

    index, (path, display) = item
    return index, read_text_file(Path(path), display)


def from_text_files(paths: Sequence[tuple[str, str]], npartitions: int | None = None) -> db.Bag:
    """A bag of ``(position, Document)`` read *on the workers* from ``(path, display name)`` pairs.

    Every worker must see the files under the same paths (a shared filesystem).
    """
    return db.from_sequence(list(enumerate(paths)), npartitions=npartitions).map(_read)


# ----------------------------------------------------------------------------- the passes


def _observe_partition(part: Iterable[tuple[int, Document]], config: Config) -> tuple[Lexicon, list[Signature]]:
    pipeline = Pipeline(config)
    lexicon = Lexicon()
    sigs = []
    for index, doc in part:
        lexicon.update(pipeline.observe(doc))
        lexicon.bound(config.max_evidence_keys)
        if config.dedup.enabled:
            sigs.append(signature(doc, index, config.dedup))
    return lexicon, sigs


def _merge(parts: Iterable[tuple[Lexicon, list[Signature]]], config: Config) -> tuple[Lexicon, list[Signature]]:
    # Under ``max_evidence_keys`` the merged evidence equals the serial run's. Beyond it, each partition
    # drops its own rarest keys, so which once-seen words are remembered depends on the partitioning.
    parts = list(parts)
    lexicon = Lexicon.merge(p[0] for p in parts)
    lexicon.bound(config.max_evidence_keys)
    return lexicon, [s for p in parts for s in p[1]]


def evidence(bag: db.Bag, config: Config) -> tuple[Lexicon, list[Signature]]:
    """Pass 1 on the cluster: the merged corpus evidence and every near-duplicate signature."""
    return bag.reduction(partial(_observe_partition, config=config), partial(_merge, config=config),
                         split_every=False).compute()


def _score(item: tuple[int, Document]) -> tuple[int, float, str]:
    from .quality import artifact_score

    return item[0], artifact_score(item[1].text), item[1].id


def _needed(item: tuple[int, Document], need: frozenset[int]) -> bool:
    return item[0] in need


def duplicates_of(bag: db.Bag, sigs: list[Signature], config: Config) -> list[Duplicate]:
    """Near-duplicates decided on the client; the candidates' artifact scores computed on the cluster."""
    if not config.dedup.enabled:
        return []
    matches = verify(sigs, config.dedup)
    need = needs_score(matches)
    if not need:
        return []
    scored = bag.filter(partial(_needed, need=frozenset(need))).map(_score).compute()
    scores = {i: score for i, score, _ in scored}
    ids = {i: doc_id for i, _, doc_id in scored}
    return decide(sigs, config.dedup, scores, matches, ids)


def _clean_partition(part: Iterable[tuple[int, Document]], config: Config, lexicon: Lexicon | None,
                     dropped: dict[int, Duplicate]) -> list[Result]:
    pipeline = Pipeline(config)
    out = []
    for index, doc in part:
        dup = dropped.get(index)
        out.append(dropped_result(doc, dup) if dup is not None else pipeline.run(doc, lexicon))
    return out


def clean_bag(bag: db.Bag, config: Config, lexicon: Lexicon | None,
              duplicates: Sequence[Duplicate] = ()) -> db.Bag:
    """Pass 2 as a lazy bag of Results (in input order)."""
    lex = dask.delayed(lexicon, traverse=False)
    drops = dask.delayed({d.index: d for d in duplicates}, traverse=False)
    return bag.map_partitions(_clean_partition, config, lex, drops)


def run(bag: db.Bag, config: Config | None = None, *, window: int = 4) -> Iterator[Result]:
    """Both passes over a bag of ``(position, Document)``; Results in input order.

    Uses the current Dask scheduler: make a ``distributed.Client`` first to run
    on a cluster. At most ``window`` partitions of results are held at once.
    """
    config = config or Config()
    lexicon, sigs = evidence(bag, config)
    duplicates = duplicates_of(bag, sigs, config)
    results = clean_bag(bag, config, lexicon if lexicon.n_docs > 1 else None, duplicates)
    parts = results.to_delayed()
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):
        client = None
    if client is None:
        for p in parts:
            yield from p.compute()
        return
    pending: deque = deque()
    for p in parts:
        pending.append(client.compute(p))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
