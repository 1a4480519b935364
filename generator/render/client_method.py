"""What one method of the generated client prints, derived from its operation: its
arguments (where each goes, how its value is sent), its body and the keyword arguments
of the body's fields, what it returns and how each response is parsed, how it pages,
its docstring and deprecation.

``client_view`` names the methods of a module together and makes its imports; each
method's own decisions are made here, in plain tested Python, so the templates only
loop and print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..ir.naming import RESERVED_ARGUMENTS
from .client_types import (
    Names,
    annotation,
    body_models,
    field_annotation,
    optional,
    or_none,
    takes_null,
    wire_format,
)
from .client_docs import deprecation, method_docstring
from ..ir.model import ArrayOf, Body, MapOf, Model, ModelRef, Operation, Parameter
from ..ir.model import Choice, Field, Primitive, TypeRef
from .literals import literal
from ..ir.naming import python_identifier
from ..ir.normalize import is_json

_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}
_PAGE_PARAMETERS = {"offset": "start", "cursor": "cursor"}
_LINE_LENGTH = 88  # black's, as the format stage runs it
_PARAMETER_INDENT = " " * 8  # a method's parameters, one a line


def optional_parameter(name: str, annotation: str) -> str:
    """``name: annotation = None``, as a signature declares an optional argument.

    The annotation comes in brackets when the line would pass black's length: black
    puts them there, ruff's formatter does not (given them, both lay out the rest
    alike), so this is the one place where the client knows the line length.
    """
    line = f"{_PARAMETER_INDENT}{name}: {annotation} = None,"
    if len(line) <= _LINE_LENGTH:
        return f"{name}: {annotation} = None"
    return f"{name}: ({annotation}) = None"


@dataclass(frozen=True)
class Argument:
    python_name: str
    name: str  # as the spec writes it
    annotation: str  # of an optional argument, admits None: None means "not sent"
    required: bool = False
    serialized: str | None = None  # the expression that sends the value, if needed
    spread: bool = False  # ``serialized`` is a mapping of several query parameters

    @property
    def value(self) -> str:
        """What the generated method hands the runtime for this argument."""
        return self.serialized or self.python_name

    @property
    def optional_parameter(self) -> str:
        """``name: annotation = None``, as the signature declares an optional argument."""
        return optional_parameter(self.python_name, self.annotation)

    @property
    def entry(self) -> str:
        """This argument's entry in the query mapping the generated method builds."""
        if self.spread:
            return f"**({self.value})"
        return f"{literal(self.name)}: {self.value}"


@dataclass(frozen=True)
class Method:
    name: str  # add_activity
    constant: str  # ADD_ACTIVITY
    operation_id: str
    method: str
    path: str  # as the spec writes it
    security: str  # the name of its security constant, or "()" when it needs none
    server: str  # its server URL's literal, or the spec's constant (``_SERVER``)
    docstring: str  # a literal, its lines not indented
    deprecation: str | None  # a deprecated operation's warning (a literal)
    path_arguments: tuple[Argument, ...]
    query_arguments: tuple[Argument, ...]
    header_arguments: tuple[Argument, ...]
    cookie_arguments: tuple[Argument, ...]
    body_annotation: str | None  # None: the operation takes no body
    # What builds the body from its fields, which are also keyword arguments (an
    # expression: the request model, or what parses a discriminated union of them)
    body_builder: str | None
    body_fields: tuple[Argument, ...]
    # A discriminated union body's type, as the runtime builds it (a literal); else None
    request_type: str | None
    nullable_body: bool  # ``body=NULL`` sends the JSON ``null`` (``takes_null``)
    returns: str
    # status (201, or a range: "2XX") -> what parses its body (an expression)
    responses: tuple[tuple[int | str, str], ...]
    content_type: str  # of the request body
    pagination: str | None  # "offset" | "cursor"
    page_item: str  # the type of one item of a paginated list
    page_arguments: tuple[Argument, ...]  # query arguments less the page parameter
    # each path parameter's declared type, as the runtime checks it: ("id", "int")
    path_types: tuple[tuple[str, str], ...]
    # the method that walks every page (``iter_<name>``), if the list pages
    pager: str = ""

    @property
    def arguments(self) -> tuple[Argument, ...]:
        return (
            self.path_arguments
            + self.query_arguments
            + self.header_arguments
            + self.cookie_arguments
        )

    @property
    def page_method_arguments(self) -> tuple[Argument, ...]:
        return (
            self.path_arguments
            + self.page_arguments
            + self.header_arguments
            + self.cookie_arguments
        )

    @property
    def sends_headers(self) -> bool:
        return bool(self.header_arguments or self.cookie_arguments)

    @property
    def body_parameter(self) -> str:
        """``body: Model | None = None``, laid out as the optional arguments are."""
        return optional_parameter("body", self.body_annotation or "None")

    @property
    def takes_arguments(self) -> bool:
        return bool(self.arguments or self.body_annotation)


def method_view(
    operation: Operation,
    models: Mapping[str, Model],
    needs: Mapping[tuple[tuple[str, ...], ...], str],
    names: Names,
    aliases: frozenset[str],
    constant: str,
    null_type: str = "JsonNull",
) -> Method:
    """What the client prints for ``operation``, its module's names given:
    ``needs`` (each requirement's constant), ``names`` (the named enums), ``aliases``
    (those signatures name), ``constant`` (the operation's) and ``null_type``."""
    taken = set(RESERVED_ARGUMENTS)
    arguments: dict[str, list[Argument]] = {
        "path": [],
        "query": [],
        "header": [],
        "cookie": [],
    }
    for parameter in operation.parameters:
        if parameter.where in arguments:
            taken.add(parameter.python_name)
            wire = wire_format(parameter.type) is not None
            arguments[parameter.where].append(
                Argument(
                    parameter.python_name,
                    parameter.name,
                    (
                        annotation(parameter.type, names, wire)
                        if parameter.required
                        else optional(parameter.type, names, wire)
                    ),
                    parameter.required,
                    *_serialized(parameter),
                )
            )
    body = operation.request_body
    members = body_models(body, models)
    fields: dict[str, list[Field]] = {}  # a union's models may share a field
    for model in members:
        for field in model.fields:
            fields.setdefault(field.name, []).append(field)
    body_fields = []
    documented = []
    for name, alike in fields.items():
        python_name = python_identifier(name, frozenset(taken))
        taken.add(python_name)
        annotation_ = field_annotation([field.type for field in alike], names)
        body_fields.append(Argument(python_name, name, annotation_))
        described = [field for field in alike if field.description]
        documented.append((python_name, (described or alike)[0]))
    request_type = None
    builder = f"models.{members[0].name}" if members else None
    if body is not None and len(members) > 1:
        request_type = literal(annotation(body.type, parse=True))
        builder = f"{constant}.request_parser()"
    statuses = [r for r in operation.responses if r.status != "default"]
    responses = tuple((r.status, _response_parser(r.body)) for r in statuses)
    # A success without a body returns None, one with a body its type, or None
    # where the spec lets the body be null.
    successes = [
        returned
        for r in statuses
        if r.is_success
        for returned in _returned(r.body, aliases)
    ]
    returns = " | ".join(_none_last(dict.fromkeys(successes))) or "None"
    pagination, item = _pagination(operation, models)
    page_parameter = _PAGE_PARAMETERS.get(pagination or "")
    return Method(
        name=operation.python_name,
        constant=constant,
        operation_id=operation.operation_id,
        method=operation.method,
        path=operation.path,
        security=needs[operation.security] if operation.security else "()",
        server="_SERVER" if operation.server is None else literal(operation.server),
        docstring=method_docstring(operation, members, documented),
        deprecation=deprecation(operation),
        path_arguments=tuple(arguments["path"]),
        query_arguments=tuple(arguments["query"]),
        header_arguments=tuple(arguments["header"]),
        cookie_arguments=tuple(arguments["cookie"]),
        body_annotation=_body_annotation(body, names, aliases, null_type),
        body_builder=builder,
        body_fields=tuple(body_fields),
        request_type=request_type,
        nullable_body=takes_null(body),
        returns=returns,
        responses=responses,
        content_type=body.content_type if body is not None else "application/json",
        pagination=pagination,
        page_item=item,
        page_arguments=tuple(a for a in arguments["query"] if a.name != page_parameter),
        path_types=tuple(
            (p.name, _path_type(p.type))
            for p in operation.parameters
            if p.where == "path"
        ),
    )


# The declared types of path values the runtime checks (``_request.path_segment``).
_PATH_TYPES = frozenset({"int", "float", "bool", "str", "UUID", "date", "datetime"})


def _path_type(type_: TypeRef) -> str:
    """A path parameter's type as the runtime checks it: an enum by its values' type,
    anything else the runtime does not check as ``"Any"``."""
    if isinstance(type_, Choice):
        type_ = Primitive(type_.type)
    text = annotation(type_)
    return text if text in _PATH_TYPES else "Any"


def _serialized(parameter: Parameter) -> tuple[str, bool]:
    """How a parameter's value goes out (an expression), and if it spreads.

    A value of ``format: date``, ``date-time`` or ``uuid`` (or an array of them) is
    checked and goes as its ISO text (``wire_value``, ``wire_values``). A parameter
    written with ``content`` goes as that media type (JSON) in text. In the query, as
    OpenAPI styles it: an array exploded (``form``'s default) as one parameter per
    item, else its items joined by a comma (what the runtime does with a list), space
    or pipe; an object as ``query_object`` says, spread into the query's other
    parameters.
    """
    name = _checked(parameter)
    if parameter.content_type is not None:
        return f"json_text({name})", False
    if parameter.where != "query":
        return name, False
    style = parameter.style or "form"
    explode = parameter.explode if parameter.explode is not None else style == "form"
    if isinstance(parameter.type, ArrayOf):
        if explode:
            return f"exploded({name})", False
        if style in _DELIMITERS:
            return f"delimited({name}, {literal(_DELIMITERS[style])})", False
        return name, False
    if not isinstance(parameter.type, (ModelRef, MapOf)):
        return name, False
    return (
        f"query_object({literal(parameter.name)}, {name}, {literal(style)}, {explode})",
        True,
    )


def _checked(parameter: Parameter) -> str:
    """The expression of a parameter's value: its argument, checked and put in its
    ISO text where the parameter takes the spec's text too (``wire_format``)."""
    wire = wire_format(parameter.type)
    if wire is None:
        return parameter.python_name
    format, many = wire
    helper = "wire_values" if many else "wire_value"
    where, name = literal(parameter.where), literal(parameter.name)
    arguments = f"{where}, {name}, {parameter.python_name}, {literal(format)}"
    return f"{helper}(self._client, {arguments})"


def _response_parser(body: Body | None) -> str:
    """What parses the body, as the ``Operation`` takes it: the type as a string (the
    runtime evaluates it against the models module on first use, so the models load
    only when a response needs them; a discriminated union parsed by its tag; ``null``
    as None where the spec lets the body be null), ``bytes`` for a download, ``None``
    if no body."""
    if body is None:
        return "None"
    if _download(body):
        return "bytes"  # a download: the runtime hands back the body as it came
    parsed = annotation(body.type, parse=True)
    return literal(parsed + " | None" * _may_be_null(body, parsed))


def _returned(body: Body | None, aliases: frozenset[str]) -> list[str]:
    """The types a success with ``body`` returns: ``None`` without a body, and beside
    its type where the spec lets the body be null."""
    if body is None:
        return ["None"]
    returned = _named(body, aliases) or annotation(body.type)
    return [returned] + ["None"] * _may_be_null(body, returned)


def _may_be_null(body: Body, annotation_: str) -> bool:
    """Whether ``body``, of type ``annotation_``, may be ``null`` where its type does not
    say so: a JSON body the spec makes ``nullable`` (``type: [..., "null"]``); ``Any``
    and ``None`` hold null already."""
    return body.nullable and not _download(body) and annotation_ not in ("Any", "None")


def _download(body: Body) -> bool:
    """Whether ``body`` is a download: bytes of a media type that is not JSON."""
    return annotation(body.type) == "bytes" and not is_json(body.content_type)


def _pagination(
    operation: Operation, models: Mapping[str, Model]
) -> tuple[str | None, str]:
    """``"offset"`` or ``"cursor"`` for a list operation that pages, and its item type."""
    query = {p.name for p in operation.parameters if p.where == "query"}
    style = "cursor" if "cursor" in query else "offset" if "start" in query else None
    if style is None:
        return None, "Any"
    for response in operation.responses:
        if response.body is None or not isinstance(response.body.type, ModelRef):
            continue
        if not response.is_success:
            continue
        fields = {field.name: field for field in models[response.body.type.name].fields}
        data = fields.get("data")
        if (
            data is not None
            and isinstance(data.type, ArrayOf)
            and "additional_data" in fields
        ):
            return style, or_none(data.type.item, data.type.nullable_items)
    return None, "Any"


def _none_last(types: Iterable[str]) -> list[str]:
    """``types`` in their order, ``None`` (if there) at the end: ``X | None``."""
    listed = list(types)
    return [t for t in listed if t != "None"] + ["None"] * ("None" in listed)


def _named(body: Body, aliases: frozenset[str]) -> str | None:
    """The alias of the component the spec types ``body`` with, where signatures name
    it (``Node`` for ``Text | Div``: the very type, static only)."""
    return body.named if body.named in aliases else None


def _body_annotation(
    body: Body | None, names: Names, aliases: frozenset[str], null_type: str
) -> str | None:
    """The ``body=`` argument's annotation; None: the operation takes no body. A body
    that may be null takes ``NULL`` (``null_type``) too, unless it is ``Any``."""
    if body is None:
        return None
    named = _named(body, aliases)
    text = annotation(body.type, names) if named is None else named
    if text == "Any":
        return text
    null = f" | {null_type}" if takes_null(body) else ""
    return f"{text}{null} | None"


__all__ = ["Argument", "Method", "method_view"]
