"""Writers: atomic file writes and the JSONL report.

A write goes to a temporary file in the target's folder, is flushed to disk,
takes the old file's permissions, and is renamed over the target: an
interrupted run leaves every file either old or new, never partial.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from ..edits import Result
from ..errors import OutputError

__all__ = ["atomic_write", "atomic_write_bytes", "report_line", "ReportWriter", "interrupts_deferred",
           "signals_blocked", "unblock_signals", "temp_file"]


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for a moment: a temp file created but not yet named in a variable could not
    be cleaned up if the interrupt landed in between. The signal is delivered when the block ends.

    Python runs signal handlers in the main thread, whichever thread the kernel hands the signal to (a
    process pool's helper threads take them too), so the main thread holds them by swapping in a handler
    that only takes note; another thread blocks them for itself, all it can do.
    """
    if threading.current_thread() is not threading.main_thread():
        with signals_blocked():
            yield
        return
    caught: list[int] = []
    previous = {}
    for signum in _HELD:
        handler = signal.getsignal(signum)
        if handler is not None:  # None: a handler installed outside Python, left as it is
            previous[signum] = signal.signal(signum, lambda n, _frame: caught.append(n))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_blocked() -> Iterator[None]:
    """Block Ctrl-C and SIGTERM for the calling thread (where POSIX threads can); threads and processes
    it starts meanwhile inherit the block. They are delivered when it is lifted."""
    mask = getattr(signal, "pthread_sigmask", None)
    old = mask(signal.SIG_BLOCK, _HELD) if mask else None
    try:
        yield
    finally:
        if mask:
            mask(signal.SIG_SETMASK, old)


def unblock_signals() -> None:
    """Lift a block of Ctrl-C and SIGTERM inherited from :func:`signals_blocked` (a thread or a forked
    process started inside one); one held meanwhile is delivered now."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def temp_file(target: Path) -> tuple[int, str]:
    """A new hidden temp file beside ``target`` (same folder: the final rename is atomic); call it inside
    :func:`interrupts_deferred` and name the result before the block ends."""
    return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".textfix-tmp", dir=target.parent)


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given) atomically; OutputError on failure."""
    atomic_write_bytes(path, text.encode("utf-8", errors="surrogatepass"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: temp file in the same folder, fsync, rename.

    The old file's permissions (and, where allowed, owner) are kept; a new file gets the umask's. A
    symlink is followed, so the file it points to is replaced and the link
    stays. On any failure, or an interrupt, the temp file is removed and the
    target is untouched.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    tmp = None
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        _make_folder(path)
        old = path.stat() if path.exists() else None
        mode = stat.S_IMODE(old.st_mode) if old is not None else None
        with interrupts_deferred():
            fd, tmp = temp_file(path)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode if mode is not None else _default_mode())
        if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
            try:  # keep the owner too, where we may (root rewriting another user's file)
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:
                pass
        os.replace(tmp, path)
        tmp = None
        _fsync_folder(path.parent)
    except OSError as e:
        raise OutputError(str(path), f"cannot write: {e.strerror or e}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _make_folder(path: Path) -> None:
    """Create the target's folder; a file standing where a folder should be is named in the error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for folder in [path.parent, *path.parent.parents]:
            if folder.exists() and not folder.is_dir():
                raise OutputError(str(path), f"cannot write: {folder} is a file, not a folder") from None
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def report_line(result: Result, path: str | None = None, **extra: Any) -> str:
    d = result.to_dict()
    if path is not None:
        d = {"path": path, **d}
    d.update(extra)
    line = json.dumps(d, ensure_ascii=False, sort_keys=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a JSONL input): keep it, escaped
        line = json.dumps(d, ensure_ascii=True, sort_keys=False)
    return line


class ReportWriter:
    """The ``--report`` JSONL file: one line per document, written as results arrive."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._f: IO[str] | None = None
        self._tmp: str | None = None
        if path:
            target = Path(path)
            try:
                _make_folder(target)
                with interrupts_deferred():
                    fd, self._tmp = temp_file(target)
            except OSError as e:
                raise OutputError(path, f"cannot write report: {e.strerror or e}") from None
            self._f = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, result: Result, path: str | None = None, **extra: Any) -> None:
        if self._f:
            self._f.write(report_line(result, path, **extra) + "\n")

    def close(self) -> None:
        """Publish the report (atomically, like every output)."""
        if self._f and self._tmp and self.path:
            try:
                self._f.flush()
                os.fsync(self._f.fileno())
                self._f.close()
                os.chmod(self._tmp, _default_mode())
                os.replace(self._tmp, self.path)
            except OSError as e:
                raise OutputError(self.path, f"cannot write report: {e.strerror or e}") from None
            finally:
                self._f = None
