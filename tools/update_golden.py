"""Rewrite fixtures/seeds/expected from the current code. Review the diff before committing."""

from pathlib import Path

import textfix

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

if __name__ == "__main__":
    out = SEEDS / "expected"
    out.mkdir(exist_ok=True)
    for r in textfix.clean_corpus(sorted((SEEDS / "input").glob("*.txt"))):
        target = out / Path(r.id).name
        if r.dropped:
            target.unlink(missing_ok=True)
            print(f"{target.name}: dropped (near-duplicate of {r.duplicate_of})")
        else:
            target.write_text(r.text, encoding="utf-8")
            print(f"{target.name}: {len(r.edits)} edits")
