"""The artifact score: lower for the cleaner of two copies of one text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.quality import (WEIGHTS, ArtifactCounts, artifact_breakdown, artifact_counts, artifact_score,
                             is_known_word)
from textfix.rules import load_toml
from textfix.wordlist import english

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


def test_artifact_counts_is_a_dataclass_behind_the_score():
    counts = artifact_counts(TITLE)
    assert isinstance(counts, ArtifactCounts)
    assert counts.score() == artifact_score(TITLE)
    assert counts.rates() == artifact_breakdown(TITLE)
    assert counts.words == len(TITLE.split())


def test_apostrophes_possessives_and_plurals_are_not_unknown_words():
    text = "It’s the nutritionist’s advice, and the fireworks' smoke hung over the oligarchies."
    counts = artifact_counts(text)
    assert counts.unknown_words == 0 and counts.damage_signs() == 0
    assert artifact_counts(text.replace("’", "'")).score() == counts.score()


def test_rule_file_inflection_examples_are_known_only_through_the_rules():
    data = load_toml("repeats.toml")["quality"]["inflection"]
    for example in data["examples"]:
        assert example not in english() and is_known_word(example)


def test_one_name_spelled_several_ways_is_counted():
    steady = "Elísa plays for Valur. Elísa is a food scientist. Later Elísa cooks dinner."
    wobbly = "Elísa plays for Valur. Eliza is a food scientist. Later Elisha cooks dinner."
    assert artifact_counts(steady).name_variants == 0
    assert artifact_counts(wobbly).name_variants == 2
    assert artifact_counts(wobbly).damage_signs() > artifact_counts(steady).damage_signs()


def test_a_name_and_its_inflections_are_not_variants():
    text = "Russia said Russian troops left. Ukraine and Ukrainian officials met in Kyiv; Kyiv's mayor spoke."
    assert artifact_counts(text).name_variants == 0


def test_garbled_lower_case_words_and_stray_capitals_are_signs_of_damage():
    base = artifact_counts(CLEAN).damage_signs()
    assert artifact_counts(CLEAN.replace("premature", "prematrue")).damage_signs() == base + 1
    assert artifact_counts(CLEAN.replace("Experts", "EXperts")).damage_signs() == base + 1
