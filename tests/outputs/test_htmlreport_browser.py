"""The report in a real browser: Debian's headless chromium driven by Selenium through chromium-driver.

Skipped, with the reason, when selenium, chromium or chromedriver is absent (``.ci/run`` installs them).
Set ``EXOMINE_SCREENSHOT=path.png`` to keep the screenshot of the bundled corpus' report.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_workflow

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000")
XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 24)
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless chromium; page scripts see ``window.__alerts`` counting every alert() call."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[dev]')")
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + (f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "window.__alerts = 0; window.alert = function () { window.__alerts += 1; };"})
    yield driver
    driver.quit()


def _open(driver, path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "var s = document.getElementById('net-status'); return !!(s && s.getAttribute('data-nodes'));"))


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _table(driver) -> list[tuple[str, str, str]]:
    """(regulator, drug, effect) of every row the table shows."""
    return [tuple(r) for r in driver.execute_script(
        "return Array.from(document.querySelectorAll('#triples tbody tr.triple')).map(function (tr) {"
        "  return [tr.cells[1].firstChild.textContent, tr.cells[3].firstChild.textContent, tr.cells[4].textContent];"
        "});")]


def _settled(driver, n: int) -> None:
    """Wait until the table lists ``n`` triples and the network is drawn for them (it is redrawn after a pause)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: len(_table(d)) == n and d.execute_script(
        "return document.getElementById('net-status').getAttribute('data-triples')") == str(n))


def _network(driver) -> tuple[list[str], list[str]]:
    """Identifiers of the network's nodes, and the predicates of its edges."""
    return tuple(driver.execute_script(
        "var cy = window.exomineReport.cy, data = JSON.parse(document.getElementById('exomine-data').textContent);"
        "return [cy.nodes().map(function (n) { return data.nodes[n.data('index')][0]; }),"
        "        cy.edges().map(function (e) { return e.data('predicate'); })];"))


@pytest.fixture(scope="module")
def bundled(browser, request):
    bundled_results = request.getfixturevalue("bundled_results")  # after browser: no chromium, no workflow run
    report = bundled_results / "report.html"
    assert report.is_file()
    _open(browser, report)
    return bundled_results, browser, _errors(browser)


def test_htmlreport_browser_bundled_report_has_no_console_errors(bundled) -> None:
    _, driver, errors = bundled
    assert errors == []
    assert driver.execute_script("return cytoscape.version") == __import__("exomine.outputs.htmlreport").outputs.htmlreport.CYTOSCAPE_VERSION


def test_htmlreport_browser_table_lists_every_triple(bundled) -> None:
    results, driver, _ = bundled
    expected = Counter((r["regulator"], r["drug"], r["effect"]) for r in _rows(results / "triples.tsv"))
    assert expected
    assert Counter(_table(driver)) == expected  # all on the first page
    status = driver.find_element("id", "table-status").text
    assert f"of {sum(expected.values())} triples" in status


def test_htmlreport_browser_table_sorts_and_searches(bundled) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    results, driver, _ = bundled
    rows = _rows(results / "triples.tsv")
    header = driver.find_element("css selector", "#triples th[data-key='drug']")
    header.click()
    drugs = [d for _, d, _ in _table(driver)]
    assert drugs == sorted(drugs, key=str.lower) and len(set(drugs)) > 1
    assert header.get_attribute("aria-sort") == "ascending"
    driver.find_element("css selector", "#triples th[data-key='drug']").click()
    assert [d for _, d, _ in _table(driver)] == sorted(drugs, key=str.lower, reverse=True)

    regulator = Counter(r["regulator"] for r in rows).most_common()[-1][0]  # the rarest: a real narrowing
    box = driver.find_element("id", "f-search")
    box.send_keys(regulator)
    WebDriverWait(driver, 10).until(lambda d: len(_table(d)) < len(rows))
    assert {reg for reg, _, _ in _table(driver)} >= {regulator}
    assert all(regulator.lower() in " ".join(r.values()).lower() for r in rows
               if (r["regulator"], r["drug"], r["effect"]) in set(_table(driver)))
    driver.find_element("id", "f-reset").click()
    _settled(driver, len(rows))


def test_htmlreport_browser_drug_filter_narrows_table_and_network(bundled) -> None:
    from selenium.webdriver.support.ui import Select

    results, driver, _ = bundled
    rows = _rows(results / "triples.tsv")
    by_drug = Counter(r["drug_id"] for r in rows)
    drug, n = by_drug.most_common(1)[0]
    assert n < len(rows), "the bundled corpus should have triples of more than one drug"
    _settled(driver, len(rows))
    nodes_before, _ = _network(driver)

    Select(driver.find_element("id", "f-drug")).select_by_value(drug)
    kept = [r for r in rows if r["drug_id"] == drug]
    _settled(driver, len(kept))
    assert len(_network(driver)[0]) < len(nodes_before)
    assert Counter(_table(driver)) == Counter((r["regulator"], r["drug"], r["effect"]) for r in kept)
    nodes, predicates = _network(driver)
    allowed = {i for r in kept for i in [r["regulator_id"] or f"text:{r['regulator']}", r["drug_id"]]
               + [i for i in r["target_ids"].split(";") if i]}
    assert drug in nodes and set(nodes) <= allowed | {f"text:{t}" for r in kept for t in r["targets"].split(";")}
    assert not {r["drug_id"] for r in rows if r["drug_id"] != drug} & set(nodes)
    assert {"confers_resistance", "confers_sensitivity"} & set(predicates)

    driver.find_element("id", "f-reset").click()
    _settled(driver, len(rows))
    assert _errors(driver) == []


def test_htmlreport_browser_row_evidence_highlights_entities(bundled) -> None:
    results, driver, _ = bundled
    rows = {(r["regulator"], r["drug"], r["effect"]): r for r in _rows(results / "triples.tsv")}
    sentences = {(s["doc_id"], int(s["sentence_id"])): s for p in (results / "shards").glob("*/sentences.tsv")
                 for s in _rows(p)}
    first = driver.find_element("css selector", "#triples tbody tr.triple")
    triple = rows[_table(driver)[0]]
    first.find_element("css selector", "button.toggle").click()
    detail = driver.find_element("css selector", "#triples tbody tr.detail")
    shown = [p.text for p in detail.find_elements("css selector", "p.sentence")]
    expected = []
    for key in triple["provenance"].split(";"):
        doc, sid = key.rsplit(":", 1)
        s = sentences[(doc, int(sid))]
        text = (results / "docs" / f"{doc}.txt").read_text(encoding="utf-8")
        expected.append(text[int(s["start"]):int(s["end"])])
    marks = driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll('p.sentence mark.ent')).map(function (m) {"
        "  return [m.textContent, m.getAttribute('data-label')]; });", detail)
    # the sentences are shown in full (mark labels are CSS content, not text), with the entities marked
    assert [" ".join(t.split()) for t in driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll('p.sentence')).map(function (p) { return p.textContent; });",
        detail)] == [" ".join(t.split()) for t in expected]
    assert len(shown) == len(expected)
    labels = {label for _, label in marks}
    assert {triple["regulator_label"], "DRUG"} <= labels
    assert any(label == "DRUG" and text.lower() in " ".join(expected).lower() for text, label in marks)
    assert triple["rule"].split(";")[0] in detail.text  # the rule that fired


def test_htmlreport_browser_screenshot(bundled, tmp_path) -> None:
    _, driver, _ = bundled
    path = Path(os.environ.get("EXOMINE_SCREENSHOT") or tmp_path / "report.png")
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_htmlreport_browser_documents_and_evaluation_views(bundled) -> None:
    results, driver, _ = bundled
    driver.find_element("css selector", "#tabs button[data-view='documents']").click()
    doc = driver.find_element("id", "doc-select").get_attribute("value")
    text = (results / "docs" / f"{doc}.txt").read_text(encoding="utf-8")
    n_entities = sum(r["doc_id"] == doc for r in _rows(results / "entities.tsv"))
    marks = driver.find_elements("css selector", "#doc mark.ent")
    assert marks and len(marks) <= n_entities and all(m.text.split("\n")[0] in text for m in marks[:20])
    assert driver.find_elements("css selector", "#doc .relnote")  # relation markup
    driver.find_element("css selector", "#tabs button[data-view='evaluation']").click()
    errors = _rows(results / "eval" / "errors.tsv")
    status = driver.find_element("id", "errors-status").text
    assert status.startswith(f"{len(errors)} error")
    assert driver.find_elements("css selector", "#errors mark.err")  # the erroneous items highlighted
    driver.find_element("css selector", "#tabs button[data-view='triples']").click()
    assert _errors(driver) == []


# --------------------------------------------------------------------------------------------- XSS


INJECTED_TXT = f"""Exosomal microRNAs {XSS[0]} in gastric cancer
Abstract
Exosomal miR-21 promotes cisplatin resistance in gastric cancer {XSS[1]} by targeting PTEN.
Exosomal circFOO1 {XSS[0]} promotes oxaliplatin resistance in colorectal cancer via the miR-1234-5p/KRAS axis.
"""
INJECTED_XML = """<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta>
<title-group><article-title>Exosomal lncRNAs &lt;script&gt;alert(1)&lt;/script&gt;</article-title></title-group>
<abstract><p>Exosomal H19 promotes doxorubicin resistance &quot;&gt;&lt;img src=x onerror=alert(1)&gt; in breast cancer.</p>
</abstract></article-meta></front></article>
"""
INJECTED_MANIFEST = ("doc_id\tfile\ttitle\tjournal\tyear\tdoi\tpmid\tpmcid\n"
                     f"inj_a\tinj_a.txt\tA title {XSS[1]}\tJ {XSS[0]}\t2031\t10.5555/{XSS[1]}\t\t\n")


def test_htmlreport_browser_document_strings_cannot_run(browser, tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "inj_a.txt").write_text(INJECTED_TXT, encoding="utf-8")
    (corpus / "inj_b.xml").write_text(INJECTED_XML, encoding="utf-8")
    (corpus / "manifest.tsv").write_text(INJECTED_MANIFEST, encoding="utf-8")
    proc = run_workflow(corpus, tmp_path, "-q")
    assert proc.returncode == 0, proc.stderr[-5000:]
    results = tmp_path / "results"
    triples = _rows(results / "triples.tsv")
    assert any(XSS[1] in t["evidence"] for t in triples) and any(XSS[0] in t["evidence"] for t in triples)

    _open(browser, results / "report.html")
    # open every evidence row, every document, the overview
    browser.execute_script("document.getElementById('page-size').value = '500';"
                           "document.getElementById('page-size').dispatchEvent(new Event('change'));")
    toggles = "#triples tbody tr.triple button.toggle"
    for i in range(len(browser.find_elements("css selector", toggles))):
        browser.find_elements("css selector", toggles)[i].click()  # the table is drawn again each time
    assert len(browser.find_elements("css selector", "#triples tr.detail")) == len(triples)
    shown = browser.find_element("id", "triples").get_attribute("textContent")
    from selenium.webdriver.support.ui import Select
    for tab in ("overview", "documents"):
        browser.find_element("css selector", f"#tabs button[data-view='{tab}']").click()
    select = Select(browser.find_element("id", "doc-select"))
    texts = []
    for value in [o.get_attribute("value") for o in select.options]:
        select.select_by_value(value)
        texts.append(browser.find_element("id", "doc").get_attribute("textContent"))

    assert browser.execute_script("return window.__alerts") == 0
    assert browser.execute_script("return document.querySelectorAll('img, [onerror], iframe, object, embed').length") == 0
    assert browser.execute_script("return document.scripts.length") == 3
    assert XSS[0] in shown and XSS[1] in shown  # shown as text
    assert any(XSS[0] in t for t in texts) and any(XSS[1] in t for t in texts)
    assert any("A title " + XSS[1] in t for t in texts)  # the manifest's title
    assert _errors(browser) == []


# ------------------------------------------------------------------------------------- 10,000 triples


def test_htmlreport_browser_ten_thousand_triples(browser, tmp_path) -> None:
    from exomine.outputs.htmlreport import render_html
    from exomine.records import Document, Paragraph, Section, SentenceRow, Triple
    from exomine.outputs.reportdata import ReportInputs, build_payload

    sentence = "Exosomal miR-9999 promotes FOO resistance by targeting BAR1."
    docs, sentences, triples = [], [], []
    for d in range(200):
        text = "\n".join([sentence] * 50)
        docs.append(Document(f"doc{d}", f"doc{d}.txt", text, (Section("body", "Body", (Paragraph(0, text),)),),
                             {"title": f"Synthetic review {d}"}))
        sentences += [SentenceRow(f"doc{d}", "body", i, i * (len(sentence) + 1), i * (len(sentence) + 1) + len(sentence))
                      for i in range(50)]
    for i in range(10_000):
        d = i % 200
        triples.append(Triple(f"miR-{9000 + i % 2500}", "MIRNA", f"MI:{i % 2500}", f"FOO{i % 700};BAR{i % 300}",
                              f"G:{i % 700};G:{1000 + i % 300}", f"Drug{i % 150}", f"D:{i % 150}",
                              ("resistance", "sensitivity")[i % 7 == 0], f"Cancer {i % 40}", "", 1 + i % 3,
                              1 + i % 2, f"doc{d}", sentence, i % 11 == 0, f"doc{d}:{i % 50}", rule="r.synthetic"))
    ingest = tuple({"file": f"doc{d}.txt", "doc_id": f"doc{d}", "status": "read", "reason": ""} for d in range(200)) + (
        {"file": "bad.txt", "doc_id": "", "status": "rejected", "reason": f"not UTF-8 text {XSS[1]}"},
        {"file": f"{XSS[0]}.txt", "doc_id": "", "status": "skipped", "reason": "file is empty"})
    payload = build_payload(ReportInputs(triples=tuple(triples), sentences=tuple(sentences), documents=tuple(docs),
                                         ingest=ingest))
    report = tmp_path / "large.html"
    report.write_text(render_html(payload), encoding="utf-8")

    _open(browser, report)
    assert _errors(browser) == []
    assert len(_table(browser)) == 100  # one page
    assert "of 10,000 triples" in browser.find_element("id", "table-status").text
    status = browser.find_element("id", "net-status")
    assert int(status.get_attribute("data-nodes")) <= 250 < int(status.get_attribute("data-all-nodes"))
    assert "too many to draw" in status.text
    browser.find_element("id", "page-next").click()
    assert "Showing 101–200" in browser.find_element("id", "table-status").text
    browser.find_element("css selector", "#tabs button[data-view='overview']").click()
    not_read = [[td.text for td in tr.find_elements("css selector", "td")]
                for tr in browser.find_elements("css selector", "#not-read tr") if tr.find_elements("css selector", "td")]
    assert not_read == [["bad.txt", "", "rejected", f"not UTF-8 text {XSS[1]}"],
                        [f"{XSS[0]}.txt", "", "skipped", "file is empty"]]
    assert "(1 rejected)" in browser.find_element("id", "summary").text
    assert browser.execute_script("return window.__alerts") == 0
    assert _errors(browser) == []
