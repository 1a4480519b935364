"""Two security requirements whose names read alike (schemes ``a`` and ``b`` together,
scheme ``a_and_b`` alone; no credential at all, scheme ``nothing``) are two constants
in the client module: each operation sends what its own requirement says."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import httpx
import pytest

from conftest import generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{nothing: []}]
components:
  securitySchemes:
    a: {type: apiKey, in: header, name: X-A}
    b: {type: apiKey, in: header, name: X-B}
    a_and_b: {type: apiKey, in: header, name: X-AB}
    nothing: {type: apiKey, in: header, name: X-Nothing}
paths:
  /both:
    get:
      operationId: needsAandB
      security: [{a: [], b: []}]
      responses: {'204': {description: ok}}
  /ab:
    get:
      operationId: needsAB
      security: [{a_and_b: []}]
      responses: {'204': {description: ok}}
  /default:
    get: {operationId: needsNothingScheme, responses: {'204': {description: ok}}}
  /open:
    get:
      operationId: openOrKey
      security: [{}]
      responses: {'204': {description: ok}}
"""
KEYS = {"a": "A", "b": "B", "ab": "AB", "nothing": "N"}  # X-AB: keyword ab


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("requirements")
    with generated_package(root, "reqs", {"v1": SPEC}, mypy=False) as package:
        yield package


@pytest.mark.parametrize(
    ("method", "sent"),
    [
        ("needs_aand_b", {"x-a": "A", "x-b": "B"}),
        ("needs_ab", {"x-ab": "AB"}),
        ("needs_nothing_scheme", {"x-nothing": "N"}),
        ("open_or_key", {}),
    ],
)
def test_each_operation_sends_its_own_requirement(
    package: ModuleType, method: str, sent: dict[str, str]
) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    transport = httpx.MockTransport(answer)
    with package.ReqsClient(transport=transport, **KEYS) as client:
        getattr(client.v1, method)()
    (request,) = seen
    assert {k: v for k, v in request.headers.items() if k.startswith("x-")} == sent
