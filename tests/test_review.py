"""The review page: what changed, in place, filterable by stage, self-contained.

The browser tests start a headless chromium (Debian: ``apt-get install -y chromium``) and skip,
saying why, when none is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import textfix
from textfix import Edit, Result
from textfix.io.review import render_page, render_result

ROOT = Path(__file__).resolve().parents[1]


def _two_stage_result() -> Result:
    """A result with edits of two stages and two steps (the second step indexes the first's output)."""
    original = "Hello &amp; **world** x"
    edits = [
        Edit("encoding", "unescape-html", 6, 11, "&amp;", "&", "an entity", 0.95, 1),
        Edit("markup", "markdown-emphasis", 8, 10, "**", "", "stray emphasis", 1.0, 2),
        Edit("markup", "markdown-emphasis", 15, 17, "**", "", "stray emphasis", 1.0, 2),
    ]
    text = textfix.apply_edits(original, edits)
    assert text == "Hello & world x"
    return Result(text, edits, id="doc-1")


def test_render_result_marks_changes_in_place():
    html = render_result(_two_stage_result())
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert ('Hello <del data-stage="encoding"' in body and '>&amp;amp;</del><ins data-stage="encoding"' in body)
    # the second step's deletions are placed at the right original offsets
    assert re.search(r'</ins> <del data-stage="markup"[^>]*>\*\*</del>world<del data-stage="markup"', body)
    assert body.endswith("</del> x</div>")
    assert "encoding: 1, markup: 2" in body


def test_render_page_counts_and_filters():
    page = render_page([("a.txt", _two_stage_result()), ("b.txt", Result("clean\n", [], id="b"))])
    assert 'data-stage-count="encoding">1<' in page and 'data-stage-count="markup">2<' in page
    assert page.count('type="checkbox"') == 3  # encoding, markup, unchanged documents
    assert 'data-stages="encoding markup"' in page and 'data-stages=""' in page
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", page)  # nothing fetched


def test_text_is_escaped():
    r = textfix.clean("<script>alert(1)</script> &amp;\n", only=["encoding"])
    page = render_page([("<x>.txt", r)])
    assert "<script>alert(1)" not in page and "&lt;x&gt;.txt" in page


def test_render_result_of_a_real_run_rebuilds_the_original_text():
    src = "Ãœber cafÃ© &amp; bar\x07 — and “more” &lt;3\n"
    r = textfix.clean(src)
    html = render_result(r, style=False)
    shown_original = re.sub(r"<ins[^>]*>.*?</ins>", "", html.split('<div class="textfix-doc">', 1)[1])
    shown_original = re.sub(r"<[^>]+>", "", shown_original)
    import html as html_mod

    assert html_mod.unescape(shown_original) == src


# --------------------------------------------------------------------------- headless browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no chromium binary (Debian: apt-get install -y chromium); the browser test needs one")


def _browse(url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, timeout=120)


def _console_problems(stderr: bytes) -> list[str]:
    lines = stderr.decode("utf-8", "replace").splitlines()
    return [x for x in lines if ":CONSOLE" in x or "Uncaught" in x]


@pytest.fixture(scope="module")
def review_page(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("review")
    src = tmp / "in"
    src.mkdir()
    (src / "a.txt").write_text("The cafÃ© &amp; bar is open.\n", encoding="utf-8")
    (src / "b.txt").write_text("Nothing to change here.\n", encoding="utf-8")
    (src / "c.txt").write_text("Bell\x07 and &lt;3 and naÃ¯ve.\n", encoding="utf-8")
    page = tmp / "review.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "textfix", "clean", str(src), "-o", str(tmp / "out"),
                           "--html", str(page)], env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return page


@pytest.mark.browser
def test_page_loads_without_console_errors(review_page):
    proc = _browse(review_page.as_uri(), "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout.decode("utf-8")
    assert 'data-ready="1"' in dom, "the page script did not finish"
    assert not re.search(r"<html[^>]*data-error", dom)
    assert _console_problems(proc.stderr) == []
    assert 'data-selected="encoding,(unchanged)"' in dom
    assert '<span id="textfix-shown">3</span>' in dom


@pytest.mark.browser
def test_stage_filter_hides_other_stages(review_page):
    proc = _browse(review_page.as_uri() + "?stage=(unchanged)", "--dump-dom")
    dom = proc.stdout.decode("utf-8")
    assert 'data-ready="1"' in dom and _console_problems(proc.stderr) == []
    assert 'data-selected="(unchanged)"' in dom
    # every encoding change is now shown as the original text, and the changed documents are hidden
    assert re.search(r'<ins data-stage="encoding"[^>]*class="off"', dom) or \
        re.search(r'<ins class="off" data-stage="encoding"', dom)
    assert not re.search(r'<ins data-stage="encoding"(?![^>]*class="off")[^>]*>', dom)
    assert '<span id="textfix-shown">1</span>' in dom
    proc = _browse(review_page.as_uri() + "?stage=encoding", "--dump-dom")
    dom = proc.stdout.decode("utf-8")
    assert '<span id="textfix-shown">2</span>' in dom and 'class="off"' not in dom.split("<section", 1)[1] \
        .split("Nothing to change")[0]


@pytest.mark.browser
def test_screenshot(review_page, tmp_path):
    shot = tmp_path / "review.png"
    proc = _browse(review_page.as_uri(), f"--screenshot={shot}", "--window-size=1200,900")
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000
    keep = os.environ.get("TEXTFIX_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "review.png")
