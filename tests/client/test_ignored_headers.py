"""Header parameters named Accept, Content-Type or Authorization are ignored, as
OpenAPI says they SHALL be: the method takes no such keyword, and the request carries
the credentials of the operation's security scheme and the media type of its body,
not a caller's value."""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import httpx

from conftest import run_cli

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{Bearer: []}]
components:
  securitySchemes:
    Bearer: {type: http, scheme: bearer}
paths:
  /things:
    post:
      operationId: addThing
      parameters:
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: accept, in: header, schema: {type: string}}
        - {name: Content-Type, in: header, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses: {'204': {description: ok}}
"""


def test_accept_content_type_and_authorization_headers_are_ignored(
    tmp_path: Path,
) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    run = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out", "--package", "hdr"),
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        package = importlib.import_module("hdr")
        seen: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(204)

        transport = httpx.MockTransport(answer)
        with package.HdrClient(bearer_token="token", transport=transport) as client:
            keywords = set(inspect.signature(client.v1.add_thing).parameters)
            assert keywords == {"body", "name", "x_trace"}
            client.v1.add_thing(name="n", x_trace="t")
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for module in [m for m in sys.modules if m.split(".")[0] == "hdr"]:
            del sys.modules[module]
    (request,) = seen
    assert request.headers["authorization"] == "Bearer token"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-trace"] == "t"
