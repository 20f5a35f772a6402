"""Hand-built gold and predictions shared by the tests of exomine.evaluation (not a test module).

Every text and name here is invented (circFOO1, miR-9999, foocitabine, barzoma) or a textbook example.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from exomine.evaluation.brat import GoldDocument, GoldEntity, GoldRelation
from exomine.evaluation.evaluate import Predictions, evaluate
from exomine.evaluation.scores import EvalResult
from exomine.records import Mention, Relation, SentenceRow, Triple


def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def sentence_rows(doc_id: str, text: str) -> list[SentenceRow]:
    """One sentence per line."""
    rows, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        if line:
            rows.append(SentenceRow(doc_id, "abstract", i, pos, pos + len(line)))
        pos += len(line) + 1
    return rows


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def gold_doc(doc_id: str, text: str, entities: list[tuple], relations: list[tuple] = ()) -> GoldDocument:
    """``entities``: (id, label, substring[, nth]); ``relations``: (id, type, arg1, arg2[, negated])."""
    ents = []
    for ent in entities:
        eid, label, sub, *nth = ent
        s, e = span(text, sub, *nth)
        ents.append(GoldEntity(eid, label, s, e, sub))
    rels = [GoldRelation(r[0], r[1], r[2], r[3], negated=bool(r[4:] and r[4])) for r in relations]
    return GoldDocument(doc_id, text, tuple(sorted(ents, key=lambda x: (x.start, x.end))), tuple(rels))


def mention(doc_id: str, text: str, sub: str, label: str, norm_id: str = "", norm_name: str = "",
            nth: int = 0) -> Mention:
    s, e = span(text, sub, nth)
    return Mention(doc_id, "abstract", line_of(text, s), s, e, sub, label, norm_id, norm_name or sub, "test")


def relation(doc_id: str, sentence_id: int, subject: tuple[str, str, str], predicate: str,
             obj: tuple[str, str, str], negated: bool = False, evidence: str = "") -> Relation:
    """``subject``/``obj``: (name, label, norm_id)."""
    return Relation(doc_id, "abstract", sentence_id, subject[0], subject[1], subject[2], predicate, obj[0], obj[1],
                    obj[2], negated, False, evidence)


def triple(doc_ids: str, regulator: tuple[str, str, str], drug: tuple[str, str], effect: str,
           evidence: str = "", targets: Sequence[tuple[str, str]] = (), cancer: str = "", drug_is_class: bool = False,
           rule: str = "", hedged: bool = False, sentence_id: int = 0) -> Triple:
    """``regulator``: (name, label, id); ``drug``: (name, id); ``targets``: (name, id) in chain order."""
    return Triple(regulator[0], regulator[1], regulator[2], ";".join(t[0] for t in targets),
                  ";".join(t[1] for t in targets), drug[0], drug[1], effect, cancer, "", 1, 1, doc_ids, evidence, hedged,
                  ";".join(f"{d}:{sentence_id}" for d in doc_ids.split(";")), drug_is_class, rule)


def scores(result: EvalResult, level: str, scheme: str) -> dict[str, tuple[float, float, float]]:
    return {s.label: (s.tp, s.fp, s.fn) for s in result.scores if (s.level, s.scheme) == (level, scheme)}


def counts(result: EvalResult, level: str, label: str = "micro", scheme: str = "exact") -> tuple[float, float, float]:
    try:
        s = result.get(level, scheme, label)
    except KeyError:
        return (0, 0, 0)
    return (s.tp, s.fp, s.fn)


# --- negation -------------------------------------------------------------------------------------------------

NEG_TEXT = "Exosomal miR-9 did not affect cisplatin resistance.\n"
MIR9 = ("hsa-miR-9", "MIRNA", "miRBase:MI0000466")
CISPLATIN = ("Cisplatin", "DRUG", "DrugBank:DB00515")


def negation_case(negated: bool, with_triple: bool) -> EvalResult:
    gold = gold_doc("d1", NEG_TEXT, [("T1", "MIRNA", "miR-9"), ("T2", "DRUG", "cisplatin")],
                    [("R1", "confers_resistance", "T1", "T2", negated)])
    pred = Predictions(
        [mention("d1", NEG_TEXT, "miR-9", "MIRNA", MIR9[2], MIR9[0]),
         mention("d1", NEG_TEXT, "cisplatin", "DRUG", CISPLATIN[2], CISPLATIN[0])],
        [relation("d1", 0, MIR9, "confers_resistance", CISPLATIN, negated=negated, evidence=NEG_TEXT.strip())],
        sentence_rows("d1", NEG_TEXT),
        [triple("d1", MIR9, (CISPLATIN[0], CISPLATIN[2]), "resistance", NEG_TEXT.strip())] if with_triple else [],
    )
    return evaluate([gold], pred)


# --- micro and macro averages, error lists ---------------------------------------------------------------------

AVG_TEXT = ("miR-21 targets PTEN and miR-155 targets SOCS1.\n"
            "Exosomal circFOO1 sponges miR-7.\n"
            "Exosomal miR-9 confers cisplatin resistance.\n")
AVG_LINES = AVG_TEXT.split("\n")


def averages_case() -> tuple[GoldDocument, Predictions]:
    gold = gold_doc(
        "d1", AVG_TEXT,
        [("T1", "MIRNA", "miR-21"), ("T2", "GENE", "PTEN"), ("T3", "MIRNA", "miR-155"), ("T4", "GENE", "SOCS1"),
         ("T5", "CIRCRNA", "circFOO1"), ("T6", "MIRNA", "miR-7"), ("T7", "MIRNA", "miR-9"),
         ("T8", "DRUG", "cisplatin")],
        [("R1", "targets", "T1", "T2"), ("R2", "targets", "T3", "T4"), ("R3", "sponges", "T5", "T6"),
         ("R4", "confers_resistance", "T7", "T8")],
    )
    # entities: MIRNA 4/4 found; GENE: PTEN found, SOCS1 missed, "targets" wrongly tagged; DRUG missed;
    # CIRCRNA found.  relations: one right and one wrong targets, the sponges, no confers_resistance.
    mentions = [mention("d1", AVG_TEXT, m, "MIRNA") for m in ("miR-21", "miR-155", "miR-7", "miR-9")]
    mentions += [mention("d1", AVG_TEXT, "PTEN", "GENE"), mention("d1", AVG_TEXT, "targets", "GENE", nth=1),
                 mention("d1", AVG_TEXT, "circFOO1", "CIRCRNA")]
    relations = [
        relation("d1", 0, ("miR-21", "MIRNA", ""), "targets", ("PTEN", "GENE", ""), evidence=AVG_LINES[0]),
        relation("d1", 0, ("miR-155", "MIRNA", ""), "targets", ("PTEN", "GENE", ""), evidence=AVG_LINES[0]),
        relation("d1", 1, ("circFOO1", "CIRCRNA", ""), "sponges", ("miR-7", "MIRNA", ""), evidence=AVG_LINES[1]),
    ]
    return gold, Predictions(mentions, relations, sentence_rows("d1", AVG_TEXT), [])


# --- a ceRNA axis with its cancer ----------------------------------------------------------------------------

AXIS_TEXT = "Exosomal circFOO1 confers foocitabine resistance in barzoma through the miR-9999/FOO1 axis.\n"
AXIS_IDS = {"circFOO1": ("circFOO1", "circRNA:circFOO1"), "foocitabine": ("Foocitabine", "DrugBank:DB99999"),
            "barzoma": ("Barzoma Neoplasms", "MeSH:D999999"), "miR-9999": ("hsa-miR-9999", "miRBase:MI9999999"),
            "FOO1": ("FOO1", "HGNC:99991")}
AXIS_LABELS = {"circFOO1": "CIRCRNA", "foocitabine": "DRUG", "barzoma": "CANCER", "miR-9999": "MIRNA", "FOO1": "GENE"}
MIR9999 = ("hsa-miR-9999", "miRBase:MI9999999")
FOO1 = ("FOO1", "HGNC:99991")


def axis_case(targets: Sequence[tuple[str, str]] = (), cancer: str = "", text: str = AXIS_TEXT,
              rule: str = "") -> EvalResult:
    present = [n for n in AXIS_IDS if n in text]
    ents = [(f"T{i}", AXIS_LABELS[n], n) for i, n in enumerate(present, 1)]
    tid = {n: f"T{i}" for i, n in enumerate(present, 1)}
    gold = gold_doc("d1", text, ents, [("R1", "confers_resistance", tid["circFOO1"], tid["foocitabine"]),
                                       ("R2", "sponges", tid["circFOO1"], tid["miR-9999"]),
                                       ("R3", "targets", tid["miR-9999"], tid["FOO1"])])
    mentions = [mention("d1", text, n, AXIS_LABELS[n], AXIS_IDS[n][1], AXIS_IDS[n][0]) for n in present]
    reg = ("circFOO1", "CIRCRNA", "circRNA:circFOO1")
    pred = Predictions(mentions, [], sentence_rows("d1", text),
                       [triple("d1", reg, AXIS_IDS["foocitabine"], "resistance", text.strip(), targets=targets,
                               cancer=cancer, rule=rule)])
    return evaluate([gold], pred)


# --- drug classes and hedges --------------------------------------------------------------------------------

REG = ("circFOO1", "CIRCRNA", "circRNA:circFOO1")
CLASS_TEXT = "Exosomal circFOO1 confers platinum resistance in barzoma.\n"
PLATINUM = ("platinum", "exomine:class/platinum")
HEDGE_TEXT = "Exosomal circFOO1 may confer foocitabine resistance.\n"
FOOCITABINE = ("Foocitabine", "DRUG", "DrugBank:DB99999")


def class_case(gold_class: bool, pred_triples: Sequence[Triple], pred_mention: bool = True) -> EvalResult:
    gold = gold_doc("d1", CLASS_TEXT, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "platinum")],
                    [("R1", "confers_resistance", "T1", "T2")])
    if gold_class:
        gold = GoldDocument("d1", CLASS_TEXT, tuple(replace(e, drug_class=e.label == "DRUG") for e in gold.entities),
                            gold.relations)
    mentions = [mention("d1", CLASS_TEXT, "circFOO1", "CIRCRNA", REG[2], REG[0])]
    relations = []
    if pred_mention:
        mentions.append(mention("d1", CLASS_TEXT, "platinum", "DRUG", PLATINUM[1], PLATINUM[0]))
        relations.append(relation("d1", 0, REG, "confers_resistance", (PLATINUM[0], "DRUG", PLATINUM[1]),
                                  evidence=CLASS_TEXT.strip()))
    return evaluate([gold], Predictions(mentions, relations, sentence_rows("d1", CLASS_TEXT), list(pred_triples)))


def hedge_case(gold_hedged: bool, assertion: str, with_triple: bool) -> EvalResult:
    base = gold_doc("d1", HEDGE_TEXT, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "foocitabine")],
                    [("R1", "confers_resistance", "T1", "T2")])
    gold = replace(base, relations=(replace(base.relations[0], hedged=gold_hedged),))
    rel = replace(relation("d1", 0, REG, "confers_resistance", FOOCITABINE, evidence=HEDGE_TEXT.strip()),
                  assertion=assertion, rule="resp_confer_hedged")
    triples = [triple("d1", REG, (FOOCITABINE[0], FOOCITABINE[2]), "resistance", HEDGE_TEXT.strip(),
                      rule="resp_confer")] if with_triple else []
    mentions = [mention("d1", HEDGE_TEXT, "circFOO1", "CIRCRNA", REG[2], REG[0]),
                mention("d1", HEDGE_TEXT, "foocitabine", "DRUG", FOOCITABINE[2], FOOCITABINE[0])]
    return evaluate([gold], Predictions(mentions, [rel], sentence_rows("d1", HEDGE_TEXT), triples))
