"""Validate a user's tabular and rule inputs against JSON Schemas; every error names file, line and column.

The schemas are data beside the packaged inputs they describe
(``data/manifest.schema.yaml`` for a corpus ``manifest.tsv``,
``data/relation_rules.schema.yaml`` for relation rules). A YAML file is
validated on its node tree, so that an error points at the line and column
of the offending value (rna-seq-star-deseq2 validates its sample sheets the
same way, with ``snakemake.utils.validate``, but without positions).

>>> from exomine.validation import load_yaml
>>> load_yaml("rules.yaml", "regulators: [MIRNA]\\nbinary: 3\\n", {"properties": {"binary": {"type": "array"}}})
Traceback (most recent call last):
...
exomine.validation.SchemaError: rules.yaml: line 2, column 9: binary: 3 is not of type 'array'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import jsonschema
import yaml

__all__ = ["Problem", "SchemaError", "load_schema", "load_yaml", "load_yaml_file", "record_problems", "decode_utf8"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at a line and column (both from 1)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}: line {self.line}, column {self.column}: {self.message}"


class SchemaError(ValueError):
    """An input does not fit its schema; the message lists every problem, one per line."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """The packaged JSON Schema ``data/<name>.schema.yaml``."""
    return yaml.safe_load(resources.files("exomine").joinpath(f"data/{name}.schema.yaml").read_text("utf-8"))


_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("regex", raises=re.error)
def _is_regex(value: object) -> bool:
    if isinstance(value, str):
        re.compile(value)
    return True


def _validator(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, format_checker=_FORMATS)


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For an ``anyOf``/``oneOf`` failure, the alternative that came closest (not a mere type mismatch)."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        closer = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(closer, key=lambda e: len(e.absolute_path))
    return error


def _message(error: jsonschema.ValidationError) -> str:
    error = _deepest(error)
    where = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "format" and error.validator_value == "regex":
        text = f"not a valid regular expression ({error.cause})"
    elif error.validator == "pattern" and error.schema.get("description"):
        text = f"{error.instance!r} is not {error.schema['description']}"
    else:
        text = error.message
    return f"{where}: {text}" if where else text


def record_problems(record: Mapping[str, Any], schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for every way ``record`` (one table row) breaks ``schema``; ``field`` may be ``""``."""
    out = []
    for error in sorted(_validator(schema).iter_errors(record), key=lambda e: [str(p) for p in e.absolute_path]):
        error = _deepest(error)
        field = str(error.absolute_path[0]) if error.absolute_path else ""
        if error.validator == "required":
            field = re.match(r"'([^']*)'", error.message).group(1) if error.message.startswith("'") else ""
        out.append((field, _message(error)))
    return out


def decode_utf8(path: str, data: bytes) -> str:
    """``data`` as text; :class:`SchemaError` at the line and column of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SchemaError([Problem(path, line, column,
                                   f"not UTF-8 text (byte 0x{data[exc.start]:02x}; save the file as UTF-8)")]) from exc


def _node_at(node: yaml.Node, path: Sequence[Any]) -> yaml.Node:
    """The YAML node at a JSON-Schema error path (as deep as the path can be followed)."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if str(k.value) == str(key)]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node


def load_yaml(path: str, text: str, schema: Mapping[str, Any]) -> Any:
    """Parse YAML ``text`` (read from ``path``) and validate it against ``schema``.

    Raises
    ------
    SchemaError
        For YAML syntax errors and for every schema violation, each at its
        line and column.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SchemaError([Problem(path, line, column, f"not valid YAML: {exc.problem or exc.context}")]) from exc
    except yaml.YAMLError as exc:
        raise SchemaError([Problem(path, 1, 1, f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    errors = list(_validator(schema).iter_errors(data))
    if errors:
        problems = []
        for error in errors:
            at = _node_at(node, list(_deepest(error).absolute_path)) if node is not None else None
            line, column = (at.start_mark.line + 1, at.start_mark.column + 1) if at is not None else (1, 1)
            problems.append(Problem(path, line, column, _message(error)))
        raise SchemaError(sorted(problems, key=lambda p: (p.line, p.column)))
    return data


def load_yaml_file(path: str | Path, schema: str) -> Any:
    """Read, parse and validate a UTF-8 YAML file against the packaged schema named ``schema``."""
    data = Path(path).read_bytes()
    return load_yaml(str(path), decode_utf8(str(path), data), load_schema(schema))
