"""Throughput of the `repeats` stage against document size, next to ftfy.fix_text.

Run by hand: ``PYTHONPATH=. python benchmarks/bench_repeats.py [SOURCE_DIR]``.
Documents are built by stacking paragraphs of the texts in SOURCE_DIR (default:
the texts under fixtures/) up to each size, in three shapes (see :func:`build`):
one long article (every paragraph different), one article written twice, the
second copy in Title Case (the duplicate-translation path, through the banded
alignment once the document has more than a few hundred paragraphs), and a
document of tiny lines (hundreds of thousands at 5 MB). The time per MB should
stay flat as the size grows: that is the linear-cost check. Each time includes
splitting the document into blocks (textfix/document.py), which dominates the
tiny-lines shape.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import ftfy
import regex

from textfix.config import Config
from textfix.document import Document
from textfix.stages.base import Context
from textfix.stages.repeats import Repeats
from textfix.wordlist import english

SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
SHAPES = ("single", "twice", "tiny")
_LONG_WORD = regex.compile(r"[A-Za-z]{5,}")


def paragraphs(source: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(source.rglob("*.txt")):
        out += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 40]
    return out


def build(paras: list[str], size: int, shape: str) -> str:
    """A document of about ``size`` characters in one of three shapes.

    ``single``: one long article, every paragraph different (most longer words
    of the pool's paragraphs swapped for random dictionary words, as in
    benchmarks/_corpus.py: a pool line said again and again would be a list,
    which the stage rightly leaves out of the alignment). ``twice``: that
    article, then the same in Title Case. ``tiny``: short lines ("ok", "- 3")
    drawn from a handful, the worst case for anything done per line.
    """
    rng = random.Random(size)
    if shape == "tiny":
        items = ["ok", "yes", "- item", "no", "see below", "x", "1", "2"]
        lines, n = [], 0
        while n < size:
            ln = rng.choice(items) + (f" {rng.randrange(97)}" if rng.random() < 0.6 else "")
            lines.append(ln)
            n += len(ln) + 1
        return "\n".join(lines) + "\n"
    vocab = sorted(w for w, info in english().items() if w.isalpha() and 3.0 <= info.zipf <= 5.0)

    def swap(m: regex.Match) -> str:
        return m.group() if rng.random() < 0.3 else vocab[rng.randrange(len(vocab))]

    half = size // 2 if shape == "twice" else size
    lines, n, i = [], 0, 0
    while n < half:
        p = _LONG_WORD.sub(swap, paras[i % len(paras)])
        lines.append(p)
        n += len(p) + 1
        i += 1
    if shape == "twice":
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
    stage.propose(Document("warm-up", build(paras, 5_000, "twice")), ctx)
    ftfy.fix_text(build(paras, 5_000, "single"))
    print(f"{'shape':<8} {'size MB':>8} {'blocks':>7} {'repeats s':>10} {'MB/s':>7} {'ftfy s':>7} "
          f"{'ftfy MB/s':>9} {'ratio':>6} edits")
    for shape in SHAPES:
        for size in SIZES:
            text = build(paras, size, shape)
            doc = Document("bench", text)
            mb = len(text.encode("utf-8")) / 1e6
            t_stage = timed(lambda: stage.propose(Document("bench", text), ctx))
            t_ftfy = timed(ftfy.fix_text, text)
            edits = stage.propose(doc, ctx).edits
            print(f"{shape:<8} {mb:8.2f} {len(doc.blocks):7d} {t_stage:10.2f} "
                  f"{mb / t_stage:7.2f} {t_ftfy:7.2f} {mb / t_ftfy:9.2f} {t_ftfy / t_stage:6.2f} "
                  f"{[e.rule for e in edits][:3]}")


if __name__ == "__main__":
    main()
