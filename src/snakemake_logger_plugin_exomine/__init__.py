"""Snakemake logger plugin ``exomine``: the workflow's events as JSON lines.

Snakemake's console output is chatter for people: its lines move between
releases. Its logger-plugin interface is the stable part: every event (a job
planned, started, finished or failed, the run's progress) arrives as a
:class:`logging.LogRecord` carrying the event's fields. This plugin writes one
JSON object per event to a file, so that ``exomine run`` can show progress
and tests can read the plan of a dry run without parsing Snakemake's text.

>>> # snakemake --logger exomine --logger-exomine-file events.jsonl ...
"""

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Optional

from snakemake_interface_logger_plugins.base import LogHandlerBase
from snakemake_interface_logger_plugins.settings import LogHandlerSettingsBase

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


@dataclass
class LogHandlerSettings(LogHandlerSettingsBase):
    file: Optional[str] = field(
        default=None,
        metadata={"help": "write the events, one JSON object a line, to this file", "env_var": True},
    )


def _plain(value):
    """A JSON-able copy of an event field (sets, Namedlists and paths become lists or text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "items") and callable(value.items):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "__iter__"):
        try:
            return [_plain(v) for v in value]
        except TypeError:
            pass
    return str(value)


def event_fields(record: logging.LogRecord) -> dict:
    """The fields of one Snakemake event: ``event`` plus whatever the event carries."""
    out = {k: _plain(v) for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
    out["event"] = str(getattr(record, "event", "") or "")
    out["level"] = record.levelname
    out["msg"] = record.getMessage() if not isinstance(record.msg, dict) else ""
    return out


class LogHandler(LogHandlerBase):
    def __post_init__(self) -> None:
        path = (self.settings.file if self.settings else None) or os.environ.get("EXOMINE_EVENTS")
        self.baseFilename = os.path.abspath(path) if path else None
        self._fh = open(self.baseFilename, "a", encoding="utf-8") if path else None

    def emit(self, record: logging.LogRecord) -> None:
        if self._fh is None:
            return
        try:
            self._fh.write(json.dumps(event_fields(record), ensure_ascii=False) + "\n")
            self._fh.flush()
        except Exception:  # a log line never stops a run
            self.handleError(record)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        super().close()

    @property
    def writes_to_stream(self) -> bool:
        return False

    @property
    def writes_to_file(self) -> bool:
        return self._fh is not None

    @property
    def has_filter(self) -> bool:
        return True

    @property
    def has_formatter(self) -> bool:
        return True

    @property
    def needs_rulegraph(self) -> bool:
        return False
