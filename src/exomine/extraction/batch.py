"""Run extraction for a batch (shard) of corpus files, re-using per-document results.

The I/O edge of the workflow's shard job. For each document a key is
computed from its bytes (a record's own bytes in a multi-record file), its
manifest row, the extraction options and the versions of the rules and
lexicons (never from where the corpus or the results live, so a moved results
folder is reused); when ``extract/<stem>/key`` holds the same key, the
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
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

from exomine import __version__
from exomine.filenames import doc_stem
from exomine.reading.ingest import InputError, read_document, record_content
from exomine.reading.inventory import display_path
from exomine.extraction.pipeline import Options, build_extractor
from exomine.extraction.shards import file_stamp
from exomine.records import (ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS, Mention, Relation,
                      SentenceRow, ShardIngestRow, Triple)
from exomine.tables import atomic_open, read_records, write_records

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
    files = [package / name for name in ("records.py", "tables.py", "validation.py", "filenames.py")]
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
        if f.name.endswith((".yaml", ".json", ".tsv")):  # .tsv: short forms, rule priors
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
    with atomic_open(path) as fh:
        fh.write(text)


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


# A file that changes while it is extracted is read again, at most this many times in all.
READS = 3


@dataclass
class _Batch:
    """What the documents of one batch share: where results go, the key's fingerprint, the extractor."""

    results: Path
    options: Options
    fingerprint: str
    log_name: str
    extractor: object = None

    def extract(self, doc):
        if self.extractor is None:
            self.extractor = build_extractor(self.options)
        return self.extractor.process(doc)


def _rejected(shown: str, doc_id: str, reason: str, chars_in=None) -> tuple[ShardIngestRow, None, InputError]:
    return ShardIngestRow(shown, doc_id, "rejected", reason, chars_in), None, InputError(shown, reason)


def _document(batch: _Batch, doc_id: str, source: Path, meta) -> tuple[ShardIngestRow, dict | None, InputError | None]:
    """One document: its ingest row, its new records by table (``True`` when reused, ``None`` when rejected), and
    its failure.

    The key is made of the bytes the document was read from. Those bytes, and the file's stamp, are read again
    once the document is extracted: a file changed in the meantime (saved by an editor, still being copied) is
    read again, so the stored results and their key always describe the same bytes.
    """
    shown = display_path(source)
    out = batch.results / "extract" / doc_stem(doc_id)  # never the raw id: it may hold '/', '..' or 1,000 bytes
    for attempt in range(READS):
        stamp = file_stamp(source)
        try:
            data = record_content(source, doc_id)  # the record's bytes, not the file's
        except InputError as exc:
            log.error("cannot ingest %s", exc)
            return _rejected(shown, doc_id, exc.reason)
        except Exception as exc:  # a reader that crashes on one file rejects that file only
            log.exception("reading %s (%s) failed; the document is left out", doc_id, shown)
            return _rejected(shown, doc_id, f"reading failed: {type(exc).__name__}: {exc} (traceback in "
                                            f"{batch.log_name})")
        key = _doc_key(data, meta, batch.fingerprint)
        stored = _stored_row(out) if (out / "key").exists() and (out / "key").read_text() == key else None
        if stored is not None and all((out / f"{name}.tsv").exists() for name in TABLES):
            return replace(stored, file=shown, doc_id=doc_id), True, None
        chars_in = len(data.decode("utf-8", errors="replace"))
        try:
            doc = read_document(source, doc_id, meta)
            result = batch.extract(doc)
            now = record_content(source, doc_id)
        except InputError as exc:
            log.error("cannot ingest %s", exc)
            return _rejected(shown, doc_id, exc.reason, chars_in)
        except Exception as exc:  # a crash in one document's extraction rejects that document only
            log.exception("extraction of %s (%s) failed; the document is left out", doc_id, shown)
            return _rejected(shown, doc_id, f"extraction failed: {type(exc).__name__}: {exc} (traceback in "
                                            f"{batch.log_name})", chars_in)
        if now == data and file_stamp(source) == stamp:
            return *_store(batch.results, doc_id, shown, doc, result, key, chars_in), None
        log.warning("%s changed while it was read; reading it again", shown)
    return _rejected(shown, doc_id, f"the file changed each of the {READS} times it was read (still being "
                                    "written?); run again once it is complete")


def _store(results: Path, doc_id: str, shown: str, doc, result, key: str,
           chars_in: int) -> tuple[ShardIngestRow, dict[str, list]]:
    """Write the document's text, structure, tables and ingest row, and its key last."""
    out = results / "extract" / doc_stem(doc_id)
    if (out / "key").exists():
        (out / "key").unlink()  # invalid until every output of the document is rewritten
    _write_text(results / "docs" / f"{doc_stem(doc_id)}.txt", doc.text)
    _write_text(results / "docs" / f"{doc_stem(doc_id)}.json", json.dumps(doc.to_json(), ensure_ascii=False))
    records = {"entities": result.mentions, "relations": result.relations, "triples": result.triples,
               "sentences": result.sentence_rows()}
    for name, (_, columns) in TABLES.items():
        write_records(out / f"{name}.tsv", records[name], columns)
    row = ShardIngestRow(shown, doc_id, "read", "", chars_in, len(doc.text), len(doc.sections),
                         len(result.sentences), hashlib.sha256(doc.text.encode("utf-8")).hexdigest())
    write_records(out / "ingest.tsv", [row], SHARD_INGEST_COLUMNS)
    _write_text(out / "key", key)
    return row, records


def process_batch(sources: Mapping[str, str | Path], results: str | Path, options: Options,
                  manifest: Mapping[str, Mapping[str, str]] | None = None, load: bool = True,
                  log_name: str = "the log") -> BatchResult:
    """Extract (or reuse) every document of the batch; a document that fails is rejected, never the batch.

    Parameters
    ----------
    sources
        Corpus files by document id (several ids share a file that holds several records).
    results
        The results folder: per-document outputs go to ``docs/<stem>.txt``,
        ``docs/<stem>.json`` and ``extract/<stem>/<table>.tsv`` (and
        ``extract/<stem>/ingest.tsv``, the document's ingest row), where
        ``<stem>`` is :func:`exomine.filenames.doc_stem` of the document id.
    load
        ``False`` returns the per-document table paths instead of records (in
        document order), for callers that concatenate files.
    log_name
        Where the log goes, for the reason of a document whose extraction
        raised (its traceback is logged).
    """
    batch = _Batch(Path(results), options, resources_fingerprint(options), log_name)
    tables: dict[str, list] = {name: [] for name in TABLES}
    ingest: list[ShardIngestRow] = []
    failures: list[InputError] = []
    reused = extracted = 0
    for doc_id, source in sorted(sources.items()):
        row, records, failure = _document(batch, doc_id, Path(source), (manifest or {}).get(doc_id))
        ingest.append(row)
        if failure is not None:
            failures.append(failure)
            continue
        paths = {name: batch.results / "extract" / doc_stem(doc_id) / f"{name}.tsv" for name in TABLES}
        for name, (cls, _) in TABLES.items():
            if not load:
                tables[name].append(paths[name])
            else:
                tables[name].extend(read_records(paths[name], cls) if records is True else records[name])
        reused += records is True
        extracted += records is not True
    log.info("batch: %d documents extracted, %d reused, %d failed", extracted, reused, len(failures))
    return BatchResult(tables, ingest, failures)


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
