"""The per-document stages, one module each, in the pipeline's fixed order.

``STAGES`` maps a stage name to its class. The order in which stages run is
``textfix.config.STAGE_ORDER``; callers switch stages on and off but never
reorder them (names after casing, nothing repaired that is about to be deleted).
"""

from __future__ import annotations

from .base import Context, Proposal, Stage
from .boilerplate import Boilerplate
from .casing import Casing
from .encoding import Encoding
from .langid import Langid
from .layout import Layout
from .markup import Markup
from .names import Names
from .repeats import Repeats

__all__ = ["STAGES", "Stage", "Context", "Proposal"]

STAGES: dict[str, type[Stage]] = {
    cls.name: cls for cls in (Encoding, Markup, Layout, Boilerplate, Repeats, Casing, Names, Langid)
}
