"""While this process still imports datamodel-code-generator, the workers that built a
small spec render its client and validators ahead, instead of idling: what is written
is the same as without them, and a template that fails to render still fails where it
does, said the same way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, tree_bytes
from pipedrive_codegen.output.workers import cores

# The command, with the models' stage prepared slowly (it is the wait the workers fill)
# and each rendering ahead noted in the file named by the second argument.
_SLOW_PREPARATION = """\
import sys, time
import pipedrive_codegen.pipeline as pipeline

prepare, ahead = pipeline._prepare_rendering, pipeline._render_ahead

def slowly(*arguments):
    time.sleep(0.8)
    prepare(*arguments)

def noted(api, *arguments):
    files = ahead(api, *arguments)
    with open(sys.argv[2], "a") as notes:
        notes.write(f"{api.name} {sorted(files) if files else None}\\n")
    return files

pipeline._prepare_rendering, pipeline._render_ahead = slowly, noted
from pipedrive_codegen.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _generate_slowly(
    cwd: Path, notes: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _SLOW_PREPARATION, "-", str(notes), *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PIPEDRIVE_CODEGEN_CACHE": "off", "PYTHONPATH": str(ROOT)},
    )


_ARGUMENTS = (
    "generate",
    *("--spec", f"v1={ROOT / 'specs' / 'activities-v1.yaml'}"),
    *("--spec", f"v2={ROOT / 'specs' / 'activities-v2.yaml'}"),
)


@pytest.mark.skipif(cores() < 2, reason="one core: no workers to render ahead")
@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_what_is_rendered_ahead_is_what_is_rendered_without(
    formatter: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    arguments = (*_ARGUMENTS, "--formatter", formatter)
    ahead = _generate_slowly(tmp_path, notes, *arguments, "--out", "ahead")
    assert ahead.returncode == 0, ahead.stderr
    # Both specs' files but their models, rendered on the workers.
    assert sorted(notes.read_text().splitlines()) == [
        f"{name} ['{name}/__init__.py', '{name}/client.py', '{name}/validators.py']"
        for name in ("v1", "v2")
    ]
    alone = run_cli(
        *arguments,
        "--out",
        "alone",
        cwd=tmp_path,
        env={"PIPEDRIVE_CODEGEN_CACHE": "off", "PIPEDRIVE_CODEGEN_WORKERS": "1"},
    )
    assert alone.returncode == 0, alone.stderr
    assert tree_bytes(tmp_path / "ahead") == tree_bytes(tmp_path / "alone")


@pytest.mark.skipif(cores() < 2, reason="one core: no workers to render ahead")
@pytest.mark.parametrize("added", ["{{ no_such_var.attr }}\n", "{{ 1 / 0 }}\n"])
def test_a_template_that_fails_ahead_fails_as_it_would_without(
    added: str, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    client = templates / "client" / "operations.py.jinja"
    client.write_text(client.read_text() + added)
    arguments = (*_ARGUMENTS, "--out", "out", "--templates", str(templates))
    notes = tmp_path / "notes"

    ahead = _generate_slowly(tmp_path, notes, *arguments)
    alone = run_cli(
        *arguments,
        cwd=tmp_path,
        env={"PIPEDRIVE_CODEGEN_CACHE": "off", "PIPEDRIVE_CODEGEN_WORKERS": "1"},
    )

    assert sorted(notes.read_text().splitlines()) == ["v1 None", "v2 None"]  # failed
    assert ahead.returncode == alone.returncode == 2
    assert ahead.stderr == alone.stderr
    assert ahead.stderr.startswith(f"{client}:"), ahead.stderr
    assert len(ahead.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
