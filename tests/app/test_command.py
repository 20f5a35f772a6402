from pathlib import Path

import pytest

from exomine.app.command import RunSpec, absolute_files, snakemake_command, workflow_root


def test_command_workflow_root_is_the_checkout_here() -> None:
    root = workflow_root()
    assert (root / "Snakefile").is_file() and (root / "workflow" / "rules").is_dir()


def test_command_workflow_root_from_environment(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "workflow" / "rules").mkdir(parents=True)
    (tmp_path / "Snakefile").write_text("", encoding="utf-8")
    monkeypatch.setenv("EXOMINE_WORKFLOW", str(tmp_path))
    assert workflow_root() == tmp_path


def test_command_runs_in_the_results_folder_and_resumes(tmp_path: Path) -> None:
    spec = RunSpec(tmp_path / "corpus", tmp_path / "out", cores=3, config=("strict=true",))
    cmd = snakemake_command(spec, Path("/wf"))
    assert cmd[cmd.index("--directory") + 1] == str(tmp_path / "out")
    assert cmd[cmd.index("--snakefile") + 1] == "/wf/Snakefile"
    assert cmd[cmd.index("--cores") + 1] == "3"
    assert "--rerun-incomplete" in cmd
    config = cmd[cmd.index("--config") + 1:]
    assert config == [f"corpus={tmp_path / 'corpus'}", f"results={tmp_path / 'out'}", f"logs={tmp_path / 'out' / 'logs'}",
                      "strict=true"]
    assert cmd[cmd.index("--logger-exomine-file") + 1] == str(tmp_path / "out" / "logs" / "events.jsonl")


@pytest.mark.parametrize("item", ["strict", "results=/elsewhere", "corpus=x"])
def test_command_refuses_bad_or_reserved_config(item: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--config"):
        snakemake_command(RunSpec(tmp_path, tmp_path, config=(item,)), Path("/wf"))


def test_command_user_files_are_read_from_where_the_run_started(tmp_path: Path) -> None:
    # Snakemake runs in the results folder: a relative curation or rules file is the user's, from here
    got = absolute_files(("curation=marks/foo.tsv", "relation_rules=/abs/rules.yaml", "strict=true", "curation="),
                         tmp_path)
    assert got == (f"curation={tmp_path / 'marks' / 'foo.tsv'}", "relation_rules=/abs/rules.yaml", "strict=true",
                   "curation=")
