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
  :class:`Signature`: LSH band keys of a MinHash over the content-word set
  and a bottom-k sample of the word hashes for verification. A few hundred
  bytes per document.
* :func:`candidate_pairs` (one place, after pass 1) finds candidate pairs by
  banding, and :func:`verify` checks every candidate on the samples. Only the
  documents in a verified pair need an artifact score (which copy is the
  cleaner); the runner computes it for those alone, since scoring every
  document would cost more than finding the duplicates.
* :func:`decide` chooses greedily
  in quality order: the cleanest document of a group is kept, and a document
  is dropped only when it is *verified* similar to a document that is kept. A
  dropped document never keeps anything, so A~B and B~C never drops C unless
  C~A was verified: no runaway clusters.

Everything is deterministic: hashes are CRC-32 (not Python's salted
``hash``), the MinHash permutations come from a fixed seed, and ties are broken
by input order.
"""

from __future__ import annotations

import bisect
import math
import tempfile
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Mapping, Sequence, Union

import numpy as np
import regex

from ..config import DedupConfig
from ..document import Document
from ..quality import artifact_score
from ..rules import data_files, load_toml

__all__ = ["Signature", "SignatureStore", "Duplicate", "content_words", "signature", "similarity", "candidate_pairs",
           "verify", "Match", "needs_score", "decide", "find_near_duplicates", "candidate_probability"]

_WORD = regex.compile(r"\p{L}+|\p{N}+")
_SHIFT = np.uint64(32)
_ENDINGS = ("ing", "ed", "es", "ly", "s")
#: A line of at least this many words is prose; shorter lines (menus, links, headlines) are left out.
PROSE_WORDS = 8


@lru_cache(maxsize=None)
def _stopwords() -> frozenset[str]:
    """Function words of every profiled language: German "der"/"und" say nothing about the content either."""
    return frozenset(w for name in data_files("langid") for w in load_toml(name)["stopwords"].split())


@lru_cache(maxsize=None)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1)
    a = rng.randint(0, 1 << 63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.randint(0, 1 << 63, size=num_perm, dtype=np.uint64)
    return a, b


def content_words(text: str, min_words: int = 8) -> set[str]:
    """Case-folded content words and numbers of the document's prose: what survives re-translation.

    Prose is the lines of at least ``PROSE_WORDS`` words: menus, navigation and
    link lists (short lines shared by every page of a site) would make two
    pages of one site look alike. A text with too little prose is taken whole.
    Plural and tense endings are cut (a crude lemma, language-blind: "rings"
    and "ring", "sold" stays "sold"), once per distinct word.
    """
    prose = "\n".join(line for line in text.split("\n") if line.count(" ") >= PROSE_WORDS - 1)
    words = _words(prose)
    if len(words) < min_words:
        words = _words(text)
    return words


def _words(text: str) -> set[str]:
    words = set(_WORD.findall(text.casefold())) - _stopwords()
    return {_fold(w) for w in words if len(w) > 2 or w.isdigit()}


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith(_ENDINGS):
        for end in _ENDINGS:
            if word.endswith(end) and len(word) - len(end) >= 4:
                return word[: -len(end)]
    return word


def _hash32(words: Iterable[str]) -> np.ndarray:
    """Stable 32-bit hashes (CRC-32: fast, and the same in every process, unlike ``hash``)."""
    return np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64)


def candidate_probability(jaccard: float, config: DedupConfig) -> float:
    """Chance that two documents with this Jaccard become a candidate pair (the LSH S-curve)."""
    bands, rows = config.num_perm // config.lsh_rows, config.lsh_rows
    p = jaccard ** rows
    return 1.0 - sum(math.comb(bands, k) * p ** k * (1 - p) ** (bands - k) for k in range(config.lsh_min_bands))


@dataclass(frozen=True, slots=True)
class Signature:
    """What near-duplicate detection keeps of a document: small, picklable, order-free.

    The arrays are kept as bytes (a third of the overhead of NumPy arrays) and
    the document's id is not kept at all: a corpus of millions is held here.
    """

    index: int          #: position in the input (ties go to the earliest)
    size: int           #: number of distinct content words
    band_bytes: bytes   #: uint32 LSH key per band
    sample_bytes: bytes  #: sorted uint32 word hashes, the ``sample_size`` smallest (all, for short documents)

    @property
    def bands(self) -> np.ndarray:
        return np.frombuffer(self.band_bytes, dtype=np.uint32)

    @property
    def sample(self) -> np.ndarray:
        return np.frombuffer(self.sample_bytes, dtype=np.uint32)


class SignatureStore:
    """The signatures of a stream in compact columns, their word samples on disk.

    Banding needs every document's band keys at once, so those stay in memory, in one array (0.5 KB
    a document with the default 128 bands, and no object per document); a word sample is read back
    only to verify a candidate pair, so samples (up to 1 KB a document) go to an unnamed temporary
    file that disappears with the store. Iterating yields the signatures without their samples;
    :meth:`full` restores one.
    """

    def __init__(self, config: DedupConfig) -> None:
        self._index = array("q")
        self._size = array("q")
        self._offset = array("q")
        self._length = array("q")
        self._bands = bytearray()
        self._band_len = config.num_perm // config.lsh_rows * 4  # bytes of one document's band keys
        self._file = tempfile.TemporaryFile(prefix="textfix-samples-")
        self._end = 0

    def append(self, sig: Signature) -> None:
        if self._index and sig.index <= self._index[-1]:
            raise ValueError("signatures must be appended in input order")
        if len(sig.band_bytes) not in (0, self._band_len):
            raise ValueError("a signature made with another dedup configuration")
        self._index.append(sig.index)
        self._size.append(sig.size)
        self._bands += sig.band_bytes or bytes(self._band_len)  # a document without words: zeros, unused
        self._file.seek(self._end)
        self._file.write(sig.sample_bytes)
        self._offset.append(self._end)
        self._length.append(len(sig.sample_bytes))
        self._end += len(sig.sample_bytes)

    def _position(self, index: int) -> int:
        pos = bisect.bisect_left(self._index, index)
        if pos == len(self._index) or self._index[pos] != index:
            raise KeyError(index)
        return pos

    def _light(self, pos: int) -> Signature:
        n = self._band_len
        band = bytes(self._bands[pos * n:(pos + 1) * n]) if self._size[pos] else b""
        return Signature(self._index[pos], self._size[pos], band, b"")

    def full(self, index: int) -> Signature:
        """The signature of the document at input position ``index``, its sample read back."""
        pos = self._position(index)
        light = self._light(pos)
        self._file.seek(self._offset[pos])
        return Signature(light.index, light.size, light.band_bytes, self._file.read(self._length[pos]))

    def band_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(input positions, band keys) of the documents that have band keys: no copy of the keys."""
        keys = np.frombuffer(self._bands, dtype=np.uint32).reshape(len(self._index), self._band_len // 4)
        index = np.frombuffer(self._index, dtype=np.int64)
        usable = np.frombuffer(self._size, dtype=np.int64) > 0
        if usable.all():
            return index, keys  # the common case: no copy of the keys
        return index[usable], keys[usable]

    def __iter__(self) -> Iterator[Signature]:
        return (self._light(pos) for pos in range(len(self._index)))

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        self._file.close()


#: What the functions below take: a list of signatures, or a store of them with samples on disk.
Signatures = Union[Sequence[Signature], SignatureStore]


@dataclass(frozen=True)
class Match:
    """A verified near-duplicate pair (input positions ``i < j``)."""

    i: int
    j: int
    containment: float
    jaccard: float


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
    words = content_words(doc.text, config.min_words)
    hv = np.unique(_hash32(words)) if words else np.zeros(0, dtype=np.uint64)
    rows = config.lsh_rows
    bands_n = config.num_perm // rows
    if hv.size:
        a, b = _permutations(config.num_perm)
        # Multiply-shift hashing, (a*h + b mod 2^64) >> 32, one permutation per column: a universal
        # family with no division, vectorised over words x permutations.
        ph = (hv[:, None] * a[None, :] + b[None, :]) >> _SHIFT
        mins = ph.min(axis=0)[: bands_n * rows].reshape(bands_n, rows)
        keys = np.zeros(bands_n, dtype=np.uint64)
        for j in range(rows):
            keys = (keys * np.uint64(0x100000001B3)) ^ mins[:, j]
        bands = (keys ^ (keys >> np.uint64(29))).astype(np.uint32)
    else:
        bands = np.zeros(0, dtype=np.uint32)
    sample = hv[: config.sample_size].astype(np.uint32)
    return Signature(index, int(hv.size), bands.tobytes(), sample.tobytes())


def similarity(a: Signature, b: Signature, sample_size: int) -> tuple[float, float]:
    """(containment, Jaccard) of two documents' content words, estimated on their samples.

    Both samples are exact below the smaller of their cut-offs, so the words
    there are a uniform hash sample of both sets: count the shared ones and
    scale up. Exact when both documents fit their samples.
    """
    if not a.size or not b.size:
        return 0.0, 0.0
    cut = min(_cutoff(a, sample_size), _cutoff(b, sample_size))
    sa, sb = a.sample, b.sample
    if cut < 0xFFFFFFFF:
        sa, sb = sa[sa <= cut], sb[sb <= cut]
    shared = np.intersect1d(sa, sb, assume_unique=True).size
    if not shared:
        return 0.0, 0.0
    # The share of each sample that is shared, scaled by the exact set size (a ratio estimate: no
    # reliance on where the cut-off happens to fall).
    inter = min(shared * 0.5 * (a.size / sa.size + b.size / sb.size), a.size, b.size)
    jaccard = inter / max(a.size + b.size - inter, 1)
    return inter / min(a.size, b.size), jaccard


def _cutoff(s: Signature, sample_size: int) -> int:
    return int(s.sample[-1]) if s.size > sample_size and s.sample_bytes else 0xFFFFFFFF


def _is_duplicate(containment: float, jaccard: float, a: Signature, b: Signature, config: DedupConfig) -> bool:
    if min(a.size, b.size) < config.min_words:  # too little text to tell re-translation from coincidence
        return jaccard >= 0.9
    return (containment >= config.threshold and jaccard >= config.min_jaccard
            and containment + jaccard >= config.min_combined)


def candidate_pairs(sigs: Signatures, config: DedupConfig) -> np.ndarray:
    """Input-position pairs ``(i, j)``, ``i < j``, sharing ``lsh_min_bands`` LSH buckets: unique, sorted.

    Memory stays proportional to the pairs that qualify, not to every chance
    collision: the pairs of one band are checked against the documents' whole
    band-key rows at once, and only the qualifying ones are kept. A bucket larger than ``max_bucket`` (a mass of copies) pairs each
    member with its ``max_bucket`` earliest members only, so its cost stays linear.
    """
    if isinstance(sigs, SignatureStore):
        pos, keys = sigs.band_matrix()  # in input order already, no copy
    else:
        usable = sorted((s for s in sigs if s.band_bytes), key=lambda s: s.index)
        keys = np.stack([s.bands for s in usable]) if usable else np.zeros((0, 0), dtype=np.uint32)
        pos = np.asarray([s.index for s in usable], dtype=np.int64)
        del usable
    if len(pos) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    n = int(pos.max()) + 1
    out: list[np.ndarray] = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")  # stable: members stay in input order
        k = keys[order, band]
        bounds = np.flatnonzero(np.diff(k)) + 1
        starts = np.concatenate(([0], bounds))
        ends = np.concatenate((bounds, [len(k)]))
        left: list[np.ndarray] = []
        right: list[np.ndarray] = []
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            members = order[s:e]
            cap = min(e - s, config.max_bucket)
            i, j = np.nonzero(np.arange(e - s)[None, :] > np.arange(cap)[:, None])
            left.append(members[i])
            right.append(members[j])
        if not left:
            continue
        li, rj = np.concatenate(left), np.concatenate(right)
        for c in range(0, len(li), 1 << 13):  # bounded work arrays
            a, b = li[c:c + (1 << 13)], rj[c:c + (1 << 13)]
            keep = (keys[a] == keys[b]).sum(axis=1) >= config.lsh_min_bands  # (pairs, bands) compared
            if keep.any():
                lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
                out.append(pos[lo] * n + pos[hi])
        if len(out) > 16:  # a pair qualifies in each band it shares: fold the repeats away as we go
            out = [np.unique(np.concatenate(out))]
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    code = np.unique(np.concatenate(out))
    return np.stack([code // n, code % n], axis=1)


def verify(sigs: Signatures, config: DedupConfig, pairs: np.ndarray | None = None) -> list[Match]:
    """The candidate pairs that are near-duplicates, verified on the word samples."""
    if pairs is None:
        pairs = candidate_pairs(sigs, config)
    get = sigs.full if isinstance(sigs, SignatureStore) else {s.index: s for s in sigs}.__getitem__
    out = []
    for i, j in pairs.tolist():
        a, b = get(i), get(j)
        cont, jac = similarity(a, b, config.sample_size)
        if _is_duplicate(cont, jac, a, b, config):
            out.append(Match(i, j, cont, jac))
    return out


def needs_score(matches: Sequence[Match]) -> set[int]:
    """The documents whose artifact score the decision needs: those in a verified pair (few)."""
    return {m.i for m in matches} | {m.j for m in matches}


def decide(sigs: Signatures, config: DedupConfig, scores: Mapping[int, float],
           matches: Sequence[Match] | None = None, ids: Mapping[int, str] | None = None) -> list[Duplicate]:
    """The documents to drop, each with the kept document it duplicates (verified).

    ``scores`` maps input positions to artifact scores and ``ids`` to
    document ids (at least those of :func:`needs_score`). Documents are visited cleanest first (artifact
    score, then input order). A document is kept unless it is verified similar
    to a document already kept; then it is dropped as a duplicate of the most
    similar kept one (the earliest, on a tie).
    """
    if matches is None:
        matches = verify(sigs, config)
    if not matches:
        return []
    names = ids or {}

    def rank(i: int) -> tuple[float, int]:
        return (scores[i], i)

    better: dict[int, list[tuple[int, float, float]]] = {}
    for m in matches:
        hi, lo = (m.i, m.j) if rank(m.i) < rank(m.j) else (m.j, m.i)
        better.setdefault(lo, []).append((hi, m.containment, m.jaccard))
    dropped: set[int] = set()
    out: list[Duplicate] = []
    for i in sorted(better, key=rank):
        kept = [(cont, -k, jac) for k, cont, jac in better[i] if k not in dropped]
        if not kept:
            continue
        cont, neg_k, jac = max(kept)  # the most similar kept document; the earliest on a tie
        dropped.add(i)
        k = -neg_k
        out.append(Duplicate(i, names.get(i, str(i)), k, names.get(k, str(k)), round(cont, 4), round(jac, 4)))
    out.sort(key=lambda d: d.index)
    return out


def find_near_duplicates(docs: Sequence[Document], config: DedupConfig) -> dict[str, tuple[str, float]]:
    """Map each dropped document's id to (id of the kept document it duplicates, similarity)."""
    sigs = [signature(d, i, config) for i, d in enumerate(docs)]
    matches = verify(sigs, config)
    scores = {i: artifact_score(docs[i].text) for i in needs_score(matches)}
    ids = {i: docs[i].id for i in scores}
    return {d.id: (d.kept_id, d.similarity) for d in decide(sigs, config, scores, matches, ids)}
