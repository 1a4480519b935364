"""`diff` on component schemas no operation uses: ``generate`` writes them as models
importable by name, so removing one, or changing one, is a change for callers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from pipedrive_codegen.diff.command import diff_command
from spec_pairs import Row, obj, ok, query, report, rows, spec, thing, write

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
OP = "addThing"
TAGS = {"type": "array", "items": STRING}
INTEGERS = {"type": "array", "items": INTEGER}
WEBHOOK = obj(("url",), url=STRING, event={**STRING, "enum": ["added", "deleted"]})


def _with(document: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    document["components"] = {"schemas": schemas}
    return document


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _tree(name: str) -> dict[str, Any]:
    """A recursive type alias ``name``: an array of itself or strings."""
    return {"type": "array", "items": {"oneOf": [_ref(name), STRING]}}


def _string(longest: int) -> dict[str, Any]:
    return {**STRING, "maxLength": longest}


def _email(name: str) -> dict[str, Any]:
    """The component ``name``, an email (``allOf``)."""
    return {"allOf": [_ref(name), {"format": "email"}]}


def _used(schema: dict[str, Any]) -> dict[str, Any]:
    """``addThing`` answering a Webhook."""
    return _with(
        thing(response={"$ref": "#/components/schemas/Webhook"}), Webhook=schema
    )


def _others() -> dict[str, Any]:
    """Only ``GET /others``."""
    other = {"operationId": "getOthers", "responses": {"200": ok(obj(id=INTEGER))}}
    return spec({"/others": {"get": other}})


CASES: dict[str, tuple[dict[str, Any], dict[str, Any], list[Row]]] = {
    "a model no operation uses removed: code importing it fails": (
        _with(thing(), Webhook=WEBHOOK),
        thing(),
        [("model-removed", "response", "(models) Webhook", True)],
    ),
    "a type alias no operation uses removed": (
        _with(thing(), Tags={"type": "array", "items": STRING}),
        thing(),
        [("model-removed", "response", "(models) Tags", True)],
    ),
    "a model no operation uses added": (
        thing(),
        _with(thing(), Webhook=WEBHOOK),
        [("model-added", "response", "(models) Webhook", False)],
    ),
    "a field removed from a model no operation uses": (
        _with(thing(), Webhook=WEBHOOK),
        _with(thing(), Webhook=obj(event=WEBHOOK["properties"]["event"])),
        [("field-removed", "response", "(models) Webhook .url", True)],
    ),
    "a field's type changed in a model no operation uses": (
        _with(thing(), Webhook=WEBHOOK),
        _with(thing(), Webhook=obj(("url",), url=INTEGER, event=STRING)),
        [
            ("type-changed", "response", "(models) Webhook .url", True),
            ("type-changed", "response", "(models) Webhook .event", False),
        ],
    ),
    "a model an operation uses: its changes are listed there only": (
        _used(WEBHOOK),
        _used(obj(event=WEBHOOK["properties"]["event"])),
        [("field-removed", "response", f"{OP} response 200 body .url", True)],
    ),
    "a model an operation answers made inline and removed: importing it fails": (
        _used(WEBHOOK),
        thing(response=WEBHOOK),
        [("model-renamed", "response", f"{OP} response 200 body", True)],
    ),
    "a model an operation answers made inline, still a component: importable": (
        _used(WEBHOOK),
        _with(thing(response=obj(id=INTEGER)), Webhook=WEBHOOK),
        [
            ("model-renamed", "response", f"{OP} response 200 body", False),
            ("field-removed", "response", f"{OP} response 200 body .url", True),
            ("field-removed", "response", f"{OP} response 200 body .event", True),
            ("field-added", "response", f"{OP} response 200 body .id", False),
        ],
    ),
    "a type alias a field uses: its changes are listed there only": (
        _with(thing(response=obj(tags=_ref("Tags"))), Tags=TAGS),
        _with(thing(response=obj(tags=_ref("Tags"))), Tags=INTEGERS),
        [("type-changed", "response", f"{OP} response 200 body .tags[]", True)],
    ),
    "a type alias a parameter and a request field use: listed there only": (
        _with(
            thing(
                request=obj(tags=_ref("Tags")),
                parameters=(query("tags", _ref("Tags")),),
            ),
            Tags=TAGS,
        ),
        _with(
            thing(
                request=obj(tags=_ref("Tags")),
                parameters=(query("tags", _ref("Tags")),),
            ),
            Tags=INTEGERS,
        ),
        [
            ("type-changed", "request", f"{OP} query parameter tags []", True),
            ("type-changed", "request", f"{OP} request body .tags[]", True),
        ],
    ),
    "a type alias a field no longer uses: its change is listed under (models)": (
        _with(thing(response=obj(tags=_ref("Tags"))), Tags=TAGS),
        _with(thing(response=obj(tags=TAGS)), Tags=INTEGERS),
        [("type-changed", "response", "(models) Tags []", True)],
    ),
    "a type alias only a model no operation uses holds: listed there only": (
        _with(thing(), Webhook=obj(tags=_ref("Tags")), Tags=TAGS),
        _with(thing(), Webhook=obj(tags=_ref("Tags")), Tags=INTEGERS),
        [("type-changed", "response", "(models) Webhook .tags[]", True)],
    ),
    "a type alias only a type alias no operation uses holds: listed there only": (
        _with(thing(), Tagged={"type": "array", "items": _ref("Tags")}, Tags=TAGS),
        _with(thing(), Tagged={"type": "array", "items": _ref("Tags")}, Tags=INTEGERS),
        [("type-changed", "response", "(models) Tagged [][]", True)],
    ),
    "a type alias a model no operation uses no longer holds: listed on its own": (
        _with(thing(), Webhook=obj(tags=_ref("Tags")), Tags=TAGS),
        _with(thing(), Webhook=obj(tags=TAGS), Tags=INTEGERS),
        [("type-changed", "response", "(models) Tags []", True)],
    ),
    "a model no operation uses added with the type alias it holds: listed once": (
        thing(),
        _with(thing(), Webhook=obj(tags=_ref("Tags")), Tags=TAGS),
        [("model-added", "response", "(models) Webhook", False)],
    ),
    "a type alias a model holds removed, written out instead: importing it fails": (
        _with(thing(), Webhook=obj(tags=_ref("Tags")), Tags=TAGS),
        _with(thing(), Webhook=obj(tags=TAGS)),
        [("model-removed", "response", "(models) Tags", True)],
    ),
    "a type alias a field uses removed, written out instead: importing it fails": (
        _with(thing(response=obj(tags=_ref("Tags"))), Tags=TAGS),
        thing(response=obj(tags=TAGS)),
        [("model-removed", "response", "(models) Tags", True)],
    ),
    "a recursive type alias renamed: importing it by its old name fails": (
        _with(thing(response=obj(t=_ref("Tree"))), Tree=_tree("Tree")),
        _with(thing(response=obj(t=_ref("Forest"))), Forest=_tree("Forest")),
        [("model-renamed", "response", f"{OP} response 200 body .t", True)],
    ),
    "a recursive type alias renamed, the old name still one: importable": (
        _with(thing(response=obj(t=_ref("Tree"))), Tree=_tree("Tree")),
        _with(
            thing(response=obj(t=_ref("Forest"))),
            Forest=_tree("Forest"),
            Tree=_tree("Tree"),
        ),
        [("model-renamed", "response", f"{OP} response 200 body .t", False)],
    ),
    "a type alias a field extends (allOf): its change is listed there only": (
        _with(thing(response=obj(name=_email("Str"))), Str=_string(10)),
        _with(thing(response=obj(name=_email("Str"))), Str=_string(5)),
        [("constraint-changed", "response", f"{OP} response 200 body .name", False)],
    ),
    "a type alias a model no operation uses extends: listed under the model only": (
        _with(thing(), Webhook=obj(name=_email("Str")), Str=_string(10)),
        _with(thing(), Webhook=obj(name=_email("Str")), Str=_string(5)),
        [("constraint-changed", "response", "(models) Webhook .name", False)],
    ),
    "a model only an operation removed used, still a component: no more": (
        _used(WEBHOOK),
        _with(_others(), Webhook=WEBHOOK),
        [
            ("operation-removed", "operation", OP, True),
            ("operation-added", "operation", "getOthers", False),
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_models_no_operation_uses_are_compared(case: str, tmp_path: Path) -> None:
    old, new, expected = CASES[case]
    assert rows(old, new, tmp_path) == expected


def test_a_model_removed_fails_the_check(tmp_path: Path) -> None:
    stdout = io.StringIO()
    status = diff_command(
        write(tmp_path, "old.yaml", _with(thing(), Webhook=WEBHOOK)),
        write(tmp_path, "new.yaml", thing()),
        fail_on_breaking=True,
        stdout=stdout,
    )
    assert (status, stdout.getvalue().splitlines()[1:]) == (
        1,
        [
            "",
            "(models)",
            "  BREAKING    Webhook: model removed; code that imports it from the "
            "models fails",
        ],
    )


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (WEBHOOK, TAGS, "model Webhook is now a type alias (array of string)"),
        (TAGS, WEBHOOK, "type alias Webhook (array of string) is now a model"),
    ],
)
def test_a_model_that_became_a_type_alias_says_so(
    before: dict[str, Any], after: dict[str, Any], message: str, tmp_path: Path
) -> None:
    changes = report(
        _with(thing(), Webhook=before), _with(thing(), Webhook=after), tmp_path
    )["changes"]
    assert [(c["kind"], c["breaking"], c["message"]) for c in changes] == [
        ("type-changed", True, message)
    ]
