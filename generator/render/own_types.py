"""Types we write ourselves where datamodel-code-generator cannot: a discriminated
union's annotation (the runtime's ``tagged``), a request's formatted string
(``WireDate``), and the spec's components that are no model, as type aliases (a
recursive one as ``TypeAliasType``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .client_types import tagged_call
from .literals import doc_text, literal, literal_type
from ..ir.model import Alias, AliasRef, ArrayOf, Choice, MapOf, ModelRef, TypeRef
from ..ir.model import UnionOf

# Formats a request model takes as the Python value or as the spec's text, which the
# runtime checks and sends as given.
WIRE_TYPES = {"date": "WireDate", "date-time": "WireDateTime", "uuid": "WireUUID"}


def tagged_annotation(union: UnionOf) -> str:
    """The annotation of a discriminated union, as the runtime's ``tagged`` reads it:
    ``Annotated[Cat | Dog | Pet, tagged("petType", {"cat": 0, "dog": 1}, 2)]``, the
    alternatives as a string the caller quotes where they may be defined later. An
    alternative that is a discriminated union itself is its own ``Annotated[...]``
    (the outer tag picks it, its tag picks its model)."""
    assert union.discriminator is not None
    options = []
    for option in union.options:
        if isinstance(option, ModelRef):
            options.append(option.name)
        elif isinstance(option, UnionOf) and option.discriminator is not None:
            inner, _, metadata = tagged_annotation(option).partition("\0")
            options.append(f"Annotated[{inner}, {metadata}]")
        else:
            options.append("dict[str, Any]")
    return f"{' | '.join(options)}\0{tagged_call(union.discriminator)}"


def alias_definition(alias: Alias) -> str:
    """A recursive type alias, as pydantic and mypy read one on Python 3.11: its type a
    string (it names itself, and models that may come later), read on first use. A
    component that is no model (and holds no reference to itself) is a plain PEP 613
    alias, the very type it stands for, placed after the models it names."""
    text = annotation_of(alias.type, request=alias.kind == "request")
    if alias.recursive:
        value = f"TypeAliasType({literal(alias.name)}, {literal(text)})"
        definition = f"{alias.name} = {value}"
    else:
        definition = f"{alias.name}: TypeAlias = {text}{' | None' * alias.nullable}"
    if alias.description:
        definition += "\n" + docstring(alias.description)
    return definition


# Where the names an alias's type may use come from (those of the runtime aside).
_ALIAS_IMPORTS = {
    "Annotated": "typing",
    "Any": "typing",
    "Literal": "typing",
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "UUID": "uuid",
}


def alias_imports(aliases: Iterable[Alias]) -> tuple[str, ...]:
    """The import lines the aliases' definitions need."""
    aliases = tuple(aliases)
    texts = [alias_definition(alias) for alias in aliases]
    if not texts:
        return ()
    text = "\n".join(texts)
    words = words_of(text)
    used = {name for name in _ALIAS_IMPORTS if name in words}
    lines = [
        f"from {module} import {name}"
        for name, module in _ALIAS_IMPORTS.items()
        if name in used
    ]
    if any(alias.recursive for alias in aliases):
        lines.append("from typing_extensions import TypeAliasType")
    if not all(alias.recursive for alias in aliases):
        lines.append("from typing import TypeAlias")
    return tuple(lines)


_PYTHON_TYPES = {"string": "str", "integer": "int", "number": "float"}


_PYTHON_TYPES |= {"boolean": "bool", "any": "Any"}


_FORMAT_TYPES = {"date": "date", "date-time": "datetime", "time": "time"}


_FORMAT_TYPES |= {"uuid": "UUID", "binary": "bytes"}


def annotation_of(type_: TypeRef, request: bool) -> str:
    """``type_`` as datamodel-code-generator writes it in a model's field (the field's
    own ``| None`` aside), for the types it cannot be given: an alias's."""
    if isinstance(type_, (ModelRef, AliasRef)):
        return type_.name
    if isinstance(type_, ArrayOf):
        item = annotation_of(type_.item, request)
        return f"list[{item}{' | None' * type_.nullable_items}]"
    if isinstance(type_, MapOf):
        key = "int" if type_.key == "integer" else "str"
        value = annotation_of(type_.value, request) + " | None" * type_.nullable_values
        return f"dict[{key}, {value}]"
    if isinstance(type_, UnionOf) and type_.discriminator is not None:
        options, _, metadata = tagged_annotation(type_).partition("\0")
        return f"Annotated[{options}, {metadata}]"
    if isinstance(type_, UnionOf):
        texts = (annotation_of(option, request) for option in type_.options)
        return " | ".join(dict.fromkeys(texts))
    if isinstance(type_, Choice):
        also = _PYTHON_TYPES[type_.type] if type_.open and type_.type != "any" else ""
        return literal_type(type_.values, also)
    if request and type_.type == "string" and type_.format in WIRE_TYPES:
        return WIRE_TYPES[type_.format]
    if type_.type == "string" and type_.format in _FORMAT_TYPES:
        return _FORMAT_TYPES[type_.format]
    return _PYTHON_TYPES[type_.type]


def docstring(text: str) -> str:
    """A one-line triple-quoted docstring literal for ``text``."""
    return f'"""{doc_text(text)}"""'


def words_of(body: str) -> frozenset[str]:
    """The words of ``body``: ``\\bname\\b`` matches in it if and only if ``name``
    is one of them."""
    return frozenset(re.findall(r"\w+", body))
