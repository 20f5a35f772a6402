"""Checks of a SLURM cluster before the workflow submits its first job (``onstart``, executor ``slurm``).

snakemake-executor-plugin-slurm (2.6) waits forever, silently, in two common cases:

- its status command does not work: every ``sacct`` call fails on a cluster without job accounting
  (no slurmdbd), the failed queries are dropped, and no job is ever seen to end; ``squeue`` forgets
  a job ``MinJobAge`` seconds after it ends, and the plugin may wait up to 180 s between two queries;
- an account it cannot accept: the plugin checks the account in the thread that submits the job,
  and the error it raises there is lost.

:func:`check_slurm` runs the same checks once, in the main process, with a timeout on every command,
and raises :class:`ClusterError` with the command's own message (naming the account, the partition or
the status command) and what to change. Each kind of job the run will submit (rule, account,
partition, cores, memory, time) is tried with ``sbatch --test-only``, which asks the controller
without submitting anything.

>>> Submission.of("aggregate", 2, {"mem_mb": 16000, "runtime": 120, "slurm_account": "<TBD>"})
Submission(rule='aggregate', account=None, partition=None, cpus=2, mem_mb=16000, runtime=120)
>>> Submission("x", "lab1", "cpu", 2, 100, 5).sbatch_test()[1:]
['--test-only', '--ntasks=1', '--cpus-per-task=2', '--account=lab1', '--partition=cpu', '--mem=100', '--time=5', '--wrap=true']
"""
from __future__ import annotations

import getpass
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

__all__ = ["ClusterError", "Submission", "check_slurm", "status_problem", "account_problem", "submission_problems",
           "MAX_STATUS_WAIT"]

# the plugin's longest wait between two status queries (check_active_jobs: max_sleep_time)
MAX_STATUS_WAIT = 180
TIMEOUT = 20  # seconds for one command: a controller that does not answer is a problem too

Runner = Callable[[list[str]], subprocess.CompletedProcess]


class ClusterError(RuntimeError):
    """The run would hang or fail at submission: the message says why and what to change."""


def run_command(cmd: list[str]) -> subprocess.CompletedProcess:
    """Run one SLURM command; a missing command or one that does not answer in time is a failed call."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        return subprocess.CompletedProcess(cmd, 127, "", f"{cmd[0]}: command not found")
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", f"{cmd[0]} did not answer within {TIMEOUT} s")


def _said(proc: subprocess.CompletedProcess) -> str:
    """What a failed command said, on one line."""
    text = " ".join((proc.stderr or proc.stdout or "").split())
    return text or f"exit status {proc.returncode}"


def _known(value) -> bool:
    """A resource value Snakemake has evaluated (it shows '<TBD>' for one that waits on input files)."""
    return value not in (None, "", "<TBD>")


@dataclass(frozen=True)
class Submission:
    """What sbatch is asked for the jobs of one rule (the plugin's account, partition, cores, memory, time)."""

    rule: str
    account: str | None
    partition: str | None
    cpus: int
    mem_mb: int | None
    runtime: int | None  # minutes

    @classmethod
    def of(cls, rule: str, threads: int, resources: Mapping) -> Submission:
        """From a job's threads and evaluated resources, as the plugin reads them."""
        def text(name):
            value = resources.get(name)
            return str(value) if _known(value) else None

        def number(name):
            value = resources.get(name)
            return int(value) if _known(value) and str(value).isdigit() else None

        cpus = number("cpus_per_task") or int(threads) or 1
        return cls(rule, text("slurm_account"), text("slurm_partition"), cpus, number("mem_mb"), number("runtime"))

    def sbatch_test(self) -> list[str]:
        """``sbatch --test-only`` for one job like this: the controller says whether it would accept it."""
        cmd = ["sbatch", "--test-only", "--ntasks=1", f"--cpus-per-task={self.cpus}"]
        for option, value in (("account", self.account), ("partition", self.partition),
                              ("mem", self.mem_mb), ("time", self.runtime)):
            if value is not None:
                cmd.append(f"--{option}={value}")
        return cmd + ["--wrap=true"]

    def describe(self) -> str:
        parts = [f"account {self.account!r}" if self.account else "no account",
                 f"partition {self.partition!r}" if self.partition else "the default partition",
                 f"{self.cpus} CPU(s)"]
        if self.mem_mb is not None:
            parts.append(f"{self.mem_mb} MB")
        if self.runtime is not None:
            parts.append(f"{self.runtime} min")
        return ", ".join(parts)


def slurm_config(run: Runner = run_command) -> dict[str, str]:
    """``scontrol show config`` as a dict (empty when it fails)."""
    proc = run(["scontrol", "show", "config"])
    if proc.returncode:
        return {}
    pairs = (line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def _seconds(value: str | None) -> int | None:
    """MinJobAge as scontrol prints it ('300 sec', '1h', '3600') in seconds."""
    match = re.match(r"(\d+)\s*([a-z]*)", (value or "").lower())
    if not match:
        return None
    return int(match.group(1)) * (3600 if match.group(2) in ("h", "hour", "hours") else 1)


def effective_status_command(configured: str, init_seconds: int, min_job_age: int | None,
                             available: Callable[[str], bool] = lambda tool: shutil.which(tool) is not None) -> str:
    """The command the plugin will really query (it overrides its own setting in check_active_jobs)."""
    command = configured
    if command == "squeue" and (min_job_age is None or min_job_age < 3 * init_seconds) and available("sacct"):
        command = "sacct"
    if command == "sacct" and not available("sacct"):
        command = "squeue"
    return command


def status_problem(configured: str, init_seconds: int, config: Mapping[str, str], run: Runner = run_command,
                   available: Callable[[str], bool] | None = None) -> str | None:
    """Why the plugin's status queries would never see a job end, or None when they work.

    ``config`` is the cluster's ``scontrol show config`` (:func:`slurm_config`).
    """
    min_job_age = _seconds(config.get("MinJobAge"))
    command = effective_status_command(configured, init_seconds, min_job_age,
                                       available or (lambda tool: shutil.which(tool) is not None))
    if command == "sacct":
        proc = run(["sacct", "-X", "--parsable2", "--noheader", "--format=JobIdRaw,State",
                    "--starttime=now-1hours", "--endtime=now", "--name=exomine-status-probe"])
        if proc.returncode == 0:
            return None
        why = (f" (MinJobAge is {min_job_age} s, less than 3 x {init_seconds} s, so the plugin uses sacct "
               "even with slurm-status-command: squeue)" if configured == "squeue" else "")
        return (f"the SLURM status command 'sacct' does not work here: {_said(proc)}. The SLURM plugin "
                f"would never see a job end and wait forever{why}. On a cluster without job accounting "
                "(slurmdbd), use slurm-status-command: squeue (profiles/slurm does) with MinJobAge of at least "
                f"{MAX_STATUS_WAIT + 60} s (scontrol show config)")
    proc = run(["squeue", "--noheader", "--states=all", "--format=%i|%T", "--name=exomine-status-probe"])
    if proc.returncode:
        return f"the SLURM status command 'squeue' does not work here: {_said(proc)}"
    if min_job_age is not None and min_job_age <= MAX_STATUS_WAIT:
        return (f"squeue forgets a job MinJobAge = {min_job_age} s after it ends, and the SLURM plugin may wait "
                f"{MAX_STATUS_WAIT} s between two status queries: a job could end unseen and the run wait "
                "forever. Use slurm-status-command: sacct if this cluster keeps job accounting, or ask for "
                f"MinJobAge of at least {MAX_STATUS_WAIT + 60} s")
    return None


def account_problem(account: str, config: Mapping[str, str], run: Runner = run_command) -> str | None:
    """Why SLURM would not take ``account`` from this user, or None when it would (or cannot tell, like the
    plugin, when both sacctmgr and sshare answer with nothing)."""
    if config.get("AccountingStorageType", "").endswith("/none"):
        return (f"SLURM account {account!r} is given, but this cluster keeps no accounts "
                "(AccountingStorageType = accounting_storage/none), so it would be ignored: leave slurm_account "
                "unset")
    user = getpass.getuser()
    proc = run(["sacctmgr", "-n", "-s", "list", "user", user, "format=account%256"])
    accounts, reports = set(), []
    if proc.returncode == 0:
        accounts = {line.strip().lower() for line in proc.stdout.splitlines() if line.strip()}
    else:
        reports.append(f"sacctmgr: {_said(proc)}")
    if not accounts:
        proc = run(["sshare", "-U", "--format", "Account%256", "--noheader"])
        if proc.returncode == 0:
            accounts = {line.strip().lower() for line in proc.stdout.splitlines() if line.strip()}
        else:
            reports.append(f"sshare: {_said(proc)}")
            return (f"SLURM account {account!r} cannot be checked ({'; '.join(reports)}); the SLURM plugin "
                    "would fail on it at the first submission, in a thread whose error is lost")
    if accounts and account.lower() not in accounts:
        return (f"SLURM account {account!r} is not one of user {user}'s accounts "
                f"({', '.join(sorted(accounts))}): set slurm_account in the profile or leave it unset")
    return None


def plugin_account_guess() -> str | None:
    """The account the SLURM plugin guesses when a job has none (its own ``get_account``), or None."""
    try:
        from snakemake_executor_plugin_slurm.accounts import get_account
    except ImportError:
        return None
    quiet = logging.getLogger("exomine.cluster.guess")  # the plugin says the same when it guesses
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    return get_account(quiet) or None


def submission_problems(submissions: Iterable[Submission], run: Runner = run_command) -> list[str]:
    """sbatch's own refusals of jobs like ``submissions`` (invalid partition, too much memory ...), one line
    per refusal: rules refused for the same reason with the same account and partition share it."""
    refused: dict[tuple, list[Submission]] = {}
    for submission in submissions:
        proc = run(submission.sbatch_test())
        if proc.returncode:
            refused.setdefault((_said(proc), submission.account, submission.partition), []).append(submission)
    lines = []
    for (said, _, _), group in refused.items():
        if len(group) == 1:
            lines.append(f"sbatch refuses the jobs of rule {group[0].rule} ({group[0].describe()}): {said}")
        else:
            where = ", ".join(group[0].describe().split(", ")[:2])
            rules = ", ".join(s.rule for s in group)
            lines.append(f"sbatch refuses the jobs of rules {rules} ({where}): {said}")
    return lines


def check_slurm(submissions: Iterable[Submission], status_command: str, init_seconds: int,
                run: Runner = run_command, guess: Callable[[], str | None] = plugin_account_guess) -> None:
    """Raise ClusterError naming every problem found (status command, accounts, sbatch's answers).

    A job without an account gets the one the plugin guesses (``guess``), checked like a given one.
    """
    proc = run(["sbatch", "--version"])
    if proc.returncode:
        raise ClusterError(f"the SLURM executor is chosen, but sbatch does not work here ({_said(proc)}): "
                           "run the workflow on the cluster's login node")
    config = slurm_config(run)
    problems = []
    status = status_problem(status_command, init_seconds, config, run)
    if status:
        problems.append(status)
    submissions = sorted(set(submissions), key=lambda s: s.rule)
    accounts = {s.account: "" for s in submissions if s.account}
    guessed = guess() if any(not s.account for s in submissions) else None
    if guessed and guessed not in accounts:
        accounts[guessed] = "no slurm_account is set, and the SLURM plugin would use the one it guesses: "
    for account, how in sorted(accounts.items()):
        problem = account_problem(account, config, run)
        if problem:
            problems.append(how + problem)
    problems += submission_problems(submissions, run)
    if problems:
        raise ClusterError(problems[0] if len(problems) == 1 else "\n  - " + "\n  - ".join(problems))
