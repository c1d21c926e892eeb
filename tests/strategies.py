"""Hypothesis strategies for texts that break text cleaners.

Two families: *degenerate* inputs (empty, whitespace only, runs of one
character, odd Unicode, markup-like debris) that stress the edges of every
rule, and *realistic* paragraphs built from a news-like vocabulary, with both
paragraph conventions, quotes, numbers and headings. ``texts()`` mixes them,
and also splices degenerate fragments into realistic text, because most bugs
live where a rule's pattern meets something it did not expect.
"""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

__all__ = ["degenerate_texts", "realistic_texts", "texts", "ODD_CHARACTERS"]

#: Characters that are easy to mishandle: line/paragraph separators, BOM, zero-width and
#: directional marks, combining marks, NBSP and other spaces, control characters.
ODD_CHARACTERS = (
    "\u2028\u2029\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069"
    "\u0301\u0308\u0327\u20dd\u00a0\u2009\u3000\u0085\x0b\x0c\x1c\x1e\x00\x07\x1b\x7f\r\t"
)
_SCRIPTS = (
    "Москва заявила, что переговоры продолжатся. ",
    "北京表示，谈判将继续。",
    "قالت موسكو إن المحادثات ستستمر. ",
    "מוסקבה אמרה שהשיחות יימשכו. ",
    "Αθήνα είπε ότι οι συνομιλίες θα συνεχιστούν. ",
    "नई दिल्ली ने कहा कि बातचीत जारी रहेगी। ",
    "Le ministre a déclaré : « nous continuerons ! »",
    "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ",
    "emoji 👍🏽 and flags 🇺🇦 and 👨‍👩‍👧",
)
_DEBRIS = (
    "**", "*", "__", "_", "|", " | |", "| |", "<br>", "</p>", "<b>", "<a href=\"x\">", "< b >",
    "\"", "“", "”", "‘", "’", "«", "»", "„", "'", "...", ". . .", "…", ",,", ".,", ",.", " ,", " .",
    " -", "- ", " - ", "--", "—", "–", "&amp;", "&nbsp;", "Ã©", "â€™", "2*3*4", "snake_case_name",
    "* item", "1. item", "Q:", "A:", "By:", "#", "> ", "```", "\\", "http://example.com/a_b_c",
    "<name@example.com>", "e.g.,", "U.S.,", "etc.,", "so -called", "pre- and post-war",
)
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", " \n", "\n \n", "\u00a0"])


def _repeat(unit: str, n: int) -> str:
    return unit * n


degenerate_texts = st.one_of(
    st.just(""),
    st.text(alphabet=" \t\n\r\u00a0\u2028\u3000", max_size=40),
    st.integers(1, 30).map(lambda n: "\n" * n),
    st.builds(_repeat, st.sampled_from([" ", ".", "*", "_", "|", "\"", "-", ",", "a", "the ", "?!", "<br>",
                                        "\n\n", "word ", "Ab. "]), st.integers(1, 200)),
    st.lists(st.sampled_from(_DEBRIS + _SCRIPTS), max_size=12).map("".join),
    st.text(alphabet=st.sampled_from(list(ODD_CHARACTERS) + list("ab .,\n\"*_|<>")), max_size=60),
    st.text(max_size=60),
)

_NAMES = ("Trump", "Putin", "Zelensky", "Lavrov", "Macron", "Meloni", "Moscow", "Kyiv", "Washington",
          "Beijing", "Brussels", "NATO", "the EU", "the Kremlin", "the White House")
_VERBS = ("said", "added", "warned", "noted", "argued", "insisted", "explained", "denied")
_PHRASES = ("the talks will continue", "security guarantees are essential", "the summit ended without a deal",
            "sanctions remain in place", "a ceasefire is possible", "the proposal was rejected",
            "more than 30 countries have pledged support", "the plan costs $4.5 billion",
            "troops were deployed on 21 August", "negotiations resumed in Istanbul")


@st.composite
def _sentence(draw) -> str:
    name = draw(st.sampled_from(_NAMES))
    verb = draw(st.sampled_from(_VERBS))
    phrase = draw(st.sampled_from(_PHRASES))
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return f"{name[0].upper() + name[1:]} {verb} that {phrase}."
    if shape == 1:
        return f"\u201c{phrase[0].upper() + phrase[1:]},\u201d {name} {verb}."
    if shape == 2:
        return f"\"{phrase[0].upper() + phrase[1:]}, and {draw(st.sampled_from(_PHRASES))},\" {name} {verb}."
    return f"According to {name}, {phrase}; {draw(st.sampled_from(_PHRASES))}."


@st.composite
def _paragraph(draw) -> str:
    if draw(st.integers(0, 6)) == 0:  # a heading
        return draw(st.sampled_from(("Talks in Disarray", "What happens next", "Background",
                                     "Why Moscow is furious")))
    return " ".join(draw(st.lists(_sentence(), min_size=1, max_size=4)))


@st.composite
def realistic_texts(draw) -> str:
    paragraphs = draw(st.lists(_paragraph(), min_size=1, max_size=6))
    # Well-written text does not say the same sentence twice; a repeated sentence is a
    # pull-quote or a duplicate, which the repeats stage rightly removes.
    sentences = [s.rstrip(".") for p in paragraphs for s in p.split(". ")]
    assume(len(sentences) == len(set(sentences)))
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    end = draw(st.sampled_from(["", "\n"]))
    return sep.join(paragraphs) + end


@st.composite
def _spliced(draw) -> str:
    """Realistic text with degenerate fragments and odd spacing spliced in at random places."""
    text = draw(realistic_texts())
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(_DEBRIS + _SCRIPTS), _SPACES,
                               st.sampled_from(list(ODD_CHARACTERS))))
        text = text[:pos] + piece + text[pos:]
    return text


texts = st.one_of(degenerate_texts, realistic_texts(), _spliced())
