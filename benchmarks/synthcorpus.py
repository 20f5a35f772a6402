"""A synthetic review corpus for the scaling benchmarks, made from the bundled texts.

Every document is a review-length web text of the shape the ingestion expects:
a title line, an "Abstract" heading and paragraph, a "Keywords:" line, body
paragraphs under upper-case section headings, "Figure N." captions and a
numbered "References" list. Its paragraphs are the bundled reviews' cleaned
paragraphs, drawn in a shuffled order, and entity names are rewritten per
document so that no two documents are alike: miR-<n> numbers, circ<NAME>
suffixes, circ_<digits> identifiers and drug names (permuted over a list of
drugs the lexicons know). Everything is deterministic for a given seed.

>>> pool = load_pool(REPO / "corpus")                       # doctest: +SKIP
>>> text = make_document(pool, index=0, seed=1)             # doctest: +SKIP
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass
from pathlib import Path

from exomine.reading.webtext import parse_web_text

__all__ = ["Pool", "load_pool", "make_document", "write_corpus", "DRUGS"]

REPO = Path(__file__).resolve().parents[1]

DRUGS = (
    "cisplatin", "oxaliplatin", "carboplatin", "doxorubicin", "paclitaxel", "docetaxel", "gemcitabine",
    "5-fluorouracil", "tamoxifen", "trastuzumab", "gefitinib", "erlotinib", "osimertinib", "sorafenib",
    "temozolomide", "imatinib", "bortezomib", "irinotecan", "sunitinib", "lapatinib", "cetuximab",
    "vincristine", "etoposide", "methotrexate",
)
CANCERS = ("breast cancer", "gastric cancer", "colorectal cancer", "lung cancer", "ovarian cancer",
           "pancreatic cancer", "hepatocellular carcinoma", "glioblastoma", "prostate cancer", "bladder cancer")
HEADINGS = ("INTRODUCTION", "EXOSOME BIOGENESIS AND CARGO", "EXOSOMAL NONCODING RNAS", "TUMOR MICROENVIRONMENT",
            "MECHANISMS OF DRUG RESISTANCE", "EXOSOMES FROM STROMAL CELLS", "DIAGNOSTIC APPLICATIONS",
            "THERAPEUTIC STRATEGIES", "FUTURE PERSPECTIVES", "CONCLUSION")
JOURNALS = ("Mol Cancer", "Cancer Res", "Oncogene", "J Exp Clin Cancer Res", "Cell Death Dis", "Theranostics")
SURNAMES = ("Wang", "Li", "Zhang", "Chen", "Smith", "Garcia", "Kim", "Rossi", "Müller", "Sato", "Khan", "Silva")

_MIR = re.compile(r"(?<=[mM]iR-)(\d+)")
_CIRC_NAME = re.compile(r"(?<![\w-])circ(?!RNA)([A-Z][A-Z0-9]{1,10})\b")
_CIRC_ID = re.compile(r"(?<=circ_)(\d{4,8})\b")
_DRUG = re.compile(r"\b(" + "|".join(re.escape(d) for d in sorted(DRUGS, key=len, reverse=True)) + r")\b", re.I)
_CAPTION_PREFIX = re.compile(r"^(?:Figure|Fig\.?|Table)\s*\d+[a-z]?[.:|]\s+", re.I)


@dataclass(frozen=True)
class Pool:
    """Cleaned paragraphs of the bundled reviews, by kind."""

    prose: tuple[str, ...]  # abstract and body paragraphs
    captions: tuple[str, ...]  # figure captions without their "Figure N." label
    references: tuple[str, ...]  # titles of cited articles

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.prose + self.captions + self.references)


def load_pool(corpus: Path) -> Pool:
    """Paragraphs of every ``.txt`` review in ``corpus``, as the web-text cleaner reads them."""
    prose, captions, references = [], [], []
    for path in sorted(corpus.glob("*.txt")):
        parts, _ = parse_web_text(path.read_text(encoding="utf-8"))
        for part in parts:
            if part.name in ("abstract", "body"):
                prose.extend(p for p in part.paragraphs if len(p.split()) >= 8)
            elif part.name == "figure":
                captions.extend(_CAPTION_PREFIX.sub("", p) for p in part.paragraphs)
            elif part.name == "references":
                references.extend(p if p.endswith((".", "?", "!")) else p + "." for p in part.paragraphs)
    return Pool(tuple(prose), tuple(captions), tuple(references))


class Renamer:
    """Rewrite entity names consistently within one document."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        permuted = list(DRUGS)
        rng.shuffle(permuted)
        self.drugs = dict(zip(DRUGS, permuted))
        self.mirnas: dict[str, str] = {}
        self.circ_names: dict[str, str] = {}
        self.circ_ids: dict[str, str] = {}

    def _symbol(self) -> str:
        letters = "".join(self.rng.choice(string.ascii_uppercase) for _ in range(self.rng.randint(3, 5)))
        return letters + str(self.rng.randint(1, 9))

    def _drug(self, m: re.Match) -> str:
        new = self.drugs[m.group(1).lower()]
        return new[0].upper() + new[1:] if m.group(1)[0].isupper() else new

    def __call__(self, text: str) -> str:
        text = _MIR.sub(lambda m: self.mirnas.setdefault(m.group(1), str(self.rng.randint(1, 2500))), text)
        text = _CIRC_NAME.sub(lambda m: "circ" + self.circ_names.setdefault(m.group(1), self._symbol()), text)
        text = _CIRC_ID.sub(lambda m: self.circ_ids.setdefault(m.group(1), f"{self.rng.randint(1, 9999999):07d}"), text)
        return _DRUG.sub(self._drug, text)


def _draw(rng: random.Random, items: tuple[str, ...]):
    """Endless draws from ``items``: shuffled rounds without replacement."""
    while True:
        order = list(items)
        rng.shuffle(order)
        yield from order


def _reference(rng: random.Random, n: int, title: str) -> str:
    authors = ", ".join(f"{rng.choice(SURNAMES)} {rng.choice(string.ascii_uppercase)}" for _ in range(rng.randint(2, 4)))
    year = rng.randint(2005, 2024)
    return f"{n}. {authors}, et al. {title} {rng.choice(JOURNALS)} {year};{rng.randint(1, 40)}:{rng.randint(1, 999)}."


def make_document(pool: Pool, index: int, seed: int, mean_chars: int = 40_000, paragraphs: int | None = None) -> str:
    """The raw text of synthetic review number ``index``.

    With ``paragraphs`` the document has exactly that many prose paragraphs (an abstract and
    body paragraphs), one figure caption and five reference titles; otherwise it is about
    ``mean_chars`` characters once cleaned.
    """
    if paragraphs is not None:
        return _fixed_document(pool, index, seed, paragraphs)
    rng = random.Random(f"{seed}:{index}")
    rename = Renamer(rng)
    target = rng.randint(int(mean_chars * 0.75), int(mean_chars * 1.25))
    drug, cancer = rng.choice(DRUGS), rng.choice(CANCERS)
    lines = [f"Exosomal noncoding RNAs and {drug} resistance in {cancer} review {index}", "", "Abstract"]
    prose = _draw(rng, pool.prose)
    lines.append(rename(next(prose)))
    lines.append(f"Keywords: exosomes; {drug}; {cancer}; drug resistance")
    size = sum(len(x) + 1 for x in lines)  # characters of the cleaned text, roughly
    headings = _draw(rng, HEADINGS)
    while size < 0.75 * target:
        lines.append(next(headings))
        for _ in range(rng.randint(2, 6)):
            lines.append(rename(next(prose)))
            size += len(lines[-1]) + 1
    captions = _draw(rng, pool.captions)
    for n in range(1, rng.randint(2, 5) + 1):
        lines.append(f"Figure {n}. {rename(next(captions))}")
        size += len(lines[-1]) + 1
    lines.append("References")
    references = _draw(rng, pool.references)
    n = 0
    while size < target:
        n += 1
        title = rename(next(references))
        lines.append(_reference(rng, n, title))
        size += len(title) + 1  # the cleaned text keeps only the cited title
    return "\n".join(lines) + "\n"


def _fixed_document(pool: Pool, index: int, seed: int, paragraphs: int) -> str:
    rng = random.Random(f"{seed}:{index}:{paragraphs}")
    rename = Renamer(rng)
    drug, cancer = rng.choice(DRUGS), rng.choice(CANCERS)
    prose = _draw(rng, pool.prose)
    lines = [f"Exosomal noncoding RNAs and {drug} resistance in {cancer} review {index}", "", "Abstract",
             rename(next(prose)), f"Keywords: exosomes; {drug}; {cancer}; drug resistance"]
    headings = _draw(rng, HEADINGS)
    left = paragraphs - 1
    while left > 0:
        lines.append(next(headings))
        for _ in range(min(left, rng.randint(2, 6))):
            lines.append(rename(next(prose)))
            left -= 1
    lines.append(f"Figure 1. {rename(next(_draw(rng, pool.captions)))}")
    lines.append("References")
    references = _draw(rng, pool.references)
    lines += [_reference(rng, n, rename(next(references))) for n in range(1, 6)]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, pool: Pool, n_docs: int, seed: int, start: int = 0,
                 paragraphs: int | None = None) -> list[Path]:
    """Write documents ``start .. start + n_docs - 1`` as ``synth_<index>.txt`` into ``folder``
    (``paragraphs``: see :func:`make_document`)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n_docs):
        path = folder / f"synth_{i:05d}.txt"
        path.write_text(make_document(pool, i, seed, paragraphs=paragraphs), encoding="utf-8")
        paths.append(path)
    return paths
