"""Secrets in the generated client (issue 17, finding 3): a token that cannot go in a
header (a trailing newline, a space, a control character) is refused when it is set,
by an error that names it and never shows it, before anything is sent; and a secret is
masked in every form text may hold it: as given, stripped, repr'd, URL-encoded, inside
Basic credentials, in an error's chained cause."""

from __future__ import annotations

import base64
import logging
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, quote_plus

import httpx
import pytest

from pipedrive_client import (
    APIConnectionError,
    AsyncPipedriveClient,
    OAuthCredentials,
    OAuthError,
    OAuthTokens,
    PipedriveClient,
)

SECRET = "app-secret/4+2="
CREDENTIALS = OAuthCredentials("app-id", SECRET, "https://example.org/cb")
ACCESS = "access+token/0123456789="
REFRESH = "refresh+token/0123456789="
BASIC = base64.b64encode(f"app-id:{SECRET}".encode()).decode()
BAD = {
    "trailing newline": "tok-0123456789\n",
    "carriage return": "tok-01234\r\n56789",
    "space": "tok-0123 456789",
    "tab": "\ttok-0123456789",
    "nul": "tok-0123456789\x00",
    "delete": "tok-0123456789\x7f",
    "non-ascii": "tok-0123456789é",
    "line separator": "tok-0123456789\u2028",
}


def forms(secret: str) -> list[str]:
    """The ways text may show ``secret``."""
    return [
        secret,
        secret.strip(),
        repr(secret)[1:-1],
        repr(secret.encode())[2:-1],
        quote(secret, safe=""),
        quote_plus(secret),
    ]


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        for form in forms(secret):
            assert form not in text, f"{form!r} shown in {text[:300]!r}"


def hidden_in(error: BaseException, *secrets: str) -> None:
    assert_hidden(str(error), *secrets)
    assert_hidden(repr(error), *secrets)
    assert_hidden("".join(traceback.format_exception(error)), *secrets)


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_secret_that_cannot_be_one_is_refused_by_name_and_never_shown(
    kind: str,
) -> None:
    bad = BAD[kind]
    cases = {
        "api_token": lambda: PipedriveClient(api_token=bad),
        "client_secret": lambda: OAuthCredentials("app-id", bad),
        "access_token": lambda: OAuthTokens.from_dict({"access_token": bad}),
        "refresh_token": lambda: OAuthTokens(access_token=ACCESS, refresh_token=bad),
    }
    for name, make in cases.items():
        with pytest.raises(ValueError, match=name) as raised:
            make()
        hidden_in(raised.value, bad)
    with pytest.raises(ValueError, match="api_token") as raised:
        AsyncPipedriveClient(api_token=bad)
    hidden_in(raised.value, bad)


def test_an_authorization_code_that_cannot_be_one_is_not_sent() -> None:
    sent: list[httpx.Request] = []
    code = "code-0123456789\n"
    with PipedriveClient(
        oauth=CREDENTIALS, transport=httpx.MockTransport(sent.append)  # type: ignore[arg-type]
    ) as client:
        with pytest.raises(ValueError, match="code") as raised:
            client.exchange_code(code)
    hidden_in(raised.value, code)
    assert sent == []


class Server:
    """A local HTTP server that answers every request 200 and counts them."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path)
                body = b'{"success": true, "data": {"id": 1}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    running.thread.start()
    yield running
    running.http.shutdown()
    running.http.server_close()


def test_a_token_response_with_a_newline_in_the_token_is_refused_unshown(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    # The token endpoint is mocked; the API is a real server behind httpx's own
    # transport, so h11 and httpcore (and their DEBUG records) see what is sent.
    leaked = "access-0123456789\n"
    caplog.set_level(logging.DEBUG)

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        body = {"access_token": leaked, "api_domain": server.origin}
        return httpx.Response(200, json=body)

    http = httpx.Client(
        mounts={
            "https://oauth.pipedrive.com": httpx.MockTransport(token_endpoint),
            server.origin: httpx.HTTPTransport(),
        }
    )
    with PipedriveClient(
        oauth=CREDENTIALS, http_client=http, allowed_api_domains=[server.origin]
    ) as client:
        with pytest.raises(OAuthError, match="access_token") as raised:
            client.exchange_code("the-code-0123")
            client.v1.get_activity(id=1)
        assert client.oauth_tokens is None
    http.close()
    hidden_in(raised.value, leaked)
    assert_hidden(caplog.text, leaked)
    assert_hidden(" ".join(repr(r.args) for r in caplog.records), leaked)
    assert server.requests == []


def test_a_token_endpoint_echoing_the_request_is_masked_in_every_form() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        said = f"{request.content.decode()} {request.headers['authorization']}"
        return httpx.Response(
            400, json={"error": "invalid_grant", "error_description": said}
        )

    expired = OAuthTokens(ACCESS, REFRESH, expires_at=1000.0)
    with PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=expired,
        transport=httpx.MockTransport(echo),
        clock=lambda: 5000.0,
    ) as client:
        with pytest.raises(OAuthError, match="invalid_grant") as raised:
            client.v1.get_activity(id=1)
    hidden_in(raised.value, REFRESH, SECRET, BASIC, ACCESS)
    assert "grant_type=refresh_token" in str(raised.value)


def test_a_transport_error_quoting_a_secret_is_masked_with_its_cause() -> None:
    token = "api-token/0123+456="
    calls: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError(
            f"proxy refused x-api-token: {quote(token, safe='')!r}", request=request
        )

    with PipedriveClient(
        api_token=token, transport=httpx.MockTransport(refuse), sleep=lambda _: None
    ) as client:
        with pytest.raises(APIConnectionError) as raised:
            client.v1.get_activity(id=1)
    hidden_in(raised.value, token)
    assert len(calls) == 3  # a connection error is retried (GET)


def test_a_request_that_cannot_be_sent_is_not_retried() -> None:
    calls: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.LocalProtocolError("Illegal header value")

    with PipedriveClient(
        api_token="tok-0123456789", transport=httpx.MockTransport(refuse)
    ) as client:
        with pytest.raises(APIConnectionError, match="LocalProtocolError"):
            client.v1.get_activity(id=1)
    assert len(calls) == 1
