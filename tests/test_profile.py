"""The SLURM profile (profiles/slurm): a dry run of the real workflow plans the expected jobs and resources."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dry_run_jobs
import yaml

from exomine.shards import group

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PROFILE = REPO / "profiles" / "slurm"
DOC_IDS = ["review_a", "review_b", "review_c", "pan_2024", "zhang_2018", "zhang_2022"]
N_SHARDS = 4


def _review(doc_id: str) -> str:
    return (f"Exosomal microRNAs and drug resistance ({doc_id})\nAbstract\n"
            "Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.\n")


def _job_stats(output: str) -> dict[str, int]:
    """The first 'Job stats' table of a Snakemake listing, by rule."""
    m = re.search(r"Job stats:\n(.*?)\n\s*\n", output, re.S)
    assert m, output[-3000:]
    stats = {}
    for line in m.group(1).splitlines():
        row = re.fullmatch(r"(\w+)\s+(\d+)", line.strip())
        if row:
            stats[row.group(1)] = int(row.group(2))
    return stats




def _field(block: str, name: str) -> str:
    m = re.search(rf"^\s+{name}: (.*)$", block, re.M)
    assert m, f"no {name}: line in\n{block}"
    return m.group(1)


def _resources(block: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in _field(block, "resources").split(", "))


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory) -> str:
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        pytest.skip("snakemake-executor-plugin-slurm is not installed (pip install -e '.[dev]'); "
                    "the SLURM profile cannot be loaded without it")
    tmp = tmp_path_factory.mktemp("slurm")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for doc_id in DOC_IDS:
        (corpus / f"{doc_id}.txt").write_text(_review(doc_id), encoding="utf-8")
    cmd = [
        sys.executable, "-m", "snakemake", "-n", "--profile", str(PROFILE),
        "--snakefile", str(REPO / "Snakefile"), "--directory", str(REPO),
        "--config", f"corpus={corpus}", f"results={tmp / 'results'}", f"logs={tmp / 'logs'}", f"shards={N_SHARDS}", "min_docs_per_shard=1",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp)
    output = proc.stdout + "\n" + proc.stderr
    assert proc.returncode == 0, output[-5000:]
    assert not (tmp / "results").exists(), "a dry run wrote results"
    return output


@pytest.fixture(scope="module")
def profile() -> dict:
    with open(PROFILE / "config.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _string_resource(shown: str, wanted) -> bool:
    """Some Snakemake 9 releases print string resources as <TBD> in a dry run (they are
    evaluated at submission); numbers are always shown, so only strings get this leeway."""
    return shown in (str(wanted), "<TBD>")


def test_profile_plans_one_job_per_non_empty_shard(dry_run: str) -> None:
    shards = group(DOC_IDS, N_SHARDS)
    assert 1 < len(shards) <= N_SHARDS
    stats = _job_stats(dry_run)
    assert stats["compile_lexicons"] == 1
    assert stats["extract_shard"] == len(shards)
    assert stats["aggregate"] == 1
    assert stats["graph"] == 1
    assert "evaluate" not in stats  # no gold in this corpus


def test_profile_shard_jobs_hold_their_documents(dry_run: str) -> None:
    shards = group(DOC_IDS, N_SHARDS)
    planned = {}
    for rule, block in dry_run_jobs(dry_run):
        if rule == "extract_shard":
            shard = re.search(r"shard=(s\d+)", _field(block, "wildcards")).group(1)
            inputs = _field(block, "input").split(", ")
            planned[shard] = sorted(Path(p).stem for p in inputs if p.endswith(".txt"))
    assert planned == shards


def test_profile_resources_of_shard_jobs(dry_run: str, profile: dict) -> None:
    wanted = profile["set-resources"]["extract_shard"]
    partition = profile["default-resources"]["slurm_partition"]
    blocks = [block for rule, block in dry_run_jobs(dry_run) if rule == "extract_shard"]
    assert blocks
    for block in blocks:
        res = _resources(block)
        assert int(res["mem_mb"]) == int(wanted["mem_mb"]), res
        assert int(res["runtime"]) == int(wanted["runtime"]), res
        assert _string_resource(res["slurm_partition"], partition), res


@pytest.mark.parametrize("rule", ["compile_lexicons", "aggregate", "graph"])
def test_profile_resources_of_other_rules(dry_run: str, profile: dict, rule: str) -> None:
    wanted = {**profile["default-resources"], **profile["set-resources"].get(rule, {})}
    (block,) = [b for r, b in dry_run_jobs(dry_run) if r == rule]
    res = _resources(block)
    assert int(res["mem_mb"]) == int(wanted["mem_mb"]), res
    assert int(res["runtime"]) == int(wanted["runtime"]), res
    assert _string_resource(res["slurm_account"], wanted["slurm_account"]), res
