"""One run per results folder: a lock file inside the folder, held for the whole run.

The workflow takes the lock when its jobs start (Snakemake's ``onstart``) and
gives it back when they end (``onsuccess``/``onerror``), so a second run that
would write the same folder, from the same checkout or another one, with the
folder named through a symbolic link or not, is refused with a message that
names the first run's process and start time.

The lock is the file ``.exomine-run.lock`` in the folder (its real path,
symbolic links resolved), locked with :func:`fcntl.flock` for as long as the
run lasts and holding the run's process id, host, start time and command.
The operating system gives the ``flock`` back when the process dies, so a
run that was killed (SIGKILL, a power cut) leaves a file that nobody holds:
the next run on the same host sees that its process is gone, takes the lock
over and says so. A lock written on another host cannot be checked from here
and is never taken over; remove the file by hand once that run is gone.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> lock = RunLock(folder)
>>> lock.acquire()
[]
>>> RunLock(folder).acquire()  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
exomine.runlock.RunLockError: .../.exomine-run.lock: the folder is in use by another exomine run (process ...
>>> lock.release()
"""

from __future__ import annotations

import atexit
import errno
import json
import os
import shlex
import socket
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: the process check below is all there is
    fcntl = None

__all__ = ["RunLock", "RunLockError", "Holder", "LOCK_NAME"]

LOCK_NAME = ".exomine-run.lock"
# errors of flock() on a file system that does not lock (some network and FUSE file systems)
_NO_LOCKING = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


class RunLockError(RuntimeError):
    """Another run holds the folder (or may: a lock written on another host)."""


def _process_start(pid: int) -> str:
    """When a process started, in clock ticks since boot (``/proc/<pid>/stat``), or ``""`` when unknown.

    With the process id it names one process: a later process that gets the same id has another start.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(pid: int, start: str) -> bool:
    """Whether process ``pid`` of this host is running and is the one that started at ``start``."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # running, as another user
    now = _process_start(pid)
    return not (start and now and now != start)


@dataclass(frozen=True)
class Holder:
    """The run a lock file names."""

    pid: int
    host: str
    started: str  # local time, for people
    start_ticks: str = ""  # the process's start (see _process_start), to tell a reused process id apart
    command: str = ""

    @classmethod
    def me(cls) -> "Holder":
        argv = list(sys.argv)
        if argv and Path(argv[0]).name == "__main__.py":  # python -m snakemake
            argv[0] = Path(argv[0]).parent.name
        command = shlex.join(argv)
        return cls(os.getpid(), socket.gethostname(), time.strftime("%Y-%m-%d %H:%M:%S %z"),
                   _process_start(os.getpid()), command if len(command) <= 300 else command[:299] + "…")

    @classmethod
    def parse(cls, text: str) -> "Holder | None":
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), str(data["started"]), str(data.get("start_ticks", "")),
                       str(data.get("command", "")))
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, started {self.started}" + (
            f", command: {self.command}" if self.command else "")


class _FolderLock:
    """The lock of one folder (see the module's documentation)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(os.path.realpath(folder))
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> str | None:
        """Take the lock; returns a warning when a dead run's lock was taken over. Raises :class:`RunLockError`."""
        if self._fd is not None:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        for _ in range(10):  # the file can be removed by its holder between our open() and flock()
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            try:
                warning = self._take(fd)
            except BaseException:
                os.close(fd)
                raise
            if warning is not False:
                self._fd = fd
                return warning
            os.close(fd)
        raise RunLockError(f"{self.path}: could not take the lock (the file keeps being replaced)")

    def _take(self, fd: int) -> str | None | bool:
        """Lock the open file ``fd``: a warning or ``None`` when taken, ``False`` when the file was replaced."""
        locked = fcntl is not None  # held with flock (else the process check alone decides)
        if locked:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise RunLockError(self._in_use(Holder.parse(_read(fd)))) from None
            except OSError as exc:
                if exc.errno not in _NO_LOCKING:
                    raise
                locked = False  # no locks here: the process check alone decides
        try:
            if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                return False
        except FileNotFoundError:
            return False
        warning = None
        previous = Holder.parse(_read(fd))
        if previous is not None and previous.pid != os.getpid():
            if previous.host != socket.gethostname():
                raise RunLockError(self._in_use(previous) + f" (written on host {previous.host}, where this run "
                                   "cannot check whether it is still going)")
            if _alive(previous.pid, previous.start_ticks) and not locked:
                raise RunLockError(self._in_use(previous))
            warning = (f"{self.path}: taking over the lock of a run that is gone without giving it back (killed?): "
                       f"{previous.describe()}; its unfinished jobs are run again")
        _write(fd, json.dumps(asdict(Holder.me()), ensure_ascii=False) + "\n")
        return warning

    def _in_use(self, holder: Holder | None) -> str:
        who = holder.describe() if holder else "its details are not written yet"
        return (f"{self.path}: the folder is in use by another exomine run ({who}). Wait for that run to end; "
                f"if it is gone, remove {self.path} and run again")

    def release(self) -> None:
        """Give the lock back (remove the file); nothing when this process does not hold it."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                os.unlink(self.path)  # before the flock is let go: a run waiting on this file sees it replaced
        except FileNotFoundError:
            pass
        finally:
            os.close(fd)  # lets go of the flock


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _write(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))
    os.fsync(fd)


class RunLock:
    """The locks of a run's folders (the results and the logs folder), taken and given back together.

    A folder named twice (through a symbolic link, or the logs inside the results) is locked once.
    """

    def __init__(self, *folders: str | Path):
        seen: dict[str, _FolderLock] = {}
        for folder in folders:
            lock = _FolderLock(folder)
            seen.setdefault(str(lock.folder), lock)
        self._locks = list(seen.values())
        self._held: list[_FolderLock] = []
        self._registered = False

    @property
    def paths(self) -> list[Path]:
        return [lock.path for lock in self._locks]

    def acquire(self) -> list[str]:
        """Take every lock, or none (raising :class:`RunLockError`); returns the warnings of locks taken over.

        They are given back by :meth:`release`, or when the process exits (an interrupted run that never gets
        to its ``onerror``); only a killed process leaves its file behind.
        """
        warnings = []
        if not self._registered:
            atexit.register(self.release)
            self._registered = True
        try:
            for lock in self._locks:
                warning = lock.acquire()
                self._held.append(lock)
                if warning:
                    warnings.append(warning)
        except BaseException:
            self.release()
            raise
        return warnings

    def release(self) -> None:
        """Give back every lock this process holds."""
        while self._held:
            self._held.pop().release()
