"""The ``encoding`` stage: mojibake, HTML entities and control characters, by ftfy.

ftfy decides what to fix; this stage turns each fix into an :class:`Edit` on
the smallest span that changed, with ftfy's own explanation as the reason, so
that encoding repairs are as reviewable (and reversible) as every other stage's.
Defaults are corpus-safe: curly quotes and character widths are kept.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from functools import lru_cache

import ftfy
import regex
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from ..config import EncodingConfig
from ..document import Document
from .base import Context, Proposal, Stage

# Lines made only of printable ASCII without '&' are left alone by every ftfy fixer
# we enable; skipping them keeps the common case fast.
_MAY_NEED_FTFY = regex.compile(r"[^\t\n\x20-\x25\x27-\x7e]")
_LINE = regex.compile(r"[^\n]*\n?")
# The characters each enabled ftfy fixer other than fix_encoding acts on, from ftfy's own tables:
# unescape_html (&), fix_c1_controls, fix_line_breaks, fix_surrogates, remove_terminal_escapes (ESC),
# remove_control_chars, fix_latin_ligatures.
_FIXER_TRIGGERS = regex.compile("[" + "".join(
    regex.escape(chr(c)) for c in sorted(
        {ord("&"), ord("\r"), 0x2028, 0x2029, 0x1B} | set(range(0x80, 0xA0)) | set(CONTROL_CHARS)
        | set(LIGATURES))) + "\ud800-\udfff]")
_MAX_DIFF = 4000  # above this, a changed span is reported as one edit rather than diffed
#: Lines up to this length (ftfy's own ``max_decode_length``) go to ftfy whole. A longer line is no
#: paragraph of prose: ftfy sees only the stretches around the characters it might change.
_WINDOW = 1_000_000
#: A place where no fix can span: a space after a printable ASCII character. Mojibake sequences and
#: HTML entities start with a character _MAY_NEED_FTFY finds and run on to such a place at most.
_CUT_BACK = regex.compile(r"(?r)[\x21-\x7e][ \t]")
_CUT = regex.compile(r"[\x21-\x7e][ \t]")
#: Characters ftfy might change closer than this to the end of a stretch join it.
_GAP = 64
#: ftfy's mojibake detector (``is_bad``) is one regular expression of some forty alternatives, tried at
#: every position of a line: on German and French prose it cost more than the rest of the stage. Each
#: alternative needs a non-ASCII character and matches at most this many characters, so a match lies
#: this close to a non-ASCII character, and searching only there gives is_bad's answer (tests check both
#: properties on the installed ftfy, and compare the answers).
_BADNESS_REACH = 7
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: The detector those properties were checked on; another ftfy's is asked whole (:func:`_is_bad`).
_BADNESS_CHECKED = "9dcc0f2ac90d9ae3c85eb7b9b2c0b8a8e8126153847c2b30c91a0bb263f3b8c4"


def ftfy_config(cfg: EncodingConfig) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=cfg.unescape_html,
        uncurl_quotes=cfg.uncurl_quotes,
        fix_character_width=cfg.fix_character_width,
        normalization=cfg.normalization,
        remove_control_chars=cfg.remove_control_chars,
        explain=True,
    )


def _reason(steps) -> tuple[str, str]:
    """A rule id and a sentence from ftfy's explanation steps."""
    if not steps:
        return "ftfy", "ftfy normalised the text"
    names = []
    parts = []
    for kind, what in steps:
        if kind == "encode":
            parts.append(f"re-encoded as {what}")
            names.append("mojibake")
        elif kind == "decode":
            parts.append(f"decoded as {what}")
            names.append("mojibake")
        elif kind == "transcode":
            parts.append(f"transcoded ({what})")
            names.append(what)
        elif kind == "apply":
            parts.append(what.replace("_", " "))
            names.append(what)
        elif kind == "normalize":
            parts.append(f"Unicode {what} normalisation")
            names.append(f"normalize-{what}")
        else:
            parts.append(f"{kind} {what}")
            names.append(str(what))
    rule = "mojibake" if "mojibake" in names else names[0]
    return rule.replace("_", "-"), "ftfy: " + ", then ".join(parts)


class Encoding(Stage):
    name = "encoding"
    summary = "mojibake, HTML entities and control characters (ftfy, with corpus-safe defaults)"
    # ftfy.fix_and_explain loops until its own output is a fixed point, line by line.
    idempotent = True
    # A line is fixed in bounded windows (as ftfy.fix_text does), so its cost stays linear.
    huge_paragraphs = True

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg = ctx.config.encoding
        text = doc.text
        if not _MAY_NEED_FTFY.search(text):
            return Proposal()
        fcfg = ftfy_config(cfg)
        out = Proposal()
        for m in _LINE.finditer(text):
            line = m.group()
            if not line or (_leaves_line_alone(line) if len(line) <= _MEMO_CHARS else ftfy_leaves_alone(line)):
                continue
            for offset, window in _windows(line, m.start()):
                fixed, steps = ftfy.fix_and_explain(window, fcfg)
                if fixed == window:
                    continue
                rule, reason = _reason(steps)
                for a, b, after in _changed_spans(window, fixed):
                    out.edits.append(self.edit(doc, offset + a, offset + b, after, rule, reason, 0.95))
        return out


_MEMO_CHARS = 2000


@lru_cache(maxsize=1 << 14)
def _leaves_line_alone(line: str) -> bool:
    """:func:`ftfy_leaves_alone`, memoised for lines of prose length: the same line comes back in the
    next round of the pipeline (the text changed elsewhere) and on every page of a site."""
    return ftfy_leaves_alone(line)


def ftfy_leaves_alone(text: str) -> bool:
    """True when ``ftfy.fix_and_explain`` (with our config) would return ``text`` unchanged.

    Built from ftfy's own tests, cheapest first: printable ASCII without '&' is
    left alone by every fixer; otherwise no fixer's trigger character, already
    NFC, and ftfy's mojibake detector (``is_bad``, which ``fix_encoding`` asks
    first) sees nothing. Most non-English lines pass here without running the
    fixers twice (ftfy loops until a round changes nothing).
    """
    if not _MAY_NEED_FTFY.search(text):
        return True
    if _FIXER_TRIGGERS.search(text) or not unicodedata.is_normalized("NFC", text):
        return False
    return not _is_bad(text)


def _near_non_ascii_is_bad(text: str) -> bool:
    """ftfy's ``is_bad``, searched only within reach of the non-ASCII characters (:data:`_BADNESS_REACH`)."""
    search = BADNESS_RE.search
    reach = _BADNESS_REACH
    lo = hi = -1  # the stretch to search: every match around the non-ASCII characters seen so far
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if hi < 0 or i - reach >= hi:  # (no overlap: search the last stretch, start a new one)
            if hi >= 0 and search(text, lo, hi) is not None:
                return True
            lo = max(i - reach + 1, 0)
        hi = i + reach
    return hi >= 0 and search(text, lo, hi) is not None


_is_bad = _near_non_ascii_is_bad if hashlib.sha256(
    BADNESS_RE.pattern.encode()).hexdigest() == _BADNESS_CHECKED else is_bad


def _windows(line: str, start: int):
    """``line`` (at ``start`` in the text) as the pieces ftfy should see.

    A line of normal length is one piece. A line longer than ``_WINDOW``
    (a dump, not prose: one of 100 MB took minutes whole) is cut into the
    stretches around the characters ftfy might change, each starting and
    ending where no fix can span and none longer than about ``_WINDOW``; the
    printable ASCII between them is what every ftfy fixer leaves alone.
    The cuts depend on the text near them only, so cleaning is deterministic.
    """
    if len(line) <= _WINDOW:
        yield start, line
        return
    pos = 0
    while True:
        m = _MAY_NEED_FTFY.search(line, pos)
        if m is None:
            return
        a = m.start()
        # Start after the last cut just before (the clean ASCII up to ``a`` could be cut anywhere).
        back = _CUT_BACK.search(line, max(pos, a - _GAP), a)
        a = back.end() if back is not None else a
        end = m.end()
        while True:
            limit = min(a + _WINDOW, len(line))  # no place to cut: ftfy.fix_text's hard cut
            cut = _CUT.search(line, end, limit) if end < limit else None
            end = cut.end() if cut is not None else max(limit, end)
            nxt = _MAY_NEED_FTFY.search(line, end, min(end + _GAP, len(line)))
            if nxt is None or end - a >= _WINDOW:
                break
            end = nxt.end()
        yield start + a, line[a:end]
        pos = end
        if pos >= len(line):
            return


def _changed_spans(old: str, new: str) -> list[tuple[int, int, str]]:
    """Minimal (start, end, replacement) spans turning ``old`` into ``new``."""
    p = 0
    n = min(len(old), len(new))
    while p < n and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and old[-1 - s] == new[-1 - s]:
        s += 1
    a_end, b_end = len(old) - s, len(new) - s
    if a_end - p > _MAX_DIFF or b_end - p > _MAX_DIFF:
        return [(p, a_end, new[p:b_end])]
    sm = difflib.SequenceMatcher(None, old[p:a_end], new[p:b_end], autojunk=False)
    spans = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            spans.append((p + i1, p + i2, new[p + j1:p + j2]))
    return _merge_close(spans, old)


def _merge_close(spans: list[tuple[int, int, str]], old: str) -> list[tuple[int, int, str]]:
    """Merge spans separated by fewer than 3 unchanged characters, so one fix reads as one edit."""
    merged: list[tuple[int, int, str]] = []
    for a, b, after in spans:
        if merged and a - merged[-1][1] < 3:
            pa, pb, pafter = merged[-1]
            merged[-1] = (pa, b, pafter + old[pb:a] + after)
        else:
            merged.append((a, b, after))
    return merged
