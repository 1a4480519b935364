"""An IR type in words, the same wherever the tool words one: the generated validators'
docstrings and issues, and ``diff``'s changes (``type changed from string to
Activity``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from .model import ArrayOf, Choice, JsonScalar, MapOf, Primitive, TypeRef, UnionOf

_ENUM_SHOWN = 8  # values listed before "..."


def describe(
    type_: TypeRef, rules: Callable[[Primitive | ArrayOf], list[str]] | None = None
) -> str:
    """``type_`` in words: ``string (date)``, ``array of Activity``, ``object of Deal by
    id``, ``exactly one of: Cat, Dog``. ``rules`` gives the words of a primitive's or an
    array's constraints, written after its format in brackets (``string (uuid, at most
    36 characters)``): the validators list them, the diff does not."""
    if isinstance(type_, Primitive):
        words = [type_.format] if type_.format else []
        words += rules(type_) if rules is not None else []
        return type_.type + (f" ({', '.join(words)})" if words else "")
    if isinstance(type_, Choice):
        return one_of_text(type_.values)
    if isinstance(type_, ArrayOf):
        words = rules(type_) if rules is not None else []
        return (
            "array of "
            + "nullable " * type_.nullable_items
            + describe(type_.item, rules)
            + (f" ({', '.join(words)})" if words else "")
        )
    if isinstance(type_, MapOf):
        keyed = "id" if type_.key == "integer" else "key"
        nullable = "nullable " * type_.nullable_values
        return f"object of {nullable}{describe(type_.value, rules)} by {keyed}"
    if isinstance(type_, UnionOf):
        words_ = "exactly one of" if type_.exclusive else "at least one of"
        return f"{words_}: " + ", ".join(
            describe(option, rules) for option in type_.options
        )
    return type_.name  # a model or an alias


def one_of_text(values: tuple[JsonScalar, ...]) -> str:
    """An enum in words: ``one of "open", "closed"``."""
    shown = [json.dumps(value, ensure_ascii=False) for value in values[:_ENUM_SHOWN]]
    if len(values) > _ENUM_SHOWN:
        shown.append("...")
    return "one of " + ", ".join(shown)
