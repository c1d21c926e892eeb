"""The cheap document-language evidence that gates the English-only stages (casing, names)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import clean
from textfix.document import Document
from textfix.language import document_language, mixed_page

_MENU = "\n".join(["Accueil", "Opinion", "Politique", "Canada", "Québec", "Montréal", "Sports", "Culture"] * 60)
_PROSE = (
    "Le ministre Roberge a annoncé mardi que la ville de Montréal ne permettra plus les trottinettes "
    "électriques dans les rues du centre.\n"
    "Selon la direction de la recherche, les accidents ont augmenté de façon importante depuis le "
    "début de l’été, notamment chez les jeunes.\n"
    "Les usagers pourront toutefois louer des vélos en libre-service, comme le prévoit le plan adopté "
    "en juin par le conseil municipal.\n"
)


def test_a_page_that_opens_with_a_long_menu_is_read_from_its_prose():
    page = _MENU + "\n" + _PROSE
    assert len(_MENU) > 3000
    assert document_language(Document(id="p", text=page)) == "fr"


def test_french_prose_behind_a_menu_keeps_its_casing():
    page = _MENU + "\n" + _PROSE
    r = clean(page)
    assert not [e for e in r.edits if e.stage in ("casing", "names") and e.before != e.after], r.explain()


def test_english_prose_behind_a_menu_is_english():
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport"] * 150)
    prose = ("The minister said on Tuesday that the city would no longer allow electric scooters in the "
             "streets of the centre, and that the ban would start in the spring.\n") * 3
    assert document_language(Document(id="p", text=menu + "\n" + prose)) == "en"


def test_a_short_text_clearly_not_english_is_kept_from_the_english_stages():
    # Spanish has more votes than French here, and neither is clear of the other; English has one.
    text = "Le président a parlé avec les ministres de la guerre en ukraine et de l'aide de l'europe."
    assert document_language(Document(id="p", text=text)) not in (None, "en")
    assert not [e for e in clean(text).edits if e.stage == "casing"]
    assert document_language(Document(id="p", text="The talks in Washington ended, and he left.")) in (None, "en")


def test_a_short_menu_only_text_stays_undecided():
    assert document_language(Document(id="p", text="Home\nNews\nSport\n")) is None


_FRAME = (
    "This page was saved by the web archive as part of an effort to keep the pages that blogs link to. "
    "The archive hopes that the saved copies will replace the links that would otherwise be broken.\n"
    "Posted by Nesselsetzer under Just For Fun | Tags: Physik, Satire\n"
)
_BLOG = (
    "Rebloggt von gnaddrig ad libitum: Antipoden: Die Wahrheit\n"
    "Gnaddrigs erstaunliche Betrachtung einer Schuhsohle soll heute als lehrreiches Stück für die Entwicklung "
    "einer Theorie dienen, die sich mit der Frage beschäftigt, warum wir nicht von der Erde fallen.\n"
    "Daran sollten sich alle, die sich mit solchen Fragen beschäftigen, in Sachen Logik ein Beispiel nehmen, "
    "denn die Wahrheit ist oft einfacher, als man denkt, und sie ist auch nicht so weit weg.\n"
    "(weiter bei gnaddrig ad libitum)\n"
    "gnaddrig Sagt:\n9. Dezember 2013 at 14:57\nSchöne Einleitung\n"
)


def test_a_page_half_in_another_language_keeps_its_short_lines():
    # An English frame around a German blog: the first lines say English, but on such a mixed page a
    # line is left to the English-only stages only when its own function words say English.
    page = _FRAME + _BLOG
    assert mixed_page(Document(id="p", text=page), "en")
    r = clean(page, only=["casing", "names"])
    assert r.text == page, r.explain()


def test_an_english_page_with_a_german_quote_is_not_mixed():
    page = ("The chancellor said the coalition would hold. \"Wir schaffen das\", she told reporters in Berlin, "
            "and the opposition said the government had lost its way in the debate over the budget.\n") * 3
    assert not mixed_page(Document(id="p", text=page), "en")
    # (second: a first line in Title Case is the page's headline, not a damaged sentence)
    text = page + "Officials In Berlin Said The Talks With Moscow Had Failed And Would Not Resume Soon.\n"
    assert "\nOfficials in Berlin said the talks with Moscow had" in clean(text, only=["casing"]).text


def test_words_of_non_ascii_text_split_at_the_same_marks_as_a_translate_table():
    """words() replaces the non-ASCII marks one by one and the ASCII ones on the UTF-8 bytes: the result
    must be the one str.translate with the whole punctuation table gives, whatever the mix."""
    import random

    from textfix.language import _PUNCT, words

    marks = "".join(chr(c) for c in _PUNCT)
    alphabet = marks + "abcΣσςßİé日本 \n\t\u00a0\u2028\x1c"
    rng = random.Random(7)
    samples = ["«Ça va», dit-il — «très bien…»", "ΟΔΟΣ. Σοφία’s „Haus“", "a\u00a0b\u2028c"]
    samples += ["".join(rng.choice(alphabet) for _ in range(40)) for _ in range(2000)]
    for text in samples:
        assert words(text) == text.lower().translate(_PUNCT).split(), text


def test_the_page_votes_are_the_sum_of_its_lines_votes():
    """mixed_page sums the votes of the blocks (cached per paragraph) instead of re-reading the page: the words
    of a page are the words of its lines, final sigma and all."""
    from textfix.language import _block_votes, _mostly_unknown_english, profiles, words

    page = ("Der Mann und die Frau ΟΔΟΣ\n\nthe cat and the dog ΑΣ\nσ les enfants et le chat\n  \n"
            "Die Stadt, und der Fluss — und die Brücke…")
    doc = Document(id="p", text=page)
    summed: dict[str, int] = {}
    for b in doc.blocks:
        assert _block_votes(b.text) == (profiles().votes(words(b.text)), _mostly_unknown_english(words(b.text)))
        for code, n in _block_votes(b.text)[0].items():
            summed[code] = summed.get(code, 0) + n
    assert sum(len(words(b.text)) for b in doc.blocks) == len(words(page))
    assert summed == dict(profiles().votes(words(page)))


def test_votes_of_a_short_line_equal_the_counted_votes_in_the_same_order():
    """Profiles.votes loops over a short line's words instead of counting them first: the same votes, the
    languages in the same order (the order breaks ties in most_common)."""
    import random
    from collections import Counter

    from textfix.language import profiles

    prof = profiles()

    def counted(ws):
        votes = {}
        for w, n in Counter(ws).items():
            for lang in prof.index.get(w, ()):
                votes[lang] = votes.get(lang, 0) + n
        return votes

    vocab = ["de", "la", "et", "und", "the", "in", "a", "en", "die", "le", "of", "zebra", "est", "is", "y"]
    rng = random.Random(5)
    for _ in range(3000):
        ws = [rng.choice(vocab) for _ in range(rng.randint(0, 20))]
        got = prof.votes(ws)
        assert list(got.items()) == list(counted(ws).items()), ws
        assert got.most_common(2) == Counter(counted(ws)).most_common(2)


def _old_mixed_page(doc: Document, lang: str) -> bool:
    """mixed_page as it was: the blocks' cached votes summed, block by block."""
    from textfix.language import MIXED_PAGE_SHARE, MIXED_PAGE_VOTES, _block_votes

    votes: dict[str, int] = {}
    for b in doc.blocks:
        for code, n in _block_votes(b.text)[0].items():
            votes[code] = votes.get(code, 0) + n
    other = max((n for code, n in votes.items() if code != lang), default=0)
    return other >= MIXED_PAGE_VOTES and other >= MIXED_PAGE_SHARE * votes.get(lang, 0)


_LANGUAGE_WORDS = ("the and of in is to a that it was for on with der die und das ist nicht le la les et des "
                   "est une el los que por zebra Putin Berlin ΟΔΟΣ Σοφία σ ΑΣ ßtraße İstanbul").split()
_LANGUAGE_GLUE = [" ", " ", " ", "\n", "\n\n", ", ", ". ", " — ", "… ", "\u00a0", "\u2028", "\x1c", "\r\n", " \n ",
                  "«", "»", "’"]


@st.composite
def _language_pages(draw) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(_LANGUAGE_WORDS), st.sampled_from(_LANGUAGE_GLUE)),
                          max_size=120))
    return "".join(w + g for w, g in parts)


@settings(max_examples=300, deadline=None)
@given(_language_pages(), st.sampled_from(["en", "de", "fr"]))
def test_lazy_foreign_regions_answer_as_the_block_spans(page, lang):
    """foreign_regions judges only the blocks it is asked about, and mixed_page reads the page in slices:
    the answers must be those of the spans of foreign_blocks and of the summed block votes, everywhere."""
    from textfix import language
    from textfix.language import Regions, foreign_blocks, foreign_regions

    doc = Document(id="p", text=page)
    assert mixed_page(doc, lang) == _old_mixed_page(doc, lang)
    lazy = foreign_regions(Document(id="p", text=page), lang)
    spans = Regions([(b.start, b.end) for b in foreign_blocks(doc, lang)])
    for pos in range(-1, len(page) + 2):
        assert lazy.covers(pos) == spans.covers(pos), pos
    assert (lazy.starts, lazy.ends) == (spans.starts, spans.ends)
    old_slice = language._PAGE_SLICE
    language._PAGE_SLICE = 7  # many slices, cut at line breaks
    try:
        assert mixed_page(Document(id="p", text=page), lang) == _old_mixed_page(doc, lang)
    finally:
        language._PAGE_SLICE = old_slice


def test_a_german_page_in_an_english_frame_is_mixed_across_slices():
    page = _FRAME + _BLOG
    from textfix import language

    old_slice = language._PAGE_SLICE
    language._PAGE_SLICE = 50
    try:
        assert mixed_page(Document(id="p", text=page), "en")
    finally:
        language._PAGE_SLICE = old_slice


def test_a_document_with_foreign_regions_is_freed_without_the_garbage_collector():
    # The lazy regions live in the document's memo: they must not refer back to the document (a cycle would
    # keep every document, and its text, alive until a collection).
    import gc
    import weakref

    from textfix.language import foreign_regions

    enabled = gc.isenabled()
    gc.disable()
    try:
        doc = Document(id="p", text="The cat sat on the mat.\nDer Hund und die Katze sind nicht hier.\n")
        regions = foreign_regions(doc, "en")
        assert not regions.covers(0) and regions.covers(30)
        ref = weakref.ref(doc)
        del doc, regions
        assert ref() is None
    finally:
        if enabled:
            gc.enable()
