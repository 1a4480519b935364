"""Text from the spec (titles, summaries, descriptions) lands in docstrings as it is:
quotes, backslashes and control characters never break the generated code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from conftest import openapi_document, run_cli

# Each would end a docstring early, not parse, or not import, if written as it is.
TITLE = 'API """ of C:\\new\\N "quoted"'
SUMMARY = 'Get a "thing"'
MODEL = 'A thing\x00 with a NUL and a tab\there, ending in """'
FIELD = "Ends in a backslash \\"
DESCRIPTION = 'Paints it \x1b[31mred """\n\nthen \u202e flips "it"'
PARAMETER = 'C:\\new\\N{x} "quoted"'


def test_spec_text_reaches_the_docstrings_as_written(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "description": MODEL,
        "properties": {"name": {"type": "string", "description": FIELD}},
    }
    response = {
        "description": "ok",
        "content": {"application/json": {"schema": schema}},
    }
    document = openapi_document(
        {
            "/things": {
                "get": {
                    "operationId": "getThing",
                    "summary": SUMMARY,
                    "description": DESCRIPTION,
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": PARAMETER,
                        }
                    ],
                    "responses": {"200": response},
                }
            }
        }
    )
    document["info"]["title"] = TITLE
    (tmp_path / "spec.json").write_text(json.dumps(document))

    run = run_cli(
        "generate",
        "--spec",
        "v1=spec.json",
        "--out",
        "out",
        "--package",
        "texts",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr

    script = """
import json, pkgutil, importlib, sys
import texts
import texts.v1.models as models
import texts.v1.client as client
import texts.v1.validators as validators
model = models.GetThingResponse
print(json.dumps({
    "package": texts.__doc__,
    "models": models.__doc__,
    "validators": validators.__doc__,
    "model": model.__doc__,
    "operation": client.V1Operations.get_thing.__doc__,
}))
"""
    shown = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    docs = json.loads(shown.stdout)
    one_line = " ".join(TITLE.split())
    assert one_line in docs["package"]
    assert f"Models of {one_line}." in docs["models"]
    assert f"Validators of {one_line}:" in docs["validators"]
    # (black puts a space between a closing quote of the text and the docstring's)
    assert docs["model"].rstrip() == " ".join(MODEL.split())
    # A field's docstring is the string right after it, in the source.
    source = ast.parse((tmp_path / "out/texts/v1/models.py").read_text())
    strings = [
        node.value.value
        for node in ast.walk(source)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert FIELD in strings
    # An operation's: its summary, then its description and its parameters'.
    operation = " ".join(docs["operation"].split())
    assert operation.startswith(f"{SUMMARY} {' '.join(DESCRIPTION.split())} Args: ")
    assert f"Args: q: {PARAMETER} Returns:" in operation
