"""The casing stage: Title Case sentences, intra-word capitals, lower-case names; never a correct word."""

from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.config import Config
from textfix.corpus.runner import CorpusRunner
from textfix.document import Document
from textfix.lexicon import Lexicon
from textfix.rules import load_toml
from textfix.stages.base import Context
from textfix.stages import casing
from textfix.stages.casing import NAMESPACE, Casing, _frequent_plural, analyse, shape

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "casing"
CLEAN = [p for p in (FIX / "clean_paragraphs.txt").read_text(encoding="utf-8").splitlines() if p.strip()]


def fix(text: str) -> str:
    return textfix.clean(text, only=["casing"]).text


def test_golden_title_case_document():
    got = textfix.clean((FIX / "title_case_input.txt").read_text(encoding="utf-8"), only=["casing", "names"])
    assert got.text == (FIX / "title_case_expected.txt").read_text(encoding="utf-8")
    assert all(e.stage == "casing" and e.reason and e.confidence >= 0.8 for e in got.edits)


def test_title_case_body_sentence_is_recased_but_headline_kept():
    text = ("Russia And China Grow Closer\n"
            "The talks went on for hours and nobody was in a hurry.\n"
            "The Russian Delegation Met Chinese Leaders On Wednesday At A Summit In Tianjin, Officials Said.\n")
    out = fix(text).splitlines()
    assert out[0] == "Russia And China Grow Closer"
    assert out[2] == "The Russian delegation met Chinese leaders on Wednesday at a summit in Tianjin, officials said."


def test_title_case_keeps_acronyms_and_pronoun_i():
    out = fix("The meeting was calm.\nThen I Said That NATO And The EU Must Act Together On This Issue Now.\n")
    assert out.splitlines()[1] == "Then I said that NATO and the EU must act together on this issue now."


@pytest.mark.parametrize("bad,good", [("protestErs", "protesters"), ("weRe", "were"), ("financinG", "financing"),
                                      ("PreviOusly", "Previously"), ("VolodyMyr", "Volodymyr")])
def test_intraword_capitals_are_repaired(bad, good):
    assert fix(f"The report said that {bad} things changed.") == f"The report said that {good} things changed."


@pytest.mark.parametrize("name", ["McDonald", "iPhone", "YouTube", "DeSantis", "McClain", "LaGuardia", "MPs",
                                  "PhD", "iPhones", "YouTubers"])
def test_real_mixed_case_names_stay(name):
    text = f"The report said that {name} was mentioned twice."
    assert fix(text) == text


def test_lower_case_name_capitalised_on_document_evidence():
    text = ("Vladimir Putin spoke on Monday. Aides to Putin said that Putin was tired, and critics of Putin agreed. "
            "Later putin left the room.")
    assert fix(text).endswith("Later Putin left the room.")


def test_common_word_is_not_capitalised():
    text = ("Donald Trump spoke on Monday. Aides to Trump said that Trump was tired. "
            "He played his trump card, and the weather in may was fine.")
    assert fix(text) == text


def test_lexicon_capitalises_unambiguous_place_names():
    assert fix("The delegation travelled from germany to france last week.") == \
        "The delegation travelled from Germany to France last week."
    # A name the lexicon saw only a few times needs support from the text itself (a place's name has the
    # GeoNames list: see the test of places below).
    assert fix("They read kafka.") == "They read kafka."
    assert fix("They read Kafka on Monday and quoted kafka on Friday.").endswith("quoted Kafka on Friday.")


def test_descriptive_words_are_not_capitalised_from_old_company_names():
    text = "The company sells wireless phones, and much ado was made about the stoic man."
    assert fix(text) == text


def test_all_caps_sentence_is_recased_and_acronyms_stay():
    text = "The summit ended.\nTHE NATO SUMMIT IN BRUSSELS ENDED WITHOUT AN AGREEMENT ON UKRAINE.\n"
    out = fix(text).splitlines()[1]
    assert out.startswith("The NATO summit in Brussels ended without an agreement on")
    assert "NATO" in out and out.endswith("Ukraine.")


def test_all_caps_headline_stays():
    text = "BREAKING NEWS FROM KYIV\nThe city was quiet.\n"
    assert fix(text) == text


def test_low_confidence_is_a_finding_not_an_edit():
    r = textfix.clean("The startup SkyBrand opened an office.", only=["casing"])
    assert r.text == "The startup SkyBrand opened an office."
    assert any(f.rule == "intraword" and f.suggestion == "Skybrand" for f in r.findings)


def test_clean_paragraphs_pass_through_unchanged_as_one_document():
    text = "\n".join(CLEAN) + "\n"
    r = textfix.clean(text, only=["casing"])
    assert r.text == text, r.explain()


def test_clean_paragraphs_pass_through_unchanged_as_a_corpus():
    results = list(textfix.clean_corpus(CLEAN, only=["casing", "names"]))
    assert [r.text for r in results] == CLEAN, "\n".join(r.explain() for r in results if r.edits)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=6))
def test_property_clean_paragraphs_never_change(paragraphs):
    text = "\n\n".join(paragraphs)
    assert textfix.clean(text, only=["casing", "names"]).text == text


def test_idempotent():
    once = textfix.clean((FIX / "title_case_input.txt").read_text(encoding="utf-8"), only=["casing"]).text
    assert textfix.clean(once, only=["casing"]).text == once


def test_observe_counts_trusted_mid_sentence_casing_and_merges():
    doc = Document("a", "Officials in Kyiv said the talks with Moscow were over.\nA Title Case Line With Kyiv\n")
    obs = Casing().observe(doc, Config())[NAMESPACE]
    assert isinstance(obs, Counter)
    assert obs["m\tkyiv\ttitle"] == 1  # the heading is not trusted evidence
    assert obs["m\tofficials\ttitle"] == 0  # sentence starts are not evidence
    merged = Lexicon.from_observations({NAMESPACE: obs}) + Lexicon.from_observations({NAMESPACE: obs})
    assert merged.counter(NAMESPACE)["m\tkyiv\ttitle"] == 2


def test_corpus_evidence_capitalises_a_name_the_document_never_spells_right():
    other = Document("o", "Officials said Navalnaya met Navalnaya supporters. Critics of Navalnaya agreed.")
    doc = Document("d", "The speech by navalnaya was long.")
    stage = Casing()
    cfg = Config()
    own = stage.observe(doc, cfg)
    lex = Lexicon.from_observations(stage.observe(other, cfg)) + Lexicon.from_observations(own)
    prop = stage.propose(doc, Context(cfg, lex, own))
    assert [e.after for e in prop.edits] == ["Navalnaya"]
    assert "corpus" in prop.edits[0].reason


def test_analyse_marks_sentence_starts_and_headings():
    sents = analyse(Document("x", "Short Heading Here\nIt rained. Then it stopped: Nobody cared.\n"))
    assert sents[0].heading and not sents[1].heading
    starts = [w.text for s in sents for w in s.words if w.initial]
    assert starts == ["Short", "It", "Then", "Nobody"]


_LICENCE = ("The licence lets you copy the program. You may charge a fee for it, and you may offer support for "
            "a fee.\n\n{}\n\nNo covered work shall be deemed part of an effective technological measure under any "
            "law.\n")


@pytest.mark.parametrize("marker", ["3. ", "(b) ", "IV. ", "• "])
def test_a_numbered_or_bulleted_heading_keeps_its_capitals_and_its_full_stop(marker):
    text = _LICENCE.format(marker + "Protecting Users' Legal Rights From Anti-Circumvention Law.")
    assert textfix.clean(text, only=["casing"]).text == text


def test_the_same_line_without_a_list_marker_is_a_title_case_sentence():
    text = _LICENCE.format("Protecting Users' Legal Rights From Anti-Circumvention Law.")
    assert "Protecting users' legal rights from anti-" in textfix.clean(text, only=["casing"]).text


def test_a_long_numbered_line_is_a_sentence_not_a_heading():
    line = ("3. The Minister Said That The Government Would Raise Taxes On Fuel And Tobacco Next Year To Pay For "
            "Schools.")
    assert "3. The minister said that the government would raise" in textfix.clean(_LICENCE.format(line),
                                                                                   only=["casing"]).text


@pytest.mark.parametrize("text", [
    "Never Trump Republicans willing to back a Democrat haven’t really gotten behind a single candidate.\n",
    "Billie Holliday replied, “Shit, man, I ain’t never read that book.”\n",
])
def test_contractions_with_a_typographic_apostrophe_are_common_words(text):
    # The lexicons spell them with ': "haven’t" after a name was an unknown word, so a name's tail.
    assert textfix.clean(text, only=["casing"]).text == text


@pytest.mark.parametrize("text", [
    "Hadvar sets off, and I traipse nervously behind him.\n",  # the pronoun is no name
    "The function maps Q displaystyle values to a table.\n",  # nor is a single letter
    "Yesterday Nixon rebooted the reporters at the meeting.\n",  # an inflection of a common word
    "Yesterday Nixon carpooled with the reporters to the meeting.\n",  # a verb after its subject
    # two common words joined, casing.toml [coinage]: 'state' + 'let', 'council' + 'member'
    "Two shells sat in the Caribbean statelet of St. Kitts and Nevis.\n",
    "The plan plagues the Republican councilmember before the vote.\n",
])
def test_an_unknown_word_after_a_capital_is_not_always_a_surname(text):
    assert textfix.clean(text, only=["casing"]).text == text


def test_the_article_of_a_name_keeps_its_capital_in_a_title_case_sentence():
    # The document writes "The Points Guy" after a lower-case word in its own sentences: "The" is the name's.
    text = "Edward Russell Is a Senior Reporter at The Points Guy. We would not recommend it on The Points Guy.\n"
    assert fix(text) == ("Edward Russell is a senior reporter at The Points Guy. "
                         "We would not recommend it on The Points Guy.\n")
    # Evidence from a Title Case sentence (its "The" is the damage's) or from nowhere does not count.
    assert fix("The Minister Said That He Met With The President On Monday. He said the president was tired.\n") \
        == "The minister said that he met with the president on Monday. He said the president was tired.\n"
    assert fix(text.replace("it on The", "it on the")).startswith("Edward Russell is a senior reporter at the ")


def test_a_word_capitalised_only_inside_one_name_is_not_a_name_elsewhere():
    # casing.toml [name_part]: "Desktop" is capitalised only in "Parallels Desktop"; "desktop" alone is the noun.
    names = " ".join(f"We tested Parallels Desktop {n} on a Mac." for n in range(10, 16))
    text = f"{names} It runs apps on the Windows desktop, the most trusted desktop of all.\n"
    assert fix(text) == text
    # A name the document writes alone too is still one ("the Desktop team").
    alone = f"{names} The Desktop team said so, and the Desktop team agreed. It runs on the Windows desktop.\n"
    assert "the Windows Desktop" in fix(alone)


def test_a_link_label_keeps_its_title_case():
    # casing.toml [link_label]: a Title Case sentence closing its line with a detached arrow is a link's label.
    ex = load_toml("casing.toml")["link_label"]["example"]
    text = f"Install the systems that Parallels supports, or see the operating systems list. {ex}\n"
    assert fix(text) == text
    assert fix(text.replace(" »", ".")) != text.replace(" »", ".")  # without its arrow: a damaged sentence


def test_a_function_word_of_another_language_is_no_surname():
    # German quoted in an English text: "schon" after "Sarah" is no surname (textfix.language's profiles).
    text = 'Both are valid: "Als Ingo in die Firma kam, war Sarah schon eingearbeitet," he wrote.\n'
    assert "Sarah schon" in textfix.clean(text, only=["casing"]).text


def test_an_unknown_word_after_a_first_name_is_still_its_surname():
    text = "In an interview with US Senators Jim risch and Jeanne Shaheen, the minister spoke.\n"
    assert "Jim Risch and" in textfix.clean(text, only=["casing"]).text


@pytest.mark.parametrize("text", [
    "What you need: A sparkly bra and black jeans are what you need here.\n",
    "I sprint down the mountain screaming, jumping rocks.\n",
    "She wore a jean jacket over a white shirt.\n",
    "They defended republican values, catholic tastes and roman type.\n",  # (casing.toml [ambiguous])
])
def test_a_noun_with_a_frequent_plural_is_not_a_name_on_the_lexicons_word_alone(text):
    assert textfix.clean(text, only=["casing"]).text == text


def test_a_place_the_casing_counts_do_not_know_is_capitalised_but_a_word_that_is_also_a_place_is_not():
    # english/places.tsv.gz (GeoNames): "kyiv" and "kharkiv" are no word of the casing counts, "ukraine" too rare
    text = "Officials in kyiv and kharkiv said they would support ukraine.\n"
    assert textfix.clean(text, only=["casing"]).text == "Officials in Kyiv and Kharkiv said they would support Ukraine.\n"
    words = "She danced the samba on the mesa near the woodlands, and the gent from nice paid in reading.\n"
    assert textfix.clean(words, only=["casing"]).text == words  # (casing.toml [places] exclude, the lexicon)


def test_every_excluded_place_is_a_place_of_the_list():
    import gzip
    from importlib.resources import files

    with gzip.open(files("textfix.data") / "english" / "places.tsv.gz", "rt", encoding="utf-8") as f:
        listed = {line.split("\t")[0] for line in f}
    assert set(load_toml("casing.toml")["places"]["exclude"]) <= listed


def test_a_nationality_is_capitalised_though_its_plural_is_frequent():
    # Russians, Germans, Americans: a people's name takes a plural; the lexicon has the adjective capitalised
    # hundreds of times and nearly never in lower case (casing.toml [frequent_plural] strong_title).
    text = "After the unrealistic russian proposal, the german and american delegations left.\n"
    assert textfix.clean(text, only=["casing"]).text == \
        "After the unrealistic Russian proposal, the German and American delegations left.\n"


def test_a_name_the_lexicon_knows_is_still_capitalised():
    text = "The ministers met in european capitals last week.\n"
    assert textfix.clean(text, only=["casing"]).text == text.replace("european", "European")


@pytest.mark.parametrize("text", [
    "Export models from SketchUp to the cloud.\n",  # the capital starts a word: a brand, reported only
    "Load the QUnit tests and check them with CPython.\n",
    "Visitors to the Musée d’Orsay in Paris queued for hours.\n",  # an elided article before a name
    "Contact me with news and offers from other Future brandsReceive email from us.\n",  # two words glued
    # identifiers in camel case: the whole is no English word, the capital starts one ('paused', 'exception')
    "* net,stream: add isPaused, don't read() when paused (Chris Dickinson)\n",
    "* dgram: remove new keyword from errnoException (Jackson Tian)\n",
])
def test_a_capital_that_starts_a_word_inside_a_name_is_not_repaired(text):
    r = textfix.clean(text, only=["casing"])
    assert r.text == text
    assert all(f.confidence < 0.8 for f in r.findings)


@pytest.mark.parametrize("damaged, repaired", [("KUlunda", "Kulunda"), ("VolodyMyr", "Volodymyr"),
                                               ("meTaverse", "metaverse"), ("protestErs", "protesters"),
                                               ("ukraIne", "Ukraine"), ("inCreased", "increased")])
def test_a_stray_capital_that_starts_no_word_is_repaired(damaged, repaired):
    text = f"The convoy reached the {damaged} checkpoint on Monday.\n"
    assert textfix.clean(text, only=["casing"]).text == text.replace(damaged, repaired)


_PROSE = "The method was first described in a paper that many later studies cite.\n"


@pytest.mark.parametrize("line", [
    '^ van der Maaten, L.J.P.; Hinton, G.E. (Nov 2008). "Visualizing Data Using t-SNE" (PDF). Journal of Machine '
    'Learning Research. 9: 2579–2605.',
    'Gashi, I.; Stankovic, V. (2009). "An Experimental Study of Diversity with Off-the-shelf AntiVirus Engines". '
    'Proceedings of the Symposium.',
])
def test_a_citation_keeps_the_title_case_of_its_titles(line):
    text = _PROSE + line + "\n"
    assert textfix.clean(text, only=["casing"]).text == text


def test_the_pronoun_i_is_still_capitalised_beside_a_citation_like_line():
    text = _PROSE + "Then i read the paper again, and i liked it.\n"
    assert textfix.clean(text, only=["casing"]).text == text.replace(" i ", " I ")


def test_an_index_in_a_flattened_formula_is_not_the_pronoun():
    text = "The similarity is p j ∣ i = exp ( − ‖ x i − x j ‖ 2 / 2 σ i 2 ) over all pairs.\n"
    assert textfix.clean(text, only=["casing"]).text == text


def test_a_quoted_title_in_a_sentence_case_line_keeps_its_capitals():
    text = 'Break some rules this Halloween with this ". . . Baby One More Time" costume.\n'
    assert textfix.clean(text, only=["casing"]).text == text


def test_a_quoted_title_in_a_damaged_line_is_recased_with_it():
    text = 'He Said That The Song "Baby One More Time" Was The Best Of All.\n'
    assert '"baby one more time"' in textfix.clean(text, only=["casing"]).text


_BODY = ("The head of the republic held a meeting with the champion, reports the website of the government.\n"
         "We are talking about a sports complex in the village, and a training centre in the district.\n")


@pytest.mark.parametrize("headline", [
    load_toml("casing.toml")["first_line"]["example"],  # closes with a full stop
    "Scale Reduction Due To Corona Fukushima, Soma Nomaoi First Day (Fukushima Central Television) - Yahoo! News",
])
def test_first_line_in_start_case_is_a_headline_not_a_damaged_sentence(headline):
    # Found on the near-duplicate dev set (real MT output): the headline was recased as a body sentence
    # ("(Fukushima central television)") because of its full stop, or because "Yahoo!" split it in two.
    doc = f"{headline}\n{_BODY}"
    assert fix(doc) == doc


def test_a_stopped_title_case_headline_is_recased_in_a_corpus_of_sentence_case_headlines():
    heads = ["Police detain two suspects after the robbery", "Floods hit the north of the country",
             "The mayor opens a new bridge over the river", "Schools close early for the winter holidays"]
    docs = [Document(str(i), f"{h}\n{_BODY.replace('republic', f'region {i}')}") for i, h in enumerate(heads)]
    docs.append(Document("x", load_toml("casing.toml")["first_line"]["example"] + "\n" + _BODY))
    out = list(CorpusRunner(Config().with_stages(only=("casing",))).run(docs))
    assert out[-1].text.splitlines()[0] == \
        "The head of Dagestan discussed with Khabib Nurmagomedov the construction of several sports facilities."


def test_a_first_line_with_a_full_stop_and_no_body_is_a_sentence():
    # Alone, the line is a sentence (no body below it for it to head): recased as before.
    line = load_toml("casing.toml")["first_line"]["example"] + "\n"
    assert fix(line) == "The head of Dagestan discussed with Khabib Nurmagomedov the construction of several " \
        "sports facilities.\n"


def test_an_address_is_spelt_as_its_owner_chose():
    rules = load_toml("casing.toml")
    doc = ("Debian ships this. The Debian project and the Debian maintainers build it for Debian users.\n"
           f"For general discussions and questions, {rules['address']['example']}.\n")
    assert fix(doc) == doc  # not "Debian-gcc@lists.debian.org"


@pytest.mark.parametrize("text", [
    'Use pipx (in the "pipx" Debian package) or the virtualenv tool (in the "virtualenv" Debian package).',
    "Starting with Debian 4.0 (lenny), the compilers support it.",
    "There is no such relation between haben + Partizip in German.",
])
def test_a_bracket_quote_or_symbol_ends_a_name(text):
    # An unknown lower-case word beside a name is its other half only across a space or a comma.
    assert fix(text) == text


def test_a_name_across_a_comma_is_still_a_name():
    out = fix("Zhukov posted a photo from kalyzazin, Tver Region, on Monday.")
    assert "from Kalyzazin, Tver Region" in out


@pytest.mark.parametrize("text", [
    "Tandoori roti, Naan and paratha are also served with this masala.",  # items of a list
    "You can make dishes like bhindi do pyaza, Kurkure bhindi and bharwa bhindi.",
    "Lunch in Delhi, naan included, costs little.",  # a name, then the rest of the sentence
])
def test_a_comma_parts_an_unknown_word_from_the_name_beside_it(text):
    # A first name before its surname, or a surname after its first name, stands across a space only; a
    # place before its region (above) is the comma's one exception (casing.toml [comma_name]).
    assert fix(text) == text
    assert fix(text.replace(", ", " ", 1)) != text.replace(", ", " ", 1)  # across a space: a name


def test_a_capital_that_starts_a_name_inside_a_word_is_reported_not_lowered():
    ex = load_toml("casing.toml")["glued_name"]["example"]
    r = textfix.clean(f"Posted on November 8, 2023 | 6:03 {ex} 8, 2023 by the staff.", only=["casing"])
    assert ex in r.text and not r.edits
    assert [f.text for f in r.findings if f.rule == "intraword"] == [ex]
    assert fix("The aLlies met in the city.") == "The allies met in the city."


def test_a_legal_notice_keeps_its_capitals():
    ex = load_toml("casing.toml")["legal_caps"]["example"]
    doc = f"Permission is granted to use it.\n{ex}\n"
    assert fix(doc) == doc
    # Hard-wrapped: the lines in capitals around the one that names the warranty belong to the same notice.
    wrapped = ("This library is distributed in the hope that it will be useful.\n\n"
               "  THERE IS NO WARRANTY FOR THE LIBRARY, TO THE EXTENT PERMITTED BY\n"
               "APPLICABLE LAW.  THE ENTIRE RISK AS TO THE QUALITY AND PERFORMANCE OF THE\n"
               "LIBRARY IS WITH YOU.  SHOULD THE LIBRARY PROVE DEFECTIVE, YOU ASSUME\n"
               "THE COST OF ALL NECESSARY SERVICING, REPAIR OR CORRECTION.\n")
    assert fix(wrapped) == wrapped


def test_a_name_after_a_lower_case_the_keeps_its_capitals():
    doc = "Contact the Free Software Foundation.\nThe Library is free software, and free software is good for you.\n"
    assert fix(doc) == doc  # was "the free software foundation"


@pytest.mark.parametrize("word", [load_toml("casing.toml")["compound"]["example"], "PyPy"])
def test_two_known_words_joined_by_a_capital_are_reported_not_lowered(word):
    r = textfix.clean(f"Add tests for the {word} subclasses in the code.", only=["casing"])
    assert word in r.text and [f.text for f in r.findings] == [word]
    assert fix("These are not tasks taken SeriOutly by the staff.") == "These are not tasks taken Serioutly by the staff."


@pytest.mark.parametrize("text", ["Turn it up to max volume and wait.", "He played the viola and the cello.",
                                  "Press cos and then sin on the calculator.", "Talk to a sales rep today."])
def test_a_common_word_the_lexicon_has_only_capitalised_is_not_made_a_name(text):
    assert fix(text) == text  # was "Max volume", "the Viola", "Cos", "a sales Rep"


def test_a_caption_keeps_its_title_case():
    ex = load_toml("casing.toml")["caption"]["example"]
    doc = f"The graph shows the data.\n{ex}\nFigure 2 shows the same graph.\n"
    assert fix(doc) == doc
    # "Figure" opening a damaged sentence is no label: the sentence is recased.
    assert fix("Figure Skating Is A Sport That Millions Of People Love To Watch.\n") == \
        "Figure Skating is a sport that millions of people love to watch.\n"


def test_a_labelled_title_in_a_paragraph_keeps_its_title_case():
    ex = load_toml("casing.toml")["title_label"]["example"]
    doc = f"We rounded up the trends of 2020, so you will be sure of what you want. {ex}\n"
    assert fix(doc) == doc
    unlabelled = "We rounded up the trends. The Five Biggest Haircut Trends Of 2020 Were Shown Yesterday.\n"
    assert fix(unlabelled) == "We rounded up the trends. The five biggest haircut trends of 2020 were shown yesterday.\n"


def test_a_headline_in_parts_is_a_heading():
    doc = ("The shop is open.\nWhat Is a Capsule Wardrobe? 10 Tips to Help You De-Clutter Your Closet\n"
           "The closet is full, and the tips help you.\n")
    assert fix(doc) == doc
    damaged = "The shop is open.\nAre You Ready? We Are Going Home Now And The Dog Is Coming Too.\n"
    assert fix(damaged) == "The shop is open.\nAre you ready? We are going home now and the dog is coming too.\n"


def test_a_known_two_word_name_is_capitalised_whole():
    assert fix("She moved to new york in january.") == "She moved to New York in January."  # not "new York"
    assert fix("They bought a new car in York last week.") == "They bought a new car in York last week."


def test_a_letter_where_the_pronoun_cannot_stand_is_a_variable():
    ex = load_toml("casing.toml")["letter_variable"]["example"]
    assert fix(f"The loop runs, and {ex}.") == f"The loop runs, and {ex}."
    assert fix("Yesterday i went home and i was tired, but you and i agreed.") == \
        "Yesterday I went home and I was tired, but you and I agreed."


def test_a_type_name_does_not_capitalise_the_common_noun():
    # Technical prose: "Node" is a type, "node" the concept; a word whose plural the document writes in lower
    # case is no name however often the document capitalises it. A name that is a count noun still is one.
    doc = ("Now our Node struct looks like this, and the Node type holds a Weak reference to the Node parent.\n"
           "A child node should not own its parent: if we drop a child node, the parent stays. All nodes agree.\n")
    assert fix(doc) == doc
    damaged = "The Valkyries won on Monday, and the Valkyries coach was happy. Fans said the valkyries played well.\n"
    assert fix(damaged) == damaged.replace("the valkyries", "the Valkyries")


def test_shape():
    assert [shape(w) for w in ("the", "The", "NATO", "McDonald", "I", "Putin's")] == \
        ["lower", "title", "upper", "mixed", "title", "title"]


def test_each_rule_matches_its_own_example():
    rules = load_toml("casing.toml")
    assert rules["known_mixed_case"]["example"] in rules["known_mixed_case"]["forms"]
    doc = f"The report said that {rules['known_mixed_case']['example']} was there."
    assert fix(doc) == doc
    ex = rules["name_prefixes"]["example"]
    assert any(regex.match(rf"^{regex.escape(p)}\p{{Lu}}", ex) for p in rules["name_prefixes"]["prefixes"])
    assert fix(f"The report said that {ex} was there.") == f"The report said that {ex} was there."
    assert rules["titles"]["example"] in rules["titles"]["words"]
    assert rules["ambiguous"]["example"] in rules["ambiguous"]["words"]
    assert rules["sentence"]["example"] in rules["sentence"]["starts_after"]
    assert regex.search(rules["citation"]["pattern"], rules["citation"]["example"])
    assert fix(rules["math_variable"]["example"] + "\n") == rules["math_variable"]["example"] + "\n"
    assert _frequent_plural(rules["frequent_plural"]["example"])
    assert regex.search(rules["after_name"]["verb_form"], rules["after_name"]["example"])
    assert fix(_LICENCE.format(rules["list_heading"]["example"])) == _LICENCE.format(rules["list_heading"]["example"])
    starts = [w.text for s in analyse(Document("x", "He said: Nobody came.")) for w in s.words if w.initial]
    assert starts == ["He", "Nobody"]


def test_ambiguous_word_capitalised_only_where_it_stands_alone():
    text = ("Donald Trump spoke on Monday. Aides to Trump said that Trump was tired, and allies of Trump agreed "
            "that Trump would act. He played his trump card. This is a puzzle for trump, who wants peace.")
    out = fix(text)
    assert "his trump card" in out
    assert "a puzzle for Trump, who" in out


@pytest.mark.parametrize("bad,good", [("PreviOutly", "Previoutly"), ("SeriOutly", "Serioutly"),
                                      ("GoloSheykin", "Golosheykin"), ("KaikoU", "Kaikou")])
def test_unknown_words_with_a_stray_capital_are_repaired(bad, good):
    assert fix(f"The report said that {bad} was there.") == f"The report said that {good} was there."


def test_compound_of_two_words_is_left_alone():
    assert fix("The report said that AdBlocker was there.") == "The report said that AdBlocker was there."


def test_institution_names_keep_their_capitals_in_title_case_sentences():
    text = ("The study was published.\nHe Works As A Researcher At Moscow State University And Writes For "
            "The Kyodo News Agency Every Week.\n")
    out = fix(text).splitlines()[1]
    assert "at Moscow State University and writes" in out
    assert "Kyodo News Agency every week." in out


@pytest.mark.parametrize("text", [
    "The nominees for best picture are The Power Of The Dog, Belfast, Dune And West Side Story, the academy said.",
    "She starred in Gone With The Wind and in The Lord Of The Rings before she retired.",
])
def test_titles_of_works_inside_a_normal_sentence_stay(text):
    assert fix(text) == text


def test_headline_style_title_case_body_sentence_is_recased():
    text = ("Trump Says He is Disappointed in Putin and Has Repeatedly Threatened to Impose Heavy Sanctions on "
            "Russia If New Negotiations Do Not Take Place Soon. He spoke.")
    assert fix(text).startswith("Trump says he is disappointed in Putin and has repeatedly threatened to impose")


def test_name_with_a_trailing_initial_is_left_alone():
    assert fix("Posted by: SteveS 2025-08-21 20:28") == "Posted by: SteveS 2025-08-21 20:28"


@pytest.mark.parametrize("brand", ["eToro", "iQiyi"])
def test_brand_style_lower_first_unknown_words_stay(brand):
    assert fix(f"The report said that {brand} was there.") == f"The report said that {brand} was there."


def test_newer_count_nouns_are_lowered_but_newer_names_kept():
    # Neither word has casing counts in the lexicon; the plural/singular frequency pair tells them apart.
    text = "Her Migraine Got Worse After Biden Spoke On Instagram About The Avatar Of The Party, Officials Said.\n"
    out = fix(text)
    assert "Her migraine got worse" in out and "Biden" in out and "Instagram" in out
    assert "the avatar of" in out


def test_count_noun_list_holds_nouns_not_names():
    from textfix.stages.casing import count_nouns
    nouns = count_nouns()
    assert {"migraine", "avatar", "workaholics"} <= nouns
    assert not {"biden", "instagram", "putin", "sanders", "lakers"} & nouns


def test_name_after_of_head_keeps_its_capitals_in_title_case_sentences():
    text = ("The Officials Of The Department Of Homeland Security Said On Monday That The New Rules Would Apply "
            "To Every Company In The Country.\n")
    out = fix(text)
    assert "Department of Homeland Security said on Monday" in out
    # A run that does not end in a head noun is left to the word evidence.
    out = fix("The Head Of The Group Said That A Number Of Small Companies Were Hit By The New Rules.\n")
    assert "a number of small companies were hit" in out


def test_of_heads_example_is_listed():
    rules = load_toml("casing.toml")
    assert rules["of_heads"]["example"] in rules["of_heads"]["words"]


def test_lower_case_unknown_word_in_title_case_sentence_is_a_name():
    text = "The Festival In The City Of kagoshima Drew Large Crowds From All Over The Region, Organisers Said.\n"
    out = fix(text)
    assert "the city of Kagoshima drew large crowds" in out
    # A word wordfreq does not know is more likely a typo or another language: left alone.
    text = "The Festival In The City Of zorvenika Drew Large Crowds From All Over The Region, Organisers Said.\n"
    assert "zorvenika" in fix(text)


def test_lexicon_name_lowered_everywhere_is_capitalised_next_to_a_name():
    text = ("The club paid a record fee for enzo Fernandez last week.\n"
            "Fans say enzo is the best player they have seen in years.\n")
    out = fix(text)
    assert "for Enzo Fernandez" in out


def test_unknown_word_in_a_list_of_names_is_capitalised():
    out = fix("The ferries stop at Rhodes, zorvenika, Samos and Kos during the summer season.\n")
    assert "Rhodes, Zorvenika, Samos" in out
    # A known common word between names stays.
    text = "The ferries stop at Rhodes, often, and at Samos during the summer season.\n"
    assert fix(text) == text


@pytest.mark.parametrize("bad,good", [("ALiExpress", "AliExpress"), ("YOuTube", "YouTube"), ("PaypAL", "PayPal")])
def test_known_mixed_case_name_with_wrong_capitals_is_respelled(bad, good):
    assert fix(f"The parcel was ordered on {bad} last week.\n") == f"The parcel was ordered on {good} last week.\n"


def test_name_capitalised_in_one_place_is_capitalised_where_the_document_lowers_it():
    text = ("The new drama stars zorvenik Yuta in the main role.\n"
            "Asked about the role, zorvenik Yuta said he was happy.\n"
            "In the first episode the hero is played by zorvenik, who also sings the theme song.\n")
    out = fix(text)
    assert "stars Zorvenik Yuta" in out and "played by Zorvenik," in out
    # One guess does not outweigh the places the word stands alone in lower case.
    text = ("The new drama stars zorvenik Yuta in the main role.\n"
            "In the first episode the hero is played by zorvenik, who also sings the theme song.\n")
    assert "played by zorvenik," in fix(text)


def test_word_after_a_kept_of_head_is_part_of_the_name():
    text = ("The Statement Was Issued By The Ministry Of Health On Monday After A Long Meeting With Doctors And "
            "Nurses.\n")
    out = fix(text)
    assert "the Ministry of Health on Monday after a long meeting" in out


def test_title_word_followed_by_a_comma_is_not_kept_as_a_title():
    text = ("He Was Detained Together With Their Minister, Artem Suvorov, Who Was Also Accused Of Taking "
            "Bribes.\n")
    out = fix(text)
    assert "together with their minister, Artem Suvorov, who was also accused" in out


def test_a_few_capitals_in_other_documents_do_not_keep_a_common_word():
    docs = ["The Project Manager Said The Project Would Be Finished Soon, And The Company Agreed With Her.\n",
            "She joined the Project last year.\nThe Project team met again in May.\n"]
    out = list(textfix.clean_corpus(docs, only=["casing"]))
    assert "said the project would be finished soon" in out[0].text


def test_ambiguous_name_in_a_list_of_countries_is_capitalised():
    text = "The summit was attended by Germany, France, Japan, china, and Australia last week.\n"
    assert "Japan, China, and Australia" in fix(text)
    # The same word outside a list of names stays as written.
    text = "She keeps the old china in a cabinet in the dining room.\n"
    assert fix(text) == text


def test_initial_before_a_full_stop_keeps_its_capital_in_title_case():
    text = "The Total Amount Of The Loans Was Paid Back In Full Last Year, A. Smailov Told The Reporters.\n"
    assert "last year, A. Smailov told the reporters." in fix(text)


def test_name_particles_stay_lower_case_in_title_case_sentences():
    rules = load_toml("casing.toml")
    assert rules["particles"]["example"] in rules["particles"]["words"]
    text = "The Students Of The Università degli Studi Di Milano Protested On Monday Against The New Fees.\n"
    assert "degli" in fix(text)


def test_mojibake_and_glued_words_are_not_stray_capitals():
    import textfix

    for text in ("The cafÃ© &amp; bar is open.\n", "Recipe byMobasir Hassan.\n"):
        assert textfix.clean(text, only=["casing"]).edits == []


# ----------------------------------------------------------------------------- headlines

_DAMAGED_BODY = ("The Officials Said On Monday That The Talks Between The Two Delegations Had Gone On For Many Hours "
                 "And That Nobody Was In A Hurry To Leave The Room Before The Final Statement Was Read Out. "
                 "They Added That A Second Round Of Talks Would Be Held In The Spring And That The Results Would "
                 "Be Published Later In The Year By The Ministry.\n")


def _propose_in_corpus(text: str, others: list[str]) -> list:
    stage, cfg = Casing(), Config()
    doc = Document("d", text)
    own = stage.observe(doc, cfg)
    lex = Lexicon.from_observations(own)
    for i, o in enumerate(others):
        lex = lex + Lexicon.from_observations(stage.observe(Document(f"o{i}", o), cfg))
    return stage.propose(doc, Context(cfg, lex, own))


def test_every_word_headline_of_a_damaged_document_gets_minor_words_lowered():
    text = "Talks Of The Two Delegations Go On For Hours\n" + _DAMAGED_BODY
    prop = _propose_in_corpus(text, [])
    head = [e for e in prop.edits if e.start < text.index("\n")]
    assert sorted(e.before for e in head) == ["For", "Of", "On", "The"]
    assert all(e.rule == "title-case-headline" for e in head)
    # No corpus headline style known: content words ("Delegations", "Go", "Hours") are not changed.
    assert not any(e.before in ("Delegations", "Go", "Hours") for e in head)


def test_every_word_headline_follows_the_corpus_sentence_case_headlines():
    others = [f"Minister {n} visited the port of Odessa on Monday\nThe visit was short.\n" for n in
              ("Smith", "Jones", "Brown", "Green")]
    text = "Talks Of The Two Delegations Go On For Hours\n" + _DAMAGED_BODY
    prop = _propose_in_corpus(text, others)
    head = {e.before: e.after for e in prop.edits if e.start < text.index("\n")}
    assert head.get("Delegations") == "delegations" and head.get("Of") == "of"


def test_every_word_headline_without_damage_in_the_body_is_kept():
    text = "Talks Of The Two Delegations Go On For Hours\nThe talks went on for hours and nobody was in a hurry.\n"
    assert fix(text) == text


def test_well_formed_headlines_are_kept_and_classified():
    from textfix.stages.casing import headline_parts, headline_style
    for line, style in (("Doctors Arrested in Connection with Contract Killing - Daily News", "title"),
                        ("Two more highways included in the list of federal roads", "sentence"),
                        ("Talks Of The Two Delegations Go On For Hours", "every-word")):
        sent = analyse(Document("x", line + "\nBody text here.\n"))[0]
        head, _ = headline_parts(sent, line)
        assert headline_style(head) == style, line
    sent = analyse(Document("x", "NATO discusses support of Ukraine - DW - 14.02.2023\n"))[0]
    assert headline_parts(sent, "NATO discusses support of Ukraine - DW - 14.02.2023\n")[1] == ("dw",)


def test_headline_minor_words_example_is_listed():
    rules = load_toml("casing.toml")
    assert rules["headline"]["example"] in rules["headline"]["minor_words"]


@pytest.mark.parametrize("bad,good", [("inCreased", "increased"), ("aLlies", "allies"), ("eXculpated", "exculpated"),
                                      ("tHis", "this")])
def test_stray_capital_after_a_short_word_is_repaired(bad, good):
    assert fix(f"The report said that {bad} things changed.") == f"The report said that {good} things changed."


@pytest.mark.parametrize("text", ["The post byMobasir was seen.", "He likes eSports and iMessage a lot.",
                                  "Follow @jSmith and #StopWar on the site, the editors said.",
                                  "There is an optimization used in git diff $treeA $treeB to borrow files."])
def test_glued_words_brands_handles_and_hashtags_stay(text):
    assert fix(text) == text


def test_glued_and_brand_examples_are_listed():
    rules = load_toml("casing.toml")
    assert rules["glued"]["example"] in rules["glued"]["function_words"]
    ex = rules["brand_prefixes"]["example"]
    assert ex[0] in rules["brand_prefixes"]["letters"] and fix(f"He sent an {ex} today.") == f"He sent an {ex} today."


def test_surname_after_a_strong_first_name_and_unknown_word_before_a_name():
    assert fix("According to Professor Douglas casa, the heat was the problem.") == \
        "According to Professor Douglas Casa, the heat was the problem."
    # An unknown word before a known name is not enough: French text in an English page ("Alerte Hwang").
    text = "It is based on the manga by morie Satoshi, which was serialized."
    assert fix(text) == text
    # A common word after a first name stays ("Edward spoke", "Douglas fir").
    for text in ("Then Edward spoke to the press.", "The Douglas fir grows tall."):
        assert fix(text) == text


def test_a_dash_in_a_headline_is_a_site_suffix_only_before_a_name():
    from textfix.stages.casing import headline_parts
    for line, site in (("Talks go on - Yahoo!News", ("yahoo",)), ("Talks go on | Shizuoka Shimbun", ("shizuoka", "shimbun")),
                       ("Cooking is a kind of meditation - see the chef's menu", ())):
        sent = analyse(Document("x", line + "\n"))[0]
        assert headline_parts(sent, line + "\n")[1][:2] == site, line


def test_acting_title_before_a_title_keeps_its_capital():
    text = ("The Officials Said That Acting Secretary Of Homeland Security Chad Wolf Met The Delegation On Monday "
            "And That The Talks Went Well.\n")
    assert "Acting Secretary" in fix("The talks were calm.\n" + text)


def test_institution_names_keep_their_middles_and_units():
    pre = "The talks were calm.\n"
    out = fix(pre + "The Minister Met Officials Of The Ministry Of Foreign Affairs On Monday And Said That The "
              "Talks Went Well Enough For Now.\n")
    assert "the Ministry of Foreign Affairs on Monday" in out
    out = fix(pre + "She Is A Senior Research Associate Of The Fundamental Medicine Department Of Moscow State "
              "University, The Doctor Said On Her Channel Today.\n")
    assert "the Fundamental Medicine Department of Moscow State University" in out
    out = fix(pre + "He Called The Local Police Department Of Boston On Monday And Said That The Talks Went Well "
              "Enough For Now.\n")
    assert "the local police" in out


def test_of_tails_example_is_listed():
    rules = load_toml("casing.toml")
    assert rules["of_tails"]["example"] in rules["of_tails"]["words"]


def test_intraword_fast_path_skips_only_words_the_rule_leaves_alone():
    # _decide skips words with no capital after the first letter (or under four letters) without calling
    # _intraword: on every word of the fixtures, _intraword must then have nothing to say.
    from textfix.stages.casing import _Evidence, _intraword
    ev = _Evidence(Counter(), Context(Config()), "")
    for path in sorted((FIX.parent).glob("**/*.txt"))[:40]:
        for sent in analyse(Document("x", path.read_text(encoding="utf-8", errors="replace"))):
            for w in sent.words:
                if len(w.text) < 4 or w.text[1:].islower():
                    assert _intraword(w, ev) is None, w.text


def test_observations_are_the_same_from_observe_and_from_the_cache():
    from textfix.stages.casing import observations
    text = (FIX / "title_case_input.txt").read_text(encoding="utf-8")
    a = Casing().observe(Document("x", text), Config())[NAMESPACE]
    a["extra"] += 1  # a caller adding to its copy does not change the next caller's
    b = Casing().observe(Document("x", text), Config())[NAMESPACE]
    assert b == observations(analyse(Document("x", text)), text) and "extra" not in b


@pytest.mark.parametrize("text", ["The loop was written as for i in range(10): print(i) and it worked.",
                                  "Use x[i] = i + 1 in the loop, he said."])
def test_loop_variable_i_in_code_is_not_the_pronoun(text):
    assert fix(text) == text


def test_pronoun_i_still_capitalised_next_to_punctuation():
    assert fix("Yesterday i went home, and then i ate. So i, too, left.") == \
        "Yesterday I went home, and then I ate. So I, too, left."


def test_surname_after_a_lower_case_first_name():
    assert fix("According to professor douglas casa, the heat was the problem.") == \
        "According to professor Douglas Casa, the heat was the problem."


def test_institution_name_without_an_article_keeps_its_capitals():
    pre = "The talks were calm.\n"
    out = fix(pre + "She Is An Academic Advisor Of Systems Medicine Clinic And Said That The Talks Went Well Enough "
              "For Now.\n")
    assert "of Systems Medicine Clinic and said" in out
    out = fix(pre + "She Went To The Local Medicine Clinic And Said That The Talks Went Well Enough For Now.\n")
    assert "to the local medicine clinic and said" in out


def test_bare_names_example_is_listed():
    rules = load_toml("casing.toml")
    assert rules["bare_names"]["example"] in rules["bare_names"]["prepositions"]


def test_list_labels_and_glued_sentence_adverbs_keep_their_capital():
    pre = "The talks were calm.\n"
    out = fix(pre + "The Intensity Recorded In Each Region Is As Follows: Tochigi (Tochigi); Seismic Intensity 3: "
              "Mito (Ibaraki); The Others Were Quiet On The Day.\n")
    assert "; Seismic intensity 3: Mito" in out
    out = fix(pre + "Prices Rose In The Capital (See The Chart Below) However, In Comparison To Other Markets, The "
              "Rise Was Small, Officials Said.\n")
    assert ") However, in comparison" in out
    out = fix(pre + "Prices Rose In The Capital, However, The Rise Was Small In Comparison To Other Markets, "
              "Officials Said.\n")
    assert ", however, the rise" in out
    assert "however" in load_toml("casing.toml")["sentence"]["adverbs"]


def test_the_of_a_newspaper_name_keeps_its_capital():
    pre = "The talks were calm.\n"
    out = fix(pre + "He Spoke To The Nishinippon Shimbun In An Interview In The Spring, And He Said That The Talks "
              "Went Well.\n")
    assert "to The Nishinippon Shimbun in an interview" in out
    out = fix(pre + "He Spoke To The Local Paper In An Interview In The Spring, And He Said That The Talks Went "
              "Well.\n")
    assert "to the local paper" in out
    rules = load_toml("casing.toml")
    assert rules["newspapers"]["example"] in rules["newspapers"]["words"]


def test_lower_case_word_inside_an_institution_name():
    assert fix("He is the CEO of the Korey stringer Institute, a research facility.") == \
        "He is the CEO of the Korey Stringer Institute, a research facility."
    text = "He studied at the Harvard medical School for a year."
    assert fix(text) == text  # a word the lexicon has casing counts for is left to them


def test_a_tag_cloud_keeps_its_capitals():
    # A line of terms without function words is not a Title Case sentence (casing.toml [terms]).
    from textfix.rules import load_toml

    cloud = load_toml("casing.toml")["terms"]["example"]
    assert len(cloud.split()) > 25 and "Berlin Fashion Week" in cloud  # longer than a headline
    text = ("The designers showed their spring collections in Berlin on Tuesday, and the shows were sold out.\n"
            + cloud + "\n"
            "Tickets for the autumn shows go on sale next month, the organisers said in a statement.\n")
    assert textfix.clean(text, only=["casing"]).text == text


_GATE_TEXT = ("Yesterday i saw putin at the market. I said hello. The Talks With Russia Went On For Hours.\n"
              "THE MINISTER SAID NOTHING AT ALL TODAY.\nHe met VolodyMyr in kyiv, and i left.\n"
              "Breaking News From The Capital Tonight\nThe talks went on for hours and nobody was in a hurry.\n")


def _gate_texts() -> list[str]:
    texts = [_GATE_TEXT, (FIX / "title_case_input.txt").read_text(encoding="utf-8"), "\n".join(CLEAN)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIX.parent / "names" / "corpus").glob("*.txt"))[:10]]
    return texts


def test_a_quiet_sentence_is_one_decide_has_nothing_for():
    # propose skips _decide for Sentence.quiet sentences: under any configuration and with the document's own
    # evidence, _decide must return nothing for them. The damaged sentences here must not be quiet.
    from textfix.stages.casing import _Evidence, _text_observations
    from dataclasses import replace
    base = Config().casing
    configs = [base, replace(base, title_case=False), replace(base, proper_nouns=False, all_caps=False)]
    seen_quiet = seen_loud = 0
    for text in _gate_texts():
        ev = _Evidence(_text_observations(text), Context(Config()), text)
        for sent in analyse(Document("x", text)):
            if sent.quiet:
                seen_quiet += 1
                for cfg in configs:
                    assert Casing()._decide(sent, ev, cfg) == {}, [w.text for w in sent.words]
            else:
                seen_loud += Casing()._decide(sent, ev, configs[0]) != {}
    assert seen_quiet > 20 and seen_loud >= 4
    quiet = {" ".join(w.text for w in s.words): s.quiet for s in analyse(Document("x", _GATE_TEXT))}
    assert not quiet["Yesterday i saw putin at the market"] and quiet["I said hello"]
    assert not quiet["He met VolodyMyr in kyiv and i left"]


def test_observations_count_the_same_keys_in_the_same_order_as_a_word_by_word_loop():
    # observations() counts each sentence's cached keys (Sentence.observed) in C; the reference below is the
    # word-by-word loop it replaced. The keys' order matters: corpus counters are merged in it.
    from textfix.stages.casing import _word_facts, headline_parts, headline_style, observations

    def reference(sentences, text):
        c = Counter()
        for sent in sentences:
            trusted = sent.trusted
            if sent.headline and text:
                head, site = headline_parts(sent, text)
                style = headline_style(head)
                if style in ("sentence", "title"):
                    for word in site:
                        c[f"hw\t{style}\t{word}"] += 1
                    c[f"h{'s' if site else ''}\t{style}"] += 1
            for w in sent.words:
                mixed, key = _word_facts(w.text)[1:3]
                if mixed or (trusted and not w.initial and not w.quoted):
                    c[key] += 1
            if trusted:
                ws = sent.words
                prev_title = False
                for i, w in enumerate(ws):
                    title = not w.initial and not w.quoted and shape(w.text) == "title"
                    if title:
                        if prev_title:
                            c[f"b\t{ws[i - 1].low} {w.low}"] += 1
                        elif i == len(ws) - 1 or shape(ws[i + 1].text) != "title":
                            c["s\t" + w.low] += 1
                    prev_title = title
        return c

    for text in _gate_texts():
        sentences = analyse(Document("x", text))
        got, want = observations(sentences, text), reference(sentences, text)
        assert got == want and list(got) == list(want)


def test_words_split_by_spaces_are_the_words_the_regex_finds():
    # _words splits a single-spaced sentence with str.split and counts offsets along; the regex loop it falls
    # back to for any other spacing is the reference. Random chunks of words, marks, handles and hyphens.
    import random

    from textfix.stages.casing import _starts_after, _words, _words_by_regex
    chunks = ["word", "Word", "a", "I", ",", ":", "•", "--", "(AP)", "\"Quoted", "end.", "@jSmith", "#Tag",
              "so-called", "U.S.", "5G", "’s", "«", "»", "—", "said,", "x:", "|", "(", ")", "Jong-un", "“Hi”",
              "·", "...", "#", "@", "-", "a:b", "x•", "Ça", "naïve", "日本"]
    rng = random.Random(3)
    after = _starts_after()
    for _ in range(20000):
        text = " ".join(rng.choice(chunks) for _ in range(rng.randint(0, 8)))
        offset = rng.randint(0, 50)
        assert _words(text, offset, after) == _words_by_regex(text, offset, after), text
    for text in ["two  spaces here", "tab\there", " lead", "trail ", "a\x1cb c", "x\u00a0y z"]:
        assert _words(text, 5, after) == _words_by_regex(text, 5, after), text


def test_sentence_words_taken_from_the_last_analysis_are_the_words_of_the_blocks():
    # sentence_words reads the words of the text casing analysed last instead of splitting it again: they must
    # be the words it finds on its own (every sentence with words, in order, the same offsets).
    from textfix.stages import casing
    for text in _gate_texts():
        casing._sentence_words_text.cache_clear()
        casing._last_analysis = None
        alone = casing.sentence_words(Document("x", text))
        casing._sentence_words_text.cache_clear()
        casing._analyse_text.cache_clear()
        analyse(Document("x", text))
        assert casing._last_analysis[0] == text
        assert casing.sentence_words(Document("x", text)) == alone and alone


_FOREIGN_LINES = ["Der Minister Sagte Am Mittwoch In Berlin, Dass Die Gespräche Weitergehen Werden.",
                  "Le ministre a dit que les discussions de la semaine dernière ont été très utiles pour nous.",
                  "Bakan, görüşmelerin devam edeceğini söyledi ve i̇stanbul'da konuştu.",
                  "Yesterday i saw putin at the market with the Minister Of Health.",
                  "The Talks With Russia Went On For Hours, Officials Said On Monday.",
                  "He met VolodyMyr in kyiv, and i left the room early that day."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_FOREIGN_LINES + CLEAN[:20]), min_size=1, max_size=12))
def test_deciding_before_asking_the_block_language_drops_exactly_the_foreign_sentences(lines):
    # propose asks whether a sentence's block is in another language only when _decide has decisions for it
    # (asking costs a split and look-ups of the block's words); the result must be that of asking first.
    from textfix.language import foreign_regions
    from textfix.stages.casing import _Evidence, _text_observations

    text = "\n".join(lines) + "\n"
    doc = Document("x", text)
    cfg = Config().casing
    ev = _Evidence(_text_observations(text), Context(Config()), text)
    foreign = foreign_regions(doc, "en")
    stage = Casing()
    for sent in analyse(doc):
        if sent.quiet:
            continue
        want = {} if foreign.covers(sent.words[0].start) else stage._decide(sent, ev, cfg)
        assert stage._decide_unless_foreign(sent, ev, cfg, foreign_regions(Document("x", text), "en")) == want


# The separate loops that casing's one pass over a sentence replaced: the reference the test below compares with.
def _title_votes(words) -> tuple[int, int]:
    """(capitalised, lower-case) counts of the words that are normally lower case, starts excluded.

    The reference for :func:`textfix.stages.casing._sentence_pass`, which counts them in its one loop."""
    caps = lows = 0
    for w in words:
        if w.initial or w.after_hyphen:
            continue
        vote = casing._word_facts(w.text)[0]
        caps += vote == 1
        lows += vote == 2
    return caps, lows


def _is_caps(words) -> bool:
    """Nine words in ten (of five or more) in capitals. Stops at the first word that makes it impossible.

    The reference for :func:`textfix.stages.casing._sentence_pass`, which counts them in its one loop."""
    n = len(words)
    if n < 5:
        return False
    need = 0.9 * n
    others = 0
    for w in words:
        if shape(w.text) != "upper":
            others += 1
            if n - others < need:
                return False
    return True


def test_one_pass_over_a_sentence_gives_the_votes_kind_quiet_and_keys_of_the_separate_loops():
    # _analyse_block reads each sentence's words once (_sentence_pass) and stores Sentence.quiet,
    # Sentence.observed and Sentence.candidates; the references are the separate loops: _title_votes,
    # _is_caps and the _once properties of a Sentence built without the stored values.
    import random

    from textfix.stages.casing import Sentence, _sentence_pass

    texts = _gate_texts()
    vocab = sorted({w for t in texts for w in t.split()}) + ["I", "i", "i'm", "NATO", "THE", "VolodyMyr", "iPhone",
                                                           "Of", "of", "The", "“Hello", "(AP)", "so-called",
                                                           "a日本語", "putin", "xyzzyq", "eBay"]
    rng = random.Random(11)
    texts += [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 30))) + rng.choice(["", ".", "!"])
              for _ in range(500)]
    texts += ["\n".join(rng.choice(texts[:-500] + ["A B C D E F", "AN ALL CAPS LINE IS HERE NOW"]).splitlines()[0]
                        for _ in range(5)) for _ in range(50)]
    checked = 0
    for text in texts:
        for sent in analyse(Document("x", text)):
            caps, lows, caps_sentence, *_ = _sentence_pass(sent.words)
            assert (caps, lows) == _title_votes(sent.words)
            assert caps_sentence == _is_caps(sent.words)
            fresh = Sentence(sent.words, sent.kind, sent.heading, sent.headline)
            assert not {"quiet", "observed", "candidates"} & fresh.__dict__.keys()
            assert sent.quiet == fresh.quiet and sent.observed == fresh.observed, [w.text for w in sent.words]
            assert "candidates" in sent.__dict__ and sent.candidates == fresh.candidates, [w.text for w in sent.words]
            checked += 1
    assert checked > 1000


_CHUNK_ALPHABET = list("abcXYZ019-‐–—'’\",.;:!?()[]{}@#$%&*_/\\|~`^+=<>“”«»•·éßİ中ʼ\u0301")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHUNK_ALPHABET), min_size=1, max_size=8))
def test_plain_chunks_are_split_as_the_regexes_split_them(chunk):
    # _chunk_parts answers an ASCII letters-and-digits chunk with at most one ASCII mark after it without the
    # regexes; for every chunk, the answer must be the regexes' one.
    from textfix.stages.casing import _chunk_parts, _chunk_parts_by_regex, _starts_after

    assert _chunk_parts(chunk, _starts_after()) == _chunk_parts_by_regex(chunk, _starts_after())


def test_plain_chunk_examples_take_the_shortcut():
    from textfix.stages.casing import _chunk_parts_by_regex, _plain_chunk_parts, _starts_after

    for chunk in ["said,", "Putin.", "2019", "19,", "Facebook0", "banks'", "word_", "x)"]:
        assert _plain_chunk_parts(chunk) == _chunk_parts_by_regex(chunk, _starts_after()), chunk
    for chunk in ["“Hello", "Putin’s", "so-called", "U.S.", "end.”", "(AP)", ",", "naïve,"]:
        assert _plain_chunk_parts(chunk) is None, chunk


def test_a_stray_capital_in_a_lower_case_name_is_one_edit():
    # "ukraIne": the stray capital comes out and the name gets its own, in one edit, not two rounds apart.
    r = textfix.clean("The talks with ukraIne went on in Geneva, and Ukraine agreed to meet in Ukraine again.\n",
                      only=["casing"])
    assert r.text == "The talks with Ukraine went on in Geneva, and Ukraine agreed to meet in Ukraine again.\n"
    assert [(e.before, e.after, e.rule) for e in r.edits] == [("ukraIne", "Ukraine", "intraword+proper-noun")]
    assert r.stats["rounds"] == 2  # (the second only to see that nothing is left to do)


def test_a_name_whose_plural_is_a_surname_is_a_name():
    # "daniels" is nearly as frequent as "daniel", but the lexicon has it only capitalised: a surname
    # (Daniels, Edwards), no sign that "daniel" is a common noun (casing.toml [frequent_plural]).
    text = "The first to announce the decision was daniel Craig, and edward followed.\n"
    assert textfix.clean(text, only=["casing"]).text == \
        "The first to announce the decision was Daniel Craig, and Edward followed.\n"
    assert not _frequent_plural("daniel") and _frequent_plural("bra")


@pytest.mark.parametrize("text, fixed", [
    # A lower-case word the casing counts never saw, after a first name of many languages' lists: its surname.
    ("Vladimir putin said the navy is strong.\n", "Vladimir Putin said the navy is strong.\n"),
    ("Chancellor Angela merkel met Viktor uspaskikh in Berlin.\n", "Chancellor Angela Merkel met Viktor Uspaskikh in Berlin.\n"),
    # Such a first name in lower case, before a capitalised name the lexicon has no lower-case word for.
    ("The show starred emily Ratajkowski and others.\n", "The show starred Emily Ratajkowski and others.\n"),
])
def test_first_name_lists_recover_a_lower_case_name(text, fixed):
    assert textfix.clean(text, only=["casing"]).text == fixed


@pytest.mark.parametrize("text", [
    "Emily tweeted that Sean online was down, and Kyle blogs about it.\n",  # a verb, a web word, a plural
    "The house showed Valentino's couture in Paris.\n",  # a possessive is no first name
    "Will website traffic grow? Mark said it would.\n",  # 'will', 'mark': words the lexicon writes in lower case
    "She met emily Blunt at the station.\n",  # 'Blunt' is an English word too: no evidence of a name
    "He planted a daisy and some jasmine beside the karma garden.\n",  # a first name alone is no evidence
    "$OpenBSD: README.dns,v 1.2 2003/10/14 19:43:23 jakob Exp $\n",  # a login before a short keyword
])
def test_first_name_lists_change_no_english_word(text):
    assert textfix.clean(text, only=["casing"]).text == text


def test_first_names_come_from_many_languages_lists_and_never_from_lower_case_words():
    from textfix.stages.casing import _first_name, first_names

    assert {"vladimir", "angela", "emily"} <= first_names()
    assert "cinnamon" not in first_names()  # (one list has it: min_languages)
    assert _first_name("vladimir") and not _first_name("mark") and not _first_name("grace")


def test_other_documents_capitals_do_not_outvote_the_lexicons_lower_case():
    # Three documents name the Challenger 2 tank; the lexicon has 'challenger' mostly in lower case: the
    # corpus's capitals belong to a name, and "her Republican challenger" stays a common noun.
    docs = [f"Sunak said on day {k} that the promised Challenger 2 tanks would arrive in Ukraine soon.\n"
            for k in range(3)]
    text = "The incumbent trailed her Republican challenger Kristy Marmorato by more than a point.\n"
    assert list(textfix.clean_corpus(docs + [text], only=["casing"]))[-1].text == text


def test_other_documents_names_make_no_name_of_a_common_noun_by_its_plural():
    # 'jeans' is about as frequent as 'jean': a common noun, whatever capitals the lexicon saw. Other documents'
    # "Jean Dupont" are another use; only this document's own capitals could say otherwise.
    docs = [f"On day {k} the mayor Jean Dupont said that Jean would stay.\n" for k in range(3)]
    text = "Wear a white shirt underneath a jean jacket and grow out your hair.\n"
    assert list(textfix.clean_corpus(docs + [text], only=["casing"]))[-1].text == text
