"""Golden tests: the shipped seed documents, cleaned as one corpus, give the reviewed outputs.

``fixtures/seeds/input`` holds the real documents textfix was created from;
``fixtures/seeds/expected`` their reviewed outputs (a missing expected file
means the document is dropped as a near-duplicate). Regenerate with
``python tools/update_golden.py`` and review the diff line by line.
"""

from pathlib import Path

import pytest

import textfix

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
INPUTS = sorted((SEEDS / "input").glob("*.txt"))


@pytest.fixture(scope="module")
def results():
    return {Path(r.id).name: r for r in textfix.clean_corpus(INPUTS)}


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_seed_matches_reviewed_output(results, path):
    result = results[path.name]
    expected = SEEDS / "expected" / path.name
    if not expected.exists():
        assert result.dropped, f"{path.name} should have been dropped as a near-duplicate"
        return
    assert not result.dropped
    assert result.text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_seed_edits_replay_and_undo(results, path):
    result = results[path.name]
    original = path.read_text(encoding="utf-8")
    assert textfix.apply_edits(original, result.edits) == result.text
    assert result.original() == original


def test_seed_outputs_are_fixed_points(results):
    kept = [textfix.Document(name, r.text) for name, r in sorted(results.items()) if not r.dropped]
    for again in textfix.clean_corpus(kept):
        assert again.text == results[again.id].text, f"{again.id}: a second clean changed {again.explain()}"
