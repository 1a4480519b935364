"""Each kind of bad input: one located line on stderr, exit 2, no traceback, output untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, tree_bytes

_SPEC_HEAD = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
"""
_SCHEMA_POINTER = "#/paths/~1a/get/responses/200/content/application~1json/schema"


def _parameter(parameter: str, path: str = "/a") -> str:
    """A spec whose one operation takes ``parameter`` (flow YAML)."""
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        f"  {path}:\n    get:\n      operationId: getA\n      parameters:\n"
        f"        - {parameter}\n"
        "      responses:\n        '200': {description: ok}\n"
    )


def _form_body(media: str, schema: str) -> str:
    """A spec whose one operation takes a ``media`` body of ``schema`` (flow YAML)."""
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a:\n    post:\n      operationId: postA\n      requestBody:\n"
        f"        content: {{{media}: {{schema: {schema}}}}}\n"
        "      responses: {'204': {description: ok}}\n"
    )


_FORM_REFUSED = (
    "spec.yaml:8: #/paths/~1a/post/requestBody/content/{pointer}/schema: a {media} "
    "body must be an object (its properties name the fields); send a file alone as "
    "application/octet-stream, or as a binary property of an object"
)


def _previous_output(package: Path, files: dict[str, str]) -> None:
    """A package as a previous run left it: its files, and the manifest listing them."""
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    outputs = {name: "0" * 64 for name in files}
    (package / "_manifest.json").write_text(
        json.dumps({"inputs": {}, "outputs": outputs})
    )


CASES = {
    "missing-file": (
        None,
        "spec.yaml: cannot read the spec: No such file or directory",
    ),
    "malformed-yaml": (
        "openapi: 3.0.0\ninfo: [\n",
        "spec.yaml:3: #: malformed YAML: did not find expected node content",
    ),
    "swagger-2": (
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
        "spec.yaml:1: #/swagger: Swagger 2.0 is not supported: convert the spec to OpenAPI 3",
    ),
    "a-list": (
        "- a\n- b\n",
        "spec.yaml:1: #: top level is a list: expected an OpenAPI 3 object",
    ),
    "empty": ("", "spec.yaml:1: #: empty document: expected an OpenAPI 3 object"),
    "discriminator-mapping-to-nothing": (
        _SPEC_HEAD
        + "                $ref: '#/components/schemas/Pet'\n"
        + "components:\n"
        + "  schemas:\n"
        + "    Pet:\n"
        + "      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/"
        + "schemas/Fox'}]\n"
        + "      discriminator:\n"
        + "        propertyName: kind\n"
        + "        mapping: {cat: '#/components/schemas/Cat', dog: Dog}\n"
        + "    Cat: {type: object, properties: {kind: {type: string}}}\n"
        + "    Fox: {type: object, properties: {kind: {type: string}}}\n",
        "spec.yaml:20: #/components/schemas/Pet/discriminator/mapping/dog: "
        "discriminator mapping 'dog': 'Dog' names no schema",
    ),
    "a-control-character": (
        _SPEC_HEAD.replace("operationId: getA", "operationId: get\x01A")
        + "                type: object\n",
        "spec.yaml:6: #: malformed YAML: character #x0001: control characters are not "
        "allowed",
    ),
    "nul-in-a-ref": (
        _SPEC_HEAD + '                $ref: "x.yaml\\0#/T"\n',
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref 'x.yaml\\x00#/T' names no file: "
        "a NUL byte",
    ),
    "no-version": (
        "info: {title: x, version: '1'}\npaths: {}\n",
        "spec.yaml:1: #: no 'openapi' field: not an OpenAPI 3 document",
    ),
    "dangling-ref": (
        _SPEC_HEAD + "                $ref: '#/components/schemas/Nope'\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '#/components/schemas/Nope' points to nothing",
    ),
    "invalid-type": (
        _SPEC_HEAD + "                {type: object, properties: {x: {type: strin}}}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/properties/x/type: 'strin' is not one of "
        "['array', 'boolean', 'integer', ...]; did you mean 'string'?",
    ),
    # A pattern in a syntax jsonschema-rs reads but Python's re does not: refused, as
    # openapi-spec-validator refuses it (the fast verdict is not the last word).
    "pattern-python-cannot-read": (
        _SPEC_HEAD + "                {type: string, pattern: '(?<y>[0-9]+)'}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/pattern: '(?<y>[0-9]+)' is not a 'regex'",
    ),
    # OpenAPI 3.1's meta-schema (its dialect refers to OpenAPI's vocabularies by URL):
    # the fast verdict and the checker's words, as for 3.0.
    "invalid-type-3.1": (
        _SPEC_HEAD.replace("3.0.3", "3.1.0")
        + "                {type: object, properties: {x: {type: strin}}}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/properties/x/type: 'strin' is not one of "
        "['array', 'boolean', 'integer', ...]; did you mean 'string'?",
    ),
    "pattern-python-cannot-read-3.1": (
        _SPEC_HEAD.replace("3.0.3", "3.1.0")
        + "                {type: string, pattern: '(?<y>[0-9]+)'}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/pattern: '(?<y>[0-9]+)' is not a 'regex'",
    ),
    "misspelt-keyword": (
        _SPEC_HEAD + "                {type: object, requird: [x]}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/requird: unknown key 'requird'; "
        "did you mean 'required'?",
    ),
    "enum-of-objects": (
        _SPEC_HEAD + "                {enum: [{a: 1}]}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/enum: enum values that are objects or arrays "
        "are not supported",
    ),
    "empty-enum": (  # no value meets it (beside an allOf it means the parts' enum)
        _SPEC_HEAD + "                {type: string, enum: []}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/enum: [] should be non-empty",
    ),
    "ref-with-a-superscript-digit": (
        _SPEC_HEAD + "                $ref: '#/x/\u00b2'\nx: [{type: string}]\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '#/x/\u00b2' points to nothing",
    ),
    "empty-ref": (
        _SPEC_HEAD + "                $ref: ''\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '' points to the whole document: "
        "write '#/...' for a part of it",
    ),
    # A $ref to the spec's whole document by a fragment ('#') or by its file name
    # ('spec.yaml'), as '' is: the OpenAPI object, no schema (it was read as one).
    "ref-to-the-whole-document": (
        _SPEC_HEAD + "                $ref: '#'\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '#' points to the whole document: "
        "write '#/...' for a part of it",
    ),
    "ref-to-the-document-by-name": (
        _SPEC_HEAD + "                $ref: './spec.yaml#'\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref './spec.yaml#' points to the "
        "whole document: write '#/...' for a part of it",
    ),
    # '#/' is the key "" (RFC 6901), as the check reads it; it was read as '#'.
    "ref-to-the-empty-key": (
        _SPEC_HEAD + "                $ref: '#/'\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '#/' points to nothing",
    ),
    # A $ref to a folder said "$ref to : cannot read it: Is a directory".
    "ref-to-a-folder": (
        _SPEC_HEAD + "                $ref: '.'\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '.' names a folder, not a file",
    ),
    # In a schema with a $id (OpenAPI 3.1), a $ref is relative to that $id: not
    # supported (it said "points to nothing"; one that also named a node from the
    # document's root was silently read as that node).
    "ref-under-an-id": (
        _SPEC_HEAD.replace("3.0.3", "3.1.0")
        + "                $id: 'https://example.com/a'\n"
        + "                properties:\n"
        + "                  b: {$ref: '#/properties/c'}\n"
        + "                  c: {type: integer}\n",
        f"spec.yaml:15: {_SCHEMA_POINTER}/properties/b/$ref: $ref '#/properties/c' is "
        f"read against the $id 'https://example.com/a' of {_SCHEMA_POINTER}, which is "
        "not supported: drop that $id (a $ref is then read from the document's root: "
        "'#/components/...')",
    ),
    "ref-under-an-id-to-a-component": (
        _SPEC_HEAD.replace("3.0.3", "3.1.0")
        + "                items: {$ref: '#/components/schemas/C', $id: 'c.json'}\n"
        + "components: {schemas: {C: {type: integer}}}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/items/$ref: $ref '#/components/schemas/C' "
        f"is read against the $id 'c.json' of {_SCHEMA_POINTER}/items, which is not "
        "supported: drop that $id (a $ref is then read from the document's root: "
        "'#/components/...')",
    ),
    "duplicate-key": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n",
        "spec.yaml:4: #/paths: malformed YAML: duplicate key 'paths' (first at line 3)",
    ),
    "duplicate-key-spelt-otherwise": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x-m: {0x10: a, 16: b}\n",
        "spec.yaml:4: #/x-m/16: malformed YAML: duplicate key '16' (first at line 4)",
    ),
    "duplicate-status": (
        _SPEC_HEAD.replace("'200':", "200:") + "                {type: string}\n"
        "        '200': {description: again}\n",
        "spec.yaml:14: #/paths/~1a/get/responses/200: malformed YAML: duplicate key "
        "'200' (first at line 8)",
    ),
    "recursive-alias": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x-a: &a {b: [1, *a]}\n",
        "spec.yaml:4: #/x-a: malformed YAML: recursive alias: the node anchored "
        "here contains itself",
    ),
    "alias-bomb": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x-0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        + "".join(
            f"x-{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 10)}]\n" for n in range(1, 9)
        ),
        "spec.yaml:9: #/x-5: malformed YAML: aliases expand to more than 1,000,000 nodes",
    ),
    "timestamp-tag": (
        "openapi: 3.0.3\ninfo: {title: t, version: !!timestamp 2001-12-14}\npaths: {}\n",
        "spec.yaml:2: #: malformed YAML: !!timestamp values are not JSON data: quote the "
        "value",
    ),
    # OpenAPI 3.1's schema false (no value is valid) as a whole body: located (it
    # said ": #: expected a schema at GetAResponse", no file, no line).
    "false-schema": (
        _SPEC_HEAD.replace("3.0.3", "3.1.0") + "                false\n",
        f"spec.yaml:12: {_SCHEMA_POINTER}: schema false (no value is valid) is not "
        "supported here",
    ),
    # A $ref to a 3.1 $anchor: no pointer, so "points to nothing" said the spec was
    # broken where it is only not supported.
    "anchor-ref": (
        _SPEC_HEAD.replace("3.0.3", "3.1.0") + "                $ref: '#bee'\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/$ref: $ref '#bee' names an anchor "
        "($anchor, $id), which is not supported: write a JSON pointer "
        "('#/components/...')",
    ),
    # A chain of $refs, each naming the next: every link is a level (it recursed
    # without end, a RecursionError, for 500 links).
    "ref-chain": (
        _SPEC_HEAD.replace(
            "paths:",
            "components:\n  schemas:\n"
            + "".join(
                f"    S{n}: {{$ref: '#/components/schemas/S{n + 1}'}}\n"
                for n in range(500)
            )
            + "    S500: {type: string}\npaths:",
        )
        + "                $ref: '#/components/schemas/S0'\n",
        "spec.yaml:131: #/components/schemas/S126: nested more than 128 levels deep "
        "through $refs",
    ),
    "huge-integer": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-n: 1"
        + "0" * 5000
        + "\n",
        "spec.yaml:4: #: malformed YAML: integer of 5,001 digits: too large",
    ),
    # Where the meta-schema offers alternatives (a parameter or a Reference; a path,
    # query, header or cookie parameter), the error is that of the one the document
    # means: not the Reference's "'$ref' is a required property".
    "path-parameter-not-required": (
        _parameter("{name: id, in: path, schema: {type: integer}}", "/a/{id}"),
        "spec.yaml:8: #/paths/~1a~1{id}/get/parameters/0: 'required' is a required "
        "property",
    ),
    "path-parameter-required-false": (
        _parameter(
            "{name: id, in: path, required: false, schema: {type: integer}}", "/a/{id}"
        ),
        "spec.yaml:8: #/paths/~1a~1{id}/get/parameters/0/required: False is not one "
        "of [True]",
    ),
    "parameter-in-body": (
        _parameter("{name: x, in: body, schema: {type: object}}"),
        "spec.yaml:8: #/paths/~1a/get/parameters/0/in: 'body' is not one of "
        "['path', 'query', 'header', ...]",
    ),
    "parameter-without-schema-or-content": (
        _parameter("{name: x, in: query}"),
        "spec.yaml:8: #/paths/~1a/get/parameters/0: 'schema' or 'content' is a "
        "required property",
    ),
    "path-parameter-in-a-query-style": (
        _parameter(
            "{name: id, in: path, required: true, style: form, schema: {type: integer}}",
            "/a/{id}",
        ),
        "spec.yaml:8: #/paths/~1a~1{id}/get/parameters/0/style: 'form' is not one of "
        "['matrix', 'label', 'simple']",
    ),
    "security-scheme-without-its-name": (
        _SPEC_HEAD
        + "                {type: object}\n"
        + "components:\n  securitySchemes:\n    key: {type: apiKey, in: header}\n",
        "spec.yaml:16: #/components/securitySchemes/key: 'name' is a required property",
    ),
    # A form's fields are its object's properties: text, bytes or a list name none.
    "multipart-body-of-text": (
        _form_body("multipart/form-data", "{type: string}"),
        _FORM_REFUSED.format(
            pointer="multipart~1form-data", media="multipart/form-data"
        ),
    ),
    "multipart-body-of-bytes": (
        _form_body("multipart/form-data", "{type: string, format: binary}"),
        _FORM_REFUSED.format(
            pointer="multipart~1form-data", media="multipart/form-data"
        ),
    ),
    "url-encoded-body-of-text": (
        _form_body("application/x-www-form-urlencoded", "{type: string}"),
        _FORM_REFUSED.format(
            pointer="application~1x-www-form-urlencoded",
            media="application/x-www-form-urlencoded",
        ),
    ),
    "url-encoded-body-of-a-list": (
        _form_body(
            "application/x-www-form-urlencoded", "{type: array, items: {type: string}}"
        ),
        _FORM_REFUSED.format(
            pointer="application~1x-www-form-urlencoded",
            media="application/x-www-form-urlencoded",
        ),
    ),
    "unsupported-construct": (
        _SPEC_HEAD
        + "                {type: object, properties: {x: {not: {type: string}}}}\n",
        f"spec.yaml:13: {_SCHEMA_POINTER}/properties/x/not: 'not' is not supported",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_located_line_and_leaves_output_alone(
    case: str, tmp_path: Path
) -> None:
    text, expected = CASES[case]
    if text is not None:
        (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    previous = tmp_path / "out" / "pipedrive_client"
    _previous_output(previous, {"v1/models.py": "# the previous run's output\n"})
    before = tree_bytes(tmp_path / "out")

    result = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)

    assert result.returncode == 2
    assert result.stderr == expected + "\n"
    assert "Traceback" not in result.stderr + result.stdout
    assert tree_bytes(tmp_path / "out") == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pipedrive_client"]


JSON_CASES = {
    # YAML, which reads it for the lines, takes a trailing comma; JSON does not.
    "trailing-comma": (
        "}",
        "spec.json:3: #: malformed JSON: Expecting property name enclosed in double "
        "quotes",
    ),
    # Python's JSON reader takes NaN and Infinity; JSON has no such numbers (YAML read
    # them as strings).
    "nan": (
        ' "x-n": [1, "NaN", NaN]}',
        "spec.json:3: #: malformed JSON: NaN is not a JSON number",
    ),
    "infinity": (
        ' "x-n": {"-Infinity": -Infinity}}',
        "spec.json:3: #: malformed JSON: -Infinity is not a JSON number",
    ),
    # Refused by YAML, which reads the file for its lines: said as of JSON.
    "duplicate-key": (
        ' "paths": {}}',
        "spec.json:3: #/paths: malformed JSON: duplicate key 'paths' (first at line 2)",
    ),
    # A surrogate's escape that is no half of a pair is no character (no UTF-8 text
    # holds it): YAML, which read the file for the lines, refused it at '#' in its
    # own words; said at its node, of a value or of a key.
    "lone-surrogate": (
        ' "x-s": {"a": ["\\ud83d\\ude00", "caf\\u00e9 \\uD800"]}}',
        "spec.json:3: #/x-s/a/1: malformed JSON: \\ud800 is a lone UTF-16 "
        "surrogate (half of a pair), no character",
    ),
    "lone-surrogate-key": (
        ' "x-s": {"a": 1,\n "b\\udfff": 2}}',
        "spec.json:4: #/x-s: malformed JSON: a key holds \\udfff, a lone UTF-16 "
        "surrogate (half of a pair), no character",
    ),
    # With a fault that sends the text to YAML (a key twice, a number not finite),
    # YAML refused the lone half first, in its words at '#': the fault is named.
    "lone-surrogate-and-duplicate-key": (
        ' "x-b": {"x": 1, "x": 2},\n "x-c": "\\ud800"}',
        "spec.json:3: #/x-b/x: malformed JSON: duplicate key 'x' (first at line 3)",
    ),
    "lone-surrogate-and-infinite-number": (
        ' "x-a": 1e400,\n "x-c": "\\ud800"}',
        "spec.json:3: #/x-a: 1e400 is not a number JSON has (not finite)",
    ),
    # More digits than Python converts: its reader raised ValueError, a traceback.
    "huge-integer": (
        ' "x-f": 0.' + "1" * 5000 + ', "x-n": 1' + "0" * 5000 + "}",
        "spec.json:3: #: malformed JSON: integer of 5,001 digits: too large",
    ),
}


def test_a_json_spec_may_begin_with_a_byte_order_mark(tmp_path: Path) -> None:
    # RFC 8259 lets a JSON reader ignore it, and YAML's readers do; Python's refused it
    # ("Unexpected UTF-8 BOM (decode using utf-8-sig)").
    spec = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}'
    (tmp_path / "spec.json").write_text("\ufeff" + spec, encoding="utf-8")
    result = run_cli("generate", "--spec", "v1=spec.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("case", sorted(JSON_CASES))
def test_a_json_spec_is_held_to_json(case: str, tmp_path: Path) -> None:
    end, expected = JSON_CASES[case]
    (tmp_path / "spec.json").write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n'
        ' "paths": {},\n' + end + "\n"
    )
    result = run_cli("generate", "--spec", "v1=spec.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, expected + "\n")


def test_a_spec_that_is_no_utf_8_says_on_which_line(tmp_path: Path) -> None:
    text = _SPEC_HEAD.replace("operationId: getA", "operationId: getA  # caf\xe9")
    (tmp_path / "spec.yaml").write_bytes(text.encode("latin-1"))
    result = run_cli("generate", "--spec", "v1=spec.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr == "spec.yaml:6: #: not UTF-8 text: invalid continuation byte\n"
    )


@pytest.mark.parametrize("formatter", ["black", "ruff"])
def test_a_template_that_writes_broken_python_names_the_module(
    formatter: str, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    init = templates / "package" / "api_init.py.jinja"
    init.write_text(init.read_text() + "\ndef broken(:\n    pass\n")
    (tmp_path / "spec.yaml").write_text(_SPEC_HEAD + "                type: object\n")
    previous = tmp_path / "out" / "pipedrive_client"
    _previous_output(previous, {"py.typed": ""})
    before = tree_bytes(tmp_path / "out")

    result = run_cli(
        "generate",
        *("--spec", "v1=spec.yaml", "--out", "out", "--templates", str(templates)),
        *("--formatter", formatter),
        cwd=tmp_path,
    )

    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("v1/__init__.py")
    assert ": generated code does not parse: " in result.stderr
    assert tree_bytes(tmp_path / "out") == before


# What --templates may hold that cannot render, and where the error says it is.
BROKEN_TEMPLATES = {
    "missing": (None, "package/api_init.py.jinja: no such template in the templates "),
    "does-not-compile": (b"{% if %}\n", "templates/package/api_init.py.jinja:"),
    "undefined": (b"{{ no_such_var.attr }}\n", "templates/package/api_init.py.jinja:"),
    "raises": (b"{{ 1 / 0 }}\n", "templates/package/api_init.py.jinja:"),
    "not-utf-8": (b"\xff\n", "templates/package/api_init.py.jinja: template is no"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_TEMPLATES))
def test_a_template_that_cannot_render_is_named_where_it_fails(
    case: str, tmp_path: Path
) -> None:
    added, expected = BROKEN_TEMPLATES[case]
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    template = tmp_path / "templates" / "package" / "api_init.py.jinja"
    if added is None:
        template.unlink()
    else:
        template.write_bytes(template.read_bytes() + added)
    (tmp_path / "spec.yaml").write_text(_SPEC_HEAD + "                type: object\n")
    for command in ("generate", "check"):
        result = run_cli(
            *(command, "--spec", "v1=spec.yaml", "--out", "out"),
            *("--templates", "templates"),
            cwd=tmp_path,
        )
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stderr.startswith(expected), result.stderr
    assert not (tmp_path / "out").exists()


def test_a_spec_that_is_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").symlink_to("spec.yaml")
    for command in ("generate", "check"):
        result = run_cli(command, "--spec", "v1=spec.yaml", cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr == (
            "spec.yaml: cannot read the spec: Too many levels of symbolic links\n"
        )


MISUSE = {
    "out-is-a-file": (
        ["--out", "afile"],
        "",
        "afile: cannot write the package here: File exists",
    ),
    "out-under-a-file": (
        ["--out", "afile/sub"],
        "",
        "afile/sub: cannot write the package here: Not a directory",
    ),
    "no-templates": (
        ["--templates", "nowhere"],
        "",
        "pipedrive-codegen generate: error: --templates nowhere: no such folder",
    ),
    "spec-names-alike": (  # v1=spec.yaml as well, v_1 named alike
        ["--spec", "v_1=spec.yaml"],
        "",
        "pipedrive-codegen generate: error: spec names 'v1' and 'v_1' both name the "
        "class V1Operations of their operations: choose another",
    ),
    "empty-out": (
        ["--out", ""],
        "",
        "pipedrive-codegen generate: error: --out needs a folder",
    ),
    "config-specs-not-a-table": (
        [],
        'specs = "spec.yaml"',
        "pyproject.toml: [tool.pipedrive-codegen] specs "
        'must be a table of NAME = "PATH"',
    ),
    "config-spec-path-empty": (
        [],
        'specs = { v1 = "" }',
        "pyproject.toml: [tool.pipedrive-codegen] specs v1 must be a non-empty path",
    ),
    "config-spec-path-with-nul": (  # TOML's escape: a traceback from realpath before
        [],
        'specs = { v1 = "spec\\u0000.yaml" }',
        "pyproject.toml: [tool.pipedrive-codegen] specs v1 holds a NUL character",
    ),
    "config-out-with-nul": (
        [],
        'out = "g\\u0000en"',
        "pyproject.toml: [tool.pipedrive-codegen] out holds a NUL character",
    ),
    "config-out-not-a-string": (
        [],
        "out = 5",
        "pyproject.toml: [tool.pipedrive-codegen] out must be a non-empty string",
    ),
    "config-misspelt-key": (
        [],
        'pakage = "x"',
        "pyproject.toml: [tool.pipedrive-codegen] pakage is not a setting of "
        "pipedrive-codegen; did you mean 'package'?",
    ),
    "config-unknown-key": (
        [],
        'templates = "tpl"',
        "pyproject.toml: [tool.pipedrive-codegen] templates is not a setting of "
        "pipedrive-codegen",
    ),
    "empty-package": (
        ["--package", ""],
        "",
        "pipedrive-codegen generate: error: package name '' is not a Python identifier",
    ),
    "underscore-package": (
        ["--package", "_runtime"],
        "",
        "pipedrive-codegen generate: error: package name '_runtime' starts with an "
        "underscore, as the package's own modules do",
    ),
    "allow-refs-nowhere": (
        ["--allow-refs", "nowhere"],
        "",
        "pipedrive-codegen generate: error: --allow-refs nowhere: no such folder",
    ),
    "allow-refs-a-file": (
        ["--allow-refs", "afile"],
        "",
        "pipedrive-codegen generate: error: --allow-refs afile: no such folder",
    ),
    "spec-name-not-nfkc": (
        ["--spec", "\ufb01=spec.yaml"],
        "",
        "pipedrive-codegen generate: error: spec name '\ufb01' is not a Python identifier",
    ),
}


@pytest.mark.parametrize("case", sorted(MISUSE))
def test_misuse_gives_one_line_and_writes_nothing(case: str, tmp_path: Path) -> None:
    arguments, config, expected = MISUSE[case]
    (tmp_path / "spec.yaml").write_text(_SPEC_HEAD + "                {type: string}\n")
    (tmp_path / "afile").write_text("a file\n")
    if config:
        (tmp_path / "pyproject.toml").write_text(
            f"[tool.pipedrive-codegen]\n{config}\n"
        )
    else:
        arguments = ["--spec", "v1=spec.yaml", *arguments]
    before = tree_bytes(tmp_path)

    result = run_cli("generate", *arguments, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == expected
    assert "Traceback" not in result.stderr
    assert tree_bytes(tmp_path) == before


def test_an_error_in_a_referenced_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        _SPEC_HEAD + "                $ref: 'schemas/thing.yaml#/Thing'\n"
    )
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas/thing.yaml").write_text(
        "# things\nThing:\n  type: object\n  properties:\n    a: {type: strin}\n"
    )
    result = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "schemas/thing.yaml:5: #/Thing/properties/a/type: 'strin' is not one of "
        "['array', 'boolean', 'integer', ...]; did you mean 'string'?\n"
    )
