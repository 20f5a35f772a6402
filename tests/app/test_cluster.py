"""exomine.app.cluster: the checks before the first SLURM submission, against a scripted cluster (no SLURM needed).

The real one-node cluster is in tests/workflow/test_slurm.py.
"""
from __future__ import annotations

import getpass
import subprocess

import pytest

from exomine.app.cluster import (ClusterError, Submission, account_problem, check_slurm, effective_status_command,
                                 status_problem, submission_problems)

NO_ACCOUNTING = {"AccountingStorageType": "accounting_storage/none", "MinJobAge": "300 sec"}
ACCOUNTING = {"AccountingStorageType": "accounting_storage/slurmdbd", "MinJobAge": "300 sec"}


class Cluster:
    """Answers SLURM commands by their first words; records every command it was given."""

    def __init__(self, answers: dict[str, tuple[int, str, str]], config: dict[str, str] | None = None):
        self.answers = answers
        self.config = config if config is not None else NO_ACCOUNTING
        self.calls: list[list[str]] = []

    def __call__(self, cmd: list[str]) -> subprocess.CompletedProcess:
        self.calls.append(cmd)
        if cmd[:3] == ["scontrol", "show", "config"]:
            return subprocess.CompletedProcess(cmd, 0, "".join(f"{k} = {v}\n" for k, v in self.config.items()), "")
        line = " ".join(cmd)
        for start, (code, out, err) in self.answers.items():
            if line.startswith(start):
                return subprocess.CompletedProcess(cmd, code, out, err)
        return subprocess.CompletedProcess(cmd, 0, "", "")


def _job(rule="extract_shard", account=None, partition=None, cpus=1, mem=2500, runtime=120) -> Submission:
    return Submission(rule, account, partition, cpus, mem, runtime)


def test_cluster_submission_of_a_job_follows_threads_and_skips_unevaluated_values() -> None:
    job = Submission.of("database", 2, {"mem_mb": 8000, "runtime": 60, "slurm_partition": "<TBD>",
                                        "slurm_account": "lab1"})
    assert job == Submission("database", "lab1", None, 2, 8000, 60)
    assert Submission.of("graph", 2, {"cpus_per_task": 4}).cpus == 4  # an explicit cpus_per_task wins, as in sbatch
    assert "--cpus-per-task=2" in job.sbatch_test() and "--account=lab1" in job.sbatch_test()
    assert not any(arg.startswith("--partition") for arg in job.sbatch_test())


@pytest.mark.parametrize("configured, init, min_job_age, sacct, wanted", [
    ("squeue", 15, 300, True, "squeue"),
    ("squeue", 15, 30, True, "sacct"),    # the plugin falls back to sacct below 3 x init
    ("squeue", 15, None, True, "sacct"),  # ... and when MinJobAge is unknown
    ("squeue", 15, 30, False, "squeue"),
    ("sacct", 15, 300, False, "squeue"),  # no sacct at all: squeue
    ("sacct", 15, 300, True, "sacct"),
])
def test_cluster_effective_status_command_is_the_plugins(configured, init, min_job_age, sacct, wanted) -> None:
    assert effective_status_command(configured, init, min_job_age, lambda tool: sacct or tool != "sacct") == wanted


def test_cluster_sacct_without_accounting_is_named() -> None:
    cluster = Cluster({"sacct": (1, "", "Slurm accounting storage is disabled\n")})
    problem = status_problem("sacct", 40, NO_ACCOUNTING, cluster, available=lambda tool: True)
    assert "'sacct' does not work here: Slurm accounting storage is disabled" in problem
    assert "slurm-status-command: squeue" in problem


def test_cluster_squeue_with_long_min_job_age_works() -> None:
    cluster = Cluster({})
    assert status_problem("squeue", 15, NO_ACCOUNTING, cluster, available=lambda tool: True) is None
    assert cluster.calls[0][0] == "squeue"


def test_cluster_squeue_fallback_to_a_broken_sacct_is_explained() -> None:
    cluster = Cluster({"sacct": (1, "", "Slurm accounting storage is disabled")})
    config = {**NO_ACCOUNTING, "MinJobAge": "20 sec"}
    problem = status_problem("squeue", 15, config, cluster, available=lambda tool: True)
    assert "MinJobAge is 20 s, less than 3 x 15 s" in problem


def test_cluster_squeue_that_forgets_jobs_before_the_next_query_is_refused() -> None:
    config = {**NO_ACCOUNTING, "MinJobAge": "60"}
    problem = status_problem("squeue", 15, config, Cluster({}), available=lambda tool: tool != "sacct")
    assert "MinJobAge = 60 s" in problem and "180 s" in problem


def test_cluster_account_on_a_cluster_without_accounts_is_named() -> None:
    problem = account_problem("your_account", NO_ACCOUNTING, Cluster({}))
    assert "'your_account'" in problem and "keeps no accounts" in problem


def test_cluster_account_not_among_the_users_is_named_with_theirs() -> None:
    cluster = Cluster({"sacctmgr": (0, "  lab1\n  lab2\n", "")}, ACCOUNTING)
    problem = account_problem("your_account", ACCOUNTING, cluster)
    assert f"'your_account' is not one of user {getpass.getuser()}'s accounts (lab1, lab2)" in problem
    assert account_problem("LAB2", ACCOUNTING, cluster) is None


def test_cluster_account_that_cannot_be_checked_stops_the_run() -> None:
    """The plugin raises on it in its submission thread, where the error is lost: the run would hang."""
    cluster = Cluster({"sacctmgr": (1, "", "Problem talking to the database"), "sshare": (1, "", "no priority")},
                      ACCOUNTING)
    problem = account_problem("lab1", ACCOUNTING, cluster)
    assert "'lab1' cannot be checked" in problem and "Problem talking to the database" in problem


def test_cluster_sbatch_refusals_are_grouped_by_reason() -> None:
    cluster = Cluster({"sbatch --test-only --ntasks=1 --cpus-per-task=1 --partition=cpu":
                       (1, "", "sbatch: error: invalid partition specified: cpu"),
                       "sbatch --test-only --ntasks=1 --cpus-per-task=2 --partition=cpu --mem=99000":
                       (1, "", "Requested node configuration is not available")})
    jobs = [_job("extract_shard", partition="cpu"), _job("graph", partition="cpu", mem=16000),
            _job("aggregate", partition="cpu", cpus=2, mem=99000)]
    problems = submission_problems(jobs, cluster)
    assert problems == [
        "sbatch refuses the jobs of rules extract_shard, graph (no account, partition 'cpu'): "
        "sbatch: error: invalid partition specified: cpu",
        "sbatch refuses the jobs of rule aggregate (no account, partition 'cpu', 2 CPU(s), 99000 MB, 120 min): "
        "Requested node configuration is not available"]


def test_cluster_check_names_every_problem_and_passes_a_good_cluster() -> None:
    good = Cluster({})
    check_slurm([_job(), _job("aggregate", cpus=2)], "squeue", 15, good, guess=lambda: None)
    assert sum(cmd[:2] == ["sbatch", "--test-only"] for cmd in good.calls) == 2
    bad = Cluster({"sbatch --test-only": (1, "", "invalid partition specified: cpu")})
    with pytest.raises(ClusterError) as err:
        check_slurm([_job(account="your_account", partition="cpu")], "squeue", 15, bad, guess=lambda: None)
    assert "'your_account'" in str(err.value) and "invalid partition specified: cpu" in str(err.value)


def test_cluster_guessed_account_is_checked_like_a_given_one() -> None:
    cluster = Cluster({"sacctmgr": (0, "lab1\n", "")}, ACCOUNTING)
    with pytest.raises(ClusterError, match="would use the one it guesses: SLURM account 'old_lab' is not one of"):
        check_slurm([_job()], "squeue", 15, cluster, guess=lambda: "old_lab")
    check_slurm([_job()], "squeue", 15, cluster, guess=lambda: "lab1")


def test_cluster_without_sbatch_says_where_to_run() -> None:
    with pytest.raises(ClusterError, match="sbatch does not work here .*login node"):
        check_slurm([_job()], "squeue", 15, Cluster({"sbatch --version": (127, "", "sbatch: command not found")}))


def test_cluster_module_examples_run() -> None:
    import doctest

    import exomine.app.cluster as cluster

    assert doctest.testmod(cluster).failed == 0
