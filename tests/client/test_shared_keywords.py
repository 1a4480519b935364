"""Specs of one package share a constructor keyword only for credentials of one kind:
an apiKey header named ``Basic-Auth`` in one spec and http basic in another (both
``basic_auth``) are two keywords, each sent where its own spec says; an apiKey both
specs name alike stays one."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx

from conftest import generated_package

HEAD = """openapi: 3.0.3
info: {{title: {title}, version: '1'}}
servers: [{{url: 'https://api.example.com'}}]
paths:
  /{title}:
    get:
      operationId: get{title}
      security: [{{{scheme}: []}}, {{key: []}}]
      responses: {{'204': {{description: ok}}}}
components:
  securitySchemes:
    key: {{type: apiKey, in: query, name: api_token}}
"""
ONE = HEAD.format(title="One", scheme="k") + (
    "    k: {type: apiKey, in: header, name: Basic-Auth}\n"
)
TWO = HEAD.format(title="Two", scheme="b") + "    b: {type: http, scheme: basic}\n"


def test_a_keyword_takes_one_kind_of_credential(tmp_path: Path) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    with generated_package(tmp_path, "kinds", {"one": ONE, "two": TWO}) as kinds:
        with kinds.KindsClient(
            basic_auth="header-value",
            two_basic_auth=("user", "password"),
            transport=httpx.MockTransport(answer),
        ) as client:
            client.one.get_one()
            client.two.get_two()
        with kinds.KindsClient(
            api_token="t", transport=httpx.MockTransport(answer)
        ) as client:
            client.one.get_one()
            client.two.get_two()
    one, two, one_by_key, two_by_key = sent
    assert one.headers["basic-auth"] == "header-value"
    assert "authorization" not in one.headers
    pair = base64.b64encode(b"user:password").decode()
    assert two.headers["authorization"] == f"Basic {pair}"
    assert "basic-auth" not in two.headers
    # The apiKey both specs have is one keyword, sent by either.
    assert one_by_key.url.params["api_token"] == "t"
    assert two_by_key.url.params["api_token"] == "t"
