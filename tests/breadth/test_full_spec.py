"""The ``full`` target: Pipedrive's complete published specs, v1 and v2, as one package.

    pipedrive-codegen generate --spec v1=specs/pipedrive/openapi-v1.yaml \\
        --spec v2=specs/pipedrive/openapi-v2.yaml --out OUT --package pipedrive_full

The output is not committed; it is built once for the run (``full_package`` in
``conftest.py``, formatted by ruff as a user's run is), then imported, type-checked with
``mypy --strict`` and checked with ``black --check`` (ruff's formatter writes black's
bytes; that ``--formatter black`` writes the same tree is ``test_check``'s, on the
activity package), and every operation of both specs must have its method, sync and
async.
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
    import_all,
    method_names,
    mypy_all,
    operation_ids,
)

from conftest import UPSTREAM, FullPackage
from pipedrive_codegen.ir.build import HTTP_METHODS, build_ir
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs

PACKAGE = FullPackage.PACKAGE
SPECS = FullPackage.SPECS
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
def full(full_package: FullPackage) -> Full:
    assert full_package.run.returncode == 0, full_package.run.stderr
    assert full_package.run.stderr == ""
    return Full(full_package.root, Generated(full_package.run, full_package.seconds))


def _spec_operations(api: str) -> list[str]:
    document: Any = yaml.load(SPECS[api].read_text(), Loader=yaml.CSafeLoader)
    return [
        str(item[method]["operationId"])
        for item in document["paths"].values()
        for method in HTTP_METHODS
        if method in item
    ]


def test_the_full_package_passes_mypy_strict(full: Full, tmp_path: Path) -> None:
    # ... and its lazy modules do not hide a misspelt name from the type checker.
    (tmp_path / PACKAGE).symlink_to(full.root / PACKAGE)  # (the package is shared)
    (tmp_path / "typos").mkdir()
    (tmp_path / "typos" / "__init__.py").write_text(
        f"from {PACKAGE} import PaymentRequiredError, PipedriveClinet\n"
        f"from {PACKAGE}.v1.models import AddActivityTypeRequest, AddActivityTypeRequst\n"
    )
    errors = mypy_all(tmp_path, [PACKAGE, "typos"])
    typos = errors.pop("typos")
    assert not any(errors.values()), "\n".join(sum(errors.values(), []))
    typos = [line for line in typos if ": error:" in line]  # (not mypy's notes)
    assert len(typos) == 2, "\n".join(typos)
    assert "PipedriveClinet" in typos[0] and "AddActivityTypeRequst" in typos[1]


def test_the_full_package_imports_without_a_warning(full: Full) -> None:
    assert import_all(full.root, [PACKAGE]) == {PACKAGE: None}


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
from pipedrive_full import PipedriveFullClient
import pipedrive_full.v1.models as v1_models
body = open(sys.argv[1], "rb").read()
loaded = lambda: sorted(m for m in sys.modules if "._models." in m)
before = loaded()
transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
with PipedriveFullClient(api_token="t", transport=transport) as client:
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


# -- the validators of the full API take any JSON, in work linear in its size ----------

PROFILED = 3  # validators whose work each example counts (all of them run it)
PER_NODE = 60  # calls per node of the body, at most, on top of what the schema costs
PER_VALIDATOR = 3_000  # calls a validator may make whatever the body


def _property_names(api: str) -> list[str]:
    """Every property name the spec declares: the keys bodies are drawn with."""
    document: Any = yaml.load(SPECS[api].read_text(), Loader=yaml.CSafeLoader)
    names: set[str] = set()
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                names.update(str(name) for name in properties)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return sorted(names)


def _nodes(value: Any) -> int:
    count, pending = 0, [value]
    while pending:
        node = pending.pop()
        count += 1
        if isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return count


def _calls(function: Any) -> int:
    count = 0

    def profile(frame: object, event: str, argument: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("api", sorted(SPECS))
def test_every_validator_takes_any_json_in_linear_work(
    full: Full,
    api: str,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    # Arbitrary JSON (what json.loads can return: NaN, Infinity, huge integers, any
    # text), keyed with the spec's own property names so the checks go inside, made
    # 100,000 deep or 3,000 items long (equal ones, for uniqueItems) at times; every
    # validator must return a list, and the work of a few, counted in calls (not
    # timed), must stay within a bound per node.
    import importlib

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    monkeypatch.syspath_prepend(str(full.root))  # the validators import its runtime
    module = importlib.import_module(f"{PACKAGE}.{api}.validators")

    def forget() -> None:  # other tests import their own package of this name
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]

    request.addfinalizer(forget)
    validators = [
        getattr(module, name)
        for name in module.__all__
        if name.startswith("validate_")
        and name.count("_") > 1
        and name not in ("validate_request", "validate_response")
    ]
    assert len(validators) > OPERATIONS[api]
    keys = st.sampled_from(_property_names(api)) | st.text(max_size=4)
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.sampled_from([10**400, -(10**4000), 2**63])
        | st.floats()  # NaN and the infinities among them
        | st.text(max_size=12)
    )
    values = st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(keys, children, max_size=6),
        max_leaves=30,
    )

    @settings(
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate),
    )
    @given(
        body=values,
        depth=st.sampled_from([0, 0, 3, 100_000]),
        length=st.sampled_from([0, 0, 3_000]),
        key=keys,
        profiled=st.lists(
            st.sampled_from(validators), min_size=PROFILED, max_size=PROFILED
        ),
    )
    def check(
        body: Any, depth: int, length: int, key: str, profiled: list[Any]
    ) -> None:
        if length:
            body = {key: [body] * length}
        for level in range(depth):
            body = {key: body} if level % 2 else [body]
        for validator in validators:
            assert isinstance(validator(body), list)
        bound = PER_VALIDATOR + PER_NODE * _nodes(body)
        for validator in profiled:
            assert _calls(lambda: validator(body)) <= bound, validator.__name__

    check()


def test_each_request_field_takes_the_wire_form_of_its_own_format(full: Full) -> None:
    # Models are generated in batches, several at once; each batch's placeholder types
    # must come back as that batch's own (AddCallLogRequest has date-times and a uuid).
    script = """
import json
from pipedrive_full.v1.models import AddCallLogRequest as R
fields = {name: str(field.annotation) for name, field in R.model_fields.items()}
print(json.dumps([fields["start_time"], fields["end_time"], fields["lead_id"]]))
R.model_validate({
    "outcome": "connected", "to_phone_number": "1",
    "start_time": "2024-11-12T00:00:00Z", "end_time": "2024-11-12T00:05:00Z",
    "lead_id": "e0b2dcca-1ee4-475b-981f-6329ff3d041c",
})
"""
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=full.root,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stderr
    start, end, lead = json.loads(ran.stdout)
    assert "datetime" in start and "datetime" in end and "UUID" in lead, ran.stdout
