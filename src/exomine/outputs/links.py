"""Links out: a document's PubMed, PMC and DOI pages, an entity's database record.

Built only from identifiers of a known shape (digits for a PMID, ``PMC`` and
digits, a DOI starting ``10.``, ``miRBase:MI…``, ``HGNC:…``, ``DrugBank:DB…``,
``MeSH:D…``), percent-encoded, always ``https``: a link never carries text a
document could have put there unescaped.

>>> entity_url("HGNC:9588")
'https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:9588'
>>> [label for label, _ in document_links({"pmid": "36005690", "pmcid": "9414313", "doi": "10.3390/x<y"})]
['PubMed', 'PMC', 'DOI']
>>> document_links({"doi": "10.3390/x<y"})[0][1]
'https://doi.org/10.3390/x%3Cy'
"""

from __future__ import annotations

import re
from typing import Mapping
from urllib.parse import quote

__all__ = ["entity_url", "document_links", "ENTITY_URLS"]

# prefix of a normalised id -> (pattern of the local part, URL template)
ENTITY_URLS = {
    "miRBase": (re.compile(r"MI(?:MAT)?\d{7}"), "https://mirbase.org/hairpin/{}"),
    "HGNC": (re.compile(r"\d{1,6}"), "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:{}"),
    "DrugBank": (re.compile(r"DB\d{5}"), "https://go.drugbank.com/drugs/{}"),
    "MeSH": (re.compile(r"[CD]\d{6,9}"), "https://meshb.nlm.nih.gov/record/ui?ui={}"),
}


def entity_url(norm_id: str) -> str:
    """The database page of a normalised id, or ``""`` when it is not one of :data:`ENTITY_URLS`."""
    prefix, _, local = (norm_id or "").partition(":")
    known = ENTITY_URLS.get(prefix)
    if known is None or not known[0].fullmatch(local):
        return ""
    if prefix == "miRBase" and local.startswith("MIMAT"):
        return f"https://mirbase.org/mature/{local}"
    return known[1].format(local)


def document_links(metadata: Mapping[str, str]) -> list[list[str]]:
    """``[label, url]`` for the document's PubMed, PMC and DOI pages, as far as its metadata names them."""
    links = []
    pmid = str(metadata.get("pmid") or "").strip()
    if re.fullmatch(r"\d{1,9}", pmid):
        links.append(["PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"])
    pmcid = str(metadata.get("pmcid") or "").strip().upper()
    if re.fullmatch(r"(?:PMC)?\d{1,9}", pmcid):
        links.append(["PMC", f"https://pmc.ncbi.nlm.nih.gov/articles/{'' if pmcid.startswith('PMC') else 'PMC'}{pmcid}/"])
    doi = str(metadata.get("doi") or "").strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
    if re.match(r"10\.\d{4,9}/\S", doi):
        links.append(["DOI", "https://doi.org/" + quote(doi, safe="/:;()._-")])
    return links
