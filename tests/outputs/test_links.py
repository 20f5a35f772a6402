"""Tests for links out (exomine.outputs.links): only identifiers of a known shape, always https, encoded."""

from __future__ import annotations

import pytest

from exomine.outputs.links import document_links, entity_url


@pytest.mark.parametrize("norm_id, url", [
    ("miRBase:MI0000077", "https://mirbase.org/hairpin/MI0000077"),
    ("miRBase:MIMAT0000076", "https://mirbase.org/mature/MIMAT0000076"),
    ("HGNC:9588", "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:9588"),
    ("DrugBank:DB00515", "https://go.drugbank.com/drugs/DB00515"),
    ("MeSH:D013274", "https://meshb.nlm.nih.gov/record/ui?ui=D013274"),
    ("MeSH:D013274/../x", ""),
    ("HGNC:javascript:alert(1)", ""),
    ("circRNA:circFOO", ""),
    ("DrugClass:Platinum", ""),
    ("", ""),
])
def test_links_entity_url(norm_id: str, url: str) -> None:
    assert entity_url(norm_id) == url


@pytest.mark.parametrize("meta, links", [
    ({}, []),
    ({"pmid": "36005690", "pmcid": "PMC9414313", "doi": "10.3390/membranes12080775"},
     [["PubMed", "https://pubmed.ncbi.nlm.nih.gov/36005690/"], ["PMC", "https://pmc.ncbi.nlm.nih.gov/articles/PMC9414313/"],
      ["DOI", "https://doi.org/10.3390/membranes12080775"]]),
    ({"pmcid": "9414313", "doi": "https://doi.org/10.1000/abc"},
     [["PMC", "https://pmc.ncbi.nlm.nih.gov/articles/PMC9414313/"], ["DOI", "https://doi.org/10.1000/abc"]]),
    ({"pmid": "12a", "pmcid": "PMCx", "doi": "javascript:alert(1)"}, []),
    ({"doi": '10.5555/"><img src=x onerror=alert(1)>'},
     [["DOI", "https://doi.org/10.5555/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"]]),
])
def test_links_document_links(meta: dict, links: list) -> None:
    assert document_links(meta) == links
