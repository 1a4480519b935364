"""``record``: run scenarios on the live API and write redacted cassettes.

A *scenario* is data: a name and a few calls on ``client.v1`` / ``client.v2`` of the
generated ``PipedriveClient``. :func:`record_command` runs each through a
:class:`RecordingTransport` wrapped round the real ``httpx.HTTPTransport`` (tests wrap
an ``httpx.MockTransport``) and writes one cassette per scenario: JSON, sorted keys,
no timestamps, holding the calls it made and every exchange::

    {"format": "pipedrive-codegen cassette 1", "scenario": "v2.get_activity",
     "description": "...", "source": "live recording: ...",
     "calls": [{"api": "v2", "method": "get_activity", "arguments": {"id": 1}}],
     "interactions": [{"operation": {"api": "v2", "operation_id": "getActivity"},
                       "request": {"method", "url", "headers", "body"},
                       "response": {"status", "headers", "body"}}]}

A body is ``null`` (empty), ``{"json": value}``, ``{"form": [[name, value], ...]}``,
``{"text": "..."}`` or ``{"base64": "..."}``. Header names are lower-cased; transport
noise (``user-agent``, ``content-length``, ``content-encoding``: bodies are decoded) out.

:class:`Redactor` masks in memory, exchange by exchange, before anything is written:
credential headers and cookies, sensitive query parameters, secret keys of JSON and
form bodies; then every value it masked, and every deny-listed substring, wherever
else it shows up. A last check refuses text that still holds any of them.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

import httpx

from .cassettes import CASSETTE_FORMAT as CASSETTE_FORMAT
from .cassettes import RecordingError as RecordingError
from .cassettes import body_bytes as body_bytes
from .cassettes import dump_cassette as dump_cassette
from .cassettes import read_cassette as read_cassette
from .redaction import Redactor as Redactor
from .cassettes import check_writable, write_cassettes
from .final_pass import ensure_clean as ensure_clean
from .final_pass import refuse_unmaskable
from .scenarios import SCENARIOS as SCENARIOS
from .scenarios import Call as Call
from .scenarios import FromResult as FromResult
from .scenarios import Scenario as Scenario
from .scenarios import call as call
from .scenarios import decode_calls as decode_calls
from .scenarios import encode_call as encode_call
from ..errors import printable
from ..runtime._base import DEFAULT_BASE_URL


@dataclass(frozen=True)
class Outcome:
    """What one call gave: its result, or the error it raised."""

    call: Call
    result: object = None
    error: Exception | None = None


def run_scenario(
    client: Any, calls: Sequence[Call], errors: tuple[type[Exception], ...]
) -> list[Outcome]:
    """Run ``calls`` on a blocking client; after an ``errors`` error only cleanups run."""
    outcomes: list[Outcome] = []
    for step in calls:
        arguments = resolve_arguments(step, outcomes)
        failed = any(outcome.error is not None for outcome in outcomes)
        if arguments is None or (failed and not step.cleanup):
            continue
        try:
            result = getattr(getattr(client, step.api), step.method)(**arguments)
            if step.method.startswith("iter_"):
                result = list(islice(result, step.take))
        except errors as error:
            outcomes.append(Outcome(step, error=error))
        else:
            outcomes.append(Outcome(step, result=result))
    return outcomes


def resolve_arguments(
    step: Call, outcomes: Sequence[Outcome]
) -> dict[str, object] | None:
    """``step``'s arguments, each :class:`FromResult` read; ``None`` if one can't be."""
    resolved: dict[str, object] = {}
    for name, value in step.arguments:
        if isinstance(value, FromResult):
            known = value.call < len(outcomes) and outcomes[value.call].error is None
            value = _dig(outcomes[value.call].result, value.path) if known else None
            if value is None:
                return None
        resolved[name] = value
    return resolved


def _dig(value: object, path: tuple[str | int, ...]) -> object:
    for part in path:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) else None
        elif isinstance(value, Mapping):
            value = value.get(part)
        else:
            value = getattr(value, part, None)
    return value


def build_cassette(
    scenario: Scenario,
    interactions: Sequence[Mapping[str, Any]],
    *,
    source: str,
    provenance: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "format": CASSETTE_FORMAT,
        "scenario": scenario.name,
        "description": scenario.description,
        "source": source,
        **(provenance or {}),
        "calls": [encode_call(step) for step in scenario.calls],
        "interactions": [dict(interaction) for interaction in interactions],
    }


class RecordingTransport(httpx.BaseTransport):
    """Sends each request through ``inner`` and keeps a redacted record of it.

    The client gets exactly what the cassette keeps: the body decoded, no
    ``content-encoding``. Closing this leaves ``inner`` open for its owner to close.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        redactor: Redactor,
        operation_of: Callable[[str, str], dict[str, str] | None],
    ) -> None:
        self._inner, self._redactor, self._operation_of = inner, redactor, operation_of
        self.interactions: list[dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self._inner.handle_request(request)
        try:
            content = response.read()
        finally:
            response.close()
        answer = httpx.Response(
            response.status_code,
            headers=[
                (name, value)
                for name, value in response.headers.multi_items()
                if name.lower() not in ("content-encoding", "content-length")
            ],
            content=content,
            extensions={"reason_phrase": response.reason_phrase.encode("ascii")},
        )
        self.interactions.append(
            {
                "operation": self._operation_of(request.method, request.url.path),
                "request": self._redactor.request(request),
                "response": self._redactor.response(answer),
            }
        )
        return answer


def operation_index(package: ModuleType) -> Callable[[str, str], dict[str, str] | None]:
    """A lookup from (method, URL path) to the operation of ``package`` it calls."""
    runtime = importlib.import_module(f"{package.__name__}._runtime._operation")
    routes: list[tuple[str, re.Pattern[str], dict[str, str]]] = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module.ispkg and not module.name.startswith("_"):
            client = importlib.import_module(f"{package.__name__}.{module.name}.client")
            for value in vars(client).values():
                if isinstance(value, runtime.Operation):
                    # The server's path, then the operation's (under an OAuth
                    # api_domain, Pipedrive's /api before them).
                    server = urlsplit(value.server.replace("{", "%7B")).path
                    template = server.replace("%7B", "{").rstrip("/") + value.path
                    parts = re.split(r"\{[^}]+\}", template)
                    pattern = re.compile(
                        "(?:/api)?" + "[^/]+".join(map(re.escape, parts))
                    )
                    name = {"api": module.name, "operation_id": value.operation_id}
                    routes.append((value.method.upper(), pattern, name))

    def operation_of(method: str, path: str) -> dict[str, str] | None:
        for route_method, pattern, name in routes:
            if route_method == method.upper() and pattern.fullmatch(path):
                return dict(name)
        return None

    return operation_of


def record_scenario(
    scenario: Scenario,
    package: ModuleType,
    make_client: Callable[[httpx.BaseTransport], Any],
    inner: httpx.BaseTransport,
    *,
    redactor: Redactor,
    source: str,
    provenance: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], list[Outcome]]:
    """Run ``scenario`` on a client over ``inner``: the redacted cassette, the outcomes."""
    recording = RecordingTransport(inner, redactor, operation_index(package))
    client = make_client(recording)
    try:
        outcomes = run_scenario(client, scenario.calls, (package.PipedriveError,))
    finally:
        client.close()
    cassette = build_cassette(
        scenario, recording.interactions, source=source, provenance=provenance
    )
    return redactor.finish(cassette), outcomes


def import_package(package_dir: Path, name: str) -> ModuleType:
    """The generated package at ``package_dir/name``, imported as ``name``."""
    init = (package_dir / name / "__init__.py").resolve()
    loaded = sys.modules.get(name)
    if loaded is not None and loaded.__file__:
        if Path(loaded.__file__).resolve() != init:
            raise RecordingError(f"{name} is already imported from {loaded.__file__}")
        return loaded
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    if spec is None or spec.loader is None or not init.is_file():
        raise RecordingError(f"no generated package at {init.parent}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def record_command(
    scenarios: Sequence[str] | None,
    *,
    api_token: str | None,
    out_dir: Path,
    deny: Sequence[str],
    stdout: TextIO,
    transport: httpx.BaseTransport | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    base_url: str = DEFAULT_BASE_URL,
    package_dir: Path = Path("generated"),
    package_name: str = "pipedrive_client",
) -> int:
    """``pipedrive-codegen record``: run scenarios live and write redacted cassettes.

    Exit 2, writing nothing, in CI (``CI`` set), without a token, or for a scenario
    not in :data:`SCENARIOS`; ``None`` records them all. A token or base URL the client
    refuses, or an ``out_dir`` that cannot take the cassettes, is refused before any
    call. Files are written only when every scenario got a response and was redacted,
    as ``out_dir/<scenario>.json``; else exit 2, one line on ``stderr``.
    """
    environment = os.environ if environ is None else environ
    problem = _refusal(scenarios, api_token, environment, package_dir / package_name)
    if problem is None and api_token is not None:
        chosen = [s for s in SCENARIOS if scenarios is None or s.name in scenarios]
        try:
            files = _record(
                chosen,
                api_token,
                deny,
                out_dir,
                stdout,
                transport,
                base_url,
                import_package(package_dir, package_name),
            )
            write_cassettes(files)
        except RecordingError as error:
            problem = str(error)
        else:
            print(
                f"wrote {len(files)} cassettes to {out_dir}. They hold your account's "
                "data: review them (pass --deny for names, emails) before committing.",
                file=stdout,
            )
            return 0
    print(printable(f"pipedrive-codegen record: {problem}"), file=stderr or sys.stderr)
    return 2


def _record(
    chosen: Sequence[Scenario],
    token: str,
    deny: Sequence[str],
    out_dir: Path,
    stdout: TextIO,
    transport: httpx.BaseTransport | None,
    base_url: str,
    package: ModuleType,
) -> dict[Path, str]:
    """The cassette texts of ``chosen``, by path; raises :class:`RecordingError` on bad
    input (before any call), a scenario that got no response at all, or one whose
    every call the API refused the token for."""
    files = {out_dir / f"{scenario.name}.json": "" for scenario in chosen}
    refuse_unmaskable(deny)

    def make_client(recording: httpx.BaseTransport) -> Any:
        return package.PipedriveClient(
            api_token=token, base_url=base_url, transport=recording, max_retries=0
        )

    try:  # the checks the client makes of its token and base URL, before any call
        make_client(httpx.MockTransport(_no_call)).close()
    except (ValueError, httpx.InvalidURL) as error:
        raise RecordingError(Redactor([token, *deny]).mask(str(error))) from None
    check_writable(out_dir, files)
    inner = transport if transport is not None else httpx.HTTPTransport()
    try:
        for scenario, path in zip(chosen, files):
            redactor = Redactor([token, *deny])
            cassette, outcomes = record_scenario(
                scenario,
                package,
                make_client,
                inner,
                redactor=redactor,
                source=f"live recording: pipedrive-codegen record against {base_url}",
            )
            files[path] = dump_cassette(cassette)
            count = len(cassette["interactions"])
            print(f"{scenario.name}: {count} responses", file=stdout)
            for outcome in outcomes:
                line = f"  {outcome.call.label} -> {_summary(outcome)}"
                print(redactor.mask(line), file=stdout)
            if not count:
                raise RecordingError(
                    f"{scenario.name} got no response from {redactor.mask(base_url)}"
                    f"{_first_error(outcomes, redactor)}; nothing is written"
                )
            refused = package.AuthenticationError
            if all(isinstance(outcome.error, refused) for outcome in outcomes):
                # A stale or wrong token: its 401s would replace good cassettes.
                raise RecordingError(
                    f"{scenario.name}: the API refused the token (401) at every call"
                    f"{_first_error(outcomes, redactor)}; nothing is written"
                )
    finally:
        if transport is None:
            inner.close()
    return files


def _no_call(request: httpx.Request) -> httpx.Response:
    raise AssertionError("the client made a call while it was being checked")


def _first_error(outcomes: Sequence[Outcome], redactor: Redactor) -> str:
    for outcome in outcomes:
        if outcome.error is not None:
            return f" ({redactor.mask(_summary(outcome))})"
    return ""


def _refusal(
    scenarios: Sequence[str] | None,
    api_token: str | None,
    environ: Mapping[str, str],
    package: Path,
) -> str | None:
    if environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return "refusing to run in CI (CI is set): recording calls the live API"
    if not api_token:
        return "refusing to run without an API token: set PIPEDRIVE_API_TOKEN"
    if not (package / "__init__.py").is_file():
        return f"no generated package at {package}: run pipedrive-codegen generate"
    unknown = sorted(set(scenarios or ()) - {scenario.name for scenario in SCENARIOS})
    if unknown:
        known = ", ".join(scenario.name for scenario in SCENARIOS)
        return f"no scenario {', '.join(unknown)}; the scenarios are: {known}"
    return None


def _summary(outcome: Outcome) -> str:
    if outcome.error is not None:
        return f"{type(outcome.error).__name__}: {outcome.error}"
    if isinstance(outcome.result, list):
        return f"{len(outcome.result)} items"
    return type(outcome.result).__name__
