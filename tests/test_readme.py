"""The README renders: every Markdown table starts with a header and a separator row (a blank line inside a
table splits it, and the second half renders as text)."""
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _headless_tables(lines: list[str]) -> list[int]:
    """Where a table starts without a separator row under its first line (a blank line split a table)."""
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("|")
              and (i == 0 or not lines[i - 1].lstrip().startswith("|"))]
    return [i for i in starts if i + 1 >= len(lines) or not re.match(r"^\s*\|\s*:?-{3,}", lines[i + 1])]


def test_readme_every_table_has_a_header_row() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    broken = [f"line {i + 1}: {lines[i][:60]}" for i in _headless_tables(lines)]
    assert not broken, "tables without a header row (a blank line inside a table?):\n" + "\n".join(broken)


def test_readme_check_finds_a_split_table() -> None:
    table = ["| a | b |", "|---|---|", "| 1 | 2 |"]
    assert _headless_tables(table) == []
    assert _headless_tables(table + ["", "| 3 | 4 |"]) == [4]
