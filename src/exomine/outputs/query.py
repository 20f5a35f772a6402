"""Answer questions from the results database: triples by drug, effect, regulator, target or cancer; any SQL.

Names are matched through exomine's own lexicons and nomenclature, the way
the extractor normalised them: a drug by its lexicon identifier
(adriamycin finds Doxorubicin), a miRNA by its miRBase precursor (miR-21
finds hsa-miR-21, hsa-miR-21-5p and hsa-miR-21-3p; miR-21-5p only that
arm), a gene, lncRNA or circRNA by its identifier, a cancer by the MeSH
descriptors whose names or entry terms contain the words asked for
("gastric" finds Stomach Neoplasms). A name the lexicons do not know is
matched as written (case-insensitive), so nothing a table holds is
unreachable.

>>> m = NameMatch(ids=("DrugBank:DB00997",), names=("adriamycin", "doxorubicin"))
>>> sql, params = m.sql("drug_id", "drug")
>>> sql
'(drug_id IN (?) OR lower(drug) IN (?, ?))'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from exomine.entities.nomenclature import UNLISTED_MIRNA, canonical_circrna, canonical_mirna
from exomine.records import LABELS, ORIGINS, SECTION_KINDS, TRIPLE_COLUMNS
from exomine.tables import neutralise_cell

__all__ = ["NameMatch", "mirna_pattern", "Resolver", "TripleQuery", "DEFAULT_COLUMNS", "EFFECTS", "run_sql", "format_rows",
           "database_path", "load_resolver", "SANDBOX"]

DEFAULT_COLUMNS = ("regulator", "targets", "drug", "effect", "cancer", "source_cell", "n_docs", "belief")
EFFECTS = ("resistance", "sensitivity")
_MIRNA = re.compile(r"^[a-z]{3,4}-(?:miR|let)-", re.I)
_ARM = re.compile(r"-[35]p$", re.I)
_CIRC = re.compile(r"^(?:hsa_)?circ", re.I)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class NameMatch:
    """What a name stands for: identifiers, exact names (lower case) and name patterns (regexes, lower case)."""

    ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # unanchored; a whole name (or list element) must match

    def sql(self, id_col: str, name_col: str) -> tuple[str, list[str]]:
        """A WHERE condition on one id and one name column, with its parameters."""
        parts, params = [], []
        if self.ids:
            parts.append(f"{id_col} IN ({', '.join('?' * len(self.ids))})")
            params += self.ids
        if self.names:
            parts.append(f"lower({name_col}) IN ({', '.join('?' * len(self.names))})")
            params += self.names
        for pattern in self.patterns:
            parts.append(f"regexp_matches(lower({name_col}), ?)")
            params.append(f"^(?:{pattern})$")
        return "(" + " OR ".join(parts or ["false"]) + ")", params

    def list_sql(self, ids_col: str, names_col: str) -> tuple[str, list[str]]:
        """The same condition on ';'-joined list columns (targets, target_ids): any element matches."""
        parts, params = [], []
        if self.ids:
            parts.append(f"list_has_any(string_split({ids_col}, ';'), [{', '.join('?' * len(self.ids))}])")
            params += self.ids
        if self.names:
            parts.append(f"list_has_any(string_split(lower({names_col}), ';'), [{', '.join('?' * len(self.names))}])")
            params += self.names
        for pattern in self.patterns:
            parts.append(f"regexp_matches(lower({names_col}), ?)")
            params.append(f"(?:^|;)(?:{pattern})(?:;|$)")
        return "(" + " OR ".join(parts or ["false"]) + ")", params


def mirna_pattern(canonical: str) -> str:
    """A regex (lower case) for the ways a miRNA is written: species prefix optional, miR/microRNA/miRNA.

    Without an arm the pattern also matches the -5p and -3p arms.

    >>> import re
    >>> p = mirna_pattern("hsa-miR-21")
    >>> [bool(re.fullmatch(p, n)) for n in ("hsa-mir-21-5p", "mir-21", "microrna-21", "hsa-mir-210", "mir-21a")]
    [True, True, True, False, False]
    """
    m = re.match(r"^([a-z]{3,4})-(mir|let)-(.+?)(-[35]p)?$", canonical.lower())
    if not m:
        return re.escape(canonical.lower())
    species, kind, core, arm = m.groups()
    written = "(?:mir|microrna|mirna)-?" if kind == "mir" else "let-?"
    return f"(?:{species}-)?{written}{re.escape(core)}" + (re.escape(arm) if arm else "(?:-[35]p)?")


@dataclass
class Resolver:
    """Turns a name into a :class:`NameMatch` through the lexicon index (``exomine.extraction.pipeline.build_index``)."""

    index: Any
    cancer_entries: Sequence[Any] | None = None  # exomine.entities.lexicon entries of the cancers lexicon (loaded when needed)
    _tagger: Any = field(default=None, repr=False)

    def _entry(self, name: str, labels: Iterable[str]):
        entry = self.index.lookup(name)
        return entry if entry is not None and entry.label in labels else None

    def _mirna(self, name: str) -> NameMatch | None:
        canonical = canonical_mirna(name)
        if not _MIRNA.match(canonical):
            return None
        if self._tagger is None:
            from exomine.entities.tagger import EntityTagger

            self._tagger = EntityTagger(self.index)
        norm_id, canonical = self._tagger.normalise_mirna(name)
        if _ARM.search(canonical):
            return NameMatch(patterns=(mirna_pattern(canonical),))  # one arm asked for: that arm only
        known = not norm_id.startswith(UNLISTED_MIRNA)  # an accession, not the name of an unlisted miRNA
        return NameMatch(ids=(norm_id,) if known else (), patterns=(mirna_pattern(canonical),))

    def drug(self, name: str) -> NameMatch:
        entry = self._entry(name, ("DRUG",))
        if entry is None:
            return NameMatch(names=(name.lower(),))
        return NameMatch(ids=(entry.norm_id,), names=tuple(dict.fromkeys((name.lower(), entry.norm_name.lower()))))

    def regulator(self, name: str) -> NameMatch:
        """A miRNA, circRNA, lncRNA or gene (protein) name."""
        mirna = self._mirna(name)
        if mirna is not None:
            return mirna
        ids, names = [], [name.lower()]
        if _CIRC.match(name):
            circ_id, circ_name = canonical_circrna(name)
            ids.append(circ_id)
            names.append(circ_name.lower())
        entry = self._entry(name, ("GENE", "LNCRNA", "CIRCRNA"))
        if entry is not None:
            ids.append(entry.norm_id)
            names.append(entry.norm_name.lower())
        return NameMatch(ids=tuple(dict.fromkeys(ids)), names=tuple(dict.fromkeys(names)))

    def target(self, name: str) -> NameMatch:
        """A target is named like a regulator (a gene, a miRNA, an ncRNA) or a pathway."""
        match = self.regulator(name)
        entry = self._entry(name, ("PATHWAY",))
        if entry is not None:
            match = NameMatch(ids=match.ids + (entry.norm_id,), names=match.names, patterns=match.patterns)
        return match

    def cancer(self, name: str) -> NameMatch:
        """Cancer names (MeSH descriptors) for a cancer type: its lexicon entry, else every entry with its words."""
        names = []
        for term in (name, f"{name} cancer", f"{name} neoplasms", f"{name} carcinoma"):
            entry = self._entry(term, ("CANCER",))
            if entry is not None:
                names.append(entry.norm_name.lower())
        if not names:
            if self.cancer_entries is None:
                from exomine.entities.lexicon import load_lexicon

                self.cancer_entries = load_lexicon("cancers")
            words = set(_WORD.findall(name.lower()))  # none in '%' or '-': then no entry has them all
            names = sorted({e.norm_name.lower() for e in self.cancer_entries
                            if e.label == "CANCER" and words and words <= set(_WORD.findall(e.term.lower()))})
        return NameMatch(names=tuple(dict.fromkeys([name.lower(), *names])))


@dataclass(frozen=True)
class TripleQuery:
    """Filters on the ``triples`` table; empty ones do not filter."""

    drug: str = ""
    effect: str = ""
    regulator: str = ""
    target: str = ""
    cancer: str = ""
    regulator_type: str = ""
    # Where the values were named (exomine.extraction.context): keep triples whose drug, cancer and source
    # cell were each named at this origin or a stricter one ("sentence": nothing taken from the context).
    origin: str = ""
    sections: tuple[str, ...] = ()  # keep triples whose best evidence is in one of these section kinds
    no_background: bool = False  # leave out triples that rest only on background statements
    min_belief: float = 0.0  # only triples whose belief is at least this

    @property
    def needs_lexicons(self) -> bool:
        return bool(self.drug or self.regulator or self.target or self.cancer)

    def sql(self, resolver: Resolver | None, columns: Sequence[str] = DEFAULT_COLUMNS,
            limit: int = 0) -> tuple[str, list[Any]]:
        """The SELECT (rows in ``triples.tsv`` order) and its parameters."""
        unknown = [c for c in columns if c not in TRIPLE_COLUMNS and c != "triple_id"]
        if unknown:
            raise ValueError(f"unknown column(s) {', '.join(unknown)} (triples has {', '.join(TRIPLE_COLUMNS)})")
        if self.effect and self.effect not in EFFECTS:
            raise ValueError(f"effect must be one of {', '.join(EFFECTS)}, not {self.effect!r}")
        if self.regulator_type and self.regulator_type.upper() not in LABELS:
            raise ValueError(f"regulator type must be one of {', '.join(LABELS)}, not {self.regulator_type!r}")
        if self.origin and self.origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {self.origin!r}")
        wrong = [k for k in self.sections if k not in SECTION_KINDS]
        if wrong:
            raise ValueError(f"section must be among {', '.join(SECTION_KINDS)}, not {', '.join(map(repr, wrong))}")
        where, params = [], []

        def add(cond: tuple[str, list]) -> None:
            where.append(cond[0])
            params.extend(cond[1])

        if self.needs_lexicons and resolver is None:
            raise ValueError("name filters need the lexicon resolver")
        if self.drug:
            add(resolver.drug(self.drug).sql("drug_id", "drug"))
        if self.regulator:
            add(resolver.regulator(self.regulator).sql("regulator_id", "regulator"))
        if self.target:
            add(resolver.target(self.target).list_sql("target_ids", "targets"))
        if self.cancer:
            m = resolver.cancer(self.cancer)
            # the words as written, anywhere in the name ('%' and '_' are no wildcards)
            add((f"(lower(cancer) IN ({', '.join('?' * len(m.names))}) OR contains(lower(cancer), ?))",
                 [*m.names, self.cancer.lower()]))
        if self.effect:
            add(("effect = ?", [self.effect]))
        if self.regulator_type:
            add(("regulator_label = ?", [self.regulator_type.upper()]))
        if self.origin:
            allowed = list(ORIGINS[: ORIGINS.index(self.origin) + 1])
            marks = ", ".join("?" * len(allowed))
            add((f"drug_from IN ({marks}) AND (cancer = '' OR cancer_from IN ({marks})) "
                 f"AND (source_cell = '' OR source_cell_from IN ({marks}))", allowed * 3))
        if self.sections:
            add((f"section_kind IN ({', '.join('?' * len(self.sections))})", list(self.sections)))
        if self.no_background:
            add(("NOT background", []))
        if self.min_belief:
            add(("belief >= ?", [float(self.min_belief)]))
        cols = ", ".join(f'"{c}"' for c in columns)
        sql = f"SELECT {cols} FROM triples"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY triple_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql, params


def database_path(results: str | Path) -> Path:
    """``<results>/exomine.duckdb``, or a clear error when the workflow has not written it."""
    path = Path(results) / "exomine.duckdb"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no results database (run the workflow first: snakemake --cores 2)")
    return path


def load_resolver(results: str | Path) -> Resolver:
    """A resolver over the run's compiled lexicon index when it can be loaded, else over the packaged lexicons."""
    from exomine.extraction.pipeline import Options, build_index

    cache = Path(results) / "cache" / "lexicon_index.bin"
    if cache.exists():
        try:
            return Resolver(build_index(Options(lexicon_cache=str(cache))))
        except (ValueError, OSError, EOFError, TypeError):
            pass  # compiled by another exomine version: build it from the lexicons
    return Resolver(build_index(Options()))


# DuckDB's own switches: no file but the database, no network, no extensions (installed or loaded), and no
# statement that could switch them back. In this order: the lock would refuse the first switch.
SANDBOX = {"enable_external_access": False, "autoinstall_known_extensions": False,
           "autoload_known_extensions": False, "lock_configuration": True}


def run_sql(database: str | Path, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
    """Run one statement on the database, read-only; returns column names and rows.

    The connection reads the database and nothing else (:data:`SANDBOX`): ``COPY ... TO``,
    ``read_csv('/etc/...')``, ``ATTACH``, ``INSTALL httpfs`` or a URL are refused with a
    :class:`ValueError` that says so.
    """
    import duckdb

    con = duckdb.connect(str(database), read_only=True, config=dict(SANDBOX))
    try:
        try:
            cur = con.execute(sql, list(params))
        except (duckdb.PermissionException, duckdb.InvalidInputException) as exc:
            if isinstance(exc, duckdb.InvalidInputException) and "configuration has been locked" not in str(exc) \
                    and "read-only mode" not in str(exc):
                raise
            raise ValueError("--sql only reads the results database (no other files, no network, no extensions, "
                             f"no settings, no changes): {' '.join(str(exc).split())}") from None
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_rows(columns: Sequence[str], rows: Sequence[tuple], fmt: str = "table", max_width: int = 48) -> str:
    """Rows as a readable text table (long cells clipped), TSV (every cell whole; a formula cell neutralised as
    :func:`exomine.tables.neutralise_cell` does) or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt == "tsv":  # cells a spreadsheet would run as formulas are neutralised, as in exomine's tables
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise_cell(c) for c in columns])
        writer.writerows([neutralise_cell(_cell(v)) for v in r] for r in rows)
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r} (table, tsv, json)")
    cells = [[_clip(_cell(v), max_width) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def no_triple_note(database: str | Path, resolver: Resolver, query: TripleQuery) -> str:
    """Why a regulator, target or drug asked for is in no triple: how often the text mentions it, in how many
    relations and with which assertions ("" when the query names none of them, or the text never does)."""
    asked = [(kind, name) for kind, name in (("regulator", query.regulator), ("target", query.target),
                                               ("drug", query.drug)) if name]
    notes = []
    for kind, name in asked:
        match = getattr(resolver, kind)(name)
        cond, params = match.sql("norm_id", "text")
        _, rows = run_sql(database, f"SELECT count(*), count(DISTINCT doc_id) FROM entities WHERE {cond}", params)
        mentions, docs = rows[0]
        if not mentions:
            continue
        subj, p1 = match.sql("subject_id", "subject")
        obj, p2 = match.sql("object_id", "object")
        _, rows = run_sql(database, f"SELECT assertion, count(*) FROM relations WHERE {subj} OR {obj} "
                                    "GROUP BY assertion ORDER BY count(*) DESC, assertion", p1 + p2)
        relations = ", ".join(f"{n} {a or 'finding'}" for a, n in rows) or "none"
        notes.append(f"{name!r} is mentioned {mentions} time{'s' * (mentions != 1)} in {docs} document"
                     f"{'s' * (docs != 1)}, in relations: {relations}; no finding about it became a triple "
                     f"with these filters")
    return "\n".join(notes)
