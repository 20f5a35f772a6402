import json
import os
import time
from pathlib import Path

from exomine.app.progress import Status, read_status, render


def test_progress_reads_the_last_progress_event_and_new_documents(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(json.dumps(e) for e in [
        {"event": "job_info", "rule_name": "extract_shard"},
        {"event": "progress", "done": 1, "total": 5},
        {"event": "progress", "done": 2, "total": 5},
    ]) + "\n{\"event\": \"prog", encoding="utf-8")  # a line still being written is passed over
    since = time.time()
    for name, age in (("old", 100), ("new1", 0), ("new2", 0)):
        key = tmp_path / "results" / "extract" / name / "key"
        key.parent.mkdir(parents=True)
        key.write_text("k", encoding="utf-8")
        if age:
            os.utime(key, (since - age, since - age))
    assert read_status(events, tmp_path / "results", since) == Status(2, 5, 2)


def test_progress_without_events_yet(tmp_path: Path) -> None:
    assert read_status(tmp_path / "none.jsonl", tmp_path, 0.0) == Status(0, 0, 0)


def test_progress_render_estimates_the_time_left() -> None:
    line = render(Status(1, 4, 7), 20.0, width=8)
    assert line.startswith("[##······] jobs 1/4 · 7 documents extracted · 0:20")
    assert line.endswith("about 1:00 left")
    assert "left" not in render(Status(0, 0, 0), 1.0)
