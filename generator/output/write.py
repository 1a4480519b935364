"""Stage 7, write: swap the whole package in at once, or leave the old one untouched."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import SpecError


def write_tree(out_dir: Path, package: str, files: Mapping[str, str]) -> Path:
    """Write ``files`` as ``out_dir/package``, replacing what was there only on success
    (``SpecError`` naming the folder if it cannot be written)."""
    target = out_dir / package
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{package}.new-", dir=out_dir))
    except OSError as error:
        raise _unwritable(out_dir, error) from None
    retired = None
    try:
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)
        if target.exists() or target.is_symlink():
            retired = Path(tempfile.mkdtemp(prefix=f".{package}.old-", dir=out_dir))
            os.rmdir(retired)
            os.rename(target, retired)
        os.rename(staging, target)
    except BaseException as error:
        if retired is not None and not target.exists():
            os.rename(retired, target)  # the old tree back where it was
            retired = None
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise _unwritable(target, error) from None
        raise
    if retired is not None:
        if retired.is_dir() and not retired.is_symlink():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            retired.unlink()
    return target


def _unwritable(path: Path, error: OSError) -> SpecError:
    reason = error.strerror or type(error).__name__
    return SpecError(str(path), "#", None, f"cannot write the package here: {reason}")


def read_tree(root: Path) -> dict[str, str]:
    """The text of every file under ``root``, keyed by posix path (for the drift check)."""
    if not root.is_dir():
        return {}
    return {
        # (a file that is not UTF-8, such as a .DS_Store, is drift like any other)
        path.relative_to(root).as_posix(): path.read_bytes().decode("utf-8", "replace")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
