"""A secret a caller puts in a request by mistake (the api token in a body field, a
query parameter): the ``RequestValidationError`` that refuses the value masks every
secret the client holds (api token, OAuth access and refresh tokens, client secret),
before a value is cut, in its text, ``issues``, pointer, repr, traceback and pickle; a
chained cause that shows one is left out. Whether the refusal comes from the request
model a method builds from its keyword arguments, a parameter's wire format, the
spec's validators (``validate_requests=True``) or a value that cannot be sent at all.

Through the committed package and httpx's MockTransport."""

from __future__ import annotations

import pickle
import traceback
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import httpx
import pytest
from pipedrive_client import (
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
    RequestValidationError,
)

from conftest import generated_package

# 76 characters, as real OAuth access tokens are: longer than any cut.
LONG = "tok_" + "S3CRET" * 12
ACCESS = "acc_" + "ACCE55" * 12
REFRESH = "ref_" + "REFRE5H" * 10
CLIENT_SECRET = "sec_" + "CL1ENT" * 12


def leaked(text: str) -> str | None:
    """A piece of 8 characters of a secret that ``text`` shows, if any."""
    for secret in (LONG, ACCESS, REFRESH, CLIENT_SECRET):
        for start in range(len(secret) - 7):
            if secret[start : start + 8] in text:
                return secret[start : start + 8]
    return None


def token_client(**options: Any) -> PipedriveClient:
    return PipedriveClient(
        api_token=LONG, transport=httpx.MockTransport(_nothing), **options
    )


def oauth_client(**options: Any) -> PipedriveClient:
    return PipedriveClient(
        oauth=OAuthCredentials("app-id", CLIENT_SECRET, "https://example.org/cb"),
        oauth_tokens=OAuthTokens(ACCESS, REFRESH, expires_at=2e9),
        transport=httpx.MockTransport(_nothing),
        clock=lambda: 1e9,
        **options,
    )


def _nothing(request: httpx.Request) -> httpx.Response:
    raise AssertionError("nothing is sent")


def refused(
    make: Callable[..., PipedriveClient], call: Callable[[Any], Any], **options: Any
) -> RequestValidationError:
    with make(**options) as client:
        with pytest.raises(RequestValidationError) as raised:
            call(client)
    return raised.value


def assert_masked(
    error: RequestValidationError, kind: type[Exception] = RequestValidationError
) -> None:
    texts = [str(error), repr(error), repr(error.issues), error.subject]
    texts.append("".join(traceback.format_exception(error)))
    texts.append(pickle.dumps(error).decode("latin-1"))
    for text in texts:
        assert leaked(text) is None, text
    for copy in (pickle.loads(pickle.dumps(error)), deepcopy(error)):
        assert type(copy) is kind
        assert (str(copy), copy.issues, copy.subject) == (
            str(error),
            error.issues,
            error.subject,
        )


SECRETS = {"api token": (token_client, LONG)}
SECRETS["access token"] = (oauth_client, ACCESS)
SECRETS["refresh token"] = (oauth_client, REFRESH)
SECRETS["client secret"] = (oauth_client, CLIENT_SECRET)


@pytest.mark.parametrize("held", sorted(SECRETS))
def test_a_secret_in_a_body_field_is_masked_and_pydantics_cause_left_out(
    held: str,
) -> None:
    make, secret = SECRETS[held]
    error = refused(make, lambda c: c.v1.add_activity(subject="x", deal_id=secret))
    assert error.issues[0].value == '"***"'
    assert str(error) == (
        "the AddActivityRequest body does not match the spec: "
        '#/deal_id: type: expected integer, got "***"'
    )
    assert error.__cause__ is None and error.__context__ is None
    assert_masked(error)


def test_a_secret_with_an_apostrophe_beside_a_double_quote_is_masked() -> None:
    """A token may hold an apostrophe; inside a value that holds a double quote too,
    repr writes it as \\' (pydantic's cause, the traceback): masked there too."""
    token = "tok'" + "QU0TE" * 12
    with PipedriveClient(
        api_token=token, transport=httpx.MockTransport(_nothing)
    ) as client:
        with pytest.raises(RequestValidationError) as raised:
            client.v1.add_activity(subject="x", deal_id='x"' + token)
    error = raised.value
    assert error.issues[0].value == '"x\\"***"'
    texts = [str(error), repr(error), repr(error.issues)]
    texts.append("".join(traceback.format_exception(error)))
    assert [text for text in texts if "QU0TE" in text] == []


def test_a_secret_inside_a_longer_value_is_masked_before_it_is_cut() -> None:
    error = refused(token_client, lambda c: c.v1.add_activity(deal_id=f"k={LONG}!"))
    assert error.issues[0].value == '"k=***!"'
    assert_masked(error)


def test_a_secret_in_a_parameter_of_a_wire_format_is_masked() -> None:
    error = refused(token_client, lambda c: c.v1.get_activities(start_date=LONG))
    assert str(error) == (
        "the query parameter 'start_date' does not match the spec: "
        '#: format: expected date, got "***"'
    )
    assert_masked(error)


@pytest.mark.parametrize(
    ("spec", "body", "pointer"),
    [
        ("v1", {"subject": "x", "done": LONG}, "/done"),
        ("v2", {"subject": "x", "participants": [{"person_id": LONG}]}, None),
    ],
)
def test_a_secret_the_validators_refuse_is_masked_before_it_is_cut(
    spec: str, body: dict[str, Any], pointer: str
) -> None:
    error = refused(
        token_client,
        lambda c: getattr(c, spec).add_activity(body=body),
        validate_requests=True,
    )
    [issue] = error.issues
    assert issue.value == '"***"'
    assert issue.pointer == (pointer or "/participants/0/person_id")
    assert_masked(error)


KEYED = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties: {a: {type: integer}}
      responses: {'204': {description: ok}}
"""


def test_a_secret_as_a_key_the_validators_name_is_masked_in_the_pointer(
    tmp_path: Path,
) -> None:
    with generated_package(tmp_path, "keyed", {"api": KEYED}, mypy=False) as package:
        with package.KeyedClient(
            api_token=LONG,
            transport=httpx.MockTransport(_nothing),
            validate_requests=True,
        ) as client:
            with pytest.raises(package.RequestValidationError) as raised:
                client.api.add_thing(body={LONG: 1})
        error = raised.value
        assert [tuple(issue) for issue in error.issues] == [
            ("/***", "additionalProperties", "no such property", "1")
        ]
        assert_masked(error, package.RequestValidationError)


def test_a_secret_as_a_key_of_a_value_that_cannot_be_sent_is_masked() -> None:
    body = {"subject": "x", "participants": [{LONG: float("nan")}]}
    error = refused(token_client, lambda c: c.v1.add_activity(body=body))
    assert [tuple(issue) for issue in error.issues] == [
        ("/participants/0/***", "type", "a finite number", "NaN")
    ]
    assert_masked(error)


def test_a_secret_in_a_body_that_cannot_be_sent_is_masked() -> None:
    body = {"subject": LONG + "\ud800"}  # a lone surrogate: no UTF-8
    error = refused(token_client, lambda c: c.v1.add_activity(body=body))
    assert str(error) == (
        "the addActivity request body cannot be sent: #/subject: type: expected "
        'UTF-8 text (no lone surrogate), got "***\\ud800"'
    )
    assert_masked(error)


def test_a_secret_in_a_parameter_that_cannot_be_sent_is_masked() -> None:
    error = refused(token_client, lambda c: c.v1.get_activities(type=LONG + "\ud800"))
    assert error.subject == "the query parameter 'type'"
    assert "***" in str(error)
    assert_masked(error)
