"""Compare two IR types as a caller of the generated client sees them.

Models are compared by structure, following ``ModelRef`` into each API's models; a
renamed model is mentioned, then compared field by field, and recursion stops at a
pair of models already being compared. A pair of models is listed field by field once,
where it first appears; later appearances get one line pointing there, breaking when
any of those changes is. A request body's own model is not shared so: its fields are
the client method's keywords, listed (and judged) under each operation. A pair whose walk stopped at a pair still open (a cycle) is
remembered only until that pair is done: what it holds through the cycle is not known
before, so an operation that meets it later compares it again.

A union's options are paired by what they are (``shapes.pair_options``), not by where
they stand; the rest of a union (discriminator, ``oneOf``/``anyOf``, order) is
``unions``'.

The rules that word each kind of change and say whether it breaks live in ``rules``
(those of ``additionalProperties`` in ``extras``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from . import extras, rules, unions
from ..ir.words import describe
from .shapes import Paired, pair_types, relation
from ..ir.model import (
    Alias,
    AliasRef,
    ArrayOf,
    Choice,
    MapOf,
    Model,
    ModelRef,
    Parameter,
    TypeRef,
    UnionOf,
)

Side = Literal["operation", "request", "response"]
# (old model, new model, side) -> where its changes are listed and whether one breaks;
# None when the pair has no changes.
Expanded = dict[tuple[str, str, Side], tuple[str, bool] | None]
_NOT_CUT = sys.maxsize


@dataclass(frozen=True)
class Change:
    """One difference between two specs, as a caller of the generated client sees it."""

    kind: str  # "operation-removed", "field-added", "enum-value-removed", ...
    side: Side
    operation: str  # the operationId (the new one, when it changed)
    location: str  # "addActivity request body .done"
    breaking: bool
    message: str
    # What later rules match on, never printed (``REPORTED`` are): the client
    # method's keyword argument the change is about, as the caller passed it ("":
    # none), and the request body field it removes or adds (of the body's model, of
    # one model of a union body, or of its base; None: no such field).
    keyword: str = ""
    body_field: str | None = None


# the fields of a change the report shows, in its order
REPORTED = ("kind", "side", "operation", "location", "breaking", "message")


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
        # The least depth in ``_open_pairs`` the walk met again below the pair
        # compared now (a cycle), and the results of models compared while one was
        # open: (old model, new model, side) -> (as ``expanded``, that depth).
        self._cut = _NOT_CUT
        self._provisional: dict[
            tuple[str, str, Side], tuple[tuple[str, bool] | None, int]
        ] = {}

    def add(
        self,
        kind: str,
        side: Side,
        location: str,
        breaking: bool,
        message: str,
        *,
        keyword: str = "",
        body_field: str | None = None,
    ) -> None:
        self.changes.append(
            Change(
                kind,
                side,
                self.operation,
                location,
                breaking,
                message,
                keyword,
                body_field,
            )
        )

    # -- types -------------------------------------------------------------------

    def compare(
        self,
        old: TypeRef,
        new: TypeRef,
        side: Side,
        base: str,
        path: str = "",
        *,
        keywords: bool = False,
    ) -> None:
        """Record how ``new`` differs from ``old`` at ``base`` + ``path``. ``keywords``:
        the types are the request body's, the fields of whose model (or of each model
        of a union, or of its base) the client method takes as keyword arguments."""
        if isinstance(old, ModelRef) and isinstance(new, ModelRef):
            self._models(old.name, new.name, side, base, path, keywords)
        elif isinstance(old, AliasRef) and isinstance(new, AliasRef):
            self._aliases(old.name, new.name, side, base, path, keywords)
        elif isinstance(old, ArrayOf) and isinstance(new, ArrayOf):
            where = rules.location(base, path)
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
                rules.location(base, path),
            )
            self.compare(old.value, new.value, side, base, path + "{}")
        elif (
            isinstance(old, Choice) and isinstance(new, Choice) and old.type == new.type
        ):
            rules.choices_changed(self, old, new, side, rules.location(base, path))
        elif isinstance(old, UnionOf) and isinstance(new, UnionOf):
            self._unions(old, new, side, base, path, keywords)
        elif isinstance(old, UnionOf) != isinstance(new, UnionOf):
            paired = pair_types(old, new, self.old_models, self.new_models)
            self._options_kept(old, new, paired, side, base, path)
        else:
            rules.type_changed(self, old, new, side, rules.location(base, path))

    def _options_kept(
        self,
        old: TypeRef,
        new: TypeRef,
        paired: Paired,
        side: Side,
        base: str,
        path: str,
    ) -> None:
        """A type that holds other values now, a union against a type that is none,
        or against a union of the same options but more or fewer: the options of one
        (``paired`` with the other's, a type as its one option) kept in the other are
        compared too, as what their shapes leave out (a bound, a model's field's
        bound) may have changed."""
        how = relation(old, new, self.old_models, self.new_models, paired)
        rules.type_changed(self, old, new, side, rules.location(base, path), how)
        for old_option, new_option, index in paired.kept():
            where = f"(option {index + 1})" if isinstance(new, UnionOf) else ""
            self.compare(old_option, new_option, side, base, path + where)

    def _unions(
        self,
        old: UnionOf,
        new: UnionOf,
        side: Side,
        base: str,
        path: str,
        keywords: bool,
    ) -> None:
        """Options paired by what they are, not where they stand: a union whose
        options are the same but more or fewer is one change; else each option that
        changed is compared with its old version, and those added or removed listed.
        ``keywords`` holds for the options and the base of the body's own union, not
        for a union inside one of them."""
        where = rules.location(base, path)
        keywords = keywords and not path
        paired = pair_types(old, new, self.old_models, self.new_models)
        pairs, removed, added = paired.pairs, paired.removed, paired.added
        changed = len(paired.kept()) < len(pairs)  # an option's shape changed
        if (removed or added) and not changed:
            self._options_kept(old, new, paired, side, base, path)
        else:
            self._options_compared(paired, side, base, path, keywords)
            unions.options_changed(
                self,
                [old.options[index] for index in removed],
                [new.options[index] for index in added],
                side,
                where,
            )
        unions.union_changed(self, old, new, pairs, side, where)
        old_base = old.discriminator.base if old.discriminator else None
        new_base = new.discriminator.base if new.discriminator else None
        if old_base is None or new_base is None:
            return
        if old_base in old.options and new_base in new.options:
            compared = (old.options.index(old_base), new.options.index(new_base))
            if compared in pairs:  # the base is an option too (an allOf hierarchy)
                return
        self.compare(old_base, new_base, side, base, f"{path}(base)", keywords=keywords)

    def _options_compared(
        self, paired: Paired, side: Side, base: str, path: str, keywords: bool = False
    ) -> None:
        """Each option of a union ``paired`` with one of the old union compared with
        it, at ``path`` + ``(option N)``, N its place in the new union."""
        for old_index, new_index in paired.pairs:
            old, new = paired.old[old_index], paired.new[new_index]
            where = f"{path}(option {new_index + 1})"
            self.compare(old, new, side, base, where, keywords=keywords)

    # -- models ------------------------------------------------------------------

    def _aliases(
        self,
        old_name: str,
        new_name: str,
        side: Side,
        base: str,
        path: str,
        keywords: bool,
    ) -> None:
        """A recursive type alias: its type compared once, where first met."""
        pair = (old_name, new_name)
        if pair in self._open_pairs:
            self._cut = min(self._cut, self._open_pairs.index(pair))
            return
        if old_name != new_name:  # (no class: only code that imports it breaks)
            kept = old_name in self.new_models
            message = f"type alias {old_name} is now called {new_name}" + (
                "" if kept else f"; code that imports {old_name} from the models fails"
            )
            self.add(
                "model-renamed", side, rules.location(base, path), not kept, message
            )
        old, new = self.old_models[old_name], self.new_models[new_name]
        assert isinstance(old, Alias) and isinstance(new, Alias)
        self._opened(
            pair,
            lambda: self.compare(
                old.type, new.type, side, base, path, keywords=keywords
            ),
        )

    def _models(
        self,
        old_name: str,
        new_name: str,
        side: Side,
        base: str,
        path: str,
        keywords: bool,
    ) -> None:
        pair = (old_name, new_name)
        if pair in self._open_pairs:  # a recursive model: already being compared
            self._cut = min(self._cut, self._open_pairs.index(pair))
            return
        location = rules.location(base, path)
        key = (old_name, new_name, side)
        # (the body's model is the method's keywords, judged for each operation: its
        # fields are listed under each, and later rules rewrite them there)
        shared = not keywords
        if shared and (key in self.expanded or key in self._provisional):
            listed = self.expanded.get(key)
            if key in self._provisional:
                listed, cut = self._provisional[key]
                self._cut = min(self._cut, cut)
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
            # (code that imports the class by a name the models no longer have fails)
            kept = old_name in self.new_models
            if side == "request":
                who = "code that builds it by class name must use the new name"
            elif kept:
                who = "only code that names the class needs the new name"
            else:
                who = f"code that imports {old_name} from the models fails"
            message = f"model {old_name} is now called {new_name}; {who}"
            breaking = side == "request" or not kept
            self.add("model-renamed", side, location, breaking, message)
        old, new = self.old_models[old_name], self.new_models[new_name]
        assert isinstance(old, Model) and isinstance(new, Model)
        open_at = self._opened(
            pair, lambda: self._fields(old, new, side, base, path, keywords)
        )
        if not shared:
            return
        listed_here = self.changes[start:]
        listed = (
            (location, any(change.breaking for change in listed_here))
            if listed_here
            else None
        )
        if open_at is None:
            self.expanded[key] = listed
        else:  # what it holds back to an open model is listed there, once complete
            self._provisional[key] = (listed, open_at)

    def _opened(self, pair: tuple[str, str], walk: Callable[[], None]) -> int | None:
        """Run ``walk`` with ``pair`` open. Returns None when the walk was complete, or
        the depth of the pair still open that it stopped at (a cycle back to it): its
        result is then provisional, good only while that pair is open."""
        depth = len(self._open_pairs)
        outer, self._cut = self._cut, _NOT_CUT
        self._open_pairs.append(pair)
        walk()
        self._open_pairs.pop()
        cut = self._cut if self._cut < depth else _NOT_CUT
        self._cut = min(outer, cut)
        self._provisional = {
            key: value for key, value in self._provisional.items() if value[1] < depth
        }
        return None if cut == _NOT_CUT else cut

    def _fields(
        self,
        old: Model,
        new: Model,
        side: Side,
        base: str,
        path: str,
        keywords: bool,
    ) -> None:
        """``keywords``: the fields are the client method's keyword arguments."""
        new_fields = {field.name: field for field in new.fields}
        old_names = {field.name for field in old.fields}
        for old_field in old.fields:
            here = rules.location(base, f"{path}.{old_field.name}")
            new_field = new_fields.get(old_field.name)
            if new_field is None:
                if side == "request":
                    message = (
                        "field removed; calls setting it fail (request models refuse "
                        "unknown fields)"
                    )
                else:
                    message = "field removed; the API no longer returns it"
                field = old_field.name if keywords else None
                self.add("field-removed", side, here, True, message, body_field=field)
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
                here = rules.location(base, f"{path}.{new_field.name}")
                shown = describe(new_field.type)
                field = new_field.name if keywords else None
                rules.added(self, "field", new_field.required, shown, side, here, field)
        extras.changed(self, old, new, side, base, path)


def parameter_at(operation: str, parameter: Parameter) -> str:
    """Where the changes to ``parameter`` of ``operation`` are listed."""
    return f"{operation} {parameter.where} parameter {parameter.name}"
