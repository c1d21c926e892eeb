"""Rules are data: phrase lists, patterns and word lists live in ``textfix/data``.

A new language or site is a new data file, not a code change. Files are read
with importlib.resources (so they work from a wheel or a zip) and compiled once;
the cache holds only immutable data, so results never depend on call history.
"""

from __future__ import annotations

import gzip
import sys
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["load_toml", "load_lines", "load_tsv", "data_files"]

_PACKAGE = "textfix.data"


def _path(name: str):
    return resources.files(_PACKAGE).joinpath(name)


def data_files(folder: str = "", suffix: str = ".toml") -> list[str]:
    """Names (relative to ``textfix/data``) of the data files in ``folder``, sorted."""
    base = resources.files(_PACKAGE)
    if folder:
        base = base.joinpath(folder)
    if not base.is_dir():
        return []
    prefix = f"{folder}/" if folder else ""
    return sorted(prefix + p.name for p in base.iterdir() if p.name.endswith(suffix))


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    """A TOML data file as a dict. Malformed shipped data is a packaging bug: say which file."""
    try:
        return tomllib.loads(_path(name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"textfix data file {name}: {e}") from None


def load_lines(name: str) -> tuple[str, ...]:
    """A word list: one entry per line, ``#`` comments and blank lines skipped; ``.gz`` allowed.

    Not cached, nor is :func:`load_tsv`: each caller builds its own table (a dict, a set) once and caches
    that; a cache here would keep the raw lines beside it for the life of the process (13 MB for the
    English word table and the casing lists)."""
    raw = _path(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    out = []
    for line in raw.decode("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated table (``.gz`` allowed), comment lines skipped."""
    return tuple(tuple(line.split("\t")) for line in load_lines(name))
