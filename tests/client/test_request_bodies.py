"""The JSON ``null`` of a request body the spec lets be null: ``body=NULL`` sends it
(``None`` still sends no body), in OpenAPI 3.0 (``nullable: true``) and 3.1
(``type: [object, "null"]``), required or not, an object, a scalar or a body of no
type, which the validators take as the client sends it; elsewhere ``NULL`` is refused
(by mypy, and with a ``TypeError`` when called), nothing sent.

Through generated packages (``mypy --strict`` on them and on a user's calls) and
httpx's MockTransport."""

from __future__ import annotations

import asyncio
import pickle
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import answering, generated_package, mypy_strict


def _operation(name: str, body: str) -> str:
    return f"""  /{name}:
    post:
      operationId: {name}
      requestBody: {body}
      responses: {{'204': {{description: ok}}}}
"""


def _json(schema: str, required: bool = False) -> str:
    return (
        f"{{required: {str(required).lower()}, "
        f"content: {{application/json: {{schema: {schema}}}}}}}"
    )


HEAD = """info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
OBJECT = "type: object, properties: {a: {type: integer}}"
OLD = (
    "openapi: 3.0.3\n"
    + HEAD
    + _operation("required_object", _json(f"{{{OBJECT}, nullable: true}}", True))
    + _operation("optional_count", _json("{type: integer, nullable: true}"))
    + _operation("anything", _json("{}"))
    + _operation("plain_object", _json(f"{{{OBJECT}}}", True))
    + _operation("plain_count", _json("{type: integer}"))
    + _operation(
        "nullable_form",
        "{content: {application/x-www-form-urlencoded: {schema: "
        "{type: object, nullable: true, properties: {name: {type: string}}}}}}",
    )
)
NEW = (
    "openapi: 3.1.0\n"
    + HEAD
    + _operation(
        "optional_object",
        _json('{type: [object, "null"], properties: {a: {type: integer}}}'),
    )
)
# A user's code: NULL where a body may be null, for mypy --strict.
USER = """from bodies import NULL, BodiesClient

with BodiesClient() as client:
    client.old.required_object(body=NULL)
    client.old.required_object(a=1)
    client.old.optional_count(body=NULL)
    client.old.optional_count(body=2)
    client.old.anything(body=NULL)
    client.new.optional_object(body=NULL)
"""
# ... and where it may not: mypy refuses it.
REFUSED = """from bodies import NULL, BodiesClient

with BodiesClient() as client:
    client.old.plain_object(body=NULL)
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("bodies")
    specs = {"old": OLD, "new": NEW}
    with generated_package(root, "bodies", specs, scripts={"user.py": USER}) as pkg:
        yield pkg


def sent(package: ModuleType, call: str, validate: bool = False, **kw: Any) -> Any:
    """The one request ``client.<call>(**kw)`` sent."""
    transport, requests = answering(status=204)
    with package.BodiesClient(
        transport=transport, validate_requests=validate
    ) as client:
        spec, name = call.split(".")
        assert getattr(getattr(client, spec), name)(**kw) is None
    [request] = requests
    return request


NULLABLE = ["old.required_object", "old.optional_count", "old.anything"]
NULLABLE += ["new.optional_object"]


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize("call", NULLABLE)
def test_null_sends_the_json_null_where_the_body_may_be_null(
    package: ModuleType, call: str, validate: bool
) -> None:
    request = sent(package, call, validate, body=package.NULL)
    assert request.content == b"null"
    assert request.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("call", NULLABLE)
def test_none_still_sends_no_body(package: ModuleType, call: str) -> None:
    request = sent(package, call, body=None)
    assert request.content == b""
    assert "Content-Type" not in request.headers


def test_the_validators_take_null_where_the_client_sends_it(
    package: ModuleType,
) -> None:
    from bodies.new import validators as new
    from bodies.old import validators as old

    for operation in ("required_object", "optional_count", "anything"):
        assert old.validate_request(operation, None) == []
    assert new.validate_request("optional_object", None) == []
    for operation in ("plain_object", "plain_count"):
        [issue] = old.validate_request(operation, None)
        assert issue.rule == "nullable"


@pytest.mark.parametrize("call", ["old.plain_object", "old.plain_count"])
def test_null_where_the_body_may_not_be_null_is_refused_and_nothing_sent(
    package: ModuleType, call: str
) -> None:
    transport, requests = answering(status=204)
    with package.BodiesClient(transport=transport) as client:
        spec, name = call.split(".")
        with pytest.raises(TypeError, match="may not be null"):
            getattr(getattr(client, spec), name)(body=package.NULL)
    assert requests == []


def test_null_and_fields_together_are_refused(package: ModuleType) -> None:
    transport, requests = answering(status=204)
    with package.BodiesClient(transport=transport) as client:
        with pytest.raises(TypeError, match="not both: a"):
            client.old.required_object(body=package.NULL, a=1)
    assert requests == []


def test_the_async_client_sends_null_too(package: ModuleType) -> None:
    transport, requests = answering(status=204)

    async def call() -> None:
        async with package.AsyncBodiesClient(transport=transport) as client:
            await client.new.optional_object(body=package.NULL)

    asyncio.run(call())
    assert [request.content for request in requests] == [b"null"]


@pytest.mark.parametrize("validate", [False, True])
def test_null_inside_a_json_body_is_the_json_null(
    package: ModuleType, validate: bool
) -> None:
    """NULL stands for a whole body's null; inside a body (a mapping's value, a list's
    item) it is the JSON null, as None is there, never the text "null", sync and async,
    and the validators judge that null."""
    NULL = package.NULL
    bodies = [{"a": NULL, "b": [NULL, 1]}, [NULL], {"a": {"b": NULL}}]
    sent_bodies = [b'{"a":null,"b":[null,1]}', b"[null]", b'{"a":{"b":null}}']
    for body, content in zip(bodies, sent_bodies):
        assert sent(package, "old.anything", validate, body=body).content == content
    transport, requests = answering(status=204)

    async def call() -> None:
        async with package.AsyncBodiesClient(
            transport=transport, validate_requests=validate
        ) as client:
            await client.old.anything(body={"a": NULL})

    asyncio.run(call())
    assert [request.content for request in requests] == [b'{"a":null}']
    if validate:  # a null where the spec wants an integer
        with pytest.raises(package.RequestValidationError) as raised:
            sent(package, "old.required_object", True, body={"a": NULL})
        [issue] = raised.value.issues
        assert (issue.pointer, issue.rule) == ("/a", "nullable")
    else:
        request = sent(package, "old.required_object", body={"a": NULL})
        assert request.content == b'{"a":null}'


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # model_construct
def test_null_in_a_form_is_refused_and_nothing_sent(package: ModuleType) -> None:
    """A form has no null: NULL as a field's value, or as the whole body of a form
    whose schema is nullable, is a TypeError that says so (never the text "null")."""
    transport, requests = answering(status=204)
    with package.BodiesClient(transport=transport) as client:
        with pytest.raises(TypeError, match="form field 'name' cannot be NULL"):
            client.old.nullable_form(body={"name": package.NULL})
        with pytest.raises(TypeError) as raised:
            client.old.nullable_form(body=package.NULL)
    assert str(raised.value) == (
        "a application/x-www-form-urlencoded request body cannot be null (NULL is "
        "the JSON null; None sends no body)"
    )

    async def call() -> None:
        async with package.AsyncBodiesClient(transport=transport) as client:
            await client.old.nullable_form(body={"name": package.NULL})

    with pytest.raises(TypeError, match="form field 'name' cannot be NULL"):
        asyncio.run(call())
    # in a model: a field (which only model_construct lets hold it) or an extra field
    form = package.old.models.NullableFormRequest
    with package.BodiesClient(transport=transport) as client:
        with pytest.raises(TypeError, match="form field 'name' cannot be NULL"):
            client.old.nullable_form(body=form.model_construct(name=package.NULL))
        extra = form(name="x").with_extra_fields({"note": package.NULL})
        with pytest.raises(TypeError, match="form field 'note' cannot be NULL"):
            client.old.nullable_form(body=extra)
    assert requests == []


def test_null_is_one_value_that_survives_pickle(package: ModuleType) -> None:
    assert pickle.loads(pickle.dumps(package.NULL)) is package.NULL
    assert repr(package.NULL) == "NULL"
    assert str(package.NULL) == f"{package.NULL}" == "NULL"
    assert not package.NULL  # a null, false as None is
    assert isinstance(package.NULL, package.JsonNull)


def test_mypy_refuses_null_where_the_body_may_not_be_null(
    package: ModuleType,
) -> None:
    out = Path(package.__file__).parent.parent
    (out / "refused.py").write_text(REFUSED)
    try:
        checked = subprocess.run(
            mypy_strict("refused.py"),
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        (out / "refused.py").unlink()
    assert checked.returncode == 1
    assert 'Argument "body" to "plain_object"' in checked.stdout
