"""A discriminator ``mapping``'s targets are read as ``$ref``s are, and matched to the
union's alternatives by what they resolve to (found by fuzzing): a target written with
a JSON pointer escape (``S~1y``) lost its tag, a percent-encoded one (``B%20C``) was
refused though the same ``$ref`` works, and two alternatives of one name from two
files made the union untagged without a word. A mapping the generated client cannot
honour (into a nested union, or a nested union on the same tag property) is a located
one-line error, not a tag dropped without a word."""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path
from typing import Any

import pytest

from conftest import answering, generated_package, run_cli

HEAD = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /u:
    post:
      operationId: postU
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/U'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/U'}}}
components:
  schemas:
"""
KINDS = """    B C: {type: object, required: [kind], properties: {kind: {type: string}, bc: {type: integer}}}
    S/y: {type: object, required: [kind], properties: {kind: {type: string}, sy: {type: integer}}}
"""
UNION = """    U:
      oneOf: [{$ref: '#/components/schemas/B%20C'}, {$ref: '#/components/schemas/S~1y'}]
      discriminator:
        propertyName: kind
"""


def post_u(root: Path, specs: dict[str, str], answer: dict[str, Any]) -> Any:
    """What ``postU`` returns for ``answer``, and the validators' issues with it."""
    with generated_package(root, "mapped", specs, mypy=False) as package:
        validators = importlib.import_module("mapped.api.validators")
        issues = validators.validate_response("postU", 200, answer)
        issues += validators.validate_request("postU", answer)
        transport, _ = answering(answer)
        with package.MappedClient(transport=transport) as client:
            parsed = client.api.post_u(body=answer)
        return type(parsed).__name__, parsed, issues


@pytest.mark.parametrize(
    ("mapping", "answer", "model"),
    [
        # a JSON pointer escape: '~1' is '/'
        ("{sy: '#/components/schemas/S~1y'}", {"kind": "sy", "sy": 1}, "SY"),
        # percent-encoded, as the $ref to it is
        ("{bc: '#/components/schemas/B%20C'}", {"kind": "bc", "bc": 1}, "BC"),
    ],
)
def test_a_mapping_target_is_read_as_a_ref_is(
    tmp_path: Path, mapping: str, answer: dict[str, Any], model: str
) -> None:
    spec = HEAD + UNION + f"        mapping: {mapping}\n" + KINDS
    name, parsed, issues = post_u(tmp_path, {"api": spec}, answer)
    assert (name, issues) == (model, [])
    assert parsed.model_dump() == answer


OTHER = "Pet: {type: object, required: [kind], properties: {kind: {type: string}, theirs: {type: integer}}}\n"
TWO_PETS = """    U:
      oneOf: [{$ref: 'other.yaml#/Pet'}, {$ref: '#/components/schemas/Pet'}]
      discriminator:
        propertyName: kind
MAPPING    Pet: {type: object, required: [kind], properties: {kind: {type: string}, ours: {type: integer}}}
"""


@pytest.mark.parametrize(
    "answer", [{"kind": "theirs", "theirs": 1}, {"kind": "ours", "ours": 2}]
)
def test_alternatives_of_one_name_from_two_files_are_told_apart_by_the_mapping(
    tmp_path: Path, answer: dict[str, Any]
) -> None:
    (tmp_path / "other.yaml").write_text(OTHER, encoding="utf-8")
    mapping = "        mapping: {theirs: 'other.yaml#/Pet', ours: '#/components/schemas/Pet'}\n"
    spec = HEAD + TWO_PETS.replace("MAPPING", mapping)
    _, parsed, issues = post_u(tmp_path, {"api": spec}, answer)
    assert issues == []
    assert parsed.model_dump() == answer  # the model with that file's field
    # the root document's component keeps its name (it was other.yaml's that did)
    assert type(parsed).__name__ == ("Pet" if "ours" in answer else "PetResponse")


@pytest.mark.parametrize(
    "answer", [{"kind": "theirs", "theirs": 1}, {"kind": "ours", "ours": 2}]
)
def test_a_mapping_into_a_percent_encoded_file_name_picks_from_that_file(
    tmp_path: Path, answer: dict[str, Any]
) -> None:
    """``other%20file.yaml`` is ``other file.yaml`` in a mapping as in a ``$ref``."""
    (tmp_path / "other file.yaml").write_text(OTHER, encoding="utf-8")
    mapping = "        mapping: {theirs: 'other%20file.yaml#/Pet', ours: '#/components/schemas/Pet'}\n"
    two_pets = TWO_PETS.replace("other.yaml", "other%20file.yaml")
    spec = HEAD + two_pets.replace("MAPPING", mapping)
    _, parsed, issues = post_u(tmp_path, {"api": spec}, answer)
    assert issues == []
    assert parsed.model_dump() == answer


def refused(tmp_path: Path, spec: str) -> str:
    """The error line of a run on ``spec``, which must exit 2 with no traceback."""
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    return run.stderr.strip()


def test_alternatives_of_one_name_the_mapping_does_not_tell_apart_are_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "other.yaml").write_text(OTHER, encoding="utf-8")
    spec = HEAD + TWO_PETS.replace("MAPPING", "")
    assert refused(tmp_path, spec) == (
        "spec.yaml:17: #/components/schemas/U/oneOf/1: two alternatives are named "
        "'Pet' (each file's own): map a tag to each in the discriminator's mapping"
    )


NESTED = """    A:
      oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: OUTER
    B:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: INNER
    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
    Cat: {type: object, required: [kind, sub], properties: {kind: {type: string}, sub: {type: string}}}
    Cow: {type: object, required: [kind, sub], properties: {kind: {type: string}, sub: {type: string}}}
"""


def test_a_mapping_into_a_nested_union_picks_nothing_and_says_so(
    tmp_path: Path,
) -> None:
    outer = "{propertyName: kind, mapping: {cow: '#/components/schemas/Cow', dog: Dog}}"
    spec = HEAD.replace("/U'", "/A'") + NESTED.replace("OUTER", outer).replace(
        "INNER", "{propertyName: sub}"
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (
        0,
        "spec.yaml:18: #/components/schemas/A/discriminator/mapping/cow: "
        "discriminator mapping 'cow': '#/components/schemas/Cow' is not one of the "
        "oneOf alternatives: a model of a nested union is picked by that union's own "
        "tag, mapping it from this one is not supported; the tag picks none of them\n",
    )


def test_a_nested_union_on_the_same_tag_property_is_refused(tmp_path: Path) -> None:
    spec = HEAD.replace("/U'", "/A'") + NESTED.replace(
        "OUTER", "{propertyName: kind}"
    ).replace("INNER", "{propertyName: kind}")
    assert refused(tmp_path, spec) == (
        "spec.yaml:17: #/components/schemas/A/oneOf/0: a nested union told apart by "
        "the same property 'kind' as this one is not supported: one value cannot "
        "pick both the union and one of its models"
    )


INTEGER_TAGS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
                discriminator: {propertyName: kind, mapping: {'1': Cat, '2': Dog}}
components:
  schemas:
    Cat: {type: object, properties: {kind: {type: integer}, meow: {type: string}}}
    Dog:
      allOf:
        - {type: object, properties: {kind: {enum: [2, 3]}}}
        - {type: object, properties: {bark: {type: string}}}
"""


def test_a_tag_property_that_holds_no_string_is_said(tmp_path: Path) -> None:
    # A tag is a string: a body whose kind is the integer 2 is never picked by the
    # tag "2" (it is read as an unmapped tag's); said, never without a word.
    (tmp_path / "spec.yaml").write_text(INTEGER_TAGS, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:14: #/paths/~1pets/get/responses/200/content/application~1json/"
        "schema/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Cat defines it as integer, but a tag is a string: no body of it is "
        "picked by its tags '1', 'Cat'\n"
        f"{where}Dog defines it as an enum of no string, but a tag is a string: no "
        "body of it is picked by its tags '2', 'Dog'\n",
    )


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("{const: 2}", "an enum of no string"),
        ("{allOf: [{type: integer}]}", "integer"),
        ("{$ref: '#/components/schemas/Kind'}", "integer"),
        ("{anyOf: [{type: integer}, {type: boolean}]}", "integer or boolean"),
    ],
)
def test_a_tag_property_that_comes_to_no_string_is_said(
    kind: str, said: str, tmp_path: Path
) -> None:
    # Read from the spec's words, a tag property that holds no string was missed
    # where no ``type`` or ``enum`` says so itself (a const, an allOf, a $ref to one,
    # an anyOf): read from its type, as the model has it.
    spec = INTEGER_TAGS.replace("3.0.3", "3.1.0").replace(
        "kind: {type: integer}", f"kind: {kind}"
    )
    spec += "    Kind: {allOf: [{type: integer}, {minimum: 1}]}\n"
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:14: #/paths/~1pets/get/responses/200/content/application~1json/"
        "schema/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Cat defines it as {said}, but a tag is a string: no body of it is "
        "picked by its tags '1', 'Cat'\n"
        f"{where}Dog defines it as an enum of no string, but a tag is a string: no "
        "body of it is picked by its tags '2', 'Dog'\n",
    )


def test_a_tag_property_of_a_recursive_type_that_holds_no_string_is_said(
    tmp_path: Path,
) -> None:
    # A recursive type alias is looked through as any other type: integers, or
    # arrays of itself, hold no string.
    tree = "{$ref: '#/components/schemas/Tree'}"
    spec = INTEGER_TAGS.replace("kind: {type: integer}", f"kind: {tree}")
    spec += (
        f"    Tree: {{oneOf: [{{type: integer}}, {{type: array, items: {tree}}}]}}\n"
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:14: #/paths/~1pets/get/responses/200/content/application~1json/"
        "schema/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Cat defines it as integer or array, but a tag is a string: no body "
        "of it is picked by its tags '1', 'Cat'\n"
        f"{where}Dog defines it as an enum of no string, but a tag is a string: no "
        "body of it is picked by its tags '2', 'Dog'\n",
    )


ALLOF_BASE = """openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
components:
  schemas:
    Pet:
      type: object
      properties: {name: {type: string}}
      discriminator: {propertyName: kind}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {kind: {type: integer}}}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {kind: {$ref: '#/components/schemas/Num'}}}
    Num: {type: [integer, 'null']}
"""


def test_an_allof_base_whose_extension_holds_no_string_tag_is_said(
    tmp_path: Path,
) -> None:
    # The discriminator of an allOf base picks the schemas that extend it by tag as
    # a oneOf's does its alternatives; one whose tag property holds no string was
    # never picked without a word (only a oneOf/anyOf's alternatives were read).
    (tmp_path / "spec.yaml").write_text(ALLOF_BASE, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:18: #/components/schemas/Pet/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Cat defines it as integer, but a tag is a string: no body of it is "
        "picked by its tag 'Cat'\n"
        f"{where}Dog defines it as integer or null, but a tag is a string: no body of "
        "it is picked by its tag 'Dog'\n",
    )


TYPED_FORMAT_TAGS = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                oneOf: [A, B, C, D, E, F]
                discriminator: {propertyName: kind}
components:
  schemas:
    A: {type: object, properties: {kind: {type: string, format: date}}}
    B: {type: object, properties: {kind: {type: string, format: uuid}}}
    C: {type: object, properties: {kind: {type: string, format: date-time}}}
    D: {type: object, properties: {kind: {type: string, format: time}}}
    E: {type: object, properties: {kind: {type: string, format: binary}}}
    F: {type: object, properties: {kind: {type: string, format: email}}}
""".replace(
    "[A, B, C, D, E, F]",
    "[" + ", ".join(f"{{$ref: '#/components/schemas/{n}'}}" for n in "ABCDEF") + "]",
)


def test_a_tag_property_the_models_parse_from_its_text_is_said(
    tmp_path: Path,
) -> None:
    # A string the models type as a date, a datetime, a time or a UUID takes no tag
    # as is ({"kind": "A"} is no date: picked as A, it failed to parse), yet was
    # taken for a string that holds one; a format the models type as ``bytes`` or
    # ``str`` takes it.
    (tmp_path / "spec.yaml").write_text(TYPED_FORMAT_TAGS, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:15: #/paths/~1pets/get/responses/200/content/application~1json/"
        "schema/discriminator: discriminator 'kind': "
    )
    said = [
        f"{where}{name} defines it as string ({format_}), but a tag is a string: no "
        f"body of it is picked by its tag {name!r}\n"
        for name, format_ in zip("ABCD", ["date", "uuid", "date-time", "time"])
    ]
    assert (run.returncode, run.stderr) == (0, "".join(said))
    with generated_package(
        tmp_path, "formats", {"api": TYPED_FORMAT_TAGS}, mypy=False
    ) as package:
        for name, kind in (("A", "A"), ("E", b"E"), ("F", "F")):
            transport, _ = answering({"kind": name})
            with package.FormatsClient(transport=transport) as client:
                with warnings.catch_warnings(record=True) as seen:
                    warnings.simplefilter("always")
                    parsed = client.api.get_pet()
            assert (type(parsed).__name__, parsed.kind) == (name, kind)
            # each said one fails to parse, as the warning says; the others do not
            assert bool(seen) == (name == "A")


# Alternatives outside components/schemas, which have no name that picks them too.
PARSED_TAGS = (
    TYPED_FORMAT_TAGS.replace(
        "discriminator: {propertyName: kind}",
        "discriminator:\n                  propertyName: kind\n"
        "                  mapping: MAP",
    )
    .replace("#/components/schemas/", "#/x-kinds/")
    .replace("components:\n  schemas:\n", "x-kinds:\n")
    .replace("oneOf", "anyOf")  # (D's time is no format the validators check)
    .replace(", {$ref: '#/x-kinds/E'}, {$ref: '#/x-kinds/F'}", "")
    .split("    E:")[0]
)
PARSED_MAPPING = {
    "'2024-01-01'": "A",
    "4b0c7c4e-7d1f-4a52-9a57-0d6c3a1b2c3d": "B",
    "'2024-01-01T10:00:00Z'": "C",
    "'10:00:00'": "D",
}
# Tags pydantic reads as such a value that the package does not take: a datetime for
# a date, a UUID in braces (read by the models, refused by the validators), a
# date-time without its offset (the models' AwareDatetime refuses it).
UNTAKEN_TAGS = {
    "'2024-13-01'": "A",
    "'2024-01-01T00:00:00Z'": "A",
    "'{4B0C7C4E-7D1F-4A52-9A57-0D6C3A1B2C3D}'": "B",
    "'2024-01-01T10:00:00'": "C",
}


def test_a_tag_property_that_parses_every_tag_it_is_mapped_by_is_not_said(
    tmp_path: Path,
) -> None:
    # A mapping whose tags are themselves dates, UUIDs...: a body of such a tag is
    # picked by it and parses (its tag property is the tag's date), yet was warned of
    # as one no body of it is picked by. A tag the models or the validators refuse
    # as such a value is still said (a datetime for a date, a UUID in braces, a
    # date-time without an offset were not).
    mapping = {**PARSED_MAPPING, **UNTAKEN_TAGS}
    written = ", ".join(f"{tag}: '#/x-kinds/{name}'" for tag, name in mapping.items())
    spec = PARSED_TAGS.replace("MAP", "{" + written + "}")
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:16: #/paths/~1pets/get/responses/200/content/application~1json/"
        "schema/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}N20240101 defines it as string (date), which its tags '2024-13-01', "
        "'2024-01-01T00:00:00Z' are not: no body of it is picked by those tags\n"
        f"{where}N4B0C7C4E7D1F4A529A570D6C3A1B2C3D defines it as string (uuid), "
        "which its tag '{4B0C7C4E-7D1F-4A52-9A57-0D6C3A1B2C3D}' is not: no body of "
        "it is picked by that tag\n"
        f"{where}N20240101T100000Z defines it as string (date-time), which its tag "
        "'2024-01-01T10:00:00' is not: no body of it is picked by that tag\n",
    )
    with generated_package(tmp_path, "parsed", {"api": spec}, mypy=False) as package:
        for tag in mapping:
            transport, _ = answering({"kind": tag.strip("'")})
            with package.ParsedClient(
                transport=transport, validate_responses=True
            ) as client:
                try:
                    parsed = client.api.get_pet()
                except package.ResponseValidationError:
                    assert tag in UNTAKEN_TAGS  # as said
                    continue
            assert tag in PARSED_MAPPING
            assert not isinstance(parsed.kind, str)  # a date, a UUID...: parsed
    written = ", ".join(f"{tag}: '#/x-kinds/{n}'" for tag, n in PARSED_MAPPING.items())
    spec = PARSED_TAGS.replace("MAP", "{" + written + "}")
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, "")


def test_the_name_of_a_mapped_alternative_is_a_tag_of_it_said(
    tmp_path: Path,
) -> None:
    # A component's name picks it, mapped or not (A by 'A' as by '2024-01-01'): a
    # body of that tag fails to parse as its date, and was not said. An alternative
    # reached through an allOf alias (DogAlias: allOf [Dog]) is that model: one
    # warning of every tag that picks it ('2024-02-01' picks Dog and parses).
    spec = TYPED_FORMAT_TAGS.replace(
        "discriminator: {propertyName: kind}",
        "discriminator: {propertyName: kind, mapping: {'2024-01-01': A}}",
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 0
    assert run.stderr.splitlines()[0].endswith(
        "discriminator 'kind': A defines it as string (date), which its tag 'A' is "
        "not: no body of it is picked by that tag"
    )
    (tmp_path / "spec.yaml").write_text(ALIASED_HIERARCHY, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:21: #/components/schemas/Pet/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Cat defines it as string (date), which its tag 'Cat' is not: no "
        "body of it is picked by that tag\n"
        f"{where}Dog defines it as string (date), which its tags 'Dog', 'DogAlias' "
        "are not: no body of it is picked by those tags\n",
    )
    with generated_package(
        tmp_path, "aliased", {"api": ALIASED_HIERARCHY}, mypy=False
    ) as package:
        for tag, name in (("2024-02-01", "Dog"), ("DogAlias", "Dog"), ("Cat", "Cat")):
            transport, _ = answering({"kind": tag})
            with package.AliasedClient(transport=transport) as client:
                with warnings.catch_warnings(record=True) as seen:
                    warnings.simplefilter("always")
                    parsed = client.api.get_pet()
            assert type(parsed).__name__ == name
            assert bool(seen) == (tag != "2024-02-01")  # each said one fails


ALIASED_HIERARCHY = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties: {kind: {type: string, format: date}}
      discriminator:
        propertyName: kind
        mapping: {'2024-01-01': Cat, '2024-02-01': '#/components/schemas/DogAlias'}
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {meow: {type: string}}}]
    Dog:
      allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {bark: {type: string}}}]
    DogAlias:
      allOf: [{$ref: '#/components/schemas/Dog'}]
"""


EXTRA_TAGS = INTEGER_TAGS.replace(
    "{$ref: '#/components/schemas/Dog'}]",
    "{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Eel'}]",
).split("components:")[0] + (
    "components:\n"
    "  schemas:\n"
    "    Cat: {type: object, properties: {meow: {type: string}}, "
    "additionalProperties: false}\n"
    "    Dog: {type: object, properties: {bark: {type: string}}, "
    "additionalProperties: {type: integer}}\n"
    "    Eel: {type: object, properties: {fin: {type: string}}, "
    "additionalProperties: {type: string}}\n"
)


def test_a_response_alternative_whose_extra_properties_hold_no_tag_is_said(
    tmp_path: Path,
) -> None:
    # An alternative without the tag property takes it among its extra properties;
    # where they hold no string (false, integers) no body of it has a tag. A request
    # union refuses it; a response union said nothing.
    spec = EXTRA_TAGS.replace(
        "discriminator: {propertyName: kind, mapping: {'1': Cat, '2': Dog}}",
        "discriminator: {propertyName: kind}",
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = (
        "spec.yaml:14: #/paths/~1pets/get/responses/200/content/application~1json/"
        "schema/discriminator: discriminator 'kind': "
    )
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Cat does not define it and its additionalProperties: false refuses "
        "it: a body of its tag 'Cat' is taken as it, but validate_responses refuses "
        "every one\n"
        f"{where}Dog does not define it and its additionalProperties are integer, "
        "but a tag is a string: a body of its tag 'Dog' is taken as it, but "
        "validate_responses refuses every one\n",
    )
    # as said: the client takes each (its extras are untyped), validate_responses not
    with generated_package(tmp_path, "extras", {"api": spec}, mypy=False) as package:
        for name in ("Cat", "Dog"):
            for validate in (False, True):
                transport, _ = answering({"kind": name})
                with package.ExtrasClient(
                    transport=transport,
                    base_url="https://api.example.com",
                    validate_responses=validate,
                ) as client:
                    with warnings.catch_warnings(record=True) as seen:
                        warnings.simplefilter("always")
                        if validate:
                            with pytest.raises(package.ResponseValidationError):
                                client.api.get_pet()
                            continue
                        parsed = client.api.get_pet()
                assert (type(parsed).__name__, seen) == (name, [])
