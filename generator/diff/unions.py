"""The rules of the diff for a union (``oneOf``/``anyOf``) beside its options, which
``types`` pairs and compares: options added or removed, ``oneOf`` against ``anyOf``,
the discriminator (which option a tag value picks) and the order of the options, each
classified as ``rules`` classifies the rest.

Which option a value parses as: by its tag where there is a discriminator (the
runtime's ``tagged``); else pydantic's smart mode takes the option the value fits best,
the first listed among equals, so the order of the options then matters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..ir.model import Choice, Primitive, TypeRef, UnionOf
from ..ir.words import describe
from .shapes import Pairs

if TYPE_CHECKING:
    from .types import Side, TypeComparison


def options_changed(
    comparison: TypeComparison,
    removed: Sequence[TypeRef],
    added: Sequence[TypeRef],
    side: Side,
    location: str,
) -> None:
    """Options of a union removed or added (beside others that changed)."""
    for option in removed:
        if side == "request":
            message = (
                f"option {describe(option)} removed; calls sending such a value are "
                "refused"
            )
        else:
            message = f"option {describe(option)} removed; the API no longer returns it"
        comparison.add("option-removed", side, location, side == "request", message)
    for option in added:
        message = f"option {describe(option)} added" + (
            ""
            if side == "request"
            else "; the client may now receive values the old type excluded"
        )
        comparison.add("option-added", side, location, side != "request", message)


def union_changed(
    comparison: TypeComparison,
    old: UnionOf,
    new: UnionOf,
    pairs: Pairs,
    side: Side,
    location: str,
) -> None:
    """What else than its options a union changed: ``oneOf`` against ``anyOf``, its
    discriminator, the order of its options. ``pairs`` says which new option is
    which old one (``shapes.pair_options``)."""
    if old.exclusive != new.exclusive:
        if new.exclusive:
            change, request = (
                "anyOf is now oneOf",
                "values that fit several are refused",
            )
        else:
            change, request = "oneOf is now anyOf", "values that fit several pass"
        if side == "request":
            message = f"{change}; {request}"
        else:
            message = (
                f"{change}; the models parse as before, only validate_responses "
                "tells the two apart"
            )
        breaking = side == "request" and new.exclusive
        comparison.add("union-changed", side, location, breaking, message)
    _discriminator_changed(comparison, old, new, dict(pairs), side, location)
    picked = [
        old_index
        for old_index, new_index in pairs
        if not isinstance(new.options[new_index], (Primitive, Choice))
    ]
    if (
        side == "response"
        and old.discriminator is None
        and new.discriminator is None
        and picked != sorted(picked)
    ):
        message = (
            "options reordered; a body that fits several of them equally well (one "
            "with none of their fields, say) now parses as the first in the new "
            "order"
        )
        comparison.add("options-reordered", side, location, False, message)


def _discriminator_changed(
    comparison: TypeComparison,
    old: UnionOf,
    new: UnionOf,
    moved: Mapping[int, int],
    side: Side,
    location: str,
) -> None:
    """A discriminator added, removed or changed: the option a tag value picks, as a
    caller feels it. ``moved``: old option index -> the index of its new version."""
    before, after = old.discriminator, new.discriminator
    if before is None and after is None:
        return
    if before is None:
        assert after is not None
        refused = after.fallback is None
        message = (
            f"discriminator {after.property} added: its value now picks the option "
            "a value parses as"
        ) + (f"; a value whose {after.property} is not mapped is refused" * refused)
        comparison.add("discriminator-added", side, location, refused, message)
        return
    if after is None:
        if side == "request":
            message = (
                f"discriminator {before.property} removed; values are no longer "
                f"checked by their {before.property}"
            )
        else:
            message = (
                f"discriminator {before.property} removed; a body parses as the "
                f"option it fits best, which may not be the one its {before.property} "
                "named"
            )
        breaking = side != "request"
        comparison.add("discriminator-removed", side, location, breaking, message)
        return
    if before.property != after.property:
        message = (
            f"discriminator {before.property} is now {after.property}: the option a "
            "value parses as is picked by another property"
        )
        comparison.add("discriminator-changed", side, location, True, message)
    if (before.base is None) != (after.base is None):
        if after.base is None:
            message = (
                "the discriminator is no longer an allOf hierarchy's: the validators "
                "check a value against the option its tag picks, not the base alone"
            )
        else:
            message = (
                "the discriminator is now an allOf hierarchy's: the validators check "
                "a value against the base alone"
            )
        breaking = side == "request" and after.base is None
        comparison.add("discriminator-changed", side, location, breaking, message)
    key = after.property
    old_tags, new_tags = dict(before.tags), dict(after.tags)
    for tag, index in before.tags:
        shown = json.dumps(tag, ensure_ascii=False)
        if tag not in new_tags:
            if side == "request":
                message = f"{key} {shown} removed; calls sending it are refused"
            else:
                message = f"{key} {shown} removed; the API no longer returns it"
            comparison.add("tag-removed", side, location, side == "request", message)
        elif moved.get(index) != new_tags[tag]:
            now = describe(new.options[new_tags[tag]])
            message = (
                f"{key} {shown} now picks {now} (it picked "
                f"{describe(old.options[index])})"
            )
            comparison.add("tag-changed", side, location, True, message)
    for tag, index in after.tags:
        if tag in old_tags:
            continue
        shown = json.dumps(tag, ensure_ascii=False)
        message = f"{key} {shown} added ({describe(new.options[index])})"
        refused = side == "response" and before.fallback is None
        if side == "response" and before.fallback is not None:
            message += (
                "; a client generated from the old spec parses it as "
                + describe(old.options[before.fallback])
            )
        elif refused:
            message += "; a client generated from the old spec refuses it"
        comparison.add("tag-added", side, location, refused, message)
    _fallback_changed(comparison, old, new, moved, side, location)


def _fallback_changed(
    comparison: TypeComparison,
    old: UnionOf,
    new: UnionOf,
    moved: Mapping[int, int],
    side: Side,
    location: str,
) -> None:
    """The option a value whose tag the spec does not map parses as (none: refused)."""
    assert old.discriminator is not None and new.discriminator is not None
    before, after = old.discriminator.fallback, new.discriminator.fallback
    key = new.discriminator.property
    if before is None and after is None:
        return
    if after is None:
        assert before is not None
        message = f"a value whose {key} is not mapped is now refused" + (
            "" if side == "request" else "; the API no longer returns one"
        )
        breaking = side == "request"
    elif before is None:
        message = (
            f"a value whose {key} is not mapped now parses as "
            f"{describe(new.options[after])}"
        )
        breaking = False
    elif moved.get(before) != after:
        message = (
            f"a value whose {key} is not mapped now parses as "
            f"{describe(new.options[after])} (it parsed as "
            f"{describe(old.options[before])})"
        )
        breaking = True
    else:
        return
    comparison.add("fallback-changed", side, location, breaking, message)
