"""Readers: files, folders, stdin and JSONL into Documents, with clear errors.

Bad input must never cost the rest of a batch: every problem is an
:class:`~textfix.errors.InputError` naming the source and the reason in one
line, raised for that input alone.
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..document import Document
from ..errors import InputError

__all__ = ["decode_bytes", "read_text_file", "walk_inputs", "InputFile", "iter_jsonl"]

#: Files larger than this are refused (a text file this large is almost certainly not one document).
MAX_FILE_BYTES = 1 << 30

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` to text; return (text, encoding used). Refuse binary data.

    UTF-8 first (by far the most common, and a strict decode rarely succeeds by
    accident), then a byte-order mark, then charset-normalizer's best guess.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(source, f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    if b"\x00" in data[:65536]:
        raise InputError(source, "binary file (contains NUL bytes); not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, f"not valid UTF-8 (first bad byte at offset {first_bad}) "
                                 "and no other text encoding fits; binary?")
    text = str(best)
    if _looks_binary(text):
        raise InputError(source, "binary file (mostly control characters); not text")
    return text, best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls / len(sample) > 0.05


def read_text_file(path: Path, display: str | None = None) -> Document:
    """A text file as a Document (its id is the path as given)."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(name, f"file too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(name, "is a folder (give it as an input folder, not a file)") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None
    text, encoding = decode_bytes(data, name)
    meta: dict[str, Any] = {"path": name}
    if encoding != "utf-8":
        meta["source_encoding"] = encoding
    return Document(name, text, meta)


@dataclass(frozen=True)
class InputFile:
    """A file to process, and where its output goes relative to the output folder."""

    path: Path
    relative: Path
    display: str


def walk_inputs(inputs: list[str], pattern: str = "*.txt",
                exclude: Path | None = None) -> Iterator[InputFile | InputError]:
    """Every file named, and every ``pattern`` file under every folder named (sorted).

    Symlink loops are cut (each real folder is visited once); ``exclude`` (the
    output folder, when it lies inside an input folder) is never read.
    Problems are yielded as InputError values so that the caller reports them
    and carries on.
    """
    seen_files: set[str] = set()
    for raw in inputs:
        p = Path(raw)
        if not p.exists():
            yield InputError(raw, "no such file or folder")
            continue
        if p.is_file():
            real = os.path.realpath(p)
            if real not in seen_files:
                seen_files.add(real)
                yield InputFile(p, Path(p.name), raw)
            continue
        if not p.is_dir():
            yield InputError(raw, "not a regular file or folder")
            continue
        excluded = os.path.realpath(exclude) if exclude else None
        seen_dirs: set[str] = set()
        for folder, dirnames, filenames in os.walk(p, followlinks=True, onerror=None):
            real = os.path.realpath(folder)
            if real in seen_dirs or (excluded and (real == excluded or real.startswith(excluded + os.sep))):
                dirnames[:] = []
                continue
            seen_dirs.add(real)
            dirnames.sort()
            if not os.access(folder, os.R_OK | os.X_OK):
                yield InputError(folder, "permission denied (folder)")
                dirnames[:] = []
                continue
            for fn in sorted(filenames):
                fp = Path(folder) / fn
                if not fp.match(pattern):
                    continue
                rf = os.path.realpath(fp)
                if rf in seen_files:
                    continue
                seen_files.add(rf)
                yield InputFile(fp, fp.relative_to(p), str(fp))


def iter_jsonl(lines: Iterator[str], source: str, text_field: str) -> Iterator[dict[str, Any] | InputError]:
    """Records of a JSONL stream; a malformed line is an InputError naming its line number."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(f"{source}:{n}", f"malformed JSON ({e.msg}); record skipped")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get(text_field), str):
            yield InputError(f"{source}:{n}", f"record has no string field {text_field!r}; record skipped")
            continue
        yield rec
