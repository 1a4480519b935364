"""Every construct the breadth issue names, in one small spec: generated, imported,
type-checked, and sent through ``httpx.MockTransport``.

allOf/oneOf/anyOf with and without discriminators, nested arrays, free-form objects,
``multipart/form-data`` with a file, ``application/x-www-form-urlencoded``, query arrays
(exploded, comma- and pipe-delimited), objects (``deepObject``, ``form``) and JSON
(``content``), status ranges (``2XX``) and extensions among responses, odd enum values,
names that are keywords, builtins or start with digits, custom-field hash keys, titles
that differ only by case and titles that name nothing.
"""

from __future__ import annotations

import importlib
import json
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from breadth_support import (
    BANNED_NAME,
    black_check,
    class_names,
    generate_all,
    import_all,
    method_names,
    mypy_all,
)

SPEC = r"""
openapi: 3.0.3
info: {title: Constructs, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /things:
    get:
      operationId: import
      parameters:
        - {name: from, in: query, schema: {type: string}}
        - {name: type, in: query, schema: {type: string, enum: ['', 'a b', '1', x-y]}}
        - {name: 1st, in: query, schema: {type: integer}}
        - {name: body, in: query, schema: {type: boolean}}
        - {name: ids, in: query, style: form, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: codes, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: words, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - name: filter
          in: query
          style: deepObject
          schema: {type: object, title: ThingFilter, properties: {owner: {type: string}, done: {type: boolean}}}
        - name: labels
          in: query
          schema: {type: object, additionalProperties: {type: string}}
        - name: pairs
          in: query
          explode: false
          schema: {type: object, additionalProperties: {type: integer}}
        - name: metadata
          in: query
          content:
            application/json:
              schema: {type: object, additionalProperties: true}
        - {name: X-Trace-Id, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                title: BaseResponse
                type: object
                properties:
                  success: {type: boolean}
                  notes: {type: array, items: {type: string, nullable: true}}
                  counts: {type: object, additionalProperties: {type: integer, nullable: true}}
                  data:
                    type: array
                    items:
                      anyOf:
                        - type: object
                          properties:
                            item: {type: string, enum: [deal]}
                            data: {type: object, properties: {title: {type: string}}}
                        - type: object
                          properties:
                            item: {type: string, enum: [person]}
                            data: {type: object, properties: {name: {type: string}}}
                        - type: object
                          properties:
                            item: {type: string, enum: [activity type]}
                            data: {type: object, properties: {key: {type: string}}}
    post:
      operationId: class
      requestBody:
        required: true
        content:
          application/json:
            schema:
              title: Schema
              allOf:
                - type: object
                  required: [1st]
                  properties:
                    class: {type: string}
                    def: {type: integer}
                    1st: {type: string}
                    str: {type: string}
                    list: {type: array, items: {type: array, items: {type: object, properties: {x: {type: number}}}}}
                    user-name: {type: string}
                    schema: {type: string}
                    json: {type: string}
                    model_config: {type: string}
                    extra_fields: {type: string}
                    with_extra_fields: {type: string}
                    self: {type: string}
                    status: {type: string, enum: ['', 'a b', '1', '2.5', None, 'true', 'with "quotes"', "back\\slash"]}
                    level: {type: integer, enum: [0, 1, 2]}
                    mixed: {enum: [red, 1, null]}
                    only: {type: string, enum: [only]}
                    anything: {type: object}
                    owners:
                      type: object
                      properties:
                        USER_ID: {type: object, title: Owner, properties: {id: {type: integer}, name: {type: string}}}
                - type: object
                  additionalProperties: true
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                title: baseResponse
                type: object
                properties:
                  ok: {type: boolean}
                  pet:
                    oneOf:
                      - {$ref: '#/components/schemas/Cat'}
                      - {$ref: '#/components/schemas/Dog'}
                    discriminator:
                      propertyName: kind
                      mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
                  value:
                    oneOf: [{type: string}, {type: integer}, {type: array, items: {type: object, properties: {v: {type: string}}}}]
        '204': {description: nothing}
        default:
          description: error
          content:
            application/json:
              schema: {title: Field, type: object, properties: {error: {type: string}}}
  /things/{thing-id}/file:
    post:
      operationId: 2fa-upload
      parameters:
        - {name: thing-id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              title: Data1
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                note: {type: string}
                position: {type: integer}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {title: Model, type: object, properties: {id: {type: integer}}}
  /tokens:
    post:
      operationId: list
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              title: Item2
              type: object
              properties:
                grant_type: {type: string, enum: [authorization_code, refresh_token]}
                code: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {title: str, type: object, properties: {access_token: {type: string}}}
  /raw:
    put:
      operationId: putRaw
      requestBody:
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        '202': {description: accepted}
  /notes:
    get:
      operationId: getNotes
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page of notes, some null
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string, nullable: true}}
                  additional_data:
                    type: object
                    properties: {next_cursor: {type: string, nullable: true}}
  /jobs/{id}:
    get:
      operationId: getJob
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: done
          content:
            application/json:
              schema: {title: Job, type: object, required: [id], properties: {id: {type: integer}}}
        2XX:
          description: any other success
          content:
            application/json:
              schema: {title: JobQueued, type: object, required: [queued], properties: {queued: {type: boolean}}}
        '400':
          description: bad
          content:
            application/json:
              schema: {title: JobProblem, type: object, properties: {field: {type: string}}}
        4XX:
          description: any other mistake
          content:
            application/json:
              schema: {title: JobMistake, type: object, properties: {reason: {type: string}}}
        x-retry-after: {seconds: 30}
components:
  schemas:
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}, good: {type: boolean}}
"""

PACKAGE = "breadth_constructs"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("constructs")
    (out / "constructs.yaml").write_text(SPEC)
    run = generate_all({PACKAGE: (["api=constructs.yaml"], out)}, out)[PACKAGE].run
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def package(root: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))


def source(root: Path, module: str) -> str:
    return (root / PACKAGE / "api" / f"{module}.py").read_text()


def test_it_imports_type_checks_and_is_formatted(root: Path) -> None:
    assert import_all(root, [PACKAGE]) == {PACKAGE: None}
    assert mypy_all(root, [PACKAGE]) == {PACKAGE: []}
    assert black_check([root / PACKAGE]).returncode == 0


def test_models_are_named_from_titles_tags_and_places(root: Path) -> None:
    # Sorted: the module defines a model after the models it refers to.
    assert sorted(class_names(source(root, "models"))) == [
        "BaseResponse",
        "BaseResponseDataItemActivityType",
        "BaseResponseDataItemActivityTypeData",
        "BaseResponseDataItemDeal",
        "BaseResponseDataItemDealData",
        "BaseResponseDataItemPerson",
        "BaseResponseDataItemPersonData",
        "Cat",
        "ClassDefaultResponse",
        "ClassRequest",
        "ClassRequestListItemItem",
        "ClassResponse201",
        "ClassResponse201ValueListItem",
        "Dog",
        "GetNotesResponse",
        "GetNotesResponseAdditionalData",
        "Job",
        "JobMistake",
        "JobProblem",
        "JobQueued",
        "ListRequest",
        "N2FaUploadRequest",
        "N2FaUploadResponse",
        "Owner",
        "Str",
        "ThingFilter",
    ]


def test_methods_are_named_from_operation_ids(root: Path) -> None:
    methods = method_names(source(root, "client"), "ApiOperations")
    assert methods == [
        "import_",
        "class_",
        "n_2_fa_upload",
        "list",
        "put_raw",
        "get_notes",
        "iter_get_notes",
        "get_job",
    ]
    assert [name for name in methods if BANNED_NAME.match(name)] == []


def test_odd_enum_values_and_names_are_valid_python(package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.api.models")
    request = models.ClassRequest.model_validate(
        {
            "1st": "first",
            "class": "c",
            "def": 1,
            "str": "s",
            "user-name": "u",
            "schema": "x",
            "json": "j",
            "model_config": "m",
            "extra_fields": "e",
            "with_extra_fields": "w",
            "self": "me",
            "status": "",
            "level": 2,
            "mixed": 1,
            "list": [[{"x": 1.5}]],
            "owners": {7: {"id": 7, "name": "Ann"}},
            "anything": {"free": ["form"]},
        }
    )
    assert request.field_1st == "first" and request.class_ == "c"
    assert request.owners is not None and request.owners[7].name == "Ann"
    for status in (
        "",
        "a b",
        "1",
        "2.5",
        "None",
        "true",
        'with "quotes"',
        "back\\slash",
    ):
        assert models.ClassRequest(field_1st="x", status=status).status == status
    with pytest.raises(ValueError):
        models.ClassRequest(field_1st="x", status="other")


def _client(
    package: ModuleType, answer: Any, status: int = 200
) -> tuple[Any, list[httpx.Request]]:
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(status, json=answer)

    client = package.BreadthConstructsClient(
        api_token="t", transport=httpx.MockTransport(handle)
    )
    return client, requests


def test_query_arrays_objects_and_json_are_encoded(package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.api.models")
    client, requests = _client(package, {"success": True, "data": [{"item": "deal"}]})
    result = client.api.import_(
        from_="x",
        type="a b",
        n_1_st=1,
        body_=True,
        ids=[1, 2],
        tags=["a b", "c"],
        codes=[3, 4],
        words=["x", "y,z"],
        filter=models.ThingFilter(owner="me", done=True),
        labels={"colour": "red"},
        pairs={"a": 1, "b": 2},
        metadata={"k": [1]},
        x_trace_id="trace",
    )
    assert isinstance(result.data[0], models.BaseResponseDataItemDeal)
    request = requests[0]
    assert urlsplit(str(request.url)).path == "/v1/things"
    assert parse_qsl(request.url.query.decode()) == [
        ("from", "x"),
        ("type", "a b"),
        ("1st", "1"),
        ("body", "true"),
        ("ids", "1,2"),
        ("tags", "a b"),  # form, exploded: OpenAPI's default for a query array
        ("tags", "c"),
        ("codes", "3|4"),
        ("words", "x y,z"),
        ("filter[owner]", "me"),
        ("filter[done]", "true"),
        ("colour", "red"),
        ("pairs", "a,1,b,2"),
        ("metadata", '{"k":[1]}'),
    ]
    assert request.headers["X-Trace-Id"] == "trace"
    # Empty arrays and objects send nothing, whatever their style; so does None.
    client.api.import_(ids=[], tags=[], codes=[], words=[], filter=None, pairs={})
    client.api.import_(ids=None, tags=None, codes=None, words=None, pairs=None)
    assert [requests[1].url.query, requests[2].url.query] == [b"", b""]


def test_null_items_and_values_where_the_spec_allows_them(
    package: ModuleType, root: Path
) -> None:
    models = source(root, "models")
    assert "    notes: list[str | None] | None = None\n" in models
    assert "    counts: dict[str, int | None] | None = None\n" in models
    answer = {"success": True, "notes": ["a", None], "counts": {"x": None, "y": 2}}
    client, _ = _client(package, answer)
    client_checking = package.BreadthConstructsClient(
        api_token="t",
        transport=httpx.MockTransport(lambda _: httpx.Response(200, json=answer)),
        validate_responses=True,
    )
    for result in (client.api.import_(), client_checking.api.import_()):
        assert result.notes == ["a", None]
        assert result.counts == {"x": None, "y": 2}
    validators = importlib.import_module(f"{PACKAGE}.api.validators")
    assert validators.validate_response("import", 200, answer) == []
    wrong = {"notes": [1], "counts": {"x": "2"}}
    assert [i.pointer for i in validators.validate_response("import", 200, wrong)] == [
        "/notes/0",
        "/counts/x",
    ]


def test_a_list_of_nullable_items_pages_and_says_so(
    package: ModuleType, root: Path
) -> None:
    assert "    ) -> Iterator[str | None]:\n" in source(root, "client")
    assert "    ) -> AsyncIterator[str | None]:\n" in source(root, "client")
    pages = {
        None: {"data": ["a", None], "additional_data": {"next_cursor": "2"}},
        "2": {"data": [None], "additional_data": {"next_cursor": None}},
    }
    client = package.BreadthConstructsClient(
        api_token="t",
        transport=httpx.MockTransport(
            lambda r: httpx.Response(200, json=pages[r.url.params.get("cursor")])
        ),
    )
    assert list(client.api.iter_get_notes()) == ["a", None, None]


def test_a_status_range_parses_what_its_own_status_does_not(
    package: ModuleType, root: Path
) -> None:
    assert "    ) -> Job | JobQueued:\n" in source(root, "client")
    models = importlib.import_module(f"{PACKAGE}.api.models")
    answers = {200: {"id": 1}, 202: {"queued": True}, 206: {"queued": False}}
    for validate in (False, True):
        for status, answer in answers.items():
            client = package.BreadthConstructsClient(
                api_token="t",
                transport=httpx.MockTransport(
                    lambda _, s=status, a=answer: httpx.Response(s, json=a)
                ),
                validate_responses=validate,
            )
            job = client.api.get_job(id=7)
            expected = models.Job if status == 200 else models.JobQueued
            assert type(job) is expected, (validate, status)
            assert job.model_dump() == answer


def test_a_large_enum_is_named_once_in_the_client_module(
    package: ModuleType, root: Path
) -> None:
    client = importlib.import_module(f"{PACKAGE}.api.client")
    assert typing.get_args(client.ClassRequestStatus) == (
        *("", "a b", "1", "2.5", "None", "true", 'with "quotes"', "back\\slash"),
    )
    text = source(root, "client")
    assert text.count("        status: ClassRequestStatus | None = None,\n") == 2
    # Four values are few enough to read where they are used.
    assert 'type: Literal["", "a b", "1", "x-y"] | None = None,' in text
    client_, requests = _client(package, {"ok": True}, 201)
    client_.api.class_(n_1_st="x", status="a b")
    assert json.loads(requests[0].content) == {"1st": "x", "status": "a b"}


def test_a_json_body_carries_aliases_and_custom_field_keys(package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.api.models")
    client, requests = _client(
        package, {"ok": True, "pet": {"kind": "cat", "lives": 9}}, 201
    )
    body = models.ClassRequest(field_1st="x", class_="c", extra_fields_="e")
    result = client.api.class_(body=body.with_extra_fields({"d4de5c7e1e6a3b3c": 5}))
    assert isinstance(result.pet, models.Cat) and result.pet.lives == 9
    assert json.loads(requests[0].content) == {
        "1st": "x",
        "class": "c",
        "extra_fields": "e",
        "d4de5c7e1e6a3b3c": 5,
    }


def test_a_multipart_body_sends_the_file(package: ModuleType) -> None:
    client, requests = _client(package, {"id": 3})
    assert client.api.n_2_fa_upload(thing_id=5, file=b"%PDF", note="n").id == 3
    request = requests[0]
    assert request.url.path == "/v1/things/5/file"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    content = request.content
    assert b'name="file"; filename="file"' in content and b"%PDF" in content
    assert b'name="note"' in content


def test_a_form_body_is_url_encoded(package: ModuleType) -> None:
    client, requests = _client(package, {"access_token": "a"})
    assert client.api.list(grant_type="refresh_token", code="c d").access_token == "a"
    request = requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    # (The runtime sends the fields in no fixed order: compare them as a mapping.)
    assert dict(parse_qsl(request.content.decode())) == {
        "grant_type": "refresh_token",
        "code": "c d",
    }


def test_a_form_body_sends_its_extra_fields(package: ModuleType) -> None:
    client, requests = _client(package, {"access_token": "a"})
    models = importlib.import_module(f"{PACKAGE}.api.models")
    body = models.ListRequest(grant_type="refresh_token")
    client.api.list(body=body.with_extra_fields({"custom_field": "x"}))
    assert dict(parse_qsl(requests[0].content.decode())) == {
        "grant_type": "refresh_token",
        "custom_field": "x",
    }


def test_validating_requests_leaves_a_body_that_is_not_json_alone(
    package: ModuleType,
) -> None:
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(202)

    client = package.BreadthConstructsClient(
        api_token="t",
        transport=httpx.MockTransport(handle),
        validate_requests=True,
    )
    client.api.put_raw(body=b"\x00 not json")
    assert requests[0].content == b"\x00 not json"


def test_every_attribute_the_model_bases_add_is_renamed_in_models() -> None:
    from pydantic import BaseModel

    from pipedrive_codegen.render.model_source import BASE_ATTRIBUTES
    from pipedrive_codegen.runtime._models import ResponseModel
    from pipedrive_codegen.runtime._request_models import RequestModel

    added = {
        name
        for base in (RequestModel, ResponseModel)
        for name in vars(base)
        if not name.startswith("_") and name not in dir(BaseModel)
    }
    assert added == set(BASE_ATTRIBUTES)
