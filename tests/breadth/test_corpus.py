"""The compatibility corpus: OpenAPI documents other projects wrote, read where they lie.

Each valid document generates, imports (warnings as errors) and passes ``mypy --strict``;
each invalid one stops the CLI with one located line, ``FILE:LINE: POINTER: message``,
and exit status 2; one whose only fault is a ``default`` that breaks its schema stops too,
and generates with a located warning for each when told to ignore such defaults
(``--ignore-bad-defaults``). Documents are read from
``../shared/corpus/``, never copied here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from breadth_support import (
    CORPUS,
    LOCATED_LINE,
    Generated,
    black_check,
    generate_all,
    import_all,
    mypy_all,
)

from conftest import run_cli

if not CORPUS.is_dir():
    pytest.skip(
        "../shared/corpus/ is absent: the compatibility tests read other projects' "
        "OpenAPI documents where they lie (CI lays shared/ beside the clone; a user's "
        "clone has none)",
        allow_module_level=True,
    )

# The documents the corpus README lists as invalid (or broken on purpose), and the one
# line each must give. The validator's findings are located at the offending key.
INVALID = {
    "dmcg__invalid.yaml": "dmcg__invalid.yaml:1: #: no 'openapi' field: not an OpenAPI 3 document",
    "dmcg__api_constrained.yaml": "dmcg__api_constrained.yaml:163: "
    "#/components/schemas/Users/items/properties/height/type: "
    "['integer', 'number'] is not of type 'string'",
    "dmcg__datetime.yaml": "dmcg__datetime.yaml:1: #: 'info' is a required property",
    "dmcg__discriminator.yaml": "dmcg__discriminator.yaml:1: #: 'info' is a required property",
    "dmcg__enum_models.yaml": "dmcg__enum_models.yaml:120: "
    "#/components/schemas/arrayEnum/items: "
    "[{'enum': ['cat']}, {'enum': ['dog']}] is not of type 'object'",
    "dmcg__nullable.yaml": "dmcg__nullable.yaml:103: "
    "#/components/schemas/notes/properties/comments/default_factory: "
    "unknown key 'default_factory'",
    "dmcg__type_alias_recursive.yaml": "dmcg__type_alias_recursive.yaml:1: "
    "#: 'paths' is a required property",
    "dmcg__x_enum_varnames.yaml": "dmcg__x_enum_varnames.yaml:1: #: 'info' is a required property",
    "opc__baseline_openapi_3.0.json": "opc__baseline_openapi_3.0.json:1809: "
    "#/paths/~1models~1oneof-with-required-const/get/responses/200/content/"
    "application~1json/schema/oneOf/0/properties/type/const: unknown key 'const'",
    "opc__baseline_openapi_3.1.yaml": "opc__baseline_openapi_3.1.yaml:1809: "
    "#/paths/~1types~1unions~1duplicate-types/post/title: unknown key 'title'",
    "opc__circular-body-ref.yaml": "opc__circular-body-ref.yaml:20: "
    "#/components/requestBodies/body: this $ref refers to itself",
    "opc__invalid-uuid-defaults.yaml": "opc__invalid-uuid-defaults.yaml:15: "
    "#/paths/~1/post/parameters/0/schema/default: 'notauuid' is not a 'uuid'; "
    "fix the default, or pass --ignore-bad-defaults to drop it with a warning",
    "opc__missing-body-ref.yaml": "opc__missing-body-ref.yaml:9: "
    "#/paths/~1/post/requestBody/$ref: $ref '#/components/requestBodies/body' "
    "points to nothing",
}
# Broken on purpose by their source (openapi-python-client refuses them): with
# --ignore-bad-defaults, each default is dropped with a warning (nothing generated uses
# a schema's default).
WARNS = {
    "opc__invalid-uuid-defaults.yaml": [
        "opc__invalid-uuid-defaults.yaml:15: #/paths/~1/post/parameters/0/schema/"
        "default: 'notauuid' is not a 'uuid'; default ignored",
        "opc__invalid-uuid-defaults.yaml:27: #/paths/~1/put/parameters/0/schema/"
        "default: 3 is not of type 'string'; default ignored",
    ],
}


def _documents() -> list[str]:
    """Every document of the corpus: its files, and the entry of each folder."""
    names = [
        path.name
        for path in sorted(CORPUS.iterdir())
        if path.suffix in (".yaml", ".yml", ".json")
    ]
    names += [
        f"{path.name}/openapi.yaml"
        for path in sorted(CORPUS.iterdir())
        if path.is_dir()
    ]
    return names


DOCUMENTS = _documents()
VALID = [name for name in DOCUMENTS if name not in INVALID]
_OVERRIDDEN = (
    "this definition is used, overriding #/components/schemas/Pet/properties/name, "
    "which contradicts it: allOf requires a value to be an object and string at once"
)
# What a valid document's run says on stderr (nothing, for the others): its subtypes
# override a property their base types otherwise
_PICKS_NONE = "is not one of the oneOf alternatives; the tag picks none of them"
NOTES = {
    "dmcg__openapi_discriminated_oneof_allof_cycle.json": [
        f"dmcg__openapi_discriminated_oneof_allof_cycle.json:{line}: "
        f"#/components/schemas/X/discriminator/mapping/{tag}: discriminator mapping "
        f"'{tag}': '#/components/schemas/{tag.upper()}Schema' {_PICKS_NONE}"
        for line, tag in ((23, "a"), (24, "b"))
    ],
    "dmcg__allof.yaml": [
        f"dmcg__allof.yaml:144: #/components/schemas/AllOfNested3/allOf/1/properties/"
        f"name: {_OVERRIDDEN}",
        f"dmcg__allof.yaml:137: #/components/schemas/AllOfNested2/allOf/1/properties/"
        f"name: {_OVERRIDDEN}",
        f"dmcg__allof.yaml:130: #/components/schemas/AllOfNested1/allOf/1/properties/"
        f"name: {_OVERRIDDEN}",
        # name.name: AllOfCombine's (Pet's string) in AllOfNested1's name, an object
        # in the others' (each nested contradiction of a pair is said)
        "dmcg__allof.yaml:111: #/components/schemas/Pet/properties/name: this "
        "definition is used, overriding 3 earlier definitions that contradict it: "
        + ", ".join(
            f"#/components/schemas/AllOfNested{n}/allOf/1/properties/name (allOf "
            "requires a value to be an object and string at once)"
            for n in (3, 2, 1)
        ),
    ],
}
# The largest documents go first, so that they do not finish last.
VALID.sort(key=lambda name: -(CORPUS / name).stat().st_size)


def package_of(document: str) -> str:
    stem = document.split("/")[0].split(".")[0]
    return "corpus_" + re.sub(r"\W", "_", stem).lower()


@dataclass(frozen=True)
class Results:
    root: Path
    generated: dict[str, Generated]
    imports: dict[str, str | None]
    mypy: dict[str, list[str]]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    out = tmp_path_factory.mktemp("corpus")
    jobs = {package_of(name): ([f"api={name}"], CORPUS) for name in VALID}
    generated = generate_all(jobs, out)
    built = [
        package for package, result in generated.items() if result.run.returncode == 0
    ]
    return Results(out, generated, import_all(out, built), mypy_all(out, built))


def test_the_corpus_has_every_document_the_readme_lists() -> None:
    assert len(DOCUMENTS) == 30
    assert set(INVALID) <= set(DOCUMENTS)
    assert set(WARNS) <= set(INVALID)
    assert set(NOTES) <= set(VALID)
    assert len(VALID) == 17


@pytest.mark.parametrize("document", VALID)
def test_a_valid_document_generates_imports_and_type_checks(
    document: str, results: Results
) -> None:
    package = package_of(document)
    run = results.generated[package].run
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == NOTES.get(document, [])
    assert results.imports[package] is None, results.imports[package]
    assert results.mypy[package] == [], "\n".join(results.mypy[package])


def test_ruff_formats_the_corpus_as_black_does(results: Results) -> None:
    # black, the oracle: every module ruff's formatter wrote is as black leaves it.
    built = [
        results.root / package
        for package, result in results.generated.items()
        if result.run.returncode == 0
    ]
    assert len(built) == len(VALID)
    result = black_check(built)
    assert result.returncode == 0, result.stderr


def test_mypy_found_nothing_outside_the_packages(results: Results) -> None:
    assert results.mypy.get("?", []) == []


@pytest.mark.parametrize("document", sorted(INVALID))
def test_an_invalid_document_gives_one_located_line(
    document: str, tmp_path: Path
) -> None:
    run = run_cli(
        "generate",
        "--spec",
        f"api={document}",
        "--out",
        str(tmp_path),
        "--package",
        "corpus",
        cwd=CORPUS,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [INVALID[document]]
    assert LOCATED_LINE.match(run.stderr.strip())
    assert not (tmp_path / "corpus").exists()


@pytest.mark.parametrize("document", sorted(WARNS))
def test_bad_defaults_are_dropped_with_a_warning_when_asked(
    document: str, tmp_path: Path
) -> None:
    run = run_cli(
        *("generate", "--spec", f"api={document}", "--out", str(tmp_path)),
        *("--package", "corpus", "--ignore-bad-defaults"),
        cwd=CORPUS,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == WARNS[document]
    assert (tmp_path / "corpus" / "api" / "models.py").is_file()
