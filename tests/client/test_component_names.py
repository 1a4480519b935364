"""A component schema keeps its own name: no inline schema's ``title`` takes it, and of
two components whose names read alike in Python (``foo_bar``, ``FooBar``) the one named
exactly so keeps it, the other taking a name made of its own, not of an operation."""

from __future__ import annotations

import importlib
from pathlib import Path

import httpx

from conftest import generated_package


def get(path: str, operation_id: str, component: str) -> str:
    return f"""  /{path}:
    get:
      operationId: {operation_id}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{component}'}}
"""


SPEC = (
    """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
    + get("a", "getA", "A")
    + get("user", "getUser", "User")
    + get("0", "get0", "foo_bar")
    + get("1", "get1", "FooBar")
    + """  /profile:
    post:
      operationId: addProfile
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Profile'}}}
      responses: {'204': {description: done}}
  /account:
    post:
      operationId: addAccount
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/account'}}}
"""
    + """components:
  schemas:
    A:
      type: object
      properties:
        owner: {title: User, type: object, properties: {nick: {type: string}}}
        profile: {title: Profile, type: object, properties: {nick: {type: string}}}
    Profile: {type: object, properties: {bio: {type: string}}}
    User: {type: object, properties: {name: {type: string}}}
    foo_bar: {type: object, properties: {a: {type: string}}}
    FooBar: {type: object, properties: {b: {type: string}}}
    Account: {type: object, properties: {name: {type: string}}}
    account: {type: object, properties: {id: {type: integer}}}
"""
)

ANSWERS = {
    "/a": {"owner": {"nick": "n"}},
    "/user": {"name": "u"},
    "/0": {"a": "0"},
    "/1": {"b": "1"},
}


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/account":
        assert request.content == b'{"name":"n"}'
        return httpx.Response(200, json={"id": 7})
    if request.url.path == "/profile":
        assert request.content == b'{"bio":"b"}'
        return httpx.Response(204)
    return httpx.Response(200, json=ANSWERS[request.url.path])


def test_components_keep_their_own_names(tmp_path: Path) -> None:
    with generated_package(tmp_path, "named", {"v1": SPEC}) as named:
        models = importlib.import_module("named.v1.models")
        assert set(models.User.model_fields) == {"name"}
        assert set(models.FooBar.model_fields) == {"b"}
        # Sent only, the component still keeps its name from a title in a response.
        assert set(models.Profile.model_fields) == {"bio"}
        transport = httpx.MockTransport(answer)
        with named.NamedClient(transport=transport) as client:
            user, a = client.v1.get_user(), client.v1.get_a()
            exact, alike = client.v1.get_1(), client.v1.get_0()
            assert client.v1.add_profile(bio="b") is None
            # Sent only, Account keeps its name from account, which is received.
            account = client.v1.add_account(name="n")
        assert set(models.Account.model_fields) == {"name"}
        assert type(account).__name__.startswith("Account") and account.id == 7
        assert type(user) is models.User and user.name == "u"
        assert a.owner is not None and a.owner.nick == "n"
        assert type(a.owner) is not models.User
        assert type(exact) is models.FooBar and exact.b == "1"
        assert type(alike).__name__.startswith("FooBar") and alike.a == "0"
