"""A fresh clone, with nothing beside it, collects the README's test command cleanly.

The repo is copied as a clone would have it (tracked files, and new ones not ignored)
into a folder of its own; ``pytest --collect-only`` runs there as the README's test
command would. The compatibility corpus is read from ``../shared/corpus/`` only where it
lies: absent, its tests are skipped with a reason; present, they are collected.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

CORPUS_TESTS = "tests/breadth/test_corpus.py::"
# Absolute paths that belong to one machine: a user's home, CI's work folder.
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:work|home|root|Users)/|[A-Z]:\\\\Users")


def _files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return sorted(name for name in listed.stdout.decode().split("\0") if name)


def _clone(into: Path) -> Path:
    repo = into / "repo"
    for name in _files():
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is not there
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    return repo


def _readme_test_command() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^```sh test\n(.*?)\n```$", readme, re.M | re.S)
    assert command, "README.md has no ```sh test block"
    words = command.group(1).split()
    assert words[:3] == [".venv/bin/python", "-m", "pytest"], words
    return [sys.executable, *words[1:]]  # this venv's python: the clone has none


def _collect(repo: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("PYTEST")
    }
    return subprocess.run(
        [*_readme_test_command(), "--collect-only", "-p", "no:cacheprovider"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_clone_with_nothing_beside_it_collects_without_errors(
    tmp_path: Path,
) -> None:
    repo = _clone(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]
    collected = _collect(repo)
    summary = collected.stdout.strip().splitlines()[-1]
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr
    assert "error" not in summary, summary
    assert CORPUS_TESTS not in collected.stdout
    assert "../shared/corpus/ is absent" in collected.stdout  # the skip says why


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus/ absent")
def test_a_clone_with_shared_beside_it_collects_the_corpus_tests(
    tmp_path: Path,
) -> None:
    repo = _clone(tmp_path)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "corpus").symlink_to(SHARED / "corpus")
    collected = _collect(repo)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr
    assert CORPUS_TESTS in collected.stdout


def test_no_file_of_the_project_names_a_path_of_one_machine() -> None:
    found = []
    for name in _files():
        path = ROOT / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [
            f"{name}:{number}"
            for number, line in enumerate(text.splitlines(), 1)
            if MACHINE_PATH.search(line)
        ]
    assert found == []
