"""The `repeats` stage: what it drops (one copy of a repeat), and what it must leave alone."""

import random
import time
from dataclasses import replace
from pathlib import Path

import pytest
import regex

from textfix import apply_edits, clean
from textfix.config import Config
from textfix.document import Document
from textfix.quality import artifact_breakdown
from textfix.rules import load_toml
from textfix.stages.base import Context
from textfix.stages.repeats import Repeats, _chain, _code_flags, _is_code, _attribution, _list_item, _norm, find_duplicate_translation
from textfix.wordlist import english

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "repeats"


def run(text: str, **repeats):
    cfg = Config()
    if repeats:
        cfg = replace(cfg, repeats=replace(cfg.repeats, **repeats))
    return Repeats().propose(Document("t", text), Context(cfg))


def cleaned(text: str) -> str:
    return clean(text, only=["repeats"]).text


# --------------------------------------------------------------------------- rules are data

def test_every_rule_file_example_matches_its_rule():
    data = load_toml("repeats.toml")
    for example in data["quality"]["examples"]:
        assert artifact_breakdown(example)["title_case"] > 0.5
    for example in data["breadcrumb"]["examples"]:
        title = example.rsplit("»", 1)[1].strip()
        assert Repeats._trail(example, title) == "Home » News »"
    for example in data["code"]["examples"]:
        assert _is_code(example)
    for example in data["list_item"]["examples"]:
        assert _list_item().match(example)
    for example in data["attribution"]["examples"]:
        assert _attribution().search(example)


# --------------------------------------------------------------------------- golden fixtures

@pytest.mark.parametrize("name,rule", [("pull_quote", "pull-quote"), ("title", "repeated-title"),
                                       ("translation", "duplicate-translation")])
def test_golden_fixture(name, rule):
    src = (FIXTURES / f"{name}.input.txt").read_text(encoding="utf-8")
    want = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
    result = clean(src, only=["repeats"])
    assert result.text == want
    assert {e.rule for e in result.edits} == {rule}
    assert apply_edits(src, result.edits) == result.text
    assert cleaned(result.text) == result.text  # idempotent


def test_translation_fixture_keeps_the_correctly_cased_copy_and_says_why():
    src = (FIXTURES / "translation.input.txt").read_text(encoding="utf-8")
    result = clean(src, only=["repeats"])
    assert "VolodyMyr" not in result.text and "Volodymyr Zenskyp" in result.text
    (edit,) = result.edits
    assert "artifact score first copy" in edit.reason and "second copy" in edit.reason
    assert "similarity" in edit.reason


def test_cleaner_second_copy_is_kept():
    lines = (FIXTURES / "translation.input.txt").read_text(encoding="utf-8").splitlines()
    swapped = "\n".join(lines[6:] + lines[:6]) + "\n"
    out = cleaned(swapped)
    assert out == "\n".join(lines[:6]) + "\n"


# --------------------------------------------------------------------------- duplicate translations

ARTICLE_A = """City council approves new tram line to the airport
The city council on Tuesday approved plans for a new tram line linking the central station with the airport, a project expected to cost 420 million euros.
Construction is due to start next spring and the first trams should run in 2029, the mayor told reporters after the vote.
Opposition members criticised the budget, saying the money would be better spent on repairing existing bus routes in the suburbs.
"""

ARTICLE_B = """City Council Backs New Airport Tram Line
On Tuesday the City Council Approved a Plan for a new tram line that will link the central station to the airport, a project that is expected to cost 420 million euros.
Building Work Is Set To Begin Next Spring, And The First Trams Should Be Running By 2029, The Mayor Told Journalists After The Vote.
Members of the opposition criticized the budget and said the money would be better used to repair the existing bus lines in the suburbs.
"""

# Same city, same council, same week: a different article.
ARTICLE_C = """Airport tram line: residents fear years of noise
Residents of the northern districts gathered outside the town hall on Wednesday to protest against the tram line to the airport approved by the council.
Many of them say the construction site will bring years of noise and dust, and that their streets were never consulted during the planning.
The mayor promised a public meeting next month and said that night work would be kept to a minimum.
"""


def test_two_translations_of_one_article_keep_one():
    out = cleaned(ARTICLE_A + ARTICLE_B)
    assert out == ARTICLE_A


def test_blank_line_paragraphs_are_handled_too():
    a = ARTICLE_A.replace("\n", "\n\n")
    b = ARTICLE_B.replace("\n", "\n\n")
    assert cleaned(a + b) == a


def test_two_articles_on_one_topic_both_stay():
    text = ARTICLE_A + ARTICLE_C
    assert cleaned(text) == text
    assert cleaned(ARTICLE_C + ARTICLE_B) == ARTICLE_C + ARTICLE_B


def test_a_merged_paragraph_does_not_hide_the_copy():
    b = ARTICLE_B.splitlines()
    merged = "\n".join(b[:2] + [b[2] + " " + b[3]]) + "\n"
    assert cleaned(ARTICLE_A + merged) == ARTICLE_A


def test_an_unaligned_headline_of_the_second_copy_goes_with_it():
    # A's headline is gone (boilerplate took it); B's headline aligns with nothing
    # but resembles A's opening more than B's ending: it is B's head, dropped with B.
    a = "\n".join(ARTICLE_A.splitlines()[1:]) + "\n"
    headline = "Tram To The Airport: City Council Approves A New Line From The Central Station\n"
    b = headline + "\n".join(ARTICLE_B.splitlines()[1:]) + "\n"
    assert cleaned(a + b) in (a, b)  # one whole copy: never A plus B's headline, nor B without it
    assert cleaned(b + a) in (a, b)


def test_clean_copies_differing_in_damage_keep_the_careful_one():
    careful = ("Elísa Viðarsdóttir plays football with Valur and works as a food scientist in the city.\n"
               "Elísa says that she needs a lot of energy, so she usually takes the time to cook good food.\n"
               "In the evening Elísa and her daughter watch one episode of a show to clear their minds.\n"
               "Elísa does not follow any particular diet, but she eats a wide variety of foods every day.\n")
    careless = ("Eliza Viðarsdóttir plays football with Valur and works as a food scientist in the town.\n"
                "Elisha says she needs a lot of energy, and she usually makes time to cook good foods.\n"
                "In the evening Elísa and her daughter watch one show to empty their minds, she said.\n"
                "Elisa does not follow any particular diet but she eats a wide variety of foods every day.\n")
    for text in (careless + careful, careful + careless):
        result = clean(text, only=["repeats"])
        assert result.text == careful
        assert "signs of damage" in result.edits[0].reason


def test_alignment_must_be_monotone():
    b = ARTICLE_B.splitlines()
    shuffled = "\n".join([b[0], b[3], b[2], b[1]]) + "\n"
    norms = [_norm(x) for x in (ARTICLE_A + shuffled).splitlines()]
    match = find_duplicate_translation(norms, Config().repeats)
    assert match is None


def test_chain_is_the_best_monotone_subset():
    pairs = [(0, 4, 90.0), (1, 6, 80.0), (2, 5, 85.0), (3, 7, 70.0)]
    chain = _chain(pairs, 55.0)
    assert [(i, j) for i, j, _ in chain] == [(0, 4), (2, 5), (3, 7)]
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(chain, chain[1:]))


# --------------------------------------------------------------------------- repeated paragraphs

PARA = ("The regional government said on Monday that the new hospital wing would open in March, "
        "two months later than planned, because of delays in the delivery of medical equipment.")


def test_exact_repeat_of_a_paragraph_is_dropped_keeping_the_first():
    text = f"Headline of the story\n{PARA}\nA second paragraph says something else entirely here.\n{PARA.upper()}\n"
    result = clean(text, only=["repeats"])
    assert result.text == f"Headline of the story\n{PARA}\nA second paragraph says something else entirely here.\n"
    assert [e.rule for e in result.edits] == ["duplicate-paragraph"]


def test_near_exact_repeat_with_a_short_tail_is_dropped():
    text = f"{PARA}\nSomething else is said here, in a short line of its own.\n{PARA} Read more\n"
    assert cleaned(text) == f"{PARA}\nSomething else is said here, in a short line of its own.\n"


def test_two_different_score_lines_stay():
    text = ("Manchester City beat Norwich 5-0 at home on Sunday, with two goals from Kevin De Bruyne "
            "and one each from Gabriel Jesus, Riyad Mahrez and Raheem Sterling.\n"
            "Manchester City beat Norwich 3-0 at home on Sunday, with two goals from Kevin De Bruyne "
            "and one each from Gabriel Jesus, Riyad Mahrez and Raheem Sterling.\n")
    assert cleaned(text) == text


def test_near_identical_notices_that_name_different_services_stay():
    text = ("If you click this button, personal data will be transferred to Twitter. Do you agree with "
            "this transfer of your data to a third party?\n"
            "If you click this button, personal data will be transferred to Facebook. Do you agree with "
            "this transfer of your data to a third party?\n")
    assert cleaned(text) == text


def test_a_refrain_stays_and_is_only_reported():
    refrain = "And still we sing of the river that carries us home, of the river that never sleeps at all."
    text = "\n".join([refrain, "The first verse tells of the village.", refrain,
                      "The second verse tells of the harbour.", refrain]) + "\n"
    result = clean(text, only=["repeats"])
    assert result.text == text
    assert result.findings and all(f.rule == "duplicate-paragraph" for f in result.findings)


def test_a_table_of_contents_and_its_headings_stay():
    text = ("Contents\nWhy the new tram line costs more than planned\nWhat residents can expect\n"
            f"Why the new tram line costs more than planned\n{PARA}\nWhat residents can expect\n"
            "Night work will be kept to a minimum, and the streets will reopen as soon as possible.\n")
    assert cleaned(text) == text


def test_a_list_of_similar_short_items_stays():
    text = ("Opening hours of the museum branches:\n"
            "Central branch: open Monday to Friday from 9 am to 6 pm, closed on public holidays.\n"
            "North branch: open Monday to Friday from 9 am to 5 pm, closed on public holidays.\n"
            "South branch: open Monday to Friday from 9 am to 6 pm, closed on public holidays.\n")
    assert cleaned(text) == text


# --------------------------------------------------------------------------- pull-quotes and titles

QUOTE = "We will not accept a deal that leaves half of the country in the dark this winter"
SOURCE = ("The energy minister rejected the proposal on Friday. " + QUOTE +
          ", she told parliament, adding that talks with the suppliers would continue next week.")


def test_a_pull_quote_is_dropped_and_the_paragraph_stays():
    text = f"Energy talks stall\nThe first paragraph sets out the background of the talks in some detail.\n{QUOTE}\n{SOURCE}\n"
    result = clean(text, only=["repeats"])
    assert result.text == text.replace(QUOTE + "\n", "", 1)
    assert [e.rule for e in result.edits] == ["pull-quote"]


def test_a_pull_quote_of_a_quotation_with_its_speaker_is_dropped():
    # The source is only the quotation and its speaker, not a paragraph twice the quote's length.
    said = f'"{QUOTE}," she said.'
    text = (f"Energy talks stall\nThe first paragraph sets out the background of the talks in some detail.\n"
            f"{said}\nThe suppliers said they would answer within a week, after a meeting of their board.\n"
            f'"{QUOTE}"\nThe talks resume on Monday, when the minister returns from Brussels.\n')
    result = clean(text, only=["repeats"])
    assert result.text == text.replace(f'"{QUOTE}"\n', "", 1)
    assert [e.rule for e in result.edits] == ["pull-quote"]


def test_a_quotation_repeated_far_away_stays():
    filler = [f"Paragraph {n} of the article discusses another aspect of the energy talks." for n in range(6)]
    text = "\n".join(["Energy talks stall", QUOTE] + filler + [SOURCE]) + "\n"
    assert cleaned(text) == text


def test_a_real_heading_stays():
    text = ("Energy talks stall\nThe minister and the suppliers\n"
            "The minister and the suppliers met on Friday for a third round of talks, which ended without agreement.\n")
    assert cleaned(text) == text


def test_a_title_repeated_at_the_top_is_dropped_once():
    text = "Energy talks stall as winter nears\nEnergy Talks Stall As Winter Nears\n" + SOURCE + "\n"
    assert cleaned(text) == "Energy talks stall as winter nears\n" + SOURCE + "\n"


def test_code_lines_repeat_on_purpose():
    code = "plot + theme(axis.text.x = element_text(size = 20)) # x-axis text size, a longer comment here\n"
    text = f"Example one\n{code}Some prose between the two examples, explaining the call.\nExample two\n{code}"
    assert cleaned(text) == text


# --------------------------------------------------------------------------- clean text, config

@pytest.mark.parametrize("seed", ["002", "003"])
def test_clean_seed_documents_are_left_alone(seed):
    path = next((FIXTURES.parent / "seeds" / "input").glob(f"{seed}_*.txt"))
    assert not run(path.read_text(encoding="utf-8")).edits


def test_switches_turn_rules_off():
    assert not run(ARTICLE_A + ARTICLE_B, translations=False).edits
    text = f"Energy talks stall\nThe first paragraph sets out the background.\n{QUOTE}\n{SOURCE}\n"
    assert not run(text, pull_quotes=False).edits
    title = "Energy talks stall as winter nears\nEnergy Talks Stall As Winter Nears\n" + SOURCE + "\n"
    assert run(title).edits and not run(title, titles=False).edits
    repeated = f"{PARA}\nSomething else.\n{PARA}\n"
    assert run(repeated).edits and not run(repeated, paragraphs=False).edits


def test_edits_drop_whole_lines_only():
    text = f"{PARA}\nSomething else.\n{PARA}\nThe end of the article, a line of its own.\n"
    for e in run(text).edits:
        assert e.before.strip() and e.after == ""
        assert e.start == 0 or text[e.start - 1] == "\n" or e.before.startswith("\n")
    assert regex.fullmatch(r"(?:[^\n]*\n)+", cleaned(text))


def test_long_document_twice_goes_through_the_banded_alignment():
    seeds = FIXTURES.parent / "seeds" / "input"
    lines = [ln.strip() for name in ("000", "002", "003") for path in seeds.glob(f"{name}_*.txt")
             for ln in path.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 60]
    # Every paragraph different, as in one long article: most longer words swapped at random
    # (a line said eight times with another number is a list of similar items, not an article).
    vocab = sorted(w for w, info in english().items() if w.isalpha() and 3.0 <= info.zipf <= 5.0)
    rng = random.Random(0)
    article = [regex.sub(r"[A-Za-z]{5,}", lambda m: m.group() if rng.random() < 0.3 else rng.choice(vocab), ln)
               for ln in (lines * 8)[:360]]
    assert len(article) * len(article) > 200 ** 2  # beyond the all-pairs matrix
    first = "\n".join(article) + "\n"
    second = "\n".join(ln.title() for ln in article) + "\n"
    alone = cleaned(first)  # (the seed lines hold pull-quotes of their own)
    assert cleaned(first + second) == alone
    assert cleaned(second + first) == alone


def test_code_flags_agree_with_is_code_line_by_line():
    text = ("x = f(a[0]) + g{b}; # code\nplain prose line without any of them\n\n"
            "a longer line of running prose (with one short aside) that reads like any sentence\nmy_ggp + theme(axis.text = element_text(size = 20))\n")
    doc = Document("t", text)
    assert _code_flags(text, doc.blocks) == [_is_code(b.text) for b in doc.blocks] == [True, False, False, True]


def test_refrains_and_generic_lines_do_not_pin_two_articles_together():
    # "Share this" between and inside two different articles on one topic: a line said
    # three times (or resembling many) takes no part in the alignment.
    share = "Share this article on social media"
    a, c = ARTICLE_A.splitlines(), ARTICLE_C.splitlines()
    text = "\n".join([a[0], share, *a[1:], share, c[0], share, *c[1:]]) + "\n"
    assert cleaned(text) == text
    norms = [_norm(x) for x in text.splitlines()]
    assert find_duplicate_translation(norms, Config().repeats) is None


def test_many_tiny_lines_stay_and_cost_little():
    rng = random.Random(3)
    lines = [rng.choice(["ok", "yes", "- item", "no", "x"]) + (f" {rng.randrange(97)}" if rng.random() < 0.6 else "")
             for _ in range(200_000)]
    text = "\n".join(lines) + "\n"
    t0 = time.process_time()
    result = run(text)
    assert not result.edits
    assert time.process_time() - t0 < 30  # ~1 s on a laptop; linear, not quadratic


MONOTONOUS = [
    ('“The talks will continue,” Trump said. "The talks will continue, and the talks will continue," '
     'Trump said. Trump added that security guarantees are essential.\n"The talks will continue, and '
     'security guarantees are essential," Trump said. Trump said that the summit ended without a deal. '
     'Trump added that the talks will continue.\nTrump said that the talks will continue. Trump said '
     'that security guarantees are essential. “The summit ended without a deal,” Trump said. Trump '
     'warned that the talks will continue.\n“Security guarantees are essential,” Trump said. "The talks '
     'will continue, and more than 30 countries have pledged support," Trump said.'),
    ('"The talks will continue, and the talks will continue," Trump said. "The talks will continue, and the '
     'summit ended without a deal," Trump said.\n“More than 30 countries have pledged support,” Trump said. '
     'Trump added that the talks will continue. "Security guarantees are essential, and security guarantees '
     'are essential," Trump said.\nTrump said that the talks will continue. “The talks will continue,” Trump '
     'said. Trump said that security guarantees are essential. Trump said that the summit ended without a '
     'deal.\nTrump said that more than 30 countries have pledged support. "The talks will continue, and more '
     'than 30 countries have pledged support," Trump said.'),
    ('"The talks will continue, and the talks will continue," Trump said. Trump added that the talks will '
     'continue. "The talks will continue, and a ceasefire is possible," Trump said.\n“More than 30 countries '
     'have pledged support,” Putin said. “The talks will continue,” Putin explained. "The talks will continue, '
     'and security guarantees are essential," Trump said.\nTrump said that the talks will continue. “The talks '
     'will continue,” Trump said. Trump said that the summit ended without a deal. Trump said that sanctions '
     'remain in place.\nTrump said that more than 30 countries have pledged support. "The talks will continue, '
     'and more than 30 countries have pledged support," Trump said.'),
]


@pytest.mark.parametrize("text", MONOTONOUS)
def test_monotonous_prose_is_not_two_copies(text):
    # Found by hypothesis: paragraphs rewording the same few sentences resemble each other
    # all round; a translated paragraph has one twin that stands out, not three look-alikes.
    assert cleaned(text) == text


def test_monotone_prose_with_two_like_paragraph_pairs_is_not_two_translations():
    # Found by the clean-prose property test: generated prose that rewords a few sentences aligned two
    # paragraph pairs (twin margin 18) and lost its first half as a "duplicate translation".
    x = ('Talks in Disarray\n'
         'Trump said that the talks will continue. “The talks will continue,” Trump said. "The talks '
         'will continue, and more than 30 countries have pledged support," Trump said. Trump said '
         'that security guarantees are essential.\n'
         'According to Trump, security guarantees are essential; security guarantees are essential.\n'
         'Trump said that the summit ended without a deal. Trump said that more than 30 countries '
         'have pledged support. "The talks will continue, and security guarantees are essential," '
         'Trump said.\n'
         'Trump said that sanctions remain in place. "Security guarantees are essential, and '
         'security guarantees are essential," Trump said.')
    assert clean(x).text == x


def test_reported_speech_repeating_the_body_is_not_a_pull_quote():
    # Found by the clean-prose property test: a quote with its speaker that restates the paragraph above.
    x = ("Trump said that the talks will continue. According to Trump, the summit ended without a deal; "
         "sanctions remain in place. Trump said that security guarantees are essential.\n"
         '"The summit ended without a deal, and sanctions remain in place," Trump said.')
    assert clean(x).text == x
