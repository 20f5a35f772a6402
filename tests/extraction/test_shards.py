"""Tests for the stable assignment of documents to shards (exomine.extraction.shards)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from exomine.extraction.shards import group, shard_count, shard_name, shard_of

IDS = [f"review_{i:04d}" for i in range(1000)]


@pytest.mark.parametrize("n_shards", [1, 2, 3, 16, 256, 1000])
def test_shards_shard_of_deterministic_and_in_range(n_shards: int) -> None:
    for doc_id in IDS[:200] + ["pan_2024", "", "ü-é", "a" * 500]:
        s = shard_of(doc_id, n_shards)
        assert 0 <= s < n_shards
        assert shard_of(doc_id, n_shards) == s


def test_shards_single_shard_holds_everything() -> None:
    assert {shard_of(d, 1) for d in IDS} == {0}
    assert list(group(IDS, 1).values()) == [sorted(IDS)]


def test_shards_independent_of_other_ids() -> None:
    before = {d: shard_of(d, 16) for d in IDS[:100]}
    shuffled = IDS[:100]
    random.Random(7).shuffle(shuffled)
    grouped = group(shuffled, 16)
    assert grouped == group(IDS[:100], 16)  # order of the input does not matter
    grown = group(shuffled + IDS[100:], 16)  # adding documents never moves an existing one
    for name, docs in grouped.items():
        assert set(docs) <= set(grown[name])
    for name, docs in grown.items():
        for d in docs:
            if d in before:
                assert shard_name(before[d], 16) == name


def test_shards_spread_evenly() -> None:
    counts = Counter(shard_of(d, 16) for d in IDS)
    assert set(counts) == set(range(16)), sorted(counts)
    mean = len(IDS) / 16
    assert max(counts.values()) <= 3 * mean, counts


def test_shards_group_is_sorted_and_non_empty() -> None:
    ids = ["zhang_2022", "pan_2024", "hosseinikhah_2023", "zhang_2018", "membranes12080775", "b", "a"]
    grouped = group(ids, 4)
    assert list(grouped) == sorted(grouped)
    assert all(docs and docs == sorted(docs) for docs in grouped.values())
    assert sorted(d for docs in grouped.values() for d in docs) == sorted(ids)
    for name, docs in grouped.items():
        assert {shard_name(shard_of(d, 4), 4) for d in docs} == {name}
    assert len(grouped) <= 4


def test_shards_group_omits_empty_shards() -> None:
    grouped = group(["only_one"], 16)
    assert list(grouped.values()) == [["only_one"]]
    assert group([], 16) == {}


@pytest.mark.parametrize("n_shards", [2, 16, 100, 101, 1000, 4096])
def test_shards_names_sort_in_index_order(n_shards: int) -> None:
    names = [shard_name(i, n_shards) for i in range(n_shards)]
    assert names == sorted(names)
    assert len(set(names)) == n_shards
    assert all(re.fullmatch(r"s[0-9]+", n) for n in names)  # the workflow's wildcard constraint


@pytest.mark.parametrize("n_shards", [0, -1])
def test_shards_fewer_than_one_shard_raises(n_shards: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shard_of("pan_2024", n_shards)
    with pytest.raises(ValueError, match="at least 1"):
        group(["pan_2024"], n_shards)


@pytest.mark.parametrize("n_docs, max_shards, per_shard, expected", [
    (0, 16, 50, 1), (1, 16, 50, 1), (50, 16, 50, 1), (51, 16, 50, 2), (165, 16, 50, 4), (201, 16, 50, 8),
    (399, 16, 50, 8), (10_000, 16, 50, 16), (10, 16, 1, 16), (10, 12, 1, 12), (10, 4, 1, 4),
])
def test_shards_shard_count_small_corpora_use_few_jobs(n_docs, max_shards, per_shard, expected) -> None:
    assert shard_count(n_docs, max_shards, per_shard) == expected


def test_shards_shard_count_rejects_zero() -> None:
    with pytest.raises(ValueError):
        shard_count(10, 0)


def test_shards_shard_count_changes_only_when_the_corpus_doubles() -> None:
    counts = [shard_count(n, 64, 50) for n in range(1, 3000)]
    changes = [n for n in range(1, len(counts)) if counts[n] != counts[n - 1]]
    assert len(changes) == 6  # 50, 100, 200, 400, 800, 1600 documents


def test_shards_stamp_changes_with_any_write_even_with_the_time_set_back(tmp_path) -> None:
    import os
    import time

    from exomine.extraction.shards import file_stamp, shard_stamp

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("miR-9999 and cisplatin\n", encoding="utf-8")
    b.write_text("FOO1\n", encoding="utf-8")
    sources = {"a": a, "b": b}
    before = shard_stamp(sources)
    assert shard_stamp(sources) == before and shard_stamp(dict(reversed(sources.items()))) == before
    st = a.stat()
    time.sleep(0.05)  # past the file system's coarse clock tick (a few ms), as any later edit is
    a.write_text("miR-9999 and docetaxel\n", encoding="utf-8")  # same size
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old modification time
    assert a.stat().st_size == st.st_size and a.stat().st_mtime_ns == st.st_mtime_ns
    assert shard_stamp(sources) != before
    assert file_stamp(tmp_path / "gone.txt") is None
    assert shard_stamp({**sources, "gone": tmp_path / "gone.txt"}) != shard_stamp(sources)
