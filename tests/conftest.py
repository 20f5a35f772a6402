"""Session fixtures: heavy resources are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def extractor():
    """The default extractor (lexicons, scispaCy pipeline, packaged relation rules)."""
    from exomine.extraction.pipeline import Options, build_extractor

    return build_extractor(Options())


@pytest.fixture(scope="session")
def tagger(extractor):
    """The entity tagger built from the shipped lexicons."""
    return extractor.tagger


@pytest.fixture(scope="session")
def rules():
    """The packaged relation rules."""
    from exomine.relations.engine import load_rules

    return load_rules()


# A tiny hand-made lexicon with the awkward cases (shared, shadowing, short and lower-case aliases, a stoplisted
# symbol, an excluded concept), for the index and lookup tests: rows of exomine.entities.lexicon.LexiconEntry.
TINY_ROWS = [
    ("MET", "GENE", "HGNC:7029", "MET", "symbol", "hgnc"),
    ("KRAS", "GENE", "HGNC:6407", "KRAS", "symbol", "hgnc"),
    ("BCL2", "GENE", "HGNC:990", "BCL2", "symbol", "hgnc"),
    ("AKT", "GENE", "FPLX:AKT", "AKT", "famplex_entity", "famplex"),
    ("SHARED1", "GENE", "HGNC:1", "GENEA", "alias", "hgnc"),
    ("SHARED1", "GENE", "HGNC:2", "GENEB", "alias", "hgnc"),
    ("UNIQ1", "GENE", "HGNC:3", "GENEC", "alias", "hgnc"),
    ("KRAS", "GENE", "HGNC:4", "OTHER", "alias", "hgnc"),  # would shadow KRAS's symbol
    ("p5", "GENE", "HGNC:5", "GENED", "alias", "hgnc"),  # too short
    ("lowercase", "GENE", "HGNC:6", "GENEE", "alias", "hgnc"),  # all lower case
    ("H19", "LNCRNA", "HGNC:4713", "H19", "symbol", "hgnc"),
    ("STOPPED", "GENE", "HGNC:7", "STOPPED", "symbol", "hgnc"),
    ("gemcitabine", "DRUG", "DrugBank:DB00441", "Gemcitabine", "generic", "drug_ner"),
    ("Gemzar", "DRUG", "DrugBank:DB00441", "Gemcitabine", "brand", "drug_ner"),
    ("Neoplasms", "CANCER", "MeSH:D009369", "Neoplasms", "mesh_label", "mesh"),
    ("lung cancer", "CANCER", "MeSH:D008175", "Lung Neoplasms", "mesh_synonym", "mesh"),
    ("non-small cell lung cancer", "CANCER", "MeSH:D002289", "NSCLC", "mesh_synonym", "mesh"),
    ("hsa-mir-21", "MIRNA", "miRBase:MI0000077", "hsa-mir-21", "precursor", "mirbase"),
]


@pytest.fixture()
def tiny_entries() -> list:
    """:data:`TINY_ROWS` as lexicon entries."""
    from exomine.entities.lexicon import LexiconEntry

    return [LexiconEntry(*row) for row in TINY_ROWS]


@pytest.fixture()
def tiny(tiny_entries):
    """The tiny lexicon indexed with a stoplist (STOPPED) and with MeSH:D009369 excluded."""
    from exomine.entities.index import LexiconIndex
    from exomine.entities.lexicon import LexiconEntry

    stop = [LexiconEntry("STOPPED", "GENE", "", "something else", "stop", "curated")]
    return LexiconIndex(tiny_entries, stop, exclude_ids=["MeSH:D009369"])


@pytest.fixture()
def word_index():
    """Gene symbols and an alias that spell a common word or surname, indexed with those words as common words."""
    from exomine.entities.index import LexiconIndex
    from exomine.entities.lexicon import LexiconEntry

    return LexiconIndex([
        LexiconEntry("WORDY", "GENE", "HGNC:11", "WORDY", "symbol", "hgnc"),   # a symbol that spells a word
        LexiconEntry("QUAK", "GENE", "HGNC:12", "QUAK", "symbol", "hgnc"),     # a symbol that is no word
        LexiconEntry("SURN", "GENE", "HGNC:13", "SURN1", "alias", "hgnc"),     # an alias that is a surname
        LexiconEntry("SURN1", "GENE", "HGNC:13", "SURN1", "symbol", "hgnc"),
    ], common_words=["wordy", "surn"])


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (development data); tests that need it are skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (development data only)")
    return SHARED


def pytest_collection_modifyitems(config, items):
    """Tests marked ``shared`` skip without ``../shared`` even if they do not request the fixture."""
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"{SHARED} is absent (development data only)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    # the compiled lexicon index goes to a cache folder of the tests', not the user's (kept between sessions:
    # it is keyed by version and lexicons, so a stale one is never used); workflow runs inherit it
    import os
    import tempfile

    os.environ.setdefault("EXOMINE_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"exomine-test-cache-{os.getuid()}"))
    # scispaCy's abbreviation detector warns on every text without a definition; exomine silences it when it
    # builds the pipeline, but pytest restores the warning filters around each test.
    config.addinivalue_line("filterwarnings", r"ignore:.*\[W036\]:UserWarning")


def planned_jobs(events: Path) -> list[dict]:
    """Every job Snakemake announced, as the ``exomine`` logger plugin recorded it (``--logger exomine``).

    Each job is a dict of the event's fields (``rule_name``, ``wildcards``, ``input``, ``output``,
    ``resources``, ...): read from Snakemake's logger-plugin interface, never from its console text,
    whose lines change between releases.
    """
    import json

    jobs = []
    with open(events, encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            if event.get("event") == "job_info":
                jobs.append(event)
    return jobs


def event_logger(events: Path) -> list[str]:
    """Snakemake arguments that record its events in ``events`` (one JSON object a line)."""
    return ["--logger", "exomine", "--logger-exomine-file", str(events)]


def summary_line(output: str) -> str:
    """exomine's own summary line ('N files: ...'), wherever Snakemake puts it among its lines."""
    import re

    lines = [line for line in output.splitlines() if re.match(r"\d+ files?: ", line)]
    assert lines, f"no exomine summary line in\n{output[-3000:]}"
    return lines[-1]


REPO = Path(__file__).resolve().parents[1]


def run_workflow(corpus: Path, out: Path, *extra: str):
    """Run the real workflow (this checkout's Snakefile) on ``corpus``, writing ``out/results`` and ``out/logs``."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "snakemake", "--cores", "2", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(REPO), "--config", f"corpus={corpus}", f"results={out / 'results'}",
           f"logs={out / 'logs'}", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=out)


@pytest.fixture(scope="session")
def bundled_results(tmp_path_factory) -> Path:
    """The results folder of a real workflow run on the bundled corpus (``corpus/``, with its gold)."""
    out = tmp_path_factory.mktemp("bundled")
    proc = run_workflow(REPO / "corpus", out, "-q")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return out / "results"
