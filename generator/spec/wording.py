"""How openapi-spec-validator's error becomes one located line: the place it is
written (through ``$ref``s, into other documents), the alternative of a failed
``oneOf``/``anyOf`` the document most likely meant, and short words for what is
wrong (with a "did you mean" for a misspelt key or value)."""

from __future__ import annotations

import collections
import difflib
import re
import reprlib
from collections.abc import Iterable
from typing import Any

from . import references
from ..errors import SpecError, join_pointer
from .document import Document, Spec

_SHORT = reprlib.Repr()
_SHORT.maxstring = 40
_SHORT.maxother = 40
_SHORT.maxdict = 3
_SHORT.maxlist = 3


def located_error(spec: Spec, document: Document, error: Any) -> SpecError:
    """The validator's ``error`` as one located line, where it is written."""
    leaf = _deepest(error)
    path = list(
        getattr(leaf, "absolute_path", None) or getattr(error, "absolute_path", [])
    )
    unknown = _unknown_keys(leaf)
    if unknown:  # point at the first key itself, so the line is the key's line
        keys = ", ".join(repr(key) for key in unknown)
        plural = "s" if len(unknown) > 1 else ""
        written, pointer = _written_at(spec, document, [*path, unknown[0]])
        schema = getattr(leaf, "schema", None)
        known = schema.get("properties", ()) if isinstance(schema, dict) else ()
        hint = _did_you_mean(unknown[0], known)
        return written.error(pointer, f"unknown key{plural} {keys}{hint}")
    written, pointer = _written_at(spec, document, path)
    return written.error(pointer, _describe(leaf))


def _written_at(
    spec: Spec, document: Document, path: list[Any]
) -> tuple[Document, str]:
    """Where the node at ``path`` of ``document`` is written: the validator's path runs
    through ``$ref``s, into other documents too."""
    node: Any = document.data
    pointer = "#"
    for token in path:
        while isinstance(node, dict) and "$ref" in node and token not in node:
            file, pointer = references.target_of(str(node["$ref"]))
            other = spec.document_of(document, file)
            if other is None:
                break
            document = other
            node = references.lookup(document.data, pointer)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            node = None
        pointer = join_pointer(pointer, token)
    return document, pointer


_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)$")
_NO_MATCH = re.compile(r"^(.*) (?:does|do) not match any of the regexes")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _unknown_keys(error: Any) -> list[str]:
    """The keys an ``additionalProperties``/``unevaluatedProperties`` error refuses."""
    if getattr(error, "validator", None) not in (
        "additionalProperties",
        "unevaluatedProperties",
    ) or not isinstance(getattr(error, "instance", None), dict):
        return []
    message = str(getattr(error, "message", ""))
    match = _UNEXPECTED.search(message) or _NO_MATCH.search(message)
    names = _QUOTED.findall(match.group(1)) if match else []
    return [name for name in names if name in error.instance]


def _deepest(error: Any) -> Any:
    """Follow ``oneOf``/``anyOf`` failures down to the alternative that came closest."""
    while getattr(error, "context", None):
        error = _closest(error)
    return error


def _closest(error: Any) -> Any:
    """Of a failed ``oneOf``/``anyOf``, the error of the alternative the document most
    likely meant. An alternative is not meant when a property that tells them apart
    has another value than the one it fixes (``in: path`` is not the ``query``
    parameter), nor when it describes none of the object's keys (a parameter without
    ``$ref`` is not a Reference). When every alternative is ruled out by the same
    property's value, the error names all the values it may take; when each remaining
    one only misses a key, it names them all."""
    by_alternative: dict[Any, list[Any]] = collections.defaultdict(list)
    for item in _context(error.context):
        by_alternative[item.relative_schema_path[0]].append(item)
    refused = {
        index: [item for item in errors if _fixed_value(error, item)]
        for index, errors in by_alternative.items()
    }
    # A property fixed to another value in several alternatives tells them apart
    # (``in``); one only a single alternative fixes (a path parameter's ``required``)
    # is that alternative's own rule, broken.
    fixed = collections.Counter(
        path
        for items in refused.values()
        for path in {tuple(item.absolute_path) for item in items}
    )
    telling = {path for path, count in fixed.items() if count > 1}
    meant = [
        errors
        for index, errors in by_alternative.items()
        if not any(tuple(item.absolute_path) in telling for item in refused[index])
        and not _describes_none(error.instance, errors)
    ]
    if not meant:
        return _values_taken(list(refused.values())) or max(
            _context(error.context), key=_relevance
        )
    return _keys_missed(error, meant) or max(
        (item for errors in meant for item in errors), key=_relevance
    )


def _describes_none(instance: Any, errors: list[Any]) -> bool:
    """Whether an alternative whose ``errors`` these are describes none of the keys of
    the object ``instance``, though it describes some keys."""
    for item in errors:
        schema = item.schema
        if (
            len(item.relative_schema_path) == 2  # at the alternative itself
            and isinstance(instance, dict)
            and isinstance(schema, dict)
            and (schema.get("properties") or schema.get("patternProperties"))
            and not any(_describes(schema, key) for key in instance)
        ):
            return True
    return False


def _fixed_value(parent: Any, item: Any) -> bool:
    """Whether ``item`` refuses the value of one of ``parent``'s instance's properties
    as not the one value an alternative fixes (``in: {enum: [path]}``, a ``const``)."""
    fixes = item.validator == "const" or (
        item.validator == "enum"
        and isinstance(item.validator_value, list)
        and len(item.validator_value) == 1
    )
    return fixes and len(item.absolute_path) == len(parent.absolute_path) + 1


def _describes(schema: dict[str, Any], key: str) -> bool:
    if key in (schema.get("properties") or {}):
        return True
    return any(
        re.search(pattern, key) for pattern in schema.get("patternProperties") or {}
    )


class _Combined:
    """An error made of the like errors of several alternatives, as ``_describe``
    reads one."""

    def __init__(
        self, validator: str, instance: Any, value: Any, path: Any, message: str = ""
    ) -> None:
        self.validator = validator
        self.instance = instance
        self.validator_value = value
        self.absolute_path = path
        self.message = message
        self.context: list[Any] = []


def _values_taken(refused: list[list[Any]]) -> Any:
    """One ``enum`` error with every value the alternatives allow, when each is ruled
    out (``refused``: each one's errors of a fixed value) by the same property's value
    (``in: body``: path, query, header or cookie)."""
    if not all(refused):
        return None
    refusals = [items[0] for items in refused]
    if len({tuple(item.absolute_path) for item in refusals}) != 1:
        return None
    values: list[Any] = []
    for item in refusals:
        allowed = item.validator_value
        for value in allowed if item.validator == "enum" else [allowed]:
            if value not in values:
                values.append(value)
    first = refusals[0]
    return _Combined("enum", first.instance, values, first.absolute_path)


def _keys_missed(parent: Any, alternatives: list[list[Any]]) -> Any:
    """One error naming the keys of several alternatives that each only miss one
    (a parameter needs ``schema`` or ``content``)."""
    if len(alternatives) < 2 or any(
        len(errors) != 1 or errors[0].validator != "required" for errors in alternatives
    ):
        return None
    instance = parent.instance
    if not isinstance(instance, dict):
        return None
    keys = [
        [key for key in errors[0].validator_value if key not in instance][:1]
        for errors in alternatives
    ]
    if not all(keys):
        return None
    names = " or ".join(repr(key) for key in dict.fromkeys(key for [key] in keys))
    message = f"{names} is a required property"
    return _Combined("required", parent.instance, None, parent.absolute_path, message)


def _context(errors: Iterable[Any]) -> list[Any]:
    return sorted(errors, key=lambda item: [str(part) for part in item.absolute_path])


def _relevance(error: Any) -> tuple[int, int]:
    return (len(error.absolute_path), 0 if error.validator in ("oneOf", "anyOf") else 1)


def _describe(error: Any) -> str:
    validator = getattr(error, "validator", None)
    instance = getattr(error, "instance", None)
    if validator == "enum":
        hint = _did_you_mean(instance, error.validator_value)
        return f"{_SHORT.repr(instance)} is not one of {_SHORT.repr(error.validator_value)}{hint}"
    if validator == "type":
        return f"{_SHORT.repr(instance)} is not of type {error.validator_value!r}"
    if validator in ("oneOf", "anyOf"):
        return f"{_SHORT.repr(instance)} is not valid here"
    message = str(getattr(error, "message", error))
    return message if len(message) <= 160 else message[:157] + "..."


def _did_you_mean(word: Any, known: Iterable[Any]) -> str:
    """``; did you mean 'string'?`` for a misspelt keyword or value, else nothing."""
    if not isinstance(word, str):
        return ""
    candidates = [name for name in known if isinstance(name, str)]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""
