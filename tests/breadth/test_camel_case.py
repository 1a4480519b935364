"""A camelCase spec's properties are snake_case attributes (issue 19 item 5): the
spec's name is the alias, both names are accepted on input, and the spec's name goes
on the wire; Pipedrive's snake_case models do not change (``tests/test_golden.py``)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from breadth_support import generate_all, import_all, mypy_all

CAMEL = r"""
openapi: 3.0.3
info: {title: Camel, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /payments:
    post:
      operationId: makePayment
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/PaymentRequest'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PaymentResult'}
components:
  schemas:
    PaymentRequest:
      type: object
      required: [merchantAccount, amountValue]
      properties:
        merchantAccount: {type: string}
        amountValue: {type: integer}
        extraFields: {type: string}
    PaymentResult:
      type: object
      properties:
        resultCode: {type: string}
        pspReference: {type: string}
"""
PACKAGE = "camel"
USER = """
from camel.api.models import PaymentRequest, PaymentResult

request = PaymentRequest(merchant_account="m", amount_value=5)
result = PaymentResult.model_validate({"resultCode": "ok"})
code: str | None = result.result_code
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("camel")
    (out / "camel.yaml").write_text(CAMEL)
    (out / "user.py").write_text(USER)
    result = generate_all({PACKAGE: (["api=camel.yaml"], out)}, out)[PACKAGE]
    assert result.run.returncode == 0, result.run.stderr
    return out


@pytest.fixture(scope="module")
def package(root: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))


def test_the_package_and_a_user_of_it_type_check(root: Path) -> None:
    assert import_all(root, [PACKAGE]) == {PACKAGE: None}
    assert mypy_all(root, [PACKAGE, "user.py"]) == {PACKAGE: [], "user.py": []}


def test_attributes_are_snake_case_and_take_either_name(package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.api.models")
    assert list(models.PaymentResult.model_fields) == ["result_code", "psp_reference"]
    by_spec = models.PaymentResult.model_validate({"resultCode": "Authorised"})
    by_attribute = models.PaymentResult.model_validate({"result_code": "Authorised"})
    assert by_spec.result_code == by_attribute.result_code == "Authorised"
    assert by_spec.model_dump(exclude_none=True) == {"resultCode": "Authorised"}
    request = models.PaymentRequest.model_validate(
        {"merchantAccount": "m", "amount_value": 5}
    )
    assert (request.merchant_account, request.amount_value) == ("m", 5)
    # a camelCase spelling of a base attribute does not shadow it
    assert "extra_fields_" in models.PaymentRequest.model_fields


def test_the_spec_s_names_go_on_the_wire(package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.api.models")
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"resultCode": "ok", "pspReference": "p1"})

    client = package.CamelClient(
        api_token="t", transport=httpx.MockTransport(handle), validate_requests=True
    )
    result = client.api.make_payment(merchant_account="m", amount_value=5)
    client.api.make_payment(
        body=models.PaymentRequest(merchant_account="n", amount_value=6)
    )
    assert sent == [
        {"merchantAccount": "m", "amountValue": 5},
        {"merchantAccount": "n", "amountValue": 6},
    ]
    assert (result.result_code, result.psp_reference) == ("ok", "p1")
