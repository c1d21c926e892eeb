"""Throughput of the markup and layout stages versus ftfy.fix_text, on the seeds repeated to ~5 MB.

Run by hand: ``PYTHONPATH=. python benchmarks/bench_layout.py [SEED_DIR] [--mb 5]``.
Prints MB/s for each and the ratio (stage throughput / ftfy throughput; above 1 is faster than ftfy).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ftfy

from textfix.config import Config
from textfix.document import Document
from textfix.stages.base import Context
from textfix.stages.layout import Layout
from textfix.stages.markup import Markup


def _corpus(seed_dir: Path, mb: float) -> str:
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seed_dir.glob("*.txt")))
    reps = max(1, int(mb * 1_000_000 / max(len(seeds.encode("utf-8")), 1)))
    return "\n\n".join([seeds] * reps)


def _time(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("seeds", nargs="?", default="/work/shared/seeds")
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = _corpus(Path(args.seeds), args.mb)
    size = len(text.encode("utf-8")) / 1_000_000
    ctx = Context(Config())
    markup, layout = Markup(), Layout()
    layout.propose(Document("warm", "warm up the so -called word list ,"), ctx)

    def stages(t: str) -> None:
        doc = Document("bench", t)
        markup.propose(doc, ctx)
        layout.propose(doc, ctx)

    results = {
        "markup": _time(lambda t: markup.propose(Document("bench", t), ctx), text, args.repeat),
        "layout": _time(lambda t: layout.propose(Document("bench", t), ctx), text, args.repeat),
        "markup+layout": _time(stages, text, args.repeat),
        "ftfy.fix_text": _time(ftfy.fix_text, text, args.repeat),
    }
    base = size / results["ftfy.fix_text"]
    print(f"input: {size:.2f} MB")
    for name, seconds in results.items():
        rate = size / seconds
        print(f"{name:>14}: {seconds:7.3f} s  {rate:8.2f} MB/s  ratio vs ftfy {rate / base:6.2f}")


if __name__ == "__main__":
    main()
