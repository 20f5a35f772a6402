"""The report's trust features in a real browser (headless chromium, as tests/outputs/test_htmlreport_browser.py
starts it): assertion styling and filter, evidence order, the belief column, the CSV download, and the curation
marks exported to a file and imported again."""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from pathlib import Path

import pytest

from exomine.records import TRIPLE_COLUMNS, Triple
from exomine.tables import evidence_rank, read_records, triple_key
from test_htmlreport_browser import _errors, _open, _rows, _settled, _table, browser  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def report(browser, request, tmp_path_factory):  # noqa: F811 (the imported fixture)
    results = request.getfixturevalue("bundled_results")  # after browser: no chromium, no workflow run
    downloads = tmp_path_factory.mktemp("downloads")
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    _open(browser, results / "report.html")
    browser.execute_script("window.localStorage.clear()")
    _open(browser, results / "report.html")
    return results, browser, downloads


def _select(driver, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def _reset(driver, n: int) -> None:
    driver.find_element("id", "f-reset").click()
    _settled(driver, n)


def _downloaded(folder: Path, name: str, before: set[str]) -> Path:
    deadline = time.time() + 20
    while time.time() < deadline:
        done = [p for p in folder.glob(name.replace(".", "*.")) if p.name not in before and p.suffix != ".crdownload"]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded into {folder}")


def _chips(driver) -> list[tuple[str, str]]:
    """(assertion shown, classes of the row) of every row the table shows."""
    return [tuple(x) for x in driver.execute_script(
        "return Array.from(document.querySelectorAll('#triples tbody tr.triple')).map(function (tr) {"
        "  return [tr.cells[5].querySelector('.assert').textContent, tr.className]; });")]


def test_htmlreport_trust_assertions_are_styled_and_filtered(report) -> None:
    results, d, _ = report
    n_triples = len(_rows(results / "triples.tsv"))
    relations = _rows(results / "relations.tsv")
    statements = Counter(r["assertion"] for r in relations
                         if r["predicate"].startswith("confers_") and r["assertion"] != "finding")
    assert statements, "the bundled corpus states some drug effects without a finding"
    assert {a for a, _ in _chips(d)} == {"finding"}  # by default: the triples, every one a finding here
    _select(d, "f-assertion", "statement")
    _settled(d, sum(statements.values()))
    chips = _chips(d)
    assert Counter(a for a, _ in chips) == statements
    assert all("statement" in cls and f"A-{a}" in cls for a, cls in chips)
    for assertion, n in statements.items():  # the bundled triples are all findings: the others are statements
        _select(d, "f-assertion", assertion)
        _settled(d, n)
        assert {a for a, _ in _chips(d)} == {assertion}
    _select(d, "f-assertion", "finding")
    _settled(d, n_triples)
    _select(d, "f-assertion", "")
    _settled(d, n_triples + sum(statements.values()))
    # each assertion looks different: its own colour
    colours = d.execute_script(
        "var out = {}; ['finding', 'hedged', 'association', 'aim', 'negated'].forEach(function (a) {"
        "  var s = document.createElement('span'); s.className = 'assert A-' + a; document.body.appendChild(s);"
        "  out[a] = getComputedStyle(s).color + getComputedStyle(s).borderStyle; s.remove(); }); return out;")
    assert len(set(colours.values())) == 5
    # the relation chips of a document show the assertion of each relation
    d.find_element("css selector", "#tabs button[data-view='documents']").click()
    doc = d.find_element("id", "doc-select").get_attribute("value")
    notes = d.execute_script("return Array.from(document.querySelectorAll('#doc .relnote')).map(function (n) {"
                             "  return [n.getAttribute('data-assertion'), n.querySelector('.assert').textContent,"
                             "          n.classList.contains('A-' + n.getAttribute('data-assertion'))]; });")
    assert Counter(a for a, _, _ in notes) == Counter(r["assertion"] for r in relations if r["doc_id"] == doc)
    assert all(a == shown and styled for a, shown, styled in notes)
    d.find_element("css selector", "#tabs button[data-view='triples']").click()
    _reset(d, n_triples)
    assert _errors(d) == []


def test_htmlreport_trust_evidence_lists_every_mention_primary_first(report) -> None:
    results, d, _ = report
    triples = {(t.regulator, t.drug, t.effect): t for t in read_records(results / "triples.tsv", Triple)}
    mentions: dict[tuple, list[Triple]] = {}
    for path in sorted((results / "shards").glob("*/triples.tsv")):
        for m in read_records(path, Triple):
            mentions.setdefault(triple_key(m), []).append(m)
    d.execute_script("var s = window.exomineReport.state; s.filtered.forEach(function (i) { s.open.add(i); });"
                     "document.getElementById('page-size').dispatchEvent(new Event('change'));")
    shown = d.execute_script(
        "return Array.from(document.querySelectorAll('#triples tbody tr.detail')).map(function (tr) {"
        "  var row = tr.previousElementSibling;"
        "  return [[row.cells[1].firstChild.textContent, row.cells[3].firstChild.textContent, row.cells[4].textContent],"
        "    Array.from(tr.querySelectorAll('.evidence')).map(function (b) {"
        "      return [b.getAttribute('data-doc'), b.getAttribute('data-rule'), b.classList.contains('primary'),"
        "              b.querySelector('p.sentence').textContent]; })]; });")
    assert len(shown) == len(triples)
    several = 0
    for key, blocks in shown:
        t = triples[tuple(key)]
        expected = sorted((m for m in mentions[triple_key(t)] if m.doc_ids in t.doc_ids.split(";")),
                          key=evidence_rank, reverse=True)
        assert [(b[0], b[1]) for b in blocks] == [(m.doc_ids, m.rule) for m in expected]
        assert [b[2] for b in blocks] == [True] + [False] * (len(blocks) - 1)
        assert " ".join(blocks[0][3].split()) == " ".join(t.evidence.split())  # the primary is the triple's evidence
        if any("state.knockdown" not in m.rule for m in expected):
            assert "state.knockdown" not in blocks[0][1]  # no knockdown paraphrase when a direct statement exists
        if "section_kind" in TRIPLE_COLUMNS and any(m.section_kind not in ("reference", "") for m in expected):
            assert expected[0].section_kind != "reference"
        several += len(blocks) > 1
    assert several >= 5  # the bundled corpus states a dozen triples twice
    d.execute_script("window.exomineReport.state.open.clear();")
    _reset(d, len(triples))


def test_htmlreport_trust_belief_column_shows_sorts_and_filters(report) -> None:
    results, d, _ = report
    rows = _rows(results / "triples.tsv")
    belief = {(r["regulator"], r["drug"], r["effect"]): float(r["belief"]) for r in rows}
    assert all(0 < b <= 1 for b in belief.values())
    cells = d.execute_script("return Array.from(document.querySelectorAll('#triples tbody tr.triple')).map(function (tr) {"
                             "  return tr.cells[6].textContent; });")
    assert [float(c) for c in cells] == [round(belief[k], 2) for k in _table(d)]
    d.find_element("css selector", "#triples th[data-key='belief']").click()
    order = [belief[k] for k in _table(d)]
    assert order == sorted(order, reverse=True) and len(set(order)) > 3
    cut = sorted(belief.values())[len(belief) // 2]
    box = d.find_element("id", "f-belief")
    box.clear()
    box.send_keys(str(cut))
    d.execute_script("document.getElementById('f-belief').dispatchEvent(new Event('change'));")
    kept = [k for k, b in belief.items() if b >= cut]
    _settled(d, len(kept))
    assert Counter(_table(d)) == Counter(kept) and len(kept) < len(rows)
    box.clear()
    _reset(d, len(rows))


def test_htmlreport_trust_table_downloads_as_csv(report) -> None:
    results, d, downloads = report
    rows = _rows(results / "triples.tsv")
    drug, n = Counter(r["drug_id"] for r in rows).most_common(1)[0]
    _select(d, "f-drug", drug)
    _settled(d, n)
    before = {p.name for p in downloads.iterdir()}
    d.find_element("id", "download-csv").click()
    path = _downloaded(downloads, "exomine-triples.csv", before)
    text = path.read_bytes().decode("utf-8-sig")
    assert text == d.execute_script("return window.exomineReport.lastDownload.text").lstrip("\ufeff")
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == d.execute_script("return window.exomineReport.CSV_COLUMNS")
    assert [(r["regulator"], r["drug"], r["effect"]) for r in table] == _table(d)  # every row, in the table's order
    by_key = {(r["regulator"], r["drug"], r["effect"]): r for r in rows}
    for r in table:
        t = by_key[(r["regulator"], r["drug"], r["effect"])]
        assert (r["drug_id"], r["evidence"], float(r["belief"])) == (drug, t["evidence"], float(t["belief"]))
        assert r["kind"] == "triple" and r["assertion"] == "finding"
    # a cell that a spreadsheet would run is written as text; quotes and commas are quoted
    assert d.execute_script("return window.exomineReport.delimited([['=1+2', '-1', 'a,b', 'say \"x\"']], ',')") == \
        "'=1+2,-1,\"a,b\",\"say \"\"x\"\"\"\r\n"
    _reset(d, len(rows))


def test_htmlreport_trust_curation_marks_export_and_import(report, tmp_path) -> None:
    from exomine.curation import read_curation
    from exomine.evaluation.goldformats import read_gold

    results, d, downloads = report
    n = len(_rows(results / "triples.tsv"))
    first = _table(d)[0]
    d.find_element("css selector", "#triples tbody tr.triple button.toggle").click()
    detail = d.find_element("css selector", "#triples tbody tr.detail")
    detail.find_element("css selector", ".curation-row input.note").send_keys("not what the paper says")
    detail.find_element("css selector", ".curation-row button[data-mark='wrong']").click()
    detail = d.find_element("css selector", "#triples tbody tr.detail")  # drawn again
    relation = detail.find_element("css selector", "li.rel")
    relation.find_element("css selector", "button[data-mark='correct']").click()
    assert d.find_element("css selector", "#triples tbody tr.triple td.mark-cell").text == "✗ wrong"
    _select(d, "f-mark", "wrong")
    _settled(d, 1)
    assert _table(d) == [first]
    _select(d, "f-mark", "")
    _settled(d, n)

    before = {p.name for p in downloads.iterdir()}
    d.find_element("id", "export-marks").click()
    path = _downloaded(downloads, "exomine-curation.tsv", before)
    marks = {m.kind: m for m in read_curation(path)}
    assert set(marks) == {"triple", "relation"}
    t = marks["triple"]
    assert (t.subject, t.object, t.effect, t.mark, t.note) == (first[0], first[1], first[2], "wrong",
                                                               "not what the paper says")
    assert marks["relation"].mark == "correct" and marks["relation"].sentence_id.isdigit()
    gold = read_gold(path)  # the file is gold for exomine evaluate: partial, the triple a known false positive
    assert gold and all(g.partial for g in gold) and any(x.wrong for g in gold for x in g.triples)

    # the marks live in the browser: gone with its storage, back from the file
    d.execute_script("window.localStorage.clear()")
    _open(d, results / "report.html")
    assert d.find_element("css selector", "#triples tbody tr.triple td.mark-cell").text == "–"
    d.find_element("id", "import-marks").send_keys(str(path))
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(d, 10).until(lambda d: "2 marks imported" in d.find_element("id", "curation-status").text)
    row = d.find_elements("css selector", "#triples tbody tr.triple")[_table(d).index(first)]
    assert row.find_element("css selector", "td.mark-cell").text == "✗ wrong"
    d.execute_script("window.localStorage.clear()")
    assert _errors(d) == []
