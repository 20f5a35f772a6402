"""Tests for the shipped lexicons and their loader (exomine.entities.lexicon); the builder: test_lexicon_build.py."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest

from exomine.entities.lexicon_build.cancers import CANCER_CHECK_PHRASES
from exomine.entities.lexicon import (
    COLUMNS,
    DEFAULT_LEXICONS,
    LexiconEntry,
    lexicon_dir,
    lexicon_path,
    load_all,
    load_lexicon,
    parse_lines,
)


def _find(name: str, term: str) -> list[LexiconEntry]:
    return [e for e in load_lexicon(name) if e.term.casefold() == term.casefold()]


# --------------------------------------------------------------------------
# shipped files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", DEFAULT_LEXICONS)
def test_shipped_lexicon_loads_with_columns(name: str) -> None:
    path = lexicon_path(name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        header = next(line for line in handle if not line.startswith("#"))
    assert tuple(header.rstrip("\n").split("\t")) == COLUMNS
    entries = load_lexicon(name)
    assert entries, name
    assert all(isinstance(e, LexiconEntry) for e in entries)
    assert all(e.term and e.label and e.norm_id and e.norm_name and e.kind and e.source for e in entries)


def test_load_all_is_cached_and_complete() -> None:
    lexicons = load_all()
    assert set(lexicons) == set(DEFAULT_LEXICONS)
    assert load_lexicon("genes") is lexicons["genes"]


def test_missing_lexicon_names_the_file() -> None:
    with pytest.raises(FileNotFoundError, match="no_such_lexicon.tsv"):
        load_lexicon("no_such_lexicon")


def test_manifest_matches_files() -> None:
    directory = lexicon_dir()
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    shipped = {p.name for p in directory.iterdir() if p.name.endswith((".tsv", ".tsv.gz"))}
    assert set(manifest) == shipped
    for name, info in manifest.items():
        data = (directory / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info["sha256"], name
        stem = name.split(".")[0]
        assert len(load_lexicon(stem)) == info["rows"], name
        assert info["source"] and info["licence"]
    provenance = (directory / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in manifest:
        assert name in provenance


def test_lncrna_genes_are_lncrna_with_hgnc_ids() -> None:
    for symbol in ("H19", "MALAT1", "HOTAIR", "UCA1", "SNHG14"):
        hits = [e for e in _find("genes", symbol) if e.kind == "symbol"]
        assert [e.label for e in hits] == ["LNCRNA"], symbol
        assert hits[0].norm_id.startswith("HGNC:")
    assert _find("genes", "H19")[0].norm_id == "HGNC:4713"


def test_protein_coding_and_mirna_genes() -> None:
    pten = [e for e in _find("genes", "PTEN") if e.kind == "symbol"]
    assert [(e.label, e.norm_id) for e in pten] == [("GENE", "HGNC:9588")]
    mir21 = [e for e in _find("genes", "MIR21") if e.kind == "symbol"]
    assert [e.label for e in mir21] == ["MIRNA_GENE"]


def test_families_contain_common_groupings() -> None:
    assert {e.norm_id for e in _find("families", "AKT")} == {"FPLX:AKT"}
    assert {e.norm_id for e in _find("families", "PI3K")} == {"FPLX:PI3K"}
    assert {e.norm_id for e in _find("families", "ERK")} == {"FPLX:ERK"}
    assert {e.norm_id for e in _find("families", "NF-kB")} == {"FPLX:NFkappaB"}
    assert {e.norm_id for e in _find("families", "NFkappaB")} == {"FPLX:NFkappaB"}


def test_mirbase_precursor_and_hgnc_link() -> None:
    pre = _find("mirna", "hsa-mir-21")
    assert [(e.label, e.norm_id, e.kind) for e in pre] == [("MIRNA", "miRBase:MI0000077", "precursor")]
    link = _find("mirna", "MIR21")
    assert [(e.norm_id, e.kind) for e in link] == [("miRBase:MI0000077", "hgnc")]
    assert all(e.term.startswith("hsa-") for e in load_lexicon("mirna") if e.kind == "precursor")


def test_drug_variants_share_ids() -> None:
    dox = {e.norm_id for e in _find("drugs", "doxorubicin")}
    assert dox == {"DrugBank:DB00997"}
    assert {e.norm_id for e in _find("drugs", "adriamycin")} == dox
    assert {e.norm_name for e in _find("drugs", "adriamycin")} == {"Doxorubicin"}
    assert {e.norm_id for e in _find("drugs", "taxol")} == {e.norm_id for e in _find("drugs", "paclitaxel")}
    assert all(len(e.term) >= 3 for e in load_lexicon("drugs"))


@pytest.mark.parametrize("phrase", CANCER_CHECK_PHRASES)
def test_cancer_phrases_resolve_to_mesh(phrase: str) -> None:
    hits = _find("cancers", phrase)
    assert hits, phrase
    assert all(e.label == "CANCER" and e.norm_id.startswith("MeSH:D") for e in hits)


def test_specific_cancer_mappings() -> None:
    assert {e.norm_id for e in _find("cancers", "breast cancer")} == {"MeSH:D001943"}
    assert {e.norm_name for e in _find("cancers", "renal cancer")} == {"Kidney Neoplasms"}


def test_lexicon_named_drugs_are_never_classes() -> None:
    from exomine.entities.lexicon import is_drug_class, load_lexicon

    assert not any(is_drug_class(e.norm_id) for name in ("drugs", "abbreviations") for e in load_lexicon(name))
    assert all(is_drug_class(e.norm_id) for e in load_lexicon("drug_classes"))


def test_curated_cells_and_pathways() -> None:
    cells = load_lexicon("cells")
    assert {e.label for e in cells} == {"CELL"}
    assert {e.norm_id for e in _find("cells", "CAFs")} == {e.norm_id for e in _find("cells", "cancer-associated fibroblasts")}
    assert {e.norm_id for e in _find("cells", "fibroblasts")} == {"CL:0000057"}
    pathways = load_lexicon("pathways")
    assert {e.label for e in pathways} == {"PATHWAY"}
    assert {e.norm_id for e in _find("pathways", "Wnt/β-catenin")} == {"hsa04310"}
    assert {e.norm_id for e in _find("pathways", "EMT")} == {"GO:0001837"}
    assert {e.norm_id for e in _find("pathways", "ferroptosis")} == {"GO:0097707"}


# --------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------


def test_parse_lines_skips_comments_and_checks_shape() -> None:
    lines = ["# curated", "\t".join(COLUMNS), "# note", "a\tCELL\tCL:1\ta\tname\tcurated", ""]
    assert list(parse_lines(lines)) == [LexiconEntry("a", "CELL", "CL:1", "a", "name", "curated")]
    with pytest.raises(ValueError, match="header"):
        list(parse_lines(["term\tlabel"]))
    with pytest.raises(ValueError, match="6 fields"):
        list(parse_lines(["\t".join(COLUMNS), "a\tb"]))
