"""Tests for getting papers from NCBI E-utilities (exomine.reading.fetch), against recorded answers.

A local HTTP server (127.0.0.1, a thread) replays the answers recorded in
``tests/data/eutils/`` (invented papers): no test touches the network. The
client's clock is a fake one that only its sleeps advance, so the rate limit
is checked by counting requests per second of that clock, not by timing.
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree

from exomine.reading.corpus import load_manifest
from exomine.reading.fetch import Eutils, FetchError, classify_ids, fetch
from exomine.reading.ingest import read_document
from exomine.reading.inventory import list_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "eutils"
KNOWN_DOI = "10.5555/jsamp.2023.202"


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Replay:
    """The recorded E-utilities answers, and every request received (with the client's clock at its arrival)."""

    def __init__(self, clock: FakeClock):
        self.clock = clock
        self.requests: list[tuple[str, dict[str, str], float]] = []
        self.faults: list[tuple[int, dict[str, str]]] = []  # answered first, one per request

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        util = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".fcgi")
        self.requests.append((util, params, self.clock()))
        if self.faults:
            status, headers = self.faults.pop(0)
            return status, headers, b"<html><body>Too Many Requests</body></html>"
        if util == "esearch":
            return 200, {}, self._esearch(params)
        if util == "efetch" and params.get("db") == "pubmed":
            return 200, {}, self._medline(params["id"].split(","))
        if util == "efetch" and params.get("db") == "pmc":
            return 200, {}, self._pmc(params["id"].split(","))
        return 400, {}, b"<ERROR>Unknown request</ERROR>"

    def _esearch(self, params: dict[str, str]) -> bytes:
        term = params["term"]
        if term.endswith("[doi]"):
            return (DATA / ("esearch_doi.xml" if term == f'"{KNOWN_DOI}"[doi]' else "esearch_none.xml")).read_bytes()
        root = etree.fromstring((DATA / "esearch_query.xml").read_bytes())
        for extra in root.findall("IdList/Id")[int(params.get("retmax", 20)):]:
            extra.getparent().remove(extra)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _medline(self, ids: list[str]) -> bytes:
        records = (DATA / "pubmed.medline").read_text(encoding="utf-8").strip().split("\n\n")
        by_id = {r.split("\n", 1)[0].split("- ", 1)[1].strip(): r for r in records}
        return "".join(f"\n{by_id[i]}\n" for i in ids if i in by_id).encode("utf-8")

    def _pmc(self, ids: list[str]) -> bytes:
        root = etree.parse(str(DATA / "pmc.xml")).getroot()
        for article in list(root):
            pmc = article.findtext("front/article-meta/article-id[@pub-id-type='pmc']") or \
                  article.findtext("front/article-meta/article-id[@pub-id-type='pmcid']").removeprefix("PMC")
            if pmc not in ids:
                root.remove(article)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture()
def eutils():
    clock = FakeClock()
    replay = Replay(clock)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            url = urllib.parse.urlsplit(self.path)
            params = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
            status, headers, body = replay.answer(url.path, params)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/entrez/eutils/"
    replay.client = lambda **kw: Eutils(base_url=base, email="curator@example.org", clock=clock, sleep=clock.sleep,
                                        **kw)
    replay.base = base
    yield replay
    server.shutdown()
    server.server_close()
    thread.join()


def _manifest(folder: Path) -> dict:
    listing = list_corpus(folder, ignore=("manifest.tsv",))
    manifest = load_manifest(folder / "manifest.tsv", listing.documents)
    assert not manifest.problems and not listing.others
    return {doc_id: dict(row) for doc_id, row in manifest.rows.items()}


def test_fetch_by_pmid_list(tmp_path: Path, eutils) -> None:
    report = fetch(tmp_path, eutils.client(), pmids=["90000201", "90000202", "90000299"])
    assert sorted(report.written) == ["90000201.medline", "90000202.medline"]
    assert report.missing == [("90000299", "not in PubMed")]
    rows = _manifest(tmp_path)
    assert rows["90000201"] == {"doc_id": "90000201", "file": "90000201.medline", "journal": "Journal of Samples",
                                "title": "Exosomal miR-9999 promotes cisplatin resistance in gastric cancer by "
                                         "targeting PTEN.", "year": "2024", "doi": "10.5555/jsamp.2024.201",
                                "pmid": "90000201", "pmcid": "PMC9000201"}
    assert read_document(tmp_path / "90000201.medline").doc_id == "90000201"
    (util, params, _), = eutils.requests  # one efetch for the whole list
    assert (util, params["db"], params["rettype"], params["id"]) == ("efetch", "pubmed", "medline",
                                                                      "90000201,90000202,90000299")
    assert params["tool"] == "exomine" and params["email"] == "curator@example.org" and "api_key" not in params


def test_fetch_by_query(tmp_path: Path, eutils) -> None:
    report = fetch(tmp_path, eutils.client(api_key="KEY"), query="exosomes AND cisplatin", max_results=2)
    assert sorted(report.written) == ["90000201.medline", "90000202.medline"]
    search = eutils.requests[0][1]
    assert (search["db"], search["term"], search["retmax"], search["api_key"]) == ("pubmed", "exosomes AND cisplatin",
                                                                                   "2", "KEY")


def test_fetch_by_doi(tmp_path: Path, eutils) -> None:
    report = fetch(tmp_path, eutils.client(), dois=[f"https://doi.org/{KNOWN_DOI}", "10.5555/nowhere.1"])
    assert report.written == ["90000202.medline"]
    assert report.missing == [("10.5555/nowhere.1", "no PubMed record has this DOI")]
    assert [p["term"] for u, p, _ in eutils.requests if u == "esearch"] == [f'"{KNOWN_DOI}"[doi]', '"10.5555/nowhere.1"[doi]']
    assert _manifest(tmp_path)["90000202"]["doi"] == KNOWN_DOI


def test_fetch_pmc_full_text(tmp_path: Path, eutils) -> None:
    report = fetch(tmp_path, eutils.client(), pmcids=["PMC9000201", "9000203"])
    assert report.written == ["PMC9000201.nxml", "90000203.medline"]  # no body in PMC: the PubMed record
    assert report.missing[0][0] == "PMC9000203" and "PubMed record 90000203 instead" in report.missing[0][1]
    doc = read_document(tmp_path / "PMC9000201.nxml")
    assert [s.name for s in doc.sections][:3] == ["title", "abstract", "body"]
    assert doc.metadata["pmcid"] == "PMC9000201" and doc.metadata["pmid"] == "90000201"
    assert _manifest(tmp_path)["PMC9000201"]["pmid"] == "90000201"
    assert eutils.requests[0][1]["db"] == "pmc" and eutils.requests[0][1]["id"] == "9000201,9000203"


def test_fetch_full_text_instead_of_the_abstract(tmp_path: Path, eutils) -> None:
    report = fetch(tmp_path, eutils.client(), pmids=["90000201", "90000202", "90000203"], full_text=True)
    assert sorted(report.written) == ["90000202.medline", "90000203.medline", "PMC9000201.nxml"]
    assert set(_manifest(tmp_path)) == {"PMC9000201", "90000202", "90000203"}


def test_fetch_resumes_without_fetching_again(tmp_path: Path, eutils) -> None:
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("doc_id\tfile\ttitle\tcurator\nmine\tmine.txt\tMy own review\tAS", encoding="utf-8")
    (tmp_path / "mine.txt").write_text("Exosomal miR-9997 confers docetaxel resistance.\n", encoding="utf-8")
    first_run = fetch(tmp_path, eutils.client(), pmids=["90000201"], pmcids=["PMC9000201"])
    assert first_run.written == ["PMC9000201.nxml"] and first_run.present == ["90000201"]  # one article, one document
    first = len(eutils.requests)
    report = fetch(tmp_path, eutils.client(), pmids=["90000201", "90000202"], pmcids=["PMC9000201"],
                   dois=["10.5555/JSAMP.2024.201"])
    assert report.present == ["10.5555/jsamp.2024.201", "PMC9000201", "90000201"]
    assert report.written == ["90000202.medline"]
    assert [p["id"] for _, p, _ in eutils.requests[first:]] == ["90000202"]  # nothing else was asked for
    lines = manifest.read_text(encoding="utf-8").split("\n")
    # the rows are kept as they were; the header gains the manifest columns it lacked
    assert lines[:2] == ["doc_id\tfile\ttitle\tcurator\tjournal\tyear\tdoi\tpmid\tpmcid",
                         "mine\tmine.txt\tMy own review\tAS"]
    assert lines[2].split("\t") == ["PMC9000201", "PMC9000201.nxml", "Exosomal miR-9999 promotes cisplatin resistance in "
                                   "gastric cancer by targeting PTEN", "", "Journal of Samples", "2024",
                                   "10.5555/jsamp.2024.201", "90000201", "PMC9000201"]
    assert set(_manifest(tmp_path)) == {"mine", "PMC9000201", "90000202"}  # 90000201 is PMC9000201
    (tmp_path / "90000202.medline").unlink()  # a deleted file is fetched again, its row not repeated
    fetch(tmp_path, eutils.client(), pmids=["90000202"])
    assert set(_manifest(tmp_path)) == {"mine", "PMC9000201", "90000202"}  # 90000201 is PMC9000201


def test_fetch_retries_after_429(tmp_path: Path, eutils) -> None:
    eutils.faults = [(429, {"Retry-After": "2"}), (503, {})]
    client = eutils.client(backoff=0.5)
    report = fetch(tmp_path, client, pmids=["90000202"])
    assert report.written == ["90000202.medline"]
    assert client.requests == 3
    assert 2.0 in eutils.clock.sleeps and 1.0 in eutils.clock.sleeps  # Retry-After, then the second backoff step


def test_fetch_gives_up_after_the_retries(tmp_path: Path, eutils) -> None:
    eutils.faults = [(500, {})] * 3
    with pytest.raises(FetchError, match="HTTP 500.*gave up after 2 retries"):
        fetch(tmp_path, eutils.client(retries=2), pmids=["90000202"])
    assert not (tmp_path / "90000202.medline").exists()
    eutils.faults = [(400, {})]
    with pytest.raises(FetchError, match="HTTP 400"):  # not worth retrying
        fetch(tmp_path, eutils.client(), pmids=["90000202"])


@pytest.mark.parametrize("api_key, per_second", [("", 3), ("KEY", 10)])
def test_fetch_keeps_the_rate_limit(tmp_path: Path, eutils, api_key: str, per_second: int) -> None:
    dois = [f"10.5555/nowhere.{k}" for k in range(2 * per_second + 3)]
    fetch(tmp_path, eutils.client(api_key=api_key), dois=dois)
    times = [t for _, _, t in eutils.requests]
    assert len(times) == len(dois)
    windows = [sum(start <= t < start + 1.0 for t in times) for start in times]
    assert max(windows) == per_second  # as many as allowed, never more, in any second of the client's clock


def test_fetch_refuses_a_manifest_without_its_key_columns(tmp_path: Path, eutils) -> None:
    (tmp_path / "manifest.tsv").write_text("name\tpath\nx\tx.txt\n", encoding="utf-8")
    with pytest.raises(FetchError, match="no doc_id and file columns"):
        fetch(tmp_path, eutils.client(), pmids=["90000202"])
    assert eutils.requests == []


@pytest.mark.parametrize(
    "values, expected",
    [
        (["123", "PMC456", "pmc7", "10.1000/xyz.1", "doi:10.1000/a", "https://doi.org/10.1000/b,"],
         {"pmid": ["123"], "pmcid": ["PMC456", "PMC7"], "doi": ["10.1000/xyz.1", "doi:10.1000/a",
                                                                   "https://doi.org/10.1000/b"]}),
        (["", " "], {"pmid": [], "pmcid": [], "doi": []}),
    ],
)
def test_fetch_classify_ids(values: list[str], expected: dict) -> None:
    assert classify_ids(values) == expected


def test_fetch_classify_ids_refuses_other_values() -> None:
    with pytest.raises(ValueError, match="'miR-21' is not a PMID"):
        classify_ids(["miR-21"])


def test_fetch_cli(tmp_path: Path, eutils, capsys, monkeypatch) -> None:
    from exomine.cli import main

    monkeypatch.setenv("NCBI_API_KEY", "ENVKEY")
    ids = tmp_path / "ids.txt"
    ids.write_text("90000202\n# a comment\n\n10.5555/nowhere.1\n", encoding="utf-8")
    out = tmp_path / "corpus"
    code = main(["fetch", "90000201", "--ids-file", str(ids), "--out", str(out), "--base-url", eutils.base,
                 "--email", "curator@example.org"])
    assert code == 1  # one DOI not found
    captured = capsys.readouterr()
    assert "2 written, 0 already in the folder, 1 not found" in captured.err and "10.5555/nowhere.1" in captured.err
    assert sorted(p.name for p in out.iterdir()) == ["90000201.medline", "90000202.medline", "manifest.tsv"]
    assert all(p["api_key"] == "ENVKEY" for _, p, _ in eutils.requests)
    assert main(["fetch", "miR-21", "--out", str(out), "--base-url", eutils.base]) == 2
    assert main(["fetch", "--out", str(out), "--base-url", eutils.base]) == 2  # nothing asked for
