"""Near-duplicate documents: re-translations found, different articles kept apart, no chains."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from textfix.config import DedupConfig
from textfix.corpus.neardup import (SignatureStore, candidate_pairs, candidate_probability, content_words, decide,
                                    find_near_duplicates, signature, similarity, verify)
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
