"""Stoplight Prism, a mock server nobody here wrote, serving a spec as written.

``Prism`` starts ``prism mock`` (the pinned ``@stoplight/prism-cli`` that
``tests/prism/install.sh`` installs under ``tests/prism/node_modules``) on a free port
and stops it. ``PrismTransport`` is the httpx transport the generated client talks to
Prism through: Prism serves the spec's paths without the server's prefix (``/v1``,
``/api/v2``), so it takes the prefix off on the way, asks for static examples when told
to, and keeps, per exchange, what Prism said of the request. ``Arguments`` draws
plausible keyword arguments for an operation from the IR (bounds, enums and formats of
the spec kept).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import httpx

from pipedrive_codegen.ir.model import (
    Api,
    ArrayOf,
    Choice,
    MapOf,
    Model,
    ModelRef,
    Operation,
    Primitive,
    TypeRef,
    UnionOf,
)

HERE = Path(__file__).resolve().parent
PRISM = HERE / "node_modules" / ".bin" / "prism"
PRISM_VERSION = json.loads((HERE / "package.json").read_text())["devDependencies"][
    "@stoplight/prism-cli"
]
PRISM_ERRORS = "https://stoplight.io/prism/errors#"
STARTUP_LIMIT = 120.0  # seconds Prism may take to load a spec before the test fails


def missing_prism() -> str | None:
    """Why Prism cannot run here, or ``None`` when it can."""
    if shutil.which("node") is None:
        return "node is not installed: the Prism tests need node and npm"
    if not PRISM.exists():
        return "Prism is not installed: run tests/prism/install.sh (needs npm)"
    return None


def installed_prism_version() -> str:
    """The version of ``@stoplight/prism-cli`` that ``install.sh`` installed."""
    installed = HERE / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    version: str = json.loads(installed.read_text())["version"]
    return version


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Prism:
    """``prism mock`` of one spec: dynamic responses (``-d``) from a fixed seed."""

    def __init__(self, spec: Path, log: Path, seed: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [str(PRISM), "mock", str(spec), "--port", str(self.port)]
        command += ["--host", "127.0.0.1", "--dynamic", "--seed", str(seed)]
        command += ["--errors", "false", "--verboseLevel", "error"]
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own group: stopped with what it forks
            )
        self.ready = False

    def wait_until_ready(self) -> None:
        """Return once Prism answers (it starts in the background meanwhile)."""
        deadline = time.monotonic() + STARTUP_LIMIT
        while not self.ready and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prism mock exited: {self.log.read_text()[-2000:]}")
            try:
                httpx.get(f"{self.url}/", timeout=1.0)  # any answer: it listens
                self.ready = True
            except httpx.TransportError:
                time.sleep(0.1)
        if not self.ready:
            raise RuntimeError(
                f"prism mock did not start: {self.log.read_text()[-2000:]}"
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@dataclass
class Exchange:
    """One request the client sent and what Prism made of it."""

    method: str
    path: str
    status: int
    refusal: str | None  # Prism's own problem response, or its request violations
    json_body: bool  # a JSON body came back


class PrismTransport(httpx.HTTPTransport):
    """Sends to Prism (at ``origin``) what the client sends, the server's prefix
    (``/v1``) taken off the path; ``static`` asks Prism for the spec's examples instead
    of drawing."""

    def __init__(self, prefix: str, origin: str, static: bool = False) -> None:
        super().__init__()
        self.prefix, self.origin, self.static = prefix, httpx.URL(origin), static
        self.exchanges: list[Exchange] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent = forwarded(request, self.prefix, self.origin, self.static)
        response = super().handle_request(sent)
        response.read()
        self.exchanges.append(exchange(request, response))
        return response


class AsyncPrismTransport(httpx.AsyncHTTPTransport):
    """:class:`PrismTransport` for the async client."""

    def __init__(self, prefix: str, origin: str, static: bool = False) -> None:
        super().__init__()
        self.prefix, self.origin, self.static = prefix, httpx.URL(origin), static
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sent = forwarded(request, self.prefix, self.origin, self.static)
        response = await super().handle_async_request(sent)
        await response.aread()
        self.exchanges.append(exchange(request, response))
        return response


def forwarded(
    request: httpx.Request, prefix: str, origin: httpx.URL, static: bool
) -> httpx.Request:
    """``request`` as Prism (at ``origin``) serves it: the path without the server's
    prefix; a request to an operation's own server (another origin: Pipedrive's OAuth
    operations) with its path as it is, which is the spec's."""
    path = request.url.raw_path
    start = prefix.encode() + b"/"
    if request.url.host == origin.host and request.url.port == origin.port:
        assert path.startswith(start), path  # the client kept the server's path
    else:
        start = b"/"
    headers = httpx.Headers(request.headers)
    if static:
        headers["Prefer"] = "dynamic=false"
    return httpx.Request(
        request.method,
        origin.copy_with(raw_path=path[len(start) - 1 :]),
        headers=headers,
        stream=request.stream,
    )


def exchange(request: httpx.Request, response: httpx.Response) -> Exchange:
    return Exchange(
        request.method,
        request.url.path,
        response.status_code,
        _refusal(response),
        response.headers.get("content-type", "").startswith("application/json")
        and bool(response.content.strip()),
    )


def _refusal(response: httpx.Response) -> str | None:
    """What Prism held against the request: its own 4xx problem response (a 422 for a
    request that breaks the spec, a 404 for a path it does not serve, a 401 for
    credentials the spec does not ask for, a 406 for an Accept it cannot meet), or the
    request violations it names in ``sl-violations``. (A 5xx problem is Prism failing
    to mock an answer, a ``text/html`` without a schema, say: no verdict on the request.)
    """
    problem_json = response.headers.get("content-type", "").startswith(
        "application/problem+json"
    )
    if problem_json and 400 <= response.status_code < 500:
        try:
            problem = response.json()
        except ValueError:
            problem = {}
        if isinstance(problem, dict) and str(problem.get("type", "")).startswith(
            PRISM_ERRORS
        ):
            messages = [
                str(item.get("message")) for item in problem.get("validation") or []
            ]
            return "; ".join([str(problem.get("title")), *messages])[:600]
    violations = response.headers.get("sl-violations")
    if violations:
        try:
            listed = json.loads(violations)
        except ValueError:  # "Too many violations! [...": cut short
            return violations[:600] if '"location":["request"' in violations else None
        found = [item for item in listed if item.get("location", [""])[0] == "request"]
        if found:
            return "; ".join(str(item.get("message")) for item in found)[:600]
    return None


class Arguments:
    """Plausible keyword arguments of one operation's method, drawn from the IR."""

    def __init__(self, api: Api, models_module: Any) -> None:
        self.models: dict[str, Model] = {model.name: model for model in api.models}
        self.models_module = models_module

    def draw(self, operation: Operation, rng: random.Random) -> dict[str, Any]:
        arguments: dict[str, Any] = {}
        for parameter in operation.parameters:
            if parameter.where == "cookie":
                continue
            if parameter.required or rng.random() < 0.5:
                value = self._value(parameter.type, rng, 0)
                arguments[parameter.python_name] = _python(parameter.type, value)
        body = operation.request_body
        if body is not None and (body.required or rng.random() < 0.8):
            arguments.update(self._body(body.type, rng, set(arguments)))
        return arguments

    def _body(
        self, type_: TypeRef, rng: random.Random, taken: set[str]
    ) -> dict[str, Any]:
        if not isinstance(type_, ModelRef):
            return {"body": self._value(type_, rng, 0)}
        data = self._value(type_, rng, 0)
        model_class = getattr(self.models_module, type_.name)
        built = model_class.model_validate_json(json.dumps(data))
        fields = {name: getattr(built, name) for name in built.model_fields_set}
        if rng.random() < 0.5 or taken & set(fields):
            return {"body": built}
        return fields  # as keyword arguments, the way most callers write a body

    def _value(self, type_: TypeRef, rng: random.Random, depth: int) -> Any:
        if isinstance(type_, Choice):
            return rng.choice([value for value in type_.values if value is not None])
        if isinstance(type_, Primitive):
            return _primitive(type_, rng)
        if isinstance(type_, ArrayOf):
            low = type_.constraints.min_items or (0 if depth > 2 else 1)
            high = max(low, min(type_.constraints.max_items or 2, 2))
            items = [self._value(type_.item, rng, depth + 1) for _ in range(high)]
            if type_.constraints.unique_items:
                unique = {json.dumps(item, sort_keys=True): item for item in items}
                items = list(unique.values())
            return items[: max(low, rng.randint(low, high))]
        if isinstance(type_, MapOf):
            key = str(rng.randint(1, 999)) if type_.key == "integer" else "key"
            return {key: self._value(type_.value, rng, depth + 1)}
        if isinstance(type_, UnionOf):
            return self._value(rng.choice(type_.options), rng, depth)
        assert isinstance(type_, ModelRef)
        model = self.models[type_.name]
        return {
            item.name: self._value(item.type, rng, depth + 1)
            for item in model.fields
            if item.required or (depth < 2 and rng.random() < 0.6)
        }


def _primitive(type_: Primitive, rng: random.Random) -> Any:
    bounds = type_.constraints
    if type_.type in ("integer", "number"):
        low = bounds.minimum if bounds.minimum is not None else 1
        if bounds.exclusive_minimum is not None:
            low = bounds.exclusive_minimum + 1
        high = bounds.maximum if bounds.maximum is not None else max(low, 100) + 400
        if bounds.exclusive_maximum is not None:
            high = bounds.exclusive_maximum - 1
        value = rng.randint(int(low), max(int(low), int(high)))
        if bounds.multiple_of:
            value = int(value // bounds.multiple_of * bounds.multiple_of) or int(
                bounds.multiple_of
            )
        return value if type_.type == "integer" else value + 0.5 * (value < high)
    if type_.type == "boolean":
        return rng.random() < 0.5
    if type_.type == "any":
        return rng.choice(["x", 1, True])
    if type_.format == "date":
        return date(2024, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if type_.format == "date-time":
        moment = datetime(
            2024, rng.randint(1, 12), rng.randint(1, 28), tzinfo=timezone.utc
        )
        return moment.isoformat().replace("+00:00", "Z")
    if type_.format == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if type_.format == "email":
        return f"user{rng.randint(1, 99)}@example.com"
    if type_.format in ("uri", "url"):
        return f"https://example.com/{rng.randint(1, 99)}"
    if type_.format == "binary":
        return "file contents"
    low = bounds.min_length or 1
    high = max(low, min(bounds.max_length or 12, 12))
    return "".join(rng.choice("abcdefghij") for _ in range(rng.randint(low, high)))


def _python(type_: TypeRef, value: Any) -> Any:
    """A parameter's JSON value as the method takes it (``date``, ``UUID``, ...)."""
    if isinstance(type_, Primitive) and isinstance(value, str):
        if type_.format == "date":
            return date.fromisoformat(value)
        if type_.format == "date-time":
            return datetime.fromisoformat(value)
        if type_.format == "uuid":
            return uuid.UUID(value)
    if isinstance(type_, ArrayOf) and isinstance(value, list):
        return [_python(type_.item, item) for item in value]
    return value
