"""Specs written the ordinary way ($ref to components and to other files) name models alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, answering, generated_package, run_cli

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


# A $ref's fragment is percent-decoded (RFC 3986), then read as a JSON pointer (RFC
# 6901): '#%2Fcomponents%2Fschemas%2FB%20C' is '#/components/schemas/B C'.
ENCODED = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#%2Fcomponents%2Fschemas%2FB%20C'}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/d~1e%25f~0g'}
components:
  schemas:
    B C:
      type: object
      properties:
        x:
          type: string
          minLength: 1
    d/e%f~g:
      type: object
      properties:
        y: {type: integer}
"""


def test_a_percent_encoded_ref_names_the_component_it_decodes_to(
    tmp_path: Path,
) -> None:
    # The check refused it: "spec.yaml:1: #: openapi-spec-validator cannot resolve
    # $ref 'file:///spec/spec.yaml'" (it read '#%2F...' as an anchor).
    with generated_package(tmp_path, "encoded", {"v1": ENCODED}) as package:
        transport, _ = answering({"x": "z"})
        with package.EncodedClient(transport=transport) as client:
            got = client.v1.get_a()
        assert type(got).__name__ == "BC" and got.x == "z"
        transport, _ = answering({"y": 3})
        with package.EncodedClient(transport=transport) as client:
            assert client.v1.get_b().y == 3


@pytest.mark.parametrize(
    ("ref", "where"),
    [
        (
            "#%2Fcomponents%2Fschemas%2FB%20C",
            "30: #/components/schemas/B C/properties/x",
        ),
        ("#/components/schemas/B%20C", "30: #/components/schemas/B C/properties/x"),
        (
            "#/components/schemas/d~1e%25f~0g",
            "34: #/components/schemas/d~1e%f~0g/properties/y",
        ),
    ],
)
def test_a_percent_encoded_ref_is_checked_where_it_leads(
    tmp_path: Path, ref: str, where: str
) -> None:
    spec = ENCODED.replace("'#%2Fcomponents%2Fschemas%2FB%20C'", f"'{ref}'")
    # A broken schema behind it: its line and JSON pointer (it said "spec.yaml:1: #:
    # openapi-spec-validator cannot resolve $ref", or gave the pointer encoded).
    broken = spec.replace("minLength: 1", "minLength: -1").replace(
        "y: {type: integer}", "y: {type: integer, maxLength: -1}"
    )
    (tmp_path / "broken.yaml").write_text(broken)
    run = run_cli("generate", "--spec", "v1=broken.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2
    keyword = "minLength" if "B" in ref else "maxLength"
    assert run.stderr == (
        f"broken.yaml:{where}/{keyword}: -1 is less than the minimum of 0\n"
    )
    # A percent-encoded $ref to nothing: refused where it is written, as any other.
    dangling = spec.replace("B C:", "Other:").replace("d/e%f~g:", "Another:")
    (tmp_path / "dangling.yaml").write_text(dangling)
    run = run_cli(
        "generate", "--spec", "v1=dangling.yaml", "--out", "out", cwd=tmp_path
    )
    assert run.returncode == 2
    assert run.stderr == (
        "dangling.yaml:13: #/paths/~1a/get/responses/200/content/application~1json"
        f"/schema/$ref: $ref '{ref}' points to nothing\n"
    )


def test_a_schema_file_with_its_own_id_is_read_as_a_file(tmp_path: Path) -> None:
    # A $id at the top of a schema file: its '#/...' $refs name the same node read
    # against the $id or the file, so they are followed (one under a nested $id is
    # refused: tests/errors/test_bad_input.py).
    (tmp_path / "person.yaml").write_text(
        "$id: 'https://example.com/person.json'\n"
        "type: object\n"
        "properties:\n"
        "  name: {$ref: '#/$defs/name'}\n"
        "$defs:\n"
        "  name: {type: string}\n"
    )
    (tmp_path / "spec.yaml").write_text(
        ALIASED.replace("3.0.3", "3.1.0").replace(
            "'#/components/schemas/Alias'}\ncomponents:", "'person.yaml'}\ncomponents:"
        )
    )
    run = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out", "--package", "p"),
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    models = (tmp_path / "out" / "p" / "v1" / "models.py").read_text()
    assert re.search(r"^    name: str \| None = None$", models, flags=re.M), models
