"""``record``: redaction at record time, refusals, and record-then-replay, all against a
fake Pipedrive (an ``httpx.MockTransport``), never the network."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from contract_cassettes import EXAMPLES
from contract_replay import CassetteTransport, replay_sync

import pipedrive_client
from pipedrive_codegen.record.command import (
    SCENARIOS,
    Call,
    FromResult,
    Redactor,
    RecordingError,
    Scenario,
    call,
    decode_calls,
    dump_cassette,
    ensure_clean,
    read_cassette,
    record_command,
    record_scenario,
    run_scenario,
)
from pipedrive_codegen.runtime._redact import MASK
from pipedrive_client import OAuthCredentials, OAuthTokens, PipedriveClient

API_TOKEN = "api-token-7f3a9c2e5b1d4f60"
CLIENT_ID = "client-id-public"
CLIENT_SECRET = "client-secret-9d8c7b6a5f4e"
OLD_ACCESS = "access-old-1a2b3c4d5e6f"
NEW_ACCESS = "access-new-6f5e4d3c2b1a"
OLD_REFRESH = "refresh-old-0a9b8c7d6e5f"
NEW_REFRESH = "refresh-new-5f6e7d8c9b0a"
COOKIE = "session-cookie-31415926"
SET_COOKIE = "server-cookie-27182818"
DENIED = "jane.doe@customer.example"
SECRETS = (
    API_TOKEN,
    CLIENT_SECRET,
    OLD_ACCESS,
    NEW_ACCESS,
    OLD_REFRESH,
    NEW_REFRESH,
    COOKIE,
    SET_COOKIE,
    DENIED,
    base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode(),
)


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


class FakePipedrive:
    """Answers the OAuth token endpoint and the activity operations with example bodies,
    echoing whatever credential a request carried back in the response."""

    def __init__(self, fail: dict[str, int] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.fail = fail or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == "oauth.pipedrive.com":
            return httpx.Response(
                200,
                json={
                    "access_token": NEW_ACCESS,
                    "refresh_token": NEW_REFRESH,
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": "activities:full",
                    "api_domain": "https://acme.pipedrive.com",
                },
                headers={
                    "set-cookie": f"pd={SET_COOKIE}; Domain=.pipedrive.com; Path=/"
                },
            )
        echoed = request.headers.get("authorization") or request.headers.get(
            "x-api-token", ""
        )
        key = f"{request.method} {request.url.path}"
        if key in self.fail:
            body = {"success": False, "error": f"failed for {echoed}"}
            return httpx.Response(self.fail[key], json=body)
        body = self._body(request)
        if isinstance(body.get("data"), dict):
            body["data"]["note"] = f"seen {echoed} from {DENIED}"
        return httpx.Response(
            201 if key == "POST /v1/activities" else 200,
            json=body,
            headers={"x-echo": echoed, "x-correlation-id": "req-1"},
        )

    def _body(self, request: httpx.Request) -> dict[str, Any]:
        api = "v2" if request.url.path.startswith("/api/v2") else "v1"
        method, path = request.method, request.url.path.rstrip("/")
        if method == "GET" and path.endswith("/activities"):
            return example(f"{api}/getActivities.200.json")
        if path.endswith("/collection"):
            return example("v1/getActivitiesCollection.200.json")
        name = {
            "POST": "addActivity.201" if api == "v1" else "addActivity.200",
            "GET": "getActivity.200",
            "PUT": "updateActivity.200",
            "PATCH": "updateActivity.200",
            "DELETE": "deleteActivity.200",
        }[method]
        return example(f"{api}/{name}.json")


def test_recording_leaves_no_secret_anywhere_in_the_cassette(tmp_path: Path) -> None:
    """A token, refresh tokens and a client secret in headers, query and bodies."""
    fake = FakePipedrive()
    scenario = Scenario(
        "secrets",
        "OAuth refresh, then an add whose body carries secrets",
        (
            call(
                "v1",
                "add_activity",
                subject="Call",
                participants=[{"person_id": 1, "client_secret": CLIENT_SECRET}],
                attendees=[{"email_address": DENIED, "refresh_token": OLD_REFRESH}],
            ),
        ),
    )

    def make_client(transport: httpx.BaseTransport) -> PipedriveClient:
        http = httpx.Client(
            transport=transport,
            params={"api_token": API_TOKEN},
            cookies={"pd_session": COOKIE},
        )
        return PipedriveClient(
            oauth=OAuthCredentials(CLIENT_ID, CLIENT_SECRET),
            oauth_tokens=OAuthTokens(OLD_ACCESS, OLD_REFRESH, expires_at=0.0),
            http_client=http,
            max_retries=0,
            clock=lambda: 1000.0,
        )

    cassette, outcomes = record_scenario(
        scenario,
        pipedrive_client,
        make_client,
        httpx.MockTransport(fake),
        redactor=Redactor([DENIED]),
        source="test",
    )
    path = tmp_path / "secrets.json"
    path.write_text(dump_cassette(cassette), encoding="utf-8")
    text = path.read_text(encoding="utf-8")

    # The secrets really were on the wire, in every place the brief names ...
    token_request, api_request = fake.requests
    assert token_request.headers["authorization"] == f"Basic {SECRETS[-1]}"
    assert f"refresh_token={OLD_REFRESH}" in token_request.content.decode()
    assert api_request.headers["authorization"] == f"Bearer {NEW_ACCESS}"
    assert f"api_token={API_TOKEN}" in str(api_request.url)
    assert COOKIE in api_request.headers["cookie"]
    assert CLIENT_SECRET in api_request.content.decode()
    assert outcomes[0].error is None
    # ... and none of them is anywhere in the file,
    assert [secret for secret in SECRETS if secret in text] == []
    # while what is left still says what happened.
    token, api = cassette["interactions"]
    assert token["request"]["headers"]["authorization"] == f"Basic {MASK}"
    assert ["refresh_token", MASK] in token["request"]["body"]["form"]
    assert token["response"]["body"]["json"]["access_token"] == MASK
    assert token["response"]["headers"]["set-cookie"] == MASK
    assert api["operation"] == {"api": "v1", "operation_id": "addActivity"}
    # (built before the refresh told the client its api_domain, sent there after it)
    assert api["request"]["url"] == (
        f"https://acme.pipedrive.com/api/v1/activities?api_token={MASK}"
    )
    assert api["request"]["headers"]["authorization"] == f"Bearer {MASK}"
    assert api["request"]["headers"]["cookie"] == MASK
    sent = api["request"]["body"]["json"]
    assert sent["participants"] == [{"person_id": 1, "client_secret": MASK}]
    assert sent["attendees"] == [{"email_address": MASK, "refresh_token": MASK}]
    # an echoed credential: masked where it stands, after its scheme
    assert api["response"]["headers"]["x-echo"] == f"Bearer {MASK}"
    note = api["response"]["body"]["json"]["data"]["note"]
    assert note == f"seen Bearer {MASK} from {MASK}"
    assert api["response"]["body"]["json"]["data"]["subject"] == "Deadline"


def test_the_last_check_refuses_text_with_a_secret() -> None:
    ensure_clean('{"a": "fine"}', ["s3cret-value"])
    with pytest.raises(RecordingError, match="12 characters"):
        ensure_clean('{"a": "x s3cret-value"}', ["s3cret-value"])
    with pytest.raises(RecordingError):
        ensure_clean('{"a": "say \\"hi\\""}', ['say "hi"'])  # found JSON-escaped


def test_redactor_masks_the_query_the_way_it_was_sent() -> None:
    redactor = Redactor()
    url = (
        "https://u:pw-1234@x.test/v1/activities?ids=625%2C627&api_token=tok%2B1234&a=b"
    )
    record = redactor.request(httpx.Request("GET", url))
    assert (
        record["url"]
        == "https://***@x.test/v1/activities?ids=625%2C627&api_token=***&a=b"
    )
    assert {"tok+1234", "tok%2B1234", "pw-1234"} <= redactor.secrets


def _record(
    tmp_path: Path, scenarios: list[str] | None, **options: Any
) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments: dict[str, Any] = {
        "api_token": API_TOKEN,
        "out_dir": tmp_path / "recorded",
        "deny": [DENIED],
        "stdout": stdout,
        "stderr": stderr,
        "environ": {},
        "transport": httpx.MockTransport(FakePipedrive()),
        "package_dir": Path(pipedrive_client.__file__).parents[1],
        **options,
    }
    code = record_command(scenarios, **arguments)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_token": None}, "without an API token"),
        ({"api_token": ""}, "without an API token"),
        ({"environ": {"CI": "true"}}, "refusing to run in CI"),
        ({"scenarios": ["v1.nope"]}, "no scenario v1.nope"),
        ({"package_dir": Path("/nonexistent")}, "no generated package at"),
    ],
)
def test_record_refuses_and_writes_nothing(
    tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    scenarios = options.pop("scenarios", None)
    code, stdout, stderr = _record(tmp_path, scenarios, **options)
    assert code == 2
    assert message in stderr and stdout == ""
    assert not (tmp_path / "recorded").exists()


def test_record_writes_redacted_cassettes_that_replay(tmp_path: Path) -> None:
    """Every scenario, recorded against a company domain, replays on the default one."""
    code, stdout, _ = _record(tmp_path, None, base_url="https://acme.pipedrive.com")
    assert code == 0
    written = sorted(path.name for path in (tmp_path / "recorded").iterdir())
    assert written == sorted(f"{scenario.name}.json" for scenario in SCENARIOS)
    # The fake repeats the example's cursor; the paginator stops at the repeat.
    assert "v2.iter_get_activities: 2 responses" in stdout
    for path in (tmp_path / "recorded").iterdir():
        text = path.read_text(encoding="utf-8")
        assert API_TOKEN not in text and DENIED not in text, path.name
        cassette = read_cassette(path)
        assert cassette["source"] == (
            "live recording: pipedrive-codegen record against https://acme.pipedrive.com"
        )
        transport = CassetteTransport(cassette)
        with PipedriveClient(api_token="other", transport=transport) as client:
            played = replay_sync(client, decode_calls(cassette), transport, Exception)
        transport.assert_all_played()
        assert all(item.outcome.error is None for item in played), path.name


def test_record_keeps_the_cleanup_call_after_a_failure(tmp_path: Path) -> None:
    fake = FakePipedrive(fail={"GET /api/v2/activities/1": 500})
    code, stdout, _ = _record(
        tmp_path, ["v2.activity_lifecycle"], transport=httpx.MockTransport(fake)
    )
    assert code == 0
    assert [f"{r.method} {r.url.path}" for r in fake.requests] == [
        "POST /api/v2/activities",
        "GET /api/v2/activities/1",
        "DELETE /api/v2/activities/1",
    ]
    assert "ServerError" in stdout and API_TOKEN not in stdout


def test_run_scenario_skips_calls_whose_arguments_it_cannot_resolve() -> None:
    fake = FakePipedrive(fail={"POST /api/v2/activities": 400})
    with PipedriveClient(
        api_token=API_TOKEN, transport=httpx.MockTransport(fake)
    ) as client:
        outcomes = run_scenario(
            client,
            (
                call("v2", "add_activity", subject="x"),
                Call(
                    "v2",
                    "delete_activity",
                    (("id", FromResult(0, ("data", "id"))),),
                    cleanup=True,
                ),
            ),
            (pipedrive_client.PipedriveError,),
        )
    assert [type(o.error).__name__ for o in outcomes] == ["BadRequestError"]
    assert len(fake.requests) == 1


def test_every_spelling_of_a_secret_is_masked_even_in_base64_and_numbers() -> None:
    redactor = Redactor(deny=["Jane.Doe@Customer.Example", "22122"])
    request = httpx.Request(
        "GET", "https://x.test/v1/activities", headers={"x-api-token": API_TOKEN}
    )
    page = f"<html><title>502 {API_TOKEN}</title>caf\xe9</html>".encode("latin-1")
    echo = {
        "mail": "jane.doe@customer.example",
        "link": "?email=jane.doe%40customer.example",
        "company_id": 22122,
        "other_id": 221220,  # holds the denied number, but is another number
        "file": {"base64": "not base64!"},  # a JSON object, not a stored body
        "is_deleted": False,
    }
    interactions = [
        {
            "request": redactor.request(request),
            "response": redactor.response(
                httpx.Response(502, content=page, headers={"content-type": "text/html"})
            ),
        },
        {
            "request": redactor.request(request),
            "response": redactor.response(
                httpx.Response(
                    200, json=echo, headers={"set-cookie": "legacy=deleted; Path=/"}
                )
            ),
        },
    ]
    cleaned = redactor.finish({"interactions": interactions})

    stored = base64.b64decode(cleaned["interactions"][0]["response"]["body"]["base64"])
    assert API_TOKEN.encode() not in stored and b"502 ***" in stored
    second = cleaned["interactions"][1]["response"]
    assert second["body"]["json"] == {
        "mail": MASK,
        "link": f"?email={MASK}",
        "company_id": MASK,
        "other_id": 221220,
        "file": {"base64": "not base64!"},
        "is_deleted": False,  # a short cookie value ("deleted") is masked where it is
    }
    assert second["headers"]["set-cookie"] == MASK


def test_a_refused_recording_is_one_line_from_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pipedrive_codegen.record.command as recording
    from pipedrive_codegen.cli import main

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise RecordingError("a secret (5 characters) survived redaction; not writing")

    monkeypatch.setattr(recording, "record_command", refuse)
    assert main(["record", "v1.get_activity"]) == 2
    assert capsys.readouterr().err == (
        "a secret (5 characters) survived redaction; not writing\n"
    )


def test_a_deny_word_in_a_query_value_is_masked_there_not_refused() -> None:
    """Only a URL's query values (and fragment) are data: a search term the caller
    denies is masked in the URL as in the call that sent it, the rest kept for
    replay."""
    redactor = Redactor(deny=["Jane Doe"])
    request = httpx.Request(
        "GET", "https://x.test/v1/persons/search?term=Jane+Doe&limit=5#Jane%20Doe"
    )
    cleaned = redactor.finish(
        {"interactions": [{"request": redactor.request(request)}]}
    )

    url = cleaned["interactions"][0]["request"]["url"]
    assert url == f"https://x.test/v1/persons/search?term={MASK}&limit=5#{MASK}"
    spanning = Redactor(deny=["term=Jane"])
    with pytest.raises(RecordingError, match="structure, at #/interactions/0/request"):
        spanning.finish({"interactions": [{"request": spanning.request(request)}]})
