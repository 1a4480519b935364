"""The cassette format: one JSON file per scenario, sorted keys, no timestamps; and how
a run's cassettes are written: all of them or none.

A body is ``null`` (empty), ``{"json": value}``, ``{"form": [[name, value], ...]}``,
``{"text": "..."}`` or ``{"base64": "..."}``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

CASSETTE_FORMAT = "pipedrive-codegen cassette 1"


class RecordingError(Exception):
    """A recording that must not be written, such as one a secret survived in."""


def body_record(content: bytes, content_type: str) -> dict[str, Any] | None:
    """How a body is stored: ``None`` if empty, else json, form, text or base64."""
    media = content_type.split(";")[0].strip().lower()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(content).decode("ascii")}
    if not text:
        return None
    if media == "application/x-www-form-urlencoded":
        return {
            "form": [list(pair) for pair in parse_qsl(text, keep_blank_values=True)]
        }
    if media == "application/json" or media.endswith("+json"):
        try:
            return {"json": json.loads(text)}
        except ValueError:
            pass
    return {"text": text}


def body_bytes(record: Mapping[str, Any] | None) -> bytes:
    """The bytes a stored body stands for (JSON re-encoded compactly)."""
    if record is None:
        return b""
    if "json" in record:
        return json.dumps(record["json"], ensure_ascii=False).encode("utf-8")
    if "form" in record:
        return urlencode([tuple(pair) for pair in record["form"]]).encode("ascii")
    if "text" in record:
        return str(record["text"]).encode("utf-8")
    return base64.b64decode(record["base64"])


def dump_cassette(cassette: Mapping[str, Any]) -> str:
    return json.dumps(cassette, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_cassette(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != CASSETTE_FORMAT:
        raise ValueError(f"{path}: not a {CASSETTE_FORMAT!r} file")
    return data


def check_writable(folder: Path, paths: Iterable[Path]) -> None:
    """Raise :class:`RecordingError` unless cassettes can be written at ``paths`` in
    ``folder`` (which need not exist yet): asked before anything is recorded."""
    missing = _missing_folders(folder)
    existing = missing[0].parent if missing else folder
    if not existing.is_dir():
        raise RecordingError(f"{existing}: not a folder; cannot write cassettes in it")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise RecordingError(f"{existing}: not writable; cannot write cassettes in it")
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            raise RecordingError(f"{path}: a folder; cannot write the cassette there")


def write_cassettes(files: Mapping[Path, str]) -> None:
    """Write every file or none: each to a new temporary beside it (created exclusively,
    so a link planted at any name is never followed), then each renamed over its
    target (a link at a target's name is replaced, not written through), the file it
    replaces moved aside first; if one fails, every file moved aside is put back."""
    mode = _file_mode()
    temporaries: list[tuple[Path, Path]] = []
    # (cassette, its old file moved aside or None, renamed into place yet)
    done: list[tuple[Path, Path | None, bool]] = []
    created: list[Path] = []  # the folders made, the outermost first
    path = Path()
    try:
        for path, text in files.items():
            created += _missing_folders(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(".tmp", f".{path.name}.", path.parent)
            temporaries.append((Path(name), path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                os.fchmod(stream.fileno(), mode)
                stream.write(text)
        for temporary, path in temporaries:
            if path.is_dir() and not path.is_symlink():
                raise IsADirectoryError(21, "Is a directory", str(path))
        for temporary, path in temporaries:
            done.append((path, _move_aside(path), False))
            os.replace(temporary, path)
            done[-1] = (path, done[-1][1], True)
    except BaseException as error:  # an interrupt too: all or nothing
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        undone = _put_back(done)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if not isinstance(error, OSError):
            raise
        raise RecordingError(
            f"{path}: cannot write the cassette: {error.strerror or error}; " + undone
        ) from None
    for _, old, _ in done:
        if old is not None:
            with contextlib.suppress(OSError):
                old.unlink()


def _missing_folders(folder: Path) -> list[Path]:
    """The folders ``folder.mkdir(parents=True)`` would make, the outermost first."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def _move_aside(path: Path) -> Path | None:
    """Rename the file (or link) at ``path`` to a new name beside it; ``None`` if there
    is none. The new name is made exclusively, then renamed over."""
    if not os.path.lexists(path):
        return None
    handle, name = tempfile.mkstemp(".old", f".{path.name}.", path.parent)
    os.close(handle)
    try:
        os.replace(path, name)
    except OSError:
        os.unlink(name)
        raise
    return Path(name)


def _put_back(done: Sequence[tuple[Path, Path | None, bool]]) -> str:
    """Undo :func:`write_cassettes`'s renames, the last first: each old file back at
    its name, each new one with none removed. What was written, as a clause."""
    kept = []
    for path, old, renamed in reversed(done):
        try:
            if old is not None:
                os.replace(old, path)
            elif renamed:
                path.unlink()
        except OSError:
            kept.append(f"{path} is new" if old is None else f"{path} is kept at {old}")
    return "nothing is written" if not kept else "could not undo: " + ", ".join(kept)


def _file_mode() -> int:
    """The mode a new file gets here (the umask's), not ``mkstemp``'s owner-only."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
