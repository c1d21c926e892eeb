"""Writers: atomic file writes and the JSONL report.

A write goes to a temporary file in the target's folder, is flushed to disk,
takes the old file's permissions, and is renamed over the target: an
interrupted run leaves every file either old or new, never partial.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any

from ..edits import Result
from ..errors import OutputError

__all__ = ["atomic_write", "report_line", "ReportWriter"]


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; raise OutputError on failure."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".textfix-tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(str(path), f"cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(str(path), f"cannot write: {e.strerror or e}") from None
        raise


def report_line(result: Result, path: str | None = None, **extra: Any) -> str:
    d = result.to_dict()
    if path is not None:
        d = {"path": path, **d}
    d.update(extra)
    return json.dumps(d, ensure_ascii=False, sort_keys=False)


class ReportWriter:
    """The ``--report`` JSONL file: one line per document, written as results arrive."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._f: IO[str] | None = None
        self._tmp: str | None = None
        if path:
            target = Path(path)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".textfix-tmp",
                                                 dir=target.parent)
            except OSError as e:
                raise OutputError(path, f"cannot write report: {e.strerror or e}") from None
            self._f = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, result: Result, path: str | None = None, **extra: Any) -> None:
        if self._f:
            self._f.write(report_line(result, path, **extra) + "\n")

    def close(self) -> None:
        if self._f and self._tmp and self.path:
            self._f.flush()
            os.fsync(self._f.fileno())
            self._f.close()
            os.replace(self._tmp, self.path)
            self._f = None
