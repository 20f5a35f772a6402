"""The package's folders are its architecture: a stage imports only the stages below it.

reading -> text -> entities -> relations -> extraction -> outputs / evaluation, on a base of records,
tables and validation, with the command line on top. A lower layer never imports a higher one, and
outputs and evaluation (side by side) never import each other. Imports inside functions count too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "exomine"

# rank of each part of the package; equal ranks may not import each other unless they are the same part
LAYERS = {
    "__init__": 0, "records": 0, "validation": 0, "runlock": 0, "filenames": 0, "tables": 0.5,  # table I/O writes records
    "curation": 0.75,  # curation marks on records and tables
    "text": 1,
    "reading": 2,
    "entities": 3,
    "relations": 4,
    "extraction": 5,
    "outputs": 6, "evaluation": 6,
    "app": 7,
    "cli": 8,
}


def _part(module: str) -> str:
    """The layer part of a dotted module name inside exomine ('exomine.reading.jats' -> 'reading')."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        out.append((".".join(rel.parts), path))
    return out


def _imports(module: str, path: Path) -> set[str]:
    """Every exomine module that ``module`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "exomine"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = module.split(".")[: -node.level] if not path.name == "__init__.py" else \
                    module.split(".")[: len(module.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.split(".")[0] == "exomine":
                found.add(name)
                found |= {f"{name}.{a.name}" for a in node.names}  # 'from exomine import tables'
    return found


def test_layers_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(module) for module, _ in _modules()}
    assert parts <= set(LAYERS), parts - set(LAYERS)


@pytest.mark.parametrize("module,path", _modules(), ids=[m for m, _ in _modules()])
def test_layers_no_import_points_up(module: str, path: Path) -> None:
    mine = _part(module)
    known = {m for m, _ in _modules()}
    wrong = []
    for name in _imports(module, path):
        if name not in known and name.rsplit(".", 1)[0] in known:
            name = name.rsplit(".", 1)[0]  # an object imported from a module
        if name not in known:
            continue
        theirs = _part(name)
        if theirs == mine or theirs == "__init__":
            continue
        if LAYERS[theirs] >= LAYERS[mine]:
            wrong.append(f"{module} ({mine}) imports {name} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_layers_check_catches_an_upward_import(tmp_path: Path) -> None:
    # the check itself can fail: a text module that imports the relation engine is caught
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from exomine.relations.engine import load_rules\n", encoding="utf-8")
    names = _imports("exomine.text.fake", fake)
    assert "exomine.relations.engine" in names
    assert LAYERS[_part("exomine.relations.engine")] > LAYERS[_part("exomine.text.fake")]


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 500, 80


def test_layers_rooms_are_small() -> None:
    # one concern a module: no module over 500 lines, no function over 80 (split it into named steps instead)
    big = []
    for module, path in _modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            big.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    big.append(f"{module}.{node.name}: {length} lines")
    assert not big, "\n".join(big)
