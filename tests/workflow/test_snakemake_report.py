"""Snakemake's own report (``snakemake --report``) of a finished run holds the triples, the HTML report and the evaluation."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from conftest import REPO, run_workflow

pytestmark = pytest.mark.slow


def test_snakemake_report_holds_the_results(bundled_results, tmp_path) -> None:
    out = tmp_path / "snakemake-report.zip"
    proc = run_workflow(REPO / "corpus", bundled_results.parent, "--report", str(out))
    assert proc.returncode == 0, proc.stderr[-5000:]
    with zipfile.ZipFile(out) as z:
        files = {name.rsplit("/", 1)[-1]: name for name in z.namelist() if "/data/raw/" in name}
        assert {"triples.tsv", "report.html", "report.md"} <= set(files), sorted(files)
        assert z.read(files["triples.tsv"]) == (bundled_results / "triples.tsv").read_bytes()
        assert z.read(files["report.html"]) == (bundled_results / "report.html").read_bytes()
        assert z.read(files["report.md"]) == (bundled_results / "eval" / "report.md").read_bytes()
        page = z.read(next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("report.html"))).decode()
    categories = json.loads(re.search(r"var categories = (\{.*?\});", page).group(1))
    assert set(categories) == {"Findings", "Report", "Evaluation"}
