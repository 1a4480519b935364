"""The CI example the README offers fails a pull request when check fails."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from conftest import ROOT


def test_the_workflow_s_drift_step_fails_when_check_fails(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / "examples/github-workflow.yml").read_text())
    (step,) = [
        step
        for step in workflow["jobs"]["drift"]["steps"]
        if "pipedrive-codegen check" in step.get("run", "")
    ]
    # GitHub runs `shell: bash` as `bash -eo pipefail`; without it, `bash -e`.
    assert step.get("shell") == "bash"
    command = step["run"].replace("pipedrive-codegen check", "false")
    failed = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=tmp_path)
    assert failed.returncode != 0


def test_the_workflow_uses_no_cache_a_pull_request_could_have_written() -> None:
    workflow = yaml.safe_load((ROOT / "examples/github-workflow.yml").read_text())
    assert workflow["jobs"]["drift"]["env"]["PIPEDRIVE_CODEGEN_CACHE"] == "off"
