"""What a document says around a finding, and what the finding rests on.

A sentence often leaves out what its document has said already: "Gem-Exo-mediated chemoresistance", "the
decrease in therapeutic response" name no drug, because the title or the first sentence did. This module
gives such findings the drug, cancer and source cell that the document makes unambiguous, records where
each value came from (:data:`exomine.records.ORIGINS`), and refuses where the document is not clear.

* **Drug** of a response that names none ("chemoresistance", "drug resistance", "the therapeutic response",
  "resistance to treatment": the ``drugless_*`` patterns of ``data/context_patterns.yaml``), or names only
  the generic class "chemotherapy": the drug of the nearest level that names any -- the sentence itself, its
  paragraph, the title, the document (references left out). A named drug wins over a drug class at the
  same level; two candidates at the deciding level mean no drug, and so does a sentence that states a drug
  response of its own. Candidates are the drugs the document names as a therapy (``drug_*`` patterns), less
  the mentions that only say how cells were treated ("exosomes from cells treated with X").
* **Paragraph**: in a paragraph that cites references (a review), the run of sentences up to and including
  the next citation: one study.
* **Cancer**: the sentence's, else a neighbouring sentence's that names the same regulator
  (``paragraph``), else the only cancer of the paragraph, the title or the document.
* **Source cell**: the sentence's, else a neighbouring sentence's that names the same regulator, else the
  one the title states ("Exosomes from X cells ...").
* **Ambiguous short forms** (``data/short_forms.tsv``: TAM, Tax, PTX, Gem, DDP ...): a definition in the
  document wins; undefined, a short form is its drug only where the document names that drug or the short
  form stands in a drug's place ("DDP resistance", "treated with PTX", "A549/PTX"), and no drug elsewhere.
* **Section kind** (:data:`exomine.records.SECTION_KINDS`) of each sentence, and whether it is a
  **background** statement: it reports earlier work ("Previous studies have shown ...") or stands under a
  Background/Introduction heading or structured-abstract label.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Collection, Iterable, Mapping, NamedTuple, Sequence

from exomine.entities.lexicon import is_drug_class
from exomine.entities.tagger import EntitySpan
from exomine.records import section_kind
from exomine.text.patterns import NamedPattern, data_path, load_patterns

__all__ = ["Surroundings", "ShortForm", "Sentence", "short_forms", "resolve_short_forms", "origin_of",
           "context_patterns", "nearest_cancer", "source_cell", "GENERIC_DRUG_IDS", "DRUGLESS_PATTERNS"]

# Drug classes that say no more than "a drug": a response to them takes the document's drug as well.
GENERIC_DRUG_IDS = frozenset({"DrugClass:Chemotherapy"})
DRUGLESS_PATTERNS = ("drugless_chemo", "drugless_drug", "drugless_therapy", "drugless_to_therapy")
_CONTEXT = "context:"


@lru_cache(maxsize=1)
def context_patterns() -> Mapping[str, NamedPattern]:
    """The named patterns of ``data/context_patterns.yaml``, loaded once."""
    return load_patterns("context_patterns.yaml")


class Sentence(NamedTuple):
    """A tagged sentence as the context reads it (``span`` has ``section``, ``paragraph``, ``start``)."""

    span: object
    text: str
    ents: tuple[EntitySpan, ...]


def origin_of(span: EntitySpan) -> str:
    """Where an entity was named: ``sentence``, or the origin a context entity records in its source."""
    return span.source[len(_CONTEXT):] if span.source.startswith(_CONTEXT) else "sentence"


def _name(e: EntitySpan) -> str:
    return e.norm_name or e.text


# -- ambiguous short forms ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShortForm:
    short: str
    norm_id: str
    norm_name: str
    other_readings: str


@lru_cache(maxsize=1)
def short_forms() -> Mapping[str, ShortForm]:
    """``data/short_forms.tsv``: short forms that are a drug in one paper and something else in another."""
    with open(data_path("short_forms.tsv"), encoding="utf-8", newline="") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        return {r["short_form"]: ShortForm(r["short_form"], r["norm_id"], r["norm_name"], r["other_readings"])
                for r in rows}


@lru_cache(maxsize=1)
def _short_form_rx() -> re.Pattern:
    names = sorted(short_forms(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def resolve_short_forms(sentences: Sequence[tuple[str, int, Sequence[EntitySpan]]],
                        defined: Collection[str]) -> list[list[EntitySpan]]:
    """Each sentence's entities with the ambiguous short forms read for this document.

    ``sentences`` are ``(text, start, entities)``; ``defined`` the short forms the document defines (their
    definition stands). An undefined short form is its drug where the document names the drug by another
    name (source ``short_form:document``) or a drug cue stands next to it (``short_form:cue``); elsewhere a
    drug reading of it is dropped.
    """
    table, pats = short_forms(), context_patterns()
    after, before = pats["short_form_cue_after"], pats["short_form_cue_before"]
    named = {e.norm_id for _, _, ents in sentences for e in ents if e.label == "DRUG" and e.text not in table}
    out = []
    for text, start, ents in sentences:
        ents = list(ents)
        for m in _short_form_rx().finditer(text):
            if m.group(0) in defined:
                continue
            sf, a, b = table[m.group(0)], start + m.start(), start + m.end()
            overlapping = [e for e in ents if e.start < b and a < e.end]
            cue = after.regex.match(text, m.end()) or before.regex.search(text[max(0, m.start() - 80) : m.start()])
            if sf.norm_id in named or cue:
                if any(e.end - e.start > b - a for e in overlapping):
                    continue  # part of a longer name
                how = "document" if sf.norm_id in named else "cue"
                ents = [e for e in ents if e not in overlapping]
                ents.append(EntitySpan(a, b, m.group(0), "DRUG", sf.norm_id, sf.norm_name, f"short_form:{how}"))
            else:
                ents = [e for e in ents if not (e in overlapping and e.label == "DRUG")]
        out.append(sorted(ents, key=lambda e: (e.start, e.end)))
    return out


# -- cancer and source cell of one sentence -------------------------------------------------------------------

def nearest_cancer(a, anchor: EntitySpan, rules) -> str:
    """The cancer mention nearest to ``anchor`` in its clause, else the nearest in the sentence."""
    cancers = [e for e in a.ents if e.label == "CANCER"]
    base = a.span.start

    def same_clause(e: EntitySpan) -> bool:
        lo, hi = sorted((e.end, anchor.start)) if e.start < anchor.start else (anchor.end, e.start)
        return not rules.clause_break.search(a.text[lo - base : hi - base])

    near = [e for e in cancers if same_clause(e)] or cancers
    if near:
        return _name(min(near, key=lambda e: abs(e.start - anchor.start)))
    return ""


def source_cell(a, rules) -> str:
    """Exosome source cell stated in the sentence: "exosomes from X" or "X-derived".

    X is a CELL mention starting within a few words of the cue ("exosomes derived from bone
    marrow MSCs"), else the words up to "cells" ("exosomes from paclitaxel-resistant cells").
    """
    text, start = a.text, a.span.start
    cells = [e for e in a.ents if e.label == "CELL"]
    for m in rules.source_cue.finditer(text):
        after = start + m.end()
        near = [e for e in cells if after <= e.start and len(text[m.end() : e.start - start].split()) <= 3]
        if near:
            return _name(near[0])
        phrase = rules.cells_phrase.match(text, m.end())
        if phrase and phrase.group(1):
            return phrase.group(1)
    derived = [e for e in cells if rules.derived_after.match(text[e.end - start :])]
    return _name(derived[0]) if derived else ""


# -- the document around a sentence ---------------------------------------------------------------------------

def _matches(pattern: NamedPattern, text: str, pos: int) -> bool:
    return bool(pattern.regex.match(text, pos))


class _Roles(NamedTuple):
    usable: list[EntitySpan]  # a response that names no drug may take its drug from these
    own: list[EntitySpan]  # the drug of a response of its own ("cetuximab resistance")
    therapy: set[str]  # ids of the drugs named in a therapy role (a response, a treatment, "X therapy")


def _drug_roles(s: Sentence) -> _Roles:
    """What the sentence's drug mentions are doing. A drug that only says how cells were treated ("cells
    treated with X", "X-treated cells", "released upon X treatment") is not usable, but it is in a therapy
    role."""
    pats = context_patterns()
    roles = _Roles([], [], set())
    for e in s.ents:
        if e.label != "DRUG" or e.norm_id in GENERIC_DRUG_IDS:
            continue
        a, b = e.start - s.span.start, e.end - s.span.start
        before = s.text[max(0, a - 80) : a]
        therapy = _matches(pats["drug_therapy_after"], s.text, b)
        if pats["drug_treatment_before"].regex.search(before) or _matches(pats["drug_treatment_after"], s.text, b) \
                or (therapy and pats["drug_treatment_upon"].regex.search(before)):
            roles.therapy.add(e.norm_id)
            continue
        roles.usable.append(e)
        if pats["drug_response_before"].regex.search(before) or _matches(pats["drug_response_after"], s.text, b):
            roles.own.append(e)
            roles.therapy.add(e.norm_id)
        elif therapy:
            roles.therapy.add(e.norm_id)
    return roles


def _runs(sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Per sentence, its run: ``(paragraph, n)`` where ``n`` counts the citations closed before it in its
    paragraph. A paragraph that cites nothing is one run; in one that cites references, a run of sentences
    up to a citation reports one study."""
    rx, out, para, n = context_patterns()["citation"].regex, [], None, 0
    for s in sentences:
        if s.span.paragraph != para:
            para, n = s.span.paragraph, 0
        out.append((para, n))
        n += bool(rx.search(s.text))
    return out


def _drugs(ents: Iterable[EntitySpan]) -> dict[str, EntitySpan]:
    """The candidate drugs among ``ents`` by id: the named drugs, else the drug classes (never a generic one)."""
    found: dict[str, EntitySpan] = {}
    for e in ents:
        if e.label == "DRUG" and e.norm_id and e.norm_id not in GENERIC_DRUG_IDS:
            found.setdefault(e.norm_id, e)
    named = {i: e for i, e in found.items() if not is_drug_class(i)}
    return named or found


def _cancers(ents: Iterable[EntitySpan]) -> dict[str, EntitySpan]:
    found: dict[str, EntitySpan] = {}
    for e in ents:
        if e.label == "CANCER":
            found.setdefault(e.norm_id or e.text.lower(), e)
    return found


def _decide(levels: Iterable[tuple[str, Mapping[str, EntitySpan]]]) -> tuple[EntitySpan, str] | None:
    """The only candidate of the first level that has any, with its origin; ``None`` when it has two."""
    for origin, found in levels:
        if len(found) == 1:
            return next(iter(found.values())), origin
        if found:
            return None
    return None


class Surroundings:
    """One document's sentences, read for what each sentence leaves to its context.

    Parameters
    ----------
    sentences
        The tagged sentences in document order (:class:`Sentence`).
    headings
        Per paragraph index: ``(section index, section heading)``.
    """

    def __init__(self, sentences: Sequence[Sentence], headings: Sequence[tuple[int, str]]):
        self.sentences = list(sentences)
        self.kinds = [section_kind(s.span.section) for s in self.sentences]
        counted = [s for s, kind in zip(self.sentences, self.kinds) if kind != "reference"]
        self._title = [s for s, kind in zip(self.sentences, self.kinds) if kind == "title"]
        self._run = _runs(self.sentences)
        self._runs: dict[tuple[int, int], list[int]] = {}
        for k, run in enumerate(self._run):
            self._runs.setdefault(run, []).append(k)
        self._roles = [_drug_roles(s) for s in self.sentences]
        therapy = {i for k, r in enumerate(self._roles) if self.kinds[k] != "reference" for i in r.therapy}
        # the mentions a response may take its drug from: usable, of a drug the document names as a therapy
        self._usable = [[e for e in r.usable if e.norm_id in therapy] for r in self._roles]
        self._doc_drugs = _drugs(e for k, kind in enumerate(self.kinds) if kind != "reference" for e in self._usable[k])
        self._title_drugs = _drugs(e for k, kind in enumerate(self.kinds) if kind == "title" for e in self._usable[k])
        self._doc_cancers = _cancers(e for s in counted for e in s.ents)
        self._title_cancers = _cancers(e for s in self._title for e in s.ents)
        self._background = _background(self.sentences, headings)

    def section_kind(self, k: int) -> str:
        return self.kinds[k]

    def background(self, k: int) -> bool:
        return self._background[k]

    def drug_for(self, k: int) -> tuple[EntitySpan, str] | None:
        """The drug sentence ``k`` leaves to its context, and where it was named; ``None`` to refuse.

        A sentence that states a drug response of its own ("... predicting cetuximab resistance") refuses:
        its drugless response ("transmit drug resistance") is another one.
        """
        if self._roles[k].own:
            return None
        run = self._runs[self._run[k]]
        return _decide((("sentence", _drugs(self._usable[k])),
                        ("paragraph", _drugs(e for j in run for e in self._usable[j])),
                        ("title", self._title_drugs), ("document", self._doc_drugs)))

    def cancer_for(self, k: int) -> tuple[str, str]:
        """The only cancer of sentence ``k``'s paragraph (its run of sentences, in a paragraph that cites
        references), else of the title, else of the document."""
        run = self._runs[self._run[k]]
        got = _decide((("paragraph", _cancers(e for j in run for e in self.sentences[j].ents)),
                       ("title", self._title_cancers), ("document", self._doc_cancers)))
        return (_name(got[0]), got[1]) if got else ("", "")

    def cell_for(self, rules) -> tuple[str, str]:
        """The source cell the title states ("Exosomes from X cells ..."), if it states one."""
        cells = {c for c in (source_cell(s, rules) for s in self._title) if c}
        return (cells.pop(), "title") if len(cells) == 1 else ("", "")

    def response_drugs(self, k: int) -> list[EntitySpan]:
        """Drug entities for the responses of sentence ``k`` that name no drug ("chemoresistance"), placed on
        the response's drug word ("chemo"), with the context's drug; none when the context refuses."""
        s = self.sentences[k]
        places = []
        for pid in DRUGLESS_PATTERNS:
            for a, b in context_patterns()[pid].spans(s.text):
                a, b = s.span.start + a, s.span.start + b
                if not any(e.start < b and a < e.end for e in s.ents):
                    places.append((a, b))
        got = self.drug_for(k) if places else None
        if got is None:
            return []
        drug, origin = got
        return [EntitySpan(a, b, s.text[a - s.span.start : b - s.span.start], "DRUG", drug.norm_id, drug.norm_name,
                           _CONTEXT + origin) for a, b in sorted(set(places))]

    def widen_generic(self, k: int, ents: Sequence[EntitySpan], hits: Sequence, orphans: Sequence = ()):
        """A response to the generic class "chemotherapy" is also one to the drug the context makes unambiguous:
        ``(ents, hits, orphans)`` with a context drug entity on the class's words and the hits and orphans that
        name the class repeated on it."""
        generic = {i for i, e in enumerate(ents) if e.label == "DRUG" and e.norm_id in GENERIC_DRUG_IDS}
        used = {h.object for h in hits if h.predicate.startswith("confers_")} | {d for o in orphans for d in o.drugs}
        got = self.drug_for(k) if generic & used else None
        if got is None:
            return ents, hits, orphans
        drug, origin = got
        ents, extra = list(ents), {}
        for i in sorted(generic & used):
            e = ents[i]
            extra[i] = len(ents)
            ents.append(EntitySpan(e.start, e.end, e.text, "DRUG", drug.norm_id, drug.norm_name, _CONTEXT + origin))
        hits = list(hits) + [replace(h, object=extra[h.object]) for h in hits
                             if h.predicate.startswith("confers_") and h.object in extra]
        orphans = [replace(o, drugs=o.drugs + tuple(extra[d] for d in o.drugs if d in extra)) for o in orphans]
        return ents, hits, orphans


def _background(sentences: Sequence[Sentence], headings: Sequence[tuple[int, str]]) -> list[bool]:
    """Per sentence: a background statement (a ``background_cue``), or one under a Background/Introduction
    heading or structured-abstract label (a label holds until the next label or the section's end)."""
    pats = context_patterns()
    cue, heading, label = pats["background_cue"], pats["background_heading"], pats["abstract_label"]
    out, section, state = [], None, False
    for s in sentences:
        sec, title = headings[s.span.paragraph] if s.span.paragraph < len(headings) else (None, "")
        if sec != section:
            # a sub-section ("Introduction / Exosomes") is under its top heading
            section, state = sec, bool(heading.regex.fullmatch((title or "").split(" / ")[0]))
        m = label.regex.match(s.text)
        if m:
            state = bool(heading.regex.fullmatch(m.group("name")))
        out.append(state or bool(cue.regex.search(s.text)))
    return out
