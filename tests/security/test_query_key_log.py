"""A key the spec sends in the query (``apiKey`` ``in: query``) stays out of httpx's
own log line, which prints the URL it sent, as it stays out of the package's: the
runtime masks it (as %2A%2A%2A) in that line, and the request still carries it."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from conftest import generated_package

SPEC = """openapi: 3.0.3
info: {title: Things, version: '1'}
servers: [{url: 'https://api.things.example/v1'}]
security: [{QueryKey: []}]
components:
  securitySchemes:
    QueryKey: {type: apiKey, in: query, name: key}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok}
"""
KEY = "qkey-SECRET-0123456789"


def test_a_query_key_is_masked_in_httpx_log_and_still_sent(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sent: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(200, json={})

    with generated_package(tmp_path, "things", {"v1": SPEC}, mypy=False) as things:
        with things.ThingsClient(
            key=KEY, transport=httpx.MockTransport(answer)
        ) as client:
            client.v1.list_things(page=2)
    assert [str(url) for url in sent] == [
        f"https://api.things.example/v1/things?page=2&key={KEY}"
    ]
    assert KEY not in caplog.text
    lines = {(r.name, r.getMessage()) for r in caplog.records}
    assert (
        "httpx",
        "HTTP Request: GET https://api.things.example/v1/things?page=2&key=%2A%2A%2A"
        ' "HTTP/1.1 200 OK"',
    ) in lines
    assert (
        "things",
        "GET https://api.things.example/v1/things?page=2&key=%2A%2A%2A -> 200 OK",
    ) in lines
