"""Terminal escapes and bidi controls in spec text never reach a generated file, a
``diff`` report or an error line raw (issue 16, finding 6): they are written as escapes
(``\\x1b``, ``\\u202e``), so the code reads as it runs and a terminal or a pull-request
comment shows them instead of obeying them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import run_cli, tree_bytes

SPECS = Path(__file__).resolve().parent / "specs"
# C0 and C1 controls (but for the line feed), and the invisible format characters that
# reorder or hide text: bidi embeddings, overrides and isolates, marks, zero widths.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def _unsafe(text: str) -> list[str]:
    return sorted({repr(match.group()) for match in UNSAFE.finditer(text)})


def test_generated_code_shows_them_escaped_and_still_imports(tmp_path: Path) -> None:
    shutil.copy(SPECS / "invisible.yaml", tmp_path)
    result = run_cli(
        "generate", "--spec", "v1=invisible.yaml", "--out", "out", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    found = {
        name: _unsafe(data.decode())
        for name, data in tree_bytes(tmp_path / "out").items()
        if _unsafe(data.decode())
    }
    assert found == {}
    models = (tmp_path / "out/pipedrive_client/v1/models.py").read_text()
    assert '"""field \\x1b[31m red"""' in models
    assert 'Field(alias="na\\u202eme")' in models
    check = (
        "from pipedrive_client.v1.models import AddThingRequest as R\n"
        "print(R.model_validate({'na\\u202eme': 'x', 'kind': 'c\\x1b[0m'}).kind"
        " == 'c\\x1b[0m')"
    )
    run = subprocess.run(
        [sys.executable, "-c", check],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout == "True\n"


def test_diff_shows_them_escaped(tmp_path: Path) -> None:
    for name in ("invisible.yaml", "benign.yaml"):
        shutil.copy(SPECS / name, tmp_path)
    text = run_cli("diff", "benign.yaml", "invisible.yaml", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert _unsafe(text.stdout) == []
    assert "a\\u202eb" in text.stdout or "q\\u202e" in text.stdout
    report = run_cli(
        "diff", "benign.yaml", "invisible.yaml", "--format", "json", cwd=tmp_path
    )
    assert _unsafe(report.stdout) == []
    assert "\u202e" in json.dumps(json.loads(report.stdout), ensure_ascii=False)


def test_an_error_line_shows_them_escaped(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      operationId: getA\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n            application/json:\n"
        '              schema: {properties: {"a\\e[2J\\u202e": {type: strin}}}\n'
    )
    result = run_cli("generate", "--spec", "v1=spec.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert _unsafe(result.stderr.rstrip("\n")) == []
    assert "/properties/a\\x1b[2J\\u202e/type:" in result.stderr
