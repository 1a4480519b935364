"""The cache does not grow without bound: at most once a day, a run deletes the entries
used least recently until the rest fit in the limit, and nothing that is not an entry.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import run_cli

from pipedrive_codegen.output.cache import PRUNE_EVERY, Cache, cache_key

HOUR = 3600


def _entries(root: Path) -> set[str]:
    return {path.name for path in root.glob("*/??/*")}


def _disk(path: Path) -> int:
    status = path.stat()
    return getattr(status, "st_blocks", 0) * 512 or status.st_size


def test_pruning_keeps_the_entries_used_last_within_the_limit(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    keys = [cache_key(str(number)) for number in range(5)]
    writer = Cache(root)
    for key in keys:
        writer.put("black", key, "x" * 8192)
    paths = [root / "black" / key[:2] / key for key in keys]
    long_ago = time.time() - 10 * HOUR
    for age, path in enumerate(paths):  # written in order, the first longest ago
        os.utime(path, (long_ago + age, long_ago + age))
    foreign = [root / "notes.txt", root / "black" / keys[1][:2] / "README"]
    for path in foreign:
        path.write_text("not an entry")
        os.utime(path, (long_ago - HOUR, long_ago - HOUR))
    cache = Cache(root, limit=sum(_disk(path) for path in paths[:3]))
    assert cache.get("black", keys[0]) == "x" * 8192  # used now: kept
    cache.prune()
    assert _entries(root) == {keys[0], keys[3], keys[4], "README"}
    assert all(path.read_text() == "not an entry" for path in foreign)


def test_a_cache_is_pruned_at_most_once_a_day(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = Cache(root, limit=0)
    cache.put("models", cache_key("a"), "a")
    cache.prune_daily()
    assert _entries(root) == set()
    cache.put("models", cache_key("b"), "b")
    cache.prune_daily()  # pruned a moment ago
    assert _entries(root) == {cache_key("b")}
    yesterday = time.time() - PRUNE_EVERY - HOUR
    os.utime(root / ".pruned", (yesterday, yesterday))
    cache.prune_daily()
    assert _entries(root) == set()


@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_run_prunes_the_cache_it_uses(tmp_path: Path, command: str) -> None:
    root = tmp_path / "cache"
    old = cache_key("an entry nobody used for a week")
    Cache(root).put("black", old, "x" * 3 * 2**20)
    week = time.time() - 7 * 24 * HOUR
    os.utime(root / "black" / old[:2] / old, (week, week))
    result = run_cli(
        *(command, "--out", str(tmp_path / "out")),
        env={
            "PIPEDRIVE_CODEGEN_CACHE": str(root),
            "PIPEDRIVE_CODEGEN_CACHE_LIMIT": "3",
        },
    )
    # (check finds nothing in out: the run is made, and out of date.)
    assert result.returncode == (0 if command == "generate" else 1), result.stderr
    left = _entries(root)
    assert old not in left
    assert len(left) > 10  # what the run itself used stays
    assert sum(_disk(path) for path in root.glob("*/??/*")) <= 3 * 2**20


@pytest.mark.parametrize("limit", ["lots", "-1", "nan", "inf"])
def test_a_limit_that_is_no_number_of_megabytes_is_a_one_line_error(
    tmp_path: Path, limit: str
) -> None:
    result = run_cli(
        *("generate", "--out", str(tmp_path / "out")),
        env={
            "PIPEDRIVE_CODEGEN_CACHE": str(tmp_path / "cache"),
            "PIPEDRIVE_CODEGEN_CACHE_LIMIT": limit,
        },
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"PIPEDRIVE_CODEGEN_CACHE_LIMIT: {limit!r} is not a number of megabytes"
        " (0 or more)\n"
    )
    assert not (tmp_path / "out").exists()
