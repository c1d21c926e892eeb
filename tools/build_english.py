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
#: Count nouns that the casing counts never saw (``migraine``/``migraines``): common words, not names.
NOUNS = OUT.parent / "count_nouns.tsv.gz"


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
    build_count_nouns(casing)


def _plural_forms(w: str) -> list[str]:
    forms = [w + "s"]
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms = [w + "es"]
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms = [w[:-1] + "ies"]
    return forms


_OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "sv", "tr", "id")
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ino", "ina", "ite", "an")


def build_count_nouns(casing: dict[str, Counter]) -> None:
    """Words without casing counts whose plural is nearly as frequent as the singular.

    truecase's counts come from older news and books, so newer common nouns
    (``avatar``, ``workaholic``) have no casing evidence at all, exactly like
    newer names (``Biden``, ``Instagram``). wordfreq is lower case only, but a
    common noun is used in the plural almost as often as in the singular,
    while a name's plural ("Bidens") is rare: a pair of comparable Zipf
    frequencies marks a common word. Both forms are listed.
    """
    rows = []
    for w in sorted(wordfreq.top_n_list("en", 120000)):
        if not w.isalpha() or len(w) < 4 or not w.islower():
            continue
        z = wordfreq.zipf_frequency(w, "en")
        if z < 2.0:
            continue
        if w.endswith(_DEMONYM_ENDINGS):
            continue  # Tamil, Latino, Bavarian: capitalised, and their plurals are as common
        for pl in _plural_forms(w):
            zp = wordfreq.zipf_frequency(pl, "en")
            # A "plural" more frequent than its singular is often a name of its own (Sanders, Lakers).
            if zp < 2.0 or zp < z - 1.0 or zp > z + 0.3:
                continue
            if max(wordfreq.zipf_frequency(pl, lang) for lang in _OTHER_LANGUAGES) > zp + 1.0:
                continue  # "casas", "ilyas", "marcos": a word of another language, not an English plural
            counts = [casing.get(form, Counter()) for form in (w, pl)]
            if any(c["title"] + c["upper"] + c["other"] > c["lower"] for c in counts if sum(c.values()) >= 3):
                continue  # one of the two forms is seen capitalised more often than not
            for form, zf, c in ((w, z, counts[0]), (pl, zp, counts[1])):
                if sum(c.values()) < 3:
                    rows.append(f"{form}\t{zf:.2f}\t{w}")
    rows = sorted(set(rows))
    with gzip.GzipFile(NOUNS, "wb", mtime=0) as f:
        f.write(("# word\tzipf\tsingular  count nouns without casing counts (built by tools/build_english.py)\n"
                 + "\n".join(rows) + "\n").encode("utf-8"))
    print(f"{len(rows)} count nouns -> {NOUNS} ({NOUNS.stat().st_size} bytes)")


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
