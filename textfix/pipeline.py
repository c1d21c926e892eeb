"""The pipeline: runs the enabled stages in their fixed order and alone applies edits.

No I/O happens here. ``Pipeline.run`` takes a Document and the corpus evidence
and returns a Result whose edits replay exactly onto the input. The whole
sequence of stages is repeated (at most ``config.max_rounds`` times) until a
round changes nothing, which is what makes ``clean(clean(x)) == clean(x)``.

Two things keep that loop cheap without changing any output:

* a later round skips a stage that already saw exactly this text and changed
  nothing (it would propose the same again: stages are pure functions of the
  text and the context), and a stage declaring ``idempotent`` that sees its own
  output;
* a paragraph (line) longer than :data:`MAX_PARAGRAPH_CHARS` is no paragraph a
  writer wrote: it is a dump or an attack, and rules tuned to prose can cost
  minutes and gigabytes on it. Stages that do not declare ``huge_paragraphs``
  are shown the document with each such line *masked* (replaced by one
  placeholder character, :data:`MASK`); what they propose on the rest is mapped
  back to the real offsets, anything touching the mask is dropped, and a
  finding says why the line was left alone. Output stays deterministic and
  idempotent (the mask depends on the line's length alone), and text below the
  limit is processed exactly as before.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterable, Mapping

import regex

from .config import Config
from .document import Document
from .edits import Edit, Finding, Result
from .language import document_language
from .lexicon import Lexicon
from .stages import STAGES, Context, Proposal, Stage

__all__ = ["Pipeline", "MAX_PARAGRAPH_CHARS", "MASK"]

#: Lines longer than this (characters) are masked from stages that do not declare ``huge_paragraphs``.
MAX_PARAGRAPH_CHARS = 1_000_000
#: What a masked line looks like to those stages: U+FFFC OBJECT REPLACEMENT CHARACTER.
MASK = "\ufffc"


class Pipeline:
    """The configured sequence of stages. Cheap to build, safe to pickle and share."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.stages: list[Stage] = [STAGES[name]() for name in self.config.enabled_stages]

    def __reduce__(self):
        return (type(self), (self.config,))

    def observe(self, doc: Document) -> dict[str, Counter]:
        """Pass 1: this document's contribution to the corpus evidence."""
        merged: dict[str, Counter] = {}
        masked = _Masked.of(doc)
        for stage in self.stages:
            view = masked.doc if masked is not None and not stage.huge_paragraphs else doc
            for namespace, counter in stage.observe(view, self.config).items():
                merged.setdefault(namespace, Counter()).update(counter)
        return merged

    def run(self, doc: Document, lexicon: Lexicon | None = None,
            own: Mapping[str, Counter] | None = None) -> Result:
        """Clean one document, given the corpus evidence (``own``: its share of it)."""
        if lexicon is not None and own is None:
            own = self.observe(doc)
        ctx = Context(self.config, lexicon or Lexicon(), own or {})
        original = doc.text
        edits: list[Edit] = []
        findings: list[Finding] = []
        labels: dict[str, Any] = {}
        step = 0
        rounds = 0
        doc_lang = doc.lang or (document_language(doc) if any(s.languages for s in self.stages) else None)
        # Per stage: the text it last saw, whether it changed it, and the text it produced.
        seen: list[tuple[str | None, bool, str | None]] = [(None, False, None)] * len(self.stages)
        masked: _Masked | None = None
        masked_text: str | None = None
        for rounds in range(1, self.config.max_rounds + 1):
            changed = False
            for i, stage in enumerate(self.stages):
                step += 1
                if stage.languages and doc_lang is not None and doc_lang not in stage.languages:
                    continue
                saw, did, made = seen[i]
                if (saw is not None and not did and saw == doc.text) or (
                        stage.idempotent and made is not None and made == doc.text):
                    continue  # it would propose exactly what it proposed then
                view = doc
                if not stage.huge_paragraphs and len(doc.text) > MAX_PARAGRAPH_CHARS:
                    if masked_text is not doc.text:
                        masked, masked_text = _Masked.of(doc), doc.text
                    if masked is not None:
                        view = masked.doc
                try:
                    proposal = stage.propose(view, ctx)
                except Exception as exc:  # a stage bug must not lose the document
                    findings.append(Finding(stage.name, "internal-error", 0, 0, "",
                                            f"stage failed and was skipped: {type(exc).__name__}: {exc}",
                                            0.0, None, step))
                    continue
                if view is not doc:
                    proposal = masked.unmask(proposal, stage)
                labels.update(proposal.labels)
                accepted, rejected = _validate(doc.text, proposal.edits)
                findings.extend(replace(f, step=step) for f in proposal.findings)
                findings.extend(_conflict_finding(e, step) for e in rejected)
                before = doc.text
                if accepted:
                    accepted = [replace(e, step=step) for e in accepted]
                    edits.extend(accepted)
                    doc = doc.with_text(_apply(doc.text, accepted))
                    changed = True
                seen[i] = (before, bool(accepted), doc.text)
            if not changed or rounds == self.config.max_rounds:
                break
            # Later rounds must not report again what an earlier round already reported.
            findings = _dedupe_findings(findings)
        result = Result(doc.text, edits, _dedupe_findings(findings), {}, doc.id,
                        labels.pop("lang", doc.lang), None, dict(doc.metadata))
        result.stats = _stats(original, result, rounds, labels)
        return result


class _Masked:
    """A document with its over-long lines replaced by :data:`MASK`, and the way back."""

    def __init__(self, doc: Document, spans: list[tuple[int, int]]) -> None:
        self.original = doc
        self.spans = spans
        parts: list[str] = []
        pos = 0
        self.view_starts: list[int] = []  # where each mask sits in the view
        self.shifts: list[int] = []  # characters removed before the end of each mask
        removed = 0
        for a, b in spans:
            parts.append(doc.text[pos:a])
            self.view_starts.append(a - removed)
            parts.append(MASK)
            removed += (b - a) - len(MASK)
            self.shifts.append(removed)
            pos = b
        parts.append(doc.text[pos:])
        self.doc = doc.with_text("".join(parts))

    @classmethod
    def of(cls, doc: Document) -> "_Masked | None":
        """The masked view of ``doc``, or None when no line is over the limit."""
        text = doc.text
        if len(text) <= MAX_PARAGRAPH_CHARS:
            return None
        spans = []
        for m in _huge_line(MAX_PARAGRAPH_CHARS).finditer(text):
            end = text.find("\n", m.end())
            spans.append((m.start(), len(text) if end < 0 else end))
        return cls(doc, spans) if spans else None

    def _map(self, start: int, end: int) -> tuple[int, int] | None:
        """View offsets -> original offsets; None when the span touches a mask."""
        i = bisect.bisect_right(self.view_starts, start) - 1  # the last mask starting at or before start
        if i >= 0 and start == end == self.view_starts[i]:
            i -= 1  # an insertion just before the mask
        elif i >= 0 and start < self.view_starts[i] + len(MASK):
            return None
        j = i + 1
        if j < len(self.view_starts) and end > self.view_starts[j]:
            return None
        shift = self.shifts[i] if i >= 0 else 0
        return start + shift, end + shift

    def unmask(self, proposal: Proposal, stage: Stage) -> Proposal:
        out = Proposal(labels=proposal.labels)
        for e in proposal.edits:
            span = self._map(e.start, e.end)
            if span is not None:
                out.edits.append(replace(e, start=span[0], end=span[1]))
        for f in proposal.findings:
            span = self._map(f.start, f.end)
            if span is not None:
                out.findings.append(replace(f, start=span[0], end=span[1]))
        text = self.original.text
        for a, b in self.spans:
            out.findings.append(Finding(
                stage.name, "huge-paragraph", a, a + 80, text[a:a + 80],
                f"a line of {b - a} characters (over {MAX_PARAGRAPH_CHARS}) is no paragraph of prose: "
                f"this stage left it alone", 1.0))
        return out


@lru_cache(maxsize=4)
def _huge_line(limit: int) -> regex.Pattern:
    # Anchored at line starts: a line shorter than the limit costs its own length, once.
    return regex.compile(r"(?m)^[^\n]{%d}" % (limit + 1))


def _validate(text: str, edits: Iterable[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Keep edits that fit the text and do not overlap (first come, first kept)."""
    accepted: list[Edit] = []
    rejected: list[Edit] = []
    end = -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.before == e.after:
            continue
        fits = 0 <= e.start <= e.end <= len(text) and text[e.start:e.end] == e.before
        if not fits or e.start < end or (e.start == e.end and e.start == end and accepted):
            rejected.append(e)
            continue
        accepted.append(e)
        end = e.end
    return accepted, rejected


def _apply(text: str, edits: list[Edit]) -> str:
    out = []
    pos = 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _conflict_finding(e: Edit, step: int) -> Finding:
    return Finding(e.stage, e.rule, e.start, e.end, e.before,
                   f"not applied: overlaps another edit of the same stage ({e.reason})",
                   e.confidence, e.after, step)


def _dedupe_findings(findings: list[Finding]) -> list[Finding]:
    """A later round's report of what an earlier round reported goes; one step's reports all stay (the same
    text at two places of the document is two findings)."""
    first_step: dict[tuple, int] = {}
    out = []
    for f in findings:
        key = (f.stage, f.rule, f.text, f.suggestion)
        if first_step.setdefault(key, f.step) == f.step:
            out.append(f)
    return out


def _stats(original: str, result: Result, rounds: int, labels: Mapping[str, Any]) -> dict[str, Any]:
    per_stage: dict[str, dict[str, int]] = {}
    for e in result.edits:
        s = per_stage.setdefault(e.stage, {"edits": 0, "chars_removed": 0, "chars_added": 0})
        s["edits"] += 1
        s["chars_removed"] += len(e.before)
        s["chars_added"] += len(e.after)
    stats: dict[str, Any] = {"chars_in": len(original), "chars_out": len(result.text),
                             "edits": len(result.edits), "findings": len(result.findings),
                             "rounds": rounds, "stages": per_stage}
    stats.update(labels)
    return stats
