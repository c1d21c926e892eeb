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
import sys
import tempfile
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Callable, Iterable, Iterator, Mapping, Sequence, Union

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
#: Documents whose band keys are gathered in memory before going to disk band by band (4 MB with 128 bands).
BLOCK_ROWS = 8192
#: Candidate pairs pooled before they are checked against every band (about 10 bytes a pair at the check).
POOL_PAIRS = 1 << 19


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
    """The signatures of a stream, a few bytes a document in memory: band keys and samples on disk.

    Memory must not grow with the corpus, so nothing of a document stays in memory but its size and
    where its sample starts (12 bytes). Band keys (0.5 KB a document with the default 128 bands) go to
    an unnamed temporary file in blocks of ``block_rows`` documents, each written band by band: banding
    reads one band of every document at a time (:meth:`column`), one slice a block. Word samples (up to
    1 KB a document) are read back only to verify a candidate pair, so they go to a second temporary
    file. Both files disappear with the store. Iterating yields the signatures without their samples;
    :meth:`full` restores one.
    """

    def __init__(self, config: DedupConfig, block_rows: int = BLOCK_ROWS) -> None:
        if block_rows < 1:
            raise ValueError("block_rows must be positive")
        self._bands_n = config.num_perm // config.lsh_rows
        self._band_len = self._bands_n * 4  # bytes of one document's band keys
        self._block_rows = block_rows
        self._n = 0
        self._index: array | None = None  # input positions, kept only once one differs from its row
        self._size = array("I")
        self._offset = array("Q")  # where each sample starts; the next one's start (or the end) ends it
        self._buffer = bytearray()  # band keys of the rows after the last full block, row by row
        self._blocks = 0
        self._keys: IO[bytes] | None = None  # opened with the first full block
        self._file = tempfile.TemporaryFile(prefix="textfix-samples-")
        self._end = 0

    def append(self, sig: Signature) -> None:
        if self._n and sig.index <= self._last_index():
            raise ValueError("signatures must be appended in input order")
        if len(sig.band_bytes) not in (0, self._band_len):
            raise ValueError("a signature made with another dedup configuration")
        if self._index is None and sig.index != self._n:
            self._index = array("q", range(self._n))  # a gap in the input positions: keep them from now on
        if self._index is not None:
            self._index.append(sig.index)
        self._size.append(sig.size)
        self._buffer += sig.band_bytes or bytes(self._band_len)  # a document without words: zeros, unused
        self._file.seek(self._end)
        self._file.write(sig.sample_bytes)
        self._offset.append(self._end)
        self._end += len(sig.sample_bytes)
        self._n += 1
        if len(self._buffer) == self._block_rows * self._band_len:
            self._write_block()

    def _write_block(self) -> None:
        if self._keys is None:
            self._keys = tempfile.TemporaryFile(prefix="textfix-bands-")
        rows = np.frombuffer(self._buffer, dtype=np.uint32).reshape(self._block_rows, self._bands_n)
        self._keys.seek(0, 2)
        self._keys.write(memoryview(np.ascontiguousarray(rows.T)).cast("B"))  # band 0 of every row, then 1, ...
        del rows
        self._buffer = bytearray()
        self._blocks += 1

    def _last_index(self) -> int:
        return self._index[-1] if self._index is not None else self._n - 1

    def _input_index(self, pos: int) -> int:
        return self._index[pos] if self._index is not None else pos

    def _position(self, index: int) -> int:
        if self._index is None:
            pos = index if 0 <= index < self._n else self._n
        else:
            pos = bisect.bisect_left(self._index, index)
        if pos == self._n or self._input_index(pos) != index:
            raise KeyError(index)
        return pos

    @property
    def bands(self) -> int:
        """LSH bands a document has keys for."""
        return self._bands_n

    def column(self, band: int) -> np.ndarray:
        """Every document's key of one band (zeros for documents without words), in input order."""
        if not 0 <= band < self._bands_n:
            raise IndexError(band)
        out = np.empty(self._n, dtype=np.uint32)
        rows = self._block_rows
        view = memoryview(out).cast("B")
        for k in range(self._blocks):
            self._read_into(view[k * rows * 4:(k + 1) * rows * 4], (k * self._bands_n + band) * rows * 4)
        tail = np.frombuffer(self._buffer, dtype=np.uint32).reshape(-1, self._bands_n)
        out[self._blocks * rows:] = tail[:, band]
        return out

    def _read_into(self, view: memoryview, offset: int) -> None:
        assert self._keys is not None
        self._keys.seek(offset)
        if self._keys.readinto(view) != len(view):
            raise OSError("the band-key file was cut short")

    def _keys_of(self, pos: int) -> bytes:
        """One document's band keys: from the buffer, or one key a band from its block on disk."""
        rows = self._block_rows
        block, row = divmod(pos, rows)
        if block == self._blocks:
            return bytes(self._buffer[row * self._band_len:(row + 1) * self._band_len])
        out = np.empty(self._bands_n, dtype=np.uint32)
        view = memoryview(out).cast("B")
        for band in range(self._bands_n):
            self._read_into(view[band * 4:band * 4 + 4], ((block * self._bands_n + band) * rows + row) * 4)
        return out.tobytes()

    def _sample_of(self, pos: int) -> bytes:
        end = self._offset[pos + 1] if pos + 1 < self._n else self._end
        self._file.seek(self._offset[pos])
        return self._file.read(end - self._offset[pos])

    def full(self, index: int) -> Signature:
        """The signature of the document at input position ``index``, its band keys and sample read back."""
        pos = self._position(index)
        band = self._keys_of(pos) if self._size[pos] else b""
        return Signature(index, self._size[pos], band, self._sample_of(pos))

    def verifiable(self, index: int) -> Signature:
        """The signature at ``index`` with its sample but without band keys: all that verification reads."""
        pos = self._position(index)
        return Signature(index, self._size[pos], b"", self._sample_of(pos))

    def band_columns(self) -> tuple[np.ndarray | None, Callable[[int], np.ndarray]]:
        """(input positions, band -> keys) of the documents that have band keys; positions ``None``: all
        documents, in rows 0, 1, 2, ... (the common case: no array of them)."""
        usable = np.frombuffer(self._size, dtype=np.uint32) > 0
        if usable.all() and self._index is None:
            return None, self.column
        rows = np.flatnonzero(usable)
        pos = rows if self._index is None else np.frombuffer(self._index, dtype=np.int64)[rows]
        if usable.all():
            return pos, self.column
        return pos, lambda band: self.column(band)[rows]

    def memory_bytes(self) -> int:
        """Bytes this store holds in memory (its arrays and the block being filled)."""
        held = (self._size, self._offset, self._buffer) + ((self._index,) if self._index is not None else ())
        return sum(sys.getsizeof(a) for a in held)

    def __iter__(self) -> Iterator[Signature]:
        """The signatures without samples, a block of band keys read at a time."""
        rows, n = self._block_rows, self._band_len
        for k in range(self._blocks + 1):
            if k < self._blocks:
                block = np.empty((self._bands_n, rows), dtype=np.uint32)
                self._read_into(memoryview(block).cast("B"), k * rows * n)
                keys = np.ascontiguousarray(block.T).tobytes()
            else:
                keys = bytes(self._buffer)
            for row in range(len(keys) // n):
                pos = k * rows + row
                band = keys[row * n:(row + 1) * n] if self._size[pos] else b""
                yield Signature(self._input_index(pos), self._size[pos], band, b"")

    def __len__(self) -> int:
        return self._n

    def close(self) -> None:
        self._file.close()
        if self._keys is not None:
            self._keys.close()


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

    A pair is a candidate in a band when the two documents share its bucket; a bucket larger than
    ``max_bucket`` (a mass of copies) pairs each member with its ``max_bucket`` earliest members only,
    so its cost stays linear. A candidate is kept when the two documents share the keys of at least
    ``lsh_min_bands`` bands in all. The bands are read one at a time (a store keeps them on disk), so
    memory stays proportional to the documents' count and a bounded pool of pairs, not to their keys.
    """
    if isinstance(sigs, SignatureStore):
        pos, column = sigs.band_columns()
        rows, bands = (len(sigs) if pos is None else len(pos)), sigs.bands
    else:
        pos, column, bands = _list_columns(sigs)
        rows = len(pos)
    if rows < 2 or not bands:
        return np.zeros((0, 2), dtype=np.int64)
    lo, hi = np.divmod(_qualifying(rows, bands, column, config), rows)
    if pos is not None:  # rows are in input order, so the codes' order is the pairs' order
        lo, hi = pos[lo], pos[hi]
    return np.stack([lo, hi], axis=1).astype(np.int64, copy=False)


def _list_columns(sigs: Sequence[Signature]) -> tuple[np.ndarray, Callable[[int], np.ndarray], int]:
    """(input positions, band -> keys, bands) of the listed signatures that have band keys."""
    usable = sorted((s for s in sigs if s.band_bytes), key=lambda s: s.index)
    pos = np.asarray([s.index for s in usable], dtype=np.int64)
    if not usable:
        return pos, lambda band: np.zeros(0, dtype=np.uint32), 0
    keys = np.frombuffer(b"".join(s.band_bytes for s in usable), dtype=np.uint32).reshape(len(usable), -1)
    keys = np.ascontiguousarray(keys.T)  # band by band, as a store reads them
    return pos, keys.__getitem__, keys.shape[0]


def _qualifying(rows: int, bands: int, column: Callable[[int], np.ndarray], config: DedupConfig) -> np.ndarray:
    """Sorted codes ``lo * rows + hi`` of the row pairs that are candidates in a band and share enough bands.

    Each band's candidate pairs go to a pool; a full pool is folded (a pair is a candidate in every
    band it shares, so repeats fold away) and, still large, checked against every band in one pass
    over the columns. A pair found qualifying is not checked again.
    """
    accepted = np.zeros(0, dtype=np.int64)
    pool: list[np.ndarray] = []
    held = 0
    for band in range(bands):
        for code in _bucket_pairs(column(band), config.max_bucket, rows, POOL_PAIRS // 4):
            pool.append(code)
            held += len(code)
            if held >= POOL_PAIRS:
                code = _without(_unique(pool), accepted)
                pool, held = [code], len(code)
                if held > POOL_PAIRS // 2:
                    accepted = np.union1d(accepted, _sharing(code, rows, bands, column, config.lsh_min_bands))
                    pool, held = [], 0
    if pool:
        code = _without(_unique(pool), accepted)
        accepted = np.union1d(accepted, _sharing(code, rows, bands, column, config.lsh_min_bands))
    return accepted


def _bucket_pairs(col: np.ndarray, max_bucket: int, rows: int, chunk: int) -> Iterator[np.ndarray]:
    """Codes ``lo * rows + hi`` of one band's candidate pairs (unique in the band), in arrays of about
    ``chunk`` pairs at most (a single run of one member's later partners may exceed it)."""
    order = np.argsort(col, kind="stable")  # stable: a bucket's members stay in input order
    k = col[order]
    bounds = np.flatnonzero(k[1:] != k[:-1]) + 1
    del k
    starts = np.concatenate(([0], bounds))
    size = np.diff(np.concatenate((starts, [len(col)])))
    starts, size = starts[size > 1], size[size > 1]
    if not len(size):
        return
    cap = np.minimum(size, max_bucket)
    # A run: an earlier member (one of the first ``cap`` of its bucket) with each member after it.
    run_bucket = np.repeat(np.arange(len(size)), cap)
    run_first = starts[run_bucket] + (np.arange(len(run_bucket)) - np.repeat(np.cumsum(cap) - cap, cap))
    run_len = starts[run_bucket] + size[run_bucket] - 1 - run_first
    del run_bucket, starts, size, cap
    ends = np.cumsum(run_len)
    a = 0
    while a < len(run_len):
        b = max(int(np.searchsorted(ends, (ends[a - 1] if a else 0) + chunk, side="right")), a + 1)
        lens = run_len[a:b]
        total = int(lens.sum())
        first = np.repeat(run_first[a:b], lens)
        later = first + 1
        later += np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        lo = order[first].astype(np.int64, copy=False)
        del first
        lo *= rows
        lo += order[later]
        yield lo
        a = b


def _unique(parts: list[np.ndarray]) -> np.ndarray:
    code = np.concatenate(parts)
    parts.clear()
    code.sort()
    return code[np.concatenate(([True], code[1:] != code[:-1]))] if len(code) else code


def _without(code: np.ndarray, accepted: np.ndarray) -> np.ndarray:
    """The codes not in ``accepted`` (both sorted)."""
    if not len(accepted) or not len(code):
        return code
    at = np.searchsorted(accepted, code)
    np.minimum(at, len(accepted) - 1, out=at)
    return code[accepted[at] != code]


def _sharing(code: np.ndarray, rows: int, bands: int, column: Callable[[int], np.ndarray],
             min_bands: int) -> np.ndarray:
    """The codes whose two rows share the keys of at least ``min_bands`` bands: one pass over the columns."""
    if min_bands <= 1 or not len(code):  # each pair is a candidate in one band at least
        return code
    small = np.int32 if rows < 1 << 31 else np.int64
    lo, hi = np.divmod(code, rows)
    lo, hi = lo.astype(small), hi.astype(small)
    hits = np.zeros(len(code), dtype=np.uint16 if bands < 1 << 16 else np.uint32)
    step = 1 << 14  # bounded work arrays, filled in place (``take`` into them reads 32-bit rows fast)
    a, b = np.empty(step, dtype=np.uint32), np.empty(step, dtype=np.uint32)
    same = np.empty(step, dtype=bool)
    for band in range(bands):
        col = column(band)
        for s in range(0, len(code), step):
            n = min(step, len(code) - s)
            np.take(col, lo[s:s + n], out=a[:n], mode="clip")  # rows are valid: no check
            np.take(col, hi[s:s + n], out=b[:n], mode="clip")
            np.equal(a[:n], b[:n], out=same[:n])
            hits[s:s + n] += same[:n]
    return code[hits >= min_bands]


def verify(sigs: Signatures, config: DedupConfig, pairs: np.ndarray | None = None) -> list[Match]:
    """The candidate pairs that are near-duplicates, verified on the word samples."""
    if pairs is None:
        pairs = candidate_pairs(sigs, config)
    get = sigs.verifiable if isinstance(sigs, SignatureStore) else {s.index: s for s in sigs}.__getitem__
    out = []
    for i, j in (p for c in range(0, len(pairs), 4096) for p in pairs[c:c + 4096].tolist()):  # no list of all
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
