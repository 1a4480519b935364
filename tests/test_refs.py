"""Specs written the ordinary way ($ref to components and to other files) name models alike."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_cli

SPECS = ROOT / "tests" / "specs" / "refs"


def _classes(out: Path) -> list[str]:
    text = (out / "things" / "api" / "models.py").read_text()
    # Sorted: the module defines a model after the models it refers to.
    return sorted(re.findall(r"^class (\w+)\((\w+)\)", text, flags=re.M))


def test_components_and_inline_twins_give_the_same_models(tmp_path: Path) -> None:
    results = {}
    for name in ("components", "inline"):
        out = tmp_path / name
        run = run_cli(
            "generate",
            "--spec",
            f"api={SPECS / f'{name}.yaml'}",
            "--out",
            str(out),
            "--package",
            "things",
        )
        assert run.returncode == 0, run.stderr
        results[name] = _classes(out)
    assert results["components"] == results["inline"]
    assert results["inline"] == [
        ("AddThingRequest", "RequestModel"),
        ("AddThingResponse", "ResponseModel"),
        ("AddThingResponseRelatedObjects", "ResponseModel"),
        ("Owner", "RequestModel"),
        ("Thing", "ResponseModel"),
        ("UserData", "ResponseModel"),
        ("UserDataRequest", "RequestModel"),
    ]
    text = (tmp_path / "components" / "things" / "api" / "models.py").read_text()
    assert "user: dict[int, UserData] | None = None" in text
    assert "done: Literal[0, 1] | None = None" in text
    assert "title: str | None = None" in text  # a property called title stays a field


ALIASED = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Alias'}
components:
  schemas:
    Alias: {$ref: '#/components/schemas/Node'}
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Alias'}
"""


def test_a_schema_that_recurs_through_an_alias_is_a_recursive_model(
    tmp_path: Path,
) -> None:
    # Alias -> Node -> next -> Alias: a $ref met again on its way, but through a schema.
    (tmp_path / "aliased.yaml").write_text(ALIASED)
    # A loop of $refs alone names no schema at all: an error, where it closes.
    (tmp_path / "loop.yaml").write_text(
        ALIASED.replace(
            "    Node:\n      type: object\n      properties:\n"
            "        next: {$ref: '#/components/schemas/Alias'}\n",
            "    Node: {$ref: '#/components/schemas/Alias'}\n",
        )
    )
    made = run_cli(
        *("generate", "--spec", "api=aliased.yaml", "--out", "out", "--package", "a"),
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "out" / "a" / "api" / "models.py").read_text()
    assert re.search(r'^    next: Optional\["Node"\] = None$', text, flags=re.M), text
    looped = run_cli(
        *("generate", "--spec", "api=loop.yaml", "--out", "out2"), cwd=tmp_path
    )
    assert looped.returncode == 2
    assert looped.stderr == (
        "loop.yaml:15: #/components/schemas/Alias: this $ref refers to itself\n"
    )
