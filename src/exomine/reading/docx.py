"""Read a Word ``.docx`` file as the lines of its text: one paragraph, heading or table row a line.

A ``.docx`` is a zip archive whose ``word/document.xml`` holds the body
(ECMA-376 WordprocessingML): paragraphs ``<w:p>`` of runs ``<w:r>`` of text
``<w:t>``, and tables ``<w:tbl>`` of rows ``<w:tr>``. It is read with
zipfile and lxml (no further dependency), entities never resolved. Deleted
text of tracked changes, field codes, footnotes, headers and footers are not
read; a tab or line break inside a paragraph is a space, so that a paragraph
stays one line. The document's title (``docProps/core.xml``), when set, is
its metadata title.

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("word/document.xml", '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>Exosomal miR-9999'
...                '</w:t></w:r></w:p></w:body></w:document>' % W)
>>> docx_lines(buf.getvalue())
('Exosomal miR-9999', {})
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

__all__ = ["DocxProblem", "docx_lines", "W"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DC = "http://purl.org/dc/elements/1.1/"
_MAX_XML = 256 * 1024 * 1024
_SKIP = {f"{{{W}}}{name}" for name in ("del", "delText", "instrText", "fldChar")}
_SPACE = {f"{{{W}}}{name}" for name in ("tab", "br", "cr")}


class DocxProblem(ValueError):
    """A file that cannot be read as a Word document."""


def _xml(archive: zipfile.ZipFile, name: str):
    info = archive.getinfo(name)
    if info.file_size > _MAX_XML:
        raise DocxProblem(f"{name} unpacks to more than {_MAX_XML:,} bytes")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(archive.read(name), parser)
    except etree.XMLSyntaxError as exc:
        raise DocxProblem(f"malformed {name}: {exc}") from exc


def _paragraph_text(p) -> str:
    chunks: list[str] = []
    stack = [p]
    while stack:
        el = stack.pop()
        if el.tag in _SKIP:
            continue
        if el.tag == f"{{{W}}}t":
            chunks.append(el.text or "")
        elif el.tag in _SPACE:
            chunks.append(" ")
        stack.extend(reversed(el))
    return " ".join("".join(chunks).split())


def _body_lines(root) -> list[str]:
    body = root.find(f"{{{W}}}body")
    lines: list[str] = []
    for block in (body if body is not None else []):
        if block.tag == f"{{{W}}}p":
            lines.append(_paragraph_text(block))
        elif block.tag == f"{{{W}}}tbl":
            for row in block.iter(f"{{{W}}}tr"):
                cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{{{W}}}p")) for cell in row.iter(f"{{{W}}}tc")]
                lines.append(" ".join(c for c in cells if c))
        elif block.tag == f"{{{W}}}sdt":  # a content control (a table of contents, a cover page): its paragraphs
            lines.extend(_paragraph_text(p) for p in block.iter(f"{{{W}}}p"))
    return [ln for ln in lines if ln]


def docx_lines(data: bytes) -> tuple[str, dict[str, str]]:
    """The text of a ``.docx``, one paragraph or table row a line, and its stated title.

    Raises
    ------
    DocxProblem
        Not a zip archive, or one without ``word/document.xml``, or malformed XML.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DocxProblem(f"not a Word .docx file (not a zip archive: {exc})") from exc
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise DocxProblem("not a Word .docx file (no word/document.xml in the archive)")
        lines = _body_lines(_xml(archive, "word/document.xml"))
        meta: dict[str, str] = {}
        if "docProps/core.xml" in names:
            title = " ".join((_xml(archive, "docProps/core.xml").findtext(f".//{{{_DC}}}title") or "").split())
            if title:
                meta["title"] = title
    return "\n".join(lines), meta
