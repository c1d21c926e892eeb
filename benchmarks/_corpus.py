"""Benchmark corpora built from the repository's own fixtures (no downloads, no dev data needed)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: The fixture files the benchmark draws from, named one by one: a fixture added for a test must not
#: move the benchmark's figures (German and French pages joined the fixtures once and made langdetect run
#: on benchmark documents, with no change to the code).
POOL = (
    "boilerplate/seed001_expected.txt",
    "boilerplate/seed001_input.txt",
    "boilerplate/seed003_expected.txt",
    "boilerplate/seed003_input.txt",
    "casing/clean_paragraphs.txt",
    "casing/title_case_expected.txt",
    "casing/title_case_input.txt",
    "layout/clean_paragraphs.txt",
    "layout/seed000_blank_lines_and_broken.in.txt",
    "layout/seed000_blank_lines_and_broken.out.txt",
    "layout/seed002_doubled_punct.in.txt",
    "layout/seed002_doubled_punct.out.txt",
    "layout/seed002_open_quote.in.txt",
    "layout/seed002_open_quote.out.txt",
    "layout/seed004_hyphen.in.txt",
    "layout/seed004_hyphen.out.txt",
    "markup/html_tags.in.txt",
    "markup/html_tags.out.txt",
    "markup/seed000_emphasis.in.txt",
    "markup/seed000_emphasis.out.txt",
    "markup/seed001_single_star.in.txt",
    "markup/seed001_single_star.out.txt",
    "markup/seed003_table_pipes.in.txt",
    "markup/seed003_table_pipes.out.txt",
    "names/corpus/a.txt",
    "names/corpus/b.txt",
    "names/corpus/c.txt",
    "names/corpus/d.txt",
    "names/gazetteer.txt",
    "neardup/market.txt",
    "neardup/quake_a.txt",
    "neardup/quake_b.txt",
    "neardup/quake_c.txt",
    "neardup/quake_relief.txt",
    "repeats/pull_quote.expected.txt",
    "repeats/pull_quote.input.txt",
    "repeats/title.expected.txt",
    "repeats/title.input.txt",
    "repeats/translation.expected.txt",
    "repeats/translation.input.txt",
    "seeds/expected/000_36ecf4a5ac7805b8.txt",
    "seeds/expected/001_260c2c67072898e4.txt",
    "seeds/expected/002_0482d3153de27712.txt",
    "seeds/expected/003_f92b10f05bc59480.txt",
    "seeds/expected/004_05c840ca6fd6272f.txt",
    "seeds/input/000_36ecf4a5ac7805b8.txt",
    "seeds/input/001_260c2c67072898e4.txt",
    "seeds/input/002_0482d3153de27712.txt",
    "seeds/input/003_f92b10f05bc59480.txt",
    "seeds/input/004_05c840ca6fd6272f.txt",
)


def paragraphs(folder: Path | None = None) -> list[str]:
    """Every non-blank line of the pool's fixture texts (or of the ``*.txt`` files under ``folder``)."""
    files = sorted(folder.rglob("*.txt")) if folder else [ROOT / "fixtures" / f for f in POOL]
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


def whole_documents(folder: Path) -> list[str]:
    """The ``*.txt`` files under ``folder``, each one document, as they are (real pages, real vocabulary)."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]


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
