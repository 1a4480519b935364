"""What the validator tests share: validators fresh from the generator, the oracle, the bodies.

The oracle is openapi-core, given each spec with one documented rewrite: an object whose
only properties are ``USER_ID``-style placeholders becomes ``additionalProperties: <the
placeholder's schema>``. Read literally, openapi-core checks a property named ``USER_ID``
that never occurs and lets the real ids (``"1234"``) through unchecked as extra
properties; rewritten, both sides check what the spec means (every value, whatever its
id). The rewrite is written here, apart from the generator's own rule, so a bug in one
does not hide in the other.
"""

from __future__ import annotations

from oracle import rewrite_placeholders

import copy
import importlib
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.validators import V30RequestBodyValidator
from openapi_core.validation.response.validators import V30ResponseDataValidator

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEMPLATES = ROOT / "templates"
DEFAULT_SPECS = {
    "v1": ROOT / "specs" / "activities-v1.yaml",
    "v2": ROOT / "specs" / "activities-v2.yaml",
}
FEATURES_SPEC = HERE / "specs" / "features.yaml"
_METHODS = ("get", "put", "post", "delete", "patch")

# Cases each differential run checked, by body: filled by the test, reported at the end.
CASES: dict[str, dict[str, int]] = {}


def render_validators_source(spec_path: Path, name: str) -> str:
    """``validators.py`` of one spec, made now by the generator's own stages (and black)."""
    from pipedrive_codegen.ir.build import build_ir
    from pipedrive_codegen.spec.check import check_spec
    from pipedrive_codegen.output.format import format_sources
    from pipedrive_codegen.spec.load import load_spec
    from pipedrive_codegen.render.templates import template_environment
    from pipedrive_codegen.spec.resolve import resolve_refs
    from pipedrive_codegen.render.validators.planner import render_validators

    spec = load_spec(spec_path)
    resolved = resolve_refs(spec)
    check_spec(spec)
    api = build_ir(resolved, name)
    text = render_validators(api, template_environment(TEMPLATES))
    return format_sources({"validators.py": text})["validators.py"]


def import_source(source: str, module_name: str, directory: Path) -> ModuleType:
    """Import ``source`` as the validators of a package ``module_name`` made in
    ``directory``: the runtime it imports beside it, as in a generated package."""
    from pipedrive_codegen.render.package import runtime_files

    package = directory / module_name
    for relative, text in runtime_files().items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text(text, encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "spec").mkdir()
    (package / "spec" / "__init__.py").write_text("", encoding="utf-8")
    (package / "spec" / "validators.py").write_text(source, encoding="utf-8")
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))
    return importlib.import_module(f"{module_name}.spec.validators")


@cache
def load_spec_document(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class BodyCase:
    """One body a spec declares: a request body or the body of one response."""

    spec: str  # "v1", "v2", "features"
    operation_id: str
    method: str
    path: str
    status: int | str | None  # None: the request body
    schema: Mapping[str, Any]  # as the oracle reads it (placeholders rewritten)

    @property
    def label(self) -> str:
        what = "request" if self.status is None else f"response {self.status}"
        return f"{self.spec}-{self.operation_id}-{what}"


def body_cases(spec_name: str, path: Path) -> Iterator[BodyCase]:
    """Every JSON body with a schema in the spec, in spec order."""
    document = rewrite_placeholders(load_spec_document(path))
    for route, item in document["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operation_id = operation["operationId"]
            request = _json_schema(operation.get("requestBody"))
            if request is not None:
                yield BodyCase(spec_name, operation_id, method, route, None, request)
            for status, response in operation.get("responses", {}).items():
                schema = _json_schema(response)
                code = int(status) if str(status).isdigit() else str(status)
                if schema is not None:
                    yield BodyCase(spec_name, operation_id, method, route, code, schema)


def _json_schema(holder: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    media = ((holder or {}).get("content") or {}).get("application/json")
    return None if media is None else media.get("schema")


class Oracle:
    """openapi-core's verdict on a body, through its public request/response validators."""

    def __init__(self, path: Path) -> None:
        document = rewrite_placeholders(copy.deepcopy(load_spec_document(path)))
        self.api = OpenAPI.from_dict(document)
        server = urlsplit(document["servers"][0]["url"])
        self.host = f"{server.scheme}://{server.netloc}"
        self.prefix = server.path.rstrip("/")
        self.request_validator = V30RequestBodyValidator(self.api.spec)
        self.response_validator = V30ResponseDataValidator(self.api.spec)

    def errors(self, case: BodyCase, body: Any) -> list[str]:
        """openapi-core's complaints about ``body`` as ``case``; empty when valid."""
        data = json.dumps(body).encode()
        path = self.prefix + re.sub(r"\{[^}]+\}", "1", case.path)
        request = MockRequest(
            self.host,
            case.method,
            path,
            data=data if case.status is None else b"",
            content_type="application/json",
        )
        if case.status is None:
            errors = self.request_validator.iter_errors(request)
        else:
            response = MockResponse(
                data, status_code=concrete(case.status), content_type="application/json"
            )
            errors = self.response_validator.iter_errors(request, response)
        return [f"{error!r}: {error.__cause__!r}"[:2000] for error in errors]


def generated_issues(
    module: ModuleType, case: BodyCase, body: Any, *, first: bool = False
) -> list[Any]:
    if case.status is None:
        return list(module.validate_request(case.operation_id, body, first=first))
    return list(
        module.validate_response(
            case.operation_id, concrete(case.status), body, first=first
        )
    )


def concrete(status: int | str) -> int:
    """A status that only ``status`` covers in the specs: ``2XX`` is 299, ``default``
    599."""
    if isinstance(status, int):
        return status
    return 599 if status == "default" else int(status[0]) * 100 + 99
