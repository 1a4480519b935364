"""A content-addressed cache of expensive, pure results: black's output, the models that
datamodel-code-generator writes, a spec's validation verdict, and a parsed YAML file.

Every key is the sha256 of *all* the inputs of the result (the text in, the tool's version,
our own code that shapes it), so a hit is byte-for-byte what the computation would give:
the cache can make a run faster, never different. Each entry carries an HMAC-SHA256 of
its value under a key that is not in the cache, and is verified on every read: an entry
that is truncated, altered, empty, longer than it was written or unreadable is a miss
(computed again and written again), never output, and so is a well-formed entry that
someone without the key wrote (a cache a pull request restored, or committed). It lives
in ``$PIPEDRIVE_CODEGEN_CACHE`` (``off`` disables it), else
``$XDG_CACHE_HOME/pipedrive-codegen``, else ``~/.cache/pipedrive-codegen``.

The key is ``$PIPEDRIVE_CODEGEN_CACHE_KEY`` (a CI secret, for a cache shared between
runs), else the one the tool made at random, once, in
``$XDG_CONFIG_HOME/pipedrive-codegen/cache-key`` (else ``~/.config/...``; mode 0600; a
file others may read, a symlink or no key is replaced); where that cannot be written, a
key of the run alone.

It does not grow without bound: at most once a day, a run that used it deletes the
entries used least recently until the rest fit in ``$PIPEDRIVE_CODEGEN_CACHE_LIMIT``
megabytes of disk (256 unless set; 0 keeps nothing past the run that prunes); reading an
entry counts as using it.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import re
import stat
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from ..errors import SpecError

LIMIT = 256 * 2**20  # bytes of disk
PRUNE_EVERY = 24 * 3600  # seconds
_STAMP = ".pruned"  # its time is when the cache was last pruned
# An entry is this, the HMAC-SHA256 of its value (hex), a newline, then the value.
_MAGIC = b"pipedrive-codegen cache 2 "
_HEADER = len(_MAGIC) + 64 + 1
KEY_VARIABLE = "PIPEDRIVE_CODEGEN_CACHE_KEY"


class Cache:
    def __init__(
        self, root: Path | None, limit: int = LIMIT, key: bytes | None = None
    ) -> None:
        """``key``: what signs and verifies the entries (``secret_key()`` if None)."""
        self.root = root
        self.limit = limit
        self._key = b"" if root is None else key or secret_key()

    def __repr__(self) -> str:
        return f"Cache({self.root!r})"  # never the key

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def get(self, kind: str, key: str) -> str | None:
        data = self.get_bytes(kind, key)
        try:
            return None if data is None else data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, kind: str, key: str, text: str) -> None:
        self.put_bytes(kind, key, text.encode("utf-8"))

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (a guess: what it holds is
        verified only when it is read)."""
        if self.root is None:
            return False
        return os.path.isfile(self.root / kind / key[:2] / key)

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        """The value stored under ``key``, or None when there is none or the entry is
        not exactly what ``put_bytes`` wrote (its digest does not match)."""
        if self.root is None:
            return None
        path = self.root / kind / key[:2] / key
        try:
            entry = path.read_bytes()
        except OSError:  # none, or unreadable (a folder in its place, no permission)
            return None
        data = _verified(entry, self._key)
        if data is not None:
            with suppress(OSError):  # a read-only cache still answers
                os.utime(path)  # used now: the last to go when the cache is pruned
        return data

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        if self.root is None:
            return
        folder = self.root / kind / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(_MAGIC + _digest(data, self._key) + b"\n" + data)
            os.replace(temporary, folder / key)  # whole or not at all
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune_daily(self) -> None:
        """``prune`` if the cache was not pruned in the last ``PRUNE_EVERY`` seconds."""
        if self.root is None:
            return
        stamp = self.root / _STAMP
        try:
            if 0 <= time.time() - stamp.stat().st_mtime < PRUNE_EVERY:
                return
        except OSError:
            pass  # never pruned
        with suppress(OSError):
            stamp.touch()  # first: another run starting now need not prune too
        self.prune()

    def prune(self) -> None:
        """Delete the entries used least recently until the rest fit in ``limit``."""
        if self.root is None:
            return
        entries = []  # (last used, path, bytes on disk)
        for folder in self.root.glob("*/??"):
            try:
                with os.scandir(folder) as found:
                    for entry in found:
                        if not _is_entry(folder.name, entry.name):
                            continue  # not ours: the cache folder may hold more
                        status = entry.stat(follow_symlinks=False)
                        size = getattr(status, "st_blocks", 0) * 512 or status.st_size
                        entries.append((status.st_mtime, entry.path, size))
            except OSError:
                continue  # not a folder of entries, or gone meanwhile
        kept = 0
        for _, path, size in sorted(entries, reverse=True):
            kept += size
            if kept > self.limit:
                with suppress(OSError):  # gone already: another run pruned it
                    os.remove(path)


def _digest(data: bytes, key: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode("ascii")


def _verified(entry: bytes, key: bytes) -> bytes | None:
    """The value of an entry whose digest (under ``key``) matches it, else None."""
    header, value = entry[:_HEADER], entry[_HEADER:]
    if not hmac.compare_digest(header, _MAGIC + _digest(value, key) + b"\n"):
        return None
    return value


def secret_key() -> bytes:
    """``$PIPEDRIVE_CODEGEN_CACHE_KEY``, else the key file (made the first time), else
    a key of this run alone."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        return given.encode("utf-8")
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    path = Path(base) / "pipedrive-codegen" / "cache-key"
    for _ in range(3):  # another run may make or mend it meanwhile: read what it made
        key = _read_key(path)
        if key is not None:
            return key
        try:
            _write_key(path)
        except OSError:
            break  # nowhere to keep it
    return os.urandom(32).hex().encode("ascii")


def _read_key(path: Path) -> bytes | None:
    """The key in ``path``: a regular file of the user's alone (not a symlink), of 32
    characters or more; else None."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_mode & 0o077:
            return None
        key = stream.read(4096).strip()
    return key if len(key) >= 32 else None


def _write_key(path: Path) -> None:
    """A new random key in ``path``, mode 0600: written whole to a file of its own, then
    linked into place, so a run never reads half a key; a file already there is kept
    if it holds a key (another run's), else replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-key-")
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp: mode 0600
            stream.write(os.urandom(32).hex().encode("ascii") + b"\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            if _read_key(path) is None:  # no key in it: make it one
                os.replace(temporary, path)
    finally:
        with suppress(OSError):
            os.remove(temporary)


_HEX = frozenset("0123456789abcdef")


def _is_entry(folder: str, name: str) -> bool:
    """Whether ``folder/name`` is an entry of ours (or one being written)."""
    if name.startswith(".tmp-"):
        return set(folder) <= _HEX
    return len(name) == 64 and name.startswith(folder) and set(name) <= _HEX


def default_cache() -> Cache:
    """The cache the environment names; raises ``SpecError`` on a limit that is not a
    number of megabytes."""
    setting = os.environ.get("PIPEDRIVE_CODEGEN_CACHE")
    if setting == "off":
        return Cache(None)
    limit = _limit(os.environ.get("PIPEDRIVE_CODEGEN_CACHE_LIMIT"))
    if setting:
        return Cache(Path(setting), limit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Cache(Path(base) / "pipedrive-codegen", limit)


def _limit(setting: str | None) -> int:
    """``$PIPEDRIVE_CODEGEN_CACHE_LIMIT`` in bytes (it is given in megabytes)."""
    if setting is None or not setting.strip():
        return LIMIT
    try:
        megabytes = float(setting)
    except ValueError:
        megabytes = math.nan
    if not 0 <= megabytes < math.inf:
        raise SpecError(
            "PIPEDRIVE_CODEGEN_CACHE_LIMIT",
            None,
            None,
            f"{setting!r} is not a number of megabytes (0 or more)",
        )
    return int(megabytes * 2**20)


NO_CACHE = Cache(None)


def cache_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def installed_version(name: str) -> str:
    """What ``importlib.metadata.version(name)`` says (the versions that salt cache
    keys and fill the manifest), read from the first ``.dist-info`` on ``sys.path`` as
    it does, without importing its e-mail parser (a third of a fast ``check``)."""
    wanted = re.sub(r"[-_.]+", "_", name).lower() + "-"
    for folder in sys.path:
        try:
            children = os.listdir(folder or ".")
        except OSError:
            continue
        for child in children:
            if child.endswith(".dist-info") and child.lower().startswith(wanted):
                try:
                    with open(
                        os.path.join(folder or ".", child, "METADATA"), "rb"
                    ) as file:
                        for line in file:
                            if line.startswith(b"Version:"):
                                return line[8:].decode("utf-8").strip()
                            if not line.strip():
                                break
                except OSError:
                    pass
    from importlib.metadata import version  # anything else: ask it

    return version(name)
