import os
import threading
from pathlib import Path

from exomine.extraction.index_cache import cache_dir, cached_index_path, ensure_index, index_key


def test_index_cache_key_follows_version_selection_and_bytes(tmp_path: Path) -> None:
    a = tmp_path / "a.tsv"
    a.write_text("x\n", encoding="utf-8")
    key = index_key({"lexicons": ["genes"]}, [a], "1.0")
    assert key == index_key({"lexicons": ["genes"]}, [a], "1.0")
    assert key != index_key({"lexicons": ["genes"]}, [a], "1.1")
    assert key != index_key({"lexicons": ["drugs"]}, [a], "1.0")
    a.write_text("y\n", encoding="utf-8")
    assert key != index_key({"lexicons": ["genes"]}, [a], "1.0")


def test_index_cache_builds_once_and_reuses(tmp_path: Path) -> None:
    calls = []

    def build() -> bytes:
        calls.append(1)
        return b"index"

    first = ensure_index("k" * 64, build, tmp_path)
    second = ensure_index("k" * 64, build, tmp_path)
    assert first == second == cached_index_path("k" * 64, tmp_path) and first.read_bytes() == b"index"
    assert len(calls) == 1
    assert not list(tmp_path.glob("*.tmp"))


def test_index_cache_concurrent_builders_build_once(tmp_path: Path) -> None:
    calls = []
    gate = threading.Barrier(4)

    def build() -> bytes:
        calls.append(1)
        return b"x" * 100_000

    def worker() -> None:
        gate.wait()
        ensure_index("c" * 64, build, tmp_path)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and cached_index_path("c" * 64, tmp_path).stat().st_size == 100_000


def test_index_cache_folder_from_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EXOMINE_CACHE_DIR", str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here" and (tmp_path / "here").is_dir()
    monkeypatch.delenv("EXOMINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the user's cache folder (platformdirs, Linux)
    assert cache_dir() == tmp_path / "xdg" / "exomine" and os.access(cache_dir(), os.W_OK)
