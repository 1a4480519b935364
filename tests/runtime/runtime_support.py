"""Models, operations and helpers shared by the runtime tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from pydantic import Field

from pipedrive_codegen.runtime._async_client import AsyncClient

from pipedrive_codegen.runtime._client import SyncClient
from pipedrive_codegen.runtime._models import ResponseModel
from pipedrive_codegen.runtime._request_models import RequestModel
from pipedrive_codegen.runtime._operation import Operation
from pipedrive_codegen.runtime._tokens import OAuthCredentials, OAuthTokens

API_TOKEN = "apitoken-9f8e7d6c5b4a"
CLIENT_ID = "client-id-1"
CLIENT_SECRET = "clientsecret-5e4d3c2b1a"
ACCESS_TOKEN = "access-old-1a2b3c4d"
REFRESH_TOKEN = "refresh-old-5e6f7a8b"
NEW_ACCESS_TOKEN = "access-new-9c8d7e6f"
NEW_REFRESH_TOKEN = "refresh-new-1f2e3d4c"
AUTH_CODE = "authcode-77665544"
SECRETS = (
    API_TOKEN,
    CLIENT_SECRET,
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    NEW_ACCESS_TOKEN,
    NEW_REFRESH_TOKEN,
    AUTH_CODE,
)

NOW = 1_700_000_000.0
API = "https://api.pipedrive.com"
COMPANY = "https://acme.pipedrive.com"
TOKEN_URL = "https://oauth.pipedrive.com/oauth/token"


class Activity(ResponseModel):
    id: int | None = None
    subject: str | None = None
    done: bool | None = None


class ActivityResponse(ResponseModel):
    success: bool | None = None
    data: Activity | None = None


class ActivityListResponse(ResponseModel):
    success: bool | None = None
    data: list[Activity] | None = None
    additional_data: dict[str, Any] | None = None


class AddActivityRequest(RequestModel):
    subject: str | None = None
    due_date: date | None = None
    activity_type: str | None = Field(default=None, alias="type")
    done: int | None = None


GET_ACTIVITY = Operation(
    "getActivity", "GET", "/v1/activities/{id}", {200: ActivityResponse}
)
ADD_ACTIVITY = Operation(
    "addActivity", "POST", "/v1/activities", {200: ActivityResponse}
)
UPDATE_ACTIVITY = Operation(
    "updateActivity", "PATCH", "/api/v2/activities/{id}", {200: ActivityResponse}
)
PUT_ACTIVITY = Operation(
    "updateActivityV1", "PUT", "/v1/activities/{id}", {200: ActivityResponse}
)
DELETE_ACTIVITY = Operation(
    "deleteActivity", "DELETE", "/v1/activities/{id}", {200: None}
)
LIST_V1 = Operation(
    "getActivities", "GET", "/v1/activities", {200: ActivityListResponse}, "offset"
)
LIST_V2 = Operation(
    "getActivitiesV2",
    "GET",
    "/api/v2/activities",
    {200: ActivityListResponse},
    "cursor",
)

Handler = Callable[[httpx.Request], httpx.Response]


def activity_body(activity_id: int = 1, subject: str = "Call") -> dict[str, Any]:
    return {"success": True, "data": {"id": activity_id, "subject": subject}}


def json_response(
    status: int, body: Any, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


class Recorder:
    """A MockTransport handler that answers from a script and keeps requests."""

    def __init__(self, responses: Iterable[httpx.Response | Exception]) -> None:
        self.script = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Sleeps:
    """Injected sleep: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.calls.append(seconds)


class Clock:
    """Injected clock that moves only when told to."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def sync_client(handler: Handler, **options: Any) -> SyncClient:
    options.setdefault("api_token", API_TOKEN)
    options.setdefault("sleep", Sleeps())
    options.setdefault("clock", Clock())
    options.setdefault("jitter", lambda: 0.0)
    return SyncClient(transport=httpx.MockTransport(handler), **options)


def async_client(handler: Any, **options: Any) -> AsyncClient:
    options.setdefault("api_token", API_TOKEN)
    options.setdefault("async_sleep", Sleeps().asleep)
    options.setdefault("clock", Clock())
    options.setdefault("jitter", lambda: 0.0)
    return AsyncClient(transport=httpx.MockTransport(handler), **options)


def credentials() -> OAuthCredentials:
    return OAuthCredentials(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri="https://app.example.com/callback",
    )


def expired_tokens(now: float = NOW) -> OAuthTokens:
    return OAuthTokens(
        access_token=ACCESS_TOKEN,
        refresh_token=REFRESH_TOKEN,
        expires_at=now - 10,
        api_domain=COMPANY,
    )


def fresh_tokens(now: float = NOW) -> OAuthTokens:
    return OAuthTokens(
        access_token=ACCESS_TOKEN,
        refresh_token=REFRESH_TOKEN,
        expires_at=now + 3600,
        api_domain=COMPANY,
    )


def token_body(
    access: str = NEW_ACCESS_TOKEN,
    refresh: str = NEW_REFRESH_TOKEN,
    api_domain: str = COMPANY,
) -> dict[str, Any]:
    return {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": refresh,
        "scope": "base,activities:full",
        "api_domain": api_domain,
    }


def is_token_request(request: httpx.Request) -> bool:
    return str(request.url) == TOKEN_URL


def form_of(request: httpx.Request) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.content.decode()))


def examples_dir() -> Path:
    """Pipedrive's error examples, a project input in ``specs/pipedrive/examples/``."""
    return Path(__file__).resolve().parents[2] / "specs/pipedrive/examples/errors"


def error_examples() -> list[tuple[str, int, bytes]]:
    """(name, status, body) for every file in examples/errors, sorted by name."""
    found = []
    for path in sorted(examples_dir().glob("*/*.json")):
        status = int(path.name.split(".")[-2])
        found.append((f"{path.parent.name}/{path.name}", status, path.read_bytes()))
    return found


def dumps(body: Any) -> bytes:
    return json.dumps(body).encode()
