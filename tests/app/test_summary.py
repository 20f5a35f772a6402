from pathlib import Path

from exomine.app.summary import summary_lines


def test_summary_names_files_triples_and_the_report(tmp_path: Path) -> None:
    (tmp_path / "ingest.tsv").write_text(
        "file\tdoc_id\tstatus\treason\tchars_in\tchars_kept\tsections\tsentences\n"
        "a.txt\ta\tread\t\t10\t10\t1\t1\nb.txt\tb\trejected\tnot UTF-8 text\t5\t0\t0\t0\n", encoding="utf-8")
    (tmp_path / "relations.tsv").write_text("doc_id\tassertion\na\tfinding\na\thedged\na\tfinding\n", encoding="utf-8")
    (tmp_path / "triples.tsv").write_text("regulator\tdrug\nmiR-9999\tcisplatin\n", encoding="utf-8")
    (tmp_path / "report.html").write_text("<html></html>", encoding="utf-8")
    lines = summary_lines(tmp_path)
    assert lines[0].startswith("2 files: 1 read, 1 rejected")
    assert lines[1] == f"1 triple from 2 finding statements (3 relations): {tmp_path / 'triples.tsv'}"
    assert lines[2].startswith(f"report: {tmp_path / 'report.html'}")


def test_summary_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    assert summary_lines(tmp_path) == []
