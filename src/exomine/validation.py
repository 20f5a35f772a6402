r"""Validate a user's tabular and rule inputs; every error names file, line and column.

A table row is checked against a JSON Schema beside the packaged inputs
(``data/manifest.schema.yaml`` for a corpus ``manifest.tsv``), and the
caller knows the row's line and each field's column. For a YAML file the
line and column of a value are found on the file's node tree
(:class:`YamlPositions`), so that a schema error reported for a path
(``binary[3].trigger``) can point at the place in the file
(rna-seq-star-deseq2 validates its sample sheets with
``snakemake.utils.validate``, without positions).

>>> at = YamlPositions("regulators: [MIRNA]\nbinary:\n  - id: x\n    trigger: 3\n")
>>> at("binary[0].trigger"), at(["regulators", 0]), at("nowhere")
('line 4, column 14: ', 'line 1, column 14: ', 'line 1, column 1: ')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

import jsonschema
import yaml

__all__ = ["Problem", "SchemaError", "YamlPositions", "load_schema", "record_problems", "decode_utf8"]


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


_VALIDATORS: dict[int, tuple[Mapping[str, Any], Any]] = {}


def _validator(schema: Mapping[str, Any]):
    """A validator for ``schema``, built once per schema object (rows are validated one by one)."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
        cached = _VALIDATORS[id(schema)] = (schema, cls(schema))
    return cached[1]


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For an ``anyOf``/``oneOf`` failure, the alternative that came closest (not a mere type mismatch)."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        closer = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(closer, key=lambda e: len(e.absolute_path))
    return error


def _message(error: jsonschema.ValidationError) -> str:
    error = _deepest(error)
    where = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "pattern" and error.schema.get("description"):
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


def _path(where: str | Sequence[Any]) -> list[Any]:
    """``binary[3].trigger`` as ``["binary", 3, "trigger"]`` (a sequence is returned as a list)."""
    if not isinstance(where, str):
        return list(where)
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", where)]


class YamlPositions:
    """Where a value of a YAML text is: ``at("binary[3].trigger")`` is ``"line 12, column 14: "``.

    The text is parsed (into nodes, with their marks) at the first call only.
    A path that cannot be followed to its end gives the place of its deepest
    part that can; a text that is not valid YAML gives ``""``.
    """

    def __init__(self, text: str):
        self.text = text
        self._root: yaml.Node | None | bool = False

    def _node(self, path: Sequence[Any]) -> yaml.Node | None:
        if self._root is False:
            try:
                self._root = yaml.compose(self.text, Loader=yaml.SafeLoader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
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
        return node  # type: ignore[return-value]

    def __call__(self, where: str | Sequence[Any]) -> str:
        node = self._node(_path(where))
        if node is None:
            return ""
        return f"line {node.start_mark.line + 1}, column {node.start_mark.column + 1}: "


def coerce_cli_booleans(config: dict, schema_path: str) -> dict:
    """Turn ``"true"``/``"false"`` given on the command line (``--config strict=true`` arrives as
    text) into booleans for every key the config schema types as boolean; in place, returned."""
    with open(schema_path, encoding="utf-8") as fh:
        props = (yaml.safe_load(fh) or {}).get("properties", {})
    for key, spec in props.items():
        value = config.get(key)
        if spec.get("type") == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
            config[key] = value.lower() == "true"
    return config


def config_problems(config: dict, schema_path: str) -> list[str]:
    """Short messages for a workflow config that its schema refuses: an unknown key (with the nearest known
    one), a value of the wrong type. Empty when the config is valid.

    Snakemake's own validation error prints the whole schema; these name the key and what was expected.
    """
    import difflib

    with open(schema_path, encoding="utf-8") as fh:
        schema = yaml.safe_load(fh) or {}
    known = sorted(schema.get("properties", {}))
    problems = []
    for key in sorted(set(config) - set(known)):
        near = difflib.get_close_matches(key, known, n=1)
        problems.append(f"unknown config key {key!r}" + (f" (did you mean {near[0]!r}?)" if near else "")
                        + f"; known keys: {', '.join(known)}")
    checked = {k: v for k, v in config.items() if k in known}
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    sub = {k: v for k, v in schema.items() if k != "additionalProperties"}
    for error in sorted(cls(sub).iter_errors(checked), key=lambda e: list(e.path)):
        where = ".".join(str(p) for p in error.path) or "config"
        problems.append(f"config key {where!r}: {error.message}")
    return problems
