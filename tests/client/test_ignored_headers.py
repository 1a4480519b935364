"""Header parameters named Accept, Content-Type or Authorization are ignored, as
OpenAPI says they SHALL be: the method takes no such keyword, and the request carries
the credentials of the operation's security scheme and the media type of its body,
not a caller's value."""

from __future__ import annotations

import inspect
from pathlib import Path

import httpx

from conftest import generated_package

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
    with generated_package(tmp_path, "hdr", {"v1": SPEC}, mypy=False) as package:
        seen: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(204)

        transport = httpx.MockTransport(answer)
        with package.HdrClient(bearer_token="token", transport=transport) as client:
            keywords = set(inspect.signature(client.v1.add_thing).parameters)
            assert keywords == {"body", "name", "x_trace"}
            client.v1.add_thing(name="n", x_trace="t")
    (request,) = seen
    assert request.headers["authorization"] == "Bearer token"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-trace"] == "t"
