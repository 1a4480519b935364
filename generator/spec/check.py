"""Stage 2, check: is the document OpenAPI 3.0/3.1 that openapi-spec-validator accepts?"""

from __future__ import annotations

import difflib
import collections
import hashlib
import json
import re
import reprlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import document, json_text, load, references, rules, yaml_text
from .. import patterns
from .rules import clean, document_uris, linear_patterns, patterns_compile
from ..output.cache import NO_CACHE, Cache, cache_key
from ..errors import SpecError, join_pointer
from .document import Document, Spec
from .references import HTTP_METHODS as HTTP_METHODS  # (build walks the same)
from .references import validator_spelling

_SHORT = reprlib.Repr()
_SHORT.maxstring = 40
_SHORT.maxother = 40
_SHORT.maxdict = 3
_SHORT.maxlist = 3


def check_once(spec: Spec, cache: Cache = NO_CACHE) -> tuple[SpecError, ...]:
    """``check_spec``, unless the cache knows this spec (every document of it, byte for
    byte) valid to this validator and this code: then the warnings it gave."""
    from importlib.metadata import version

    verdict = cache_key(
        "openapi-spec-validator " + version("openapi-spec-validator"),
        Path(document.__file__ or "").read_bytes(),
        Path(load.__file__ or "").read_bytes(),
        Path(json_text.__file__ or "").read_bytes(),
        Path(yaml_text.__file__ or "").read_bytes(),
        Path(__file__).read_bytes(),
        Path(rules.__file__ or "").read_bytes(),
        Path(references.__file__ or "").read_bytes(),  # how a $ref reads
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
        keywords["schema"] = _located_schemas(keywords["schema"])
        keywords["default"] = _located_defaults(keywords["default"])
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
                    raise _located(self.spec, document, error)
            found: list[list[SpecError]] = []
            for validator in validators:
                found.append([])
                for error in validator.root_validator(validator.schema_path):
                    located = _located(self.spec, document, error)
                    if not getattr(error, _DEFAULT, False):
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

    meta_schema: dict[str, Any] = _plain(
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


def _located_schemas(base: Any) -> Any:
    """The validator's schema keyword, which names the schema of each error it finds and
    does not loop on a cycle of ``allOf``/``oneOf`` (``X: oneOf [A]``, ``A: allOf [X]``).

    It keeps every rule but one JSON Schema does not have: a ``required`` name beside
    an ``allOf`` that no property defines is legal (the key must be present, any value).
    """
    from openapi_spec_validator.validation.exceptions import ExtraParametersError

    class LocatedSchemaValidator(base):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Which schemas it has seen: a list it searches would make the check of a
            # spec quadratic in its schemas.
            self.visited_schema_ids = _IdList()
            self.meta_checked_schema_ids = _IdList()

        def __call__(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
            for error in super().__call__(schema, *args, **kwargs):
                if not isinstance(error, ExtraParametersError):
                    yield _within(error, schema.parts)

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            # The verdict from jsonschema-rs, against the meta-schema the validator's
            # own checker uses; only a schema it refuses (or cannot read) goes to that
            # checker, which words the error as it always has.
            try:
                checker = self._get_schema_checker(schema, schema_value)
            except ValueError:
                checker = None
            fast = _fast_meta(checker)
            if fast is not None:
                try:
                    if fast.is_valid(schema_value) and patterns_compile(schema_value):
                        return None
                except (ValueError, TypeError):  # a value it cannot read
                    pass
            return super()._validate_schema_meta(schema, schema_value)

        def _collect_properties(
            self, schema: Any, seen: frozenset[int] = frozenset()
        ) -> set[str]:
            value = schema.read_value()
            if not isinstance(value, dict) or id(value) in seen:
                return set()
            seen = seen | {id(value)}
            names = set(value.get("properties") or ())
            for keyword in ("allOf", "anyOf", "oneOf"):
                for index in range(len(value.get(keyword) or ())):
                    names |= self._collect_properties(schema / keyword / index, seen)
            for keyword in ("items", "not"):
                if keyword in value:
                    names |= self._collect_properties(schema / keyword, seen)
            return names

    return LocatedSchemaValidator


class _IdList(list[int]):
    """The ids of the schemas seen so far, as the validator keeps them (a list it
    appends to), searched as a set."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[int] = set()

    def append(self, item: int) -> None:
        self.seen.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self.seen


_FAST: dict[int, Any] = {}  # id of a checker's validator class -> jsonschema-rs


def _fast_meta(checker: Any) -> Any:
    """A jsonschema-rs validator of the meta-schema ``checker`` (``check_schema`` of a
    jsonschema validator class, or a ``partial`` of it) checks against, or None."""
    if checker is None:
        return None
    function = getattr(checker, "func", checker)
    owner = getattr(function, "__self__", None)
    meta_schema = getattr(owner, "META_SCHEMA", None)
    if meta_schema is None:
        return None
    if id(owner) not in _FAST:
        try:
            import jsonschema_rs

            _FAST[id(owner)] = jsonschema_rs.validator_for(
                _plain(meta_schema),
                validate_formats=True,
                registry=_openapi_registry(jsonschema_rs),
            )
        except Exception:  # a meta-schema it cannot compile: the checker decides
            _FAST[id(owner)] = None
    return _FAST[id(owner)]


def _openapi_registry(jsonschema_rs: Any) -> Any:
    """The OpenAPI dialects and vocabularies (OAS 3.1's meta-schema refers to them by
    URL) from openapi-schema-validator's own copies, so jsonschema-rs never fetches
    them; without them it cannot compile 3.1's meta-schema, and every schema of a 3.1
    spec went to the slow checker (a minute for Discord's 11,000 schemas)."""
    from openapi_schema_validator._specifications import REGISTRY

    return jsonschema_rs.Registry(
        [
            (uri, _plain(REGISTRY.contents(uri)))
            for uri in REGISTRY
            if "openapis.org" in uri
        ]
    )


def _plain(node: Any) -> Any:
    """``node`` as plain dicts and lists (meta-schemas may be read-only mappings)."""
    if isinstance(node, Mapping):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [_plain(item) for item in node]
    return node


def _located_defaults(base: Any) -> Any:
    """The validator's check of a ``default`` against its schema, naming the default
    and marking its errors as a default's (``_DEFAULT``): they warn, not stop."""

    class LocatedDefaultValidator(base):  # type: ignore[misc]
        value_validator_cls = linear_patterns(base.value_validator_cls)

        def __call__(self, schema: Any, value: Any) -> Any:
            for error in super().__call__(schema, value):
                setattr(error, _DEFAULT, True)
                yield _within(error, (*schema.parts, "default"))

    return LocatedDefaultValidator


def _ignored_default(error: SpecError) -> SpecError:
    """The warning of a ``default`` that breaks its schema: nothing generated uses a
    schema's default (as datamodel-code-generator and openapi-python-client do not,
    when it is not valid), so it is dropped and the run goes on."""
    return SpecError(
        error.file, error.pointer, error.line, f"{error.message}; default ignored"
    )


def refused_default(warning: SpecError) -> SpecError:
    """The error of a ``default`` that breaks its schema, where the run does not ignore
    such defaults (``--ignore-bad-defaults`` is not given): the same place and words,
    and how to go on."""
    message = warning.message.removesuffix("; default ignored")
    return SpecError(
        warning.file,
        warning.pointer,
        warning.line,
        f"{message}; fix the default, or pass --ignore-bad-defaults to drop it "
        "with a warning",
    )


_LOCATED = "pipedrive_codegen_located"
_DEFAULT = "pipedrive_codegen_default"


def _within(error: Any, parts: tuple[Any, ...]) -> Any:
    """``error``, whose path is relative to ``parts``, located in the document (once)."""
    if not getattr(error, _LOCATED, False):
        setattr(error, _LOCATED, True)
        error.relative_path.extendleft(reversed(parts))
    return error


def _located(spec: Spec, document: Document, error: Any) -> SpecError:
    """The validator's ``error`` as one located line, where it is written."""
    leaf = _deepest(error)
    path = list(
        getattr(leaf, "absolute_path", None) or getattr(error, "absolute_path", [])
    )
    unknown = _unknown_keys(leaf)
    if unknown:  # point at the first key itself, so the line is the key's line
        keys = ", ".join(repr(key) for key in unknown)
        plural = "s" if len(unknown) > 1 else ""
        written, pointer = _written_at(spec, document, [*path, unknown[0]])
        schema = getattr(leaf, "schema", None)
        known = schema.get("properties", ()) if isinstance(schema, dict) else ()
        hint = _did_you_mean(unknown[0], known)
        return written.error(pointer, f"unknown key{plural} {keys}{hint}")
    written, pointer = _written_at(spec, document, path)
    return written.error(pointer, _describe(leaf))


def _written_at(
    spec: Spec, document: Document, path: list[Any]
) -> tuple[Document, str]:
    """Where the node at ``path`` of ``document`` is written: the validator's path runs
    through ``$ref``s, into other documents too."""
    node: Any = document.data
    pointer = "#"
    for token in path:
        while isinstance(node, dict) and "$ref" in node and token not in node:
            file, pointer = references.target_of(str(node["$ref"]))
            other = spec.document_of(document, file)
            if other is None:
                break
            document = other
            node = references.lookup(document.data, pointer)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            node = None
        pointer = join_pointer(pointer, token)
    return document, pointer


_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)$")
_NO_MATCH = re.compile(r"^(.*) (?:does|do) not match any of the regexes")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _unknown_keys(error: Any) -> list[str]:
    """The keys an ``additionalProperties``/``unevaluatedProperties`` error refuses."""
    if getattr(error, "validator", None) not in (
        "additionalProperties",
        "unevaluatedProperties",
    ) or not isinstance(getattr(error, "instance", None), dict):
        return []
    message = str(getattr(error, "message", ""))
    match = _UNEXPECTED.search(message) or _NO_MATCH.search(message)
    names = _QUOTED.findall(match.group(1)) if match else []
    return [name for name in names if name in error.instance]


def _deepest(error: Any) -> Any:
    """Follow ``oneOf``/``anyOf`` failures down to the alternative that came closest."""
    while getattr(error, "context", None):
        error = _closest(error)
    return error


def _closest(error: Any) -> Any:
    """Of a failed ``oneOf``/``anyOf``, the error of the alternative the document most
    likely meant. An alternative is not meant when a property that tells them apart
    has another value than the one it fixes (``in: path`` is not the ``query``
    parameter), nor when it describes none of the object's keys (a parameter without
    ``$ref`` is not a Reference). When every alternative is ruled out by the same
    property's value, the error names all the values it may take; when each remaining
    one only misses a key, it names them all."""
    by_alternative: dict[Any, list[Any]] = collections.defaultdict(list)
    for item in _context(error.context):
        by_alternative[item.relative_schema_path[0]].append(item)
    refused = {
        index: [item for item in errors if _fixed_value(error, item)]
        for index, errors in by_alternative.items()
    }
    # A property fixed to another value in several alternatives tells them apart
    # (``in``); one only a single alternative fixes (a path parameter's ``required``)
    # is that alternative's own rule, broken.
    fixed = collections.Counter(
        path
        for items in refused.values()
        for path in {tuple(item.absolute_path) for item in items}
    )
    telling = {path for path, count in fixed.items() if count > 1}
    meant = [
        errors
        for index, errors in by_alternative.items()
        if not any(tuple(item.absolute_path) in telling for item in refused[index])
        and not _describes_none(error.instance, errors)
    ]
    if not meant:
        return _values_taken(list(refused.values())) or max(
            _context(error.context), key=_relevance
        )
    return _keys_missed(error, meant) or max(
        (item for errors in meant for item in errors), key=_relevance
    )


def _describes_none(instance: Any, errors: list[Any]) -> bool:
    """Whether an alternative whose ``errors`` these are describes none of the keys of
    the object ``instance``, though it describes some keys."""
    for item in errors:
        schema = item.schema
        if (
            len(item.relative_schema_path) == 2  # at the alternative itself
            and isinstance(instance, dict)
            and isinstance(schema, dict)
            and (schema.get("properties") or schema.get("patternProperties"))
            and not any(_describes(schema, key) for key in instance)
        ):
            return True
    return False


def _fixed_value(parent: Any, item: Any) -> bool:
    """Whether ``item`` refuses the value of one of ``parent``'s instance's properties
    as not the one value an alternative fixes (``in: {enum: [path]}``, a ``const``)."""
    fixes = item.validator == "const" or (
        item.validator == "enum"
        and isinstance(item.validator_value, list)
        and len(item.validator_value) == 1
    )
    return fixes and len(item.absolute_path) == len(parent.absolute_path) + 1


def _describes(schema: dict[str, Any], key: str) -> bool:
    if key in (schema.get("properties") or {}):
        return True
    return any(
        re.search(pattern, key) for pattern in schema.get("patternProperties") or {}
    )


class _Combined:
    """An error made of the like errors of several alternatives, as ``_describe``
    reads one."""

    def __init__(
        self, validator: str, instance: Any, value: Any, path: Any, message: str = ""
    ) -> None:
        self.validator = validator
        self.instance = instance
        self.validator_value = value
        self.absolute_path = path
        self.message = message
        self.context: list[Any] = []


def _values_taken(refused: list[list[Any]]) -> Any:
    """One ``enum`` error with every value the alternatives allow, when each is ruled
    out (``refused``: each one's errors of a fixed value) by the same property's value
    (``in: body``: path, query, header or cookie)."""
    if not all(refused):
        return None
    refusals = [items[0] for items in refused]
    if len({tuple(item.absolute_path) for item in refusals}) != 1:
        return None
    values: list[Any] = []
    for item in refusals:
        allowed = item.validator_value
        for value in allowed if item.validator == "enum" else [allowed]:
            if value not in values:
                values.append(value)
    first = refusals[0]
    return _Combined("enum", first.instance, values, first.absolute_path)


def _keys_missed(parent: Any, alternatives: list[list[Any]]) -> Any:
    """One error naming the keys of several alternatives that each only miss one
    (a parameter needs ``schema`` or ``content``)."""
    if len(alternatives) < 2 or any(
        len(errors) != 1 or errors[0].validator != "required" for errors in alternatives
    ):
        return None
    instance = parent.instance
    if not isinstance(instance, dict):
        return None
    keys = [
        [key for key in errors[0].validator_value if key not in instance][:1]
        for errors in alternatives
    ]
    if not all(keys):
        return None
    names = " or ".join(repr(key) for key in dict.fromkeys(key for [key] in keys))
    message = f"{names} is a required property"
    return _Combined("required", parent.instance, None, parent.absolute_path, message)


def _context(errors: Iterable[Any]) -> list[Any]:
    return sorted(errors, key=lambda item: [str(part) for part in item.absolute_path])


def _relevance(error: Any) -> tuple[int, int]:
    return (len(error.absolute_path), 0 if error.validator in ("oneOf", "anyOf") else 1)


def _describe(error: Any) -> str:
    validator = getattr(error, "validator", None)
    instance = getattr(error, "instance", None)
    if validator == "enum":
        hint = _did_you_mean(instance, error.validator_value)
        return f"{_SHORT.repr(instance)} is not one of {_SHORT.repr(error.validator_value)}{hint}"
    if validator == "type":
        return f"{_SHORT.repr(instance)} is not of type {error.validator_value!r}"
    if validator in ("oneOf", "anyOf"):
        return f"{_SHORT.repr(instance)} is not valid here"
    message = str(getattr(error, "message", error))
    return message if len(message) <= 160 else message[:157] + "..."


def _did_you_mean(word: Any, known: Iterable[Any]) -> str:
    """``; did you mean 'string'?`` for a misspelt keyword or value, else nothing."""
    if not isinstance(word, str):
        return ""
    candidates = [name for name in known if isinstance(name, str)]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""
