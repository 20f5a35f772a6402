"""Entities: lexicons, the compiled index, the tagger, nomenclature rules and lexicon building."""
