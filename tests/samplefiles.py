"""One article's content written out as each input format exomine reads (for the reader tests).

:class:`Article` holds a title, abstract paragraphs and titled sections;
each ``as_*`` function writes it the way the format's real producers do:
plain text one paragraph a line, a publisher-like HTML page with navigation
and footer, a PDF with a text layer set in lines of a column's width
(hand-written PDF 1.4 with the standard Helvetica font, no library), a
Word ``.docx``, JATS XML, a PMC OA ``.tar.gz`` package and a PubMed-format
MEDLINE record. All names in the samples are invented.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import textwrap
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Article:
    title: str
    abstract: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    pmid: str = "90000100"
    pmcid: str = "PMC9000100"
    doi: str = "10.5555/sample.2024.1"

    def abstract_only(self) -> "Article":
        return Article(self.title, (" ".join(self.abstract),), (), self.pmid, self.pmcid, self.doi)


def as_text(a: Article) -> str:
    lines = [a.title, "Abstract", *a.abstract]
    for heading, paragraphs in a.sections:
        lines += [heading, *paragraphs]
    return "\n".join(lines) + "\n"


def as_html(a: Article) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in a.abstract)
    for heading, paragraphs in a.sections:
        body += f"<h2>{escape(heading)}</h2>\n" + "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(a.title)} | Journal of Samples</title>
<meta name="citation_title" content="{escape(a.title)}">
<meta name="citation_doi" content="{a.doi}">
<meta name="citation_pmid" content="{a.pmid}">
<meta name="citation_journal_title" content="Journal of Samples">
<meta name="citation_publication_date" content="2024/03/01">
<script>var tracker = "Exosomal miR-8888 promotes cisplatin resistance";</script>
<style>p {{ margin: 0 }}</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/journals">Journals</a></li><li><a href="/login">Log in</a></li></ul></nav>
<header><div class="banner">Journal of Samples - Open Access</div></header>
<main><article>
<h1>{escape(a.title)}</h1>
<h2>Abstract</h2>
{body}</article></main>
<footer><p>Copyright 2024 Sample Publishing. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""
    return page.encode("utf-8")


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _pdf(pages: list[list[str]]) -> bytes:
    """A PDF 1.4 file, one page per list of lines (Helvetica 10 pt, 14 pt leading)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               "/Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 10 Tf", "14 TL", "56 780 Td"] + [f"{_pdf_string(ln)} Tj T*" for ln in lines] + ["ET"]
        if not lines:  # a scanned page: a picture, no text
            ops = ["0.5 g", "56 56 480 700 re f"]
        stream = "\n".join(ops)
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{k} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def as_pdf(a: Article, width: int = 90, lines_per_page: int = 48, running_header: str = "") -> bytes:
    """The article set in lines of ``width`` characters (no blank lines between paragraphs, as many PDFs give)."""
    lines = [a.title, "Abstract"]
    for p in a.abstract:
        lines += textwrap.wrap(p, width)
    for heading, paragraphs in a.sections:
        lines.append(heading)
        for p in paragraphs:
            lines += textwrap.wrap(p, width)
    pages = [lines[k:k + lines_per_page] for k in range(0, len(lines), lines_per_page)]
    if running_header:
        pages = [[running_header.format(page=n), *page, str(n)] for n, page in enumerate(pages, 1)]
    return _pdf(pages)


def scanned_pdf(pages: int = 3, cover: str = "") -> bytes:
    """A PDF of pictures only (a scan), optionally with a cover page of text."""
    return _pdf(([[cover]] if cover else []) + [[] for _ in range(pages)])


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_paragraph(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    # a run split in two, as Word does after an edit
    half = len(text) // 2
    return (f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text[:half])}</w:t></w:r>'
            f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(text[half:])}</w:t></w:r></w:p>')


def as_docx(a: Article) -> bytes:
    paras = [_docx_paragraph(a.title, "Title"), _docx_paragraph("Abstract", "Heading1")]
    paras += [_docx_paragraph(p) for p in a.abstract]
    for heading, paragraphs in a.sections:
        paras.append(_docx_paragraph(heading, "Heading1"))
        paras += [_docx_paragraph(p) for p in paragraphs]
    # a tracked deletion is not text
    paras.append('<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>Exosomal miR-7777 confers cisplatin '
                 'resistance.</w:delText></w:r></w:del></w:p>')
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>' \
               f'{"".join(paras)}<w:sectPr/></w:body></w:document>'
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:title>{escape(a.title)}</dc:title></cp:coreProperties>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
             'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
             'main+xml"/></Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)
        z.writestr("docProps/core.xml", core)
    return buf.getvalue()


def as_jats(a: Article) -> bytes:
    abstract = "".join(f"<p>{escape(p)}</p>" for p in a.abstract)
    body = "".join(f"<sec><title>{escape(h)}</title>{''.join(f'<p>{escape(p)}</p>' for p in ps)}</sec>"
                   for h, ps in a.sections)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="review-article"><front>
<journal-meta><journal-title-group><journal-title>Journal of Samples</journal-title></journal-title-group></journal-meta>
<article-meta><article-id pub-id-type="pmid">{a.pmid}</article-id><article-id pub-id-type="pmc">{a.pmcid[3:]}</article-id>
<article-id pub-id-type="doi">{a.doi}</article-id>
<title-group><article-title>{escape(a.title)}</article-title></title-group>
<pub-date pub-type="epub"><year>2024</year></pub-date>
<abstract>{abstract}</abstract></article-meta></front>
<body>{body}</body></article>
""".encode("utf-8")


def as_pmc_package(a: Article) -> bytes:
    """A PMC Open Access package: ``<PMCID>/<name>.nxml`` beside a figure and the PDF."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in ((f"{a.pmcid}/sample-2024-1.nxml", as_jats(a)), (f"{a.pmcid}/fig1.jpg", b"\xff\xd8\xff\xe0"),
                           (f"{a.pmcid}/sample-2024-1.pdf", as_pdf(a))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def as_gzip(data: bytes) -> bytes:
    return gzip.compress(data)


def as_medline(a: Article) -> str:
    """A PubMed-format record, as "Save → PubMed format" writes it (long values wrapped, six-space indents)."""

    def field_lines(tag: str, value: str) -> list[str]:
        wrapped = textwrap.wrap(value, 82)
        return [f"{tag:<4}- {wrapped[0]}"] + [f"      {w}" for w in wrapped[1:]]

    lines = [f"PMID- {a.pmid}", "OWN - NLM", "STAT- Publisher", "DP  - 2024 Mar 1"]
    lines += field_lines("TI", a.title)
    lines += field_lines("AB", " ".join(a.abstract))
    lines += ["FAU - Sample, Anna", "AU  - Sample A", "LA  - eng", "PT  - Journal Article", "PT  - Review",
              "TA  - J Samples", "JT  - Journal of Samples", f"AID - {a.doi} [doi]", f"PMC - {a.pmcid}",
              f"SO  - J Samples. 2024 Mar 1;1(1):1-9. doi: {a.doi}."]
    return "\n".join(lines) + "\n"


def as_pubmed_export(*articles: Article) -> str:
    """A PubMed-format export of several records (a blank line before each, as PubMed saves it)."""
    return "".join("\n" + as_medline(a) for a in articles)
