"""The `boilerplate` stage (not built yet: proposes nothing)."""

from __future__ import annotations

from ..document import Document
from .base import Context, Proposal, Stage


class Boilerplate(Stage):
    name = "boilerplate"
    summary = "not built yet"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        return Proposal()
