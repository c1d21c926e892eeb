"""Near-duplicate detection at scale: signature cost against datasketch and ftfy, and 1k/10k/100k documents.

Run by hand::

    PYTHONPATH=. python benchmarks/bench_neardup.py              # 1k and 10k documents (~1 minute)
    PYTHONPATH=. python benchmarks/bench_neardup.py --full       # adds 100k documents (a few minutes)

Documents are generated on the fly (nothing is held: the source is read twice,
as the CLI reads files), every 20th is a planted near-duplicate of an earlier
one (15% of its words dropped, the headline in Title Case, the end cut), so
precision and recall of the drops are measured too. Each size runs in a fresh
process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _corpus import ROOT, documents, peak_rss_mb  # noqa: E402


def _variant(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    lines[0] = lines[0].title()
    words = " ".join(lines).split(" ")
    kept = [w for w in words if rng.random() > 0.15]
    return " ".join(kept[: int(len(kept) * 0.85)])


def corpus(n: int, seed: int = 1):
    """(documents as a re-readable source, the planted duplicate -> original pairs)."""
    from textfix.document import Document

    block = 1000

    def source():
        for start in range(0, n, block):
            texts = documents(min(block, n - start), seed=seed * 1_000_003 + start)
            rng = random.Random(start)
            for k, text in enumerate(texts):
                i = start + k
                if k % 20 == 19:
                    text = _variant(texts[k - 7], rng)
                yield Document(f"d{i}", text)

    planted = {f"d{s + k}": f"d{s + k - 7}" for s in range(0, n, block) for k in range(19, min(block, n - s), 20)}
    return source, planted


def signature_costs(repeat: int = 3) -> None:
    import ftfy
    from datasketch import MinHash

    from textfix.config import DedupConfig
    from textfix.corpus.neardup import content_words, signature
    from textfix.document import Document

    texts = documents(500, seed=5)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    cfg = DedupConfig()
    words = [content_words(t) for t in texts]

    def med(fn):
        ts = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t)
        return statistics.median(ts)

    t_ftfy = med(lambda: [ftfy.fix_text(t) for t in texts])
    t_sig = med(lambda: [signature(Document("x", t), i, cfg) for i, t in enumerate(texts)])
    t_words = med(lambda: [content_words(t) for t in texts])

    def datasketch():
        for w in words:
            m = MinHash(num_perm=cfg.num_perm, seed=1)
            m.update_batch([x.encode("utf-8") for x in w])

    t_ds = med(datasketch)
    print(f"== signatures: {len(texts)} documents, {mb:.2f} MB (median of {repeat})")
    print(f"ftfy.fix_text                     {mb / t_ftfy:7.2f} MB/s  1.00x")
    print(f"textfix signature (all of it)     {mb / t_sig:7.2f} MB/s  {t_ftfy / t_sig:5.2f}x")
    print(f"  of which MinHash+bands+sample   {(t_sig - t_words) / len(texts) * 1e6:7.0f} us/doc")
    print(f"datasketch MinHash, same words    {t_ds / len(texts) * 1e6:7.0f} us/doc  "
          f"(numpy MinHash is {t_ds / max(t_sig - t_words, 1e-9):.1f}x faster)")


def one_size(path: str, report: str, jobs: int) -> dict:
    """``textfix dedup --jsonl`` in this (fresh) process: seconds and peak RSS."""
    from textfix.cli import main

    t = time.perf_counter()
    rc = main(["dedup", "--jsonl", path, "--report", report, "-j", str(jobs), "-q"])
    return {"rc": rc, "seconds": round(time.perf_counter() - t, 1), "rss_mb": round(peak_rss_mb())}


def run_size(n: int, jobs: int, tmp: Path) -> dict:
    path = tmp / f"docs{n}.jsonl"
    source, planted = corpus(n)
    if not path.exists():
        with open(path, "w", encoding="utf-8") as f:
            for doc in source():
                f.write(json.dumps({"id": doc.id, "text": doc.text}) + "\n")
    report = tmp / f"dups{n}_{jobs}.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, __file__, "--one", str(path), "--report", str(report), "--jobs", str(jobs)],
                         capture_output=True, text=True, env=env)
    if out.returncode:
        raise RuntimeError(out.stderr[-800:])
    r = json.loads(out.stdout.strip().splitlines()[-1])
    line_id = {f"{path}:{k}": f"d{k - 1}" for k in range(1, n + 1)}  # report ids are FILE:LINE
    found = {}
    for x in map(json.loads, open(report, encoding="utf-8")):
        found[line_id[x["id"]]] = line_id[x["duplicate_of"]]
    tp = sum(1 for d, o in planted.items() if found.get(d) == o or found.get(o) == d)
    r.update(docs=n, jobs=jobs, mb=path.stat().st_size / 1e6, dropped=len(found), planted=len(planted),
             precision=tp / max(len(found), 1), recall=tp / max(len(planted), 1))
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--report", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one_size(a.one, a.report, a.jobs)))
        return
    signature_costs()
    print("\n== `textfix dedup --jsonl` on generated documents (a fresh process each; its peak RSS)")
    print(f"{'docs':>7s} {'MB':>6s} {'-j':>3s} {'seconds':>8s} {'ms/doc':>7s} {'dropped':>8s} {'planted':>8s} "
          f"{'P':>6s} {'R':>6s} {'peak RSS MB':>12s}")
    runs = [(1000, 1), (10000, 1), (10000, 2)] + ([(100000, 1), (100000, 2)] if a.full else [])
    with tempfile.TemporaryDirectory() as tmp:
        for n, jobs in runs:
            r = run_size(n, jobs, Path(tmp))
            print(f"{n:7d} {r['mb']:6.0f} {jobs:3d} {r['seconds']:8.1f} {r['seconds'] / n * 1000:7.2f} "
                  f"{r['dropped']:8d} {r['planted']:8d} {r['precision']:6.3f} {r['recall']:6.3f} {r['rss_mb']:12d}")


if __name__ == "__main__":
    main()
