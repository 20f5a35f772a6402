"""The README renders: every Markdown table starts with a header and a separator row (a blank line inside a
table splits it, and the second half renders as text)."""
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _table_starts(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.lstrip().startswith("|")
            and (i == 0 or not lines[i - 1].lstrip().startswith("|"))]


def test_readme_every_table_has_a_header_row() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    broken = [f"line {i + 1}: {lines[i][:60]}" for i in _table_starts(lines)
              if i + 1 >= len(lines) or not re.match(r"^\s*\|\s*:?-{3,}", lines[i + 1])]
    assert not broken, "tables without a header row (a blank line inside a table?):\n" + "\n".join(broken)


def test_readme_check_finds_a_split_table() -> None:
    lines = ["| a | b |", "|---|---|", "| 1 | 2 |", "", "| 3 | 4 |"]
    starts = _table_starts(lines)
    assert starts == [0, 4] and not re.match(r"^\s*\|\s*:?-{3,}", lines[5] if len(lines) > 5 else "")
