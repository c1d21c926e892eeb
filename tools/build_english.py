"""Build textfix/data/english/words.tsv.gz from data that PyPI packages ship.

Run by hand (it needs the build-only packages ``wordfreq`` and ``truecase``):

    pip install wordfreq truecase && python tools/build_english.py

Columns: word (lower case), zipf frequency (wordfreq, English), and how often
the word was seen in lower case, Title case, UPPER case and in its most common
other casing (truecase's unigram counts from NLTK corpora), then that other
casing's form (for McDonald, iPhone, ...). textfix never downloads anything at
run time: this file ships inside the package.
"""

from __future__ import annotations

import gzip
import pickle
from collections import Counter, defaultdict
from pathlib import Path

import truecase
import wordfreq

OUT = Path(__file__).resolve().parent.parent / "textfix" / "data" / "english" / "words.tsv.gz"


def main() -> None:
    dist_path = Path(truecase.__file__).parent / "data" / "english.dist"
    with open(dist_path, "rb") as f:
        uni = pickle.load(f)["uni_dist"]
    casing: dict[str, Counter] = defaultdict(Counter)
    other_form: dict[str, Counter] = defaultdict(Counter)
    for form, n in uni.items():
        if not any(c.isalpha() for c in form):
            continue
        low = form.lower()
        if form == low:
            casing[low]["lower"] += n
        elif form == form[:1].upper() + form[1:].lower():
            casing[low]["title"] += n
        elif form == form.upper():
            casing[low]["upper"] += n
        else:
            casing[low]["other"] += n
            other_form[low][form] += n
    words = set(casing)
    words.update(w for w in wordfreq.top_n_list("en", 120000) if any(c.isalpha() for c in w))
    rows = []
    for w in sorted(words):
        if "\t" in w or "\n" in w:
            continue
        z = wordfreq.zipf_frequency(w, "en")
        c = casing.get(w, Counter())
        total = sum(c.values())
        if z < 1.0 and total < 2:
            continue
        form = other_form[w].most_common(1)[0][0] if other_form.get(w) else ""
        rows.append(f"{w}\t{z:.2f}\t{c['lower']}\t{c['title']}\t{c['upper']}\t{c['other']}\t{form}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = "# word\tzipf\tlower\ttitle\tupper\tother\tother_form  (built by tools/build_english.py)\n"
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write((header + "\n".join(rows) + "\n").encode("utf-8"))
    print(f"{len(rows)} words -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
