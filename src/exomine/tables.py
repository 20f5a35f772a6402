"""Tables: write and read record TSVs, and aggregate triple mentions.

The I/O edge for records. Writers are atomic (write to a temporary file,
then rename), so an interrupted run never leaves a half-written table in
place of a good one; :func:`atomic_open` is that one way of writing a file,
for every output of exomine, and the file gets the permissions any new file
of the user gets (0644 under umask 022).

Cells are safe to open in a spreadsheet: a text cell that starts with ``=``,
``+``, ``-`` or ``@`` (what a spreadsheet runs as a formula) is written with
a leading apostrophe (the OWASP "CSV injection" advice), numbers such as
``-1`` are left alone, and :func:`read_records` removes the apostrophe again,
so records read back are the records written.

>>> from exomine.records import Triple
>>> t = dict(regulator="miR-21", regulator_label="MIRNA", regulator_id="MI1", targets="PTEN", target_ids="HGNC:9588",
...          drug="Cisplatin", drug_id="DB00515", effect="resistance", cancer="", source_cell="", n_mentions=1,
...          n_docs=1, doc_ids="a", evidence="e", hedged=False, provenance="a:1")
>>> [x.n_docs for x in aggregate_triples([Triple(**t), Triple(**{**t, "doc_ids": "b", "provenance": "b:4"})])]
[2]
"""

from __future__ import annotations

import csv
import os
import re
import secrets
from collections import Counter
from pathlib import Path
from contextlib import contextmanager
from typing import IO, Collection, Iterable, Iterator, Sequence, TextIO, Type, TypeVar

from exomine.records import ORIGINS, SECTION_KINDS, Triple

__all__ = ["write_records", "read_records", "concat_tables", "aggregate_triples", "triple_key", "neutralise_cell",
           "restore_cell", "atomic_open", "sweep_temporary", "combine_beliefs", "evidence_rank", "SECTION_RANKS",
           "INDIRECT_RULE"]

R = TypeVar("R")

# A spreadsheet formula starts with one of these (after any apostrophes a neutralised cell already carries).
_FORMULA = re.compile(r"'*[=+\-@]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FIRST = frozenset("=+-@'")


def neutralise_cell(value):
    """``value`` as a cell no spreadsheet runs as a formula: ``'=HYPERLINK(..)`` for ``=HYPERLINK(..)``.

    Numbers (``-1``, ``+3.5``) and non-text values are returned unchanged; a
    text that already starts with apostrophes before a formula character
    gets one more, so that :func:`restore_cell` is its exact inverse.

    >>> neutralise_cell("=1+2"), neutralise_cell("-1"), neutralise_cell("'=x"), restore_cell("''=x")
    ("'=1+2", '-1', "''=x", "'=x")
    """
    if type(value) is str and value and value[0] in _FIRST and _FORMULA.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The text :func:`neutralise_cell` was given (one leading apostrophe before a formula removed)."""
    if value[:1] == "'" and _FORMULA.match(value, 1):
        return value[1:]
    return value


@contextmanager
def atomic_open(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and move it into place only on success.

    ``mode`` is ``"w"`` (UTF-8 text, no newline translation) or ``"wb"``. The
    temporary file is created as :func:`open` creates files (mode 0666 less the
    umask), not as :func:`tempfile.mkstemp` does (0600), so the file moved into
    place is readable by whoever may read the user's other files.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> with atomic_open(os.path.join(d, "a.tsv")) as fh:
    ...     _ = fh.write("x\\n")
    >>> os.listdir(d)
    ['a.tsv']
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes text ('w') or bytes ('wb'), not {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with (os.fdopen(fd, "wb") if mode == "wb" else os.fdopen(fd, "w", newline="", encoding="utf-8")) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")  # the temporary name atomic_open gives a file


def sweep_temporary(folder: str | Path) -> list[Path]:
    """Remove the temporary files that :func:`atomic_open` writers left under ``folder`` when they were killed
    (call it only while no writer can be running: the run lock is held). Returns what was removed."""
    removed = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            if _TEMPORARY.match(name):
                path = Path(dirpath) / name
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_records(path: str | Path, records: Iterable, columns: Sequence[str]) -> int:
    """Write records (objects with ``to_row``) as a TSV with a header; returns the row count."""
    n = 0
    with atomic_open(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for rec in records:
            writer.writerow({k: neutralise_cell(v) for k, v in rec.to_row().items()})
            n += 1
    return n


def read_records(path: str | Path, cls: Type[R]) -> list[R]:
    """Read a TSV written by :func:`write_records` back into records of ``cls``.

    Rows are read as :class:`csv.DictReader` reads them (a short row's missing cells are ``None``,
    blank lines are skipped), with a neutralised cell restored (:func:`restore_cell`).
    """
    csv.field_size_limit(1 << 24)
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header is None:
            return out
        width = len(header)
        for values in reader:
            if not values:
                continue
            if "\t'" in "\t" + "\t".join(values):  # a cell starts with an apostrophe: maybe a neutralised one
                values = [restore_cell(v) if v[:1] == "'" else v for v in values]
            row = dict(zip(header, values))
            if len(values) != width:  # as DictReader: missing cells are None, extra ones go under None
                if len(values) < width:
                    row.update(dict.fromkeys(header[len(values):]))
                else:
                    row[None] = values[width:]
            out.append(cls.from_row(row))  # type: ignore[attr-defined]
    return out


def concat_tables(paths: Iterable[str | Path], out: str | Path, columns: Sequence[str] = (),
                  skip_docs: Collection[str] = ()) -> int:
    """Concatenate TSVs that share a header, streaming (no parsing); returns the row count.

    With no input tables the output holds just the header made of ``columns``.
    Rows whose ``doc_id`` is in ``skip_docs`` are left out (those tables are
    parsed, and the rows kept are written back byte for byte).

    Raises
    ------
    ValueError
        When a table's header differs from the first one's (naming the file).
    """
    header = None
    n = 0
    with atomic_open(out) as dst:
        for path in paths:
            with open(path, encoding="utf-8", newline="") as src:
                first = src.readline()
                if header is None:
                    header = first
                    dst.write(first)
                elif first != header:
                    raise ValueError(f"{path}: header differs from the other tables'")
                names = first.rstrip("\r\n").split("\t")
                if skip_docs and "doc_id" in names:
                    n += _copy_rows_except(src, dst, names.index("doc_id"), skip_docs)
                    continue
                for line in src:
                    dst.write(line)
                    n += 1
        if header is None and columns:
            dst.write("\t".join(columns) + "\n")
    return n


def _copy_rows_except(src: TextIO, dst: TextIO, column: int, skip_docs: Collection[str]) -> int:
    csv.field_size_limit(1 << 24)
    writer = csv.writer(dst, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    n = 0
    for row in csv.reader(src, delimiter="\t"):
        if len(row) > column and restore_cell(row[column]) in skip_docs:
            continue
        writer.writerow(row)
        n += 1
    return n


def triple_key(t: Triple) -> tuple[str, str, str]:
    """Deduplication key: normalised regulator and drug ids, and the effect."""
    return (t.regulator_id or t.regulator.lower(), t.drug_id or t.drug.lower(), t.effect)


def _ordered_union(values: Iterable[str]) -> list[str]:
    out: dict[str, None] = {}
    for v in values:
        for part in v.split(";"):
            if part:
                out.setdefault(part, None)
    return list(out)


def _first_in(order: Sequence[str], values: Iterable[str]) -> str:
    """The value of ``values`` that comes first in ``order`` (``""`` when none is in it)."""
    ranked = [order.index(v) for v in values if v in order]
    return order[min(ranked)] if ranked else ""


# Where a triple's primary evidence should not come from when a better mention exists: a reference title, then a
# caption (lower rank is better; every other section kind ranks 0), by the mention's ``section_kind``
# (exomine.records.SECTION_KINDS).
SECTION_RANKS = {"caption": 1, "reference": 2}
# A knockdown paraphrase ("loss of X restored sensitivity") states a finding only through its converse.
INDIRECT_RULE = "state.knockdown"


def combine_beliefs(values: Iterable[float]) -> float:
    """Independent evidence: ``1 - prod(1 - p)``, folded in the given order (the SQL aggregation folds alike).

    >>> combine_beliefs([0.5, 0.5]), combine_beliefs([0.9]), combine_beliefs([])
    (0.75, 0.9, 0.0)
    """
    belief = None
    for p in values:
        belief = p if belief is None else 1 - (1 - belief) * (1 - p)
    return 0.0 if belief is None else belief


def evidence_rank(t: Triple) -> tuple:
    """How well a mention serves as its triple's evidence (higher is better): a body sentence before a caption or a
    reference title, a direct statement before a knockdown paraphrase, then belief, the longest chain, the shortest
    sentence."""
    return (-SECTION_RANKS.get(t.section_kind, 0), INDIRECT_RULE not in t.rule, t.belief,
            len(t.targets.split(";")) if t.targets else 0, -len(t.evidence))


def aggregate_triples(mentions: Iterable[Triple]) -> list[Triple]:
    """Merge triple mentions that share regulator id, drug id and effect.

    Targets are the ordered union of the mentions' chains; cancer and source
    cell the most frequent non-empty values; the evidence is the sentence of
    the best mention (:func:`evidence_rank`); the belief combines the
    mentions' (:func:`combine_beliefs`, rounded to 4 decimals). Origins
    keep the strictest among the mentions (:data:`~exomine.records.ORIGINS`;
    for cancer and source cell, among the mentions with the value kept), the
    section kind the best (:data:`~exomine.records.SECTION_KINDS`), and a
    triple is ``background`` only when every mention is.
    """
    groups: dict[tuple[str, str, str], list[Triple]] = {}
    for t in mentions:
        groups.setdefault(triple_key(t), []).append(t)
    out = []
    for group in groups.values():
        best = max(group, key=evidence_rank)
        chain: dict[str, tuple[str, str]] = {}  # one target per id (or name): its first surface
        for t in group:
            for name, tid in zip(t.targets.split(";") if t.targets else [], (t.target_ids or "").split(";")):
                chain.setdefault(tid or name.lower(), (name, tid))
        targets, ids = [n for n, _ in chain.values()], [i for _, i in chain.values()]
        docs = _ordered_union(t.doc_ids for t in group)
        cancer = Counter(t.cancer for t in group if t.cancer).most_common(1)
        cell = Counter(t.source_cell for t in group if t.source_cell).most_common(1)
        cancer_from = _first_in(ORIGINS, (t.cancer_from for t in group if cancer and t.cancer == cancer[0][0]))
        cell_from = _first_in(ORIGINS, (t.source_cell_from for t in group if cell and t.source_cell == cell[0][0]))
        out.append(Triple(
            regulator=best.regulator, regulator_label=best.regulator_label, regulator_id=best.regulator_id,
            targets=";".join(targets), target_ids=";".join(ids), drug=best.drug, drug_id=best.drug_id,
            effect=best.effect, cancer=cancer[0][0] if cancer else "", source_cell=cell[0][0] if cell else "",
            n_mentions=sum(t.n_mentions for t in group), n_docs=len(docs), doc_ids=";".join(docs),
            evidence=best.evidence, hedged=all(t.hedged for t in group),
            provenance=";".join(_ordered_union(t.provenance for t in group)),
            drug_is_class=best.drug_is_class, rule=";".join(_ordered_union(t.rule for t in group)),
            drug_from=_first_in(ORIGINS, (t.drug_from for t in group)), cancer_from=cancer_from,
            source_cell_from=cell_from, section_kind=_first_in(SECTION_KINDS, (t.section_kind for t in group)),
            background=all(t.background for t in group),
            belief=round(combine_beliefs(t.belief for t in group), 4),
        ))
    return sorted(out, key=lambda t: (-t.n_mentions, t.regulator, t.drug, t.effect))
