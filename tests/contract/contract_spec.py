"""The recorded responses of every cassette, and the spec each one answers to.

The specs are the ones ``pyproject.toml`` generates the package from, loaded and
resolved by the generator's own stages. Objects keyed only by ``USER_ID``-style
placeholders are read as maps of the placeholder's schema (upstream README §4.9):
read literally, the real keys (``"1234"``) would be unchecked extras, and
``has_pic: false`` would never meet its ``integer``.
"""

from __future__ import annotations

from oracle import rewrite_placeholders

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipedrive_codegen.record.command import body_bytes, read_cassette

ROOT = Path(__file__).resolve().parents[2]
CASSETTES = Path(__file__).resolve().parent / "cassettes"


@dataclass(frozen=True)
class Response:
    """One recorded response and what it answered."""

    cassette: str  # path under cassettes/, e.g. "documented/v1-getActivity.200.json"
    index: int
    api: str
    operation_id: str
    status: int
    headers: Mapping[str, str]
    body: Mapping[str, Any] | None  # the cassette's body record

    @property
    def id(self) -> str:
        return f"{self.cassette}#{self.index}"

    @property
    def content(self) -> bytes:
        return body_bytes(self.body)

    @property
    def json(self) -> Any:
        """The decoded JSON body; the text for a non-JSON body; None if empty."""
        if self.body is None:
            return None
        return self.body["json"] if "json" in self.body else self.content.decode()


def cassette_paths() -> list[Path]:
    return sorted(CASSETTES.rglob("*.json"))


def cassette_name(path: Path) -> str:
    return path.relative_to(CASSETTES).as_posix()


def responses() -> Iterator[Response]:
    """Every recorded response of every cassette."""
    for path in cassette_paths():
        cassette = read_cassette(path)
        for index, interaction in enumerate(cassette["interactions"]):
            operation = interaction["operation"]
            if operation is None:
                raise AssertionError(
                    f"{cassette_name(path)}#{index}: "
                    f"{interaction['request']['url']} is no operation of the client"
                )
            yield Response(
                cassette_name(path),
                index,
                operation["api"],
                operation["operation_id"],
                interaction["response"]["status"],
                interaction["response"]["headers"],
                interaction["response"]["body"],
            )


@cache
def spec_paths() -> dict[str, Path]:
    """The specs the committed package was generated from, as pyproject.toml names them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = config["tool"]["pipedrive-codegen"]["specs"]
    return {name: ROOT / path for name, path in specs.items()}


@cache
def spec_document(api: str) -> dict[str, Any]:
    """The spec with every ``$ref`` resolved (by the generator's own stages)."""
    from pipedrive_codegen.spec.load import load_spec
    from pipedrive_codegen.spec.resolve import resolve_refs

    return rewrite_placeholders(resolve_refs(load_spec(spec_paths()[api])).data)


@cache
def operation_spec(api: str, operation_id: str) -> tuple[str, str, dict[str, Any]]:
    """(method, full path, operation object) of ``operation_id`` in ``api``'s spec."""
    document = spec_document(api)
    prefix = re.sub(r"^https?://[^/]+", "", document["servers"][0]["url"]).rstrip("/")
    for route, item in document["paths"].items():
        for method, operation in item.items():
            if (
                isinstance(operation, dict)
                and operation.get("operationId") == operation_id
            ):
                return method, prefix + route, operation
    raise LookupError(f"no operation {operation_id} in the {api} spec")


def response_schema(
    api: str, operation_id: str, status: int
) -> tuple[bool, dict[str, Any] | None]:
    """Whether ``status`` is declared, and its JSON schema if it has one."""
    responses_ = operation_spec(api, operation_id)[2].get("responses", {})
    declared = responses_.get(str(status)) or responses_.get("default")
    if declared is None:
        return False, None
    media = (declared.get("content") or {}).get("application/json") or {}
    return True, media.get("schema")


def flatten_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """One schema for ``schema`` and its ``allOf`` parts: properties merged."""
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    for part in map(flatten_schema, schema.get("allOf") or ()):
        for key, value in part.items():
            if key == "properties":
                properties = dict(merged.get("properties") or {})
                for name, item in value.items():
                    known = properties.get(name)
                    properties[name] = (
                        item if known is None else {"allOf": [known, item]}
                    )
                merged["properties"] = properties
            elif key == "required":
                merged["required"] = [*merged.get("required", ()), *value]
            elif key == "nullable":
                merged["nullable"] = merged.get("nullable", False) or value
            else:
                merged.setdefault(key, value)
    return merged
