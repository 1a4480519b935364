"""`diff` on what the generated client's constructor takes (credentials, server
variables), its default base URL, and who may call each operation and where it goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spec_pairs import Row, report, rows, thing

OP = "addThing"
API_KEY = {"type": "apiKey", "in": "header", "name": "x-api-token"}
BASIC = {"type": "http", "scheme": "basic"}
OAUTH = {
    "type": "oauth2",
    "flows": {
        "authorizationCode": {
            "authorizationUrl": "https://oauth.example.com/authorize",
            "tokenUrl": "https://oauth.example.com/token",
            "scopes": {},
        }
    },
}


def _secured(
    schemes: dict[str, Any], security: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    document = thing()
    document["components"] = {"securitySchemes": schemes}
    document["security"] = [{name: []} for name in schemes]
    if security is not None:
        document["paths"]["/things"]["post"]["security"] = security
    return document


def _served(url: str, **variables: Any) -> dict[str, Any]:
    document = thing()
    server: dict[str, Any] = {"url": url}
    if variables:
        server["variables"] = variables
    document["servers"] = [server]
    return document


def _own_server(url: str | None) -> dict[str, Any]:
    document = thing()
    if url is not None:
        document["paths"]["/things"]["post"]["servers"] = [{"url": url}]
    return document


CLIENT = "(client)"

CASES: dict[str, tuple[dict[str, Any], dict[str, Any], list[Row]]] = {
    "an api key scheme replaced by http basic: api_token= is now basic_auth=": (
        _secured({"api_key": API_KEY}),
        _secured({"partner": BASIC}),
        [("client-keyword-renamed", "operation", f"{CLIENT} keyword api_token=", True)],
    ),
    "a credential added: a new optional keyword": (
        _secured({"api_key": API_KEY}),
        _secured({"api_key": API_KEY, "basic": BASIC}),
        [
            (
                "client-keyword-added",
                "operation",
                f"{CLIENT} keyword basic_auth=",
                False,
            ),
            # (the spec lets every scheme call every operation)
            ("security-changed", "operation", f"{OP} security", False),
        ],
    ),
    "oauth removed: oauth= fails, and an operation it served needs api_token=": (
        _secured({"api_key": API_KEY, "oauth2": OAUTH}),
        _secured({"api_key": API_KEY}),
        [
            ("client-keyword-removed", "operation", f"{CLIENT} keyword oauth=", True),
            ("security-changed", "operation", f"{OP} security", True),
        ],
    ),
    "the api key sent in a query parameter rather than a header": (
        _secured({"api_key": API_KEY}),
        _secured({"api_key": {**API_KEY, "in": "query", "name": "api_token"}}),
        [("client-keyword-sent", "operation", f"{CLIENT} keyword api_token=", False)],
    ),
    "a server variable renamed: region= is now zone=": (
        _served("https://{region}.example.com", region={"default": "eu"}),
        _served("https://{zone}.example.com", zone={"default": "eu"}),
        [("client-keyword-renamed", "operation", f"{CLIENT} keyword region=", True)],
    ),
    "a server variable's enum narrowed, and its default changed": (
        _served(
            "https://{region}.x.com", region={"default": "eu", "enum": ["eu", "us"]}
        ),
        _served("https://{region}.x.com", region={"default": "us", "enum": ["us"]}),
        [
            ("client-variable-values", "operation", f"{CLIENT} keyword region=", True),
            (
                "client-variable-default",
                "operation",
                f"{CLIENT} keyword region=",
                False,
            ),
        ],
    ),
    "a server variable's enum widened": (
        _served("https://{region}.x.com", region={"default": "eu", "enum": ["eu"]}),
        _served(
            "https://{region}.x.com", region={"default": "eu", "enum": ["eu", "us"]}
        ),
        [("client-variable-values", "operation", f"{CLIENT} keyword region=", False)],
    ),
    "the default server URL changed": (
        _served("https://api.example.com/v1"),
        _served("https://api.example.com/v2"),
        [("client-base-url", "operation", f"{CLIENT} base URL", False)],
    ),
    "an operation that needed no credentials now needs some": (
        _secured({"api_key": API_KEY}, security=[]),
        _secured({"api_key": API_KEY}),
        [("security-changed", "operation", f"{OP} security", True)],
    ),
    "an operation needs other credentials": (
        _secured({"api_key": API_KEY, "oauth2": OAUTH}, [{"api_key": []}]),
        _secured({"api_key": API_KEY, "oauth2": OAUTH}, [{"oauth2": []}]),
        [("security-changed", "operation", f"{OP} security", True)],
    ),
    "an operation accepts more credentials": (
        _secured({"api_key": API_KEY, "oauth2": OAUTH}, [{"api_key": []}]),
        _secured({"api_key": API_KEY, "oauth2": OAUTH}),
        [("security-changed", "operation", f"{OP} security", False)],
    ),
    "an operation no longer needs credentials": (
        _secured({"api_key": API_KEY}),
        _secured({"api_key": API_KEY}, security=[]),
        [("security-changed", "operation", f"{OP} security", False)],
    ),
    "an operation's scheme renamed, same keyword: nothing for a caller": (
        _secured({"api_key": API_KEY}),
        _secured({"token": API_KEY}),
        [],
    ),
    "an operation sent to its own server": (
        _own_server(None),
        _own_server("https://upload.example.com"),
        [("server-changed", "operation", f"{OP} server", False)],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_client_change(case: str, tmp_path: Path) -> None:
    old, new, expected = CASES[case]
    assert rows(old, new, tmp_path) == expected


def test_the_client_comes_first_in_the_report(tmp_path: Path) -> None:
    old = _secured({"api_key": API_KEY}, security=[])
    new = _secured({"partner": BASIC})
    changes = report(old, new, tmp_path)["changes"]
    assert [(c["operation"], c["message"]) for c in changes] == [
        (
            CLIENT,
            "now basic_auth= ((user, password), sent as HTTP basic auth; it was sent "
            "in header x-api-token); clients made with api_token= fail",
        ),
        (OP, "now needs credentials: basic_auth=; a client without them is refused"),
    ]
