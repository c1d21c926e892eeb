"""The one model every stage reads: a document's text and its line/paragraph views.

Scraped and machine-translated text comes with two paragraph conventions: one
paragraph per line, or paragraphs separated by blank lines. Stages work on
*blocks* (non-blank lines) so that both conventions look the same to them, and
use the offsets a block carries to propose edits on the full text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Callable, Mapping, TypeVar

import regex

__all__ = ["Document", "Block"]

T = TypeVar("T")

# A sentence ends at . ! ? … followed by an optional closing quote/bracket, then space (group 1: the space
# between two sentences). The mark is matched, not looked behind for: the engine then tries a match only
# where a mark is, not at every character (the same spaces: a mark and its closers are never spaces, so no
# match can take them from another).
_SENTENCE_END = regex.compile(r"""[.!?…]["'”’»)\]]*(\s+)(?=["'“‘«(\[]?\p{Lu}|\d)""")


@dataclass(frozen=True, slots=True)
class Block:
    """A non-blank line of the document, with its offsets in ``Document.text``.

    Slots: a document of a million short lines holds a million blocks.
    """

    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Document:
    """A text to clean, its identity, and what the caller knows about it."""

    id: str
    text: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    lang: str | None = None

    def with_text(self, text: str) -> "Document":
        return replace(self, text=text)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, once per document text: evidence several stages read (language regions).

        A Document is immutable and a changed text is a new Document, so the
        cache can never be stale; it is not part of equality.
        """
        cache = self.__dict__.get("_memo")
        if cache is None:
            cache = self.__dict__["_memo"] = {}
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    @cached_property
    def blocks(self) -> list[Block]:
        """Non-blank lines, in order."""
        out: list[Block] = []
        pos = 0
        for s in self.text.split("\n"):  # str.split: C speed, where a regex match per line is not
            if s and s.strip():
                out.append(Block(len(out), pos, pos + len(s), s))
            pos += len(s) + 1
        return out

    @cached_property
    def blank_line_paragraphs(self) -> bool:
        """True when paragraphs are separated by blank lines rather than single newlines."""
        blocks = self.blocks
        if len(blocks) < 2:
            return False
        gaps = [self.text.count("\n", a.end, b.start) for a, b in zip(blocks, blocks[1:])]
        return sum(g >= 2 for g in gaps) * 2 > len(gaps)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; a cheap splitter good enough for evidence."""
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start(1)))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        spans.append((pos, len(text)))
    return spans
