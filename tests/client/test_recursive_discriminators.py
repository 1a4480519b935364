"""A discriminated union that its own members name (a tree: ``Node`` holds ``A``, the
union of ``Leaf`` and ``Node`` by ``t``), as a field, an array item and a map value:
the package imports (the union inside ``Node`` names ``Node`` before it is defined,
so it is quoted), passes ``mypy --strict``, and a tree goes out and comes back whole,
each node the model its tag names."""

from __future__ import annotations

import json
import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from conftest import answering, generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
components:
  schemas:
    A:
      oneOf: [{$ref: '#/components/schemas/Leaf'}, {$ref: '#/components/schemas/Node'}]
      discriminator: {propertyName: t}
    Leaf:
      type: object
      required: [t]
      properties: {t: {type: string}, v: {type: integer}}
    Node:
      type: object
      required: [t]
      properties:
        t: {type: string}
        kid: {$ref: '#/components/schemas/A'}
        kids: {type: array, items: {$ref: '#/components/schemas/A'}}
        named: {type: object, additionalProperties: {$ref: '#/components/schemas/A'}}
"""
# A user's code: a tree built and read back, for mypy --strict.
USER = """from trees import TreesClient
from trees.api.models import LeafRequest, Node, NodeRequest

with TreesClient() as client:
    sent = NodeRequest(kid=NodeRequest(kids=[LeafRequest(v=1)]))
    answer = client.api.post_a(body=sent)
    if isinstance(answer, Node) and isinstance(answer.kid, Node):
        print(answer.kid.kids)
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("trees")
    with generated_package(
        root, "trees", {"api": SPEC}, scripts={"user.py": USER}
    ) as pkg:
        yield pkg


def test_a_tree_goes_out_and_comes_back_by_its_tags(package: ModuleType) -> None:
    models = importlib.import_module("trees.api.models")
    tree: dict[str, Any] = {
        "t": "Node",
        "kid": {"t": "Node", "kids": [{"t": "Leaf", "v": 1}]},
        "named": {"x": {"t": "Leaf", "v": 2}, "y": {"t": "Node"}},
    }
    transport, sent = answering(tree)
    checks = {"validate_requests": True, "validate_responses": True}
    with package.TreesClient(transport=transport, **checks) as client:
        body = models.NodeRequest(
            kid=models.NodeRequest(kids=[models.LeafRequest(v=1)]),
            named={"x": models.LeafRequest(v=2), "y": models.NodeRequest()},
        )
        answer = client.api.post_a(body=body)
    assert json.loads(sent[0].content) == tree
    assert type(answer) is models.Node
    assert type(answer.kid) is models.Node
    assert [type(kid) for kid in answer.kid.kids] == [models.Leaf]
    assert answer.kid.kids[0].v == 1
    assert {key: type(value) for key, value in answer.named.items()} == {
        "x": models.Leaf,
        "y": models.Node,
    }
