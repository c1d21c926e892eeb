"""Readers: files, folders, stdin and JSONL into Documents, with clear errors.

Bad input must never cost the rest of a batch: every problem is an
:class:`~textfix.errors.InputError` naming the source and the reason in one
line, raised for that input alone.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import regex

from ..document import Document
from ..errors import InputError

__all__ = ["decode", "encode_like", "read_text", "read_text_file", "walk_inputs", "InputFile",
           "iter_jsonl", "Decoded"]

#: Files larger than this are refused (a text file this large is almost certainly not one document).
MAX_FILE_BYTES = 1 << 30

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# A byte that is not valid UTF-8 comes out of ``surrogateescape`` as U+DC80..U+DCFF.
_ESCAPED = regex.compile(r"[\udc80-\udcff]")
_NON_ASCII_TEXT = regex.compile(r"[^\x00-\x7f\udc80-\udcff]")

#: A sample with more NUL bytes than this share is binary (or UTF-16 without a byte-order mark).
_MAX_NUL_SHARE = 0.01
#: A sample with more control bytes (other than tab, newlines, form feed) than this share is binary.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = [bytes([b]) for b in range(32) if b not in b"\t\n\r\f\v"] + [b"\x7f"]


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and what it takes to get the bytes back.

    ``undecodable`` lists (offset in ``text``, byte) for each byte that was not
    valid UTF-8 in an otherwise UTF-8 file (mixed encodings): each was read as
    its cp1252 character, and :func:`encode_like` puts the byte back, so that
    ``textfix restore`` rebuilds the file byte for byte.
    """

    text: str
    encoding: str
    undecodable: tuple[tuple[int, int], ...] = ()
    nul_bytes: int = 0

    @property
    def metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        if self.encoding != "utf-8":
            meta["source_encoding"] = self.encoding
        if self.undecodable:
            meta["undecodable_bytes"] = [list(x) for x in self.undecodable]
        return meta

    @property
    def warning(self) -> str | None:
        """One line for the user when the input was not plain UTF-8, else None."""
        if self.undecodable:
            off, byte = self.undecodable[0]
            return (f"not valid UTF-8 ({len(self.undecodable)} stray bytes, the first 0x{byte:02x} at "
                    f"character {off}); read those bytes as cp1252")
        if self.encoding not in ("utf-8", "utf-8-sig"):
            return f"not UTF-8; decoded as {self.encoding} (the output is UTF-8)"
        if self.nul_bytes:
            return f"contains {self.nul_bytes} NUL byte(s); read as text"
        return None


def decode(data: bytes, source: str) -> Decoded:
    """Decode ``data`` to text without losing a byte. Refuse binary data.

    A byte-order mark wins; then strict UTF-8 (by far the most common, and a
    strict decode rarely succeeds by accident). A UTF-8 file with a few stray
    bytes (two encodings mixed in one file, the usual scraping accident) keeps
    its UTF-8 and reads each stray byte as cp1252, remembering where, so the
    bytes can be put back. A file with no UTF-8 at all is a legacy code page:
    charset-normalizer's guess, with cp1252 preferred among equally good
    guesses (it is what Western web pages and Word files use; cp1250 is a
    tie-break accident that turns "naïve" into "naďve").
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError:
                raise InputError(source, f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    sample = data[:65536]
    nul = sample.count(0)
    if nul > max(1, len(sample) * _MAX_NUL_SHARE) or (nul and len(sample) < 200):
        raise InputError(source, "binary file (contains NUL bytes; or UTF-16 without a byte-order mark); not text")
    if sum(sample.count(b) for b in _CONTROL_BYTES) > len(sample) * _MAX_CONTROL_SHARE:
        raise InputError(source, "binary file (mostly control bytes); not text")
    nul_total = data.count(0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    else:
        _refuse_binary(text, source)
        return Decoded(text, "utf-8", nul_bytes=nul_total)
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = [(m.start(), ord(m.group()) - 0xDC00) for m in _ESCAPED.finditer(escaped)]
    valid = sum(1 for _ in _NON_ASCII_TEXT.finditer(escaped))
    if valid and len(bad) <= max(3, 2 * valid):  # mostly UTF-8: a few stray bytes from another encoding
        text = _ESCAPED.sub(lambda m: _cp1252_char(ord(m.group()) - 0xDC00), escaped)
        _refuse_binary(text, source)
        return Decoded(text, "utf-8", tuple(bad), nul_total)
    enc = _guess_code_page(data)
    if enc is None:
        raise InputError(source, f"not valid UTF-8 (first bad byte at offset {first_bad}) "
                                 "and no other text encoding fits; binary?")
    text = data.decode(enc)
    _refuse_binary(text, source)
    return Decoded(text, enc, nul_bytes=nul_total)


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8d 0x8f 0x90 0x9d: undefined in cp1252, Latin-1 C1 controls
        return chr(byte)


def _guess_code_page(data: bytes) -> str | None:
    """charset-normalizer's best guess among code pages that give the same bytes back.

    A code page that maps two bytes to one character (cp1006 does) would lose data:
    the original could no longer be restored, so such guesses are passed over.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos and m.coherence >= best.coherence:
            matches.remove(m)
            matches.insert(0, m)
            break
    for m in matches:
        try:
            if data.decode(m.encoding).encode(m.encoding) == data:
                return m.encoding
        except (UnicodeError, LookupError):
            continue
    return None


def encode_like(text: str, metadata: Mapping[str, Any]) -> bytes:
    """The bytes ``text`` was read from, given the metadata :func:`decode` recorded.

    Raises ValueError if the text cannot be encoded back (it is then not the text that was read).
    """
    enc = metadata.get("source_encoding") or "utf-8"
    stray = metadata.get("undecodable_bytes") or []
    if not stray:
        if enc in ("utf-16", "utf-32"):  # Python writes its native order; keep the file's
            return _bom_encode(text, enc, metadata)
        return text.encode(enc)
    out = bytearray()
    pos = 0
    for off, byte in stray:
        if off >= len(text) or text[off] != _cp1252_char(byte):
            raise ValueError("text does not hold the stray byte recorded at this offset")
        out += text[pos:off].encode("utf-8")
        out.append(byte)
        pos = off + 1
    out += text[pos:].encode("utf-8")
    return bytes(out)


def _bom_encode(text: str, enc: str, metadata: Mapping[str, Any]) -> bytes:
    order = metadata.get("byte_order", "le")
    boms = {("utf-16", "le"): codecs.BOM_UTF16_LE, ("utf-16", "be"): codecs.BOM_UTF16_BE,
            ("utf-32", "le"): codecs.BOM_UTF32_LE, ("utf-32", "be"): codecs.BOM_UTF32_BE}
    return boms[enc, order] + text.encode(f"{enc}-{order}")


def _refuse_binary(text: str, source: str) -> None:
    sample = text[:8192]
    if not sample:
        return
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(source, "binary file (mostly control characters); not text")


def read_text_file(path: Path, display: str | None = None) -> Document:
    """A text file as a Document (its id is the path as given)."""
    return read_text(path, display)[0]


def read_text(path: Path, display: str | None = None) -> tuple[Document, str | None]:
    """A text file as a Document, and a one-line warning if it was not plain UTF-8."""
    name = display or str(path)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a folder")
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            raise InputError(name, "not a regular file (a pipe, socket or device); not read")
        size = st.st_size
        if size > MAX_FILE_BYTES:
            raise InputError(name, f"file too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(name, "is a folder (give it as an input folder, not a file)") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except FileNotFoundError:
        raise InputError(name, "no such file (or a broken symlink)") from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None
    d = decode(data, name)
    meta: dict[str, Any] = {"path": name, **d.metadata}
    if d.encoding in ("utf-16", "utf-32"):
        meta["byte_order"] = "le" if data[:2] == b"\xff\xfe" else "be"
    return Document(name, d.text, meta), d.warning


@dataclass(frozen=True)
class InputFile:
    """A file to process, and where its output goes relative to the output folder."""

    path: Path
    relative: Path
    display: str


def walk_inputs(inputs: list[str], pattern: str = "*.txt", exclude: Path | None = None,
                notes: list[str] | None = None) -> Iterator[InputFile | InputError]:
    """Every file named, and every ``pattern`` file under every folder named (sorted).

    Symlink loops are cut (each real folder is visited once, and a note saying
    so goes to ``notes``); ``exclude`` (the output folder, when it lies inside
    an input folder) is never read. Problems are yielded as InputError values
    so that the caller reports them and carries on.
    """
    seen_files: set[str] = set()
    excluded = os.path.realpath(exclude) if exclude else None
    for raw in inputs:
        p = Path(raw)
        if not p.exists():
            yield InputError(raw, "no such file or folder" + (" (a broken symlink)" if p.is_symlink() else ""))
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
        seen_dirs: dict[str, str] = {}
        walk_errors: list[OSError] = []
        for folder, dirnames, filenames in os.walk(p, followlinks=True, onerror=walk_errors.append):
            while walk_errors:
                err = walk_errors.pop(0)
                yield InputError(str(err.filename or folder), f"cannot list folder: {err.strerror or err}")
            real = os.path.realpath(folder)
            if excluded and (real == excluded or real.startswith(excluded + os.sep)):
                dirnames[:] = []
                continue
            if real in seen_dirs:
                if notes is not None:
                    notes.append(f"{folder}: skipped, a symlink to a folder already read ({seen_dirs[real]})")
                dirnames[:] = []
                continue
            seen_dirs[real] = folder
            dirnames.sort()
            for fn in sorted(filenames):
                fp = Path(folder) / fn
                if not fp.match(pattern):
                    continue
                rf = os.path.realpath(fp)
                if rf in seen_files:
                    continue
                seen_files.add(rf)
                yield InputFile(fp, fp.relative_to(p), str(fp))
        for err in walk_errors:
            yield InputError(str(err.filename or raw), f"cannot list folder: {err.strerror or err}")


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
