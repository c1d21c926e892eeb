"""The ``markup`` stage: markdown emphasis, HTML tags and table pipes left in plain text.

Scrapers and converters leave the *syntax* of a richer format behind
(``**seemed**``, ``</p>``, ``... end the war.' | |``). The words are content and
stay; only the markers go, each removal a separate edit so that a reviewer sees
exactly which characters were dropped. Everything that merely resembles markup
(arithmetic ``2*3*4``, ``snake_case``, bullets, ``a < b``, ``<name@example.com>``,
real tables with cells on both sides of a pipe) is left alone: the patterns are
anchored on what *surrounds* a marker, and tag names come from an allow-list in
``data/markup.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..document import Document
from ..edits import Edit
from ..rules import load_toml
from .base import Context, Proposal, Stage

__all__ = ["Markup"]

_HSPACE = " \t\u00a0"
_IDENTIFIER = regex.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class _Rules:
    emphasis: tuple[regex.Pattern, ...]
    before: frozenset[str]
    after: frozenset[str]
    tag: regex.Pattern
    block_tags: frozenset[str]
    inline_tags: frozenset[str]


@lru_cache(maxsize=None)
def _rules() -> _Rules:
    data = load_toml("markup.toml")
    emph = data["emphasis"]
    n = int(emph["max_span"])
    # Lazy but bounded inner spans, one line at most: linear however the text looks.
    # (widest markers first: ``***bold italic***`` is one pair, not a ``**`` pair around stars; a ``*`` pair
    # may close after a sentence's stop: ``*This article was updated at 10:30.*``)
    emphasis = (
        regex.compile(r"\*\*\*(?=\S)[^\n*]{1,%d}?(?<=\S)\*\*\*" % n),
        regex.compile(r"\*\*(?=\S)[^\n*]{1,%d}?(?<=\S)\*\*" % n),
        regex.compile(r"__(?=\S)[^\n_]{1,%d}?(?<=\S)__" % n),
        regex.compile(r"\*(?=[\p{L}\p{N}])[^\n*]{0,%d}?(?<=[\p{L}\p{N}][.!?…]?)\*" % n),
        regex.compile(r"_(?=[\p{L}\p{N}])[^\n_]{0,%d}?(?<=[\p{L}\p{N}])_" % n),
    )
    # Attributes must be name=value pairs: `<b and c>` in prose is not a tag.
    tag = regex.compile(
        r"""<(/?)([A-Za-z][A-Za-z0-9]{0,9})"""
        r"""((?:[ \t\n]+[A-Za-z_:][-A-Za-z0-9_:.]{0,40}[ \t]*=[ \t]*"""
        r"""(?:"[^"<>\n]{0,2000}"|'[^'<>\n]{0,2000}'|[^\s"'<>=`]{1,2000}))*+)[ \t]*(/?)>"""
    )
    html = data["html"]
    return _Rules(emphasis, frozenset(emph["before"]), frozenset(emph["after"]), tag,
                  frozenset(html["block"]), frozenset(html["inline"]))


class Markup(Stage):
    name = "markup"
    summary = "stray markdown emphasis, leftover HTML tags and trailing table-pipe debris"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg = ctx.config.markup
        markdown = ctx.config.format == "markdown"
        out = Proposal()
        text = doc.text
        if cfg.strip_emphasis and not markdown and ("*" in text or "_" in text):
            out.edits.extend(self._emphasis(doc))
        if cfg.strip_html_tags and not markdown and "<" in text:
            out.edits.extend(self._html_tags(doc))
        if cfg.strip_table_pipes and "|" in text:
            out.edits.extend(self._table_pipes(doc))
        return out

    # -- markdown emphasis -------------------------------------------------------------------
    def _emphasis(self, doc: Document) -> list[Edit]:
        rules = _rules()
        text = doc.text
        taken: list[tuple[int, int, int]] = []
        covered = bytearray(len(text))  # characters already inside an accepted pair
        for pattern, width in zip(rules.emphasis, (3, 2, 2, 1, 1)):
            pos = 0
            while True:
                m = pattern.search(text, pos)
                if m is None:
                    break
                a, b = m.span()
                if self._is_emphasis(text, a, b, rules) and not any(covered[a:b]):
                    taken.append((a, b, width))
                    covered[a:b] = b"\x01" * (b - a)
                    pos = b
                else:  # retry one character on, so a false start does not hide a real pair
                    pos = a + 1
        edits = []
        for a, b, width in sorted(taken):
            inner = text[a + width:b - width]
            reason = f"markdown emphasis markers {text[a:a + width]!r} around {inner!r} in plain text"
            edits.append(self.edit(doc, a, a + width, "", "markdown-emphasis", reason, 0.9))
            edits.append(self.edit(doc, b - width, b, "", "markdown-emphasis", reason, 0.9))
        return edits

    @staticmethod
    def _is_emphasis(text: str, a: int, b: int, rules: _Rules) -> bool:
        """Markers count only when they stand at word boundaries, not inside a token or formula."""
        prev = text[a - 1] if a > 0 else "\n"
        nxt = text[b] if b < len(text) else "\n"
        if not (prev.isspace() or prev in rules.before):
            return False
        if not (nxt.isspace() or nxt in rules.after):
            return False
        marker = text[a]
        inner = text[a:b].strip(marker)
        if not inner or "://" in inner or "@" in inner:
            return False
        if nxt == "." and b + 1 < len(text) and text[b + 1].isalnum():
            return False  # `__init__.py`: a file name
        if marker == "_":
            # Underscores mostly belong to identifiers and user names (`__del__`, `-_Helix_-`):
            # only whitespace-delimited spans that are not identifiers count as emphasis.
            if not prev.isspace() or not (nxt.isspace() or nxt in ".,;:!?"):
                return False
            if text[a + 1] == "_" and _IDENTIFIER.fullmatch(inner):
                return False
        return True

    # -- HTML tags ---------------------------------------------------------------------------
    def _html_tags(self, doc: Document) -> list[Edit]:
        rules = _rules()
        text = doc.text
        groups: list[list[regex.Match]] = []
        for m in rules.tag.finditer(text):
            closing, name, attrs, selfclose = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
            if name not in rules.block_tags and name not in rules.inline_tags:
                continue
            if closing and (attrs or selfclose):
                continue
            if groups and groups[-1][-1].end() == m.start():
                groups[-1].append(m)
            else:
                groups.append([m])
        edits = []
        for group in groups:
            edits.extend(self._remove_tag_run(doc, group, rules))
        return edits

    def _remove_tag_run(self, doc: Document, group: list[regex.Match], rules: _Rules) -> list[Edit]:
        """Remove a run of adjacent tags, leaving the words around it correctly spaced."""
        text = doc.text
        start, end = group[0].start(), group[-1].end()
        prev = text[start - 1] if start > 0 else "\n"
        nxt = text[end] if end < len(text) else "\n"
        lead, trail = start, end  # extended span of the first / last tag
        if prev in "\r\n":
            while trail < len(text) and text[trail] in _HSPACE:
                trail += 1
        elif nxt in "\r\n":
            while lead > 0 and text[lead - 1] in _HSPACE:
                lead -= 1
        elif prev in _HSPACE and nxt in _HSPACE:
            while trail < len(text) and text[trail] in _HSPACE:
                trail += 1
        breaks = any(m.group(2).lower() in rules.block_tags for m in group)
        glue = " " if breaks and not prev.isspace() and not nxt.isspace() else ""
        edits = []
        for i, m in enumerate(group):
            a = lead if i == 0 else m.start()
            b = trail if i == len(group) - 1 else m.end()
            after = glue if i == 0 else ""
            reason = f"leftover HTML tag {m.group()!r} in plain text"
            edits.append(self.edit(doc, a, b, after, "html-tag", reason, 0.9))
        return edits

    # -- table pipes -------------------------------------------------------------------------
    def _table_pipes(self, doc: Document) -> list[Edit]:
        edits = []
        for block in doc.blocks:
            line = block.text
            end = len(line) - 1 if line.endswith("\r") else len(line)
            cut = _rstrip_at(line, end)
            if cut == 0 or line[cut - 1] != "|":
                continue
            body_end = cut
            while cut > 1 and line[cut - 1] == "|" and line[cut - 2] in _HSPACE:
                cut = _rstrip_at(line, cut - 1)  # an empty cell: a pipe after whitespace
            content = line[:cut]
            if cut == body_end or not content.strip() or "|" in content:
                continue  # a pipe glued to a word (`|x|`), a line of pipes only, or a real table row
            removed = line[cut:end]
            edits.append(self.edit(doc, block.start + cut, block.start + end, "", "table-pipes",
                                   f"empty table cells {removed.strip()!r} left at the end of a line", 0.9))
        return edits


def _rstrip_at(line: str, end: int) -> int:
    """The end of ``line[:end]`` without its trailing horizontal whitespace."""
    while end > 0 and line[end - 1] in _HSPACE:
        end -= 1
    return end
