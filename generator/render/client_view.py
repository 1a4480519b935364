"""What the client module of one spec prints, derived from the IR: its operations
class, its methods (each one's from ``client_method``) named together (constants,
pagers), the named enums of their signatures, its security constants and its imports.

Every decision about the generated client is made here and in ``client_method``, in
plain tested Python, so the templates in ``templates/client/`` only loop and print.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..ir.naming import ARGUMENT_HELPERS
from .client_types import IMPORTS, NamedChoice, named_choices
from .client_class import operations_class
from .client_method import Method, method_view
from ..ir.model import Api, SecurityScheme
from .literals import literal
from ..ir.naming import constant_case, free_name, identifiers_in
from ..ir.naming import python_identifier

# A string literal, as ``literal`` writes one.
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")
# The classes the client module imports that a model may share a name with, by module:
# the runtime's, and the iterators the pages are walked with.
_RUNTIME_CLASSES = (
    ("_async_client", ("AsyncClient",)),
    ("_client", ("SyncClient",)),
    ("_operation", ("Operation",)),
    ("_security", ("Scheme",)),
)
_ITERATORS = ("collections.abc", ("AsyncIterator", "Iterator"))
# Names the client module defines or imports besides models and typing's.
_MODULE_NAMES = frozenset(
    {name for _, names in (*_RUNTIME_CLASSES, _ITERATORS) for name in names}
    | {"models", "cast", "TYPE_CHECKING"}
)


@dataclass(frozen=True)
class ClientView:
    api: Api
    class_name: str  # V1Operations
    async_class_name: str  # AsyncV1Operations
    choices: tuple[NamedChoice, ...]  # by name
    methods: tuple[Method, ...]
    model_imports: tuple[str, ...]  # for the type checker: models load on first use
    imports: tuple[str, ...]
    helpers: tuple[str, ...]  # the runtime's argument helpers the methods call
    server: str  # a literal: the spec's first server URL, as the spec writes it
    schemes: tuple[tuple[str, tuple[str, ...]], ...]  # (constant, Scheme arguments)
    # (constant, alternatives: each a tuple of the scheme constants it needs together)
    requirements: tuple[tuple[str, tuple[str, ...]], ...]
    # The classes the module imports (the runtime's, the iterators), by the name it
    # calls them: a model of the same name (a spec's ``Operation`` or ``Iterator``
    # schema) keeps its own, the class takes ``_Name``.
    runtime: dict[str, str]
    runtime_imports: tuple[str, ...]
    iterators_import: str
    # ``from .._runtime._request import JsonNull``, where a body may be null; else "".
    null_import: str

    @property
    def deprecates(self) -> bool:
        """Some method is deprecated: the module imports ``typing_extensions``."""
        return any(method.deprecation for method in self.methods)


def client_view(api: Api) -> ClientView:
    models = {model.name: model for model in api.models}
    identifiers: list[str] = []
    for scheme in api.security_schemes:  # two names may read alike: api-key, api_key
        identifiers.append(python_identifier(scheme.name, identifiers))
    schemes = {
        scheme.name: ("_SCHEME_" + capital, scheme)
        for scheme, capital in zip(
            api.security_schemes, _capitals(identifiers), strict=True
        )
    }
    class_name = operations_class(api)
    aliases = {alias.name for alias in api.aliases}
    # The aliases of components that signatures name (null no value of them).
    plain = frozenset(
        alias.name for alias in api.aliases if not (alias.recursive or alias.nullable)
    )
    taken = {*models, *aliases, *IMPORTS, *ARGUMENT_HELPERS, *_MODULE_NAMES}
    taken |= {class_name, "Async" + class_name}
    named = named_choices(api.operations, models, set(taken))
    names = {text: choice.name for text, choice in named.items()}
    # The type of ``NULL``, as signatures call it: ``_JsonNull`` where a model has
    # its name.
    null_type = "_JsonNull" if "JsonNull" in taken else "JsonNull"
    needs = _requirement_names(
        [operation.security for operation in api.operations if operation.security],
        schemes,
    )
    constants = _capitals(
        (operation.python_name for operation in api.operations),
        taken | set(names.values()),
    )
    methods = _with_pagers(
        [
            method_view(operation, models, needs, names, plain, constant, null_type)
            for operation, constant in zip(api.operations, constants, strict=True)
        ]
    )
    # Every name the signatures mention, found once, not searched for name by name.
    mentioned = set(
        identifiers_in(" ".join(_annotations(method) for method in methods))
    )
    mentioned |= {"Literal"} if named else set()
    used_models = sorted(mentioned & {*models, *aliases})
    checking = {"TYPE_CHECKING"} if used_models else set()
    imports = _import_lines((mentioned & set(IMPORTS)) | {"cast"} | checking)
    runtime = {
        name: "_" + name if name in used_models else name
        for _, names in (*_RUNTIME_CLASSES, _ITERATORS)
        for name in names
    }
    runtime_imports = tuple(
        _import_as(f".._runtime.{module}", names, runtime)
        for module, names in _RUNTIME_CLASSES
        if module != "_security" or schemes
    )
    return ClientView(
        api=api,
        class_name=class_name,
        async_class_name="Async" + class_name,
        choices=tuple(sorted(named.values(), key=lambda choice: choice.name)),
        methods=methods,
        model_imports=tuple(used_models),
        runtime=runtime,
        runtime_imports=runtime_imports,
        iterators_import=_import_as(*_ITERATORS, runtime),
        null_import=(
            _import_as(".._runtime._request", ("JsonNull",), {"JsonNull": null_type})
            if any(method.nullable_body for method in methods)
            else ""
        ),
        imports=tuple(imports),
        helpers=tuple(
            sorted({"header_values", "request_body"} | (mentioned & ARGUMENT_HELPERS))
        ),
        server=literal(api.server_url),
        schemes=tuple(
            (constant, _scheme(scheme)) for constant, scheme in schemes.values()
        ),
        requirements=tuple(
            sorted(
                {
                    method.security: tuple(
                        _tuple([schemes[name][0] for name in names])
                        for names in operation.security
                    )
                    for operation, method in zip(api.operations, methods)
                    if operation.security
                }.items()
            )
        ),
    )


def _capitals(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Each name in capitals, as a constant: ``add_activity`` -> ``ADD_ACTIVITY``.
    Names differ, but not always in capitals (``straße`` and ``strasse`` are both
    ``STRASSE``), and a constant may read as a model or an import of the module
    (``GETX``, ``TYPE_CHECKING``): a constant taken already gets a ``_``."""
    taken = set(taken)
    constants = []
    for name in names:
        constant = free_name(constant_case(name), taken)
        taken.add(constant)
        constants.append(constant)
    return constants


def _with_pagers(methods: list[Method]) -> tuple[Method, ...]:
    """``methods``, each that pages with its pager's name: ``iter_<name>``, or with
    underscores added where an operation (or an earlier pager) has that name."""
    taken = {method.name for method in methods}
    named = []
    for method in methods:
        if method.pagination:
            pager = free_name("iter_" + method.name, taken)
            taken.add(pager)
            method = replace(method, pager=pager)
        named.append(method)
    return tuple(named)


def _requirement_names(
    securities: Iterable[tuple[tuple[str, ...], ...]],
    schemes: Mapping[str, tuple[str, SecurityScheme]],
) -> dict[tuple[tuple[str, ...], ...], str]:
    """Each distinct requirement's constant, named by ``_requirement_name``; of two that
    read alike (schemes ``a`` and ``b`` together, scheme ``a_and_b`` alone), the second
    in the order of their schemes' names takes a ``_``."""
    names: dict[tuple[tuple[str, ...], ...], str] = {}
    for security in sorted(set(securities)):
        name = free_name(_requirement_name(security, schemes), names.values())
        names[security] = name
    return names


def _requirement_name(
    security: tuple[tuple[str, ...], ...],
    schemes: Mapping[str, tuple[str, SecurityScheme]],
) -> str:
    """``_NEEDS_API_KEY_OR_OAUTH_2``: who may call, named from the spec's schemes (an
    alternative that needs none is ``NOTHING``)."""
    alternatives = (
        "_AND_".join(schemes[name][0].removeprefix("_SCHEME_") for name in names)
        or "NOTHING"
        for names in security
    )
    return "_NEEDS_" + "_OR_".join(alternatives)


def _tuple(items: list[str]) -> str:
    """``(a,)``, ``(a, b)``: a tuple's source."""
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _scheme(scheme: SecurityScheme) -> tuple[str, ...]:
    """The arguments of the runtime's ``Scheme`` for a security scheme, as source."""
    arguments: tuple[str, ...] = (
        f"credential={literal(scheme.credential)}",
        f"kind={literal(scheme.kind)}",
    )
    if scheme.kind == "apiKey":
        arguments += (
            f"where={literal(scheme.where)}",
            f"name={literal(scheme.parameter)}",
        )
    return arguments


def _annotations(method: Method) -> str:
    """The text of every annotation and argument expression of ``method``, its string
    literals left out (a parameter named ``"date"`` mentions no ``date``)."""
    parts = [a.annotation for a in method.arguments + method.body_fields]
    parts += [_STRING.sub("", a.value) for a in method.arguments]
    parts += [method.returns, method.page_item, method.body_annotation or ""]
    return " ".join(parts)


def _import_as(module: str, names: tuple[str, ...], called: dict[str, str]) -> str:
    """``from module import names``, each as ``called`` calls it."""
    return f"from {module} import " + ", ".join(
        name if called[name] == name else f"{name} as {called[name]}" for name in names
    )


def _import_lines(names: set[str]) -> list[str]:
    modules: dict[str, list[str]] = {}
    for name in sorted(names):
        modules.setdefault(IMPORTS.get(name, "typing"), []).append(name)
    return [
        f"from {module} import {', '.join(modules[module])}"
        for module in sorted(modules)
    ]


__all__ = ["ClientView", "client_view"]
