"""Benchmark corpora built from the repository's own fixtures (no downloads, no dev data needed)."""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs(folder: Path | None = None) -> list[str]:
    """Every non-blank line of the fixture texts (or of the ``*.txt`` files under ``folder``)."""
    files = sorted(folder.rglob("*.txt")) if folder else sorted((ROOT / "fixtures").rglob("*.txt"))
    out = []
    for p in files:
        out.extend(line for line in p.read_text(encoding="utf-8").split("\n") if line.strip())
    return out


def documents(n: int, seed: int = 0, folder: Path | None = None, paras: int = 8) -> list[str]:
    """``n`` documents of ``paras`` paragraphs drawn at random from the pool: realistic text, few copies."""
    pool = paragraphs(folder)
    rng = random.Random(seed)
    return ["\n".join(rng.sample(pool, min(paras, len(pool)))) + "\n" for _ in range(n)]


def write_jsonl(path: Path, texts: list[str]) -> int:
    with open(path, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
    return path.stat().st_size
