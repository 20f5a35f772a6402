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
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

from exomine import __version__
from exomine.reading.ingest import InputError, read_document, record_content
from exomine.reading.inventory import display_path
from exomine.extraction.pipeline import Options, build_extractor
from exomine.records import (ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS, Mention, Relation,
                      SentenceRow, ShardIngestRow, Triple)
from exomine.tables import read_records, write_records

__all__ = ["BatchError", "BatchResult", "process_batch", "run_batch", "resources_fingerprint", "TABLES",
           "SHARD_INGEST_COLUMNS"]

log = logging.getLogger(__name__)

TABLES = {"entities": (Mention, ENTITY_COLUMNS), "relations": (Relation, RELATION_COLUMNS),
          "triples": (Triple, TRIPLE_COLUMNS), "sentences": (SentenceRow, SENTENCE_COLUMNS)}
SHARD_INGEST_COLUMNS = ShardIngestRow.columns()


# Modules whose code changes what is extracted from a document (not evaluation, CLI or I/O of
# corpus tables): a change to one of them re-extracts every document on the next run.
EXTRACTION_MODULES = ("text/textnorm", "text/patterns", "reading/webtext", "reading/webtext_rules", "reading/jats",
                      "reading/bibformats", "reading/ingest", "reading/titles", "records", "entities/nomenclature",
                      "entities/lexicon", "entities/tagger", "text/sentences", "text/nlp", "relations/engine",
                      "extraction/extract", "extraction/context", "extraction/pipeline", "text/chunking", "tables")


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
        if f.name.endswith((".yaml", ".json", ".tsv")):  # short_forms.tsv
            h.update(f.read_bytes())
    h.update(data.joinpath("lexicons/manifest.json").read_bytes())
    for name in ("abbreviations.tsv", "stoplist.tsv", "cells.tsv", "pathways.tsv"):
        h.update(data.joinpath("lexicons", name).read_bytes())
    if options.relation_rules:
        h.update(b"custom rules")
        h.update(Path(options.relation_rules).read_bytes())
    package = Path(__file__).resolve().parents[1]
    for module in EXTRACTION_MODULES:  # the code that shapes a document's results
        h.update((package / f"{module}.py").read_bytes())
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
    results = Path(results)
    fingerprint = resources_fingerprint(options)
    extractor = None
    tables: dict[str, list] = {name: [] for name in TABLES}
    ingest: list[ShardIngestRow] = []
    failures: list[InputError] = []
    reused = extracted = 0
    for doc_id, source in sorted(sources.items()):
        source = Path(source)
        shown = display_path(source)
        meta = (manifest or {}).get(doc_id)
        out = results / "extract" / doc_id
        key_file = out / "key"
        try:
            data = record_content(source, doc_id)  # the record's bytes, not the file's
        except InputError as exc:
            log.error("cannot ingest %s", exc)
            failures.append(InputError(shown, exc.reason))
            ingest.append(ShardIngestRow(shown, doc_id, "rejected", exc.reason))
            continue
        except Exception as exc:  # a reader that crashes on one file rejects that file only
            log.exception("reading %s (%s) failed; the document is left out", doc_id, shown)
            failures.append(InputError(shown, f"reading failed: {type(exc).__name__}: {exc} (traceback in {log_name})"))
            ingest.append(ShardIngestRow(shown, doc_id, "rejected", failures[-1].reason))
            continue
        key = _doc_key(data, meta, fingerprint)
        paths = {name: out / f"{name}.tsv" for name in TABLES}
        stored = _stored_row(out) if key_file.exists() and key_file.read_text() == key else None
        if stored is not None and all(p.exists() for p in paths.values()):
            for name, (cls, _) in TABLES.items():
                tables[name].extend(read_records(paths[name], cls) if load else [paths[name]])
            ingest.append(replace(stored, file=shown, doc_id=doc_id))
            reused += 1
            continue
        chars_in = len(data.decode("utf-8", errors="replace"))
        try:
            doc = read_document(source, doc_id, meta)
            if extractor is None:
                extractor = build_extractor(options)
            result = extractor.process(doc)
        except InputError as exc:
            log.error("cannot ingest %s", exc)
            failures.append(InputError(shown, exc.reason))
            ingest.append(ShardIngestRow(shown, doc_id, "rejected", exc.reason, chars_in))
            continue
        except Exception as exc:  # a crash in one document's extraction rejects that document only
            log.exception("extraction of %s (%s) failed; the document is left out", doc_id, shown)
            reason = f"extraction failed: {type(exc).__name__}: {exc} (traceback in {log_name})"
            failures.append(InputError(shown, reason))
            ingest.append(ShardIngestRow(shown, doc_id, "rejected", reason, chars_in))
            continue
        if key_file.exists():
            key_file.unlink()  # invalid until every output of the document is rewritten
        _write_text(results / "docs" / f"{doc_id}.txt", doc.text)
        _write_text(results / "docs" / f"{doc_id}.json", json.dumps(doc.to_json(), ensure_ascii=False))
        records = {"entities": result.mentions, "relations": result.relations, "triples": result.triples,
                   "sentences": result.sentence_rows()}
        for name, (_, columns) in TABLES.items():
            write_records(paths[name], records[name], columns)
            tables[name].extend(records[name] if load else [paths[name]])
        row = ShardIngestRow(shown, doc_id, "read", "", chars_in, len(doc.text), len(doc.sections),
                             len(result.sentences), hashlib.sha256(doc.text.encode("utf-8")).hexdigest())
        write_records(out / "ingest.tsv", [row], SHARD_INGEST_COLUMNS)
        ingest.append(row)
        _write_text(key_file, key)
        extracted += 1
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
