"""The keyword validators openapi-spec-validator is given: each locates its errors in
the document (``within``), a ``default``'s errors are marked as a warning's
(``DEFAULT``), and a schema's meta-schema verdict comes from jsonschema-rs first."""

from __future__ import annotations

from typing import Any
from collections.abc import Mapping

from .checkers import linear_patterns, patterns_compile


def located_schemas(base: Any) -> Any:
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
                plain(meta_schema),
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
            (uri, plain(REGISTRY.contents(uri)))
            for uri in REGISTRY
            if "openapis.org" in uri
        ]
    )


def plain(node: Any) -> Any:
    """``node`` as plain dicts and lists (meta-schemas may be read-only mappings)."""
    if isinstance(node, Mapping):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(item) for item in node]
    return node


def located_defaults(base: Any) -> Any:
    """The validator's check of a ``default`` against its schema, naming the default
    and marking its errors as a default's (``DEFAULT``): they warn, not stop."""

    class LocatedDefaultValidator(base):  # type: ignore[misc]
        value_validator_cls = linear_patterns(base.value_validator_cls)

        def __call__(self, schema: Any, value: Any) -> Any:
            for error in super().__call__(schema, value):
                setattr(error, DEFAULT, True)
                yield _within(error, (*schema.parts, "default"))

    return LocatedDefaultValidator


_LOCATED = "pipedrive_codegen_located"
DEFAULT = "pipedrive_codegen_default"


def _within(error: Any, parts: tuple[Any, ...]) -> Any:
    """``error``, whose path is relative to ``parts``, located in the document (once)."""
    if not getattr(error, _LOCATED, False):
        setattr(error, _LOCATED, True)
        error.relative_path.extendleft(reversed(parts))
    return error
