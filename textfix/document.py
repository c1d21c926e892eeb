"""The one model every stage reads: a document's text and its line/paragraph views.

Scraped and machine-translated text comes with two paragraph conventions: one
paragraph per line, or paragraphs separated by blank lines. Stages work on
*blocks* (non-blank lines) so that both conventions look the same to them, and
use the offsets a block carries to propose edits on the full text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Mapping

import regex

__all__ = ["Document", "Block"]

_LINE = regex.compile(r"[^\n]*")
# A sentence ends at . ! ? … followed by an optional closing quote/bracket, then space.
_SENTENCE_END = regex.compile(r"""(?<=[.!?…]["'”’»)\]]*)\s+(?=["'“‘«(\[]?\p{Lu}|\d)""")


@dataclass(frozen=True)
class Block:
    """A non-blank line of the document, with its offsets in ``Document.text``."""

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

    @cached_property
    def blocks(self) -> list[Block]:
        """Non-blank lines, in order."""
        out = []
        for m in _LINE.finditer(self.text):
            s = m.group()
            if s.strip():
                out.append(Block(len(out), m.start(), m.end(), s))
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
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        spans.append((pos, len(text)))
    return spans
