"""The boilerplate stage: rules match their examples, seeds lose their furniture and keep the article."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import regex

import textfix
from textfix.config import Config
from textfix.document import Document
from textfix.edits import apply_edits
from textfix.lexicon import Lexicon
from textfix.stages._boilerplate_rules import KeywordIndex, Rule, load_ruleset, normalise
from textfix.stages.base import Context
from textfix.stages.boilerplate import NAMESPACE, Boilerplate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boilerplate"

ARTICLE = """Council approves new budget for city schools

The city council approved on Tuesday a budget that raises spending on public schools by four percent, the first increase in three years, after a debate that lasted late into the evening.

Supporters said the money would pay for smaller classes and for repairs to buildings that have waited for years. Opponents argued that the city could not afford the increase while its pension obligations keep growing.

The vote was close.

"We owe this to the children of this city," the council's president said after the vote, adding that the budget would be reviewed again in the spring.

The mayor is expected to sign the budget next week, and the new spending will start with the school year in September.
"""


def run(text: str, *, lexicon: Lexicon | None = None, own=None, **settings) -> tuple[str, list]:
    cfg = Config.from_mapping({"boilerplate": settings}) if settings else Config()
    doc = Document("t", text)
    ctx = Context(cfg, lexicon or Lexicon(), own or {})
    edits = Boilerplate().propose(doc, ctx).edits
    return apply_edits(text, edits), edits


def _all_rules():
    rs = load_ruleset()
    return [pytest.param(r, id=r.id) for rules in rs.rules.values() for r in rules]


def _all_markers():
    rs = load_ruleset()
    return [pytest.param(m, id=m.id) for ms in rs.markers.values() for m in ms]


@pytest.mark.parametrize("rule", _all_rules())
def test_each_rule_matches_its_example(rule):
    assert rule.example, f"{rule.id} has no example"
    if rule.match == "span":
        assert list(rule.spans(rule.example)), f"{rule.id} does not match {rule.example!r}"
    else:
        assert rule.hits_line(normalise(rule.example)), f"{rule.id} does not match {rule.example!r}"


@pytest.mark.parametrize("marker", _all_markers())
def test_each_comment_marker_matches_its_example(marker):
    assert marker.hits(normalise(marker.example))


def test_every_language_file_has_stopwords_and_rules():
    rs = load_ruleset()
    assert {"en", "de", "fr", "nl"} <= set(rs.languages)
    for code, lang in rs.languages.items():
        assert len(lang.stopwords) > 50, code
        assert rs.rules[code], code


def test_rule_ids_are_unique():
    ids = Counter(r.id for rules in load_ruleset().rules.values() for r in rules)
    assert [i for i, n in ids.items() if n > 1] == []


def test_seed_001_furniture_gone_callouts_and_faq_kept():
    out, edits = run((FIXTURES / "seed001_input.txt").read_text(encoding="utf-8"))
    assert out == (FIXTURES / "seed001_expected.txt").read_text(encoding="utf-8")
    for kept in ("Key Takeaway:", "Did you know?", "Expert Insight:", "Pro Tip:", "Frequently Asked Questions", "Q: "):
        assert kept in out
    assert all(e.reason and e.rule and e.stage == "boilerplate" for e in edits)


def test_seed_003_breadcrumb_and_whole_comment_thread_gone():
    out, edits = run((FIXTURES / "seed003_input.txt").read_text(encoding="utf-8"))
    assert out == (FIXTURES / "seed003_expected.txt").read_text(encoding="utf-8")
    assert "Posted by" not in out and "#1 " not in out
    assert sum(e.rule == "comment-thread" for e in edits) == 9  # 5 "Posted by" lines and 4 comments


def test_wordpress_thread_removed_from_first_comment_to_last():
    thread = "\n".join([
        "3 Comments",
        "Mary Smith says:",
        "March 3, 2019 at 4:15 pm",
        "I disagree with the council, because the pensions will not wait and someone will have to pay for them.",
        "Reply",
        "John Doe says:",
        "March 4, 2019 at 9:02 am",
        "Great article, thanks for writing it and for covering the vote.",
        "Reply",
    ])
    out, _ = run(ARTICLE + "\n" + thread + "\n")
    assert out.rstrip("\n") == ARTICLE.rstrip("\n")


def test_clean_article_is_untouched():
    for level in ("conservative", "balanced", "aggressive"):
        out, edits = run(ARTICLE, level=level)
        assert out == ARTICLE, level
        assert edits == []


def test_short_paragraph_is_not_boilerplate_because_it_is_short():
    out, _ = run(ARTICLE)
    assert "The vote was close." in out


def test_partial_line_removal_keeps_the_rest_of_the_line():
    text = ARTICLE + "\nWhat do you think about the budget? Share your thoughts in the comments below!\n"
    out, edits = run(text)
    assert "What do you think about the budget?\n" in out
    assert "Share your thoughts" not in out
    assert [e.rule for e in edits] == ["en.comment-cta"]


def test_removed_lines_leave_no_blank_holes_and_nothing_is_lost():
    text = "Home » News » Budget\n\n" + ARTICLE + "\nYou may also like\n\nAll rights reserved.\n"
    out, edits = run(text)
    assert out == ARTICLE
    assert "\n\n\n" not in out
    assert "".join(e.before for e in edits).count("You may also like") == 1


def test_german_furniture_removed_article_kept():
    article = (
        "Der Stadtrat hat am Dienstag einen Haushalt beschlossen, der die Ausgaben für die Schulen um vier "
        "Prozent erhöht. Es ist die erste Erhöhung seit drei Jahren, und die Debatte dauerte bis in den Abend.\n"
        "Die Befürworter sagten, das Geld werde für kleinere Klassen und für Reparaturen an den Gebäuden "
        "verwendet, auf die man seit Jahren warte.\n"
    )
    article = "Stadtrat beschließt Haushalt\n" + article
    text = "Startseite\nNachrichten\nNewsletter abonnieren\n" + article + "Das könnte Sie auch interessieren\nKommentar schreiben\nImpressum | Datenschutz | Kontakt\n"
    out, _ = run(text)
    assert out == article


def test_conservative_keeps_more_than_aggressive():
    text = "\n".join([
        "Menu", "World", "Politics", "Business", "Sport",
        ARTICLE.strip(),
        "Photo gallery", "Weather in your city", "Crossword",
        "Follow us on Twitter",
    ]) + "\n"
    cons, _ = run(text, level="conservative")
    bal, _ = run(text, level="balanced")
    aggr, _ = run(text, level="aggressive")
    assert len(cons) > len(bal) >= len(aggr)
    assert "Follow us on Twitter" not in cons
    for out in (cons, bal, aggr):
        assert "The vote was close." in out


def test_protect_and_extra_patterns_from_config():
    text = ARTICLE + "\nSponsored by the Example Foundation\n\nRead more\n"
    out, _ = run(text, extra_patterns=["^Sponsored by .*$"], protect=["Read more"])
    assert "Sponsored by" not in out
    assert "Read more" in out


def test_corpus_repetition_marks_site_furniture():
    stage = Boilerplate()
    furniture = "The Daily Example is published by Example Media Group"
    docs = [Document(str(i), ARTICLE.replace(".\n", f" in district {i}.\n").replace("schools\n", f"schools {i}\n") + "\n" + furniture + "\n") for i in range(6)]
    cfg = Config.from_mapping({"boilerplate": {"level": "conservative"}})
    observed = [stage.observe(d, cfg) for d in docs]
    lexicon = Lexicon(len(docs), {NAMESPACE: sum((o[NAMESPACE] for o in observed), Counter())})
    edits = stage.propose(docs[0], Context(cfg, lexicon, observed[0])).edits
    assert [e.rule for e in edits] == ["corpus-repeat"]
    # a single document is never its own corpus evidence
    assert stage.propose(docs[0], Context(cfg)).edits == []
    # the corpus keeps a 64-bit digest of each line, not its text: memory does not grow with paragraph length
    assert all(isinstance(k, int) and k < 2 ** 64 for o in observed for k in o[NAMESPACE])
    assert len({k for o in observed for k in o[NAMESPACE]}) < sum(len(o[NAMESPACE]) for o in observed)


def test_idempotent_through_the_pipeline():
    text = (FIXTURES / "seed001_input.txt").read_text(encoding="utf-8")
    once = textfix.clean(text, only=["boilerplate"]).text
    assert textfix.clean(once, only=["boilerplate"]).text == once


def test_edits_carry_rule_reason_and_confidence():
    _, edits = run((FIXTURES / "seed003_input.txt").read_text(encoding="utf-8"))
    assert edits
    for e in edits:
        assert e.after == "" and e.before and e.reason and 0 < e.confidence <= 1


def test_weak_markers_alone_do_not_make_a_thread():
    interview = "\n".join([
        ARTICLE.strip(),
        "The mayor says:",
        "We will find the money for the schools, and we will not raise taxes to do it, whatever the council decides.",
        "The council president says:",
        "The budget is balanced and the pensions are safe, and we have shown this in every year of the plan.",
        "A teacher says:",
        "Smaller classes are what we have asked for since the last strike, and we are glad the city listened.",
    ]) + "\n"
    out, edits = run(interview)
    assert not [e for e in edits if e.rule == "comment-thread"]
    assert "A teacher says:" in out


def test_author_bio_goes_only_after_the_article():
    bio = "Jane Doe is a senior writer for The Daily Example, where she covers city hall and the schools."
    out, edits = run(ARTICLE + "\n" + bio + "\n")
    assert out == ARTICLE and [e.rule for e in edits] == ["en.author-bio"]
    inside = ARTICLE.replace("The vote was close.", bio)
    out, _ = run(inside)
    assert out == inside


def test_a_short_note_is_not_a_page_its_last_short_sentence_stays():
    note = ("Trump said that the talks will continue after the summit in Alaska, his spokesman told "
            "reporters on Monday.\nBackground\nPutin said no.\n")
    out, edits = run(note)
    assert out == note and edits == []


def test_news_credits_closing_an_article_stay():
    text = ARTICLE + "\nReporting by Jane Doe; Editing by Mark Heinrich\n"
    out, edits = run(text)
    assert out == text and edits == []


def test_a_headline_right_above_the_article_stays_even_when_it_reads_as_not_text():
    headline = "Lithuania sent Bofors L70 anti-aircraft guns to Ukraine - RT in Russian Service"
    body = "\n".join(
        f"Paragraph {i}: the ministry said that the guns had been delivered to the army, and that more "
        "of them would follow in the coming weeks, according to the officials who spoke to reporters."
        for i in range(8))
    text = headline + "\n" + body + "\n"
    out, _ = run(text)
    assert out.startswith(headline)


def test_a_headline_two_lines_above_the_article_stays():
    headline = "Lithuania sent Bofors L70 anti-aircraft guns to Ukraine - RT in Russian Service"
    dateline = "Vilnius, 21 August 2025"
    body = "\n".join(
        f"Paragraph {i}: the ministry said that the guns had been delivered to the army, and that more "
        "of them would follow in the coming weeks, according to the officials who spoke to reporters."
        for i in range(8))
    text = headline + "\n" + dateline + "\n" + body + "\n"
    out, _ = run(text)
    assert out.startswith(headline)


def test_levels_are_data_and_validated():
    from textfix.errors import ConfigError
    from textfix.stages._boilerplate_rules import load_levels, parse_levels
    from textfix.rules import load_toml

    levels = load_levels()
    assert set(levels) == {"conservative", "balanced", "aggressive"}
    assert not levels["conservative"].features and levels["aggressive"].remove_outer_good
    good = load_toml("boilerplate/levels.toml")
    for bad in ({"stop_low": 0.9}, {"length_low": "70"}, {"features": 1}, {"heading_reach": -1}, {"colour": 1}):
        data = {k: dict(v) for k, v in good.items()}
        data["balanced"].update(bad)
        with pytest.raises(ConfigError):
            parse_levels(data)
    with pytest.raises(ConfigError):
        parse_levels({k: v for k, v in good.items() if k != "aggressive"})


def test_language_is_read_from_the_prose_with_the_shared_profiles():
    from textfix.stages.boilerplate import detect_language

    german = ("Der Stadtrat hat am Dienstag einen Haushalt beschlossen, der die Ausgaben für die Schulen "
              "um vier Prozent erhöht, und die Debatte dauerte bis in den Abend.")
    furniture = ["Warning: this is the archive of the site and the page is in the wayback machine"] * 6
    doc = Document("t", "\n".join(furniture + [german, "Home", "About us"]) + "\n")
    assert detect_language(doc, load_ruleset()) == "de"
    assert detect_language(Document("t", ARTICLE), load_ruleset()) == "en"


def _page(*parts: str) -> str:
    return "\n".join(parts) + "\n"


SPANISH = [
    "El Ayuntamiento aprobó el lunes el nuevo presupuesto después de un largo debate sobre el coste del "
    "transporte público y la reparación de las escuelas antiguas de los barrios del norte.",
    "El alcalde dijo que el plan se revisaría de nuevo en otoño, cuando se conozcan los primeros resultados de "
    "las nuevas tarifas de aparcamiento, y que ninguna escuela cerraría este año.",
    "Los miembros de la oposición votaron en contra, argumentando que la ciudad debería haber pedido menos "
    "dinero prestado y haber gastado más en vivienda para familias jóvenes.",
]


def test_the_anti_spam_notice_goes_in_any_language():
    title, *paras = ARTICLE.strip().split("\n\n")
    for notice in ["Questo sito usa Akismet per ridurre lo spam. Scopri come i tuoi dati vengono elaborati.",
                   "Ta witryna wykorzystuje Akismet, aby ograniczyć spam.",
                   "Denna webbplats använder Akismet för att minska skräppost."]:
        out, edits = run(_page(title, *paras, notice))
        assert notice not in out and "common.akismet" in {e.rule for e in edits}


def test_a_page_in_a_language_without_rules_keeps_its_article():
    # Read with English stopwords, Spanish prose was "not text" and went as outside the main text; a language
    # without a boilerplate file is read with the shared profile's function words, and only rules remove.
    from textfix.stages.boilerplate import detect_language

    text = _page("Inicio", "Noticias", "Contacto", "El Gobierno aprueba el nuevo presupuesto", *SPANISH,
                 "Share on Facebook", "Deja un comentario", "© 2024 Diario Local. Todos los derechos reservados.")
    assert detect_language(Document("t", text), load_ruleset()) == "es"
    out, edits = run(text)
    assert all(p in out for p in SPANISH)
    assert "Share on Facebook" not in out and "Todos los derechos" not in out
    assert "outside-main-text" not in {e.rule for e in edits}


def test_dates_bylines_and_reading_times_go_but_the_dateline_under_the_headline_stays():
    title, *paras = ARTICLE.strip().split("\n\n")
    text = _page(title, "March 3, 2019", *paras[:2], "By Jane Doe", "4 min read", *paras[2:])
    out, edits = run(text)
    assert "March 3, 2019" in out and "By Jane Doe" not in out and "4 min read" not in out
    assert {e.rule for e in edits} == {"en.byline", "en.reading-time"}
    text = _page(title, paras[0], "17 April 2012 • 2:54pm", *paras[1:])
    out, edits = run(text)
    assert "2:54pm" not in out and [e.rule for e in edits] == ["en.date-line"]


def test_weak_lines_do_not_cut_the_headline_off_the_article():
    title, *paras = ARTICLE.strip().split("\n\n")
    menu = ["Home", "World", "Politics", "Business", "Sport", "Weather"]
    text = _page(*menu, title, "By Jane Doe", "Updated: March 3, 2019 at 4:15 pm", "4 min read", *paras)
    out, _ = run(text)
    assert out.startswith(title) and paras[-1] in out


def test_teasers_under_a_related_heading_go_and_the_article_after_the_box_stays():
    title, *paras = ARTICLE.strip().split("\n\n")
    box = ["Related stories", "Mayor signs the budget into law", "Teachers union welcomes smaller classes",
           "Pension fund faces a new shortfall"]
    last = ("The vote came after months of talks between the council and the unions, which had threatened "
            "to strike in the spring, the city said on Tuesday.")
    text = _page(title, *paras, *box, last, "Twitter", "Facebook")
    out, edits = run(text)
    assert last in out and paras[-1] in out
    for teaser in box:
        assert teaser not in out
    assert [e.rule for e in edits].count("teaser-box") == 3


def test_a_list_of_dated_teasers_goes_but_a_chronology_stays():
    title, *paras = ARTICLE.strip().split("\n\n")
    teasers = ["12.03.2021 | Council debates the budget", "08.02.2021 | Schools reopen after the holidays",
               "Parks get new benches 01.02.2021"]
    out, edits = run(_page(title, *paras, *teasers))
    assert all(t not in out for t in teasers) and paras[-1] in out
    chronology = ["2 December 2019: Report on the evening news", "1 December 2019: Interview in the Times",
                  "26 April 2019: Feature in the weekend paper"]
    text = _page(title, paras[0], *chronology, *paras[1:])
    out, _ = run(text)
    assert all(c in out for c in chronology)


def test_a_short_line_between_clusters_of_furniture_goes():
    title, *paras = ARTICLE.strip().split("\n\n")
    footer = ["Privacy policy", "Terms of use", "Media room", "Contact us", "Cookie settings"]
    out, edits = run(_page(paras[0], *footer))  # a short text: no main-region evidence, only the rules
    assert "Media room" not in out and paras[0] in out
    assert "between-furniture" in [e.rule for e in edits]
    # a subheading with text under it is not between furniture
    out, _ = run(_page(title, paras[0], "Share", "Follow us on Twitter", "What comes next", *paras[1:]))
    assert "What comes next" in out


def test_the_paragraph_under_an_about_the_author_heading_is_a_bio():
    title, *paras = ARTICLE.strip().split("\n\n")
    bio = ("Jane has worked as a reporter since 2007 and has covered city hall, the schools and the courts "
           "for three newspapers in two states before joining the paper.")
    text = _page(title, *paras, "About the author", bio, "Comments", "Great article.")
    out, edits = run(text)
    assert bio not in out and paras[-1] in out
    assert "author-box" in [e.rule for e in edits]


def test_share_bars_and_stock_photo_credits_go_news_credits_stay():
    title, *paras = ARTICLE.strip().split("\n\n")
    text = _page(title, "Share Adjust Comment Print", "Photo by Jane Doe on Unsplash", *paras,
                 "Photos by Jane Doe")
    out, _ = run(text)
    assert "Adjust" not in out and "Unsplash" not in out and "Photos by Jane Doe" in out


def _fixture_lines() -> list[str]:
    root = FIXTURES.parent
    lines = [ln for p in sorted(root.rglob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]
    examples = [r.example for rules in load_ruleset().rules.values() for r in rules]
    return lines + examples


def test_keyword_prefilter_never_skips_a_line_its_rule_matches():
    lines = [(normalise(ln), ln) for ln in _fixture_lines()]
    for rules in load_ruleset().rules.values():
        for rule in rules:
            if not rule.keywords:
                continue
            for norm, raw in lines:
                if rule.match == "span":
                    assert not list(rule.spans(raw)) or rule.may_hit(raw.lower()), (rule.id, raw)
                else:
                    assert not rule.hits_line(norm) or rule.may_hit(norm.lower()), (rule.id, raw)


def _keyword_probes(words: list[str]) -> list[str]:
    """Lines where a one-scan keyword search could go wrong: a keyword alone, inside a word, two keywords
    overlapping (one's end is the other's start) and a keyword that is a prefix of another."""
    probes = [w for w in words] + [f"x{w}y" for w in words] + ["".join(words), " ".join(words)]
    for a in words:
        for b in words:
            probes += [a + b[k:] for k in range(1, min(len(a), len(b))) if a.endswith(b[:k])]
    return probes


def test_the_keyword_index_picks_exactly_the_rules_whose_keyword_check_passes():
    ruleset = load_ruleset()
    raw = _fixture_lines()
    indexes = []
    for lang in ruleset.rules:
        matcher = ruleset.line_matcher(lang)
        span_rules = [r for r in ruleset.rules_for(lang) if r.match == "span"]
        indexes += [matcher.index_for(0), matcher.index_for(250), KeywordIndex(span_rules)]
    for index in indexes:
        words = sorted({w for r in index.rules for w in r.keywords})
        lows = {ln.lower() for ln in raw} | {normalise(ln).lower() for ln in raw} | set(_keyword_probes(words))
        assert any(index.candidates(low) for low in lows)
        for low in lows:
            assert index.candidates(low) == tuple(r for r in index.rules if r.may_hit(low)), low


def test_the_length_ranges_of_the_line_matcher_keep_every_rule_that_fits():
    ruleset = load_ruleset()
    for lang in ruleset.rules:
        matcher = ruleset.line_matcher(lang)
        for n in range(0, 1200):
            kept = matcher.index_for(n).rules
            assert kept == tuple(r for r in matcher.others if r.fits(n)), (lang, n)
    assert any(r.match == "span" for r in matcher.index_for(10_000).rules)


def test_a_span_rule_covers_a_whole_line_as_the_leftmost_search_would_say():
    lines = [normalise(ln) for ln in _fixture_lines()]
    span_rules = [r for rules in load_ruleset().rules.values() for r in rules if r.match == "span"]
    covered = 0
    for rule in span_rules:
        for norm in lines + [rule.example.strip(" .!?"), normalise(rule.example)]:
            m = rule.pattern.search(norm)
            want = m is not None and m.start() == 0 and m.end() >= len(norm.rstrip(" .!?"))
            assert rule.hits_line(norm) == want, (rule.id, norm)
            covered += want
    assert covered


@pytest.mark.parametrize("text", [" a\u00a0b  c\t\nd \u2028 e\u200b f ", "x \u3000 y", "a\x85b", "a \t", "\t\t", "a b"])
def test_normalise_collapses_every_run_of_whitespace_to_one_space(text):
    want = regex.sub(r"\s+", " ", regex.sub(r"\p{Cf}+", "", text)).strip(" \t-–—•·*>»›|:")
    assert normalise(text) == want


def test_the_callouts_as_one_pattern_protect_exactly_the_lines_one_callout_protects():
    lines = [normalise(ln) for ln in _fixture_lines()]
    for language in load_ruleset().languages.values():
        lines += [f"{w}: text" for w in ("Tip", "Note", "Fazit", "Astuce", "Let op", "Q", "F", "V", "FAQ")]
        hits = [language.is_callout(n) for n in lines]
        assert hits == [any(c.match(n) for c in language.callouts) for n in lines], language.code
        assert any(hits)


def test_the_reverse_date_gate_never_hides_a_line_that_ends_with_a_date():
    from textfix.stages.boilerplate import _date_at_end, _date_led

    dates = ["12.03.2021", "2021-03-12", "3/12/21", "March 3, 2021", "3rd March 2021", "Mon, 3 March 2021",
             "3. März 2021", "Mittwoch, 3. März 2021", "3 mars 2021", "lundi 3 mars 2021", "3 maart 2021"]
    lines = [normalise(ln) for ln in _fixture_lines()]
    for d in dates:
        lines += [d, f"Title of a teaser {d}", f"Title {d}.", f"Title ({d})", f"Title | {d} |", f"{d}: text",
                  f"Title {d}1", f"Title {d[:-1]}", f"x{d}", f"Title {d} and more"]
    ended = 0
    for code, date in load_ruleset().dates.items():
        gate = _date_at_end(date)
        assert gate is not None, code
        for norm in lines:
            assert _date_led(norm, date, gate) == _date_led(norm, date), (code, norm)
            ended += _date_led(norm, date) and date.match(norm) is None
    assert ended


def test_the_language_vote_stops_early_only_when_the_winner_is_decided():
    from textfix.stages.boilerplate import _LANGUAGE_VOTE_CHARS, _vote

    de = "Die Regierung hat am Montag die neuen Regeln für die Schulen und die Kitas vorgestellt."
    en = "The government presented the new rules for the schools on Monday, and they were not happy."
    fr = "Le gouvernement a présenté lundi les nouvelles règles pour les écoles et les crèches."
    pages = [[p.read_text(encoding="utf-8").split("\n") for p in sorted(FIXTURES.parent.rglob("*.txt"))]]
    pages = pages[0] + [[en] * 3 + [de] * 4, [de] * 2 + [en] * 3 + [fr], [en, de] * 5, [en * 9, de, de, de],
                        [de * 9] + [en] * 2 + [fr] * 3, [fr] * 2 + [de] * 2, []]
    languages = sorted(load_ruleset().languages)
    stopped = 0
    for texts in pages:
        full, early = dict.fromkeys(languages, 0), dict.fromkeys(languages, 0)
        _vote(texts, full, early=False)
        _vote(texts, early)
        winner = lambda counts: max(sorted(counts), key=counts.get) if max(counts.values()) else None  # noqa: E731
        assert winner(early) == winner(full), texts
        stopped += early != full
    assert stopped and _LANGUAGE_VOTE_CHARS


def test_the_keyword_index_sees_overlapping_keywords_and_keywordless_rules():
    def rule(rule_id: str, keywords: tuple[str, ...]) -> Rule:
        return Rule(rule_id, "span", regex.compile("x"), "x", keywords=keywords)

    rules = [rule("a", ("sign",)), rule("b", ("sign in",)), rule("c", ("newsletter",)), rule("d", ("letters",)),
             rule("e", ())]
    index = KeywordIndex(rules)
    ids = lambda low: [r.id for r in index.candidates(low)]  # noqa: E731
    assert ids("please sign in") == ["a", "b", "e"]
    assert ids("the newsletters") == ["c", "d", "e"]
    assert ids("nothing here") == ["e"]


def test_stage_output_is_the_same_without_the_prefilter(monkeypatch):
    import textfix.stages._boilerplate_rules as rules_module

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.parent.rglob("*input*.txt"))]
    texts.append(_page(*_fixture_lines()))
    with_filter = [run(t)[0] for t in texts]
    monkeypatch.setattr(rules_module, "PREFILTER", False)
    assert [run(t)[0] for t in texts] == with_filter


def test_a_caption_keeps_its_text_and_loses_its_credit_unless_aggressive():
    title, *paras = ARTICLE.strip().split("\n\n")
    caption = "The mayor at the council meeting on Tuesday. Jane Doe/Reuters files"
    out, edits = run(_page(title, paras[0], caption, *paras[1:]))
    assert out == _page(title, paras[0], "The mayor at the council meeting on Tuesday.", *paras[1:])
    assert [e.rule for e in edits] == ["common.caption-credit"]
    # Captions are content; the aggressive level takes a caption closed by its credit whole.
    out, edits = run(_page(title, paras[0], caption, *paras[1:]), level="aggressive")
    assert out == _page(title, *paras)
    assert [e.rule for e in edits] == ["common.caption-with-credit"]
    # A paragraph longer than a caption is the article's own text: only the credit closing it goes.
    long = " ".join([paras[1]] * 3) + " Jane Doe/Reuters files"
    out, edits = run(_page(title, paras[0], long, *paras[2:]))
    assert " ".join([paras[1]] * 3) + "\n" in out and "Reuters" not in out
    assert [e.rule for e in edits] == ["common.caption-credit"]


@pytest.mark.parametrize("caption", [
    "Stau auf der Autobahn bei Köln © aremac / Clipdealer",
    "Der Bürgermeister im Stadtrat. | © Max Mustermann/Getty Images",
    "Erdölpumpen im Abendrot. Bild: TebNad/Shutterstock.com",
    "Neue Seminare starten im März. (Quelle: Hume/Unsplash/DJV)",
    "Le maire au conseil municipal mardi. Crédit photo : Jean Dupont",
    "(© FEI/Christophe Taniere)",
    "De burgemeester in de gemeenteraad. Beeld: Jan Jansen / ANP",
])
def test_image_captions_with_their_credit_go_at_the_aggressive_level(caption):
    title, *paras = ARTICLE.strip().split("\n\n")
    out, _ = run(_page(title, paras[0], caption, *paras[1:]), level="aggressive")
    assert out == _page(title, *paras)
    if not caption.startswith("("):  # (a bare credit has no caption to keep)
        out, _ = run(_page(title, paras[0], caption, *paras[1:]))  # balanced: the caption's words stay
        assert caption.split(".")[0].split(" © ")[0] in out


@pytest.mark.parametrize("line", [
    "The sign © stands for copyright and protects the work.",
    "The figures come from the statistics office. Source: Eurostat",
    "It is a fine picture: you see the mountains in the evening light",
    "© 2009-2020 Deutschlandradio",  # footers, not captions (they go, by their own rules)
    "Copyright © Example Media GmbH",
])
def test_text_that_mentions_a_credit_is_not_a_caption(line):
    rule = next(r for r in load_ruleset().rules["common"] if r.id == "common.caption-with-credit")
    assert not rule.hits_line(normalise(line))


def test_a_shopping_appeal_goes_and_is_weak_evidence():
    title, *paras = ARTICLE.strip().split("\n\n")
    text = _page(title, *paras[:2], "Like this recipe? Add the ingredients to your basket.", *paras[2:])
    out, edits = run(text)
    assert "basket" not in out and out == _page(title, *paras)
    assert [e.rule for e in edits] == ["en.appeal"]


def test_a_table_right_after_the_article_stays_with_it():
    title, *paras = ARTICLE.strip().split("\n\n")
    menu = ["Home", "World", "Politics", "Business", "Sport", "Weather", "Contact"]
    table = ["The budget in figures:", "Schools | 4.2 million", "Repairs | 1.1 million", "Pensions | 0.8 million",
             "Total | 6.1 million"]
    text = _page(*menu, title, *paras, *table, "Share on Facebook", "© 2024 Example Media")
    out, _ = run(text)
    assert all(row in out for row in table) and "Example Media" not in out


def test_dated_entries_at_a_steady_rhythm_are_a_teaser_list():
    title, *paras = ARTICLE.strip().split("\n\n")
    teasers = []
    for day, head in ((10, "Council debates the budget"), (9, "Schools reopen"), (8, "Parks get benches")):
        teasers += [f"{day}.11.2021", head, f"A short summary of the story about {head.lower()}."]
    out, _ = run(_page(title, *paras, *teasers))
    assert "Schools reopen" not in out and "Parks get benches" not in out and paras[-1] in out


def _rule(rule_id: str):
    return next(r for rules in load_ruleset().rules.values() for r in rules if r.id == rule_id)


@pytest.mark.parametrize("rule_id", ["de.author-bio", "en.author-bio", "fr.author-bio"])
def test_a_name_in_a_rule_must_be_capitalised_even_though_rules_ignore_case(rule_id):
    # The rules are compiled with IGNORECASE, under which \p{Lu} matches any letter: "(?-i:\p{Lu})" keeps the
    # capital, so that a sentence of the article ("the team is a contributor ...") is not taken for a bio.
    rule = _rule(rule_id)
    assert rule.hits_line(normalise(rule.example))
    assert not rule.hits_line(normalise(rule.example[0].lower() + rule.example[1:].lower()))


def test_the_german_cookie_sentence_allows_a_word_before_cookies():
    rule = next(r for r in load_ruleset().rules["de"] if r.id == "de.cookie-sentence")
    assert rule.hits_line("Auf dieser Seite verwenden wir technisch notwendige Cookies.") is False  # two words
    assert rule.hits_line("Auf dieser Seite verwenden wir notwendige Cookies.")


@pytest.mark.parametrize("lang, rules", [
    ("de", {"de.embed-consent", "de.print-promo", "de.related", "teaser-box"}),
    ("fr", {"fr.navigation", "fr.related", "teaser-box", "fr.pagination", "fr.footer"}),
])
def test_german_and_french_site_furniture_goes_and_the_article_stays(lang, rules):
    # An embedded tweet waiting for consent, a print promo, a "Mehr zum Thema auf ...:" box with its teasers,
    # a result counter: the article's short paragraphs after them stay, and so does the image caption.
    text = (FIXTURES / f"{lang}_page_input.txt").read_text(encoding="utf-8")
    out, edits = run(text)
    assert out == (FIXTURES / f"{lang}_page_expected.txt").read_text(encoding="utf-8")
    assert rules <= {e.rule for e in edits}
    # The aggressive level also takes the caption with its credit.
    out, edits = run(text, level="aggressive")
    assert "common.caption-with-credit" in {e.rule for e in edits}


def test_an_embedded_tweet_waiting_for_consent_is_weak_evidence():
    text = (FIXTURES / "de_page_input.txt").read_text(encoding="utf-8")
    out, edits = run(text)
    consent = [e for e in edits if e.rule == "de.embed-consent"]
    assert len(consent) == 3  # the button, the notice and the settings link; before the cookie rules
    assert "Die Abstimmung war knapp." in out  # the short paragraphs after the placeholder stay


@pytest.mark.parametrize("line, rule_id", [
    ("Mehr zum Thema auf Oekolandbau.de:", "de.related"),
    ("Lies auch:", "de.read-also"),
    ("Lesen Sie auch:", "de.read-also"),
    ("VERWANDTE ARTIKELMEHR VOM AUTOR", "de.related"),
    ("Es werden die Artikel 1 bis 10 von insgesamt 19 angezeigt", "de.pagination"),
    ("Showing 1–12 of 40 results", "en.pagination"),
    ("Resultaten 1 - 12 van 40", "nl.pagination"),
    ("Klik hier", "nl.link-here"),
])
def test_furniture_headings_match_after_the_colon_is_normalised_away(line, rule_id):
    rule = _rule(rule_id)
    assert rule.hits_line(normalise(line))


def test_a_table_introduced_by_text_outside_the_main_region_stays_with_that_text():
    # A short article above a much larger listing: the listing is the main region, the article's
    # paragraphs stay as good text, and so does the table their last line introduces.
    title, *paras = ARTICLE.strip().split("\n\n")
    table = ["The budget in figures:", "Schools | 4.2 million", "Repairs | 1.1 million", "Pensions | 0.8 million"]
    listing = [f"Offer {i}: this week the shop sells a set of garden chairs, a table and an umbrella for the "
               f"summer, and the price includes delivery to your door within three days of the order." for i in range(12)]
    furniture = ["Share on Facebook", "Newsletter", "Contact us", "Privacy policy", "Terms of use", "Advertise",
                 "Careers", "Sitemap"]
    shelves = ["Garden chairs", "Kitchen tables", "Outdoor lights", "Summer sale", "Gift cards", "New arrivals"]
    text = _page("Home", "Shop", paras[0], paras[1], *table, *furniture, *shelves, *listing, "© 2024 Example Media")
    out, _ = run(text)
    assert paras[0] in out and all(row in out for row in table)


def test_a_teaser_list_between_repeated_labels_goes():
    title, *paras = ARTICLE.strip().split("\n\n")
    teasers = []
    for head, summary in (("Mayor signs the budget into law", "The mayor signed the budget on Friday."),
                          ("Teachers union welcomes smaller classes", "The union said it had waited for years."),
                          ("Pension fund faces a new shortfall", "The fund needs more money from the city."),
                          ("Parks get new benches this summer", "The works start in June.")):
        teasers += ["Local news", head, summary]
    out, edits = run(_page(title, *paras, *teasers, "Local news", "Weather"))
    assert out.startswith(_page(title, *paras)) and "Teachers union" not in out and "Pension fund" not in out
    assert "repeated-separator" in {e.rule for e in edits}


@pytest.mark.parametrize("repeated", ["1", "Size: large"])
def test_quantities_and_key_value_lines_are_not_separators(repeated):
    title, *paras = ARTICLE.strip().split("\n\n")
    items = []
    for thing in ("cup packed brown sugar for the topping", "can of pineapple slices, drained",
                  "jar of maraschino cherries without stems", "box of yellow cake mix for the batter"):
        items += [repeated, thing]
    text = _page(title, *paras[:2], "Ingredients", *items, *paras[2:])
    out, edits = run(text)
    assert all(thing in out for thing in items[1::2])
    assert "repeated-separator" not in {e.rule for e in edits}


def test_a_numbered_reference_list_with_repeated_links_is_not_a_teaser_list():
    title, *paras = ARTICLE.strip().split("\n\n")
    refs = []
    for n, ref in enumerate(("Doe J, Roe R. School budgets and class size. J Educ Econ. 2019;12:33-41",
                             "Smith A et al. Pension obligations of cities. Public Finance Rev. 2018;4:1-9",
                             "Brown K. Repairs that wait: school buildings in decline. Urban Stud. 2017;9:70-88",
                             "Lee M. The politics of local budgets. Local Gov Stud. 2016;2:5-19"), start=1):
        refs += [f"{n}.", ref, "Article PubMed Google Scholar"]
    out, edits = run(_page(title, *paras[:3], "The studies:", *refs, *paras[3:]))
    assert all(ref in out for ref in refs[1::3])
    assert "repeated-separator" not in {e.rule for e in edits}


def test_repeated_code_lines_are_not_separators():
    title, *paras = ARTICLE.strip().split("\n\n")
    code = []
    for name in ("from_budget", "from_pensions", "from_repairs", "from_schools"):
        code += ["@classmethod", f"def {name}(cls, city):", "    return cls(city.budget)"]
    out, edits = run(_page(title, *paras[:2], *code, *paras[2:]))
    assert "repeated-separator" not in {e.rule for e in edits}


def test_a_page_title_ending_with_its_site_name_is_a_headline_not_a_breadcrumb():
    from textfix.stages.boilerplate import _headline_like

    assert _headline_like("Chamber of Commerce Gives a Makeover to its Brand, Strengthens PR | San-Digi")
    assert _headline_like("Council approves the new ferry route - The Coast Herald")
    assert not _headline_like("Home | News | World | Europe")
    assert not _headline_like("Home » News » Council approves the new ferry route")


def test_aggressive_rules_apply_only_where_the_level_says_so():
    from textfix.stages._boilerplate_rules import load_levels

    rule = next(r for r in load_ruleset().rules["common"] if r.id == "common.caption-with-credit")
    levels = load_levels()
    assert [rule.applies(levels[n].aggressive_rules) for n in ("conservative", "balanced", "aggressive")] == \
        [False, False, True]
    assert all(r.applies(False) for rules in load_ruleset().rules.values() for r in rules if not r.aggressive)


GLUED_TITLE_ARTICLE = """Watch Out Before Signing A Lease!
Rental Market Report 2024: Rising Rents, Deposit Rules, Tenant Rights Checklist (City Gazette Online) - Gazette News ●New "Tenant Protection Register" launched amidst booming rental market Rents climbing.
Rents for flats and houses have risen again this year, and the number of people looking for a home is still growing in most of the larger cities.
While the cost of buying has kept many families in rented homes, landlords say that their own costs for repairs and insurance have gone up as well.
The new register is meant to give tenants a way to check a landlord's record before they sign anything, and it is free to use.
Tenant groups welcomed the register but said that it would only help if the records in it were kept up to date by the city.
Landlords' associations said they had not been consulted and that the rules on deposits were still unclear to many of their members.
The city expects the first results of the register to be published in the spring, after the first six months of its use.
"""


def test_a_page_without_furniture_is_not_trimmed_by_density_alone():
    # A headline and a page title glued to a teaser read as "not text" (few function words), but with no
    # furniture anywhere on the page nothing says it was scraped from a template: the article is whole.
    for level in ("balanced", "aggressive"):
        out, edits = run(GLUED_TITLE_ARTICLE, level=level)
        assert out == GLUED_TITLE_ARTICLE, level
        assert edits == []


def test_density_still_trims_a_page_that_has_furniture():
    body = GLUED_TITLE_ARTICLE.split("\n", 2)[2]
    menu = "Weather Traffic Lottery Obituaries Classifieds Photos Videos"
    page = body + f"Share this article\n{menu}\n© 2024 City Gazette. All rights reserved.\n"
    out, edits = run(page)
    assert [e.rule for e in edits if e.before.strip() == menu] == ["outside-main-text"]
    assert out.startswith(body)


GERMAN_ARTICLE = """Stadtrat beschließt den neuen Haushalt für die Schulen
Der Stadtrat hat am Dienstag einen Haushalt beschlossen, der die Ausgaben für die öffentlichen Schulen um vier Prozent erhöht, zum ersten Mal seit drei Jahren und nach einer Debatte, die bis in den späten Abend dauerte.
Die Befürworter sagten, mit dem Geld würden kleinere Klassen und die Reparatur von Gebäuden bezahlt, die seit Jahren darauf warten.
Energiewende
Die Gegner hielten dagegen, dass sich die Stadt die Erhöhung nicht leisten könne, solange ihre Verpflichtungen für die Pensionen weiter wachsen.
Der Bürgermeister will den Haushalt in der nächsten Woche unterschreiben, und die neuen Ausgaben beginnen mit dem Schuljahr im September.
"""


def test_the_second_copy_of_a_menu_goes_where_the_first_went():
    title, *paras = GERMAN_ARTICLE.strip().split("\n")
    menu = ["Politik", "Wirtschaft", "Energiewende", "Kultur und Freizeit", "Leserbrief schreiben"]
    text = _page("Startseite", *menu, "Newsletter", title, *paras, "Artikel teilen", *menu, title, "Suche",
                 "Impressum | Datenschutz | Kontakt")
    out, edits = run(text)
    # The lone "Energiewende" in the article is no menu, and the headline recurring in the footer's list is
    # a title: both stay.
    assert out == _page(title, *paras)
    assert "echo" in {e.rule for e in edits}


@pytest.mark.parametrize("caption, credit, rule", [
    ("Der Stadtrat bei der Abstimmung am Dienstag.", " | © Erika Muster/Getty Images", "common.caption-credit"),
    ("Die Schule am Marktplatz im Abendlicht.", " Bild: M. Beispiel/Shutterstock.com", "common.caption-credit"),
    ("Die neuen Klassenzimmer im Erdgeschoss.", " © Beispiel Verlag", "common.caption-credit"),
    # without a full stop, a credit of a name and an agency
    ("Stau", " © aremac / Clipdealer", "common.slash-credit"),
    ("Menschenmassen vor der Bühne", " Bild © Johannes Gregor/hr", "common.slash-credit"),
    ('Er sagte: "Wir bleiben"', " Bild © Johannes Gregor/hessenschau.de", "common.slash-credit"),
    ("Die Präsidentin spricht bei der Gedenkstunde", " © dpa | Bernd von Jutrczenka", "common.slash-credit"),
])
def test_a_caption_loses_a_credit_after_a_bar_a_domain_or_a_copyright_sign(caption, credit, rule):
    title, *paras = GERMAN_ARTICLE.strip().split("\n")
    out, edits = run(_page(title, paras[0], caption + credit, *paras[1:]))
    assert out == _page(title, paras[0], caption, *paras[1:])
    assert [e.rule for e in edits] == [rule]


@pytest.mark.parametrize("line, removed", [
    ("Freitag | 14. Juni 2019 | 15:49 VON Sina Giebel IN Fashion | 0 COMMENTS", True),
    ("June 5, 2019 · 3 Kommentare", True),
    ("Die Partei sammelte 300 Kommentare zu ihrem Programm.", False),
])
def test_a_meta_line_that_ends_with_its_comment_count_goes(line, removed):
    title, *paras = GERMAN_ARTICLE.strip().split("\n")
    out, edits = run(_page(title, paras[0], line, *paras[1:]))
    assert out == (_page(title, paras[0], *paras[1:]) if removed else _page(title, paras[0], line, *paras[1:])), \
        [e.rule for e in edits]


@pytest.mark.parametrize("line", [
    "Die Schule wurde 1990 gegründet. © 2024 Beispiel Verlag GmbH",  # a footer's year: not this rule's
    "Der Vertrag ist unterschrieben. Bild: Der Bürgermeister ist zufrieden.",  # a sentence, not a credit
])
def test_a_copyright_year_or_a_sentence_after_a_caption_is_not_its_credit(line):
    rule = next(r for r in load_ruleset().rules["common"] if r.id == "common.caption-credit")
    assert list(rule.spans(line)) == []


@pytest.mark.parametrize("line, rule_id", [
    ("Mehr erfahren", "de.read-more"),
    ("Suche nach:", "de.navigation"),
    ("Rezept drucken", "de.navigation"),
    ("Tipp favorisieren", "de.navigation"),
    ("App installieren", "de.navigation"),
    ("Jetzt Artikel teilen!", "de.share"),
    ("Wie hilfreich war dieser Artikel?", "de.share-appeal"),
    ("Wir freuen uns, wenn du unseren Beitrag bewertest:", "de.share-appeal"),
    ("Name (erforderlich)", "de.antispam"),
    ("E-Mail (wird nicht veröffentlicht) (erforderlich)", "de.antispam"),
    ("Pour aller plus loin", "fr.related"),
    ("Tweeter", "fr.share"),
    ("Mehr", "de.read-more"),
    ("mehr…", "de.read-more"),
    ("Warenkorb ( 0 Einträge)", "de.navigation"),
    ("Panier (2 articles)", "fr.navigation"),
    ("More »", "en.read-more"),
    ("0 Shopping Cart", None),
    ("Shopping cart (0)", "en.navigation"),
    ("Sie sind hier:", "de.breadcrumb"),
    ("Sie sind hier:Home»Newsarchiv»Dago Leukefeld wird Botschafter des Sports", "de.breadcrumb"),
    ("Vous êtes ici : Accueil > Actualités", "fr.breadcrumb"),
    ("You’re here: Home / News", "en.breadcrumb"),
])
def test_buttons_prompts_and_form_labels_are_named(line, rule_id):
    if rule_id is None:  # (a count before the label: no rule knows that order; the test shows it)
        assert not any(r.hits_line(normalise(line)) for rules in load_ruleset().rules.values() for r in rules
                       if r.match == "line")
        return
    rule = _rule(rule_id)
    assert rule.may_hit(normalise(line).lower()) and rule.hits_line(normalise(line))


@pytest.mark.parametrize("line", [
    "You are here: a city that has rebuilt its old harbour into a park.",
    "Sie sind hier: in einer Stadt, die ihren alten Hafen in einen Park verwandelt hat.",
    "Mehr als die Hälfte der Befragten will im Sommer verreisen.",
    "Wer mehr erfahren will, muss den Bericht des Rechnungshofs lesen.",
    "Die App installieren inzwischen mehr als eine Million Menschen im Monat.",
])
def test_sentences_with_button_words_are_not_buttons(line):
    out, _ = run(GERMAN_ARTICLE.replace("Energiewende\n", line + "\n"))
    assert line in out


def _line_alternations():
    """(FirstFullmatch, the one alternation it stands for) for every language's whole-line rules.

    The alternation is the reference: its ``fullmatch`` names the first branch that covers the whole line.
    """
    from textfix.stages._boilerplate_rules import _FLAGS, FirstFullmatch

    ruleset = load_ruleset()
    out = []
    for lang in ruleset.rules:
        patterns = [r.pattern for r in ruleset.line_matcher(lang).line_rules]
        if patterns:
            alternation = regex.compile("|".join(f"(?P<r{i}>{p.pattern})" for i, p in enumerate(patterns)), _FLAGS)
            out.append((FirstFullmatch(patterns), alternation))
    return out


def _first_branch(alternation, text: str) -> int | None:
    m = alternation.fullmatch(text)
    return None if m is None else int(m.lastgroup[1:])


def test_the_prefix_choice_of_line_rules_finds_what_the_alternation_finds():
    examples = [r.example for rules in load_ruleset().rules.values() for r in rules]
    lines = {normalise(ln) for ln in _fixture_lines()} | {e.upper() for e in examples} | {e.lower() for e in examples}
    lines |= {"", "a", "1", "|", "/", "»"}
    hits = 0
    for first, alternation in _line_alternations():
        for norm in lines:
            want = _first_branch(alternation, norm)
            assert first.first(norm) == want, norm
            hits += want is not None
    assert hits


_EXAMPLES = sorted({r.example for rules in load_ruleset().rules.values() for r in rules if r.match == "line"})


@st.composite
def _line_like(draw) -> str:
    """Text near the whole-line rules: their examples cut, spliced, re-cased, or with odd characters."""
    a, b = draw(st.sampled_from(_EXAMPLES)), draw(st.sampled_from(_EXAMPLES))
    noise = draw(st.text(alphabet="aZß|»›>/•·.:-–,()0123456789 \u00a0\u200bÄéİ", max_size=12))
    i, j = draw(st.integers(0, len(a))), draw(st.integers(0, len(b)))
    shape = draw(st.sampled_from(("splice", "noise-first", "noise-last", "upper", "lower", "noise")))
    text = {"splice": a[:i] + b[j:], "noise-first": noise + a[i:], "noise-last": a[:i] + noise,
            "upper": a.upper(), "lower": a.lower(), "noise": noise}[shape]
    return normalise(text) if draw(st.booleans()) else text


@settings(max_examples=400, deadline=None)
@given(_line_like())
def test_the_prefix_choice_of_line_rules_agrees_with_the_alternation_on_generated_lines(text):
    for first, alternation in _line_alternations():
        assert first.first(text) == _first_branch(alternation, text)


def _first_hits(text: str, prefilter: bool) -> list[str | None]:
    import textfix.stages._boilerplate_rules as rules_module

    ruleset = load_ruleset()
    saved, rules_module.PREFILTER = rules_module.PREFILTER, prefilter
    try:
        hits = []
        for lang in ruleset.rules:
            for aggressive in (False, True):
                rule = ruleset.line_matcher(lang).first_hit(text, (), aggressive)
                hits.append(None if rule is None else rule.id)
        return hits
    finally:
        rules_module.PREFILTER = saved


def test_the_line_rules_keywords_and_prefixes_change_no_first_hit_on_fixture_lines():
    lines = {normalise(ln) for ln in _fixture_lines()}
    lines |= {"Home » News", "Home > World > Europe", "Politik/Inland/Berlin", "a | b | c | d", "x • y • z • w"}
    hits = 0
    for norm in lines:
        want = _first_hits(norm, prefilter=False)
        assert _first_hits(norm, prefilter=True) == want, norm
        hits += any(want)
    assert hits


@settings(max_examples=300, deadline=None)
@given(_line_like())
def test_the_line_rules_keywords_and_prefixes_change_no_first_hit_on_generated_lines(text):
    assert _first_hits(text, prefilter=True) == _first_hits(text, prefilter=False)


def test_short_sentences_beside_good_text_outside_the_main_region_stay():
    # A short article beside a larger block of furniture: its one long paragraph is good text kept outside
    # the main region, and the short sentences right before and after it (and its heading) are its, not
    # furniture.
    from textfix.document import Block
    from textfix.stages.boilerplate import GOOD, NEARGOOD, SHORT, _Line, _keep_structure_after_outer_text

    def line(i, text, cls, sentence=False, remove=False):
        ln = _Line(Block(i, 0, 0, text), text, cls, sentence=sentence)
        if remove:
            ln.drop("en.footer", "a rule", 0.9)
        return ln

    lines = [
        line(0, "Post Views: 22", SHORT, remove=True),
        line(1, "The poster competition for children", SHORT),
        line(2, "Design a poster with the motto: keep our rivers clean!", SHORT, sentence=True),
        line(3, "It takes place for the sixth time in 2020, and children between six and twelve ...", GOOD),
        line(4, "Send your message by 3 April to the", NEARGOOD),
        line(5, "people of Berlin and their visitors.", SHORT, sentence=True),
        line(6, "Archive", SHORT),
        line(7, "Wir verwenden Cookies ...", GOOD),
    ]
    keep = [False] * len(lines)
    keep[7] = True  # the main region
    _keep_structure_after_outer_text(lines, keep, [False] * len(lines))
    # (the good line itself is kept by its class; the heading above the text goes with it)
    assert keep == [False, True, True, False, True, True, False, True]


@pytest.mark.parametrize("line", [
    "Conditions on the parameters are alpha > 0 and beta > 0.",  # a comparison, not a breadcrumb
    "if item > heap[0]: item = heapreplace(heap, item)",
    "Register a namespace prefix.",  # "Register" going on in lower case: prose, not the link
    "Log in on an SMTP server that requires authentication.",
    "Donate blood at the town hall on Friday, the health board urged residents.",
    "The newsletter was sent to 2,000 members of the party last week.",
    "Copyright holders have sued the platform for billions of dollars.",
    "Advertisement spending rose sharply during the election campaign, analysts said.",
    "Careers in nursing are increasingly attractive to young people, the survey found.",
    "Posts by the minister on social media were deleted after the scandal.",
    "Powered by wind and solar, the island now meets all its electricity needs.",
    "Filed under the new law, the lawsuit seeks damages of 2 million dollars.",
    "Search for survivors continued into the night, officials said.",
    "Copyright © notices on the photographs were removed, the court heard.",
    "Photo agencies such as Reuters and AFP said they would appeal.",
    "Leave a reply to the council by Friday, residents were told in a letter.",
    "Forgot your password? That question was the subject line of the phishing e-mails, investigators said.",
    "The website said Akismet had blocked the attack before any comment was published.",
    "Akismet, which filters spam for millions of blogs, said on Tuesday that attacks had doubled.",
])
def test_prose_that_looks_like_furniture_stays(line):
    title, *paras = ARTICLE.strip().split("\n\n")
    out, edits = run(_page(title, *paras[:2], line, *paras[2:]))
    assert line in out, [e.rule for e in edits]


@pytest.mark.parametrize("line", ["Log in or sign up", "Register now", "Login Become a member", "Home > World > Europe",
                                  "Donate now", "Our weekly newsletter", "Copyright example.com 2014",
                                  "Copyright by the author", "Careers", "Powered by WordPress",
                                  "Filed under: Politics, Europe", "View all posts by Jane Doe",
                                  "Copyright © 2023 News Today", "Search for:", "Forgot your password?",
                                  "Leave a reply Cancel reply", "Photo: Reuters", "Image source, Getty Images",
                                  "Cookies help us deliver our services. By using our services, you agree to "
                                  "our use of cookies."])
def test_the_links_those_rules_name_still_go(line):
    title, *paras = ARTICLE.strip().split("\n\n")
    out, _ = run(_page(title, *paras[:2], line, *paras[2:]))
    assert line not in out


@pytest.mark.parametrize("line, removed", [
    ("Kontakt zu den Entführern gab es nach Angaben der Polizei bislang nicht.", False),  # news: stays
    ("Spenden für die Opfer der Flut erreichten eine Rekordhöhe.", False),
    ("Newsletter und soziale Medien sind für viele Vereine wichtige Kanäle geworden.", False),
    ("Anmelden können sich Interessierte noch bis Ende März im Rathaus.", False),
    ("Unser kostenloser Newsletter informiert Sie über unsere neuesten Beiträge.", True),  # it addresses the reader
    ("Registrieren Sie sich jetzt und bewerten Sie Ihre Lieblingsmarken.", True),
    ("Jetzt spenden", True),
    ("Kontakt", True),
    ("Sie verwenden einen Adblocker, um sich vor Schadsoftware zu schützen, sagen Sicherheitsforscher.", False),
    ("Passwort vergessen? So lautete der Betreff der gefälschten E-Mails, teilte die Polizei mit.", False),
    ("Sie verwenden einen Adblocker.", True),
    ("Antworten abbrechen", True),
    ("Zum Seitenanfang", True),
    ("Passwort vergessen?", True),
    ("Jetzt kostenlos registrieren", True),
    ("Symbolbild", True),
    ("Symbolfoto: dpa", True),
    ("Gesponsert", True),
    ("Artikel vorlesen", True),
    ("Zur Merkliste hinzufügen", True),
    ("Jetzt kommentieren", True),
    ("Von Max Mustermann, dpa", True),  # a byline with its agency (common.toml [fragments] agencies)
    ("Von Max Mustermann und Erika Musterfrau / mit dpa", True),
    ("Gesponsert wurde das Projekt von der Stadt und zwei Stiftungen, sagte die Sprecherin.", False),
    ("Kommentieren wollte der Minister den Vorfall am Montag nicht.", False),
    ("Diese Website verwendet Akismet, um Spam zu reduzieren. Erfahre mehr darüber, wie deine Kommentardaten "
     "verarbeitet werden.", True),
])
def test_a_german_label_going_on_as_news_prose_stays(line, removed):
    title, *paras = GERMAN_ARTICLE.strip().split("\n")
    out, edits = run(_page(title, *paras[:2], line, *paras[2:]))
    assert (line not in out) == removed, [e.rule for e in edits]


@pytest.mark.parametrize("line, hit", [
    ("Contact a été établi avec les ravisseurs, selon une source proche du dossier.", False),
    ("Se connecter au réseau est impossible dans plusieurs villages de montagne.", False),
    ("Newsletter et réseaux sociaux sont devenus essentiels pour les associations.", False),
    ("Connexion", True),
    ("Inscrivez-vous à notre newsletter et recevez nos articles chaque semaine.", True),
    ("Mentions légales | Contact | Plan du site", True),
])
def test_a_french_label_going_on_as_news_prose_is_not_the_label(line, hit):
    rules = [r for r in load_ruleset().rules_for("fr") if r.id in ("fr.subscribe", "fr.footer")]
    assert any(r.hits_line(line) for r in rules) == hit


def test_a_fragment_is_written_once_and_expanded_where_a_rule_names_it():
    from textfix.stages._boilerplate_rules import _expand, _fragments

    parts = _fragments({"fragments": {"a": "own"}}, {"fragments": {"a": "common", "b": "x|y"}})
    assert parts == {"a": "own", "b": "x|y"}  # a file's own over the common file's
    assert _expand("{a}-{b}{0,3}", parts) == "(?:own)-(?:x|y){0,3}"  # (a quantifier is no name)
    en = [r for r in load_ruleset().rules["en"] if r.id == "en.navigation"][0]
    assert "{prose_follows}" not in en.pattern.pattern and r"\p{Ll}+\s+\p{Ll}" in en.pattern.pattern


def test_the_headings_kept_with_the_article_are_looked_for_below_a_breadcrumb_label():
    """Above "You are here:" stands the page's header: its menu labels are no heading of the article, even
    where one-word labels between them let the walk up from the text go far (it skips one-word lines)."""
    menu = ["Home", "Public Safety", "Events", "Exercises", "Training Courses", "News", "Abroad",
            "International Missions", "Domestic"]
    footer = ["Imprint", "Privacy policy", "Contact", "Follow us on Twitter"]
    body = [f"Paragraph {i}: the volunteers of the relief agency trained for three days on the river, and "
            "the organisers said that more women than ever before had taken part in the exercise this year."
            for i in range(6)]
    title = "More women than ever join the relief agency's river exercise"
    text = "\n".join(menu + ["You are here:", title] + body + footer) + "\n"
    out, edits = run(text)
    assert out.startswith(title + "\n")
    assert {e.before.strip() for e in edits} >= {"You are here:", "International Missions", "Public Safety"}


# French prose whose function words Spanish shares ("le", "les", "que", "la", "de"): Spanish gets two votes for every
# three French ones, so no paragraph points clearly to one language among all the profiles.
FRENCH_PARAGRAPH = ("Paragraphe {i} : le ministère de la Défense a indiqué mardi que les armes avaient été livrées à "
                    "l'armée, et que d'autres livraisons sont prévues dans les semaines à venir, selon un communiqué "
                    "des responsables.")


@pytest.mark.parametrize("line, removed", [
    ("Lire la suite", True),
    ("Par Jean Dupont, avec AFP", True),
    ("Article précédent", True),
    ("Mot de passe oublié ?", True),
    ("Annuler la réponse", True),
    ("Vous utilisez un bloqueur de publicités.", True),
    ("Ce site utilise Akismet pour réduire les indésirables.", True),
    ("Vous utilisez un bloqueur de publicités, comme un tiers des internautes français, selon une étude.", False),
    ("Article suivant du projet de loi, le texte sur les retraites a été adopté mardi.", False),
])
def test_french_furniture_goes_from_french_prose_that_spanish_function_words_follow_closely(line, removed):
    paras = [FRENCH_PARAGRAPH.format(i=i) for i in range(10)]
    out, edits = run("\n".join(paras[:5] + [line] + paras[5:]) + "\n")
    assert (line not in out) == removed, [e.rule for e in edits]


def test_only_the_languages_with_rules_compete_once_one_of_them_leads():
    from textfix import language

    words = language.words(FRENCH_PARAGRAPH.format(i=1))
    assert language.cheap_language(words, 2, language.profiles()) is None  # Spanish follows too closely
    assert language.cheap_language(words, 2, language.profiles(), frozenset({"en", "de", "fr", "nl"})) == "fr"
    spanish = language.words("El ministro dijo que las conversaciones continuarían en la primavera y que no le "
                             "preocupaba, según los responsables del gobierno.")
    assert language.cheap_language(spanish, 2, language.profiles(), frozenset({"en", "de", "fr", "nl"})) is None


def test_a_summary_with_a_read_more_button_under_a_related_heading_is_a_teaser():
    """The teasers under "Related articles" end at a paragraph (text again), but not at one that a "Read more"
    button follows within two lines: that paragraph is a teaser's summary, and the next teaser follows."""
    menu = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Contact"]
    title, *paras = ARTICLE.strip().split("\n\n")
    teasers = [
        "Mayor opens new library in the north of the city (Culture)",
        "The mayor opened a new public library on Monday in the north of the city, after three years of "
        "construction and a long dispute about its cost, which rose to twelve million.",
        "Read more",
        "Teachers call for higher wages (Education)",
        "The teachers' union called on Wednesday for higher wages for young teachers, saying that many of them "
        "leave the profession after two or three years because of the low pay.",
        "Read more",
    ]
    foot = ["Imprint", "Privacy policy", "Follow us on Twitter"]
    out, edits = run("\n".join(menu + [title] + paras[:2] + ["Related articles"] + teasers + foot) + "\n")
    assert out == "\n".join([title] + paras[:2]) + "\n", [(e.rule, e.before[:30]) for e in edits]


def test_the_names_of_icon_font_ligatures_go_and_the_words_beside_them_stay():
    title, *paras = ARTICLE.strip().split("\n\n")
    out, edits = run(_page(title, *paras[:2], "keyboard_arrow_left Back to the home page", *paras[2:]))
    assert "keyboard_arrow_left" not in out and {e.rule for e in edits} >= {"common.icon-names"}
    assert "my_variable" in run(_page(title, *paras[:2], "Set my_variable to 3 first.", *paras[2:]))[0]
