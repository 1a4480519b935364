"""Models stage: the IR's models as pydantic v2 source, written by datamodel-code-generator.

We hand datamodel-code-generator one OpenAPI document whose ``components/schemas`` are the
already named and normalized models, with every option pinned here, and render each class
through our own template in ``templates/models/``.
"""

from __future__ import annotations

import builtins
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..output.cache import NO_CACHE, Cache, cache_key, installed_version
from . import model_graph
from .client_types import tagged_call
from .literals import beyond_literal, doc_text, literal, literal_type
from ..ir.naming import RESERVED_MODEL_NAMES, free_name, python_identifier
from ..ir.model import (
    Alias,
    AliasRef,
    Api,
    ArrayOf,
    Choice,
    Field,
    MapOf,
    Model,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
    leaves,
)

# Formats that become Python types; every other format stays ``str`` in the models
# (the validators still check the formats the spec names).
TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "time", "binary"})
_BASES = {"request": "RequestModel", "response": "ResponseModel"}
# Public attributes our base classes add to pydantic's BaseModel (``RequestModel``);
# a spec property of that name becomes ``<name>_`` with the spec's name as its alias.
BASE_ATTRIBUTES = ("extra_fields", "with_extra_fields")
# Attributes are the spec's names in snake_case (``resultCode`` -> ``result_code``,
# the spec's name its alias): a camelCase spelling of a base attribute takes ``_`` too.
_BASE_ALIASES = {
    spelling: name + "_"
    for name in BASE_ATTRIBUTES
    for spelling in (name, re.sub(r"_(\w)", lambda m: m.group(1).upper(), name))
}


@dataclass(frozen=True)
class ModelsSource:
    imports: tuple[str, ...]  # import lines, ``from __future__`` first
    body: str  # the classes


@dataclass(frozen=True)
class ModelsPart:
    """A module of models: the whole ``models.py``, or one part of a large spec's."""

    module: str  # ``get_activity_response``; empty when it is ``models.py`` itself
    names: tuple[str, ...]  # the models it defines, in order
    source: ModelsSource
    refers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (part, models) it imports
    # (runtime module, names) it imports: base classes, ``tagged``, ``WireDate``...
    runtime: tuple[tuple[str, tuple[str, ...]], ...] = ()
    home: str = ""  # the model the module is named after


def render_models(
    api: Api,
    template_dir: Path,
    cache: Cache = NO_CACHE,
    executor: Executor | None = None,
    submitted: Callable[[], None] = lambda: None,
) -> tuple[ModelsPart, ...]:
    """The models of ``api`` as source (unformatted): one module, or for a large spec
    one part per model that is used from several places or none, with the models only
    it uses (see ``model_graph.homes``).

    The models are generated in batches, each cached on its own, so after an edit only
    the edited model's batch is generated again. A batch names the models of other
    batches it refers to by stubs (a class's text depends on the names it refers to, not
    on what they hold); models that refer to one another in a cycle share a batch.
    The batches the cache does not hold are generated on ``executor``'s workers, if any
    (``submitted`` is called once the first is there, or when none is to be).
    Recursive type aliases (``alias_definition``) are written here, not by
    datamodel-code-generator: a batch sees each as a stub, and each is placed first in
    its cycle, as its type is a string read on first use.
    """
    if not api.models and not api.aliases:
        return (ModelsPart("", (), ModelsSource((), "")),)
    template = (
        template_dir / "models" / "pydantic_v2" / "BaseModel.jinja2"
    ).read_bytes()
    salt = cache_key(
        "datamodel-code-generator " + installed_version("datamodel-code-generator"),
        # which names a field may not take: pydantic's BaseModel's (_renamed_fields)
        "pydantic " + installed_version("pydantic"),
        Path(__file__).read_bytes(),
        template,
    )
    named_types: tuple[Model | Alias, ...] = (*api.aliases, *api.models)
    refers = {model.name: set(model_graph.refers_to(model)) for model in named_types}
    groups = model_graph.cycles(refers)
    acyclic = not any(groups[name] != name or name in refers[name] for name in refers)
    # Where no batch can change what is written, the models by shape; what
    # datamodel-code-generator reads of each model is then made once, for its shape
    # and for its batch.
    known = (
        {model.name: _read_of(model, acyclic) for model in api.models}
        if acyclic and _no_field_named_as_an_import(api)
        else None
    )
    shapes = (
        {name: json.dumps(read) for name, read in known.items()}
        if known is not None
        else None
    )
    classes, statements, imports = _generate_batches(
        api,
        _batches(api, refers, groups, shapes),
        refers,
        salt,
        template_dir,
        cache,
        executor,
        acyclic,
        shapes,
        submitted,
        known,
    )
    # A statement such as ``Model.model_rebuild()`` goes after its model's class; one
    # that names no model keeps the models in one module, where it sees them all.
    named = all(_named(line) in refers for line in statements)
    if set(classes) == set(refers):
        order = model_graph.dependency_order(named_types, refers, groups, classes)
        many = len(order) > _SINGLE and named
        homes = model_graph.homes(order, refers, groups) if many else {"": order}
    else:  # datamodel-code-generator renamed a model: one batch, in its own order
        classes, statements, imports = _generate_batches(
            api,
            [list(api.models)],
            refers,
            salt,
            template_dir,
            cache,
            executor,
            acyclic,
        )
        homes = {"": list(classes)}
    modules: dict[str, str] = {}  # home -> module
    for home in sorted(homes):
        taken = _UNUSABLE | set(modules.values())
        modules[home] = python_identifier(home, taken) if home else ""
    part_of = {name: modules[home] for home, names in homes.items() for name in names}
    parts = []
    for home in sorted(homes, key=modules.__getitem__):
        module, names = modules[home], homes[home]
        body = "\n\n\n".join(classes[name] for name in names)
        # A statement naming no model only occurs with one module, named "".
        mine = [line for line in statements if part_of.get(_named(line), "") == module]
        if mine:  # ``Model.model_rebuild()`` and the like, after every class
            body += "\n\n\n" + "\n".join(mine)
        body += "\n"
        if body.startswith("class "):
            # Two blank lines from the imports to a class, one to an alias (the
            # template writes one): as black and ruff both leave them.
            body = "\n" + body
        others: dict[str, set[str]] = defaultdict(set)
        for ref in {ref for name in names for ref in refers.get(name, ())}:
            if part_of.get(ref, module) != module:
                others[part_of[ref]].add(ref)
        words = _words(body)
        used = (_drop_unused(line, words) for line in imports)
        parts.append(
            ModelsPart(
                module,
                tuple(names),
                ModelsSource(tuple(line for line in used if line), body),
                tuple(
                    (other, tuple(sorted(others[other]))) for other in sorted(others)
                ),
                _runtime_imports(body, words),
                home,
            )
        )
    return tuple(parts)


def prepare_models(template_dir: Path) -> None:
    """Import datamodel-code-generator and have it write one small model, so that a
    process forked afterwards has its modules and compiled templates (a fresh process
    spends about 0.45 s of CPU on them before its first model)."""
    _generate(_document("", {"Model": _STUB}), {}, template_dir)


def _document(title: str, schemas: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document datamodel-code-generator reads: ``schemas`` and no more."""
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "0"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _named(statement: str) -> str:
    """The model a top-level statement names: ``Pet`` of ``Pet.model_rebuild()``."""
    return statement.split(".")[0]


# Lowercase names datamodel-code-generator imports for a format: a field of that name
# anywhere in a batch has it import the type under another name (``date_aliased``).
_FORMAT_IMPORTS = {"date": "date", "date-time": "datetime", "time": "time"}


def _no_field_named_as_an_import(api: Api) -> bool:
    """Whether no field of ``api`` is named as a type datamodel-code-generator may
    import for it. With no cycle either, it writes each model the same in any batch:
    what it writes depends on the other models of a batch only where a model is on a
    cycle or depends on one (``Model.model_rebuild()``), and where a field is named
    as a type it imports (``date_aliased``)."""
    imported = {
        _FORMAT_IMPORTS[leaf.format]
        for model in api.models
        for field in model.fields
        for leaf in leaves(field.type)
        if isinstance(leaf, Primitive) and leaf.format in _FORMAT_IMPORTS
    }
    return not any(
        re.sub(r"[^0-9a-z]", "", field.name.lower()) in imported
        for model in api.models
        for field in model.fields
    )


def _read_of(model: Model, acyclic: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """All datamodel-code-generator reads of ``model`` but its name: its schema and
    its template's data (as JSON, its shape: the order of the fields is the order of
    their properties)."""
    return model_schema(model, acyclic), _template_data(model)


def _batches(
    api: Api,
    refers: dict[str, set[str]],
    groups: dict[str, str],
    shapes: dict[str, str] | None,
) -> list[list[Model]]:
    """The batches of ``api``'s models. Where the batches cannot change what is
    written (``shapes`` are known), a model goes with the models that use it and with
    the models of its shape (each of a shape is written from the first's class), so
    that a batch names few models of another (each such name costs
    datamodel-code-generator a stub); else each group goes by its own name, as the
    models have always gone."""
    if shapes is None:
        return model_graph.batches(api.models, groups)
    first: dict[str, str] = {}
    for name in sorted(shapes):
        first.setdefault(shapes[name], name)
    same = {name: first[shape] for name, shape in shapes.items()}
    merged: dict[str, set[str]] = defaultdict(set)
    for name, names in refers.items():
        merged[same.get(name, name)].update(same.get(ref, ref) for ref in names)
    merged_groups = model_graph.cycles(merged)
    keeper = model_graph.keepers(merged, merged_groups)
    keys = {name: keeper[merged_groups[same[name]]] for name in shapes}
    return model_graph.batches(api.models, keys)


def _generate_batches(
    api: Api,
    batches: list[list[Model]],
    refers: dict[str, set[str]],
    salt: str,
    template_dir: Path,
    cache: Cache,
    executor: Executor | None = None,
    acyclic: bool = False,
    shapes: dict[str, str] | None = None,
    submitted: Callable[[], None] = lambda: None,
    known: dict[str, tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> tuple[dict[str, str], list[str], tuple[str, ...]]:
    """Each batch through datamodel-code-generator (or the cache): the classes of its
    own models by name, the statements that follow them, the imports they need. When
    the batches change nothing (``shapes`` are known), a model of the shape of one
    before it in its batch is not generated: its class is that one's, renamed.
    ``submitted`` is called once the first batch is on the workers (or none is to be).
    ``known``: what ``_read_of`` gave for each model, if it was asked already.
    """
    # (stubs, copies, members, placeholders, cache key, source or None): per batch
    jobs: dict[int, tuple[list[str], dict[str, str], dict[str, str], Any, str, Any]] = (
        {}
    )
    generating: dict[int, Future[str]] = {}
    # The largest first (by their fields), each on the workers as soon as it is made
    # ready: what is left for the end is small, so the workers finish together, and
    # the first starts before the rest are made ready.
    for index in sorted(range(len(batches)), key=lambda i: -_weight(batches[i])):
        batch = batches[index]
        copies: dict[str, str] = {}  # model -> the model of its shape generated
        if shapes is not None:
            made: dict[str, str] = {}
            for model in batch:
                first = made.setdefault(shapes[model.name], model.name)
                if first != model.name:
                    copies[model.name] = first
            batch = [model for model in batch if model.name not in copies]
        own = {model.name for model in batch}
        stubs = sorted({name for model in batch for name in refers[model.name]} - own)
        read = {
            model.name: known[model.name] if known else _read_of(model, acyclic)
            for model in batch
        }
        schemas = {name: schema for name, (schema, _) in read.items()}
        schemas.update({name: _STUB for name in stubs})
        document = _document(api.title, schemas)
        extra = {name: data for name, (_, data) in read.items()}
        members: dict[str, str] = {}
        if any(_large(field.type) for model in batch for field in model.fields):
            document, members = _large_enums_named(document)
        document, placeholders = _annotations_named(document)
        key = cache_key(salt, json.dumps([document, extra], sort_keys=True))
        source: Any = cache.get("models", key)
        if source is None and executor is not None:
            generating[index] = executor.submit(
                _generate, document, extra, template_dir
            )
            if len(generating) == 1:
                submitted()
        elif source is None:
            source = _generate(document, extra, template_dir)
            cache.put("models", key, source)
        jobs[index] = (stubs, copies, members, placeholders, key, source)
    if not generating:
        submitted()
    # An alias comes first in its cycle: its type is a string, read on first use.
    classes = {alias.name: alias_definition(alias) for alias in api.aliases}
    statements: list[str] = []
    imports = [alias_imports(api.aliases)]
    for index in range(len(batches)):
        stubs, copies, members, placeholders, key, source = jobs[index]
        if index in generating:  # a worker's
            source = generating[index].result()
            cache.put("models", key, source)
        split = _split(_large_enums_filled(source, members))
        imports.append(split.imports + ((_ANNOTATION_IMPORT,) if placeholders else ()))
        definitions, others = _definitions(split.body)
        hidden = {*stubs, *placeholders}
        # A class's own name and those of the classes after it in its batch (its
        # cycle's) are not defined yet where its fields are read: a union naming them
        # is quoted.
        later = {_class_name(definition) for definition in definitions}
        for definition in definitions:
            if _class_name(definition) not in hidden:
                classes[_class_name(definition)] = _annotations_filled(
                    definition, placeholders, frozenset(later)
                )
            later.discard(_class_name(definition))
        statements += [line for line in others if line.split(".")[0] not in hidden]
        for copy, first in copies.items():  # ``class First(`` -> ``class Copy(``
            classes[copy] = f"class {copy}{classes[first][len(first) + 6:]}"
    return classes, statements, _merge_imports(imports)


def _weight(batch: list[Model]) -> int:
    """About how long datamodel-code-generator takes over ``batch``: its fields."""
    return sum(len(model.fields) + 1 for model in batch)


# An enum of more values than this reaches datamodel-code-generator as one placeholder
# value, replaced by its values in the code it writes (it takes time quadratic in the
# length of a type's text: 20 s for 100,000 values).
_LARGE_ENUM = 128


def _large(type_: TypeRef) -> bool:
    """Whether ``type_`` holds an enum of more than ``_LARGE_ENUM`` values."""
    return any(
        isinstance(leaf, Choice) and len(leaf.values) > _LARGE_ENUM
        for leaf in leaves(type_)
    )


def _large_enums_named(document: Any) -> tuple[Any, dict[str, str]]:
    """``document`` with each large enum of strings and integers made one placeholder
    value, and each placeholder's literal (as written) -> its values' literals."""
    members: dict[str, str] = {}

    def named(node: dict[str, Any]) -> dict[str, Any] | None:
        values = node.get("enum")
        if (
            isinstance(values, list)
            and len(values) > _LARGE_ENUM
            and all(isinstance(value, (str, int)) for value in values)
        ):
            placeholder = f"pipedrive_codegen_enum_{len(members)}"
            members[f'"{placeholder}"'] = ", ".join(literal(v) for v in values)
            return {**node, "enum": [placeholder]}
        return None

    return _rewritten(document, named), members


def _rewritten(
    node: Any, replacement: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> Any:
    """A copy of ``node`` (JSON data) with each object that ``replacement`` gives a
    replacement for (else None) replaced."""
    if isinstance(node, list):
        return [_rewritten(item, replacement) for item in node]
    if not isinstance(node, dict):
        return node
    replaced = replacement(node)
    if replaced is not None:
        return replaced
    return {key: _rewritten(value, replacement) for key, value in node.items()}


def _large_enums_filled(source: str, members: dict[str, str]) -> str:
    """The code with each placeholder value replaced by the values it stands for."""
    if not members:
        return source
    pattern = re.compile("|".join(re.escape(name) for name in members))
    return pattern.sub(lambda match: members[match.group()], source)


# A spec with more models than this has its models in modules of a few each.
_SINGLE = 64
# File names Windows refuses, whatever the extension: a module takes ``con_``.
_UNUSABLE = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)
# What a batch sees of a model of another batch: a class of that name, and no more.
_STUB = {"type": "object"}


def _merge_imports(blocks: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """One import block from several: ``from m import a`` and ``from m import b`` are
    ``from m import a, b``."""
    names: dict[str, set[str]] = defaultdict(set)
    plain: set[str] = set()
    for line in (line for block in blocks for line in block):
        module, _, imported = line.partition(" import ")
        if line.startswith("from "):
            names[module].update(imported.split(", "))
        else:
            plain.add(line)
    lines = [f"{module} import {', '.join(sorted(names[module]))}" for module in names]
    future = [line for line in lines if line.startswith("from __future__")]
    return (*future, *sorted({*lines, *plain} - set(future)))


def _definitions(body: str) -> tuple[list[str], list[str]]:
    """The top-level classes of ``body``, and its other top-level statements (such as
    ``Model.model_rebuild()``), which belong after every class."""
    classes: list[list[str]] = []
    statements: list[str] = []
    for line in body.strip("\n").splitlines():
        if line.startswith("class "):
            classes.append([line])
        elif line and not line[0].isspace() and not line.startswith((")", "]", "}")):
            statements.append(line)
        elif classes:
            classes[-1].append(line)
    return ["\n".join(lines).strip("\n") for lines in classes], statements


def _class_name(definition: str) -> str:
    match = re.match(r"class (\w+)", definition)
    return match.group(1) if match else ""


def _generate(
    document: dict[str, Any], extra: dict[str, Any], template_dir: Path
) -> str:
    """The models of ``document``: as datamodel-code-generator names their fields,
    but where a name would shadow what the module imports, or Python reads it as
    another (``_renamed_fields``): then written again with those fields named so."""
    from pydantic import BaseModel

    source = _datamodel_code(document, extra, template_dir, _BASE_ALIASES)
    renamed = _renamed_fields(source, document, frozenset(dir(BaseModel)))
    if renamed:
        aliases = {**_BASE_ALIASES, **renamed}
        source = _datamodel_code(document, extra, template_dir, aliases)
    return source


def _datamodel_code(
    document: dict[str, Any],
    extra: dict[str, Any],
    template_dir: Path,
    aliases: dict[str, str],
) -> str:
    import datamodel_code_generator as dcg  # heavy: imported only in this stage
    import datamodel_code_generator.enums

    source = dcg.generate(
        document,
        input_file_type=dcg.InputFileType.OpenAPI,
        output_model_type=dcg.enums.DataModelType.PydanticV2BaseModel,
        target_python_version=dcg.PythonVersion.PY_311,
        custom_template_dir=template_dir / "models",
        extra_template_data=defaultdict(dict, extra),
        enum_field_as_literal=dcg.LiteralType.All,
        use_union_operator=True,
        use_standard_collections=True,
        use_annotated=True,
        use_double_quotes=True,
        strict_nullable=True,
        keep_model_order=True,
        disable_timestamp=True,
        disable_future_imports=True,
        formatters=[],
        aliases=aliases,
        snake_case_field=True,
    )
    return _double_quoted(str(source))


# A field as our template writes it: ``    name: annotation`` (on one line).
_FIELD_LINE = re.compile(r'^    ([^\s:"]+): ', re.M)
_CLASS_LINE = re.compile(r"^class (\w+)\(", re.M)


def _renamed_fields(
    source: str, document: dict[str, Any], attributes: frozenset[str]
) -> dict[str, str]:
    """``Model.property`` -> the Python name it must take instead of the one
    datamodel-code-generator gave it in ``source`` (the models of ``document``);
    ``attributes``: pydantic's ``BaseModel``'s. See ``_field_names``."""
    schemas = document["components"]["schemas"]
    classes = _CLASS_LINE.split(source)[1:]  # name, body, name, body...
    renamed = {}
    for name, body in zip(classes[::2], classes[1::2]):
        properties = list(schemas.get(name, {}).get("properties", ()))
        written = [m.group(1) for m in _FIELD_LINE.finditer(body)]
        written = [field for field in written if field.isidentifier()]
        if len(written) != len(properties):  # not one of our models' classes
            continue
        names = _field_names(list(zip(properties, written)), attributes)
        renamed.update({f"{name}.{key}": names[key] for key in names})
    return renamed


def _field_names(
    fields: list[tuple[str, str]], attributes: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Of one class's fields, (JSON key, the Python name written), the keys whose name
    must change -> the name. Python reads a name as its NFKC form (``ﬁle`` is
    ``file``): a name that is not is given that form, lower case, which keeps its
    key as its alias, is no other field's, and shadows nothing the class reads (a
    builtin, what a models module imports, pydantic's attributes). A name that is its
    NFKC form changes only where it is a name the models module binds but
    datamodel-code-generator does not see (``tagged``): it takes ``_``."""
    kept = {
        written
        for _, written in fields
        if _nfkc(written) == written and written not in _IMPORTED_LATER
    }
    taken = kept | _SHADOWED | attributes
    names = {}
    for key, written in fields:
        if written in kept:
            continue
        name = _nfkc(_nfkc(written).lower())
        if name.startswith("_"):  # pydantic's private attribute
            name = "field" + name
        name = free_name(name, taken)
        taken.add(name)
        names[key] = name
    return names


def _nfkc(name: str) -> str:
    return unicodedata.normalize("NFKC", name)


def _double_quoted(source: str) -> str:
    """``source`` with its simple single-quoted strings (``Literal['a']``) in double
    quotes, as black writes them, so that black formats the models in one pass."""
    return _STRING.sub(_simple_double_quoted, source)


# A string literal or a comment, scanned from the start of the code, so that a quote
# inside a string or a comment never starts one.
_STRING = re.compile(
    r"[A-Za-z]*(?:'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*")'
    r"|#[^\n]*",
    re.S,
)


def _simple_double_quoted(match: re.Match[str]) -> str:
    """A single-quoted string with neither a double quote nor an escape, in double
    quotes; any other string (prefixed, triple-quoted) or comment as it is."""
    text = match.group()
    if text[0] != "'" or text.startswith("'''") or any(c in text for c in '"\\'):
        return text
    return f'"{text[1:-1]}"'


def model_schema(model: Model, acyclic: bool = False) -> dict[str, Any]:
    """The JSON Schema datamodel-code-generator sees for one model; ``acyclic`` if no
    model of its spec is on a cycle (so none is named before it is defined)."""
    response = model.kind == "response"
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            field.name: _field_schema(field, response, acyclic)
            for field in model.fields
        },
    }
    required = [field.name for field in model.fields if _required(field, response)]
    if required:
        schema["required"] = required
    return schema


def _required(field: Field, response: bool) -> bool:
    """Whether the caller must give the field: a request field the spec requires,
    or a discriminator tag with no default (no one value is right for every union
    that picks its model, so the caller picks), but for one with a default."""
    wanted = field.required or _is_tag(field)
    return wanted and not response and not field.default


def _is_tag(field: Field) -> bool:
    """A request model's discriminator tag (``Literal`` of the values that pick it)."""
    return field.spec_type is not None


def _field_schema(field: Field, response: bool, acyclic: bool) -> dict[str, Any]:
    schema = type_schema(field.type, request=not response, acyclic=acyclic)
    # A tag is never null: no union picks a model by a null tag, whatever the
    # property allows (the validators check that, ``spec_type``).
    if response or (field.nullable and not _is_tag(field)):
        required = _required(field, response)
        optional = not required and not field.default
        schema = _nullable(schema, required, acyclic, optional) if schema else {}
    if field.default:
        schema["default"] = field.default[0]
    return schema


def _or_null(schema: dict[str, Any], nullable: bool, acyclic: bool) -> dict[str, Any]:
    return _nullable(schema, acyclic=acyclic) if nullable else schema


def _nullable(
    schema: dict[str, Any],
    required: bool = False,
    acyclic: bool = False,
    optional: bool = False,
) -> dict[str, Any]:
    """``schema`` or null, written the way datamodel-code-generator reads fastest: for
    an ``optional`` field (neither required nor with a default), ``T | None = None``
    whether null is written or not, the schema as it is (if no model is on a cycle:
    else a forward reference is written otherwise, and if it holds no null of its
    own: ``enum: [null]`` is written otherwise); else a
    ``$ref`` with ``nullable`` (but for a required field, where that form writes
    ``Field(...)``), a plain scalar or an array with ``type: [t, "null"]`` (an array
    of models only if no model is on a cycle: else ``list["Model"] | None`` is
    ``Optional[list["Model"]]`` in ``anyOf``), an enum with ``null`` among its
    values, else ``anyOf`` (a union with null costs it a union parse per field:
    about a third of its time on Pipedrive's specs). Each form writes the code
    ``anyOf`` writes, byte for byte (``tests/unit/test_nullable_forms.py``)."""
    if schema == {"enum": [None]}:  # null already, and nothing else
        return schema
    if optional and acyclic and "null" not in json.dumps(schema):
        return schema
    if set(schema) == {"$ref"} and not required:
        return {**schema, "nullable": True}
    if set(schema) <= {"type", "format"} and schema.get("type") in _SCALARS:
        return {**schema, "type": [schema["type"], "null"]}
    if (
        set(schema) == {"type", "items"}
        and schema["type"] == "array"
        and (acyclic or "$ref" not in json.dumps(schema["items"]))
    ):
        return {**schema, "type": ["array", "null"]}
    if _closed_choice(schema):  # an enum: ``null`` one of its values
        return {"enum": [*schema["enum"], None], "type": [schema["type"], "null"]}
    options = schema.get("anyOf", ())
    if (  # an open enum: ``anyOf: [enum, t]`` -> ``anyOf: [enum, [t, null]]``
        set(schema) == {"anyOf"}
        and len(options) == 2
        and _closed_choice(options[0])
        and options[1] == {"type": options[0]["type"]}
    ):
        return {"anyOf": [options[0], {"type": [options[0]["type"], "null"]}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _closed_choice(schema: dict[str, Any]) -> bool:
    """Whether ``schema`` is an enum ``_choice_schema`` writes of strings, integers or
    booleans (a float is no ``Literal``: an enum of numbers or null may write its
    type twice), none of which a large-enum placeholder stands for."""
    return (
        set(schema) == {"enum", "type"}
        and schema["type"] in ("string", "integer", "boolean")
        and None not in schema["enum"]
        and len(schema["enum"]) <= _LARGE_ENUM
    )


_SCALARS = ("string", "integer", "number", "boolean")


def type_schema(
    type_: TypeRef, request: bool = False, acyclic: bool = False
) -> dict[str, Any]:
    """The JSON Schema datamodel-code-generator sees for ``type_``; on the request
    side (``request``) a formatted string also takes the spec's text (``WireDate``);
    ``acyclic`` as for ``model_schema``."""
    if isinstance(type_, (ModelRef, AliasRef)):  # an alias is never in a batch: a stub
        return {"$ref": f"#/components/schemas/{type_.name}"}
    if isinstance(type_, ArrayOf):
        item = type_schema(type_.item, request, acyclic)
        return {
            "type": "array",
            "items": _or_null(item, type_.nullable_items, acyclic),
        }
    if isinstance(type_, MapOf):
        value = type_schema(type_.value, request, acyclic)
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": _or_null(value, type_.nullable_values, acyclic),
        }
        if type_.key == "integer":
            schema["propertyNames"] = {"type": "string", "x-python-type": "int"}
        return schema
    if isinstance(type_, UnionOf) and type_.discriminator is not None:
        return {_ANNOTATION: tagged_annotation(type_)}
    if isinstance(type_, UnionOf):
        options = type_.options
        return {"anyOf": [type_schema(type_, request, acyclic) for type_ in options]}
    if isinstance(type_, Choice):
        return _choice_schema(type_)
    if request and type_.type == "string" and type_.format in WIRE_TYPES:
        return {_ANNOTATION: WIRE_TYPES[type_.format]}
    return _primitive_schema(type_)


# A type datamodel-code-generator cannot write (a discriminated union, a request's
# formatted string) reaches it as a reference to a stub model of a placeholder name,
# replaced by the type's annotation in the code it writes.
_ANNOTATION = "x-pipedrive-codegen-annotation"
# Formats a request model takes as the Python value or as the spec's text, which the
# runtime checks and sends as given.
WIRE_TYPES = {"date": "WireDate", "date-time": "WireDateTime", "uuid": "WireUUID"}
# Names of the runtime a models module may use, by the module that defines them: the
# request side's apart (``runtime/_request_models.py``), so that parsing a response
# never loads it.
_RUNTIME_TYPES = (
    ("_models", ("ResponseModel", "tagged")),
    ("_request_models", ("RequestModel", *WIRE_TYPES.values())),
)


def _runtime_imports(
    body: str, words: frozenset[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the models of ``body`` import from the runtime, by module."""
    imports = []
    for module, names in _RUNTIME_TYPES:
        used = tuple(name for name in names if _uses(body, name, words))
        if used:
            imports.append((module, used))
    return tuple(imports)


def _uses(body: str, name: str, words: frozenset[str] | None = None) -> bool:
    """Whether ``body`` uses ``name`` (``words``: its words, if known)."""
    if name == "tagged":
        return "tagged(" in body
    if name in _BASES.values():
        return f"({name})" in body
    return name in (_words(body) if words is None else words)


def _words(body: str) -> frozenset[str]:
    """The words of ``body``: ``\\bname\\b`` matches in it if and only if ``name``
    is one of them."""
    return frozenset(re.findall(r"\w+", body))


_ANNOTATION_IMPORT = "from typing import Annotated, Any"
# Names a models module imports that datamodel-code-generator does not know of (we
# write them in its code): a field so named would shadow them in its class.
_IMPORTED_LATER = frozenset(
    {name for _, names in _RUNTIME_TYPES for name in names}
    | set(_ANNOTATION_IMPORT.partition(" import ")[2].split(", "))
)
# What a field's name must not be where we choose it: what a class of the models may
# read (builtins, what a models module imports) and our base classes' attributes.
_SHADOWED = frozenset(
    {*dir(builtins), *RESERVED_MODEL_NAMES, *_IMPORTED_LATER, *BASE_ATTRIBUTES}
    # what ``site`` adds to builtins: the same names whether or not it ran (``-S``)
    | {"copyright", "credits", "exit", "help", "license", "quit"}
)


def tagged_annotation(union: UnionOf) -> str:
    """The annotation of a discriminated union, as the runtime's ``tagged`` reads it:
    ``Annotated[Cat | Dog | Pet, tagged("petType", {"cat": 0, "dog": 1}, 2)]``, the
    alternatives as a string the caller quotes where they may be defined later. An
    alternative that is a discriminated union itself is its own ``Annotated[...]``
    (the outer tag picks it, its tag picks its model)."""
    assert union.discriminator is not None
    options = []
    for option in union.options:
        if isinstance(option, ModelRef):
            options.append(option.name)
        elif isinstance(option, UnionOf) and option.discriminator is not None:
            inner, _, metadata = tagged_annotation(option).partition("\0")
            options.append(f"Annotated[{inner}, {metadata}]")
        else:
            options.append("dict[str, Any]")
    return f"{' | '.join(options)}\0{tagged_call(union.discriminator)}"


def _annotations_named(document: Any) -> tuple[Any, dict[str, str]]:
    """``document`` with each type datamodel-code-generator cannot write a reference
    to a placeholder stub, and each placeholder's name -> the type's annotation."""
    types: dict[str, str] = {}

    def named(node: dict[str, Any]) -> dict[str, Any] | None:
        if _ANNOTATION not in node:
            return None
        name = types.setdefault(node[_ANNOTATION], f"PipedriveCodegenType{len(types)}")
        return {"$ref": f"#/components/schemas/{name}"}

    document = _rewritten(document, named)
    for name in types.values():
        document["components"]["schemas"][name] = _STUB
    return document, {name: annotation for annotation, name in types.items()}


def _annotations_filled(
    source: str, types: dict[str, str], later: frozenset[str] = frozenset()
) -> str:
    """The code with each placeholder replaced by its type's annotation: where a
    union's placeholder was quoted, or it names a class of ``later`` (not defined
    yet where ``source`` reads it: its own, one below it), its alternatives are."""
    for name, annotation in types.items():
        options, tagged, metadata = annotation.partition("\0")
        quoted, bare = (
            (
                f"Annotated[{literal(options)}, {metadata}]",
                f"Annotated[{options}, {metadata}]",
            )
            if tagged
            else (options, options)
        )
        if tagged and later.intersection(_words(options)):
            bare = quoted
        source = source.replace(f'"{name}"', quoted)
        source = re.sub(rf"\b{name}\b", lambda _: bare, source)
    return source


def alias_definition(alias: Alias) -> str:
    """A recursive type alias, as pydantic and mypy read one on Python 3.11: its type a
    string (it names itself, and models that may come later), read on first use. A
    component that is no model (and holds no reference to itself) is a plain PEP 613
    alias, the very type it stands for, placed after the models it names."""
    text = annotation_of(alias.type, request=alias.kind == "request")
    if alias.recursive:
        value = f"TypeAliasType({literal(alias.name)}, {literal(text)})"
        definition = f"{alias.name} = {value}"
    else:
        definition = f"{alias.name}: TypeAlias = {text}{' | None' * alias.nullable}"
    if alias.description:
        definition += "\n" + docstring(alias.description)
    return definition


# Where the names an alias's type may use come from (those of the runtime aside).
_ALIAS_IMPORTS = {
    "Annotated": "typing",
    "Any": "typing",
    "Literal": "typing",
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "UUID": "uuid",
}


def alias_imports(aliases: Iterable[Alias]) -> tuple[str, ...]:
    """The import lines the aliases' definitions need."""
    aliases = tuple(aliases)
    texts = [alias_definition(alias) for alias in aliases]
    if not texts:
        return ()
    text = "\n".join(texts)
    words = _words(text)
    used = {name for name in _ALIAS_IMPORTS if _uses(text, name, words)}
    lines = [
        f"from {module} import {name}"
        for name, module in _ALIAS_IMPORTS.items()
        if name in used
    ]
    if any(alias.recursive for alias in aliases):
        lines.append("from typing_extensions import TypeAliasType")
    if not all(alias.recursive for alias in aliases):
        lines.append("from typing import TypeAlias")
    return tuple(lines)


_PYTHON_TYPES = {"string": "str", "integer": "int", "number": "float"}
_PYTHON_TYPES |= {"boolean": "bool", "any": "Any"}
_FORMAT_TYPES = {"date": "date", "date-time": "datetime", "time": "time"}
_FORMAT_TYPES |= {"uuid": "UUID", "binary": "bytes"}


def annotation_of(type_: TypeRef, request: bool) -> str:
    """``type_`` as datamodel-code-generator writes it in a model's field (the field's
    own ``| None`` aside), for the types it cannot be given: an alias's."""
    if isinstance(type_, (ModelRef, AliasRef)):
        return type_.name
    if isinstance(type_, ArrayOf):
        item = annotation_of(type_.item, request)
        return f"list[{item}{' | None' * type_.nullable_items}]"
    if isinstance(type_, MapOf):
        key = "int" if type_.key == "integer" else "str"
        value = annotation_of(type_.value, request) + " | None" * type_.nullable_values
        return f"dict[{key}, {value}]"
    if isinstance(type_, UnionOf) and type_.discriminator is not None:
        options, _, metadata = tagged_annotation(type_).partition("\0")
        return f"Annotated[{options}, {metadata}]"
    if isinstance(type_, UnionOf):
        texts = (annotation_of(option, request) for option in type_.options)
        return " | ".join(dict.fromkeys(texts))
    if isinstance(type_, Choice):
        also = _PYTHON_TYPES[type_.type] if type_.open and type_.type != "any" else ""
        return literal_type(type_.values, also)
    if request and type_.type == "string" and type_.format in WIRE_TYPES:
        return WIRE_TYPES[type_.format]
    if type_.type == "string" and type_.format in _FORMAT_TYPES:
        return _FORMAT_TYPES[type_.format]
    return _PYTHON_TYPES[type_.type]


def _choice_schema(choice: Choice) -> dict[str, Any]:
    if choice.values == (None,):  # 3.1 ``type: "null"``: null is the only value
        return {"enum": [None]}  # (written ``None``; ``type: null`` adds a Field)
    values = [value for value in choice.values if not beyond_literal(value)]
    closed: dict[str, Any] = {"enum": values}
    if choice.type != "any":
        closed["type"] = choice.type
    if len(values) < len(choice.values):  # integers a ``Literal`` cannot hold: int
        return (
            {"anyOf": [closed, {"type": "integer"}]} if values else {"type": "integer"}
        )
    if choice.open:
        return {"anyOf": [closed, {"type": choice.type}]}
    return closed


def _primitive_schema(primitive: Primitive) -> dict[str, Any]:
    if primitive.type == "any":
        return {}
    schema: dict[str, Any] = {"type": primitive.type}
    if primitive.format in TYPED_FORMATS and primitive.type == "string":
        schema["format"] = primitive.format
    return schema


def _template_data(model: Model) -> dict[str, Any]:
    docstrings = {
        f.name: docstring(f.description) for f in model.fields if f.description
    }
    return {
        "model_base": _BASES[model.kind],
        "class_docstring": docstring(model.description) if model.description else "",
        "docstrings": docstrings,
    }


def docstring(text: str) -> str:
    """A one-line triple-quoted docstring literal for ``text``."""
    return f'"""{doc_text(text)}"""'


def _drop_unused(line: str, words: frozenset[str]) -> str:
    """``from pydantic import BaseModel, Field`` -> ``from pydantic import Field`` if
    ``BaseModel`` is none of the body's ``words``."""
    if line.startswith("from __future__") or " import " not in line:
        return line
    module, _, names = line.partition(" import ")
    used = [
        name
        for name in names.split(", ")
        # ``date as date_aliased`` (a field named ``date``) binds ``date_aliased``
        if name.split(" as ")[-1] in words
    ]
    return f"{module} import {', '.join(used)}" if used else ""


def _split(source: str) -> ModelsSource:
    """Separate datamodel-code-generator's import block from its classes (the imports
    as written: ``render_models`` merges, prunes and sorts those of every batch)."""
    imports: list[str] = []
    body: list[str] = []
    for line in source.splitlines():
        if line.startswith("#") and not body:
            continue
        if not body and line.startswith(("from ", "import ")):
            imports.append(line)
        elif body or line.strip():
            body.append(line)
    return ModelsSource(tuple(imports), "\n".join(body).strip() + "\n")


__all__ = [
    "ModelsPart",
    "ModelsSource",
    "model_schema",
    "prepare_models",
    "render_models",
    "type_schema",
]
