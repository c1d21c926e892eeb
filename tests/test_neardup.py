"""Near-duplicate documents: re-translations found, different articles kept apart, no chains."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from array import array
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.config import DedupConfig
from textfix.corpus import neardup
from textfix.corpus.neardup import (Signature, SignatureStore, candidate_pairs, candidate_probability, content_words,
                                    decide, find_near_duplicates, signature, similarity, verify)
from textfix.document import Document

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "neardup"
CFG = DedupConfig()


def _docs(*names: str) -> list[Document]:
    return [Document(n, (FIX / n).read_text(encoding="utf-8")) for n in names]


def _words(lo: int, hi: int) -> str:
    """A text of distinct made-up content words w<lo>..w<hi-1> (no stop words)."""
    return " ".join(f"zork{i}x" for i in range(lo, hi))


def test_retranslation_and_truncated_copy_are_one_article():
    docs = _docs("quake_a.txt", "quake_b.txt", "quake_c.txt", "quake_relief.txt", "market.txt")
    dups = find_near_duplicates(docs, CFG)
    assert set(dups) == {"quake_a.txt", "quake_c.txt"} or set(dups) == {"quake_b.txt", "quake_c.txt"}
    kept = {k for k, _ in dups.values()}
    assert len(kept) == 1 and kept <= {"quake_a.txt", "quake_b.txt"}
    assert all(0.5 <= s <= 1.0 for _, s in dups.values())


def test_different_article_about_the_same_event_is_kept():
    # Same place, same magnitude, same date: a different article all the same.
    docs = _docs("quake_a.txt", "quake_relief.txt")
    a, b = (signature(d, i, CFG) for i, d in enumerate(docs))
    containment, jaccard = similarity(a, b, CFG.sample_size)
    assert containment < CFG.threshold and jaccard < CFG.min_jaccard
    assert find_near_duplicates(docs, CFG) == {}
    assert find_near_duplicates(_docs("quake_c.txt", "quake_relief.txt"), CFG) == {}


def test_the_cleaner_copy_is_kept_then_the_earliest():
    text = (FIX / "quake_a.txt").read_text(encoding="utf-8")
    broken = "\n".join(" ".join(w[:1].upper() + w[1:] for w in line.split()) for line in text.split("\n"))
    dups = find_near_duplicates([Document("broken", broken), Document("clean", text)], CFG)
    assert dups == {"broken": ("clean", 1.0)}
    dups = find_near_duplicates([Document("first", text), Document("second", text)], CFG)
    assert dups == {"second": ("first", 1.0)}


def test_no_transitive_chains():
    # A~B and B~C, but A and C share little: with A kept, B goes, and C stays.
    docs = [Document("A", _words(0, 100)), Document("B", _words(35, 135)), Document("C", _words(70, 170))]
    sigs = [signature(d, i, CFG) for i, d in enumerate(docs)]
    assert similarity(sigs[0], sigs[1], CFG.sample_size)[0] >= CFG.threshold
    assert similarity(sigs[1], sigs[2], CFG.sample_size)[0] >= CFG.threshold
    assert similarity(sigs[0], sigs[2], CFG.sample_size)[0] < CFG.threshold
    out = decide(sigs, CFG, {i: 0.0 for i in range(3)}, ids={i: d.id for i, d in enumerate(docs)})
    assert [(d.id, d.kept_id) for d in out] == [("B", "A")]


def test_every_drop_is_verified_against_a_kept_document():
    docs = [Document(f"d{i}", _words(i * 20, i * 20 + 100)) for i in range(12)]  # a long chain of overlaps
    dups = decide([signature(d, i, CFG) for i, d in enumerate(docs)], CFG, {i: 0.0 for i in range(12)},
                  ids={i: d.id for i, d in enumerate(docs)})
    dropped = {d.id for d in dups}
    for d in dups:
        assert d.kept_id not in dropped
        assert d.similarity >= CFG.threshold and d.jaccard >= CFG.min_jaccard
    assert len(dropped) < len(docs) - 1  # not one runaway cluster


def test_short_documents_only_as_exact_copies():
    docs = [Document("a", "Photo: Reuters"), Document("b", "Photo: Reuters"), Document("c", "Photo: AFP Reuters")]
    assert find_near_duplicates(docs, CFG) == {"b": ("a", 1.0)}
    assert find_near_duplicates([Document("x", ""), Document("y", "")], CFG) == {}


def test_long_documents_are_compared_on_samples():
    a = _words(0, 2000)
    b = _words(200, 2200)  # 90% shared
    c = _words(5000, 7000)
    sigs = [signature(Document(n, t), i, CFG) for i, (n, t) in enumerate([("a", a), ("b", b), ("c", c)])]
    assert sigs[0].sample.size == CFG.sample_size
    cont, jac = similarity(sigs[0], sigs[1], CFG.sample_size)
    assert 0.8 <= cont <= 1.0 and 0.7 <= jac <= 0.95
    assert similarity(sigs[0], sigs[2], CFG.sample_size) == (0.0, 0.0)
    dups = decide(sigs, CFG, {i: 0.0 for i in range(3)}, ids=dict(enumerate("abc")))
    assert [(d.id, d.kept_id) for d in dups] == [("b", "a")]


def test_a_mass_of_copies_is_bounded_and_all_point_to_the_first():
    text = (FIX / "market.txt").read_text(encoding="utf-8")
    small = DedupConfig(max_bucket=10)
    docs = [Document(f"copy{i:03d}", text) for i in range(4 * small.max_bucket)]
    dups = find_near_duplicates(docs, small)
    assert len(dups) == len(docs) - 1
    assert {k for k, _ in dups.values()} == {"copy000"}


def test_content_words_fold_case_and_endings():
    assert content_words("The Rings were SOLD") == content_words("the ring was sold")
    assert "the" not in content_words("the ring")
    assert "2020" in content_words("in 2020")


def test_lsh_catches_weak_true_pairs_and_few_chance_ones():
    assert candidate_probability(0.35, CFG) > 0.95  # a truncated re-translation is almost always a candidate
    assert candidate_probability(0.6, CFG) > 0.999
    assert candidate_probability(0.08, CFG) < 0.005  # unrelated news articles rarely are
    assert candidate_probability(0.02, CFG) < 1e-5


def test_signatures_do_not_depend_on_the_process():
    code = ("from textfix.corpus.neardup import signature; from textfix.config import DedupConfig; "
            "from textfix.document import Document; s = signature(Document('x', 'Kamchatka earthquake "
            "magnitude 6.8 struck Tuesday'), 0, DedupConfig()); print(list(s.bands[:5]), list(s.sample))")
    env = dict(os.environ, PYTHONPATH=str(FIX.parent.parent), PYTHONHASHSEED="123")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(env, PYTHONHASHSEED=seed),
                           check=True).stdout for seed in ("1", "2")}
    assert len(outs) == 1


@pytest.mark.parametrize("field", ["threshold", "min_jaccard", "min_combined"])
def test_thresholds_are_settings(field):
    docs = _docs("quake_a.txt", "quake_b.txt")
    strict = DedupConfig(**{field: 1.99 if field == "min_combined" else 0.99})
    assert find_near_duplicates(docs, strict) == {}


def test_two_pages_of_one_site_are_not_one_document():
    menu = "\n".join(f"Section {w}" for w in "news sport weather travel money culture science health cars jobs".split())
    notice = ("We use cookies to improve your experience on our website and to show you relevant advertising.\n"
              "Enter your details below or click an icon to log in with your account and leave a comment.\n")
    pages = [Document(n, menu + "\n" + (FIX / n).read_text(encoding="utf-8") + notice)
             for n in ("market.txt", "quake_relief.txt")]
    assert find_near_duplicates(pages, CFG) == {}


def test_a_store_keeps_samples_on_disk_and_verifies_the_same():
    docs = _docs("quake_a.txt", "quake_b.txt", "quake_c.txt", "quake_relief.txt", "market.txt")
    docs += [Document(f"long{i}", _words(i * 400, i * 400 + 600)) for i in range(3)]  # samples cut at 256
    docs.insert(0, Document("empty", "..."))  # no words: no band keys
    sigs = [signature(d, i * 3, CFG) for i, d in enumerate(docs)]  # positions need not be consecutive
    store = SignatureStore(CFG)
    for s in sigs:
        store.append(s)
    assert len(store) == len(sigs) and all(not s.sample_bytes for s in store)  # only band keys in memory
    assert [store.full(s.index) for s in store] == sigs
    assert verify(store, CFG) == verify(sigs, CFG) and verify(sigs, CFG)
    pairs = candidate_pairs(store, CFG)
    assert len(pairs) and np.array_equal(pairs, candidate_pairs(sigs, CFG))
    with pytest.raises(ValueError):
        store.append(sigs[0])  # out of input order
    store.close()


SMALL = DedupConfig(num_perm=24, lsh_rows=3, max_bucket=3)  # 8 bands; buckets of 4+ are capped


def _reference_pairs(sigs: list[Signature], config: DedupConfig) -> list[tuple[int, int]]:
    """Candidate pairs by the definition, slowly: a pair of some band's (capped) bucket sharing enough bands."""
    usable = sorted((s for s in sigs if s.band_bytes), key=lambda s: s.index)
    found = set()
    for band in range(len(usable[0].bands) if usable else 0):
        buckets: dict[int, list[Signature]] = {}
        for s in usable:
            buckets.setdefault(int(s.bands[band]), []).append(s)
        for members in buckets.values():
            for i in range(min(len(members), config.max_bucket)):
                for j in range(i + 1, len(members)):
                    a, b = members[i], members[j]
                    if int((a.bands == b.bands).sum()) >= config.lsh_min_bands:
                        found.add((a.index, b.index))
    return sorted(found)


def _random_sigs(rng: random.Random, n: int, keys: int, config: DedupConfig = SMALL) -> list[Signature]:
    """Signatures with band keys from a small alphabet (many collisions), some without words, gaps in positions."""
    bands = config.num_perm // config.lsh_rows
    out, index = [], 0
    for _ in range(n):
        index += rng.choice((1, 1, 1, 2, 5))
        if rng.random() < 0.1:
            out.append(Signature(index, 0, b"", b""))
            continue
        key = np.array([rng.randrange(keys) for _ in range(bands)], dtype=np.uint32)
        sample = np.array(sorted(rng.sample(range(1 << 20), 3)), dtype=np.uint32)
        out.append(Signature(index, 3, key.tobytes(), sample.tobytes()))
    return out


def _store(sigs: list[Signature], config: DedupConfig, block_rows: int) -> SignatureStore:
    store = SignatureStore(config, block_rows=block_rows)
    for s in sigs:
        store.append(s)
    return store


@pytest.mark.parametrize("pool", [neardup.POOL_PAIRS, 8])
def test_a_store_bands_across_blocks_as_a_list_does(monkeypatch, pool):
    monkeypatch.setattr(neardup, "POOL_PAIRS", pool)  # 8: the pool is folded and checked many times
    sigs = _random_sigs(random.Random(3), 90, keys=3)
    store = _store(sigs, SMALL, block_rows=7)  # 12 blocks on disk and a part block in memory
    expected = _reference_pairs(sigs, SMALL)
    assert len(expected) > 100
    assert [tuple(p) for p in candidate_pairs(sigs, SMALL).tolist()] == expected
    assert [tuple(p) for p in candidate_pairs(store, SMALL).tolist()] == expected
    assert any(len([s for s in sigs if s.band_bytes and s.bands[0] == k]) > SMALL.max_bucket for k in range(3))
    assert [store.full(s.index) for s in store] == sigs and list(store) == [
        Signature(s.index, s.size, s.band_bytes, b"") for s in sigs]
    usable = [s for s in sigs if s.band_bytes]
    assert np.array_equal(store.column(5)[[i for i, s in enumerate(sigs) if s.band_bytes]],
                          [s.bands[5] for s in usable])
    store.close()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(1, 4), st.integers(1, 9), st.integers(0, 2**32 - 1), st.sampled_from([2, 64]))
def test_store_and_list_give_the_defined_candidate_pairs(n, keys, block_rows, seed, pool):
    old = neardup.POOL_PAIRS
    neardup.POOL_PAIRS = pool
    try:
        sigs = _random_sigs(random.Random(seed), n, keys)
        store = _store(sigs, SMALL, block_rows)
        expected = _reference_pairs(sigs, SMALL)
        assert [tuple(p) for p in candidate_pairs(store, SMALL).tolist()] == expected
        assert [tuple(p) for p in candidate_pairs(sigs, SMALL).tolist()] == expected
        store.close()
    finally:
        neardup.POOL_PAIRS = old


def test_a_store_holds_a_few_bytes_a_document_in_memory():
    rng = random.Random(5)
    bands = CFG.num_perm // CFG.lsh_rows
    store = SignatureStore(CFG, block_rows=16)
    n = 3000
    for i in range(n):
        key = np.array([rng.randrange(1 << 32) for _ in range(bands)], dtype=np.uint32)
        store.append(Signature(i, 300, key.tobytes(), i.to_bytes(4, "little") * 256))
        if i == 1234:
            kept = Signature(i, 300, key.tobytes(), i.to_bytes(4, "little") * 256)
    held = sum(sys.getsizeof(v) for v in vars(store).values() if isinstance(v, (array, bytearray, bytes, np.ndarray)))
    assert held / n < 24 and store.memory_bytes() / n < 24  # band keys in memory would be 512 bytes a document
    assert store.full(1234) == kept  # read back from a block on disk
    assert store.verifiable(1234) == Signature(1234, 300, b"", kept.sample_bytes)
    store.close()
