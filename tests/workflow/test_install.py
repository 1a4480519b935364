"""The tool installed as a user installs it (not editable: pre-commit, a CI step)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

_LITTER = shutil.ignore_patterns("__pycache__", "*.pyc")


def test_an_installed_tool_finds_its_templates_and_checks(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=_LITTER)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
        + ["--target", str(site), str(source)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    # Its own names, not generic ones that another project may also claim.
    assert not (site / "templates").exists()
    assert not (site / "generator").exists()
    assert (site / "pipedrive_codegen" / "runtime" / "_client.py").is_file()

    project = tmp_path / "project"  # a repo that vendors the package and checks it
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copytree(ROOT / "generated", project / "generated", ignore=_LITTER)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    check = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert (check.returncode, check.stdout) == (
        0,
        "generated/pipedrive_client is up to date\n",
    ), check.stderr


def test_a_checkout_uses_its_own_templates_whatever_is_installed(
    tmp_path: Path,
) -> None:
    stale = tmp_path / "site" / "pipedrive_codegen_templates"
    shutil.copytree(ROOT / "templates", stale, ignore=_LITTER)
    page = stale / "models" / "models.py.jinja"
    page.write_text("# STALE INSTALLED TEMPLATE\n" + page.read_text())
    check = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    )
    assert (check.returncode, check.stdout) == (
        0,
        "generated/pipedrive_client is up to date\n",
    ), check.stdout[-2000:]
