"""HTML rendering of results: the notebook display of a Result and the review page.

The text is shown as it was, with deletions struck through and insertions
marked, each change carrying its stage and reason on hover. One renderer serves
the notebook (``Result._repr_html_``) and the ``--html`` review page.
"""

from __future__ import annotations

import html
from typing import Iterable

from ..edits import Edit, Result, group_steps

__all__ = ["render_result", "render_page"]

_STYLE = """
.textfix-doc{font-family:Georgia,serif;line-height:1.5;white-space:pre-wrap;max-width:60em}
.textfix-doc del{background:#fdd;color:#900}
.textfix-doc ins{background:#dfd;color:#060;text-decoration:none}
.textfix-head{font-family:sans-serif;font-size:90%;color:#444;margin:.3em 0}
"""


def _original_coordinates(result: Result) -> list[tuple[int, int, Edit]]:
    """Every edit as a span of the *original* text, where it can be placed exactly.

    Edits of later steps index a text that earlier steps already changed; we map
    them back through the earlier steps. An edit touching text that an earlier
    step inserted is placed at the start of that insertion.
    """
    placed: list[tuple[int, int, Edit]] = []
    steps = list(group_steps(result.edits))
    # For each step, the list of (new_start, new_end, old_start, old_end) of its edits.
    maps: list[list[tuple[int, int, int, int]]] = []
    for group in steps:
        shift = 0
        m = []
        for e in group:
            m.append((e.start + shift, e.start + shift + len(e.after), e.start, e.end))
            shift += len(e.after) - (e.end - e.start)
        maps.append(m)

    def back(pos: int, upto: int) -> int:
        for m in reversed(maps[:upto]):
            delta = 0
            for ns, ne, os_, oe in m:
                if pos < ns:
                    break
                if pos < ne:
                    pos = os_ - delta
                    delta = 0
                    break
                delta = ne - oe
            else:
                pass
            pos -= delta
        return pos

    for i, group in enumerate(steps):
        for e in group:
            placed.append((back(e.start, i), back(e.end, i), e))
    return placed


def render_result(result: Result, title: str | None = None) -> str:
    """An HTML fragment: the original text with every change marked in place."""
    original = result.original()
    placed = sorted(_original_coordinates(result), key=lambda t: (t[0], t[1]))
    out = [f"<style>{_STYLE}</style>"]
    counts: dict[str, int] = {}
    for e in result.edits:
        counts[e.stage] = counts.get(e.stage, 0) + 1
    head = ", ".join(f"{k}: {v}" for k, v in counts.items()) or "no changes"
    if result.duplicate_of:
        head += f"; dropped as a near-duplicate of {result.duplicate_of}"
    out.append(f'<div class="textfix-head">{html.escape(title or result.id)} — {html.escape(head)}</div>')
    out.append('<div class="textfix-doc">')
    pos = 0
    for start, end, e in placed:
        if start < pos:  # a change inside an earlier change: shown by the outer one
            start = pos
            end = max(end, pos)
        out.append(html.escape(original[pos:start]))
        tip = html.escape(f"{e.stage}/{e.rule}: {e.reason} (confidence {e.confidence:.2f})", quote=True)
        if end > start:
            out.append(f'<del data-stage="{e.stage}" title="{tip}">{html.escape(original[start:end])}</del>')
        if e.after:
            out.append(f'<ins data-stage="{e.stage}" title="{tip}">{html.escape(e.after)}</ins>')
        pos = max(pos, end)
    out.append(html.escape(original[pos:]))
    out.append("</div>")
    return "".join(out)


def render_page(items: Iterable[tuple[str, Result]]) -> str:
    """A self-contained review page (no network) for many documents."""
    body = []
    for name, result in items:
        body.append(f'<section class="textfix-item">{render_result(result, name)}</section><hr>')
    return ("<!doctype html><html><head><meta charset='utf-8'><title>textfix review</title></head><body>"
            + "".join(body) + "</body></html>")
