"""Names of any script: operationIds, schema names, titles and properties in letters
Python accepts in identifiers keep them (``créer``, ``Café``, ``日本``), the
model's field and the method's keyword are one name, and the package passes
``mypy --strict``."""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path

import httpx

from conftest import generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /p0:
    get:
      operationId: 日本
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Café'}}}}
  /p1:
    get:
      operationId: 中文
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Cafè'}}}}
  /p2:
    post:
      operationId: créer
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Café'}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {title: Ärger, type: object, properties: {ok: {type: string}}}
components:
  schemas:
    Café:
      type: object
      properties:
        naïve: {type: string}
        é: {type: string}
        日本: {type: string}
        ÉtatCivil: {type: string}
    Cafè: {type: object, properties: {z: {type: string}}}
    उपयोगकर्ता: {type: object, properties: {नाम: {type: string}}}
"""
# Scripts whose marks stay apart from their letters (Devanagari's vowel signs): a
# mark separates words, as datamodel-code-generator keeps none in the names it writes.
SPEC = SPEC.replace(
    "components:",
    """  /p3:
    get:
      operationId: ΐ
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/उपयोगकर्ता'}}}}
    post:
      operationId: भेजें
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/उपयोगकर्ता'}}}
      responses: {'204': {description: ok}}
components:""",
)


def answer(request: httpx.Request) -> httpx.Response:
    """The path, and the body sent (if any) back as the answer's fields."""
    if request.url.path == "/p2":
        return httpx.Response(200, json={"ok": request.content.decode()})
    if request.url.path == "/p1":
        return httpx.Response(200, json={"z": "p1"})
    if request.url.path == "/p3" and request.method == "POST":
        assert json.loads(request.content) == {"नाम": "sent"}
        return httpx.Response(204)
    if request.url.path == "/p3":
        return httpx.Response(200, json={"नाम": "p3"})
    return httpx.Response(200, json={"naïve": "p0", "日本": "x", "ÉtatCivil": "c"})


def test_names_of_any_script_keep_their_letters(tmp_path: Path) -> None:
    with generated_package(tmp_path, "uni", {"v1": SPEC}) as uni:
        models = importlib.import_module("uni.v1.models")
        client_module = importlib.import_module("uni.v1.client")
        assert {"Café", "Cafè", "Ärger"} <= set(vars(models))
        assert {"日本", "中文", "créer"} <= set(vars(client_module.V1Operations))
        assert {"日本", "中文", "CRÉER"} <= set(vars(client_module))
        fields = set(models.Café.model_fields)
        assert fields == {"naïve", "é", "日本", "état_civil"}
        with uni.UniClient(transport=httpx.MockTransport(answer)) as client:
            got = client.v1.日本()
            assert type(got) is models.Café
            assert (got.naïve, got.日本, got.état_civil) == ("p0", "x", "c")
            assert type(client.v1.中文()) is models.Cafè
            user = client.v1.ΐ()  # Python reads ΐ as the method's ΐ
            assert type(user) is models.उपयगकरत and user.न_म == "p3"
            # The keyword is the request model's field: नाम is न_म in both.
            sender = client_module.V1Operations.भ_ज
            assert "न_म" in inspect.signature(sender).parameters
            assert set(models.उपयगकरतRequest.model_fields) == {"न_म"}
            assert client.v1.भ_ज(न_म="sent") is None
            # Each keyword is the model's field of the same property.
            sent = client.v1.créer(naïve="a", é="b", 日本="c", état_civil="d")
        assert type(sent) is models.Ärger
        assert json.loads(sent.ok) == {
            "naïve": "a",
            "é": "b",
            "日本": "c",
            "ÉtatCivil": "d",
        }
        keywords = inspect.signature(client_module.V1Operations.créer).parameters
        assert (
            set(models.CaféRequest.model_fields)
            == fields
            == set(keywords)
            - {
                "self",
                "body",
                "timeout",
                "headers",
            }
        )


# Two operations and two security schemes whose names differ, though not in capitals.
CAPITALS = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
components:
  securitySchemes:
    Straße: {type: apiKey, in: header, name: X-One}
    Strasse: {type: apiKey, in: header, name: X-Two}
  schemas:
    Thing: {type: object, properties: {path: {type: string}, keys: {type: string}}}
paths:
"""
CAPITALS += "".join(f"""  /{path}:
    get:
      operationId: {name}
      security: [{{{scheme}: []}}]
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing'}}}}}}}}
""" for path, name, scheme in (("a", "straße", "Straße"), ("b", "strasse", "Strasse")))


def echo(request: httpx.Request) -> httpx.Response:
    keys = ",".join(k for k in ("x-one", "x-two") if k in request.headers)
    return httpx.Response(200, json={"path": request.url.path, "keys": keys})


def test_names_alike_in_capitals_stay_apart(tmp_path: Path) -> None:
    with generated_package(tmp_path, "caps", {"v1": CAPITALS}) as caps:
        transport = httpx.MockTransport(echo)
        with caps.CapsClient(one="1", two="2", transport=transport) as client:
            first, second = client.v1.straße(), client.v1.strasse()
        assert (first.path, first.keys) == ("/a", "x-one")
        assert (second.path, second.keys) == ("/b", "x-two")
