"""Throughput of the `repeats` stage against document size, next to ftfy.fix_text.

Run by hand: ``PYTHONPATH=. python benchmarks/bench_repeats.py [SOURCE_DIR]``.
Documents are built by stacking paragraphs of the texts in SOURCE_DIR (default:
the seed documents under fixtures/) up to each size, in two shapes: one long
article (every paragraph different), and one article written twice, the second
copy in Title Case (the duplicate-translation path, through the banded
alignment once the document has more than a few hundred paragraphs). The time
per MB should stay flat as the size grows: that is the linear-cost check.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import ftfy

from textfix.config import Config
from textfix.document import Document
from textfix.stages.base import Context
from textfix.stages.repeats import Repeats

SIZES = (10_000, 100_000, 1_000_000, 5_000_000)


def paragraphs(source: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(source.rglob("*.txt")):
        out += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 40]
    return out


def build(paras: list[str], size: int, twice: bool) -> str:
    half = size // 2 if twice else size
    lines: list[str] = []
    n = 0
    i = 0
    while n < half:
        # Make every paragraph distinct, as in one long article.
        p = f"{paras[i % len(paras)]} ({i})"
        lines.append(p)
        n += len(p) + 1
        i += 1
    if twice:
        lines += [ln.title() for ln in lines]
    return "\n".join(lines) + "\n"


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "fixtures"
    paras = paragraphs(source)
    stage, ctx = Repeats(), Context(Config())
    # Warm up: the word list and rule files load once per process, not per document.
    stage.propose(Document("warm-up", build(paras, 5_000, True)), ctx)
    ftfy.fix_text(build(paras, 5_000, False))
    print(f"{'shape':<8} {'size MB':>8} {'blocks':>7} {'repeats s':>10} {'MB/s':>7} {'ftfy s':>7} "
          f"{'ftfy MB/s':>9} {'ratio':>6} edits")
    for twice in (False, True):
        for size in SIZES:
            text = build(paras, size, twice)
            doc = Document("bench", text)
            mb = len(text.encode("utf-8")) / 1e6
            t_stage = timed(lambda: stage.propose(Document("bench", text), ctx))
            t_ftfy = timed(ftfy.fix_text, text)
            edits = stage.propose(doc, ctx).edits
            print(f"{'twice' if twice else 'single':<8} {mb:8.2f} {len(doc.blocks):7d} {t_stage:10.2f} "
                  f"{mb / t_stage:7.2f} {t_ftfy:7.2f} {mb / t_ftfy:9.2f} {t_ftfy / t_stage:6.2f} "
                  f"{[e.rule for e in edits][:3]}")


if __name__ == "__main__":
    main()
