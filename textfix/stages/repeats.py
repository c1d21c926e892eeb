"""The `repeats` stage: text that a document says twice.

Scraping and machine translation leave four kinds of repetition, each dropped
as whole lines, keeping one copy:

* ``duplicate-translation``: one article translated twice (often the second
  copy in broken Title Case with garbled names). The copies share few exact
  word sequences, so shingles cannot see them; the document is split into two
  contiguous halves and their paragraphs aligned in order with a similarity
  that survives re-translation (token-sorted fuzzy ratio on case-folded words).
  Only an alignment that is monotone and covers most of both halves counts:
  two different articles on one topic share names but not sentences. Lines
  that cannot pin the copies together stay out of it: code, refrains (a line
  said three or more times) and lines resembling more than two others.
  Unaligned lines between the copies (a headline whose twin is gone) go to
  the copy they resemble. Which copy stays: a clearly lower
  :func:`~textfix.quality.artifact_score` wins; else the one with fewer
  counted signs of damage (garbled or untranslated words, one name spelled
  several ways, stray capitals, ...) by a margin; else the fuller one over the
  aligned stretch; else the first. The edit says why, with both scores.
* ``duplicate-paragraph``: a paragraph repeated exactly or near-exactly (after
  folding case, whitespace and punctuation); numbers must agree, so two
  different score lines stay. A paragraph three or more times is a refrain and
  stays (reported only).
* ``pull-quote``: a short standalone line that repeats a sentence of a nearby,
  longer paragraph.
* ``repeated-title``: a title near the top said twice, or a navigation trail
  ending in the title that also stands on its own line.

Cost is linear in practice: candidate pairs are blocked (rare shared words,
halves of similar length, a band around the alignment diagonal, refrains out)
before any fuzzy score is computed, and per-line facts (folded text, code) are
computed once per document.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz import fuzz, process

from ..config import RepeatsConfig
from ..document import Block, Document
from ..edits import Edit
from ..quality import ArtifactCounts, artifact_counts
from ..rules import load_toml
from .base import Context, Proposal, Stage

__all__ = ["Repeats", "TranslationMatch", "find_duplicate_translation"]

_TOKEN = regex.compile(r"\p{L}+|\p{N}+")
_NUMBER = regex.compile(r"\p{N}+")
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’»)\]]*\s*$")

# Blocking limits for the paragraph index: a word in more blocks than this
# says nothing about which two are copies.
_MAX_BUCKET = 50
_RARE_KEYS = 4
# Up to this many paragraphs, near-exact copies are looked for among all pairs.
_ALL_PAIRS = 40
# Above this many blocks the all-pairs matrix is replaced by a band around the diagonal.
_FULL_MATRIX_BLOCKS = 200
_BAND = 12
# Where the second copy may begin: found from A's first few paragraphs, tried best first.
_HEAD_ROWS = 3
_MAX_SPLITS = 8
# Rows of the band looked at before a candidate split of a large document is aligned in full.
_SAMPLE_ROWS = 40
# Unaligned blocks between the two copies placed by resemblance: at most this many,
# and only when the resemblance to one side beats the other by this many points.
_SEAM_MAX = 5
_SEAM_MARGIN = 5.0
# A line said this many times is a refrain, and a line resembling more than this
# many lines of the other half is generic: neither takes part in the alignment.
_REFRAIN = 3
_MAX_RESEMBLED = 2
# Up to this many lines, resemblance is counted over the whole document (beyond, over
# the pairs of each candidate split only).
_ALIKE_BLOCKS = 60
# The artifact score of a copy is measured on at most this many characters, spread over it.
_SCORE_SAMPLE = 20_000


def _words(norm: str) -> int:
    """Words in a folded block (single spaces between them)."""
    return norm.count(" ") + 1 if norm else 0


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """Case, whitespace and punctuation folded away: what 'the same paragraph' compares.

    Memoised (a pure function of the line): every later pipeline round sees most lines again, and a
    page repeats its own lines.
    """
    return " ".join(_TOKEN.findall(text.casefold()))


@lru_cache(maxsize=4096)
def _sorted_tokens(norm: str) -> str:
    """The words of a folded line in sorted order: what token_sort_ratio compares (memoised as :func:`_norm`)."""
    return " ".join(sorted(norm.split()))


@lru_cache(maxsize=None)
def _code():
    data = load_toml("repeats.toml")["code"]
    return regex.compile("[" + regex.escape(data["characters"]) + "]"), float(data["max_share"])


@lru_cache(maxsize=None)
def _list_item():
    return regex.compile(load_toml("repeats.toml")["list_item"]["pattern"])


@lru_cache(maxsize=None)
def _attribution():
    return regex.compile(load_toml("repeats.toml")["attribution"]["pattern"])


@lru_cache(maxsize=None)
def _small_words() -> frozenset[str]:
    return frozenset(load_toml("repeats.toml")["quality"]["small_words"])


def _is_code(text: str) -> bool:
    """Code repeats lines on purpose; a line dense in code characters is never a repeat to drop."""
    chars, share = _code()
    return len(chars.findall(text)) > share * max(len(text.strip()), 1)


def _code_flags(text: str, blocks: list[Block]) -> list[bool]:
    """:func:`_is_code` for every block, in one pass over the document's code characters.

    Prose has few of them, so a long document of short lines costs a scan,
    not a call per line.
    """
    chars, share = _code()
    counts = [0] * len(blocks)
    starts = [b.start for b in blocks]
    for m in chars.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < blocks[i].end:
            counts[i] += 1
    return [bool(c) and c > share * max(len(blocks[i].text.strip()), 1) for i, c in enumerate(counts)]


def _is_prose(text: str, words: int, code: bool | None = None) -> bool:
    """A paragraph of running text, as opposed to a heading, a menu item or a caption.

    Headings repeat legitimately (a table of contents, then the headings
    themselves); only repeated running text is dropped by the paragraph rule.
    """
    if code is None:
        code = _is_code(text)
    return (words >= 25 or (words >= 15 and bool(_SENTENCE_END.search(text)))) and not code


@lru_cache(maxsize=None)
def _breadcrumb() -> tuple[tuple[str, ...], int]:
    data = load_toml("repeats.toml")["breadcrumb"]
    return tuple(data["separators"]), int(data["max_segment_words"])


# --------------------------------------------------------------------------- translations

@dataclass(frozen=True)
class TranslationMatch:
    """Blocks ``[0, split)`` and ``[split, n)`` are one article translated twice."""

    split: int
    pairs: tuple[tuple[int, int, float], ...]
    coverage_a: float
    coverage_b: float
    similarity: float


def _chain(pairs: list[tuple[int, int, float]], floor: float) -> list[tuple[int, int, float]]:
    """The monotone chain of pairs (i and j both increasing) with the largest total gain.

    A weighted longest-increasing-subsequence: pairs sorted by i, a prefix-max
    Fenwick tree over j; O(m log m) for m candidate pairs.
    """
    if not pairs:
        return []
    js = sorted({j for _, j, _ in pairs})
    rank = {j: r + 1 for r, j in enumerate(js)}
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)

    def query(r: int) -> tuple[float, int]:
        best, idx = 0.0, -1
        while r > 0:
            if tree_val[r] > best:
                best, idx = tree_val[r], tree_idx[r]
            r -= r & -r
        return best, idx

    def update(r: int, val: float, idx: int) -> None:
        while r <= size:
            if val > tree_val[r]:
                tree_val[r], tree_idx[r] = val, idx
            r += r & -r

    ordered = sorted(pairs)
    score = [0.0] * len(ordered)
    back = [-1] * len(ordered)
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end][0] == ordered[start][0]:
            end += 1
        for p in range(start, end):  # same i: read the tree before any of them updates it
            _, j, sim = ordered[p]
            prev, idx = query(rank[j] - 1)
            score[p] = prev + (sim - floor)
            back[p] = idx
        for p in range(start, end):
            update(rank[ordered[p][1]], score[p], p)
        start = end
    p = max(range(len(ordered)), key=lambda q: (score[q], -q))
    chain = []
    while p != -1:
        chain.append(ordered[p])
        p = back[p]
    return chain[::-1]


def find_duplicate_translation(norms: list[str], cfg: RepeatsConfig,
                               code: list[bool] | None = None) -> TranslationMatch | None:
    """The split point at which the document's two halves are one article twice, if any.

    ``norms`` are the folded blocks; ``code[i]`` marks a block of code.
    """
    code = code or [False] * len(norms)
    n = len(norms)
    lengths = [max(len(s), 1) for s in norms]
    total = sum(lengths)
    if n < 4 or total < 2 * cfg.translation_min_chars:
        return None
    # Lines that cannot tell where the copies are never align: code (repeated
    # on purpose), refrains (a line said 3+ times, as a separator, a chorus or
    # a list of "ok" lines) and blanks. Each gets a key of its own.
    said = Counter(norms)
    eligible = [i for i, s in enumerate(norms) if s and not code[i] and said[s] < _REFRAIN]
    if len(eligible) < 4:
        return None
    # token_sort_ratio is ratio() on sorted tokens: sort once, not once per pair.
    keys = [f"\x00{i}" for i in range(n)]
    for i in eligible:
        keys[i] = _sorted_tokens(norms[i])
    floor = cfg.translation_pair_similarity
    head_rows = [i for i in eligible[:_HEAD_ROWS] if i < _HEAD_ROWS + 2]
    heads = process.cdist([keys[i] for i in head_rows], [keys[j] for j in eligible], scorer=fuzz.ratio,
                          score_cutoff=floor)
    head_hits = [[(eligible[c], float(heads[row][c])) for c in heads[row].nonzero()[0] if eligible[c] > r]
                 for row, r in enumerate(head_rows)]
    if not any(head_hits):  # most documents end here, after a few fuzzy scores
        return None
    alike: dict[int, dict[int, float]] | None = None
    if len(eligible) <= _ALIKE_BLOCKS:
        # A paragraph like many others, in either half, is monotonous prose (the same few
        # sentences reworded), not one of two copies: a translated paragraph has one twin.
        sims = process.cdist([keys[i] for i in eligible], [keys[i] for i in eligible], scorer=fuzz.ratio)
        alike = {i: {eligible[c]: float(v) for c, v in enumerate(sims[r]) if eligible[c] != i}
                 for r, i in enumerate(eligible)}  # every other line, however unlike
        eligible = [i for i in eligible if sum(v >= floor for v in alike[i].values()) <= _MAX_RESEMBLED]
        for i in set(range(n)) - set(eligible):
            keys[i] = f"\x00{i}"
        if len(eligible) < 4:
            return None
    prefix = [0]
    for ln in lengths:
        prefix.append(prefix[-1] + ln)
    if alike is not None:  # the whole matrix is at hand: no more fuzzy scores needed
        kept = set(eligible)
        like = {i: {j: v for j, v in alike[i].items() if j in kept and v >= floor} for i in eligible}
        head_rows = [i for i in eligible[:_HEAD_ROWS] if i < _HEAD_ROWS + 2]
        head_hits = [sorted((j, v) for j, v in like[r].items() if j > r) for r in head_rows]
    # The copies begin together: one of A's first paragraphs matches one of B's
    # first (a headline, a byline or a date line may be left unmatched). A head
    # line that resembles more than two others is generic ("Photo: AP") and
    # says nothing about where the second copy begins.
    candidates: dict[int, float] = {}
    for r, hits in zip(head_rows, head_hits):
        if len(hits) > _MAX_RESEMBLED:
            continue
        for j, sim in hits:
            for k in range(j - r, j + 1):
                if 1 <= k < n and k > r:
                    candidates[k] = max(candidates.get(k, 0.0), sim)
    best: TranslationMatch | None = None
    best_gain = 0.0
    for k in sorted(candidates, key=lambda k: (-candidates[k], k))[:_MAX_SPLITS]:
        len_a, len_b = prefix[k], total - prefix[k]
        if k < 2 or n - k < 2 or min(len_a, len_b) < cfg.translation_min_chars:
            continue
        if not (cfg.translation_length_ratio <= len_a / len_b <= 1 / cfg.translation_length_ratio):
            continue
        if alike is not None:
            pairs = [(i, j, v) for i in eligible if i < k for j, v in sorted(like[i].items()) if j >= k]
        else:
            pairs = _candidate_pairs(keys, k, floor)
        if pairs is None:
            continue
        pairs = [p for p in _distinctive(pairs) if _numbers_agree(norms[p[0]], norms[p[1]], p[2])]
        chain = _chain(pairs, floor - 5)
        if len(chain) < 2:
            continue
        cov_a = sum(lengths[i] for i, _, _ in chain) / len_a
        cov_b = sum(lengths[j] for _, j, _ in chain) / len_b
        if min(cov_a, cov_b) >= 0.4:
            gap_a, gap_b = _filled_gaps(norms, k, chain, cfg)
            cov_a += sum(lengths[i] for i in gap_a) / len_a
            cov_b += sum(lengths[j] for j in gap_b) / len_b
        weight = sum(lengths[i] + lengths[j] for i, j, _ in chain)
        sim = sum((lengths[i] + lengths[j]) * s for i, j, s in chain) / weight
        if min(cov_a, cov_b) < cfg.translation_coverage or sim < cfg.translation_similarity:
            continue
        if alike is not None and _twin_margin(chain, alike) < (
                cfg.translation_twin_margin if len(chain) > 2 else cfg.translation_twin_margin_two_pairs):
            continue
        gain = sum(s - floor + 5 for _, _, s in chain)
        if gain > best_gain:
            best_gain = gain
            best = TranslationMatch(_place_seam(norms, k, chain), tuple(chain), round(cov_a, 3),
                                    round(cov_b, 3), round(sim, 1))
    return best


def _place_seam(norms: list[str], k: int, chain: list[tuple[int, int, float]]) -> int:
    """Where the second copy begins, among the unaligned blocks between the two copies.

    Blocks between A's last aligned paragraph and B's first one belong to one
    copy or the other: B's headline whose twin in A was already removed (or
    was retold too freely to align), or A's closing line that B lacks. Such a
    block does not align in order, so the split point alone would leave it on
    whichever side the search happened to put it. It is placed by resemblance
    instead: a block that resembles A's head more than B's tail is the head of
    B (a copy begins as A begins), and the reverse is the tail of A.
    """
    gap = range(chain[-1][0] + 1, chain[0][1])
    if not gap or len(gap) > _SEAM_MAX:
        return k
    # The first half of A at most, and the second half of B: a short copy's head is not its tail.
    n, first_j = len(norms), chain[0][1]
    head = [norms[i] for i in range(max(1, min(_HEAD_ROWS, (chain[-1][0] + 1) // 2)))]
    tail = [norms[j] for j in range(max(n - _HEAD_ROWS, first_j + (n - first_j + 1) // 2), n)]

    def lean(g: int) -> float:  # > 0: reads like the head of a copy
        to_head = max(fuzz.token_set_ratio(norms[g], h) for h in head)
        to_tail = max(fuzz.token_set_ratio(norms[g], t) for t in tail)
        return to_head - to_tail

    leans = {g: lean(g) for g in gap}

    def fit(split: int) -> float:  # blocks before the split are A's tail, from it on B's head
        return sum(leans[g] if g >= split else -leans[g] for g in gap)

    best = max(range(gap.start, gap.stop + 1), key=lambda split: (fit(split), -split))
    return best if fit(best) > fit(k) + _SEAM_MARGIN else k


def _twin_margin(chain: list[tuple[int, int, float]], alike: dict[int, dict[int, float]]) -> float:
    """How much more the aligned paragraphs resemble their twin than anything else, on average.

    A paragraph translated twice resembles its twin far more than any other
    paragraph (by 24 points or more on average in every twice-translated
    development document); prose that rewords the same few sentences
    resembles everything a little, and its best "twin" barely stands out.
    ``alike[i][x]`` is the similarity of lines i and x, every pair, however low.
    """
    margins = []
    for i, j, sim in chain:
        others = [v for x, v in alike.get(i, {}).items() if x != j]
        others += [v for x, v in alike.get(j, {}).items() if x != i]
        margins.append(sim - max(others, default=0.0))
    return sum(margins) / len(margins)


def _distinctive(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The pairs whose two lines each resemble at most two lines of the other half.

    A line that resembles many ("Share this", a date, one item of a list of
    similar short items) would let the alignment wander between them; only
    lines with a twin, or two, can pin two copies together.
    """
    per_i = Counter(i for i, _, _ in pairs)
    per_j = Counter(j for _, j, _ in pairs)
    return [p for p in pairs if per_i[p[0]] <= _MAX_RESEMBLED and per_j[p[1]] <= _MAX_RESEMBLED]


def _numbers_agree(norm_a: str, norm_b: str, sim: float) -> bool:
    """Numbers survive translation: two renderings of one paragraph share most of them.

    Near-identical wording with other numbers is another fact (a different score line).
    """
    a, b = frozenset(_NUMBER.findall(norm_a)), frozenset(_NUMBER.findall(norm_b))
    if not a or not b:
        return True
    if sim >= 90:
        return a == b
    return len(a & b) >= 0.5 * min(len(a), len(b))


def _same_content(a: str, b: str) -> bool:
    """Two near-identical paragraphs say the same thing: one extends the other by a short
    tail or head, or they differ only in function words; the numbers always agree.

    Two score lines or two cookie notices naming different services differ in
    a content word: they are different paragraphs, not copies.
    """
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(long_) - len(short) <= 0.15 * len(long_):
        return True
    diff = Counter(a.split())
    diff.subtract(Counter(b.split()))
    small = _small_words()
    return all(w in small for w, c in diff.items() if c)


def _filled_gaps(norms: list[str], k: int, chain: list[tuple[int, int, float]],
                 cfg: RepeatsConfig) -> tuple[list[int], list[int]]:
    """Unaligned paragraphs that sit between aligned ones on both sides and still resemble each other.

    A headline retold differently, or a paragraph one system split in two,
    falls below the pair threshold; between two aligned neighbours it is
    still the same stretch of the article, so it counts as covered when the
    two gaps, joined, are similar enough.
    """
    n = len(norms)
    bounds = [(-1, k - 1)] + [(i, j) for i, j, _ in chain] + [(k, n)]
    got_a: list[int] = []
    got_b: list[int] = []
    for pos, ((i0, j0), (i1, j1)) in enumerate(zip(bounds, bounds[1:])):
        ga, gb = list(range(i0 + 1, i1)), list(range(j0 + 1, j1))
        if len(ga) + len(gb) == 1:  # one paragraph the other copy merged into a neighbour
            left, right = bounds[pos], bounds[pos + 1]
            for i, j in (left, right):
                if not (0 <= i < k <= j < n):
                    continue
                if ga and _merged_sim(norms, ga[0], i, j) >= cfg.translation_pair_similarity:
                    got_a += ga
                    break
                if gb and _merged_sim(norms, gb[0], j, i) >= cfg.translation_pair_similarity:
                    got_b += gb
                    break
            continue
        if not ga or not gb or len(ga) > 3 or len(gb) > 3:
            continue
        sim = fuzz.token_sort_ratio(" ".join(norms[i] for i in ga), " ".join(norms[j] for j in gb))
        if sim >= cfg.translation_gap_similarity:
            got_a += ga
            got_b += gb
    return got_a, got_b


def _merged_sim(norms: list[str], extra: int, own: int, other: int) -> float:
    """Similarity of ``other`` to paragraph ``own`` joined with its unaligned neighbour ``extra``."""
    joined = " ".join(norms[x] for x in sorted((extra, own)))
    return fuzz.token_sort_ratio(joined, norms[other])


def _candidate_pairs(keys: list[str], k: int, floor: float) -> list[tuple[int, int, float]] | None:
    """(i in A, j in B, similarity) for pairs similar enough to be aligned; None when hopeless.

    Small documents: all pairs (``cdist``). Large ones: a band around the
    diagonal from (0, k) to (k, n), after a cheap look at a sample of rows
    along it; most candidate splits of a long document fail that look.
    """
    n = len(keys)
    if k * (n - k) <= _FULL_MATRIX_BLOCKS ** 2 // 4:
        sims = process.cdist(keys[:k], keys[k:], scorer=fuzz.ratio, score_cutoff=floor)
        return [(int(i), k + int(j), float(sims[i][j])) for i, j in zip(*sims.nonzero())]
    slope = (n - k) / k

    def row(i: int) -> list[tuple[int, int, float]]:
        centre = k + int(i * slope)
        out = []
        for j in range(max(k, centre - _BAND), min(n, centre + _BAND + 1)):
            sim = fuzz.ratio(keys[i], keys[j], score_cutoff=floor)
            if sim:
                out.append((i, j, float(sim)))
        return out

    sample = range(0, k, max(1, k // _SAMPLE_ROWS))
    if sum(1 for i in sample if row(i)) < 0.5 * len(sample):
        return None
    pairs: list[tuple[int, int, float]] = []
    for i in range(k):
        pairs += row(i)
    return pairs


def _sample(blocks: list[Block]) -> str:
    """The copy's text, or for a very long copy evenly spaced paragraphs of it (a rate needs no more)."""
    total = sum(len(b.text) for b in blocks)
    step = max(1, round(total / _SCORE_SAMPLE))
    return "\n".join(b.text for b in blocks[::step])


def _choose_copy(counts_a: ArtifactCounts, counts_b: ArtifactCounts, stretch_a: int, stretch_b: int,
                 cfg: RepeatsConfig) -> tuple[bool, str]:
    """Whether to keep the second copy, and why.

    In order, the first that decides:

    1. Clear damage: an artifact score worse by more than the margin (broken
       Title Case, garbled words, mojibake) loses.
    2. Signs of damage, counted: between two copies that both read as clean
       sentences the rates differ by noise, but a copy with a few more spots a
       reader stops at (a garbled or untranslated lower-case word, one name
       spelled several ways, a lower-cased name, a stray capital, broken
       punctuation) is the careless one. Counts are scaled to the shorter
       copy, so a fuller copy is not punished for its length.
    3. The fuller copy over the aligned stretch: MT systems that drop content
       produce shorter output, and recall-weighted adequacy measures (chrF)
       favour the fuller copy. On pairs of clean WMT outputs scored against a
       human reference, "the longer" picked the better one about three times
       in four, on little evidence (25 pairs).
    4. The first copy, the stable choice.
    """
    score_a, score_b = counts_a.score(), counts_b.score()
    margin = cfg.translation_score_margin
    if score_b + margin < score_a:
        return True, "the second is cleaner"
    if score_a + margin < score_b:
        return False, "the first is cleaner"
    shorter = min(counts_a.words, counts_b.words)
    signs_a = round(counts_a.damage_signs() * shorter / max(counts_a.words, 1))  # counts stay whole
    signs_b = round(counts_b.damage_signs() * shorter / max(counts_b.words, 1))
    signs = f"signs of damage {signs_a} vs {signs_b}"
    if signs_a >= signs_b + cfg.translation_sign_margin:
        return True, f"equally clean by score; the first shows more signs of damage ({signs})"
    if signs_b >= signs_a + cfg.translation_sign_margin:
        return False, f"equally clean by score; the second shows more signs of damage ({signs})"
    ratio = cfg.translation_length_margin
    if stretch_b > stretch_a * (1 + ratio):
        return True, f"equally clean ({signs}); the second is fuller ({stretch_b} vs {stretch_a} characters aligned)"
    if stretch_a > stretch_b * (1 + ratio):
        return False, f"equally clean ({signs}); the first is fuller ({stretch_a} vs {stretch_b} characters aligned)"
    return False, f"equally clean ({signs}) and as long: the first"


# --------------------------------------------------------------------------- the stage

class Repeats(Stage):
    name = "repeats"
    summary = "drop repeated paragraphs, pull-quotes, repeated titles and twice-translated articles"

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg: RepeatsConfig = ctx.config.repeats
        blocks = doc.blocks
        if len(blocks) < 2:
            return Proposal()
        norms = [_norm(b.text) for b in blocks]
        code = _code_flags(doc.text, blocks)  # once per document: every rule asks
        if cfg.translations:
            edit = self._translation(doc, blocks, norms, code, cfg)
            if edit is not None:  # the other rules look again at what is left, next round
                return Proposal([edit])
        proposal = Proposal()
        drops: dict[int, tuple[str, str, float]] = {}
        if cfg.paragraphs:
            self._paragraphs(doc, blocks, norms, code, cfg, drops, proposal)
        if cfg.titles:
            self._titles(blocks, norms, cfg, drops)
        if cfg.pull_quotes:
            self._pull_quotes(blocks, norms, code, cfg, drops)
        proposal.edits.extend(self._drop_lines(doc, blocks, drops))
        return proposal

    # -- duplicate translation -------------------------------------------------------------

    def _translation(self, doc: Document, blocks: list[Block], norms: list[str], code: list[bool],
                     cfg: RepeatsConfig) -> Edit | None:
        match = find_duplicate_translation(norms, cfg, code)
        if match is None:
            return None
        k = match.split
        counts_a, counts_b = artifact_counts(_sample(blocks[:k])), artifact_counts(_sample(blocks[k:]))
        first_i, last_i = match.pairs[0][0], match.pairs[-1][0]
        first_j, last_j = match.pairs[0][1], match.pairs[-1][1]
        stretch_a = blocks[last_i].end - blocks[first_i].start
        stretch_b = blocks[last_j].end - blocks[first_j].start
        keep_b, because = _choose_copy(counts_a, counts_b, stretch_a, stretch_b, cfg)
        why = (f"the same article translated twice: {len(match.pairs)} paragraphs align in order "
               f"(similarity {match.similarity:.0f}, coverage {match.coverage_a:.0%}/{match.coverage_b:.0%}); "
               f"artifact score first copy {counts_a.score():.3f}, second copy {counts_b.score():.3f}: "
               f"kept the {'second' if keep_b else 'first'} copy ({because})")
        if keep_b:
            start, end = blocks[0].start, blocks[k].start
        else:
            start, end = blocks[k - 1].end, blocks[-1].end
        return self.edit(doc, start, end, "", "duplicate-translation", why, 0.9)

    # -- repeated paragraphs ---------------------------------------------------------------

    def _paragraphs(self, doc: Document, blocks: list[Block], norms: list[str], code: list[bool],
                    cfg: RepeatsConfig, drops: dict[int, tuple[str, str, float]], proposal: Proposal) -> None:
        long_enough = [False] * len(blocks)
        for i, s in enumerate(norms):
            # A cheap bound first: fewer characters than the minimum of words needs is never enough.
            if len(s) >= 2 * cfg.min_paragraph_words - 1 and not code[i]:
                words = _words(s)
                long_enough[i] = words >= cfg.min_paragraph_words and _is_prose(blocks[i].text, words, False)
        counts = Counter(s for s, ok in zip(norms, long_enough) if ok)
        first: dict[str, int] = {}
        for i, s in enumerate(norms):
            if not long_enough[i]:
                continue
            if counts[s] >= 3:
                if s in first:
                    b = blocks[i]
                    proposal.findings.append(self.finding(
                        doc, b.start, b.end, "duplicate-paragraph",
                        f"paragraph said {counts[s]} times: a refrain or a list, left in place", 0.3))
                first.setdefault(s, i)
                continue
            if s in first:
                drops[i] = ("duplicate-paragraph", f"repeats paragraph {first[s] + 1} exactly "
                            "(after folding case, spacing and punctuation)", 1.0)
            else:
                first[s] = i
        for i, j, sim in self._near_pairs(norms, long_enough, cfg):
            if j in drops or i in drops or counts[norms[j]] >= 3:
                continue
            drops[j] = ("duplicate-paragraph", f"repeats paragraph {i + 1} nearly exactly "
                        f"(similarity {sim:.0f}, same numbers)", 0.9)

    def _near_pairs(self, norms: list[str], ok: list[bool], cfg: RepeatsConfig):
        """(earlier, later, similarity) for near-exact copies.

        A few paragraphs: every pair whose lengths allow the threshold. Many:
        pairs that share one of their rarest words (a word in too many
        paragraphs says nothing about which two are copies).
        """
        rows = [i for i, flag in enumerate(ok) if flag]
        found: dict[int, tuple[int, float]] = {}
        threshold = cfg.paragraph_threshold
        # ratio >= t needs the shorter text to be at least t / (200 - t) of the longer.
        min_share = threshold / (200.0 - threshold)

        def consider(i: int, j: int) -> None:
            a, b = norms[i], norms[j]
            if a == b or min(len(a), len(b)) < min_share * max(len(a), len(b)):
                return
            sim = fuzz.ratio(a, b, score_cutoff=threshold)
            if sim and _same_content(a, b) and (j not in found or sim > found[j][1]):
                found[j] = (i, sim)

        if len(rows) <= _ALL_PAIRS:
            for pos, j in enumerate(rows):
                for i in rows[:pos]:
                    consider(i, j)
            return sorted((i, j, sim) for j, (i, sim) in found.items())
        toks = {j: set(norms[j].split()) for j in rows}
        df: Counter = Counter()
        for t in toks.values():
            df.update(t)
        index: dict[str, list[int]] = defaultdict(list)
        for j in rows:
            t = toks[j]
            keys = sorted(sorted(t), key=df.__getitem__)[:_RARE_KEYS]  # rarest first, ties by spelling
            seen: set[int] = set()
            for w in keys:
                if df[w] > _MAX_BUCKET:
                    continue
                for i in index[w]:
                    if i not in seen:
                        seen.add(i)
                        consider(i, j)
                index[w].append(j)
        return sorted((i, j, sim) for j, (i, sim) in found.items())

    # -- repeated titles ------------------------------------------------------------------

    def _titles(self, blocks: list[Block], norms: list[str], cfg: RepeatsConfig,
                drops: dict[int, tuple[str, str, float]]) -> None:
        top = [i for i in range(min(cfg.title_window, len(blocks))) if i not in drops]
        for a_pos, a in enumerate(top):
            for b in top[a_pos + 1:a_pos + 3]:  # a title is repeated next to itself, not further down
                if a in drops or b in drops or min(_words(norms[a]), _words(norms[b])) < 4:
                    continue
                if norms[a] == norms[b] and b == a + 1:
                    drops[b] = ("repeated-title", f"repeats line {a + 1} near the top", 1.0)
                    continue
                for short, long_ in ((a, b), (b, a)):
                    if self._title_inside(blocks, norms, short, long_, cfg):
                        trail = self._trail(blocks[long_].text, blocks[short].text)
                        if trail:
                            drops[long_] = ("repeated-title", f"a navigation trail ({trail}) ending in "
                                            f"the title that line {short + 1} gives on its own", 0.9)
                        else:
                            drops[short] = ("repeated-title", f"the title is repeated in full "
                                            f"within line {long_ + 1}", 0.85)
                        break

    @staticmethod
    def _title_inside(blocks: list[Block], norms: list[str], short: int, long_: int,
                      cfg: RepeatsConfig) -> bool:
        s, l = norms[short], norms[long_]
        if len(s) >= len(l) or s not in l:  # the cheap test first: most pairs end here
            return False
        n_short, n_long = _words(s), _words(l)
        if n_short < 4 or n_short >= n_long or n_long > cfg.title_max_words:
            return False
        if _SENTENCE_END.search(blocks[long_].text) or _SENTENCE_END.search(blocks[short].text):
            return False  # sentences, not titles
        return f" {s} " in f" {l} "

    @staticmethod
    def _trail(line: str, title: str) -> str:
        """The navigation trail before ``title`` in ``line`` ("Home » News"), or ''."""
        separators, max_words = _breadcrumb()
        pos = line.casefold().rfind(title.strip().casefold())
        head = line[:pos] if pos >= 0 else ""
        if not head.strip() or line[pos + len(title.strip()):].strip():
            return ""
        parts = regex.split("|".join(regex.escape(s) for s in separators), head)
        if len(parts) < 2 or parts[-1].strip():
            return ""
        segments = [p.strip() for p in parts[:-1]]
        if not all(seg and len(seg.split()) <= max_words for seg in segments):
            return ""
        return head.strip()

    # -- pull-quotes ----------------------------------------------------------------------

    def _pull_quotes(self, blocks: list[Block], norms: list[str], code: list[bool], cfg: RepeatsConfig,
                     drops: dict[int, tuple[str, str, float]]) -> None:
        list_item = _list_item()
        attribution = _attribution()
        min_chars = 2 * cfg.pull_quote_min_words - 1  # a cheap bound before counting words
        for i in range(1, len(blocks)):
            if i in drops or len(norms[i]) < min_chars or code[i]:
                continue
            words = _words(norms[i])
            text = blocks[i].text
            if not cfg.pull_quote_min_words <= words <= cfg.pull_quote_max_words:
                continue
            if list_item.match(text) or text.rstrip().endswith(":") or attribution.search(text):
                continue  # (a list item, a lead-in, reported speech with its speaker)
            # A quote repeats a sentence almost letter for letter: its source holds
            # one of its two longest words (a substring test, before any fuzzy score).
            probe = sorted(norms[i].split(), key=len)[-2:]
            for d in range(1, cfg.pull_quote_window + 1):
                hit = None
                for j in (i + d, i - d):
                    if not 0 <= j < len(blocks) or j in drops:
                        continue
                    other = norms[j]
                    other_words = _words(other)
                    # The source is a longer paragraph of running text that holds more than the quote, or the
                    # quotation itself with its speaker ('"...," she said.'): the line lifted out of it.
                    if not any(w in other for w in probe) or other_words <= words:
                        continue
                    if (len(other) < 1.5 * len(norms[i]) or other_words < 2 * words) \
                            and attribution.search(blocks[j].text) is None:
                        continue
                    if not _is_prose(blocks[j].text, other_words, code[j]):
                        continue
                    sim = fuzz.partial_ratio(norms[i], other, score_cutoff=cfg.pull_quote_threshold)
                    if sim:
                        hit = (j, sim)
                        break
                if hit:
                    drops[i] = ("pull-quote", f"a standalone line repeating a sentence of paragraph "
                                f"{hit[0] + 1} (similarity {hit[1]:.0f})", 0.85)
                    break

    # -- edits ----------------------------------------------------------------------------

    def _drop_lines(self, doc: Document, blocks: list[Block],
                    drops: dict[int, tuple[str, str, float]]) -> list[Edit]:
        """One deletion per dropped line, with its line separator, never overlapping."""
        edits = []
        n = len(blocks)
        if len(drops) >= n:
            return []
        for i in sorted(drops):
            rule, reason, conf = drops[i]
            tail = all(t in drops for t in range(i, n))
            if tail:  # the last lines: take the separator before each, not after
                start, end = blocks[i - 1].end, blocks[i].end
            else:
                start, end = blocks[i].start, blocks[i + 1].start
            edits.append(self.edit(doc, start, end, "", rule, reason, conf))
        return edits
