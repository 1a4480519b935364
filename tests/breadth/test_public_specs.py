"""Public OpenAPI specs nobody here wrote, of every size and style (issue 19).

Each spec of ``public/`` (provenance and licences in ``public/PROVENANCE.md``) generates
through the CLI into a temporary folder, imports with warnings as errors, passes
``mypy --strict``, has no numbered names (``Data1``, ``Model2``, ``Pet1``), and one of
its operations is called through ``httpx.MockTransport``: the request goes out as the
spec says, and the spec's own example response (or, where it has none, a body built
from the response schema's examples) parses into the annotated result and dumps back
to the same JSON.

The specs whose licence forbids redistribution are not in the repository:
``sh tests/breadth/public/fetch.sh`` downloads them (pinned commit and sha256) into
``public/downloaded/``, and their tests skip, saying so, while they are absent.

A ``default`` that breaks its own schema is ignored with one located warning each
(Xero's booleans default to ``'false'``, PagerDuty's integer limit to
``'20 - incident_summary'``): a spec's run prints those warnings and nothing else.

Cost: every package is generated once per session (two CLI processes at a time, the
biggest first, ruff's formatter), imported in one interpreter and type-checked by one
``mypy`` run over all of them. The specs of more than 250 operations are ``big``: they
only generate, import, type-check and make their one call, as the small ones do; two of
them are in the repository, so CI runs two.
"""

from __future__ import annotations

import datetime
import gzip
import importlib
import json
import re
import shutil
import sys
import typing
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest
import yaml
from breadth_support import (
    BANNED_NAME,
    LOCATED_LINE,
    Generated,
    class_names,
    generate_all,
    import_all,
    method_names,
    mypy_all,
    operation_ids,
)

PUBLIC = Path(__file__).resolve().parent / "public"
DOWNLOADED = PUBLIC / "downloaded"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Call:
    """One operation called through the generated client."""

    method: str  # the generated method
    arguments: dict[str, Any]  # its keyword arguments
    http: str  # the request that must go out: its method
    path: str  # and the end of its URL's path (the spec's path, filled in)
    response: str  # JSON pointer of the response's media type object in the spec
    status: int = 200
    example: str | None = None  # a name in its ``examples``; else ``example`` or built
    query: dict[str, str] = field(default_factory=dict)  # query items that must be sent
    headers: dict[str, str] = field(default_factory=dict)  # headers that must be sent


@dataclass(frozen=True)
class Public:
    name: str  # the package is public_<name>
    file: str  # under public/ (``.gz`` is unpacked first) or public/downloaded/
    operations: int  # as the spec has them
    call: Call
    downloaded: bool = False
    big: bool = False  # more than 250 operations
    ignored_defaults: int = 0  # defaults that break their schemas: a warning each
    xfail: str | None = None  # a known generator bug that stops it, named
    shows: str = ""  # what its error output holds while that bug stands
    # A known generator bug that makes it run for hours: not generated, and skipped.
    hangs: str | None = None

    @property
    def package(self) -> str:
        return f"public_{self.name}"

    @property
    def source(self) -> Path:
        return (DOWNLOADED if self.downloaded else PUBLIC) / self.file


def media(path: str, method: str, status: str, kind: str = "application/json") -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    kind = kind.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method}/responses/{status}/content/{kind}"


SPECS = [
    Public(
        "box",
        "box.json.gz",
        296,
        Call(
            "get_files_id",
            {"file_id": "12345"},
            "GET",
            "/files/12345",
            media("/files/{file_id}", "get", "200"),
        ),
        big=True,
    ),
    Public(
        "pagerduty",
        "pagerduty-openapiv3.json",
        465,
        Call(
            "get_incident",
            {  # two required headers, each with a default the client does not fill in
                "id": "PT4KHLK",
                "accept": "application/vnd.pagerduty+json;version=2",
                "content_type": "application/json",
            },
            "GET",
            "/incidents/PT4KHLK",
            media("/incidents/{id}", "get", "200"),
            example="response",
            headers={"accept": "application/vnd.pagerduty+json;version=2"},
        ),
        downloaded=True,
        big=True,
        ignored_defaults=1,  # sre_memories_limit: '20 - incident_summary'
    ),
    Public(
        "sendgrid",
        "sendgrid_v3.json.gz",
        334,
        Call(
            "get_api_keys_api_key_id",
            {"api_key_id": "some-apikey-id", "on_behalf_of": "subuser"},
            "GET",
            "/v3/api_keys/some-apikey-id",
            media("/api_keys/{api_key_id}", "get", "200"),
            example="response",
            headers={"on-behalf-of": "subuser"},
        ),
        big=True,
    ),
    Public(
        "discord",
        "discord.json.gz",
        242,
        Call(
            "get_my_user",
            {},
            "GET",
            "/users/@me",
            media("/users/@me", "get", "200"),
        ),
    ),
    Public(
        "xero_accounting",
        "xero_accounting.yaml.gz",
        235,
        Call(
            "get_account",
            {
                "xero_tenant_id": "tenant",
                "account_id": uuid.UUID("99ce6032-0678-4aa0-8148-240c75fee33a"),
            },
            "GET",
            "/Accounts/99ce6032-0678-4aa0-8148-240c75fee33a",
            media("/Accounts/{AccountID}", "get", "200"),
        ),
        ignored_defaults=23,  # boolean properties with default: 'false', a string
    ),
    Public(
        "twilio_api",
        "twilio_api_v2010.json.gz",
        197,
        Call(
            "fetch_account",
            {"sid": "AC0123456789abcdef0123456789abcdef"},
            "GET",
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef.json",
            media("/2010-04-01/Accounts/{Sid}.json", "get", "200"),
        ),
    ),
    Public(
        "hubspot_lists",
        "hubspot-crm-lists-v3.json",
        30,
        Call(
            "get_crm_v_3_lists_list_id_crm_v_3_lists_list_id",
            {"list_id": "123"},
            "GET",
            "/crm/v3/lists/123",
            media("/crm/v3/lists/{listId}", "get", "200"),
        ),
        downloaded=True,
    ),
    Public(
        "petstore",
        "swagger-petstore.yaml",
        19,
        Call(
            "find_pets_by_status",
            {"status": "sold"},
            "GET",
            "/pet/findByStatus",
            media("/pet/findByStatus", "get", "200"),
            query={"status": "sold"},
        ),
    ),
    Public(
        "museum",
        "redocly-museum.yaml",
        8,
        Call(
            "buy_museum_tickets",
            {
                "ticket_type": "general",
                "ticket_date": datetime.date(2023, 9, 7),
                "email": "museum-lover@example.com",
            },
            "POST",
            "/tickets",
            media("/tickets", "post", "201"),
            status=201,
            example="general_entry",
        ),
    ),
    Public(
        "link_example",
        "link-example.yaml",
        6,
        Call(
            "get_repository",
            {"username": "octo", "slug": "hello"},
            "GET",
            "/2.0/repositories/octo/hello",
            media("/2.0/repositories/{username}/{slug}", "get", "200"),
        ),
    ),
    Public(
        "uspto",
        "uspto.yaml",
        3,
        Call(
            "list_data_sets",
            {},
            "GET",
            "/",
            media("/", "get", "200"),
        ),
    ),
    Public(
        "tictactoe",
        "tictactoe.yaml",
        3,
        Call(
            "put_square",
            {"row": 1, "column": 2, "body": "X"},
            "PUT",
            "/board/1/2",
            media("/board/{row}/{column}", "put", "200"),
        ),
    ),
]
BY_NAME = {spec.name: spec for spec in SPECS}


class KnownBug(AssertionError):
    """A spec failed as its named bug makes it fail (any other failure is a failure)."""


def _parameters() -> list[Any]:
    """One parameter per spec, marked xfail(strict) where its named bug shows."""
    marks: dict[str, list[pytest.MarkDecorator]] = {}
    for spec in SPECS:
        marks[spec.name] = []
        if spec.xfail:
            marks[spec.name].append(
                pytest.mark.xfail(reason=spec.xfail, raises=KnownBug, strict=True)
            )
        if spec.hangs:
            marks[spec.name].append(pytest.mark.skip(reason=f"not run: {spec.hangs}"))
    return [pytest.param(spec.name, marks=marks[spec.name]) for spec in SPECS]


PARAMETERS = _parameters()


def _present(spec: Public) -> bool:
    return spec.source.is_file()


def _skip_if_absent(spec: Public) -> None:
    if not _present(spec):
        pytest.skip(
            f"{spec.file} is not in tests/breadth/public/downloaded/: its licence does "
            "not let this repository hold it; sh tests/breadth/public/fetch.sh "
            "downloads it"
        )


@dataclass(frozen=True)
class Results:
    root: Path  # the packages
    specs: Path  # the specs as the CLI read them (unpacked)
    generated: dict[str, Generated]
    imports: dict[str, str | None]
    mypy: dict[str, list[str]]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    folder = tmp_path_factory.mktemp("public-specs")
    out = tmp_path_factory.mktemp("public-packages")
    jobs: dict[str, tuple[list[str], Path]] = {}
    # The big ones first: they start first and do not finish last.
    for spec in sorted(SPECS, key=lambda spec: -spec.operations):
        if not _present(spec) or spec.hangs:
            continue
        target = folder / spec.source.name.removesuffix(".gz")
        if spec.source.suffix == ".gz":
            target.write_bytes(gzip.decompress(spec.source.read_bytes()))
        else:
            shutil.copyfile(spec.source, target)
        jobs[spec.package] = ([f"api={target.name}"], folder)
    # A default that breaks its schema stops a run unless told to drop it.
    ignore = {s.package: ["--ignore-bad-defaults"] for s in SPECS if s.ignored_defaults}
    generated = generate_all(jobs, out, formatter="ruff", options=ignore)
    built = [name for name, result in generated.items() if result.run.returncode == 0]
    return Results(out, folder, generated, import_all(out, built), mypy_all(out, built))


def _generated(results: Results, spec: Public) -> Path:
    _skip_if_absent(spec)
    run = results.generated[spec.package].run
    if run.returncode != 0 and spec.xfail and spec.shows in run.stderr:
        raise KnownBug(f"{spec.name}: {spec.xfail}")
    assert run.returncode == 0, run.stderr[-3000:]
    return results.root / spec.package


def _document(results: Results, spec: Public) -> Any:
    text = (results.specs / spec.source.name.removesuffix(".gz")).read_text()
    if spec.file.removesuffix(".gz").endswith(".json"):
        return json.loads(text)
    return yaml.load(text, Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def packages_root(results: Results) -> Iterator[Path]:
    sys.path.insert(0, str(results.root))
    yield results.root
    sys.path.remove(str(results.root))


def test_the_suite_is_as_broad_as_issue_19_asks() -> None:
    assert len(SPECS) >= 8
    assert len([spec for spec in SPECS if spec.operations > 250]) >= 2
    # two of them in the repository: CI, which downloads nothing, runs two
    assert len([spec for spec in SPECS if spec.big and not spec.downloaded]) >= 2
    assert all(spec.big == (spec.operations > 250) for spec in SPECS)
    provenance = (PUBLIC / "PROVENANCE.md").read_text()
    for spec in SPECS:
        assert f"`{spec.file}`" in provenance, spec.file
        if not spec.downloaded:
            assert spec.source.is_file(), spec.file
    fetch = (PUBLIC / "fetch.sh").read_text()
    for spec in SPECS:
        assert (spec.file in fetch) == spec.downloaded, spec.file


@pytest.mark.parametrize("name", PARAMETERS)
def test_it_generates_imports_and_passes_mypy_strict(
    name: str, results: Results
) -> None:
    spec = BY_NAME[name]
    _generated(results, spec)
    run = results.generated[spec.package].run
    warnings = run.stderr.splitlines()
    assert len(warnings) == spec.ignored_defaults, run.stderr[-3000:]
    assert len(set(warnings)) == len(warnings)
    for line in warnings:
        assert LOCATED_LINE.match(line) and line.endswith("; default ignored"), line
    assert results.imports[spec.package] is None, results.imports[spec.package]
    assert results.mypy[spec.package] == [], "\n".join(results.mypy[spec.package][:40])


def test_mypy_found_nothing_outside_the_packages(results: Results) -> None:
    assert results.mypy.get("?", []) == []


def _spec_text(document: Any) -> str:
    # (default=str: YAML reads Xero's unquoted timestamps as datetimes)
    return re.sub(r"[^a-z0-9]", "", json.dumps(document, default=str).lower())


@pytest.mark.parametrize("name", PARAMETERS)
def test_every_operation_has_a_method_and_no_name_is_numbered(
    name: str, results: Results
) -> None:
    spec = BY_NAME[name]
    package = _generated(results, spec)
    client = (package / "api" / "client.py").read_text()
    assert len(operation_ids(client)) == spec.operations
    parts = sorted((package / "api" / "_models").glob("*.py")) or [
        package / "api" / "models.py"
    ]
    models = [name for part in parts for name in class_names(part.read_text())]
    methods = method_names(client, "ApiOperations")
    assert [name for name in models + methods if BANNED_NAME.match(name)] == []
    # A name that ends in a number the spec never wrote next to it was numbered by the
    # generator to tell two things apart (``Pet1``, ``Data2``, ``ItemsItem3``); a
    # response named by its status (``UpdateCallRecordingResponse408``) is not.
    text = _spec_text(_document(results, spec))
    numbered = [
        name
        for name in models + methods
        if re.search(r"\D\d+$", name)
        and not re.search(r"Response[1-5]\d\d$", name)
        and re.sub(r"[^a-z0-9]", "", name.lower()) not in text
        and re.sub(r"[^a-z0-9]", "", name.lower().rsplit("_", 1)[-1]) not in text
    ]
    assert numbered == []


# -- one call through httpx.MockTransport ------------------------------------------------


def _pointer(document: Any, pointer: str) -> Any:
    node = document
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return _resolved(document, node)


def _resolved(document: Any, node: Any) -> Any:
    seen = 0
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        assert node["$ref"].startswith("#/"), node["$ref"]
        node = _pointer(document, node["$ref"][1:])
        seen += 1
        assert seen < 50
    return node


SAMPLES = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "someone@example.com",
    "uri": "https://example.com/a",
    "url": "https://example.com/a",
}


def _sample(document: Any, schema: Any, depth: int = 0) -> Any:
    """A value the schema accepts, from its examples where it has them."""
    schema = _resolved(document, schema)
    if not isinstance(schema, Mapping):
        return None
    for word in ("example", "default", "const"):
        if word in schema and (word != "example" or schema[word] is not None):
            return schema[word]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if schema.get("enum"):
        return next(value for value in schema["enum"] if value is not None)
    if "allOf" in schema:  # the parts' objects merged, else the first part's value
        values = [_sample(document, part, depth) for part in schema["allOf"]]
        objects = [value for value in values if isinstance(value, dict)]
        if not objects:
            return next((value for value in values if value is not None), None)
        return {key: value for part in objects for key, value in part.items()}
    for word in ("oneOf", "anyOf"):
        options = [
            option
            for option in schema.get(word, ())
            if _resolved(document, option).get("type") != "null"
        ]
        if options:
            return _sample(document, options[0], depth)
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next(item for item in declared if item != "null")
    if declared == "object" or "properties" in schema:
        required = set(schema.get("required") or ())
        return {
            str(key): _sample(document, value, depth + 1)
            for key, value in (schema.get("properties") or {}).items()
            if depth < 3 or key in required
        }
    if declared == "array":
        return [] if depth >= 3 else [_sample(document, schema.get("items"), depth + 1)]
    if declared == "string":
        return SAMPLES.get(str(schema.get("format")), "text")
    if declared == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if declared == "number":
        return 1.5
    if declared == "boolean":
        return True
    return None


def _example(document: Any, spec: Public) -> Any:
    media_type = _pointer(document, spec.call.response)
    if spec.call.example is not None:
        return _resolved(document, media_type["examples"][spec.call.example])["value"]
    if (
        media_type.get("example") is not None
    ):  # (HubSpot's ``example: null`` says nothing)
        return media_type["example"]
    if media_type.get("examples"):
        first = next(iter(media_type["examples"].values()))
        return _resolved(document, first)["value"]
    return _sample(document, media_type["schema"])


def _client_class(package: ModuleType) -> type[Any]:
    names = [
        name
        for name in getattr(package, "__all__", dir(package))
        if name.endswith("Client") and not name.startswith("Async")
    ]
    assert len(names) == 1, names
    client: type[Any] = getattr(package, names[0])
    return client


class _Names(dict[str, Any]):
    """The names a module gives, looked up on use (a large spec's models load lazily)."""

    def __init__(self, module: ModuleType) -> None:
        super().__init__()
        self.module = module

    def __missing__(self, name: str) -> Any:
        try:
            return getattr(self.module, name)
        except AttributeError:
            raise KeyError(name) from None


def _as_json(value: Any) -> Any:
    return pydantic.TypeAdapter(Any).dump_python(
        value, mode="json", by_alias=True, exclude_unset=True
    )


@pytest.mark.parametrize("name", PARAMETERS)
def test_one_operation_answers_with_the_specs_own_example(
    name: str, results: Results, packages_root: Path
) -> None:
    spec = BY_NAME[name]
    _generated(results, spec)
    document = _document(results, spec)
    example = _example(document, spec)
    kind = spec.call.response.rsplit("/", 1)[-1].replace("~1", "/")
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            spec.call.status,
            content=json.dumps(example).encode(),
            headers={"content-type": kind},
        )

    package = importlib.import_module(spec.package)
    client_module = importlib.import_module(f"{spec.package}.api.client")
    models = importlib.import_module(f"{spec.package}.api.models")
    operation = getattr(client_module.ApiOperations, spec.call.method)
    # The annotation names models the client module imports only for type checkers.
    annotation = typing.get_type_hints(operation, vars(client_module), _Names(models))[
        "return"
    ]
    client_class = _client_class(package)
    # A spec with no servers, or a relative one, leaves the host to the caller.
    where = {} if "://" in client_class.default_base else {"base_url": "https://x.test"}
    with client_class(transport=httpx.MockTransport(answer), **where) as client:
        result = getattr(client.api, spec.call.method)(**spec.call.arguments)
    (request,) = sent
    assert request.method == spec.call.http
    assert request.url.path.endswith(spec.call.path), request.url
    for key, value in spec.call.query.items():
        assert request.url.params.get_list(key) == [value], request.url
    for key, value in spec.call.headers.items():
        assert request.headers.get_list(key) == [value], request.headers
    assert pydantic.TypeAdapter(annotation).validate_python(result) is not None
    assert _as_json(result) == example
