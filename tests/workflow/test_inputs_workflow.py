"""End-to-end: the real workflow over a corpus holding every input format, each file a different article."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import run_workflow
from samplefiles import (Article, as_docx, as_gzip, as_html, as_jats, as_pdf, as_pmc_package, as_pubmed_export,
                         as_text, scanned_pdf)

pytestmark = pytest.mark.slow

CANCERS = ["gastric cancer", "colorectal cancer", "breast cancer", "ovarian cancer", "bladder cancer",
           "prostate cancer", "pancreatic cancer", "cervical cancer"]


def _article(n: int) -> Article:
    """Article ``n``: its own miRNA (miR-998n) and cancer, so that no two files have the same text."""
    mirna, cancer = f"miR-998{n}", CANCERS[n]
    return Article(f"Exosomal {mirna} and cisplatin resistance in {cancer}",
                   (f"Exosomes shuttle microRNAs between tumour cells. Exosomal {mirna} promotes cisplatin resistance "
                    f"in {cancer} cells by targeting PTEN.",),
                   (("Mechanisms", (f"Cells that take up exosomal {mirna} lose PTEN and survive cisplatin.",)),),
                   pmid=f"9000030{n}", pmcid=f"PMC900030{n}", doi=f"10.5555/inputs.{n}")


FILES = {
    "plain.txt": (0, lambda a: as_text(a).encode()),
    "page.html": (2, as_html),
    "saved_page.txt": (3, as_html),
    "paper.pdf": (4, as_pdf),
    "review.docx": (5, as_docx),
    "PMC9000306.tar.gz": (6, as_pmc_package),
    "article.nxml.gz": (7, lambda a: as_gzip(as_jats(a))),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("inputs")
    corpus = out / "corpus"
    corpus.mkdir()
    for name, (n, write) in FILES.items():
        (corpus / name).write_bytes(write(_article(n)))
    (corpus / "pubmed_export.txt").write_text(as_pubmed_export(_article(1).abstract_only()), encoding="utf-8")
    (corpus / "scan.pdf").write_bytes(scanned_pdf(2))
    proc = run_workflow(corpus, out, "-q")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return out / "results"


def _table(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_inputs_workflow_reads_every_format(results: Path) -> None:
    ingest = {Path(r["file"]).name: r for r in _table(results / "ingest.tsv")}
    expected = {**{name: name.split(".")[0] for name in FILES}, "pubmed_export.txt": "pubmed_export.90000301"}
    for name, doc_id in expected.items():
        assert (ingest[name]["status"], ingest[name]["doc_id"]) == ("read", doc_id), ingest[name]
    assert ingest["paper.pdf"]["reason"] == ""  # no "mostly markup" note for a binary file
    scan = ingest["scan.pdf"]
    assert scan["status"] == "rejected" and "no text layer on 2 of its 2 page(s)" in scan["reason"]


def test_inputs_workflow_finds_each_articles_finding(results: Path) -> None:
    found = {(t["regulator"], t["drug"], t["effect"], t["doc_ids"]) for t in _table(results / "triples.tsv")}
    docs = {n: name.split(".")[0] for name, (n, _) in FILES.items()}
    docs[1] = "pubmed_export.90000301"
    for n, doc_id in docs.items():
        assert (f"hsa-miR-998{n}", "Cisplatin", "resistance", doc_id) in found, (n, doc_id, sorted(found))
