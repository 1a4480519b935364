"""Retries: which requests, how long to wait, when to give up."""

from __future__ import annotations

import asyncio
from dataclasses import FrozenInstanceError
from email.utils import formatdate

import httpx
import pytest

from pipedrive_codegen.runtime._errors import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)
from pipedrive_codegen.runtime._ratelimit import RateLimit
from pipedrive_codegen.runtime._retry import RetryPolicy
from runtime_support import (
    ADD_ACTIVITY,
    DELETE_ACTIVITY,
    GET_ACTIVITY,
    NOW,
    PUT_ACTIVITY,
    UPDATE_ACTIVITY,
    Clock,
    Recorder,
    Sleeps,
    activity_body,
    async_client,
    json_response,
    sync_client,
)

RATE_LIMITED = {"success": False, "error": "Request over limit"}


def connect_error() -> httpx.ConnectError:
    return httpx.ConnectError("connection refused")


def test_429_with_retry_after_sleeps_exactly_that_and_succeeds() -> None:
    sleeps = Sleeps()
    recorder = Recorder(
        [
            json_response(429, RATE_LIMITED, {"Retry-After": "2"}),
            json_response(200, activity_body()),
        ]
    )
    with sync_client(recorder, sleep=sleeps) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert result.data.id == 1
    assert sleeps.calls == [2.0]
    assert len(recorder.requests) == 2


def test_429_is_retried_for_post_too() -> None:
    sleeps = Sleeps()
    recorder = Recorder(
        [
            json_response(429, RATE_LIMITED, {"Retry-After": "1"}),
            json_response(201, activity_body()),
        ]
    )
    with sync_client(recorder, sleep=sleeps) as client:
        client.call(ADD_ACTIVITY, body={"subject": "x"})
    assert sleeps.calls == [1.0]


def test_retry_after_as_http_date_is_measured_with_the_clock() -> None:
    sleeps = Sleeps()
    when = formatdate(NOW + 5, usegmt=True)
    recorder = Recorder(
        [
            json_response(429, RATE_LIMITED, {"Retry-After": when}),
            json_response(200, activity_body()),
        ]
    )
    with sync_client(recorder, sleep=sleeps, clock=Clock(NOW)) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert sleeps.calls == [5.0]


def test_429_without_retry_after_waits_for_the_ratelimit_reset() -> None:
    sleeps = Sleeps()
    recorder = Recorder(
        [
            json_response(429, RATE_LIMITED, {"x-ratelimit-reset": "1.5"}),
            json_response(200, activity_body()),
        ]
    )
    with sync_client(recorder, sleep=sleeps) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert sleeps.calls == [1.5]


def test_post_and_patch_are_not_retried_on_503() -> None:
    for operation, path_params in ((ADD_ACTIVITY, {}), (UPDATE_ACTIVITY, {"id": 1})):
        sleeps = Sleeps()
        recorder = Recorder([json_response(503, {"success": False, "error": "down"})])
        with sync_client(recorder, sleep=sleeps) as client:
            with pytest.raises(ServerError) as caught:
                client.call(operation, path_params=path_params, body={})
        assert caught.value.status_code == 503
        assert len(recorder.requests) == 1
        assert sleeps.calls == []


def test_post_is_not_retried_on_connection_error() -> None:
    recorder = Recorder([connect_error()])
    with sync_client(recorder) as client:
        with pytest.raises(APIConnectionError, match="after 1 attempt"):
            client.call(ADD_ACTIVITY, body={})
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_is_retried_on_gateway_errors(status: int) -> None:
    sleeps = Sleeps()
    recorder = Recorder(
        [httpx.Response(status, text="busy"), json_response(200, activity_body())]
    )
    with sync_client(recorder, sleep=sleeps) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert sleeps.calls == [0.5]


def test_put_and_delete_are_retried_on_503() -> None:
    for operation in (PUT_ACTIVITY, DELETE_ACTIVITY):
        recorder = Recorder(
            [httpx.Response(503), json_response(200, {"success": True})]
        )
        with sync_client(recorder) as client:
            client.call(operation, path_params={"id": 1}, body={})
        assert len(recorder.requests) == 2


def test_500_is_not_retried() -> None:
    recorder = Recorder([httpx.Response(500)])
    with sync_client(recorder) as client:
        with pytest.raises(ServerError):
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert len(recorder.requests) == 1


def test_get_is_retried_on_connection_error() -> None:
    sleeps = Sleeps()
    recorder = Recorder([connect_error(), json_response(200, activity_body())])
    with sync_client(recorder, sleep=sleeps) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert result.data.id == 1
    assert sleeps.calls == [0.5]


def test_connection_errors_past_the_cap_raise_a_connection_error() -> None:
    sleeps = Sleeps()
    recorder = Recorder([connect_error()] * 3)
    with sync_client(recorder, sleep=sleeps) as client:
        with pytest.raises(APIConnectionError, match="after 3 attempts") as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert sleeps.calls == [0.5, 1.0]


def test_timeouts_raise_a_timeout_error() -> None:
    recorder = Recorder([httpx.ReadTimeout("slow")] * 3)
    with sync_client(recorder) as client:
        with pytest.raises(APITimeoutError):
            client.call(GET_ACTIVITY, path_params={"id": 1})


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    sleeps = Sleeps()
    recorder = Recorder([httpx.Response(503)] * 7)
    with sync_client(
        recorder, sleep=sleeps, max_retries=6, jitter=lambda: 0.5
    ) as client:
        with pytest.raises(ServerError):
            client.call(GET_ACTIVITY, path_params={"id": 1})
    factor = 1 - 0.25 * 0.5
    assert sleeps.calls == [d * factor for d in (0.5, 1.0, 2.0, 4.0, 8.0, 8.0)]
    assert RetryPolicy().backoff(10, 0.0) == 8.0


def test_retries_stop_at_the_cap_with_a_rate_limit_error() -> None:
    sleeps = Sleeps()
    headers = {
        "Retry-After": "1",
        "x-ratelimit-limit": "80",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1",
        "x-daily-requests-left": "500",
    }
    recorder = Recorder([json_response(429, RATE_LIMITED, headers)] * 4)
    with sync_client(recorder, sleep=sleeps, max_retries=3) as client:
        with pytest.raises(RateLimitError) as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert len(recorder.requests) == 4
    assert sleeps.calls == [1.0, 1.0, 1.0]
    assert caught.value.rate_limit == RateLimit(
        limit=80, remaining=0, reset=1.0, daily_requests_left=500, retry_after=1.0
    )
    assert caught.value.rate_limit.exhausted
    assert caught.value.error == "Request over limit"


def test_max_retries_zero_never_retries() -> None:
    recorder = Recorder([json_response(429, RATE_LIMITED, {"Retry-After": "1"})])
    with sync_client(recorder, max_retries=0) as client:
        with pytest.raises(RateLimitError):
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert len(recorder.requests) == 1


def test_a_wait_longer_than_the_limit_is_not_waited_for() -> None:
    sleeps = Sleeps()
    recorder = Recorder([json_response(429, RATE_LIMITED, {"Retry-After": "3600"})])
    with sync_client(recorder, sleep=sleeps) as client:
        with pytest.raises(RateLimitError) as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert sleeps.calls == []
    assert caught.value.rate_limit.retry_after == 3600.0


def test_async_retries_use_the_injected_async_sleep() -> None:
    sleeps = Sleeps()
    recorder = Recorder(
        [
            json_response(429, RATE_LIMITED, {"Retry-After": "2"}),
            connect_error(),
            json_response(200, activity_body()),
        ]
    )

    async def main() -> None:
        async with async_client(recorder, async_sleep=sleeps.asleep) as client:
            await client.call(GET_ACTIVITY, path_params={"id": 1})

    asyncio.run(main())
    assert sleeps.calls == [2.0, 1.0]


def test_async_post_is_not_retried_on_503() -> None:
    recorder = Recorder([httpx.Response(503)])

    async def main() -> None:
        async with async_client(recorder) as client:
            await client.call(ADD_ACTIVITY, body={})

    with pytest.raises(ServerError):
        asyncio.run(main())
    assert len(recorder.requests) == 1


def test_a_retry_policy_is_a_value_equal_by_its_fields_and_immutable() -> None:
    policy = RetryPolicy(max_retries=3, initial_delay=0.25)
    assert policy == RetryPolicy(3, 0.25, 8.0, 60.0)
    assert policy != RetryPolicy(max_retries=3)
    assert policy != (3, 0.25, 8.0, 60.0)
    assert hash(policy) == hash(RetryPolicy(3, 0.25))
    assert len({policy, RetryPolicy(3, 0.25), RetryPolicy()}) == 2
    assert repr(policy) == (
        "RetryPolicy(max_retries=3, initial_delay=0.25, max_delay=8.0, max_wait=60.0)"
    )
    with pytest.raises(FrozenInstanceError):
        policy.max_retries = 5
    with pytest.raises(FrozenInstanceError):
        del policy.max_wait
    with pytest.raises(AttributeError):
        policy.retries = 1
    assert policy.max_retries == 3 and policy.max_wait == 60.0
    with pytest.raises(ValueError, match="max_retries must be 0 or more"):
        RetryPolicy(max_retries=-1)
