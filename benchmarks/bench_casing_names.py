"""Throughput of the casing and names stages against ftfy.fix_text alone, same input, same run.

Run by hand:  PYTHONPATH=. python benchmarks/bench_casing_names.py [FILE ...]
Without files it uses the seeds fixtures (and the casing fixtures), repeated to ~2 MB.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import ftfy

from textfix.config import Config
from textfix.document import Document
from textfix.lexicon import Lexicon
from textfix.stages.base import Context
from textfix.stages.casing import Casing
from textfix.stages.names import Names
from textfix.wordlist import english

ROOT = Path(__file__).resolve().parent.parent


def _texts(args: list[str]) -> list[str]:
    paths = [Path(a) for a in args] or sorted((ROOT / "fixtures" / "seeds" / "input").glob("*.txt")) + [
        ROOT / "fixtures" / "casing" / "title_case_input.txt"]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    size = sum(len(t.encode()) for t in texts)
    reps = max(1, (2_000_000 // max(size, 1)))
    return texts * reps


def _rate(fn, texts: list[str]) -> float:
    mb = sum(len(t.encode()) for t in texts) / 1e6
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return mb / (time.perf_counter() - t0)


def main() -> None:
    texts = _texts(sys.argv[1:])
    english()  # load the lexicon outside the timings
    cfg = Config()
    ftfy_rate = _rate(ftfy.fix_text, texts)
    for stage in (Casing(), Names()):
        # Corpus evidence: every distinct text observed once, as the corpus runner's pass 1 would.
        lex = Lexicon()
        for t in set(texts):
            lex.update(stage.observe(Document("b", t), cfg))

        def run(t: str, stage=stage, lex=lex) -> None:
            doc = Document("b", t)
            stage.propose(doc, Context(cfg, lex, stage.observe(doc, cfg)))

        rate = _rate(run, texts)
        print(f"{stage.name:8s} {rate:7.2f} MB/s   ftfy.fix_text {ftfy_rate:7.2f} MB/s   ratio {rate / ftfy_rate:.2f}")


if __name__ == "__main__":
    main()
