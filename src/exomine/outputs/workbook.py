"""``results/exomine.xlsx``: the triples and their evidence as a spreadsheet workbook (openpyxl).

Three sheets, read from the results database (:mod:`exomine.outputs.database`):

* ``triples`` -- one row per triple, every column of ``triples.tsv`` with its ``triple_id``;
* ``evidence`` -- one row per supporting mention (the ``triple_evidence`` view): the triple, the
  document and its title, the sentence, the mention's rule and belief;
* ``documents`` -- the documents with their PubMed, PMC and DOI links (:mod:`exomine.outputs.links`).

Every text cell is text: a cell that starts with ``=`` is not a formula (openpyxl would write one), characters
that XML 1.0 forbids are left out, and a cell longer than Excel's 32,767 characters is cut with an ellipsis. A
sheet holds at most Excel's 1,048,576 rows; the rest are left out and the sheet's last row says how many.
The same results give the same bytes: the workbook's dates and its zip entries' times are fixed
(:data:`FIXED_TIME`), as a resumed run must write what an uninterrupted one writes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from exomine.outputs.links import document_links
from exomine.tables import atomic_open

__all__ = ["write_workbook", "SHEETS", "MAX_CELL", "MAX_ROWS"]

FIXED_TIME = (2000, 1, 1, 0, 0, 0)
MAX_CELL = 32_767
MAX_ROWS = 1_048_576
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SHEETS = {
    "triples": "SELECT * FROM triples ORDER BY triple_id",
    "evidence": """SELECT triple_id, regulator, drug, effect, doc_id, title, sentence_id, evidence, rule, belief,
                          targets, cancer, source_cell FROM triple_evidence""",
    "documents": "SELECT doc_id, title, journal, year, doi, pmid, pmcid, file FROM documents ORDER BY doc_id",
}


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("", value)
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def _sheet(wb, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]],
           links: Callable[[Sequence[Any]], list[list[str]]] | None = None) -> int:
    """Append a sheet of ``rows`` (a header in bold, frozen); ``links(row)`` adds link cells. Returns the rows kept."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = wb.create_sheet(name)
    ws.freeze_panes = "A2"
    head = []
    for c in [*columns, *(["links"] if links else [])]:
        cell = WriteOnlyCell(ws, value=c)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    n = 0
    for row in rows:
        n += 1
        if n > MAX_ROWS - 2:
            continue
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=_text(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        for label, url in links(row) if links else ():
            cell = WriteOnlyCell(ws, value=label)
            cell.hyperlink = url
            cells.append(cell)
        ws.append(cells)
    if n > MAX_ROWS - 2:
        ws.append([f"{n - (MAX_ROWS - 2)} more rows left out (Excel's row limit); see the results database"])
    return min(n, MAX_ROWS - 2)


def _rows(cur, batch: int = 10_000) -> Iterator[tuple]:
    while rows := cur.fetchmany(batch):
        yield from rows


def write_workbook(database: str | Path, out: str | Path) -> dict[str, int]:
    """Write the workbook (replacing ``out`` only when complete); returns the rows written per sheet."""
    import duckdb
    from openpyxl import Workbook

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    counts = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        for name, sql in SHEETS.items():
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description]

            def links(row: Sequence[Any], columns=columns) -> list[list[str]]:
                return document_links({c: "" if v is None else str(v) for c, v in zip(columns, row)})

            counts[name] = _sheet(wb, name, columns, _rows(cur), links if name == "documents" else None)
    finally:
        con.close()
    wb.properties.created = datetime.datetime(*FIXED_TIME)
    wb.properties.creator = "exomine"
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, atomic_open(out, "wb") as fh, \
            zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():  # the same entries, each with a fixed time
            data = src.read(item)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(item.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return counts
