"""Model names: readable where the spec gives no name, and stable as the spec grows.

Checked on the IR (``test_full_spec.py`` shows the package's classes are the IR's models).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import UPSTREAM, build_api, openapi_document
from pipedrive_codegen.ir.model import Api

SPECS = {"v1": UPSTREAM / "openapi-v1.yaml", "v2": UPSTREAM / "openapi-v2.yaml"}


def get(operation_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    content = {"application/json": {"schema": schema}}
    return {
        "get": {
            "operationId": operation_id,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    }


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def tagged(value: str, **properties: Any) -> dict[str, Any]:
    return obj(item={"type": "string", "enum": [value]}, data=obj(**properties))


def names(api: Api) -> list[str]:
    return sorted(model.name for model in api.models)


# -- union members ---------------------------------------------------------------------


def test_union_members_are_named_by_the_value_that_tells_them_apart(
    tmp_path: Path,
) -> None:
    items = {
        "anyOf": [
            tagged("deal", title={"type": "string"}),
            tagged("activityType", key={"type": "string"}),
            tagged("mail thread", subject={"type": "string"}),
        ]
    }
    api = build_api(
        openapi_document(
            {"/recents": get("getRecents", obj(data={"type": "array", "items": items}))}
        ),
        tmp_path,
    )
    assert names(api) == [
        "GetRecentsResponse",
        "GetRecentsResponseDataItemActivityType",
        "GetRecentsResponseDataItemActivityTypeData",
        "GetRecentsResponseDataItemDeal",
        "GetRecentsResponseDataItemDealData",
        "GetRecentsResponseDataItemMailThread",
        "GetRecentsResponseDataItemMailThreadData",
    ]


def test_a_discriminator_tag_or_the_kind_names_the_members(tmp_path: Path) -> None:
    def pet(kind: str, **properties: Any) -> dict[str, Any]:
        return obj(kind={"type": "string", "const": kind}, **properties)

    schema = obj(
        pet={
            "oneOf": [
                pet("c", lives={"type": "integer"}),
                pet("d", good={"type": "boolean"}),
            ],
            "discriminator": {"propertyName": "kind"},
        },
        other={
            "oneOf": [obj(a={"type": "integer"}), obj(b={"type": "integer"})],
        },
        list_or_one={
            "oneOf": [
                obj(a={"type": "string"}),
                {"type": "array", "items": obj(a={"type": "number"})},
            ],
        },
    )
    document = openapi_document({"/pets": get("getPet", schema)})
    document["openapi"] = "3.1.0"
    assert names(build_api(document, tmp_path)) == [
        "GetPetResponse",
        "GetPetResponseListOrOne",
        "GetPetResponseListOrOneListItem",
        "GetPetResponseOtherWithA",
        "GetPetResponseOtherWithB",
        "GetPetResponsePetC",
        "GetPetResponsePetD",
    ]


def test_inline_objects_of_a_union_are_named_by_what_only_each_has(
    tmp_path: Path,
) -> None:
    # PagerDuty's shapes: a reference of one kind among plain ones (its one value),
    # extractions by regex or by template (a property only each has), and a bare
    # reference (its few properties); only objects nothing tells apart are numbered.
    text = {"type": "string"}
    schema = obj(
        last_run_by={
            "oneOf": [
                obj(id=text, type=text),
                obj(id=text, type={"type": "string", "enum": ["account_reference"]}),
            ]
        },
        extraction={
            "anyOf": [
                obj(target=text, source=text, regex=text),
                obj(target=text, template=text),
            ]
        },
        same={"oneOf": [obj(a=text), obj(a={"type": "integer"})]},
    )
    assert names(
        build_api(openapi_document({"/r": get("getRun", schema)}), tmp_path)
    ) == [
        "GetRunResponse",
        "GetRunResponseExtractionWithSource",
        "GetRunResponseExtractionWithTemplate",
        "GetRunResponseLastRunByAccountReference",
        "GetRunResponseLastRunByWithIdAndType",
        "GetRunResponseSameOption1",
        "GetRunResponseSameOption2",
    ]


def test_component_names_win_over_titles_and_mapping_keys(tmp_path: Path) -> None:
    schemas = {
        "A": {"title": "Shared", **obj(kind={"type": "string"}, a={"type": "integer"})},
        "B": {"title": "Shared", **obj(kind={"type": "string"}, b={"type": "integer"})},
    }
    union = {
        "oneOf": [
            {"$ref": "#/components/schemas/A"},
            {"$ref": "#/components/schemas/B"},
        ],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {
                "first-kind": "#/components/schemas/A",
                "second": "#/components/schemas/B",
            },
        },
    }
    assert names(
        build_api(
            openapi_document({"/x": get("getX", obj(value=union))}, schemas), tmp_path
        )
    ) == [
        "A",
        "B",
        "GetXResponse",
    ]


# -- title clashes ---------------------------------------------------------------------


def test_titles_that_differ_only_by_case_name_two_models(tmp_path: Path) -> None:
    paths = {
        "/a": get(
            "getA", {"title": "BaseResponse", **obj(success={"type": "boolean"})}
        ),
        "/b": get("getB", {"title": "baseResponse", **obj(error={"type": "string"})}),
    }
    assert names(build_api(openapi_document(paths), tmp_path)) == [
        "BaseResponse",
        "GetBResponse",
    ]


def test_a_shared_title_stays_with_the_operation_it_names(tmp_path: Path) -> None:
    def thread(**properties: Any) -> dict[str, Any]:
        return {"title": "GetMailThreadResponse", **obj(data=obj(**properties))}

    paths = {
        "/threads": get("getMailThreads", thread(count={"type": "integer"})),
        "/threads/{id}": get("getMailThread", thread(subject={"type": "string"})),
    }
    api = build_api(openapi_document(paths), tmp_path)
    assert names(api) == [
        "GetMailThreadResponse",
        "GetMailThreadResponseData",
        "GetMailThreadsResponse",
        "GetMailThreadsResponseData",
    ]
    fields = {m.name: [f.name for f in m.fields] for m in api.models}
    assert fields["GetMailThreadResponseData"] == ["subject"]
    assert fields["GetMailThreadsResponseData"] == ["count"]


def test_titles_that_name_nothing_give_way_to_the_place(tmp_path: Path) -> None:
    paths = {
        f"/{title}": get(f"get{title}", {"title": title, **obj(x={"type": "integer"})})
        for title in ("Data1", "Model", "Item2", "Field", "Schema", "Model7")
    }
    assert names(build_api(openapi_document(paths), tmp_path)) == [
        "GetData1Response",
        "GetFieldResponse",
        "GetItem2Response",
        "GetModel7Response",
        "GetModelResponse",
        "GetSchemaResponse",
    ]


# -- stability -------------------------------------------------------------------------

_WIDGET = {"title": "Widget", **obj(id={"type": "integer"}, name={"type": "string"})}
UNRELATED = {
    "get": {
        "operationId": "getWidgets",
        "parameters": [{"name": "kind", "in": "query", "schema": {"type": "string"}}],
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": obj(
                            success={"type": "boolean"},
                            data={"type": "array", "items": _WIDGET},
                            additional_data=obj(next_widget_cursor={"type": "string"}),
                            related=obj(
                                thing={
                                    "anyOf": [
                                        tagged("gadget", size={"type": "integer"}),
                                        tagged("gizmo", colour={"type": "string"}),
                                    ]
                                }
                            ),
                        )
                    }
                },
            }
        },
    },
    "post": {
        "operationId": "addWidget",
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": obj(
                        name={"type": "string"}, parts=obj(count={"type": "integer"})
                    )
                }
            }
        },
        "responses": {"201": {"description": "created"}},
    },
}


def _signature(api: Api) -> dict[str, Any]:
    """Every name the package exposes, and what each names, without spec locations."""
    result: dict[str, Any] = {}
    for model in api.models:
        fields = [(f.name, repr(f.type), f.required) for f in model.fields]
        result["model " + model.name] = (model.kind, fields, repr(model.extra))
    for operation in api.operations:
        result["method " + operation.python_name] = (
            operation.operation_id,
            [(p.python_name, repr(p.type)) for p in operation.parameters],
            repr(operation.request_body and operation.request_body.type),
            [(r.status, repr(r.body and r.body.type)) for r in operation.responses],
        )
    return result


@pytest.fixture(scope="module")
def documents() -> dict[str, Any]:
    return {
        name: yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        for name, path in SPECS.items()
    }


@pytest.mark.parametrize("where", ["first", "last"])
@pytest.mark.parametrize("api", sorted(SPECS))
def test_no_name_changes_when_an_unrelated_operation_is_added(
    api: str, where: str, documents: dict[str, Any], tmp_path: Path
) -> None:
    document = documents[api]
    before = _signature(build_api(document, tmp_path, "before"))
    grown = copy.deepcopy(document)
    paths = {"/widgets": UNRELATED, **grown["paths"]}
    if where == "last":
        paths = {**grown["paths"], "/widgets": UNRELATED}
    grown["paths"] = paths
    after = _signature(build_api(grown, tmp_path, "after"))
    changed = sorted(key for key in before if before[key] != after.get(key))
    assert changed == []
    added = sorted(set(after) - set(before))
    assert added == [
        "method add_widget",
        "method get_widgets",
        "model AddWidgetRequest",
        "model AddWidgetRequestParts",
        "model GetWidgetsResponse",
        "model GetWidgetsResponseAdditionalData",
        "model GetWidgetsResponseRelated",
        "model GetWidgetsResponseRelatedThingGadget",
        "model GetWidgetsResponseRelatedThingGadgetData",
        "model GetWidgetsResponseRelatedThingGizmo",
        "model GetWidgetsResponseRelatedThingGizmoData",
        "model Widget",
    ]


def test_a_new_union_member_renames_none_of_the_others(tmp_path: Path) -> None:
    members = [
        tagged("deal", title={"type": "string"}),
        tagged("person", name={"type": "string"}),
    ]
    before = names(
        build_api(
            openapi_document({"/r": get("getR", obj(item={"anyOf": members}))}),
            tmp_path,
            "a",
        )
    )
    members.insert(0, tagged("lead", label={"type": "string"}))
    after = names(
        build_api(
            openapi_document({"/r": get("getR", obj(item={"anyOf": members}))}),
            tmp_path,
            "b",
        )
    )
    assert set(before) <= set(after)
    assert sorted(set(after) - set(before)) == [
        "GetRResponseItemLead",
        "GetRResponseItemLeadData",
    ]
