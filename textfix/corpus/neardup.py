"""Near-duplicate documents across a corpus: the same article, copied or re-translated.

Two translations of one article by different MT systems share few word
5-grams (each system words it differently) but share most of their *content
words*: names, numbers, nouns and verbs survive re-translation, only the glue
around them changes. So a document is described by the set of its case-folded
content words (stop words dropped, plural/tense endings folded). Different
articles about the same event share the names and the numbers too, but far
fewer of the other content words: on real news the two kinds separate well by
containment (shared words / words of the smaller document) together with
Jaccard.

The work is split so that it streams and scales out:

* :func:`signature` (pass 1, any worker) turns a document into a compact
  :class:`Signature`: LSH band keys of a MinHash over the content-word set,
  a bottom-k sample of the word hashes for verification, and the artifact
  score that decides which copy is kept. A few hundred bytes per document.
* :func:`decide` (one place, after pass 1) finds candidate pairs by banding,
  verifies every candidate on the samples, and chooses greedily in quality
  order: the cleanest document of a group is kept, and a document is dropped
  only when it is *verified* similar to a document that is kept. A dropped
  document never keeps anything, so A~B and B~C never drops C unless C~A was
  verified: no runaway clusters.

Everything is deterministic: hashes are keyed BLAKE2 (not Python's salted
``hash``), the MinHash permutations come from a fixed seed, and ties are broken
by input order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import regex

from ..config import DedupConfig
from ..document import Document
from ..quality import artifact_score
from ..rules import load_toml

__all__ = ["Signature", "Duplicate", "content_words", "signature", "similarity", "decide", "find_near_duplicates",
           "lsh_params"]

_WORD = regex.compile(r"\p{L}+|\p{N}+")
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_ENDINGS = ("ing", "ed", "es", "s", "ly")


@lru_cache(maxsize=None)
def _stopwords() -> frozenset[str]:
    return frozenset(load_toml("langid/en.toml")["stopwords"].split())


@lru_cache(maxsize=None)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1)
    a = rng.randint(1, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
    b = rng.randint(0, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
    return a, b


def _fold(word: str) -> str:
    """A crude lemma: enough to make "rings"/"ring" and "sold"/"sells" closer, cheap and language-blind."""
    for end in _ENDINGS:
        if len(word) > len(end) + 3 and word.endswith(end):
            return word[: -len(end)]
    return word


def content_words(text: str) -> set[str]:
    """Case-folded content words and numbers: what survives re-translation."""
    stop = _stopwords()
    out = set()
    for w in _WORD.findall(text):
        w = w.casefold()
        if w.isdigit():
            out.add(w)
        elif len(w) > 2 and w not in stop:
            out.add(_fold(w))
    return out


def _hash32(words: Iterable[str]) -> np.ndarray:
    return np.fromiter((int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=4).digest(), "little")
                        for w in words), dtype=np.uint64)


@lru_cache(maxsize=None)
def lsh_params(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows) whose S-curve rises at ``threshold``: misses above it and
    candidates below it weighted equally (the datasketch recipe)."""
    xs = np.linspace(0.0, 1.0, 201)
    best = (num_perm, 1)
    best_err = float("inf")
    for r in range(1, num_perm + 1):
        for b in (num_perm // r,):
            if b < 1:
                continue
            p = 1 - (1 - xs ** r) ** b
            fp = np.trapezoid(p[xs <= threshold], xs[xs <= threshold])
            fn = np.trapezoid(1 - p[xs >= threshold], xs[xs >= threshold])
            if fp + fn < best_err:
                best, best_err = (b, r), fp + fn
    return best


@dataclass(frozen=True)
class Signature:
    """What near-duplicate detection keeps of a document: small, picklable, order-free."""

    index: int          #: position in the input (ties go to the earliest)
    id: str
    score: float        #: artifact score of the input text (lower is cleaner; the cleaner copy is kept)
    size: int           #: number of distinct content words
    bands: np.ndarray   #: uint32 LSH key per band
    sample: np.ndarray  #: sorted uint32 word hashes, the ``sample_size`` smallest (all, for short documents)


@dataclass(frozen=True)
class Duplicate:
    """A dropped document and the kept document it was verified against."""

    index: int
    id: str
    kept_index: int
    kept_id: str
    similarity: float  #: containment: shared content words / content words of the smaller document
    jaccard: float


def signature(doc: Document, index: int, config: DedupConfig) -> Signature:
    words = content_words(doc.text)
    hv = np.unique(_hash32(words)) if words else np.zeros(0, dtype=np.uint64)
    bands_n, rows = lsh_params(config.num_perm, config.lsh_threshold)
    if hv.size:
        a, b = _permutations(config.num_perm)
        # (a*h + b) mod p, wrapping in uint64 like datasketch: vectorised over words x permutations.
        ph = ((hv[:, None] * a[None, :] + b[None, :]) % _MERSENNE) & _MAX32
        mins = ph.min(axis=0)[: bands_n * rows].reshape(bands_n, rows)
        keys = np.zeros(bands_n, dtype=np.uint64)
        for j in range(rows):
            keys = (keys * np.uint64(0x100000001B3)) ^ mins[:, j]
        bands = (keys ^ (keys >> np.uint64(29))).astype(np.uint32)
    else:
        bands = np.zeros(0, dtype=np.uint32)
    sample = hv[: config.sample_size].astype(np.uint32)
    return Signature(index, doc.id, artifact_score(doc.text), int(hv.size), bands, sample)


def similarity(a: Signature, b: Signature, sample_size: int) -> tuple[float, float]:
    """(containment, Jaccard) of two documents' content words, estimated on their samples.

    Both samples are exact below the smaller of their cut-offs, so the words
    there are a uniform hash sample of both sets: count the shared ones and
    scale up. Exact when both documents fit their samples.
    """
    if not a.size or not b.size:
        return 0.0, 0.0
    cut = min(_cutoff(a, sample_size), _cutoff(b, sample_size))
    sa = a.sample[a.sample <= cut] if cut < 0xFFFFFFFF else a.sample
    sb = b.sample[b.sample <= cut] if cut < 0xFFFFFFFF else b.sample
    shared = np.intersect1d(sa, sb, assume_unique=True).size
    if not shared:
        return 0.0, 0.0
    # The share of each sample that is shared, scaled by the exact set size (a ratio estimate: no
    # reliance on where the cut-off happens to fall).
    inter = min(shared * 0.5 * (a.size / sa.size + b.size / sb.size), a.size, b.size)
    jaccard = inter / max(a.size + b.size - inter, 1)
    return inter / min(a.size, b.size), jaccard


def _cutoff(s: Signature, sample_size: int) -> int:
    return int(s.sample[-1]) if s.size > sample_size and s.sample.size else 0xFFFFFFFF


def _is_duplicate(containment: float, jaccard: float, a: Signature, b: Signature, config: DedupConfig) -> bool:
    if min(a.size, b.size) < config.min_words:  # too little text to tell re-translation from coincidence
        return jaccard >= 0.9
    return containment >= config.threshold and jaccard >= config.min_jaccard


def _candidate_pairs(sigs: Sequence[Signature], rank: np.ndarray, max_bucket: int) -> np.ndarray:
    """(better, worse) rank pairs sharing an LSH bucket, unique, as an (n, 2) int64 array."""
    n = len(sigs)
    usable = [i for i in range(n) if sigs[i].bands.size]
    if len(usable) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    n_bands = sigs[usable[0]].bands.size
    keys = np.stack([sigs[i].bands for i in usable])  # (m, bands)
    ranks = rank[np.asarray(usable)]
    chunks = []
    for band in range(n_bands):
        order = np.lexsort((ranks, keys[:, band]))
        k = keys[order, band]
        r = ranks[order]
        bounds = np.flatnonzero(np.diff(k)) + 1
        starts = np.concatenate(([0], bounds))
        ends = np.concatenate((bounds, [len(k)]))
        big = np.flatnonzero(ends - starts > 1)
        for s, e in zip(starts[big], ends[big]):
            members = r[s:e]  # sorted by rank: best first
            # Each member is paired with every better one, or with the max_bucket best when a bucket is
            # huge (mass copies): the best are the ones kept, and only kept documents can absorb others.
            cap = min(e - s, max_bucket)
            i, j = np.nonzero(np.arange(e - s)[None, :] > np.arange(cap)[:, None])
            chunks.append(np.stack([members[i], members[j]], axis=1))
    if not chunks:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks).astype(np.int64)
    code = np.unique(pairs[:, 1] * n + pairs[:, 0])
    return np.stack([code % n, code // n], axis=1)


def decide(sigs: Sequence[Signature], config: DedupConfig) -> list[Duplicate]:
    """The documents to drop, each with the kept document it duplicates (verified).

    Documents are visited cleanest first (artifact score, then input order). A
    document is kept unless it is verified similar to a document already kept;
    then it is dropped as a duplicate of the most similar kept one.
    """
    sigs = sorted(sigs, key=lambda s: s.index)
    n = len(sigs)
    if n < 2:
        return []
    order = sorted(range(n), key=lambda i: (sigs[i].score, sigs[i].index))
    rank = np.empty(n, dtype=np.int64)
    rank[np.asarray(order)] = np.arange(n)
    pairs = _candidate_pairs(sigs, rank, config.max_bucket)  # (better rank, worse rank), sorted by worse
    kept = np.ones(n, dtype=bool)  # by rank
    out: list[Duplicate] = []
    starts = np.searchsorted(pairs[:, 1], np.arange(n + 1)) if len(pairs) else None
    for r in range(n):
        if starts is None or starts[r] == starts[r + 1]:
            continue
        me = sigs[order[r]]
        best: tuple[float, float, int] | None = None
        for other_rank in pairs[starts[r]:starts[r + 1], 0]:
            if not kept[other_rank]:
                continue
            other = sigs[order[other_rank]]
            cont, jac = similarity(me, other, config.sample_size)
            if not _is_duplicate(cont, jac, me, other, config):
                continue
            if best is None or (cont, -other.index) > (best[0], -sigs[order[best[2]]].index):
                best = (cont, jac, int(other_rank))
        if best is not None:
            kept[r] = False
            k = sigs[order[best[2]]]
            out.append(Duplicate(me.index, me.id, k.index, k.id, round(best[0], 4), round(best[1], 4)))
    out.sort(key=lambda d: d.index)
    return out


def find_near_duplicates(docs: Sequence[Document], config: DedupConfig) -> dict[str, tuple[str, float]]:
    """Map each dropped document's id to (id of the kept document it duplicates, similarity)."""
    sigs = [signature(d, i, config) for i, d in enumerate(docs)]
    return {d.id: (d.kept_id, d.similarity) for d in decide(sigs, config)}
