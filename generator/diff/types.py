"""Compare two IR types as a caller of the generated client sees them.

Models are compared by structure, following ``ModelRef`` into each API's models; a
renamed model is mentioned, then compared field by field, and recursion stops at a
pair of models already being compared. A pair of models is listed field by field once,
where it first appears; later appearances get one line pointing there, breaking when
any of those changes is.

The rules that word each kind of change and say whether it breaks live in ``rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from . import rules
from ..ir.words import describe
from .shapes import relation
from ..ir.model import (
    Alias,
    AliasRef,
    ArrayOf,
    Choice,
    MapOf,
    Model,
    ModelRef,
    TypeRef,
    UnionOf,
)

Side = Literal["operation", "request", "response"]
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
        old_models: Mapping[str, Model | Alias],
        new_models: Mapping[str, Model | Alias],
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

    # -- types -------------------------------------------------------------------

    def compare(
        self, old: TypeRef, new: TypeRef, side: Side, base: str, path: str = ""
    ) -> None:
        """Record how ``new`` differs from ``old`` at ``base`` + ``path``."""
        if isinstance(old, ModelRef) and isinstance(new, ModelRef):
            self._models(old.name, new.name, side, base, path)
        elif isinstance(old, AliasRef) and isinstance(new, AliasRef):
            self._aliases(old.name, new.name, side, base, path)
        elif isinstance(old, ArrayOf) and isinstance(new, ArrayOf):
            where = _at(base, path)
            rules.nullable_changed(
                self, "items", old.nullable_items, new.nullable_items, side, where
            )
            rules.bounds_changed(self, old.constraints, new.constraints, side, where)
            self.compare(old.item, new.item, side, base, path + "[]")
        elif isinstance(old, MapOf) and isinstance(new, MapOf) and old.key == new.key:
            rules.nullable_changed(
                self,
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
            rules.choices_changed(self, old, new, side, _at(base, path))
        elif (
            isinstance(old, UnionOf)
            and isinstance(new, UnionOf)
            and len(old.options) == len(new.options)
            and relation(old, new, self.old_models, self.new_models) == "different"
        ):
            for number, pair in enumerate(zip(old.options, new.options), 1):
                self.compare(*pair, side, base, f"{path}(option {number})")
        else:
            rules.type_changed(self, old, new, side, _at(base, path))

    # -- models ------------------------------------------------------------------

    def _aliases(
        self, old_name: str, new_name: str, side: Side, base: str, path: str
    ) -> None:
        """A recursive type alias: its type compared once, where first met."""
        pair = (old_name, new_name)
        if pair in self._open_pairs:
            return
        old, new = self.old_models[old_name], self.new_models[new_name]
        assert isinstance(old, Alias) and isinstance(new, Alias)
        self._open_pairs.append(pair)
        self.compare(old.type, new.type, side, base, path)
        self._open_pairs.pop()

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
        old, new = self.old_models[old_name], self.new_models[new_name]
        assert isinstance(old, Model) and isinstance(new, Model)
        self._fields(old, new, side, base, path)
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
            rules.required_changed(
                self, "field", old_field.required, new_field.required, side, here
            )
            rules.nullable_changed(
                self, "field", old_field.nullable, new_field.nullable, side, here
            )
            self.compare(
                old_field.type, new_field.type, side, base, path + "." + old_field.name
            )
        for new_field in new.fields:
            if new_field.name not in old_names:
                here = _at(base, f"{path}.{new_field.name}")
                shown = describe(new_field.type)
                rules.added(self, "field", new_field.required, shown, side, here)


def _at(base: str, path: str) -> str:
    return f"{base} {path}" if path else base
