"""Named regular expressions kept as data, with the examples that show their work.

The tagger's and the nomenclature's patterns live in YAML files in
``exomine/data/`` (``tagger_patterns.yaml``, ``ncrna_names.yaml``). Each
pattern has an ``id``, the ``pattern`` itself, a ``description``, and
``examples`` / ``counter_examples`` that the test-suite runs, so that the
rule and its evidence sit side by side. A file is validated against
``exomine/data/patterns.schema.json`` when it is loaded.

File layout::

    definitions:            # reusable pieces, written {{NAME}} in patterns
      DASH: '[-\\u2010]'
    patterns:
      - id: mirna
        label: MIRNA        # optional: what a match is
        test: find          # how the examples are read (see below)
        pattern: 'miR{{DASH}}\\d+'
        examples: ['Exosomal [[miR-9999]] rose.']
        counter_examples: ['the miRNAs']

``test`` says how an example is checked: ``fullmatch`` (the whole string
matches), ``match`` (a match at its start), ``search`` (a match anywhere) or
``find``: every ``[[...]]``-marked substring is found as a match (the
``name`` group if the pattern has one, else the whole match); a
counter-example with marks must not have the marked substrings found, one
without marks must give no match at all.

This module imports only the standard library, PyYAML and jsonschema.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

__all__ = ["NamedPattern", "PatternSet", "PatternError", "load_patterns", "check_example", "data_path"]

_FLAGS = {"IGNORECASE": re.I, "VERBOSE": re.X, "MULTILINE": re.M}
_MARK = re.compile(r"\[\[(.+?)\]\]")


class PatternError(ValueError):
    """A pattern file is malformed; the message names the file and the reason."""


@dataclass(frozen=True)
class NamedPattern:
    """One named, compiled regular expression with its examples."""

    id: str
    regex: re.Pattern
    test: str
    label: str = ""
    description: str = ""
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of every match (of the ``name`` group when the pattern has one)."""
        named = "name" in self.regex.groupindex
        for m in self.regex.finditer(text):
            if named:
                if m.start("name") >= 0:
                    yield m.start("name"), m.end("name")
            else:
                yield m.start(), m.end()


class PatternSet(Mapping[str, NamedPattern]):
    """The patterns of one file, by id, in file order."""

    def __init__(self, patterns: Mapping[str, NamedPattern], source: str):
        self._patterns = dict(patterns)
        self.source = source

    def __getitem__(self, key: str) -> NamedPattern:
        return self._patterns[key]

    def __iter__(self):
        return iter(self._patterns)

    def __len__(self) -> int:
        return len(self._patterns)


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return Path(__file__).resolve().parents[1] / "data" / name


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(data_path("patterns.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_patterns(path: str | Path) -> PatternSet:
    """Load, validate and compile a pattern file (a packaged file name or a path).

    Raises
    ------
    PatternError
        The file is not valid YAML, does not follow the schema, repeats an
        id, uses an undefined ``{{NAME}}`` or holds a pattern that does not
        compile.
    """
    import jsonschema
    import yaml

    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = data_path(str(path))
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise PatternError(f"{p}: cannot read pattern file ({exc})") from exc
    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(x) for x in exc.absolute_path) or "top level"
        raise PatternError(f"{p}: {where}: {exc.message}") from exc
    defs = dict(data.get("definitions") or {})
    for name, value in list(defs.items()):  # a definition may use earlier ones
        defs[name] = _expand(value, {k: v for k, v in defs.items() if k != name}, p, name)
    out: dict[str, NamedPattern] = {}
    for item in data["patterns"]:
        pid = item["id"]
        if pid in out:
            raise PatternError(f"{p}: pattern id {pid!r} is used twice")
        source = _expand(item["pattern"], defs, p, pid)
        flags = 0
        for f in item.get("flags", []):
            flags |= _FLAGS[f]
        try:
            regex = re.compile(source, flags)
        except re.error as exc:
            raise PatternError(f"{p}: pattern {pid!r} does not compile ({exc})") from exc
        out[pid] = NamedPattern(pid, regex, item.get("test", "search"), item.get("label", ""),
                                item.get("description", ""), tuple(item.get("examples", ())),
                                tuple(item.get("counter_examples", ())))
    return PatternSet(out, str(p))


def _expand(pattern: str, defs: Mapping[str, str], path: Path, pid: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in defs:
            raise PatternError(f"{path}: pattern {pid!r} uses undefined {{{{{name}}}}}")
        return defs[name]

    return re.sub(r"\{\{([A-Z_][A-Z0-9_]*)\}\}", sub, pattern)


def check_example(pattern: NamedPattern, example: str, positive: bool) -> str | None:
    """Check one example (``positive``) or counter-example; return what is wrong, or ``None``."""
    rx, test = pattern.regex, pattern.test
    if test in ("fullmatch", "match", "search"):
        hit = bool(getattr(rx, test)(example))
        if hit != positive:
            return f"{pattern.id}: {test} {'fails on' if positive else 'accepts'} {example!r}"
        return None
    marks, plain, pos = [], [], 0
    for m in _MARK.finditer(example):
        plain.append(example[pos : m.start()])
        start = sum(len(x) for x in plain)
        marks.append((start, start + len(m.group(1))))
        plain.append(m.group(1))
        pos = m.end()
    plain.append(example[pos:])
    text = "".join(plain)
    found = set(pattern.spans(text))
    if positive:
        missing = [text[a:b] for a, b in marks if (a, b) not in found]
        if not marks:
            return f"{pattern.id}: example {example!r} marks no [[match]]"
        if missing:
            return f"{pattern.id}: does not find {missing} in {text!r} (found {[text[a:b] for a, b in sorted(found)]})"
        return None
    if marks:
        wrong = [text[a:b] for a, b in marks if (a, b) in found]
        return f"{pattern.id}: finds {wrong} in {text!r}" if wrong else None
    return f"{pattern.id}: finds {[text[a:b] for a, b in sorted(found)]} in {text!r}" if found else None
