"""``servers`` of a path item or an operation: its requests go there, not to the
spec's servers (Pipedrive's full v1 spec gives its OAuth operations
``https://oauth.pipedrive.com``); a server under the spec's own goes under the client's
base URL, and the operation's server variables take their defaults."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from conftest import answering, generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /plain:
    get:
      operationId: getPlain
      responses: {'204': {description: ok}}
  /token:
    servers: [{url: 'https://auth.example.com'}]
    post:
      operationId: postToken
      responses: {'204': {description: ok}}
  /upload:
    put:
      operationId: putUpload
      servers:
        - url: 'https://{region}.uploads.example.com/files'
          variables: {region: {default: eu, enum: [eu, us]}}
      responses: {'204': {description: ok}}
  /under:
    get:
      operationId: getUnder
      servers: [{url: 'https://api.example.com/v1/beta'}]
      responses: {'204': {description: ok}}
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("servers")
    with generated_package(root, "servers_pkg", {"api": SPEC}) as pkg:
        yield pkg


@pytest.mark.parametrize("base_url", [None, "https://proxy.example.org/api"])
def test_each_operation_goes_to_its_own_server(
    package: ModuleType, base_url: str | None
) -> None:
    transport, sent = answering(status=204)
    options = {} if base_url is None else {"base_url": base_url}
    with package.ServersPkgClient(transport=transport, **options) as client:
        client.api.get_plain()
        client.api.post_token()
        client.api.put_upload()
        client.api.get_under()
    base = base_url or "https://api.example.com/v1"
    assert [str(request.url) for request in sent] == [
        f"{base}/plain",
        "https://auth.example.com/token",
        "https://eu.uploads.example.com/files/upload",
        f"{base}/beta/under",
    ]
