"""Build textfix/data/english/first_names.tsv.gz from data that a PyPI package ships.

Run by hand (it needs the build-only package ``faker``, MIT, whose person providers list first names for
some eighty locales):

    pip install faker && python tools/build_first_names.py

Columns: the first name in lower case and the number of languages (locale prefixes: ``de`` for de_DE,
de_AT and de_CH) whose lists hold it. Only names of letters in the Latin script are kept. A name in many
languages' lists is a name wherever English text meets it ("vladimir", "angela"); one that a single list
holds may be a word there ("cinnamon", "karma" in en_US's long tail): casing.toml [first_names] sets how
many languages it takes. textfix never downloads anything at run time: this file ships in the package.
"""

from __future__ import annotations

import gzip
import importlib
import pkgutil
from pathlib import Path

import faker.providers.person as person

OUT = Path(__file__).resolve().parent.parent / "textfix" / "data" / "english" / "first_names.tsv.gz"


def _latin(name: object) -> bool:
    return isinstance(name, str) and name.isalpha() and name[:1].isupper() and all(ord(c) < 0x250 for c in name)


def _first_names(provider: type) -> set[str]:
    """Every first name a locale's provider lists (its tuples and weighted dicts of ``first_name*``)."""
    out: set[str] = set()
    for attr in dir(provider):
        value = getattr(provider, attr)
        if not attr.startswith("first_name") or callable(value) or isinstance(value, (str, property)):
            continue
        try:
            names = list(value.keys() if hasattr(value, "keys") else value)
        except TypeError:
            continue
        out.update(n.lower() for n in names if _latin(n))
    return out


def main() -> None:
    languages: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        if provider is None:
            continue
        for name in _first_names(provider):
            languages.setdefault(name, set()).add(module.name.split("_")[0])
    lines = "".join(f"{name}\t{len(langs)}\n" for name, langs in sorted(languages.items()))
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(lines.encode("utf-8"))
    print(f"{len(languages)} first names -> {OUT}")


if __name__ == "__main__":
    main()
