"""The ``names`` stage: mangled names, repaired from the names the corpus spells consistently.

Machine translation mangles rare names ("Volodymyr Zenskyp") while spelling
them right elsewhere in the same document or corpus. The stage builds a name
inventory (capitalised tokens with their counts, and the first name or title in
front of each: "Volodymyr Zelenskyy", "President Putin") and rewrites a token
only when all of these hold:

* it is name-like, seen once in the whole corpus, and no dictionary knows it;
* a frequent name is a near miss of it (a small edit distance, rapidfuzz);
* that name beats every other candidate by a margin; the same preceding first
  name or title ("same slot") is a bonus that allows one more edit.

Transliteration variants (Zelensky / Zelenskyy / Zelenskiy) count as one name
and are never rewritten into one another, unless the user's gazetteer
(``names.gazetteer``: ``Canonical: alias, alias`` lines) asks for one spelling.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import regex
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..config import Config, NamesConfig
from ..language import Regions, foreign_regions
from ..document import Document
from ..errors import ConfigError
from ..lexicon import Lexicon
from ..rules import load_toml
from ..wordlist import english
from .base import Context, Proposal, Stage
from .casing import Word, mid_sentence_counts, sentence_words, shape

__all__ = ["Names", "Gazetteer", "load_gazetteer", "transliteration_key", "NAMESPACE"]

#: Lexicon namespace of the corpus pass.
NAMESPACE = "names"

_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)


@lru_cache(maxsize=None)
def _rules() -> dict:
    return load_toml("names.toml")


def transliteration_key(name: str) -> str:
    """A spelling key under which transliteration variants of one name coincide."""
    key = name.lower()
    for pattern, replacement in _fold_rules():
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=None)
def _fold_rules() -> tuple[tuple["regex.Pattern[str]", str], ...]:
    return tuple((regex.compile(p), r) for p, r in _rules()["transliteration"]["fold"])


@dataclass(frozen=True)
class Gazetteer:
    """Canonical names and the aliases to rewrite to them (user data: overrides the evidence)."""

    aliases: Mapping[str, str]

    @property
    def canonical(self) -> frozenset[str]:
        return frozenset(self.aliases.values())


def load_gazetteer(path: str) -> Gazetteer:
    """Read ``Canonical: alias, alias`` lines (``#`` comments). The file's content is cached by mtime."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError as e:
        raise ConfigError(f"names.gazetteer: cannot read {path}: {e.strerror or e}") from None
    return _read_gazetteer(path, mtime)


@lru_cache(maxsize=8)
def _read_gazetteer(path: str, mtime: int) -> Gazetteer:
    aliases: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            canonical, sep, rest = line.partition(":")
            canonical = canonical.strip()
            if not canonical:
                raise ConfigError(f"{path}:{n}: expected 'Canonical: alias, alias'")
            for alias in rest.split(",") if sep else ():
                alias = alias.strip()
                if alias and alias != canonical:
                    aliases[alias] = canonical
            aliases.setdefault(canonical, canonical)
    return Gazetteer(aliases)


def _build_index(counts: Mapping[str, int], min_evidence: int) -> dict[str, list[tuple[str, int]]]:
    """``n\\tName`` counts -> name-like forms seen ``min_evidence`` times, grouped by initial letter."""
    mid = mid_sentence_counts()
    lex = english()
    index: dict[str, list[tuple[str, int]]] = {}
    for key, n in counts.items():
        if not key.startswith("n\t") or n < min_evidence:
            continue
        form = key[2:]
        m = mid.get(form.lower())
        info = lex.get(form.lower())
        if (m and m[0] > m[1]) or (info is not None and info.lower >= max(info.title, 1)):
            continue  # a common lower-case word at sentence starts, not a name
        index.setdefault(form[0], []).append((form, n))
    for forms in index.values():
        forms.sort()
    return index


def _corpus_index(lexicon: Lexicon, min_evidence: int) -> dict[str, list[tuple[str, int]]]:
    """The corpus name index, built once per Lexicon (and process) rather than once per document.

    It is kept on the Lexicon object itself, keyed by its size: a pure function of
    the evidence, so results never depend on call history.
    """
    counter = lexicon.counter(NAMESPACE)
    key = (lexicon.n_docs, len(counter), min_evidence)
    cached = lexicon.__dict__.get("_names_index")
    if cached is None or cached[0] != key:
        cached = (key, _build_index(counter, min_evidence))
        lexicon.__dict__["_names_index"] = cached
    return cached[1]


@lru_cache(maxsize=None)
def _not_slots() -> frozenset[str]:
    """Words in front of a name that are no slot (names.toml [slot]): "The Americanist" and "The Americas"."""
    return frozenset(_rules()["slot"]["not_slots"])


def _name_like(text: str) -> bool:
    return shape(text) == "title" and len(text) > 1 and text.isalpha()


@lru_cache(maxsize=1 << 14)
def _name_form(text: str) -> str | None:
    """The word without a possessive ('s) when that is name-like, else None: what the loops over every
    word ask, once per spelling (pure, so memoised)."""
    b = _POSSESSIVE.sub("", text) if "'" in text or "’" in text else text  # (no apostrophe: no 's)
    return b if _name_like(b) else None


def observations(doc: Document) -> Counter:
    """``n\\tName`` for each capitalised token, ``p\\tPrev Name`` for the capitalised word before it."""
    c: Counter = Counter()
    for _, b, prev in _name_words(doc.text):
        c["n\t" + b] += 1
        if prev:
            c[f"p\t{prev} {b}"] += 1
    for k in [k for k in c if k.startswith("n\t")]:
        c["d" + k[1:]] = 1  # document frequency
    return c


@lru_cache(maxsize=4)
def _name_words(text: str) -> tuple[tuple[Word, str, str | None], ...]:
    """Every name-like word of the text, in order: (the word, its name form, the name form of the word just
    before it in its sentence when that one is name-like too, else None).

    What observations and the suspects' search read, from one pass over all the words: a
    text's words are mostly not name-like, and both loops skipped them. A pure function of
    the text, memoised (observe and propose read the same text).
    """
    out = []
    add = out.append
    form = _name_form
    for words in sentence_words(Document("", text)):
        prev: str | None = None
        for w in words:
            b = form(w.text)
            if b is not None:
                add((w, b, prev))
            prev = b
    return tuple(out)


@dataclass(frozen=True)
class _Candidate:
    form: str
    edits: int
    similarity: float
    count: int
    same_slot: bool


class Names(Stage):
    name = "names"
    summary = "mangled names repaired to the spelling the document or corpus uses"
    languages = ("en",)  # "unknown to the dictionary" means unknown to the English word list

    def observe(self, doc: Document, config: Config) -> Mapping[str, Counter]:
        if not config.names.enabled:
            return {}
        return {NAMESPACE: observations(doc)}

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg: NamesConfig = ctx.config.names
        prop = Proposal()
        gaz = load_gazetteer(cfg.gazetteer) if cfg.gazetteer else None
        taken: list[tuple[int, int]] = []
        if gaz is not None:
            self._gazetteer_edits(doc, gaz, prop, taken)
        own = observations(doc)
        known = gaz.canonical if gaz else frozenset()  # the user's canonical names
        suspects = self._suspects(doc, own, ctx, cfg, known)
        if not suspects:
            return prop
        by_initial = self._inventory(own, ctx, cfg, gaz)
        canonical: dict[str, list[tuple[str, int]]] = {}
        for form in sorted(known):
            canonical.setdefault(form[0], []).append((form, cfg.min_evidence))  # the user's names are evidence
        foreign = foreign_regions(doc, "en")
        for w, prev in suspects:
            if any(a < w.end and w.start < b for a, b in taken):
                continue
            names = canonical.get(w.text[0], []) + by_initial.get(w.text[0], [])
            self._repair_unless_foreign(doc, w, prev, names, own, ctx, cfg, prop, known, foreign)
        return prop

    def _repair_unless_foreign(self, doc: Document, w: Word, prev: str | None, names: list[tuple[str, int]],
                               own: Counter, ctx: Context, cfg: NamesConfig, prop: Proposal,
                               gaz_forms: frozenset[str], foreign: Regions) -> None:
        """:meth:`_repair`, unless the token stands in a block of another language.

        The block's language is asked only when the repair has something to say: judging a
        block costs a split and a look-up of each of its words, a near-miss search over a
        letter's names much less, and most suspects get nothing. The same result as asking
        first: _repair only reads, and adds to ``prop`` (here through a scratch proposal,
        passed on in order), and a token in a foreign block gets nothing either way, even
        should _repair fail on it.
        """
        scratch = Proposal()
        try:
            self._repair(doc, w, prev, names, own, ctx, cfg, scratch, gaz_forms)
        except Exception:
            if foreign.covers(w.start):
                return
            raise
        if (scratch.edits or scratch.findings) and not foreign.covers(w.start):
            prop.edits.extend(scratch.edits)
            prop.findings.extend(scratch.findings)

    # -- gazetteer -------------------------------------------------------------------------

    def _gazetteer_edits(self, doc: Document, gaz: Gazetteer, prop: Proposal, taken: list) -> None:
        aliases = {a: c for a, c in gaz.aliases.items() if a != c}
        if not aliases:
            return
        pattern = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(
            regex.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")(?![\p{L}\p{N}])")
        for m in pattern.finditer(doc.text):
            canonical = aliases[m.group()]
            prop.edits.append(self.edit(doc, m.start(), m.end(), canonical, "gazetteer",
                                        f"the gazetteer names '{canonical}' as the spelling of '{m.group()}'", 1.0))
            taken.append((m.start(), m.end()))

    # -- near misses -----------------------------------------------------------------------

    def _suspects(self, doc: Document, own: Counter, ctx: Context, cfg: NamesConfig,
                  known: frozenset[str]) -> list[tuple[Word, str | None]]:
        """Name-like tokens seen once in the corpus that no dictionary knows (nor the user's gazetteer), with
        the word before them."""
        rules = _rules()["suspect"]
        lex = english()
        out = []
        for w, b, prev in _name_words(doc.text):
            if len(b) >= rules["min_length"] and b not in known and own["n\t" + b] == 1 \
                    and (b.isascii() or not rules["ascii_only"]) \
                    and ctx.corpus_count(NAMESPACE, "n\t" + b) == 0:
                info = lex.get(b.lower())
                if info is None or info.zipf < rules["max_zipf"]:
                    out.append((Word(w.start, w.start + len(b), b, w.initial, w.after_hyphen), prev))
        return out

    def _inventory(self, own: Counter, ctx: Context, cfg: NamesConfig,
                   gaz: Gazetteer | None) -> dict[str, list[tuple[str, int]]]:
        """Names seen at least ``min_evidence`` times in the document and the rest of the corpus, by initial."""
        if ctx.own and ctx.lexicon.n_docs:
            index = _corpus_index(ctx.lexicon, cfg.min_evidence)  # totals include this document
        else:
            index = _build_index(Counter({k: v for k, v in own.items() if k.startswith("n\t")}), cfg.min_evidence)
        return index

    def _repair(self, doc: Document, w: Word, prev: str | None, names: list[tuple[str, int]], own: Counter,
                ctx: Context, cfg: NamesConfig, prop: Proposal, gaz_forms: frozenset[str]) -> None:
        dist = _rules()["distance"]
        token = w.text
        key = transliteration_key(token)
        groups: dict[str, list[_Candidate]] = {}
        counts = dict(names)
        near = process.extract(token, list(counts), scorer=fuzz.ratio, score_cutoff=cfg.min_similarity,
                               limit=None) if len(counts) > 64 else [(f, 0, 0) for f in counts]
        for form, *_ in near:
            n = counts[form]
            if abs(len(form) - len(token)) > dist["max_edits_same_slot"]:
                continue
            if transliteration_key(form) == key:
                return  # a transliteration variant of a known name: leave it alone
            if form.startswith(token) or token.startswith(form):
                continue  # "Americanist" is derived from "American", not a misspelling of it
            d = OSA.distance(token, form)
            slot = bool(prev) and prev not in _not_slots() \
                and (own.get(f"p\t{prev} {form}", 0) + ctx.corpus_count(NAMESPACE, f"p\t{prev} {form}")) > 0
            limit = dist["max_edits_same_slot"] if slot else dist["max_edits"]
            share = 0.5 if slot else dist["max_edit_share"]
            sim = fuzz.ratio(token, form)
            if d > limit or d > share * len(token) or sim < cfg.min_similarity:
                continue
            docs = (1 if own.get("n\t" + form) else 0) + ctx.corpus_count(NAMESPACE, "d\t" + form)
            if not own.get("n\t" + form) and docs < 2 and not slot:
                continue  # a name of one other document only: too little to call this token a misspelling
            groups.setdefault(transliteration_key(form), []).append(_Candidate(form, d, sim, n, slot))
        if not groups:
            return
        ranked = sorted((self._group_score(g), k) for k, g in groups.items())
        best_score, best_key = ranked[-1]
        group = groups[best_key]
        choice = max(group, key=lambda c: (c.same_slot, c.count, -c.edits, c.form))
        slot, _, best_sim = best_score
        reason = (f"'{token}' is seen once and no dictionary knows it; '{choice.form}' is a near miss "
                  f"({choice.edits} edit(s), similarity {best_sim:.0f}) seen {choice.count}x"
                  + (f", also after '{prev}'" if choice.same_slot else ""))
        if len(ranked) > 1:
            second, _ = ranked[-2]
            if second[0] == slot and second[1] == best_score[1] and best_sim - second[2] < cfg.margin:
                prop.findings.append(self.finding(doc, w.start, w.end, "near-miss",
                                                  reason + "; another name is as close", 0.5, choice.form))
                return
        confidence = 0.9 if choice.same_slot or choice.edits == 1 else 0.85
        if not choice.same_slot and choice.form not in gaz_forms:
            others = ctx.corpus_count(NAMESPACE, "d\t" + choice.form)  # the other documents that write it
            if not others:
                # Only this document spells the name so, and not after the same first name or title: a
                # document that writes "Okitama" five times and "Oitama" once may mean two names.
                confidence = min(confidence, _rules()["distance"]["lone_document_confidence"])
                reason += "; only this document has that spelling, not after the same name or title"
            crowd = _rules()["crowd"]
            if others < crowd["min_doc_share"] * ctx.corpus_docs:
                # A name of few documents in a big corpus (names.toml [crowd]): a near miss alone may be another.
                confidence = min(confidence, crowd["confidence"])
                reason += f"; '{choice.form}' is in {others} of {ctx.corpus_docs} other documents: too few to " \
                          "rule out another name"
        if confidence >= cfg.min_confidence:
            prop.edits.append(self.edit(doc, w.start, w.end, choice.form, "near-miss", reason, confidence))
        else:
            prop.findings.append(self.finding(doc, w.start, w.end, "near-miss", reason, confidence, choice.form))

    @staticmethod
    def _group_score(group: list[_Candidate]) -> tuple[bool, int, float]:
        """Same slot first, then fewest edits, then similarity."""
        return (any(c.same_slot for c in group), -min(c.edits for c in group), max(c.similarity for c in group))
