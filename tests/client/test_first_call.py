"""What a caller's first call loads: only what it uses (issue 20: import + first call
within 0.03 s of a bare httpx + pydantic client).

An api-token client loads no OAuth machinery, no rate-limit reader, no lenient parser
for a body that fits, no request-model base for a call that sends no body; each loads,
and works, once a caller needs it. Run in a fresh interpreter on the committed package,
since this process has loaded everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import GENERATED

# What a fresh interpreter runs before printing the runtime modules it has loaded:
# an api-token client's first call, whose body fits its model.
FIRST_CALL = """
import httpx
from pipedrive_client import PipedriveClient

body = {"success": True, "data": {"id": 1, "subject": "Call"}}
answer = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
with PipedriveClient(api_token="tok-first-0123456789", transport=answer) as client:
    activity = client.v2.get_activity(id=1)
assert activity.data.subject == "Call"
"""


def _runtime_modules_after(code: str) -> list[str]:
    """The runtime modules a fresh interpreter has loaded once it ran ``code``."""
    script = (
        f"import sys; sys.path.insert(0, {str(GENERATED)!r})\n{code}\n"
        "import json\n"
        "print(json.dumps(sorted(name.rpartition('.')[2] for name in sys.modules"
        " if name.startswith('pipedrive_client._runtime.'))))\n"
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


LOADED_ON_USE = ("_auth", "_tokens", "_ratelimit", "_lenient", "_options")


def test_an_api_token_clients_first_call_loads_nothing_it_does_not_use() -> None:
    loaded = _runtime_modules_after(FIRST_CALL)
    assert "_client" in loaded and "_models" in loaded  # (the call ran)
    assert [name for name in LOADED_ON_USE if name in loaded] == []


def test_what_loads_on_use_works_when_used() -> None:
    used = FIRST_CALL + """
import warnings
from pipedrive_client import (
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
    loaded = _runtime_modules_after(used)
    assert [name for name in LOADED_ON_USE if name not in loaded] == ["_options"]
