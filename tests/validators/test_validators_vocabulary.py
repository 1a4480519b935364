"""One validation vocabulary in the generated package: every spec's validators and the
client say what is wrong with a body with the same ``Issue`` and raise one kind of
error, ``InvalidBody``; the validators load without the client."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from conftest import GENERATED
import pipedrive_client
from pipedrive_client import (
    InvalidBody,
    Issue,
    PipedriveClient,
    RequestValidationError,
    ResponseValidationError,
)
from pipedrive_client.v1 import validators as v1
from pipedrive_client.v2 import validators as v2


def test_every_spec_has_the_same_issue_and_invalid_body() -> None:
    assert v1.Issue is v2.Issue
    assert v1.InvalidBody is v2.InvalidBody
    assert type(v2.validate_request("addActivity", {"subject": 1})[0]) is v1.Issue


def test_the_package_exports_the_vocabulary_its_validators_and_client_share() -> None:
    assert InvalidBody is v1.InvalidBody is v2.InvalidBody
    assert Issue is v1.Issue is v2.Issue
    assert issubclass(RequestValidationError, InvalidBody)
    assert issubclass(ResponseValidationError, InvalidBody)
    assert {"InvalidBody", "Issue"} <= set(pipedrive_client.__all__)


def test_one_spec_catches_what_another_raises() -> None:
    with pytest.raises(v1.InvalidBody) as raised:
        v2.ensure_request("addActivity", {"subject": 1})
    assert raised.value.issues == (v1.Issue("/subject", "type", "string", "1"),)
    assert raised.value.subject == "the addActivity request body"


def client(status: int, body: object, **options: bool) -> PipedriveClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    return PipedriveClient(api_token="t", transport=transport, **options)


def test_invalid_body_catches_the_clients_request_validation_error() -> None:
    with client(200, {}, validate_requests=True) as strict:
        with pytest.raises(v1.InvalidBody) as raised:
            strict.v2.add_activity(body=b'{"subject": 1}')  # type: ignore[arg-type]
    assert isinstance(raised.value, RequestValidationError)
    assert raised.value.issues == (v2.Issue("/subject", "type", "string", "1"),)
    assert raised.value.subject == "the addActivity request body"
    assert "\n" not in str(raised.value)  # the client's errors are one line


def test_invalid_body_catches_the_clients_response_validation_error() -> None:
    body = {"success": True, "data": {"id": "one"}}
    with client(200, body, validate_responses=True) as strict:
        with pytest.raises(v2.InvalidBody) as raised:
            strict.v1.get_activity(id=1)
    assert isinstance(raised.value, ResponseValidationError)
    assert v1.Issue("/data/id", "type", "integer", '"one"') in raised.value.issues
    assert raised.value.subject == "the getActivity 200 response body"
    assert raised.value.status_code == 200


def test_validators_import_neither_the_client_nor_httpx() -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(GENERATED)!r})\n"
        "before = set(sys.modules)\n"
        "from pipedrive_client.v1 import validators as v1\n"
        "from pipedrive_client.v2 import validators as v2\n"
        "from pipedrive_client import InvalidBody, Issue\n"
        "assert InvalidBody is v1.InvalidBody and Issue is v2.Issue\n"
        "v1.ensure_request('addActivity', {'subject': 'Call'})\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names)))\n"
        "print(sorted(m for m in sys.modules if m.startswith('pipedrive_client._')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['pipedrive_client']",
        "['pipedrive_client._runtime', 'pipedrive_client._runtime._checks',"
        " 'pipedrive_client._runtime._issues']",
    ]
