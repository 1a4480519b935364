"""Stage 2, check: is the document OpenAPI 3.0/3.1 that openapi-spec-validator accepts?"""

from __future__ import annotations

import collections
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import checkers, located_validators, references, rules, wording
from .. import patterns
from .checkers import document_uris
from .files import parser_salt
from .rules import clean
from ..output.cache import NO_CACHE, Cache, cache_key
from ..errors import SpecError, join_pointer
from .document import Document, Spec
from .references import HTTP_METHODS, validator_spelling
from .located_validators import DEFAULT, located_defaults, located_schemas, plain
from .wording import located_error


def check_once(spec: Spec, cache: Cache = NO_CACHE) -> tuple[SpecError, ...]:
    """``check_spec``, unless the cache knows this spec (every document of it, byte for
    byte) valid to this validator and this code: then the warnings it gave."""
    from importlib.metadata import version

    verdict = cache_key(
        "openapi-spec-validator " + version("openapi-spec-validator"),
        parser_salt(),  # the lines of what it finds: the readers'
        Path(__file__).read_bytes(),
        Path(rules.__file__ or "").read_bytes(),
        Path(checkers.__file__ or "").read_bytes(),
        Path(references.__file__ or "").read_bytes(),  # how a $ref reads
        Path(wording.__file__ or "").read_bytes(),
        Path(located_validators.__file__ or "").read_bytes(),
        Path(patterns.__file__ or "").read_bytes(),
    )
    # The same files make another spec when another of them is the root.
    key = cache_key(verdict, "root=" + spec.root.key, spec.sha256)
    known = _read_verdict(cache.get("valid", key))
    if known is not None:
        return known
    # Parts of the root document are cached too, valid with these other documents.
    documents = sorted(spec.documents.items())
    others = (f"{name}={d.sha256}" for name, d in documents if name != spec.root.key)
    warnings = check_spec(spec, cache, cache_key(verdict, spec.root.key, *others))
    cache.put("valid", key, _verdict(warnings))
    return warnings


def check_spec(
    spec: Spec, cache: Cache = NO_CACHE, salt: str = ""
) -> tuple[SpecError, ...]:
    """Raise ``SpecError`` at the first place where ``spec`` is not valid OpenAPI 3.

    A ``default`` that breaks its own schema is not raised here: it is returned, one
    located warning each, in the order of the document's files and lines; the caller
    stops on the first (``refused_default``) unless told to ignore such defaults
    (nothing generated uses a schema's default).

    A large document is checked in parts (see ``_parts``), each part's verdict cached
    under ``salt`` (which must name the validator and every other document of the spec)
    and the part's content, so after an edit only the part edited is checked again.
    """
    with patterns.quiet_patterns():  # the validators compile the spec's patterns
        return _check(spec, cache, salt)


def _check(spec: Spec, cache: Cache, salt: str) -> tuple[SpecError, ...]:
    document = spec.root
    views = {
        key: validator_view(other, spec.references)
        for key, other in spec.documents.items()
    }
    data = views[document.key]
    if data is None:
        raise document.error("#", "empty document: expected an OpenAPI 3 object")
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise document.error(
            "#", f"top level is a {kind}: expected an OpenAPI 3 object"
        )
    if "swagger" in data:
        raise document.error(
            "#/swagger",
            f"Swagger {data['swagger']} is not supported: convert the spec to OpenAPI 3",
        )
    version = data.get("openapi")
    if version is None:
        raise document.error("#", "no 'openapi' field: not an OpenAPI 3 document")
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        raise document.error(
            "#/openapi",
            f"OpenAPI version {version!r} is not supported: use 3.0.x or 3.1.x",
        )
    if clean(spec, views, version):
        return ()
    validator = _Validator(spec, version, views)
    parts = _parts(data)
    keys = [cache_key(salt, repr(part)) if len(parts) > 1 else None for part in parts]
    known = [
        None if key is None else _read_verdict(cache.get("valid", key)) for key in keys
    ]
    pending = [index for index, warnings in enumerate(known) if warnings is None]
    # As openapi-spec-validator does for a whole document: the structure of every part
    # first, then what the structure cannot say; so the first error is the same.
    found = validator.check(document, [parts[index] for index in pending])
    if len(parts) > 1:
        _check_unique_operation_ids(document, data)
    for index, warnings in zip(pending, found):
        known[index] = tuple(warnings)
        key = keys[index]
        if key is not None:
            cache.put("valid", key, _verdict(warnings))
    # Every part holds the document's components: a default there is in each part.
    unique = {(w.file, w.pointer): w for part in known for w in part or ()}
    return tuple(sorted(unique.values(), key=_place))


def _place(warning: SpecError) -> tuple[str, int, str]:
    return (warning.file, warning.line or 0, warning.pointer or "")


def _verdict(warnings: Iterable[SpecError]) -> str:
    """A valid verdict as the cache keeps it: ``valid``, then each warning (JSON)."""
    lines = [json.dumps([w.file, w.pointer, w.line, w.message]) for w in warnings]
    return "".join(line + "\n" for line in ["valid", *lines])


def _read_verdict(text: str | None) -> tuple[SpecError, ...] | None:
    """The warnings of a verdict ``_verdict`` wrote; None for no (or no such) verdict."""
    if text is None or text.partition("\n")[0] != "valid":
        return None
    try:
        return tuple(SpecError(*json.loads(line)) for line in text.splitlines()[1:])
    except (ValueError, TypeError):
        return None


class _Validator:
    """openapi-spec-validator, reading external documents from what ``load`` read."""

    def __init__(self, spec: Spec, version: str, views: Mapping[str, Any]) -> None:
        from openapi_spec_validator import (  # heavy: imported only when checking
            OpenAPIV30SpecValidator,
            OpenAPIV31SpecValidator,
        )

        validator_class: Any = (
            OpenAPIV30SpecValidator
            if version.startswith("3.0.")
            else OpenAPIV31SpecValidator
        )
        self.spec = spec
        self.uris = document_uris(views)
        loaded = {self.uris[key]: view for key, view in views.items()}

        def retrieve(uri: str) -> Any:
            # The validator reads external documents from what ``load`` read, never the
            # disk.
            return loaded.get(uri.partition("#")[0], {})

        keywords = dict(validator_class.keyword_validators)
        keywords["schema"] = located_schemas(keywords["schema"])
        keywords["default"] = located_defaults(keywords["default"])
        # The structure is checked against the meta-schema openapi-spec-validator
        # uses: the verdict from jsonschema-rs, and for a document it refuses, the
        # errors from jsonschema, which say where and why (jsonschema-rs's do not
        # follow a ``oneOf`` down to the alternative that came closest).
        meta_schema = _meta_schema(version)
        structure = _python_validator(meta_schema)
        self.fast_structure = _rs_validator(meta_schema)
        self.validator_class = type(
            "InMemoryValidator",
            (validator_class,),
            {
                "resolver_handlers": {"file": retrieve},
                "keyword_validators": keywords,
                "schema_validator": structure,
            },
        )

    def check(self, document: Document, parts: list[Any]) -> list[list[SpecError]]:
        """Raise the first error in ``parts`` of ``document``: structure, then meaning;
        else each part's warnings (a ``default`` that breaks its schema, ignored)."""
        from referencing.exceptions import Unresolvable

        try:
            validators = [
                self.validator_class(part, base_uri=self.uris[document.key])
                for part in parts
            ]
            for validator in validators:
                if _valid(self.fast_structure, validator.schema):
                    continue
                for error in validator.schema_validator.iter_errors(validator.schema):
                    raise located_error(self.spec, document, error)
            found: list[list[SpecError]] = []
            for validator in validators:
                found.append([])
                for error in validator.root_validator(validator.schema_path):
                    located = located_error(self.spec, document, error)
                    if not getattr(error, DEFAULT, False):
                        raise located
                    found[-1].append(_ignored_default(located))
            return found
        except Unresolvable as error:  # a $ref it follows that load did not
            raise document.error(
                "#", f"openapi-spec-validator cannot resolve $ref {error.ref!r}"
            ) from None
        except (RecursionError, TypeError) as error:
            # openapi-spec-validator itself broke on this document (it does on some
            # legal ones): the input is to blame, so it is reported as such, not as a
            # traceback.
            raise document.error(
                "#", f"openapi-spec-validator failed on this document: {error!r}"
            ) from None


def _meta_schema(version: str) -> dict[str, Any]:
    """The JSON Schema of an OpenAPI ``version`` document, as openapi-spec-validator
    has it."""
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    meta_schema: dict[str, Any] = plain(
        schema_v30 if version.startswith("3.0.") else schema_v31
    )
    return meta_schema


def _python_validator(meta_schema: dict[str, Any]) -> Any:
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]

    return validator_for(meta_schema)(meta_schema)


def _rs_validator(meta_schema: dict[str, Any]) -> Any:
    """jsonschema-rs's validator of ``meta_schema``, or None if it cannot make one."""
    try:
        import jsonschema_rs

        return jsonschema_rs.validator_for(meta_schema)
    except Exception:  # the Python validator decides alone
        return None


def _valid(fast: Any, instance: Any) -> bool:
    """True when ``fast`` (jsonschema-rs) finds ``instance`` valid; False when it does
    not, or cannot read it (a value it does not know): jsonschema then decides."""
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(instance))
    except (ValueError, TypeError):
        return False


class _DataText(collections.UserString):
    """The text of a ``$ref`` that is data: not a ``str``, so the validator (which
    follows any ``$ref`` it reads, a ``default`` value's too) leaves it alone."""

    def __repr__(self) -> str:
        return repr(self.data)


def validator_view(document: Document, references: frozenset[tuple[str, str]]) -> Any:
    """``document``'s data as the validator is to read it: each ``$ref`` that is data
    (not in ``references``: in an ``example``, a ``default``, an ``x-`` extension) made
    one it cannot follow, and each reference spelt so that it follows it where the
    other stages do (``references.validator_spelling``: ``#%2Fa`` as ``#/a``).
    Unchanged parts are shared, not copied."""

    def view(node: Any, path: tuple[object, ...]) -> Any:
        if isinstance(node, list):
            items = [view(item, (*path, index)) for index, item in enumerate(node)]
            same = all(new is old for new, old in zip(items, node))
            return node if same else items
        if not isinstance(node, dict):
            return node
        changed: dict[Any, Any] | None = None
        for key, value in node.items():
            new = view(value, (*path, key))
            if new is not value:
                changed = changed if changed is not None else dict(node)
                changed[key] = new
        ref = node.get("$ref")
        if isinstance(ref, str):
            if (document.key, join_pointer("#", *path)) not in references:
                changed = changed if changed is not None else dict(node)
                changed["$ref"] = _DataText(ref)
            elif (spelt := validator_spelling(ref)) != ref:
                changed = changed if changed is not None else dict(node)
                changed["$ref"] = spelt
        return node if changed is None else changed

    return view(document.data, ())


def _parts(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The document in parts that are valid together when each is: runs of its path
    items, each with the rest of the document. A run ends after a path whose name hashes
    to a boundary (content-defined: an edit or an insertion moves no other run's ends).
    """
    paths = data.get("paths")
    if not isinstance(paths, dict) or len(paths) < 2 * _RUN:
        return [data]
    runs: list[dict[Any, Any]] = [{}]
    for name, item in paths.items():
        runs[-1][name] = item
        if hashlib.sha256(str(name).encode()).digest()[0] % _RUN == 0:
            runs.append({})
    return [{**data, "paths": run} for run in runs if run]


def _check_unique_operation_ids(document: Document, data: dict[str, Any]) -> None:
    """An operationId names one operation in the whole document (the parts cannot see
    each other's)."""
    seen: dict[str, str] = {}
    for path, item in data["paths"].items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if not isinstance(operation, dict) or method not in HTTP_METHODS:
                continue
            operation_id = operation.get("operationId")
            pointer = join_pointer("#", "paths", path, method, "operationId")
            if isinstance(operation_id, str) and operation_id in seen:
                raise document.error(
                    pointer,
                    f"operationId {operation_id!r} is not unique: "
                    f"{seen[operation_id]} has it too",
                )
            if isinstance(operation_id, str):
                seen[operation_id] = pointer


_RUN = 8  # path items in a part, on average


def _ignored_default(error: SpecError) -> SpecError:
    """The warning of a ``default`` that breaks its schema: nothing generated uses a
    schema's default (as datamodel-code-generator and openapi-python-client do not,
    when it is not valid), so it is dropped and the run goes on."""
    return SpecError.at(error, f"{error.message}; default ignored")


def refused_default(warning: SpecError) -> SpecError:
    """The error of a ``default`` that breaks its schema, where the run does not ignore
    such defaults (``--ignore-bad-defaults`` is not given): the same place and words,
    and how to go on."""
    message = warning.message.removesuffix("; default ignored")
    return SpecError.at(
        warning,
        f"{message}; fix the default, or pass --ignore-bad-defaults to drop it "
        "with a warning",
    )
