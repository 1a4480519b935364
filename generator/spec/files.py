"""A spec file's bytes, read safely, and the cache's name for its parse: what ``load``
needs of the disk and the cache, without the YAML parser, so that a process that only
asks whether a spec was parsed before need not import it."""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
import sys
from pathlib import Path

from .document import is_json
from ..output.cache import Cache, cache_key, installed_version


def read_regular_file(file: Path) -> bytes:
    """The bytes of ``file``, if it is a regular file (never a device such as
    ``/dev/zero`` or a FIFO, whose reading would not end)."""
    # O_NONBLOCK: opening a FIFO does not wait for a writer before it is refused.
    descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()


def parsed_key(sha256: str, name: str) -> str:
    """The cache key of the data and lines of the file ``name`` whose bytes have
    ``sha256``: its name says which reader reads them (the same bytes may be JSON
    that a ``.yaml`` file's reader takes and a ``.json`` file's refuses)."""
    return cache_key(parser_salt(), "json" if is_json(name) else "yaml", sha256)


@functools.cache
def parser_salt() -> str:
    """What shapes a spec file's parse but its bytes: Python, PyYAML and the modules
    that read a spec (also what the check's verdict is made from)."""
    # marshal's format is Python's own; the parse is PyYAML's and the reading modules'.
    here = Path(__file__).parent
    readers = (
        "document.py",
        "load.py",
        "json_text.py",
        "yaml_text.py",
        "plain_yaml.py",
    )
    source = b"".join((here / name).read_bytes() for name in readers)
    return cache_key(sys.version, "pyyaml " + installed_version("pyyaml"), source)


# Bytes of spec below which a run that finds its specs in the cache (``warm_size``)
# is quicker in one process: the workers take longer to start than they would save.
SMALL_WARM = 512 * 1024


def warm_size(files: list[Path], cache: Cache) -> int | None:
    """The size of ``files`` together, if ``cache`` holds the parse of every one of
    them as they are now (a guess that this run's models are there too, from an
    earlier run of the same specs), else None. Only ever a guess of how much work is
    ahead: what a cache entry holds is verified when it is read. Without a cache,
    None at once: nothing is read."""
    if not cache.enabled:
        return None
    size = 0
    try:
        for file in files:
            data = read_regular_file(file)
            if not cache.has(
                "parsed", parsed_key(hashlib.sha256(data).hexdigest(), file.name)
            ):
                return None
            size += len(data)
    except OSError:  # the build says what is wrong with it
        return None
    return size
