"""Command line: ``exomine evaluate``, ``exomine extract`` and ``exomine query``.

``exomine evaluate GOLD`` scores the extractor on any folder or file of gold
annotations (brat, PubTator, BioC XML/JSON, SCAI XML, sentence-level triple
JSONL) -- either the tables a workflow run wrote (``--results``) or, by
default, a fresh extraction of the gold texts in this process -- and writes
the same files as the workflow's evaluate rule.

``exomine extract FILE`` runs ingestion and extraction on one review and
prints its triples.

``exomine query`` answers from the results database (see :mod:`exomine.outputs.query`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

__all__ = ["main"]


def _document_from_gold(g):
    """A Document over a gold text: each non-empty line is a paragraph."""
    from exomine.records import Document, Paragraph, Section

    paras, pos = [], 0
    for line in g.text.split("\n"):
        if line.strip():
            paras.append(Paragraph(pos, line))
        pos += len(line) + 1
    return Document(g.doc_id, g.doc_id, g.text, (Section("abstract", "", tuple(paras)),), {})


def _predict(gold, options):
    from exomine.evaluation.evaluate import Predictions
    from exomine.extraction.pipeline import build_extractor

    from exomine.reading.ingest import read_document

    extractor = build_extractor(options)
    mentions, relations, sentences, triples = [], [], [], []
    for g in gold:
        # a gold that names its document's file is read as the workflow reads it
        r = extractor.process(read_document(g.source, g.doc_id) if g.source else _document_from_gold(g))
        mentions += r.mentions
        relations += r.relations
        sentences += r.sentence_rows()
        triples += r.triples
    return Predictions(mentions, relations, sentences, triples)


def _per_doc_tables(results: Path, name: str) -> list[Path]:
    """A results folder's per-shard (else per-document) tables called ``name``."""
    return sorted(results.glob(f"shards/*/{name}.tsv")) or sorted(results.glob(f"extract/*/{name}.tsv"))


def _from_results(results: Path):
    """The records of a workflow results folder.

    Triples are read from the shard tables, one row per mention, so that each
    document is scored on its own triples (the corpus ``triples.tsv`` merges
    targets and cancers across documents); ``triples.tsv`` when there are none.
    """
    from exomine.evaluation.evaluate import Predictions
    from exomine.records import Mention, Relation, SentenceRow, Triple
    from exomine.tables import read_records

    for name in ("entities.tsv", "relations.tsv", "triples.tsv"):
        if not (results / name).is_file():
            raise FileNotFoundError(f"{results}: not a results folder ({name} is missing; run the workflow first)")
    sentences = [s for p in _per_doc_tables(results, "sentences") for s in read_records(p, SentenceRow)]
    triple_tables = _per_doc_tables(results, "triples") or [results / "triples.tsv"]
    return Predictions(read_records(results / "entities.tsv", Mention), read_records(results / "relations.tsv", Relation),
                       sentences, [t for p in triple_tables for t in read_records(p, Triple)])


def cmd_evaluate(args) -> int:
    from exomine.evaluation.brat import AnnotationError
    from exomine.evaluation.evaluate import evaluate
    from exomine.evaluation.goldformats import GoldFormatError, read_gold
    from exomine.extraction.pipeline import Options
    from exomine.evaluation.report import render_markdown, write_eval

    try:
        gold = read_gold(args.gold, args.format)
    except (AnnotationError, GoldFormatError, OSError) as exc:
        print(f"exomine evaluate: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        gold = gold[: args.limit]
    try:
        pred = _from_results(Path(args.results)) if args.results else _predict(gold, Options(sentencizer=args.sentencizer))
    except FileNotFoundError as exc:
        print(f"exomine evaluate: {exc}", file=sys.stderr)
        return 2
    result = evaluate(gold, pred, undirected_pairs=args.pairs)
    title = f"exomine evaluation on {args.gold} ({len(gold)} documents)"
    if args.out:
        write_eval(result, args.out, title)
    print(render_markdown(result, title))
    return 0


def cmd_extract(args) -> int:
    from exomine.reading.ingest import InputError, read_documents
    from exomine.extraction.pipeline import Options, build_extractor

    try:
        docs = list(read_documents(args.file))  # one document, or one per record of a MEDLINE/PubTator/BioC file
    except InputError as exc:
        print(f"exomine extract: {exc}", file=sys.stderr)
        return 2
    extractor = build_extractor(Options(include_references=not args.no_references))
    print("regulator\ttargets\tdrug\teffect\tcancer\tevidence")
    for doc in docs:
        for t in extractor.process(doc).triples:
            print(f"{t.regulator}\t{t.targets}\t{t.drug}\t{t.effect}\t{t.cancer}\t{t.evidence}")
    return 0


def cmd_query(args) -> int:
    from exomine.outputs.query import DEFAULT_COLUMNS, TripleQuery, database_path, format_rows, load_resolver, run_sql
    from exomine.records import TRIPLE_COLUMNS

    try:
        database = database_path(args.results)
        if args.sql:
            columns, rows = run_sql(database, args.sql)
        else:
            q = TripleQuery(drug=args.drug, effect=args.effect, regulator=args.regulator, target=args.target,
                            cancer=args.cancer, regulator_type=args.type, origin=args.origin,
                            sections=tuple(k.strip() for k in args.section.split(",") if k.strip()),
                            no_background=args.no_background)
            wanted = (TRIPLE_COLUMNS if args.columns == "all" else
                      tuple(c.strip() for c in args.columns.split(",") if c.strip()) if args.columns else DEFAULT_COLUMNS)
            resolver = load_resolver(args.results) if q.needs_lexicons else None
            sql, params = q.sql(resolver, wanted, args.limit)
            columns, rows = run_sql(database, sql, params)
    except (FileNotFoundError, ValueError) as exc:
        print(f"exomine query: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a DuckDB error in --sql: its own message says what is wrong
        print(f"exomine query: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_rows(columns, rows, args.format))
    return 0


def _add_query_parser(sub) -> None:
    q = sub.add_parser("query", help="answer from the results database (results/exomine.duckdb)",
                       description="Triples by drug, effect, regulator, target or cancer (names matched through "
                                   "the lexicons: adriamycin finds doxorubicin, miR-21 its -5p/-3p arms), or any "
                                   "SQL on the tables (documents, entities, relations, triples, triple_mentions, "
                                   "ingest) and views (triples_by_drug, triples_by_regulator, regulator_targets, "
                                   "triple_evidence, entity_concepts, document_summary, ingest_summary).")
    q.add_argument("--results", default="results", help="the workflow's results folder (default: results)")
    q.add_argument("--drug", default="", help="a drug name, abbreviation or synonym (cisplatin, DDP, adriamycin)")
    q.add_argument("--effect", default="", choices=["", "resistance", "sensitivity"])
    q.add_argument("--regulator", default="", help="a miRNA, circRNA, lncRNA or protein (miR-21, circVMP1, H19)")
    q.add_argument("--target", default="", help="a target in the chain (PTEN, miR-524-5p)")
    q.add_argument("--cancer", default="", help="a cancer type (gastric, NSCLC, breast cancer)")
    q.add_argument("--type", default="", help="regulator type: MIRNA, CIRCRNA, LNCRNA or GENE")
    q.add_argument("--origin", default="", choices=["", "sentence", "paragraph", "title", "document"],
                   help="only triples whose drug, cancer and source cell were named at this place or a stricter "
                        "one (sentence < paragraph < title < document); 'sentence' keeps only what the evidence "
                        "sentences state themselves")
    q.add_argument("--section", default="", help="only triples whose best evidence is in these section kinds "
                   "(comma-separated: title, abstract, body, caption, reference)")
    q.add_argument("--no-background", action="store_true",
                   help="leave out triples that rest only on background statements ('Previous studies have shown')")
    q.add_argument("--columns", default="", help="comma-separated triple columns, or 'all' (default: "
                   "regulator,targets,drug,effect,cancer,source_cell,n_docs,hedged)")
    q.add_argument("--limit", type=int, default=0, help="at most N rows")
    q.add_argument("--sql", default="", help="run this SQL instead (read-only)")
    q.add_argument("--format", default="table", choices=["table", "tsv", "json"])
    q.set_defaults(func=cmd_query)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="exomine", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="score the extractor against gold annotations")
    ev.add_argument("gold", help="a folder of brat .ann/.txt pairs, or a PubTator, BioC (.xml/.json), SCAI, "
                                 "sentence-level triple or document-level findings (.jsonl) file")
    ev.add_argument("--format", default="auto",
                    choices=["auto", "brat", "pubtator", "bioc", "scai", "triples", "findings"])
    ev.add_argument("--results", help="score the tables of this workflow results folder instead of re-extracting")
    ev.add_argument("--out", help="write summary/entities/relations/triples/errors TSVs and report.md here")
    ev.add_argument("--pairs", action="store_true",
                    help="score relations as undirected miRNA-gene pairs (SCAI-style interaction corpora)")
    ev.add_argument("--sentencizer", default="exomine", choices=["exomine", "pysbd", "rule"])
    ev.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ev.set_defaults(func=cmd_evaluate)
    ex = sub.add_parser("extract", help="print the triples of one input file (every record of a multi-record file)")
    ex.add_argument("file")
    ex.add_argument("--no-references", action="store_true", help="skip the reference list")
    ex.set_defaults(func=cmd_extract)
    _add_query_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
