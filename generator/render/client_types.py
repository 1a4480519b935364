"""How the generated client spells a type: ``annotation``, and the enums it names.

``clientview.py`` uses these for every signature; they depend on the IR alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..ir.model import AliasRef, ArrayOf, Body, Choice, MapOf, Model, ModelRef
from ..ir.model import Operation, Primitive, TypeRef
from ..ir.model import Discriminator, UnionOf, leaves
from .literals import literal, literal_members, literal_type
from ..ir.naming import pascal_case
from ..ir.normalize import is_json

FORMAT_TYPES = {
    "date": "date",
    "date-time": "datetime",
    "uuid": "UUID",
    "binary": "bytes",
}
# Where the names an annotation may use besides the models come from.
IMPORTS = {"date": "datetime", "datetime": "datetime", "UUID": "uuid", "Any": "typing"}
IMPORTS["Literal"] = "typing"
# Formats a request model's field and a parameter also take as the spec's text
# (``runtime/_request_models.py``, ``runtime/_arguments.py``).
WIRE_FORMATS = frozenset({"date", "date-time", "uuid"})
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}

# An enum the operations take with this many values or more is named once, a type alias
# in the client module, rather than spelled out in every signature that takes it.
NAMED_FROM = 5


@dataclass(frozen=True)
class NamedChoice:
    """``name = Literal[values]``: an enum named after the first place that takes it;
    ``| float`` or ``| int`` after it (``tail``) where some of its values are floats or
    integers a ``Literal`` cannot hold."""

    name: str
    values: tuple[str, ...]  # as Python literals
    tail: str = ""


# The names of named enums, by their ``Literal[...]``; none by default.
Names = Mapping[str, str]
NO_NAMES: Names = MappingProxyType({})


def annotation(
    type_: TypeRef, names: Names = NO_NAMES, wire: bool = False, parse: bool = False
) -> str:
    """The Python type of ``type_`` as the generated client spells it, an enum that
    ``names`` names by its name; with ``wire`` (a request's body field, a parameter
    that ``wire_format`` names) a formatted string also takes the spec's text
    (``date | str``), as the request models do; with ``parse`` (what the runtime
    parses a body as) a discriminated union is ``Annotated`` with the runtime's
    ``tagged``, so the tag picks its alternative."""
    if isinstance(type_, (ModelRef, AliasRef)):
        return type_.name
    if isinstance(type_, ArrayOf):
        item = or_none(type_.item, type_.nullable_items, names, wire, parse)
        return f"list[{item}]"
    if isinstance(type_, MapOf):
        key = "int" if type_.key == "integer" else "str"
        value = or_none(type_.value, type_.nullable_values, names, wire, parse)
        return f"dict[{key}, {value}]"
    if isinstance(type_, UnionOf) and parse and type_.discriminator is not None:
        tagged = " | ".join(annotation(option, parse=True) for option in type_.options)
        return f"Annotated[{tagged}, {tagged_call(type_.discriminator)}]"
    if isinstance(type_, UnionOf):
        options = (annotation(option, names, wire) for option in type_.options)
        return " | ".join(dict.fromkeys(options))
    if isinstance(type_, Choice):
        text = literal_type(type_.values)
        return names.get(text, text)
    if type_.type == "string" and type_.format in FORMAT_TYPES:
        text = " | str" if wire and type_.format in WIRE_FORMATS else ""
        return FORMAT_TYPES[type_.format] + text
    return _PRIMITIVES.get(type_.type, "Any")


def or_none(
    type_: TypeRef,
    nullable: bool,
    names: Names = NO_NAMES,
    wire: bool = False,
    parse: bool = False,
) -> str:
    """An array's item or a map's value type, ``| None`` where it may be null."""
    return annotation(type_, names, wire, parse) + " | None" * nullable


def tagged_call(discriminator: Discriminator) -> str:
    """The runtime's ``tagged(...)`` that parses a union by ``discriminator``'s tag:
    ``tagged("petType", {"cat": 0, "Dog": 1}, 2)``, each tag naming the index of its
    alternative, then the index of the one an unmapped tag parses as, if any."""
    tags = ", ".join(f"{literal(tag)}: {index}" for tag, index in discriminator.tags)
    fallback = "" if discriminator.fallback is None else f", {discriminator.fallback}"
    return f"tagged({literal(discriminator.property)}, {{{tags}}}{fallback})"


def wire_format(type_: TypeRef) -> tuple[str, bool] | None:
    """The format of a parameter that takes the spec's text as well as the Python value
    (``date``, ``date-time``, ``uuid``; the runtime checks the text and sends the ISO
    form), and whether the parameter is an array of such values; else ``None``."""
    item = type_.item if isinstance(type_, ArrayOf) else type_
    if not isinstance(item, Primitive) or item.type != "string":
        return None
    if item.format not in WIRE_FORMATS:
        return None
    return item.format, isinstance(type_, ArrayOf)


def optional(type_: TypeRef, names: Names = NO_NAMES, wire: bool = False) -> str:
    text = annotation(type_, names, wire)
    return text if text == "Any" else f"{text} | None"


def takes_null(body: Body | None) -> bool:
    """Whether ``body=NULL`` sends the JSON text ``null`` (``None`` sends no body): a
    JSON request body the spec lets be null (``nullable``, ``type: [..., "null"]``), or
    gives no type (any value, null too), as the validators check it."""
    if body is None or not is_json(body.content_type):
        return False
    return body.nullable or annotation(body.type) == "Any"


def request_model(body: Body | None, models: Mapping[str, Model]) -> Model | None:
    if body is None or not isinstance(body.type, ModelRef):
        return None
    return models[body.type.name]


def body_models(body: Body | None, models: Mapping[str, Model]) -> tuple[Model, ...]:
    """The request models whose fields are also keyword arguments: the body's model,
    or each model of a discriminated union body (its tag argument picks the one the
    arguments build); none for any other body."""
    model = request_model(body, models)
    if model is not None:
        return (model,)
    if body is None or not isinstance(body.type, UnionOf):
        return ()
    if body.type.discriminator is None:
        return ()
    options = body.type.options
    if not all(isinstance(option, ModelRef) for option in options):
        return ()
    return tuple(
        models[option.name] for option in options if isinstance(option, ModelRef)
    )


def field_annotation(types: Sequence[TypeRef], names: Names = NO_NAMES) -> str:
    """The keyword argument of a body field that ``types`` type (one a model that has
    it): their union, ``None`` meaning "not sent"; the tags of a union's models (enums
    of one type) one ``Literal``."""
    choices = [type_ for type_ in types if isinstance(type_, Choice)]
    kinds = {choice.type for choice in choices}
    alike = len(choices) == len(types) and len(kinds) == 1 and "any" not in kinds
    if len(types) > 1 and alike:
        values = dict.fromkeys(value for choice in choices for value in choice.values)
        types = [Choice(choices[0].type, tuple(values))]
    parts = dict.fromkeys(annotation(type_, names, wire=True) for type_ in types)
    return "Any" if "Any" in parts else " | ".join(parts) + " | None"


def named_choices(
    operations: tuple[Operation, ...], models: Mapping[str, Model], taken: set[str]
) -> dict[str, NamedChoice]:
    """The enums of ``NAMED_FROM`` values or more that the operations take, by their
    ``Literal[...]``, each named after the first parameter or body field that takes it
    (``AddActivityTypeRequestIconKey``); one whose name is taken stays spelled out."""
    named: dict[str, NamedChoice] = {}
    for operation in operations:
        # (what a name begins with, the spec's name of the place, its type)
        prefix = pascal_case(operation.python_name)
        places = [
            (prefix, p.name, p.type)
            for p in operation.parameters
            if p.where in ("path", "query", "header", "cookie")
        ]
        body_model = request_model(operation.request_body, models)
        if body_model is not None:
            places += [(body_model.name, f.name, f.type) for f in body_model.fields]
        for prefix, place, type_ in places:
            for choice in leaves(type_):
                if not isinstance(choice, Choice) or len(choice.values) < NAMED_FROM:
                    continue
                text = annotation(choice)
                members, others = literal_members(choice.values)
                if text in named or not members:  # ``float``: no enum to name
                    continue
                base = prefix + pascal_case(place)
                name = next((n for n in (base, base + "Choice") if n not in taken), "")
                if name:
                    taken.add(name)
                    tail = "".join(f" | {other}" for other in others)
                    named[text] = NamedChoice(name, members, tail)
    return named
