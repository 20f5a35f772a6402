"""A sentence as the relation passes see it (exomine.relations.sentence)."""

from __future__ import annotations

from exomine.relations.examples import parse_markup
from exomine.relations.rules import load_rules
from exomine.relations.sentence import Sentence, coordinated, find_subject, not_agent


def _sentence(marked: str) -> Sentence:
    text, ents = parse_markup(marked)
    return Sentence(text, 0, ents, load_rules())


def test_sentence_folds_parenthesised_aliases() -> None:
    s = _sentence("[tensin homolog]{GENE} ([FOO1]{GENE})/[BAR]{PATHWAY} signalling")
    assert s.alias_of == {1: 0} and s.units == [0, 2]
    assert s.text[s.end(0) - 1] == ")"


def test_sentence_coordination_both_ways() -> None:
    s = _sentence("[FOO1]{GENE}, [FOO2]{GENE} and [FOO3]{GENE} were high.")
    genes = frozenset({"GENE"})
    assert coordinated(s, 0, load_rules(), genes) == [0, 1, 2]
    assert coordinated(s, 2, load_rules(), genes, forward=False) == [2, 1, 0]


def test_sentence_subject_stops_at_a_clause_break() -> None:
    s = _sentence("[miR-9999]{MIRNA} was high; it targets [FOO1]{GENE}.")
    assert find_subject(s, s.pos[1][0], frozenset({"MIRNA"}), load_rules(), set()) is None


def test_sentence_inhibitor_class_is_no_agent() -> None:
    s = _sentence("[FOO1]{GENE} inhibitors and [miR-9999]{MIRNA} inhibitors")
    assert not_agent(s, 0, load_rules()) and not not_agent(s, 1, load_rules())
