"""Throughput and peak memory of each stage and of the whole pipeline, against ftfy.fix_text alone.

Run by hand (numbers on a shared machine are noisy: medians of several runs,
and ratios to ftfy measured in the same run)::

    PYTHONPATH=. python benchmarks/bench_pipeline.py            # ~2 minutes
    PYTHONPATH=. python benchmarks/bench_pipeline.py --full     # adds 100k documents (~15 min)
    PYTHONPATH=. python benchmarks/bench_pipeline.py --corpus DIR   # paragraphs from your own *.txt
    PYTHONPATH=. python benchmarks/bench_pipeline.py --corpus DIR --as-is   # your *.txt, whole and unchanged

Sections:
  as-is     (with --corpus DIR --as-is) each *.txt file one document, unchanged: real pages with real
            vocabulary, so the memos hit as often as they would on that corpus; one pass on cold caches
  stages    MB per CPU second of each stage alone and of the default pipeline (one document at a time,
            each pass on new documents), ratio to ftfy, and the peak memory of one pass
  corpus    the two-pass corpus run (evidence, near-duplicates, cleaning), -j 1 and -j 2
  scaling   `textfix clean --jsonl` on 1k / 10k (/ 100k) documents: seconds, s per 1k docs, peak RSS
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ftfy  # noqa: E402

from _corpus import ROOT, documents, peak_rss_mb, whole_documents, write_jsonl  # noqa: E402
from textfix.config import STAGE_ORDER, Config  # noqa: E402
from textfix.corpus.runner import CorpusRunner  # noqa: E402
from textfix.document import Document  # noqa: E402
from textfix.pipeline import Pipeline  # noqa: E402


def _median_seconds(fn, repeat: int, clock=time.process_time) -> float:
    """Median CPU seconds of ``fn`` (process time: on a shared machine, wall time measures the others)."""
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times)


def _peak_mb(fn) -> float:
    """Peak Python memory (tracemalloc) while ``fn`` runs, in MB, above what was held before."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return (tracemalloc.get_traced_memory()[1] - base) / 1e6
    finally:
        tracemalloc.stop()


def stages(sets: list[list[str]]) -> None:
    """Each pass runs on its own, fresh set of documents (other seeds): the stages memoise what is a pure
    function of a line or a word, and a pass over documents already seen would measure warm caches, not
    a corpus. ftfy runs on each set too; the ratio is the median over the sets of the per-set ratios."""
    mb = statistics.median(sum(len(t.encode("utf-8")) for t in texts) / 1e6 for texts in sets)
    bases = [sum(len(t.encode("utf-8")) for t in texts) / 1e6
             / _median_seconds(lambda: [ftfy.fix_text(t) for t in texts], 1) for texts in sets]
    base = statistics.median(bases)
    print(f"\n== stages: {len(sets[0])} documents, {mb:.2f} MB, one document at a time "
          f"(median of {len(sets)} passes, each on new documents)")
    print("   MB per CPU second, ratio to ftfy.fix_text, peak traced memory of one pass (results not kept)")
    print(f"{'ftfy.fix_text':24s} {base:7.2f} MB/s   1.00x")
    warm = documents(1, seed=999_999)[0]
    rows = [(s, Config().with_stages(only=(s,))) for s in STAGE_ORDER] + [("default pipeline", Config())]
    for name, cfg in rows:
        p = Pipeline(cfg)
        p.run(Document("warm", warm))  # load rules and word lists outside the timing
        rates, ratios = [], []
        for texts, ftfy_rate in zip(sets, bases):
            docs = [Document(str(i), t) for i, t in enumerate(texts)]
            size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
            rate = size / _median_seconds(lambda: [p.run(Document(d.id, d.text)) for d in docs], 1)
            rates.append(rate)
            ratios.append(rate / ftfy_rate)
        more = documents(len(sets[0]), seed=len(sets) + 1_000)
        peak = _peak_mb(lambda: [p.run(Document(str(i), t)) for i, t in enumerate(more)])
        print(f"{name:24s} {statistics.median(rates):7.2f} MB/s  {statistics.median(ratios):5.2f}x   "
              f"peak {peak:6.1f} MB")


_GERMAN = ("Der Hund läuft über die Straße, und die Katze schläft im Garten, weil es warm ist.\n"
           "This English paragraph is here so that the German one above is a foreign paragraph.\n") * 3


def as_is(texts: list[str]) -> None:
    """Whole real documents, each stage and the default pipeline once, each in a fresh process (cold memos;
    rules, word lists and langdetect's profiles are loaded before the timing).

    The generated documents of ``stages`` swap most words for random dictionary words, so every word is a
    memo miss: a pessimistic figure for the memoised stages. Real pages repeat their words as real text does.
    """
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\n== as-is: {len(texts)} documents, {mb:.2f} MB, each once, every row in a fresh process")
    print("   MB per CPU second, ratio to ftfy.fix_text on the same documents in that process")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        write_jsonl(src, texts)
        for name in list(STAGE_ORDER) + ["default pipeline"]:
            only = "None" if name == "default pipeline" else repr((name,))
            code = (f"GERMAN = {_GERMAN!r}; "
                    "import json, sys, time, ftfy; from textfix.config import Config; "
                    "from textfix.pipeline import Pipeline; from textfix.document import Document; "
                    f"texts = [json.loads(l)['text'] for l in open({str(src)!r}, encoding='utf-8')]; "
                    f"only = {only}; cfg = Config() if only is None else Config().with_stages(only=only); "
                    "sys.path.insert(0, 'benchmarks'); from _corpus import documents; p = Pipeline(cfg); "
                    "[p.run(Document('w', w)) for w in documents(3, seed=999_999) + [GERMAN]]; "
                    "t = time.process_time(); [ftfy.fix_text(x) for x in texts]; f = time.process_time() - t; "
                    "t = time.process_time(); [p.run(Document(str(i), x)) for i, x in enumerate(texts)]; "
                    "print(f, time.process_time() - t)")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=str(ROOT))
            if out.returncode:
                print(out.stderr[-500:])
                continue
            f, g = map(float, out.stdout.split())
            print(f"{name:24s} {mb / g:7.2f} MB/s  {f / g:5.2f}x   (ftfy {mb / f:.2f} MB/s)")


def corpus(texts: list[str], repeat: int) -> None:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    base = mb / _median_seconds(lambda: [ftfy.fix_text(t) for t in texts], repeat, time.perf_counter)
    docs = [Document(str(i), t) for i, t in enumerate(texts)]
    print(f"\n== corpus run (pass 1 + near-duplicates + pass 2): {len(texts)} documents, {mb:.2f} MB")
    print(f"{'ftfy.fix_text':24s} {base:7.2f} MB/s   1.00x")
    secs = {}
    for jobs in (1, 2):
        runner = CorpusRunner(Config(), jobs=jobs)
        secs[jobs] = _median_seconds(lambda: list(runner.run(docs)), repeat, time.perf_counter)  # wall: workers
        print(f"{'corpus -j ' + str(jobs):24s} {mb / secs[jobs]:7.2f} MB/s  {mb / secs[jobs] / base:5.2f}x"
              f"   ({len(runner.duplicates)} near-duplicates)")
    print(f"-j 2 speed-up: {secs[1] / secs[2]:.2f}x (on {os.cpu_count()} CPUs)")


def scaling(sizes: list[int], folder: Path | None) -> None:
    print("\n== scaling: `textfix clean --jsonl FILE -o OUT` in a fresh process (peak RSS of that process)")
    print("   (seconds: wall; CPU: the process's own CPU seconds, steadier on a shared machine)")
    print(f"{'docs':>8s} {'MB':>8s} {'seconds':>8s} {'CPU s':>8s} {'CPU s/1k':>9s} {'MB/s':>6s} {'peak RSS MB':>12s}")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cwd = str(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"in{n}.jsonl"
            size = write_jsonl(src, documents(n, seed=n, folder=folder)) / 1e6
            code = ("import sys, time; sys.path.insert(0, 'benchmarks'); from _corpus import peak_rss_mb; "
                    "from textfix.cli import main; t = time.time(); "
                    f"rc = main(['clean', '--jsonl', {str(src)!r}, '-o', {str(Path(tmp) / 'out')!r}, '-q']); "
                    "print(time.time() - t, time.process_time(), peak_rss_mb()); sys.exit(rc)")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)
            if out.returncode:
                print(out.stderr[-500:])
                continue
            secs, cpu, rss = map(float, out.stdout.split())
            print(f"{n:8d} {size:8.1f} {secs:8.1f} {cpu:8.1f} {cpu / n * 1000:9.2f} {size / secs:6.2f} {rss:12.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=400, help="documents for the stage and corpus sections")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--full", action="store_true", help="scaling up to 100k documents")
    ap.add_argument("--corpus", type=Path, help="draw paragraphs from the *.txt files under this folder")
    ap.add_argument("--as-is", action="store_true", help="with --corpus: time its files whole and unchanged")
    ap.add_argument("--only", choices=("stages", "corpus", "scaling"))
    a = ap.parse_args()
    if a.as_is:
        if a.corpus is None:
            ap.error("--as-is needs --corpus DIR")
        as_is(whole_documents(a.corpus))
        return
    texts = documents(a.docs, folder=a.corpus)
    if a.only in (None, "stages"):
        stages([texts] + [documents(a.docs, seed=1_000 + k, folder=a.corpus) for k in range(1, a.repeat)])
    if a.only in (None, "corpus"):
        corpus(texts, a.repeat)
    if a.only in (None, "scaling"):
        scaling([1000, 10000] + ([100000] if a.full else []), a.corpus)
    print(f"\n(this process: peak RSS {peak_rss_mb():.0f} MB)")


if __name__ == "__main__":
    main()
