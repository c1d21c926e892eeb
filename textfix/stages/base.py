"""The one small interface every stage implements.

A stage is told a :class:`~textfix.document.Document` and a
:class:`Context` (the run's config, and the corpus evidence) and returns a
:class:`Proposal`: edits it wants applied and findings it only reports. It never
changes the document itself; the pipeline validates and applies proposals, so a
stage cannot corrupt the record of changes, and stages stay easy to test alone.

Stages that learn from the whole corpus also implement :meth:`Stage.observe`,
which returns counters for pass 1 (see :mod:`textfix.lexicon`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

from ..config import Config
from ..document import Document
from ..edits import Edit, Finding
from ..lexicon import Lexicon

__all__ = ["Stage", "Context", "Proposal"]


@dataclass(frozen=True)
class Context:
    """What a stage may read besides the document: settings and corpus evidence.

    ``lexicon`` is the evidence of the whole corpus (empty for a single
    document) and ``own`` this document's share of it. A document must not be
    its own corpus evidence (a line found once, in one document, is not "seen
    across the corpus"), so stages read corpus evidence through
    :meth:`corpus_count`, which leaves the document itself out.
    """

    config: Config
    lexicon: Lexicon = field(default_factory=Lexicon)
    own: Mapping[str, Counter] = field(default_factory=dict)

    @property
    def corpus_docs(self) -> int:
        """How many *other* documents the corpus evidence comes from."""
        return max(self.lexicon.n_docs - (1 if self.own else 0), 0)

    def corpus_count(self, namespace: str, key: object) -> int:
        """Count of ``key`` in the corpus, this document's own observations left out."""
        total = self.lexicon.counters.get(namespace)
        if not total:
            return 0
        own = self.own.get(namespace)
        return total.get(key, 0) - (own.get(key, 0) if own else 0)


@dataclass
class Proposal:
    """What a stage wants: edits to apply, findings to report, labels for the document."""

    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: Document-level labels (``{"lang": "en"}``); they land in ``Result.lang`` / ``Result.stats``.
    labels: dict[str, Any] = field(default_factory=dict)


class Stage:
    """Base class. Subclasses set ``name`` and ``summary`` and implement ``propose``."""

    #: The stage's name, as used by ``--only``/``--skip`` and in every edit it makes.
    name: ClassVar[str] = ""
    #: One line on what the stage repairs, shown by ``textfix stages``.
    summary: ClassVar[str] = ""
    #: The languages whose text the stage may change (None: any). The pipeline skips the stage on
    #: a document whose function words clearly say another language, so English-only rules
    #: never touch German or Russian text.
    languages: ClassVar[tuple[str, ...] | None] = None
    #: True when the stage's output is always a fixed point of the stage itself (it would propose
    #: nothing on the text it just produced). The pipeline then skips it in a later round whose text
    #: is exactly its own output. Declare it only when it holds by construction.
    idempotent: ClassVar[bool] = False
    #: True when the stage stays fast and small on a paragraph of any length (see
    #: ``textfix.pipeline.MAX_PARAGRAPH_CHARS``). Other stages are shown such a paragraph masked.
    huge_paragraphs: ClassVar[bool] = False

    def observe(self, doc: Document, config: Config) -> Mapping[str, Counter]:
        """Corpus pass 1: counters this document contributes to the shared evidence."""
        return {}

    def propose(self, doc: Document, ctx: Context) -> Proposal:  # pragma: no cover - abstract
        raise NotImplementedError

    # Helpers so that stages build edits and findings the same way.
    def edit(self, doc: Document, start: int, end: int, after: str, rule: str, reason: str,
             confidence: float = 1.0) -> Edit:
        return Edit(self.name, rule, start, end, doc.text[start:end], after, reason, confidence)

    def finding(self, doc: Document, start: int, end: int, rule: str, reason: str,
                confidence: float = 0.5, suggestion: str | None = None) -> Finding:
        return Finding(self.name, rule, start, end, doc.text[start:end], reason, confidence, suggestion)

    def __reduce__(self):  # stages are stateless apart from their class: pickle by class
        return (type(self), ())
