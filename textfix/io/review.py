"""HTML rendering of results: the notebook display of a Result and the review page.

The text is shown as it was, with deletions struck through and insertions
marked, each change carrying its stage and reason on hover. One renderer serves
the notebook (``Result._repr_html_``) and the ``--html`` review page. The page
is one self-contained file (inline style and script, nothing fetched), so it
can be mailed, archived, or opened on a machine without network.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from typing import Iterable

from ..edits import Edit, Result, group_steps

__all__ = ["render_result", "render_page"]

_STYLE = """
.textfix-doc{font-family:Georgia,serif;line-height:1.5;white-space:pre-wrap;max-width:60em}
.textfix-doc del{background:#fdd;color:#900}
.textfix-doc ins{background:#dfd;color:#060;text-decoration:none;border-bottom:1px solid #6a6}
.textfix-doc del.off{background:none;color:inherit;text-decoration:none}
.textfix-doc ins.off{display:none}
.textfix-head{font-family:sans-serif;font-size:90%;color:#444;margin:.3em 0}
.textfix-findings{font-family:sans-serif;font-size:85%;color:#555;margin:.3em 0 0 1em}
"""

_PAGE_STYLE = """
body{margin:1em 2em;font-family:sans-serif}
#textfix-filter{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.5em 0;z-index:1}
#textfix-filter label{margin-right:1em;white-space:nowrap}
section.textfix-item.off{display:none}
"""

# Unchecking a stage shows its spans as the original text (deletion kept, insertion hidden) and hides
# documents that only that stage changed. ``?stage=a,b`` preselects stages (used by the browser test).
_SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#textfix-filter input[data-stage]'));
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute('data-stage')] = b.checked; });
    document.querySelectorAll('.textfix-doc [data-stage]').forEach(function (el) {
      el.classList.toggle('off', !on[el.getAttribute('data-stage')]);
    });
    var shown = 0;
    document.querySelectorAll('section.textfix-item').forEach(function (s) {
      var stages = (s.getAttribute('data-stages') || '').split(' ').filter(Boolean);
      var visible = stages.length === 0 ? on['(unchanged)'] !== false
                                        : stages.some(function (x) { return on[x]; });
      s.classList.toggle('off', !visible);
      if (visible) { shown += 1; }
    });
    document.body.setAttribute('data-selected', boxes.filter(function (b) { return b.checked; })
      .map(function (b) { return b.getAttribute('data-stage'); }).join(','));
    document.getElementById('textfix-shown').textContent = String(shown);
  }
  var wanted = new URLSearchParams(window.location.search).get('stage');
  if (wanted !== null) {
    var set = wanted.split(',');
    boxes.forEach(function (b) { b.checked = set.indexOf(b.getAttribute('data-stage')) >= 0; });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
  document.body.setAttribute('data-ready', '1');
})();
"""

_ERRORS = """window.addEventListener('error', function (e) {
  document.documentElement.setAttribute('data-error', String(e.message));
});"""


def _original_coordinates(result: Result) -> list[tuple[int, int, Edit]]:
    """Every edit as a span of the *original* text.

    Edits of later steps index a text that earlier steps already changed; we map
    them back through the earlier steps. A position inside text an earlier step
    inserted maps to the start of that insertion.
    """
    steps = list(group_steps(result.edits))
    # For each step: (new_start, new_end, old_start, old_end) of its edits, in order.
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
            inside = False
            for ns, ne, os_, oe in m:
                if pos < ns:
                    break
                if pos < ne:
                    pos, inside = os_, True
                    break
                delta = ne - oe
            if not inside:
                pos -= delta
        return pos

    placed = []
    for i, group in enumerate(steps):
        for e in group:
            placed.append((back(e.start, i), back(e.end, i), e))
    return placed


def _stage_counts(result: Result) -> Counter:
    return Counter(e.stage for e in result.edits)


def render_result(result: Result, title: str | None = None, *, style: bool = True) -> str:
    """An HTML fragment: the original text with every change marked in place."""
    original = result.original()
    placed = sorted(_original_coordinates(result), key=lambda t: (t[0], t[1], t[2].step))
    out = [f"<style>{_STYLE}</style>"] if style else []
    counts = _stage_counts(result)
    head = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no changes"
    if result.findings:
        head += f"; {len(result.findings)} finding(s), not applied"
    if result.duplicate_of:
        head += f"; dropped as a near-duplicate of {result.duplicate_of}"
    out.append(f'<div class="textfix-head"><b>{html.escape(title or result.id or "text")}</b> — '
               f"{html.escape(head)}</div>")
    out.append('<div class="textfix-doc">')
    pos = 0
    for start, end, e in placed:
        tip = html.escape(f"{e.stage}/{e.rule}: {e.reason} (confidence {e.confidence:.2f})", quote=True)
        stage = html.escape(e.stage, quote=True)
        if start >= pos:
            out.append(html.escape(original[pos:start]))
            pos = end
        # else: the edit changes text an earlier step produced; shown right after it, as a chain.
        if e.before:
            out.append(f'<del data-stage="{stage}" title="{tip}">{html.escape(e.before)}</del>')
        if e.after:
            out.append(f'<ins data-stage="{stage}" title="{tip}">{html.escape(e.after)}</ins>')
    out.append(html.escape(original[pos:]))
    out.append("</div>")
    if result.findings:
        out.append('<ul class="textfix-findings">')
        for f in result.findings:
            sug = f" → {f.suggestion!r}" if f.suggestion else ""
            out.append(f"<li>[{html.escape(f.stage)}/{html.escape(f.rule)}] {html.escape(repr(f.text[:200]))}"
                       f"{html.escape(sug)}: {html.escape(f.reason)}</li>")
        out.append("</ul>")
    return "".join(out)


def render_page(items: Iterable[tuple[str, Result]]) -> str:
    """A self-contained review page (no network): every document, filterable by stage."""
    items = list(items)
    totals: Counter = Counter()
    docs_per_stage: Counter = Counter()
    body = []
    unchanged = 0
    for name, result in items:
        counts = _stage_counts(result)
        totals.update(counts)
        docs_per_stage.update(counts.keys())
        if not counts:
            unchanged += 1
        stages = html.escape(" ".join(sorted(counts)), quote=True)
        body.append(f'<section class="textfix-item" data-stages="{stages}">'
                    f"{render_result(result, name, style=False)}</section><hr>")
    boxes = []
    for stage, n in sorted(totals.items()):
        s = html.escape(stage, quote=True)
        boxes.append(f'<label><input type="checkbox" checked data-stage="{s}"> {html.escape(stage)} '
                     f'<span class="count" data-stage-count="{s}">{n}</span> edits in {docs_per_stage[stage]} '
                     "document(s)</label>")
    boxes.append(f'<label><input type="checkbox" checked data-stage="(unchanged)"> unchanged documents '
                 f'<span class="count">{unchanged}</span></label>')
    summary = (f"<h1>textfix review</h1><p>{len(items)} document(s), {sum(totals.values())} edit(s); "
               f'<span id="textfix-shown">{len(items)}</span> shown.</p>')
    return ("<!doctype html><html><head><meta charset='utf-8'><title>textfix review</title>"
            f"<script>{_ERRORS}</script><style>{_STYLE}{_PAGE_STYLE}</style></head><body>"
            + summary + '<div id="textfix-filter">' + "".join(boxes) + "</div>"
            + "".join(body)
            + f"<script>{_SCRIPT}</script>"
            + f"<script type='application/json' id='textfix-counts'>{_json_for_script(totals)}</script>"
            + "</body></html>")


def _json_for_script(counts: Counter) -> str:
    return json.dumps(dict(sorted(counts.items()))).replace("<", "\\u003c")
