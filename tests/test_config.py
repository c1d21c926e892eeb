"""Configuration: discovery, precedence, and errors that name the offending key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from textfix import Config, ConfigError
from textfix.config import find_config_file

ROOT = Path(__file__).resolve().parents[1]
DIRTY = "The cafÃ© &amp; bar is open.\n"


def test_defaults_when_nothing_is_found(tmp_path):
    (tmp_path / ".git").mkdir()
    assert find_config_file(tmp_path) is None
    assert Config.load(None, start=tmp_path) == Config()


def test_textfix_toml_is_found_from_a_subfolder(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "textfix.toml").write_text("[boilerplate]\nlevel = 'aggressive'\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config_file(sub) == tmp_path / "textfix.toml"
    assert Config.load(None, start=sub).boilerplate.level == "aggressive"


def test_pyproject_needs_a_tool_textfix_table(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert find_config_file(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text("[tool.textfix]\nskip = ['names']\n[tool.textfix.casing]\n"
                                             "min_confidence = 0.9\n")
    cfg = Config.load(None, start=tmp_path)
    assert not cfg.names.enabled and cfg.casing.min_confidence == 0.9


def test_textfix_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.textfix]\nformat = 'markdown'\n")
    (tmp_path / "textfix.toml").write_text("format = 'text'\n")
    assert find_config_file(tmp_path).name == "textfix.toml"


def test_nearest_file_wins_and_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / "textfix.toml").write_text("format = 'markdown'\n")  # outside the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config_file(repo) is None
    (repo / "textfix.toml").write_text("format = 'text'\n")
    (repo / "x").mkdir()
    assert find_config_file(repo / "x") == repo / "textfix.toml"


def test_keyword_options_override_the_config():
    base = Config.from_mapping({"boilerplate": {"level": "conservative"}, "skip": ["names"]})
    cfg = Config.from_mapping({"boilerplate": {"level": "aggressive"}}, base=base)
    assert cfg.boilerplate.level == "aggressive" and not cfg.names.enabled


@pytest.mark.parametrize("mapping,key", [
    ({"colour": 1}, "'colour'"),
    ({"encoding": {"uncurl": True}}, "encoding.'uncurl'"),
    ({"encoding": {"enabled": "yes"}}, "encoding.enabled"),
    ({"encoding": True}, "encoding"),
    ({"casing": {"min_confidence": "high"}}, "casing.min_confidence"),
    ({"boilerplate": {"extra_patterns": "one"}}, "boilerplate.extra_patterns"),
    ({"boilerplate": {"level": "max"}}, "boilerplate.level"),
    ({"max_rounds": 0}, "max_rounds"),
    ({"format": "html"}, "format"),
    ({"skip": 3}, "skip"),
    ({"only": ["nope"]}, "nope"),
])
def test_errors_name_the_key(mapping, key):
    with pytest.raises(ConfigError) as e:
        Config.from_mapping(mapping)
    assert key in str(e.value)
    assert "\n" not in str(e.value)


def test_file_errors_name_the_file(tmp_path):
    p = tmp_path / "textfix.toml"
    p.write_text("[layout]\nfix_punctuation = 1\n")
    with pytest.raises(ConfigError) as e:
        Config.load(p)
    assert str(p) in str(e.value) and "layout.fix_punctuation" in str(e.value)
    with pytest.raises(ConfigError, match="cannot read config"):
        Config.load(tmp_path / "missing.toml")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "textfix", *args], cwd=cwd, capture_output=True, env=env,
                          timeout=120)


def test_precedence_through_the_cli(tmp_path):
    """defaults < discovered file < --config file < command-line flags."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    assert _cli("clean", "doc.txt", cwd=tmp_path).stdout.decode() == "The café & bar is open.\n"
    (tmp_path / "pyproject.toml").write_text("[tool.textfix.encoding]\nunescape_html = false\n")
    assert _cli("clean", "doc.txt", cwd=tmp_path).stdout.decode() == "The café &amp; bar is open.\n"
    (tmp_path / "other.toml").write_text("skip = ['encoding']\n")
    assert _cli("clean", "doc.txt", "--config", "other.toml", cwd=tmp_path).stdout.decode() == DIRTY
    out = _cli("clean", "doc.txt", "--config", "other.toml", "--only", "encoding", cwd=tmp_path).stdout.decode()
    assert out == "The café & bar is open.\n"


def test_missing_config_file_through_the_cli(tmp_path):
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    proc = _cli("clean", "doc.txt", "--config", "nope.toml", cwd=tmp_path)
    assert proc.returncode == 2
    [line] = proc.stderr.decode().splitlines()
    assert "nope.toml" in line and "cannot read config" in line


def test_boilerplate_levels_come_from_the_data_file():
    from textfix.config import boilerplate_levels
    from textfix.stages._boilerplate_rules import load_levels

    assert set(boilerplate_levels()) == set(load_levels())
    for level in boilerplate_levels():
        assert Config.from_mapping({"boilerplate": {"level": level}}).boilerplate.level == level
