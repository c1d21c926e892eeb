"""The command line, through a real subprocess (``python -m textfix``), as users run it.

Cases that change text use what the encoding stage repairs (mojibake, entities, control
characters), so the assertions stay true as the other stages land.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAN = "A plain sentence that needs nothing.\n"
DIRTY = "The cafÃ© &amp; bar is open.\n"
FIXED = "The café & bar is open.\n"


def env() -> dict[str, str]:
    e = {**os.environ, "PYTHONPATH": str(ROOT)}
    e.pop("TEXTFIX_DEBUG", None)
    return e


def textfix(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "textfix", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=timeout, env=env())
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (src / "sub" / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (src / "sub" / "deeper" / "crlf.txt").write_bytes(b"caf\xc3\x83\xc2\xa9 &lt;3\r\nno final newline")
    (src / "sub" / "notes.md").write_text(DIRTY, encoding="utf-8")  # not *.txt: not taken
    return src


def read_report(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- clean


def test_clean_folder_mirrors_relative_paths(corpus, tmp_path):
    out = tmp_path / "out"
    proc = textfix("clean", str(corpus), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["clean.txt", "sub/deeper/crlf.txt", "sub/dirty.txt"]
    assert (out / "clean.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "sub" / "dirty.txt").read_text(encoding="utf-8") == FIXED
    assert proc.stdout == b"" and proc.stderr == b""  # nothing extra on a pipe


def test_clean_files_and_folders_together(corpus, tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("Also: " + DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    proc = textfix("clean", str(extra), str(corpus / "sub"), "-o", str(out), "--no-dedup")
    assert proc.returncode == 0, proc.stderr
    assert (out / "extra.txt").read_text(encoding="utf-8") == "Also: " + FIXED  # (a near-duplicate of dirty.txt)
    assert (out / "dirty.txt").read_text(encoding="utf-8") == FIXED
    assert (out / "deeper" / "crlf.txt").exists()


def test_two_inputs_with_one_name_do_not_overwrite_each_other(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    proc = textfix("clean", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o", str(out))
    assert proc.returncode == 2
    assert (out / "x.txt").read_text(encoding="utf-8") == FIXED
    [line] = proc.stderr.decode().splitlines()
    assert "b/x.txt" in line and "already written" in line


def test_glob_option(corpus, tmp_path):
    out = tmp_path / "out"
    proc = textfix("clean", str(corpus), "-o", str(out), "--glob", "*.md")
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in out.rglob("*") if p.is_file()] == ["notes.md"]


def test_one_file_to_stdout_and_to_a_file(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DIRTY, encoding="utf-8")
    proc = textfix("clean", str(f))
    assert proc.returncode == 0 and proc.stdout.decode("utf-8") == FIXED
    proc = textfix("clean", str(f), "-o", str(tmp_path / "fixed.txt"))
    assert proc.returncode == 0
    assert (tmp_path / "fixed.txt").read_text(encoding="utf-8") == FIXED


def test_stdin_to_stdout_keeps_bytes(tmp_path):
    proc = textfix("clean", "-", stdin=b"caf\xc3\x83\xc2\xa9 ok\r\nline two")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8").startswith("café ok")
    assert proc.stdout.endswith(b"line two")  # no newline added
    proc = textfix("clean", "-", stdin=CLEAN.encode())
    assert proc.stdout == CLEAN.encode()
    proc = textfix("clean", "-", stdin="naïve “text”\n".encode("cp1252"))
    assert proc.stdout.decode("utf-8") == "naïve “text”\n"
    assert "decoded as cp1252" in proc.stderr.decode()


def test_several_inputs_need_a_destination(corpus):
    proc = textfix("clean", str(corpus))
    assert proc.returncode == 2
    [line] = proc.stderr.decode().splitlines()
    assert "-o OUTDIR" in line and "--in-place" in line


@pytest.mark.parametrize("args,words", [
    (["clean"], "required"),
    (["clean", "x.txt", "--jobs", "many"], "invalid int"),
    (["clean", "x.txt", "--bogus"], "unrecognized"),
    (["frobnicate"], "invalid choice"),
    (["clean", "-", "x.txt"], "cannot be combined"),
    (["clean", "x.txt", "-o", "o", "--in-place"], "not both"),
    (["clean", "x.txt", "--only", "nosuchstage"], "nosuchstage"),
    (["clean", "x.txt", "-j", "0"], "--jobs"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, args, words):
    (tmp_path / "x.txt").write_text(CLEAN)
    proc = textfix(*args, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("textfix: error:") and words in lines[0], lines


def test_no_command_prints_help_and_exits_2():
    proc = textfix()
    assert proc.returncode == 2 and b"usage" in proc.stderr


# --------------------------------------------------------------------------- in place


def test_in_place_is_atomic_and_keeps_permissions(corpus):
    dirty = corpus / "sub" / "dirty.txt"
    clean = corpus / "clean.txt"
    dirty.chmod(0o640)
    before_clean = clean.stat().st_mtime_ns
    link = corpus / "link.txt"
    link.symlink_to(dirty)
    proc = textfix("clean", "--in-place", str(corpus))
    assert proc.returncode == 0, proc.stderr
    assert dirty.read_text(encoding="utf-8") == FIXED
    assert (dirty.stat().st_mode & 0o777) == 0o640
    assert clean.stat().st_mtime_ns == before_clean  # unchanged files are not rewritten
    assert link.is_symlink()  # the link still points at the (rewritten) file
    assert not list(corpus.rglob("*.textfix-tmp"))


def _dirty_corpus(folder: Path, n: int) -> dict[Path, bytes]:
    folder.mkdir()
    body = ("Ãœber cafÃ© &amp; naïve text with a control\x07 char. " * 600 + "\n").encode()
    files = {}
    for i in range(n):
        p = folder / f"doc{i:04d}.txt"
        data = f"Document {i}.\n".encode() + body
        p.write_bytes(data)
        files[p] = data
    return files


@pytest.mark.parametrize("sig,code,jobs,group", [
    (signal.SIGTERM, 143, "1", False),
    (signal.SIGINT, 130, "1", False),
    (signal.SIGINT, 130, "2", True),  # Ctrl-C on a terminal reaches the workers too
    (signal.SIGTERM, 143, "2", True),
])
def test_interrupted_in_place_run_leaves_every_file_old_or_new(tmp_path, sig, code, jobs, group):
    files = _dirty_corpus(tmp_path / "corpus", 150)
    expected_new = {}
    proc = subprocess.Popen([sys.executable, "-m", "textfix", "clean", "--in-place", "--no-dedup", "-q", "-j", jobs,
                             str(tmp_path / "corpus")], env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    # Wait until some files are rewritten, then stop it mid-batch.
    deadline = time.time() + 300  # pass 1 reads the whole batch before the first write
    while time.time() < deadline:
        if any(p.read_bytes() != d for p, d in list(files.items())[:5]):
            break
        time.sleep(0.05)
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=180)  # a loaded 2-core machine may take a while to stop the pool
    assert b"Traceback" not in err, err.decode()
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived; machine too fast for this batch size")
    assert proc.returncode == code, err.decode()
    assert len(err.decode().splitlines()) == 1 and "either complete or untouched" in err.decode()
    new_count = 0
    for p, old in files.items():
        now = p.read_bytes()
        if now == old:
            continue
        new_count += 1
        if not expected_new:
            ref = textfix("clean", "-", stdin=old).stdout
            expected_new["body"] = ref.split(b"\n", 1)[1]
        head, rest = now.split(b"\n", 1)
        assert head == old.split(b"\n", 1)[0] and rest == expected_new["body"], f"{p} is partial"
    assert not list((tmp_path / "corpus").glob(".*textfix-tmp"))
    assert new_count > 0
    if new_count == len(files):  # this poller was starved while the run wrote the rest (a loaded machine)
        pytest.skip("every file was rewritten before the signal arrived; nothing was cut mid-batch")


# --------------------------------------------------------------------------- report, diff, check, explain


def test_report_has_one_line_per_document_and_restores(corpus, tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "r.jsonl"
    proc = textfix("clean", str(corpus), "-o", str(out), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    lines = read_report(report)
    assert sorted(Path(x["path"]).name for x in lines) == ["clean.txt", "crlf.txt", "dirty.txt"]
    for x in lines:
        assert {"path", "edits", "findings", "stats"} <= set(x)
        for e in x["edits"]:
            assert {"stage", "rule", "start", "end", "before", "after", "reason"} <= set(e)
    dirty = next(x for x in lines if x["path"].endswith("dirty.txt"))
    assert dirty["changed"] and dirty["edits"][0]["stage"] == "encoding"
    for rel in ("clean.txt", "sub/dirty.txt", "sub/deeper/crlf.txt"):
        proc = textfix("restore", str(out / rel), "--report", str(report))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == (corpus / rel).read_bytes()


def test_diff_prints_unified_diff_and_writes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    proc = textfix("clean", str(corpus), "-o", str(out), "--diff")
    assert proc.returncode == 0, proc.stderr
    diff = proc.stdout.decode("utf-8")
    assert "--- " in diff and "+++ " in diff
    assert "-The cafÃ© &amp; bar is open." in diff and "+The café & bar is open." in diff
    assert "clean.txt" not in diff  # unchanged files print nothing
    assert not out.exists()


@pytest.mark.parametrize("command", [["clean", "--check"], ["check"]])
def test_check_exit_codes(corpus, tmp_path, command):
    before = {p: p.read_bytes() for p in corpus.rglob("*")if p.is_file()}
    proc = textfix(*command, str(corpus))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "2 of 3 documents would change" in err
    assert "dirty.txt: would change (encoding: " in err and "crlf.txt: would change" in err
    assert "clean.txt" not in err
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before
    proc = textfix(*command, str(corpus / "clean.txt"))
    assert proc.returncode == 0 and proc.stdout == b""
    proc = textfix(*command, "-", stdin=DIRTY.encode())
    assert proc.returncode == 1 and proc.stdout == b""


def test_check_with_an_unreadable_input_is_2(corpus, tmp_path):
    proc = textfix("check", str(corpus), str(tmp_path / "missing.txt"))
    assert proc.returncode == 2


def test_explain(corpus):
    proc = textfix("explain", str(corpus / "sub" / "dirty.txt"), str(corpus / "clean.txt"))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert "== " in text and "[encoding/" in text and "no changes" in text


def test_stages_lists_every_stage():
    proc = textfix("stages")
    names = [line.split()[0] for line in proc.stdout.decode().splitlines()]
    assert names[:8] == ["encoding", "markup", "layout", "boilerplate", "repeats", "casing", "names", "langid"]


# --------------------------------------------------------------------------- only / skip / config / jobs


def test_only_and_skip(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DIRTY, encoding="utf-8")
    assert textfix("clean", str(f), "--skip", "encoding").stdout.decode() == DIRTY
    assert textfix("clean", str(f), "--only", "encoding").stdout.decode() == FIXED
    assert textfix("clean", str(f), "--only", "markup,layout").stdout.decode() == DIRTY
    assert textfix("check", str(f), "--skip", "encoding").returncode == 0


def test_config_option_and_discovery(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "off.toml").write_text("skip = ['encoding']\n")
    assert textfix("clean", "doc.txt", "--config", "off.toml", cwd=tmp_path).stdout.decode() == DIRTY
    (tmp_path / "textfix.toml").write_text("[encoding]\nunescape_html = false\n")
    out = textfix("clean", "doc.txt", cwd=tmp_path).stdout.decode()
    assert "café" in out and "&amp;" in out  # discovered: entities kept
    assert textfix("clean", "doc.txt", "--only", "markup", cwd=tmp_path).stdout.decode() == DIRTY


def test_jobs_give_identical_results(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        (src / f"d{i:02d}.txt").write_text(f"Doc {i}: " + DIRTY * (i + 1) + CLEAN, encoding="utf-8")
    outs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"out{jobs}"
        report = tmp_path / f"r{jobs}.jsonl"
        proc = textfix("clean", str(src), "-o", str(out), "-j", jobs, "--report", str(report))
        assert proc.returncode == 0, proc.stderr
        outs.append(({p.name: p.read_bytes() for p in sorted(out.iterdir())}, report.read_bytes()))
    assert outs[0] == outs[1]


def test_jsonl_text_field(tmp_path):
    f = tmp_path / "recs.jsonl"
    f.write_text(json.dumps({"id": "a", "body": DIRTY, "n": 1}) + "\n" + json.dumps({"id": "b", "body": CLEAN})
                 + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = textfix("clean", "--jsonl", "--text-field", "body", str(f), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(x) for x in (out / "recs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert recs[0]["body"] == FIXED and recs[0]["n"] == 1 and recs[1]["body"] == CLEAN
    proc = textfix("clean", "--jsonl", "--text-field", "body", "-", stdin=f.read_bytes())
    assert [json.loads(x)["body"] for x in proc.stdout.decode().splitlines()] == [FIXED, CLEAN]


def test_html_review_page_is_written(corpus, tmp_path):
    page = tmp_path / "review.html"
    proc = textfix("clean", str(corpus), "-o", str(tmp_path / "out"), "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert "<del" in html and "<ins" in html and 'data-stage="encoding"' in html
    assert "http://" not in html and "https://" not in html  # self-contained


# --------------------------------------------------------------------------- progress bar


def _run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run textfix with stderr on a pseudo-terminal; return (exit code, what the terminal showed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "textfix", *args], env=env(), stdout=subprocess.DEVNULL,
                            stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(corpus, tmp_path):
    pytest.importorskip("tqdm")
    code, shown = _run_on_a_terminal(["clean", str(corpus), "-o", str(tmp_path / "out")])
    assert code == 0
    assert "/3 [" in shown and "doc/s" in shown
    proc = textfix("clean", str(corpus), "-o", str(tmp_path / "out2"))  # a pipe: nothing extra
    assert proc.stderr == b""
    code, shown = _run_on_a_terminal(["clean", str(corpus), "-o", str(tmp_path / "out3"), "-q"])
    assert code == 0 and shown == ""


# --------------------------------------------------------------------------- pre-commit


def _hook_entries() -> dict[str, str]:
    """id -> entry, from .pre-commit-hooks.yaml (a flat file; no YAML library needed)."""
    hooks: dict[str, str] = {}
    current = None
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines():
        s = line.strip()
        if s.startswith("- id:"):
            current = s.split(":", 1)[1].strip()
        elif s.startswith("entry:") and current:
            hooks[current] = s.split(":", 1)[1].strip()
    return hooks


def test_pre_commit_hooks_run_as_pre_commit_runs_them(tmp_path):
    """pre-commit appends the staged file names to ``entry``; a failing hook exits non-zero."""
    hooks = _hook_entries()
    assert set(hooks) == {"textfix-check", "textfix-clean"}
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(CLEAN, encoding="utf-8")
    bad.write_text(DIRTY, encoding="utf-8")
    check = hooks["textfix-check"].split()[1:]
    assert textfix(*check, str(good)).returncode == 0
    proc = textfix(*check, str(good), str(bad))
    assert proc.returncode == 1 and bad.read_text(encoding="utf-8") == DIRTY
    proc = textfix(*hooks["textfix-clean"].split()[1:], str(good), str(bad))
    assert proc.returncode == 0 and bad.read_text(encoding="utf-8") == FIXED
    assert textfix(*check, str(good), str(bad)).returncode == 0


# --------------------------------------------------------------------------- atomic writes (unit)


def test_atomic_write_keeps_mode_and_owner(tmp_path):
    from textfix.io.writers import atomic_write

    p = tmp_path / "f.txt"
    p.write_text("old")
    p.chmod(0o444)
    if os.geteuid() == 0:
        os.chown(p, 65534, 65534)
    atomic_write(p, "new\r\n")
    assert p.read_bytes() == b"new\r\n" and (p.stat().st_mode & 0o777) == 0o444
    if os.geteuid() == 0:
        assert (p.stat().st_uid, p.stat().st_gid) == (65534, 65534)


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_atomic_write_failure_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch, failure):
    from textfix.errors import OutputError
    from textfix.io import writers

    p = tmp_path / "f.txt"
    p.write_text("old")

    def broken_fsync(fd):
        raise failure

    monkeypatch.setattr(writers.os, "fsync", broken_fsync)
    with pytest.raises(OutputError if isinstance(failure, OSError) else KeyboardInterrupt):
        writers.atomic_write(p, "new")
    assert p.read_text() == "old"
    assert [x.name for x in tmp_path.iterdir()] == ["f.txt"]
