"""The `casing` stage (not built yet: proposes nothing)."""

from __future__ import annotations

from ..document import Document
from .base import Context, Proposal, Stage


class Casing(Stage):
    name = "casing"
    summary = "not built yet"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        return Proposal()
