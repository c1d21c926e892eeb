"""Configuration: one frozen section per stage, documented field by field.

Precedence, lowest first: the defaults here < ``[tool.textfix]`` in
``pyproject.toml`` or a ``textfix.toml`` (found from the working folder up to
the project root, or named with ``--config``) < command-line and keyword
arguments. An unknown key is an error that names the key: a typo must never be
silently ignored, or the user believes a setting is in force when it is not.

Example ``textfix.toml``::

    format = "text"            # or "markdown": keep markdown emphasis
    skip = ["names"]           # stages to switch off

    [boilerplate]
    level = "conservative"     # conservative | balanced | aggressive
    extra_patterns = ["^Sponsored by .*$"]
    protect = ["Key Takeaway"]
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Config", "STAGE_ORDER", "find_config_file"]

#: The fixed order of the per-document stages (see DESIGN): nothing is repaired
#: that is about to be deleted, and names are repaired after casing.
STAGE_ORDER = ("encoding", "markup", "layout", "boilerplate", "repeats", "casing", "names", "langid")


@dataclass(frozen=True)
class EncodingConfig:
    """ftfy with corpus-safe defaults."""

    enabled: bool = True
    #: Keep curly quotes as they are (ftfy's default straightens them; a corpus should not change style).
    uncurl_quotes: bool = False
    #: Keep full-width characters as they are (CJK text uses them on purpose).
    fix_character_width: bool = False
    #: Unicode normalisation applied by ftfy (None keeps the text's own form).
    normalization: str | None = "NFC"
    #: Strip control characters that no text needs (ftfy remove_control_chars).
    remove_control_chars: bool = True
    #: Decode HTML entities such as ``&amp;`` left in plain text.
    unescape_html: bool = True


@dataclass(frozen=True)
class MarkupConfig:
    """Markup debris in plain text."""

    enabled: bool = True
    #: Strip stray markdown emphasis (``**word**``); off automatically for ``format = "markdown"``.
    strip_emphasis: bool = True
    #: Remove leftover HTML tags such as ``<br>`` or ``</p>``.
    strip_html_tags: bool = True
    #: Remove trailing table-pipe debris (``text | |``).
    strip_table_pipes: bool = True


@dataclass(frozen=True)
class LayoutConfig:
    """Paragraph and punctuation layout."""

    enabled: bool = True
    #: Join a paragraph broken mid-sentence or inside an open quotation.
    join_broken_paragraphs: bool = True
    #: Collapse runs of blank lines to one, and trim leading/trailing blank lines.
    collapse_blank_lines: bool = True
    #: Fix spacing around punctuation (``word ,`` and ``so -called``) and doubled punctuation (``.,``).
    fix_punctuation: bool = True


@dataclass(frozen=True)
class BoilerplateConfig:
    """Site furniture, calls to action and comment threads."""

    enabled: bool = True
    #: Precision versus recall: conservative | balanced | aggressive.
    level: str = "balanced"
    #: Extra regular expressions (matched against a whole line) that mark boilerplate.
    extra_patterns: tuple[str, ...] = ()
    #: Phrases that are never removed, whatever the rules say.
    protect: tuple[str, ...] = ()
    #: Remove whole comment threads (from the first comment to the last).
    comments: bool = True
    #: A line seen in at least this share of a corpus's documents (and at least 3) is site furniture.
    corpus_line_share: float = 0.3


@dataclass(frozen=True)
class RepeatsConfig:
    """Repeated paragraphs, pull-quotes, repeated titles, duplicated translations."""

    enabled: bool = True
    #: Drop exact and near-exact repeated paragraphs (keep the first).
    paragraphs: bool = True
    #: Drop standalone pull-quotes that repeat a sentence of a nearby paragraph.
    pull_quotes: bool = True
    #: Detect one article translated twice and keep the better copy.
    translations: bool = True
    #: Drop a title repeated at the top (or a navigation trail ending in it).
    titles: bool = True
    #: Similarity (0-100) above which two paragraphs count as repeats.
    paragraph_threshold: float = 92.0
    #: Paragraphs shorter than this many words are never dropped as repeats (titles and pull-quotes aside).
    min_paragraph_words: int = 8
    #: A repeated title is looked for among this many lines at the top.
    title_window: int = 5
    #: A line longer than this many words is not a title.
    title_max_words: int = 25
    #: A pull-quote has between min and max words ...
    pull_quote_min_words: int = 13
    #: ... (longer lines are paragraphs, not pull-quotes).
    pull_quote_max_words: int = 45
    #: ... and repeats a sentence of a paragraph at most this many lines away ...
    pull_quote_window: int = 3
    #: ... with at least this partial similarity (0-100).
    pull_quote_threshold: float = 94.0
    #: Two paragraphs of two translations may align only above this similarity (0-100, token-sorted ratio).
    translation_pair_similarity: float = 60.0
    #: Unaligned paragraphs between aligned ones count as covered above this similarity (0-100).
    translation_gap_similarity: float = 55.0
    #: The aligned paragraphs must cover at least this share (by length) of each half.
    translation_coverage: float = 0.8
    #: The aligned paragraphs' mean similarity must reach this (0-100).
    translation_similarity: float = 68.0
    #: In a short document, aligned paragraphs must resemble their twin more than any other paragraph
    #: by at least this much on average (0-100): prose that rewords a few sentences is not two copies.
    translation_twin_margin: float = 12.0
    #: ... and by at least this much when only two paragraph pairs align: two pairs are thin evidence, and
    #: generated prose that rewords a few sentences reached 18 (twice-translated dev articles: 30 or more).
    translation_twin_margin_two_pairs: float = 25.0
    #: The shorter half must be at least this share of the longer one.
    translation_length_ratio: float = 0.6
    #: Each copy of a twice-translated article has at least this many characters (of folded text).
    translation_min_chars: int = 300
    #: The second copy is kept only when its artifact score is lower by more than this.
    translation_score_margin: float = 0.1
    #: Between copies of equal artifact score, the one with at least this many more signs of damage
    #: (garbled words, a name spelled several ways, stray capitals, ...; scaled to the shorter copy) loses.
    translation_sign_margin: float = 2.0
    #: Between equally clean copies, the one longer by more than this share is kept (else the first).
    translation_length_margin: float = 0.0


@dataclass(frozen=True)
class CasingConfig:
    """Broken casing from machine translation."""

    enabled: bool = True
    #: Recase body sentences written in Title Case Every Word.
    title_case: bool = True
    #: Repair capitals inside words (VolodyMyr).
    intraword: bool = True
    #: Capitalise proper nouns written in lowercase (trump -> Trump) when the evidence says so.
    proper_nouns: bool = True
    #: Recase ALL-CAPS sentences (acronyms stay).
    all_caps: bool = True
    #: Below this confidence a repair is reported as a finding instead of applied.
    min_confidence: float = 0.8


@dataclass(frozen=True)
class NamesConfig:
    """Mangled names, repaired from the evidence of the document and the corpus."""

    enabled: bool = True
    #: A user gazetteer: a text file of ``Canonical: alias, alias`` lines.
    gazetteer: str | None = None
    #: Minimum similarity (0-100, rapidfuzz ratio) between a mangled token and the name it is repaired to.
    min_similarity: float = 75.0
    #: Required lead of the best candidate over the second best (similarity points).
    margin: float = 8.0
    #: Minimum mentions of a name in the document or corpus before it can serve as evidence.
    min_evidence: int = 2
    #: Below this confidence a repair is reported as a finding instead of applied.
    min_confidence: float = 0.8


@dataclass(frozen=True)
class LangidConfig:
    """Language identification."""

    enabled: bool = True
    #: Remove paragraphs in another language than the document's.
    drop_foreign: bool = False
    #: Seed for langdetect, so that labels are deterministic.
    seed: int = 0
    #: Characters of the document (taken from its start, middle and end) shown to the detector.
    sample_chars: int = 1500
    #: A paragraph needs at least this many letters before it can be called foreign.
    min_letters: int = 40
    #: The same for a paragraph in Chinese, Japanese or Korean script, whose characters each write a
    #: syllable or a word: 16 of them say as much as 40 letters of a European language.
    min_letters_dense: int = 16
    #: Minimum detector probability for calling a paragraph foreign.
    min_probability: float = 0.9
    #: The detector: ``langdetect`` (the only built-in one) or ``module:Class`` of your own.
    detector: str = "langdetect"


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate documents across a corpus."""

    enabled: bool = True
    #: MinHash values per LSH band (more rows: fewer chance candidates, and fewer weak true ones).
    lsh_rows: int = 3
    #: Bands two documents must share to be a candidate pair (2 cuts chance pairs ~30x, keeps Jaccard >= 0.35).
    lsh_min_bands: int = 2
    #: Verified containment (shared content words / words of the smaller document) for a near-duplicate.
    threshold: float = 0.5
    #: Verified Jaccard of content words also required (guards long documents quoting short ones).
    min_jaccard: float = 0.25
    #: Containment + Jaccard must reach this too: two pages of one site sharing only its furniture stay apart.
    min_combined: float = 0.9
    #: Number of MinHash permutations (``num_perm // lsh_rows`` LSH bands).
    num_perm: int = 384
    #: Word hashes kept per document for verification (exact for documents with fewer content words).
    sample_size: int = 256
    #: Below this many content words a document is dropped only as a (near-)exact copy.
    min_words: int = 8
    #: An LSH bucket larger than this pairs each member with its best ``max_bucket`` members only.
    max_bucket: int = 100


_SECTIONS: dict[str, type] = {
    "encoding": EncodingConfig,
    "markup": MarkupConfig,
    "layout": LayoutConfig,
    "boilerplate": BoilerplateConfig,
    "repeats": RepeatsConfig,
    "casing": CasingConfig,
    "names": NamesConfig,
    "langid": LangidConfig,
    "dedup": DedupConfig,
}


def boilerplate_levels() -> tuple[str, ...]:
    """The boilerplate levels the data ships (``boilerplate/levels.toml``), so that a new level is a data change."""
    from .rules import load_toml  # rules imports only errors: no cycle, and the file is read once (cached)

    return tuple(load_toml("boilerplate/levels.toml"))


@dataclass(frozen=True)
class Config:
    """Every setting of a textfix run. Build one with :meth:`from_mapping` or :meth:`load`."""

    #: ``text`` (plain text, the default) or ``markdown`` (markdown syntax is content, not debris).
    format: str = "text"
    encoding: EncodingConfig = field(default_factory=EncodingConfig)
    markup: MarkupConfig = field(default_factory=MarkupConfig)
    layout: LayoutConfig = field(default_factory=LayoutConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    repeats: RepeatsConfig = field(default_factory=RepeatsConfig)
    casing: CasingConfig = field(default_factory=CasingConfig)
    names: NamesConfig = field(default_factory=NamesConfig)
    langid: LangidConfig = field(default_factory=LangidConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    #: Rounds of the whole pipeline at most; it stops early once a round changes nothing.
    max_rounds: int = 3
    #: Corpus evidence kept at most (counted keys, about 170 bytes each; 0: no bound). Beyond it the rarest
    #: evidence goes first (keys seen once, then twice, ...), so memory stays bounded on a stream of any
    #: length; results stay the same for any number of workers (evidence is merged in input order).
    max_evidence_keys: int = 500_000

    def __post_init__(self) -> None:
        if self.format not in ("text", "markdown"):
            raise ConfigError(f"format: expected 'text' or 'markdown', got {self.format!r}")
        levels = boilerplate_levels()
        if self.boilerplate.level not in levels:
            raise ConfigError(f"boilerplate.level: expected one of {', '.join(levels)}, "
                              f"got {self.boilerplate.level!r}")
        if not isinstance(self.max_rounds, int) or self.max_rounds < 1:
            raise ConfigError("max_rounds: expected a whole number >= 1")
        if not isinstance(self.max_evidence_keys, int) or self.max_evidence_keys < 0:
            raise ConfigError("max_evidence_keys: expected a whole number >= 0")

    @property
    def enabled_stages(self) -> tuple[str, ...]:
        return tuple(s for s in STAGE_ORDER if getattr(self, s).enabled)

    def section(self, name: str) -> Any:
        return getattr(self, name)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: "Config | None" = None) -> "Config":
        """Overlay ``data`` (the shape of ``[tool.textfix]``) on ``base`` (the defaults)."""
        cfg = base or cls()
        data = dict(data)
        top: dict[str, Any] = {}
        only = data.pop("only", None)
        skip = data.pop("skip", None)
        for key, value in data.items():
            if key in _SECTIONS:
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{key}: expected a table of settings, got {type(value).__name__}")
                top[key] = _overlay_section(key, getattr(cfg, key), value)
            elif key in ("format", "max_rounds", "max_evidence_keys"):
                top[key] = _check_type(key, value, type(getattr(cfg, key)))
            else:
                raise ConfigError(f"unknown setting {key!r} (known: {', '.join(_known_top())})")
        cfg = replace(cfg, **top)
        if only is not None or skip is not None:
            cfg = cfg.with_stages(only=_names(only, "only"), skip=_names(skip, "skip"))
        return cfg

    def with_stages(self, only: tuple[str, ...] | None = None, skip: tuple[str, ...] | None = None) -> "Config":
        """Switch stages on and off by name; the order stays the pipeline's."""
        known = set(STAGE_ORDER) | {"dedup"}
        for name in (only or ()) + (skip or ()):
            if name not in known:
                raise ConfigError(f"unknown stage {name!r} (known: {', '.join(STAGE_ORDER + ('dedup',))})")
        changes = {}
        for name in known:
            on = getattr(self, name).enabled
            if only is not None:
                on = name in only
            if skip and name in skip:
                on = False
            changes[name] = replace(getattr(self, name), enabled=on)
        return replace(self, **changes)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, start: str | os.PathLike[str] | None = None) -> "Config":
        """Read a config file (given, or discovered from ``start`` upwards); defaults if none."""
        if path is None:
            path = find_config_file(Path(start or os.getcwd()))
            if path is None:
                return cls()
        p = Path(path)
        try:
            with open(p, "rb") as f:
                data = tomllib.load(f)
        except OSError as e:
            raise ConfigError(f"{p}: cannot read config: {e.strerror or e}") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{p}: not valid TOML: {e}") from None
        if p.name == "pyproject.toml":
            data = data.get("tool", {}).get("textfix", {})
        try:
            return cls.from_mapping(data)
        except ConfigError as e:
            raise ConfigError(f"{p}: {e}") from None


def find_config_file(start: Path) -> Path | None:
    """The nearest ``textfix.toml``, or ``pyproject.toml`` with a ``[tool.textfix]`` table.

    The search goes up from ``start`` and stops at a folder holding ``.git``,
    as black and ruff do: settings of an unrelated parent project never leak in.
    """
    for folder in [start, *start.parents]:
        candidate = folder / "textfix.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                with open(candidate, "rb") as f:
                    if "textfix" in tomllib.load(f).get("tool", {}):
                        return candidate
            except (OSError, tomllib.TOMLDecodeError):
                pass
        if (folder / ".git").exists():
            return None
    return None


def _known_top() -> list[str]:
    return ["format", "max_rounds", "max_evidence_keys", "only", "skip", *_SECTIONS]


def _names(value: Any, key: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{key}: expected a list of stage names")


def _overlay_section(name: str, current: Any, values: Mapping[str, Any]) -> Any:
    known = {f.name: f for f in fields(current)}
    changes = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {name}.{key!r} (known: {', '.join(known)})")
        changes[key] = _check_type(f"{name}.{key}", value, type(getattr(current, key)), known[key])
    return replace(current, **changes)


def _check_type(key: str, value: Any, expected: type, f: dataclasses.Field | None = None) -> Any:
    """Accept ``value`` for a field whose default has type ``expected``; say why not otherwise."""
    annotation = str(f.type) if f is not None else expected.__name__
    if expected is type(None) or "None" in annotation:
        if value is None:
            return None
        if "str" in annotation and isinstance(value, str):
            return value
        if "int" in annotation and isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{key}: expected {annotation}, got {type(value).__name__}")
    if expected is bool:
        if isinstance(value, bool):
            return value
    elif expected is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif expected is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif expected is tuple:
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(value)
    elif isinstance(value, expected):
        return value
    raise ConfigError(f"{key}: expected {annotation.replace('tuple[str, ...]', 'list of strings')}, "
                      f"got {type(value).__name__} {value!r}")
