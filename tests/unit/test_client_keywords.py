"""Every option a generated client's constructor takes through ``**options`` is a
keyword no credential or server variable of a spec may take (it would be the same
keyword twice: ``mypy --strict`` refuses the package, the option is out of reach)."""

from __future__ import annotations

from pipedrive_codegen.ir.access import CLIENT_KEYWORDS
from pipedrive_codegen.runtime._options import AsyncOptions, SyncOptions


def test_the_runtime_options_are_reserved_keywords() -> None:
    options = set(SyncOptions.__annotations__) | set(AsyncOptions.__annotations__)
    assert options - CLIENT_KEYWORDS == set()
