"""The `layout` stage (not built yet: proposes nothing)."""

from __future__ import annotations

from ..document import Document
from .base import Context, Proposal, Stage


class Layout(Stage):
    name = "layout"
    summary = "not built yet"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        return Proposal()
