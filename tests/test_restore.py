"""No lost data: every change is in the report, so the original comes back byte for byte.

In the library: ``unapply_edits(result.text, result.edits) == input`` for any input.
Through the CLI: ``textfix restore OUTPUT --report REPORT`` rebuilds the input file's bytes,
CRLF line ends, missing final newlines and non-UTF-8 encodings included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import textfix
from textfix.io.readers import decode, encode_like

ROOT = Path(__file__).resolve().parents[1]

# Text that exercises the stages: mojibake, entities, controls, markup, odd spacing, line ends.
_PIECES = ["cafÃ©", "Ã¢â‚¬â„¢", "&amp;", "&lt;b&gt;", "\x07", "\x00", "\u200b", "\ufeff", "**bold**", "<br>",
           "  ", "\t", "\r\n", "\n", "\n\n", "\r", " ,", "..", "Title Case Words", "ALL CAPS", "é", "e\u0301",
           "Москва", "東京", "مرحبا", "\U0001f600", "—", "“quoted”"]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=20)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_unapply_edits_restores_any_input(text):
    result = textfix.clean(text)
    assert textfix.unapply_edits(result.text, result.edits) == text
    assert textfix.apply_edits(text, result.edits) == result.text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
@example(b"nn\xb6\xb1\xff\xff\n")  # found by the fuzzer: cp1006 reads 0xb1 and 0xb2 as one character
def test_decoding_is_lossless_for_any_bytes(data):
    """Whatever :func:`decode` accepts, :func:`encode_like` turns back into the same bytes."""
    try:
        d = decode(data, "x")
    except textfix.InputError:
        return
    meta = dict(d.metadata)
    if d.encoding in ("utf-16", "utf-32"):
        meta["byte_order"] = "le" if data[:2] == b"\xff\xfe" else "be"
    assert encode_like(d.text, meta) == data


def textfix_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True, input=stdin,
                          env=env, timeout=120)
    assert b"Traceback" not in proc.stderr, proc.stderr
    return proc


CASES = {
    "crlf.txt": "Line one cafÃ© &amp; more\r\nLine two\x07 here\r\n".encode(),
    "no_final_newline.txt": "Ends without a newline &amp; a bell\x07".encode(),
    "mixed_line_ends.txt": b"unix\nwindows\r\nold mac\rend &amp;\n",
    "bom.txt": b"\xef\xbb\xbfStarts with a BOM &amp; ends\n",
    "latin1.txt": "Caf\u00e9 &amp; na\u00efve \u201cquotes\u201d\r\n".encode("cp1252"),
    "mixed.txt": "UTF-8: café. ".encode() + "cp1252: café &amp;\n".encode("cp1252"),
    "utf16.txt": b"\xff\xfe" + "UTF-16 &amp; caf\u00c3\u00a9\r\n".encode("utf-16-le"),
    "clean.txt": b"Nothing to do here.\n",
    "empty.txt": b"",
}


def test_restore_through_the_cli(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, data in CASES.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    report = tmp_path / "report.jsonl"
    proc = textfix_cli("clean", str(src), "-o", str(out), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    assert (out / "crlf.txt").read_bytes() != CASES["crlf.txt"]  # something was repaired
    for name, data in CASES.items():
        proc = textfix_cli("restore", str(out / name), "--report", str(report))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == data, name
    target = tmp_path / "restored.txt"
    proc = textfix_cli("restore", str(out / "latin1.txt"), "--report", str(report), "--path",
                       str(src / "latin1.txt"), "-o", str(target))
    assert proc.returncode == 0 and target.read_bytes() == CASES["latin1.txt"]


def test_restore_refuses_an_edited_output(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_bytes(CASES["crlf.txt"])
    report = tmp_path / "r.jsonl"
    proc = textfix_cli("clean", str(f), "-o", str(tmp_path / "out.txt"), "--report", str(report))
    assert proc.returncode == 0
    (tmp_path / "out.txt").write_text("someone changed this")
    proc = textfix_cli("restore", str(tmp_path / "out.txt"), "--report", str(report))
    assert proc.returncode == 2
    [line] = proc.stderr.decode().splitlines()
    assert "out.txt" in line and "does not match" in line


@pytest.mark.parametrize("report_text,words", [("", "no report line"), ("{oops\n", "cannot read report")])
def test_restore_with_a_bad_report(tmp_path, report_text, words):
    (tmp_path / "out.txt").write_text("x")
    (tmp_path / "r.jsonl").write_text(report_text)
    proc = textfix_cli("restore", str(tmp_path / "out.txt"), "--report", str(tmp_path / "r.jsonl"))
    assert proc.returncode == 2 and words in proc.stderr.decode()


def test_restore_of_stdin_run(tmp_path):
    data = "stdin &amp; CRLF\r\nno end".encode()
    report = tmp_path / "r.jsonl"
    proc = textfix_cli("clean", "-", "--report", str(report), stdin=data)
    (tmp_path / "out.txt").write_bytes(proc.stdout)
    proc = textfix_cli("restore", str(tmp_path / "out.txt"), "--report", str(report))
    assert proc.stdout == data
