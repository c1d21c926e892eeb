"""Boilerplate rules as data: phrase patterns, comment markers and stopwords per language.

Each language is one file in ``textfix/data/boilerplate`` (``common.toml`` holds
what no language owns), so a new language is a new file. Loading is cached: the
data is immutable, so the cache cannot make results depend on call history.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import re

import regex

from ..errors import ConfigError
from ..rules import data_files, load_toml

__all__ = ["Rule", "Marker", "Language", "RuleSet", "Level", "KeywordIndex", "LineMatcher",
           "load_ruleset", "load_levels", "compile_user_patterns", "normalise"]

_FOLDER = "boilerplate"
_LEVELS_FILE = f"{_FOLDER}/levels.toml"
# Every run of whitespace becomes one space; a lone space (most of them) is left alone rather than replaced.
_WS = regex.compile(r"\s{2,}|[^\S ]")
_CF = regex.compile(r"\p{Cf}+")
# Table-cell debris a naive scraper leaves at the end of a line: "text | |".
_TRAILING_PIPES = regex.compile(r"(?r)(?:\s*\|)+\s*$")  # reverse: linear on long runs
# Punctuation and bullets that frame a phrase without changing what it says.
_FRAME = " \t-–—•·*>»›|:"
# Simple case folding (VERSION0): full folding lets "SS" also match "ß", which makes patterns such as
# "(\p{Lu}[\p{L}]+ ){1,3}" explode exponentially on a run of capital S (found by the fuzzer).
_FLAGS = regex.IGNORECASE | regex.VERSION0
#: The keyword prefilter of the phrase rules (off only to test that it changes nothing).
PREFILTER = True
# No whole-line phrase of furniture is longer than this; longer lines skip the line rules (cost).
_LINE_RULE_CHARS = 200
# How many leading characters of a line pick the whole-line patterns worth trying (FirstFullmatch), and how
# many such prefixes are remembered (the memo is cleared when full: its answers are a pure function).
_PREFIX_CHARS = 2
_PREFIX_MEMO = 1 << 15


def normalise(text: str) -> str:
    """A line as rules see it: invisible characters gone, whitespace collapsed, pipe debris and bullets off."""
    s = _CF.sub("", text)
    s = _TRAILING_PIPES.sub("", s)
    s = _WS.sub(" ", s).strip(_FRAME + " ")
    return s


@dataclass(frozen=True)
class Rule:
    """One phrase pattern: ``line`` covers a whole line, ``start`` opens a short line, ``span`` is part of one."""

    id: str
    match: str
    pattern: "regex.Pattern[str]"
    example: str
    max_chars: int = 200
    #: A heading that opens a section of furniture (related articles, comments).
    opens: bool = False
    #: Only after the article's last paragraph (an author's bio reads like article text).
    tail: bool = False
    #: The line goes, but it is no evidence about where the article is: a date, a byline or a share bar sits
    #: between a headline and the text as often as in the furniture around them.
    weak: bool = False
    #: A date: right under the article's headline, above its first paragraph, it is the article's dateline.
    dateline: bool = False
    #: A heading over a box of teasers ("Related", "Read also"): the headlines under it go with it.
    box: bool = False
    #: The heading of an author box ("About the author"): the paragraph under it is a bio.
    bio: bool = False
    #: A breadcrumb's label ("You are here:"): the page's header ends at it, so nothing above it is the
    #: article's heading.
    header: bool = False
    #: A "read more" button: under a "Related" heading, the paragraph it follows is a teaser's summary.
    more: bool = False
    #: Lower-case literals of which every line this rule matches holds one: a cheap check before the regex.
    keywords: tuple[str, ...] = ()
    #: Only at the ``aggressive`` level (``level = "aggressive"`` in the data): what removes content that
    #: some readers keep, such as an image caption with its credit.
    aggressive: bool = False

    def __post_init__(self) -> None:
        # The keywords as one literal alternation: one C-level scan instead of a Python loop.
        literals = re.compile("|".join(re.escape(w) for w in sorted(self.keywords, key=len, reverse=True)))
        object.__setattr__(self, "_literals", literals if self.keywords else None)
        # (a flag test on the enum costs more than the match it decides between, on every line)
        object.__setattr__(self, "_reverse", bool(self.pattern.flags & regex.REVERSE))

    def applies(self, aggressive: bool) -> bool:
        """Whether the rule is in force at a level (``aggressive``: the level applies aggressive rules)."""
        return aggressive or not self.aggressive

    def fits(self, n: int) -> bool:
        """False when a line of ``n`` (normalised) characters is too long for :meth:`hits_line` to match."""
        if self.match == "line":
            return n <= _LINE_RULE_CHARS
        if self.match in ("start", "contains"):
            return n <= self.max_chars
        return True

    def reach(self) -> float:
        """The longest (normalised) line that :meth:`fits`: ``inf`` when any length does."""
        if self.match == "line":
            return _LINE_RULE_CHARS
        if self.match in ("start", "contains"):
            return self.max_chars
        return float("inf")

    def may_hit(self, low: str) -> bool:
        """False when the (lower-cased) line holds none of the keywords: the regex cannot match it."""
        return self._literals is None or not PREFILTER or self._literals.search(low) is not None

    def hits_line(self, norm: str) -> bool:
        """True when the whole (normalised) line is this rule's boilerplate."""
        if self.match == "line":
            return len(norm) <= _LINE_RULE_CHARS and self.pattern.fullmatch(norm) is not None
        if self.match == "start":
            return len(norm) <= self.max_chars and self.pattern.match(norm) is not None
        if self.match == "contains":
            return len(norm) <= self.max_chars and self.pattern.search(norm) is not None
        # (the leftmost match starts at 0 only if there is a match at 0, and then it is that one: ``match``
        # tries position 0 alone where ``search`` would scan the line; a reverse pattern searches from the end)
        m = self.pattern.search(norm) if self._reverse else self.pattern.match(norm)
        return m is not None and m.start() == 0 and m.end() >= len(norm.rstrip(" .!?"))

    def spans(self, text: str) -> Iterable[tuple[int, int]]:
        """Parts of ``text`` (raw, not normalised) that are this span rule's boilerplate."""
        if self.match != "span":
            return ()
        return [m.span() for m in self.pattern.finditer(text)]


@dataclass(frozen=True)
class Marker:
    """A line that marks a comment of a thread (``NAME says:``, ``Reply``, ``#4 ...``)."""

    id: str
    pattern: "regex.Pattern[str]"
    example: str
    #: Alone, not enough to call a run of lines a thread ("Reply" also occurs in articles).
    weak: bool = False

    def hits(self, norm: str) -> bool:
        return self.pattern.fullmatch(norm) is not None


@dataclass(frozen=True)
class Language:
    code: str
    stopwords: frozenset[str]
    callouts: tuple["regex.Pattern[str]", ...]

    def __post_init__(self) -> None:
        # The callouts as one alternation: one match at the line's start instead of one per callout.
        either = regex.compile("|".join(c.pattern for c in self.callouts) or "(?!)", _FLAGS)
        object.__setattr__(self, "_either", either)

    def is_callout(self, norm: str) -> bool:
        """Whether a callout matches the start of the (normalised) line: such a line is the article's."""
        return self._either.match(norm) is not None


@dataclass(frozen=True, eq=False)
class RuleSet:
    """Every shipped rule, marker and language; ``rules_for`` picks what applies to one document."""

    rules: dict[str, tuple[Rule, ...]]
    markers: dict[str, tuple[Marker, ...]]
    languages: dict[str, Language]
    #: language -> a pattern for one date as the language writes it (numeric or with month names)
    dates: dict[str, "regex.Pattern[str]"]

    def rules_for(self, lang: str) -> tuple[Rule, ...]:
        # English furniture ("Login", "Newsletter", "Share") is common on pages in every language.
        codes = ["common", lang] + (["en"] if lang != "en" else [])
        return tuple(r for c in codes for r in self.rules.get(c, ()))

    def line_matcher(self, lang: str) -> "LineMatcher":
        """All rules for ``lang`` in one matcher, which finds a line's first hit for less than trying each."""
        return _line_matcher(self, lang)

    def marker_matcher(self, lang: str) -> "regex.Pattern[str]":
        """Every comment marker for ``lang`` as one alternation; the group name is the marker id."""
        return _marker_matcher(self, lang)

    def markers_for(self, lang: str) -> tuple[Marker, ...]:
        codes = ["common", lang] + (["en"] if lang != "en" else [])
        return tuple(m for c in codes for m in self.markers.get(c, ()))


def _compile(pattern: str, where: str, match: str = "line") -> "regex.Pattern[str]":
    # A start or span phrase must end at a word boundary: "subscribe" is not "Subscribers".
    body = f"(?:{pattern})"
    if match in ("start", "span", "contains"):
        body += r"(?![\p{L}\d])"
    if match == "contains":
        body = r"(?<![\p{L}\d])" + body
    try:
        return regex.compile(body, _FLAGS)
    except regex.error as e:
        raise ConfigError(f"{where}: bad pattern {pattern!r}: {e}") from None


def _keywords(rule: dict, where: str) -> list[str]:
    words = rule.get("keywords", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w and w == w.lower() for w in words):
        raise ConfigError(f"{where} {rule.get('id')}: keywords must be a list of non-empty lower-case strings")
    return words


def _expand(pattern: str, parts: dict[str, str]) -> str:
    """``{date}``, ``{time}`` and ``{name}`` of a ``[fragments]`` entry in a pattern stand for the file's date and
    time patterns and its named fragments (one place to fix)."""
    for key, value in parts.items():
        pattern = pattern.replace("{" + key + "}", f"(?:{value})")
    return pattern


def _dates(data: dict, common: dict) -> dict[str, str]:
    """A file's dates: the numeric dates every language writes, or its own; its own times, else the common."""
    own, base = data.get("dates", {}), common.get("dates", {})
    parts = [base.get("date")] + ([own.get("date")] if own is not base else [])
    return {"date": "|".join(p for p in parts if p) or "(?!)", "time": own.get("time") or base.get("time") or "(?!)"}


def _fragments(data: dict, common: dict) -> dict[str, str]:
    """A file's named pieces of pattern (``[fragments]``): the common file's, and its own over them."""
    return {**common.get("fragments", {}), **data.get("fragments", {})}


@lru_cache(maxsize=None)
def load_ruleset() -> RuleSet:
    rules: dict[str, tuple[Rule, ...]] = {}
    markers: dict[str, tuple[Marker, ...]] = {}
    languages: dict[str, Language] = {}
    dates: dict[str, "regex.Pattern[str]"] = {}
    names = [n for n in data_files(_FOLDER) if n != _LEVELS_FILE]
    common = next((load_toml(n) for n in names if n.endswith("/common.toml")), {})
    for name in names:
        data = load_toml(name)
        code = name.rsplit("/", 1)[-1][: -len(".toml")]
        lang = data.get("language")
        if lang:
            code = lang.get("code", code)
        subst = {**_dates(data, common), **_fragments(data, common)}
        dates[code] = _compile(subst["date"], f"{name} [dates]")
        if lang:
            languages[code] = Language(
                code,
                frozenset(lang.get("stopwords", "").split()),
                tuple(_compile(p, name) for p in lang.get("callouts", ())),
            )
        rules[code] = tuple(
            Rule(r["id"], r.get("match", "line"),
                 _compile(_expand(r["pattern"], subst), f"{name} {r['id']}", r.get("match", "line")),
                 r["example"], int(r.get("max_chars", 200)), bool(r.get("opens", False)),
                 r.get("where") == "tail", bool(r.get("weak", False)),
                 bool(r.get("dateline", False)), bool(r.get("box", False)),
                 bool(r.get("bio", False)), bool(r.get("header", False)),
                 bool(r.get("more", False)),
                 tuple(_keywords(r, name)), _rule_level(r, name) == "aggressive")
            for r in data.get("rule", ())
        )
        markers[code] = tuple(
            Marker(m["id"], _compile(_expand(m["pattern"], subst), f"{name} {m['id']}"), m["example"],
                   bool(m.get("weak", False)))
            for m in data.get("marker", ())
        )
    return RuleSet(rules, markers, languages, dates)


def _rule_level(r: dict, where: str) -> str:
    level = r.get("level", "conservative")
    if level not in ("conservative", "aggressive"):
        raise ConfigError(f"{where} {r.get('id')}: level must be 'conservative' (every level) or 'aggressive'")
    return level


@dataclass(frozen=True)
class Level:
    """What one position of the precision/recall knob means (``levels.toml`` says why each field exists)."""

    length_low: int
    length_high: int
    stop_low: float
    stop_high: float
    features: bool
    remove_outer_good: bool
    heading_reach: int
    #: Apply the rules marked ``level = "aggressive"`` too.
    aggressive_rules: bool


def parse_levels(data: dict, where: str = _LEVELS_FILE) -> dict[str, Level]:
    """Levels from their TOML form, checked: a wrong type or an impossible range is a ConfigError."""
    fields = Level.__dataclass_fields__
    out = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{name}] must be a table")
        unknown = set(table) - set(fields)
        missing = set(fields) - set(table)
        if unknown or missing:
            raise ConfigError(f"{where}: [{name}] unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        for key, f in fields.items():
            value = table[key]
            want = {"int": int, "float": (int, float), "bool": bool}[f.type]
            if isinstance(value, bool) != (f.type == "bool") or not isinstance(value, want):
                raise ConfigError(f"{where}: [{name}] {key} must be {f.type}, got {value!r}")
        level = Level(**table)
        if not 0 < level.length_low <= level.length_high:
            raise ConfigError(f"{where}: [{name}] needs 0 < length_low <= length_high")
        if not 0.0 <= level.stop_low <= level.stop_high <= 1.0:
            raise ConfigError(f"{where}: [{name}] needs 0 <= stop_low <= stop_high <= 1")
        if level.heading_reach < 0:
            raise ConfigError(f"{where}: [{name}] heading_reach must be >= 0")
        out[name] = level
    missing_levels = {"conservative", "balanced", "aggressive"} - set(out)
    if missing_levels:
        raise ConfigError(f"{where}: missing levels {sorted(missing_levels)}")
    return out


@lru_cache(maxsize=None)
def load_levels() -> dict[str, Level]:
    """The shipped levels (conservative, balanced, aggressive)."""
    return parse_levels(load_toml(_LEVELS_FILE))


@lru_cache(maxsize=None)
def _marker_matcher(rules: "RuleSet", lang: str) -> "regex.Pattern[str]":
    parts = [f"(?P<m{i}>{m.pattern.pattern})" for i, m in enumerate(rules.markers_for(lang))]
    return regex.compile("|".join(parts) or "(?!)", _FLAGS)


def _trie_pattern(words: Iterable[str]) -> str:
    """The words as one regular expression shaped like a trie: at each position of a line the engine follows
    one branch per character instead of trying every word, and the greedy ``?`` prefers the longest word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class KeywordIndex:
    """Which of a sequence of rules :meth:`Rule.may_hit` a line, found in one scan of the line.

    Rule by rule, the keyword check is one regex search per rule and line (a page's lines times some twenty
    rules); here every keyword of every rule is one trie-shaped pattern, scanned once at every position
    (a lookahead, so that overlapping keywords are all seen). At one position the words that occur are the
    longest one found there and those of the keywords that are its prefixes, so each keyword maps to every
    rule that owns it or one of its prefixes. The answer is exactly the rules whose ``may_hit`` is true, in
    their order (tests check this on every example and fixture line), so the first hit stays the same.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        words = sorted({w for r in self.rules for w in r.keywords})
        self._always = frozenset(i for i, r in enumerate(self.rules) if not r.keywords)
        self._always_rules = tuple(self.rules[i] for i in sorted(self._always))
        # (rule i is mapped to w when one of its keywords is a prefix of w: look up w's prefixes among the
        # keywords rather than try every keyword of every rule on every word, which cost most of the set-up)
        owners: dict[str, set[int]] = {}
        for i, r in enumerate(self.rules):
            for k in r.keywords:
                owners.setdefault(k, set()).add(i)
        self._by_word = {
            w: frozenset(i for j in range(1, len(w) + 1) for i in owners.get(w[:j], ()))
            for w in words
        }
        self._scan = re.compile(f"(?=({_trie_pattern(words)}))") if words else None
        # (the same trie without the lookahead finds the first keyword faster: most lines hold none)
        self._first = re.compile(_trie_pattern(words)) if words else None
        self._words = tuple(words)
        # The trie costs per character of the line, ``in`` per keyword: past this length ``in`` is cheaper.
        self._scan_chars = 4 * len(words)

    def candidates(self, low: str) -> tuple[Rule, ...]:
        """The rules (in order) that may match the lower-cased line ``low``: all of them without the prefilter."""
        if not PREFILTER:
            return self.rules
        if self._scan is None:
            found: Iterable[str] = ()
        elif len(low) >= self._scan_chars:
            # (a word found is at some position the longest there or one of its prefixes: either way every
            # rule mapped to it has a keyword in the line)
            found = [w for w in self._words if w in low]
        else:
            first = self._first.search(low)
            found = set(self._scan.findall(low, first.start())) if first is not None else ()
        if not found:
            return self._always_rules
        picked = set(self._always)
        for w in found:
            picked |= self._by_word[w]
        return tuple(self.rules[i] for i in sorted(picked))


class FirstFullmatch:
    """The first of an ordered sequence of patterns that matches a whole line: the branch that the one
    alternation ``(?P<g0>p0)|(?P<g1>p1)|...`` names in ``lastgroup`` after ``fullmatch``, found for less.

    The alternation tries every branch at the start of every line, and a branch that opens with a list of
    words pays a comparison per word even when the line begins with none of them: on real pages that was
    the costliest regex work of the stage. Here a line's first two characters pick the patterns to try.
    Why that is safe: ``pattern.match(prefix, partial=True)`` (regex's partial matching) answers None only
    when no string that begins with ``prefix`` can be matched from its start, so a pattern left out cannot
    match the whole line. And the alternation's answer is the first branch, in order, that can cover the
    whole line (``fullmatch`` backtracks into the next branch only when one cannot reach the end); those
    left are tried in the same order, so the first of them to cover it is that branch. Without the prefilter
    (``PREFILTER`` off) every pattern is tried. Tests compare this with the alternation on every fixture
    line and on generated text.
    """

    def __init__(self, patterns: Iterable["regex.Pattern[str]"]) -> None:
        self.patterns = tuple(patterns)
        self._everything = tuple(enumerate(self.patterns))
        self._memo: dict[str, tuple[tuple[int, "regex.Pattern[str]"], ...]] = {}
        # (the few distinct choices are shared between the prefixes that make them)
        self._choices: dict[tuple[int, ...], tuple[tuple[int, "regex.Pattern[str]"], ...]] = {}

    def candidates(self, text: str) -> tuple[tuple[int, "regex.Pattern[str]"], ...]:
        """(index, pattern) of the patterns that may match the whole of ``text``, in order."""
        if not PREFILTER:
            return self._everything
        prefix = text[:_PREFIX_CHARS]
        picked = self._memo.get(prefix)
        if picked is None:
            keep = tuple(i for i, p in self._everything if p.match(prefix, partial=True) is not None)
            picked = self._choices.setdefault(keep, tuple((i, self.patterns[i]) for i in keep))
            if len(self._memo) >= _PREFIX_MEMO:
                self._memo.clear()
            self._memo[prefix] = picked
        return picked

    def first(self, text: str) -> int | None:
        """The index of the first pattern that matches the whole of ``text`` (None when none does)."""
        for i, pattern in self.candidates(text):
            if pattern.fullmatch(text) is not None:
                return i
        return None


@dataclass(frozen=True)
class LineMatcher:
    """The first rule (in file order within each kind) that names a whole line as boilerplate."""

    #: The whole-line rules, in order: the first whose pattern matches the whole line wins.
    line_rules: tuple[Rule, ...]
    others: tuple[Rule, ...]

    def __post_init__(self) -> None:
        # One keyword index per range of line lengths: a rule that cannot fit a line costs no keyword scan
        # (a paragraph is scanned for the few span rules' keywords only).
        reaches = sorted({r.reach() for r in self.others})
        object.__setattr__(self, "_reaches", reaches)
        object.__setattr__(self, "_indexes", [KeywordIndex(r for r in self.others if r.reach() >= top)
                                              for top in reaches] + [KeywordIndex(())])
        # The whole-line rules tried by their lines' first characters.
        object.__setattr__(self, "_first_line", FirstFullmatch(r.pattern for r in self.line_rules))

    def index_for(self, n: int) -> KeywordIndex:
        """The keyword index of the rules of ``others`` that fit a line of ``n`` characters."""
        return self._indexes[bisect_left(self._reaches, n)]

    def first_hit(self, norm: str, extra: tuple[Rule, ...] = (), aggressive: bool = False) -> Rule | None:
        low = norm.lower()
        if self.line_rules and len(norm) <= _LINE_RULE_CHARS:
            # The first line rule whose pattern matches the whole line (FirstFullmatch), with a rule's keywords
            # checked first: a line that holds none of them is one it cannot match (tests check this).
            line_rules = self.line_rules
            for i, pattern in self._first_line.candidates(norm):
                rule = line_rules[i]
                if rule.may_hit(low) and pattern.fullmatch(norm) is not None:
                    return rule
        n = len(norm)
        # (the index has already run the length check and every rule's keyword check: only what it leaves is tried)
        for rule in self.index_for(n).candidates(low):
            if rule.applies(aggressive) and rule.fits(n) and rule.hits_line(norm):
                return rule
        for rule in extra:
            if rule.applies(aggressive) and rule.fits(n) and rule.may_hit(low) and rule.hits_line(norm):
                return rule
        return None


@lru_cache(maxsize=None)
def _line_matcher_cached(lang: str) -> LineMatcher:
    return _build_matcher(load_ruleset(), lang)


def _line_matcher(rules: "RuleSet", lang: str) -> LineMatcher:
    return _line_matcher_cached(lang) if rules is load_ruleset() else _build_matcher(rules, lang)


def _build_matcher(rules: "RuleSet", lang: str) -> LineMatcher:
    line_rules = tuple(r for r in rules.rules_for(lang) if r.match == "line" and not r.tail and not r.aggressive)
    others = tuple(r for r in rules.rules_for(lang) if (r.match != "line" or r.aggressive) and not r.tail)
    return LineMatcher(line_rules, others)


@lru_cache(maxsize=64)
def compile_user_patterns(patterns: tuple[str, ...]) -> tuple[Rule, ...]:
    """``extra_patterns`` from the config: regular expressions matched against a whole line."""
    out = []
    for i, p in enumerate(patterns):
        try:
            pat = regex.compile(p, _FLAGS)
        except regex.error as e:
            raise ConfigError(f"boilerplate.extra_patterns[{i}]: bad pattern {p!r}: {e}") from None
        out.append(Rule(f"user.{i}", "line", pat, ""))
    return tuple(out)
