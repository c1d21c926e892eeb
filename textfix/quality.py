"""How damaged a text looks: the artifact score used to choose the better of two copies.

Lower is better. The score counts signs of machine-translation and scraping
damage per word: runs of Title Case Every Word inside body sentences, capitals
inside words, ftfy's mojibake badness, and broken punctuation. It is a
comparison tool (which of two copies of one article is cleaner), not an
absolute grade.
"""

from __future__ import annotations

import regex
from ftfy.badness import badness

__all__ = ["artifact_score", "artifact_breakdown"]

_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
_INTRAWORD = regex.compile(r"\b\p{Ll}+\p{Lu}\p{Ll}+\b|\b\p{Lu}\p{Ll}+\p{Lu}\p{Ll}{2,}\b")
_BAD_PUNCT = regex.compile(r"\s[,.;:!?](?!\d)|[,;:][.,;:]|\.[,;]|\s{2,}\S")
_SMALL = frozenset("a an and as at but by for from in into of on or the to with".split())


def artifact_breakdown(text: str) -> dict[str, float]:
    """The parts of the artifact score, each per word of text."""
    words = _WORD.findall(text)
    n = max(len(words), 1)
    small_capitalised = sum(1 for w in words if w.lower() in _SMALL and w[0].isupper())
    small_total = sum(1 for w in words if w.lower() in _SMALL) or 1
    return {
        "title_case": small_capitalised / small_total,
        "intraword_caps": len(_INTRAWORD.findall(text)) / n,
        "mojibake": badness(text) / n,
        "punctuation": len(_BAD_PUNCT.findall(text)) / n,
    }


def artifact_score(text: str) -> float:
    b = artifact_breakdown(text)
    return round(b["title_case"] + 5 * b["intraword_caps"] + 5 * b["mojibake"] + 2 * b["punctuation"], 6)
