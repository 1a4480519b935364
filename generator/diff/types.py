"""Compare two IR types as a caller of the generated client sees them.

Models are compared by structure, following ``ModelRef`` into each API's models; a
renamed model is mentioned, then compared field by field, and recursion stops at a
pair of models already being compared. A pair of models is listed field by field once,
where it first appears; later appearances get one line pointing there, breaking when
any of those changes is.

What breaks depends on the side: a caller *sends* request types, so a wider one is
harmless and a narrower one breaks; it *receives* response types, so the other way
round.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .shapes import (
    bound_changes,
    describe,
    is_base_of,
    options_of,
    shape_of,
    within,
)
from ..ir.model import (
    ArrayOf,
    Choice,
    Constraints,
    MapOf,
    Model,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)

Side = Literal["operation", "request", "response"]
Relation = Literal["same", "wider", "narrower", "different"]
# (old model, new model, side) -> where its changes are listed and whether one breaks;
# None when the pair has no changes.
Expanded = dict[tuple[str, str, Side], tuple[str, bool] | None]


@dataclass(frozen=True)
class Change:
    """One difference between two specs, as a caller of the generated client sees it."""

    kind: str  # "operation-removed", "field-added", "enum-value-removed", ...
    side: Side
    operation: str  # the operationId (the new one, when it changed)
    location: str  # "addActivity request body .done"
    breaking: bool
    message: str


class TypeComparison:
    """The changes between the types of one operation in two APIs.

    ``expanded`` is shared by the operations of one diff, compared in report order.
    """

    def __init__(
        self,
        old_models: Mapping[str, Model],
        new_models: Mapping[str, Model],
        operation: str,
        expanded: Expanded,
    ) -> None:
        self.old_models = old_models
        self.new_models = new_models
        self.operation = operation
        self.expanded = expanded
        self.changes: list[Change] = []
        self._open_pairs: list[tuple[str, str]] = []

    def add(
        self, kind: str, side: Side, location: str, breaking: bool, message: str
    ) -> None:
        self.changes.append(
            Change(kind, side, self.operation, location, breaking, message)
        )

    # -- required-ness and nullability, shared by fields, parameters and bodies --

    def required(
        self, noun: str, old: bool, new: bool, side: Side, location: str
    ) -> None:
        if old == new:
            return
        kind = f"{noun}-required"
        if side != "request":
            state = "required" if new else "optional"
            self.add(
                kind,
                side,
                location,
                False,
                f"{noun} became {state}; our response models treat every field as "
                "optional anyway",
            )
        elif new:
            self.add(
                kind,
                side,
                location,
                True,
                f"{noun} became required; calls without it fail",
            )
        else:
            self.add(kind, side, location, False, f"{noun} became optional")

    def nullable(
        self, noun: str, old: bool, new: bool, side: Side, location: str
    ) -> None:
        """A field, parameter, or an array's ``items`` or a map's ``values`` that may now,
        or no longer, be null. Our response models take null in any field, so a field
        that may be null breaks no parsing; null items break code that assumed values.
        """
        if old == new:
            return
        kind = f"{noun}-nullable"
        many = noun in ("items", "values")
        accept = "accept" if many else "accepts"
        if side == "request":
            if new:
                self.add(kind, side, location, False, f"{noun} now {accept} null")
            else:
                message = f"{noun} no longer {accept} null; calls sending null fail"
                self.add(kind, side, location, True, message)
        elif new and many:
            message = f"{noun} may now be null; code that assumed a value breaks"
            self.add(kind, side, location, True, message)
        elif new:
            message = (
                f"{noun} may now be null; our response models accept null anyway, "
                "but code that assumed a value should check"
            )
            self.add(kind, side, location, False, message)
        else:
            message = f"{noun} {'are' if many else 'is'} no longer null"
            self.add(kind, side, location, False, message)

    # -- types -------------------------------------------------------------------

    def compare(
        self, old: TypeRef, new: TypeRef, side: Side, base: str, path: str = ""
    ) -> None:
        """Record how ``new`` differs from ``old`` at ``base`` + ``path``."""
        if isinstance(old, ModelRef) and isinstance(new, ModelRef):
            self._models(old.name, new.name, side, base, path)
        elif isinstance(old, ArrayOf) and isinstance(new, ArrayOf):
            self.nullable(
                "items", old.nullable_items, new.nullable_items, side, _at(base, path)
            )
            self._bounds(old.constraints, new.constraints, side, _at(base, path))
            self.compare(old.item, new.item, side, base, path + "[]")
        elif isinstance(old, MapOf) and isinstance(new, MapOf) and old.key == new.key:
            self.nullable(
                "values",
                old.nullable_values,
                new.nullable_values,
                side,
                _at(base, path),
            )
            self.compare(old.value, new.value, side, base, path + "{}")
        elif (
            isinstance(old, Choice) and isinstance(new, Choice) and old.type == new.type
        ):
            self._choices(old, new, side, _at(base, path))
        elif (
            isinstance(old, UnionOf)
            and isinstance(new, UnionOf)
            and len(old.options) == len(new.options)
            and self._relation(old, new) == "different"
        ):
            for number, pair in enumerate(zip(old.options, new.options), 1):
                self.compare(*pair, side, base, f"{path}(option {number})")
        else:
            self._scalars(old, new, side, _at(base, path))

    def _scalars(self, old: TypeRef, new: TypeRef, side: Side, location: str) -> None:
        relation = self._relation(old, new)
        change = f"type changed from {describe(old)} to {describe(new)}"
        if relation == "same":
            if isinstance(old, Primitive) and isinstance(new, Primitive):
                if old.format != new.format:
                    message = f"{change}; the Python type stays the same"
                    self.add("type-changed", side, location, False, message)
                self._bounds(old.constraints, new.constraints, side, location)
            return
        if relation == "different":
            self.add("type-changed", side, location, True, change)
        elif side == "request":
            if relation == "wider":
                message = f"{change}; it accepts every value it did before"
                self.add("type-changed", side, location, False, message)
            else:
                message = f"{change}; some values callers could send are now refused"
                self.add("type-changed", side, location, True, message)
        elif relation == "narrower":
            message = f"{change}; every value it returns was possible before"
            self.add("type-changed", side, location, False, message)
        elif isinstance(old, Choice) and old.open and is_base_of(new, old):
            message = (
                f"{change}; response enums are open in our generated client, so any "
                f"{old.type} parsed before too"
            )
            self.add("type-changed", side, location, False, message)
        else:
            message = (
                f"{change}; the client may now receive values the old type excluded"
            )
            self.add("type-changed", side, location, True, message)

    def _bounds(
        self, old: Constraints, new: Constraints, side: Side, location: str
    ) -> None:
        """Bounds, lengths and patterns: the validators (and Pipedrive) check them, the
        models do not. A request that admits less breaks callers; a response that
        admits more is new only to ``validate_responses``."""
        for shown, narrower in bound_changes(old, new):
            if side == "request" and narrower:
                message = f"{shown}; some values callers could send are now refused"
                self.add("constraint-changed", side, location, True, message)
            elif side == "request":
                message = f"{shown}; it accepts every value it did before"
                self.add("constraint-changed", side, location, False, message)
            else:
                message = f"{shown}; the models do not check it" + (
                    "" if narrower else ", validate_responses refuses what is new"
                )
                self.add("constraint-changed", side, location, False, message)

    def _choices(self, old: Choice, new: Choice, side: Side, location: str) -> None:
        for value in old.values:
            if value not in new.values:
                shown = json.dumps(value)
                if side == "request":
                    message = (
                        f"enum value {shown} removed; calls sending it are refused"
                    )
                    self.add("enum-value-removed", side, location, True, message)
                else:
                    message = (
                        f"enum value {shown} removed; the API no longer returns it"
                    )
                    self.add("enum-value-removed", side, location, False, message)
        for value in new.values:
            if value not in old.values:
                shown = json.dumps(value)
                if side == "request":
                    message = f"enum value {shown} added"
                    self.add("enum-value-added", side, location, False, message)
                elif new.open:
                    message = (
                        f"enum value {shown} added; response enums are open in our "
                        "generated client, so it parsed before too"
                    )
                    self.add("enum-value-added", side, location, False, message)
                else:
                    message = (
                        f"enum value {shown} added; this response enum is closed, so "
                        "a client generated from the old spec rejects it"
                    )
                    self.add("enum-value-added", side, location, True, message)

    def _relation(self, old: TypeRef, new: TypeRef) -> Relation:
        """Does ``new`` hold the same values as ``old``, more, fewer, or others?"""
        old_shape = shape_of(old, self.old_models, ())
        new_shape = shape_of(new, self.new_models, ())
        if old_shape == new_shape:
            return "same"
        if isinstance(new, Primitive) and new.type == "any":
            return "wider"
        if isinstance(old, Primitive) and old.type == "any":
            return "narrower"
        if isinstance(old, UnionOf) or isinstance(new, UnionOf):
            olds = {shape_of(o, self.old_models, ()) for o in options_of(old)}
            news = {shape_of(o, self.new_models, ()) for o in options_of(new)}
            if olds <= news:
                return "wider"
            return "narrower" if news <= olds else "different"
        if isinstance(old, (Primitive, Choice)) and isinstance(
            new, (Primitive, Choice)
        ):
            inside, holds = within(old, new), within(new, old)
            if inside and holds:
                return "same"
            if inside or holds:
                return "wider" if inside else "narrower"
        return "different"

    # -- models ------------------------------------------------------------------

    def _models(
        self, old_name: str, new_name: str, side: Side, base: str, path: str
    ) -> None:
        pair = (old_name, new_name)
        if pair in self._open_pairs:  # a recursive model: already being compared
            return
        location = _at(base, path)
        key = (old_name, new_name, side)
        if key in self.expanded:
            listed = self.expanded[key]
            if listed is not None:
                where, breaking = listed
                name = (
                    old_name if old_name == new_name else f"{old_name} (now {new_name})"
                )
                message = f"model {name} changed, as listed under {where}"
                self.add("model-changed", side, location, breaking, message)
            return
        start = len(self.changes)
        if old_name != new_name:
            if side == "request":
                who = "code that builds it by class name must use the new name"
            else:
                who = "only code that names the class needs the new name"
            message = f"model {old_name} is now called {new_name}; {who}"
            self.add("model-renamed", side, location, side == "request", message)
        self._open_pairs.append(pair)
        self._fields(
            self.old_models[old_name], self.new_models[new_name], side, base, path
        )
        self._open_pairs.pop()
        listed_here = self.changes[start:]
        self.expanded[key] = (
            (location, any(change.breaking for change in listed_here))
            if listed_here
            else None
        )

    def _fields(self, old: Model, new: Model, side: Side, base: str, path: str) -> None:
        new_fields = {field.name: field for field in new.fields}
        old_names = {field.name for field in old.fields}
        for old_field in old.fields:
            here = _at(base, f"{path}.{old_field.name}")
            new_field = new_fields.get(old_field.name)
            if new_field is None:
                if side == "request":
                    message = (
                        "field removed; calls setting it fail (request models refuse "
                        "unknown fields)"
                    )
                else:
                    message = "field removed; the API no longer returns it"
                self.add("field-removed", side, here, True, message)
                continue
            self.required("field", old_field.required, new_field.required, side, here)
            self.nullable("field", old_field.nullable, new_field.nullable, side, here)
            self.compare(
                old_field.type, new_field.type, side, base, path + "." + old_field.name
            )
        for new_field in new.fields:
            if new_field.name not in old_names:
                here = _at(base, f"{path}.{new_field.name}")
                self._added_field(
                    new_field.required, describe(new_field.type), side, here
                )

    def _added_field(
        self, required: bool, type_: str, side: Side, location: str
    ) -> None:
        if side == "request" and required:
            message = f"required field added ({type_}); calls without it fail"
            self.add("field-added", side, location, True, message)
        elif side == "request":
            self.add(
                "field-added", side, location, False, f"optional field added ({type_})"
            )
        else:
            self.add("field-added", side, location, False, f"field added ({type_})")


def _at(base: str, path: str) -> str:
    return f"{base} {path}" if path else base
