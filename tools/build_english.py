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
#: Mid-sentence casing counts (the unigram counts above are biased by sentence-initial capitals).
MID = OUT.parent / "casing_mid.tsv.gz"
#: Title-case word pairs (``White House``) and how often the same pair is seen in lower case.
PAIRS = OUT.parent / "title_pairs.tsv.gz"


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
    build_mid_sentence(dist_path)


def _shape(form: str) -> str:
    low = form.lower()
    if form == low:
        return "lower"
    if form == form[:1].upper() + form[1:].lower():
        return "title"
    if form == form.upper():
        return "upper"
    return "other"


def build_mid_sentence(dist_path: Path) -> None:
    """Casing counts of words that follow a lower-case word, i.e. mid-sentence, not in headlines.

    truecase's backward bigrams are keyed ``previous_current`` with both tokens in
    their original casing; a lower-case previous word means the current token
    is neither a sentence start nor inside a Title Case headline, so its
    casing there is the word's own.
    """
    with open(dist_path, "rb") as f:
        bigrams = pickle.load(f)["backward_bi_dist"]
    mid: dict[str, Counter] = defaultdict(Counter)
    title_pairs: Counter = Counter()
    lower_pairs: Counter = Counter()
    for key, n in bigrams.items():
        prev, _, cur = key.partition("_")
        if not cur.isalpha() or not prev.isalpha():
            continue
        if prev.islower():
            mid[cur.lower()][_shape(cur)] += n
            if cur.islower():
                lower_pairs[(prev, cur)] += n
        elif _shape(prev) == "title" and _shape(cur) == "title" and len(prev) > 1:
            title_pairs[(prev.lower(), cur.lower())] += n

    def title_share(w: str) -> float:
        c = mid.get(w)
        total = sum(c.values()) if c else 0
        return c["title"] / total if total >= 5 else 1.0

    rows = [f"{w}\t{c['lower']}\t{c['title']}\t{c['upper']}" for w, c in sorted(mid.items())]
    with gzip.GzipFile(MID, "wb", mtime=0) as f:
        f.write(("# word\tlower\ttitle\tupper  mid-sentence (built by tools/build_english.py)\n"
                 + "\n".join(rows) + "\n").encode("utf-8"))
    print(f"{len(rows)} words -> {MID} ({MID.stat().st_size} bytes)")
    pairs = []
    for (a, b), n in sorted(title_pairs.items()):
        # A pair with a word almost never capitalised on its own (``The United`` at
        # sentence starts, ``Year Shr`` in tables) is not a name.
        if n >= 3 and n >= lower_pairs[(a, b)] and min(title_share(a), title_share(b)) >= 0.03:
            pairs.append(f"{a} {b}\t{n}\t{lower_pairs[(a, b)]}")
    with gzip.GzipFile(PAIRS, "wb", mtime=0) as f:
        f.write(("# first second\ttitle-case count\tlower-case count (built by tools/build_english.py)\n"
                 + "\n".join(pairs) + "\n").encode("utf-8"))
    print(f"{len(pairs)} pairs -> {PAIRS} ({PAIRS.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
