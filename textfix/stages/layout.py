"""The ``layout`` stage: blank lines, broken paragraphs and punctuation spacing.

Scrapers and MT pipelines break the layout in a few recurring ways: runs of
blank lines, a paragraph cut in two mid-sentence or inside a quotation, a space
before a comma, ``so -called``, ``security.,``. Each repair is one small edit.

Paragraph joins are the risky part, so they are anchored on two signals that
must agree: the first paragraph cannot end there (no closing punctuation, or a
quotation left open) *and* the next one cannot start there (a lowercase word,
or a closing quotation mark). Headings, list items, bylines and Q/A lines are
never joined, and a text whose every other line "looks broken" is hard-wrapped
on purpose: it gets findings, not edits. The document keeps its own paragraph
convention (one paragraph per line, or blank-line separated).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..config import Config
from ..document import Document, split_sentences
from ..edits import Edit, Finding
from ..rules import load_toml
from ..wordlist import english, zipf
from .base import Context, Proposal, Stage

__all__ = ["Layout"]

_HSPACE = "[ \\t\\u00a0]"
_LETTERS = regex.compile(r"\p{L}+")
# The first word of a paragraph that continues a sentence: all lowercase, then a boundary.
_LOWER_START = regex.compile(r"\p{Ll}[\p{Ll}'’-]*(?:$|(?=[\s,;:!?)])|\.(?=\s|$))")
_DOUBLE_QUOTES = frozenset('"“”«»')
_OPENER_CONTEXT = frozenset("([{—–-/")
_CLOSING = frozenset(".!?…\"”»'’)")


@dataclass(frozen=True)
class _Rules:
    min_words: int
    broken_min_words: int
    heading_max_words: int
    heading_capital_share: float
    function_words: frozenset[str]
    hardwrap_min: int
    hardwrap_share: float
    never_join: regex.Pattern
    abbreviations: frozenset[str]
    suspended: frozenset[str]
    prefixes: frozenset[str]
    hyphen_min_zipf: float
    period_comma_min_zipf: float
    french: frozenset[str]
    french_share: float
    glued_sentence: regex.Pattern
    bracket_prose: regex.Pattern


@lru_cache(maxsize=None)
def _rules() -> _Rules:
    data = load_toml("layout.toml")
    j, p, fr, br = data["join"], data["punctuation"], data["french"], data["brackets"]
    never = regex.compile("|".join(f"(?:{x})" for x in j["never_join"]))
    return _Rules(
        min_words=int(j["min_words"]),
        broken_min_words=int(j["broken_min_words"]),
        heading_max_words=int(j["heading_max_words"]),
        heading_capital_share=float(j["heading_capital_share"]),
        function_words=frozenset(j["heading_function_words"]),
        hardwrap_min=int(j["hardwrap_min"]),
        hardwrap_share=float(j["hardwrap_share"]),
        never_join=never,
        abbreviations=frozenset(p["abbreviations"]),
        suspended=frozenset(p["suspended_hyphen_followers"]),
        prefixes=frozenset(p["hyphen_prefixes"]),
        hyphen_min_zipf=float(p["hyphen_min_zipf"]),
        period_comma_min_zipf=float(p["period_comma_min_zipf"]),
        french=frozenset(fr["stopwords"]),
        french_share=float(fr["min_share"]),
        glued_sentence=regex.compile(r"(?<=\p{Ll}\p{Ll})\.(?=(?:%s)[ ,])" % "|".join(
            regex.escape(w) for w in sorted(p["sentence_starters"], key=len, reverse=True))),
        # (the bracket's inside, spaces stripped: a word of two letters, no character of code)
        bracket_prose=regex.compile(r"(?=[^\n]*\p{L}\p{L})[^()\n%s]{1,%d}" % (
            regex.escape(br["code_chars"]), int(br["max_chars"]))),
    )


# Space before punctuation: after a word of 2+ letters, before , . (then space, end or a
# closer) or ; : ! ? (then space or end). Not ellipses (`. . .`, ` ...`), decimals (` .5`),
# `:)`, or spaced-out letters (`H E L L O !`). French text keeps its space before ; : ! ? (its
# matches are those followed by , or .).
_SPACE_BEFORE = regex.compile(
    rf"(?<=\p{{L}}\p{{L}}){_HSPACE}{{1,8}}(?=(?:[,.](?:[\s\"”’)»\]]|$)|[;:!?](?:\s|$))(?![.,;:!?]{_HSPACE}?\.))")
# A word in lower case after a mark: the mark ends no sentence.
_LOWER_AFTER = regex.compile(rf"{_HSPACE}+\p{{Ll}}")
# The stray space of `so -called` / `so- called`; the words around it are checked in code.
_HYPHEN_GAP = regex.compile(r"(?<=\p{Ll})(?: -|- )(?=\p{Ll})")
_LEFT_WORD = regex.compile(r"(?<![\p{L}\p{N}\-])\p{Ll}{2,24}$")
_RIGHT_WORD = regex.compile(r"\p{Ll}{3,24}(?![\p{L}\p{N}\-])")
_QUOTE_MARK = regex.compile('["“”«»]')
_PERIOD_COMMA = regex.compile(r"(?<![\p{L}\p{N}._])(\p{L}{4,24})\.,(?=\s|$)")
# Lines of program code, where `x : y` and `a ;` are syntax, not typos.
_CODE_LINE = regex.compile(r"(?m)[=(){}\[\]<>]|^\s*(?:\.\.\.|>>>|def |class |import |return )")
_COMMA_COMMA = regex.compile(r"(?<=[\p{L}\p{N}\"”’')\]]),,(?![,.])")
# A comma that has its space before it instead of after it: `said ,that`. (Before a lower-case word only, and
# not where a closing single quote follows on the line: `die zynische ,EU-Fazilität´` opens a quotation with a
# comma typed for „.)
_COMMA_SWAPPED = regex.compile(rf"(?<=\p{{L}}\p{{L}}){_HSPACE}{{1,8}},(?=\p{{Ll}}\p{{L}})(?![^\n]{{0,80}}[´‘’`'])")
_COMMA_PERIOD = regex.compile(r"(?<=\p{L}),\.(?![.,])(?=[\s\"”’)]|$)")
# A round bracket after a space or at a line's start, with a space just inside it (group 1: the inside).
_SPACED_BRACKET = regex.compile(rf"(?m)(?:(?<=\s)|^)\(((?={_HSPACE})[^()\n]*|[^()\n]*{_HSPACE})\)")
_BRACKET_PAD = " \t\u00a0"  # (_HSPACE's characters)
_BRACKET_GAPS = tuple(f"({c}" for c in _BRACKET_PAD) + tuple(f"{c})" for c in _BRACKET_PAD)


class Layout(Stage):
    name = "layout"
    summary = "blank lines, paragraphs broken mid-sentence or inside a quotation, punctuation spacing"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg = ctx.config.layout
        out = Proposal()
        if not doc.text:
            return out
        if cfg.fix_punctuation:
            out.edits.extend(self._punctuation(doc, out.findings))
        out.edits.extend(self._gaps(doc, ctx.config, out.findings))
        out.edits = _drop_overlaps(out.edits)
        return out

    # -- paragraphs and blank lines ----------------------------------------------------------
    def _gaps(self, doc: Document, config: Config, findings: list[Finding]) -> list[Edit]:
        cfg = config.layout
        text = doc.text
        blocks = doc.blocks
        edits: list[Edit] = []
        if not blocks:
            if cfg.collapse_blank_lines and text:
                edits.append(self.edit(doc, 0, len(text), "", "blank-lines", "a text of whitespace only"))
            return edits
        ends = [b.start + len(b.text.rstrip()) for b in blocks]
        starts = [b.start + len(b.text) - len(b.text.lstrip()) for b in blocks]
        joins = self._joins(doc, ends, starts, findings) if cfg.join_broken_paragraphs else {}
        if cfg.collapse_blank_lines:
            if starts[0] > 0:
                edits.append(self.edit(doc, 0, starts[0], "", "blank-lines",
                                       "blank lines or spaces before the first paragraph"))
            tail = text[ends[-1]:]
            if tail:
                keep = ("\r\n" if "\r\n" in tail else "\n") if "\n" in tail else ""
                if tail != keep:
                    edits.append(self.edit(doc, ends[-1], len(text), keep, "blank-lines",
                                           "blank lines or spaces after the last paragraph"))
        markdown = config.format == "markdown"
        for i in range(len(blocks) - 1):
            if i in joins:
                edits.append(joins[i])
                continue
            if not cfg.collapse_blank_lines:
                continue
            a, b = ends[i], blocks[i + 1].start
            gap = text[a:b]
            n = gap.count("\n")
            if markdown and n == 1:
                continue  # two trailing spaces are a markdown line break
            keep = ("\r\n" if "\r\n" in gap else "\n") * min(n, 2)
            if gap == keep:
                continue
            if n > 2:
                edits.append(self.edit(doc, a, b, keep, "blank-lines",
                                       f"{n - 1} blank lines between paragraphs collapsed to one"))
            else:
                edits.append(self.edit(doc, a, b, keep, "trailing-space", "spaces at the end of a line"))
        return edits

    def _joins(self, doc: Document, ends: list[int], starts: list[int],
               findings: list[Finding]) -> dict[int, Edit]:
        """Gap index -> the edit joining the paragraphs on both sides of it."""
        rules = _rules()
        text = doc.text
        blocks = doc.blocks
        blank_sep = doc.blank_line_paragraphs
        broken: dict[int, Edit] = {}
        quoted: dict[int, Edit] = {}
        candidates: set[int] = set()
        breaks = wrapped = 0
        for i in range(len(blocks) - 1):
            if blank_sep and text.count("\n", ends[i], starts[i + 1]) < 2:
                continue  # a line break inside a paragraph, not a paragraph break
            breaks += 1
            p, q = blocks[i].stripped, blocks[i + 1].stripped
            if (p[-1].isalnum() or p[-1] == ",") and _LOWER_START.match(q):
                wrapped += 1
            mid = _breaks_mid_sentence(p, q, rules)
            quote = not mid and _quote_left_open(p) and _quote_closed_by(q)
            if not (mid or quote) or not self._joinable(p, q, rules):
                continue  # (the cheap tests first: most breaks end a sentence)
            if mid:
                candidates.add(i)
            else:
                reason = "quotation left open at a paragraph break and closed in the next paragraph"
                if _ends_sentence(p):
                    # A whole sentence, then a capital: a quotation may run over two paragraphs.
                    findings.append(self.finding(doc, ends[i], starts[i + 1], "open-quote",
                                                 reason + "; the first paragraph ends a sentence", 0.5, " "))
                else:
                    quoted[i] = self.edit(doc, ends[i], starts[i + 1], " ", "open-quote", reason, 0.85)
        # Backwards, so that a paragraph broken twice (`a` / `b` / `c.`) is one chain. A line
        # that starts in lowercase without continuing its predecessor is a list item: not joined.
        for i in sorted(candidates, reverse=True):
            q = blocks[i + 1].stripped
            if not (_ends_sentence(q) or i + 1 in broken):
                continue
            if _LOWER_START.match(blocks[i].stripped) and i - 1 not in candidates:
                continue
            broken[i] = self.edit(doc, ends[i], starts[i + 1], " ", "broken-paragraph",
                                  "paragraph ends without punctuation and the next starts in lowercase", 0.85)
        if wrapped >= rules.hardwrap_min and wrapped > rules.hardwrap_share * breaks:
            for e in broken.values():  # hard-wrapped on purpose: report, do not unwrap
                findings.append(Finding(self.name, e.rule, e.start, e.end, e.before,
                                        "line looks broken mid-sentence, but so do many others: "
                                        "the text seems hard-wrapped on purpose", 0.4, e.after))
            broken = {}
        broken.update(quoted)
        return broken

    @staticmethod
    def _joinable(p: str, q: str, rules: _Rules) -> bool:
        """Neither side is a heading, list item, byline, dateline or Q/A line."""
        if rules.never_join.match(p) or rules.never_join.match(q):
            return False
        words = p.split()
        if len(words) < rules.min_words:
            return False
        if len(words) <= rules.heading_max_words:
            cased = [w for w in words if w[:1].isalpha() and w.lower() not in rules.function_words]
            if cased and sum(w[0].isupper() for w in cased) >= rules.heading_capital_share * len(cased):
                return False
        return True

    # -- punctuation -------------------------------------------------------------------------
    def _punctuation(self, doc: Document, findings: list[Finding]) -> list[Edit]:
        rules = _rules()
        text = doc.text
        edits: list[Edit] = []
        if " " in text or "\t" in text or "\u00a0" in text:
            # French keeps its space before ; : ! ?: on a French page such a match is passed over, so the
            # language is asked only of a page that has one (tests check this against a French-only pattern).
            french: bool | None = None
            in_code = _CodeLines(text)
            for m in _SPACE_BEFORE.finditer(text):
                punct = text[m.end()]
                if punct in ".!?" and _LOWER_AFTER.match(text, m.end() + 1) is not None:
                    continue  # a mark standing alone mid-sentence is a symbol: "the ? operator", "from . import"
                if punct in ";:!?":
                    if french is None:
                        french = _looks_french(doc, rules)
                    if french:
                        continue
                if punct in ":;" and in_code(m.start()):
                    continue
                edits.append(self.edit(doc, m.start(), m.end(), "", "space-before-punct",
                                       f"space before {punct!r}", 0.9))
        if " ," in text:
            in_code = _CodeLines(text)
            for m in _COMMA_SWAPPED.finditer(text):
                if not in_code(m.start()):
                    edits.append(self.edit(doc, m.start(), m.end(), ", ", "comma-space",
                                           "space before a comma instead of after it", 0.9))
        for m in rules.glued_sentence.finditer(text):
            # The word before is a plain word in lower case or with one capital ("March.The"), not a domain, a
            # path, an abbreviation or code.
            word_start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            word = text[word_start:m.start()]
            if word.isalpha() and (word.islower() or word.istitle()):
                # Reported, not applied: splitting the word changes the text's tokens, and an aligned
                # reference (a translation, an annotation) keeps the glitch where it stands.
                findings.append(self.finding(doc, m.start(), m.end(), "glued-sentence",
                                             "no space after the full stop before "
                                             f"{text[m.end():m.end() + 12].split()[0]!r}: two sentences glued together",
                                             0.6, ". "))
        if "-" in text:
            edits.extend(self._hyphens(doc, rules, findings))
        if ".," in text:
            for m in _PERIOD_COMMA.finditer(text):
                word = m.group(1).lower()
                if word in rules.abbreviations or zipf(word) < rules.period_comma_min_zipf:
                    continue  # `Rd.,` `usw.,` `Epiz.,`: an abbreviation we do not know, not a typo
                edits.append(self.edit(doc, m.end() - 1, m.end(), "", "doubled-punct",
                                       "comma after a full stop", 0.9))
        if any(gap in text for gap in _BRACKET_GAPS):
            edits.extend(self._bracket_spaces(doc, rules))
        if ",," in text:
            for m in _COMMA_COMMA.finditer(text):
                edits.append(self.edit(doc, m.start(), m.end(), ",", "doubled-punct", "doubled comma", 0.9))
        if ",." in text:
            for m in _COMMA_PERIOD.finditer(text):
                edits.append(self.edit(doc, m.start(), m.end(), ".", "doubled-punct",
                                       "comma before a full stop", 0.9))
        return edits

    def _bracket_spaces(self, doc: Document, rules: _Rules) -> list[Edit]:
        """The spaces just inside a round bracket that holds prose (layout.toml [brackets])."""
        edits = []
        for m in _SPACED_BRACKET.finditer(doc.text):
            inside = m.group(1)
            core = inside.strip(_BRACKET_PAD)
            if not rules.bracket_prose.fullmatch(core):
                continue
            lead = len(inside) - len(inside.lstrip(_BRACKET_PAD))
            trail = len(inside) - len(inside.rstrip(_BRACKET_PAD))
            if lead:
                edits.append(self.edit(doc, m.start(1), m.start(1) + lead, "", "bracket-space",
                                       "space after an opening bracket", 0.9))
            if trail:
                edits.append(self.edit(doc, m.end(1) - trail, m.end(1), "", "bracket-space",
                                       "space before a closing bracket", 0.9))
        return edits

    def _hyphens(self, doc: Document, rules: _Rules, findings: list[Finding]) -> list[Edit]:
        words = english()
        edits = []
        text = doc.text
        for m in _HYPHEN_GAP.finditer(text):
            a, b = m.span()
            lm = _LEFT_WORD.search(text, max(a - 25, 0), a)
            rm = _RIGHT_WORD.match(text, b, min(b + 25, len(text)))
            if lm is None or rm is None or (rm.end() < len(text) and text[rm.end()] in "-"):
                continue
            left, right = lm.group(), rm.group()
            if right in rules.suspended:
                continue  # `pre- and post-war`
            compound = f"{left}-{right}"
            known = compound in words
            info = words.get(right)
            prefixed = left in rules.prefixes and info is not None and info.zipf >= rules.hyphen_min_zipf
            if known or prefixed:
                edits.append(self.edit(doc, a, b, "-", "hyphen-space",
                                       f"stray space in the hyphenated word {compound!r}", 0.9))
            elif info is not None and words.get(left) is not None:
                findings.append(self.finding(doc, lm.start(), rm.end(), "hyphen-space",
                                             f"{left!r} and {right!r} may be one hyphenated word, "
                                             "or the hyphen may be a dash", 0.3, compound))
        return edits


class _CodeLines:
    """Whether the line holding a position looks like program code, asked of positions in increasing order
    (a scan of matches): each line is looked at once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_end = -1
        self.code = False

    def __call__(self, pos: int) -> bool:
        if pos >= self.line_end:
            text = self.text
            a = text.rfind("\n", 0, pos) + 1
            b = text.find("\n", pos)
            self.line_end = len(text) if b < 0 else b
            self.code = _CODE_LINE.search(text, a, self.line_end) is not None
        return self.code


def _breaks_mid_sentence(p: str, q: str, rules: _Rules) -> bool:
    """``p`` stops mid-sentence and ``q`` carries on; short lines are list items, not sentences."""
    if not (p[-1].isalnum() or p[-1] == ",") or len(p.split()) < rules.broken_min_words:
        return False
    return _LOWER_START.match(q) is not None


def _ends_sentence(q: str) -> bool:
    """The continuation must finish the sentence: list items and menu entries do not."""
    q = q.rstrip("\"'”’»)]")
    return q.endswith((".", "!", "?")) and not q.endswith("..")


def _quote_depth(s: str, depth: int = 0) -> tuple[int, bool | None]:
    """Quotation depth after ``s`` starting at ``depth``; and whether the first mark was a closer."""
    first_closer: bool | None = None
    for m in _QUOTE_MARK.finditer(s):
        i, ch = m.start(), m.group()
        if ch == '"':
            prev = s[i - 1] if i else " "
            opener = prev.isspace() or prev in _OPENER_CONTEXT
        else:
            opener = ch in "“«"
        if first_closer is None:
            first_closer = not opener
        depth = depth + 1 if opener else max(depth - 1, 0)
    return depth, first_closer


_OPENING_QUOTES = '"“«'


def _quote_left_open(p: str) -> bool:
    """A paragraph that is nothing but the first sentence of a quotation, left open.

    Long quotations legitimately run over several paragraphs without re-opening
    the quote in some languages' conventions (and their translations); a split
    *inside* a quote leaves a lone opening sentence behind, which is what we join.
    """
    if p[0] not in _OPENING_QUOTES or p[-1] == ",":  # a comma at the end: verse, not a split quotation
        return False
    if "„" in p:  # German quotes close with “: the count says nothing
        return False
    return _quote_depth(p)[0] > 0 and len(split_sentences(p)) == 1


def _quote_closed_by(q: str) -> bool:
    if q[0] in _DOUBLE_QUOTES or q[-1] not in _CLOSING or "„" in q:
        return False
    depth, first_closer = _quote_depth(q, 1)
    return bool(first_closer) and depth == 0


def _looks_french(doc: Document, rules: _Rules) -> bool:
    if doc.lang:
        return doc.lang.split("-")[0].lower() == "fr"
    words = _LETTERS.findall(doc.text[:20000].lower())
    if not words:
        return False
    return sum(map(rules.french.__contains__, words)) >= rules.french_share * len(words)


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    """Keep the first of overlapping edits (the pipeline would refuse the others anyway)."""
    kept: list[Edit] = []
    end = -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < end or (kept and e.start == e.end == kept[-1].end):
            continue
        kept.append(e)
        end = e.end
    return kept
