"""Edits, findings and results: the record of everything textfix did to a text.

Stages never change text themselves. They *propose* :class:`Edit` objects on the
text they were shown; the pipeline applies them. An edit carries everything
needed to explain it (stage, rule, reason, confidence) and to undo it (its
offsets and the exact text it replaced), so that

* ``apply_edits(original, result.edits) == result.text`` and
* ``unapply_edits(result.text, result.edits) == original``

hold for every input. Edits are grouped in *steps*: every edit of one step has
offsets into the text as it was when that step began, and steps are applied in
order. One step is one stage in one round of the pipeline.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

__all__ = ["Edit", "Finding", "Result", "apply_edits", "unapply_edits", "group_steps"]


@dataclass(frozen=True)
class Edit:
    """One replacement of ``text[start:end]`` (which equals ``before``) by ``after``.

    ``start`` and ``end`` index the text as it was at the beginning of ``step``.
    A deletion has ``after == ""``; an insertion has ``start == end``.
    """

    stage: str
    rule: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float = 1.0
    step: int = 0

    @property
    def kind(self) -> str:
        if not self.after:
            return "delete"
        if not self.before:
            return "insert"
        return "replace"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Edit":
        return cls(**{k: d[k] for k in ("stage", "rule", "start", "end", "before", "after", "reason")},
                   confidence=float(d.get("confidence", 1.0)), step=int(d.get("step", 0)))


@dataclass(frozen=True)
class Finding:
    """Something a stage noticed but did not change: do no harm when unsure.

    Offsets index the text as it was at the beginning of ``step``.
    """

    stage: str
    rule: str
    start: int
    end: int
    text: str
    reason: str
    confidence: float = 0.5
    suggestion: str | None = None
    step: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Finding":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def group_steps(edits: Iterable[Edit]) -> Iterator[list[Edit]]:
    """Yield the edits of each step, in step order, each group sorted by offset."""
    groups: dict[int, list[Edit]] = {}
    for e in edits:
        groups.setdefault(e.step, []).append(e)
    for step in sorted(groups):
        yield sorted(groups[step], key=lambda e: (e.start, e.end))


def _apply_group(text: str, group: Sequence[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for e in group:
        if e.start < pos or e.end > len(text) or text[e.start:e.end] != e.before:
            raise ValueError(f"edit does not fit the text: {e.stage}/{e.rule} at {e.start}:{e.end}")
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay ``edits`` on ``text``, step by step. Raises ValueError if they do not fit."""
    for group in group_steps(edits):
        text = _apply_group(text, group)
    return text


def unapply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Undo ``edits`` on the text they produced: recover the original byte for byte."""
    for group in reversed(list(group_steps(edits))):
        inverse = []
        shift = 0
        for e in group:
            start = e.start + shift
            inverse.append(Edit(e.stage, e.rule, start, start + len(e.after), e.after, e.before,
                                e.reason, e.confidence, e.step))
            shift += len(e.after) - (e.end - e.start)
        text = _apply_group(text, inverse)
    return text


@dataclass
class Result:
    """The cleaned text and the proof of every change.

    ``duplicate_of`` is set when a corpus run decided this whole document is a
    near-duplicate of another one (it is then not written by the CLI).
    """

    text: str
    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    lang: str | None = None
    duplicate_of: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    @property
    def dropped(self) -> bool:
        return self.duplicate_of is not None

    def original(self) -> str:
        """The input text, rebuilt from the output and the edits."""
        return unapply_edits(self.text, self.edits)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by the CLI's ``--report`` (one line per document)."""
        d: dict[str, Any] = {"id": self.id, "lang": self.lang, "changed": self.changed,
                             "edits": [e.to_dict() for e in self.edits],
                             "findings": [f.to_dict() for f in self.findings],
                             "stats": self.stats}
        if self.duplicate_of is not None:
            d["duplicate_of"] = self.duplicate_of
        if self.metadata:
            d["metadata"] = self.metadata
        return d

    def explain(self) -> str:
        """Each edit in readable form: stage, rule, before -> after, why."""
        if not self.edits and not self.findings and not self.duplicate_of:
            return "no changes"
        lines = []
        if self.duplicate_of:
            lines.append(f"dropped: near-duplicate of {self.duplicate_of}")
        for e in self.edits:
            lines.append(f"[{e.stage}/{e.rule}] {_short(e.before)!r} -> {_short(e.after)!r}  "
                         f"({e.reason}; confidence {e.confidence:.2f})")
        for f in self.findings:
            sug = f" suggest {f.suggestion!r}" if f.suggestion else ""
            lines.append(f"[{f.stage}/{f.rule}] noticed {_short(f.text)!r}{sug}  ({f.reason}; not changed)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        from .io.review import render_result  # the review page and the notebook share one renderer

        return render_result(self)


def _short(s: str, n: int = 80) -> str:
    return s if len(s) <= n else s[: n // 2 - 2] + " … " + s[-(n // 2 - 2):]
