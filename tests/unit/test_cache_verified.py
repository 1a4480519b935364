"""The cache is verified on read: an entry that is not exactly what was written (cut
short, a bit flipped, emptied, lengthened, unreadable), or that someone without the
tool's key wrote (well-formed, code added), is a miss, computed and written again, never
output. A shared CI cache must not be able to change what is generated. The key is
``$PIPEDRIVE_CODEGEN_CACHE_KEY``, else one the tool makes once in the user's config
folder, never in the cache."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli, tree_bytes
from pipedrive_codegen.errors import SpecError
from pipedrive_codegen.output.cache import Cache, cache_key, secret_key
from pipedrive_codegen.spec.check import check_once
from pipedrive_codegen.spec.load import load_spec

SPEC = ROOT / "specs" / "activities-v1.yaml"
KINDS = {"black", "models", "parsed", "valid"}


def _generate(folder: Path, cache: str) -> dict[str, bytes]:
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    result = run_cli(
        *("generate", "--spec", f"v1={SPEC}", "--out", str(out)),
        *("--formatter", "black"),
        cwd=folder,
        env={"PIPEDRIVE_CODEGEN_CACHE": cache},
    )
    assert result.returncode == 0, result.stderr
    return tree_bytes(out)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A cache that knows the spec, and what a run without any cache gives."""
    folder = tmp_path_factory.mktemp("warm")
    cold = _generate(folder, "off")
    assert _generate(folder, str(folder / "cache")) == cold
    return folder / "cache", cold


def _entries(cache: Path) -> list[Path]:
    return [p for p in cache.glob("*/??/*") if p.is_file() and len(p.name) == 64]


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x04]) + data[middle + 1 :]


def _unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()  # reading it fails whoever runs the test (root reads mode 000 files)


def _forged(path: Path) -> None:
    """The entry as the tool writes one, its value with code added, signed with a key
    that is not the tool's: what a pull request that knows the format can write."""
    kind, key = path.parent.parent.name, path.name
    value = Cache(path.parents[2]).get_bytes(kind, key)
    assert value is not None
    Cache(path.parents[2], key=b"not the key").put_bytes(kind, key, value + b"\n1\n")


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "forged": _forged,
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "bit-flipped": lambda p: p.write_bytes(_flip(p.read_bytes())),
    "empty": lambda p: p.write_bytes(b""),
    "appended": lambda p: p.write_bytes(p.read_bytes() + b"\nimport os\n"),
    "unreadable": _unreadable,
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_every_corrupted_entry_is_a_miss_and_the_output_is_the_cache_off_bytes(
    corruption: str, warm: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    cache, cold = warm
    copy = tmp_path / "cache"
    shutil.copytree(cache, copy)
    entries = _entries(copy)
    assert {path.parent.parent.name for path in entries} >= KINDS
    for path in entries:
        CORRUPTIONS[corruption](path)

    assert _generate(tmp_path, str(copy)) == cold

    if corruption != "unreadable":  # computed again, and written again
        rewritten = Cache(copy)
        for path in entries:
            kind, key = path.parent.parent.name, path.name
            assert rewritten.get_bytes(kind, key) is not None, path


def test_with_no_key_given_one_is_made_outside_the_cache_and_kept(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"

    def run(config: str, out: str) -> tuple[dict[str, bytes], dict[Path, int]]:
        result = run_cli(
            *("generate", "--spec", f"v1={SPEC}", "--out", str(tmp_path / out)),
            cwd=tmp_path,
            env={
                "PIPEDRIVE_CODEGEN_CACHE": str(cache),
                "PIPEDRIVE_CODEGEN_CACHE_KEY": "",  # none given
                "XDG_CONFIG_HOME": str(tmp_path / config),
            },
        )
        assert result.returncode == 0, result.stderr
        entries = [p for p in _entries(cache) if p.parent.parent.name in KINDS]
        return tree_bytes(tmp_path / out), {p: p.stat().st_ino for p in entries}

    first, made = run("config", "first")
    key = tmp_path / "config" / "pipedrive-codegen" / "cache-key"
    assert key.stat().st_mode & 0o777 == 0o600
    secret = key.read_bytes().strip()
    assert len(secret) == 64
    assert {"models", "parsed", "valid"} <= {p.parent.parent.name for p in made}
    assert not any(secret in path.read_bytes() for path in made)
    # The same key: every entry is read, none written again.
    again, kept = run("config", "again")
    assert again == first and kept == made
    assert key.read_bytes().strip() == secret
    # Another machine's key (the cache copied there): every entry is a miss, made
    # again, and the output the same.
    other, rewritten = run("other-config", "other")
    assert other == first
    assert (tmp_path / "other-config" / "pipedrive-codegen" / "cache-key").is_file()
    assert rewritten.keys() == made.keys()
    assert all(rewritten[path] != made[path] for path in made)


def _key_of_a_run(config: str, start: Any, keys: Any) -> None:
    os.environ.pop("PIPEDRIVE_CODEGEN_CACHE_KEY", None)
    os.environ["XDG_CONFIG_HOME"] = config
    start.wait()
    keys.put(secret_key())


def test_runs_that_start_together_make_one_key(tmp_path: Path) -> None:
    # Each reads what another is making only once it is whole (written, then linked).
    context = multiprocessing.get_context("fork")
    for trial in range(5):
        config = str(tmp_path / str(trial))
        start, keys = context.Barrier(6, timeout=30), context.Queue()
        runs = [
            context.Process(target=_key_of_a_run, args=(config, start, keys))
            for _ in range(6)
        ]
        for run in runs:
            run.start()
        made = {keys.get(timeout=30) for _ in runs}
        for run in runs:
            run.join(timeout=30)
        assert len(made) == 1, trial
        assert (
            Path(config) / "pipedrive-codegen" / "cache-key"
        ).read_bytes().strip() in made


@pytest.mark.parametrize("left", ["empty", "short", "readable by others", "a symlink"])
def test_a_key_file_that_is_no_key_of_the_user_s_is_made_anew(
    left: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PIPEDRIVE_CODEGEN_CACHE_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = tmp_path / "pipedrive-codegen" / "cache-key"
    path.parent.mkdir()
    elsewhere = tmp_path / "theirs"
    elsewhere.write_bytes(b"k" * 64)
    elsewhere.chmod(0o600)
    if left == "a symlink":
        path.symlink_to(elsewhere)
    else:
        path.write_bytes({"empty": b"", "short": b"k" * 8}.get(left, b"k" * 64))
        path.chmod(0o600 if left != "readable by others" else 0o644)
    key = secret_key()
    assert key != b"k" * 64 and len(key) == 64
    assert not path.is_symlink() and path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes().strip() == key == secret_key()  # kept from now on
    assert elsewhere.read_bytes() == b"k" * 64


def test_a_key_that_cannot_be_kept_costs_the_cache_only(tmp_path: Path) -> None:
    (tmp_path / "config").write_text("a file where the config folder would be")
    result = run_cli(
        *("generate", "--spec", f"v1={SPEC}", "--out", str(tmp_path / "out")),
        cwd=tmp_path,
        env={
            "PIPEDRIVE_CODEGEN_CACHE": str(tmp_path / "cache"),
            "PIPEDRIVE_CODEGEN_CACHE_KEY": "",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
        },
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "pipedrive_client" / "_manifest.json").is_file()


def test_an_entry_reads_back_as_written_and_nothing_else(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = cache_key("a")
    cache.put("black", key, "x = 1\n")
    assert cache.get("black", key) == "x = 1\n"
    path = tmp_path / "black" / key[:2] / key
    path.write_bytes(path.read_bytes().replace(b"x = 1", b"x = 2"))
    assert cache.get("black", key) is None
    path.write_bytes(b"x = 1\n")  # a bare value, as an older version wrote it
    assert cache.get("black", key) is None


def test_an_empty_verdict_does_not_skip_the_spec_s_validation(tmp_path: Path) -> None:
    invalid = tmp_path / "spec.yaml"
    text = SPEC.read_text()
    assert "\ninfo:" in text
    invalid.write_text(text.replace("\ninfo:", "\ninfo:\n  unknown: 1", 1))
    spec = load_spec(invalid)

    asked: list[str] = []

    class Recording(Cache):
        def get_bytes(self, kind: str, key: str) -> bytes | None:
            asked.append(f"{kind}/{key[:2]}/{key}")
            return None

    with pytest.raises(SpecError):
        check_once(spec, Recording(tmp_path / "unused"))
    verdicts = [where for where in asked if where.startswith("valid/")]
    assert verdicts
    root = tmp_path / "cache"
    for where in verdicts:  # an empty file where each verdict would be
        (root / where).parent.mkdir(parents=True, exist_ok=True)
        (root / where).write_bytes(b"")

    with pytest.raises(SpecError, match="unknown"):
        check_once(spec, Cache(root))


def test_what_the_formatter_returns_is_parsed_before_it_is_written(
    tmp_path: Path,
) -> None:
    # A ruff that "formats" every file into code that does not parse.
    fake = tmp_path / "hide" / "ruff"
    fake.mkdir(parents=True)
    binary = tmp_path / "bad-ruff"
    binary.write_text(
        "#!/bin/sh\nfor f in \"$@\"; do case $f in *.py) echo 'def (' > $f;; esac; done\n"
    )
    binary.chmod(0o755)
    (fake / "__init__.py").write_text(
        f"def find_ruff_bin():\n    return {str(binary)!r}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "generate", "--formatter", "ruff"]
        + ["--spec", f"v1={SPEC}", "--out", "out"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{fake.parent}{os.pathsep}{ROOT}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "generated code does not parse" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
