"""The `boilerplate` stage: remove site furniture and comment threads from plain text.

The HTML is gone, so link density and tags cannot say what is navigation. What
is left is the evidence jusText uses on blocks (length, stopword density), the
phrases furniture is made of (rules as data, per language), the corpus (a line
seen on many pages of one site is furniture), and the shape of a page: the
article is one dense run of long, stopword-rich blocks, and furniture clusters
at its edges. Each block is classified, smoothed with its neighbours, and the
main content region is found as the best-scoring run of blocks (a linear
maximum-subarray pass). Inside the region only what a rule names goes, so lists,
tables and short paragraphs of the article stay; outside it, what does not read
as text goes too. Comment threads are found from their repeated markers and
removed whole, from the first comment to the last.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, NamedTuple

import regex

from .. import language
from ..config import Config
from ..document import Block, Document
from ..edits import Edit
from . import _boilerplate_rules as _rules_module
from ._boilerplate_rules import (KeywordIndex, Language, Level, LineMatcher, Marker, Rule, RuleSet,
                                 compile_user_patterns, load_levels, load_ruleset, normalise)
from .base import Context, Proposal, Stage

__all__ = ["Boilerplate", "classify"]

NAMESPACE = "boilerplate.lines"

_WORD = regex.compile(r"[\p{L}'’]+")
_LIST_ITEM = regex.compile(r"\s*(?:\d{1,3}[.)]|[•●▪◦*–-])\s+\S")
# A table row as the scraper flattens it: cells joined by " | ", one of them with a figure.
_TABLE_ROW = regex.compile(r"\S \| .*\d|\d.* \| \S")
_RULE_PENALTY = -100.0
_SIGNATURE = regex.compile(r"(?:by |von |par |door )?\p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+){1,3}")
# (only ever asked whether a line ends so: a reverse search looks at the end first instead of scanning the line)
_SENTENCE_END = regex.compile(r"(?r)[.!?…:;\"“”’‘»«)]\s*$")

# Below this many blocks a text is not a scraped page with menus and footers around an article:
# the main-region evidence (position, length) means nothing there (a three-paragraph note may end in a short
# sentence), so only the phrase rules, comment threads and corpus evidence apply.
_MIN_PAGE_BLOCKS = 8
_LANGUAGE_VOTE_CHARS = 300

# Block classes (as in jusText): rule-named furniture, text, almost text, short, not text.
RULE, GOOD, NEARGOOD, SHORT, BAD = "rule", "good", "neargood", "short", "bad"


def _phrase_says(attr: str) -> property:
    """A :class:`_Line` is what its phrase rule says it is: ``attr`` of that rule (False without one)."""
    return property(lambda line: line.phrase is not None and getattr(line.phrase, attr), doc=f"Rule.{attr}")


@dataclass
class _Line:
    block: Block
    norm: str
    cls: str = SHORT
    rule: str = ""
    reason: str = ""
    protected: bool = False
    sentence: bool = False
    item: bool = False
    remove: bool = False
    weak: bool = False
    confidence: float = 0.9
    separator: bool = False
    dated: bool = False
    marker: str | None = None
    #: The phrase rule that names the whole line, if one does: what the line is (a heading over teasers, a
    #: dateline, a read-more button ...) is that rule's, and the structural passes ask it.
    phrase: Rule | None = None

    opens = _phrase_says("opens")
    dateline = _phrase_says("dateline")
    box = _phrase_says("box")
    bio = _phrase_says("bio")
    header = _phrase_says("header")
    more = _phrase_says("more")

    def drop(self, rule: str, reason: str, confidence: float, *, named: bool = True, weak: bool = False) -> None:
        """Mark the line for removal. ``named``: a rule says what it is (its class becomes RULE); otherwise
        it keeps the class that the evidence saw. ``weak``: the removal is no evidence of where the article is."""
        if named:
            self.cls = RULE
        self.remove, self.rule, self.reason, self.confidence = True, rule, reason, confidence
        if weak:
            self.weak = True


def classify(norm: str, stopwords: frozenset[str], level: Level) -> str:
    """jusText's context-free class of one block, on plain text."""
    return _classify_words(norm, _WORD.findall(norm), stopwords, level)


def _classify_words(norm: str, words: list[str], stopwords: frozenset[str], level: Level) -> str:
    n = len(norm)
    if not words:
        return BAD if n > 3 else SHORT
    density = sum(map(stopwords.__contains__, map(str.lower, words))) / len(words)
    if n < level.length_low:
        return SHORT
    if density >= level.stop_high:
        return GOOD if n >= level.length_high else NEARGOOD
    if density >= level.stop_low:
        return NEARGOOD
    return BAD


def _is_sentence(norm: str, stopwords: frozenset[str], words: list[str] | None = None) -> bool:
    """A short line that reads as a sentence (words, a stopword, final punctuation) is text, not a link."""
    if not _SENTENCE_END.search(norm):
        return False
    if words is None:
        words = _WORD.findall(norm)
    return len(words) >= 4 and any(w.lower() in stopwords for w in words)


def detect_language(doc: Document, rules: RuleSet) -> str:
    """The document's language: the caller's, else the one its function words point to.

    The function words are the project's shared profiles (textfix.language), so that every stage reads a
    page's language the same way. A language with rules wins over one it is easily taken for (French over
    Spanish); a page whose prose is clearly in a profiled language without rules (Spanish, Polish) is that
    language, which :func:`_setting` reads with that language's function words, not English ones.
    """
    if doc.lang and doc.lang.split("-")[0] in rules.languages:
        return doc.lang.split("-")[0]
    # Prose votes: each block that ends a sentence votes with its length (capped: one long block is not a page)
    # for the language its function words clearly point to. The article's paragraphs then outvote an archive's
    # or a shop's short English furniture, and the server warnings, around a German text.
    counts: dict[str, int] = {}
    for prose_only in (True, False):
        _vote([b.text for b in doc.blocks if not prose_only or _SENTENCE_END.search(b.text)], counts)
        if max(counts.values(), default=0) > 0:
            return max(sorted(counts), key=lambda c: counts[c])
    return "en"


def _vote(texts: list[str], counts: dict[str, int], early: bool = True) -> None:
    """Add each block's vote to ``counts`` (a language's entry appears with its first vote). ``early``: stop
    once the votes still to come cannot change the winner (the leader is ahead of the runner-up by more than
    they weigh), so that a long page does not pay a language guess for every paragraph; the winner is the one
    the full count would give."""
    left = sum(min(len(t), _LANGUAGE_VOTE_CHARS) for t in texts)
    for text in texts:
        weight = min(len(text), _LANGUAGE_VOTE_CHARS)
        left -= weight
        guess = _block_language(text)
        if guess is not None:
            counts[guess] = counts.get(guess, 0) + weight
            if early:
                top = sorted(counts.values(), reverse=True) + [0]
                if top[0] > top[1] + left:
                    return


def line_key(line: str) -> int:
    """The corpus counts lines by a 64-bit digest: a paragraph's text would cost its length in memory for
    every document of a stream, and only recurrence matters (blake2b, so the same on every machine)."""
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=4096)
def _block_language(text: str) -> str | None:
    """The language one block's function words point to (memoised: blocks recur across rounds and pages).
    Only the languages with rules compete once one of them leads, so that French prose, which Spanish's
    function words follow closely, still votes French; a block clearly in another language votes for it."""
    votes = language.profiles().votes(language.words(text))
    return language.clear_language(votes, 2, _rule_languages()) or language.clear_language(votes, 2)


@lru_cache(maxsize=1)
def _rule_languages() -> frozenset[str]:
    return frozenset(load_ruleset().languages)


@lru_cache(maxsize=None)
def _span_rules(lang: str, aggressive: bool) -> KeywordIndex:
    """The span rules in force for a language and level, indexed by their keywords (one scan per line)."""
    return KeywordIndex(r for r in load_ruleset().rules_for(lang) if r.match == "span" and r.applies(aggressive))


class _Facts(NamedTuple):
    """What a line is on its own (no neighbours, no corpus): the same wherever and whenever it recurs."""

    norm: str
    cls: str
    protected: bool
    sentence: bool
    item: bool
    #: The first whole-line phrase rule it matches (None when protected or none matches).
    rule: Rule | None
    #: (start, end, rule) of span-rule matches, relative to the line (none when protected or a rule matched).
    spans: tuple[tuple[int, int, Rule], ...]
    #: A label, button or ornament that could separate the entries of a teaser list (:func:`_separator_like`).
    separator: bool
    #: It could be a dated teaser: it starts or ends with a date of the language (:func:`_date_led`).
    dated: bool
    #: The id of the comment marker it is (None when protected, too long or none).
    marker: str | None


def _language_rules(ruleset: RuleSet, lang: str) -> Language:
    """The stopwords (and callouts) a page in ``lang`` is read with: its boilerplate file's, else the shared
    profile's function words (a Spanish paragraph holds no English stopwords: read with English ones, it was
    "not text"), else English."""
    own = ruleset.languages.get(lang)
    if own is not None:
        return own
    stopwords = language.profiles().stopwords.get(lang)
    return Language(lang, stopwords, ()) if stopwords else ruleset.languages["en"]


class _Setting(NamedTuple):
    """What the line facts of one language at one level read, looked up once rather than for every line."""

    lang_rules: Language
    level: Level
    matcher: LineMatcher
    span_index: KeywordIndex
    date: "regex.Pattern[str] | None"
    date_at_end: "regex.Pattern[str] | None"
    marker_matcher: "regex.Pattern[str]"
    markers: tuple[Marker, ...]


@lru_cache(maxsize=None)
def _setting(lang: str, level_name: str) -> _Setting:
    ruleset = load_ruleset()
    level = load_levels()[level_name]
    return _Setting(_language_rules(ruleset, lang), level, ruleset.line_matcher(lang),
                    _span_rules(lang, level.aggressive_rules), ruleset.dates.get(lang),
                    _date_at_end(ruleset.dates.get(lang)),
                    ruleset.marker_matcher(lang), ruleset.markers_for(lang))


@lru_cache(maxsize=4096)
def _line_facts(text: str, lang: str, level_name: str, user_rules: tuple[Rule, ...],
                protect: tuple[str, ...], prefilter: bool = True) -> _Facts:
    """The context-free verdicts on one line, memoised: a page repeats its furniture, a corpus repeats its
    site's, and every later pipeline round sees the same lines again. A pure function of its arguments (the
    shipped rules and levels are immutable), so the cache cannot make results depend on call history.
    ``prefilter`` is the keyword prefilter's switch, a key so that turning it off is never answered from cache."""
    setting = _setting(lang, level_name)
    stopwords = setting.lang_rules.stopwords
    norm = normalise(text)
    protected = (bool(protect) and any(p in norm.lower() for p in protect)) or setting.lang_rules.is_callout(norm)
    words = _WORD.findall(norm)
    cls = _classify_words(norm, words, stopwords, setting.level)
    sentence = _is_sentence(norm, stopwords, words)
    # (" | " is in every table row the pattern finds: the literal check spares its backtracking on prose)
    item = _LIST_ITEM.match(text) is not None or (" | " in norm and _TABLE_ROW.search(norm) is not None)
    rule = None
    spans: list[tuple[int, int, Rule]] = []
    if not protected:
        rule = setting.matcher.first_hit(norm, user_rules, setting.level.aggressive_rules)
        if rule is None:
            raw_low = text.lower()
            span_rules = setting.span_index.candidates(raw_low)
            if user_rules:
                span_rules += tuple(r for r in user_rules if r.match == "span" and r.may_hit(raw_low))
            for span_rule in span_rules:
                for s, e in span_rule.spans(text):
                    spans.append((s, e, span_rule))
    separator = _separator_like(norm, protected, sentence)
    date = setting.date
    dated = (date is not None and not protected and len(norm) <= 250 and not sentence
             and _date_led(norm, date, setting.date_at_end))
    marker = None
    if not protected and len(norm) <= 400:
        m = setting.marker_matcher.fullmatch(norm)
        marker = setting.markers[int(m.lastgroup[1:])].id if m else None
    return _Facts(norm, cls, protected, sentence, item, rule, tuple(spans), separator, dated, marker)


class Boilerplate(Stage):
    name = "boilerplate"
    summary = "site furniture, calls to action and comment threads"

    def observe(self, doc: Document, config: Config) -> Mapping[str, Counter]:
        lines = Counter({line_key(n): 1 for n in {normalise(b.text).lower() for b in doc.blocks} if n})
        return {NAMESPACE: lines}

    def propose(self, doc: Document, ctx: Context) -> Proposal:
        cfg = ctx.config.boilerplate
        blocks = doc.blocks
        if not blocks:
            return Proposal()
        level = load_levels()[cfg.level]
        ruleset = load_ruleset()
        lang = detect_language(doc, ruleset)
        user_rules = compile_user_patterns(tuple(cfg.extra_patterns))
        rules = ruleset.rules_for(lang) + user_rules
        protect = tuple(p.lower() for p in cfg.protect if p)

        lines: list[_Line] = []
        spans: list[tuple[_Line, int, int, Rule]] = []
        for b in blocks:
            facts = _line_facts(b.text, lang, cfg.level, user_rules, protect, _rules_module.PREFILTER)
            rule = facts.rule
            ln = _Line(b, facts.norm, facts.cls, protected=facts.protected, sentence=facts.sentence, item=facts.item,
                       separator=facts.separator, dated=facts.dated, marker=facts.marker, phrase=rule)
            if rule is not None:
                ln.drop(rule.id, f"matches boilerplate phrase rule {rule.id}", 0.95, weak=rule.weak)
            for s, e, span_rule in facts.spans:
                spans.append((ln, b.start + s, b.start + e, span_rule))
            lines.append(ln)
        self._corpus(lines, ctx)
        if cfg.comments:
            self._comment_threads(lines, ruleset.markers_for(lang))
        self._teaser_boxes(lines)
        self._author_boxes(lines)
        self._dated_teasers(lines)
        self._dated_entries(lines)
        self._repeated_separators(lines)
        # (the layout evidence, stopword density above all, is calibrated on the languages with a boilerplate
        # file: on another language's page only the rules, comment threads and corpus evidence speak)
        if level.features and lang in ruleset.languages:
            self._furniture_sections(lines)
            self._tail(lines, [r for r in rules if r.tail and r.applies(level.aggressive_rules)])
            if len(lines) >= _MIN_PAGE_BLOCKS:
                self._region(lines, level)
            self._sandwiched(lines)
            self._echoes(lines)
        self._keep_dateline(lines)
        return Proposal(edits=self._edits(doc, lines, spans))

    # -- evidence ---------------------------------------------------------------------------------

    @staticmethod
    def _corpus(lines: list[_Line], ctx: Context) -> None:
        """A line seen on many pages of the corpus is site furniture."""
        docs = ctx.corpus_docs
        if docs < 3:
            return
        need = max(3, ctx.config.boilerplate.corpus_line_share * docs)
        for ln in lines:
            if ln.protected or ln.remove or not ln.norm:
                continue
            n = ctx.corpus_count(NAMESPACE, line_key(ln.norm.lower()))
            if n >= need:
                ln.drop("corpus-repeat",
                        f"line recurs in {n} of {docs} other documents of the corpus (site furniture)", 0.85)

    @staticmethod
    def _comment_threads(lines: list[_Line], markers) -> None:
        """Remove a run of repeated comment structure whole, from its first marker to its last."""
        weak = {m.id: m.weak for m in markers}
        hits = [(i, ln.marker) for i, ln in enumerate(lines) if ln.marker]
        if len(hits) < 3:
            return
        first_text = next((i for i, ln in enumerate(lines) if ln.cls == GOOD and not ln.remove), None)
        # Cluster markers that are close to each other; a thread is a cluster of at least 3.
        clusters: list[list[tuple[int, str]]] = [[hits[0]]]
        for h in hits[1:]:
            if h[0] - clusters[-1][-1][0] <= 6:
                clusters[-1].append(h)
            else:
                clusters.append([h])
        for cl in clusters:
            kinds = Counter(k for _, k in cl)
            if len(cl) < 3 or (len(kinds) < 2 and weak[cl[0][1]]):
                continue
            start, end = cl[0][0], cl[-1][0]
            if first_text is None or start <= first_text:
                continue  # a thread follows an article; markers before any text are something else
            # The text of the last comment follows its marker when the marker heads it.
            tail = end
            while tail + 1 < len(lines) and tail - end < 2 and not lines[tail + 1].remove \
                    and lines[tail + 1].cls in (GOOD, NEARGOOD) and not lines[tail + 1].protected:
                tail += 1
            if tail + 1 < len(lines) and not lines[tail + 1].remove:
                tail = end
            for j in range(start, tail + 1):
                ln = lines[j]
                if ln.protected or ln.remove:
                    continue
                ln.drop("comment-thread",
                        f"part of a comment thread ({len(cl)} comment markers: {', '.join(sorted(kinds))})", 0.85)

    @staticmethod
    def _teaser_boxes(lines: list[_Line]) -> None:
        """The headlines under a "Related" / "Read also" heading are teasers, wherever the box stands."""
        for k, ln in enumerate(lines):
            if not (ln.box and ln.remove):
                continue
            end = _teaser_end(lines, k)
            for later in lines[k + 1:end]:
                if later.remove:
                    continue
                # weak: the heading is the evidence; the headlines under it are no more furniture than text
                later.drop("teaser-box", f"a teaser under the heading {ln.norm[:40]!r}", 0.75, weak=True)

    @staticmethod
    def _author_boxes(lines: list[_Line]) -> None:
        """Under an "About the author" heading, the next paragraph (and a short name or role line) is a bio."""
        for k, ln in enumerate(lines):
            if not (ln.bio and ln.remove):
                continue
            for later in lines[k + 1:k + 1 + _BIO_LINES]:
                if later.protected or later.opens:
                    break
                if later.remove:
                    continue
                text_like = later.cls in (GOOD, NEARGOOD)  # (before the drop makes it RULE)
                later.drop("author-box", f"the author's bio under the heading {ln.norm[:40]!r}", 0.75)
                if text_like or len(later.norm) >= 70:
                    break

    @staticmethod
    def _dated_teasers(lines: list[_Line]) -> None:
        """A run of at least three lines that each start or end with a date is a list of teasers or posts.

        A line that reads as a sentence, or a date and a colon, is not a teaser: it is an entry of a
        chronology or a press review in the article ("3 March 2020: the government closed the schools").
        """
        dated = [ln.dated for ln in lines]
        if not any(dated):
            return
        i = 0
        while i < len(lines):
            if not dated[i]:
                i += 1
                continue
            j, run = i, []
            while j < len(lines) and (dated[j] or (lines[j].remove and j + 1 < len(lines) and dated[j + 1])):
                if dated[j]:
                    run.append(j)
                j += 1
            if len(run) >= 3:
                for r in run:
                    ln = lines[r]
                    if not ln.remove:
                        ln.drop("dated-teasers",
                                f"one of {len(run)} lines in a row that start or end with a date (teasers, posts)",
                                0.75)
            i = j

    @staticmethod
    def _dated_entries(lines: list[_Line]) -> None:
        """Three or more date lines at a steady rhythm, each over a title (and a summary), are a teaser list.

        The title must read as a title (no closing period), the summary must be short: paragraphs under
        dates (a diary, a live ticker) are not taken.
        """
        dates = [i for i, ln in enumerate(lines) if ln.remove and ln.dateline]
        runs: list[list[int]] = []
        for i in dates:
            if runs and 2 <= i - runs[-1][-1] <= 3 and _entry(lines, runs[-1][-1], i):
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            if len(run) < 3:
                continue
            step = run[-1] - run[-2]
            end = run[-1] + step
            if end > len(lines) or not _entry(lines, run[-1], end):
                end = run[-1] + 1
            for ln in lines[run[0]:end]:
                if ln.remove or ln.protected:
                    continue
                ln.drop("dated-teasers", f"an entry of a list of {len(run)} dated teasers", 0.7)

    @staticmethod
    def _repeated_separators(lines: list[_Line]) -> None:
        """A short line repeated at a steady rhythm separates the entries of a teaser list: the entries go.

        A section label over each headline ("Wildtiere", "B2B"), a "Share" or a "»»»" under each summary:
        three or more times, every 2 to 6 lines, with gaps that differ by one line at most. Each entry must
        hold a title (a short line that does not end a sentence) and nothing longer than a summary, so that
        the paragraphs of an article with a recurring label are not taken.
        """
        where: dict[str, list[int]] = {}
        for i, ln in enumerate(lines):
            if ln.separator:
                where.setdefault(ln.norm.lower(), []).append(i)
        for pos in where.values():
            for run in _steady_runs(pos):
                entries = [lines[a + 1:b] for a, b in zip(run, run[1:])]
                if not all(_teaser_entry(e) for e in entries):
                    continue
                for ln in lines[run[0]:run[-1] + 1]:
                    if ln.remove or ln.protected:
                        continue
                    ln.drop("repeated-separator", f"an entry of a list of {len(run) - 1} teasers between repeated "
                            f"lines {lines[run[0]].norm[:30]!r}", 0.7, weak=True)

    @staticmethod
    def _furniture_sections(lines: list[_Line]) -> None:
        """After the article, a heading such as "Related articles" or "Comments" opens the page's furniture.

        The cut is made only once most of the page's text lies before the heading, so that a
        heading inside the article (or a page that is mostly teasers) is not taken for the end.
        """
        weights = [len(ln.norm) if ln.cls in (GOOD, NEARGOOD) and not ln.remove else 0 for ln in lines]
        total = sum(weights)
        if not total:
            return
        seen = 0
        for k, ln in enumerate(lines):
            seen += weights[k]
            if not ln.opens or seen < 0.6 * total or seen < 2 * (total - seen):
                continue
            if ln.box and _article_resumes(lines, k):
                continue  # a box of links inside the article; its teasers went already
            for later in lines[k + 1:]:
                if later.remove or later.protected:
                    continue
                later.drop("after-furniture-heading",
                           f"follows the furniture heading {ln.norm[:40]!r} that closes the article", 0.7, named=False)
            return

    @staticmethod
    def _tail(lines: list[_Line], tail_rules: list[Rule]) -> None:
        """An author's bio after the article's last paragraph reads like text; its phrasing gives it away."""
        for ln in reversed(lines):
            if ln.remove or ln.protected:
                continue
            low = ln.norm.lower()
            rule = next((r for r in tail_rules if r.may_hit(low) and r.hits_line(ln.norm)), None)
            if rule is not None:
                ln.drop(rule.id, f"after the article, matches phrase rule {rule.id}", 0.8)
            elif ln.cls in (GOOD, NEARGOOD):
                return  # the article's last paragraph: nothing before it is a tail

    @staticmethod
    def _sandwiched(lines: list[_Line]) -> None:
        """A short line between clusters of furniture is furniture: a menu item, a section name, a button.

        Each side needs two removed lines out of the nearest three, of which the neighbour itself; a date or
        a byline (weak) does not count, so that a heading above a byline and a paragraph is not taken.
        """
        gone = [ln.remove and not ln.weak for ln in lines]
        n = len(lines)
        picked = []
        for i, ln in enumerate(lines):
            if ln.remove or ln.protected or ln.sentence or len(ln.norm) > _SANDWICH_CHARS:
                continue
            if ln.cls not in (SHORT, BAD):
                continue
            if not (0 < i < n - 1 and gone[i - 1] and gone[i + 1]):
                continue
            if sum(gone[max(0, i - 3):i]) >= 2 and sum(gone[i + 1:i + 4]) >= 2:
                picked.append(ln)
        for ln in picked:
            ln.drop("between-furniture", "a short line between clusters of removed furniture", 0.65, named=False)

    @staticmethod
    def _echoes(lines: list[_Line]) -> None:
        """A menu is often on the page twice (the desktop and the mobile navigation, a header and a footer):
        where one copy went, a run of short labels that repeat its lines is the other copy.

        A copy of a line that went as a date, a byline or a teaser (weak) is no evidence, nor is a lone
        copy (a section heading of the article may also be a menu label), a title (four words or more:
        the article's own headline recurs in its site's teaser lists), a number, a table row or a list item
        (a results table repeats its rows).
        """
        gone = {ln.norm.lower() for ln in lines if ln.remove and not ln.weak and ln.norm}
        if not gone:
            return
        echo = [not (ln.remove or ln.protected or ln.sentence or ln.item) and 0 < len(ln.norm) <= _ECHO_CHARS
                and ln.norm.lower() in gone and sum(map(str.isalpha, ln.norm)) >= 3 and not _headline_like(ln.norm)
                for ln in lines]
        i, n = 0, len(lines)
        while i < n:
            if not echo[i]:
                i += 1
                continue
            j, run = i, []
            while j < n and (echo[j] or lines[j].remove):
                if echo[j]:
                    run.append(j)
                j += 1
            if len(run) >= _ECHO_RUN:
                for r in run:
                    lines[r].drop("echo", f"one of {len(run)} short lines in a row that repeat lines removed "
                                  "elsewhere on the page (a second copy of a menu)", 0.7, named=False)
            i = j

    @staticmethod
    def _keep_dateline(lines: list[_Line]) -> None:
        """A date between the headline and the first paragraph is the article's dateline: it stays."""
        first = next((i for i, ln in enumerate(lines) if ln.cls == GOOD and not ln.remove), None)
        if first is None or first == 0:
            return
        date = lines[first - 1]
        if date.remove and date.dateline and (first == 1 or not lines[first - 2].remove):
            date.remove, date.rule, date.reason = False, "", ""

    @staticmethod
    def _region(lines: list[_Line], level: Level) -> None:
        """Keep the main content region; remove what does not read as text outside it.

        Only on a page that shows furniture (a line some rule named): length and stopword density say
        "not text" of a headline, a title glued to a teaser or a list of terms too, and on a page with
        no furniture at all nothing says that a template surrounds the text: it is an article, whole.
        """
        if not any(ln.remove and not ln.weak for ln in lines):
            return
        scores = [_score(ln) for ln in lines]
        lo, hi = _best_run(scores)
        if hi < lo:
            return
        keep = [False] * len(lines)
        for a, b in _regions(scores, lo, hi):
            a = _with_headings(lines, a, level.heading_reach)
            if b == len(lines) - 2 and _SIGNATURE.fullmatch(lines[-1].norm):
                b += 1  # the author's name closing the document is a signature, not furniture
            b = _with_structure(lines, b)
            for i in range(a, b + 1):
                keep[i] = True
        # A text-like block after the article, beyond furniture that a rule named, is a teaser, a bio
        # or a notice: the furniture between says the article has ended. (Not before the article:
        # a lead paragraph above a paywall box or a share bar is article.)
        fenced = [False] * len(lines)
        wall = False
        for i in range(hi + 1, len(lines)):
            named = lines[i].remove and lines[i].rule != "outside-main-text" and not lines[i].weak
            wall = (wall or named) and not keep[i]
            fenced[i] = wall
        if not level.remove_outer_good:
            _keep_structure_after_outer_text(lines, keep, fenced)
        for i, ln in enumerate(lines):
            if keep[i] or ln.remove or ln.protected:
                continue
            if ln.cls == GOOD and not level.remove_outer_good and not fenced[i]:
                continue
            side = "before" if i < lo else "after"
            ln.drop("outside-main-text", f"{ln.cls} block {side} the main text of the page (length and stopword "
                    "density)", 0.7 if ln.cls in (SHORT, BAD) else 0.6, named=False)

    # -- edits ------------------------------------------------------------------------------------

    def _edits(self, doc: Document, lines: list[_Line], spans: list[tuple[_Line, int, int, Rule]]) -> list[Edit]:
        """Whole lines with their separator (so no blank-line holes remain), and parts of lines."""
        edits = []
        n = len(lines)
        kept_after = [False] * (n + 1)
        for i in range(n - 1, -1, -1):
            kept_after[i] = kept_after[i + 1] or not lines[i].remove
        any_kept = kept_after[0]
        for i, ln in enumerate(lines):
            if not ln.remove:
                continue
            b = ln.block
            if kept_after[i + 1] or (not any_kept and i + 1 < n):
                start, end = b.start, lines[i + 1].block.start
            elif any_kept:  # the trailing run of removed lines takes the separator before it
                start, end = lines[i - 1].block.end, b.end
            else:
                start, end = b.start, b.end
            edits.append(self.edit(doc, start, end, "", ln.rule, ln.reason, ln.confidence))
        for ln, s, e, rule in spans:
            if ln.remove or ln.protected:
                continue
            # Take the space before the phrase with it, so that no double space is left.
            while s > 0 and doc.text[s - 1] in " \t":
                s -= 1
            edits.append(self.edit(doc, s, e, "", rule.id, f"part of the line matches phrase rule {rule.id}", 0.9))
        return edits


def _score(ln: _Line) -> float:
    """How much a block says "this is the article" (positive) or "this is furniture" (negative)."""
    n = len(ln.norm)
    if ln.protected:
        return float(max(n, 40))
    if ln.remove and ln.weak:
        return 0.0  # a date or a byline says nothing about where the article is
    if ln.remove:
        if ln.rule == "comment-thread":
            return -1000.0
        # A one-word button ("Pin", "Merken") inside a gallery is weaker evidence than a footer line.
        return max(_RULE_PENALTY, -(50.0 + 3.0 * n))
    if ln.cls == GOOD:
        return float(min(n, 1500))
    if ln.cls == NEARGOOD:
        return n * 0.8
    if ln.item:
        return 2.0
    if ln.cls == SHORT and ln.sentence:
        return n * 0.3
    if ln.cls == SHORT:
        return -(3 + n * 0.1)
    return -(5 + n * 0.2)


_TEASER_BOX_LINES = 15
_ECHO_CHARS = 60
_ECHO_RUN = 2
_SANDWICH_CHARS = 80
_BIO_LINES = 3


def _teaser_end(lines: list[_Line], k: int) -> int:
    """Where the teasers under heading ``k`` end: at a paragraph that ends a sentence (text again)."""
    end = k + 1
    while end < len(lines) and end - k <= _TEASER_BOX_LINES:
        ln = lines[end]
        if ln.protected or (not ln.remove and ln.cls in (GOOD, NEARGOOD) and _SENTENCE_END.search(ln.norm)
                            and not (_read_more(lines, end + 1) or _read_more(lines, end + 2))):
            break
        end += 1
    return end


def _read_more(lines: list[_Line], i: int) -> bool:
    """Line ``i`` is a "read more" button (a rule marked ``more``): the paragraph (title and summary) above it is a
    teaser, not the article."""
    return i < len(lines) and lines[i].remove and lines[i].more


def _article_resumes(lines: list[_Line], k: int) -> bool:
    """Two or more headlines under heading ``k``, then the page's last run of paragraphs: the box stood
    inside the article, before its closing paragraphs.

    (A teaser list goes on after its first summary with more headlines and summaries.)
    """
    end = _teaser_end(lines, k)
    items = sum(1 for ln in lines[k + 1:end] if ln.norm and not (ln.remove and ln.rule != "teaser-box"))
    if items < 2 or end >= len(lines) or lines[end].protected:
        return False
    after = end
    while after < len(lines) and not lines[after].remove and lines[after].cls in (GOOD, NEARGOOD):
        after += 1
    if any(ln.rule in _TEASER_LISTS for ln in lines[after:after + 2]):
        return False  # more teasers follow the paragraph: it was a teaser's summary, the box goes on
    return not any(ln.cls == GOOD and not ln.remove for ln in lines[after:])


_TEASER_LISTS = frozenset({"repeated-separator", "dated-teasers"})


def _entry(lines: list[_Line], a: int, b: int) -> bool:
    """Lines a+1..b-1 are a teaser under the date at ``a``: a title, then at most a short summary."""
    body = lines[a + 1:b]
    if not body or body[0].protected or len(body[0].norm) > 150 or body[0].norm.endswith("."):
        return False
    return all(not ln.protected and len(ln.norm) <= 400 for ln in body)


_SEPARATOR_CHARS = 40
# A "key: value" line, or code ("@classmethod", "});"): structure of the text, not a label.
_NOT_A_LABEL = regex.compile(r"[:@{}()\[\];=_<>#$\\]")
_NUMBER_LINE = regex.compile(r"\d{1,4}[.)]?")
_ORNAMENTS = frozenset({"»»»", "***", "* * *", "—", "•••", "…", "---"})


def _separator_like(norm: str, protected: bool, sentence: bool) -> bool:
    """A label, a button or an ornament: short, not a sentence, not a "key: value" line, not a bare number
    (a recipe's quantities and a listing's counts repeat too)."""
    if protected or sentence or not norm or len(norm) > _SEPARATOR_CHARS or _NOT_A_LABEL.search(norm):
        return False
    return norm in _ORNAMENTS or sum(map(str.isalpha, norm)) >= 3


def _steady_runs(pos: list[int]) -> list[list[int]]:
    """Runs of at least three positions, 2 to 6 apart, whose gaps differ by one at most."""
    runs: list[list[int]] = []
    for p in pos:
        if runs and 2 <= p - runs[-1][-1] <= 6:
            gaps = [b - a for a, b in zip(runs[-1], runs[-1][1:])] + [p - runs[-1][-1]]
            if max(gaps) - min(gaps) <= 1:
                runs[-1].append(p)
                continue
            runs.append([runs[-1][-1], p])
            continue
        runs.append([p])
    return [r for r in runs if len(r) >= 3]


def _teaser_entry(body: list[_Line]) -> bool:
    """A headline (a short line that does not end a sentence), and at most summaries besides.

    A line that is only a number ("26.", "19") makes the entry an item of a numbered list (references,
    steps) or a picture of a gallery with its counters: the article's, not teasers.
    """
    if any(ln.protected or len(ln.norm) > 400 or _NUMBER_LINE.fullmatch(ln.norm) for ln in body):
        return False
    return any(not ln.remove and 10 <= len(ln.norm) <= 150 and not ln.norm.endswith((".", ":")) for ln in body)


def _date_led(norm: str, date, date_at_end=None) -> bool:
    """The line starts or ends with a date ("12.03.2021 | Title", "Title 12.03.2021").

    ``date_at_end`` (:func:`_date_at_end`) is a cheap necessary condition for the second case, tried first.
    """
    m = date.match(norm)
    if m is not None:
        # "3 March 2020: the government ..." is an entry of a chronology (a colon after the date), not a teaser.
        return not norm[m.end():].lstrip().startswith(":")
    tail = norm.rstrip(" .)|»›")[-40:]
    if date_at_end is not None and date_at_end.search(tail) is None:
        return False
    return any(m.end() == len(tail) for m in date.finditer(tail, overlapped=True))


# Constructs whose matches depend on the direction of matching: a pattern with one gets no reverse gate.
_DIRECTED = ("(?>", "++", "*+", "?+", "}+", "(?=", "(?!", "(?<", "\\1", "\\2", "(?(")


def _date_at_end(date) -> "regex.Pattern[str] | None":
    """Whether some date ends the text, matched from the end (so only the end is tried, not every position).

    Every match that the forward scan of :func:`_date_led` could find ending at the end is a match of
    this pattern, so when it finds nothing the scan cannot either. (Plain patterns only: the language of
    a pattern without lookarounds, atomic groups, possessive quantifiers or back-references is the same
    read in either direction.)
    """
    if date is None or any(d in date.pattern for d in _DIRECTED):
        return None
    return regex.compile(f"(?:{date.pattern})$", date.flags | regex.REVERSE)


_KEY_VALUE = regex.compile(r"[^:|]{2,40}:\s*\S|[^|]{1,60} \| \S")
_STRUCTURE_LINES = 40


def _structured(ln: _Line) -> bool:
    """A list item, a table row, a "key: value" line, or a line that introduces a list with a colon."""
    # (normalise strips a closing colon: the raw text says whether the line introduces what follows)
    return ln.item or _KEY_VALUE.match(ln.norm) is not None or ln.block.text.rstrip().endswith(":")


def _with_structure(lines: list[_Line], b: int) -> int:
    """A table or a list right after a region of text belongs to it (a spec sheet, a recipe, a ranking).

    The run ends at furniture a rule named or at text; it is taken when most of its lines are structured
    (at least three), and only up to its last structured line.
    """
    end, structured, total = b, 0, 0
    j = b + 1
    while j < len(lines) and j - b <= _STRUCTURE_LINES:
        ln = lines[j]
        if ln.protected or ln.cls == GOOD or (ln.remove and not ln.weak):
            break
        total += 1
        if _structured(ln) and not ln.remove:
            structured += 1
            end = j
        j += 1
    if structured >= 3 and structured * 2 >= end - b:
        return end
    return b


def _keep_structure_after_outer_text(lines: list[_Line], keep: list[bool], fenced: list[bool]) -> None:
    """Good text outside the main region stays; so does the table or list that its last paragraph introduces.

    (An article beside a larger shop listing: "the grades are:" and the table under it belong to the text.)
    """
    for i, ln in enumerate(lines):
        if keep[i] or ln.remove or ln.protected or ln.cls != GOOD or fenced[i]:
            continue
        _keep_sentences_beside(lines, i, keep)
        if i + 1 < len(lines) and lines[i + 1].cls == GOOD:
            continue  # only after the last paragraph of a run
        for j in range(i + 1, _with_structure(lines, i) + 1):
            keep[j] = True


def _keep_sentences_beside(lines: list[_Line], i: int, keep: list[bool]) -> None:
    """The short sentences right before and after good text outside the main region are its paragraphs, and a
    title above them its heading: a short article beside a larger block of furniture is told in lines too short
    to count as text alone."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not keep[j] and not lines[j].remove and lines[j].cls != GOOD \
                and (lines[j].sentence or lines[j].cls == NEARGOOD):
            keep[j] = True
            j += step
        if step < 0 and j >= 0 and not keep[j] and not lines[j].remove and _headline_like(lines[j].norm):
            keep[j] = True  # and its heading


def _headline_like(norm: str) -> bool:
    """A title: a few words without the separators of menus and breadcrumbs, not ending a sentence.

    A page title often ends with its site's name ("... Strengthens PR | San-Digi"): one such suffix
    does not make a title a breadcrumb."""
    head = _SITE_SUFFIX.sub("", norm)
    return len(head.split()) >= 4 and not _NAV_CHARS.search(head) and not head.endswith((".", ":", ";"))


_NAV_CHARS = regex.compile(r"[|»›>/•·]")
_SITE_SUFFIX = regex.compile(r"\s[|–—-]\s[^|»›>/•·–—]{1,40}$")


def _with_headings(lines: list[_Line], lo: int, reach: int) -> int:
    """Headings, titles and datelines right before a region of text belong to it."""
    steps, i = 0, lo
    while i > 0 and steps < reach:
        prev = lines[i - 1]
        if prev.remove and prev.header:
            break  # a breadcrumb's label: above it is the page's header (menus), not the article's heading
        if (prev.remove and prev.rule != "outside-main-text" and (len(prev.norm) < 30 or prev.weak)) or \
                (not prev.remove and " " not in prev.norm):
            # A "Comments" or "Share" link, or a one-word section label, between the title and the
            # text does not end the heading; it is not kept with it either.
            i -= 1
            continue
        if prev.remove or len(prev.norm) > 200:
            break
        if prev.cls == BAD and not _headline_like(prev.norm):
            break  # (headlines above the text are kept even when they read as "not text")
        i -= 1
        steps += 1
        lo = i
    return lo


def _regions(scores: list[float], lo: int, hi: int) -> list[tuple[int, int]]:
    """The main region, and further regions of text beside it that are worth a share of it."""
    best = sum(scores[lo:hi + 1])
    need = max(400.0, 0.3 * best)
    out = [(lo, hi)]
    todo = [(0, lo), (hi + 1, len(scores))]
    while todo:
        a, b = todo.pop()
        if b - a <= 0:
            continue
        s_lo, s_hi = _best_run(scores[a:b])
        if s_hi < s_lo or sum(scores[a + s_lo:a + s_hi + 1]) < need:
            continue
        out.append((a + s_lo, a + s_hi))
        todo += [(a, a + s_lo), (a + s_hi + 1, b)]
    return sorted(out)


def _best_run(scores: list[float]) -> tuple[int, int]:
    """The maximum-sum run of blocks (Kadane): the page's main content region."""
    best, best_lo, best_hi = 0.0, 0, -1
    cur, cur_lo = 0.0, 0
    for i, s in enumerate(scores):
        if cur <= 0:
            cur, cur_lo = s, i
        else:
            cur += s
        if cur > best:
            best, best_lo, best_hi = cur, cur_lo, i
    return best_lo, best_hi
