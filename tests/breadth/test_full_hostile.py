"""No path value reaches another endpoint (issue 17, finding 1), on every operation of
Pipedrive's full v1 and v2 APIs.

The full package is generated once for the run (``full_package``); every operation is called through the
generated client with hostile path values (``.``, ``..``, ``../x``, ``%2e%2e``, the
empty string, any text, numbers given as text) over an ``httpx.MockTransport`` that
records the path. A call either refuses its values before anything is sent (a
``TypeError``/``ValueError``) or sends a path that matches the operation's template,
each value in its own place, whole.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
import typing
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit
from uuid import UUID

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FullPackage

PACKAGE = FullPackage.PACKAGE
SPECS = FullPackage.SPECS
OPERATIONS = 213 + 158  # as Pipedrive published them
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# What a percent-encoded path segment is made of (RFC 3986 unreserved, and escapes).
SEGMENT = r"([A-Za-z0-9\-._~%]+)"
# The spec's text of a UUID, as a ``UUID | str`` parameter takes it (RFC 4122's form).
UUID_TEXT = re.compile(r"[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")
HOSTILE = (
    ".",
    "..",
    "",
    "../..",
    "../users",
    "..\\users",
    "./",
    "/",
    "%2e%2e",
    "%2E",
    "..%2f",
    "?x=1",
    "#top",
    "a/../../b",
    " ",
    "\n",
    "1",
    "-1",
    "1.5",
    "0x10",
    "12abc",
)


class Sent(Exception):
    """Raised by the transport once it has recorded a request: nothing is answered."""


@dataclass(frozen=True)
class Call:
    api: str
    name: str  # the method
    template: str  # the operation's path, with its server's prefix
    path: dict[str, tuple[str, str]]  # python name -> (spec name, declared type)
    required: dict[str, Any]  # the other required arguments, valid values


@pytest.fixture(scope="module")
def client(full_package: FullPackage) -> Iterator[Any]:
    run = full_package.run
    assert run.returncode == 0, run.stderr
    out = full_package.root
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module(PACKAGE)
        with package.PipedriveFullClient(
            api_token="token-0123456789", transport=httpx.MockTransport(_record)
        ) as made:
            yield made
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


SENT: list[httpx.Request] = []


def _record(request: httpx.Request) -> httpx.Response:
    SENT.append(request)
    raise Sent


def _first(hint: Any) -> Any:
    """The Python type of ``date | str``, ``UUID | str`` (a parameter that takes the
    spec's text too): the first; any other type as it is."""
    return typing.get_args(hint)[0] if isinstance(hint, types.UnionType) else hint


def _value_of(hint: Any) -> Any:
    """A valid value of an argument's type."""
    hint = _first(hint)
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return typing.get_args(hint)[0]
    if origin is list:
        return [_value_of(typing.get_args(hint)[0])]
    return {int: 1, str: "x", bool: True, float: 1.0, date: date(2024, 1, 2)}[hint]


def _calls(client: Any) -> list[Call]:
    calls = []
    for api in SPECS:
        module = importlib.import_module(f"{PACKAGE}.{api}.client")
        operations = getattr(client, api)
        names = {**vars(module), "date": date, "datetime": datetime, "UUID": UUID}
        for name, method in inspect.getmembers(operations, inspect.ismethod):
            if name.startswith(("_", "iter_")):
                continue
            operation = getattr(module, name.upper())
            spec_names = PLACEHOLDER.findall(operation.path)
            path, required = {}, {}
            for parameter in inspect.signature(method).parameters.values():
                if parameter.default is not inspect.Parameter.empty:
                    continue
                hint = eval(parameter.annotation, names)
                if parameter.name.replace("_", "") in {
                    n.replace("-", "").replace("_", "").lower() for n in spec_names
                }:
                    spec = next(
                        n
                        for n in spec_names
                        if n.replace("-", "").replace("_", "").lower()
                        == parameter.name.replace("_", "")
                    )
                    path[parameter.name] = (spec, _first(hint).__name__)
                else:
                    required[parameter.name] = _value_of(hint)
            assert len(path) == len(spec_names), (name, spec_names, path)
            # The server's path, then the operation's: where the request goes.
            template = urlsplit(operation.server).path.rstrip("/") + operation.path
            calls.append(Call(api, name, template, path, required))
    return calls


def _expected_text(value: object, declared: str) -> str | None:
    """What the value's segment must decode to, or None if the value must be
    refused."""
    if declared == "int":
        return str(value) if type(value) is int else None
    if declared == "UUID":
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, str) and UUID_TEXT.fullmatch(value):
            return str(UUID(value))
        return None
    if not isinstance(value, str):
        return None
    text = value
    pieces = text.replace("\\", "/").split("/")
    if not text or "." in pieces or ".." in pieces:
        return None
    return text


def _hostile(declared: str) -> st.SearchStrategy[object]:
    good = {"int": st.integers(), "UUID": st.uuids(), "str": st.text(min_size=1)}
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(),
        st.text(alphabet="./\\%2eE", max_size=6),
        good[declared],
        st.booleans(),
    )


def _check_one(client: Any, call: Call, values: dict[str, object]) -> None:
    method: Callable[..., Any] = getattr(getattr(client, call.api), call.name)
    expected = {
        call.path[name][0]: _expected_text(value, call.path[name][1])
        for name, value in values.items()
    }
    SENT.clear()
    try:
        with warnings.catch_warnings():  # a deprecated operation warns: not this test's
            warnings.simplefilter("ignore", DeprecationWarning)
            method(**values, **call.required)
    except Sent:
        pass
    except (TypeError, ValueError):
        assert SENT == [], f"{call.name}: refused after sending"
        assert None in expected.values(), f"{call.name} refused {values!r}"
        return
    assert len(SENT) == 1, call.name
    assert None not in expected.values(), f"{call.name} sent {values!r}"
    pattern = "".join(
        SEGMENT if index % 2 else re.escape(part)
        for index, part in enumerate(PLACEHOLDER.split(call.template))
    )
    path = SENT[0].url.raw_path.decode("ascii").partition("?")[0]
    match = re.fullmatch(pattern, path)
    assert match, f"{call.name}: {values!r} sent {path!r}, not {call.template!r}"
    for spec_name, segment in zip(
        PLACEHOLDER.findall(call.template), match.groups(), strict=True
    ):
        assert segment not in (".", ".."), (call.name, path)
        assert unquote(segment) == expected[spec_name], (call.name, path)


def test_every_operation_of_the_full_api_is_called(client: Any) -> None:
    calls = _calls(client)
    assert len(calls) == OPERATIONS
    assert sum(1 for call in calls if call.path) > 200


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_path_value_changes_the_endpoint(client: Any, data: st.DataObject) -> None:
    for call in _CALLS.get(id(client)) or _CALLS.setdefault(id(client), _calls(client)):
        if not call.path:
            continue
        values = {
            name: data.draw(_hostile(declared), label=f"{call.name}.{name}")
            for name, (_, declared) in call.path.items()
        }
        _check_one(client, call, values)


_CALLS: dict[int, list[Call]] = {}


@pytest.mark.parametrize("value", HOSTILE)
def test_each_known_hostile_value_on_every_operation(client: Any, value: str) -> None:
    for call in _CALLS.get(id(client)) or _CALLS.setdefault(id(client), _calls(client)):
        for name in call.path:
            values: dict[str, object] = {other: 7 for other in call.path}
            for other, (_, declared) in call.path.items():
                if declared == "UUID":
                    values[other] = UUID(int=7)
                elif declared == "str":
                    values[other] = "seven"
            values[name] = value
            _check_one(client, call, values)
