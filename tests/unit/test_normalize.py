"""The normalize rules, one by one, on schemas of a few lines."""

from __future__ import annotations

import pytest

from pipedrive_codegen.ir import normalize
from pipedrive_codegen.ir.allof import merge_all_of
from pipedrive_codegen.ir.model import Choice, Primitive


def test_placeholder_keys_are_a_map_keyed_by_id() -> None:
    value = {"type": "object", "properties": {"id": {"type": "integer"}}}
    assert (
        normalize.placeholder_value(
            {"type": "object", "properties": {"USER_ID": value}}
        )
        is value
    )
    assert (
        normalize.placeholder_value({"properties": {"ORGANIZATION_ID": value}}) is value
    )
    assert (
        normalize.placeholder_value({"properties": {"USER_ID": value, "name": {}}})
        is None
    )
    assert normalize.placeholder_value({"properties": {"User_Id": value}}) is None


def test_number_boolean_plain_and_wrapped_in_all_of() -> None:
    plain = {"title": "numberBoolean", "type": "number", "enum": [0, 1]}
    assert normalize.choice_of(plain, "request") == Choice("number", (0, 1))
    wrapped = merge_all_of({"allOf": [plain], "description": "0 or 1"})
    assert wrapped["description"] == "0 or 1"
    assert normalize.choice_of(wrapped, "request") == Choice("number", (0, 1))


def test_boolean_enums_are_booleans() -> None:
    assert normalize.choice_of(
        {"type": "boolean", "enum": [True, False]}, "request"
    ) == Primitive("boolean")
    assert normalize.choice_of(
        {"type": "boolean", "enum": [True]}, "request"
    ) == Choice("boolean", (True,))


def test_string_enums_are_open_in_responses_only() -> None:
    schema = {"type": "string", "enum": ["a", "b"]}
    assert normalize.choice_of(schema, "response").open
    assert not normalize.choice_of(schema, "request").open


def test_all_of_objects_merge_properties_and_required() -> None:
    merged = merge_all_of(
        {
            "title": "Both",
            "allOf": [
                {
                    "type": "object",
                    "required": ["a"],
                    "properties": {"a": {"type": "string"}},
                },
                {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"b": {}},
                },
            ],
        }
    )
    assert list(merged["properties"]) == ["a", "b"]
    assert merged["required"] == ["a"] and merged["title"] == "Both"
    assert merged["additionalProperties"] is True


def test_all_of_mixing_objects_and_strings_is_refused() -> None:
    with pytest.raises(normalize.NormalizeError):
        merge_all_of(
            {"allOf": [{"type": "object", "properties": {}}, {"type": "string"}]}
        )


def test_shape_ignores_titles_and_descriptions_but_not_a_property_called_title() -> (
    None
):
    one = {"title": "A", "type": "object", "properties": {"title": {"type": "string"}}}
    two = {
        "title": "B",
        "description": "x",
        "type": "object",
        "properties": {"title": {"type": "string"}},
    }
    three = {"type": "object", "properties": {"name": {"type": "string"}}}
    assert normalize.canonical_shape(one) == normalize.canonical_shape(two)
    assert normalize.canonical_shape(one) != normalize.canonical_shape(three)
