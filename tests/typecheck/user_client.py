"""A user's script using the client the way the README shows; checked with mypy --strict."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx

from pipedrive_client import (
    AsyncPipedriveClient,
    NotFoundError,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
    RateLimitError,
    authorization_url,
    raw_response,
)
from pipedrive_client.v1.models import AddActivityRequest
from pipedrive_client.v2.models import ActivityItem


def save_tokens(tokens: OAuthTokens) -> None:
    print(sorted(tokens.to_dict()))


def with_api_token(transport: httpx.BaseTransport) -> list[int]:
    with PipedriveClient(api_token="...", transport=transport) as client:
        added = client.v1.add_activity(
            subject="Call", done=1, due_date=date(2024, 5, 17)
        )
        assert added.data is not None
        print(added.data.id, raw_response(added).rate_limit.remaining)
        client.v1.add_activity(
            body=AddActivityRequest(subject="Call").with_extra_fields({"d4de5c7e": "x"})
        )
        try:
            client.v2.get_activity(id=1)
        except NotFoundError as error:
            print(error.status_code, error.error)
        except RateLimitError as error:
            print(error.rate_limit.reset)
        items: list[ActivityItem] = list(client.v2.iter_get_activities(owner_id=1))
        return [item.id for item in items if item.id is not None]


def with_oauth(code: str) -> None:
    print(authorization_url("client-id", "https://example.org/callback", state="xyz"))
    credentials = OAuthCredentials(
        client_id="client-id",
        client_secret="...",
        redirect_uri="https://example.org/callback",
    )
    with PipedriveClient(oauth=credentials, on_token_refresh=save_tokens) as client:
        save_tokens(client.exchange_code(code))
        print(client.v2.get_activities(limit=10).data)


async def asynchronously(transport: httpx.AsyncBaseTransport) -> int:
    async with AsyncPipedriveClient(api_token="...", transport=transport) as client:
        activity = await client.v2.get_activity(id=1)
        count = 0
        async for _item in client.v2.iter_get_activities(done=False):
            count += 1
        return count + (activity.data.id or 0 if activity.data else 0)


if __name__ == "__main__":
    asyncio.run(asynchronously(httpx.MockTransport(lambda r: httpx.Response(404))))


def add_in_wire_form(client: PipedriveClient) -> None:
    """A body field of ``format: date`` takes the spec's text or a ``date``."""
    client.v1.add_activity(subject="Call", due_date="2026-12-03")
    client.v1.add_activity(subject="Call", due_date=date(2026, 12, 3))


def list_in_wire_form(client: PipedriveClient) -> None:
    """A query parameter of ``format: date`` takes the spec's text or a ``date``."""
    client.v1.get_activities(start_date="2026-12-01", end_date=date(2026, 12, 31))
