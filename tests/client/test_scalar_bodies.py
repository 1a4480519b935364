"""A JSON request body whose schema is a scalar (an integer, a number, a boolean, text,
a date, date-time or uuid): the method takes the Python value (``mypy --strict`` on
the package and on a user's calls), sends it as JSON (text as the JSON text
``"hello"``, not the bytes ``hello``), and a client that validates requests refuses a
value the schema does not take, as it does any other body, sending nothing. Text for
a media type that is not JSON still goes as it is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
import pytest

from conftest import generated_package


def _operation(name: str, schema: str, media: str = "application/json") -> str:
    return f"""  /{name}:
    post:
      operationId: {name}
      requestBody:
        content: {{{media}: {{schema: {schema}}}}}
      responses: {{'204': {{description: ok}}}}
"""


SPEC = (
    """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
    + _operation("count", "{type: integer, minimum: 0}")
    + _operation("ratio", "{type: number}")
    + _operation("flag", "{type: boolean}")
    + _operation("text", "{type: string, maxLength: 8}")
    + _operation("day", "{type: string, format: date}")
    + _operation("moment", "{type: string, format: date-time}")
    + _operation("ident", "{type: string, format: uuid}")
    + _operation("note", "{type: string}", "text/plain")
)
# A user's code: each method takes its scalar, for mypy --strict.
USER = """from datetime import date, datetime
from uuid import UUID

from scalars import ScalarsClient

with ScalarsClient() as client:
    client.api.count(body=5)
    client.api.ratio(body=0.5)
    client.api.flag(body=True)
    client.api.text(body="hello")
    client.api.day(body=date(2024, 5, 1))
    client.api.moment(body=datetime(2024, 5, 1, 9, 30))
    client.api.ident(body=UUID(int=1))
    client.api.note(body="plain words")
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("scalars")
    specs = {"api": SPEC}
    with generated_package(root, "scalars", specs, scripts={"user.py": USER}) as pkg:
        yield pkg


def send(
    package: ModuleType, operation: str, body: Any, validate: bool = False
) -> list[httpx.Request]:
    """The requests ``operation(body=body)`` sent (``validate``: on a client that
    validates requests)."""
    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    transport = httpx.MockTransport(respond)
    with package.ScalarsClient(
        transport=transport, validate_requests=validate
    ) as client:
        assert getattr(client.api, operation)(body=body) is None
    return sent


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize(
    ("operation", "body", "wire"),
    [
        ("count", 5, b"5"),
        ("ratio", 0.5, b"0.5"),
        ("flag", True, b"true"),
        ("text", "hello", b'"hello"'),
        ("text", 'say "é"', '"say \\"é\\""'.encode()),
        ("day", date(2024, 5, 1), b'"2024-05-01"'),
        (
            "moment",
            datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc),
            b'"2024-05-01T09:30:00Z"',
        ),
        ("ident", UUID(int=1), b'"00000000-0000-0000-0000-000000000001"'),
    ],
)
def test_a_scalar_body_is_sent_as_json(
    package: ModuleType, operation: str, body: Any, wire: bytes, validate: bool
) -> None:
    [request] = send(package, operation, body, validate)
    assert request.content == wire
    assert request.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("operation", "body", "rule"),
    [
        ("count", -1, "minimum"),
        ("count", "5", "type"),
        ("flag", 1, "type"),
        ("text", "much too long", "maxLength"),
        ("day", "May 1st", "format"),
    ],
)
def test_a_validating_client_refuses_a_scalar_the_schema_does_not_take(
    package: ModuleType, operation: str, body: Any, rule: str
) -> None:
    with pytest.raises(package.RequestValidationError) as raised:
        send(package, operation, body, validate=True)
    assert [issue.rule for issue in raised.value.issues] == [rule]


def test_text_for_a_media_type_that_is_not_json_goes_as_it_is(
    package: ModuleType,
) -> None:
    [request] = send(package, "note", "plain words")
    assert request.content == b"plain words"
    assert request.headers["Content-Type"] == "text/plain"
