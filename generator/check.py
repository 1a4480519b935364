"""Stage 2, check: is the document OpenAPI 3.0/3.1 that openapi-spec-validator accepts?"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

from .errors import join_pointer
from .load import Document, Spec

_SHORT = reprlib.Repr()
_SHORT.maxstring = 40
_SHORT.maxother = 40
_SHORT.maxdict = 3
_SHORT.maxlist = 3


def check_spec(spec: Spec) -> None:
    """Raise ``SpecError`` at the first place where ``spec`` is not valid OpenAPI 3."""
    document = spec.root
    data = document.data
    if data is None:
        raise document.error("#", "empty document: expected an OpenAPI 3 object")
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise document.error(
            "#", f"top level is a {kind}: expected an OpenAPI 3 object"
        )
    if "swagger" in data:
        raise document.error(
            "#/swagger",
            f"Swagger {data['swagger']} is not supported: convert the spec to OpenAPI 3",
        )
    version = data.get("openapi")
    if version is None:
        raise document.error("#", "no 'openapi' field: not an OpenAPI 3 document")
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        raise document.error(
            "#/openapi",
            f"OpenAPI version {version!r} is not supported: use 3.0.x or 3.1.x",
        )
    from openapi_spec_validator import (  # heavy: imported only when checking
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    validator_class: Any = (
        OpenAPIV30SpecValidator
        if version.startswith("3.0.")
        else OpenAPIV31SpecValidator
    )
    loaded = {_BASE + key: other.data for key, other in spec.documents.items()}

    def retrieve(uri: str) -> Any:
        # The validator reads external documents from what ``load`` read, never the disk.
        return loaded[uri.partition("#")[0]]

    in_memory = type(
        "InMemoryValidator",
        (validator_class,),
        {"resolver_handlers": {"file": retrieve}},
    )
    for error in in_memory(data, base_uri=_BASE + document.key).iter_errors():
        _raise_located(document, error)


_BASE = "file:///spec/"  # a fixed base: no machine's paths reach the validator


def _raise_located(document: Document, error: Any) -> None:
    leaf = _deepest(error)
    path = list(
        getattr(leaf, "absolute_path", None) or getattr(error, "absolute_path", [])
    )
    pointer = join_pointer("#", *path)
    raise document.error(pointer, _describe(leaf))


def _deepest(error: Any) -> Any:
    """Follow ``oneOf``/``anyOf`` failures down to the alternative that came closest."""
    while getattr(error, "context", None):
        error = max(_context(error.context), key=_relevance)
    return error


def _context(errors: Iterable[Any]) -> list[Any]:
    return sorted(errors, key=lambda item: [str(part) for part in item.absolute_path])


def _relevance(error: Any) -> tuple[int, int]:
    return (len(error.absolute_path), 0 if error.validator in ("oneOf", "anyOf") else 1)


def _describe(error: Any) -> str:
    validator = getattr(error, "validator", None)
    instance = getattr(error, "instance", None)
    if validator == "enum":
        return f"{_SHORT.repr(instance)} is not one of {_SHORT.repr(error.validator_value)}"
    if validator == "type":
        return f"{_SHORT.repr(instance)} is not of type {error.validator_value!r}"
    if validator in ("oneOf", "anyOf"):
        return f"{_SHORT.repr(instance)} is not valid here"
    message = str(getattr(error, "message", error))
    return message if len(message) <= 160 else message[:157] + "..."
