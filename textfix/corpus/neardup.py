"""Near-duplicate documents across a corpus (not built yet: finds none)."""

from __future__ import annotations

from typing import Sequence

from ..config import DedupConfig
from ..document import Document

__all__ = ["find_near_duplicates"]


def find_near_duplicates(docs: Sequence[Document], config: DedupConfig) -> dict[str, tuple[str, float]]:
    """Map each dropped document's id to (id of the kept document it duplicates, similarity)."""
    return {}
