"""Specs read as OpenAPI says: YAML 1.2, whose plain scalars PyYAML (YAML 1.1) reads
otherwise (``1e-08`` a string, ``on`` a boolean, ``10:00`` the number 600, dates as
``date`` objects)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import UPSTREAM, run_cli
from pipedrive_codegen.spec import json_text
from pipedrive_codegen.errors import SpecError
from pipedrive_codegen.spec.load import load_spec


def test_plain_scalars_follow_yaml_1_2(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "values: [1e-08, 1E+9, -2.5, .5, 7, 017, 0x1f, 0o17, 1e308,"
        " true, False, yes, on, off, 'no', 10:00, 2016-08-29,"
        " 2016-08-29T09:12:33.001Z, 1_000, null, ~]\n"
    )
    values = load_spec(path).root.data["values"]
    assert values[:4] == [1e-08, 1e9, -2.5, 0.5]
    assert values[4:8] == [7, 17, 31, 15] and all(type(v) is int for v in values[4:8])
    assert values[8] == 1e308  # .inf is no JSON number: tests/security refuses it
    assert values[9:11] == [True, False]
    assert values[11:] == [
        "yes",
        "on",
        "off",
        "no",
        "10:00",
        "2016-08-29",
        "2016-08-29T09:12:33.001Z",
        "1_000",
        None,
        None,
    ]


def test_lines_are_still_known(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("a:\n  b: 1e-08\n  c: [x, y]\n")
    document = load_spec(path).root
    assert document.data == {"a": {"b": 1e-08, "c": ["x", "y"]}}
    assert document.line_of("#/a/b") == 2 and document.line_of("#/a/c/1") == 3


def test_anchors_aliases_and_merge_keys_load_with_their_lines(tmp_path: Path) -> None:
    # Not plain YAML: read the thorough way (PyYAML's nodes and constructor).
    path = tmp_path / "spec.yaml"
    path.write_text(
        "base: &base {type: string, maxLength: 3}\n"
        "copy: *base\n"
        "merged:\n  <<: *base\n  maxLength: 5\n"
    )
    document = load_spec(path).root
    base = {"type": "string", "maxLength": 3}
    merged = {"type": "string", "maxLength": 5}
    assert document.data == {"base": base, "copy": base, "merged": merged}
    assert [document.line_of(f"#/{key}") for key in ("copy", "merged")] == [1, 4]
    assert document.line_of("#/copy/type") == 1
    assert document.line_of("#/merged/maxLength") == 5


def test_a_plain_spec_reads_as_the_thorough_way_reads_it(tmp_path: Path) -> None:
    # A spec without anchors, tags or merge keys is read in one pass over the YAML
    # parser's events; one anchor sends it the thorough way. Both give the same data
    # (as JSON writes it: 1, 1.0 and true differ) and the same line of every node,
    # its pointer naming keys as the data has them ("31" for 0x1F:).
    text = (UPSTREAM / "openapi-v2.yaml").read_text(encoding="utf-8") + (
        "x-edges:\n  a/b~c:\n    below the key\n  empty:\n  flow: {x: [1, '2', {}], y: []}"
        "\n  ? explicit\n  : 0x1F\n  numbers: [-0.0, 1e3, 0o17, +5, .5, TRUE, null, '']"
        "\n  list:\n  - - deep\n    -\n  - k: v\n    200: 'ok'\n  text: |\n    two\n    lines\n"
        "  keys:\n    0x1F: hex\n    ~: null\n    True: yes\n    1.50: float\n"
    )
    (tmp_path / "plain.yaml").write_text(text, encoding="utf-8")
    anchored = text + "x-anchored: &anchor 1\n"
    (tmp_path / "anchored.yaml").write_text(anchored, encoding="utf-8")
    plain = load_spec(tmp_path / "plain.yaml").root
    thorough = load_spec(tmp_path / "anchored.yaml").root
    assert thorough.data.pop("x-anchored") == 1
    assert json.dumps(plain.data) == json.dumps(thorough.data)
    assert len(plain.lines) > 20_000
    assert plain.lines == {
        pointer: line
        for pointer, line in thorough.lines.items()
        if pointer != "#/x-anchored"
    }


def test_mapping_keys_are_strings_as_json_has_them(tmp_path: Path) -> None:
    # Real specs often leave status codes unquoted; JSON keys are strings.
    path = tmp_path / "spec.yaml"
    path.write_text(
        "responses:\n  200: {description: ok}\n  404: {description: no}\n"
        "properties: {true: {type: string}, null: {type: string}, 1.5: {}}\n"
    )
    document = load_spec(path).root
    assert list(document.data["responses"]) == ["200", "404"]
    assert list(document.data["properties"]) == ["true", "null", "1.5"]
    assert document.line_of("#/responses/404") == 3


def generated_models(tmp_path: Path, version: str, status: str, schema: str) -> str:
    """The models module generated from a spec of one ``GET /a`` answering ``status``
    with ``schema`` (a YAML flow mapping)."""
    (tmp_path / "spec.yaml").write_text(
        f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n"
        f"    get:\n      operationId: getA\n      responses:\n        {status}:\n"
        "          description: ok\n          content:\n            application/json:\n"
        f"              schema: {schema}\n"
    )
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, "")
    return (tmp_path / "out/pipedrive_client/v1/models.py").read_text(encoding="utf-8")


def test_unquoted_status_codes_generate_a_client(tmp_path: Path) -> None:
    schema = "{type: object, properties: {id: {type: integer}}}"
    models = generated_models(tmp_path, "3.0.3", "200", schema)
    assert "class GetAResponse(" in models


def test_openapi_3_1_true_schemas_mean_any_value(tmp_path: Path) -> None:
    schema = (
        "{type: object, properties: {anything: true,"
        " both: {allOf: [true, {type: object, properties: {x: {}}}]}}}"
    )
    models = generated_models(tmp_path, "3.1.0", "'200'", schema)
    assert "anything: Any | None = None" in models
    assert "both: GetAResponseBoth | None = None" in models


def test_a_json_spec_with_escaped_characters_beyond_the_bmp_loads(
    tmp_path: Path,
) -> None:
    # json.dumps escapes an emoji as two UTF-16 halves, which YAML alone refuses.
    data = {
        "emoji": "smile \U0001f600",
        "escaped backslash": "\\ud83d\\ude00 stays as written",
        "lone half": "\\ud83d",
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data))
    assert "\\ud83d\\ude00" in path.read_text()
    assert load_spec(path).root.data == data


def test_a_json_spec_with_control_characters_in_its_strings_loads(
    tmp_path: Path,
) -> None:
    # JSON takes DEL, the C1 controls, U+FFFE and U+FFFF as they are inside a string
    # (SendGrid's examples hold some); YAML's reader refuses them anywhere, and folds
    # NEL, U+2028 and U+2029 as line breaks.
    data = {
        "city": "\u0114\u0238\u0105\x9f\u00c2\u00b8",
        "odd": "\x7f\x80\x84\x85\x86\x9f\ufffe\uffff",
        "breaks": "a\x85b\u2028c\u2029d",
        "written": "\\u009f",
        "after": {"line": 1},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    assert "\x9f" in text and "\\\\u009f" in text
    path = tmp_path / "spec.json"
    path.write_text(text, encoding="utf-8")
    document = load_spec(path).root
    assert document.data == data
    assert document.line_of("#/after/line") == text.split("\n").index('  "line": 1') + 1


@pytest.mark.parametrize(
    "key",
    [
        ("k" * 100 + '\\"') * 11,  # 1,122 characters as written, 1,111 read
        ("k" * 100 + "\\\\") * 11,
        '"spaced"' + " " * 1100,  # the spaces before the colon count
    ],
    ids=["escaped-quotes", "escaped-backslashes", "spaces-before-the-colon"],
)
def test_json_keys_longer_than_yaml_takes_load_however_they_are_written(
    key: str, tmp_path: Path
) -> None:
    # YAML reads an implicit key of at most 1,024 characters as written, quotes, spaces
    # and colon included: a longer one is written as an explicit key first. The search
    # that finds such keys must see through escapes (the runs between them are short)
    # and count the spaces.
    if not key.startswith('"'):
        key = f'"{key}"'
    text = (
        '{"openapi": "3.0.3", "short": 1,\n' f" {key}: 1,\n" ' "after": {"line": 3}}\n'
    )
    path = tmp_path / "spec.json"
    path.write_text(text, encoding="utf-8")
    document = load_spec(path).root
    assert document.data == json.loads(text)
    assert len(document.data) == 4
    assert document.line_of("#/after/line") == 3


def test_a_json_spec_has_the_lines_yaml_would_give_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A JSON file is read once, by Python's reader, and its lines counted from the
    # text, without YAML (a JSON spec of 5 MB took 0.6 s of YAML for its lines); the
    # same text read as YAML (a JSON text is YAML) gives the same data and lines: a
    # key's line, or where its object or array value opens; an item's own; line
    # breaks as YAML counts them (CR LF, a lone CR).
    data = load_spec(UPSTREAM / "openapi-v2.yaml").root.data
    data["x-edges"] = {
        "a/b~c": [[], {}, [[1, {"k": None}]], {"": {"": -0.0}}],
        "numbers": [1, 1.5, -0, 1e300, 12345678901234567890, True, False, None],
        "escapes": ['"\\/\b\f\n\r\t', "\u00e9\U0001f600"],
    }
    text = json.dumps(data, indent=1, ensure_ascii=False)
    text = text.replace('"x-edges": {', '"x-edges":\r\n\r\n {', 1)
    text = text.replace('"numbers": [', '"numbers":\r[', 1).replace(" 1,\n", " 1,\r", 1)
    (tmp_path / "spec.json").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8", newline="")
    as_yaml = load_spec(tmp_path / "spec.yaml").root
    monkeypatch.setattr(json_text, "read_yaml", _read_as_yaml)
    as_json = load_spec(tmp_path / "spec.json").root
    assert json.dumps(as_json.data) == json.dumps(as_yaml.data)
    assert len(as_json.lines) > 20_000
    assert as_json.lines == as_yaml.lines


def test_a_json_key_and_its_colon_may_stand_on_two_lines(tmp_path: Path) -> None:
    # Valid JSON that YAML refuses (an implicit key ends on its line): it loads, each
    # node on the line its key (or its object or array) is written.
    path = tmp_path / "spec.json"
    path.write_text('{"a":\n\n 1, "b"\n :\n {"c"\n:\n[\n]}}', encoding="utf-8")
    document = load_spec(path).root
    assert document.data == {"a": 1, "b": {"c": []}}
    assert document.lines == {"#": 1, "#/a": 1, "#/b": 5, "#/b/c": 7}


def _read_as_yaml(text: str, name: str) -> None:
    raise AssertionError(f"{name} read as YAML")


def test_an_escaped_pair_leaves_a_json_spec_to_json_and_a_lone_half_is_refused(
    tmp_path: Path,
) -> None:
    # json.dumps writes an emoji as an escaped pair: such a spec is read as JSON still
    # (a key whose colon stands on the next line is JSON that YAML refuses); a lone
    # half is refused, with its line and pointer (YAML's reading had '#').
    path = tmp_path / "spec.json"
    path.write_text('{"emoji": "\\ud83d\\ude00",\n "key"\n : 1}\n')
    document = load_spec(path).root
    assert document.data == {"emoji": "\U0001f600", "key": 1}
    assert document.line_of("#/key") == 2
    path.write_text('{"emoji": "\\ud83d\\ude00",\n "half": "\\ud800"}\n')
    with pytest.raises(
        SpecError, match=r"spec\.json:2: #/half: malformed JSON: \\ud800 is a lone"
    ):
        load_spec(path)


def test_a_lone_half_in_a_json_spec_read_the_yaml_way_is_refused_at_its_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past json_text's MAX_NODES tokens the text is read the YAML way (which takes
    # more nodes); a lone half's escape was refused there in YAML's words at '#'.
    monkeypatch.setattr(json_text, "MAX_NODES", 4)
    path = tmp_path / "spec.json"
    path.write_text('{"a": 1, "b": 2,\n "c": {"d\\uDBFF": 3}, "e": "\\ud800"}\n')
    with pytest.raises(
        SpecError,
        match=r"spec\.json:2: #/c: malformed JSON: a key holds \\udbff, a lone",
    ):
        load_spec(path)
