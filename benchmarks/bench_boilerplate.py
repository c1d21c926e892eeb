"""Throughput of the boilerplate stage against ftfy.fix_text alone, on the same input in the same run.

Run by hand: ``PYTHONPATH=. python benchmarks/bench_boilerplate.py [FILES...]``. Without files it builds a
synthetic scraped page (menu, article, related list, comment thread, footer) and repeats it to ~2 MB,
so that the linear cost of the stage on a large document shows too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import ftfy

from textfix.config import Config
from textfix.document import Document
from textfix.stages.base import Context
from textfix.stages.boilerplate import Boilerplate

PAGE = "\n".join([
    "Home", "News", "World", "Sport", "Home » News » World",
    "Council approves new budget for city schools",
    "The city council approved on Tuesday a budget that raises spending on public schools by four percent, "
    "the first increase in three years, after a debate that lasted late into the evening.",
    "Supporters said the money would pay for smaller classes and for repairs to buildings that have waited "
    "for years. Opponents argued that the city could not afford the increase.",
    "The vote was close.",
    "You may also like", "Mayor signs budget", "Schools reopen in September",
    "3 Comments", "Mary says:", "March 3, 2019 at 4:15 pm", "I disagree with the council.", "Reply",
    "John says:", "March 4, 2019 at 9:02 am", "Great article.", "Reply",
    "© 2024 Example Media. All rights reserved.",
]) + "\n"


def best_of(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(paths: list[str]) -> None:
    if paths:
        texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    else:
        texts = [PAGE * max(1, 2_000_000 // len(PAGE))]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    stage, ctx = Boilerplate(), Context(Config())

    def run_stage():
        for i, t in enumerate(texts):
            stage.propose(Document(str(i), t), ctx)

    def run_ftfy():
        for t in texts:
            ftfy.fix_text(t)

    run_stage()  # load rules once, outside the timing
    t_stage, t_ftfy = best_of(run_stage), best_of(run_ftfy)
    print(f"input: {len(texts)} document(s), {size:.2f} MB")
    print(f"boilerplate: {size / t_stage:8.2f} MB/s")
    print(f"ftfy.fix_text: {size / t_ftfy:8.2f} MB/s")
    print(f"ratio boilerplate/ftfy throughput: {t_ftfy / t_stage:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
