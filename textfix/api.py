"""The library entry points: ``clean``, ``clean_corpus`` and the reusable ``Cleaner``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .config import Config
from .document import Document
from .edits import Result
from .pipeline import Pipeline

__all__ = ["clean", "clean_corpus", "Cleaner"]

Source = "str | os.PathLike[str] | Document"


def _config(config: Config | None, options: Mapping[str, Any]) -> Config:
    if not options:
        return config or Config()
    return Config.from_mapping(options, base=config)


def clean(text: str, *, config: Config | None = None, **options: Any) -> Result:
    """Clean one text and explain every change.

    ``options`` take the shape of the config file: ``skip=["names"]``,
    ``format="markdown"``, ``boilerplate={"level": "aggressive"}``.
    """
    return Pipeline(_config(config, options)).run(Document("<text>", text))


def clean_corpus(sources: Iterable[Any], *, config: Config | None = None, jobs: int = 1,
                 **options: Any) -> Iterator[Result]:
    """Clean texts (strings, paths or Documents) as one corpus, in input order.

    Evidence is shared between the documents: casing and names learnt from all
    of them, boilerplate lines recurring across them, near-duplicate documents
    (a dropped one has ``duplicate_of`` set). Output is identical for any ``jobs``.
    """
    from .corpus.runner import CorpusRunner

    docs = [_as_document(s, i) for i, s in enumerate(sources)]
    yield from CorpusRunner(_config(config, options), jobs=jobs).run(docs)


def _as_document(source: Any, index: int) -> Document:
    if isinstance(source, Document):
        return source
    if isinstance(source, (os.PathLike, Path)):
        from .io.readers import read_text_file

        return read_text_file(Path(source))
    if isinstance(source, str):
        return Document(f"doc-{index:06d}", source)
    raise TypeError(f"clean_corpus: expected str, path or Document, got {type(source).__name__}")


class Cleaner:
    """A reusable, picklable cleaning function.

    ``Cleaner(...)`` can be handed to ``multiprocessing.Pool.map`` or
    ``pandas.Series.map`` (text in, cleaned text out) and to Hugging Face
    ``datasets.map`` (a record in, the record with its text field cleaned and the
    number of edits added out). Use :meth:`clean` for the full :class:`Result`.
    """

    def __init__(self, config: Config | None = None, *, text_field: str = "text", **options: Any) -> None:
        self.config = _config(config, options)
        self.text_field = text_field
        self._pipeline = Pipeline(self.config)

    def clean(self, text: str, id: str = "<text>") -> Result:
        return self._pipeline.run(Document(id, text))

    def __call__(self, item: Any) -> Any:
        if isinstance(item, str):
            return self.clean(item).text
        if isinstance(item, Mapping):
            value = item[self.text_field]
            if isinstance(value, list):  # datasets.map(batched=True)
                results = [self.clean(v) for v in value]
                return {**item, self.text_field: [r.text for r in results],
                        "textfix_edits": [len(r.edits) for r in results]}
            result = self.clean(value)
            return {**item, self.text_field: result.text, "textfix_edits": len(result.edits)}
        raise TypeError(f"Cleaner: expected a str or a record with a {self.text_field!r} field")

    def __reduce__(self):
        return (_rebuild_cleaner, (self.config, self.text_field))

    def __repr__(self) -> str:
        return f"Cleaner(stages={list(self.config.enabled_stages)})"


def _rebuild_cleaner(config: Config, text_field: str) -> Cleaner:
    return Cleaner(config, text_field=text_field)
