"""Run extraction for a batch (shard) of corpus files, re-using per-document results.

The I/O edge of the workflow's shard job. For each document a key is
computed from its bytes (a record's own bytes in a multi-record file), its
manifest row, the extraction options and the versions of the rules and
lexicons (never from where the corpus or the results live, so a moved results
folder is reused); when ``extract/<doc>/key`` holds the same key, the
document's stored tables are reused, otherwise it is
ingested and extracted again and its tables rewritten. So a shard job
re-extracts only new or changed documents, and the per-document results
under ``docs/`` and ``extract/`` are what the corpus tables are rebuilt from.
The key is removed before and written after everything else, so a job
killed half way leaves no document that looks complete and is not.

One bad document never costs the others: a file that cannot be ingested,
and any exception while one document is extracted (its traceback goes to
the log), makes that document *rejected* in the batch's ingest rows
(:class:`~exomine.records.ShardIngestRow`) and the batch goes on.
:func:`process_batch` returns those rows; :func:`run_batch` raises
:class:`BatchError` listing the failures after writing everything else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

from exomine import __version__
from exomine.reading.ingest import InputError, read_document, record_content
from exomine.reading.inventory import display_path
from exomine.extraction.extract import DocResult, Extractor
from exomine.extraction.pipeline import Options, build_extractor
from exomine.records import (ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS, Document, Mention,
                             Relation, SentenceRow, ShardIngestRow, Triple)
from exomine.tables import read_records, write_records

__all__ = ["BatchError", "BatchResult", "process_batch", "run_batch", "resources_fingerprint", "TABLES",
           "SHARD_INGEST_COLUMNS"]

log = logging.getLogger(__name__)

TABLES = {"entities": (Mention, ENTITY_COLUMNS), "relations": (Relation, RELATION_COLUMNS),
          "triples": (Triple, TRIPLE_COLUMNS), "sentences": (SentenceRow, SENTENCE_COLUMNS)}
SHARD_INGEST_COLUMNS = ShardIngestRow.columns()


# Modules whose code changes what is extracted from a document (not evaluation, CLI or I/O of
# corpus tables): a change to one of them re-extracts every document on the next run.
EXTRACTION_STAGES = ("text", "reading", "entities", "relations", "extraction")
NOT_EXTRACTION = ("entities/lexicon_build", "reading/fetch.py", "extraction/index_cache.py")


def extraction_sources(package: Path) -> list[Path]:
    """Every source file of the stages up to extraction, plus records, tables and validation (the code that shapes what is
    extracted from a document), in a stable order. Found by walking the folders, so a new module is never
    left out of the reuse key; lexicon building and fetching shape no document and are left out."""
    files = [package / "records.py", package / "tables.py", package / "validation.py"]
    for stage in EXTRACTION_STAGES:
        files += sorted(p for p in (package / stage).rglob("*.py")
                        if not any(p.relative_to(package).as_posix().startswith(x) for x in NOT_EXTRACTION))
    return files


class BatchError(RuntimeError):
    def __init__(self, failures: Sequence[InputError]):
        super().__init__("cannot ingest:\n" + "\n".join(f"  {f}" for f in failures))
        self.failures = list(failures)


def resources_fingerprint(options: Options) -> str:
    """Hash of everything besides the input that shapes a document's results.

    Paths are left out (the compiled lexicon index is derived from the
    lexicons hashed here; a rules file counts by its content), so the same
    inputs give the same key wherever the results and the rules live.
    """
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(json.dumps(asdict(replace(options, lexicon_cache="", relation_rules="")), sort_keys=True,
                        default=list).encode())
    data = resources.files("exomine").joinpath("data")
    for f in sorted(data.iterdir(), key=lambda f: f.name):  # relation rules, tagger and name patterns, schemas
        if f.name.endswith((".yaml", ".json")):
            h.update(f.read_bytes())
    h.update(data.joinpath("lexicons/manifest.json").read_bytes())
    for name in ("abbreviations.tsv", "stoplist.tsv", "cells.tsv", "pathways.tsv"):
        h.update(data.joinpath("lexicons", name).read_bytes())
    if options.relation_rules:
        h.update(b"custom rules")
        h.update(Path(options.relation_rules).read_bytes())
    package = Path(__file__).resolve().parents[1]
    for path in extraction_sources(package):  # the code that shapes a document's results
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _doc_key(content: bytes, metadata: Mapping[str, str] | None, fingerprint: str) -> str:
    h = hashlib.sha256(content)
    h.update(json.dumps(dict(metadata or {}), sort_keys=True).encode())
    h.update(fingerprint.encode())
    return h.hexdigest()


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _stored_row(out: Path) -> ShardIngestRow | None:
    """The document's stored ingest row, or ``None`` when there is no readable one (extract it again)."""
    try:
        rows = read_records(out / "ingest.tsv", ShardIngestRow)
    except (OSError, ValueError, KeyError):
        return None
    return rows[0] if len(rows) == 1 else None


@dataclass(frozen=True)
class BatchResult:
    """A batch's records (or per-document table paths) by table, and one ingest row per document."""

    tables: dict[str, list]
    ingest: list[ShardIngestRow]
    failures: list[InputError]


def process_batch(sources: Mapping[str, str | Path], results: str | Path, options: Options,
                  manifest: Mapping[str, Mapping[str, str]] | None = None, load: bool = True,
                  log_name: str = "the log") -> BatchResult:
    """Extract (or reuse) every document of the batch; a document that fails is rejected, never the batch.

    Parameters
    ----------
    sources
        Corpus files by document id (several ids share a file that holds several records).
    results
        The results folder: per-document outputs go to ``docs/<doc>.txt``,
        ``docs/<doc>.json`` and ``extract/<doc>/<table>.tsv`` (and
        ``extract/<doc>/ingest.tsv``, the document's ingest row).
    load
        ``False`` returns the per-document table paths instead of records (in
        document order), for callers that concatenate files.
    log_name
        Where the log goes, for the reason of a document whose extraction
        raised (its traceback is logged).
    """
    batch = _Batch(Path(results), options, resources_fingerprint(options), load, log_name)
    for doc_id, source in sorted(sources.items()):
        _process_document(batch, doc_id, Path(source), (manifest or {}).get(doc_id))
    log.info("batch: %d documents extracted, %d reused, %d failed", batch.extracted, batch.reused, len(batch.failures))
    return BatchResult(batch.tables, batch.ingest, batch.failures)


@dataclass
class _Batch:
    """What the steps of a batch share: where and how to extract, and the rows and counts gathered so far."""

    results: Path
    options: Options
    fingerprint: str
    load: bool
    log_name: str
    extractor: Extractor | None = None  # built on the first document that is not reused
    tables: dict[str, list] = field(default_factory=lambda: {name: [] for name in TABLES})
    ingest: list[ShardIngestRow] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    reused: int = 0
    extracted: int = 0

    def reject(self, shown: str, doc_id: str, reason: str, chars_in: int | None = None) -> None:
        self.failures.append(InputError(shown, reason))
        self.ingest.append(ShardIngestRow(shown, doc_id, "rejected", reason, chars_in))


def _process_document(batch: _Batch, doc_id: str, source: Path, meta: Mapping[str, str] | None) -> None:
    """Reuse the document's stored results when its key is unchanged, else extract it and store them."""
    shown = display_path(source)
    data = _record_bytes(batch, doc_id, source, shown)
    if data is None:
        return
    out = batch.results / "extract" / doc_id
    key = _doc_key(data, meta, batch.fingerprint)
    paths = {name: out / f"{name}.tsv" for name in TABLES}
    if _reuse(batch, doc_id, shown, out, key, paths):
        return
    chars_in = len(data.decode("utf-8", errors="replace"))
    extracted = _extract(batch, doc_id, source, meta, shown, chars_in)
    if extracted is not None:
        _store(batch, doc_id, shown, out, key, paths, *extracted, chars_in)


def _record_bytes(batch: _Batch, doc_id: str, source: Path, shown: str) -> bytes | None:
    """The record's bytes (not the file's), or ``None`` when they cannot be read (the document is rejected)."""
    try:
        return record_content(source, doc_id)
    except InputError as exc:
        log.error("cannot ingest %s", exc)
        batch.reject(shown, doc_id, exc.reason)
    except Exception as exc:  # a reader that crashes on one file rejects that file only
        log.exception("reading %s (%s) failed; the document is left out", doc_id, shown)
        batch.reject(shown, doc_id, f"reading failed: {type(exc).__name__}: {exc} (traceback in {batch.log_name})")
    return None


def _reuse(batch: _Batch, doc_id: str, shown: str, out: Path, key: str, paths: Mapping[str, Path]) -> bool:
    """Take the document's stored tables when its key file holds ``key`` and every table is there."""
    key_file = out / "key"
    stored = _stored_row(out) if key_file.exists() and key_file.read_text() == key else None
    if stored is None or not all(p.exists() for p in paths.values()):
        return False
    for name, (cls, _) in TABLES.items():
        batch.tables[name].extend(read_records(paths[name], cls) if batch.load else [paths[name]])
    batch.ingest.append(replace(stored, file=shown, doc_id=doc_id))
    batch.reused += 1
    return True


def _extract(batch: _Batch, doc_id: str, source: Path, meta: Mapping[str, str] | None, shown: str,
             chars_in: int) -> tuple[Document, DocResult] | None:
    """Ingest and extract the document; ``None`` when it fails (the document is rejected)."""
    try:
        doc = read_document(source, doc_id, meta)
        if batch.extractor is None:
            batch.extractor = build_extractor(batch.options)
        return doc, batch.extractor.process(doc)
    except InputError as exc:
        log.error("cannot ingest %s", exc)
        batch.reject(shown, doc_id, exc.reason, chars_in)
    except Exception as exc:  # a crash in one document's extraction rejects that document only
        log.exception("extraction of %s (%s) failed; the document is left out", doc_id, shown)
        batch.reject(shown, doc_id, f"extraction failed: {type(exc).__name__}: {exc} (traceback in {batch.log_name})",
                     chars_in)
    return None


def _store(batch: _Batch, doc_id: str, shown: str, out: Path, key: str, paths: Mapping[str, Path], doc: Document,
           result: DocResult, chars_in: int) -> None:
    """Write the document's text, tables and ingest row, the key last (a document is complete once it is there)."""
    key_file = out / "key"
    if key_file.exists():
        key_file.unlink()  # invalid until every output of the document is rewritten
    _write_text(batch.results / "docs" / f"{doc_id}.txt", doc.text)
    _write_text(batch.results / "docs" / f"{doc_id}.json", json.dumps(doc.to_json(), ensure_ascii=False))
    records = {"entities": result.mentions, "relations": result.relations, "triples": result.triples,
               "sentences": result.sentence_rows()}
    for name, (_, columns) in TABLES.items():
        write_records(paths[name], records[name], columns)
        batch.tables[name].extend(records[name] if batch.load else [paths[name]])
    row = ShardIngestRow(shown, doc_id, "read", "", chars_in, len(doc.text), len(doc.sections),
                         len(result.sentences), hashlib.sha256(doc.text.encode("utf-8")).hexdigest())
    write_records(out / "ingest.tsv", [row], SHARD_INGEST_COLUMNS)
    batch.ingest.append(row)
    _write_text(key_file, key)
    batch.extracted += 1


def run_batch(sources: Mapping[str, str | Path], results: str | Path, options: Options,
              manifest: Mapping[str, Mapping[str, str]] | None = None, load: bool = True) -> dict[str, list]:
    """Extract (or reuse) every document of the batch; return the batch's records by table.

    As :func:`process_batch`, but strict: after everything else is written,
    :class:`BatchError` lists every document that failed.
    """
    result = process_batch(sources, results, options, manifest, load)
    if result.failures:
        raise BatchError(result.failures)
    return result.tables
