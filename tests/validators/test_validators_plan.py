"""The validators plan (generator/render/validators/planner.py), on IR written out by hand."""

from __future__ import annotations

import ast

import pytest

from pipedrive_codegen.errors import SpecError
from pipedrive_codegen.ir.model import (
    Api,
    ArrayOf,
    Body,
    Choice,
    Constraints,
    Field,
    Location,
    MapOf,
    Model,
    ModelRef,
    Operation,
    Primitive,
    Response,
    TypeRef,
    UnionOf,
)
from pipedrive_codegen.render.validators.planner import plan_validators
from pipedrive_codegen.render.validators.plan import CheckFunction, ValidatorsPlan

HERE = Location("spec.yaml", "#", 1)


def field(
    name: str, type_: TypeRef, *, nullable: bool = False, required: bool = False
) -> Field:
    return Field(name, type_, required, nullable, None, HERE)


def model(name: str, *fields: Field, extra: TypeRef | bool = True) -> Model:
    return Model(name, "response", fields, extra, None, HERE)


def api(body: TypeRef, *models: Model, content_type: str = "application/json") -> Api:
    operation = Operation(
        operation_id="addThing",
        python_name="add_thing",
        method="POST",
        path="/things",
        summary=None,
        deprecated=False,
        parameters=(),
        request_body=Body(content_type, body, True),
        responses=(Response(201, None, Body("application/json", body, False)),),
        location=HERE,
    )
    return Api(
        name="v1",
        title="Things",
        sha256="0" * 64,
        models=models,
        operations=(operation,),
    )


def functions(plan: ValidatorsPlan) -> dict[str, CheckFunction]:
    return {function.name: function for function in plan.functions}


def test_one_function_per_distinct_type_named_after_it() -> None:
    thing = model(
        "ThingItem",
        field("tags", ArrayOf(Primitive("string"))),
        field("owners", MapOf("integer", ModelRef("UserData"))),
    )
    user = model("UserData", field("id", Primitive("integer")))
    plan = plan_validators(api(ArrayOf(ModelRef("ThingItem")), thing, user))
    assert list(functions(plan)) == [
        "_check_list_of_thing_item",
        "_check_thing_item",
        "_check_list_of_string",
        "_check_map_of_user_data",
        "_check_user_data",
    ]
    # A scalar item is checked in the array's loop, with no call per item.
    [items] = functions(plan)["_check_list_of_string"].slots
    assert items.loop == "for index, item in enumerate(value):"
    assert (items.path, items.check.quick) == ("(path, index)", "type(item) is not str")
    validators = plan.operations[0].validators
    assert [v.name for v in validators] == [
        "validate_add_thing_request",
        "validate_add_thing_response_201",
    ]
    assert {v.function for v in validators} == {"_check_list_of_thing_item"}


def test_placeholder_maps_check_every_value() -> None:
    holder = model("Related", field("user", MapOf("integer", ModelRef("UserData"))))
    user = model("UserData", field("has_pic", Primitive("integer")))
    found = functions(plan_validators(api(ModelRef("Related"), holder, user)))
    user_map = found["_check_map_of_user_data"]
    assert user_map.kind == "map" and user_map.element_function == "_check_user_data"
    assert found["_check_related"].slots[0].check.function == "_check_map_of_user_data"


def test_types_are_exact() -> None:
    thing = model(
        "Thing",
        field("count", Primitive("integer")),
        field("ratio", Primitive("number")),
        field("flag", Primitive("boolean")),
        field("name", Primitive("string")),
    )
    slots = functions(plan_validators(api(ModelRef("Thing"), thing)))[
        "_check_thing"
    ].slots
    failures = {slot.path: slot.check.failure for slot in slots}
    assert failures['(path, "count")'] == (
        "type(item) is not int and not is_integer(item)"
    )
    assert failures['(path, "flag")'] == "type(item) is not bool"
    assert failures['(path, "name")'] == (
        "type(item) is not str and not isinstance(item, str)"
    )
    assert "is_number(item)" in str(failures['(path, "ratio")'])
    # Written out: the quick half, then the type's reporter tells subclasses apart.
    assert [(slot.check.quick, slot.check.reporter) for slot in slots] == [
        ("type(item) is not int", "_not_integer"),
        ("type(item) is not int and not is_finite_float(item)", "_not_number"),
        ("type(item) is not bool", "_not_boolean"),
        ("type(item) is not str", "_not_string"),
    ]


def test_enums_are_closed_even_where_the_models_are_open() -> None:
    status = Choice("string", ("open", "closed"), open=True)
    thing = model("Thing", field("status", status), field("again", status))
    plan = plan_validators(api(ModelRef("Thing"), thing))
    slots = functions(plan)["_check_thing"].slots
    assert [test.failure for test in slots[0].check.tests] == [
        "item not in _THING_STATUS_VALUES"
    ]
    assert slots[1].check.tests == slots[0].check.tests  # one constant for one set
    assert [(c.name, c.value) for c in plan.constants] == [
        ("_THING_STATUS_VALUES", 'frozenset({"open", "closed"})')
    ]


def test_a_nullable_enum_takes_null_though_its_values_do_not_list_it() -> None:
    # OpenAPI 3.0.3 (and openapi-core) would refuse null here; the README says why not.
    stage = Choice("string", ("new", "won"), open=False)
    thing = model("Thing", field("stage", stage, nullable=True))
    (slot,) = functions(plan_validators(api(ModelRef("Thing"), thing)))[
        "_check_thing"
    ].slots
    assert (slot.fetch, slot.null_guard) == ('value.get("stage")', "item is not None")
    assert [test.failure for test in slot.check.tests] == [
        "item not in _THING_STAGE_VALUES"
    ]


def test_nullable_and_absent_are_told_apart() -> None:
    thing = model(
        "Thing",
        field("maybe", Primitive("string"), nullable=True),
        field("never", Primitive("string")),
        field("anything", Primitive("any")),
    )
    slots = functions(plan_validators(api(ModelRef("Thing"), thing)))[
        "_check_thing"
    ].slots
    guards = {slot.fetch: slot.null_guard for slot in slots}
    assert guards == {
        'value.get("maybe")': "item is not None",
        'value.get("never", ABSENT)': "item is not ABSENT",  # absent is fine; null is not
    }


def test_many_properties_checked_alike_share_one_loop() -> None:
    names = ("a", "b", "c", "d", "e")
    thing = model(
        "Thing",
        *(field(name, Primitive("string")) for name in names),
        field("n", Primitive("integer")),
        field("m", Primitive("integer")),
    )
    slots = functions(plan_validators(api(ModelRef("Thing"), thing)))[
        "_check_thing"
    ].slots
    assert [(slot.fetch, slot.loop, slot.path) for slot in slots] == [
        (
            "value.get(key, ABSENT)",
            'for key in ("a", "b", "c", "d", "e"):',
            "(path, key)",
        ),
        ('value.get("n", ABSENT)', None, '(path, "n")'),  # too few for a loop
        ('value.get("m", ABSENT)', None, '(path, "m")'),
    ]
    assert slots[0].null_guard == "item is not ABSENT"


def test_formats_and_bounds_become_tests() -> None:
    bounded = Constraints(minimum=1, exclusive_maximum=100, multiple_of=3)
    thing = model(
        "Thing",
        field("day", Primitive("string", "date")),
        field("at", Primitive("string", "date-time")),
        field("id", Primitive("string", "uuid")),
        field("mail", Primitive("string", "email")),
        field("secret", Primitive("string", "password")),
        field("size", Primitive("integer", "int32", bounded)),
        field(
            "code",
            Primitive("string", None, Constraints(min_length=2, pattern="^[a-z]")),
        ),
    )
    plan = plan_validators(api(ModelRef("Thing"), thing))
    tests = {
        slot.path.split('"')[1]: [t.failure for t in slot.check.tests]
        for slot in functions(plan)["_check_thing"].slots
    }
    assert tests["day"] == ["not is_date(item)"]
    assert tests["at"] == ["not is_date_time(item)"]
    assert tests["id"] == ["UUID.fullmatch(item) is None"]
    assert tests["mail"] == ["EMAIL.fullmatch(item) is None"]
    assert tests["secret"] == []  # an annotation, not a check
    assert tests["size"] == [
        "not -2147483648 <= item <= 2147483647",
        "item < 1",
        "item >= 100",
        "not is_multiple_of(item, 3)",
    ]
    assert tests["code"] == [
        "len(item) < 2",
        "not _THING_CODE_PATTERN(item)",
    ]


def test_closed_objects_and_typed_extras() -> None:
    closed = model(
        "Closed", field("a", Primitive("string"), required=True), extra=False
    )
    typed = model("Typed", field("a", Primitive("string")), extra=Primitive("integer"))
    holder = model(
        "Holder", field("closed", ModelRef("Closed")), field("typed", ModelRef("Typed"))
    )
    plan = plan_validators(api(ModelRef("Holder"), holder, closed, typed))
    found = functions(plan)
    assert (
        found["_check_closed"].closed
        and found["_check_closed"].known_keys == "_CLOSED_KEYS"
    )
    assert [key.key for key in found["_check_closed"].required] == ["a"]
    assert found["_check_typed"].extra_function == "_check_integer"
    assert not found["_check_typed"].closed


def test_unions_keep_one_of_apart_from_any_of() -> None:
    one = UnionOf((Primitive("string"), Primitive("integer")), exclusive=True)
    any_ = UnionOf((Primitive("string"), Primitive("integer")), exclusive=False)
    holder = model("Holder", field("one", one), field("any", any_))
    found = functions(plan_validators(api(ModelRef("Holder"), holder)))
    assert found["_check_one_of_string_or_integer"].exclusive
    assert not found["_check_any_of_string_or_integer"].exclusive
    assert found["_check_one_of_string_or_integer"].options == (
        "_check_string",
        "_check_integer",
    )


def test_long_union_names_are_shortened() -> None:
    names = [f"VeryLongModelNameNumber{n}" for n in range(4)]
    union = UnionOf(tuple(ModelRef(name) for name in names))
    models = [model(name, field("id", Primitive("integer"))) for name in names]
    found = functions(plan_validators(api(union, *models)))
    assert "_check_any_of_very_long_model_name_number_0_or_3_more" in found


def test_bodies_that_are_not_json_have_nothing_to_check() -> None:
    plan = plan_validators(api(Primitive("string", "binary"), content_type="image/png"))
    request = plan.operations[0].request
    assert request is not None and request.function is None


def test_a_model_holding_itself_is_planned_once() -> None:
    node = model("Node", field("children", ArrayOf(ModelRef("Node"))))
    found = functions(plan_validators(api(ModelRef("Node"), node)))
    assert list(found) == ["_check_node", "_check_list_of_node"]
    assert found["_check_list_of_node"].element_function == "_check_node"


def test_a_pattern_python_cannot_run_is_a_spec_error() -> None:
    thing = model(
        "Thing",
        field("code", Primitive("string", None, Constraints(pattern="(unclosed"))),
    )
    with pytest.raises(SpecError, match="pattern"):
        plan_validators(api(ModelRef("Thing"), thing))


def test_docstrings_cannot_be_broken_by_the_spec() -> None:
    odd = Choice("string", ('say """hi"""', "back\\slash", 'ends with "'))
    holder = model("Holder", field("odd", ArrayOf(odd)))
    plan = plan_validators(api(ModelRef("Holder"), holder))
    summaries = []
    for function in plan.functions:  # each stands in a docstring, as it is
        summaries.append(ast.literal_eval(f'"""{function.summary}"""'))
    assert any("hi" in text and "slash" in text for text in summaries)


def test_types_checked_exactly_alike_share_one_function() -> None:
    def pair(name: str, city: TypeRef, **options: bool) -> tuple[Model, Model]:
        return (
            model(name, field("place", ModelRef(name + "Place"))),
            model(name + "Place", field("city", city, **options)),
        )

    string = Primitive("string")
    kinds = {
        "Alpha": pair("Alpha", string),
        "Beta": pair("Beta", string),  # Alpha's shape, down to its place
        "Gamma": pair("Gamma", Primitive("integer")),  # its place's city differs
        "Delta": pair("Delta", string, required=True),
        "Epsilon": pair("Epsilon", string, nullable=True),
    }
    holder = model("Holder", *(field(name, ModelRef(name)) for name in kinds))
    models = [holder, *(m for two in kinds.values() for m in two)]
    plan = plan_validators(api(ModelRef("Holder"), *models))
    assert [(alias.name, alias.function) for alias in plan.aliases] == [
        ("_check_beta", "_check_alpha"),
        ("_check_beta_place", "_check_alpha_place"),
    ]
    found = functions(plan)
    assert {name for name in found if name != "_check_holder"} == {
        f"_check_{snake}{part}"
        for snake in ("alpha", "gamma", "delta", "epsilon")
        for part in ("", "_place")
    }
    assert found["_check_alpha"].also == ("Also checks Beta, the same shape.",)
    assert found["_check_gamma"].also == ()


def test_types_that_hold_themselves_alike_share_one_function() -> None:
    def node(name: str, value: str) -> Model:
        return model(
            name,
            field("next", ModelRef(name)),
            field("value", Primitive(value)),
        )

    holder = model(
        "Holder",
        *(field(name, ModelRef(name)) for name in ("Node", "Link", "Other")),
    )
    models = (node("Node", "string"), node("Link", "string"), node("Other", "boolean"))
    plan = plan_validators(api(ModelRef("Holder"), holder, *models))
    assert [(alias.name, alias.function) for alias in plan.aliases] == [
        ("_check_link", "_check_node")
    ]
