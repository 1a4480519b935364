"""Form bodies (``multipart/form-data``, ``application/x-www-form-urlencoded``) are
objects: their properties name the fields. One the spec gives no schema takes any
fields, a mapping (it was ``bytes``, and any value a ``TypeError``); one of text, bytes
or a list is refused when the package is generated, a located line
(tests/errors/test_bad_input.py).

Through a generated package (``mypy --strict`` on it and on a user's call) and httpx's
MockTransport."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from conftest import answering, generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /upload:
    post:
      operationId: upload
      requestBody: {content: {multipart/form-data: {}}}
      responses: {'204': {description: ok}}
  /submit:
    post:
      operationId: submit
      requestBody: {content: {application/x-www-form-urlencoded: {}}}
      responses: {'204': {description: ok}}
"""
USER = """from forms import FormsClient

with FormsClient() as client:
    client.api.upload(body={"note": "n", "file": b"%PDF"})
    client.api.submit(body={"grant_type": "x", "n": 2})
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("forms")
    with generated_package(root, "forms", {"api": SPEC}, scripts={"u.py": USER}) as pkg:
        yield pkg


def sent(package: ModuleType, name: str, body: Any) -> Any:
    """The one request ``client.api.<name>(body=body)`` sent."""
    transport, requests = answering(status=204)
    with package.FormsClient(transport=transport) as client:
        assert getattr(client.api, name)(body=body) is None
    [request] = requests
    return request


def test_a_multipart_body_without_a_schema_takes_any_fields(
    package: ModuleType,
) -> None:
    request = sent(package, "upload", body={"note": "n", "file": b"%PDF"})
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="note"\r\n\r\nn\r\n' in request.content
    assert b'name="file"; filename="file"' in request.content
    assert b"%PDF" in request.content


def test_a_url_encoded_body_without_a_schema_takes_any_fields(
    package: ModuleType,
) -> None:
    request = sent(package, "submit", body={"grant_type": "x", "n": 2})
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"grant_type=x&n=2"
