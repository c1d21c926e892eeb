"""The corpus runner: -j N identical to -j 1, JSONL streaming, the Dask path identical to serial."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textfix import clean_corpus
from textfix.cli import main
from textfix.config import Config
from textfix.corpus.jsonl import JsonlCorpus, JsonlSource, clean_jsonl
from textfix.corpus.runner import BATCH, CorpusRunner
from textfix.document import Document

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"


def _corpus() -> list[Document]:
    files = sorted((FIX / "neardup").glob("*.txt")) + sorted((FIX / "seeds" / "input").glob("*.txt"))
    return [Document(p.name, p.read_text(encoding="utf-8")) for p in files]


def test_serial_and_two_processes_give_identical_results():
    docs = _corpus()
    serial = [r.to_dict() for r in clean_corpus(docs)]
    parallel = [r.to_dict() for r in clean_corpus(docs, jobs=2)]
    assert serial == parallel
    assert sum(1 for r in serial if "duplicate_of" in r) == 2


def test_runner_reads_a_source_twice_and_streams_it():
    docs = _corpus()
    reads = []

    def source():
        reads.append(1)
        yield from docs

    runner = CorpusRunner(Config())
    results = list(runner.run(source))
    assert len(reads) == 3 and [r.id for r in results] == [d.id for d in docs]  # 3rd: score candidates
    assert {d.id for d in runner.duplicates} == {r.id for r in results if r.dropped}


def test_cli_folder_j1_equals_j2_and_drops_are_not_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for d in _corpus():
        (src / d.id).write_text(d.text, encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["clean", str(src), "-o", str(out), "-j", jobs, "-q", "--report", str(tmp_path / f"r{jobs}.jsonl")]) == 0
        outs.append({p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert len(outs[0]) == len(_corpus()) - 2
    assert (tmp_path / "r1.jsonl").read_text() == (tmp_path / "r2.jsonl").read_text()


def test_cli_dedup_writes_the_cluster_report_only(tmp_path):
    report = tmp_path / "clusters.jsonl"
    assert main(["dedup", str(FIX / "neardup"), "--report", str(report), "-q"]) == 0
    lines = [json.loads(x) for x in report.read_text().splitlines()]
    assert len(lines) == 2
    assert {Path(x["duplicate_of"]).name for x in lines} <= {"quake_a.txt", "quake_b.txt"}
    assert all(0.5 <= x["similarity"] <= 1 for x in lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clusters.jsonl"]


def _write_jsonl(path: Path, docs: list[Document], bad_after: int | None = None) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({"n": i, "text": d.text, "source": d.id}, ensure_ascii=False) + "\n")
            if i == bad_after:
                f.write("{not json\n")


def test_jsonl_keeps_fields_and_malformed_lines_in_place_and_drops_duplicates(tmp_path, capsys):
    docs = _corpus()
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, docs, bad_after=1)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["clean", "--jsonl", str(src), "-o", str(out), "-j", jobs, "-q"]) == 2  # malformed line
        outs.append((out / "in.jsonl").read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    lines = outs[0].splitlines()
    bad = lines.index("{not json")
    records = [json.loads(x) for x in lines if x != "{not json"]
    assert all(r["n"] <= 1 for r in records[:bad]) and all(r["n"] >= 2 for r in records[bad:])
    assert len(records) == len(docs) - 2
    assert all(set(r) == {"n", "text", "source"} for r in records)
    assert "in.jsonl:3" in capsys.readouterr().err


def test_jsonl_from_stdin_equals_from_file(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _corpus())
    main(["clean", "--jsonl", str(src), "-o", str(tmp_path / "out"), "-q"])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "textfix", "clean", "--jsonl", "-", "-q"], input=src.read_bytes(),
                       capture_output=True, env=env, check=True)
    assert p.stdout.decode("utf-8") == (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_jsonl_streams_with_bounded_memory(tmp_path, jobs):
    # Many records: what is read but not yet written never exceeds the runner's window.
    base = _corpus()[-1].text[:400]
    def letters(n: int) -> str:
        return "".join(chr(97 + int(d)) for d in str(n))

    docs = [Document(str(i), " ".join(f"zork{letters(i)}q{letters(k)}" for k in range(100)) + f".\n{base}")
            for i in range(12 * BATCH)]
    docs += [Document("copy", docs[0].text)]  # a duplicate: the scoring pass runs too
    src = tmp_path / "big.jsonl"
    _write_jsonl(src, docs)
    corpus = JsonlCorpus([JsonlSource("big", src, tmp_path / "out.jsonl")])
    peak = [0]

    def watch(result, record):
        peak[0] = max(peak[0], len(corpus.pending))

    cfg = Config().with_stages(skip=("langid",))  # made-up words: langdetect would only be slow on them
    clean_jsonl(corpus, CorpusRunner(cfg, jobs=jobs), write=True, stdout=sys.stdout, on_result=watch)
    assert peak[0] <= (2 * jobs + 1) * BATCH
    assert not corpus.pending
    assert sum(1 for _ in open(tmp_path / "out.jsonl", encoding="utf-8")) == len(docs) - 1


def test_dask_local_cluster_matches_serial(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import textfix.dask as tdask

    docs = _corpus()
    serial = [r.to_dict() for r in clean_corpus(docs)]
    src = tmp_path / "in"
    src.mkdir()
    for d in docs:
        (src / d.id).write_text(d.text, encoding="utf-8")
    assert main(["clean", str(src), "-o", str(tmp_path / "serial"), "-q"]) == 0
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            results = [r.to_dict() for r in tdask.run(tdask.from_documents(docs, npartitions=3), Config())]
        # textfix clean --scheduler: the files are read on the workers.
        assert main(["clean", str(src), "-o", str(tmp_path / "dask"), "-q",
                     "--scheduler", cluster.scheduler_address]) == 0
    assert results == serial
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "dask").iterdir()}
    assert written == {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "serial").iterdir()}
    assert len(written) == len(docs) - 2


def test_lexicon_bound_drops_the_rarest_evidence_first():
    from collections import Counter

    from textfix.lexicon import Lexicon

    lex = Lexicon(3, {"a": Counter({f"once{i}": 1 for i in range(60)} | {"twice": 2, "often": 9}),
                      "b": Counter({f"b{i}": 1 for i in range(40)} | {"kept": 5})})
    assert lex.size == 103
    assert lex.bound(0) == 0 and lex.bound(200) == 0 and lex.size == 103  # under the bound: untouched
    assert lex.bound(80) == 100
    assert lex.counters["a"] == Counter({"twice": 2, "often": 9}) and lex.counters["b"] == Counter({"kept": 5})
    assert lex.pruned == 1
    # to a quarter below the bound: "twice" (2) and then "kept" (5) go
    assert lex.bound(2) == 2 and lex.counters["a"] == Counter({"often": 9}) and not lex.counters["b"]
    assert lex.pruned == 5 and (lex + Lexicon(1, {}, 0)).pruned == 5


def test_bounded_evidence_keeps_memory_flat_and_results_equal_for_any_jobs():
    # A stream of made-up words: the evidence would grow with every document; under a small bound it
    # stays small, and one and two workers still give identical results.
    def name(n: int) -> str:
        return "Blix" + "".join(chr(97 + int(d)) for d in str(n))

    docs = [Document(str(i), f"The envoy {name(i)} met officials in Quorv{name(i % 7)[4:]}. "
                             f"{name(i)} said the talks in Quorv{name(i % 7)[4:]} would go on next week.\n")
            for i in range(120)]
    cfg = Config.from_mapping({"max_evidence_keys": 200})
    runner = CorpusRunner(cfg)
    lexicon, _ = runner.evidence(docs)
    assert 0 < lexicon.size <= 200 and lexicon.pruned >= 1
    unbounded, _ = CorpusRunner(Config()).evidence(docs)
    assert unbounded.size > 200 and unbounded.pruned == 0
    assert lexicon.counter("names")["n\tQuorvb"] > 10  # seen often: kept
    serial = [r.to_dict() for r in clean_corpus(docs, config=cfg)]
    assert serial == [r.to_dict() for r in clean_corpus(docs, config=cfg, jobs=2)]


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "pthread_sigmask"), reason="POSIX fork")
def test_a_worker_forked_while_the_parent_defers_signals_still_dies_of_sigterm():
    # A pool forks replacement workers at any time, and a child starts with its parent's Python handlers:
    # while the parent writes a file, a handler that only takes note. A SIGTERM from the pool's terminate()
    # that arrived before the worker's initializer ran was swallowed by it, and the parent waited for that
    # worker for ever. Forked with the signals held, the child gets it once the initializer has set SIG_DFL.
    from textfix.corpus import runner
    from textfix.io.writers import signals_blocked

    noted: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda n, _frame: noted.append(n))
    try:
        with signals_blocked():  # as CorpusRunner._map starts its pool
            pid = os.fork()
            if pid == 0:  # the child: a worker before its initializer
                time.sleep(0.5)
                try:
                    runner._init_pool_worker(Config(), None)
                finally:
                    os._exit(0)
        os.kill(pid, signal.SIGTERM)  # before the child's initializer has run
        _, status = os.waitpid(pid, 0)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM, status
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # the parent's mask is back
    assert not noted
