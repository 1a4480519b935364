"""Specs of one package share a constructor keyword only for credentials of one kind:
an apiKey header named ``Basic-Auth`` in one spec and http basic in another (both
``basic_auth``) are two keywords, each sent where its own spec says; a third spec's
http basic shares the second's; an apiKey every spec names alike stays one."""

from __future__ import annotations

import base64
import inspect
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
THREE = TWO.replace("Two", "Three")  # basic too: it shares two's keyword


def test_a_keyword_takes_one_kind_of_credential(tmp_path: Path) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    specs = {"one": ONE, "two": TWO, "three": THREE}
    with generated_package(tmp_path, "kinds", specs) as kinds:
        keywords = set(inspect.signature(kinds.KindsClient).parameters)
        assert keywords >= {"basic_auth", "two_basic_auth", "api_token"}
        assert not any(keyword.startswith("three") for keyword in keywords)
        with kinds.KindsClient(
            basic_auth="header-value",
            two_basic_auth=("user", "password"),
            transport=httpx.MockTransport(answer),
        ) as client:
            client.one.get_one()
            client.two.get_two()
            client.three.get_three()
        with kinds.KindsClient(
            api_token="t", transport=httpx.MockTransport(answer)
        ) as client:
            client.one.get_one()
            client.two.get_two()
    one, two, three, one_by_key, two_by_key = sent
    assert one.headers["basic-auth"] == "header-value"
    assert "authorization" not in one.headers
    pair = base64.b64encode(b"user:password").decode()
    assert two.headers["authorization"] == f"Basic {pair}"
    assert "basic-auth" not in two.headers
    assert three.headers["authorization"] == f"Basic {pair}"
    # The apiKey both specs have is one keyword, sent by either.
    assert one_by_key.url.params["api_token"] == "t"
    assert two_by_key.url.params["api_token"] == "t"
