"""The write stage swaps a whole package in, or leaves the old one byte for byte, with
its files' inodes and mtimes, even when it fails after carrying unchanged files over."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipedrive_codegen.errors import SpecError
from pipedrive_codegen.output.write import write_tree


def _state(root: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        path.relative_to(root).as_posix(): (
            path.read_bytes(),
            path.stat().st_ino,
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manifest(*names: str) -> str:
    outputs = ", ".join(f'"{name}": "0"' for name in names)
    return '{"inputs": {}, "outputs": {' + outputs + "}}\n"


def test_a_failed_write_leaves_the_old_tree_as_it_was(tmp_path: Path) -> None:
    old = {"a.py": "a = 1\n", "b/c.py": "c = 1\n"}
    written = write_tree(tmp_path, "pkg", {**old, "_manifest.json": _manifest(*old)})
    assert (written.written, written.unchanged, written.removed) == (3, 0, 0)
    before = _state(tmp_path / "pkg")

    # a.py is carried over, then b/c.py/x cannot be written (b/c.py is a file).
    broken = {**old, "b/c.py/x": "x\n", "_manifest.json": _manifest(*old)}
    with pytest.raises(SpecError, match="cannot write the package here"):
        write_tree(tmp_path, "pkg", broken)

    assert _state(tmp_path / "pkg") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]  # no staging left


def test_unchanged_files_are_carried_over_and_the_rest_counted(tmp_path: Path) -> None:
    files = {"a.py": "a = 1\n", "b.py": "b = 1\n", "gone.py": ""}
    write_tree(tmp_path, "pkg", {**files, "_manifest.json": _manifest(*files)})
    before = _state(tmp_path / "pkg")
    new = {"a.py": "a = 1\n", "b.py": "b = 2\n", "_manifest.json": _manifest(*files)}
    written = write_tree(tmp_path, "pkg", new)
    assert (written.written, written.unchanged, written.removed) == (1, 2, 1)
    after = _state(tmp_path / "pkg")
    assert after["a.py"] == before["a.py"]  # bytes, inode and mtime
    assert after["b.py"][0] == b"b = 2\n" and after["b.py"][1] != before["b.py"][1]
    assert "gone.py" not in after
