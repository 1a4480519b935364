"""Hypothesis strategies from OpenAPI 3.0 schemas: valid bodies, and bodies broken once.

Written from the spec's schemas directly (not from the generator's IR), so they share no
bug with the generator. ``valid(schema)`` draws values the schema accepts; ``mutant(schema)``
draws values with one thing broken somewhere inside: a wrong type, a null, a bad enum
value, a bad format, a missing required property, an extra property, a bound crossed.
Some mutants are still valid (an extra property where extras are allowed): the oracle
decides, the test only demands that both sides agree.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

Schema = Mapping[str, Any]

_KEY = st.text(string.ascii_letters + "_~/", min_size=1, max_size=8)
_ID_KEY = st.integers(1, 99_999).map(str)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(_KEY, children, max_size=3),
    max_leaves=5,
)

_WRONG_TYPES: dict[str, list[Any]] = {
    "string": [5, 0, 1.5, True, False, [], {}, ["x"], {"a": "b"}],
    "integer": ["5", "x", 1.0, 2.5, -0.5, True, False, [], {}, [1]],
    "number": ["1.5", "5", "x", True, False, [], {}, [1.5]],
    "boolean": [0, 1, 1.0, "true", "false", "", [], {}],
    "object": [[], [{}], "x", "{}", 1, 0.5, True],
    "array": [{}, {"0": 1}, "x", "[]", 1, True],
}
_BAD_FORMATS: dict[str, list[str]] = {
    "date": [
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-1-01",
        "24-01-01",
        "20240101",
        "2024-01-01T00:00:00Z",
        "2024/01/01",
        "not a date",
        "",
        "0000-01-01",
        "2024-W01-1",
        "\u0662\u0660\u0662\u0664-01-01",
        " 2024-01-01",
    ],
    "date-time": [
        "2024-01-01 10:00:00",
        "2024-01-01T10:00:00",
        "2024-02-30T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T10:60:00Z",
        "2024-01-01T10:00:60Z",
        "2024-01-01T10:00Z",
        "2024-01-01",
        "2024-01-01T10:00:00+0200",
        "2024-01-01T10:00:00+24:00",
        "2024-01-01T10:00:00.Z",
        "T10:00:00Z",
        "",
    ],
    "uuid": [
        "abc-def",
        "46c3b0e1db3559ca18284817378dff71",
        "{46c3b0e1-db35-59ca-1828-4817378dff71}",
        "urn:uuid:46c3b0e1-db35-59ca-1828-4817378dff71",
        "46c3b0e1-db35-59ca-1828-4817378dff7",
        "46c3b0e1-db35-59ca-1828-4817378dff711",
        "g6c3b0e1-db35-59ca-1828-4817378dff71",
        "46c3b0e1_db35_59ca_1828_4817378dff71",
        "46c3b0e1-db3559ca-1828-4817378dff71-",
        "",
    ],
    "email": ["plainaddress", "", "user.example.com", "user at example.com"],
}
_ZONES = [
    timezone.utc,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-8)),
]

# By the schema's id; each entry keeps its schema alive, so no id is ever reused.
_Cache = dict[int, tuple[Schema, st.SearchStrategy[Any]]]
_valid_cache: _Cache = {}
_mutant_cache: _Cache = {}
_local_cache: _Cache = {}


def valid(schema: Schema) -> st.SearchStrategy[Any]:
    """Values ``schema`` accepts."""
    return _cached(_valid_cache, schema, lambda: _valid(flatten(schema)))


def mutant(schema: Schema) -> st.SearchStrategy[Any]:
    """Values with one thing broken, at this level or somewhere below."""
    return _cached(_mutant_cache, schema, lambda: _mutant(flatten(schema)))


def _cached(
    cache: _Cache, schema: Schema, make: Callable[[], st.SearchStrategy[Any]]
) -> st.SearchStrategy[Any]:
    if id(schema) not in cache:
        cache[id(schema)] = (schema, st.deferred(make))
    return cache[id(schema)][1]


def flatten(schema: Schema) -> Schema:
    """``allOf`` folded into one schema: properties, required and extras combined."""
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {
        key: value for key, value in schema.items() if key != "allOf"
    }
    for part in map(flatten, schema["allOf"]):
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [*merged.get("required", []), *value]
            elif key == "additionalProperties" and "additionalProperties" in merged:
                if merged["additionalProperties"] is not True:
                    merged["additionalProperties"] = value
            else:
                merged.setdefault(key, value)
    return merged


def _null_allowed(schema: Schema) -> bool:
    """OpenAPI 3.0: ``nullable`` counts only beside a ``type``; an enum must list null."""
    if "enum" in schema and None not in schema["enum"]:
        return False
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema and not any(
            _null_allowed(flatten(option)) for option in schema[keyword]
        ):
            return False
    return "type" not in schema or schema.get("nullable") is True


# -- valid ---------------------------------------------------------------------------


def _valid(schema: Schema) -> st.SearchStrategy[Any]:
    strategy = _valid_not_null(schema)
    if _null_allowed(schema):
        strategy = strategy | st.none()
    return strategy


def _valid_not_null(schema: Schema) -> st.SearchStrategy[Any]:
    if "enum" in schema:
        values = [value for value in schema["enum"] if value is not None]
        if schema.get("type") == "number":  # 1.0 is 1
            return st.sampled_from(values).flatmap(
                lambda v: st.sampled_from([v, float(v)])
            )
        return st.sampled_from(values)
    if "oneOf" in schema:  # a value of one alternative that is no value of another
        options = schema["oneOf"]
        return st.one_of([valid(option) for option in options]).filter(
            lambda value: sum(_matches(option, value) for option in options) == 1
        )
    if "anyOf" in schema:
        return st.one_of([valid(option) for option in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "string":
        return _valid_string(schema)
    if kind == "integer":
        return _valid_integer(schema)
    if kind == "number":
        return _valid_integer(schema) | _valid_float(schema)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return _valid_array(schema)
    if kind == "object" or "properties" in schema:
        return _valid_object(schema)
    return JSON_VALUES


def _valid_string(schema: Schema) -> st.SearchStrategy[Any]:
    fmt = schema.get("format")
    if fmt == "date":
        return st.dates().map(lambda day: day.isoformat())
    if fmt == "date-time":
        return st.builds(
            _rfc3339, st.datetimes(timezones=st.sampled_from(_ZONES)), st.booleans()
        )
    if fmt == "uuid":
        return st.uuids().flatmap(lambda u: st.sampled_from([str(u), str(u).upper()]))
    if fmt == "email":
        return st.emails()
    low, high = schema.get("minLength", 0), schema.get("maxLength", 8)
    if "pattern" in schema:
        pattern = schema["pattern"]
        return st.from_regex(pattern).filter(lambda text: low <= len(text) <= high)
    return st.text(min_size=low, max_size=high)


def _rfc3339(moment: datetime, zulu: bool) -> str:
    text = moment.isoformat()
    return text.replace("+00:00", "Z") if zulu else text


def _bounds(schema: Schema) -> tuple[float | None, float | None, bool, bool]:
    return (
        schema.get("minimum"),
        schema.get("maximum"),
        schema.get("exclusiveMinimum") is True,
        schema.get("exclusiveMaximum") is True,
    )


def _valid_integer(schema: Schema) -> st.SearchStrategy[Any]:
    low, high, open_low, open_high = _bounds(schema)
    if schema.get("format") == "int32":
        low = max(low if low is not None else -(2**31), -(2**31))
        high = min(high if high is not None else 2**31 - 1, 2**31 - 1)
    low_int = None if low is None else int(low) + (1 if open_low else 0)
    high_int = None if high is None else int(high) - (1 if open_high else 0)
    multiple = schema.get("multipleOf")
    if isinstance(multiple, int):
        return (
            st.integers(-1000, 1000)
            .map(lambda n: n * multiple)
            .filter(
                lambda n: (low_int is None or n >= low_int)
                and (high_int is None or n <= high_int)
            )
        )
    return st.integers(low_int, high_int)


def _valid_float(schema: Schema) -> st.SearchStrategy[Any]:
    low, high, open_low, open_high = _bounds(schema)
    multiple = schema.get("multipleOf")
    if multiple is not None:
        return st.integers(1, 400).map(lambda n: n * multiple)
    return st.floats(
        low,
        high,
        exclude_min=open_low,
        exclude_max=open_high,
        allow_nan=False,
        allow_infinity=False,
    )


def _valid_array(schema: Schema) -> st.SearchStrategy[Any]:
    items = valid(schema.get("items") or {})
    low, high = schema.get("minItems", 0), schema.get("maxItems", 3)
    if schema.get("uniqueItems"):
        return st.lists(items, min_size=low, max_size=high, unique_by=_canonical)
    return st.lists(items, min_size=low, max_size=high)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _valid_object(schema: Schema) -> st.SearchStrategy[Any]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    fixed = {name: valid(sub) for name, sub in properties.items() if name in required}
    optional = {
        name: valid(sub) for name, sub in properties.items() if name not in required
    }
    declared = st.fixed_dictionaries(fixed, optional=optional)
    extra = schema.get("additionalProperties", True)
    if extra is False:
        return declared
    if isinstance(extra, Mapping):
        keys = (
            _ID_KEY
            if not properties
            else _KEY.filter(lambda key: key not in properties)
        )
        extras = st.dictionaries(keys, valid(extra), max_size=3)
    else:
        extras = st.dictionaries(
            _KEY.filter(lambda key: key not in properties), JSON_VALUES, max_size=2
        )
    return st.builds(lambda more, base: {**more, **base}, extras, declared)


# -- mutants ---------------------------------------------------------------------------


def broken(data: st.DataObject, schema: Schema, value: Any) -> Any:
    """``value`` (valid for ``schema``) with one thing broken: here, or below (more likely)."""
    schema = flatten(schema)
    children = _children(schema, value)
    if children and data.draw(st.integers(0, 3), label="descend") > 0:
        key, child_schema = data.draw(st.sampled_from(children), label="into")
        if isinstance(value, list):
            copy = list(value)
            copy[key] = broken(data, child_schema, value[key])
            return copy
        if key in value:
            return {**value, key: broken(data, child_schema, value[key])}
        return {**value, key: data.draw(mutant(child_schema), label="new bad property")}
    return data.draw(_broken_here(schema, value), label="broken here")


def _broken_here(schema: Schema, value: Any) -> st.SearchStrategy[Any]:
    """Breaks of ``value`` itself: its type, null, enum, format, bounds, shape."""
    options = [local(schema)]
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        present = [key for key in schema.get("required") or () if key in value]
        if present:
            options.append(
                st.sampled_from(present).map(
                    lambda gone: {
                        key: item for key, item in value.items() if key != gone
                    }
                )
            )
        extra = schema.get("additionalProperties", True)
        new_key = (
            _ID_KEY
            if not properties
            else _KEY.filter(lambda key: key not in properties)
        )
        new_value = mutant(extra) if isinstance(extra, Mapping) else JSON_VALUES
        options.append(
            st.tuples(new_key, new_value).map(lambda pair: {**value, pair[0]: pair[1]})
        )
    if isinstance(value, list):
        if value and schema.get("uniqueItems"):
            options.append(st.just([*value, value[0]]))
        if "minItems" in schema:
            options.append(st.just(value[: max(schema["minItems"] - 1, 0)]))
        if "maxItems" in schema and value:
            options.append(
                st.just(value + [value[0]] * (schema["maxItems"] + 1 - len(value)))
            )
    return st.one_of(options)


def local(schema: Schema) -> st.SearchStrategy[Any]:
    """Values that break ``schema`` at its own level: type, null, enum, format, bounds."""
    return _cached(
        _local_cache,
        schema,
        lambda: st.one_of(_local(flatten(schema)) or [st.nothing()]),
    )


def _local(schema: Schema) -> list[st.SearchStrategy[Any]]:
    options: list[st.SearchStrategy[Any]] = []
    kind = schema.get("type")
    if kind in _WRONG_TYPES:
        options.append(st.sampled_from(_WRONG_TYPES[kind]))
    if not _null_allowed(schema):
        options.append(st.none())
    if "enum" in schema:
        options.append(_bad_enum(schema))
    if schema.get("format") in _BAD_FORMATS and kind == "string":
        options.append(st.sampled_from(_BAD_FORMATS[schema["format"]]))
    options += _crossed_bounds(schema)
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            alternatives = schema[keyword]
            options.append(st.one_of([valid(option) for option in alternatives]))
            # Objects of two alternatives at once: valid for anyOf, not for oneOf.
            options.append(
                st.tuples(valid(alternatives[0]), valid(alternatives[-1])).map(_merged)
            )
    return options


def _merged(pair: tuple[Any, Any]) -> Any:
    first, second = pair
    return (
        {**first, **second}
        if isinstance(first, dict) and isinstance(second, dict)
        else first
    )


def _matches(schema: Schema, value: Any) -> bool:
    """Whether ``value`` is valid for ``schema``, by openapi-core's own schema engine."""
    from openapi_schema_validator import OAS30Validator

    return bool(OAS30Validator(schema).is_valid(value))


def _children(schema: Schema, value: Any) -> list[tuple[Any, Schema]]:
    """Where ``broken`` can descend: array items, declared or extra properties."""
    if isinstance(value, list):
        items = schema.get("items") or {}
        return [(index, items) for index in range(len(value))]
    if not isinstance(value, dict):
        return []
    properties = schema.get("properties") or {}
    children = [(name, properties[name]) for name in sorted(properties)]
    extra = schema.get("additionalProperties", True)
    if isinstance(extra, Mapping):
        children += [(key, extra) for key in value if key not in properties]
    return children


def _mutant(schema: Schema) -> st.SearchStrategy[Any]:
    options = _local(schema)
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            options.append(st.one_of([mutant(option) for option in schema[keyword]]))
    if schema.get("type") == "array":
        options += _array_mutants(schema)
    if schema.get("type") == "object" or "properties" in schema:
        options += _object_mutants(schema)
    if not options:  # no type at all: nothing can break it
        return JSON_VALUES
    return st.one_of(options)


def _bad_enum(schema: Schema) -> st.SearchStrategy[Any]:
    kind = schema.get("type")
    values = schema["enum"]
    if kind == "string":
        return st.text(max_size=8).filter(
            lambda text: text not in values
        ) | st.sampled_from(
            [value.upper() for value in values if value.upper() not in values] or ["?"]
        )
    if kind in ("integer", "number"):
        return st.integers(-5, 5).filter(lambda n: n not in values) | st.just(0.5)
    return st.sampled_from(["x", 2, 0.5, True])


def _crossed_bounds(schema: Schema) -> list[st.SearchStrategy[Any]]:
    kind = schema.get("type")
    options = []
    if kind in ("integer", "number"):
        low, high, _, _ = _bounds(schema)
        edges = [edge for edge in (low, high) if edge is not None]
        options += [st.sampled_from([edge - 1, edge, edge + 1]) for edge in edges]
        if schema.get("format") == "int32":
            options.append(st.sampled_from([2**31, -(2**31) - 1, 2**31 - 1, -(2**31)]))
        if "multipleOf" in schema:
            options.append(st.sampled_from([1, 2, 4, 0.1, 0.3, 7.5]))
    if kind == "string":
        low, high = schema.get("minLength"), schema.get("maxLength")
        if low is not None:
            options.append(st.text(max_size=max(low - 1, 0)))
        if high is not None:
            options.append(st.text(min_size=high + 1, max_size=high + 3))
        if "pattern" in schema:
            options.append(st.text(max_size=8))
    return options


def _array_mutants(schema: Schema) -> list[st.SearchStrategy[Any]]:
    items = schema.get("items") or {}
    low, high = schema.get("minItems", 0), schema.get("maxItems", 3)
    broken = st.builds(
        lambda before, bad, after: [*before, bad, *after],
        st.lists(valid(items), max_size=1),
        mutant(items),
        st.lists(valid(items), max_size=1),
    )
    options = [broken]
    if "minItems" in schema and low > 0:
        options.append(st.lists(valid(items), max_size=low - 1))
    if "maxItems" in schema:
        options.append(st.lists(valid(items), min_size=high + 1, max_size=high + 2))
    if schema.get("uniqueItems"):
        options.append(valid(items).map(lambda item: [item, item]))
    return options


def _object_mutants(schema: Schema) -> list[st.SearchStrategy[Any]]:
    properties = schema.get("properties") or {}
    required = list(schema.get("required") or ())
    extra = schema.get("additionalProperties", True)
    base = _valid_object(schema)
    options = [
        st.tuples(
            base, _KEY.filter(lambda key: key not in properties), JSON_VALUES
        ).map(lambda parts: {**parts[0], parts[1]: parts[2]})
    ]
    if properties:
        names = sorted(properties)
        options.append(
            st.tuples(base, st.sampled_from(names)).flatmap(
                lambda parts: mutant(properties[parts[1]]).map(
                    lambda bad: {**parts[0], parts[1]: bad}
                )
            )
        )
    if required:
        options.append(
            st.tuples(base, st.sampled_from(required)).map(
                lambda parts: {
                    key: value for key, value in parts[0].items() if key != parts[1]
                }
            )
        )
    if isinstance(extra, Mapping):
        keys = (
            _ID_KEY
            if not properties
            else _KEY.filter(lambda key: key not in properties)
        )
        options.append(
            st.tuples(base, keys, mutant(extra)).map(
                lambda parts: {**parts[0], parts[1]: parts[2]}
            )
        )
    return options
