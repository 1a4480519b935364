from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipedrive_codegen.ir.naming import (
    is_usable_model_name,
    pascal_case,
    python_identifier,
    snake_case,
    words,
)

# The pattern that split names before names of any script did: ASCII names split so.
_ASCII_WORD = re.compile(
    r"[A-Z]+(?=[A-Z][a-z0-9]|[^A-Za-z0-9]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+"
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


def test_names_of_any_script_keep_their_letters() -> None:
    assert words("créerÉtat日本") == ["créer", "État", "日本"]
    assert words("ユーザーID") == ["ユーザー", "ID"]
    assert pascal_case("Café") == "Café"
    assert pascal_case("Cafè") == "Cafè"
    assert pascal_case("Ärger") == "Ärger"
    assert snake_case("créer") == "créer"
    assert snake_case("naïveDate") == "naïve_date"
    assert python_identifier("日本") == "日本"
    assert python_identifier("中文") == "中文"
    assert python_identifier("é") == "é"
    # A mark that stays apart from its letter (Devanagari's vowel signs) separates
    # words, as datamodel-code-generator's names hold none: नमस्ते is नमस_त, its class
    # नमसत.
    assert python_identifier("नमस्ते") == "नमस_त"
    assert pascal_case("नमस्ते") == "नमसत"
    # Characters no identifier may hold still separate words.
    assert python_identifier("prix€net") == "prix_net"


def test_names_are_compared_as_python_reads_them() -> None:
    # Python reads an identifier NFKC normalised: ``ﬁle`` is ``file``, and a name
    # spelled with a combining accent is the one spelled with the accented letter.
    assert python_identifier("ﬁle") == "file"
    assert python_identifier("ﬁle", frozenset({"file"})) == "file_"
    assert python_identifier("nai\u0308ve") == "naïve"
    for text in ("Straße", "İstanbul", "ǅemal", "ΐx", "٣abc", "ｆｕｌｌ"):
        for name in (pascal_case(text), python_identifier(text)):
            assert name.isidentifier(), (text, name)
            assert unicodedata.normalize("NFKC", name) == name


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_names_split_as_they_always_did(text: str) -> None:
    assert words(text) == _ASCII_WORD.findall(text)
