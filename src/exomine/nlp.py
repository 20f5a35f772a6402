"""The spaCy/scispaCy pipeline: tokenizer, sentence splitting, abbreviations.

The default pipeline uses only scispaCy's model-free parts, so it installs
from the package registries alone:

* scispaCy's rule tokenizer (``combined_rule_tokenizer``), with one addition:
  ncRNA names (``miR-222-5p``, ``hsa_circ_0000338``) are kept whole by a
  ``token_match`` rule, and cell-line names with a resistance suffix
  (``MCF-7/ADR``) are not split;
* sentence boundaries from :mod:`exomine.sentences` (a linear-time rule
  splitter for review prose; scispaCy's ``pysbd_sentencizer`` is the
  configurable alternative);
* scispaCy's ``abbreviation_detector`` (Schwartz & Hearst, 2003) for
  document-local short forms.

Both pysbd and the abbreviation detector are super-linear in input length,
so callers run the pipeline per paragraph (:func:`exomine.extract`).

An optional trained NER model (e.g. ``en_ner_bc5cdr_md``) is loaded by name
or path with :func:`load_ner_model` when the configuration asks for one.

spaCy users can add exomine's own entity and relation steps to this
pipeline: ``import exomine.components`` registers the ``exomine_entities`` and
``exomine_relations`` factories.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

__all__ = ["build_pipeline", "load_ner_model", "NCRNA_TOKEN"]

# Names that must stay one token: miRNAs (with arm), circRNAs, and cell lines
# with a resistant-subline suffix.
NCRNA_TOKEN = re.compile(
    r"^(?:(?:hsa|mmu|rno)-)?(?:miR|mir|MiR|microRNA|miRNA|let)-\d+[a-z]?(?:-\d)?(?:-[35]p)?$"
    r"|^(?:hsa_)?circ(?:RNA)?[_-]?[A-Za-z0-9]+$"
    r"|^[A-Z][A-Za-z0-9]*-\d+/[A-Z]{2,5}$"
)


@lru_cache(maxsize=4)
def build_pipeline(sentencizer: str = "exomine", with_sentencizer: bool = True) -> Language:
    """A blank English pipeline with scispaCy's tokenizer, sentencizer and abbreviations.

    Parameters
    ----------
    sentencizer
        ``"exomine"`` (:mod:`exomine.sentences`, linear time, the default),
        ``"pysbd"`` (scispaCy's pysbd sentencizer, careful but slow and
        super-linear) or ``"rule"`` (spaCy's punctuation sentencizer).
    with_sentencizer
        ``False`` leaves the exomine sentencizer out, for callers that split
        sentences on the text themselves (:class:`exomine.extract.Extractor`
        does, which avoids building spaCy sentence spans).
    """
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)
    from scispacy.custom_sentence_segmenter import pysbd_sentencizer  # noqa: F401
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    # scispaCy's abbreviation detector warns on every text without a definition (W036), and
    # its tokenizer regex trips a FutureWarning in spaCy; neither says anything about the input.
    warnings.filterwarnings("ignore", message=r".*\[W036\]")
    warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)
    nlp = spacy.blank("en")
    tokenizer = combined_rule_tokenizer(nlp)
    base_match = tokenizer.token_match

    def token_match(text: str):
        return NCRNA_TOKEN.match(text) or (base_match(text) if base_match else None)

    tokenizer.token_match = token_match
    nlp.tokenizer = tokenizer
    if sentencizer == "pysbd":
        nlp.add_pipe("pysbd_sentencizer")
    elif sentencizer == "exomine":
        from . import sentences  # noqa: F401  (registers exomine_sentencizer)

        if with_sentencizer:
            nlp.add_pipe("exomine_sentencizer")
    elif sentencizer == "rule":
        nlp.add_pipe("sentencizer")
    else:
        raise ValueError(f"unknown sentencizer {sentencizer!r} (exomine, pysbd or rule)")
    nlp.add_pipe("abbreviation_detector")
    return nlp


def load_ner_model(name: str) -> Language:
    """Load an installed spaCy/scispaCy NER model by package name or path.

    Raises
    ------
    RuntimeError
        Naming the model when it is not installed or not loadable, with the
        hint to unset ``ner_model`` in the configuration.
    """
    try:
        return spacy.load(name, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    except (OSError, IOError, ValueError) as exc:
        raise RuntimeError(
            f"NER model {name!r} could not be loaded ({exc}). Install it or set ner_model: '' in the config."
        ) from exc
