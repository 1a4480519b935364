"""Request models' discriminator tags: the field each tag property becomes.

A request model that a discriminated union picks carries the union's tag as a
``Literal`` of the values that pick it, so ``CowRequest()`` sends the right tag. A
model may be picked by several unions (``Cow`` in ``A`` by a mapping's ``cow``, in
``D`` by its name ``Cow``), and its property may say which values it takes itself
(``enum``, ``const``). Pure: the drafts and each union's tag values in, the drafts
with their tag fields and what the spec says that cannot be sent out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .drafts import Draft
from .model import Choice, Field, Location


@dataclass(frozen=True)
class UnionTag:
    """The values of one union's tag that pick a request model, and where that
    union's discriminator is written."""

    values: tuple[str, ...]
    where: Location


# A request model's discriminator tags: each tag property's name -> each union that
# picks the model by it (two properties where it is in a union that is an alternative
# of another).
TagField = dict[str, list[UnionTag]]


def tag_drafts(
    drafts: Iterable[Draft], tag_fields: Mapping[str, TagField]
) -> list[Draft]:
    """``drafts`` with each request model's tag fields. A tag field is a ``Literal``
    of the values every union may pick the model by; its default the first value
    every one of those unions takes, else none (the caller picks: no one value is
    right for every union)."""
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
                continue
            fields[index] = _tag_field(fields[index], unions)
        tagged.append(replace(draft, fields=fields))
    return tagged


def _tag_field(field: Field, unions: list[UnionTag]) -> Field:
    """A request model's tag field: a ``Literal`` of the values that pick the model
    (see :func:`tag_drafts`; the validators check what the spec says, ``spec_type``)."""
    picks = [union.values for union in unions]
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
