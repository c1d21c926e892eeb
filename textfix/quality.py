"""How damaged a text looks: the artifact score used to choose the better of two copies.

Lower is better. The score counts signs of machine-translation and scraping
damage per word: function words capitalised inside sentences (broken Title
Case Every Word), capitals inside words (``VolodyMyr``), words no dictionary
knows (garbled spellings such as ``Threatesed``), names written in lower case
(``ukraine``), ftfy's mojibake badness and broken punctuation. It is a
comparison tool (which of two copies of one article is cleaner), not an
absolute grade: names and rare words make any text score above zero, and two
copies of one article share them.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from ftfy.badness import badness

from .rules import load_toml
from .wordlist import english

__all__ = ["artifact_score", "artifact_breakdown", "WEIGHTS"]

_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")
# A word begins a sentence when only opening quotes/brackets stand between it and
# the start of the line or a sentence end; there a capital is expected.
_SENTENCE_START = regex.compile(r"(?:\n|[.!?…:;]\s+|[\"“‘'«(\[]\s*)$")
_INTRAWORD = regex.compile(r"\b\p{Ll}+\p{Lu}\p{Ll}+\b|\b\p{Lu}\p{Ll}+\p{Lu}\p{Ll}{2,}\b")
_BAD_PUNCT = regex.compile(r"\s[,.;:!?](?!\d)|[,;:][.,;:]|\.[,;]|\w\s{2,}\w")

#: How much each kind of damage weighs in :func:`artifact_score` (per word rates).
WEIGHTS = {
    "title_case": 1.0,
    "intraword_caps": 5.0,
    "unknown_words": 3.0,
    "lowercased_names": 3.0,
    "mojibake": 5.0,
    "punctuation": 2.0,
}


@lru_cache(maxsize=None)
def _small_words() -> frozenset[str]:
    return frozenset(load_toml("repeats.toml")["quality"]["small_words"])  # shared with the stage


def _is_lowercased_name(word: str) -> bool:
    """A lower-case word that the dictionary almost only knows capitalised (``ukraine``)."""
    info = english().get(word)
    return bool(info) and info.title + info.upper >= 10 and info.title + info.upper > 10 * (info.lower + 1)


def artifact_breakdown(text: str) -> dict[str, float]:
    """The parts of the artifact score: each a rate per word (or per function word)."""
    lexicon = english()
    small = _small_words()
    n_words = n_small = small_capitalised = unknown = lowered = 0
    names: dict[str, bool] = {}  # this call's memo: words repeat
    for m in _WORD.finditer(text):
        word = m.group()
        folded = word.casefold()
        n_words += 1
        if folded in small:
            n_small += 1
            if word[0].isupper() and m.start() > 0 and not _SENTENCE_START.search(
                    text[max(m.start() - 3, 0):m.start()]):
                small_capitalised += 1
        if len(word) >= 3 and folded not in lexicon:
            unknown += 1
        elif word.islower():
            flag = names.get(folded)
            if flag is None:
                flag = names[folded] = _is_lowercased_name(folded)
            lowered += flag
    n = max(n_words, 1)
    return {
        "title_case": small_capitalised / max(n_small, 1),
        "intraword_caps": len(_INTRAWORD.findall(text)) / n,
        "unknown_words": unknown / n,
        "lowercased_names": lowered / n,
        "mojibake": badness(text) / n,
        "punctuation": len(_BAD_PUNCT.findall(text)) / n,
    }


def artifact_score(text: str) -> float:
    """One number for how damaged ``text`` looks; lower = cleaner (0 for no sign of damage)."""
    b = artifact_breakdown(text)
    return round(sum(WEIGHTS[k] * v for k, v in b.items()), 6)
