"""ruff formats copies of the modules in a scratch folder: in memory (/dev/shm) when
there is room there, else the system's temporary folder. Either way the bytes are the
same and nothing is left behind."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

import pipedrive_codegen.output.ruff as ruff_stage
from pipedrive_codegen.output.ruff import RuffFormatter

MODULES = {
    "a.py": "x  =  1\n",
    "pkg/b.py": "def f( a ):\n  return a\n",
}


def formatted(
    monkeypatch: pytest.MonkeyPatch, memory: Path
) -> tuple[dict[str, str], list[Path]]:
    """The modules formatted with ``memory`` as the memory folder; where ruff ran."""
    monkeypatch.setattr(ruff_stage, "_MEMORY", str(memory))
    ran: list[Path] = []
    real_run = subprocess.run

    def run(command: Any, **options: Any) -> Any:
        ran.append(Path(options["cwd"]))
        return real_run(command, **options)

    monkeypatch.setattr(ruff_stage.subprocess, "run", run)
    formatter = RuffFormatter()
    formatter.submit(MODULES)
    return formatter.result(), ran


def test_the_scratch_folder_is_in_memory_when_there_is_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = tmp_path / "shm"
    memory.mkdir()
    files, ran = formatted(monkeypatch, memory)
    assert files == {"a.py": "x = 1\n", "pkg/b.py": "def f(a):\n    return a\n"}
    assert [folder.parent for folder in ran] == [memory]
    assert list(memory.iterdir()) == []  # removed afterwards


def test_without_a_memory_folder_the_temporary_folder_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, ran = formatted(monkeypatch, tmp_path / "no such folder")
    assert files == {"a.py": "x = 1\n", "pkg/b.py": "def f(a):\n    return a\n"}
    assert len(ran) == 1 and not ran[0].exists()
    assert tmp_path not in ran[0].parents
