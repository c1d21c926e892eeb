"""How damaged a text looks: the artifact score used to choose the better of two copies.

Lower is better. The score counts signs of machine-translation and scraping
damage per word: function words capitalised inside sentences (broken Title
Case Every Word), capitals inside words (``VolodyMyr``), words no dictionary
knows (garbled spellings such as ``Threatesed``), names written in lower case
(``ukraine``), one name spelled several ways (``Eliza`` / ``Elísa`` /
``Elisha``), ftfy's mojibake badness and broken punctuation. It is a
comparison tool (which of two copies of one article is cleaner), not an
absolute grade: names and rare words make any text score above zero, and two
copies of one article share them.

A word is unknown only after the inflection rules of ``repeats.toml`` fail
to find it: typographic apostrophes, possessives and plurals are ordinary
English, and a copy typeset with curly quotes must not look garbled.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache

import regex
from ftfy.badness import badness
from rapidfuzz.distance import Levenshtein

from .rules import load_toml
from .wordlist import english

__all__ = ["ArtifactCounts", "artifact_counts", "artifact_score", "artifact_breakdown", "is_known_word",
           "WEIGHTS"]

_WORD = regex.compile(r"\p{L}+(?:['’ʼ]\p{L}+)*")
# A word begins a sentence when only opening quotes/brackets stand between it and
# the start of the line or a sentence end; there a capital is expected.
_SENTENCE_START = regex.compile(r"(?:\n|[.!?…:;]\s+|[\"“‘'«(\[]\s*)$")
# Stray capitals: inside a word (VolodyMyr, McDonald-like garbling), a doubled
# initial capital (CHief) or a capital closing a lower-case word (hizeN).
_INTRAWORD = regex.compile(r"\b\p{Ll}+\p{Lu}\p{Ll}+\b|\b\p{Lu}\p{Ll}+\p{Lu}\p{Ll}{2,}\b"
                           r"|\b\p{Lu}{2}\p{Ll}{2,}\b|\b\p{Ll}{2,}\p{Lu}\b")
_BAD_PUNCT = regex.compile(r"\s[,.;:!?](?!\d)|[,;:][.,;:]|\.[,;]|\w\s{2,}\w")
_MARKS = regex.compile(r"\p{M}+")
# Spellings compared pairwise within one bucket (same first two letters) at most;
# a bigger bucket is a list of names, not one name spelled several ways, and is skipped.
_MAX_SPELLINGS = 60

#: How much each kind of damage weighs in :func:`artifact_score` (per word rates).
WEIGHTS = {
    "title_case": 1.0,
    "intraword_caps": 5.0,
    "unknown_words": 3.0,
    "lowercased_names": 3.0,
    "name_variants": 3.0,
    "mojibake": 5.0,
    "punctuation": 2.0,
}


@dataclass(frozen=True)
class ArtifactCounts:
    """How many of each sign of damage a text shows, and how many words it has.

    Counts, not rates: two aligned copies of one article are compared both
    ways, by the weighted rates of :meth:`score` and by the plain number of
    damaged spots of :meth:`damage_signs`.
    """

    words: int = 0
    #: Function words (the denominator of the Title Case rate).
    function_words: int = 0
    #: Function words capitalised inside a sentence ("Won Their Fifth ... In The League").
    title_case: int = 0
    #: Stray capitals: VolodyMyr, CHief, hizeN.
    intraword_caps: int = 0
    #: Words (3+ letters) no dictionary knows, after the inflection rules.
    unknown_words: int = 0
    #: ... of which written in lower case: garbled or untranslated words, not names.
    unknown_lower: int = 0
    #: Names the dictionary knows capitalised, written in lower case (ukraine).
    lowercased_names: int = 0
    #: Mentions of a name in a spelling other than its most frequent one in this text.
    name_variants: int = 0
    #: ftfy's badness (mojibake).
    mojibake: float = 0.0
    #: Broken punctuation: a space before a comma, doubled marks.
    punctuation: int = 0

    def rates(self) -> dict[str, float]:
        """Each kind of damage as a rate: per function word (Title Case) or per word."""
        n = max(self.words, 1)
        return {
            "title_case": self.title_case / max(self.function_words, 1),
            "intraword_caps": self.intraword_caps / n,
            "unknown_words": self.unknown_words / n,
            "lowercased_names": self.lowercased_names / n,
            "name_variants": self.name_variants / n,
            "mojibake": self.mojibake / n,
            "punctuation": self.punctuation / n,
        }

    def score(self) -> float:
        """The artifact score: weighted rates, lower = cleaner (0 for no sign of damage)."""
        return round(sum(WEIGHTS[k] * v for k, v in self.rates().items()), 6)

    def damage_signs(self) -> int:
        """Damaged spots a reader would stop at, counted one by one.

        Garbled or untranslated lower-case words, a name spelled several ways,
        lower-cased names, stray capitals and broken punctuation. Between two
        copies that both read as clean sentences (no Title Case), these few
        spots are what tells a careful translation from a careless one.
        """
        return (self.unknown_lower + self.name_variants + self.lowercased_names + self.intraword_caps
                + self.punctuation)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@lru_cache(maxsize=None)
def _quality_data() -> dict:
    return load_toml("repeats.toml")["quality"]


@lru_cache(maxsize=None)
def _small_words() -> frozenset[str]:
    return frozenset(_quality_data()["small_words"])  # shared with the stage


@lru_cache(maxsize=None)
def _inflection() -> tuple[dict[int, str], tuple[tuple[str, str], ...], int]:
    data = _quality_data()["inflection"]
    apostrophes = {ord(c): "'" for c in data["apostrophes"]}
    suffixes = tuple((s, r) for s, r in data["suffixes"])
    return apostrophes, suffixes, int(data["min_stem"])


@lru_cache(maxsize=200_000)
def is_known_word(folded: str) -> bool:
    """Whether the dictionary knows ``folded`` (case-folded), directly or through the inflection rules.

    Any apostrophe reads as ``'``; then one suffix rule (a possessive, a
    plural) may be undone, leaving a stem of a few letters at least.
    """
    lexicon = english()
    if folded in lexicon:
        return True
    apostrophes, suffixes, min_stem = _inflection()
    word = folded.translate(apostrophes)
    if word in lexicon:
        return True
    for suffix, replacement in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            if word[: len(word) - len(suffix)] + replacement in lexicon:
                return True
    return False


def _is_lowercased_name(word: str) -> bool:
    """A lower-case word that the dictionary almost only knows capitalised (``ukraine``)."""
    info = english().get(word)
    return bool(info) and info.title + info.upper >= 10 and info.title + info.upper > 10 * (info.lower + 1)


def _is_common_lower(folded: str) -> bool:
    """A word the dictionary mostly sees in lower case: an ordinary word, not a name."""
    info = english().get(folded)
    return bool(info) and info.lower > info.title + info.upper


def _skeleton(word: str) -> str:
    """A name with accents and a possessive folded away: what two spellings of it share."""
    folded = word.casefold().translate(_inflection()[0])
    if folded.endswith("'s"):
        folded = folded[:-2]
    return _MARKS.sub("", unicodedata.normalize("NFKD", folded))


def _name_variants(names: Counter) -> int:
    """Mentions of a name in a spelling other than the most frequent one of its group.

    ``names`` counts capitalised words that are not ordinary lower-case words.
    Two spellings are one name when they begin alike and differ by an edit or
    two (Eliza / Elísa / Elisha; Zelensky / Zelenskyy) but neither extends
    the other (Russia / Russian, Karatsu / Karatsuka stay apart).
    """
    spellings: Counter = Counter()  # one spelling, with or without a possessive
    for word, count in names.items():
        skel = _skeleton(word)
        if len(skel) >= 4:
            spellings[skel] += count
    groups: dict[str, list[str]] = defaultdict(list)
    for skel in spellings:
        groups[skel[:2]].append(skel)
    variants = 0
    for words in groups.values():
        if len(words) < 2 or len(words) > _MAX_SPELLINGS:
            continue
        # Union of near spellings inside the bucket.
        parent = {w: w for w in words}

        def find(w: str) -> str:
            while parent[w] != w:
                parent[w] = parent[parent[w]]
                w = parent[w]
            return w

        for x_pos, sx in enumerate(words):
            for sy in words[x_pos + 1:]:
                if sx.startswith(sy) or sy.startswith(sx):
                    continue  # an inflection or a longer name: Russia / Russian
                limit = min(2, (min(len(sx), len(sy)) - 2) // 2)
                if Levenshtein.distance(sx, sy, score_cutoff=limit) <= limit:
                    parent[find(sx)] = find(sy)
        clusters: dict[str, list[str]] = defaultdict(list)
        for w in words:
            clusters[find(w)].append(w)
        for members in clusters.values():
            if len(members) > 1:
                counts = sorted((spellings[w] for w in members), reverse=True)
                variants += sum(counts[1:])
    return variants


def _word_class(word: str, small: frozenset[str]) -> tuple[bool, int, int, int, bool]:
    """What one spelling tells, whatever its position: (function word, unknown, unknown lower-case,
    lower-cased name, name-like capitalised word)."""
    folded = word.casefold()
    if folded in small:
        return True, 0, 0, 0, False
    lower = word.islower()
    if len(word) >= 3 and not is_known_word(folded):
        unknown, unknown_lower, lowered = 1, int(lower), 0
    else:
        unknown = unknown_lower = 0
        lowered = int(lower and _is_lowercased_name(folded))
    name_like = word[0].isupper() and not word.isupper() and not _is_common_lower(folded)
    return False, unknown, unknown_lower, lowered, name_like


def artifact_counts(text: str) -> ArtifactCounts:
    """Every sign of damage in ``text``, counted (see :class:`ArtifactCounts`)."""
    small = _small_words()
    n_words = n_small = small_capitalised = unknown = unknown_lower = lowered = 0
    classes: dict[str, tuple[bool, int, int, int, bool]] = {}  # this call's memo: words repeat
    capitalised: Counter = Counter()
    for m in _WORD.finditer(text):
        word = m.group()
        n_words += 1
        cls = classes.get(word)
        if cls is None:
            cls = classes[word] = _word_class(word, small)
        if cls[0]:
            n_small += 1
            if word[0].isupper() and m.start() > 0 and not _SENTENCE_START.search(
                    text[max(m.start() - 3, 0):m.start()]):
                small_capitalised += 1
            continue
        unknown += cls[1]
        unknown_lower += cls[2]
        lowered += cls[3]
        if cls[4]:
            capitalised[word] += 1
    return ArtifactCounts(
        words=n_words,
        function_words=n_small,
        title_case=small_capitalised,
        intraword_caps=len(_INTRAWORD.findall(text)),
        unknown_words=unknown,
        unknown_lower=unknown_lower,
        lowercased_names=lowered,
        name_variants=_name_variants(capitalised),
        mojibake=float(badness(text)),
        punctuation=len(_BAD_PUNCT.findall(text)),
    )


def artifact_breakdown(text: str) -> dict[str, float]:
    """The parts of the artifact score: each a rate per word (or per function word)."""
    return artifact_counts(text).rates()


def artifact_score(text: str) -> float:
    """One number for how damaged ``text`` looks; lower = cleaner (0 for no sign of damage)."""
    return artifact_counts(text).score()
