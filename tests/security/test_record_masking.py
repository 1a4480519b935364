"""``record`` masks secrets it does not know by value (issue 16, finding 6): by the name
of the header, query parameter, form field or JSON key that holds them, and by their
shape anywhere in text (Bearer/Basic credentials, base64("user:secret"), secrets in
URLs, a Location header's included)."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

import pipedrive_client
from pipedrive_codegen.record.command import record_command
from pipedrive_codegen.record.redaction import Redactor, says_secret
from pipedrive_codegen.runtime._redact import MASK

# Each planted secret is unique, so the test can say which one leaked.
PLANTED = {
    "authorization header": "bearer-in-authorization-0a1b2c",
    "x-api-key header": "x-api-key-header-value-3d4e5f",
    "www-authenticate header": "www-authenticate-realm-6a7b8c",
    "session header": "session-header-value-9d0e1f",
    "camelCase query": "query-api-key-2a3b4c",
    "snake_case query": "query-session-token-5d6e7f",
    "form password": "form-password-8a9b0c",
    "form apiKey": "form-api-key-1d2e3f",
    "json accessToken": "json-access-token-4a5b6c",
    "json apiKey": "json-api-key-7d8e9f",
    "json secret": "json-secret-0f1e2d",
    "json password": "json-password-3c4b5a",
    "json SESSION_ID": "json-session-id-6f7e8d",
    "json nested auth": "json-nested-auth-9c0b1a",
    "json custom field key": "d4de5c7e1e6a3b3c9f8e7d6c5b4a3f2e1d0c9b8a",
    "bearer in text": "bearer-in-json-text-2e3d4c",
    "bearer in a text body": "bearer-in-text-body-5b6a7f",
    "location query": "location-code-8e9d0c",
    "location fragment": "location-fragment-token-1b2a3f",
    "url in json": "url-in-json-token-4e5d6c",
    "url password": "url-password-7b8a9f",
    "basic pair": "basic-pair-secret-0e1d2c",
}
S = PLANTED


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _cassette() -> tuple[Redactor, dict[str, object]]:
    redactor = Redactor()
    request = httpx.Request(
        "POST",
        "https://api.example/v1/things"
        f"?apiKey={S['camelCase query']}&session_token={S['snake_case query']}&page=2",
        headers={
            "Authorization": f"Bearer {S['authorization header']}",
            "X-Api-Key": S["x-api-key header"],
            "X-Session-Id": S["session header"],
            "content-type": "application/x-www-form-urlencoded",
        },
        content=(
            f"password={S['form password']}&apiKey={S['form apiKey']}&subject=Call"
        ).encode(),
    )
    body = {
        "accessToken": S["json accessToken"],
        "apiKey": S["json apiKey"],
        "secret": S["json secret"],
        "password": S["json password"],
        "SESSION_ID": S["json SESSION_ID"],
        "x-auth": {"user": "jane", "value": S["json nested auth"], "ok": True},
        "key": S["json custom field key"],
        "note": f"sent with Bearer {S['bearer in text']} yesterday",
        "callback": f"https://hooks.example/x?token={S['url in json']}&ok=1",
        "mirror": f"https://jane:{S['url password']}@files.example/a",
        "debug": _b64(f"jane:{S['basic pair']}"),
        # harmless, and kept as they are
        "author": "Jane Doe",
        "keyword": "lunch",
        "subject": "Call",
        "plan": "Basic plan, upgraded",
        "next_cursor": _b64('{"field":"id","fieldValue":7,"id":7}'),
        "count": 3,
    }
    response = httpx.Response(
        302,
        json=body,
        headers={
            "Location": (
                f"https://app.example/cb?code={S['location query']}&state=s"
                f"#access_token={S['location fragment']}&type=bearer"
            ),
            "WWW-Authenticate": f'Bearer realm="{S["www-authenticate header"]}"',
        },
    )
    text = httpx.Response(
        500,
        content=f"<p>Authorization: Bearer {S['bearer in a text body']}</p>".encode(),
        headers={"content-type": "text/html"},
    )
    interactions = [
        {"request": redactor.request(request), "response": redactor.response(response)},
        {"request": redactor.request(request), "response": redactor.response(text)},
    ]
    return redactor, redactor.finish({"interactions": interactions})


def test_every_planted_secret_is_masked() -> None:
    _, cassette = _cassette()
    text = json.dumps(cassette)
    leaked = [where for where, secret in PLANTED.items() if secret in text]
    assert leaked == []


def test_what_is_masked_keeps_its_place_and_harmless_values_stay() -> None:
    _, cassette = _cassette()
    first = cassette["interactions"][0]  # type: ignore[index]
    sent, answer = first["request"], first["response"]
    assert sent["headers"]["authorization"] == f"Bearer {MASK}"
    assert sent["headers"]["x-api-key"] == MASK
    assert sent["url"] == (
        f"https://api.example/v1/things?apiKey={MASK}&session_token={MASK}&page=2"
    )
    assert sent["body"]["form"] == [
        ["password", MASK],
        ["apiKey", MASK],
        ["subject", "Call"],
    ]
    assert answer["headers"]["location"] == (
        f"https://app.example/cb?code={MASK}&state=s#access_token={MASK}&type=bearer"
    )
    body = answer["body"]["json"]
    assert body["x-auth"] == {"user": MASK, "value": MASK, "ok": True}
    assert body["callback"] == f"https://hooks.example/x?token={MASK}&ok=1"
    assert body["mirror"] == f"https://{MASK}@files.example/a"
    assert body["note"] == f"sent with Bearer {MASK} yesterday"
    assert body["debug"] == MASK
    for harmless in ("author", "keyword", "subject", "plan", "next_cursor", "count"):
        assert body[harmless] != MASK, harmless
    assert body["plan"] == "Basic plan, upgraded"


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "authorization",
        "Proxy-Authorization",
        "WWW-Authenticate",
        "x-api-key",
        "X-API-KEY",
        "apiKey",
        "api_key",
        "APIKey",
        "apikey",
        "accessToken",
        "access_token",
        "refreshToken",
        "client_secret",
        "clientSecret",
        "password",
        "userPassword",
        "session",
        "sessionId",
        "SESSION_ID",
        "x-session-token",
        "Cookie",
        "Set-Cookie",
        "auth",
        "oauth_verifier",
        "key",
        "privateKey",
    ],
)
def test_names_that_say_secret(name: str) -> None:
    assert says_secret(name)


@pytest.mark.parametrize(
    "name",
    [
        "author",
        "authors",
        "keyword",
        "monkey",
        "subject",
        "content-type",
        "x-request-id",
    ],
)
def test_names_that_do_not(name: str) -> None:
    assert not says_secret(name)


# -- through the command: what it writes and prints ------------------------------------

TOKEN = "0123456789abcdef0123456789abcdef01234567"


def _record(
    tmp_path: Path, answer: httpx.Response, deny: list[str]
) -> tuple[bytes, str]:
    """Record v1.get_activities against a fake answering ``answer``: the stored
    response body's bytes (JSON as written) and what was printed."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = record_command(
        ["v1.get_activities"],
        api_token=TOKEN,
        out_dir=tmp_path,
        deny=deny,
        stdout=stdout,
        stderr=stderr,
        environ={},
        transport=httpx.MockTransport(lambda request: answer),
        package_dir=Path(pipedrive_client.__file__).parents[1],
    )
    assert (code, stderr.getvalue()) == (0, "")
    text = (tmp_path / "v1.get_activities.json").read_text(encoding="utf-8")
    body = json.loads(text)["interactions"][0]["response"]["body"]
    stored = base64.b64decode(body["base64"]) if "base64" in body else text.encode()
    return stored, stdout.getvalue()


@pytest.mark.filterwarnings("ignore::pipedrive_client.ResponseMismatchWarning")
def test_a_deny_word_is_masked_in_a_binary_body_in_every_encoding(
    tmp_path: Path,
) -> None:
    """A body that is not UTF-8 is stored as base64: the deny word is found in its
    UTF-8 bytes (in any letter case) and its latin-1 ones."""
    name = "José García"
    content = b"\xff\xfe " + b" / ".join(
        [name.encode(), name.upper().encode(), name.encode("latin-1")]
    )
    answer = httpx.Response(
        200, content=content, headers={"content-type": "application/octet-stream"}
    )

    stored, _ = _record(tmp_path, answer, deny=[name])

    assert stored == b"\xff\xfe *** / *** / ***"


def test_the_summary_line_masks_a_deny_word_in_a_server_error(tmp_path: Path) -> None:
    body = {"success": False, "error": "Jane Doe may not see this", "error_info": "x"}
    _, printed = _record(tmp_path, httpx.Response(403, json=body), deny=["jane doe"])
    assert "PermissionDeniedError" in printed and "*** may not see this" in printed
    assert "jane doe" not in printed.lower()


@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode])
def test_a_token_echoed_base64_encoded_on_its_own_is_masked(
    tmp_path: Path, encode: Callable[[bytes], bytes]
) -> None:
    echoed = encode(TOKEN.encode()).decode()
    body = {"success": True, "data": [], "additional_data": {"note": echoed}}
    stored, _ = _record(tmp_path, httpx.Response(200, json=body), deny=[])
    written = json.loads(stored)["interactions"][0]["response"]["body"]["json"]
    assert echoed.rstrip("=").encode() not in stored
    assert written["additional_data"] == {"note": "***=="}


def test_a_printed_line_masks_a_secret_found_after_the_last_line_printed() -> None:
    # mask builds its pattern once per set of secrets it knows (it was built for every
    # line printed): one found since the last line (here a header's) must be in it.
    redactor = Redactor(deny=["Jane Doe"])
    secret = "found-after-a-line-7c8d9e"
    assert redactor.mask(f"Jane Doe sent {secret}") == f"*** sent {secret}"
    redactor.request(
        httpx.Request("GET", "https://api.example/v1", headers={"x-api-key": secret})
    )
    assert redactor.mask(f"Jane Doe sent {secret}") == "*** sent ***"
    assert redactor.mask(f"{secret}, again") == "***, again"
