"""What a caller's first call loads: only what it uses (issue 20: import + first call
within 0.03 s of a bare httpx + pydantic client).

An api-token client loads no OAuth machinery, no rate-limit reader, no lenient parser
for a body that fits, no request-model base for a call that sends no body; each loads,
and works, once a caller needs it. Each runs in a fresh interpreter (this process has
loaded everything already), on the committed package and on Pipedrive's full API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, FullPackage

# What a fresh interpreter runs before printing the runtime modules it has loaded:
# an api-token client's first call, whose body fits its model.
FIRST_CALL = """
import httpx
from PACKAGE import CLIENT as PipedriveClient

body = {"success": True, "data": {"id": 1, "subject": "Call"}}
answer = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
with PipedriveClient(api_token="tok-first-0123456789", transport=answer) as client:
    activity = client.v2.get_activity(id=1)
assert activity.data.subject == "Call"
"""


@pytest.fixture(params=["activities", "full"])
def package(request: pytest.FixtureRequest) -> tuple[Path, str, str]:
    """(folder, package, client class): the committed package of the activity specs,
    whose models are one module a spec, and Pipedrive's full API, whose models load in
    parts (a response's part imports no request model)."""
    if request.param == "activities":
        return GENERATED, "pipedrive_client", "PipedriveClient"
    full: FullPackage = request.getfixturevalue("full_package")
    assert full.run.returncode == 0, full.run.stderr
    return full.root, full.PACKAGE, "PipedriveFullClient"


def _runtime_modules_after(package: tuple[Path, str, str], code: str) -> list[str]:
    """The runtime modules a fresh interpreter has loaded once it ran ``code`` with
    ``package``'s client."""
    folder, name, client = package
    code = code.replace("PACKAGE", name).replace("CLIENT", client)
    script = (
        f"import sys; sys.path.insert(0, {str(folder)!r})\n{code}\n"
        "import json\n"
        "print(json.dumps(sorted(name.rpartition('.')[2] for name in sys.modules"
        f" if name.startswith('{name}._runtime.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


LOADED_ON_USE = (
    "_auth",
    "_tokens",
    "_ratelimit",
    "_lenient",
    "_request_models",
    "_checks",
    "_options",
)
# What the models module of a spec whose models are one module loads with them.
REQUEST_SIDE = ["_request_models", "_checks"]


def test_an_api_token_clients_first_call_loads_nothing_it_does_not_use(
    package: tuple[Path, str, str],
) -> None:
    loaded = _runtime_modules_after(package, FIRST_CALL)
    assert "_client" in loaded and "_models" in loaded  # (the call ran)
    unused = [name for name in LOADED_ON_USE if name in loaded]
    if package[0] == GENERATED:  # one models module: the request models are in it
        assert unused == REQUEST_SIDE
    else:
        assert unused == []


def test_what_loads_on_use_works_when_used(package: tuple[Path, str, str]) -> None:
    used = FIRST_CALL + """
import json
import warnings
from PACKAGE import (
    OAuthCredentials, OAuthTokens, RateLimit, ResponseMismatch, raw_response,
)

headers = {"x-ratelimit-remaining": "0", "x-ratelimit-limit": "40"}
limited = httpx.MockTransport(
    lambda request: httpx.Response(200, json=body, headers=headers)
)
with PipedriveClient(api_token="tok-first-0123456789", transport=limited) as client:
    limit = raw_response(client.v2.get_activity(id=1)).rate_limit
assert limit == RateLimit(limit=40, remaining=0) and limit.exhausted

unfit = {"success": True, "data": {"id": "one", "subject": "Call"}}
odd = httpx.MockTransport(lambda request: httpx.Response(200, json=unfit))
with PipedriveClient(api_token="tok-first-0123456789", transport=odd) as client:
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = client.v2.get_activity(id=1)
assert raw_response(result).mismatches == (ResponseMismatch("/data/id", "int_parsing"),)

sent = []
def answer_add(request):
    sent.append(json.loads(request.content))
    return httpx.Response(200, json=body)
with PipedriveClient(
    api_token="tok-first-0123456789", transport=httpx.MockTransport(answer_add)
) as client:
    client.v2.add_activity(subject="Call", done=False)
    try:
        client.v2.add_activity(subject="Call", done="no")
    except Exception as error:
        refused = type(error).__name__
assert sent == [{"subject": "Call", "done": False}] and refused == "RequestValidationError"

oauth = OAuthCredentials("app-id", "app-secret-0123456789")
tokens = OAuthTokens("access-0123456789", "refresh-0123456789", expires_at=1e12)
seen = []
def answer_oauth(request):
    seen.append(request.headers["Authorization"])
    return httpx.Response(200, json=body)
with PipedriveClient(
    oauth=oauth, oauth_tokens=tokens, transport=httpx.MockTransport(answer_oauth)
) as client:
    client.v2.get_activity(id=1)
    assert client.oauth_tokens == tokens
assert seen == ["Bearer access-0123456789"]
"""
    loaded = _runtime_modules_after(package, used)
    # (the options' types are for type checkers only: never loaded at run time)
    assert [name for name in LOADED_ON_USE if name not in loaded] == ["_options"]


def test_a_date_parameter_loads_the_format_checks_and_is_checked(
    full_package: FullPackage,
) -> None:
    dated = FIRST_CALL + """
from datetime import date
import sys
assert "PACKAGE._runtime._checks" not in sys.modules
asked = []
def answer_timeline(request):
    asked.append(request.url.params["start_date"])
    return httpx.Response(200, json={"success": True, "data": []})
with PipedriveClient(
    api_token="tok-first-0123456789", transport=httpx.MockTransport(answer_timeline)
) as client:
    for start in (date(2026, 12, 1), "2026-12-02", "2026-13-01"):
        try:
            client.v1.get_deals_timeline(
                start_date=start, interval="month", amount=1, field_key="add_time"
            )
        except Exception as error:
            refused = type(error).__name__ + ": " + str(error)
assert asked == ["2026-12-01", "2026-12-02"], asked
assert refused.startswith("RequestValidationError"), refused
assert "2026-13-01" in refused, refused
"""
    package = (full_package.root, full_package.PACKAGE, "PipedriveFullClient")
    assert "_checks" in _runtime_modules_after(package, dated)
