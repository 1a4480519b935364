"""The generated client against Stoplight Prism, an independent mock of each spec.

For every spec the project generates from (the two activity specs, whose package is the
committed ``generated/``, and Pipedrive's full v1 and v2, generated once for the run:
``full_package`` in ``conftest.py``), ``prism
mock`` serves the spec as written, drawing responses from its schemas (``-d``, seeded)
or, when asked, returning its examples. Every operation is called with plausible
arguments drawn from the spec (sync and async, several draws), and:

* Prism never refuses a request the client sent: no 422 for a request that breaks the
  spec, no 404 for a path it does not serve, no 401 for credentials the spec does not
  ask for, no request violation in ``sl-violations`` (but for ``KNOWN_REFUSALS``);
* every 2xx reaches the caller as data, never as an exception (a body that does not
  fit its model is returned as far as it fits, with a ``ResponseMismatchWarning``).

Prism is a pinned dev dependency (``tests/prism/package.json``), installed by
``tests/prism/install.sh`` (``.ci/run`` does it where npm exists); without node or the
install these tests skip, saying why.
"""

from __future__ import annotations

import asyncio
import importlib
import random
import re
import sys
import warnings
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from prism_support import (
    PRISM_VERSION,
    Arguments,
    AsyncPrismTransport,
    Exchange,
    Prism,
    PrismTransport,
    installed_prism_version,
    missing_prism,
)

from conftest import ROOT, SUMMARY, FullPackage
from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.ir.model import Api, Operation
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs

MISSING = missing_prism()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))

TOKEN = "prism-test-token"
SEED = 20261203


@dataclass(frozen=True)
class Target:
    spec: Path
    api: str  # the subpackage
    package: str  # the committed one, or the full one
    client: str  # its client class (the async one is "Async" + this)
    draws: int  # dynamic draws per operation, sync and async each


TARGETS = {
    "activities-v1": Target(
        ROOT / "specs/activities-v1.yaml",
        "v1",
        "pipedrive_client",
        "PipedriveClient",
        5,
    ),
    "activities-v2": Target(
        ROOT / "specs/activities-v2.yaml",
        "v2",
        "pipedrive_client",
        "PipedriveClient",
        5,
    ),
    "full-v1": Target(
        FullPackage.SPECS["v1"], "v1", FullPackage.PACKAGE, "PipedriveFullClient", 1
    ),
    "full-v2": Target(
        FullPackage.SPECS["v2"], "v2", FullPackage.PACKAGE, "PipedriveFullClient", 1
    ),
}

# Requests Prism refuses for a reason known and not the client's fault:
# (target, operationId) -> why. Any other refusal fails the test, and so does one of
# these that no longer happens (take it off the list then).
OAUTH_SERVER = (
    "the spec asks Basic client credentials of this OAuth operation (sent to its own "
    "server, https://oauth.pipedrive.com), which the test's client, made with an API "
    "token, does not hold; Prism answers 401 (the client's exchange_code() and token "
    "refresh send them)"
)
KNOWN_REFUSALS = {
    ("full-v1", "get-tokens"): OAUTH_SERVER,
    ("full-v1", "refresh-tokens"): OAUTH_SERVER,
}


class Background:
    """What takes long, started at once so that it overlaps: every spec's Prism (and,
    while they start, the full package, unless another test made it already)."""

    def __init__(self, folder: Path) -> None:
        self.prisms: dict[str, Prism] = {}
        for name, target in TARGETS.items():
            self.prisms[name] = Prism(target.spec, folder / f"{name}.log", SEED)

    def stop(self) -> None:
        for prism in self.prisms.values():
            prism.stop()


@pytest.fixture(scope="module")
def background(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Background]:
    started = Background(tmp_path_factory.mktemp("prism"))
    try:
        yield started
    finally:
        started.stop()


@dataclass
class Served:
    """One spec served by Prism, with the package generated from it."""

    name: str
    target: Target
    prism: Prism
    ir: Api
    package: ModuleType
    arguments: Arguments

    @property
    def prefix(self) -> str:
        return httpx.URL(self.ir.server_url).path.rstrip("/")

    def options(self, transport: Any) -> dict[str, Any]:
        return {
            "api_token": TOKEN,
            "base_url": self.prism.url,
            "transport": transport,
            "max_retries": 0,
        }

    def draws(self, operation: Operation, kind: str) -> Iterator[dict[str, Any]]:
        """Keyword arguments for ``operation``, the same on every run."""
        count = 1 if kind == "static" else self.target.draws
        for draw in range(count):
            seed = zlib.crc32(f"{operation.operation_id}/{kind}/{draw}".encode())
            yield self.arguments.draw(operation, random.Random(seed))


@pytest.fixture(scope="module", params=list(TARGETS))
def served(request: pytest.FixtureRequest, background: Background) -> Iterator[Served]:
    name = request.param
    target = TARGETS[name]
    added = None
    if target.package == FullPackage.PACKAGE:
        full: FullPackage = request.getfixturevalue("full_package")
        assert full.run.returncode == 0, full.run.stderr
        added = str(full.root)
        sys.path.insert(0, added)
    ir = build_ir(resolve_refs(load_spec(target.spec)), target.api)
    package = importlib.import_module(target.package)
    models = importlib.import_module(f"{target.package}.{target.api}.models")
    prism = background.prisms[name]
    prism.wait_until_ready()
    yield Served(name, target, prism, ir, package, Arguments(ir, models))
    if added is not None:
        sys.path.remove(added)


# What the tests did, for the run's summary line: calls, 2xx, and 2xx returned leniently.
TOTALS = {"calls": 0, "2xx": 0, "lenient": 0}


@pytest.fixture(scope="module", autouse=True)
def report_calls(request: pytest.FixtureRequest) -> None:
    request.config.stash[SUMMARY].append(_describe_calls)


def _describe_calls() -> str | None:
    if not TOTALS["calls"]:
        return None
    return (
        f"prism {PRISM_VERSION}: {TOTALS['calls']} calls, {TOTALS['2xx']} answered "
        f"2xx, {TOTALS['lenient']} of them returned as far as they fit the model "
        "(ResponseMismatchWarning)"
    )


@dataclass
class Findings:
    """What the calls of one test found, by operation."""

    served: Served
    calls: int = 0
    refused: dict[str, list[str]] = field(default_factory=dict)
    lost: dict[str, list[str]] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)  # got a 2xx at least once

    def record(
        self,
        operation: Operation,
        exchange: Exchange | None,
        result: Any,
        error: BaseException | None,
    ) -> None:
        self.calls += 1
        TOTALS["calls"] += 1
        key = operation.operation_id
        if exchange is None:
            self.lost.setdefault(key, []).append(f"nothing sent: {error!r}")
            return
        where = f"{exchange.method} {exchange.path} -> {exchange.status}"
        if exchange.refusal is not None:
            self.refused.setdefault(key, []).append(f"{where}: {exchange.refusal}")
        elif 200 <= exchange.status < 300:
            self.answered.add(key)
            TOTALS["2xx"] += 1
            if error is not None:
                self.lost.setdefault(key, []).append(f"{where} raised {error!r}")
            elif exchange.json_body and result is None:
                self.lost.setdefault(key, []).append(f"{where} gave None")

    def check(self, every_one_answered: bool) -> None:
        assert self.calls >= len(self.served.ir.operations)
        assert not self.lost, _listed(self.lost)
        known = {op for (name, op) in KNOWN_REFUSALS if name == self.served.name}
        if every_one_answered:  # so that no operation passes for want of a 2xx
            unanswered = {op.operation_id for op in self.served.ir.operations}
            assert unanswered - self.answered - known == set()
        unexpected = {
            key: texts for key, texts in self.refused.items() if key not in known
        }
        assert not unexpected, _listed(unexpected)
        assert set(self.refused) == known, (
            f"no longer refused, take them off KNOWN_REFUSALS: "
            f"{sorted(known - set(self.refused))}"
        )


def _listed(found: dict[str, list[str]], limit: int = 12) -> str:
    lines = [f"{key}: {text}" for key, texts in sorted(found.items()) for text in texts]
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"{len(found)} operations:\n" + "\n".join(lines[:limit]) + more


def test_prism_is_the_pinned_version() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", PRISM_VERSION)  # exact, not a range
    assert installed_prism_version() == PRISM_VERSION


def test_every_operation_sync_with_drawn_and_example_responses(served: Served) -> None:
    findings = Findings(served)
    mismatch = served.package.ResponseMismatchWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", mismatch)
        for kind in ("dynamic", "static"):
            transport = PrismTransport(
                served.prefix, served.prism.url, static=kind == "static"
            )
            client = getattr(served.package, served.target.client)(
                **served.options(transport)
            )
            with client:
                operations = getattr(client, served.target.api)
                for operation in served.ir.operations:
                    method: Callable[..., Any] = getattr(
                        operations, operation.python_name
                    )
                    for arguments in served.draws(operation, kind):
                        before = len(transport.exchanges)
                        result, error = None, None
                        try:
                            result = method(**arguments)
                        except Exception as failure:  # every failure is a finding
                            error = failure
                        exchange = _last(transport.exchanges, before)
                        findings.record(operation, exchange, result, error)
    TOTALS["lenient"] += sum(item.category is mismatch for item in caught)
    findings.check(every_one_answered=True)


def test_every_operation_async(served: Served) -> None:
    findings = Findings(served)

    async def run() -> None:
        transport = AsyncPrismTransport(served.prefix, served.prism.url)
        client = getattr(served.package, f"Async{served.target.client}")(
            **served.options(transport)
        )
        async with client:
            operations = getattr(client, served.target.api)
            for operation in served.ir.operations:
                method: Callable[..., Awaitable[Any]] = getattr(
                    operations, operation.python_name
                )
                for arguments in served.draws(operation, "async"):
                    before = len(transport.exchanges)
                    result, error = None, None
                    try:
                        result = await method(**arguments)
                    except Exception as failure:  # every failure is a finding
                        error = failure
                    exchange = _last(transport.exchanges, before)
                    findings.record(operation, exchange, result, error)

    mismatch = served.package.ResponseMismatchWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", mismatch)
        asyncio.run(run())
    TOTALS["lenient"] += sum(item.category is mismatch for item in caught)
    # Prism cannot draw some answers (a text/html without a schema: a 500 of its own)
    findings.check(every_one_answered=False)


def _last(exchanges: list[Exchange], before: int) -> Exchange | None:
    return exchanges[-1] if len(exchanges) > before else None
