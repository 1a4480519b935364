"""The checkers the check's two ways share: the fast walk (``rules``) and
openapi-spec-validator's own run (``check``, ``located_validators``).

* ``document_uris``: the URI each loaded document is seen under by the validators;
* ``patterns_compile`` and ``linear_patterns``: a schema's ``pattern``s as the check
  reads them (compiled by Python's ``re``, as the ``regex`` format says) and as a
  ``default`` is matched against them (in linear time);
* ``structure_checker`` and ``schema_meta_checker``: jsonschema-rs validators of the
  meta-schemas openapi-spec-validator checks a document and each of its schemas
  against, read from the installed packages' JSON files without importing them.

Nothing here imports openapi-spec-validator or openapi-schema-validator (their
meta-schemas are read as files); jsonschema and jsonschema-rs are imported only when a
checker that needs them is asked for.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..patterns import linear_test, python_error
from .references import file_uri_path


def document_uris(keys: Iterable[str]) -> dict[str, str]:
    """Each document's URI as the validators see it: under a fixed base (no machine's
    paths reach them), deep enough that the keys of files above the root's folder
    (``--allow-refs``) stay apart when ``../x.yaml`` is joined to one."""
    keys = list(keys)
    ups = max(key.split("/").count("..") for key in keys)
    base = "file:///spec/" + "_/" * ups
    return {key: urljoin(base, file_uri_path(key)) for key in keys}


def patterns_compile(node: Any) -> bool:
    """Whether every ``pattern`` in ``node`` is a regular expression to Python's ``re``,
    as the checker's ``regex`` format says (jsonschema-rs's own regex syntax is not
    Python's)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            pattern = item.get("pattern")
            if isinstance(pattern, str) and python_error(pattern) is not None:
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


@cache
def linear_patterns(validator_class: Any) -> Any:
    """``validator_class`` (an OpenAPI schema validator of jsonschema) with its
    ``pattern`` keyword matched in linear time (``patterns.linear_test``): a spec's
    ``default`` is checked against the spec's pattern, and Python's ``re`` may take
    years over ``^(a+)+$``. A pattern only a backtracking engine runs (lookaround,
    backreferences) is not run: the default is taken as it is (nothing generated uses
    it), not refused for what was not checked."""
    from jsonschema import ValidationError  # type: ignore[import-untyped]
    from jsonschema.validators import extend  # type: ignore[import-untyped]

    def pattern(validator: Any, written: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "string") or not isinstance(written, str):
            return
        test = linear_test(written)  # None: only a backtracking engine runs it
        if test is not None and not test(instance):
            yield ValidationError(f"{instance!r} does not match {written!r}")

    return extend(validator_class, {"pattern": pattern})


def _package_file(package: str, *parts: str) -> Any:
    """A JSON file of an installed package, read without importing the package
    (``ModuleNotFoundError`` when it is not installed)."""
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModuleNotFoundError(f"no package {package!r} installed", name=package)
    folder = Path(list(found.submodule_search_locations)[0])
    return json.loads(folder.joinpath(*parts).read_text(encoding="utf-8"))


@cache
def structure_checker(openapi_30: bool) -> Any:
    """jsonschema-rs's validator of the OpenAPI meta-schema openapi-spec-validator
    checks a document's structure against."""
    import jsonschema_rs

    version = "3.0" if openapi_30 else "3.1"
    schema = _package_file(
        "openapi_spec_validator", "resources", "schemas", f"v{version}", "schema.json"
    )
    return jsonschema_rs.validator_for(schema)


@cache
def schema_meta_checker(openapi_30: bool) -> Any:
    """jsonschema-rs's validator of the meta-schema a schema of this version is
    checked against: JSON Schema draft 4 for OpenAPI 3.0 (as ``OAS30Validator``), the
    OpenAPI 3.1 base dialect for 3.1, with formats."""
    import jsonschema_rs

    if openapi_30:
        draft4 = ("jsonschema_specifications", "schemas", "draft4", "metaschema.json")
        return jsonschema_rs.validator_for(
            _package_file(*draft4), validate_formats=True
        )
    folder = ("openapi_schema_validator", "schemas", "oas3.1")
    dialect = _package_file(*folder, "metaschema.json")
    vocabulary = _package_file(*folder, "vocabularies", "base")
    registry = jsonschema_rs.Registry(
        [(dialect["$id"], dialect), (vocabulary["$id"], vocabulary)]
    )
    return jsonschema_rs.validator_for(
        dialect, validate_formats=True, registry=registry
    )
