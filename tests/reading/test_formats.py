"""Tests for deciding what a corpus file is (exomine.reading.formats): suffix, then content."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from exomine.reading import formats
from exomine.reading.formats import FormatProblem, file_format, file_stem, file_suffix, payload, sniff_text


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"PMID- 90000001\nOWN - NLM\nTI  - Exosomal miR-9999.\n", "medline"),
        (b"\r\n\r\nPMID- 90000001\r\nOWN - NLM\r\n", "medline"),  # PubMed's export opens with a blank line
        (b"\xef\xbb\xbfPMID- 1\nTI  - A title.\n", "medline"),
        (b"PMID- 1\n", "text"),  # a PMID line alone is no record
        (b"PMID: 31110000\nExosomal miR-9999 confers cisplatin resistance.\n", "text"),  # a scraped page's line
        (b"Exosomal miR-9999\nPMID- 1\nTI  - x\n", "text"),  # the record must open the file
        (b"<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
        (b"  <!doctype HTML><html>", "html"),
        (b"<html lang='en'><head><title>x</title>", "html"),
        (b"<?xml version='1.0'?>\n<!-- saved -->\n<html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        (b"<body><p>x</p></body>", "html"),
        (b"<article><front></front></article>", "text"),  # JATS saved as .txt stays text
        (b"Use <html> tags sparingly.", "text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"The %PDF-1.7 header.", "text"),
        (b"", "text"),
    ],
)
def test_formats_sniff_text(head: bytes, kind: str) -> None:
    assert sniff_text(head) == kind


@pytest.mark.parametrize(
    "name, suffix, stem",
    [
        ("PMC9000100.tar.gz", ".tar.gz", "PMC9000100"),
        ("a.b.XML.GZ", ".xml.gz", "a.b"),
        ("x.nxml.gz", ".nxml.gz", "x"),
        ("x.tgz", ".tgz", "x"),
        ("notes.txt.gz", ".gz", "notes.txt"),
        ("review.PDF", ".pdf", "review"),
        ("noext", "", "noext"),
        (".tar.gz", ".gz", ".tar"),
    ],
)
def test_formats_compound_suffixes(name: str, suffix: str, stem: str) -> None:
    assert file_suffix(name) == suffix
    assert file_stem(name) == stem


def _tar(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_formats_payload_of_packages_and_gzip(tmp_path: Path) -> None:
    article = b"<article><front/></article>"
    pkg = tmp_path / "PMC1.tar.gz"
    pkg.write_bytes(_tar({"PMC1/a.nxml": article, "PMC1/a.pdf": b"%PDF-1.4", "PMC1/._a.nxml": b"junk"}))
    assert payload(pkg) == article and file_format(pkg) == "jats"
    gz = tmp_path / "a.xml.gz"
    gz.write_bytes(gzip.compress(b"<collection><document><id>1</id></document></collection>"))
    assert file_format(gz) == "bioc-xml"
    plain = tmp_path / "a.txt"
    plain.write_bytes(b"x")
    assert payload(plain) == b"x"


@pytest.mark.parametrize(
    "members, reason",
    [
        ({"PMC1/a.nxml": b"<article/>", "PMC1/b.nxml": b"<article/>"}, "holds 2 (PMC1/a.nxml, PMC1/b.nxml)"),
        ({"PMC1/fig1.jpg": b"\xff\xd8"}, "holds 0 (none)"),
    ],
)
def test_formats_package_without_one_article_is_refused(tmp_path: Path, members: dict, reason: str) -> None:
    pkg = tmp_path / "p.tar.gz"
    pkg.write_bytes(_tar(members))
    with pytest.raises(FormatProblem, match=reason.replace("(", r"\(").replace(")", r"\)")):
        payload(pkg)


def test_formats_unpacking_is_bounded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(formats, "MAX_UNPACKED", 1000)
    gz = tmp_path / "big.xml.gz"
    gz.write_bytes(gzip.compress(b"<article>" + b" " * 5000 + b"</article>"))
    with pytest.raises(FormatProblem, match="more than 1,000 bytes"):
        payload(gz)
    pkg = tmp_path / "big.tar.gz"
    pkg.write_bytes(_tar({"a.nxml": b" " * 5000}))
    with pytest.raises(FormatProblem, match="more than 1,000 bytes"):
        payload(pkg)
