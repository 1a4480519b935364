"""A large spec is checked in parts, each part's verdict cached: what spans parts is still
caught, and an edit is checked again however much of the rest is cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

from pipedrive_codegen.spec.check import _parts
from pipedrive_codegen.spec.load import load_spec

PATHS = 40


def spec_text(
    operation_ids: dict[int, str] | None = None, bad: int | None = None
) -> str:
    """``PATHS`` paths ``/p<i>``, each a GET with operationId ``op<i>``, unless
    ``operation_ids`` says otherwise; path ``bad`` has a misspelled type."""
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}", "paths:"]
    for index in range(PATHS):
        operation_id = (operation_ids or {}).get(index, f"op{index}")
        kind = "strin" if index == bad else "string"
        lines += [
            f"  /p{index}:",
            "    get:",
            f"      operationId: {operation_id}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            f"              schema: {{type: object, properties: {{x: {{type: {kind}}}}}}}",
        ]
    return "\n".join(lines) + "\n"


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def generate(tmp_path: Path, text: str) -> tuple[int, str]:
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    result = run_cli(
        *("generate", "--spec", "api=spec.yaml", "--out", "out"),
        cwd=tmp_path,
        env={"PIPEDRIVE_CODEGEN_CACHE": str(tmp_path / "cache")},
    )
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


def test_an_operation_id_used_in_two_parts_is_caught(tmp_path: Path) -> None:
    text = spec_text({35: "op1"})
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    parts = _parts(load_spec(tmp_path / "spec.yaml").root.data)
    first, second = (
        next(i for i, part in enumerate(parts) if path in part["paths"])
        for path in ("/p1", "/p35")
    )
    assert first != second  # the premise: no single part holds both

    code, stderr = generate(tmp_path, text)

    assert (code, stderr) == (
        2,
        f"spec.yaml:{line_of(text, '/p35:') + 2}: #/paths/~1p35/get/operationId: "
        "operationId 'op1' is not unique: #/paths/~1p1/get/operationId has it too\n",
    )


def test_an_edit_is_checked_again_while_the_rest_comes_from_the_cache(
    tmp_path: Path,
) -> None:
    assert generate(tmp_path, spec_text()) == (0, "")

    broken = spec_text(bad=27)
    code, stderr = generate(tmp_path, broken)

    line = line_of(broken, "type: strin}")
    assert (code, stderr) == (
        2,
        f"spec.yaml:{line}: #/paths/~1p27/get/responses/200/content/application~1json"
        "/schema/properties/x/type: 'strin' is not one of "
        "['array', 'boolean', 'integer', ...]; did you mean 'string'?\n",
    )
    assert generate(tmp_path, spec_text()) == (0, "")


@pytest.mark.parametrize("workers", ["1", ""])
def test_every_spec_is_checked_before_any_is_rendered(
    tmp_path: Path, workers: str
) -> None:
    # A valid spec first, one with an error second: the error comes from checking, and
    # nothing was rendered meanwhile (--progress names each stage each spec reaches),
    # in one process as with a process per spec.
    (tmp_path / "good.yaml").write_text(spec_text(), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(spec_text(bad=3), encoding="utf-8")
    result = run_cli(
        *("generate", "--spec", "a=good.yaml", "--spec", "b=bad.yaml"),
        *("--out", "out", "--progress"),
        cwd=tmp_path,
        env={"PIPEDRIVE_CODEGEN_CACHE": "off", "PIPEDRIVE_CODEGEN_WORKERS": workers},
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("bad.yaml:"), lines[-1]
    assert "a: building" in result.stderr or "a: checking" in result.stderr
    assert "b: checking" in result.stderr
    assert not [line for line in lines if "rendering" in line], result.stderr
    assert not (tmp_path / "out").exists()
