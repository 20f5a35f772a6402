"""Word frequencies (wordfreq): gene terms that spell a common English word or surname."""

from __future__ import annotations

from typing import Iterable

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import dist_version

__all__ = ["build_common_words", "file_spec", "zipf_english"]


def build_common_words(
    terms: Iterable[str], frequency, min_zipf: float = 3.0
) -> list[LexiconEntry]:
    """Gene terms that spell a common English word or surname (wordfreq), for the tagger's case rules.

    Parameters
    ----------
    terms : iterable of str
        Gene and family symbols and aliases (letters only are considered).
    frequency : callable
        ``word -> Zipf frequency`` in English (``wordfreq.zipf_frequency(word, "en")``).
    min_zipf : float, optional
        A word at least this frequent (3.0: once per million words) is common.

    Returns
    -------
    list of LexiconEntry
        One row per lower-case word: term = the word, label ``GENE`` (the label
        such a word does not get by a change of case), norm_name ``zipf <f>``,
        kind ``common_word``, source ``wordfreq``; sorted by word.
    """
    out = {}
    for term in terms:
        word = term.lower()
        if word in out or not word.isalpha() or not word.isascii() or not 2 <= len(word) <= 12:
            continue
        z = frequency(word)
        if z >= min_zipf:
            out[word] = LexiconEntry(word, "GENE", "", f"zipf {z:.2f}", "common_word", "wordfreq")
    return [out[w] for w in sorted(out)]


def zipf_english():
    """``word -> Zipf frequency`` in English, from the installed wordfreq package."""
    from wordfreq import zipf_frequency

    return lambda word: zipf_frequency(word, "en")


def file_spec() -> dict[str, str]:
    """Source, licence and filters of the common-words file (for PROVENANCE.md and the manifest)."""
    return {
        "source": (
            f"Gene and family symbols and aliases of genes.tsv.gz and families.tsv whose lower-case form is a "
            f"common English word or surname by wordfreq {dist_version('wordfreq')} (Zipf frequency >= 3.0, "
            f"at least once per million words)"
        ),
        "licence": (
            "wordfreq code Apache-2.0, its word-frequency data CC BY-SA 4.0 (Speer et al., wordfreq); this "
            "file lists only which gene terms are common words, with their Zipf value"
        ),
        "filters": (
            "Letters-only ASCII terms of 2-12 characters; one row per lower-case word (label GENE = the label "
            "such a word is not given by a change of case; norm_id empty; norm_name 'zipf <value>'). Used by "
            "the tagger: an alias spelling one is dropped, and a title-case or lower-case surface that is one "
            "never matches an all-capitals symbol by a change of case (Impact, Yes, Hua)."
        ),
    }
