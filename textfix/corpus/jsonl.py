"""JSONL corpora of any size: two streaming passes, every field kept, one field cleaned.

A JSONL file is read twice (pass 1: evidence and near-duplicate signatures;
pass 2: cleaning) and written record by record to a temporary file that
replaces the target at the end, so memory stays bounded by the work in flight,
never by the file: a 2 GB file does not need 2 GB of RAM. A malformed line is
reported once and passed through untouched, in its place; a record dropped as
a near-duplicate of another is not written.
"""

from __future__ import annotations

import json
import os
import stat
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Iterator, Sequence

from ..document import Document
from ..edits import Result
from ..errors import InputError, OutputError
from ..io.writers import interrupts_deferred, temp_file
from .runner import CorpusRunner

__all__ = ["JsonlSource", "JsonlCorpus", "read_records", "clean_jsonl"]


@dataclass(frozen=True)
class JsonlSource:
    """One JSONL input: its name in messages, where to read, where to write (None: stdout)."""

    display: str
    path: Path
    target: Path | None = None


def read_records(path: Path, display: str, field: str,
                 on_error: Callable[[str], None] | None = None) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, record) of a JSONL file; a malformed line comes back as its raw text."""
    try:
        f = open(path, encoding="utf-8", errors="strict", newline="")
    except OSError as e:
        if on_error is not None:
            on_error(f"{display}: cannot read: {e.strerror or e}")
        return
    with f:
        try:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    problem = None if isinstance(rec, dict) and isinstance(rec.get(field), str) else \
                        f"record has no string field {field!r}; passed through unchanged"
                except json.JSONDecodeError as e:
                    problem = f"malformed JSON ({e.msg}); passed through unchanged"
                if problem is None:
                    yield n, rec
                    continue
                if on_error is not None:
                    on_error(str(InputError(f"{display}:{n}", problem)))
                yield n, line if line.endswith("\n") else line + "\n"
        except UnicodeDecodeError as e:
            if on_error is not None:
                on_error(f"{display}: not valid UTF-8 at byte {e.start}; the rest of this file was skipped")


class JsonlCorpus:
    """The records of JSONL files as Documents (id ``FILE:LINE``), readable once per pass.

    Problems are reported on the first pass only. While a :meth:`tracked`
    pass runs, :attr:`pending` holds, in file order, what was read but not yet
    written (records, and malformed lines that are passed through): the writer
    pairs them with results as they come back.
    """

    def __init__(self, sources: Sequence[JsonlSource], field: str = "text",
                 on_error: Callable[[str], None] | None = None) -> None:
        self.sources = list(sources)
        self.field = field
        self.on_error = on_error
        self.passes = 0
        self.pending: deque[tuple[JsonlSource, int, dict[str, Any] | str]] = deque()

    def __call__(self) -> Iterator[Document]:
        """One pass over the documents (problems are reported on the first)."""
        return self._read(track=False)

    def tracked(self) -> Iterator[Document]:
        """A pass that also fills :attr:`pending`, for a writer that consumes it as results come."""
        return self._read(track=True)

    def _read(self, track: bool) -> Iterator[Document]:
        report = self.on_error if self.passes == 0 else None
        self.passes += 1
        self.pending.clear()
        for src in self.sources:
            for n, rec in read_records(src.path, src.display, self.field, report):
                if track:
                    self.pending.append((src, n, rec))
                if isinstance(rec, dict):
                    yield Document(f"{src.display}:{n}", rec[self.field], {"path": src.display, "line": n})


class _AtomicStream:
    """A text file written line by line and swapped in whole at the end (old or new, never partial)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
            with interrupts_deferred():
                fd, self.tmp = temp_file(target)
        except OSError as e:
            raise OutputError(str(target), f"cannot write: {e.strerror or e}") from None
        self.f: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, line: str) -> None:
        self.f.write(line)

    def commit(self) -> None:
        try:
            self.f.flush()
            os.fsync(self.f.fileno())
            self.f.close()
            if self.mode is not None:
                os.chmod(self.tmp, self.mode)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.tmp, 0o666 & ~umask)
            os.replace(self.tmp, self.target)
        except OSError as e:
            self.abort()
            raise OutputError(str(self.target), f"cannot write: {e.strerror or e}") from None

    def abort(self) -> None:
        if not self.f.closed:
            self.f.close()
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def clean_jsonl(corpus: JsonlCorpus, runner: CorpusRunner, *, write: bool, stdout: IO[str],
                on_result: Callable[[Result, dict[str, Any]], None] | None = None,
                on_error: Callable[[str], None] | None = None) -> int:
    """Both passes over ``corpus``; write each file (or stdout) as results arrive. Returns records changed."""
    lexicon, sigs = runner.evidence(corpus())
    runner.duplicates = runner.decide(sigs, corpus)
    sigs.close()
    del sigs  # pass 2 streams on: the band keys are not needed any more
    results = runner.clean(corpus.tracked(), lexicon if lexicon.n_docs > 1 else None, runner.duplicates)
    changed = 0
    out: _AtomicStream | None = None
    current: JsonlSource | None = None
    seen: set[int] = set()

    def switch(src: JsonlSource) -> None:
        nonlocal out, current
        if src is current:
            return
        finish()
        current = src
        seen.add(id(src))
        if write and src.target is not None:
            out = _AtomicStream(src.target)

    def finish() -> None:
        nonlocal out
        if out is not None:
            try:
                out.commit()
            except OutputError as e:
                if on_error is None:
                    raise
                on_error(str(e))
            out = None

    def emit(line: str) -> None:
        if not write:
            return
        (out if out is not None else stdout).write(line)

    try:
        for result in results:
            while True:  # malformed lines before this record go out first, in place
                src, n, rec = corpus.pending.popleft()
                switch(src)
                if isinstance(rec, dict):
                    break
                emit(rec)
            if on_result is not None:
                on_result(result, rec)
            changed += result.changed
            if not result.dropped:
                emit(json.dumps({**rec, corpus.field: result.text}, ensure_ascii=False) + "\n")
        while corpus.pending:  # malformed lines after the last record
            src, n, rec = corpus.pending.popleft()
            switch(src)
            emit(rec if isinstance(rec, str) else "")
        for src in corpus.sources:  # a file without records still gets its (empty) output
            if id(src) not in seen and os.access(src.path, os.R_OK):
                switch(src)
        finish()
    finally:
        if out is not None:
            out.abort()
    return changed
