"""The pipeline alone applies edits: it validates proposals, keeps order, and loops to a fixed point."""

from collections import Counter

import pytest

from textfix import Config, ConfigError, Document, Lexicon, apply_edits
from textfix.config import STAGE_ORDER
from textfix.pipeline import Pipeline
from textfix.stages import STAGES, Context, Proposal, Stage


class _Upper(Stage):
    name = "test-upper"

    def propose(self, doc, ctx):
        i = doc.text.find("x")
        if i < 0:
            return Proposal()
        # two overlapping proposals: the second must be refused, not applied
        return Proposal([self.edit(doc, i, i + 1, "X", "x", "test"), self.edit(doc, i, i + 1, "Y", "y", "test")])


class _Broken(Stage):
    name = "test-broken"

    def propose(self, doc, ctx):
        raise RuntimeError("boom")


def _pipeline(*stages):
    p = Pipeline(Config().with_stages(only=()))
    p.stages = list(stages)
    return p


def test_overlapping_edits_are_refused_and_reported():
    r = _pipeline(_Upper()).run(Document("d", "axbxc"))
    assert r.text == "aXbXc"  # two rounds: each round fixes the first x
    assert [f.rule for f in r.findings] == ["y"]
    assert apply_edits("axbxc", r.edits) == r.text
    assert r.stats["rounds"] == 3


class _Reporter(Stage):
    """Reports every "o", and changes the first "x" (so that the pipeline runs another round)."""

    name = "test-reporter"

    def propose(self, doc, ctx):
        findings = [self.finding(doc, i, i + 1, "o", "an o") for i, ch in enumerate(doc.text) if ch == "o"]
        i = doc.text.find("x")
        edits = [self.edit(doc, i, i + 1, "X", "x", "test")] if i >= 0 else []
        return Proposal(edits, findings)


def test_the_same_text_found_twice_is_two_findings_but_a_later_round_does_not_report_it_again():
    r = _pipeline(_Reporter()).run(Document("d", "oxo xo"))
    assert r.stats["rounds"] == 3
    assert [(f.start, f.step) for f in r.findings] == [(0, 1), (2, 1), (5, 1)]


def test_a_failing_stage_does_not_lose_the_document():
    r = _pipeline(_Broken()).run(Document("d", "text"))
    assert r.text == "text"
    assert r.findings[0].rule == "internal-error"


def test_stage_order_is_fixed_by_the_pipeline():
    cfg = Config().with_stages(only=("langid", "encoding", "casing"))
    assert [s.name for s in Pipeline(cfg).stages] == ["encoding", "casing", "langid"]
    assert list(STAGES) == list(STAGE_ORDER)


def test_unknown_stage_is_an_error_naming_it():
    with pytest.raises(ConfigError, match="unknown stage 'casinng'"):
        Config().with_stages(skip=("casinng",))


def test_lexicon_merges_by_addition_in_any_order():
    a = Lexicon.from_observations({"k": Counter(x=1, y=2)})
    b = Lexicon.from_observations({"k": Counter(x=3), "j": Counter(z=1)})
    c = Lexicon.from_observations({"j": Counter(z=4)})
    assert (a + b) + c == a + (b + c) == sum([c, b, a]) == Lexicon.merge([b, a, c])
    assert (a + b + c).n_docs == 3


def test_corpus_evidence_leaves_the_document_itself_out():
    own = {"k": Counter(x=1)}
    lex = Lexicon.from_observations(own) + Lexicon.from_observations({"k": Counter(x=1, y=1)})
    ctx = Context(Config(), lex, own)
    assert ctx.corpus_count("k", "x") == 1
    assert ctx.corpus_count("k", "y") == 1
    assert ctx.corpus_count("missing", "x") == 0
    assert ctx.corpus_docs == 1


def test_a_huge_line_is_masked_from_prose_stages(monkeypatch):
    """Over MAX_PARAGRAPH_CHARS, only stages declaring huge_paragraphs (encoding) touch a line."""
    import textfix.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_PARAGRAPH_CHARS", 200)
    huge = "A **bold** word , and cafÃ© &amp; co " * 10  # 370 characters
    text = "Some **bold** text , here.\n\n\n" + huge + "\nMore **bold** text , there.\n"
    r = Pipeline().run(Document("d", text))
    assert apply_edits(text, r.edits) == r.text
    assert r.text.startswith("Some bold text, here.\n\n") and r.text.endswith("\nMore bold text, there.\n")
    line = r.text.split("\n")[2]
    assert line == huge.replace("cafÃ© &amp;", "café &")  # encoding only: markup and layout left it alone
    skipped = {f.stage for f in r.findings if f.rule == "huge-paragraph"}
    assert "markup" in skipped and "layout" in skipped and "encoding" not in skipped
    again = Pipeline().run(Document("d", r.text))
    assert again.text == r.text and not again.edits


def test_later_rounds_skip_stages_that_would_propose_the_same():
    calls = []

    class _Count(Stage):
        name = "test-count"

        def propose(self, doc, ctx):
            calls.append(doc.text)
            return Proposal()

    r = _pipeline(_Upper(), _Count()).run(Document("d", "axbxc"))
    assert r.text == "aXbXc" and r.stats["rounds"] == 3
    # round 3 changes nothing: _Count, which already saw "aXbXc" and changed nothing, is not asked again
    assert calls == ["aXbxc", "aXbXc"]
