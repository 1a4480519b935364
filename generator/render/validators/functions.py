"""The check functions of one spec's validators: one per distinct type a body can
contain (each model, array, map and union, and each scalar type where it stands alone),
planned as bodies reach the types, with their tests, the reporters a lone type test
calls, and the constants they share."""

from __future__ import annotations

from dataclasses import replace

from ...errors import SpecError
from ...patterns import linear_test, python_error, readable
from ...ir.model import (
    AliasRef,
    Api,
    ArrayOf,
    Choice,
    Location,
    MapOf,
    Model,
    ModelRef,
    Presence,
    Primitive,
    TypeRef,
    UnionOf,
)
from ..literals import literal
from ...ir.naming import snake_case
from .plan import CheckFunction, RequiredKey, Slot, ValueCheck
from .names import ModuleNames
from ...ir.words import one_of_text
from .rules import (
    ANYTHING,
    Reporter,
    Test,
    array_tests,
    describe,
    fetch,
    frozenset_literal,
    null_guard,
    path_to,
    quick_type_failure,
    reporter,
    safe_text,
    scalar_tests,
    tuple_literal,
    type_failure,
    type_name,
)

LOOP_FROM = 4  # properties checked alike: fewer are written out one by one


def _property_slots(
    checks: list[tuple[str, ValueCheck]], names: ModuleNames, stem: str
) -> list[Slot]:
    """A slot per property, in order; but many checked alike share one, a loop, where
    the first of them is. A loop over plain strings is tried first in one look
    (``all_strings``, with an ``itemgetter`` of the keys)."""
    alike: dict[ValueCheck, list[str]] = {}
    for key, check in checks:
        alike.setdefault(check, []).append(key)
    slots = []
    for key, check in checks:
        keys = alike[check]
        guard = null_guard(check.accepts_null, is_property=True)
        if len(keys) < LOOP_FROM:
            got = fetch(literal(key), check.accepts_null)
            slots.append(Slot(got, path_to(key), check, guard))
        elif key == keys[0]:
            listed = ", ".join(literal(key) for key in keys)
            loop = f"for key in ({listed}):"
            got = fetch("key", check.accepts_null)
            strings = None
            if check.reporter == "_not_string" and not check.accepts_null:
                strings = names.constant(f"{stem}_strings", f"itemgetter({listed})")
            slots.append(Slot(got, "(path, key)", check, guard, loop, strings))
    return slots


# How an array's or a map's function goes over its elements, as ``item``, and where
# each element sits.
_ELEMENTS = {
    "array": ("for index, item in enumerate(value):", "(path, index)"),
    "map": ("for key, item in value.items():", "(path, key)"),
}


class FunctionPlanner:
    """Plans one check function per distinct type, as bodies reach the types."""

    def __init__(self, api: Api) -> None:
        self.models = {model.name: model for model in api.models}
        self.aliases = {alias.name: alias.type for alias in api.aliases}
        self.names = ModuleNames()
        self.function_names: dict[TypeRef, str] = {}
        self.functions: dict[str, CheckFunction | None] = {}
        self.reporters: dict[str, Reporter] = {}  # by JSON type
        self.unchecked_patterns: set[str] = set()  # only a backtracking engine's

    def finished_functions(self) -> list[CheckFunction]:
        return [
            function for function in self.functions.values() if function is not None
        ]

    # -- check functions ---------------------------------------------------------------

    def function_for(self, type_: TypeRef) -> str:
        """The name of the function that checks ``type_``, planning it on first use."""
        name = self.function_names.get(type_)
        if name is None:
            name = self.names.unique("_check_" + type_name(type_))
            self.function_names[type_] = name
            self.functions[name] = None  # keeps the place: a model may hold itself
            self.functions[name] = self.function(name, type_)
        return name

    def function(self, name: str, type_: TypeRef) -> CheckFunction:
        if isinstance(type_, AliasRef):  # its type's checks, under its name
            type_ = self.aliases[type_.name]
        summary = safe_text(describe(type_))
        if isinstance(type_, ModelRef):
            return self.object_function(name, self.models[type_.name])
        if isinstance(type_, ArrayOf):
            return self.elements_function(
                CheckFunction(
                    name,
                    "array",
                    summary,
                    tests=array_tests(type_.constraints, "value"),
                    null_elements=type_.nullable_items,
                ),
                type_.item,
            )
        if isinstance(type_, MapOf):
            return self.elements_function(
                CheckFunction(
                    name, "map", summary, null_elements=type_.nullable_values
                ),
                type_.value,
            )
        if isinstance(type_, UnionOf) and type_.discriminator is not None:
            if type_.discriminator.base is not None:  # a hint: the base decides
                return self.function(name, type_.discriminator.base)
            return self.tagged_function(name, summary, type_)
        if isinstance(type_, UnionOf):
            options = tuple(self.function_for(option) for option in type_.options)
            return CheckFunction(
                name, "union", summary, options=options, exclusive=type_.exclusive
            )
        check = self.inline_check(type_, False, name.removeprefix("_check_"), None)
        slots = (
            ()
            if check.is_trivial
            else (
                Slot(
                    None,
                    "path",
                    check,
                    null_guard(check.accepts_null, is_property=False),
                ),
            )
        )
        return CheckFunction(name, "value", summary, slots=slots)

    def tagged_function(self, name: str, summary: str, union: UnionOf) -> CheckFunction:
        """A discriminated union: the alternative its tag names checks the value; a
        tag the spec does not map is an issue (openapi-core reads it so)."""
        assert union.discriminator is not None
        tags = union.discriminator.tags
        functions = {
            index: self.function_for(union.options[index]) for _, index in tags
        }
        return CheckFunction(
            name,
            "union",
            summary,
            options=tuple(functions[index] for index in sorted(functions)),
            tag=literal(union.discriminator.property),
            tags=tuple((literal(tag), functions[index]) for tag, index in tags),
            tag_expected=one_of_text(tuple(tag for tag, _ in tags)),
        )

    def elements_function(
        self, function: CheckFunction, element: TypeRef
    ) -> CheckFunction:
        """An array's or a map's function, with the check of its elements: a scalar
        (a string, number, enum, ...) is checked in the loop, anything else by a call
        of its function."""
        if element == ANYTHING:
            return function
        if not isinstance(element, (Primitive, Choice)):
            return replace(function, element_function=self.function_for(element))
        site = function.name.removeprefix("_check_") + "_item"
        check = self.inline_check(element, function.null_elements, site, None)
        loop, path = _ELEMENTS[function.kind]
        guard = null_guard(check.accepts_null, is_property=False)
        return replace(function, slots=(Slot(None, path, check, guard, loop),))

    def object_function(self, name: str, model: Model) -> CheckFunction:
        checks = []
        for field in model.fields:
            site = f"{snake_case(model.name)}_{snake_case(field.name)}"
            type_ = field.type if field.spec_type is None else field.spec_type
            check = self.inline_check(type_, field.nullable, site, field.location)
            if not check.is_trivial:
                checks.append((field.name, check))
        slots = _property_slots(checks, self.names, snake_case(model.name))
        required = tuple(
            RequiredKey(field.name, path_to(field.name))
            for field in model.fields
            if field.required
        )
        tests = tuple(self.presence_test(model, rule) for rule in model.presence)
        extra = model.extra
        if extra is True or extra == ANYTHING:
            return CheckFunction(
                name,
                "object",
                safe_text(model.name),
                slots=tuple(slots),
                required=required,
                tests=tests,
            )
        keys = ", ".join(literal(field.name) for field in model.fields)
        known = self.names.constant(
            f"{snake_case(model.name)}_keys", f"frozenset({{{keys}}})"
        )
        return CheckFunction(
            name,
            "object",
            safe_text(model.name),
            slots=tuple(slots),
            required=required,
            tests=tests,
            known_keys=known,
            closed=extra is False,
            extra_function=None if extra is False else self.function_for(extra),
            null_elements=model.nullable_extra,
        )

    def presence_test(self, model: Model, rule: Presence) -> Test:
        """An ``anyOf``/``oneOf`` of ``required`` alone: how many of its alternatives
        have all their names in the object ``value``."""
        sets = ", ".join(
            "frozenset(" + tuple_literal(names) + ")" for names in rule.alternatives
        )
        constant = self.names.constant(
            f"{snake_case(model.name)}_present", f"({sets},)"
        )
        matches = f"(keys <= value.keys() for keys in {constant})"
        wanted = " or ".join(" and ".join(names) for names in rule.alternatives)
        if rule.exclusive:
            failure = f"sum{matches} != 1"
            return Test("oneOf", f"exactly one of {wanted} present", failure)
        return Test("anyOf", f"{wanted} present", f"not any{matches}")

    def inline_check(
        self, type_: TypeRef, nullable: bool, site: str, location: Location | None
    ) -> ValueCheck:
        """The check of a value of ``type_`` written out where it sits, if it can be."""
        if isinstance(type_, Primitive):
            if type_.type == "any":  # no type at all: anything, null included
                return ValueCheck("anything", "type", None, (), None, True)
            tests = scalar_tests(type_, "item") + self.pattern_tests(
                type_, site, location
            )
            return self.type_check(type_.type, tests, nullable)
        if isinstance(type_, Choice):
            expected = one_of_text(type_.values)
            if type_.type == "any":
                values = self.names.constant(
                    f"{site}_values", tuple_literal(type_.values)
                )
                failure = f"not is_one_of(item, {values})"
                return ValueCheck(expected, "enum", failure, (), None, nullable)
            values = self.names.constant(
                f"{site}_values", frozenset_literal(type_.values)
            )
            test = Test("enum", expected, f"item not in {values}")
            return ValueCheck(
                type_.type, "type", type_failure(type_.type), (test,), None, nullable
            )
        if isinstance(type_, MapOf) and type_.value == ANYTHING:
            return self.type_check("object", (), nullable)
        if isinstance(type_, ArrayOf) and type_.item == ANYTHING:
            tests = array_tests(type_.constraints, "item")
            return self.type_check("array", tests, nullable)
        function = self.function_for(type_)
        return ValueCheck(describe(type_), "type", None, (), function, nullable)

    def type_check(
        self, json_type: str, tests: tuple[Test, ...], nullable: bool
    ) -> ValueCheck:
        """A value of ``json_type`` that passes ``tests``; with no tests, the quick type
        test inline and the rest in the type's reporter."""
        failure = type_failure(json_type)
        if tests:
            return ValueCheck(json_type, "type", failure, tests, None, nullable)
        used = self.reporters.setdefault(json_type, reporter(json_type))
        quick = quick_type_failure(json_type)
        return ValueCheck(
            json_type, "type", failure, (), None, nullable, quick, used.name
        )

    def pattern_tests(
        self, type_: Primitive, site: str, location: Location | None
    ) -> tuple[Test, ...]:
        pattern = type_.constraints.pattern
        if type_.type != "string" or pattern is None:
            return ()
        error = python_error(pattern)
        if error is not None:
            where = location or Location("", "#", None)
            raise SpecError.at(where, f"pattern {pattern!r}: {error}")
        if linear_test(pattern) is None:  # only a backtracking engine runs it
            self.unchecked_patterns.add(pattern)
            return ()
        spelt = literal(readable(pattern, rust=True))
        name = self.names.constant(f"{site}_pattern", f"pattern_test({spelt})")
        return (Test("pattern", f"text matching {pattern}", f"not {name}(item)"),)
