"""``specs/`` holds Pipedrive's published documents verbatim (issue 18): each file's
sha256 is the one ``specs/README.md`` records beside its source."""

from __future__ import annotations

import hashlib
import re

from conftest import ROOT

SPECS = ROOT / "specs"


def test_each_upstream_spec_is_the_file_its_provenance_names() -> None:
    recorded = dict(
        re.findall(
            r"^\| `([^`]+)` \| `[0-9a-f]{40}` \([^)]*\) \| `([0-9a-f]{64})` \|$",
            (SPECS / "README.md").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert sorted(recorded) == [
        "pipedrive/openapi-v1-2026-01-14.yaml",
        "pipedrive/openapi-v1.yaml",
        "pipedrive/openapi-v2.yaml",
    ]
    for name, sha256 in recorded.items():
        assert hashlib.sha256((SPECS / name).read_bytes()).hexdigest() == sha256, name
