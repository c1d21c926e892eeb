"""The library surface: a picklable Cleaner that fits the usual map functions, and Result's HTML."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

import textfix
from textfix import Cleaner, Config

DIRTY = "The cafÃ© &amp; bar is open.\n"
FIXED = "The café & bar is open.\n"
CLEAN = "A plain sentence that needs nothing.\n"


def test_cleaner_pickles_and_keeps_its_config():
    c = Cleaner(skip=["names"], text_field="body")
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.config == c.config and c2.text_field == "body"
    assert c2(DIRTY) == FIXED
    assert "names" not in repr(c2)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_cleaner_with_multiprocessing_pool_map(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    texts = [DIRTY, CLEAN, DIRTY + CLEAN]
    with multiprocessing.get_context(method).Pool(2) as pool:
        out = pool.map(Cleaner(), texts)
    assert out == [Cleaner()(t) for t in texts] == [FIXED, CLEAN, FIXED + CLEAN]


class _Series:
    """The part of pandas.Series that ``.map(func)`` uses: call func on each element, in order."""

    def __init__(self, values):
        self.values = list(values)

    def map(self, func):
        return _Series(func(v) for v in self.values)


def test_cleaner_as_a_pandas_like_map():
    s = _Series([DIRTY, CLEAN])
    assert s.map(Cleaner()).values == [FIXED, CLEAN]


def test_cleaner_as_a_datasets_like_map_per_record():
    rec = {"id": 7, "text": DIRTY, "lang": "en"}
    out = Cleaner()(rec)
    assert out == {"id": 7, "text": FIXED, "lang": "en", "textfix_edits": out["textfix_edits"]}
    assert out["textfix_edits"] >= 1
    assert rec["text"] == DIRTY  # the input record is not mutated


def test_cleaner_as_a_datasets_like_map_batched():
    batch = {"id": [1, 2], "content": [DIRTY, CLEAN]}
    out = Cleaner(text_field="content")(batch)
    assert out["content"] == [FIXED, CLEAN] and out["id"] == [1, 2]
    assert out["textfix_edits"][1] == 0 and out["textfix_edits"][0] >= 1


def test_cleaner_refuses_what_it_cannot_clean():
    with pytest.raises(TypeError, match="text"):
        Cleaner()(42)
    with pytest.raises(KeyError):
        Cleaner()({"body": DIRTY})


def test_cleaner_clean_returns_the_full_result():
    r = Cleaner(config=Config()).clean(DIRTY, id="doc-1")
    assert r.id == "doc-1" and r.text == FIXED and r.original() == DIRTY


def test_result_repr_html_uses_the_review_renderer():
    from textfix.io.review import render_result

    r = textfix.clean("x < y &amp; <b>cafÃ©</b>\n", only=["encoding"])
    page = r._repr_html_()
    assert page == render_result(r)
    assert "<del" in page and "<ins" in page and "&lt;b&gt;" in page  # the text is escaped
    assert 'data-stage="encoding"' in page
    unchanged = textfix.clean(CLEAN)._repr_html_()
    assert "no changes" in unchanged and "<del" not in unchanged


def test_clean_corpus_gives_the_same_results_for_any_jobs():
    texts = [DIRTY, CLEAN, DIRTY + CLEAN]
    one = [(r.text, r.edits) for r in textfix.clean_corpus(texts, jobs=1)]
    two = [(r.text, r.edits) for r in textfix.clean_corpus(texts, jobs=2)]
    assert one == two and one[0][0] == FIXED
