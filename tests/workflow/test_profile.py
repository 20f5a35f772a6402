"""The SLURM profile (profiles/slurm): a dry run of the real workflow plans the expected jobs and resources."""

from __future__ import annotations

import importlib.util
from collections import Counter
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import event_logger, planned_jobs
import yaml

from exomine.extraction.shards import group

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "profiles" / "slurm"
DOC_IDS = ["review_a", "review_b", "review_c", "pan_2024", "zhang_2018", "zhang_2022"]
N_SHARDS = 4


def _review(doc_id: str) -> str:
    return (f"Exosomal microRNAs and drug resistance ({doc_id})\nAbstract\n"
            "Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.\n")


def _string_resource(shown, wanted) -> bool:
    """Some Snakemake 9 releases announce string resources as <TBD> before submission (they are evaluated
    then); numbers are always given, so only strings get this leeway."""
    return str(shown) in (str(wanted), "<TBD>")


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory) -> list[dict]:
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        pytest.skip("snakemake-executor-plugin-slurm is not installed (pip install -e '.[dev]'); "
                    "the SLURM profile cannot be loaded without it")
    tmp = tmp_path_factory.mktemp("slurm")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for doc_id in DOC_IDS:
        (corpus / f"{doc_id}.txt").write_text(_review(doc_id), encoding="utf-8")
    cmd = [
        # a dry run plans with the local executor, which caps threads at --cores (1 if not given); on the
        # cluster nothing caps them (tests/workflow/test_slurm.py)
        sys.executable, "-m", "snakemake", "-n", "--cores", "4", "--profile", str(PROFILE),
        "--snakefile", str(REPO / "Snakefile"), "--directory", str(REPO),
        "--config", f"corpus={corpus}", f"results={tmp / 'results'}", f"logs={tmp / 'logs'}", f"shards={N_SHARDS}", "min_docs_per_shard=1",
        *event_logger(tmp / "events.jsonl"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp)
    output = proc.stdout + "\n" + proc.stderr
    assert proc.returncode == 0, output[-5000:]
    assert not (tmp / "results").exists(), "a dry run wrote results"
    return planned_jobs(tmp / "events.jsonl")


@pytest.fixture(scope="module")
def profile() -> dict:
    with open(PROFILE / "config.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_profile_plans_one_job_per_non_empty_shard(dry_run: list[dict]) -> None:
    shards = group(DOC_IDS, N_SHARDS)
    assert 1 < len(shards) <= N_SHARDS
    stats = Counter(job["rule_name"] for job in dry_run)
    assert stats["compile_lexicons"] == 1
    assert stats["extract_shard"] == len(shards)
    assert stats["aggregate"] == 1
    assert stats["graph"] == 1
    assert "evaluate" not in stats  # no gold in this corpus


def test_profile_shard_jobs_hold_their_documents(dry_run: list[dict]) -> None:
    shards = group(DOC_IDS, N_SHARDS)
    planned = {}
    for job in dry_run:
        if job["rule_name"] == "extract_shard":
            planned[job["wildcards"]["shard"]] = sorted(Path(p).stem for p in job["input"] if p.endswith(".txt"))
    assert planned == shards


def _account_and_partition(res: dict, wanted: dict) -> None:
    """The profile names no account or partition (SLURM takes the user's defaults) unless it is edited to."""
    for key in ("slurm_account", "slurm_partition"):
        if key in wanted:
            assert _string_resource(res[key], wanted[key]), res
        else:
            assert key not in res, res


def test_profile_resources_of_shard_jobs(dry_run: list[dict], profile: dict) -> None:
    wanted = {**profile["default-resources"], **profile["set-resources"]["extract_shard"]}
    jobs = [job for job in dry_run if job["rule_name"] == "extract_shard"]
    assert jobs
    for job in jobs:
        res = job["resources"]
        assert int(res["mem_mb"]) == int(wanted["mem_mb"]), res
        assert int(res["runtime"]) == int(wanted["runtime"]), res
        _account_and_partition(res, wanted)


@pytest.mark.parametrize("rule", ["compile_lexicons", "aggregate", "graph"])
def test_profile_resources_of_other_rules(dry_run: list[dict], profile: dict, rule: str) -> None:
    wanted = {**profile["default-resources"], **profile["set-resources"].get(rule, {})}
    (job,) = [job for job in dry_run if job["rule_name"] == rule]
    res = job["resources"]
    assert int(res["mem_mb"]) == int(wanted["mem_mb"]), res
    assert int(res["runtime"]) == int(wanted["runtime"]), res
    _account_and_partition(res, wanted)


class _Resources(dict):
    """A job's resources as the SLURM plugin reads them (``.get`` and attributes)."""

    __getattr__ = dict.__getitem__


@pytest.mark.parametrize("rule, cpus", [("extract_shard", 1), ("aggregate", 2), ("database", 2)])
def test_profile_cpus_follow_each_rules_threads(dry_run: list[dict], rule: str, cpus: int) -> None:
    """sbatch --cpus-per-task is the rule's threads: a default cpus_per_task would override them."""
    from types import SimpleNamespace

    from snakemake_executor_plugin_slurm_jobstep import get_cpu_setting

    for job in (job for job in dry_run if job["rule_name"] == rule):
        assert job["threads"] == cpus
        stub = SimpleNamespace(threads=job["threads"], resources=_Resources(job["resources"]))
        assert get_cpu_setting(stub, False) == f"--cpus-per-task={cpus}"
