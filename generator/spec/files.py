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


def parsed_key(sha256: str) -> str:
    """The cache key of the data and lines of a file whose bytes have ``sha256``."""
    return cache_key(_parser_salt(), sha256)


@functools.cache
def _parser_salt() -> str:
    # marshal's format is Python's own; the parse is PyYAML's, load's and plain_yaml's.
    here = Path(__file__).parent
    source = b"".join(
        (here / name).read_bytes() for name in ("load.py", "plain_yaml.py")
    )
    return cache_key(sys.version, "pyyaml " + installed_version("pyyaml"), source)


def parsed_before(files: list[Path], cache: Cache) -> bool:
    """Whether ``cache`` holds the parse of every one of ``files`` as they are now: a
    guess that this run's specs were built, and their models generated, before. Only
    ever a guess of how much work is ahead (an entry is verified when it is read)."""
    try:
        return all(
            cache.has(
                "parsed",
                parsed_key(hashlib.sha256(read_regular_file(file)).hexdigest()),
            )
            for file in files
        )
    except OSError:  # the build says what is wrong with it
        return False
