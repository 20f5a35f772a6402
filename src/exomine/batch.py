"""Run extraction for a batch (shard) of corpus files, re-using per-document results.

The I/O edge of the workflow's shard job. For each document a key is
computed from its bytes (a record's own bytes in a multi-record file), its manifest row, the extraction options and the
versions of the rules and lexicons; when ``extract/<doc>/key`` holds the
same key, the document's stored tables are reused, otherwise it is
ingested and extracted again and its tables rewritten. So a shard job
re-extracts only new or changed documents, and the per-document results
under ``docs/`` and ``extract/`` are what the corpus tables are rebuilt from.

An unreadable document does not stop the others: their results are written
first, then :class:`BatchError` lists every failing file with its reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

from . import __version__
from .ingest import InputError, read_document, record_content
from .pipeline import Options, build_extractor
from .records import (ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS, Mention, Relation,
                      SentenceRow, Triple)
from .tables import read_records, write_records

__all__ = ["BatchError", "run_batch", "resources_fingerprint", "TABLES"]

log = logging.getLogger(__name__)

TABLES = {"entities": (Mention, ENTITY_COLUMNS), "relations": (Relation, RELATION_COLUMNS),
          "triples": (Triple, TRIPLE_COLUMNS), "sentences": (SentenceRow, SENTENCE_COLUMNS)}


# Modules whose code changes what is extracted from a document (not evaluation, CLI or I/O of
# corpus tables): a change to one of them re-extracts every document on the next run.
EXTRACTION_MODULES = ("textnorm", "patterns", "webtext", "webtext_rules", "jats", "bibformats", "ingest", "records",
                      "nomenclature", "lexicon", "tagger", "sentences",
                      "nlp", "relations", "extract", "pipeline")


class BatchError(RuntimeError):
    def __init__(self, failures: Sequence[InputError]):
        super().__init__("cannot ingest:\n" + "\n".join(f"  {f}" for f in failures))
        self.failures = list(failures)


def resources_fingerprint(options: Options) -> str:
    """Hash of everything besides the input that shapes a document's results."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(json.dumps(asdict(options), sort_keys=True, default=list).encode())
    data = resources.files("exomine").joinpath("data")
    for f in sorted(data.iterdir(), key=lambda f: f.name):  # relation rules, tagger and name patterns, schemas
        if f.name.endswith((".yaml", ".json")):
            h.update(f.read_bytes())
    h.update(data.joinpath("lexicons/manifest.json").read_bytes())
    for name in ("abbreviations.tsv", "stoplist.tsv", "cells.tsv", "pathways.tsv"):
        h.update(data.joinpath("lexicons", name).read_bytes())
    if options.relation_rules:
        h.update(Path(options.relation_rules).read_bytes())
    package = Path(__file__).parent
    for module in EXTRACTION_MODULES:  # the code that shapes a document's results
        h.update((package / f"{module}.py").read_bytes())
    return h.hexdigest()


def _doc_key(content: bytes, metadata: Mapping[str, str] | None, fingerprint: str) -> str:
    h = hashlib.sha256(content)
    h.update(json.dumps(dict(metadata or {}), sort_keys=True).encode())
    h.update(fingerprint.encode())
    return h.hexdigest()


def run_batch(sources: Mapping[str, str | Path], results: str | Path, options: Options,
              manifest: Mapping[str, Mapping[str, str]] | None = None, load: bool = True) -> dict[str, list]:
    """Extract (or reuse) every document of the batch; return the batch's records by table.

    With ``load=False`` the per-document table paths are returned instead of
    records (in document order), for callers that concatenate files.

    Parameters
    ----------
    sources
        Corpus files by document id (several ids share a file that holds several records).
    results
        The results folder: per-document outputs go to ``docs/<doc>.txt``,
        ``docs/<doc>.json`` and ``extract/<doc>/<table>.tsv``.
    """
    results = Path(results)
    fingerprint = resources_fingerprint(options)
    extractor = None
    tables: dict[str, list] = {name: [] for name in TABLES}
    failures: list[InputError] = []
    reused = extracted = 0
    for doc_id, source in sorted(sources.items()):
        source = Path(source)
        meta = (manifest or {}).get(doc_id)
        out = results / "extract" / doc_id
        key_file = out / "key"
        try:
            key = _doc_key(record_content(source, doc_id), meta, fingerprint)  # the record's bytes, not the file's
        except InputError as exc:
            log.error("cannot ingest %s", exc)
            failures.append(exc)
            continue
        if key_file.exists() and key_file.read_text() == key and all((out / f"{t}.tsv").exists() for t in TABLES):
            for name, (cls, _) in TABLES.items():
                path = out / f"{name}.tsv"
                tables[name].extend(read_records(path, cls) if load else [path])
            reused += 1
            continue
        try:
            doc = read_document(source, doc_id, meta)
        except InputError as exc:
            log.error("cannot ingest %s", exc)
            failures.append(exc)
            continue
        if extractor is None:
            extractor = build_extractor(options)
        result = extractor.process(doc)
        (results / "docs").mkdir(parents=True, exist_ok=True)
        (results / "docs" / f"{doc_id}.txt").write_text(doc.text, encoding="utf-8")
        (results / "docs" / f"{doc_id}.json").write_text(json.dumps(doc.to_json(), ensure_ascii=False),
                                                        encoding="utf-8")
        records = {"entities": result.mentions, "relations": result.relations, "triples": result.triples,
                   "sentences": result.sentence_rows()}
        if key_file.exists():
            key_file.unlink()  # invalid until every table is rewritten
        for name, (_, columns) in TABLES.items():
            write_records(out / f"{name}.tsv", records[name], columns)
            tables[name].extend(records[name] if load else [out / f"{name}.tsv"])
        key_file.write_text(key)
        extracted += 1
    log.info("batch: %d documents extracted, %d reused, %d failed", extracted, reused, len(failures))
    if failures:
        raise BatchError(failures)
    return tables
