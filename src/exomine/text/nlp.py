"""The spaCy/scispaCy pipeline: tokenizer, sentence splitting, abbreviations.

The default pipeline uses only scispaCy's model-free parts, so it installs
from the package registries alone:

* scispaCy's rule tokenizer (``combined_rule_tokenizer``), with one addition:
  ncRNA names (``miR-222-5p``, ``hsa_circ_0000338``) are kept whole by a
  ``token_match`` rule, and cell-line names with a resistance suffix
  (``MCF-7/ADR``) are not split;
* sentence boundaries from :mod:`exomine.text.sentences` (a linear-time rule
  splitter for review prose; scispaCy's ``pysbd_sentencizer`` is the
  configurable alternative);
* scispaCy's ``abbreviation_detector`` (Schwartz & Hearst, 2003) for
  document-local short forms; :func:`find_abbreviations` gives the same
  definitions from a tokenized ``Doc`` without the detector's matchers (it
  enumerates the bracket pairs its ``( + )`` pattern would find, in the same
  order, and uses scispaCy's own ``filter_matches`` and
  ``find_abbreviation``), which the extractor uses.

Both pysbd and the abbreviation detector are super-linear in input length,
so callers run the pipeline per paragraph (:func:`exomine.extraction.extract`).

An optional trained NER model (e.g. ``en_ner_bc5cdr_md``) is loaded by name
or path with :func:`load_ner_model` when the configuration asks for one.

spaCy users can add exomine's own entity and relation steps to this
pipeline: ``import exomine.extraction.components`` registers the ``exomine_entities`` and
``exomine_relations`` factories.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from exomine.text.sentences import split_sentences

__all__ = ["build_pipeline", "exomine_sentencizer", "find_abbreviations", "load_ner_model", "NCRNA_TOKEN"]

# Names that must stay one token: miRNAs (with arm), circRNAs, and cell lines
# with a resistant-subline suffix.
NCRNA_TOKEN = re.compile(
    r"^(?:(?:hsa|mmu|rno)-)?(?:miR|mir|MiR|microRNA|miRNA|let)-\d+[a-z]?(?:-\d)?(?:-[35]p)?$"
    r"|^(?:hsa_)?circ(?:RNA)?[_-]?[A-Za-z0-9]+$"
    r"|^[A-Z][A-Za-z0-9]*-\d+/[A-Z]{2,5}$"
)


@registry.tokenizers("exomine.placeholder_tokenizer.v1")
def placeholder_tokenizer():
    """A tokenizer without rules that :func:`build_pipeline` replaces with scispaCy's at once.

    scispaCy's ``combined_rule_tokenizer`` takes the English special cases
    from the language defaults and only the ``token_match`` from the
    pipeline's tokenizer (English has none), so it is built the same either
    way, and spaCy's own default tokenizer is not built for nothing.
    """
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab, token_match=nlp.Defaults.token_match)


@lru_cache(maxsize=8)
def build_pipeline(sentencizer: str = "exomine", with_sentencizer: bool = True,
                   with_abbreviations: bool = True) -> Language:
    """A blank English pipeline with scispaCy's tokenizer, sentencizer and abbreviations.

    Parameters
    ----------
    sentencizer
        ``"exomine"`` (:mod:`exomine.text.sentences`, linear time, the default),
        ``"pysbd"`` (scispaCy's pysbd sentencizer, careful but slow and
        super-linear) or ``"rule"`` (spaCy's punctuation sentencizer).
    with_sentencizer
        ``False`` leaves the exomine sentencizer out, for callers that split
        sentences on the text themselves (:class:`exomine.extraction.extract.Extractor`
        does, which avoids building spaCy sentence spans).
    with_abbreviations
        ``False`` leaves scispaCy's ``abbreviation_detector`` out, for
        callers that use :func:`find_abbreviations` on the tokens.
    """
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    # scispaCy's abbreviation detector warns on every text without a definition (W036), and
    # its tokenizer regex trips a FutureWarning in spaCy; neither says anything about the input.
    warnings.filterwarnings("ignore", message=r".*\[W036\]")
    warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)
    # The default English tokenizer would be built (its 1,300 special cases loaded) only to be replaced.
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "exomine.placeholder_tokenizer.v1"}}})
    tokenizer = combined_rule_tokenizer(nlp)
    base_match = tokenizer.token_match

    def token_match(text: str):
        return NCRNA_TOKEN.match(text) or (base_match(text) if base_match else None)

    tokenizer.token_match = token_match
    nlp.tokenizer = tokenizer
    if sentencizer == "pysbd":
        from scispacy.custom_sentence_segmenter import pysbd_sentencizer  # noqa: F401  (registers the factory)

        nlp.add_pipe("pysbd_sentencizer")
    elif sentencizer == "exomine":
        if with_sentencizer:
            nlp.add_pipe("exomine_sentencizer")
    elif sentencizer == "rule":
        nlp.add_pipe("sentencizer")
    else:
        raise ValueError(f"unknown sentencizer {sentencizer!r} (exomine, pysbd or rule)")
    if with_abbreviations:
        from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)

        nlp.add_pipe("abbreviation_detector")
    return nlp


@Language.component("exomine_sentencizer")
def exomine_sentencizer(doc: Doc) -> Doc:
    """Set sentence starts from :func:`exomine.text.sentences.split_sentences` (tokens starting a span start a sentence)."""
    starts = {a for a, _ in split_sentences(doc.text)}
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    return doc


# The detector's filter: a bracketed span longer than this many tokens is no definition.
_MAX_BRACKETED = 8


def find_abbreviations(doc) -> list[tuple[str, str]]:
    """``(short form, long form)`` texts of the definitions scispaCy's ``AbbreviationDetector`` finds in ``doc``.

    Schwartz & Hearst (2003), as scispaCy implements it: bracket pairs
    ``( ... )`` of at most eight tokens are candidates (a short form in the
    brackets with its long form before them, or a long form in the brackets
    after its short form), filtered and resolved by scispaCy's own
    ``filter_matches`` and ``find_abbreviation``; the first definition of a
    short or long form wins. The detector's matcher for ``( + )`` yields every
    pair of an opening and a later closing bracket, by closing bracket, then
    from the nearest opening one; this enumerates the pairs the filter keeps,
    in that order, in linear time. The detector's second pass (every other
    occurrence of a defined short form) only repeats a definition and is left
    out.

    Parameters
    ----------
    doc
        A tokenized ``Doc`` (no pipeline components needed).
    """
    from scispacy.abbreviation import filter_matches, find_abbreviation

    orth = doc.to_array("ORTH")
    strings = doc.vocab.strings
    opening, closing = strings.add("("), strings.add(")")
    opens = [int(i) for i in (orth == opening).nonzero()[0]]
    if not opens:
        return []
    closes = [int(j) for j in (orth == closing).nonzero()[0]]
    matches = []
    for j in closes:
        for i in reversed(opens):
            if i >= j - 1:
                continue
            if j - i - 1 > _MAX_BRACKETED:
                break
            matches.append((0, i + 1, j))  # the brackets' contents, as the detector passes them on
    seen_long: set[str] = set()
    seen_short: set[str] = set()
    pairs = []
    for long_candidate, short_candidate in filter_matches(matches, doc):
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is None or long.text in seen_long or short.text in seen_short:
            continue
        seen_long.add(long.text)
        seen_short.add(short.text)
        pairs.append((short.text, long.text))
    return pairs


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
