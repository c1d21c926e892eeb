"""The pipeline: runs the enabled stages in their fixed order and alone applies edits.

No I/O happens here. ``Pipeline.run`` takes a Document and the corpus evidence
and returns a Result whose edits replay exactly onto the input. The whole
sequence of stages is repeated (at most ``config.max_rounds`` times) until a
round changes nothing, which is what makes ``clean(clean(x)) == clean(x)``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any, Iterable, Mapping

from .config import Config
from .document import Document
from .edits import Edit, Finding, Result
from .language import document_language
from .lexicon import Lexicon
from .stages import STAGES, Context, Stage

__all__ = ["Pipeline"]


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
        for stage in self.stages:
            for namespace, counter in stage.observe(doc, self.config).items():
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
        for rounds in range(1, self.config.max_rounds + 1):
            changed = False
            for stage in self.stages:
                step += 1
                if stage.languages and doc_lang is not None and doc_lang not in stage.languages:
                    continue
                try:
                    proposal = stage.propose(doc, ctx)
                except Exception as exc:  # a stage bug must not lose the document
                    findings.append(Finding(stage.name, "internal-error", 0, 0, "",
                                            f"stage failed and was skipped: {type(exc).__name__}: {exc}",
                                            0.0, None, step))
                    continue
                labels.update(proposal.labels)
                accepted, rejected = _validate(doc.text, proposal.edits)
                findings.extend(replace(f, step=step) for f in proposal.findings)
                findings.extend(_conflict_finding(e, step) for e in rejected)
                if accepted:
                    accepted = [replace(e, step=step) for e in accepted]
                    edits.extend(accepted)
                    doc = doc.with_text(_apply(doc.text, accepted))
                    changed = True
            if not changed or rounds == self.config.max_rounds:
                break
            # Later rounds must not report again what an earlier round already reported.
            findings = _dedupe_findings(findings)
        result = Result(doc.text, edits, _dedupe_findings(findings), {}, doc.id,
                        labels.pop("lang", doc.lang), None, dict(doc.metadata))
        result.stats = _stats(original, result, rounds, labels)
        return result


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
    seen = set()
    out = []
    for f in findings:
        key = (f.stage, f.rule, f.text, f.suggestion)
        if key not in seen:
            seen.add(key)
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
