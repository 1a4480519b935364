"""An empty 204 or 205 gives ``None`` (issue 18): HTTP gives No Content and Reset
Content no body, so the client parses none, even where the spec declares a body only for
the operation's 200, and warns of no mismatch; a method whose spec declares a success
without a body is typed ``... | None``. A 200 without the body it declares is still a
mismatch."""

from __future__ import annotations

import asyncio
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import run_cli
from pipedrive_client import (
    AsyncPipedriveClient,
    PipedriveClient,
    ResponseMismatchWarning,
    ResponseValidationError,
)

SPEC = """
openapi: 3.0.3
info: {title: Things, version: '1'}
servers: [{url: https://things.example}]
paths:
  /things/{id}:
    delete:
      operationId: deleteThing
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: deleted
          content:
            application/json:
              schema: {title: Deleted, type: object, properties: {id: {type: integer}}}
        '204': {description: already gone}
"""


def _answer(status: int, content: bytes = b"") -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content))


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize("status", [204, 205])
def test_an_empty_204_or_205_gives_none(status: int, validate: bool) -> None:
    # v2's deleteActivity declares only a 200, with a body.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResponseMismatchWarning)
        with PipedriveClient(
            api_token="t", transport=_answer(status), validate_responses=validate
        ) as client:
            assert client.v2.delete_activity(id=1) is None

        async def call() -> Any:
            async with AsyncPipedriveClient(
                api_token="t", transport=_answer(status), validate_responses=validate
            ) as client:
                return await client.v2.delete_activity(id=1)

        assert asyncio.run(call()) is None


def test_a_200_without_its_body_is_still_a_mismatch() -> None:
    with PipedriveClient(api_token="t", transport=_answer(200)) as client:
        with pytest.warns(ResponseMismatchWarning, match="json_invalid"):
            client.v2.delete_activity(id=1)
    with PipedriveClient(
        api_token="t", transport=_answer(200), validate_responses=True
    ) as client:
        with pytest.raises(ResponseValidationError):
            client.v2.delete_activity(id=1)


def test_a_declared_bodiless_success_is_typed_none(tmp_path: Path) -> None:
    (tmp_path / "things.yaml").write_text(SPEC)
    run = run_cli(
        *("generate", "--spec", "v1=things.yaml", "--out", "out"),
        *("--package", "things"),
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    client = (tmp_path / "out" / "things" / "v1" / "client.py").read_text()
    assert client.count("    ) -> Deleted | None:\n") == 2  # sync and async
