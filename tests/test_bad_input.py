"""Bad input through the real CLI: one line naming the file and the reason, the documented exit
code (0 ok, 1 --check found changes, 2 usage error or unreadable input), the rest of the batch
processed, and never a traceback.

Assertions stick to what the encoding stage does and to invariants (restore, exit codes), so
they stay valid as the other stages land.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = "A plain sentence that needs nothing.\n"
MOJIBAKE = "The cafÃ© &amp; bar is open.\n"


def textfix(*args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 300,
            prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    env.pop("TEXTFIX_DEBUG", None)
    proc = subprocess.run([*(prefix or []), sys.executable, "-m", "textfix", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=timeout, env=env)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return proc


def err_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return proc.stderr.decode("utf-8", "replace").splitlines()


def one_message(proc: subprocess.CompletedProcess, name: str, reason: str) -> str:
    """The single stderr line about ``name``; it must say ``reason``."""
    lines = [x for x in err_lines(proc) if name in x]
    assert len(lines) == 1, err_lines(proc)
    assert reason in lines[0], lines[0]
    assert lines[0].startswith("textfix: ")
    return lines[0]


def batch(tmp_path: Path, name: str, data: bytes) -> Path:
    """A folder with the bad file between two good ones (the rest of the batch must still be cleaned)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (src / name).write_bytes(data)
    (src / "z_mojibake.txt").write_text(MOJIBAKE, encoding="utf-8")
    return src


def assert_rest_of_batch(out: Path) -> None:
    assert (out / "a_good.txt").read_text(encoding="utf-8") == GOOD
    assert (out / "z_mojibake.txt").read_text(encoding="utf-8") == "The café & bar is open.\n"


def clean_batch(tmp_path: Path, name: str, data: bytes, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    src = batch(tmp_path, name, data)
    out = tmp_path / "out"
    proc = textfix("clean", str(src), "-o", str(out), "--report", str(tmp_path / "r.jsonl"), *extra)
    assert_rest_of_batch(out)
    return proc, out


def restore(tmp_path: Path, output: Path, path_in_report: str) -> bytes:
    proc = textfix("restore", str(output), "--report", str(tmp_path / "r.jsonl"), "--path", path_in_report)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# --------------------------------------------------------------------------- encodings


def test_invalid_utf8_is_read_and_restored_byte_for_byte(tmp_path):
    data = "Café ok, ".encode() + b"then a stray \xff\xfe pair.\n"
    proc, out = clean_batch(tmp_path, "bad.txt", data)
    assert proc.returncode == 0
    one_message(proc, "bad.txt", "not valid UTF-8")
    assert (out / "bad.txt").read_text(encoding="utf-8").startswith("Café ok, ")
    assert restore(tmp_path, out / "bad.txt", str(tmp_path / "in" / "bad.txt")) == data


def test_utf16_with_bom(tmp_path):
    text = "Привет, world: naïve café.\r\n"
    data = b"\xff\xfe" + text.encode("utf-16-le")
    proc, out = clean_batch(tmp_path, "u16.txt", data)
    assert proc.returncode == 0
    one_message(proc, "u16.txt", "decoded as utf-16")
    assert (out / "u16.txt").read_text(encoding="utf-8").rstrip() == text.rstrip()
    assert restore(tmp_path, out / "u16.txt", str(tmp_path / "in" / "u16.txt")) == data


def test_utf16_big_endian_restores(tmp_path):
    data = b"\xfe\xff" + "Big end. \u00e9\n".encode("utf-16-be")
    proc, out = clean_batch(tmp_path, "be.txt", data)
    assert proc.returncode == 0
    assert restore(tmp_path, out / "be.txt", str(tmp_path / "in" / "be.txt")) == data


def test_latin1_cp1252(tmp_path):
    data = "The café was naïve about the “crème brûlée”.\n".encode("cp1252")
    proc, out = clean_batch(tmp_path, "latin.txt", data)
    assert proc.returncode == 0
    one_message(proc, "latin.txt", "decoded as cp1252")
    assert (out / "latin.txt").read_text(encoding="utf-8") == "The café was naïve about the “crème brûlée”.\n"
    assert restore(tmp_path, out / "latin.txt", str(tmp_path / "in" / "latin.txt")) == data


def test_mixed_encodings_in_one_file(tmp_path):
    data = "Paragraph one: café in UTF-8.\n".encode() + "Paragraph two: café in cp1252.\n".encode("cp1252")
    proc, out = clean_batch(tmp_path, "mixed.txt", data)
    assert proc.returncode == 0
    one_message(proc, "mixed.txt", "not valid UTF-8")
    assert (out / "mixed.txt").read_text(encoding="utf-8") == \
        "Paragraph one: café in UTF-8.\nParagraph two: café in cp1252.\n"
    assert restore(tmp_path, out / "mixed.txt", str(tmp_path / "in" / "mixed.txt")) == data


def test_binary_file_is_refused_and_the_batch_goes_on(tmp_path):
    data = bytes(range(256)) * 64
    proc, out = clean_batch(tmp_path, "blob.txt", data)
    assert proc.returncode == 2
    one_message(proc, "blob.txt", "binary file")
    assert not (out / "blob.txt").exists()


def test_stray_nul_bytes_are_removed_as_explained_edits(tmp_path):
    data = (GOOD * 20).encode() + b"odd\x00byte\n"
    proc, out = clean_batch(tmp_path, "nul.txt", data)
    assert proc.returncode == 0
    one_message(proc, "nul.txt", "NUL byte")
    assert "\x00" not in (out / "nul.txt").read_text(encoding="utf-8")
    assert restore(tmp_path, out / "nul.txt", str(tmp_path / "in" / "nul.txt")) == data


def test_empty_and_whitespace_only_files(tmp_path):
    src = batch(tmp_path, "empty.txt", b"")
    (src / "blank.txt").write_bytes(b"  \n\n\t \r\n")
    out = tmp_path / "out"
    proc = textfix("clean", str(src), "-o", str(out), "--report", str(tmp_path / "r.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert_rest_of_batch(out)
    assert (out / "empty.txt").read_bytes() == b""
    assert (out / "blank.txt").read_text(encoding="utf-8").strip() == ""
    assert restore(tmp_path, out / "blank.txt", str(src / "blank.txt")) == b"  \n\n\t \r\n"


@pytest.mark.parametrize("text", [
    "Москва — столица России. Это обычный текст.\n",
    "東京は日本の首都です。これは普通の文章です。\n",
    "هذا نص عربي عادي. القاهرة مدينة كبيرة.\n",
    "זהו טקסט עברי רגיל. ירושלים היא עיר.\n",
])
def test_other_scripts_come_out_unchanged(tmp_path, text):
    f = tmp_path / "doc.txt"
    f.write_text(text, encoding="utf-8")
    proc = textfix("check", str(f))
    assert proc.returncode == 0, proc.stderr
    proc = textfix("clean", str(f))
    assert proc.stdout.decode("utf-8") == text


# --------------------------------------------------------------------------- size and pathological input


def _huge_line(size: int) -> bytes:
    chunk = ("word " * 190 + "cafÃ© &amp; naïve … ") * 1
    chunk_b = chunk.encode("utf-8")
    return chunk_b * (size // len(chunk_b)) + b"\n"


def _clean_big(tmp_path: Path, size: int) -> float:
    f = tmp_path / "big.txt"
    f.write_bytes(_huge_line(size))
    t = time.perf_counter()
    proc = textfix("clean", str(f), "-o", str(tmp_path / "big.out.txt"), timeout=600)
    elapsed = time.perf_counter() - t
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "big.out.txt").read_bytes()
    assert b"&amp;" not in out and "café".encode() in out
    print(f"{size / 1e6:.0f} MB single line: {elapsed:.1f} s")
    return elapsed


def test_20mb_single_line(tmp_path):
    _clean_big(tmp_path, 20_000_000)


def test_100mb_single_line(tmp_path):
    """A line over MAX_PARAGRAPH_CHARS: encoding fixes it in windows, the prose stages leave it alone
    (about 12 s and 0.9 GB on one core; it took 759 s and 7.2 GB when every stage read it whole)."""
    import resource

    elapsed = _clean_big(tmp_path, 100_000_000)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    assert elapsed < 90 and peak_mb < 2000, (elapsed, peak_mb)


def test_a_million_tiny_lines(tmp_path):
    f = tmp_path / "lines.txt"
    # 1% of the lines need the encoding stage (ftfy costs ~70 µs per such line: 1M of them take ~70 s).
    f.write_bytes((b"a\n" * 98 + "é\n".encode() + b"x &amp; y\n") * 10_000)
    proc = textfix("clean", str(f), "-o", str(tmp_path / "lines.out.txt"))
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "lines.out.txt").read_bytes()
    assert out.count(b"\n") == 1_000_000 and b"&amp;" not in out and out.count("é".encode()) == 10_000


@pytest.mark.parametrize("name,text", [
    ("spaces", "a" + " " * 300_000 + "b\n"),
    ("tabs-and-spaces", (" \t" * 150_000) + "\n"),
    ("punctuation", "Why" + "?!.,;:" * 50_000 + "\n"),
    ("dots", "." * 300_000 + "\n"),
    ("repeated-token", "the " * 100_000 + "\n"),
    ("repeated-lines", "Same line again.\n" * 30_000),
    ("no-spaces", "x" * 300_000 + "\n"),
    ("markup-like", "<b>" * 50_000 + "**" * 50_000 + "&amp" * 30_000 + "\n"),
    ("caps", "WORD " * 60_000 + "\n"),
    ("quotes", "\"'“”‘’«»" * 30_000 + "\n"),
    # found by the fuzzer: full case folding let "SS" match "ß" and a name pattern went exponential
    ("capital-s-runs", ("S" * 500 + "n\n") * 200),
])
def test_pathological_inputs_finish(tmp_path, name, text):
    """No regex may backtrack catastrophically: each input is ~300 KB and must finish well in time."""
    f = tmp_path / f"{name}.txt"
    f.write_text(text, encoding="utf-8")
    proc = textfix("clean", str(f), "-o", str(tmp_path / "out.txt"), "--report", str(tmp_path / "r.jsonl"),
                   timeout=120)
    assert proc.returncode == 0, proc.stderr
    restored = restore(tmp_path, tmp_path / "out.txt", str(f))
    assert restored == text.encode("utf-8")


# --------------------------------------------------------------------------- the file system


def _drop_root_privileges() -> list[str] | None:
    """Run as root but without the capabilities that let root ignore file modes (setpriv)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_unreadable_file(tmp_path):
    prefix = _drop_root_privileges()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 does not stop root from reading")
    src = batch(tmp_path, "secret.txt", b"You cannot read me.\n")
    (src / "secret.txt").chmod(0)
    try:
        out = tmp_path / "out"
        proc = textfix("clean", str(src), "-o", str(out), prefix=prefix)
    finally:
        (src / "secret.txt").chmod(0o644)
    assert proc.returncode == 2
    one_message(proc, "secret.txt", "permission denied")
    assert_rest_of_batch(out)


def test_unreadable_folder(tmp_path):
    prefix = _drop_root_privileges()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 does not stop root from reading")
    src = batch(tmp_path, "b.txt", GOOD.encode())
    locked = src / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD)
    locked.chmod(0)
    try:
        out = tmp_path / "out"
        proc = textfix("clean", str(src), "-o", str(out), prefix=prefix)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2
    one_message(proc, "locked", "cannot list folder")
    assert_rest_of_batch(out)


def test_missing_input(tmp_path):
    src = batch(tmp_path, "b.txt", GOOD.encode())
    out = tmp_path / "out"
    proc = textfix("clean", str(src), str(tmp_path / "nope.txt"), "-o", str(out))
    assert proc.returncode == 2
    one_message(proc, "nope.txt", "no such file")
    assert_rest_of_batch(out)


def test_fifo_is_not_read(tmp_path):
    """A named pipe would block the run forever: given by name or found in a folder, it is refused."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    src = batch(tmp_path, "b.txt", GOOD.encode())
    os.mkfifo(src / "inner-pipe.txt")
    proc = textfix("clean", str(src), str(fifo), "-o", str(tmp_path / "out"), timeout=60)
    assert proc.returncode == 2
    one_message(proc, "/pipe.txt", "not a regular file")
    one_message(proc, "inner-pipe.txt", "not a regular file")
    assert_rest_of_batch(tmp_path / "out")


def test_symlink_loop(tmp_path):
    src = batch(tmp_path, "b.txt", GOOD.encode())
    (src / "sub").mkdir()
    (src / "sub" / "deep.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    (src / "self.txt").symlink_to(src / "self.txt")  # a file symlink loop
    out = tmp_path / "out"
    proc = textfix("clean", str(src), "-o", str(out), "--no-dedup", timeout=60)  # deep.txt copies z_mojibake.txt
    assert proc.returncode == 2  # self.txt cannot be read
    one_message(proc, "self.txt", "symbolic links")
    one_message(proc, "sub/loop", "already read")
    assert_rest_of_batch(out)
    assert (out / "sub" / "deep.txt").exists()
    assert not (out / "sub" / "loop").exists()


def test_output_folder_inside_input_folder(tmp_path):
    src = batch(tmp_path, "b.txt", GOOD.encode())
    out = src / "cleaned"
    for _ in range(2):  # the second run must not read the first run's outputs
        proc = textfix("clean", str(src), "-o", str(out), "--no-dedup")  # b.txt is a copy of a_good.txt
        assert proc.returncode == 0, proc.stderr
        one_message(proc, "cleaned", "not read as input")
    assert_rest_of_batch(out)
    assert not (out / "cleaned").exists()
    assert sorted(p.name for p in out.iterdir()) == ["a_good.txt", "b.txt", "z_mojibake.txt"]


def test_output_folder_equal_to_input_folder_is_a_usage_error(tmp_path):
    src = batch(tmp_path, "b.txt", GOOD.encode())
    proc = textfix("clean", str(src), "-o", str(src))
    assert proc.returncode == 2
    assert len(err_lines(proc)) == 1 and "--in-place" in err_lines(proc)[0]
    assert (src / "z_mojibake.txt").read_text(encoding="utf-8") == MOJIBAKE


def test_output_that_cannot_be_written(tmp_path):
    src = batch(tmp_path, "b.txt", GOOD.encode())
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.txt").mkdir()  # a folder where the output file should go
    proc = textfix("clean", str(src), "-o", str(out), "--no-dedup")  # b.txt is a copy of a_good.txt
    assert proc.returncode == 2
    one_message(proc, "b.txt", "cannot write")
    assert_rest_of_batch(out)


def test_output_below_a_file(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    proc = textfix("clean", str(f), "-o", str(tmp_path / "afile" / "out"))
    assert proc.returncode == 2
    one_message(proc, "afile", "afile is a file, not a folder")


def test_report_that_cannot_be_written(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    proc = textfix("clean", str(f), "--report", str(tmp_path / "afile" / "r.jsonl"))
    assert proc.returncode == 2
    one_message(proc, "r.jsonl", "is a file, not a folder")


# --------------------------------------------------------------------------- JSONL and config


def test_malformed_jsonl_line(tmp_path):
    f = tmp_path / "recs.jsonl"
    f.write_text(json.dumps({"id": 1, "text": MOJIBAKE}) + "\n{not json\n"
                 + json.dumps({"id": 3, "text": GOOD}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = textfix("clean", "--jsonl", str(f), "-o", str(out))
    assert proc.returncode == 2
    one_message(proc, "recs.jsonl:2", "malformed JSON")
    lines = (out / "recs.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["text"] == "The café & bar is open.\n"
    assert lines[1] == "{not json"  # passed through, never lost
    assert json.loads(lines[2]) == {"id": 3, "text": GOOD}


@pytest.mark.parametrize("toml,key", [
    ("[encoding]\nunescape_htm = true\n", "unescape_htm"),
    ("colour = 'blue'\n", "colour"),
    ("[encoding]\nenabled = 'yes'\n", "encoding.enabled"),
    ("max_rounds = 'three'\n", "max_rounds"),
    ("[boilerplate]\nlevel = 'extreme'\n", "boilerplate.level"),
    ("skip = ['nosuchstage']\n", "nosuchstage"),
    ("this is = not toml [\n", "not valid TOML"),
])
def test_bad_config(tmp_path, toml, key):
    (tmp_path / "textfix.toml").write_text(toml)
    doc = tmp_path / "doc.txt"
    doc.write_text(MOJIBAKE, encoding="utf-8")
    proc = textfix("clean", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 2
    lines = err_lines(proc)
    assert len(lines) == 1 and "textfix.toml" in lines[0] and key in lines[0], lines
    assert proc.stdout == b""


def test_an_interrupt_while_a_temp_file_is_created_waits_until_it_is_named(tmp_path):
    import signal

    from textfix.io.writers import interrupts_deferred, temp_file

    named = None
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever an earlier test left
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_deferred():
                os.kill(os.getpid(), signal.SIGINT)  # held: lands only when the block ends
                fd, named = temp_file(tmp_path / "out.txt")
                os.close(fd)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert named is not None and os.path.exists(named)  # named first, so a caller's finally can remove it
    assert signal.getsignal(signal.SIGINT) is previous


def test_an_interrupt_held_while_other_threads_run_still_waits(tmp_path):
    # A process-directed signal may be handed to any thread that does not block it (a process pool's
    # helper threads, for one); Python still runs the handler in the main thread, so it must be held there.
    import signal
    import threading

    from textfix.io.writers import interrupts_deferred, temp_file

    stop = threading.Event()
    others = [threading.Thread(target=stop.wait) for _ in range(4)]
    for t in others:
        t.start()
    named = None
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_deferred():
                for _ in range(20):
                    os.kill(os.getpid(), signal.SIGINT)
                    sum(range(10_000))  # bytecodes: a pending handler would run here
                fd, named = temp_file(tmp_path / "out.txt")
                os.close(fd)
    finally:
        signal.signal(signal.SIGINT, previous)
        stop.set()
        for t in others:
            t.join()
    assert named is not None and os.path.exists(named)
