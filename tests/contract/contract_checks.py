"""The contract checks of one recorded response, and the reviewed allow-list of drift.

Every response of every cassette is checked four ways:

- **models**: it parses with the generated model for its operation and status (as the
  client parses it) and dumps back to the same JSON;
- **drift walk** (:func:`walk_drift`): the body against the spec schema, listing every
  place they disagree: fields the spec does not declare, ``null`` where the spec has no
  ``nullable``, values outside an ``enum``, wrong JSON types, broken formats
  (date, date-time, uuid), missing required keys, and statuses the operation does not
  declare;
- **openapi-core** (:func:`openapi_core_findings`), the independent oracle;
- **generated validators** (:func:`validator_findings`).

A finding passes only if ``known-drift.yaml`` acknowledges it with a reason.

Both oracles see the spec as ``contract_spec`` reads it (placeholder maps rewritten).
"""

from __future__ import annotations

import copy
import fnmatch
import importlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from contract_spec import (
    Response,
    flatten_schema,
    operation_spec,
    response_schema,
    spec_document,
)

KNOWN_DRIFT = Path(__file__).resolve().parent / "known-drift.yaml"
KINDS = (
    "undeclared-field",
    "null-in-non-nullable",
    "unlisted-enum",
    "type-mismatch",
    "format-mismatch",
    "missing-required",
    "undeclared-status",
)
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


@dataclass(frozen=True, order=True)
class Finding:
    """One way a response body and the spec disagree."""

    pointer: str  # JSON pointer into the body ("" is the whole body)
    kind: str
    value: str = ""  # the offending value, short, as JSON
    expected: str = ""


# -- the drift walk -------------------------------------------------------------------


def walk_drift(response: Response) -> list[Finding]:
    """Every place ``response`` and its spec disagree (see the module docstring)."""
    declared, schema = response_schema(
        response.api, response.operation_id, response.status
    )
    if not declared:
        return [Finding("", "undeclared-status", str(response.status))]
    if schema is None:
        return []
    if response.body is not None and "json" not in response.body:
        return [Finding("", "type-mismatch", _render(response.json), "a JSON body")]
    return walk_schema(schema, response.json)


def walk_schema(schema: Mapping[str, Any], value: Any) -> list[Finding]:
    """Every place ``value`` breaks ``schema`` (an OpenAPI 3.0 schema, refs resolved)."""
    findings: list[Finding] = []
    _walk(schema, value, "", findings)
    return sorted(set(findings))


def _walk(
    schema: Mapping[str, Any], value: Any, pointer: str, out: list[Finding]
) -> None:
    schema = flatten_schema(schema)
    kind = schema.get("type")
    if value is None:
        if not schema.get("nullable") and (kind or "properties" in schema):
            out.append(
                Finding(pointer, "null-in-non-nullable", "null", kind or "object")
            )
        return
    if "enum" in schema and not any(_same(value, item) for item in schema["enum"]):
        expected = "one of " + ", ".join(json.dumps(item) for item in schema["enum"])
        out.append(Finding(pointer, "unlisted-enum", _render(value), expected))
        return
    if kind is not None and not _has_type(value, kind):
        out.append(Finding(pointer, "type-mismatch", _render(value), kind))
        return
    if isinstance(value, str) and not _has_format(value, schema.get("format")):
        out.append(
            Finding(pointer, "format-mismatch", _render(value), schema["format"])
        )
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            _walk(schema["items"], item, f"{pointer}/{index}", out)
    if isinstance(value, dict):
        _walk_object(schema, value, pointer, out)


def _walk_object(
    schema: Mapping[str, Any], value: dict[str, Any], pointer: str, out: list[Finding]
) -> None:
    properties = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        where = f"{pointer}/{_escape(key)}"
        if key in properties:
            _walk(properties[key], item, where, out)
        elif isinstance(extra, Mapping):
            _walk(extra, item, where, out)
        elif properties and extra is not True:
            out.append(Finding(where, "undeclared-field", _render(item)))
    for key in schema.get("required") or ():
        if key not in value:
            out.append(Finding(f"{pointer}/{_escape(key)}", "missing-required"))


def _has_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        return type(value) is int
    if kind == "number":
        return type(value) in (int, float)
    names = {"string": str, "boolean": bool, "object": dict, "array": list}
    return kind not in names or type(value) is names[kind]


def _has_format(text: str, format_: str | None) -> bool:
    if format_ == "date":
        try:
            return len(text) == 10 and bool(date.fromisoformat(text))
        except ValueError:
            return False
    if format_ == "date-time":
        return _DATE_TIME.fullmatch(text) is not None
    if format_ == "uuid":
        return _UUID.fullmatch(text) is not None
    return True


def _same(value: Any, item: Any) -> bool:
    return isinstance(value, bool) == isinstance(item, bool) and value == item


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _render(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


# -- openapi-core ---------------------------------------------------------------------


@cache
def _openapi_validator(api: str) -> Any:
    from openapi_core import OpenAPI
    from openapi_core.validation.response.validators import V30ResponseDataValidator

    document = copy.deepcopy(spec_document(api))
    return V30ResponseDataValidator(OpenAPI.from_dict(document).spec)


def openapi_core_findings(response: Response) -> list[Finding]:
    """openapi-core's verdict on ``response``, as findings."""
    from openapi_core.templating.responses.exceptions import ResponseNotFound
    from openapi_core.testing import MockRequest, MockResponse

    method, path, _ = operation_spec(response.api, response.operation_id)
    host = re.match(
        r"^https?://[^/]+", spec_document(response.api)["servers"][0]["url"]
    )
    assert host is not None
    request = MockRequest(host.group(0), method, re.sub(r"\{[^}]+\}", "1", path))
    content_type = response.headers.get("content-type", "application/json")
    answer = MockResponse(
        response.content,
        status_code=response.status,
        content_type=content_type.split(";")[0].strip(),
    )
    findings: set[Finding] = set()
    for error in _openapi_validator(response.api).iter_errors(request, answer):
        if isinstance(error, ResponseNotFound):
            findings.add(Finding("", "undeclared-status", str(response.status)))
            continue
        schema_errors = getattr(error.__cause__, "schema_errors", None)
        if not schema_errors:
            findings.add(
                Finding("", f"openapi-core {type(error).__name__}", str(error))
            )
        for schema_error in schema_errors or ():
            findings.add(_from_schema_error(schema_error))
    return sorted(findings)


def _from_schema_error(error: Any) -> Finding:
    pointer = "".join(f"/{_escape(str(part))}" for part in error.absolute_path)
    kind = {
        "type": "type-mismatch",
        "enum": "unlisted-enum",
        "format": "format-mismatch",
        "required": "missing-required",
        "additionalProperties": "undeclared-field",
    }.get(error.validator, f"openapi-core {error.validator}")
    if error.instance is None:
        kind = "null-in-non-nullable"
    return Finding(pointer, kind, _render(error.instance))


# -- the generated validators ---------------------------------------------------------


class ValidatorsUnavailable(AssertionError):
    """The generated package has no validators module to check responses with."""


_RULE_KINDS = {
    "type": "type-mismatch",
    "nullable": "null-in-non-nullable",
    "enum": "unlisted-enum",
    "format": "format-mismatch",
    "required": "missing-required",
    "additionalProperties": "undeclared-field",
    "status": "undeclared-status",
}


def validators_module(package: ModuleType, api: str) -> ModuleType:
    name = f"{package.__name__}.{api}.validators"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        raise ValidatorsUnavailable(
            f"{name} does not exist: the generated package has no validators yet, so "
            "this contract check cannot run (wire validators.py into the generator "
            "and regenerate). Not skipped on purpose."
        ) from None


def validator_findings(package: ModuleType, response: Response) -> list[Finding]:
    """The generated ``validate_response``'s issues with ``response``, as findings."""
    module = validators_module(package, response.api)
    issues = module.validate_response(
        response.operation_id, response.status, response.json
    )
    return sorted(
        {
            Finding(
                issue.pointer,
                _RULE_KINDS.get(issue.rule, f"validator {issue.rule}"),
                issue.value,
                issue.expected,
            )
            for issue in issues
        }
    )


# -- the generated models -------------------------------------------------------------


def client_operation(package: ModuleType, api: str, operation_id: str) -> Any:
    client = importlib.import_module(f"{package.__name__}.{api}.client")
    runtime = importlib.import_module(f"{package.__name__}._runtime._operation")
    for value in vars(client).values():
        if isinstance(value, runtime.Operation) and value.operation_id == operation_id:
            return value
    raise LookupError(f"no operation {operation_id} in {client.__name__}")


def response_model(package: ModuleType, response: Response) -> Any:
    """The model the client parses ``response`` with, or None (then it raises)."""
    operation = client_operation(package, response.api, response.operation_id)
    if 200 <= response.status < 300 or response.status in operation.responses:
        return operation.model_for(response.status)
    return None


def model_problems(package: ModuleType, response: Response) -> list[str]:
    """How the generated model fails ``response``: it does not parse, or loses data."""
    from pydantic import ValidationError

    model = response_model(package, response)
    if model is None:
        return [f"{response.id}: no model for status {response.status}"]
    try:
        parsed = model.model_validate_json(response.content)
    except ValidationError as error:
        return [f"{response.id}: {model.__name__} refuses the body: {error}"]
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if dumped != response.json:
        return [
            f"{response.id}: {model.__name__} does not give the body back: {dumped}"
        ]
    return []


# -- the allow-list -------------------------------------------------------------------


@dataclass(frozen=True)
class Acknowledged:
    """An entry of known-drift.yaml: drift we know of, and why we accept it."""

    cassette: str  # glob over cassette paths
    pointer: str  # glob over JSON pointers
    kind: str
    reason: str

    def covers(self, cassette: str, finding: Finding) -> bool:
        return (
            self.kind == finding.kind
            and fnmatch.fnmatchcase(cassette, self.cassette)
            and fnmatch.fnmatchcase(finding.pointer, self.pointer)
        )


@cache
def known_drift() -> tuple[Acknowledged, ...]:
    entries = yaml.safe_load(KNOWN_DRIFT.read_text(encoding="utf-8")) or []
    return tuple(
        Acknowledged(
            str(entry["cassette"]),
            str(entry["pointer"]),
            str(entry["kind"]),
            str(entry.get("reason") or ""),
        )
        for entry in entries
    )


def unacknowledged(
    response: Response,
    findings: list[Finding],
    allowed: tuple[Acknowledged, ...] | None = None,
) -> list[Finding]:
    entries = known_drift() if allowed is None else allowed
    return [
        finding
        for finding in findings
        if not any(entry.covers(response.cassette, finding) for entry in entries)
    ]


def as_entries(response: Response, findings: list[Finding]) -> str:
    """Findings as known-drift.yaml entries, to review and (with a reason) paste."""
    return yaml.safe_dump(
        [
            {
                "cassette": response.cassette,
                "pointer": finding.pointer,
                "kind": finding.kind,
                "value": finding.value,
                "expected": finding.expected,
                "reason": "TODO: why is this acceptable?",
            }
            for finding in findings
        ],
        sort_keys=False,
        allow_unicode=True,
    )
