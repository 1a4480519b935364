"""What names each alternative of a union where it has no name of its own.

A union's alternatives become models (or aliases) named after the union's place and a
label each: the discriminator's mapping key, the value that tells the alternatives
apart, a component name or title, what the alternative is (``List``, ``Map``), or what
only it has among objects alike (``WithTemplate``). Pure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .allof import merge_all_of
from .naming import pascal_case
from .normalize import NormalizeError, is_object


def union_labels(
    schema: Mapping[str, Any],
    keyword: str,
    names: list[Any],
    mapped: list[str | None],
) -> list[str]:
    """A name part for each alternative of ``schema[keyword]`` (``oneOf``/``anyOf``).

    The discriminator's mapping key of the alternative (``mapped``), else the value of the property
    that tells the alternatives apart (``deal`` -> ``Deal``), else its component name or
    title (``names``), else what it is (``List``, ``Map``, ``String``; nothing for an
    object); objects these do not tell apart, by what only each has (``_told_apart``);
    ``Option<n>`` only where nothing does.
    """
    options = list(schema[keyword])
    discriminator = schema.get("discriminator")
    discriminator = discriminator if isinstance(discriminator, Mapping) else {}
    tags = tag_values(options, discriminator.get("propertyName"))
    labels = []
    for index, option in enumerate(options):
        option = option if isinstance(option, Mapping) else {}
        name = names[index]
        label = mapped[index]
        if label is None and tags is not None and tags[index] is not None:
            label = str(tags[index])
        labels.append(pascal_case(str(label or name or kind_label(option))))
    labels = _told_apart(labels, options)
    return [
        label if labels.count(label) == 1 else f"Option{index + 1}"
        for index, label in enumerate(labels)
    ]


def _told_apart(labels: list[str], options: list[Any]) -> list[str]:
    """``labels``, where objects share one, each told apart by what only it has of
    them: the one value of a property (``type: {enum: [account_reference]}`` gives
    ``AccountReference``), else ``With`` a property none of the others has
    (``WithTemplate``), else ``With`` its properties, if it has at most three
    (``WithIdAndType``). PagerDuty's unions of inline objects are named so."""
    told = list(labels)
    for label in sorted(set(labels)):
        group = [index for index, other in enumerate(labels) if other == label]
        objects = {index: _object_form(options[index]) for index in group}
        if len(group) < 2 or any(value is None for value in objects.values()):
            continue
        properties = {
            index: dict(_properties(schema))
            for index, schema in objects.items()
            if schema is not None
        }
        for index in group:
            others = [properties[other] for other in group if other != index]
            told[index] = label + _own_part(properties[index], others)
    return told


def _own_part(own: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> str:
    """What names one object among ``others`` (see ``_told_apart``), or ""."""
    for key, schema in own.items():
        value = _single_value(schema)
        if (
            isinstance(value, str)
            and value
            and all(_single_value(other.get(key)) != value for other in others)
        ):
            return pascal_case(value)
    for key in own:
        if all(key not in other for other in others):
            return "With" + pascal_case(str(key))
    if 0 < len(own) <= 3:
        return "With" + "And".join(pascal_case(str(key)) for key in own)
    return ""


def tag_values(
    options: list[Any], property_name: str | None = None
) -> list[Any] | None:
    """The value that tells each alternative of a ``oneOf``/``anyOf`` apart, if any.

    That is the one value (``const``, or an ``enum`` of one) of the discriminator's
    ``property_name``, else of the first property that has one value in every
    alternative that is an object, the values all different (``item: {enum: [deal]}``,
    ``item: {enum: [person]}``). Alternatives that are not objects get ``None``.
    """
    objects = [_object_form(option) for option in options]
    present = [schema for schema in objects if schema is not None]
    if not present:
        return None
    candidates = [property_name] if property_name else list(_properties(present[0]))
    for name in candidates:
        values = [_single_value(_properties(schema).get(name)) for schema in present]
        if None in values or len({json.dumps(v, default=str) for v in values}) < len(
            values
        ):
            continue
        found = iter(values)
        return [None if schema is None else next(found) for schema in objects]
    return None


def _object_form(option: Any) -> Mapping[str, Any] | None:
    if not isinstance(option, Mapping):
        return None
    if "allOf" in option:
        try:
            option = merge_all_of(option)
        except NormalizeError:
            return None
    return option if is_object(option) and option.get("properties") else None


def _properties(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, Mapping) else {}


def _single_value(schema: Any, within: tuple[int, ...] = ()) -> Any:
    if not isinstance(schema, Mapping) or id(schema) in within:
        return None
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _single_value(schema["allOf"][0], (*within, id(schema)))
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0]
    return None


def kind_label(schema: Mapping[str, Any]) -> str:
    """What a union alternative is, where nothing names it: ``List``, ``Map``, its
    type; nothing for an object (a model of its own, named by the union's place)."""
    declared = schema.get("type")
    if declared == "array" or (declared is None and "items" in schema):
        return "List"
    if "allOf" in schema or (is_object(schema) and schema.get("properties")):
        return ""
    if is_object(schema):
        return "Map"
    return pascal_case(declared) if isinstance(declared, str) else "Value"
