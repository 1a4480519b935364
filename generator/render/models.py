"""Models stage: the IR's models as pydantic v2 source, written by datamodel-code-generator.

We hand datamodel-code-generator one OpenAPI document whose ``components/schemas`` are the
already named and normalized models (``model_schemas``), with every option pinned here,
and render each class through our own template in ``templates/models/``; its code is
then made ours (``model_source``) and cut into modules (``model_graph``).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..output.cache import NO_CACHE, Cache, cache_key, installed_version
from . import model_graph, model_source, own_types
from .own_types import alias_definition, alias_imports, words_of
from .model_schemas import STUB, annotations_filled, annotations_named
from .model_schemas import has_large_enum, large_enums_filled, large_enums_named
from .model_schemas import model_schema, template_data
from .model_source import ANNOTATION_IMPORT, BASE_ALIASES, ModelsSource
from .model_source import class_definitions, class_name, double_quoted, drop_unused
from .model_source import imports_and_body, merge_imports, renamed_fields
from .model_source import runtime_imports
from ..ir import naming
from ..ir.naming import python_identifier
from ..ir.model import Alias, Api, Model, Primitive, leaves


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


# The modules whose code shapes a batch's code once its schemas are given (the names a
# field may not take: ``model_source``'s, from ``own_types``' and ``naming``'s).
_SHAPING = tuple(
    Path(module.__file__ or "")
    for module in (sys.modules[__name__], model_source, own_types, naming)
)


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
        # which names a field may not take: pydantic's BaseModel's (renamed_fields)
        "pydantic " + installed_version("pydantic"),
        # our code that shapes what it writes: its options, and what is done to it
        # (fields renamed: with names that ``naming`` makes free)
        *(path.read_bytes() for path in _SHAPING),
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
        model_graph.shape_batches(api, refers, groups, shapes),
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
        words = words_of(body)
        used = (drop_unused(line, words) for line in imports)
        parts.append(
            ModelsPart(
                module,
                tuple(names),
                ModelsSource(tuple(line for line in used if line), body),
                tuple(
                    (other, tuple(sorted(others[other]))) for other in sorted(others)
                ),
                runtime_imports(body, words),
                home,
            )
        )
    return tuple(parts)


def prepare_models(template_dir: Path) -> None:
    """Import datamodel-code-generator and have it write one small model, so that a
    process forked afterwards has its modules and compiled templates (a fresh process
    spends about 0.45 s of CPU on them before its first model)."""
    _generate(_document("", {"Model": STUB}), {}, template_dir)


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
    return model_schema(model, acyclic), template_data(model)


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
        schemas.update({name: STUB for name in stubs})
        document = _document(api.title, schemas)
        extra = {name: data for name, (_, data) in read.items()}
        members: dict[str, str] = {}
        if any(has_large_enum(field.type) for model in batch for field in model.fields):
            document, members = large_enums_named(document)
        document, placeholders = annotations_named(document)
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
        split = imports_and_body(large_enums_filled(source, members))
        imports.append(split.imports + ((ANNOTATION_IMPORT,) if placeholders else ()))
        definitions, others = class_definitions(split.body)
        hidden = {*stubs, *placeholders}
        # A class's own name and those of the classes after it in its batch (its
        # cycle's) are not defined yet where its fields are read: a union naming them
        # is quoted.
        later = {class_name(definition) for definition in definitions}
        for definition in definitions:
            if class_name(definition) not in hidden:
                classes[class_name(definition)] = annotations_filled(
                    definition, placeholders, frozenset(later)
                )
            later.discard(class_name(definition))
        statements += [line for line in others if line.split(".")[0] not in hidden]
        for copy, first in copies.items():  # ``class First(`` -> ``class Copy(``
            classes[copy] = f"class {copy}{classes[first][len(first) + 6:]}"
    return classes, statements, merge_imports(imports)


def _weight(batch: list[Model]) -> int:
    """About how long datamodel-code-generator takes over ``batch``: its fields."""
    return sum(len(model.fields) + 1 for model in batch)


# A spec with more models than this has its models in modules of a few each.
_SINGLE = 64


# File names Windows refuses, whatever the extension: a module takes ``con_``.
_UNUSABLE = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)


def _generate(
    document: dict[str, Any], extra: dict[str, Any], template_dir: Path
) -> str:
    """The models of ``document``: as datamodel-code-generator names their fields,
    but where a name would shadow what the module imports, or Python reads it as
    another (``renamed_fields``): then written again with those fields named so."""
    from pydantic import BaseModel

    source = _datamodel_code(document, extra, template_dir, BASE_ALIASES)
    renamed = renamed_fields(source, document, frozenset(dir(BaseModel)))
    if renamed:
        aliases = {**BASE_ALIASES, **renamed}
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
    return double_quoted(str(source))


__all__ = [
    "ModelsPart",
    "ModelsSource",
    "prepare_models",
    "render_models",
]
