"""The `langid` stage: the document's language, and paragraphs in another one.

A statistical detector (langdetect) costs milliseconds per call, more than the
whole rest of the pipeline spends on a typical document, so it is asked only
where cheap evidence leaves a doubt:

* the document: its function words (stop-word profiles, ``textfix/data/langid``)
  decide when they are many and agree; otherwise the detector looks at a
  bounded sample (start, middle and end) of the text;
* each paragraph: its script and its function words are compared with the
  document's; only a paragraph whose cheap evidence disagrees is shown to the
  detector, and it is called foreign only when the detector is confident too.

A foreign paragraph is a finding; with ``langid.drop_foreign`` it is removed
(an edit, reversible like any other). A document is never emptied: its
language is, by construction, the language of most of its text.

The detector is pluggable: anything with ``detect(text) -> (lang, probability)
| None`` (see :class:`Detector`), named ``module:Class`` in
``langid.detector``. langdetect is seeded (``seed = 0``) and its profiles are
loaded once, sparsely (``_langdetect_profiles``), so labels never vary between runs.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Protocol

from ..document import Block, Document
from ..language import _LETTERS, _NON_LATIN, Profiles, profiles, script_of
from ..language import cheap_language as _cheap_language
from ..language import words as _words
from .base import Context, Proposal, Stage

__all__ = ["Langid", "Detector", "LangdetectDetector"]

#: Scripts whose languages langdetect labels by one code, for documents whose language has no profile.
_CJK = {"Han", "Hiragana", "Katakana"}
#: Scripts that write a syllable or a word per character (LangidConfig.min_letters_dense).
_DENSE = _CJK | {"Hangul"}


class Detector(Protocol):
    """A language detector: the most likely language of ``text`` and its probability, or None."""

    def detect(self, text: str) -> tuple[str, float] | None: ...


class LangdetectDetector:
    """langdetect, seeded, with its profiles loaded once (not langdetect's global factory)."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def detect(self, text: str) -> tuple[str, float] | None:
        return _langdetect(text, self.seed)


@lru_cache(maxsize=1 << 12)
def _langdetect(text: str, seed: int) -> tuple[str, float] | None:
    """Seeded, so a pure function of the text: memoised. A call costs ~10 ms whatever the length (random
    trials), and the same paragraph comes back in every later round of the pipeline (the text changed
    elsewhere) and on every page of a site (its furniture in another language)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory(seed).create()
    detector.set_max_text_length(2000)  # enough to decide; bounds the cost of a long paragraph
    detector.append(text)
    try:
        best = detector.get_probabilities()
    except LangDetectException:  # no usable letters
        return None
    return (best[0].lang, float(best[0].prob)) if best else None


@lru_cache(maxsize=None)
def _langdetect_factory(seed: int):
    from ._langdetect_profiles import SparseProfiles

    return SparseProfiles(seed)


@lru_cache(maxsize=None)
def _detector(name: str, seed: int) -> Detector:
    if name == "langdetect":
        return LangdetectDetector(seed)
    module, _, cls = name.partition(":")
    return getattr(importlib.import_module(module), cls)()


def _sample(blocks: list[Block], chars: int) -> str:
    """Up to ``chars`` characters of the document's most prose-like paragraphs, in document order.

    The body of a page is in its prose paragraphs; the start of a scraped page
    is often furniture in another language (archive banners, menus) and its
    longest lines may be markup. Prose has many spaces and little markup
    punctuation, which str.count measures at C speed.
    """
    if sum(len(b.text) for b in blocks) <= chars:
        return "\n".join(b.text for b in blocks)

    def prose(b: Block) -> float:
        t = b.text
        if len(t) < 60:
            return 0.0
        return (t.count(" ") - 3 * sum(t.count(c) for c in "<>=/|{}_")) / len(t)

    picked: list[Block] = []
    taken = 0
    for b in sorted(blocks, key=lambda b: (-prose(b), b.index)):
        if taken >= chars:
            break
        picked.append(b)
        taken += len(b.text)
    return "\n".join(b.text[:chars] for b in sorted(picked, key=lambda b: b.index))


@lru_cache(maxsize=None)
def _foreign_words(lang: str) -> frozenset[str]:
    """Function words of the other profiled languages that are not words of ``lang``.

    For English the word list also vetoes foreign function words that are
    common English words ("die", "was", "come"). Two of these in a paragraph
    are the cheap evidence that it may be in another language.
    """
    prof = profiles()
    own = prof.stopwords.get(lang, frozenset())
    words = {w for other, stop in prof.stopwords.items() if other != lang for w in stop} - own
    if lang == "en":
        from ..wordlist import zipf

        words = {w for w in words if zipf(w) < 3.0}
    return frozenset(w for w in words if len(w) > 1)


class Langid(Stage):
    name = "langid"
    summary = "label the document's language; report (optionally drop) paragraphs in another language"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg = ctx.config.langid
        blocks = doc.blocks
        if not blocks:
            return Proposal()
        prof = profiles()
        lang, doc_script = self._document_language(_sample(blocks, cfg.sample_chars), cfg, prof)
        if lang is None:
            return Proposal()
        proposal = Proposal(labels={"lang": lang})
        detector = _detector(cfg.detector, cfg.seed)
        foreign: list[tuple[Block, str, float]] = []
        for block in self._in_doubt(doc, lang, doc_script, cfg):
            found = detector.detect(block.text)
            if found is not None and found[0] != lang and found[1] >= cfg.min_probability:
                foreign.append((block, *found))
        if len(foreign) * 2 >= len(blocks):  # most of it "foreign": the document label is in doubt
            foreign = []
        for block, other, prob in foreign:
            reason = f"paragraph in {other} (p={prob:.2f}); the document is in {lang}"
            if cfg.drop_foreign:
                start, end = _paragraph_span(doc, block)
                proposal.edits.append(self.edit(doc, start, end, "", "foreign-paragraph", reason, prob))
            else:
                proposal.findings.append(self.finding(doc, block.start, block.end, "foreign-paragraph",
                                                      reason, prob))
        return proposal

    def _document_language(self, sample: str, cfg, prof: Profiles) -> tuple[str | None, str | None]:
        words = _words(sample)
        if sum(map(len, words)) < 20:
            return None, None
        script, letters = script_of(sample)
        if letters < 20:
            return None, None
        cheap = _cheap_language(words, max(8, len(words) // 6), prof)
        if cheap is not None and prof.script.get(cheap) == script:
            return cheap, script
        found = _detector(cfg.detector, cfg.seed).detect(sample)
        if found is None:
            return None, None
        return found[0], script

    def _in_doubt(self, doc: Document, lang: str, doc_script: str | None, cfg) -> list[Block]:
        """Paragraphs whose script or function words disagree with the document's language."""
        blocks = doc.blocks
        doubt: set[int] = set()
        if not (doc_script == "Latin" and (doc.text.isascii() or not _NON_LATIN.search(doc.text))):
            for b in blocks:
                script, _ = script_of(b.text)
                if script is not None and script != doc_script and not (script in _CJK and doc_script in _CJK):
                    doubt.add(b.index)
        foreign = _foreign_words(lang)
        own = profiles().stopwords.get(lang, frozenset())
        if foreign and len(foreign.intersection(_words(doc.text))) >= 2:  # else no paragraph can have two
            for b in blocks:  # set.intersection walks the word list in C
                words = _words(b.text)
                hits = len(foreign.intersection(words))
                if hits >= 2 and hits >= len(own.intersection(words)):
                    doubt.add(b.index)
        out = []
        for i in sorted(doubt):
            b = blocks[i]
            letters = sum(map(len, _LETTERS.findall(b.text)))
            if letters >= cfg.min_letters or (letters >= cfg.min_letters_dense and script_of(b.text)[0] in _DENSE):
                out.append(b)
        return out


def _paragraph_span(doc: Document, block: Block) -> tuple[int, int]:
    """The block and the line break(s) that separate it from its neighbour."""
    blocks = doc.blocks
    if block.index + 1 < len(blocks):
        return block.start, blocks[block.index + 1].start
    if block.index > 0:
        return blocks[block.index - 1].end, block.end
    return block.start, block.end
