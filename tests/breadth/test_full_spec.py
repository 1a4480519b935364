"""The ``full`` target: Pipedrive's complete published specs, v1 and v2, as one package.

    pipedrive-codegen generate --spec v1=specs/pipedrive/openapi-v1.yaml \\
        --spec v2=specs/pipedrive/openapi-v2.yaml --out OUT --package pipedrive_full

The output is not committed; it is built here into a temporary folder, then imported,
type-checked with ``mypy --strict`` and checked with ``black --check``, and every
operation of both specs must have its method, sync and async.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from breadth_support import (
    BANNED_NAME,
    Generated,
    black_check,
    class_names,
    formatters_disagree,
    generate_all,
    import_all,
    method_names,
    mypy_all,
    operation_ids,
)

from conftest import ROOT, UPSTREAM
from pipedrive_codegen.ir.build import HTTP_METHODS, build_ir
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs

PACKAGE = "pipedrive_full"
SPECS = {"v1": UPSTREAM / "openapi-v1.yaml", "v2": UPSTREAM / "openapi-v2.yaml"}
OPERATIONS = {"v1": 213, "v2": 158}  # as Pipedrive published them
UNNAMED = re.compile(r"(?:Option|Variant)\d*$")


@dataclass(frozen=True)
class Full:
    root: Path
    generated: Generated

    def source(self, api: str, module: str) -> str:
        """A module's text; a large spec's models with every part in ``_models/``."""
        parts = sorted((self.root / PACKAGE / api / "_models").glob("*.py"))
        if module != "models" or not parts:
            return (self.root / PACKAGE / api / f"{module}.py").read_text()
        return "\n".join(path.read_text() for path in parts)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Full:
    out = tmp_path_factory.mktemp("full")
    specs = [f"{name}={path}" for name, path in SPECS.items()]
    generated = generate_all({PACKAGE: (specs, ROOT)}, out)[PACKAGE]
    assert generated.run.returncode == 0, generated.run.stderr
    assert generated.run.stderr == ""
    return Full(out, generated)


def _spec_operations(api: str) -> list[str]:
    document: Any = yaml.load(SPECS[api].read_text(), Loader=yaml.CSafeLoader)
    return [
        str(item[method]["operationId"])
        for item in document["paths"].values()
        for method in HTTP_METHODS
        if method in item
    ]


def test_the_full_package_passes_mypy_strict(full: Full) -> None:
    # ... and its lazy modules do not hide a misspelt name from the type checker.
    (full.root / "typos").mkdir(exist_ok=True)
    (full.root / "typos" / "__init__.py").write_text(
        f"from {PACKAGE} import PaymentRequiredError, PipedriveClinet\n"
        f"from {PACKAGE}.v1.models import AddActivityTypeRequest, AddActivityTypeRequst\n"
    )
    errors = mypy_all(full.root, [PACKAGE, "typos"])
    typos = errors.pop("typos")
    assert not any(errors.values()), "\n".join(sum(errors.values(), []))
    typos = [line for line in typos if ": error:" in line]  # (not mypy's notes)
    assert len(typos) == 2, "\n".join(typos)
    assert "PipedriveClinet" in typos[0] and "AddActivityTypeRequst" in typos[1]


def test_the_full_package_imports_without_a_warning(full: Full) -> None:
    assert import_all(full.root, [PACKAGE]) == {PACKAGE: None}


def test_ruff_formats_the_full_package_byte_for_byte_as_black(
    full: Full, tmp_path: Path
) -> None:
    specs = [f"{name}={path}" for name, path in SPECS.items()]
    run = generate_all({PACKAGE: (specs, ROOT)}, tmp_path, formatter="ruff")[
        PACKAGE
    ].run
    assert run.returncode == 0, run.stderr
    assert formatters_disagree(full.root / PACKAGE, tmp_path / PACKAGE) == []


def test_the_full_package_is_black_formatted(full: Full) -> None:
    result = black_check([full.root / PACKAGE])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("api", sorted(SPECS))
def test_every_operation_has_a_method_sync_and_async(full: Full, api: str) -> None:
    expected = _spec_operations(api)
    assert len(expected) == OPERATIONS[api]
    client = full.source(api, "client")
    assert sorted(operation_ids(client)) == sorted(expected)
    prefix = api.capitalize()
    for class_name in (f"{prefix}Operations", f"Async{prefix}Operations"):
        methods = [
            name
            for name in method_names(client, class_name)
            if not name.startswith("iter_")
        ]
        assert len(methods) == len(set(methods)) == OPERATIONS[api]


@pytest.mark.parametrize("api", sorted(SPECS))
def test_no_model_or_method_has_a_meaningless_name(full: Full, api: str) -> None:
    models = class_names(full.source(api, "models"))
    client = full.source(api, "client")
    methods = method_names(client, f"{api.capitalize()}Operations")
    assert [name for name in models + methods if BANNED_NAME.match(name)] == []
    assert [name for name in models if UNNAMED.search(name)] == []
    lower = [name.lower() for name in models]
    assert len(lower) == len(set(lower))  # no two differ only by case


@pytest.mark.parametrize("api", sorted(SPECS))
def test_the_models_are_those_of_the_ir(full: Full, api: str) -> None:
    # What test_names.py proves stable at the IR level is what the package contains.
    ir = build_ir(resolve_refs(load_spec(SPECS[api])), api)
    assert sorted(class_names(full.source(api, "models"))) == sorted(
        model.name for model in ir.models
    )


@pytest.mark.parametrize("api", sorted(SPECS))
def test_every_operation_has_body_validators(full: Full, api: str) -> None:
    ir = build_ir(resolve_refs(load_spec(SPECS[api])), api)
    cases = [
        (operation.operation_id, response.status)
        for operation in ir.operations
        for response in operation.responses
        if response.body is not None and isinstance(response.status, int)
    ]
    requests = [o.operation_id for o in ir.operations if o.request_body is not None]
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(full.root)!r})\n"
        f"from {PACKAGE}.{api} import validators\n"
        "cases, requests = json.loads(sys.stdin.read())\n"
        "missing = []\n"
        "for operation, status in cases:\n"
        "    try:\n"
        "        validators.validate_response(operation, status, {})\n"
        "    except LookupError:\n"
        "        missing.append(f'{operation} {status}')\n"
        "for operation in requests:\n"
        "    try:\n"
        "        validators.validate_request(operation, {})\n"
        "    except LookupError:\n"
        "        missing.append(f'{operation} request')\n"
        "print(json.dumps(missing))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=json.dumps([cases, requests]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == []
    assert len(cases) > OPERATIONS[api]  # every operation answers with a body


LAZY = """
import json, sys
import httpx
from pipedrive_full import PipedriveClient
import pipedrive_full.v1.models as v1_models
body = open(sys.argv[1], "rb").read()
loaded = lambda: sorted(m for m in sys.modules if "._models." in m)
before = loaded()
transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
with PipedriveClient(api_token="t", transport=transport) as client:
    activity = client.v2.get_activity(id=1)
after = loaded()
listed = set(v1_models.__all__) <= set(dir(v1_models))
every = [getattr(v1_models, name) for name in v1_models.__all__]
print(json.dumps({
    "before": before, "after": after, "type": type(activity).__name__,
    "names": len(v1_models.__all__), "modules": len({m.__module__ for m in every}),
    "unique": len({id(m) for m in every}),
    "listed": listed, "list": hasattr(v1_models, "list"),
}))
"""


def test_a_large_spec_models_load_part_by_part_on_first_use(full: Full) -> None:
    body = UPSTREAM / "examples" / "v2" / "getActivity.200.json"
    run = subprocess.run(
        [sys.executable, "-c", LAZY, str(body)],
        cwd=full.root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["before"] == []  # importing the client and the models index loads none
    assert seen["type"] == "UpsertActivityResponse"
    # The response's model and the models it is made of, not the spec's 240.
    assert 1 <= len(seen["after"]) <= 5, seen["after"]
    assert all(
        module.startswith("pipedrive_full.v2._models.") for module in seen["after"]
    )
    # Every model of the index loads, from modules of a few models each.
    ir = build_ir(resolve_refs(load_spec(SPECS["v1"])), "v1")
    assert seen["names"] == seen["unique"] == len(ir.models)
    assert 100 < seen["modules"] < len(ir.models)
    assert seen["listed"] and not seen["list"]  # the index names its models, only
