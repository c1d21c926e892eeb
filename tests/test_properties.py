"""Properties of the whole default pipeline, on degenerate and realistic input.

These guard every stage, present and future: whatever a stage proposes, the
pipeline must not fail, must reach a fixed point, and must keep an exact,
reversible record of what it changed. And clean prose must come out unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

import textfix
from textfix import apply_edits, unapply_edits

from strategies import realistic_texts, texts

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "layout" / "clean_paragraphs.txt"


def _check(x: str) -> None:
    r = textfix.clean(x)
    assert not [f for f in r.findings if f.rule == "internal-error"], r.findings
    assert apply_edits(x, r.edits) == r.text
    assert unapply_edits(r.text, r.edits) == x
    again = textfix.clean(r.text)
    assert again.text == r.text, (r.text, again.edits)


@_SETTINGS
@given(texts)
def test_pipeline_is_safe_reversible_and_idempotent(x):
    _check(x)


@settings(max_examples=60, deadline=None)
@given(realistic_texts())
# Found by this test: reported speech repeated with another reporting verb was taken for a pull-quote.
@example('Trump said that the talks will continue. “The talks will continue,” Trump said. "The summit ended without '
         'a deal, and the talks will continue," Trump said.\n"The summit ended without a deal, and the talks will '
         'continue," Trump denied.')
def test_generated_clean_prose_is_unchanged(x):
    """Generated news prose has no artifacts except, possibly, layout at its edges."""
    r = textfix.clean(x)
    assert r.text == x, r.explain()


def _clean_paragraphs() -> list[str]:
    return [p.strip("\n") for p in _CLEAN.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def test_there_are_about_thirty_clean_paragraphs():
    assert len(_clean_paragraphs()) >= 30


@pytest.mark.parametrize("paragraph", _clean_paragraphs(), ids=lambda p: p[:30])
def test_well_formed_paragraph_passes_unchanged(paragraph):
    r = textfix.clean(paragraph)
    assert r.edits == [], r.explain()


def test_well_formed_document_passes_unchanged_in_both_conventions():
    paragraphs = _clean_paragraphs()
    for sep in ("\n", "\n\n"):
        doc = sep.join(paragraphs) + "\n"
        r = textfix.clean(doc)
        assert r.edits == [], r.explain()
