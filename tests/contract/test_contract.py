"""Contract tests: every cassette replayed through the sync and async clients, and every
recorded response checked against the models, openapi-core, the generated validators
and the reviewed allow-list of spec drift (``known-drift.yaml``)."""

from __future__ import annotations

import asyncio
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from contract_cassettes import (  # first: it picks which pipedrive_client is tested
    BUILD_TOKEN,
    CASSETTES,
    EXAMPLES,
    build_all,
)
from contract_checks import (
    KINDS,
    Finding,
    as_entries,
    known_drift,
    model_problems,
    openapi_core_findings,
    response_model,
    unacknowledged,
    validator_findings,
    walk_drift,
    walk_schema,
)
from contract_spec import (
    Response,
    cassette_name,
    cassette_paths,
    responses,
    rewrite_placeholders,
)
from contract_replay import (
    REPLAY_TOKEN,
    CassetteTransport,
    Played,
    replay_async,
    replay_sync,
)

import pipedrive_client
from pipedrive_codegen.record.command import (
    Call,
    body_bytes,
    decode_calls,
    read_cassette,
)
from pipedrive_client import (
    AsyncPipedriveClient,
    AuthenticationError,
    BadRequestError,
    GoneError,
    NotFoundError,
    PermissionDeniedError,
    PipedriveError,
    PipedriveClient,
    RateLimitError,
    ServerError,
    raw_response,
)

PATHS = cassette_paths()
RESPONSES = list(responses())
MODELLED = [r for r in RESPONSES if response_model(pipedrive_client, r) is not None]

# The error class each status must raise, written out apart from the runtime's table.
STATUS_ERRORS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    410: GoneError,
    429: RateLimitError,
    502: ServerError,
}

# Every error cassette: (class, status, error, error_info, errors, extra attributes).
ERRORS: dict[str, tuple[type[Exception], int, Any, Any, Any, dict[str, Any]]] = {
    "documented/errors-v1-addWebhook.400.json": (
        BadRequestError,
        400,
        None,
        None,
        {"subscription_url": ["invalid or non-reachable URL"]},
        {},
    ),
    "documented/errors-v1-getCurrentUser.401.json": (
        AuthenticationError,
        401,
        "unauthorized access",
        None,
        None,
        {"code": 401},
    ),
    "documented/errors-v1-deleteWebhook.403.json": (
        PermissionDeniedError,
        403,
        "Forbidden",
        None,
        None,
        {},
    ),
    "documented/v1-getActivitiesCollection.403.json": (
        PermissionDeniedError,
        403,
        "You do not have permissions to do this.",
        "Please check developers.pipedrive.com",
        None,
        {},
    ),
    "documented/errors-v1-deleteWebhook.404.json": (
        NotFoundError,
        404,
        None,
        None,
        {"id": ["not found"]},
        {},
    ),
    "documented/errors-v1-getLead.404.json": (
        NotFoundError,
        404,
        "requested lead not found",
        "Object was not found.",
        None,
        {},
    ),
    "documented/errors-v1-getTeam.404.json": (
        NotFoundError,
        404,
        "Team 1 does not exist",
        None,
        None,
        {},
    ),
    "documented/errors-v1-getUser.404.json": (
        NotFoundError,
        404,
        "User not found or not accessible.",
        None,
        None,
        {},
    ),
    "documented/errors-v2-convertDealToLead.404.json": (
        NotFoundError,
        404,
        "Entity was not found",
        "Object was not found.",
        None,
        {},
    ),
    "documented/errors-v1-deleteProductField.410.json": (
        GoneError,
        410,
        "The field is not found",
        None,
        None,
        {},
    ),
    "hand-written/v2-get_activities.429.json": (
        RateLimitError,
        429,
        "Request over limit",
        "Please check developers.pipedrive.com",
        None,
        {"rate_limit.remaining": 0, "rate_limit.limit": 40, "rate_limit.reset": 2.0},
    ),
    "hand-written/v1-get_activities.502.json": (
        ServerError,
        502,
        None,
        None,
        None,
        {"body": None},
    ),
}


def replay(
    cassette: dict[str, Any], mode: str
) -> tuple[list[Played], CassetteTransport]:
    """Run the cassette's calls on a fresh client of ``mode`` over the cassette."""
    transport = CassetteTransport(cassette)
    calls = decode_calls(cassette)
    if mode == "sync":
        with PipedriveClient(
            api_token=REPLAY_TOKEN, transport=transport, max_retries=0
        ) as client:
            return replay_sync(client, calls, transport, PipedriveError), transport

    async def run() -> list[Played]:
        async with AsyncPipedriveClient(
            api_token=REPLAY_TOKEN, transport=transport, max_retries=0
        ) as client:
            return await replay_async(client, calls, transport, PipedriveError)

    return asyncio.run(run()), transport


def outcome_problems(cassette: dict[str, Any], played: Played) -> list[str]:
    """How the client's result of one call differs from what the cassette says."""
    if not played.interactions:
        return [f"{played.outcome.call.label} made no request"]
    last = cassette["interactions"][played.interactions[-1]]
    status = last["response"]["status"]
    label = f"{played.outcome.call.label} -> {status}"
    if played.outcome.error is not None:
        return _error_problems(label, last, played.outcome.error)
    if not 200 <= status < 300:
        return [f"{label}: returned {played.outcome.result!r} instead of raising"]
    result = played.outcome.result
    if isinstance(result, list):  # an iter_ call: every item of every page, in order
        items = [
            item
            for index in played.interactions
            for item in _json(cassette["interactions"][index]["response"])["data"]
        ][: played.outcome.call.take]
        dumped = [item.model_dump(mode="json", exclude_unset=True) for item in result]
        return [] if dumped == items else [f"{label}: items {dumped} != {items}"]
    operation = last["operation"]
    response = Response(
        "", 0, operation["api"], operation["operation_id"], status, {}, None
    )
    model = response_model(pipedrive_client, response)
    problems = []
    if not isinstance(result, model):
        problems.append(f"{label}: {type(result).__name__} is no {model.__name__}")
    elif raw_response(result).status_code != status:
        problems.append(f"{label}: raw_response has {raw_response(result).status_code}")
    elif result.model_dump(mode="json", exclude_unset=True) != _json(last["response"]):
        problems.append(f"{label}: the result does not dump back to the body")
    return problems


def _error_problems(label: str, interaction: dict[str, Any], error: Any) -> list[str]:
    status = interaction["response"]["status"]
    expected = STATUS_ERRORS.get(status)
    if 200 <= status < 300:
        return [f"{label}: raised {type(error).__name__}: {error}"]
    if expected is None:
        return [f"{label}: no expected error class for {status}; add it"]
    if type(error) is not expected or error.status_code != status:
        return [f"{label}: raised {type(error).__name__} {error.status_code}"]
    body = _json(interaction["response"])
    fields = body if isinstance(body, dict) else {}
    wanted = {
        "error": fields.get("error") or fields.get("message"),
        "error_info": fields.get("error_info"),
        "errors": fields.get("errors"),
        "body": body if isinstance(body, dict) else None,
    }
    return [
        f"{label}: error.{name} is {getattr(error, name)!r}, not {value!r}"
        for name, value in wanted.items()
        if getattr(error, name) != value
    ]


def _json(response: dict[str, Any]) -> Any:
    body = response["body"]
    return body["json"] if body is not None and "json" in body else None


# -- replay ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("path", PATHS, ids=cassette_name)
def test_cassette_replays_through_the_client(path: Path, mode: str) -> None:
    cassette = read_cassette(path)
    mismatch = pipedrive_client.ResponseMismatchWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", mismatch)
        played, transport = replay(cassette, mode)
    transport.assert_all_played()
    problems = [
        problem for item in played for problem in outcome_problems(cassette, item)
    ]
    # A 2xx that does not fit its model is returned leniently, with a warning: a
    # recorded answer must fit.
    problems += [str(item.message) for item in caught if item.category is mismatch]
    assert played, "the cassette's calls made no request"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_cassette_raises_the_typed_error(name: str, mode: str) -> None:
    cls, status, message, info, errors, attributes = ERRORS[name]
    played, _ = replay(read_cassette(CASSETTES / name), mode)
    error = played[-1].outcome.error
    assert type(error) is cls
    assert (error.status_code, error.error, error.error_info) == (status, message, info)
    assert error.errors == errors
    for dotted, value in attributes.items():
        owner: Any = error
        for part in dotted.split("."):
            owner = getattr(owner, part)
        assert owner == value, dotted
    assert REPLAY_TOKEN not in str(error) and REPLAY_TOKEN not in repr(error)


def test_every_error_cassette_has_exact_expectations() -> None:
    failing = {
        response.cassette for response in RESPONSES if not 200 <= response.status < 300
    }
    assert failing == set(ERRORS)


def test_replay_fails_loudly_on_a_request_the_cassette_does_not_hold() -> None:
    cassette = read_cassette(CASSETTES / "documented/v2-getActivity.200.json")
    for mode in ("sync", "async"):
        transport = CassetteTransport(cassette)
        other = Call("v2", "get_activity", (("id", 2),))
        with pytest.raises(AssertionError, match=r"GET .*/activities/2 .*request 0 is"):
            if mode == "sync":
                with PipedriveClient(api_token="t0ken", transport=transport) as client:
                    replay_sync(client, (other,), transport, PipedriveError)
            else:
                client = AsyncPipedriveClient(api_token="t0ken", transport=transport)
                asyncio.run(replay_async(client, (other,), transport, PipedriveError))
    transport = CassetteTransport(cassette)
    with PipedriveClient(api_token="t0ken", transport=transport) as client:
        client.v2.get_activity(id=1)
        with pytest.raises(AssertionError, match="holds only 1 requests"):
            client.v2.get_activity(id=1)
    with pytest.raises(AssertionError, match="1 recorded requests were never made"):
        CassetteTransport(cassette).assert_all_played()


# -- contract checks of every recorded response ---------------------------------------


@pytest.mark.parametrize("response", MODELLED, ids=lambda r: r.id)
def test_response_parses_with_the_generated_model(response: Response) -> None:
    assert model_problems(pipedrive_client, response) == []


def test_only_error_responses_lack_a_model() -> None:
    unmodelled = {r.id for r in RESPONSES if r not in MODELLED}
    assert unmodelled == {r.id for r in RESPONSES if not 200 <= r.status < 300} - {
        "documented/v1-getActivitiesCollection.403.json#0"
    }


def _assert_acknowledged(response: Response, findings: list[Finding], by: str) -> None:
    left = unacknowledged(response, findings)
    assert not left, (
        f"{by} finds spec drift in {response.id} that known-drift.yaml does not "
        f"acknowledge; if it is acceptable, add it with a reason:\n"
        + as_entries(response, left)
    )


@pytest.mark.parametrize("response", RESPONSES, ids=lambda r: r.id)
def test_response_has_no_unacknowledged_spec_drift(response: Response) -> None:
    _assert_acknowledged(response, walk_drift(response), "the drift walk")


@pytest.mark.parametrize("response", RESPONSES, ids=lambda r: r.id)
def test_response_passes_openapi_core(response: Response) -> None:
    _assert_acknowledged(response, openapi_core_findings(response), "openapi-core")


@pytest.mark.parametrize("response", RESPONSES, ids=lambda r: r.id)
def test_response_passes_the_generated_validators(response: Response) -> None:
    """Every issue the validators raise is acknowledged drift, and they raise every
    issue openapi-core does: a validator that lost a rule goes red here."""
    findings = validator_findings(pipedrive_client, response)
    _assert_acknowledged(response, findings, "the generated validators")
    mine = {(finding.pointer, finding.kind) for finding in findings}
    oracle = {
        (finding.pointer, finding.kind) for finding in openapi_core_findings(response)
    }
    assert mine == oracle, (
        f"the generated validators and openapi-core disagree on {response.id}: "
        f"only the validators find {sorted(mine - oracle)}, "
        f"only openapi-core finds {sorted(oracle - mine)}"
    )


def test_known_drift_entries_have_reasons_and_are_all_used() -> None:
    found = [
        (response.cassette, finding)
        for response in RESPONSES
        for finding in (*walk_drift(response), *openapi_core_findings(response))
    ]
    for entry in known_drift():
        assert entry.kind in KINDS, entry
        assert len(entry.reason) > 40 and "TODO" not in entry.reason, entry
        assert any(
            entry.covers(cassette, f) for cassette, f in found
        ), f"stale known-drift entry, it covers nothing: {entry}"


def test_drift_checks_catch_new_drift() -> None:
    """A body with a wrong type, an undeclared field and a null is red in both oracles."""
    base = next(r for r in RESPONSES if r.id == "documented/v2-getActivity.200.json#0")
    body = json.loads(body_bytes(base.body))
    body["data"].update(subject=5, priority=None, brand_new_field=True)
    broken = Response(
        base.cassette, 0, base.api, base.operation_id, 200, base.headers, {"json": body}
    )
    expected = {
        ("/data/subject", "type-mismatch"),
        ("/data/priority", "null-in-non-nullable"),
        ("/data/brand_new_field", "undeclared-field"),
    }
    walked = {(f.pointer, f.kind) for f in unacknowledged(broken, walk_drift(broken))}
    assert walked == expected
    oracle = {(f.pointer, f.kind) for f in openapi_core_findings(broken)}
    assert oracle == expected - {("/data/brand_new_field", "undeclared-field")}


def test_drift_walk_finds_every_kind() -> None:
    """On an inline schema: enums, formats, required, allOf and placeholder maps."""
    schema = rewrite_placeholders(
        {
            "type": "object",
            "required": ["id"],
            "allOf": [
                {"properties": {"kind": {"type": "string", "enum": ["call", "email"]}}},
                {"properties": {"due": {"type": "string", "format": "date"}}},
            ],
            "properties": {
                "id": {"type": "integer"},
                "lead": {"type": "string", "format": "uuid", "nullable": True},
                "users": {
                    "type": "object",
                    "properties": {
                        "USER_ID": {"properties": {"n": {"type": "integer"}}}
                    },
                },
            },
        }
    )
    body = {
        "kind": "lunch",
        "due": "2024-02-30",
        "lead": None,
        "users": {"1": {"n": 1.5}, "2": {"n": True}, "3": {"n": 3, "x": 0}},
        "extra": [],
    }
    assert [(f.pointer, f.kind) for f in walk_schema(schema, body)] == [
        ("/due", "format-mismatch"),
        ("/extra", "undeclared-field"),
        ("/id", "missing-required"),
        ("/kind", "unlisted-enum"),
        ("/users/1/n", "type-mismatch"),
        ("/users/2/n", "type-mismatch"),
        ("/users/3/x", "undeclared-field"),
    ]
    fine = {"id": 1, "kind": "call", "due": "2024-02-29", "users": {"7": {"n": 2}}}
    assert (
        walk_schema(schema, {**fine, "lead": "46c3b0e1-db35-59ca-1828-4817378dff71"})
        == []
    )


# -- the shipped cassettes ------------------------------------------------------------


def test_committed_cassettes_are_current() -> None:
    """The cassettes are what the builder makes now, from the examples as they are."""
    built = build_all()
    committed = {
        cassette_name(path): path.read_text(encoding="utf-8")
        for path in PATHS
        if cassette_name(path).split("/")[0] in ("documented", "hand-written")
    }
    assert sorted(committed) == sorted(built)
    differing = [name for name in built if built[name] != committed[name]]
    assert (
        not differing
    ), f"stale cassettes {differing}: run python tests/contract/contract_cassettes.py"


def test_every_documented_example_is_a_cassette_with_its_provenance() -> None:
    index = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))
    for entry in index:
        name = "documented/" + entry["file"].replace("/", "-")
        cassette = read_cassette(CASSETTES / name)
        source = f"documented example: specs/pipedrive/examples/{entry['file']}"
        assert cassette["source"] == source
        assert cassette["source_pointer"] == entry["source_pointer"]
        (interaction,) = cassette["interactions"]
        example = json.loads((EXAMPLES / entry["file"]).read_text(encoding="utf-8"))
        assert interaction["response"] == {
            "status": entry["status"],
            "headers": {"content-type": "application/json"},
            "body": {"json": example},
        }
    documented = [p for p in PATHS if cassette_name(p).startswith("documented/")]
    assert len(documented) == len(index)


@pytest.mark.parametrize("path", PATHS, ids=cassette_name)
def test_cassette_says_honestly_where_it_came_from(path: Path) -> None:
    cassette = read_cassette(path)
    folder = cassette_name(path).split("/")[0]
    prefix = {
        "documented": "documented example: specs/pipedrive/examples/",
        "hand-written": "hand-written from Pipedrive's documented behaviour (",
    }.get(folder, "live recording: ")
    assert cassette["source"].startswith(prefix)
    text = path.read_text(encoding="utf-8")
    assert BUILD_TOKEN not in text
    assert (
        text.endswith("}\n")
        and text
        == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    )
    for interaction in cassette["interactions"]:
        assert interaction["request"]["headers"].get("x-api-token", "***") == "***"
