"""Tests for reading gold annotations in public corpus formats (exomine.evaluation.goldformats)."""

from __future__ import annotations

import shutil
from pathlib import Path

import bioc
import pytest
from bioc import biocjson, biocxml

from exomine.evaluation.brat import AnnotationError, GoldDocument, GoldTriple
from exomine.evaluation.goldformats import GoldFormatError, read_bioc, read_gold, read_pubtator, read_scai, read_triples_jsonl

# --- PubTator ---------------------------------------------------------------------------------------------------

P1_TITLE = "Exosomal miR-21 promotes cisplatin resistance in breast cancer."
P1_ABSTRACT = "PTEN was reduced in mice, and in patients with hypertension."
P2_TITLE = "Doxorubicin and gastric carcinoma."
P2_ABSTRACT = "TP53 loss was seen in gastric carcinoma cells."


def _mention(pmid: str, title: str, abstract: str, sub: str, typ: str, ident: str, in_abstract: bool = False) -> str:
    text = title + "\n" + abstract
    start = text.index(sub, len(title) + 1 if in_abstract else 0)
    return f"{pmid}\t{start}\t{start + len(sub)}\t{sub}\t{typ}\t{ident}"


def _pubtator() -> str:
    lines = [
        f"1001|t|{P1_TITLE}",
        f"1001|a|{P1_ABSTRACT}",
        _mention("1001", P1_TITLE, P1_ABSTRACT, "cisplatin", "ChemicalEntity", "D002945"),
        _mention("1001", P1_TITLE, P1_ABSTRACT, "breast cancer", "DiseaseOrPhenotypicFeature", "D001943"),
        _mention("1001", P1_TITLE, P1_ABSTRACT, "PTEN", "GeneOrGeneProduct", "5728", True),
        _mention("1001", P1_TITLE, P1_ABSTRACT, "mice", "OrganismTaxon", "10090", True),
        _mention("1001", P1_TITLE, P1_ABSTRACT, "hypertension", "DiseaseOrPhenotypicFeature", "D006973", True),
        "1001\tAssociation\t5728\tD002945\tNovel",  # document-level relation: not read
        "",
        f"1002|t|{P2_TITLE}",
        f"1002|a|{P2_ABSTRACT}",
        _mention("1002", P2_TITLE, P2_ABSTRACT, "Doxorubicin", "ChemicalEntity", "D004317"),
        _mention("1002", P2_TITLE, P2_ABSTRACT, "gastric carcinoma", "DiseaseOrPhenotypicFeature", "D013274"),
        _mention("1002", P2_TITLE, P2_ABSTRACT, "TP53", "GeneOrGeneProduct", "7157", True),
        _mention("1002", P2_TITLE, P2_ABSTRACT, "gastric carcinoma", "DiseaseOrPhenotypicFeature", "D013274", True),
        "1002\tPositive_Correlation\tD004317\t7157",
        "",
    ]
    return "\n".join(lines)


def test_goldformats_pubtator_fixture_offsets() -> None:
    # PubTator offsets count the title, one separator, then the abstract
    assert _pubtator().splitlines()[4] == f"1001\t{len(P1_TITLE) + 1}\t{len(P1_TITLE) + 5}\tPTEN\tGeneOrGeneProduct\t5728"


def test_goldformats_pubtator_texts_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "tiny.PubTator"
    path.write_text(_pubtator(), encoding="utf-8")
    docs = read_pubtator(path)
    assert [d.doc_id for d in docs] == ["1001", "1002"]
    assert docs[0].text == P1_TITLE + "\n" + P1_ABSTRACT
    assert docs[1].text == P2_TITLE + "\n" + P2_ABSTRACT
    for d in docs:
        for e in d.entities:
            assert d.text[e.start : e.end] == e.text
        assert d.relations == ()
    assert [(e.text, e.label) for e in docs[0].entities] == [
        ("cisplatin", "DRUG"), ("breast cancer", "CANCER"), ("PTEN", "GENE")]  # no mice, no hypertension
    assert [(e.text, e.label) for e in docs[1].entities] == [
        ("Doxorubicin", "DRUG"), ("gastric carcinoma", "CANCER"), ("TP53", "GENE"), ("gastric carcinoma", "CANCER")]
    assert len({e.id for d in docs for e in d.entities if d.doc_id == "1002"}) == 4


@pytest.mark.parametrize(
    "disease, is_cancer",
    [("breast cancer", True), ("hepatocellular carcinoma", True), ("glioma", True), ("leukemia", True),
     ("tumour growth", True), ("hypertension", False), ("diabetes", False), ("Parkinson disease", False)],
)
def test_goldformats_pubtator_disease_is_cancer_only_when_named(tmp_path: Path, disease: str, is_cancer: bool) -> None:
    title, abstract = f"A study of {disease}.", "No abstract."
    path = tmp_path / "d.pubtator"
    path.write_text("\n".join([f"9|t|{title}", f"9|a|{abstract}",
                               _mention("9", title, abstract, disease, "DiseaseOrPhenotypicFeature", "D0")]) + "\n",
                    encoding="utf-8")
    (doc,) = read_pubtator(path)
    assert [(e.text, e.label) for e in doc.entities] == ([(disease, "CANCER")] if is_cancer else [])


@pytest.mark.parametrize("gene, label", [("miR-9999", "MIRNA"), ("LINC09999", "LNCRNA"), ("FOO1", "GENE"),
                                         ("miR-9999 target", "GENE")])
def test_goldformats_pubtator_ncrna_gene_takes_its_class(tmp_path: Path, gene: str, label: str) -> None:
    title, abstract = f"A study of {gene}.", "No abstract."
    path = tmp_path / "g.pubtator"
    path.write_text("\n".join([f"9|t|{title}", f"9|a|{abstract}",
                               _mention("9", title, abstract, gene, "GeneOrGeneProduct", "1")]) + "\n",
                    encoding="utf-8")
    (doc,) = read_pubtator(path)
    assert [(e.text, e.label) for e in doc.entities] == [(gene, label)]


def test_goldformats_pubtator_mismatched_mention_names_file_and_line(tmp_path: Path) -> None:
    lines = _pubtator().splitlines()
    assert lines[3].split("\t")[3] == "breast cancer"
    lines[3] = lines[3].replace("breast cancer", "breast tumour")  # line 4: offsets no longer match
    path = tmp_path / "broken.PubTator"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises((AnnotationError, GoldFormatError)) as info:
        read_pubtator(path)
    message = str(info.value)
    assert str(path) in message
    assert ":4:" in message
    assert "breast tumour" in message


def test_goldformats_pubtator_garbage_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pubtator"
    path.write_text(f"1|t|{P2_TITLE}\n1|a|{P2_ABSTRACT}\nthis is not pubtator\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"garbage\.pubtator:3:"):
        read_pubtator(path)


# --- BioC -------------------------------------------------------------------------------------------------------

B_TITLE = "Exosomal miR-21 targets PTEN."
B_BODY = "It confers cisplatin resistance in mice."


def _annotation(ident: str, typ: str, text: str, passage_text: str, passage_offset: int) -> bioc.BioCAnnotation:
    a = bioc.BioCAnnotation()
    a.id = ident
    a.infons["type"] = typ
    a.text = text
    a.add_location(bioc.BioCLocation(passage_offset + passage_text.index(text), len(text)))
    return a


def _relation(ident: str, typ: str, arg1: str, arg2: str) -> bioc.BioCRelation:
    r = bioc.BioCRelation()
    r.id = ident
    r.infons["type"] = typ
    r.add_node(bioc.BioCNode(arg1, "Arg1"))
    r.add_node(bioc.BioCNode(arg2, "Arg2"))
    return r


def _collection() -> bioc.BioCCollection:
    collection = bioc.BioCCollection()
    collection.source = "test"
    doc = bioc.BioCDocument()
    doc.id = "PMC42"
    title = bioc.BioCPassage()
    title.offset = 0
    title.text = B_TITLE
    title.infons["type"] = "title"
    body = bioc.BioCPassage()
    body.offset = len(B_TITLE) + 1
    body.text = B_BODY
    body.infons["type"] = "abstract"
    title.add_annotation(_annotation("A1", "miRNA", "miR-21", B_TITLE, 0))
    title.add_annotation(_annotation("A2", "Gene", "PTEN", B_TITLE, 0))
    body.add_annotation(_annotation("A3", "Chemical", "cisplatin", B_BODY, body.offset))
    body.add_annotation(_annotation("A4", "Species", "mice", B_BODY, body.offset))
    title.add_relation(_relation("R1", "targets", "A1", "A2"))
    title.add_relation(_relation("R2", "Association", "A1", "A2"))  # not a mapped type
    doc.add_passage(title)
    doc.add_passage(body)
    doc.add_relation(_relation("R3", "confers_resistance", "A1", "A3"))  # document level
    doc.add_relation(_relation("R4", "targets", "A1", "A4"))  # to an unmapped entity
    collection.add_document(doc)
    return collection


@pytest.fixture(params=["xml", "json"])
def bioc_file(request, tmp_path: Path) -> Path:
    path = tmp_path / f"collection.{request.param}"
    with open(path, "w", encoding="utf-8") as fh:
        (biocxml if request.param == "xml" else biocjson).dump(_collection(), fh)
    return path


def test_goldformats_bioc_entities_and_relations(bioc_file: Path) -> None:
    (doc,) = read_bioc(bioc_file)
    assert doc.doc_id == "PMC42"
    assert doc.text == B_TITLE + "\n" + B_BODY
    assert [(e.id, e.label, e.text) for e in doc.entities] == [
        ("A1", "MIRNA", "miR-21"), ("A2", "GENE", "PTEN"), ("A3", "DRUG", "cisplatin")]
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
    assert doc.entity("A3").start == len(B_TITLE) + 1 + B_BODY.index("cisplatin")
    rels = {(r.type, r.arg1, r.arg2) for r in doc.relations}
    assert ("targets", "A1", "A2") in rels
    assert ("confers_resistance", "A1", "A3") in rels
    assert rels == {("targets", "A1", "A2"), ("confers_resistance", "A1", "A3")}


def test_goldformats_bioc_read_gold_detects_format(bioc_file: Path) -> None:
    assert read_gold(bioc_file) == read_bioc(bioc_file)


@pytest.mark.parametrize("name, content", [("broken.xml", "<collection><document><id>1</id>"),
                                           ("broken.json", '{"source": "x", "documents": [')])
def test_goldformats_bioc_malformed_names_file(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for read in (read_bioc, read_gold):
        with pytest.raises(GoldFormatError, match=name.replace(".", r"\.")):
            read(path)


# --- SCAI miRNA corpus ------------------------------------------------------------------------------------------

S0 = "miR-21 directly targets PTEN in glioma.  "
S1 = "miR-155 does not bind SOCS1, but miR-155 binds SHIP1."
S2 = "Serum miR-122 and AFP were measured."


def _ent(ident: str, sentence: str, text: str, typ: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(text, start + 1)
    return f'<entity charOffset="{start}-{start + len(text) - 1}" id="{ident}" text="{text}" type="{typ}"/>'


SCAI = f"""<?xml version="1.0" encoding="UTF-8"?>
<corpus source="test">
  <document id="c.d0" origId="111">
    <sentence id="c.d0.s0" origId="111.s0" text="{S0}">
      {_ent("c.d0.s0.e0", S0, "miR-21", "Specific_miRNAs")}
      {_ent("c.d0.s0.e1", S0, "PTEN", "Genes/Proteins")}
      {_ent("c.d0.s0.e2", S0, "glioma", "Diseases")}
      {_ent("c.d0.s0.e3", S0, "targets", "Relation_Trigger")}
      <pair e1="c.d0.s0.e0" e2="c.d0.s0.e1" id="c.d0.s0.p0" interaction="True" type="Specific_miRNAs-Genes/Proteins"/>
      <pair e1="c.d0.s0.e0" e2="c.d0.s0.e2" id="c.d0.s0.p1" interaction="True" type="Specific_miRNAs-Diseases"/>
    </sentence>
    <sentence id="c.d0.s1" origId="111.s1" text="{S1}">
      {_ent("c.d0.s1.e0", S1, "miR-155", "Specific_miRNAs")}
      {_ent("c.d0.s1.e1", S1, "SOCS1", "Genes/Proteins")}
      {_ent("c.d0.s1.e2", S1, "miR-155", "Specific_miRNAs", 1)}
      {_ent("c.d0.s1.e3", S1, "SHIP1", "Genes/Proteins")}
      <pair e1="c.d0.s1.e0" e2="c.d0.s1.e1" id="c.d0.s1.p0" interaction="False" type="Specific_miRNAs-Genes/Proteins"/>
      <pair e1="c.d0.s1.e3" e2="c.d0.s1.e2" id="c.d0.s1.p1" interaction="True" type="Specific_miRNAs-Genes/Proteins"/>
    </sentence>
  </document>
  <document id="c.d1" origId="222">
    <sentence id="c.d1.s0" origId="222.s0" text="{S2}">
      {_ent("c.d1.s0.e0", S2, "miR-122", "Specific_miRNAs")}
      {_ent("c.d1.s0.e1", S2, "AFP", "Genes/Proteins")}
      {_ent("c.d1.s0.e2", S2, "Serum", "Non-Specific_miRNAs")}
      <pair e1="c.d1.s0.e0" e2="c.d1.s0.e1" id="c.d1.s0.p0" interaction="False" type="Specific_miRNAs-Genes/Proteins"/>
    </sentence>
  </document>
</corpus>
"""


@pytest.fixture
def scai_file(tmp_path: Path) -> Path:
    path = tmp_path / "scai.xml"
    path.write_text(SCAI, encoding="utf-8")
    return path


def test_goldformats_scai_texts_and_offsets(scai_file: Path) -> None:
    docs = read_scai(scai_file)
    assert [d.doc_id for d in docs] == ["111", "222"]
    assert docs[0].text.splitlines() == [S0.rstrip(), S1]
    assert docs[1].text.splitlines() == [S2]
    for d in docs:
        for e in d.entities:
            assert d.text[e.start : e.end] == e.text, e
    labels = [(e.text, e.label) for e in docs[0].entities]
    assert labels == [("miR-21", "MIRNA"), ("PTEN", "GENE"), ("glioma", "CANCER"), ("miR-155", "MIRNA"),
                      ("SOCS1", "GENE"), ("miR-155", "MIRNA"), ("SHIP1", "GENE")]
    # the second sentence starts after the first one's line
    assert docs[0].entity("c.d0.s1.e2").start == len(S0.rstrip()) + 1 + S1.rindex("miR-155")
    assert [(e.text, e.label) for e in docs[1].entities] == [("miR-122", "MIRNA"), ("AFP", "GENE")]


def _pairs(doc: GoldDocument) -> set[frozenset[str]]:
    return {frozenset((doc.entity(r.arg1).text, doc.entity(r.arg2).text)) for r in doc.relations}


def test_goldformats_scai_interacting_pairs_are_relations(scai_file: Path) -> None:
    docs = read_scai(scai_file)
    assert {frozenset(("miR-21", "PTEN")), frozenset(("miR-155", "SHIP1"))} <= _pairs(docs[0])
    assert frozenset(("miR-155", "SOCS1")) not in _pairs(docs[0])  # interaction="False"
    assert docs[1].relations == ()
    assert all(r.type == "targets" for r in docs[0].relations)


def test_goldformats_scai_mirna_disease_pairs_are_not_relations(scai_file: Path) -> None:
    (doc, _) = read_scai(scai_file)
    labels = {frozenset((doc.entity(r.arg1).label, doc.entity(r.arg2).label)) for r in doc.relations}
    assert labels == {frozenset(("MIRNA", "GENE"))}


def test_goldformats_scai_entity_text_mismatch_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad_offsets.xml"
    path.write_text(SCAI.replace('charOffset="0-5" id="c.d0.s0.e0"', 'charOffset="1-6" id="c.d0.s0.e0"'),
                    encoding="utf-8")
    assert path.read_text(encoding="utf-8") != SCAI
    with pytest.raises(GoldFormatError, match=r"bad_offsets\.xml.*c\.d0\.s0\.e0"):
        read_scai(path)


# --- read_gold ----------------------------------------------------------------------------------------------


def test_goldformats_read_gold_brat_folder(tmp_path: Path) -> None:
    text = "Exosomal miR-21 targets PTEN.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tMIRNA 9 15\tmiR-21\nT2\tGENE 24 28\tPTEN\nR1\ttargets Arg1:T1 Arg2:T2\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.ann").write_text("T1\tGENE 24 28\tPTEN\n", encoding="utf-8")
    docs = read_gold(tmp_path)
    assert [d.doc_id for d in docs] == ["a", "b"]
    assert [len(d.relations) for d in docs] == [1, 0]


@pytest.mark.parametrize("name", ["tiny.PubTator", "tiny.pubtator", "tiny.txt"])
def test_goldformats_read_gold_pubtator(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(_pubtator(), encoding="utf-8")
    docs = read_gold(path)
    assert [d.doc_id for d in docs] == ["1001", "1002"]
    assert docs == read_pubtator(path)


def test_goldformats_read_gold_scai(scai_file: Path, tmp_path: Path) -> None:
    assert read_gold(scai_file) == read_scai(scai_file)
    other = tmp_path / "scai_corpus.data"  # detected by content, not by name
    shutil.copy(scai_file, other)
    assert [d.doc_id for d in read_gold(other)] == ["111", "222"]


def test_goldformats_read_gold_malformed_scai_names_file(tmp_path: Path) -> None:
    path = tmp_path / "truncated.xml"
    path.write_text(SCAI[: SCAI.index("</sentence>")], encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"truncated\.xml"):
        read_gold(path)


def test_goldformats_read_gold_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "x.PubTator"
    path.write_text(_pubtator(), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="conll"):
        read_gold(path, fmt="conll")


# --- development corpora (../shared) ----------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    "relpath, label, marker",
    [("data/scai-mirna/miRNA-train.xml", "MIRNA", "<document "), ("data/biored/Dev.PubTator", "GENE", "|t|")],
    ids=["scai-train", "biored-dev"],
)
def test_goldformats_shared_corpora_read(shared_dir: Path, relpath: str, label: str, marker: str) -> None:
    path = shared_dir / relpath
    if not path.exists():
        pytest.skip(f"{path} is absent")
    docs = read_gold(path)
    n_docs = path.read_text(encoding="utf-8").count(marker)
    assert len(docs) == n_docs
    assert len(docs) >= 100  # SCAI train: 201 abstracts; BioRED dev: 100
    with_label = [d for d in docs if any(e.label == label for e in d.entities)]
    assert len(with_label) >= len(docs) / 3, (len(with_label), len(docs))
    for d in docs:
        for e in d.entities:
            assert d.text[e.start : e.end] == e.text


# --- what each format annotates --------------------------------------------------------------------------------


def test_goldformats_pubtator_annotates_entities_of_its_types(tmp_path: Path) -> None:
    path = tmp_path / "tiny.pubtator"
    path.write_text(_pubtator(), encoding="utf-8")
    docs = read_pubtator(path)
    assert {d.levels for d in docs} == {("entity",)}  # document-level relations are not scored
    assert {d.labels for d in docs} == {("GENE", "DRUG", "CANCER")}  # from the mention types in the file


def test_goldformats_scai_annotates_entities_and_pairs(scai_file: Path) -> None:
    (doc, *_) = read_scai(scai_file)
    assert doc.levels == ("entity", "relation")
    assert set(doc.labels) <= {"MIRNA", "GENE", "CANCER"} and {"MIRNA", "GENE"} <= set(doc.labels)


# --- sentence-level triple gold (JSONL) --------------------------------------------------------------------------

ITEMS = [
    {"id": "x1", "kind": "sentence", "text": "Exosomal miR-9999 confers foocitabine resistance via FOO1 in quxoma.",
     "triples": [{"regulator": "miR-9999", "regulator_type": "miRNA", "targets": ["FOO1"], "drug": "foocitabine",
                  "effect": "resistance", "cancer": "quxoma", "optional": False},
                 {"regulator": "miR-9999", "targets": [], "drug": "FOO-TKIs", "effect": "resistance",
                  "cancer": None, "optional": True}],
     "pairs": []},
    {"id": "x2", "kind": "title", "text": "circBAR3 expression in quxoma", "triples": [], "pairs": [],
     "note": "negative"},
]


def _jsonl(tmp_path: Path, items=ITEMS, name: str = "gold.jsonl") -> Path:
    import json

    path = tmp_path / name
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def test_goldformats_triples_jsonl_items_are_documents(tmp_path: Path) -> None:
    docs = read_gold(_jsonl(tmp_path))
    assert [d.doc_id for d in docs] == ["x1", "x2"]
    assert docs[1].text == ITEMS[1]["text"] + "\n"  # as a corpus file written from the item holds it
    assert all(d.levels == ("triple",) and not d.entities and not d.relations for d in docs)
    assert docs[0].triples == (GoldTriple("miR-9999", "foocitabine", "resistance", ("FOO1",), "quxoma", False),
                               GoldTriple("miR-9999", "FOO-TKIs", "resistance", (), "", True))
    assert docs[1].triples == ()  # a negative: nothing to find (not "derive from relations")


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", r"gold\.jsonl:2: not a JSON object"),
        ('{"id": "x3"}', r"gold\.jsonl:2: an item needs an 'id' and a 'text'"),
        ('{"id": "x1", "text": "again", "triples": []}', r"gold\.jsonl:2: duplicate id 'x1'"),
        ('{"id": "x3", "text": "t", "triples": [{"regulator": "miR-9999", "drug": "foocitabine", "effect": "up"}]}',
         r"gold\.jsonl:2: effect must be"),
        ('{"id": "x3", "text": "t", "triples": [{"regulator": "", "drug": "foocitabine", "effect": "resistance"}]}',
         r"gold\.jsonl:2: triple without a 'regulator'"),
        ('{"id": "x3", "text": "t", "triples": [{"regulator": "miR-9999", "drug": "foocitabine", '
         '"effect": "resistance", "targets": "FOO1"}]}', r"gold\.jsonl:2: 'targets' must be a list"),
    ],
    ids=["not-json", "no-text", "duplicate-id", "bad-effect", "empty-regulator", "targets-not-a-list"],
)
def test_goldformats_triples_jsonl_bad_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    import json
    import re

    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(ITEMS[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        read_triples_jsonl(path)
    assert re.search(reason, str(info.value)), str(info.value)


def test_goldformats_triples_jsonl_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl: no items"):
        read_gold(path)


# --- document-level finding gold (the exodocs convention) -----------------------------------------------------------


def test_goldformats_findings_jsonl_groups_findings_by_document(tmp_path: Path) -> None:
    import json

    (tmp_path / "doc_a.txt").write_text("A page.\n", encoding="utf-8")
    (tmp_path / "doc_none.txt").write_text("A page that states no finding.\n", encoding="utf-8")
    lines = [{"doc": "doc_a.txt", "regulator": "miR-9999", "targets": ["FOO1"], "drug": "foocitabine",
              "effect": "resistance", "cancer": "quxoma"},
             {"doc": "doc_a.txt", "regulator": "circBAR2", "drug": "barplatin", "effect": "sensitivity",
              "implicit": True}]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    docs = {d.doc_id: d for d in read_gold(path)}
    assert set(docs) == {"doc_a", "doc_none"}  # a page beside the gold with no line: a negative document
    assert docs["doc_none"].triples == ()
    assert docs["doc_a"].triples == (GoldTriple("miR-9999", "foocitabine", "resistance", ("FOO1",), "quxoma"),
                                      GoldTriple("circBAR2", "barplatin", "sensitivity", optional=True))
    path.write_text(json.dumps({"doc": "", "regulator": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl:1: a finding needs a 'doc'"):
        read_gold(path)


# --- curation marks as gold -----------------------------------------------------------------------------------------


def test_goldformats_curation_marks_are_partial_triple_gold(tmp_path: Path) -> None:
    from exomine.curation import CurationMark, write_curation

    path = tmp_path / "marks.tsv"
    write_curation(path, [
        CurationMark("triple", "miR-9999", "MI9", "confers_resistance", "foomycin", "DB9", "doc_a;doc_b", "", "correct"),
        CurationMark("triple", "circBAR2", "", "confers_sensitivity", "barplatin", "", "doc_a", "", "wrong"),
        CurationMark("relation", "lncQUX", "", "confers_resistance", "foomycin", "DB9", "doc_b", "4", "unsure"),
        CurationMark("relation", "miR-9999", "MI9", "targets", "FOO1", "HGNC:1", "doc_b", "4", "wrong")])
    docs = {d.doc_id: d for d in read_gold(path)}
    assert set(docs) == {"doc_a", "doc_b"} and all(d.partial and d.levels == ("triple",) for d in docs.values())
    assert docs["doc_a"].triples == (GoldTriple("miR-9999", "foomycin", "resistance"),
                                     GoldTriple("circBAR2", "barplatin", "sensitivity", wrong=True))
    assert docs["doc_b"].triples == (GoldTriple("miR-9999", "foomycin", "resistance"),
                                     GoldTriple("lncQUX", "foomycin", "resistance", optional=True))
    bad = tmp_path / "bad.tsv"
    bad.write_text(path.read_text(encoding="utf-8").replace("\tcorrect\t", "\tright\t"), encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.tsv:2: mark must be"):
        read_gold(bad)


# Document-level findings (the exodocs convention): invented documents and findings.
FINDINGS = [
    {"doc": "paper_a.txt", "regulator": "miR-9999", "targets": ["FOO1"], "drug": "foocitabine", "effect": "resistance",
     "cancer": "quxoma", "evidence": "Exosomal miR-9999 confers foocitabine resistance.", "source_cell": "CAFs"},
    {"doc": "paper_a.txt", "regulator": "circBAR2", "targets": [], "drug": "foocitabine", "effect": "sensitivity",
     "cancer": "quxoma", "implicit": True},
    {"doc": "paper_b.txt", "regulator": "FOO3", "drug": "FOO-TKIs", "effect": "resistance", "optional": True},
]


def test_goldformats_findings_jsonl_grouped_by_document(tmp_path: Path) -> None:
    (tmp_path / "paper_a.txt").write_text("Exosomal miR-9999 confers foocitabine resistance.\n", encoding="utf-8")
    docs = read_gold(_jsonl(tmp_path, FINDINGS))
    assert [d.doc_id for d in docs] == ["paper_a", "paper_b"]  # named by file stem, as the workflow names them
    a, b = docs
    assert a.text.startswith("Exosomal miR-9999") and a.source == str(tmp_path / "paper_a.txt")
    assert b.text == "" and b.source == ""  # the file is not there: the findings are still read
    assert a.triples == (GoldTriple("miR-9999", "foocitabine", "resistance", ("FOO1",), "quxoma", False),
                         GoldTriple("circBAR2", "foocitabine", "sensitivity", (), "quxoma", True))  # implicit
    assert b.triples == (GoldTriple("FOO3", "FOO-TKIs", "resistance", (), "", True),)
    assert all(d.levels == ("triple",) for d in docs)
    assert read_gold(_jsonl(tmp_path, FINDINGS), "findings") == docs


@pytest.mark.parametrize("line, reason", [
    ('{"regulator": "miR-9999", "drug": "foocitabine", "effect": "resistance"}', r"gold\.jsonl:2: a finding needs a 'doc'"),
    ('{"doc": "p.txt", "regulator": "miR-9999", "drug": "foocitabine", "effect": "up"}', r"gold\.jsonl:2: effect must be"),
    ('{"doc": "p.txt", "regulator": "miR-9999", "effect": "resistance"}', r"gold\.jsonl:2: triple without a 'drug'"),
])
def test_goldformats_findings_jsonl_bad_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    import json
    import re

    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(FINDINGS[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        read_gold(path)
    assert re.search(reason, str(info.value)), str(info.value)
