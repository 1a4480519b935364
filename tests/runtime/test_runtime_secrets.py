"""No token or client secret in repr, str, exception text or logs."""

from __future__ import annotations

import asyncio
import logging
import pickle

import httpx
import pytest

from pipedrive_codegen.runtime._errors import (
    APIConnectionError,
    APIStatusError,
    OAuthError,
    PipedriveError,
    ResponseValidationError,
)
from pipedrive_codegen.runtime._redact import Secret
from pipedrive_codegen.runtime._redact import redact_headers, redact_text, redact_url
from runtime_support import (
    ADD_ACTIVITY,
    API_TOKEN,
    AUTH_CODE,
    CLIENT_SECRET,
    GET_ACTIVITY,
    NEW_ACCESS_TOKEN,
    SECRETS,
    Recorder,
    activity_body,
    async_client,
    credentials,
    error_examples,
    expired_tokens,
    fresh_tokens,
    is_token_request,
    json_response,
    sync_client,
    token_body,
)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"secret leaked into: {text[:200]}"


def assert_object_hides_secrets(value: object) -> None:
    assert_no_secret(repr(value))
    assert_no_secret(str(value))


def test_secret_wrapper_shows_stars() -> None:
    secret = Secret(API_TOKEN)
    assert repr(secret) == "'***'"
    assert str(secret) == "***"
    assert f"{secret}" == "***"
    assert secret.reveal() == API_TOKEN
    assert secret == Secret(API_TOKEN)
    assert pickle.loads(pickle.dumps(secret)) == secret


def test_redaction_helpers() -> None:
    url = redact_url(f"https://api.pipedrive.com/v1/deals?api_token={API_TOKEN}&a=1")
    assert url == "https://api.pipedrive.com/v1/deals?api_token=%2A%2A%2A&a=1"
    assert redact_url("https://user:pw@example.com/x") == "https://***@example.com/x"
    assert redact_text(f"token {API_TOKEN}!", [Secret(API_TOKEN), None]) == (
        "token ***!"
    )
    assert redact_headers({"x-api-token": API_TOKEN, "accept": "a"}) == {
        "x-api-token": "***",
        "accept": "a",
    }


def test_clients_auth_credentials_and_tokens_hide_secrets() -> None:
    with sync_client(Recorder([])) as token_client:
        assert_object_hides_secrets(token_client)
        assert_object_hides_secrets(token_client.auth)
        assert "Credentials(api_token='***')" in repr(token_client)
    with sync_client(
        Recorder([]), api_token=None, oauth=credentials(), oauth_tokens=fresh_tokens()
    ) as oauth_client:
        assert_object_hides_secrets(oauth_client)
        assert_object_hides_secrets(oauth_client.auth)
        assert_object_hides_secrets(oauth_client.oauth_tokens)
        assert "client-id-1" in repr(oauth_client)
    assert_object_hides_secrets(credentials())
    assert_object_hides_secrets(expired_tokens())
    assert "access_token='***'" in repr(fresh_tokens())
    async_one = async_client(Recorder([]))
    assert_object_hides_secrets(async_one)
    asyncio.run(async_one.aclose())


def errors_from_every_shape() -> list[PipedriveError]:
    responses = [
        httpx.Response(status, content=content)
        for _, status, content in error_examples()
    ]
    responses += [
        httpx.Response(502, content=b"<html><title>Bad</title></html>"),
        httpx.Response(500),
        # A server echoing the credentials back must not put them in the message.
        json_response(401, {"error": f"bad token {API_TOKEN}", "request_id": "r"}),
        # ... nor in the fields read from the body, which applications log.
        json_response(
            400,
            {
                "error": f"token {API_TOKEN}",
                "error_info": f"see {API_TOKEN}",
                "errors": {"api_token": [API_TOKEN]},
                "data": [{API_TOKEN: f"{API_TOKEN}!"}],
            },
        ),
        json_response(429, {"error": "slow down"}, {"Retry-After": "9999"}),
        json_response(200, {"data": {"id": f"{API_TOKEN}"}}),
    ]
    caught: list[PipedriveError] = []
    # A 2xx that does not fit its model raises only when responses are validated.
    with sync_client(
        Recorder(responses), max_retries=0, validate_responses=True
    ) as client:
        for _ in responses:
            with pytest.raises(PipedriveError) as error:
                client.call(GET_ACTIVITY, path_params={"id": 1})
            caught.append(error.value)
    with sync_client(
        Recorder([httpx.ConnectError(f"refused {API_TOKEN}")]), max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError) as connection:
            client.call(GET_ACTIVITY, path_params={"id": 1})
        caught.append(connection.value)
    refused = json_response(
        400, {"error": f"invalid {AUTH_CODE}", "error_description": f"no {AUTH_CODE}"}
    )
    with sync_client(Recorder([refused]), api_token=None, oauth=credentials()) as c:
        with pytest.raises(OAuthError) as oauth:
            c.exchange_code(AUTH_CODE)
        caught.append(oauth.value)
    return caught


def test_every_error_hides_secrets() -> None:
    errors = errors_from_every_shape()
    kinds = {type(error).__mro__[1] for error in errors}
    assert {APIStatusError, PipedriveError} <= kinds
    assert any(isinstance(error, ResponseValidationError) for error in errors)
    for error in errors:
        assert_object_hides_secrets(error)
        assert "\n" not in str(error)
        response = getattr(error, "response", None)
        if response is not None:
            assert_no_secret(repr(response))
        for name, value in vars(error).items():  # .error, .body, .errors, ...
            if name != "response":  # the raw response, as it came: repr checked
                assert_no_secret(repr(value))


def test_debug_logs_hide_secrets_and_name_method_url_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        if is_token_request(request):
            return json_response(200, token_body())
        if request.headers.get("authorization", "").endswith("old-1a2b3c4d"):
            return json_response(401, {"error": "expired"})
        return json_response(200, activity_body())

    with sync_client(
        Recorder(
            [
                json_response(429, {"error": "slow"}, {"Retry-After": "1"}),
                httpx.ConnectError("reset"),
                json_response(200, activity_body()),
                json_response(404, {"error": "missing"}),
            ]
        )
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
        with pytest.raises(PipedriveError):
            client.call(ADD_ACTIVITY, body={"subject": API_TOKEN})
    with sync_client(
        handler, api_token=None, oauth=credentials(), oauth_tokens=fresh_tokens()
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 2})
        client.exchange_code(AUTH_CODE)
    with sync_client(
        handler, api_token=None, oauth=credentials(), oauth_tokens=expired_tokens()
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 3})
        assert client.oauth_tokens is not None
        assert client.oauth_tokens.access_token == NEW_ACCESS_TOKEN

    assert_no_secret(caplog.text)
    # (a generated package logs under its own name; this copy, under its modules')
    ours = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("pipedrive_codegen.runtime")
    ]
    assert (
        "GET https://api.pipedrive.com/v1/activities/1 -> 429 Too Many Requests" in ours
    )
    assert any(m.startswith("retrying GET") for m in ours)
    assert "POST https://api.pipedrive.com/v1/activities -> 404 Not Found" in ours
    assert any("oauth.pipedrive.com/oauth/token -> 200" in m for m in ours)
    assert CLIENT_SECRET not in caplog.text
