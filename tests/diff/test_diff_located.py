"""`diff` on specs it cannot build: each error names the file, line and JSON pointer
`generate` gives, in OLD as in NEW; and a part one side cannot build changes nothing
else in the report."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from pipedrive_codegen.cli import main
from spec_pairs import obj, rows, spec, thing

GOOD = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getThing
      responses:
        "200": {description: ok}
"""

UNKNOWN_SCHEME = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getThing
      security:
        - nope: []
      responses:
        "200": {description: ok}
"""

SAME_METHOD_NAME = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getThing
      responses:
        "200": {description: ok}
  /b:
    parameters:
      - {name: q, in: query, schema: {type: string}}
    get:
      operationId: get_thing
      responses:
        "200": {description: ok}
"""

BAD_SERVER_DEFAULT = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    servers:
      - url: "https://{v}.example.com"
        variables:
          v: {default: a, enum: [b]}
    get:
      operationId: getThing
      responses:
        "200": {description: ok}
"""

# A body build_ir cannot handle (application/xml) beside the error: diff builds the
# operation part by part, and must still locate what no part can do without.
WITH_A_GAP = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: addThing
      security:
        - nope: []
      requestBody:
        content:
          application/xml: {schema: {type: object}}
      responses:
        "200": {description: ok}
"""

ERRORS = {
    "unknown security scheme": (
        UNKNOWN_SCHEME,
        "8: #/paths/~1a/get/security/0: "
        "security scheme 'nope' is not in components/securitySchemes",
    ),
    "two operations with one method name": (
        SAME_METHOD_NAME,
        "13: #/paths/~1b/get: operation name 'get_thing' is also used by GET /a",
    ),
    "a path's server variable default not in its enum": (
        BAD_SERVER_DEFAULT,
        "8: #/paths/~1a/servers/0/variables/v/default: "
        "default 'a' is not one of the variable's enum values",
    ),
    "beside a part that does not build": (
        WITH_A_GAP,
        "8: #/paths/~1a/post/security/0: "
        "security scheme 'nope' is not in components/securitySchemes",
    ),
}


def _main(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        status = main(["diff", *argv])
    return status, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("broken", ["old", "new"])
@pytest.mark.parametrize("case", list(ERRORS))
def test_an_error_names_file_line_and_pointer(
    case: str, broken: str, tmp_path: Path
) -> None:
    text, where = ERRORS[case]
    good, bad = tmp_path / "good.yaml", tmp_path / f"{broken}.yaml"
    good.write_text(GOOD)
    bad.write_text(text)
    argv = (str(bad), str(good)) if broken == "old" else (str(good), str(bad))
    status, out, err = _main(*argv)
    assert (status, out, err) == (2, "", f"{bad}:{where}\n")


def test_generate_locates_them_alike(tmp_path: Path) -> None:
    # the same text as `generate` prints for the same spec
    from conftest import run_cli

    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "v1.yaml").write_text(UNKNOWN_SCHEME)
    result = run_cli(
        "generate", "--spec", "v1=specs/v1.yaml", "--out", "out", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr == f"specs/v1.yaml:{ERRORS['unknown security scheme'][1]}\n"


def _users(gap: bool) -> dict[str, Any]:
    """Request and response both hold an ``Access``: the response's model takes the
    name, the request's is ``AccessRequest``, unless the response is not built (with
    ``gap``: a ``not`` it cannot handle)."""
    access = {"$ref": "#/components/schemas/Access"}
    response = obj(access=access)
    if gap:
        response["properties"]["odd"] = {"not": {"type": "string"}}
    document = thing(request=obj(access=access), response=response)
    return spec(document["paths"], schemas={"Access": obj(id={"type": "integer"})})


def test_a_part_one_side_cannot_build_renames_no_model(tmp_path: Path) -> None:
    # only the responses differ, and cannot be compared: nothing else is reported
    assert rows(_users(False), _users(True), tmp_path) == [
        ("not-compared", "response", "addThing responses", True)
    ]
    assert rows(_users(True), _users(False), tmp_path) == [
        ("not-compared", "response", "addThing responses", True)
    ]
