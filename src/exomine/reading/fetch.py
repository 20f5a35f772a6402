"""Get PubMed records and PMC Open Access full texts into a corpus folder (``exomine fetch``).

Papers are named by PMID, PMCID or DOI, or found by a PubMed query, and
fetched through NCBI's E-utilities (https://www.ncbi.nlm.nih.gov/books/NBK25497/):
``esearch`` for a query (and for a DOI, as ``"<doi>"[doi]``), ``efetch
db=pubmed rettype=medline`` for records, ``efetch db=pmc`` for full texts.
Each record is written as ``<pmid>.medline``, each full text as
``<pmcid>.nxml`` (only when PMC gives its body: the Open Access subset), and
each gets a row in the folder's ``manifest.tsv`` (appended; existing rows are
kept as they are). With ``full_text``, a PubMed record that has a PMC full
text is written as that full text instead of its abstract, so that an
article is one document.

The client keeps NCBI's rules: at most 3 requests a second (10 with an API
key), ``tool`` and ``email`` sent with every request, and retries with
exponential backoff (or the server's ``Retry-After``) on HTTP 429 and 5xx and
on network errors. A run is resumable: a paper whose file is in the folder
(or whose PMID, PMCID or DOI a manifest row with an existing file names) is
not fetched again.
"""

from __future__ import annotations

import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from lxml import etree

from exomine.reading.bibformats import RecordError, record_parts, split_records
from exomine.reading.corpus import MANIFEST_COLUMNS, load_manifest
from exomine.reading.jats import JatsError, parse_jats
from exomine.validation import load_schema, record_problems

__all__ = ["EUTILS", "Eutils", "FetchError", "FetchReport", "fetch", "classify_ids"]

log = logging.getLogger(__name__)

EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
RETRY_STATUS = (429, 500, 502, 503, 504)
PUBMED_BATCH = 200  # ids per efetch request (NCBI asks for POST beyond 200)
PMC_BATCH = 20  # full texts are large
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class FetchError(RuntimeError):
    """E-utilities could not be reached, or answered with an error, after the retries."""


@dataclass
class Eutils:
    """A small E-utilities client with NCBI's rate limit and retries (``clock`` and ``sleep`` for tests)."""

    base_url: str = EUTILS
    api_key: str = ""
    email: str = ""
    tool: str = "exomine"
    retries: int = 5
    backoff: float = 1.0  # seconds before the first retry; doubled at each
    timeout: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  # requests sent, retries included
    _last: float | None = field(default=None, repr=False)

    @property
    def rate(self) -> int:
        """Requests a second NCBI allows: 3, or 10 with an API key."""
        return 10 if self.api_key else 3

    def _wait(self) -> None:
        interval = 1.0 / self.rate + 1e-3
        if self._last is not None:
            wait = self._last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def _params(self, params: dict[str, str]) -> str:
        query = {**params, "tool": self.tool}
        if self.email:
            query["email"] = self.email
        if self.api_key:
            query["api_key"] = self.api_key
        return urllib.parse.urlencode(query)

    def get(self, util: str, **params: str) -> bytes:
        """The body of ``<base_url>/<util>.fcgi?<params>``, after up to ``retries`` retries.

        Raises
        ------
        FetchError
            An HTTP error that is not worth retrying, or the last retry failed.
        """
        url = f"{self.base_url.rstrip('/')}/{util}.fcgi?{self._params(params)}"
        request = urllib.request.Request(url, headers={"User-Agent": f"{self.tool} (exomine fetch)"})
        for attempt in range(self.retries + 1):
            self._wait()
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                problem, retry_after = f"HTTP {exc.code} {exc.reason}", exc.headers.get("Retry-After", "")
                if exc.code not in RETRY_STATUS:
                    raise FetchError(f"{util}: {problem}") from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                problem, retry_after = f"{getattr(exc, 'reason', exc)}", ""
            if attempt == self.retries:
                raise FetchError(f"{util}: {problem} (gave up after {self.retries} retries)")
            delay = float(retry_after) if retry_after.isdigit() else self.backoff * 2 ** attempt
            log.warning("%s: %s; retrying in %.1f s", util, problem, min(delay, 60.0))
            self.sleep(min(delay, 60.0))
        raise AssertionError("unreachable")


# --------------------------------------------------------------------------
# E-utilities calls
# --------------------------------------------------------------------------


def _xml(data: bytes, what: str):
    try:
        return etree.fromstring(data, _XML)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"{what}: malformed XML in the answer ({exc})") from exc


def esearch(client: Eutils, term: str, retmax: int) -> list[str]:
    """PMIDs that a PubMed query finds (at most ``retmax``, newest first as PubMed sorts)."""
    root = _xml(client.get("esearch", db="pubmed", term=term, retmax=str(retmax)), "esearch")
    error = root.findtext("ERROR")
    if error:
        raise FetchError(f"esearch {term!r}: {error.strip()}")
    return [i.text.strip() for i in root.findall("IdList/Id") if i.text][:retmax]


def _batches(ids: list[str], size: int) -> Iterable[list[str]]:
    for k in range(0, len(ids), size):
        yield ids[k:k + size]


def efetch_medline(client: Eutils, pmids: list[str]) -> dict:
    """MEDLINE records by PMID (:class:`~exomine.reading.bibformats.Record`); absent PMIDs are left out."""
    records = {}
    for batch in _batches(pmids, PUBMED_BATCH):
        data = client.get("efetch", db="pubmed", id=",".join(batch), rettype="medline", retmode="text")
        records.update({pmid: r for pmid, r in split_records(data, "medline").items() if pmid in batch})
    return records


def _pmcid(value: str) -> str:
    digits = re.sub(r"^PMC", "", value.strip(), flags=re.I)
    return f"PMC{digits}" if digits.isdigit() else ""


def efetch_pmc(client: Eutils, pmcids: list[str]) -> dict:
    """PMC articles (``<article>`` elements) by PMCID; absent ones are left out."""
    articles = {}
    for batch in _batches(pmcids, PMC_BATCH):
        data = client.get("efetch", db="pmc", id=",".join(p[3:] for p in batch), retmode="xml")
        root = _xml(data, "efetch db=pmc")
        for article in ([root] if root.tag == "article" else root.iter("article")):
            ids = article.xpath("front/article-meta/article-id[@pub-id-type='pmc' or @pub-id-type='pmcid']/text()")
            found = next((_pmcid(i) for i in ids if _pmcid(i)), "")
            if found in batch:
                articles[found] = article
    return articles


def has_body(article) -> bool:
    """Whether an article holds its full text (PMC leaves the body out where the publisher does not allow it)."""
    body = article.find("body")
    return body is not None and bool(" ".join(body.itertext()).strip())


# --------------------------------------------------------------------------
# the corpus folder
# --------------------------------------------------------------------------


@dataclass
class FetchReport:
    """What a fetch did: the files written, the papers already there, the ones not found (with the reason)."""

    written: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.written)} written, {len(self.present)} already in the folder, {len(self.missing)} not found"
        return text + "".join(f"\n  {i}: {reason}" for i, reason in self.missing)


def _doi_key(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I).lower()


class _Folder:
    """The corpus folder: which papers it holds, and writing a paper's file and manifest row."""

    def __init__(self, out: Path, manifest: str):
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.manifest = out / manifest
        self.header = self._header()
        self.rows = load_manifest(self.manifest).rows
        self.known: dict[str, set[str]] = {"pmid": set(), "pmcid": set(), "doi": set()}
        for row in self.rows.values():
            if (out / row["file"]).is_file():
                self._remember(row)

    def _header(self) -> list[str]:
        """The manifest's columns; the manifest's columns that it lacks are added to its header (rows stay valid)."""
        data = self.manifest.read_bytes() if self.manifest.is_file() else b""
        if not data.strip():
            self.manifest.write_text("\t".join(MANIFEST_COLUMNS) + "\n", encoding="utf-8")
            return list(MANIFEST_COLUMNS)
        first, newline, rest = data.partition(b"\n")
        header = first.decode("utf-8-sig", errors="replace").rstrip("\r").split("\t")
        if "doc_id" not in header or "file" not in header:
            raise FetchError(f"{self.manifest}: its header has no doc_id and file columns (fix it, or fetch into "
                             "another folder)")
        lacking = [c for c in MANIFEST_COLUMNS if c not in header]
        if lacking:  # a row with fewer fields than the header is valid: the missing ones are empty
            log.info("%s: adding column(s) %s to the header", self.manifest, ", ".join(lacking))
            crlf = b"\r" if first.endswith(b"\r") else b""
            tmp = self.manifest.with_name(f".{self.manifest.name}.part")
            tmp.write_bytes(first.rstrip(b"\r") + "".join(f"\t{c}" for c in lacking).encode() + crlf + b"\n" + rest)
            os.replace(tmp, self.manifest)
            header += lacking
        return header

    def _remember(self, row) -> None:
        for key in ("pmid", "pmcid", "doi"):
            value = (row.get(key) or "").strip()
            if value:
                self.known[key].add(_doi_key(value) if key == "doi" else value)

    def has(self, kind: str, value: str) -> bool:
        """Whether the folder holds this paper (its file, or a manifest row with an existing file)."""
        if kind == "doi":
            return _doi_key(value) in self.known["doi"]
        name = f"{value}.medline" if kind == "pmid" else f"{value}.nxml"
        return (self.out / name).is_file() or value in self.known[kind]

    def write(self, name: str, data: bytes, meta: dict[str, str]) -> None:
        """Write ``name`` (atomically: a stopped run leaves no half file) and append its manifest row."""
        path = self.out / name
        tmp = path.with_name(f".{name}.part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        doc_id = name.rsplit(".", 1)[0]
        row = {"doc_id": doc_id, "file": name, **{k: " ".join(str(v).split()) for k, v in meta.items()}}
        for key, _ in record_problems(row, load_schema("manifest")):
            row[key] = ""  # a value the manifest schema refuses (a malformed DOI, a year that is no year)
        self._remember(row)
        if doc_id in self.rows:
            return  # the row is there already (the file had been deleted)
        self.rows[doc_id] = row
        line = "\t".join(row.get(column, "") for column in self.header) + "\n"
        with open(self.manifest, "rb+") as fh:
            fh.seek(-1, os.SEEK_END)
            ends_line = fh.read(1) == b"\n"  # (reading leaves the position at the end)
            fh.write(line.encode("utf-8") if ends_line else b"\n" + line.encode("utf-8"))


_MANIFEST_META = ("title", "journal", "year", "doi", "pmid", "pmcid")


def _write_medline(folder: _Folder, record, report: FetchReport) -> None:
    try:
        _, meta = record_parts(record, "medline")
    except RecordError as exc:
        report.missing.append((record.id, f"the PubMed record cannot be read: {exc.reason}"))
        return
    folder.write(f"{record.id}.medline", record.content + b"\n", {k: meta.get(k, "") for k in _MANIFEST_META})
    report.written.append(f"{record.id}.medline")


def _write_nxml(folder: _Folder, pmcid: str, article, report: FetchReport) -> None:
    data = etree.tostring(article, xml_declaration=True, encoding="UTF-8")
    try:
        _, meta = parse_jats(data)
    except JatsError:
        meta = {}
    meta["pmcid"] = pmcid
    folder.write(f"{pmcid}.nxml", data + b"\n", {k: meta.get(k, "") for k in _MANIFEST_META})
    report.written.append(f"{pmcid}.nxml")


def _resolve_dois(client: Eutils, folder: _Folder, dois: Iterable[str], report: FetchReport) -> list[str]:
    pmids = []
    for doi in dict.fromkeys(_doi_key(d) for d in dois):
        if folder.has("doi", doi):
            report.present.append(doi)
            continue
        found = esearch(client, f'"{doi}"[doi]', 5)  # quoted: a DOI may hold parentheses
        if not found:
            report.missing.append((doi, "no PubMed record has this DOI"))
        elif len(found) > 1:
            report.missing.append((doi, f"several PubMed records have this DOI ({', '.join(found)}); name one by PMID"))
        else:
            pmids.append(found[0])
    return pmids


def _full_texts(client: Eutils, folder: _Folder, pmcids: list[str], report: FetchReport) -> tuple[set[str], dict]:
    """Write the full texts PMC gives; return the PMCIDs written and the articles without a body (by PMCID)."""
    written, without_body = set(), {}
    articles = efetch_pmc(client, pmcids) if pmcids else {}
    for pmcid in pmcids:
        article = articles.get(pmcid)
        if article is not None and has_body(article):
            _write_nxml(folder, pmcid, article, report)
            written.add(pmcid)
        elif article is not None:
            without_body[pmcid] = article
    return written, without_body


def fetch(out: str | Path, client: Eutils, pmids: Iterable[str] = (), pmcids: Iterable[str] = (),
          dois: Iterable[str] = (), query: str = "", max_results: int = 100, full_text: bool = False,
          manifest: str = "manifest.tsv") -> FetchReport:
    """Fetch papers into the corpus folder ``out`` (see the module docstring).

    Parameters
    ----------
    pmids, pmcids, dois
        Papers by identifier. A PMCID gives the full text (``<pmcid>.nxml``),
        or the PubMed record when PMC holds no body of it.
    query
        A PubMed query; its first ``max_results`` PMIDs are fetched.
    full_text
        Write a PubMed record that has a PMC Open Access full text as that full text.
    manifest
        The manifest's name in ``out``.

    Raises
    ------
    FetchError
        E-utilities unreachable or answering with an error, or a manifest without doc_id and file columns.
    """
    folder, report = _Folder(Path(out), manifest), FetchReport()
    wanted = list(pmids) + _resolve_dois(client, folder, dois, report)
    if query:
        wanted += esearch(client, query, max_results)
    wanted += _fetch_pmcids(client, folder, pmcids, report)
    todo = []
    for pmid in dict.fromkeys(wanted):
        (report.present if folder.has("pmid", pmid) else todo).append(pmid)
    records = efetch_medline(client, todo) if todo else {}
    report.missing += [(p, "not in PubMed") for p in todo if p not in records]
    if full_text:
        records = _prefer_full_texts(client, folder, records, report)
    for record in records.values():
        _write_medline(folder, record, report)
    return report


def _fetch_pmcids(client: Eutils, folder: _Folder, pmcids: Iterable[str], report: FetchReport) -> list[str]:
    """Write the full texts of PMCIDs; return the PMIDs of those PMC holds no body of (their records instead)."""
    explicit = list(dict.fromkeys(_pmcid(p) or p for p in pmcids))
    present = [p for p in explicit if folder.has("pmcid", p)]
    report.present += present
    todo = [p for p in explicit if p not in present]
    written, without_body = _full_texts(client, folder, todo, report)
    pmids = []
    for pmcid in todo:
        if pmcid in written:
            continue
        if pmcid not in without_body:
            report.missing.append((pmcid, "not in PMC"))
            continue
        pmid = "".join(without_body[pmcid].xpath("front/article-meta/article-id[@pub-id-type='pmid'][1]/text()")).strip()
        instead = f"; its PubMed record {pmid} instead" if pmid else ""
        report.missing.append((pmcid, f"PMC gives no full text of it (not in the Open Access subset?){instead}"))
        pmids += [pmid] if pmid else []
    return pmids


def _record_pmcid(record) -> str:
    try:
        return _pmcid(record_parts(record, "medline")[1].get("pmcid", ""))
    except RecordError:
        return ""


def _prefer_full_texts(client: Eutils, folder: _Folder, records: dict, report: FetchReport) -> dict:
    """Write the PMC full texts of records that have one; return the records still to write."""
    with_pmc: dict[str, str] = {}  # PMCID -> PMID
    keep = {}
    for pmid, record in records.items():
        pmcid = _record_pmcid(record)
        if pmcid and folder.has("pmcid", pmcid):
            report.present.append(pmid)
        elif pmcid:
            with_pmc[pmcid] = pmid
            keep[pmid] = record
        else:
            keep[pmid] = record
    done, _ = _full_texts(client, folder, list(with_pmc), report)
    return {pmid: record for pmid, record in keep.items() if pmid not in {with_pmc[c] for c in done}}


_ID_KINDS = (("pmcid", re.compile(r"PMC\d+", re.I)), ("pmid", re.compile(r"\d{1,9}")),
             ("doi", re.compile(r"(doi:\s*|https?://(dx\.)?doi\.org/)?10\.\d{4,9}/\S+", re.I)))


def classify_ids(values: Iterable[str]) -> dict[str, list[str]]:
    """Identifiers sorted into ``pmid``, ``pmcid`` and ``doi`` (``PMC123``, ``123``, ``10.1000/x``).

    Raises
    ------
    ValueError
        For a value that is none of them.
    """
    out: dict[str, list[str]] = {"pmid": [], "pmcid": [], "doi": []}
    for value in values:
        value = value.strip().rstrip(",;")
        if not value:
            continue
        kind = next((k for k, pattern in _ID_KINDS if pattern.fullmatch(value)), None)
        if kind is None:
            raise ValueError(f"{value!r} is not a PMID, a PMCID (PMC…) or a DOI (10.…/…)")
        out[kind].append(value.upper() if kind == "pmcid" else value)
    return out
