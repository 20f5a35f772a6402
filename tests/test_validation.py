"""Tests for schema validation with positions (exomine.validation): manifests and relation rules files."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from exomine.reading.corpus import MANIFEST_COLUMNS, load_manifest, read_manifest
from exomine.reading.ingest import InputError
from exomine.relations.engine import RulesError, load_rules
from exomine.validation import YamlPositions

HEADER = "\t".join(MANIFEST_COLUMNS + ("seed",))
ROW_A = "\t".join(["a", "a.txt", "Title A", "J A", "2020", "10.1/a", "123", "PMC1", "s0"])
ROW_B = "\t".join(["b", "b.xml", "Title B", "", "", "", "", "", ""])


def _manifest(tmp_path: Path, *lines: str, data: bytes | None = None) -> Path:
    path = tmp_path / "manifest.tsv"
    path.write_bytes(data if data is not None else ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _docs(tmp_path: Path, *names: str) -> dict[str, Path]:
    docs = {}
    for name in names:
        (tmp_path / name).write_text("Exosomal miR-9999.\n", encoding="utf-8")
        docs[name.rsplit(".", 1)[0]] = tmp_path / name
    return docs


def test_validation_manifest_good_rows(tmp_path: Path) -> None:
    m = load_manifest(_manifest(tmp_path, HEADER, ROW_A, "", ROW_B), _docs(tmp_path, "a.txt", "b.xml"))
    assert m.problems == ()
    assert set(m.rows) == {"a", "b"} and m.rows["a"]["seed"] == "s0"


@pytest.mark.parametrize(
    "row, line_column, message, emptied",
    [
        (ROW_A + "\textra", (2, 10), "extra field 'extra': the header has 9 columns", None),
        (ROW_A.replace("2020", "20x0"), (2, 5), "year: '20x0' is not a four-digit year (the value is not used)",
         "year"),
        (ROW_A.replace("\t123\t", "\tPMID123\t"), (2, 7), "pmid: 'PMID123' is not a PubMed id (digits)", "pmid"),
        (ROW_A.replace("10.1/a", "10.1/a b"), (2, 6), "doi: '10.1/a b' is not a DOI", "doi"),
        (ROW_A.replace("a\ta.txt", "\ta.txt"), (2, 1), "doc_id: '' is not a document id", None),
        (ROW_A.replace("a\ta.txt", "a;b\ta.txt"), (2, 1), "doc_id: 'a;b' is not a document id", None),
        (ROW_A.replace("a.txt", "sub/a.txt"), (2, 2), "file: 'sub/a.txt' is not a file name in the corpus folder",
         None),
    ],
)
def test_validation_manifest_bad_row_names_line_and_column(tmp_path: Path, row: str, line_column, message,
                                                           emptied) -> None:
    path = _manifest(tmp_path, HEADER, row, ROW_B)
    m = load_manifest(path, _docs(tmp_path, "a.txt", "b.xml"))
    if emptied:  # a bad value is left out, the rest of its row is used
        assert set(m.rows) == {"a", "b"} and m.rows["a"][emptied] == "" and m.rows["a"]["title"] == "Title A"
    else:  # a row that cannot be matched to its document is not used; the other rows are
        assert set(m.rows) == {"b"}
    (problem,) = m.problems
    assert (problem.path, problem.line, problem.column) == (str(path), *line_column)
    assert problem.message.startswith(message), problem.message
    with pytest.raises(InputError) as info:
        read_manifest(path)
    assert str(info.value).startswith(f"{path}: line {line_column[0]}, column {line_column[1]}: ")


def test_validation_manifest_rows_across_the_file(tmp_path: Path) -> None:
    other_title = ROW_A.replace("Title A", "Another title")
    ghost = "\t".join(["ghost", "ghost.txt", "", "", "", "", "", "", ""])
    renamed = "\t".join(["bee", "b.xml", "", "", "", "", "", "", ""])
    path = _manifest(tmp_path, HEADER, ROW_A, other_title, ghost, renamed)
    m = load_manifest(path, _docs(tmp_path, "a.txt", "b.xml"))
    assert m.rows == {"a": dict(zip(HEADER.split("\t"), ROW_A.split("\t")))}  # the first row of a wins
    assert [(p.line, p.column) for p in m.problems] == [(3, 1), (4, 2), (5, 1)]
    assert m.problems[0].message == "doc_id 'a' repeats line 2"
    assert m.problems[1].message == "file 'ghost.txt' is not in the corpus (no such file)"
    assert m.problems[2].message.startswith("doc_id 'bee' is not the document id of b.xml ('b')")


def test_validation_manifest_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    data = (HEADER + "\n" + ROW_B + "\n").encode("utf-8") + ROW_A.replace("Title A", "Caf\xe9").encode("latin-1")
    path = _manifest(tmp_path, data=data)
    m = load_manifest(path)
    assert m.rows == {}
    (problem,) = m.problems
    assert (problem.line, problem.column) == (3, 12)  # a, tab, a.txt, tab, C, a, f: the 12th byte
    assert problem.message.startswith("not UTF-8 text (byte 0xe9")


def test_validation_manifest_header_problems(tmp_path: Path) -> None:
    m = load_manifest(_manifest(tmp_path, "doc_id\ttitle", "a\tT"))
    assert m.rows == {} and m.problems[0].line == 1 and "lacks column(s) file" in m.problems[0].message
    m = load_manifest(_manifest(tmp_path, "doc_id\tfile\ttitle\ttitle", "a\ta.txt\tT1\tT2"))
    assert m.rows["a"]["title"] == "T1" and (m.problems[0].line, m.problems[0].column) == (1, 4)
    assert load_manifest(_manifest(tmp_path, data=b"")).rows == {}
    assert load_manifest(tmp_path / "absent.tsv").problems == ()


def _rules_text() -> str:
    return resources.files("exomine").joinpath("data/relation_rules.yaml").read_text("utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("version: 3", "version: three", "version: 3 was expected"),
        ("    object: [MIRNA]", "    object: [MIRA]", "binary[0].object[0]: 'MIRA' is not one of"),
        ("    effect: resistance\n    pattern: '{D}", "    effect: resistence\n    pattern: '{D}",
         "response[0].effect: 'resistence' is not one of"),
        ("    pattern: '^[\\s,]*((the|its", "    pattern: '(^[\\s,]*((the|its",
         "patterns.object_gap.pattern: invalid regular expression"),
        ("  - id: sponges\n", "  - id: sponges\n    typo: 1\n", "binary[0]: Additional properties are not allowed"),
    ],
)
def test_validation_rules_file_errors_name_line_and_column(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = _rules_text()
    assert old in text
    bad = text.replace(old, new, 1)
    path = tmp_path / "rules.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(str(path))
    m = re.match(rf"{re.escape(str(path))}: line (\d+), column (\d+): (.*)", str(info.value))
    assert m, str(info.value)
    changed = next(line for line in new.split("\n") if line not in old.split("\n"))
    value_line = _line_of(bad, changed)
    assert int(m.group(1)) in (value_line, value_line - 1), str(info.value)  # the value, or its mapping's first line
    assert m.group(3).startswith(message), m.group(3)


def test_validation_rules_file_duplicate_id_and_encoding(tmp_path: Path) -> None:
    text = _rules_text()
    bad = text.replace("  - id: response.drug_resistance\n", "  - id: sponges\n", 1)
    path = tmp_path / "rules.yaml"
    path.write_text(bad, encoding="utf-8")
    second = bad[: bad.index("  - id: sponges", bad.index("  - id: sponges") + 1)].count("\n") + 1
    with pytest.raises(RulesError, match=rf"line {second}, column 9: rule ids used twice: sponges"):
        load_rules(str(path))
    path.write_bytes(b"version: 3\n# caf\xe9\n")
    with pytest.raises(RulesError, match=r"rules.yaml: line 2, column 6: not UTF-8"):
        load_rules(str(path))


def test_validation_yaml_positions_follow_paths() -> None:
    text = "a:\n  - x: 1\n  - y: [p, q]\nb: {c: 2}\n"
    at = YamlPositions(text)
    assert (at("a[1].y[1]"), at(["b", "c"]), at("a[5]"), at("")) == (
        "line 3, column 12: ", "line 4, column 8: ", "line 2, column 3: ", "line 1, column 1: ")
    assert YamlPositions("a: [").__call__("a") == ""


def test_validation_cli_booleans_are_coerced(tmp_path) -> None:
    from exomine.validation import coerce_cli_booleans
    schema = tmp_path / "s.yaml"
    schema.write_text("properties:\n  strict: {type: boolean}\n  name: {type: string}\n", encoding="utf-8")
    cfg = coerce_cli_booleans({"strict": "True", "name": "false"}, str(schema))
    assert cfg == {"strict": True, "name": "false"}


CONFIG_SCHEMA = str(Path(__file__).resolve().parents[1] / "workflow" / "schemas" / "config.schema.yaml")


def test_validation_config_problems_name_the_key_and_the_nearest_one() -> None:
    from exomine.validation import config_problems

    (problem,) = config_problems({"strcit": True, "strict": False}, CONFIG_SCHEMA)
    assert problem.startswith("unknown config key 'strcit' (did you mean 'strict'?)")
    assert "{" not in problem  # not the schema


def test_validation_config_problems_wrong_type_and_a_valid_config() -> None:
    from exomine.validation import config_problems

    assert config_problems({"shards": "abc"}, CONFIG_SCHEMA) == ["config key 'shards': 'abc' is not of type 'integer'"]
    assert config_problems({"shards": 4, "strict": True}, CONFIG_SCHEMA) == []
