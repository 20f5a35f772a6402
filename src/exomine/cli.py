"""Command line: ``exomine run``, ``open``, ``fetch``, ``query``, ``evaluate`` and ``extract``.

``exomine run CORPUS`` runs the packaged workflow on a folder of texts from any
folder, writing ``results/`` (or ``--results DIR``); ``exomine open`` opens its
report.

``exomine evaluate GOLD`` scores the extractor on any folder or file of gold
annotations (brat, PubTator, BioC XML/JSON, SCAI XML, sentence-level triple
JSONL) -- either the tables a workflow run wrote (``--results``) or, by
default, a fresh extraction of the gold texts in this process -- and writes
the same files as the workflow's evaluate rule.

``exomine extract FILE`` runs ingestion and extraction on one review and
prints its triples.

``exomine query`` answers from the results database (see :mod:`exomine.outputs.query`).

``exomine fetch`` gets PubMed records and PMC Open Access full texts into a
corpus folder (see :mod:`exomine.reading.fetch`).
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


def _corpus_documents(gold_path: Path) -> dict:
    """The documents of the corpus folder a brat gold folder sits in (``corpus/gold``), read as the workflow reads
    them (sections, manifest metadata), by document id; empty when the gold is not inside a corpus folder."""
    from exomine.reading.corpus import load_manifest
    from exomine.reading.ingest import InputError, read_document
    from exomine.reading.inventory import list_corpus

    corpus = gold_path.resolve().parent
    if not gold_path.is_dir() or not any(p.suffix in (".txt", ".xml", ".nxml") for p in corpus.iterdir()):
        return {}
    listing = list_corpus(corpus, ignore=("manifest.tsv", gold_path.resolve().name))
    manifest = load_manifest(corpus / "manifest.tsv", listing.documents)
    docs = {}
    for doc_id, path in listing.documents.items():
        try:
            docs[doc_id] = read_document(path, doc_id, manifest.rows.get(doc_id))
        except InputError:
            continue
    return docs


def _predict(gold, options, gold_path: Path | None = None):
    from exomine.evaluation.evaluate import Predictions
    from exomine.extraction.pipeline import build_extractor

    from exomine.reading.ingest import read_document

    extractor = build_extractor(options)
    corpus = _corpus_documents(gold_path) if gold_path else {}
    mentions, relations, sentences, triples = [], [], [], []
    for g in gold:
        doc = corpus.get(g.doc_id)
        if getattr(g, "source", None):  # a gold that names its document's file is read as the workflow reads it
            doc = read_document(g.source, g.doc_id)
        elif doc is None or doc.text != g.text:  # else the corpus document when its cleaned text is the gold text
            doc = _document_from_gold(g)  # or the gold text alone, a paragraph a line
        r = extractor.process(doc)
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
        pred = (_from_results(Path(args.results)) if args.results
                else _predict(gold, Options(sentencizer=args.sentencizer), Path(args.gold)))
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
    from exomine.outputs.query import (DEFAULT_COLUMNS, TripleQuery, database_path, format_rows, load_resolver,
                                       no_triple_note, run_sql)
    from exomine.records import TRIPLE_COLUMNS

    try:
        database = database_path(args.results)
        if args.sql:
            columns, rows = run_sql(database, args.sql)
        else:
            q = TripleQuery(drug=args.drug, effect=args.effect, regulator=args.regulator, target=args.target,
                            cancer=args.cancer, regulator_type=args.type, origin=args.origin,
                            sections=tuple(k.strip() for k in args.section.split(",") if k.strip()),
                            no_background=args.no_background, min_belief=args.min_belief)
            wanted = (TRIPLE_COLUMNS if args.columns == "all" else
                      tuple(c.strip() for c in args.columns.split(",") if c.strip()) if args.columns else DEFAULT_COLUMNS)
            resolver = load_resolver(args.results) if q.needs_lexicons else None
            sql, params = q.sql(resolver, wanted, args.limit)
            columns, rows = run_sql(database, sql, params)
            if not rows and resolver is not None:
                note = no_triple_note(database, resolver, q)  # say why a name the text mentions is in no triple
                if note:
                    print(note, file=sys.stderr)
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
    q.add_argument("--min-belief", type=float, default=0.0, help="only triples whose belief is at least this (0-1)")
    q.add_argument("--columns", default="", help="comma-separated triple columns, or 'all' (default: "
                   "regulator,targets,drug,effect,cancer,source_cell,n_docs,belief)")
    q.add_argument("--limit", type=int, default=0, help="at most N rows")
    q.add_argument("--sql", default="", help="run this SQL instead (read-only)")
    q.add_argument("--format", default="table", choices=["table", "tsv", "json"])
    q.set_defaults(func=cmd_query)


def _plain(text: str) -> str:
    """Docstring text for a terminal: reST literals (````x````) shown as plain x."""
    return text.replace("``", "")


def cmd_run(args) -> int:
    from exomine.app.runner import run
    from exomine.app.command import RunSpec, absolute_files

    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        print(f"exomine run: {args.corpus}: not a folder of texts", file=sys.stderr)
        return 2
    try:
        spec = RunSpec(corpus, Path(args.results).resolve(), args.cores, absolute_files(tuple(args.config), Path.cwd()),
                       tuple(args.snakemake))
        return run(spec, verbose=args.verbose)
    except (ValueError, FileNotFoundError) as exc:
        print(f"exomine run: {exc}", file=sys.stderr)
        return 2


def cmd_open(args) -> int:
    from exomine.app.runner import open_report

    return open_report(Path(args.results))


def _add_run_parsers(sub) -> None:
    r = sub.add_parser("run", help="run the workflow on a folder of texts (from any folder)",
                       description="Run exomine's workflow on CORPUS: every text, JATS, MEDLINE, PubTator or BioC "
                                   "file in it becomes documents, entities, relations, triples, a report and a "
                                   "database under --results. Only new or changed documents are extracted again; "
                                   "a run that was interrupted is resumed. Snakemake's own output goes to "
                                   "RESULTS/logs/snakemake.log (--verbose shows it).")
    r.add_argument("corpus", help="the folder of input texts")
    r.add_argument("--results", default="results", help="where outputs go (default: ./results)")
    r.add_argument("--cores", type=int, default=2, help="CPU cores to use (default: 2)")
    r.add_argument("--config", nargs="+", default=[], metavar="KEY=VALUE",
                   help="workflow settings (config/config.yaml), e.g. strict=true include_references=false")
    r.add_argument("--verbose", action="store_true", help="show Snakemake's own output")
    r.add_argument("--snakemake", nargs=argparse.REMAINDER, default=[],
                   help="everything after this goes to Snakemake as it is (e.g. --snakemake --profile profiles/slurm)")
    r.set_defaults(func=cmd_run)
    o = sub.add_parser("open", help="open the report of a results folder in the browser")
    o.add_argument("results", nargs="?", default="results", help="the results folder (default: ./results)")
    o.set_defaults(func=cmd_open)


def cmd_fetch(args) -> int:
    import os

    from exomine.reading.fetch import Eutils, FetchError, classify_ids, fetch

    try:
        values = list(args.ids) + ([ln for ln in Path(args.ids_file).read_text(encoding="utf-8").splitlines()
                                    if not ln.lstrip().startswith("#")] if args.ids_file else [])
        ids = classify_ids(values)
    except (OSError, ValueError) as exc:
        print(f"exomine fetch: {exc}", file=sys.stderr)
        return 2
    if not any(ids.values()) and not args.query:
        print("exomine fetch: name papers (PMIDs, PMCIDs, DOIs, --ids-file) or give --query", file=sys.stderr)
        return 2
    client = Eutils(base_url=args.base_url, api_key=args.api_key or os.environ.get("NCBI_API_KEY", ""),
                    email=args.email or os.environ.get("NCBI_EMAIL", ""), tool=args.tool)
    if not client.email:
        print("exomine fetch: NCBI asks for a contact address: give --email (or set NCBI_EMAIL)", file=sys.stderr)
    try:
        report = fetch(args.out, client, ids["pmid"], ids["pmcid"], ids["doi"], args.query, args.max, args.full_text,
                       args.manifest)
    except (FetchError, OSError) as exc:
        print(f"exomine fetch: {exc}", file=sys.stderr)
        return 2
    print(f"exomine fetch: {report.summary()}", file=sys.stderr)
    return 1 if report.missing else 0


def _add_fetch_parser(sub) -> None:
    from exomine.reading.fetch import EUTILS

    f = sub.add_parser("fetch", help="get PubMed records and PMC Open Access full texts into a corpus folder",
                       description="Fetch papers through NCBI E-utilities as <pmid>.medline and <pmcid>.nxml, each "
                                   "with a manifest row; papers already in the folder are not fetched again.")
    f.add_argument("ids", nargs="*", help="PMIDs (123), PMCIDs (PMC123) and DOIs (10.1000/xyz)")
    f.add_argument("--ids-file", help="a file of identifiers, one a line (# starts a comment)")
    f.add_argument("--query", default="", help="a PubMed query (its first --max PMIDs are fetched)")
    f.add_argument("--max", type=int, default=100, help="at most N papers from --query (default: 100)")
    f.add_argument("--full-text", action="store_true", help="a PubMed paper with a PMC Open Access full text is "
                                                            "fetched as that full text instead of its abstract")
    f.add_argument("--out", default="corpus", help="the corpus folder (default: corpus)")
    f.add_argument("--manifest", default="manifest.tsv", help="the manifest's name in the folder")
    f.add_argument("--email", default="", help="your address, sent to NCBI with each request (or NCBI_EMAIL)")
    f.add_argument("--api-key", default="", help="an NCBI API key: 10 requests a second instead of 3 (or NCBI_API_KEY)")
    f.add_argument("--tool", default="exomine", help="the tool name sent to NCBI")
    f.add_argument("--base-url", default=EUTILS, help="the E-utilities URL (default: NCBI's)")
    f.set_defaults(func=cmd_fetch)


def main(argv: Sequence[str] | None = None) -> int:
    from exomine import __version__

    parser = argparse.ArgumentParser(prog="exomine", description=_plain(__doc__.split("\n\n")[0]))
    parser.add_argument("--version", action="version", version=f"exomine {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_run_parsers(sub)
    ev = sub.add_parser("evaluate", help="score the extractor against gold annotations")
    ev.add_argument("gold", help="a folder of brat .ann/.txt pairs, or a PubTator, BioC (.xml/.json), SCAI, "
                                 "sentence-level triple or document-level findings (.jsonl) or curation (.tsv, the "
                                 "report's marks) file")
    ev.add_argument("--format", default="auto",
                    choices=["auto", "brat", "pubtator", "bioc", "scai", "triples", "findings", "curation"])
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
    _add_fetch_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
