"""Discriminator tags: the field each tag property of a request model becomes, and
the tag properties that hold no string.

A request model a discriminated union picks carries the union's tag as a
``Literal`` of the values that pick it, so ``CowRequest()`` sends the right tag. A
model may be picked by several unions (``Cow`` in ``A`` by a mapping's ``cow``, in
``D`` by its name ``Cow``), its property may say which values it takes itself
(``enum``, ``const``), or it may have no such property (the tag is added). An
alternative whose tag property holds no string (``kind: {type: integer}``, or a
``format: date`` string the models parse as a date) is told of, naming each tag that
picks it and is no such value as the package takes it (the models' types, the
validators' format checks). Pure: the drafts, each union's tag values and alternatives in, the
drafts with their tag fields and the warnings of tags no value can be sent or picked
by out.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from datetime import date, time
from uuid import UUID

from ..errors import SpecError
from .drafts import Draft
from .model import (
    FORMAT_TESTS,
    PARSED_FORMATS,
    AliasRef,
    ArrayOf,
    Choice,
    Field,
    Location,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)


@dataclass(frozen=True)
class UnionTag:
    """The values of one union's tag that pick a request model, and where that
    union's discriminator is written."""

    values: tuple[str, ...]
    where: Location


@dataclass(frozen=True)
class TaggedAlternative:
    """An alternative of a union a discriminator's tag picks: where that
    discriminator is written, its tag property, what names the alternative, its type
    and every tag that picks it (the mapping's and its component name:
    ``discriminators.union_tags``; none where it has neither)."""

    where: Location
    property: str
    label: str
    type: TypeRef
    tags: tuple[str, ...]


# A request model's discriminator tags: each tag property's name -> each union that
# picks the model by it (two properties where it is in a union that is an alternative
# of another).
TagField = dict[str, list[UnionTag]]


def draft_aliases(drafts: Iterable[Draft]) -> dict[str, TypeRef]:
    """The type each alias draft stands for, by its token: what :func:`tag_drafts`
    and :func:`untagged_alternatives` look through (neither changes an alias)."""
    return {d.token: d.alias for d in drafts if d.alias is not None}


def tag_drafts(
    drafts: Iterable[Draft],
    tag_fields: Mapping[str, TagField],
    aliases: Mapping[str, TypeRef],
) -> tuple[list[Draft], list[SpecError]]:
    """``drafts`` with each request model's tag fields, and the warnings of tag values
    the property's own ``enum``/``const`` refuses. A tag field is a ``Literal`` of
    the values every union may pick the model by (those its property allows); its
    default the first value every one of those unions takes, else none (the caller
    picks: no one value is right for every union). A model that has no such property
    gets one (its schema allows other properties), unless its ``additionalProperties``
    takes no string (``false``, ``type: integer``): a SpecError, since no body of the
    union can then be that model. ``aliases``: ``draft_aliases(drafts)``."""
    warnings: list[SpecError] = []
    tagged: list[Draft] = []
    for draft in drafts:
        tags = tag_fields.get(draft.token)
        if not tags or draft.alias is not None:
            tagged.append(draft)
            continue
        fields = list(draft.fields)
        for name, unions in tags.items():
            index = next((i for i, f in enumerate(fields) if f.name == name), None)
            if index is None:
                fields.append(_added_field(draft, name, unions, aliases))
                index = len(fields) - 1
            fields[index] = _tag_field(fields[index], unions, aliases, warnings)
        tagged.append(replace(draft, fields=fields))
    return tagged, warnings


def _added_field(
    draft: Draft, name: str, unions: list[UnionTag], aliases: Mapping[str, TypeRef]
) -> Field:
    """The tag property of a model whose schema does not define it: of the type its
    extra properties have (any, if the schema says nothing of them); a SpecError
    where they take none of a union's tags (``false``, an integer, an array, a
    model, a ``format: date`` string none of its tags is a date of:
    :func:`no_string_type`, :func:`_parses`)."""
    extra = Primitive("any") if draft.extra is True else draft.extra
    if extra is False:
        refusal = "its additionalProperties: false refuses"
        raise _no_body(draft, name, unions[0], refusal)
    field = Field(
        name=name,
        type=extra,
        required=False,
        nullable=draft.nullable_extra,
        description=None,
        location=draft.location,
    )
    kind = no_string_type(extra, aliases)
    if kind is None:  # (some string is a value of them)
        return field
    for union in unions:  # (one of whose tags is a value: a body of it is the schema)
        if not any(
            _parses(extra, value, aliases, typed=True) for value in union.values
        ):
            refusal = (
                f"its additionalProperties refuses (they are {kind}, a tag is a string)"
            )
            raise _no_body(draft, name, union, refusal)
    return field  # (a union's tags that are no value of them: warned)


def _no_body(draft: Draft, name: str, union: UnionTag, refusal: str) -> SpecError:
    """The error of a ``union`` that picks ``draft`` by a property ``name`` it does
    not define, whose extra properties take none of its tags (``refusal`` says how)."""
    return SpecError.at(
        union.where,
        f"the union picks {draft.location.pointer} by its property {name!r}, "
        f"which that schema does not define and {refusal}: no body of the union "
        "can be that schema",
    )


def _tag_field(
    field: Field,
    unions: list[UnionTag],
    aliases: Mapping[str, TypeRef],
    warnings: list[SpecError],
) -> Field:
    """A request model's tag field: a ``Literal`` of the values that pick the model
    (see :func:`tag_drafts`; the validators check what the spec says, ``spec_type``).
    A union none of whose values the property allows adds none, with a warning; the
    field is the spec's if no union adds any."""
    allowed = _allowed(field.type, aliases)
    picks: list[tuple[str, ...]] = []
    for union in unions:
        values = tuple(v for v in union.values if allowed is None or v in allowed)
        if values:
            picks.append(values)
            continue
        refused = ", ".join(repr(value) for value in union.values)
        own = ", ".join(repr(value) for value in allowed or ())
        warnings.append(
            SpecError.at(
                field.location,
                f"the discriminator at {union.where.pointer} picks this schema by "
                f"{refused}, which its own enum/const ({own}) refuses: no body of "
                "that union can be this schema",
            )
        )
    if not picks:
        return field
    values = tuple(dict.fromkeys(value for pick in picks for value in pick))
    common = [value for value in values if all(value in pick for pick in picks)]
    return replace(
        field,
        type=Choice("string", values),
        default=tuple(common[:1]),
        spec_type=field.type,
    )


def _allowed(type_: TypeRef, aliases: Mapping[str, TypeRef]) -> frozenset[str] | None:
    """The strings a closed ``enum``/``const`` allows (through aliases), None if it
    is no such choice."""
    type_ = _unaliased(type_, aliases)
    if not isinstance(type_, Choice) or type_.open:
        return None
    return frozenset(value for value in type_.values if isinstance(value, str))


def untagged_alternatives(
    drafts: Iterable[Draft],
    alternatives: Iterable[TaggedAlternative],
    aliases: Mapping[str, TypeRef],
) -> list[SpecError]:
    """The warnings of the ``alternatives`` a tag never picks: a model whose tag
    property holds no string (``kind: {type: integer}``, ``{const: 2}``, an ``allOf``
    or ``$ref`` that comes to one, a string the models parse as a date), since a tag
    is a string taken as is (unless each tag that picks it, ``alternative.tags``, is
    a date, a UUID... the package takes: then a body of that tag is picked; one that
    is not is said). Said in a located warning (at the discriminator, of a union or
    an ``allOf`` base), each once, never without a word. Read from the models' fields as typed (``drafts``,
    before :func:`tag_drafts` gives a request model its tag field; ``aliases``:
    ``draft_aliases(drafts)``), or their extra properties where a model does not
    define it (``additionalProperties: false``, integers...)."""
    models = {d.token: d for d in drafts if d.alias is None}
    warnings: dict[str, SpecError] = {}
    for alternative in alternatives:
        draft = (
            models.get(alternative.type.name)
            if isinstance(alternative.type, ModelRef)
            else None
        )
        said = None if draft is None else _unpicked(draft, alternative, aliases)
        if said is not None:
            warning = SpecError.at(
                alternative.where,
                f"discriminator {alternative.property!r}: {alternative.label} {said}",
            )
            warnings.setdefault(str(warning), warning)
    return list(warnings.values())


def _unpicked(
    draft: Draft, alternative: TaggedAlternative, aliases: Mapping[str, TypeRef]
) -> str | None:
    """Why a body of some tag that picks ``draft`` (the model an ``alternative`` is)
    does not come back as it, as :func:`untagged_alternatives` says it; None where
    every one does. Its tag property is its own field, else one of its extra
    properties: a response model takes it among them untyped, so only
    ``validate_responses`` refuses it (a request model is refused,
    :func:`tag_drafts`)."""
    field = next((f for f in draft.fields if f.name == alternative.property), None)
    taken = field is None and draft.kind == "response"
    tags = alternative.tags
    extra = Primitive("any") if draft.extra is True else draft.extra
    if field is None and extra is False:
        unparsed = list(tags)
        said = "does not define it and its additionalProperties: false refuses it"
        but = ""
    else:
        if field is not None:
            type_, nullable, defines = field.type, field.nullable, "defines it as"
        else:
            type_, nullable = extra or Primitive("any"), draft.nullable_extra
            defines = "does not define it and its additionalProperties are"
        kind = no_string_type(type_, aliases)
        if kind is None:
            return None
        unparsed = [tag for tag in tags if not _parses(type_, tag, aliases, not taken)]
        if tags and not unparsed:
            return None  # each of its tags is a date, a UUID... the package takes
        if nullable and not isinstance(_unaliased(type_, aliases), Choice):
            kind += " or null"  # (an enum's null is among its values)
        said, but = f"{defines} {kind}", ", but a tag is a string"
    which = ", ".join(repr(tag) for tag in unparsed)
    if len(unparsed) < len(tags):  # some of its tags are such values (none if false)
        are = "tag {} is" if len(unparsed) == 1 else "tags {} are"
        said += f", which its {are.format(which)} not: "
        that = "that tag" if len(unparsed) == 1 else "those tags"
    else:  # (named, where there are any)
        said += f"{but}: "
        that = f"its tag{'s' * (len(tags) > 1)} {which}".rstrip()
    if taken:
        return (
            f"{said}a body of {that} is taken as it, but validate_responses refuses "
            "every one"
        )
    return f"{said}no body of it is picked by {that}"


def _parses(
    type_: TypeRef, tag: str, aliases: Mapping[str, TypeRef], typed: bool
) -> bool:
    """Whether the string ``tag`` is a value of ``type_`` (through aliases), a type
    :func:`no_string_type` says holds no string as is, as the generated package
    checks it: a date, a date-time, a time or a UUID its text is, as the validators'
    format checks take it (``runtime._checks``) and, where the models type it
    (``typed``), as they parse it (a date-time with its offset: ``AwareDatetime``); or
    one of a union's options that takes it."""
    type_ = _unaliased(type_, aliases)
    if isinstance(type_, UnionOf):
        return any(_parses(option, tag, aliases, typed) for option in type_.options)
    if not isinstance(type_, Primitive) or type_.type != "string":
        return False
    format_ = type_.format or ""
    if format_ not in PARSED_FORMATS:
        return False
    checked = FORMAT_TESTS.get(format_)
    if checked is not None and not checked(tag):
        return False
    if not typed:
        return True
    from pydantic import ValidationError  # (not at start: only when a tag is checked)

    try:
        _adapter(format_).validate_python(tag)
    except ValidationError:
        return False
    return True


@functools.cache
def _adapter(format_: str) -> Any:
    """pydantic's reader of the type the models give ``format_`` (one of
    ``PARSED_FORMATS``), made once."""
    from pydantic import AwareDatetime, TypeAdapter

    return TypeAdapter(
        AwareDatetime if format_ == "date-time" else _PARSED_TYPES[format_]
    )


# What the models type each of ``PARSED_FORMATS`` as (``date-time``: pydantic's
# ``AwareDatetime``, imported with it when a tag is checked).
_PARSED_TYPES: dict[str, type] = {"date": date, "time": time, "uuid": UUID}


def no_string_type(type_: TypeRef, aliases: Mapping[str, TypeRef]) -> str | None:
    """What ``type_`` is (through aliases) where no string is a value of it as the
    models type it, as a warning names it (``integer``, ``an enum of no string``,
    ``integer or boolean``, ``string (date)``: a string the models parse as a date,
    a UUID..., ``PARSED_FORMATS``, takes no tag as is); None where some string is: a
    string, any value, an enum with a string, a union with one of these (or an alias
    not known here, or of itself alone: not refused for it)."""
    type_ = _unaliased(type_, aliases)
    if isinstance(type_, AliasRef):
        return None
    if isinstance(type_, Choice):
        if any(isinstance(value, str) for value in type_.values):
            return None
        return "an enum of no string"
    if isinstance(type_, Primitive):
        if type_.type == "string" and type_.format in PARSED_FORMATS:
            return f"string ({type_.format})"
        return None if type_.type in ("string", "any") else type_.type
    if isinstance(type_, UnionOf):
        kinds = [no_string_type(option, aliases) for option in type_.options]
        if None in kinds:
            return None
        return " or ".join(dict.fromkeys(kind for kind in kinds if kind is not None))
    return "array" if isinstance(type_, ArrayOf) else "object"  # or a map, a model


def _unaliased(type_: TypeRef, aliases: Mapping[str, TypeRef]) -> TypeRef:
    """The type the alias ``type_`` stands for (through aliases of aliases); the
    alias where it is not known, or of itself alone."""
    seen: set[str] = set()
    while isinstance(type_, AliasRef) and type_.name in aliases:
        if type_.name in seen:
            return type_
        seen.add(type_.name)
        type_ = aliases[type_.name]
    return type_
