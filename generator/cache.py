"""A content-addressed cache of expensive, pure results: black's output, the models that
datamodel-code-generator writes, a spec's validation verdict, and a parsed YAML file.

Every key is the sha256 of *all* the inputs of the result (the text in, the tool's version,
our own code that shapes it), so a hit is byte-for-byte what the computation would give:
the cache can make a run faster, never different. It lives in
``$PIPEDRIVE_CODEGEN_CACHE`` (``off`` disables it), else
``$XDG_CACHE_HOME/pipedrive-codegen``, else ``~/.cache/pipedrive-codegen``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

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

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        if self.root is None:
            return None
        try:
            return (self.root / kind / key[:2] / key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        if self.root is None:
            return
        folder = self.root / kind / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, folder / key)  # whole or not at all
        except OSError:
            pass  # a cache that cannot be written only costs time


def default_cache() -> Cache:
    setting = os.environ.get("PIPEDRIVE_CODEGEN_CACHE")
    if setting == "off":
        return Cache(None)
    if setting:
        return Cache(Path(setting))
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Cache(Path(base) / "pipedrive-codegen")


NO_CACHE = Cache(None)


def cache_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()
