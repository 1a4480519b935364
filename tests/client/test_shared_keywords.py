"""Specs of one package share a constructor keyword only for credentials of one kind:
an apiKey header named ``Basic-Auth`` in one spec and http basic in another (both
``basic_auth``) are two keywords, each sent where its own spec says; an apiKey both
specs name alike stays one."""

from __future__ import annotations

import base64
import importlib
import subprocess
import sys
from pathlib import Path

import httpx

from conftest import mypy_strict, run_cli

HEAD = """openapi: 3.0.3
info: {{title: {title}, version: '1'}}
servers: [{{url: 'https://api.example.com'}}]
paths:
  /{title}:
    get:
      operationId: get{title}
      security: [{{{scheme}: []}}, {{key: []}}]
      responses: {{'204': {{description: ok}}}}
components:
  securitySchemes:
    key: {{type: apiKey, in: query, name: api_token}}
"""
ONE = HEAD.format(title="One", scheme="k") + (
    "    k: {type: apiKey, in: header, name: Basic-Auth}\n"
)
TWO = HEAD.format(title="Two", scheme="b") + "    b: {type: http, scheme: basic}\n"


def test_a_keyword_takes_one_kind_of_credential(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(ONE)
    (tmp_path / "two.yaml").write_text(TWO)
    run = run_cli(
        *("generate", "--spec", "one=one.yaml", "--spec", "two=two.yaml"),
        *("--out", "out", "--package", "kinds"),
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    checked = subprocess.run(
        mypy_strict("kinds"),
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    sys.path.insert(0, str(tmp_path / "out"))
    try:
        kinds = importlib.import_module("kinds")
        with kinds.KindsClient(
            basic_auth="header-value",
            two_basic_auth=("user", "password"),
            transport=httpx.MockTransport(answer),
        ) as client:
            client.one.get_one()
            client.two.get_two()
        with kinds.KindsClient(
            api_token="t", transport=httpx.MockTransport(answer)
        ) as client:
            client.one.get_one()
            client.two.get_two()
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for module in [m for m in sys.modules if m.split(".")[0] == "kinds"]:
            del sys.modules[module]
    one, two, one_by_key, two_by_key = sent
    assert one.headers["basic-auth"] == "header-value"
    assert "authorization" not in one.headers
    pair = base64.b64encode(b"user:password").decode()
    assert two.headers["authorization"] == f"Basic {pair}"
    assert "basic-auth" not in two.headers
    # The apiKey both specs have is one keyword, sent by either.
    assert one_by_key.url.params["api_token"] == "t"
    assert two_by_key.url.params["api_token"] == "t"
