"""The ``casing`` stage: Title Case body sentences, capitals inside words, lower-case names.

Machine translation and scraping break casing in three ways: whole body
paragraphs come out In Title Case Every Word, random letters inside a word
turn upper case (``VolodyMyr``), and names lose their capital (``putin``).
Casing is only ever changed on evidence, strongest first:

1. how the same word is cased in this document's own well-formed sentences
   (mid-sentence, outside headings and Title Case text);
2. the same counts across the corpus (:meth:`Casing.observe`, read through
   ``ctx.corpus_count`` so that a document is never its own corpus evidence);
3. the shipped English casing lexicon (truecase's mid-sentence counts and
   Title Case word pairs, wordfreq's frequencies, and the count nouns that
   truecase never saw, known by a plural about as frequent as the singular);
4. rules: sentence starts, ``I``, acronyms, titles before names, names in
   lists, institution names (``Ministry of Health``), and a name capitalised
   on evidence in one place of the document is capitalised where it recurs.

Headlines and headings (one sentence without a closing full stop) keep their
Title Case: that is correct English. The one exception is a headline In
Every-Word Title Case (capitals even on "of", "the") in a document whose body
has Title Case damage (or with a lower-case name in it): its minor words are
lowered, and its other words are recased only when the corpus's well-formed
headlines (of the same site, known by the suffix "- DW", else all) are in
sentence case; otherwise they are findings. A word the evidence cannot decide
is left as it is; a weakly supported repair is reported as a finding.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Mapping, NamedTuple

import regex

from ..config import CasingConfig, Config
from ..language import Regions, foreign_regions, profiles
from ..document import Document, split_sentences
from ..rules import load_toml, load_tsv
from ..wordlist import WordInfo, english
from .base import Context, Proposal, Stage

__all__ = ["Casing", "Word", "Sentence", "analyse", "sentence_words", "shape", "NAMESPACE"]

#: Lexicon namespace of the corpus pass.
NAMESPACE = "casing"

_CHUNK = regex.compile(r"\S+")
_LEAD = regex.compile(r"^[\p{P}\p{S}]+")
_TRAIL = regex.compile(r"(?r)[\p{P}\p{S}]+$")  # reverse: linear on long runs of punctuation
_PART = regex.compile(r"[^-‐‑–—]+")
_WORDLIKE = regex.compile(r"^\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*$")
_OPENING = regex.compile(r"[\"'“‘«‹(\[{¿¡]")
_CLOSING_END = regex.compile(r"[.…!][\"'”’»›)\]]*\s*$")
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)
_INNER_CAP = regex.compile(r"^.+\p{Lu}")


@lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    """lower | title | upper | mixed (apostrophe suffixes such as 's do not count). Pure, so memoised."""
    letters = _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word
    if letters.islower():
        return "lower"
    if letters.isupper():
        return "upper" if len([c for c in letters if c.isalpha()]) > 1 else "title"
    if letters[:1].isupper() and (letters[1:].islower() or not any(c.isalpha() for c in letters[1:])):
        return "title"
    return "mixed"


class Word(NamedTuple):
    """A word of a sentence, with absolute offsets into ``Document.text`` (a tuple: there are millions)."""

    start: int
    end: int
    text: str
    #: First word of a sentence or clause (capital expected there): never recased down.
    initial: bool
    #: The part after a hyphen (``Jong-un``, ``So-Called``).
    after_hyphen: bool
    #: Right after an opening quote or bracket: titles of works and nicknames, weak casing evidence.
    quoted: bool = False

    @property
    def low(self) -> str:
        return _lowered(self.text)


@lru_cache(maxsize=1 << 16)
def _lowered(text: str) -> str:
    """The word without a possessive, in lower case, its typographic apostrophes plain: the key of every casing
    count. The lexicons spell contractions with ', web pages mostly with ’: unfolded, "didn’t" was an unknown
    word, and unknown words are where names are looked for ("I Didn’t"). Pure, so memoised."""
    if "’" in text:
        text = text.replace("’", "'")
    return (_POSSESSIVE.sub("", text) if "'" in text else text).lower()


class _once:
    """functools.cached_property without its lock (Python 3.11 takes one on every first read): the value is
    computed on the first read and stored in the instance's __dict__, where later reads find it first."""

    def __init__(self, compute) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


@dataclass(frozen=True)
class Sentence:
    words: tuple[Word, ...]
    #: normal | title | caps
    kind: str
    #: The block is a heading or headline (one sentence without a closing full stop).
    heading: bool
    #: The heading is the document's first block: its headline.
    headline: bool = False

    @property
    def trusted(self) -> bool:
        """Mid-sentence casing here is the writer's own: usable as evidence."""
        return self.kind == "normal" and not self.heading

    @_once
    def observed(self) -> tuple[str, ...]:
        """This sentence's casing keys for :func:`observations` (all but a headline's style), in order.

        Cached on the sentence, which :func:`_analyse_block` caches per block: a later round
        of the pipeline and the observe pass count the keys again without reading the words.
        """
        keys: list[str] = []
        add = keys.append
        trusted = self.trusted
        for w in self.words:
            mixed, key = _word_facts(w.text)[1:3]
            if mixed or (trusted and not w.initial and not w.quoted):
                add(key)
        if trusted:
            ws = self.words
            last = len(ws) - 1
            prev_title = False  # the previous word is Title-shaped, not quoted, not a sentence start
            for i, w in enumerate(ws):
                title = not w.initial and not w.quoted and shape(w.text) == "title"
                if title:
                    if prev_title:
                        add(f"b\t{ws[i - 1].low} {w.low}")
                    elif i == last or shape(ws[i + 1].text) != "title":
                        add("s\t" + w.low)
                prev_title = title
        return tuple(keys)

    @_once
    def candidates(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The positions of the words :meth:`Casing._decide`'s word rules look at, in order: those with a
        capital inside (the intra-word rule's gate), and the lower-case words that are the pronoun I or not
        common words (the pronoun and name rules' gate); no rule looks at any other word.

        Cached on the sentence, which :func:`_analyse_block` caches per block: a later round of the
        pipeline decides the same sentence again, against the document's new counts.
        """
        return _candidates(self.words, range(len(self.words)))

    @_once
    def quiet(self) -> bool:
        """No rule of :meth:`Casing._decide` can fire here, whatever the evidence and the configuration.

        A normal sentence (no Title Case or capitals to recase), not a headline, with no
        capital inside a word (the intra-word rules' gate) and no lower-case word that the
        pronoun or name rules would look at: a lower-case word there is a common word or
        the pronoun I at a sentence start (where neither rule fires). Exact, not a guess:
        _decide returns no decision for such a sentence.
        """
        if self.kind != "normal" or self.headline:
            return False
        for w in self.words:
            inner, lower = _word_facts(w.text)[3:5]
            if inner:
                return False
            if lower is not None and ((lower[0] and not w.initial) or not lower[1]):
                return False
        return True


# ----------------------------------------------------------------------------- data


@lru_cache(maxsize=None)
def _rules() -> dict:
    return load_toml("casing.toml")


@lru_cache(maxsize=None)
def _known_mixed() -> frozenset[str]:
    return frozenset(_rules()["known_mixed_case"]["forms"])


@lru_cache(maxsize=None)
def _titles() -> frozenset[str]:
    return frozenset(w.lower() for w in _rules()["titles"]["words"])


@lru_cache(maxsize=None)
def _name_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in _rules()["name_heads"]["words"])


@lru_cache(maxsize=None)
def _of_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in _rules()["of_heads"]["words"])


@lru_cache(maxsize=None)
def _of_tails() -> frozenset[str]:
    return frozenset(w.lower() for w in _rules()["of_tails"]["words"])


@lru_cache(maxsize=None)
def _particles() -> frozenset[str]:
    return frozenset(_rules()["particles"]["words"])


@lru_cache(maxsize=None)
def _ambiguous() -> frozenset[str]:
    return frozenset(_rules()["ambiguous"]["words"])


@lru_cache(maxsize=None)
def _prefix_pattern() -> "regex.Pattern[str]":
    alts = "|".join(regex.escape(p) for p in sorted(_rules()["name_prefixes"]["prefixes"], key=len, reverse=True))
    return regex.compile(rf"^(?:{alts})\p{{Lu}}\p{{Ll}}+")


@lru_cache(maxsize=None)
def _starts_after() -> tuple[str, ...]:
    return tuple(_rules()["sentence"]["starts_after"])


@lru_cache(maxsize=None)
def mid_sentence_counts() -> dict[str, tuple[int, int, int]]:
    """word -> (lower, title, upper) mid-sentence counts from truecase's bigrams (built data)."""
    return {w: (int(lo), int(ti), int(up)) for w, lo, ti, up in load_tsv("english/casing_mid.tsv.gz")}


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    """First names in the name lists of many languages (Faker, built): see casing.toml [first_names]."""
    rules = _rules()["first_names"]
    return frozenset(row[0] for row in load_tsv("english/first_names.tsv.gz")
                     if int(row[1]) >= rules["min_languages"] and len(row[0]) >= rules["min_letters"])


@lru_cache(maxsize=1 << 14)
def _first_name(low: str) -> bool:
    """A first name of many languages that English never writes in lower case: the lexicon has no lower-case
    sighting of it, anywhere or mid-sentence (casing.toml [first_names]). Pure, memoised."""
    if low not in first_names() or low in _ambiguous() or _common_word(low) or _common_lower(low):
        return False
    info = english().get(low)
    m = mid_sentence_counts().get(low)  # (lower, title, upper)
    return (info is None or info.lower == 0) and (m is None or m[0] == 0)


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """One-word place names (GeoNames, built): see casing.toml [places]."""
    return frozenset(row[0] for row in load_tsv("english/places.tsv.gz")) - frozenset(_rules()["places"]["exclude"])


@lru_cache(maxsize=1 << 14)
def _place(low: str) -> bool:
    """A place's name and no English word besides (casing.toml [places]). Pure, memoised."""
    if low not in places() or low in _ambiguous() or _common_word(low) or _common_lower(low):
        return False
    info = english().get(low)
    return info is None or info.lower <= 0.01 * info.cased_total


@lru_cache(maxsize=None)
def count_nouns() -> frozenset[str]:
    """Newer common nouns the casing counts never saw, known by a plural as frequent as the singular (built)."""
    return frozenset(row[0] for row in load_tsv("english/count_nouns.tsv.gz"))


@lru_cache(maxsize=None)
def title_pairs() -> frozenset[str]:
    """``"white house"``-style pairs seen in Title Case at least as often as in lower case."""
    return frozenset(row[0] for row in load_tsv("english/title_pairs.tsv.gz"))


# ----------------------------------------------------------------------------- analysis


def _words(text: str, offset: int, starts_after: tuple[str, ...]) -> list[Word]:
    """Words of one sentence; chunks with digits, dots, slashes (URLs, U.S., 5G) are skipped.

    A list built in one loop (no generator frames): this runs on every word of every document.
    A sentence whose chunks are set off by single spaces (nearly all) is split by str.split,
    the offsets counted along, instead of a regex match per chunk.
    """
    chunks = text.split()
    if " ".join(chunks) != text:  # other spaces, or \x1c-\x1f (str.split's whitespace, not the regex's)
        return _words_by_regex(text, offset, starts_after)
    out: list[Word] = []
    add = out.append
    new = _new_tuple
    first = True  # no word yet: only chunks of punctuation so far
    initial = True  # the next plain word starts the sentence or a clause
    prev_chunk = ""
    s = offset
    for chunk in chunks:
        if chunk.isalpha():  # the common case: a plain word
            e = s + len(chunk)
            add(new(Word, (s, e, chunk, initial, False, False)))
            initial = first = False  # (no letter is a clause mark of starts_after)
            prev_chunk = chunk
            s = e + 1
            continue
        opened, bullet, no_core, handle, parts = _chunk_parts(chunk, starts_after)
        clause_start = first or bullet or prev_chunk.endswith(starts_after) or (
            opened and (prev_chunk.endswith((",", ":")) or first))
        prev_chunk = chunk
        if no_core or handle:
            first = first and no_core  # a handle or hashtag (@jSmith, #StopWar) is spelt as its owner chose
        else:
            for rel, part, first_part in parts:
                add(new(Word, (s + rel, s + rel + len(part), part, clause_start and first_part, not first_part,
                               opened and first_part)))
            first = False
        initial = first or chunk[-1] in starts_after
        s += len(chunk) + 1
    return out


def _words_by_regex(text: str, offset: int, starts_after: tuple[str, ...]) -> list[Word]:
    """:func:`_words` for any spacing: the chunks are the regex's ``\\S+`` matches."""
    out: list[Word] = []
    add = out.append
    first = True
    prev_chunk = ""
    new = _new_tuple
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        if chunk.isalpha():  # the common case: a plain word
            s = m.start() + offset
            add(new(Word, (s, s + len(chunk), chunk, first or (prev_chunk != "" and prev_chunk[-1] in starts_after),
                           False, False)))
            prev_chunk = chunk
            first = False
            continue
        opened, bullet, no_core, handle, parts = _chunk_parts(chunk, starts_after)
        clause_start = first or bullet or prev_chunk.endswith(starts_after) or (
            opened and (prev_chunk.endswith((",", ":")) or first))
        prev_chunk = chunk
        if no_core or handle:
            first = first and no_core
            continue  # a handle or hashtag (@jSmith, #StopWar) is spelt as its owner chose
        s = m.start() + offset
        for rel, part, first_part in parts:
            add(new(Word, (s + rel, s + rel + len(part), part, clause_start and first_part, not first_part,
                           opened and first_part)))
        first = False
    return out


#: ``tuple.__new__(Word, values)``: a Word without the keyword-argument wrapper of ``Word(...)`` (hot path).
_new_tuple = tuple.__new__


@lru_cache(maxsize=1 << 13)
def _chunk_parts(chunk: str, starts_after: tuple[str, ...]) -> tuple[bool, bool, bool, bool,
                                                                      tuple[tuple[int, str, bool], ...]]:
    """How a chunk with punctuation splits into words: (opened, bullet, no core, handle, parts).

    Pure, so memoised: "said," and "(AP)" recur on every page. ``parts`` holds the
    word-like pieces between hyphens as (offset in the chunk, text, first piece).

    Half the chunks a page brings are ASCII letters or digits with at most one ASCII
    mark after them ("said," "2019" "19,"): they are answered without the regexes,
    with what the regexes give them (see :func:`_plain_chunk_parts`).
    """
    plain = _plain_chunk_parts(chunk)
    if plain is not None:
        return plain
    return _chunk_parts_by_regex(chunk, starts_after)


#: ASCII punctuation: each mark is in \p{P} or \p{S}, so a run of them at a chunk's end is its trail.
_ASCII_MARKS = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_NO_PARTS = (False, False, False, False, ())


def _plain_chunk_parts(chunk: str) -> tuple[bool, bool, bool, bool, tuple[tuple[int, str, bool], ...]] | None:
    """:func:`_chunk_parts_by_regex` of an ASCII letters-and-digits core with at most one ASCII mark after it;
    None for any other chunk.

    Why the same: an ASCII letter or digit is neither punctuation nor a symbol, so there is
    no leading run (not opened, no bullet, no handle) and the trailing run is the one mark
    (the character before it is a letter or digit); the core is what is left, not empty,
    without a hyphen, so it is one piece, and that piece is word-like exactly when it is all
    letters (a digit is no \\p{L}; ASCII letters are \\p{L} in every Unicode version).
    """
    core = chunk[:-1] if chunk[-1:] in _ASCII_MARKS else chunk
    if not (core.isascii() and core.isalnum()):
        return None
    return (False, False, False, False, ((0, core, True),)) if core.isalpha() else _NO_PARTS


def _chunk_parts_by_regex(chunk: str, starts_after: tuple[str, ...]) -> tuple[bool, bool, bool, bool,
                                                                               tuple[tuple[int, str, bool], ...]]:
    """:func:`_chunk_parts` of any chunk, by the lead, trail, piece and word-like patterns."""
    lead = _LEAD.match(chunk)
    trail = _TRAIL.search(chunk)
    a = lead.end() if lead else 0
    b = trail.start() if trail and trail.start() > a else len(chunk)
    core = chunk[a:b]
    lead_text = lead.group() if lead else ""
    opened = bool(lead and _OPENING.search(lead_text))
    bullet = bool(lead and any(ch in starts_after for ch in lead_text))
    # A handle, hashtag or variable (@jSmith, #StopWar, $treeA; casing.toml [handle]), an e-mail address or a web
    # address (debian-gcc@lists.debian.org, www.kyiv-post.com): spelt as its owner chose, even where a hyphen
    # sets off a piece that looks like a word.
    handle = bool(lead and any(mark in lead_text for mark in _rules()["handle"]["leads"])) \
        or _rule_pattern("address", "pattern").search(core) is not None
    parts = []
    first_part = True
    for p in _PART.finditer(core):
        part = p.group()
        if _WORDLIKE.match(part):
            parts.append((a + p.start(), part, first_part))
        first_part = False
    return opened, bullet, not core, handle, tuple(parts)


@lru_cache(maxsize=1 << 16)
def _common_lower(low: str) -> bool:
    """A word normally written in lower case (function words, common nouns and verbs)."""
    mid = mid_sentence_counts().get(low)
    if mid is not None:
        lo, ti, up = mid
        return lo >= 20 and lo >= 0.9 * (lo + ti + up)
    info = english().get(low)
    return bool(info and info.lower >= 20 and info.lower >= 0.8 * info.cased_total)


@lru_cache(maxsize=1 << 14)
def _word_facts(text: str) -> tuple[int, bool, str, bool, tuple[bool, bool] | None, str, str, bool, bool]:
    """What the hot loops ask of a word, computed once per distinct spelling (pure, memoised; one cache,
    bounded, for all of them):

    0. title vote: 1 a normally lower-case word capitalised, 2 one in lower case, 0 anything else;
    1. mixed case; 2. its observation key (``f\tForm`` when mixed, else ``m\tword\tshape``);
    3. worth the intra-word rules (four letters or more, a capital after the first);
    4. for a lower-case word (the pronoun I, a common word), else None;
    5. its shape; 6. its key word (:func:`_lowered`);
    7. and 8. a rule could look at it (:attr:`Sentence.quiet`'s test) at a sentence start, and elsewhere.
    """
    sh = shape(text)
    low = _lowered(text)
    vote = (1 if sh == "title" else 2 if sh == "lower" else 0) if _common_lower(low) else 0
    mixed = sh == "mixed"
    key = "f\t" + text if mixed else f"m\t{low}\t{sh}"
    inner = len(text) >= 4 and not text[1:].islower()
    lower = (low in _PRONOUN_I, _common_word(low)) if sh == "lower" else None
    loud_initial = inner or (lower is not None and not lower[1])
    loud = loud_initial or (lower is not None and lower[0])
    return vote, mixed, key, inner, lower, sh, low, loud_initial, loud


def _classify(votes: tuple[int, int], block_votes: tuple[int, int], caps_sentence: bool) -> str:
    """normal | title | caps. A short sentence inside a Title Case paragraph is judged with its paragraph."""
    if caps_sentence:
        return "caps"
    caps, lows = votes
    if caps >= 3 and caps >= 0.7 * (caps + lows):
        return "title"
    bc, bl = block_votes
    if bc >= 5 and bc >= 0.7 * (bc + bl) and caps >= 1 and caps >= 0.6 * (caps + lows):
        return "title"
    return "normal"


def analyse(doc: Document) -> list[Sentence]:
    """Every sentence of every block, with its words and kind."""
    return list(_analyse_text(doc.text))


@lru_cache(maxsize=4)
def _analyse_text(text: str) -> tuple[Sentence, ...]:
    """A pure function of the text, memoised because observe and propose of two stages all read it."""
    global _last_analysis
    out: list[Sentence] = []
    starts_after = _starts_after()
    lines = _lines(text)
    for line, start, first in lines:
        out.extend(_analyse_block(line, start, first, starts_after, first and len(lines) > 1))
    result = tuple(out)
    _last_analysis = (text, result)
    return result


#: The text :func:`_analyse_text` last analysed, and its sentences: the names stage, which runs on the text
#: casing has just read, takes the words from there instead of splitting the blocks again.
_last_analysis: tuple[str, tuple[Sentence, ...]] | None = None


@lru_cache(maxsize=512)
def _analyse_block(text: str, start: int, first: bool, starts_after: tuple[str, ...],
                   headed: bool = False) -> tuple[Sentence, ...]:
    """The sentences of one block at offset ``start`` (``first``: the document's first block; ``headed``: that
    block, in a document that goes on below it, so a headline; casing.toml [first_line]).

    Pure, so memoised: a later pipeline round, and the names stage after casing, see
    the same blocks at the same offsets again wherever no edit touched them.
    """
    out = []
    sents = _block_words(text, start, starts_after)
    # A headline: one sentence without a closing full stop (the first line of a document may be long).
    closed = _CLOSING_END.search(text) is not None
    passes = [_sentence_pass(ws) for ws in sents]
    block_votes = (sum(p[0] for p in passes), sum(p[1] for p in passes))
    kinds = [_classify((p[0], p[1]), block_votes, p[2]) for p in passes]
    heading = (len(sents) == 1 and not closed and (len(text.split()) <= 25 or first)) \
        or (not closed and len(sents) > 1 and len(text.split()) <= 25 and _asks_then_heads(text, start, sents)) \
        or _list_heading(text, sents) \
        or (headed and "title" in kinds and (len(sents) == 1 or not closed)
            and len(text.split()) <= _rules()["first_line"]["max_words"])
    terms = not heading and (_term_list(text, sents) or _rule_pattern("citation", "pattern").search(text) is not None
                             or _rule_pattern("caption", "pattern").match(text) is not None)
    for words, kind, (_, _, _, loud, keys, mixed_keys, pair_keys, loud_at) in zip(sents, kinds, passes):
        if words:
            # A title after a label ("VIDEO: The Five Biggest Haircut Trends of 2020") is a title, not a sentence;
            # so is a link's label, with its arrow after it ("See all Guest Operating Systems »").
            labelled = kind == "title" and (
                _rule_pattern("title_label", "pattern").match(text, words[0].start - start) is not None
                or _rule_pattern("link_label", "end").match(text, words[-1].end - start) is not None)
            sent = Sentence(words, kind, heading or terms or labelled, heading and first)
            # Sentence.quiet, .observed and .candidates, from the one pass over the words (they are _once values:
            # the instance's own entries are read first). The same values: see _sentence_pass.
            cache = sent.__dict__
            cache["quiet"] = sent.kind == "normal" and not sent.headline and not loud
            cache["observed"] = tuple(keys + pair_keys) if sent.trusted else tuple(mixed_keys)
            cache["candidates"] = _candidates(words, loud_at)
            out.append(sent)
    return tuple(out)


def _asks_then_heads(text: str, start: int, sents: tuple[tuple[Word, ...], ...]) -> bool:
    """Every sentence but the last ends with a question or exclamation mark, and the last has no stop: a
    headline of several parts ("What Is a Capsule Wardrobe? 10 Tips to Help You De-Clutter Your Closet",
    "... - Yahoo! News"), not a paragraph."""
    for words, nxt in zip(sents, sents[1:]):
        if not words or not nxt:
            return False
        gap = text[words[-1].end - start:nxt[0].start - start]
        if "?" not in gap and "!" not in gap:
            return False
    return True


def _candidates(words: tuple[Word, ...], positions: Iterable[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """:attr:`Sentence.candidates` among ``positions`` (in order). :func:`_sentence_pass` passes the positions
    of the words that fail :attr:`Sentence.quiet`'s test mid-sentence (_word_facts' 8): every candidate is one
    (a capital inside fails it, as does a lower-case pronoun or uncommon word), so none is missed."""
    inner: list[int] = []
    lower: list[int] = []
    for i in positions:
        facts = _word_facts(words[i].text)
        if facts[3]:
            inner.append(i)
        if facts[4] is not None and (facts[4][0] or not facts[4][1]):
            lower.append(i)
    return tuple(inner), tuple(lower)


def _sentence_pass(words: tuple[Word, ...]) -> tuple[int, int, bool, bool, list[str], list[str], list[str],
                                                     list[int]]:
    """What the analysis needs of a sentence's words, in one loop over them with one look-up each.

    (capitalised, lower-case) title votes as :func:`_title_votes`; all in capitals as
    :func:`_is_caps` (its early stop changes nothing: it stops when the final count
    would fail); whether a word fails :attr:`Sentence.quiet`'s test; and
    :attr:`Sentence.observed`'s keys, in its order: the word keys of a trusted sentence,
    those of a sentence that is not (mixed-case forms only), and the trusted sentence's
    pair and standalone keys. A standalone key (``s``) waits for the next word's shape,
    then comes before anything of that word, in the order of the two-loop version. Last, the
    positions of the words that fail the quiet test mid-sentence, among which :func:`_candidates`
    finds :attr:`Sentence.candidates`.
    """
    facts = _word_facts
    caps = lows = uppers = 0
    loud = False
    keys: list[str] = []
    mixed_keys: list[str] = []
    pair_keys: list[str] = []
    loud_at: list[int] = []
    prev_title = False
    prev_low = ""
    pending: str | None = None  # a Title word opening no pair: "s" key, unless the next word is Title-shaped
    for i, w in enumerate(words):  # (w[2] text, w[3] initial, w[4] after_hyphen, w[5] quoted: tuple indexing)
        vote, mixed, key, _, _, sh, low, loud_initial, loud_mid = facts(w[2])
        if loud_mid:
            loud_at.append(i)
        initial = w[3]
        if not initial and not w[4]:
            if vote == 1:
                caps += 1
            elif vote == 2:
                lows += 1
        if sh == "upper":
            uppers += 1
        if not loud and (loud_initial if initial else loud_mid):
            loud = True
        plain = not initial and not w[5]
        if mixed:
            keys.append(key)
            mixed_keys.append(key)
        elif plain:
            keys.append(key)
        title_shape = sh == "title"
        if pending is not None:
            if not title_shape:
                pair_keys.append("s\t" + pending)
            pending = None
        title = title_shape and plain
        if title:
            if prev_title:
                pair_keys.append(f"b\t{prev_low} {low}")
            else:
                pending = low
        prev_title = title
        prev_low = low
    if pending is not None:
        pair_keys.append("s\t" + pending)
    n = len(words)
    return caps, lows, n >= 5 and uppers >= 0.9 * n, loud, keys, mixed_keys, pair_keys, loud_at


def _list_heading(text: str, sents: tuple[tuple[Word, ...], ...]) -> bool:
    """A short line that a list marker opens ("3. Protecting Users' Legal Rights From Anti-Circumvention
    Law."): a section heading whose full stop is a style of its own, not a sentence damaged into Title Case
    (data: casing.toml [list_heading]). The marker alone may split off as a sentence of its own."""
    if not 1 <= sum(1 for ws in sents if ws) <= 2:
        return False
    m = _rule_pattern("list_heading", "marker").match(text)
    if m is None:
        return False
    rest = text[m.end():]  # ("IV." may be a sentence with a word)
    return len(rest.split()) <= _rules()["list_heading"]["max_words"] and len(split_sentences(rest)) == 1


@lru_cache(maxsize=None)
def _rule_pattern(section: str, key: str) -> "regex.Pattern[str]":
    """The pattern ``key`` of casing.toml's ``[section]``, compiled once."""
    return regex.compile(_rules()[section][key])


def _term_list(text: str, sents: tuple[tuple[Word, ...], ...]) -> bool:
    """A long line of terms with almost no function words and no closing stop: a tag cloud or a list of
    names ("Berlin Fashion Week Chanel Spring Summer 2013 Vogue"). Its capitals are no evidence of Title
    Case damage (damaged sentences keep their function words: "Says He is Disappointed in Putin"), so it
    keeps its casing as a heading does."""
    if sum(1 for ws in sents if ws) != 1 or _CLOSING_END.search(text):
        return False  # (a sentence before a list of names is a sentence: "... Is As Follows. Yuki; Ishii")
    words = [w for ws in sents for w in ws]
    if len(words) < _rules()["terms"]["min_words"]:
        return False
    function = profiles().stopwords["en"]
    return sum(w.low in function for w in words) < _rules()["terms"]["max_function_share"] * len(words)


@lru_cache(maxsize=512)
def _block_words(text: str, start: int, starts_after: tuple[str, ...]) -> tuple[tuple[Word, ...], ...]:
    """The words of each sentence of one block at offset ``start`` (empty sentences included). Memoised."""
    return tuple(tuple(_words(text[s:e], start + s, starts_after)) for s, e in split_sentences(text))


def sentence_words(doc: Document) -> list[tuple[Word, ...]]:
    """The words of every sentence that has any, as in :func:`analyse` without the casing classification
    (the names stage reads only the words: the votes and kinds are casing's)."""
    return list(_sentence_words_text(doc.text))


@lru_cache(maxsize=4)
def _sentence_words_text(text: str) -> tuple[tuple[Word, ...], ...]:
    last = _last_analysis
    if last is not None and last[0] == text:
        # The same sentences: analyse keeps a block's sentences that have words, in order, as below.
        return tuple(sent.words for sent in last[1])
    starts_after = _starts_after()
    return tuple(ws for line, start, _ in _lines(text) for ws in _block_words(line, start, starts_after) if ws)


def _lines(text: str) -> list[tuple[str, int, bool]]:
    """(text, start, first) of each block, as ``Document.blocks`` finds them (non-blank lines; ``first``: the
    first of them), without building a Block object for each: the analysis needs only these three."""
    out = []
    add = out.append
    pos = 0
    first = True
    for line in text.split("\n"):
        if line and line.strip():
            add((line, pos, first))
            first = False
        pos += len(line) + 1
    return out


def observations(sentences: list[Sentence], text: str = "") -> Counter:
    """Casing counts: ``m\\tword\\tshape`` for trusted mid-sentence words, ``f\\tForm`` for mixed-case forms.

    With the text, also the style of a well-formed headline: ``h\\tstyle`` for one without a site name,
    ``hs\\tstyle`` for one with a site name and ``hw\\tstyle\\tword`` for each name word of that site
    suffix (see :func:`headline_parts`).
    """
    c: Counter = Counter()
    for sent in sentences:
        if sent.headline and text:
            head, site = headline_parts(sent, text)
            style = headline_style(head)
            if style in ("sentence", "title"):
                for word in site:
                    c[f"hw\t{style}\t{word}"] += 1
                c[f"h{'s' if site else ''}\t{style}"] += 1
        keys = sent.observed
        if keys:
            c.update(keys)  # (counted in C, in order: the Counter's keys come out as a key-by-key loop adds them)
    return c


@lru_cache(maxsize=4)
def _cached_observations(text: str) -> Counter:
    return observations(list(_analyse_text(text)), text)


def _text_observations(text: str) -> Counter:
    """observations() of a text, computed once for observe and propose (a copy: callers may add to it)."""
    return Counter(_cached_observations(text))


# ----------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Decision:
    after: str
    rule: str
    reason: str
    confidence: float


class _Evidence:
    """The four sources, strongest first, for one document."""

    def __init__(self, own: Counter, ctx: Context, text: str = "") -> None:
        self.own = own
        self.text = text
        self.ctx = ctx
        self.lex = english()
        self.mid = mid_sentence_counts()
        #: Words in Title Case body sentences: the document was damaged, its headline likely too.
        self.body_title_words = 0
        #: Where the sentences whose casing is the writer's own start and end, in order.
        self.trusted_spans: list[tuple[int, int]] = []

    def doc(self, low: str) -> tuple[int, int, int]:
        return (self.own.get(f"m\t{low}\ttitle", 0), self.own.get(f"m\t{low}\tlower", 0),
                self.own.get(f"m\t{low}\tupper", 0))

    def corpus(self, low: str) -> tuple[int, int, int]:
        if not self.ctx.lexicon.counters.get(NAMESPACE):
            return (0, 0, 0)  # no corpus evidence (a single document): what corpus_count would say, unformatted
        cc = self.ctx.corpus_count
        return (cc(NAMESPACE, f"m\t{low}\ttitle"), cc(NAMESPACE, f"m\t{low}\tlower"),
                cc(NAMESPACE, f"m\t{low}\tupper"))

    def form_seen(self, form: str) -> int:
        """Occurrences of an exact mixed-case form in this document and the rest of the corpus."""
        return self.own.get("f\t" + form, 0) + self.ctx.corpus_count(NAMESPACE, "f\t" + form)

    def top_pair(self, low: str) -> tuple[int, str]:
        """The capitalised word seen most often right before ``low`` in a name of this document (``b`` keys), with
        that count."""
        return self._top_pairs.get(low, (0, ""))

    @_once
    def _top_pairs(self) -> dict[str, tuple[int, str]]:
        """:meth:`top_pair` for every word: one pass over the document's keys, made when first asked."""
        tops: dict[str, tuple[int, str]] = {}
        for key, n in self.own.items():
            if key.startswith("b\t"):
                first, _, second = key[2:].partition(" ")
                if n > tops.get(second, (0, ""))[0] or (n == tops[second][0] and first < tops[second][1]):
                    tops[second] = (n, first)
        return tops

    def pair_seen(self, a: str, b: str) -> bool:
        """Two words seen as one capitalised name, in the document, the corpus or the lexicon."""
        key = f"b\t{a} {b}"
        return bool(self.own.get(key) or self.ctx.corpus_count(NAMESPACE, key) or f"{a} {b}" in title_pairs())

    @_once
    def names_with_the(self) -> frozenset[str]:
        """Every "The Name ..." (and each shorter run of its capitalised words) the document writes after a
        lower-case word in a sentence whose casing is the writer's own (:attr:`trusted_spans`, set first): one
        pass over the text, made when first asked."""
        runs = set()
        starts = [a for a, _ in self.trusted_spans]
        for m in _NAME_WITH_THE.finditer(self.text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or m.start() >= self.trusted_spans[i][1] \
                    or _LOWER_WORD_BEFORE.search(self.text, max(0, m.start() - 40), m.start()) is None:
                continue  # ("Met With The President": a Title Case sentence's "The")
            words = m.group().split(" ")
            runs.update(" ".join(words[:k]) for k in range(2, len(words) + 1))
        return frozenset(runs)

    def lexicon_mid(self, low: str) -> tuple[int, int, int] | None:
        m = self.mid.get(low)
        return (m[1], m[0], m[2]) if m else None

    def info(self, low: str) -> WordInfo | None:
        return self.lex.get(low)


def _share(t: int, lo: int) -> float:
    return t / (t + lo) if t + lo else 0.5


def _title_word(word: Word, ev: _Evidence, prev: Word | None, nxt: Word | None) -> Decision | None:
    """Keep (None) or lower a Title-shaped word inside a Title Case sentence."""
    low = word.low
    lowered = word.text.lower()
    # A name of several words seen in the document or corpus ("National Guard") keeps its capitals.
    function_word = _function_word(low)
    for a, b in ((prev, word), (word, nxt)):
        if a is not None and b is not None and shape(a.text) == "title" and shape(b.text) == "title" \
                and not b.after_hyphen and (f"{a.low} {b.low}" in title_pairs() if function_word
                                            else ev.pair_seen(a.low, b.low)):
            # ("The", "By": one other document's "The President" is no evidence; the lexicon's pairs are.)
            return None
    t, lo, up = ev.doc(low)
    if t and not ev.own.get("s\t" + low) and _share(*(lambda m: (m[0], m[1]) if m else (0, 0))(
            ev.lexicon_mid(low))) < 0.2:
        t = 0  # seen capitalised only inside other names ("European Film Academy"): not this word's own casing
    lm = ev.lexicon_mid(low)
    if t == 1 and not lo and lm and lm[0] + lm[1] >= 50 and lm[0] <= 0.05 * (lm[0] + lm[1]):
        t = 0  # one capital against thousands of lower-case uses: a missed sentence break, not a name
    if t + lo:
        if t and not lo:
            return None
        if lo and not t:
            return Decision(lowered, "title-case", f"'{low}' is lower case mid-sentence elsewhere in the "
                            f"document ({lo}x)", 0.95)
        if t >= lo:
            return None
        return Decision(lowered, "title-case", f"'{low}' is mostly lower case mid-sentence in the document "
                        f"({lo} of {t + lo})", 0.8)
    t, lo, up = ev.corpus(low)
    if t + lo >= 2:
        s = _share(t, lo)
        # A few capitals in other documents (a "Project X" name there) do not outweigh a word the lexicon
        # has in lower case nearly always.
        lex_lower = lm is not None and lm[0] + lm[1] >= 50 and lm[0] <= 0.05 * (lm[0] + lm[1])
        if s >= 0.7 and (t >= 5 or not lex_lower):
            return None
        if s <= 0.3:
            return Decision(lowered, "title-case", f"'{low}' is lower case mid-sentence in the corpus "
                            f"({lo} of {t + lo})", 0.9)
    m = ev.lexicon_mid(low)
    if m and m[0] + m[1] >= 3:
        t, lo = m[0], m[1]
        s = _share(t, lo)
        if s >= 0.45:
            return None
        conf = 0.9 if s <= 0.2 and t + lo >= 20 else 0.85 if s <= 0.35 else 0.6
        return Decision(lowered, "title-case", f"the English lexicon has '{low}' in lower case mid-sentence "
                        f"{lo} of {t + lo} times", conf)
    info = ev.info(low)
    if info and info.lower >= 5 and info.lower >= 2 * (info.title + info.upper):
        conf = 0.85 if info.lower >= 5 * info.title else 0.7
        return Decision(lowered, "title-case", f"the English lexicon has '{low}' mostly in lower case "
                        f"({info.lower} of {info.cased_total})", conf)
    if info and info.lower >= 1 and not info.title and not info.upper and not info.other and info.zipf >= 2.0:
        return Decision(lowered, "title-case", f"the English lexicon has '{low}' only in lower case "
                        f"({info.lower}x)", 0.85 if info.lower >= 2 else 0.8)
    if (info and info.cased_total >= 3) or (m and sum(m) >= 3):
        return None  # the lexicon knows the word and does not say it is lower case
    if low in count_nouns():
        return Decision(lowered, "title-case", f"'{low}' is a common noun: its plural is about as frequent in "
                        "English as its singular, which names' are not", 0.8)
    base = _common_base(low, ev)
    if base:
        return Decision(lowered, "title-case", f"'{low}' is a form of the common lower-case word '{base}'", 0.85)
    if info and info.zipf >= 2.5 and _COMMON_SUFFIX.search(low):
        return Decision(lowered, "title-case", f"'{low}' is an English word with a common-noun ending", 0.8)
    return None


#: Endings of English inflections and derivations: "eXculpated" is a word with a stray capital, not a brand.
_INFLECTED = regex.compile(r"(?:ated|ized|ised|ting|ment|ness|tion|ously)$")

_COMMON_SUFFIX = regex.compile(r"(?:tion|sion|ment|ness|ity|ous|ive|able|ible|ful|less|ics|ance|ence|ship|hood"
                               r"|ize|ise|ized|ised)s?$")


#: Endings of descriptive words that old news corpora capitalise inside company names ("Wireless").
_DESCRIPTIVE = regex.compile(r"(?:ful|less|able|ible|ous|ive|ing|ed|ment|ness|tion|ity)$")
_ADJECTIVE_SUFFIX = regex.compile(r"(?:ic|al|ous|ive|ary|ful|less|able|ible|ed|ing|ist|ism|ern|ese)$")


def _inflection_bases(low: str) -> Iterator[str]:
    if low.endswith("ies"):
        yield low[:-3] + "y"
    if low.endswith("es"):
        yield low[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        yield low[:-1]
    for suf in ("ing", "ed"):
        if low.endswith(suf):
            stem = low[: -len(suf)]
            yield stem
            yield stem + "e"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]
    if low.endswith("ily"):
        yield low[:-3] + "y"
    if low.endswith("ly"):
        yield low[:-2]
    for prefix in ("un", "non", "dis", "mis", "over", "under", "pre", "re"):
        if low.startswith(prefix) and len(low) - len(prefix) >= 4:
            yield low[len(prefix):]


@lru_cache(maxsize=1 << 12)
def _foreign_function_word(low: str) -> bool:
    """A function word of a language other than English (textfix.language's profiles: "wurde", "schon")."""
    langs = profiles().index.get(low, ())
    return bool(langs) and "en" not in langs


def _coinage(low: str, ev: _Evidence) -> bool:
    """Two common English words joined (casing.toml [coinage]): a noun the lexicon lacks, not a name."""
    rule = _rules()["coinage"]
    least = rule["min_letters"]

    def common(part: str) -> bool:
        info = ev.info(part)
        return info is not None and rule["min_zipf"] <= info.zipf <= rule["max_zipf"] and info.lower > 0 \
            and info.lower >= rule["min_lower_share"] * info.title
    return any(common(low[:cut]) and common(low[cut:]) for cut in range(least, len(low) - least + 1))


def _common_base(low: str, ev: _Evidence) -> str | None:
    """The lower-case word ``low`` is an inflection of (``inspections`` -> ``inspection``), if any."""
    for base in _inflection_bases(low):
        if len(base) < 3:
            continue
        m = ev.lexicon_mid(base)
        if m and m[0] + m[1] >= 3:
            if m[1] >= 0.8 * (m[0] + m[1]):
                return base
            continue
        info = ev.info(base)
        if info and ((info.lower >= 3 and info.lower >= 3 * (info.title + info.upper))
                     or (info.lower >= 1 and not info.title and not info.upper and info.zipf >= 2.5)):
            return base
    return None


def _recase_title_sentence(sent: Sentence, ev: _Evidence) -> dict[int, Decision]:
    words = sent.words
    out: dict[int, Decision] = {}
    quoted = _quoted_title(words, ev.text)
    for i, w in enumerate(words):
        if w.initial or shape(w.text) != "title" or w.text in ("I",) or w.low in _PRONOUN_I:
            continue
        if quoted is not None and quoted[0] <= w.start < quoted[1]:
            continue
        if len(w.text) == 1 and ev.text[w.end:w.end + 1] == ".":
            continue  # an initial ("A. Smailov"); the article never stands before a full stop
        if i and (_list_label(words, i, ev.text) or _glued_sentence_adverb(words, i, ev.text)):
            continue
        d = _title_word(w, ev, words[i - 1] if i else None, words[i + 1] if i + 1 < len(words) else None)
        if d is not None:
            out[i] = d
    _keep_institution_names(words, out, ev)
    _keep_names_after_of(words, out, ev)
    _keep_article_of_names(words, out, ev)
    titles = _titles()
    # A title in front of a name keeps its capital: "Ukrainian President Volodymyr Zelensky".
    for i, w in enumerate(words):
        if i in out and w.low in titles and i + 1 < len(words) and not (i and words[i - 1].low in _ARTICLES):
            n = words[i + 1]
            if shape(n.text) == "title" and (i + 1) not in out and not n.after_hyphen \
                    and ev.text[w.end:n.start] == " ":  # "deputy mayor, Artem Suvorov": not a title there
                del out[i]
    return out


_ARTICLES = frozenset({"the", "a", "an"})


def _keep_article_of_names(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """A capital "The" before a name the document also writes so after a lower-case word ("... it on The Points
    Guy either") is part of the name: "at The Points Guy" keeps it. (After a lower-case word: a Title Case
    sentence capitalises every "The" it has, and is no evidence.)"""
    for i, w in enumerate(words):
        if w.low != "the" or i not in out or i + 1 >= len(words):
            continue
        j = i + 1
        while j < len(words) and j not in out and shape(words[j].text) == "title" \
                and ev.text[words[j - 1].end:words[j].start] == " ":
            j += 1
        if j == i + 1:
            continue
        if ev.text[w.start:words[j - 1].end] in ev.names_with_the:
            del out[i]


_NAME_WITH_THE = regex.compile(r"(?<=\p{Ll},? )The(?: \p{Lu}[\p{L}\p{N}'’&-]*)+")
_LOWER_WORD_BEFORE = regex.compile(r"(?:^|(?<!\p{L}))\p{Ll}+,? $")


def _glued_sentence_adverb(words: tuple[Word, ...], i: int, text: str) -> bool:
    """``(View images in this article) However, ...``: "However," with no comma before it starts a sentence.

    Mid-sentence the adverb is set off by commas ("the talks, however, went on"); right
    after a bracket or a bare word, a full stop was lost and its capital is the writer's.
    """
    w = words[i]
    if w.low not in _rules()["sentence"]["adverbs"] or text[w.end:w.end + 1] != ",":
        return False
    gap = text[words[i - 1].end:w.start]
    return not any(c in gap for c in ",;(—–-") and words[i - 1].low not in _minor_words() \
        and not _function_word(words[i - 1].low)


_QUOTED = regex.compile(r'"[^"\n]{2,200}"|“[^”\n]{2,200}”')


def _quoted_title(words: tuple[Word, ...], text: str) -> tuple[int, int] | None:
    """The span of a quoted title of a work (a song, a book, a film) in a line written in sentence case:
    ``with this ". . . Baby One More Time" costume``. Its capitals are the title's; only a line whose words
    outside the quotes are in sentence case (no capitalised common word after a sentence's first, some
    lower-case ones) can tell it, since a line damaged into Title Case is damaged outside its quotes too."""
    if not words:
        return None
    start = text.rfind("\n", 0, words[0].start) + 1
    end = text.find("\n", words[-1].end)
    line = text[start:end if end >= 0 else len(text)]
    m = next((q for q in _QUOTED.finditer(line) if q.start() + start <= words[-1].start
              and q.end() + start > words[0].start), None)
    if m is None:
        return None
    outside = line[:m.start()] + " " + line[m.end():]
    caps = lows = 0
    gap_start = 0
    for tok in _OUTSIDE_WORD.finditer(outside):
        gap, gap_start = outside[gap_start:tok.start()], tok.end()
        if tok.start() == 0 or _SENTENCE_GAP.search(gap):
            continue  # a sentence's first word (a stop in the gap before it; the word before ends in a letter)
        vote = _word_facts(tok.group())[0]
        caps += vote == 1
        lows += vote == 2
    return (m.start() + start, m.end() + start) if caps == 0 and lows >= 3 else None


_OUTSIDE_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")
_SENTENCE_GAP = regex.compile(r"[.!?:]\s*$")


def _list_label(words: tuple[Word, ...], i: int, text: str) -> bool:
    """``...; Seismic Intensity 3: Mito``: after a semicolon, a short label ending in a colon starts an item."""
    if not text[words[i - 1].end:words[i].start].rstrip().endswith(";"):
        return False
    for j in range(i, min(i + 3, len(words))):
        nxt = words[j + 1].start if j + 1 < len(words) else len(text)
        gap = text[words[j].end:nxt]
        if ":" in gap:
            return True
        if gap.strip() and not gap.strip().isdigit():
            return False
    return False


# ----------------------------------------------------------------------------- headlines


@lru_cache(maxsize=None)
def _minor_words() -> frozenset[str]:
    return frozenset(_rules()["headline"]["minor_words"])


_SITE_SEPARATOR = regex.compile(r" [-|–—] |｜")
_LETTERS = regex.compile(r"\p{L}+")


def headline_parts(sent: Sentence, text: str) -> tuple[tuple[Word, ...], tuple[str, ...]]:
    """The headline's own words, and the name words of a site suffix (``... - DW - 14.02.2023``).

    A site suffix follows `` - `` or `` | `` (or a colon when every word after it is
    capitalised and most are names): ``Sanyo Shimbun Digital``. Its words that are not
    common lower-case words identify the site, whose headlines share one style.
    """
    words = sent.words
    if not words:
        return words, ()
    start = words[0].start
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    sep = _SITE_SEPARATOR.search(line)
    if sep is not None and not _site_suffix(line[sep.end():]):
        sep = None  # "... - See Elísa's Menu": the headline goes on
    cut = len(words)
    if sep is not None:
        cut = sum(1 for w in words if w.end <= start + sep.start())
    for i in range(1, cut):
        if ":" in text[words[i - 1].end:words[i].start] and _site_like(words[i:cut]):
            cut, sep = i, _LETTERS.search(line, words[i].start - start)
            break
    if sep is None or cut == 0:
        return words, ()
    raw = line[sep.start():]
    names = tuple(w.lower() for w in _LETTERS.findall(raw) if not _common_lower(w.lower()))
    return words[:cut], names


def _site_suffix(raw: str) -> bool:
    """After a dash or bar: one token ("Yahoo!News", "DW - 14.02.2023") or mostly names ("Shizuoka Shimbun")."""
    tokens = [t for t in raw.split() if _LETTERS.search(t) and t not in "-|–—"]
    letters = [w.lower() for w in _LETTERS.findall(raw)]
    if len(tokens) <= 1:
        return bool(letters)
    return 2 * sum(1 for w in letters if not _common_lower(w) and not _common_word(w)) > len(letters)


def _site_like(words: tuple[Word, ...]) -> bool:
    """A short run after a colon, every word capitalised, mostly names: a site or paper name.

    ``The Hokkaido Shimbun Press``; not ``How The Chinese Become Skiers`` (a minor word inside).
    """
    if not 1 <= len(words) <= 8 or any(shape(w.text) == "lower" for w in words):
        return False
    if any(w.low in _minor_words() for w in words[1:]):
        return False
    rest = [w for w in words if w.low not in _ARTICLES]
    names = sum(1 for w in rest if not _common_lower(w.low))
    return 2 * names > len(rest)


def headline_style(words: tuple[Word, ...]) -> str:
    """sentence | title | every-word (capitals even on "of", "the": damage or Start Case) | "" (undecided)."""
    minor = _minor_words()
    minor_cap = minor_low = cap = low = 0
    for w in words:
        if w.initial or w.after_hyphen or w.quoted:
            continue
        sh = shape(w.text)
        if sh == "mixed" and w.text[:1].islower():
            sh = "lower"  # "vIsited": a capital inside, but written in lower case
        if w.low in minor:
            minor_cap += sh == "title"
            minor_low += sh == "lower"
        elif _common_lower(w.low):
            cap += sh == "title"
            low += sh == "lower"
    if not minor_low and not low and (minor_cap or cap >= 3):
        return "every-word"
    if low and minor_low and 2 * low >= cap:
        return "sentence"
    if low >= 2 and 5 * low >= 3 * cap:
        return "sentence"
    if cap and not low and minor_low and not minor_cap:
        return "title"
    return ""


def _recase_headline(sent: Sentence, ev: _Evidence) -> dict[int, Decision]:
    """A headline In Every-Word Title Case in a damaged document: lower "of", "the"; the rest by style.

    The damage is certain only when the body has Title Case damage too (or the site's
    other headlines are in sentence case): a real headline may be in Start Case. Minor
    words are lower case in both sentence and title style; the other words are recased
    as in a body sentence only when the corpus's well-formed headlines (of this site,
    else of all sites) are in sentence case; otherwise they are reported.
    """
    head, site = headline_parts(sent, ev.text)
    if len(head) < 6 or headline_style(head) != "every-word":
        return {}
    cc = ev.ctx.corpus_count
    if site:
        s_n = sum(cc(NAMESPACE, f"hw\tsentence\t{w}") for w in site)
        t_n = sum(cc(NAMESPACE, f"hw\ttitle\t{w}") for w in site)
    else:
        s_n = t_n = 0
    where = "of this site"
    if not s_n + t_n:
        # Headlines with a site name and those without are styled by different hands: compare like with like.
        kind = "hs" if site else "h"
        s_n, t_n = cc(NAMESPACE, f"{kind}\tsentence"), cc(NAMESPACE, f"{kind}\ttitle")
        if site and s_n + t_n < 3:  # few headlines with a site name: all headlines then
            s_n, t_n = s_n + cc(NAMESPACE, "h\tsentence"), t_n + cc(NAMESPACE, "h\ttitle")
        where = "of the corpus"
    share = s_n / (s_n + t_n) if s_n + t_n else 0.0
    site_sentence = where == "of this site" and share >= 0.9
    # A lower-case name in an every-word capitalised headline ("Support Of ukraine") is damage in any style.
    lowered_name = any(shape(w.text) == "lower" and len(w.low) >= 3 and w.low not in _particles()
                       and not _common_word(w.low) for w in head)
    # A headline that closes like a sentence ("... Sports Facilities.") in a corpus whose headlines are in
    # sentence case is as likely a damaged sentence: recased on that evidence alone (without it, left alone).
    line_end = ev.text.find("\n", sent.words[-1].end)
    stopped = _CLOSING_END.match(ev.text[sent.words[-1].end:None if line_end < 0 else line_end]) is not None
    corpus_sentence = stopped and s_n + t_n >= 3 and share >= 0.9
    if ev.body_title_words < 40 and not site_sentence and not lowered_name and not corpus_sentence:
        return {}
    out: dict[int, Decision] = {}
    minor = _minor_words()
    for i, w in enumerate(head):
        if not w.initial and not w.after_hyphen and w.low in minor and shape(w.text) == "title":
            out[i] = Decision(w.text.lower(), "title-case-headline", f"'{w.low}' is lower case in a headline in "
                              "sentence or title case; this one has every word capitalised, as the damaged body", 0.85)
    if s_n + t_n < 3 and not site_sentence:
        return out
    sentence_style = share >= 0.9
    rest = _recase_title_sentence(Sentence(head, sent.kind, False), ev)
    for i, d in rest.items():
        if i in out:
            continue
        if sentence_style:
            out[i] = Decision(d.after, d.rule, f"{d.reason}; {s_n} of {s_n + t_n} headlines {where} are in "
                              "sentence case", min(d.confidence, 0.85))
        else:
            out[i] = Decision(d.after, d.rule, f"{d.reason}; the headline style {where} is unclear ({s_n} of "
                              f"{s_n + t_n} in sentence case)", 0.5)
    return out


def _keep_institution_names(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """Between a name that keeps its capital and a head noun ("Moscow State University"), keep every capital;
    after a lower-case "the", which damage would have capitalised with the rest, the whole run ("the Free
    Software Foundation", "the Meteorological Agency").

    Only a run of capitalised words with nothing but a space between them counts.
    """
    heads = _name_heads()
    start = None
    first_kept = 0
    for j, w in enumerate(words):
        joined = j > 0 and ev.text[words[j - 1].end:w.start] == " "
        mid = mid_sentence_counts().get(w.low)
        function_word = mid is not None and mid[0] >= 2000  # "of", "the", "has": names do not run through them
        titled = shape(w.text) in ("title", "upper")
        if not titled or not joined or function_word:
            start = None
        if titled and start is None and not function_word:
            if joined and words[j - 1].text == "the":
                start, first_kept = j, j
            elif j not in out and not _common_lower(w.low):
                start, first_kept = j, j + 1  # a word that keeps its capital: a name, an acronym
        if start is not None and j > start and w.low in heads and shape(w.text) == "title":
            for k in range(first_kept, j + 1):
                out.pop(k, None)


def _function_word(low: str) -> bool:
    """"of", "the", "has", "said": names do not run through them (very frequent mid-sentence in lower case)."""
    mid = mid_sentence_counts().get(low)
    return mid is not None and mid[0] >= 2000


def _keep_names_after_of(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """``Department of Homeland Security``: after an of-head and "of", a run ending in a head noun is a name.

    The run is at most three capitalised words joined by single spaces, and its
    last word must be a name_heads noun ("Security", "Agency"): "Department Of
    Health" alone is left to the word evidence.
    """
    of_heads, heads = _of_heads(), _name_heads() | _of_tails()
    for i in range(len(words) - 2):
        if words[i].low not in of_heads or shape(words[i].text) != "title" or words[i + 1].low != "of":
            continue
        run = []
        for j in range(i + 2, min(i + 5, len(words))):
            w = words[j]
            if shape(w.text) != "title" or ev.text[words[j - 1].end:w.start] != " " or w.low in _ARTICLES:
                break
            run.append(j)
        first = run[:1]
        while run and words[run[-1]].low not in heads:
            run.pop()
        if len(run) >= 2 or (run and run[0] not in out):
            for k in [i, *run]:
                out.pop(k, None)
        elif first and (i not in out or out[i].confidence < 0.8) and not _function_word(words[first[0]].low):
            # The head itself keeps its capital ("Ministry"), so "Of Health" after it is the rest of its name.
            out.pop(first[0], None)
    _keep_heads_before_of_name(words, out, ev)
    _keep_bare_institution_names(words, out, ev)
    _keep_newspaper_article(words, out, ev)


def _keep_newspaper_article(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """``The Nishinippon Shimbun``, ``The New York Times``: "The" is part of a newspaper's name.

    Only before a run of capitalised words that keep their capitals and end in a
    newspaper word; lowering it would be a style choice, not a repair.
    """
    papers = frozenset(w.lower() for w in _rules()["newspapers"]["words"])
    for i, w in enumerate(words[:-2]):
        if w.low != "the" or i not in out or w.text != "The":
            continue
        for j in range(i + 1, min(i + 5, len(words))):
            v = words[j]
            if ev.text[words[j - 1].end:v.start] != " ":
                break
            if v.low in papers and j > i + 1 and j not in out:  # (its own capital may be lost: "shImbun")
                del out[i]
                break
            if shape(v.text) != "title" or j in out:
                break


def _keep_bare_institution_names(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """``Advisor of Systems Medicine Clinic``: a head noun with no article after a preposition is a name.

    English puts a determiner before a common singular noun ("of the medicine clinic");
    a capitalised run of two to four words ending in a name_heads noun right after a
    preposition, with none, is the name of the place ("at Moscow State University").
    """
    heads = _name_heads()
    preps = _bare_prepositions()
    for j, w in enumerate(words):
        if w.low not in heads or shape(w.text) != "title" or j < 2 or w.low.endswith("s"):
            continue
        k = j
        while k > 0 and j - k < 3 and shape(words[k - 1].text) == "title" \
                and ev.text[words[k - 1].end:words[k].start] == " " and words[k - 1].low not in _ARTICLES \
                and not _function_word(words[k - 1].low) and not words[k - 1].initial:
            k -= 1
        if k == j or k == 0 or words[k - 1].low not in preps or ev.text[words[k - 1].end:words[k].start] != " ":
            continue
        if any(_common_word(words[m].low) and _function_word(words[m].low) for m in range(k, j)):
            continue
        for m in range(k, j + 1):
            out.pop(m, None)


@lru_cache(maxsize=None)
def _bare_prepositions() -> frozenset[str]:
    return frozenset(_rules()["bare_names"]["prepositions"])


def _keep_heads_before_of_name(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """``the Fundamental Medicine Department of Moscow State University``: a unit of a named institution.

    A head noun followed by "of" and an institution's name (a run ending in a head noun,
    its first word keeping its capital) is itself named, with the capitalised run (up to
    three words) before it. "the Local Police Department of Boston" is left to the word evidence.
    """
    heads = _name_heads()
    for j in range(1, len(words) - 2):
        w, of, name = words[j], words[j + 1], words[j + 2]
        if w.low not in heads or shape(w.text) != "title" or of.low != "of" or name.low in _ARTICLES \
                or name.initial or shape(name.text) not in ("title", "upper") or (j + 2) in out:
            continue
        if ev.text[w.end:of.start] != " " or ev.text[of.end:name.start] != " ":
            continue
        # The name after "of" is an institution itself ("Moscow State University"): a unit of it is named.
        owner = None
        for k in range(j + 2, min(j + 6, len(words))):
            v = words[k]
            if shape(v.text) not in ("title", "upper") or (k > j + 2 and ev.text[words[k - 1].end:v.start] != " "):
                break
            if (v.low in heads and k > j + 2) or v.low in _of_tails():
                owner = k  # "Moscow State University", "Commerce" ("Okayama Prefecture Chamber of Commerce")
                break
        if owner is None or any(k in out for k in range(j + 2, owner + (words[owner].low in _of_tails()))):
            continue
        run = [j]
        for k in range(j - 1, max(j - 4, -1), -1):
            v = words[k]
            if shape(v.text) != "title" or ev.text[v.end:words[k + 1].start] != " " or v.low in _ARTICLES \
                    or v.initial or _function_word(v.low):
                break
            run.append(k)
        if len(run) >= 2:
            for k in run:
                out.pop(k, None)


def _is_acronym(word: Word, ev: _Evidence) -> bool:
    low = word.low
    t, lo, up = ev.doc(low)
    if up and up >= t + lo:
        return True
    m = ev.lexicon_mid(low)
    if m and sum(m) >= 3:
        return m[2] > m[0] + m[1]
    info = ev.info(low)
    if info and info.cased_total >= 3:
        return info.upper > info.lower + info.title
    return len(low) <= 4


def _legal_notice(sent: Sentence, text: str) -> bool:
    """The sentence stands in a passage of a legal notice (casing.toml [legal_caps]): a warranty disclaimer
    or a limitation of liability is in capitals because the law wants it conspicuous, not by damage.

    The passage is the sentence's line and the lines in capitals next to it (a licence is often hard-wrapped,
    one paragraph over many lines), at most ``max_lines`` on each side."""
    pattern = _rule_pattern("legal_caps", "pattern")
    reach = _rules()["legal_caps"]["max_lines"]
    start = sent.words[0].start
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    b = len(text) if b < 0 else b
    if pattern.search(text, a, b):
        return True
    for _ in range(reach):  # upwards, while the lines are in capitals
        if a == 0:
            break
        prev = text.rfind("\n", 0, a - 1) + 1
        line = text[prev:a - 1]
        if not line.strip() or any(c.islower() for c in line):
            break
        if pattern.search(line):
            return True
        a = prev
    for _ in range(reach):  # downwards
        if b >= len(text):
            break
        nxt = text.find("\n", b + 1)
        nxt = len(text) if nxt < 0 else nxt
        line = text[b + 1:nxt]
        if not line.strip() or any(c.islower() for c in line):
            break
        if pattern.search(line):
            return True
        b = nxt
    return False


def _recase_caps_sentence(sent: Sentence, ev: _Evidence) -> dict[int, Decision]:
    out: dict[int, Decision] = {}
    for i, w in enumerate(sent.words):
        if shape(w.text) != "upper" or _is_acronym(w, ev):
            continue
        low = w.low
        t, lo, _ = ev.doc(low)
        ct, clo, _ = ev.corpus(low)
        m = ev.lexicon_mid(low)
        info = ev.info(low)
        if w.initial:
            proper = True
        elif t + lo:
            proper = t >= lo
        elif ct + clo >= 2:
            proper = ct >= clo
        elif m and m[0] + m[1] >= 3:
            proper = _share(m[0], m[1]) >= 0.5
        elif info and info.cased_total:
            proper = info.title > info.lower
        else:
            proper = True
        after = w.text[:1] + w.text[1:].lower() if proper else w.text.lower()
        # Words that are also names ("MAY", "WILL", "BILL") cannot be decided from capitals: report them.
        out[i] = Decision(after, "all-caps", "sentence written in capitals; recased by the casing evidence",
                          0.6 if low in _ambiguous() else 0.85)
    return out


@lru_cache(maxsize=None)
def _known_mixed_by_lower() -> dict[str, str]:
    return {f.lower(): f for f in _known_mixed()}


@lru_cache(maxsize=None)
def _glued_function_words() -> frozenset[str]:
    return frozenset(_rules()["glued"]["function_words"])


def _known_lower_word(low: str, ev: _Evidence) -> bool:
    """An English word written in lower case (wordfreq knows it; the casing counts, if any, agree)."""
    info = ev.info(low)
    m = ev.lexicon_mid(low)
    return info is not None and info.zipf >= 2.0 and (info.lower >= 1 or (m is not None and m[1] >= 1)) \
        and info.lower >= info.title


def _intraword(word: Word, ev: _Evidence) -> Decision | None:
    """Repair stray capitals inside a word (``protestErs``, ``VolodyMyr``); real camel-case names stay."""
    text = word.text
    if len(text) < 4 or shape(text) != "mixed" or not _INNER_CAP.match(text):
        return None  # three letters and less ("atS", "iOS", "eBay"'s kin) are abbreviations and brands
    rest = text[1:]
    known = _known_form(text, ev)
    if known is not None:
        return Decision(known, "intraword", f"'{_POSSESSIVE.sub('', known)}' is a known name written with "
                        "these capitals", 0.9) if known != text else None
    if sum(map(str.isupper, rest)) != 1:
        return None  # one stray capital is damage; several ("LiVE", "KaZantip") are a style
    if _PLURAL_ACRONYM.fullmatch(rest):
        return None  # "MPs", "NGOs", "TVs": plural acronyms
    cap = next(i for i, c in enumerate(text) if i and c.isupper())
    if not ("A" <= text[cap] <= "Z"):
        return None  # "cafÃ©" is mojibake (the encoding stage's business), not a stray capital
    if text[:cap].lower() in _glued_function_words() and text[cap + 1:].islower() and len(text) - cap >= 4 \
            and not _known_lower_word(text.lower(), ev):
        return None  # "byMobasir": two words glued together; lowering would hide the name ("inCreased" is one word)
    bare = _PLURAL_S.sub("", text)
    if text in _known_mixed() or bare in _known_mixed():
        return None
    if text.startswith(_known_mixed_forms()) and any(
            text.startswith(k) and text[len(k):].islower() for k in _known_mixed()):
        return None  # YouTubers, iPhones
    low = word.low
    info = ev.info(low)
    if info and info.other_form and info.other_form == _POSSESSIVE.sub("", text):
        return None
    m = ev.lexicon_mid(low)
    common = info is not None and info.zipf >= 2.0 and ((info.lower + info.title) >= 1 or (m and sum(m) >= 1))
    if ev.form_seen(text) >= 2 and not (common and info.zipf >= 4.0):
        return None  # the writer spells it this way elsewhere too
    known = _known_mixed_by_lower().get(text.lower()) or _known_mixed_by_lower().get(bare.lower())
    if known:
        fixed = known + text[len(known):]
        return Decision(fixed, "intraword", f"'{known}' is a known name", 0.9)
    fixed = text[:1] + rest.lower()
    target_low = fixed.lower()
    stem = ev.info(text[:-1].lower()) if text[-1].isupper() and text[0].isupper() else None
    if stem is not None and stem.title >= 10 and stem.zipf >= 4.0 and stem.lower <= 0.05 * stem.title \
            and stem.upper <= 0.05 * stem.title:
        # A name and an initial run together ("SteveS", a user name): not damage we can be sure of.
        return Decision(fixed, "intraword", "a name followed by a capital initial; may be a user name", 0.5)
    # A form seen elsewhere, in the document or corpus, is the strongest evidence.
    t, lo, up = ev.doc(target_low)
    ct, clo, cup = ev.corpus(target_low)
    if text[:1].isupper() and t + ct > 0:
        return Decision(fixed, "intraword", f"'{fixed}' is written so elsewhere", 0.95)
    if text[:1].islower() and lo + clo > 0:
        return Decision(fixed, "intraword", f"'{fixed}' is written so elsewhere", 0.95)
    lower_word = info is not None and info.lower >= 3 and info.lower >= info.title
    if _prefix_pattern().match(text) and not lower_word:
        return None  # McClain, DeSantis, LaGuardia
    if text[:1].islower():
        if text[0] in _rules()["brand_prefixes"]["letters"] and text[1].isupper() and text[2:].islower() \
                and not (info is None and len(text) >= 7 and _INFLECTED.search(text)):
            return Decision(fixed, "intraword", f"'{text[0]}' before a capitalised word, like a brand (eBay, "
                            "iPhone)", 0.6)
        if common or (info is not None and info.zipf >= 1.0):
            return Decision(fixed, "intraword", f"'{low}' is an English word; the capital inside it is stray",
                            0.9)
        if text[1].isupper() and not (info is None and len(text) >= 7 and _INFLECTED.search(text)):
            return Decision(fixed, "intraword", "capital after a first lower-case letter, like a brand (eBay, "
                            "iPad)", 0.6)
        if _camel_case(bare, cap, ev):  # "isPaused", "errnoException"
            return Decision(fixed, "intraword", f"capital inside a lower-case word that is no English word; it "
                            f"starts the word '{bare[cap:].lower()}': an identifier in camel case", 0.5)
        if _starts_a_word(bare, cap, ev, both=True):  # "brandsReceive"
            return Decision(fixed, "intraword", f"capital inside a lower-case word; it starts the word "
                            f"'{bare[cap:].lower()}' after the word '{bare[:cap].lower()}': two words may have "
                            "run together", 0.5)
        if _starts_a_name(bare[cap:], ev):  # "pmNovember", a time run into a date
            return Decision(fixed, "intraword", f"capital inside a lower-case word; it starts '{bare[cap:]}', "
                            "a word written with a capital: two words may have run together", 0.5)
        return Decision(fixed, "intraword", "capital inside a lower-case word", 0.85)
    if not common and _starts_a_word(bare, cap, ev):
        # The capital starts a word (DoorDash, SketchUp, QUnit, CPython): a compound brand name, as likely as
        # damage, which puts its stray capital anywhere ("VolodyMyr", "KUlunda").
        return Decision(fixed, "intraword", f"capital inside a word; it starts the word '{bare[cap:].lower()}' "
                        f"(or ends '{bare[:cap].lower()}'), so it may be a brand name", 0.5)
    conf = 0.9 if common else 0.85
    return Decision(fixed, "intraword", "capital inside a word", conf)


_NAME_GAP = regex.compile(r"\s*,?\s+")
_PLURAL_ACRONYM = regex.compile(r"\p{Lu}+(?:['’]?s)?")
_PLURAL_S = regex.compile(r"['’]?s$")


def _starts_a_word(bare: str, cap: int, ev: _Evidence, both: bool = False) -> bool:
    """The capital at ``cap`` ends a known word or starts one, or does both with two less frequent words
    (casing.toml [compound]; two letters or more). With ``both``, it must do both, and each word has three
    letters or more: two words run together."""
    rule = _rules()["compound"]
    head, tail = bare[:cap].lower(), bare[cap:].lower()
    hi, ti = ev.info(head), ev.info(tail)
    least = 3 if both else 2
    head_zipf = hi.zipf if hi is not None and len(head) >= least else 0.0
    tail_zipf = ti.zipf if ti is not None and len(tail) >= least else 0.0
    pair = min(head_zipf, tail_zipf) >= rule["min_zipf_both"]
    if both:
        return pair
    return pair or max(head_zipf, tail_zipf) >= rule["min_zipf"]


def _camel_case(bare: str, cap: int, ev: _Evidence) -> bool:
    """The capital starts a known word of several letters (casing.toml [compound] min_tail_letters, min_zipf):
    in a lower-case word that is no English word as a whole, the writer's camel case ("isPaused",
    "errnoException" in a changelog), which damage does not make: its stray capital falls anywhere, and
    rarely just before a whole word ("protestErs", "meTaverse", "ukraIne")."""
    rule = _rules()["compound"]
    tail = bare[cap:].lower()
    info = ev.info(tail)
    return len(tail) >= rule["min_tail_letters"] and info is not None and info.zipf >= rule["min_zipf"]


def _starts_a_name(tail: str, ev: _Evidence) -> bool:
    """``tail`` (from a stray-looking capital to the word's end) is a word the lexicon has mostly capitalised,
    four letters or more (casing.toml [glued_name]): its capital is its own, not damage."""
    rule = _rules()["glued_name"]
    info = ev.info(tail.lower())
    return len(tail) >= rule["min_letters"] and tail[1:].islower() and info is not None \
        and info.zipf >= rule["min_zipf"] and info.title >= rule["min_share"] * info.cased_total


@lru_cache(maxsize=None)
def _known_mixed_forms() -> tuple[str, ...]:
    """The known mixed-case forms as a tuple, for one str.startswith over all of them: most words that
    reach the test start with none, and are answered without a loop over the forms."""
    return tuple(_known_mixed())


def _known_form(text: str, ev: _Evidence) -> str | None:
    """The known mixed-case spelling of ``text`` (``ALiExpress`` -> ``AliExpress``), suffix kept; else None."""
    bare = _POSSESSIVE.sub("", text)
    form = _known_mixed_by_lower().get(bare.lower())
    if form is None:
        info = ev.info(bare.lower())
        if info is not None and info.other_form and info.other >= 5 \
                and info.other >= 2 * (info.lower + info.title + info.upper):
            form = info.other_form
    return None if form is None else form + text[len(bare):]


def _stands_alone(word: Word, nxt: Word | None, ev: _Evidence) -> bool:
    """Not the head of a phrase such as "trump card": punctuation or a function word follows."""
    after = ev.text[word.end:word.end + 1]
    if not after or after in ",.;:!?)”\"’'»" or nxt is None:
        return True
    info = ev.info(nxt.low)
    return nxt.start - word.end <= 1 and info is not None and info.zipf >= 5.5


def _inside_institution_name(word: Word, prev: Word | None, nxt: Word | None, ev: _Evidence) -> bool:
    """``the Korey stringer Institute``: a lower-case word between a name and a name_heads noun, spaces only.

    Names of institutions hold no lower-case content words (particles and "of" aside).
    """
    if prev is None or nxt is None or prev.initial or shape(prev.text) != "title" or shape(nxt.text) != "title":
        return False
    if nxt.low not in _name_heads() or ev.text[prev.end:word.start] != " " or ev.text[word.end:nxt.start] != " ":
        return False
    return not _common_lower(prev.low) and not _common_word(prev.low) and prev.low not in _ARTICLES


def _before_a_name(word: Word, nxt: Word, ev: _Evidence) -> bool:
    """One space before a capitalised word the lexicon has no lower-case use for ("emily Ratajkowski"). A word
    the casing counts never saw needs as many letters as a listed first name (casing.toml [first_names]): a
    short one is as likely an abbreviation ("19:43:23 jakob Exp $", a revision line's keyword)."""
    if shape(nxt.text) != "title" or nxt.after_hyphen or ev.text[word.end:nxt.start] != " ":
        return False
    ninfo = ev.info(nxt.low)
    if ninfo is None or ninfo.cased_total == 0:
        return len(nxt.low) >= _rules()["first_names"]["min_letters"]
    return _lexicon_name(ninfo)


def _surname_after_first_name(word: Word, low: str, info: WordInfo | None, prev: Word, ev: _Evidence) -> bool:
    """One space after a capitalised first name of the lists, a word that reads as no English form: no verb
    ending ("Emily tweeted"), no inflection or coinage of common words, no plural of a frequent word, not a
    frequent word of the web ("online"; casing.toml [first_names] max_surname_zipf): its surname ("Vladimir
    putin"). A possessive ("Valentino's couture") is no first name."""
    if shape(prev.text) != "title" or not prev.text.isalpha() or prev.quoted \
            or ev.text[prev.end:word.start] != " " or not _first_name(prev.low):
        return False
    zipf = info.zipf if info is not None else 0.0
    if zipf >= _rules()["first_names"]["max_surname_zipf"] or (zipf >= 3.0 and low.endswith("s")) \
            or low in count_nouns() or low in _particles() or _rule_pattern("after_name", "verb_form").search(low):
        return False
    return _common_base(low, ev) is None and not _coinage(low, ev) and not _foreign_function_word(low)


def _after_first_name(prev: Word | None, ev: _Evidence) -> bool:
    """The previous word is a capitalised first name: the lexicon has it only capitalised, often."""
    if prev is None or shape(prev.text) not in ("title", "lower") or prev.quoted:
        return False  # (a first name in lower case is damaged the same way: "douglas casa")
    info, m = ev.info(prev.low), ev.lexicon_mid(prev.low)
    return info is not None and info.title >= 20 and info.lower == 0 and info.upper <= 0.05 * info.title \
        and m is not None and m[1] == 0 and m[0] >= 10 and prev.low not in _ambiguous()


def _common_noun_here(low: str, ev: _Evidence) -> bool:
    """The document writes the word's plural in lower case mid-sentence: a common noun, which a technical text
    also capitalises as the name of a type ("the Node struct" beside "all nodes"); a name has no lower-case
    plural. (Being a count noun is not enough: "Apple" and "the Valkyries" are names that are count nouns.)"""
    plural = low + ("es" if low.endswith(("s", "x", "z", "ch", "sh")) else "s")
    return ev.doc(plural)[1] > 0


def _plural_of_common(low: str, ev: _Evidence) -> bool:
    bases = [low[:-1]] if low.endswith("s") and not low.endswith("ss") else []
    if low.endswith(("ses", "xes", "zes", "ches", "shes")):
        bases.append(low[:-2])
    for base in bases:
        info = ev.info(base)
        if info is not None and info.lower >= 1 and info.lower >= info.title:
            return True
    return False


def _title_form(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=1 << 16)
def _common_word(low: str) -> bool:
    """The lexicon has this word mostly in lower case: it is never capitalised as a name (pure, memoised)."""
    m = mid_sentence_counts().get(low)
    if m and m[0] + m[1] >= 5 and m[1] < m[0]:
        return True
    info = english().get(low)
    return bool(info and info.lower >= 3 and info.lower >= 0.1 * (info.title + info.upper))


def _capitals_of_another_name(low: str, info: WordInfo | None, t: int, prev: Word | None, ev: _Evidence) -> bool:
    """A word the lexicon knows in lower case whose capitals in the document are nearly all in one name of two
    words ("Parallels Desktop" 54x), where it does not stand after that name's first word here ("the Windows
    desktop", "the most trusted desktop"): those capitals are the name's, not the word's (casing.toml
    [name_part])."""
    rule = _rules()["name_part"]
    if info is None or info.lower == 0 or info.zipf < rule["min_zipf"]:
        return False
    count, first = ev.top_pair(low)
    return count >= rule["min_share"] * t and not (prev is not None and prev.low == first)


def _proper_noun(word: Word, ev: _Evidence, prev: Word | None, nxt: Word | None) -> Decision | None:
    """Capitalise a lower-case word the evidence says is a name (``putin`` -> ``Putin``)."""
    low = word.low
    if len(low) < 3 or word.after_hyphen or low in _particles():
        return None  # (a lower-case sentence start that is a name needs its capital all the more)
    if _name_only_by_counts(low) and ev.doc(low)[0] < 2 and ev.corpus(low)[0] < 3 and not _place(low):
        return None  # the lexicon cannot make it a name, and too few capitals here or in the corpus can
    title = _title_form(word.text)
    m = ev.lexicon_mid(low)
    info = ev.info(low)
    ambiguous = low in _ambiguous()
    if _common_word(low):
        return None  # a common word in lower case
    t, lo, _ = ev.doc(low)
    lo_other = max(lo - 1, 0)
    # A name runs on across a space or a comma ("from kalyazin, Tver Region"); a bracket, a quote or a number
    # between two words ends it ("Debian 4.0 (lenny)", 'the "pipx" Debian package'). An unknown word is taken
    # for a name's other half across a comma only before a region (casing.toml [comma_name]).
    near_prev = prev if prev is not None and _NAME_GAP.fullmatch(ev.text, prev.end, word.start) else None
    near_next = nxt if nxt is not None and _NAME_GAP.fullmatch(ev.text, word.end, nxt.start) else None
    ct, clo, _ = ev.corpus(low)
    never_lower = (info is None or info.lower == 0) and (m is None or m[1] == 0)
    in_name = (near_prev is not None and shape(near_prev.text) == "title" and not near_prev.initial
               and near_prev.text != "I") or (near_next is not None and shape(near_next.text) == "title")
    if _plural_of_common(low, ev):
        return None  # "grasslands": a plural of a common noun, even if the lexicon saw it in a name
    lex_name = not ambiguous and _lexicon_name(info)
    rarely_lower_mid = m is None or _rarely_lower_mid(m)
    # A handful of capitalised sightings ("Much Ado", "Stoic") needs support from this text.
    # (a common noun by its plural needs this document's capitals: a big corpus has some for nearly any word
    # that is part of a name somewhere, and "Jean" there makes no name of "a jean jacket" here)
    plural_noun = _frequent_plural(low) and not _strong_title(info)
    weak = (info is not None and info.title < 20 and not (t or ct or in_name)) or bool(_DESCRIPTIVE.search(low)) \
        or (plural_noun and not t)
    if lex_name and not weak and rarely_lower_mid and clo <= ct:
        return Decision(title, "proper-noun", f"the English lexicon has '{title}' capitalised "
                        f"{info.title} of {info.cased_total} times", 0.85)
    if _place(low) and clo <= ct and rarely_lower_mid:
        return Decision(title, "proper-noun", f"'{title}' is the name of a place (GeoNames) and no English word",
                        0.85)
    # Next to a real name (not "The"), lower-case uses elsewhere are the same damage ("of enzo Fernandez").
    beside_name = (near_prev is not None and shape(near_prev.text) == "title" and not near_prev.initial
                   and not _common_lower(near_prev.low) and not _common_word(near_prev.low)) or (
        near_next is not None and shape(near_next.text) == "title" and not _common_lower(near_next.low)
        and not _common_word(near_next.low))
    # A noun that ends place and institution names ("Fukuoka prefecture", "Amur river") may follow the name
    # in lower case: that is a style, not damage, and two sightings cannot tell it from one.
    if info is not None and not ambiguous and info.title >= 2 and info.lower == 0 and info.zipf < 4.0 \
            and m is None and clo <= ct and in_name and (not lo_other or beside_name) \
            and low not in _name_heads():
        return Decision(title, "proper-noun", f"the English lexicon has '{title}' only capitalised "
                        f"({info.title}x)", 0.8)
    standalone = ev.own.get(f"s\t{low}", 0)
    if ambiguous and t >= 5 and t >= 2 * lo_other and standalone >= 2 and clo <= ct \
            and _stands_alone(word, nxt, ev):
        return Decision(title, "proper-noun", f"'{title}' is capitalised mid-sentence {t}x in the document "
                        f"and is not part of a phrase here", 0.85)
    if t >= 2 and (t >= 3 * lo_other or (never_lower and t >= lo_other)) and clo <= ct \
            and (standalone or in_name) and not ambiguous and not (lo and _common_noun_here(low, ev)) \
            and not _capitals_of_another_name(low, info, t, near_prev, ev):
        return Decision(title, "proper-noun", f"'{title}' is capitalised mid-sentence {t}x in the document",
                        0.9)
    c_standalone = ev.ctx.corpus_count(NAMESPACE, "s\t" + low)
    # (other documents' capitals do not outvote the lexicon's lower case, however few its sightings, nor a
    # plural as frequent as the word: a damaged page's "a Ceasefire Ever Comes", "Challenger 2 tanks", "Jean
    # Dupont" make no name of "a ceasefire in Gaza", "her Republican challenger", "a jean jacket")
    lexicon_lower = info is not None and info.lower > info.title + info.upper
    # (a word the lexicon never saw cased, "estonian", keeps the corpus as its only evidence of case)
    common_noun = plural_noun and info.cased_total > 0
    if ct >= 3 and ct >= 5 * clo and t >= lo_other and not ambiguous and (c_standalone or in_name) \
            and not lexicon_lower and not common_noun:
        return Decision(title, "proper-noun", f"'{title}' is capitalised mid-sentence {ct}x in the corpus",
                        0.85)
    if ambiguous and info is not None and info.title > 2 * info.lower and clo <= ct \
            and _in_list_of_names(word, prev, nxt, ev):
        return Decision(title, "proper-noun", f"'{title}' stands in a list of names ('{prev.text}, ..., "
                        f"{nxt.text}') and the lexicon has it mostly capitalised", 0.8)
    if ambiguous or clo > ct or (lo_other > t and t > 0):
        return None  # the document or corpus writes it in lower case more often than not
    if not weak and m and m[0] + m[1] >= 10 and _rarely_lower_mid(m):
        return Decision(title, "proper-noun", f"the English lexicon has '{title}' capitalised "
                        f"{m[0]} of {m[0] + m[1]} times mid-sentence", 0.85)
    if not weak and _lexicon_name(info):
        return Decision(title, "proper-noun", f"the English lexicon has '{title}' capitalised "
                        f"{info.title} of {info.cased_total} times", 0.85)
    if near_prev is not None and prev.low in _titles() and shape(prev.text) == "title" and info is not None \
            and info.cased_total == 0 and (m is None) and not t and not clo:
        return Decision(title, "proper-noun", f"name after the title '{prev.text}'", 0.8)
    if _inside_institution_name(word, prev, nxt, ev) and info is not None and info.cased_total == 0 \
            and not (t or clo):
        return Decision(title, "proper-noun", f"between the name '{prev.text}' and '{nxt.text}', which ends "
                        "the name of an institution", 0.8)
    unknown = (info is None or (info.cased_total == 0 and info.zipf < 3.0)) and low not in count_nouns()
    if not unknown and len(low) >= 4 and info is not None and info.cased_total == 0 and info.zipf < 4.0 \
            and low not in count_nouns() and _after_first_name(near_prev, ev) and not (t or clo) and lo_other <= 1:
        # "Douglas casa": the lexicon never saw the word cased, and a first name it knows only capitalised
        # stands before it: a surname.
        return Decision(title, "proper-noun", f"surname after the first name '{prev.text}'", 0.8)
    if not unknown:
        return _by_first_names(word, low, info, near_prev, near_next, ev) if clo <= ct else None
    if len(low) < 4 or _common_base(low, ev) is not None or _coinage(low, ev) or _foreign_function_word(low):
        # (an inflection of a common word is no name the lexicon missed: "Nixon rebooted"; nor is a function
        # word of another language: 'Sarah wurde ... Sarah schon' quoted in German)
        return None
    if near_prev is not None and ev.text[prev.end:word.start].isspace() and shape(prev.text) == "title" \
            and not prev.initial and prev.low not in _ARTICLES and len(prev.text) > 1 and prev.low not in _PRONOUN_I \
            and not _rule_pattern("after_name", "verb_form").search(low):
        # (not "I traipse", "Q displaystyle", nor a verb after its subject: "Nixon livestreamed")
        pinfo = ev.info(prev.low)
        if prev.low in _titles() or (pinfo is not None and pinfo.title >= 20 and pinfo.lower <= 0.05 * pinfo.title
                                     and pinfo.upper <= 0.05 * pinfo.title):
            return Decision(title, "proper-noun", f"unknown word after the name or title '{prev.text}'", 0.8)
    if low not in count_nouns() and low not in _particles() and _in_list_of_names(word, prev, nxt, ev):
        return Decision(title, "proper-noun", f"unknown word in a list of names ('{prev.text}, ..., "
                        f"{nxt.text}')", 0.8)
    if low.endswith("s") or _COMMON_SUFFIX.search(low) or _ADJECTIVE_SUFFIX.search(low):
        return None  # plurals, common-noun and adjective endings ("hypersonic Zircon") are not first names
    if near_next is not None and shape(nxt.text) == "title" and not nxt.after_hyphen and (
            ev.text[word.end:nxt.start].isspace()
            or _rule_pattern("comma_name", "region").match(ev.text, word.end) is not None):
        ninfo = ev.info(nxt.low)
        if ninfo is None or (ninfo.cased_total == 0 and ninfo.zipf < 3.0):
            return Decision(title, "proper-noun", f"unknown word before the name '{nxt.text}'", 0.8)
    return _by_first_names(word, low, info, near_prev, near_next, ev) if clo <= ct else None


def _by_first_names(word: Word, low: str, info: WordInfo | None, prev: Word | None, nxt: Word | None,
                    ev: _Evidence) -> Decision | None:
    """:func:`_proper_noun`'s last resort for a word the English casing counts never saw: the first-name lists
    (casing.toml [first_names]), after the rules that read the lexicon, the text and the corpus."""
    if info is not None and info.cased_total > 0:
        return None
    if nxt is not None and _first_name(low) and _before_a_name(word, nxt, ev):
        return Decision(_title_form(word.text), "proper-noun", f"first name before the name '{nxt.text}' (in the "
                        "first-name lists of many languages)", 0.8)
    if prev is not None and _surname_after_first_name(word, low, info, prev, ev):
        return Decision(_title_form(word.text), "proper-noun", f"surname after the first name '{prev.text}' (in "
                        "the first-name lists of many languages)", 0.8)
    return None


@lru_cache(maxsize=1 << 14)
def _frequent_plural(low: str) -> bool:
    """Its plural is nearly as frequent as the word: a common noun first, whatever capitals the lexicon saw
    (data: casing.toml [frequent_plural]). A "plural" the lexicon knows only as a name is a surname
    ("daniels", "edwards"), no sign of a common noun. Pure, memoised."""
    info = english().get(low)
    plural = english().get(low + "s") if info is not None else None
    return plural is not None and plural.zipf >= info.zipf - _rules()["frequent_plural"]["max_zipf_gap"] \
        and not _lexicon_name(plural)


def _strong_title(info: WordInfo | None) -> bool:
    """The lexicon saw the word capitalised often and nearly never in lower case (casing.toml [frequent_plural]
    strong_title): a people or a nationality, whose frequent plural does not make it a common noun."""
    return _mostly_title(info, _rules()["frequent_plural"]["strong_title"])


def _mostly_title(info: WordInfo | None, min_title: int) -> bool:
    """The lexicon saw the word capitalised at least ``min_title`` times, in lower case at most once in a hundred."""
    return info is not None and info.title >= min_title and info.lower <= 0.01 * info.title


def _lexicon_name(info: WordInfo | None) -> bool:
    """The lexicon's counts make the word a name: capitalised a few times and never in lower case, or often and
    nearly never."""
    return info is not None and ((info.title >= 5 and info.lower == 0) or _mostly_title(info, 50))


def _rarely_lower_mid(m: tuple[int, int, int]) -> bool:
    """The lexicon's mid-sentence counts (title, lower, upper) put the word in lower case at most 3 times in 100."""
    return m[1] <= 0.03 * (m[0] + m[1])


@lru_cache(maxsize=1 << 14)
def _name_only_by_counts(low: str) -> bool:
    """Only the document's or the corpus's capitals can make this lower-case word a name in
    :func:`_proper_noun`: the lexicon has it cased, and none of the rules that read the lexicon
    (name-like counts, only capitalised, mostly capitalised mid-sentence) or an ambiguous word's
    rules apply. Those two count rules need two capitals in the document or three in the corpus;
    without them every branch returns None, so the caller skips the rest (a cheap, pure prefilter)."""
    info = english().get(low)
    if info is None or info.cased_total == 0 or low in _ambiguous():
        return False
    if _lexicon_name(info):
        return False
    m = mid_sentence_counts().get(low)
    m = (m[1], m[0], m[2]) if m else None  # as _Evidence.lexicon_mid: (title, lower, upper)
    if info.title >= 2 and info.lower == 0 and info.zipf < 4.0 and m is None:
        return False
    if m and m[0] + m[1] >= 10 and _rarely_lower_mid(m):
        return False
    return True


def _spread_names(sentences: list[Sentence], decided: list[dict[int, Decision]], ev: _Evidence,
                  min_confidence: float) -> None:
    """A name capitalised on evidence in one place is capitalised wherever else the document lowers it.

    Damage lowers a name everywhere, but the rules see the evidence (a first name
    next to it, a title before it) only in some places: "starring furukawa Yuta" decides
    "played by furukawa" too. Only words the lexicon never saw in lower case spread.
    """
    named: Counter = Counter()
    for sent, decisions in zip(sentences, decided):
        for i, d in decisions.items():
            if d.rule == "proper-noun" and d.confidence >= min_confidence:
                named[sent.words[i].low] += 1
    if not named:
        return
    # A named word is one the name rules decided: a lower-case word that is not a common word. Where else it
    # is written so, it is one of its sentence's lower-case candidates (Sentence.candidates), and that sentence
    # is not quiet; so only those positions are read, not every word of the text.
    facts = _word_facts
    rest = [(sent, decisions, i, w) for sent, decisions in zip(sentences, decided)
            if sent.kind != "caps" and not sent.quiet
            for i in sent.candidates[1]
            if (f := facts((w := sent.words[i]).text))[6] in named and i not in decisions and f[5] == "lower"
            and len(f[6]) >= 4 and not w.after_hyphen]
    left = Counter(w.low for *_, w in rest)
    for sent, decisions, i, w in rest:
        low = w.low
        info = ev.info(low)
        # The decided places must outnumber the others, and a word unknown to the lexicon needs two of them:
        # one weak guess ("unknown word before a name") must not recase a word used all over the text.
        if named[low] < left[low] or (named[low] < 2 and not (info is not None and info.title)):
            continue
        m = ev.lexicon_mid(low)
        if (info is not None and info.lower) or (m is not None and m[1]) or low in count_nouns() \
                or low in _ambiguous() or _common_word(low):
            continue
        ct, clo, _ = ev.corpus(low)
        if clo > ct:
            continue
        decisions[i] = Decision(_title_form(w.text), "proper-noun", f"'{_title_form(w.text)}' is capitalised "
                                "as a name elsewhere in this document", 0.8)


_LIST_NEXT = regex.compile(r"(?:, (?:and |or )?| (?:and|or) )(\p{Lu}[\p{Ll}\p{M}]+)\b")


def _in_list_of_names(word: Word, prev: Word | None, nxt: Word | None, ev: _Evidence) -> bool:
    """``Rhodes, lesvos, Samos`` / ``Japan, china, and Australia``: a comma before, a name on either side."""
    if prev is None or nxt is None or ev.text[prev.end:word.start] != ", ":
        return False
    m = _LIST_NEXT.match(ev.text, word.end)
    if m is None:
        return False

    def name(text: str, initial: bool = False) -> bool:
        low = text.lower()
        return shape(text) == "title" and not initial and not _common_lower(low) and not _common_word(low)
    return name(prev.text, prev.initial) and name(m.group(1))


def _lower_word_in_title_case(word: Word, ev: _Evidence, prev: Word | None, nxt: Word | None) -> Decision | None:
    """In a sentence where every word is capitalised, a lower-case word the lexicon has no casing for is a name.

    Title Case damage capitalises everything, so a word left in lower case there
    was lowered on its own (``The okayama Prefecture``). Function words and short
    particles (``de``, ``van``) have casing counts or are short; newer common nouns
    are in the count-noun list.
    """
    low = word.low
    if len(low) < 4 or word.after_hyphen or low in count_nouns() or low in _particles() or nxt is None or (
            prev is None and not word.initial):
        return None

    def capitalised(w: Word) -> bool:
        return w.text[:1].isupper() and shape(w.text) in ("title", "mixed")
    if not capitalised(nxt) or ev.text[word.end:nxt.start] != " " or (prev is not None and (
            not capitalised(prev) or ev.text[prev.end:word.start] != " ")):
        return None  # only a word between two capitalised words, set off by spaces (not "{\\displaystyle")
    info, m = ev.info(low), ev.lexicon_mid(low)
    # Known to wordfreq (so not a typo) but never seen cased, and not frequent enough to be a common word.
    if m is not None or info is None or info.cased_total or not 1.5 <= info.zipf < 3.5:
        return None
    t, lo, _ = ev.doc(low)
    ct, clo, _ = ev.corpus(low)
    if lo > t or clo > ct:
        return None
    return Decision(_title_form(word.text), "proper-noun", f"'{word.text}' is the only lower-case word around it "
                    "in a Title Case sentence and the lexicon has no casing for it", 0.8)


# ----------------------------------------------------------------------------- stage


class Casing(Stage):
    name = "casing"
    summary = "Title Case body sentences, capitals inside words, names in lower case"
    languages = ("en",)  # the casing lexicon and rules are English

    def observe(self, doc: Document, config: Config) -> Mapping[str, Counter]:
        if not config.casing.enabled:
            return {}
        return {NAMESPACE: _text_observations(doc.text)}

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg: CasingConfig = ctx.config.casing
        sentences = analyse(doc)
        ev = _Evidence(_text_observations(doc.text), ctx, doc.text)
        ev.trusted_spans = [(s.words[0].start, s.words[-1].end) for s in sentences if s.trusted and s.words]
        ev.body_title_words = sum(len(s.words) for s in sentences if s.kind == "title" and not s.heading)
        prop = Proposal()
        foreign = foreign_regions(doc, "en")  # a Turkish line in an English page keeps its casing
        decided = [{} if sent.quiet else self._decide_unless_foreign(sent, ev, cfg, foreign) for sent in sentences]
        if cfg.proper_nouns:
            _spread_names(sentences, decided, ev, cfg.min_confidence)
        for sent, decisions in zip(sentences, decided):
            for i, d in sorted(decisions.items()):
                w = sent.words[i]
                if d.after == w.text:
                    continue
                if d.confidence >= cfg.min_confidence:
                    prop.edits.append(self.edit(doc, w.start, w.end, d.after, d.rule, d.reason, d.confidence))
                else:
                    prop.findings.append(self.finding(doc, w.start, w.end, d.rule, d.reason + "; not sure enough",
                                                      d.confidence, d.after))
        return prop

    def _decide_unless_foreign(self, sent: Sentence, ev: _Evidence, cfg: CasingConfig,
                               foreign: Regions) -> dict[int, Decision]:
        """:meth:`_decide`, or nothing for a sentence in a block of another language.

        The block's language is asked only when there is a decision to drop: judging a
        block costs a split and a look-up of each of its words, and most sentences get no
        decision. The same result as asking first, since _decide only reads (the document's
        counts, the corpus, the lexicon, pure caches) and a sentence in a foreign block gets
        nothing either way, even should _decide fail on it.
        """
        try:
            out = self._decide(sent, ev, cfg)
        except Exception:
            if sent.words and foreign.covers(sent.words[0].start):
                return {}
            raise
        if out and sent.words and foreign.covers(sent.words[0].start):
            return {}
        return out

    def _decide(self, sent: Sentence, ev: _Evidence, cfg: CasingConfig) -> dict[int, Decision]:
        out: dict[int, Decision] = {}
        inner, lower = sent.candidates
        if cfg.intraword:
            for i in inner:
                d = _intraword(sent.words[i], ev)
                if d is not None:
                    out[i] = d
        recase = None
        if sent.kind == "title" and cfg.title_case and not sent.heading:
            recase = _recase_title_sentence
        elif sent.kind != "caps" and cfg.title_case and sent.headline:
            recase = _recase_headline
        if recase is not None:
            for i, d in recase(_with_repairs(sent, out), ev).items():
                prior = out.get(i)
                if prior is not None:
                    d = Decision(d.after, f"{prior.rule}+{d.rule}", f"{prior.reason}; {d.reason}",
                                 min(prior.confidence, d.confidence))
                out[i] = d
        elif sent.kind == "caps" and cfg.all_caps and not sent.heading and not _legal_notice(sent, ev.text):
            out.update(_recase_caps_sentence(sent, ev))
        if sent.kind == "normal" or sent.heading or (sent.kind == "title" and cfg.title_case):
            repaired = _with_repairs(sent, out)
            for i in lower:
                if i in out:
                    continue
                w = repaired.words[i]  # (the word as written: a repaired one is in out)
                pronoun, common = _word_facts(w.text)[4]
                if pronoun and not w.initial and not _code_variable(w, ev.text):
                    out[i] = Decision("I" + w.text[1:], "pronoun-i", "the pronoun I is always capitalised", 0.9)
                elif cfg.proper_nouns and not common:
                    d = _proper_noun(w, ev, repaired.words[i - 1] if i else None,
                                     repaired.words[i + 1] if i + 1 < len(repaired.words) else None)
                    if d is None and sent.kind == "title":
                        d = _lower_word_in_title_case(  # neighbours as written, before any recasing
                            w, ev, sent.words[i - 1] if i else None,
                            sent.words[i + 1] if i + 1 < len(sent.words) else None)
                    if d is not None:
                        out[i] = d
            if cfg.proper_nouns:
                _name_after_repair(repaired, inner, out, ev)
            _capitalise_partners(repaired.words, out, ev)
        return out


def _name_after_repair(repaired: Sentence, inner: tuple[int, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """A word whose stray capital came out ("ukraIne" -> "ukraine") is asked, as repaired, whether it is a name:
    one edit says both ("ukraIne" -> "Ukraine"), where the next round would have made a second."""
    for i in inner:
        d0 = out.get(i)
        w = repaired.words[i]
        if d0 is None or d0.rule != "intraword" or w.initial or shape(w.text) != "lower":
            continue
        pronoun, common = _word_facts(w.text)[4]
        if pronoun or common:
            continue
        d = _proper_noun(w, ev, repaired.words[i - 1] if i else None,
                         repaired.words[i + 1] if i + 1 < len(repaired.words) else None)
        if d is not None:
            out[i] = Decision(d.after, f"{d0.rule}+{d.rule}", f"{d0.reason}; {d.reason}",
                              min(d0.confidence, d.confidence))


def _capitalise_partners(words: tuple[Word, ...], out: dict[int, Decision], ev: _Evidence) -> None:
    """A name of two words whose second was capitalised takes the first along when the pair is a known name
    ("new york" -> "New York", not "new York"): half a repair reads worse than none."""
    for i, d in sorted(out.items()):
        if i == 0 or d.rule != "proper-noun" or i - 1 in out:
            continue
        prev, word = words[i - 1], words[i]
        if shape(prev.text) == "lower" and not prev.after_hyphen and ev.text[prev.end:word.start] == " " \
                and f"{prev.low} {word.low}" in title_pairs():
            out[i - 1] = Decision(_title_form(prev.text), "proper-noun", f"'{_title_form(prev.text)} {d.after}' is "
                                  "one name (a Title Case pair of the lexicon)", d.confidence)


_PRONOUN_I = ("i", "i'm", "i've", "i'll", "i'd")


_CODE_AFTER = regex.compile(r"\s*(?:[-+*/%<>=!&|^\[\](){};,.:]|in\b)")
_CODE_BEFORE = regex.compile(r"(?r)(?:[-+*/%<>=!&|^\[\](){}.]|\bfor)\s*$")


def _code_variable(word: Word, text: str) -> bool:
    """``for i in range``, ``x[i] = i + 1``, ``the value of i``: a variable in code, not the pronoun."""
    if word.text != "i":
        return False
    after = _CODE_AFTER.match(text, word.end)
    if after is not None and not (after.group().strip() in ",.;:" and word.start > 0
                                  and text[word.start - 1] not in "([{=+-*/"):
        return True  # an operator or bracket after it (a comma or full stop only inside brackets)
    if _CODE_BEFORE.search(text, max(0, word.start - 8), word.start) is not None:
        return True
    # "x i − x j": an index in a formula; "the value of i", "until i is 9": where the pronoun cannot stand
    return (_rule_pattern("math_variable", "before").search(text[max(0, word.start - 4):word.start]) is not None
            or _rule_pattern("math_variable", "after").search(text[word.end:word.end + 4]) is not None
            or _rule_pattern("letter_variable", "before").search(text[max(0, word.start - 8):word.start]) is not None
            or _rule_pattern("letter_variable", "after").search(text[word.end:word.end + 16]) is not None)


def _with_repairs(sent: Sentence, repairs: Mapping[int, Decision]) -> Sentence:
    """The sentence as it reads once the intra-word repairs are made."""
    if not repairs:
        return sent
    words = tuple(Word(w.start, w.end, repairs[i].after, w.initial, w.after_hyphen, w.quoted) if i in repairs else w
                  for i, w in enumerate(sent.words))
    return Sentence(words, sent.kind, sent.heading, sent.headline)
