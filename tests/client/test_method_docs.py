"""What an IDE user sees of an operation: its docstring holds the spec's summary and
description, an ``Args:`` entry for every argument of the signature, ``Returns:`` and
``Raises:`` (the typed error of every status the spec declares); a deprecated operation
is marked ``typing_extensions.deprecated``, so a type checker flags its calls and a call
warns ``DeprecationWarning``."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from conftest import GENERATED, ROOT, mypy_strict, run_cli
from pipedrive_client import AsyncPipedriveClient, PipedriveClient
from pipedrive_client.v1.client import AsyncV1Operations, V1Operations
from pipedrive_client.v2.client import V2Operations

SPEC = """
openapi: 3.0.3
info: {title: Documented, version: '1'}
servers: [{url: 'https://api.example/v1'}]
paths:
  /things/{id}:
    put:
      operationId: updateThing
      summary: Update a thing
      description: |
        Changes a thing.

        Fields left out keep their values.
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}, description: The thing's ID}
        - {name: X-Trace, in: header, schema: {type: string}}
      requestBody:
        description: What to change.
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string, description: The new name}
                size: {type: integer}
      responses:
        '200': {description: The thing as changed}
        '400': {description: A field is wrong}
        '401': {description: No valid token}
        '402': {description: Not paid}
        '403': {description: Not allowed}
        '404': {description: No such thing}
        '409': {description: Changed meanwhile}
        '410': {description: Gone for good}
        '422': {description: Cannot be done}
        '429': {description: Too many requests}
        '503': {description: Down for maintenance}
        default: {description: Anything else}
  /tags:
    post:
      operationId: addTags
      deprecated: true
      requestBody:
        content:
          application/json:
            schema: {type: array, items: {type: string}}
      responses:
        '204': {description: Added}
"""

# The statuses SPEC declares for updateThing.
STATUSES = (400, 401, 402, 403, 404, 409, 410, 422, 429, 503)


def sections(function: Any) -> dict[str, dict[str, str]]:
    """The Google-style sections of ``function``'s docstring: each ``Args:``-like
    title, its entries by name (``""`` for text that names none), whitespace joined."""
    found: dict[str, dict[str, str]] = {}
    entries: dict[str, str] | None = None
    name = ""
    for line in (inspect.getdoc(function) or "").splitlines():
        if re.fullmatch(r"[A-Z]\w+:", line):
            entries = found.setdefault(line[:-1], {})
        elif entries is not None and line.startswith("    "):
            entry = re.match(r"    ([\w.]+): (.*)", line)
            if entry and not line.startswith("     "):
                name = entry.group(1)
                entries[name] = entry.group(2)
            elif line.startswith("        ") or not entries:
                entries.setdefault(name, "")
                entries[name] = (entries[name] + " " + line.strip()).strip()
            else:
                name = ""
                entries[name] = (entries.get(name, "") + " " + line.strip()).strip()
        elif not line:
            name = ""
    return found


def answering(status: int, **body: Any) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, json=body))


# -- the committed package: Pipedrive's activity specs ---------------------------------


def test_a_method_shows_the_summary_description_args_returns_and_raises() -> None:
    doc = inspect.getdoc(V1Operations.add_activity) or ""
    assert doc.startswith("Add an activity (deprecated)\n\nAdds a new activity.")
    assert "\n\nPass ``body=`` or its fields, not both.\n\n" in doc
    found = sections(V1Operations.add_activity)
    assert (
        found["Args"]["due_date"] == "The due date of the activity. Format: YYYY-MM-DD"
    )
    assert found["Args"]["body"].startswith(
        "The whole request body, an ``AddActivityRequest``"
    )
    assert found["Returns"] == {"": "Created"}
    assert list(found["Raises"]) == [
        "APIStatusError",
        "APIConnectionError",
        "TypeError",
        "RequestValidationError",
        "ResponseValidationError",
    ]
    refused = found["Raises"]["RequestValidationError"]
    assert "validate_requests=True" in refused
    assert refused.startswith("A field's value does not fit ``AddActivityRequest``")


@pytest.mark.parametrize(
    "operations",
    [V1Operations, AsyncV1Operations, V2Operations],
    ids=lambda c: c.__name__,
)
def test_every_argument_of_every_method_has_its_args_entry_in_order(
    operations: type,
) -> None:
    methods = [
        (name, method)
        for name, method in vars(operations).items()
        if callable(method) and not name.startswith(("_", "iter_"))
    ]
    assert methods
    for name, method in methods:
        signature = list(inspect.signature(method).parameters)[1:]  # less self
        assert list(sections(method).get("Args", {})) == signature, name


def test_a_deprecated_operation_warns_when_called_sync_and_async() -> None:
    body = {"success": True, "data": None}
    with PipedriveClient(api_token="t", transport=answering(200, **body)) as client:
        with pytest.warns(
            DeprecationWarning, match=r"^GET /activities/\{id\} is deprecated"
        ):
            client.v1.get_activity(id=1)
        with pytest.warns(
            DeprecationWarning, match="see the docstring of get_activities"
        ):
            client.v1.iter_get_activities()

    async def call() -> None:
        async with AsyncPipedriveClient(
            api_token="t", transport=answering(200, **body)
        ) as client:
            with pytest.warns(
                DeprecationWarning, match="^POST /activities is deprecated"
            ):
                await client.v1.add_activity(subject="Call")

    asyncio.run(call())


def test_an_operation_not_deprecated_does_not_warn() -> None:
    with PipedriveClient(
        api_token="t", transport=answering(200, success=True)
    ) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            client.v2.get_activity(id=1)


USER_CODE = """
from pipedrive_client import PipedriveClient

client = PipedriveClient(api_token="...")
client.v1.get_activity(id=1)
client.v2.get_activity(id=1)
"""


def test_a_type_checker_flags_a_call_of_a_deprecated_operation_only() -> None:
    # mypy --strict passes the call (tests/test_quality.py); asked to report uses of
    # deprecated names, as editors show them, it names the deprecated one alone.
    result = subprocess.run(
        mypy_strict("--enable-error-code", "deprecated", "-c", USER_CODE),
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(GENERATED)},
        capture_output=True,
        text=True,
        check=False,
    )
    flagged = [line for line in result.stdout.splitlines() if "error:" in line]
    assert len(flagged) == 1, result.stdout
    assert "<string>:5:" in flagged[0] and "[deprecated]" in flagged[0], result.stdout


# -- a spec of our own: every status, a body that is no model ---------------------------


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "documented.yaml").write_text(SPEC)
    run = run_cli(
        *("generate", "--spec", f"v1={folder / 'documented.yaml'}"),
        *("--out", str(folder), "--package", "documented"),
    )
    assert run.returncode == 0, run.stderr
    sys.path.insert(0, str(folder))
    yield importlib.import_module("documented")
    sys.path.remove(str(folder))
    for name in [n for n in sys.modules if n.split(".")[0] == "documented"]:
        del sys.modules[name]


def test_paragraphs_args_and_where_an_argument_has_no_description(
    documented: ModuleType,
) -> None:
    method = importlib.import_module("documented.v1.client").V1Operations.update_thing
    doc = inspect.getdoc(method) or ""
    assert doc.startswith(
        "Update a thing\n\nChanges a thing.\n\nFields left out keep their values.\n\n"
    )
    assert sections(method)["Args"] == {
        "id": "The thing's ID",
        "x_trace": "The ``X-Trace`` header parameter.",
        "body": "What to change. The whole request body, an ``UpdateThingRequest``,"
        " instead of its fields.",
        "name": "The new name",
        "size": "The body's ``size``.",
    }
    tags = sections(
        importlib.import_module("documented.v1.client").V1Operations.add_tags
    )
    assert tags["Args"] == {"body": "The request body."}
    assert "TypeError" not in tags["Raises"]  # no fields to give beside the body


@pytest.mark.parametrize("status", STATUSES)
def test_raises_names_the_error_each_declared_status_raises(
    documented: ModuleType, status: int
) -> None:
    raises = sections(
        importlib.import_module("documented.v1.client").V1Operations.update_thing
    )["Raises"]
    client = documented.DocumentedClient(transport=answering(status), max_retries=0)
    with pytest.raises(documented.PipedriveError) as raised:
        client.v1.update_thing(id=1, name="x")
    error = type(raised.value).__name__
    assert f"{status}: " in raises[error], (error, raises)
    assert (
        raises["APIStatusError"]
        == "409: Changed meanwhile; any other status that is not 2xx."
    )
