"""A content-addressed cache of expensive, pure results: black's output, the models that
datamodel-code-generator writes, and a spec's validation verdict.

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

    def get(self, kind: str, key: str) -> str | None:
        if self.root is None:
            return None
        try:
            return (self.root / kind / key[:2] / key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, kind: str, key: str, text: str) -> None:
        if self.root is None:
            return
        folder = self.root / kind / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temporary, folder / key)
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
