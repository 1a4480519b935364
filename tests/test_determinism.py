"""Same inputs, same bytes: whatever the hash seed and the working directory."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_cli, tree_bytes


def test_two_runs_with_different_seeds_and_cwds_are_identical(tmp_path: Path) -> None:
    outputs = []
    for seed, cwd in (("0", ROOT), ("12345", tmp_path)):
        out = tmp_path / f"out-{seed}"
        result = run_cli(
            "generate",
            "--spec",
            f"v1={ROOT / 'specs/activities-v1.yaml'}",
            "--spec",
            f"v2={ROOT / 'specs/activities-v2.yaml'}",
            "--out",
            str(out),
            "--package",
            "pipedrive_client",
            cwd=cwd,
            env={"PYTHONHASHSEED": seed, "PIPEDRIVE_CODEGEN_CACHE": "off"},
        )
        assert result.returncode == 0, result.stderr
        outputs.append(tree_bytes(out / "pipedrive_client"))
    assert outputs[0] == outputs[1]
    text = b"".join(outputs[0].values())
    assert str(tmp_path).encode() not in text and str(ROOT).encode() not in text
