"""The ``textfix`` command.

    textfix clean INPUT... -o OUTDIR      files and folders (recursive *.txt), one corpus
    textfix clean -                       stdin to stdout
    textfix check INPUT...                exit 1 if anything would change (CI, pre-commit)
    textfix explain FILE...               every edit, readable
    textfix dedup INPUT... --report F     near-duplicate documents only; writes nothing else
    textfix restore OUTPUT --report F     rebuild the original from an output and its report
    textfix stages                        the stages, in pipeline order

Exit codes: 0 done; 1 ``--check`` found changes; 2 a usage error, a bad
config, or an input that could not be read (the others are still processed).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator, Sequence, TextIO

from . import __version__
from .config import STAGE_ORDER, Config, boilerplate_levels
from .corpus.runner import CorpusRunner
from .document import Document
from .edits import Edit, Result, unapply_edits
from .errors import ConfigError, InputError, OutputError, TextfixError
from .io.readers import InputFile, decode, encode_like, read_text, walk_inputs
from .io.review import render_page
from .io.writers import ReportWriter, atomic_write, atomic_write_bytes

EXIT_OK, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C: the current write finishes or is undone."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2), like every other error."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"textfix: error: {message} (see '{self.prog} --help')\n")


class Reporter:
    """Counts problems and prints each as one line on stderr: never a traceback."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.errors = 0

    def error(self, message: str) -> None:
        self.errors += 1
        print(f"textfix: error: {message}", file=self.stream)

    def note(self, message: str) -> None:
        print(f"textfix: {message}", file=self.stream)

    def warning(self, message: str) -> None:
        print(f"textfix: warning: {message}", file=self.stream)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="textfix", description="Repair text damaged by machine translation "
                                "and web scraping, and explain every change.")
    p.add_argument("--version", action="version", version=f"textfix {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", metavar="FILE", help="a textfix.toml or pyproject.toml (default: discovered)")
        sp.add_argument("--only", metavar="STAGE,...", help="run only these stages")
        sp.add_argument("--skip", metavar="STAGE,...", help="switch these stages off")
        sp.add_argument("--format", choices=("text", "markdown"), help="input format (markdown keeps emphasis)")
        sp.add_argument("--boilerplate", choices=boilerplate_levels(),
                        help="boilerplate removal: precision versus recall")
        sp.add_argument("--names", metavar="FILE", help="a gazetteer of canonical names and aliases")
        sp.add_argument("--drop-foreign", action="store_true", help="remove paragraphs in another language")
        sp.add_argument("--no-dedup", action="store_true", help="keep near-duplicate documents")
        sp.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
        sp.add_argument("--jsonl", action="store_true", help="inputs are JSONL records; clean one field")
        sp.add_argument("--text-field", default="text", metavar="NAME", help="the JSONL field to clean")
        sp.add_argument("--glob", default="*.txt", metavar="PATTERN", help="files to take from folders")
        sp.add_argument("--report", metavar="FILE.jsonl", help="write one JSON line per document")
        sp.add_argument("--html", metavar="FILE.html", help="write a review page of every change")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")

    for name, help_ in (("clean", "clean files, folders or stdin"),
                        ("check", "exit 1 if anything would change; write nothing")):
        sp = sub.add_parser(name, help=help_)
        sp.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
        sp.add_argument("-o", "--output", metavar="OUT", help="output folder (or file, for one input)")
        sp.add_argument("--in-place", action="store_true", help="rewrite the inputs (atomically)")
        sp.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
        sp.add_argument("--check", action="store_true", help="exit 1 if anything would change; write nothing")
        sp.add_argument("--scheduler", metavar="ADDRESS", help="run on a dask.distributed cluster "
                        "(tcp://HOST:PORT); the workers must see the input paths")
        common(sp)

    sp = sub.add_parser("explain", help="print every edit in readable form")
    sp.add_argument("inputs", nargs="+", metavar="FILE")
    common(sp)

    sp = sub.add_parser("dedup", help="report near-duplicate documents; writes nothing else")
    sp.add_argument("inputs", nargs="+", metavar="INPUT")
    common(sp)

    sp = sub.add_parser("restore", help="rebuild an original from a cleaned output and its report")
    sp.add_argument("output_file", metavar="OUTPUT", help="a cleaned file")
    sp.add_argument("--report", required=True, metavar="FILE.jsonl")
    sp.add_argument("--path", metavar="PATH", help="which report line (default: the one whose path "
                    "ends like OUTPUT, or the only one)")
    sp.add_argument("-o", "--output", metavar="FILE", help="where to write (default: stdout)")

    sub.add_parser("stages", help="list the stages in pipeline order")
    return p


def _config_from_args(a: argparse.Namespace) -> Config:
    cfg = Config.load(a.config) if a.config else Config.load(None)
    overrides: dict[str, Any] = {}
    if a.format:
        overrides["format"] = a.format
    if a.boilerplate:
        overrides["boilerplate"] = {"level": a.boilerplate}
    if a.names:
        overrides["names"] = {"gazetteer": a.names}
    if a.drop_foreign:
        overrides["langid"] = {"drop_foreign": True}
    cfg = Config.from_mapping(overrides, base=cfg)
    only = tuple(s.strip() for s in a.only.split(",") if s.strip()) if a.only else None
    skip = tuple(s.strip() for s in a.skip.split(",") if s.strip()) if a.skip else None
    if getattr(a, "no_dedup", False):
        skip = (skip or ()) + ("dedup",)
    if only is not None and "dedup" not in only and not getattr(a, "_dedup_only", False):
        only = only + ("dedup",)  # --only names per-document stages; corpus dedup stays as configured
    if only is not None or skip is not None:
        cfg = cfg.with_stages(only=only, skip=skip)
    return cfg


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    a = parser.parse_args(argv)
    rep = Reporter(sys.stderr)
    previous = _install_sigterm()
    try:
        return _main(parser, a, rep)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _install_sigterm() -> Any:
    """SIGTERM becomes a clean stop (see :class:`Terminated`); only possible in the main thread."""
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:
        return None


def _main(parser: argparse.ArgumentParser, a: argparse.Namespace, rep: Reporter) -> int:
    if a.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        if a.command == "stages":
            return _stages()
        if a.command == "restore":
            return _restore(a, rep)
        for attr, default in (("output", None), ("in_place", False), ("diff", False), ("check", False)):
            if not hasattr(a, attr):  # explain and dedup have no such options
                setattr(a, attr, default)
        cfg = _config_from_args(a)
        if a.jobs < 1:
            raise ConfigError("--jobs: expected a whole number >= 1")
        if a.command == "check":
            a.check = True
        return _run(a, cfg, rep)
    except TextfixError as e:
        rep.error(str(e))
        return EXIT_ERROR
    except KeyboardInterrupt as e:
        rep.error(("terminated" if isinstance(e, Terminated) else "interrupted")
                  + "; every file is either complete or untouched")
        return EXIT_TERMINATED if isinstance(e, Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as e:  # a bug: one line, not a traceback, and a way to get the details
        rep.error(f"internal error: {type(e).__name__}: {e} (set TEXTFIX_DEBUG=1 for a traceback)")
        if os.environ.get("TEXTFIX_DEBUG"):
            raise
        return EXIT_ERROR


def _silence_stdout() -> None:
    """The reader of our stdout went away (``| head``): no second error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _write_stdout(text: str) -> None:
    """Text to stdout as UTF-8 bytes, newlines untouched, whatever the locale says."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8", errors="surrogatepass"))
    sys.stdout.buffer.flush()


def _stages() -> int:
    from .stages import STAGES

    for name in STAGE_ORDER:
        print(f"{name:12s} {STAGES[name].summary}")
    print(f"{'dedup':12s} near-duplicate documents across the corpus (corpus level)")
    return EXIT_OK


# --------------------------------------------------------------------------- clean / check / explain / dedup


def _run(a: argparse.Namespace, cfg: Config, rep: Reporter) -> int:
    mode = a.command
    writes = mode == "clean" and not (a.check or a.diff)
    if "-" in a.inputs and len(a.inputs) > 1:
        raise ConfigError("'-' (stdin) cannot be combined with other inputs")
    if mode == "clean" and writes and a.in_place and a.output:
        raise ConfigError("give either -o/--output or --in-place, not both")
    if mode == "clean" and a.in_place and a.inputs == ["-"]:
        raise ConfigError("--in-place needs files, not '-' (stdin)")
    if a.jsonl:
        return _run_jsonl(a, cfg, rep, writes)
    stdin = a.inputs == ["-"]
    if mode == "clean" and writes and not stdin and not a.output and not a.in_place:
        files_only = all(Path(i).is_file() for i in a.inputs)
        if not (len(a.inputs) == 1 and files_only):
            raise ConfigError("say where cleaned files go: -o OUTDIR, or --in-place")
    out_dir = Path(a.output) if getattr(a, "output", None) else None
    if out_dir is not None and writes:
        for i in a.inputs:
            if Path(i).is_dir() and os.path.realpath(i) == os.path.realpath(out_dir):
                raise ConfigError(f"{a.output}: the output folder is the input folder; use --in-place")
            if Path(i).is_dir() and os.path.realpath(out_dir).startswith(os.path.realpath(i) + os.sep) \
                    and not a.quiet:
                rep.note(f"{a.output}: the output folder is inside the input folder {i}; it is not read as input")

    files: list[InputFile] = []
    source: Any
    if stdin:
        data = sys.stdin.buffer.read()
        try:
            decoded = decode(data, "<stdin>")
        except InputError as e:
            rep.error(str(e))
            return EXIT_ERROR
        if decoded.warning:
            rep.warning(f"<stdin>: {decoded.warning}")
        source = [Document("-", decoded.text, {"path": "-", **decoded.metadata})]
    else:
        exclude = out_dir if out_dir is not None else None
        notes: list[str] = []
        for item in walk_inputs(a.inputs, a.glob, exclude=exclude, notes=notes):
            if isinstance(item, InputError):
                rep.error(str(item))
                continue
            files.append(item)
        for note in notes:
            rep.note(note)
        if not files and rep.errors == 0:
            rep.note("no input files found")
        source = _FileSource(files, rep)
    entries = {item.display: item for item in files}

    single_to_stdout = writes and not a.output and not a.in_place
    if out_dir is not None and writes and len(files) == 1 \
            and not Path(a.inputs[0]).is_dir() and not a.output.endswith(os.sep) and out_dir.suffix \
            and not out_dir.is_dir():
        single_file_target: Path | None = out_dir  # -o FILE for one input file
    else:
        single_file_target = None

    runner = CorpusRunner(cfg, jobs=a.jobs)
    if mode == "dedup":
        return _dedup(a, runner, source, rep)
    report = ReportWriter(a.report)
    changed = 0
    reviewed: list[tuple[str, Result]] = []
    targets: dict[str, str] = {}  # output path -> the input written there (two inputs must not share one)
    if getattr(a, "scheduler", None) and not stdin:
        results = _dask_results(a.scheduler, files, cfg)
    else:
        results = runner.run(source)
    progress = _progress(results, len(files) or 1, a)
    try:
        for result in progress:
            if result.metadata.get("unreadable"):
                continue
            item = entries.get(result.id)
            name = result.id
            report.write(result, name)
            if a.html:
                reviewed.append((name, result))
            if result.changed or result.dropped:
                changed += 1
                if a.check and not a.quiet and mode != "explain":
                    rep.note(f"{name}: would change ({_edit_summary(result)})")
            if mode == "explain":
                _write_stdout(f"== {name}\n{result.explain()}\n")
                continue
            if mode == "dedup":
                continue
            if a.diff:
                _write_stdout(_diff(result.original(), "" if result.dropped else result.text, name))
            if not writes:
                continue
            if result.dropped:
                if not a.quiet:
                    rep.note(f"{name}: not written, a near-duplicate of {result.duplicate_of}")
                continue
            if stdin or (single_to_stdout and single_file_target is None):
                _write_stdout(result.text)
                continue
            assert item is not None
            try:
                if a.in_place:
                    if result.changed:
                        atomic_write(item.path, result.text)
                else:
                    target = single_file_target or (out_dir / item.relative)  # type: ignore[operator]
                    key = os.path.realpath(target)
                    if key in targets:
                        rep.error(f"{name}: not written, {target} was already written from {targets[key]} "
                                  "(two inputs with the same name; give their folder instead)")
                        continue
                    targets[key] = name
                    atomic_write(target, result.text)
            except OutputError as e:
                rep.error(str(e))
    finally:
        report.close()
    if a.html:
        try:
            atomic_write(Path(a.html), render_page(reviewed))
        except OutputError as e:
            rep.error(str(e))
    if rep.errors:
        return EXIT_ERROR
    if a.command in ("clean", "check") and a.check and changed:
        if not a.quiet:
            rep.note(f"{changed} of {len(files) or 1} documents would change")
        return EXIT_CHANGED
    return EXIT_OK


def _edit_summary(result: Result) -> str:
    if result.dropped:
        return f"a near-duplicate of {result.duplicate_of}"
    counts: dict[str, int] = {}
    for e in result.edits:
        counts[e.stage] = counts.get(e.stage, 0) + 1
    return ", ".join(f"{stage}: {n} edit{'s' if n > 1 else ''}" for stage, n in counts.items())


class _FileSource:
    """Input files read lazily, once per pass: the corpus is never held in memory.

    Read errors are reported on the first pass; a file that cannot be read then
    is left out of the second too. A file that breaks between the passes comes
    back as an empty, marked document so that positions stay aligned.
    """

    def __init__(self, files: list[InputFile], rep: Reporter) -> None:
        self.files = files
        self.rep = rep
        self.readable: list[InputFile] | None = None

    def __call__(self) -> Iterator[Document]:
        first = self.readable is None
        items = self.files if first else list(self.readable or [])
        if first:
            self.readable = []
        for item in items:
            try:
                doc, warning = read_text(item.path, item.display)
            except InputError as e:
                self.rep.error(str(e))
                if first:
                    continue
                doc, warning = Document(item.display, "", {"path": item.display, "unreadable": True}), None
            if warning and first:
                self.rep.warning(f"{item.display}: {warning}")
            if first:
                self.readable.append(item)  # type: ignore[union-attr]
            yield doc


def _dask_results(address: str, files: list[InputFile], cfg: Config) -> Iterator[Result]:
    """Both passes on a dask.distributed cluster (textfix.dask); the files are read by the workers."""
    try:
        from distributed import Client

        from . import dask as tdask
    except ImportError:
        raise ConfigError("--scheduler needs the dask extra: pip install 'textfix[dask]'") from None
    try:
        client = Client(address, timeout=30)
    except OSError as e:
        raise ConfigError(f"--scheduler: cannot reach {address}: {e}") from None
    with client:
        paths = [(str(f.path.resolve()), f.display) for f in files]
        npartitions = max(1, min(len(paths), 4 * max(1, len(client.scheduler_info().get("workers", {})))))
        yield from tdask.run(tdask.from_text_files(paths, npartitions=npartitions), cfg)


def _dedup(a: argparse.Namespace, runner: CorpusRunner, source: Any, rep: Reporter) -> int:
    """``textfix dedup``: one report line per dropped document, naming the kept one; nothing else written."""
    dups = runner.find_duplicates(source)
    if a.report:
        try:
            with open(a.report, "w", encoding="utf-8") as f:
                for d in dups:
                    f.write(json.dumps({"id": d.id, "duplicate_of": d.kept_id, "similarity": d.similarity,
                                        "jaccard": d.jaccard}, ensure_ascii=False) + "\n")
        except OSError as e:
            rep.error(f"{a.report}: cannot write report: {e.strerror or e}")
    if not a.quiet:
        rep.note(f"{runner.n_docs} documents read, {len(dups)} near-duplicates")
    return EXIT_ERROR if rep.errors else EXIT_OK


def _progress(results: Iterator[Result], total: int, a: argparse.Namespace) -> Iterator[Result]:
    if a.quiet or total < 2 or not sys.stderr.isatty():
        return results
    try:
        from tqdm import tqdm
    except ImportError:
        return results
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except OSError:
        columns = 0
    return iter(tqdm(results, total=total, unit="doc", file=sys.stderr, leave=False,
                     ncols=columns or 80))  # a terminal that reports 0 columns would show nothing


def _diff(old: str, new: str, name: str) -> str:
    if old == new:
        return ""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"{name} (original)", tofile=f"{name} (cleaned)")
    out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return out


# --------------------------------------------------------------------------- JSONL


def _run_jsonl(a: argparse.Namespace, cfg: Config, rep: Reporter, writes: bool) -> int:
    """JSONL records: every field kept, the text field cleaned; files streamed twice (see corpus.jsonl)."""
    from .corpus.jsonl import JsonlCorpus, JsonlSource, clean_jsonl

    if getattr(a, "scheduler", None):
        raise ConfigError("--scheduler runs over files and folders; for JSONL use textfix.dask with dask.bag.read_text")
    sources: list[JsonlSource] = []
    spooled = None
    if a.inputs == ["-"]:  # stdin can be read only once: spool it to a temporary file for the two passes
        spooled = tempfile.NamedTemporaryFile("wb", delete=False, suffix=".jsonl")
        with spooled:
            for chunk in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
                spooled.write(chunk)
        sources.append(JsonlSource("<stdin>", Path(spooled.name), None))
    else:
        out_dir = Path(a.output) if getattr(a, "output", None) else None
        for item in walk_inputs(a.inputs, "*.jsonl" if a.glob == "*.txt" else a.glob, exclude=out_dir):
            if isinstance(item, InputError):
                rep.error(str(item))
                continue
            target = None
            if writes:
                if a.in_place:
                    target = item.path
                elif out_dir is not None:
                    target = out_dir / item.relative
            sources.append(JsonlSource(item.display, item.path, target))
    corpus = JsonlCorpus(sources, a.text_field, rep.error)
    runner = CorpusRunner(cfg, jobs=a.jobs)
    try:
        if a.command == "dedup":
            return _dedup(a, runner, corpus, rep)
        report = ReportWriter(a.report)

        def on_result(result: Result, rec: dict[str, Any]) -> None:
            report.write(result, result.id)
            if getattr(a, "diff", False):
                sys.stdout.write(_diff(rec[a.text_field], "" if result.dropped else result.text, result.id))

        try:
            changed = clean_jsonl(corpus, runner, write=writes, stdout=sys.stdout, on_result=on_result,
                                  on_error=rep.error)
        finally:
            report.close()
    finally:
        if spooled is not None:
            os.unlink(spooled.name)
    if rep.errors:
        return EXIT_ERROR
    if getattr(a, "check", False) and changed:
        return EXIT_CHANGED
    return EXIT_OK


# --------------------------------------------------------------------------- restore


def _restore(a: argparse.Namespace, rep: Reporter) -> int:
    """The original bytes, from a cleaned output and its report line (edits undone, encoding put back)."""
    try:
        with open(a.output_file, "rb") as f:
            cleaned = f.read().decode("utf-8")  # outputs are UTF-8; newlines and a leading U+FEFF kept
    except OSError as e:
        rep.error(f"{a.output_file}: cannot read: {e.strerror or e}")
        return EXIT_ERROR
    except UnicodeDecodeError as e:
        rep.error(f"{a.output_file}: not UTF-8 (byte {e.start}); not a textfix output")
        return EXIT_ERROR
    try:
        with open(a.report, encoding="utf-8") as f:
            lines = [json.loads(x) for x in f if x.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        rep.error(f"{a.report}: cannot read report: {getattr(e, 'strerror', None) or e}")
        return EXIT_ERROR
    entry = _pick_report_line(lines, a.path, a.output_file)
    if entry is None:
        rep.error(f"{a.report}: no report line for {a.path or a.output_file} (use --path)")
        return EXIT_ERROR
    try:
        edits = [Edit.from_dict(e) for e in entry.get("edits", [])]
        original = unapply_edits(cleaned, edits)
        data = encode_like(original, entry.get("metadata") or {})
    except (ValueError, KeyError, TypeError, UnicodeEncodeError, LookupError):
        rep.error(f"{a.output_file}: does not match its report line (was it changed after cleaning?)")
        return EXIT_ERROR
    if a.output:
        atomic_write_bytes(Path(a.output), data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_OK


def _pick_report_line(lines: list[dict[str, Any]], path: str | None, output_file: str) -> dict[str, Any] | None:
    if path is not None:
        return next((x for x in lines if x.get("path") == path), None)
    if len(lines) == 1:
        return lines[0]
    out = Path(output_file).parts
    best = None
    best_len = 0
    for x in lines:
        parts = Path(str(x.get("path", ""))).parts
        k = 0
        while k < min(len(parts), len(out)) and parts[-1 - k] == out[-1 - k]:
            k += 1
        if k > best_len:
            best, best_len = x, k
    return best


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
