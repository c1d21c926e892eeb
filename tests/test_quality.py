"""The artifact score: lower for the cleaner of two copies of one text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.quality import WEIGHTS, artifact_breakdown, artifact_score

CLEAN = ("Ukrainian President Volodymyr Zelensky will speak in Paris on Thursday with the coalition of the "
         "willing about security guarantees. Experts call the talks premature.")
TITLE = ("Ukrainian President Volodymyr Zelensky Will Speak In Paris On Thursday With The Coalition Of The "
         "Willing About Security Guarantees. Experts Call The Talks Premature.")


def test_clean_text_scores_zero():
    assert artifact_score("The minister met the press on Friday. She said the talks would go on.") == 0.0


def test_signature_is_text_to_float():
    assert isinstance(artifact_score(CLEAN), float)
    assert set(artifact_breakdown(CLEAN)) == set(WEIGHTS)


def test_broken_title_case_scores_worse():
    assert artifact_score(TITLE) > artifact_score(CLEAN) + 0.3
    assert artifact_breakdown(TITLE)["title_case"] > 0.5


def test_sentence_initial_capitals_are_not_title_case():
    assert artifact_breakdown('The talks ended. "The deal is off," she said. In May: The end.')["title_case"] == 0


def test_intraword_capitals_garbled_words_and_lowercased_names_each_count():
    base = artifact_breakdown(CLEAN)
    assert artifact_breakdown(CLEAN.replace("Volodymyr", "VolodyMyr"))["intraword_caps"] > base["intraword_caps"]
    assert artifact_breakdown(CLEAN.replace("premature", "prematrue"))["unknown_words"] > base["unknown_words"]
    assert artifact_breakdown(CLEAN.replace("Paris", "paris"))["lowercased_names"] > base["lowercased_names"]


def test_mojibake_and_broken_punctuation_count():
    assert artifact_score(CLEAN.replace("will", "wilÃ©")) > artifact_score(CLEAN)
    assert artifact_score(CLEAN.replace("guarantees.", "guarantees ,.")) > artifact_score(CLEAN)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_has_a_finite_non_negative_score(text):
    score = artifact_score(text)
    assert 0.0 <= score < float("inf")
