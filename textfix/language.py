"""Cheap language evidence: scripts and function words, shared by the stages.

langdetect costs milliseconds per call; counting function words from the
stop-word profiles in ``textfix/data/langid`` costs microseconds. The langid
stage uses this evidence to decide when the detector is needed at all, and
English-only stages (casing, names: their lexicon is English) use it to leave
text in other languages alone: German capitalises its nouns, and an English
casing rule applied to it would do harm.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from .document import Block, Document
from .rules import data_files, load_toml

__all__ = ["Profiles", "profiles", "script_of", "words", "cheap_language", "clear_language", "document_language",
           "foreign_blocks", "mixed_page", "Regions", "foreign_regions"]

_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)?")
_LETTERS = regex.compile(r"\p{L}+")
_PUNCT = str.maketrans({c: " " for c in ".,;:!?\"()[]{}«»„“”‘’‚—–-/|*…"})
_ASCII_PUNCT = bytes(sorted(c for c in _PUNCT if c < 128))
_PUNCT_ASCII = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))
_NON_LATIN = regex.compile(r"[^\p{Latin}\p{Common}\p{Inherited}]")
_SCRIPTS = {name: regex.compile(rf"\p{{Script={name}}}") for name in
            ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul",
             "Devanagari", "Thai", "Georgian", "Armenian")}
@dataclass(frozen=True)
class Profiles:
    """Stop-word profiles: language code -> its script and its commonest function words."""

    script: dict[str, str]
    #: language -> its function words
    stopwords: dict[str, frozenset[str]]
    #: function word -> the languages it belongs to
    index: dict[str, tuple[str, ...]]

    def votes(self, words: list[str]) -> Counter:
        """How many of ``words`` (lower-cased) are function words of each language.

        Each distinct word is looked up once (Counter counts in C); languages enter the
        result in the order of the first word that votes for them, as a word-by-word loop would.
        """
        index = self.index
        votes: dict[str, int] = {}
        if len(words) < 16:  # a short line: a Counter costs more than it saves (same votes, same order)
            for w in words:
                langs = index.get(w)
                if langs:
                    for lang in langs:
                        votes[lang] = votes.get(lang, 0) + 1
            return Counter(votes)
        # Only the function words are counted (filtered in C): the distinct words in the same first-seen order,
        # without a look-up per distinct word of the line.
        for w, n in Counter(filter(index.__contains__, words)).items():
            for lang in index[w]:
                votes[lang] = votes.get(lang, 0) + n
        return Counter(votes)


@lru_cache(maxsize=None)
def profiles() -> Profiles:
    script: dict[str, str] = {}
    index: dict[str, tuple[str, ...]] = {}
    stop: dict[str, frozenset[str]] = {}
    for name in data_files("langid"):
        code = name.rsplit("/", 1)[-1].removesuffix(".toml")
        data = load_toml(name)
        script[code] = data["script"]
        stop[code] = frozenset(data["stopwords"].split())
        for word in stop[code]:
            index[word] = index.get(word, ()) + (code,)
    return Profiles(script, stop, index)


def script_of(text: str) -> tuple[str | None, int]:
    """The dominant script of ``text`` and its letter count (ASCII text takes a fast path)."""
    if text.isascii() or not _NON_LATIN.search(text):
        n = sum(map(len, _LETTERS.findall(text)))
        return ("Latin" if n else None), n
    counts = {name: len(p.findall(text)) for name, p in _SCRIPTS.items()}
    if counts["Hiragana"] + counts["Katakana"]:  # Japanese mixes kana with Han
        counts["Han"] += counts.pop("Hiragana") + counts.pop("Katakana")
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return (name if n else None), n


def _script(text: str) -> str | None:
    """The dominant script, as :func:`script_of` says it, without counting Latin letters one by one."""
    if text.isascii() or not _NON_LATIN.search(text):
        return "Latin" if _LETTERS.search(text) else None
    return script_of(text)[0]


def words(text: str) -> list[str]:
    """Lower-cased words, split at spaces and punctuation (str methods: C speed, no regex).

    ASCII text takes bytes.translate (a table look-up per byte); the str.translate of other text
    looks every character up in a dict. The result is the same: the ASCII part of the table.
    """
    low = text.lower()
    if low.isascii():
        return low.encode("ascii").translate(_PUNCT_ASCII).decode("ascii").split()
    # Other text: its few non-ASCII punctuation marks by str.replace, the ASCII ones on the UTF-8 bytes (a
    # multi-byte character has no byte below 128): the same spaces as str.translate, without a dict look-up
    # per character (six times faster on a page).
    for mark in _NON_ASCII_PUNCT:
        if mark in low:
            low = low.replace(mark, " ")
    return low.encode("utf-8", "surrogatepass").translate(_PUNCT_ASCII).decode("utf-8", "surrogatepass").split()


_NON_ASCII_PUNCT = tuple(chr(c) for c in _PUNCT if c >= 128)


def cheap_language(words: list[str], min_votes: int, prof: Profiles,
                   among: frozenset[str] | None = None) -> str | None:
    """The language the function words point to, when they clearly point to one.

    ``among``: only these languages compete, once the leader is one of them. Close languages share
    function words (French prose gives Spanish two votes for every three of its own: "le", "les",
    "que", "la"), so a caller that can only tell some languages apart asks whether the leader is one
    of those and clearly ahead of the others of those; a Spanish text is still no French one.
    """
    return clear_language(prof.votes(words), min_votes, among)


def clear_language(votes: Counter, min_votes: int, among: frozenset[str] | None = None) -> str | None:
    """:func:`cheap_language` from the votes already counted (a caller asking twice counts once)."""
    if among is not None and votes:
        top = votes.most_common(1)[0][0]
        if top not in among:
            return None
        votes = Counter({lang: n for lang, n in votes.items() if lang in among})
    return _clear_leader(votes, min_votes)


def _clear_leader(votes: Counter, min_votes: int) -> str | None:
    """The language with at least ``min_votes`` votes and twice as many as the next, if any."""
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < min_votes:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return ranked[0][0]


def document_language(doc: Document, chars: int = 3000, min_votes: int = 4) -> str | None:
    """The language a document's function words clearly point to, or its non-Latin script; None if unclear."""
    sample = doc.text[:chars]
    script = _script(sample)
    if script is None:
        return None
    if script != "Latin":
        return script
    votes = profiles().votes(words(sample))
    lang = _clear_leader(votes, min_votes)
    if lang is None:
        # A scraped page often opens with a menu, which has no function words: read its prose. Close
        # languages (French, Spanish) share many function words, so the leader need only be clear of
        # English there (in a long page's prose or in a short text: "Le président a parlé avec les
        # ministres" gives Spanish 7 votes, French 6, English 1): the label gates the English-only stages.
        if len(doc.text) > chars:
            votes = profiles().votes(words(_prose_sample(doc, 20 * chars)))
            lang = _clear_leader(votes, min_votes)
        if lang is None:
            top, n = votes.most_common(1)[0] if votes else ("en", 0)
            if top != "en" and n >= min_votes and votes["en"] * 2 < n:
                lang = top
    return lang


def _prose_sample(doc: Document, chars: int) -> str:
    """Up to ``chars`` characters of the blocks that read as sentences (eight words or more, closing punctuation).

    Stricter than the langid stage's sample, which keeps a whole short page: here an English
    cookie banner or menu on a German page must not outvote the German article.
    """
    out: list[str] = []
    size = 0
    for b in doc.blocks:
        t = b.text.rstrip()
        if t[-1:] in ".!?:;\"”»" and t.count(" ") >= 7:
            out.append(t)
            size += len(t)
            if size >= chars:
                break
    return "\n".join(out)


def foreign_blocks(doc: Document, lang: str, min_votes: int = 3) -> list[Block]:
    """Blocks whose script or function words clearly belong to another language than ``lang``.

    Computed once per document text (casing and names both ask), each paragraph's
    answer cached across documents and rounds (the same paragraphs come back).
    """
    def compute() -> list[Block]:
        own_script = profiles().script.get(lang, "Latin")
        if mixed_page(doc, lang):
            # A page half in another language (a German blog inside an English archive frame, English
            # widgets on a French site): its short lines, menus and names are not evidence of ``lang``.
            # Only a block whose own function words clearly say ``lang`` is left to the stage.
            return [b for b in doc.blocks if _is_foreign(b.text, lang, own_script, MIXED_MIN_VOTES, True)]
        return [b for b in doc.blocks if _is_foreign(b.text, lang, own_script, min_votes)]

    return doc.memo(("foreign_blocks", lang, min_votes), compute)


#: A page is mixed when another language has at least this share of ``lang``'s function-word votes (and at
#: least MIXED_PAGE_VOTES of them). English pages score up to about 0.4 (shared words such as "in", "an");
#: German and French pages framed or widgeted in English 0.9 and more.
MIXED_PAGE_SHARE = 0.5
MIXED_PAGE_VOTES = 10
#: On a mixed page, the function-word votes a block needs to count as ``lang``.
MIXED_MIN_VOTES = 2


def mixed_page(doc: Document, lang: str) -> bool:
    """Another language has nearly as many function words on the whole page as ``lang``."""
    return doc.memo(("mixed_page", lang), lambda: _mixed_text(doc.text, lang))


def _mixed_text(text: str, lang: str) -> bool:
    """:func:`mixed_page` of a page's text."""
    votes = _page_votes(text)
    other = max((n for code, n in votes.items() if code != lang), default=0)
    return other >= MIXED_PAGE_VOTES and other >= MIXED_PAGE_SHARE * votes.get(lang, 0)


#: Characters of a page :func:`_page_votes` splits into words at a time (then on to the next line break).
_PAGE_SLICE = 1 << 18


def _page_votes(text: str) -> dict[str, int]:
    """The function-word votes of a whole page: the sum of its blocks' votes, read in a few large slices.

    The words of a page are the words of its lines: a line break splits words as a space
    does and is no context for str.lower (its one context rule, the final sigma, sees a line
    end as a word end), and blank lines hold no words. So slices cut at line breaks give the
    blocks' votes summed, with one split and one count per slice instead of per line (and
    without the unknown-English test, which only the blocks a stage asks about need). Slices
    of about 256k characters keep the word lists small on a page of many megabytes.
    """
    prof = profiles()
    votes: dict[str, int] = {}
    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n", pos + _PAGE_SLICE)
        if end < 0:
            end = n
        for code, k in prof.votes(words(text[pos:end])).items():
            votes[code] = votes.get(code, 0) + k
        pos = end + 1
    return votes


def _is_foreign(text: str, lang: str, own_script: str, min_votes: int, strict: bool = False) -> bool:
    if len(text) <= _CACHED_PARAGRAPH:
        return _is_foreign_cached(text, lang, own_script, min_votes, strict)
    return _is_foreign_uncached(text, lang, own_script, min_votes, strict)


_CACHED_PARAGRAPH = 4000  # longer paragraphs rarely come back, and would make the cache large


def _is_foreign_uncached(text: str, lang: str, own_script: str, min_votes: int, strict: bool = False) -> bool:
    script = _script(text)
    if script is not None and script != own_script:
        return True
    votes, unknown_english = _block_votes(text)
    guess = _clear_leader(votes, min_votes)  # cheap_language(words(text), min_votes, profiles())
    if strict:
        return guess != lang  # the block must speak for itself
    return (guess is not None and guess != lang) or (lang == "en" and unknown_english)


# One document's paragraphs, across its rounds and stages: at most 4096 paragraphs of <= 4000 characters.
_is_foreign_cached = lru_cache(maxsize=4096)(_is_foreign_uncached)


def _paragraph_votes(text: str) -> tuple[Counter, bool]:
    """A paragraph's function-word votes, and whether most of its lower-case words are unknown to English:
    what _is_foreign reads, from one split of the paragraph into words (not kept: small).

    The cached result is shared: callers must not change the Counter.
    """
    ws = words(text)
    return profiles().votes(ws), _mostly_unknown_english(ws)


_paragraph_votes_cached = lru_cache(maxsize=4096)(_paragraph_votes)


def _block_votes(text: str) -> tuple[Counter, bool]:
    if len(text) <= _CACHED_PARAGRAPH:
        return _paragraph_votes_cached(text)
    return _paragraph_votes(text)


def _mostly_unknown_english(ws: list[str]) -> bool:
    """Most of the lower-case words are unknown to the English word list: not English.

    Only lower-case words count: an English sentence full of foreign names is still English.
    """
    if len(ws) < 3:
        return False  # (fewer than three words, fewer than three lower-case ones)
    from .wordlist import english

    known = english().keys()
    # Comprehensions, not chains of filter/map/compress: on real pages' paragraphs they take 0.11 s where the
    # chains took 0.21 s (the per-item call of a filter costs more than a comprehension's inline test).
    lower = [w for w in ws if w.isalpha() and w.islower() and len(w) > 1]
    n = len(lower)
    if n < 3:
        return False
    unknown = n - len([w for w in lower if w in known])
    return unknown * 2 > n


class Regions:
    """Sorted, non-overlapping character spans, asked whether they cover a position."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def foreign_regions(doc: Document, lang: str) -> Regions:
    """The spans of :func:`foreign_blocks`, for stages that act on positions.

    Judged block by block as the stage asks (:class:`_LazyRegions`): casing and names ask
    only where they have a change or a finding to drop, most pages in few blocks or none.
    """
    return doc.memo(("foreign_regions", lang), lambda: _LazyRegions(doc, lang))


class _LazyRegions(Regions):
    """:func:`foreign_blocks` as :class:`Regions`, each block judged on the first question about it.

    The same answers as ``Regions([(b.start, b.end) for b in foreign_blocks(doc, lang)])``:
    blocks are disjoint and in order, so a position lies in at most one block, the last
    one starting at or before it, and is covered exactly when that block is foreign. That
    block's verdict is the one foreign_blocks gives it (the page-level mixed_page test, then
    the block's own, from the same cached functions); other blocks are never judged.

    It keeps the text, not the Document: it is kept in the Document's memo, and a reference
    back would make every document a cycle that only the garbage collector frees.
    """

    def __init__(self, doc: Document, lang: str, min_votes: int = 3) -> None:
        self._text = doc.text
        self._lang = lang
        self._min_votes = min_votes
        self._block_starts: list[int] | None = None  # (on the first question: a stage may ask none)
        self._lines: list[str] = []
        self._verdicts: dict[int, bool] = {}
        self._mixed: bool | None = None
        self._spans: Regions | None = None

    def covers(self, pos: int) -> bool:
        if self._block_starts is None:
            # The blocks as Document.blocks finds them (non-blank lines), without a Block object for each.
            starts: list[int] = []
            at = 0
            for line in self._text.split("\n"):
                if line and line.strip():
                    starts.append(at)
                    self._lines.append(line)
                at += len(line) + 1
            self._block_starts = starts
        i = bisect.bisect_right(self._block_starts, pos) - 1
        if i < 0 or pos >= self._block_starts[i] + len(self._lines[i]):
            return False
        verdict = self._verdicts.get(i)
        if verdict is None:
            verdict = self._verdicts[i] = self._foreign(self._lines[i])
        return verdict

    def _foreign(self, text: str) -> bool:
        lang = self._lang
        own_script = profiles().script.get(lang, "Latin")
        if self._mixed is None:
            self._mixed = _mixed_text(self._text, lang)
        if self._mixed:
            return _is_foreign(text, lang, own_script, MIXED_MIN_VOTES, True)
        return _is_foreign(text, lang, own_script, self._min_votes)

    def _all(self) -> Regions:
        if self._spans is None:
            blocks = foreign_blocks(Document("", self._text), self._lang, self._min_votes)
            self._spans = Regions([(b.start, b.end) for b in blocks])
        return self._spans

    @property  # type: ignore[override]
    def starts(self) -> list[int]:
        return self._all().starts

    @property  # type: ignore[override]
    def ends(self) -> list[int]:
        return self._all().ends
