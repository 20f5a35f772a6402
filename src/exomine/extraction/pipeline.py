"""Facade: build a ready :class:`~exomine.extraction.extract.Extractor` from options.

This is where resources are loaded (once per process): lexicons, the lexicon
index, the spaCy pipeline, relation rules and an optional NER model.

>>> from exomine.extraction.pipeline import Options, build_extractor   # doctest: +SKIP
>>> result = build_extractor(Options()).process(document)     # doctest: +SKIP
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from exomine.extraction.extract import Extractor
from exomine.entities.lexicon import load_lexicon
from exomine.relations.engine import load_rules
from exomine.text.sentences import split_sentences
from exomine.entities.index import LexiconIndex
from exomine.entities.tagger import EntityTagger
from exomine.tables import atomic_open

__all__ = ["Options", "build_extractor", "build_index", "compile_index", "compiled_index", "ALL_SECTIONS", "LEXICONS"]

ALL_SECTIONS = ("title", "abstract", "keywords", "body", "figure", "references")
LEXICONS = ("genes", "protein_names", "mirna", "families", "drug_classes", "drugs", "cancers", "cells", "cell_lines", "pathways",
            "abbreviations")
# Generic MeSH descriptors that name no cancer type ("cancer", "tumor", "metastasis").
DEFAULT_EXCLUDED_IDS = ("MeSH:D009369", "MeSH:D009362")


@dataclass(frozen=True)
class Options:
    """Extraction options (the workflow fills them from ``config/config.yaml``)."""

    include_references: bool = True
    sections: tuple[str, ...] = ALL_SECTIONS
    sentencizer: str = "exomine"
    ner_model: str = ""
    relation_rules: str = ""
    exclude_norm_ids: tuple[str, ...] = DEFAULT_EXCLUDED_IDS
    lexicons: tuple[str, ...] = LEXICONS
    # A compiled lexicon index (written by compile_index, the workflow's compile_lexicons rule); empty: build it here.
    lexicon_cache: str = ""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "Options":
        known = {f for f in cls.__dataclass_fields__}
        values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in config.items() if k in known}
        return cls(**values)

    @property
    def active_sections(self) -> tuple[str, ...]:
        return tuple(s for s in self.sections if self.include_references or s != "references")


@contextmanager
def _collector_paused(freeze: bool = False):
    """Pause the cyclic garbage collector while resources load: the hundreds of thousands of objects they
    make live as long as the process, and collecting among them only costs time (about 8% of a start-up).
    With ``freeze`` they go to the collector's permanent generation afterwards (:func:`gc.freeze`), so
    that no later collection walks them either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


def _fresh_index(options: Options) -> LexiconIndex:
    entries = [e for name in options.lexicons for e in load_lexicon(name)]
    common = [e.term for e in load_lexicon("common_words")]
    return LexiconIndex(entries, load_lexicon("stoplist"), options.exclude_norm_ids, common)


def compiled_index(options: Options = Options()) -> Path:
    """The compiled index for these options in the user's cache folder, built there first if needed
    (once per installed version and lexicon set: :mod:`exomine.extraction.index_cache`)."""
    from exomine import __version__
    from exomine.entities.lexicon import index_inputs
    from exomine.extraction.index_cache import ensure_index, index_key

    selection = {"lexicons": list(options.lexicons), "exclude_norm_ids": list(options.exclude_norm_ids)}
    key = index_key(selection, index_inputs(), __version__)
    return ensure_index(key, lambda: _fresh_index(options).to_bytes())


def build_index(options: Options = Options()) -> LexiconIndex:
    """The lexicon index: loaded from ``options.lexicon_cache`` when set, else from the user's cache folder
    (:func:`compiled_index`, which compiles it there the first time)."""
    path = options.lexicon_cache or compiled_index(options)
    with _collector_paused():
        with open(path, "rb") as fh:
            return LexiconIndex.from_bytes(fh.read())


def compile_index(options: Options, out: str | Path) -> Path:
    """Build the lexicon index and write it to ``out`` (a copy of its own, outside the cache)."""
    out = Path(out)
    blob = _fresh_index(options).to_bytes()
    with atomic_open(out, "wb") as fh:
        fh.write(blob)
    return out


def build_extractor(options: Options = Options()) -> Extractor:
    """Load every resource the options name and return the extractor.

    The resources live as long as the process: they are left out of later garbage collections
    (:func:`gc.freeze`, which also freezes whatever else the process holds at that moment).
    """
    with _collector_paused(freeze=True):
        from exomine.text.nlp import build_pipeline, load_ner_model  # spaCy: imported only by the processes that extract

        fast = options.sentencizer == "exomine"
        nlp = build_pipeline(options.sentencizer, with_sentencizer=not fast, with_abbreviations=False)
        model = load_ner_model(options.ner_model) if options.ner_model else None
        return Extractor(nlp, EntityTagger(build_index(options)), load_rules(options.relation_rules or None),
                         sections=options.active_sections, ner_model=model,
                         split_sentences=split_sentences if fast else None)
