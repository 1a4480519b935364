"""Stage 7, write: swap the whole package in at once, or leave the old one untouched.

It replaces only what this tool wrote: a folder without our manifest, or a package
holding files its manifest does not list, stops the run (unless forced). Files whose
bytes do not change are carried over as they are (the same inode, the same mtime), so
tools that watch the tree see only what changed.

``scan_tree`` reads a tree as the drift check must: no symlink is followed, nothing
that is not a regular file is opened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import SpecError
from .manifest import MANIFEST, manifest_part

PYCACHE = "__pycache__"
# A file larger than this is never read (no module we write comes near it): a tree
# planted with a huge or sparse file cannot make the drift check read it all.
LARGEST = 64 * 2**20


@dataclass(frozen=True)
class Written:
    """What ``write_tree`` did."""

    path: Path
    written: int  # files new or changed
    unchanged: int  # files carried over untouched
    removed: int  # files of the old tree that are gone


@dataclass(frozen=True)
class Entry:
    """One thing in a tree: a regular file (its bytes), a symlink, a file too large to
    be ours, or something else (a FIFO, a socket, a device); only the first is read."""

    kind: str  # "file", "symlink", "large" or "other"
    data: bytes = b""


def write_tree(
    out_dir: Path, package: str, files: Mapping[str, str], force: bool = False
) -> Written:
    """Write ``files`` as ``out_dir/package``, replacing what was there only on success
    (``SpecError`` naming the folder if it cannot be written, or if it holds what this
    tool did not write and ``force`` is not set)."""
    import shutil  # (here: the drift check's fast path imports this module too)
    import tempfile

    target = out_dir / package
    old = _old_tree(target)
    if not force:
        _refuse_foreign(target, old)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{package}.new-", dir=out_dir))
    except OSError as error:
        raise _unwritable(out_dir, error) from None
    retired = None
    unchanged = 0
    try:
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            if _carry_over(old, target, relative, data, path):
                unchanged += 1
                continue
            with open(path, "wb") as handle:
                handle.write(data)
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
    removed = sum(
        1
        for path, entry in (old or {}).items()
        if path not in files and PYCACHE not in path.split("/")
    )
    return Written(target, len(files) - unchanged, unchanged, removed)


def _old_tree(target: Path) -> dict[str, Entry] | None:
    """What is at ``target`` now: None if nothing, else its tree ({"": symlink or
    other} when it is not a folder)."""
    try:
        status = target.lstat()
    except (FileNotFoundError, NotADirectoryError):  # (mkdir will say why)
        return None
    except OSError as error:
        raise _unwritable(target, error) from None
    if not stat.S_ISDIR(status.st_mode):
        return {"": Entry("symlink" if stat.S_ISLNK(status.st_mode) else "other")}
    try:
        return scan_tree(target)
    except OSError as error:
        raise _unwritable(target, error) from None


def refuse_foreign(target: Path) -> None:
    """Raise ``SpecError`` unless ``write_tree`` may replace ``target`` unforced."""
    _refuse_foreign(target, _old_tree(target))


def _refuse_foreign(target: Path, old: dict[str, Entry] | None) -> None:
    """Stop unless ``target`` is nothing, an empty folder, or a package this tool
    wrote whose every file its manifest lists (Python's ``__pycache__`` aside)."""
    if not old:
        return
    if "" in old:
        kind = "a symlink" if old[""].kind == "symlink" else "not a folder"
        raise _foreign(target, f"is {kind}, not a package this tool generated")
    listed = _listed(old.get(MANIFEST))
    if listed is None:
        there = os.path.lexists(target / MANIFEST)  # a folder, a link, a FIFO too
        why = f"its {MANIFEST} is not one" if there else f"it has no {MANIFEST}"
        raise _foreign(target, f"is not a package this tool generated ({why})")
    foreign = sorted(
        path
        for path, entry in old.items()
        if path != MANIFEST
        and (path not in listed or entry.kind != "file")
        and not (PYCACHE in path.split("/")[:-1] and entry.kind == "file")
    )
    if foreign:
        shown = ", ".join(foreign[:5])
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        raise _foreign(target, f"holds files this tool did not write: {shown}{more}")


def _listed(manifest: Entry | None) -> set[str] | None:
    """The files a manifest says this tool wrote, or None if it is no manifest of
    ours."""
    if manifest is None or manifest.kind != "file":
        return None
    outputs = manifest_part(manifest.data, "outputs")
    return None if outputs is None else set(outputs)


def _foreign(target: Path, problem: str) -> SpecError:
    return SpecError(
        target.as_posix(),
        None,
        None,
        (
            f"{problem}; move them away or pass --force to replace it"
            if "holds files" in problem
            else f"{problem}; pass --force to replace it"
        ),
    )


def _carry_over(
    old: dict[str, Entry] | None,
    target: Path,
    relative: str,
    data: bytes,
    path: Path,
) -> bool:
    """Link the old tree's file into the new one if its bytes are ``data`` (the same
    inode, so its mtime stays; the old tree is never written to)."""
    entry = (old or {}).get(relative)
    if entry is None or entry.kind != "file" or entry.data != data:
        return False
    try:
        os.link(target / relative, path, follow_symlinks=False)
    except OSError:  # a file system without hard links: copy it, mtime and all
        return False
    return True


def _unwritable(path: Path, error: OSError) -> SpecError:
    reason = error.strerror or type(error).__name__
    return SpecError(str(path), None, None, f"cannot write the package here: {reason}")


def scan_tree(root: Path) -> dict[str, Entry]:
    """Everything under the folder ``root``, keyed by posix path: no symlink is
    followed (nor its target read), no FIFO or device opened. Folders are not entries;
    an empty one is nothing."""
    found: dict[str, Entry] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for item in entries:
                relative = prefix + item.name
                if item.is_symlink():
                    found[relative] = Entry("symlink")
                elif item.is_dir(follow_symlinks=False):
                    pending.append((Path(item.path), relative + "/"))
                elif item.is_file(follow_symlinks=False):
                    if item.stat(follow_symlinks=False).st_size > LARGEST:
                        found[relative] = Entry("large")
                    else:
                        found[relative] = Entry("file", _read(item.path))
                else:
                    found[relative] = Entry("other")
    return dict(sorted(found.items()))


def _read(path: str) -> bytes:
    # O_NOFOLLOW: a file swapped for a symlink since it was listed is not followed.
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


def without_litter(root: Path, tree: Mapping[str, Entry]) -> dict[str, Entry]:
    """``tree`` without the files Python writes in ``__pycache__`` on import, unless git
    tracks them (a committed ``.pyc`` runs on import in place of its source). Outside a
    git work tree nothing says which are committed, so every one stays."""
    litter = [path for path in tree if PYCACHE in path.split("/")[:-1]]
    if not litter:
        return dict(tree)
    tracked = _tracked_by_git(root)
    if tracked is None:
        return dict(tree)
    return {
        path: entry
        for path, entry in tree.items()
        if path not in litter or path in tracked or entry.kind != "file"
    }


def _tracked_by_git(root: Path) -> set[str] | None:
    """The files under ``root`` that git tracks (relative to ``root``), or None when
    ``root`` is in no git work tree."""
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "-c", "core.fsmonitor=false"]
            + ["ls-files", "-z", "--cached", "--", "."],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode != 0:
        return None
    return {
        name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name
    }
