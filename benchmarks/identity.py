"""Prove that a speed-up changed no output: digest every result, compare with a saved baseline.

A performance change must leave every output exactly as it was: text, edits
(offsets, reasons, steps), findings, labels and stats. Run this once on the
commit before the change (``--save``), then on the change (``--check``)::

    PYTHONPATH=. python benchmarks/identity.py --save /tmp/base.json DIR...
    PYTHONPATH=. python benchmarks/identity.py --check /tmp/base.json DIR...

Inputs: every ``*.txt`` under the repository's ``fixtures/`` and under each
``DIR`` (e.g. ``/work/shared/seeds /work/shared/eval``), each cleaned alone with
the default pipeline and with ``--skip boilerplate,repeats``; every folder of
them cleaned as one corpus (shared evidence); and 200 generated documents
(``_corpus.documents``) as one corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _corpus import ROOT, documents  # noqa: E402
from textfix.config import Config  # noqa: E402
from textfix.corpus.runner import CorpusRunner  # noqa: E402
from textfix.document import Document  # noqa: E402
from textfix.edits import Result  # noqa: E402
from textfix.pipeline import Pipeline  # noqa: E402


def digest(r: Result) -> str:
    record = [r.text, [e.to_dict() for e in r.edits], [f.to_dict() for f in r.findings], r.lang,
              r.duplicate_of, r.stats]
    return hashlib.sha1(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def digests(dirs: list[Path]) -> dict[str, str]:
    files = sorted((ROOT / "fixtures").rglob("*.txt"))
    for d in dirs:
        files.extend(sorted(d.rglob("*.txt")))
    out: dict[str, str] = {}
    configs = {"default": Config(), "no-removal": Config().with_stages(skip=("boilerplate", "repeats"))}
    # Fixtures by their path in the repository (documents' ids reach some results), so that a baseline
    # saved in one checkout holds in another; other folders as given.
    texts = {_name(p): p.read_text(encoding="utf-8", errors="replace") for p in files}
    for name, cfg in configs.items():
        pipeline = Pipeline(cfg)
        for path, text in texts.items():
            out[f"{name}:{path}"] = digest(pipeline.run(Document(path, text)))
    folders: dict[str, list[str]] = {}
    for path in texts:
        folders.setdefault(str(Path(path).parent), []).append(path)
    for folder, paths in sorted(folders.items()):
        docs = [Document(p, texts[p]) for p in paths]
        for p, r in zip(paths, CorpusRunner(Config()).run(docs)):
            out[f"corpus:{p}"] = digest(r)
    generated = [Document(str(i), t) for i, t in enumerate(documents(200, seed=7))]
    for d, r in zip(generated, CorpusRunner(Config()).run(generated)):
        out[f"generated:{d.id}"] = digest(r)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path)
    mode.add_argument("--check", type=Path)
    ap.add_argument("dirs", nargs="*", type=Path)
    a = ap.parse_args()
    now = digests(a.dirs)
    if a.save:
        a.save.write_text(json.dumps(now, indent=0, sort_keys=True))
        print(f"saved {len(now)} digests to {a.save}")
        return 0
    base = json.loads(a.check.read_text())
    differ = sorted(k for k in base.keys() | now.keys() if base.get(k) != now.get(k))
    for k in differ[:50]:
        print("DIFFERS:", k)
    print(f"{len(now)} results, {len(differ)} differ from the baseline")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
