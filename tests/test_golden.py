"""The committed generated/ is exactly what the generator makes from specs + templates."""

from __future__ import annotations

import difflib
from pathlib import Path

from conftest import GENERATED, run_cli, tree_bytes


def test_regenerating_gives_the_committed_tree(tmp_path: Path) -> None:
    result = run_cli("generate", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    fresh = tree_bytes(tmp_path / "pipedrive_client")
    committed = tree_bytes(GENERATED / "pipedrive_client")
    assert sorted(fresh) == sorted(
        committed
    ), "files differ: regenerate with `pipedrive-codegen generate`"
    diffs = []
    for name in sorted(fresh):
        if fresh[name] != committed[name]:
            diffs.extend(
                difflib.unified_diff(
                    committed[name].decode().splitlines(),
                    fresh[name].decode().splitlines(),
                    f"generated/pipedrive_client/{name}",
                    f"fresh/{name}",
                    lineterm="",
                )
            )
    assert not diffs, "\n".join(diffs[:200])
