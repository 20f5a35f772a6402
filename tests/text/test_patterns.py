"""Tests for exomine.text.patterns: every packaged pattern's examples and counter-examples, and the file checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from exomine.text.patterns import PatternError, check_example, load_patterns

PATTERN_FILES = ("tagger_patterns.yaml", "ncrna_names.yaml", "context_patterns.yaml")  # the files in exomine.text.patterns format


def _cases():
    for name in PATTERN_FILES:
        for pid, p in load_patterns(name).items():
            for e in p.examples:
                yield pytest.param(name, pid, e, True, id=f"{pid}+{e[:40]}")
            for e in p.counter_examples:
                yield pytest.param(name, pid, e, False, id=f"{pid}-{e[:40]}")


def test_patterns_files_are_found() -> None:
    data = Path(__file__).resolve().parents[2] / "src" / "exomine" / "data"
    assert all((data / name).is_file() for name in PATTERN_FILES)


@pytest.mark.parametrize("name, pid, example, positive", list(_cases()))
def test_patterns_example(name: str, pid: str, example: str, positive: bool) -> None:
    problem = check_example(load_patterns(name)[pid], example, positive)
    assert problem is None, problem


@pytest.mark.parametrize(
    "text, message",
    [
        ("patterns: []\n", "patterns"),
        ("patterns:\n  - {id: x, pattern: 'a', examples: []}\n", "examples"),
        ("patterns:\n  - {id: Bad-Id, pattern: 'a', examples: ['a']}\n", "id"),
        ("patterns:\n  - {id: x, pattern: '(', examples: ['a']}\n", "does not compile"),
        ("patterns:\n  - {id: x, pattern: '{{NOPE}}', examples: ['a']}\n", "undefined"),
        ("patterns:\n  - {id: x, pattern: 'a', examples: ['a']}\n  - {id: x, pattern: 'b', examples: ['b']}\n", "twice"),
        ("patterns: [\n", "cannot read"),
    ],
)
def test_patterns_bad_file_names_file_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError) as info:
        load_patterns(str(path))
    assert str(path) in str(info.value) and message in str(info.value)


def test_patterns_find_examples_check_marked_spans(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("definitions: {D: '[-]'}\npatterns:\n  - id: foo\n    test: find\n"
                    "    pattern: 'FOO{{D}}\\d+'\n    examples: ['a [[FOO-1]] b']\n", encoding="utf-8")
    p = load_patterns(str(path))["foo"]
    assert check_example(p, "x [[FOO-2]] y", True) is None
    assert check_example(p, "x [[FOO]]-2 y", True) is not None  # the marked text is not a whole match
    assert check_example(p, "no match here", False) is None
    assert check_example(p, "x FOO-3", False) is not None
