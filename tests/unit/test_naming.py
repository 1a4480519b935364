from __future__ import annotations

from pipedrive_codegen.ir.naming import (
    is_usable_model_name,
    pascal_case,
    python_identifier,
    snake_case,
)


def test_pascal_case_of_spec_titles() -> None:
    assert pascal_case("addActivityRequest") == "AddActivityRequest"
    assert pascal_case("userDataWithId") == "UserDataWithId"
    assert pascal_case("baseResponse") == "BaseResponse"
    assert pascal_case("PersonDataWithID") == "PersonDataWithID"
    assert pascal_case("additional_data") == "AdditionalData"


def test_snake_case_of_operation_ids() -> None:
    assert snake_case("getActivitiesCollection") == "get_activities_collection"
    assert snake_case("addActivity") == "add_activity"


def test_python_identifier_avoids_keywords_and_taken_names() -> None:
    assert python_identifier("class") == "class_"
    assert python_identifier("body", frozenset({"body"})) == "body_"
    assert python_identifier("2fa") == "n_2_fa"


def test_meaningless_model_names_are_not_usable() -> None:
    for name in (
        "Data1",
        "Model",
        "Model2",
        "Item3",
        "Field",
        "Schema",
        "BaseModel",
        "str",
    ):
        assert not is_usable_model_name(name)
    assert is_usable_model_name("AddActivityRequest")
