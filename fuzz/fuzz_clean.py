"""Coverage-guided fuzzing of ``textfix.clean`` and the input decoder (atheris / libFuzzer).

Checks, for every input the fuzzer makes up:
  * ``clean`` never raises, and reports no stage failure ("internal-error" findings);
  * the edits replay (``apply_edits``) and undo (``unapply_edits``) exactly;
  * cleaning is idempotent and deterministic;
  * the output is never longer than the input plus what the edits inserted;
  * ``decode`` either refuses the bytes with an InputError or reads them losslessly
    (``encode_like`` gives the same bytes back).

Run (see fuzz/README.md):  PYTHONPATH=. python fuzz/fuzz_clean.py -max_total_time=600 fuzz/corpus
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import ftfy  # noqa: F401  (instrumented too: the encoding stage is mostly ftfy)
    import textfix
    from textfix.io.readers import decode, encode_like


def check_text(text: str) -> None:
    r = textfix.clean(text)
    bad = [f for f in r.findings if f.rule == "internal-error"]
    assert not bad, bad[0].reason
    assert textfix.apply_edits(text, r.edits) == r.text, "edits do not replay"
    assert textfix.unapply_edits(r.text, r.edits) == text, "edits do not undo"
    inserted = sum(len(e.after) for e in r.edits)
    assert len(r.text) <= len(text) + inserted, "output longer than input plus insertions"
    again = textfix.clean(r.text)
    assert again.text == r.text, f"not idempotent: {r.text!r} -> {again.text!r}"
    assert textfix.clean(text).text == r.text, "not deterministic"


def check_bytes(data: bytes) -> None:
    try:
        d = decode(data, "fuzz")
    except textfix.InputError:
        return
    meta = dict(d.metadata)
    if d.encoding in ("utf-16", "utf-32"):
        meta["byte_order"] = "le" if data[:2] == b"\xff\xfe" else "be"
    assert encode_like(d.text, meta) == data, "decoding lost bytes"


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        check_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()))
    else:
        check_text(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
