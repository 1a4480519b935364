"""Stage 7, write: swap the whole package in at once, or leave the old one untouched."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_tree(out_dir: Path, package: str, files: Mapping[str, str]) -> Path:
    """Write ``files`` as ``out_dir/package``, replacing what was there only on success."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / package
    staging = Path(tempfile.mkdtemp(prefix=f".{package}.new-", dir=out_dir))
    try:
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)
        retired = None
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{package}.old-", dir=out_dir))
            os.rmdir(retired)
            os.rename(target, retired)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    return target


def read_tree(root: Path) -> dict[str, str]:
    """The text of every file under ``root``, keyed by posix path (for the drift check)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
