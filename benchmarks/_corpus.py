"""Benchmark corpora built from the repository's own fixtures (no downloads, no dev data needed)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs(folder: Path | None = None) -> list[str]:
    """Every non-blank line of the fixture texts (or of the ``*.txt`` files under ``folder``)."""
    files = sorted(folder.rglob("*.txt")) if folder else sorted((ROOT / "fixtures").rglob("*.txt"))
    out = []
    for p in files:
        out.extend(line for line in p.read_text(encoding="utf-8").split("\n") if line.strip())
    return out


_TOKEN = re.compile(r"[A-Za-z]{5,}")


def _vocabulary() -> list[str]:
    from textfix.wordlist import english

    return sorted(w for w, info in english().items() if w.isalpha() and 2.5 <= info.zipf <= 5.0)


def documents(n: int, seed: int = 0, folder: Path | None = None, paras: int = 8) -> list[str]:
    """``n`` documents of ``paras`` paragraphs drawn at random from the pool.

    Real paragraphs keep the texture of real text (punctuation, names, casing)
    but a small pool would make every document a near-duplicate of many
    others; so, as in a real corpus, most longer words are swapped for words
    drawn from the English word list (capitals kept): documents differ.
    """
    pool = paragraphs(folder)
    vocab = _vocabulary()
    rng = random.Random(seed)

    def swap(m: re.Match) -> str:
        w = m.group()
        if rng.random() < 0.3:
            return w
        new = vocab[rng.randrange(len(vocab))]
        return new.capitalize() if w[0].isupper() else new

    return ["\n".join(_TOKEN.sub(swap, p) for p in rng.sample(pool, min(paras, len(pool)))) + "\n"
            for _ in range(n)]


def write_jsonl(path: Path, texts: list[str]) -> int:
    with open(path, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM (Linux) belongs to the process image: unlike ``ru_maxrss`` it does not
    inherit the high-water mark of the parent that forked this process.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
