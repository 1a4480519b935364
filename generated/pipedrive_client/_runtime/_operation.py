"""What generated code tells the client core about one API operation."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

from ._security import Security

PaginationStyle = Literal["offset", "cursor"]
# What parses one response body: a model, a TypeAdapter for a body that is not an
# object (a list, a map, a scalar), or None when the body is not modelled.
# ``bytes`` means a download: the body is returned as it came.
ResponseType = type[BaseModel] | TypeAdapter[Any] | type[bytes] | None
# Generated code names a body's type as a string (``"GetActivityResponse"``,
# ``"list[Pet]"``), evaluated against its ``models`` module on first use.
DeclaredType = ResponseType | str

# Names a body's type may use besides the models: (module, attribute); a module
# named from ``.`` is the runtime's own. A discriminated union is written
# ``Annotated[Cat | Dog | Pet, tagged("petType", {"cat": 0, "Dog": 1}, 2)]``.
_TYPE_NAMES = {
    "Annotated": ("typing", "Annotated"),
    "tagged": ("._models", "tagged"),
    "Any": ("typing", "Any"),
    "Literal": ("typing", "Literal"),
    "date": ("datetime", "date"),
    "datetime": ("datetime", "datetime"),
    "UUID": ("uuid", "UUID"),
}


class Operation:
    """One operation of the spec, as the client core needs it.

    ``path`` is the spec's path, with ``{name}`` placeholders (``/activities/{id}``);
    ``server`` the spec's first server URL, as the spec writes it
    (``https://api.pipedrive.com/v1``; see ``_servers.py``), ``""`` for a path to
    send under the client's base URL as it is.
    ``security`` the alternative sets of credentials it may be sent with (see
    ``_security.py``); ``None`` for Pipedrive's: an api token or OAuth.
    ``responses`` maps each declared status (``201``, or a range: ``"2XX"``) to
    the model of its JSON body, or to ``None`` when the body is not modelled; a
    type given as a string names what ``models`` (a module) defines.
    ``pagination`` names how a list operation pages: ``"offset"`` (v1
    ``start``/``next_start``) or ``"cursor"`` (``cursor``/``next_cursor``).
    ``path_types`` names each path parameter's declared type (``{"id": "int"}``),
    checked before a request is built.
    ``request_type`` names, as ``responses`` do, the type a request body that is a
    discriminated union of models is built as from keyword arguments (the tag
    argument picks the model); see :meth:`request_parser`.
    ``nullable_body`` says whether the request body may be the JSON ``null`` (sent for
    ``body=NULL``).

    A plain class, not a dataclass: a spec's client module makes one per operation
    when it is imported, and a frozen dataclass costs about 1 ms to define (Python
    3.11 compiles each of its methods) and more to make. Its fields are never
    reassigned; two operations are the same only when they are one object.
    """

    __slots__ = (
        "operation_id",
        "method",
        "path",
        "responses",
        "pagination",
        "content_type",
        "models",
        "validators",
        "path_types",
        "server",
        "security",
        "request_type",
        "nullable_body",
        "accept",
        "http_method",
        "_parsers",
        "_request_parser",
    )

    def __init__(
        self,
        operation_id: str,
        method: str,
        path: str,
        responses: Mapping[int | str, DeclaredType],
        pagination: PaginationStyle | None = None,
        content_type: str = "application/json",  # of the request body
        models: str | None = None,  # the module the string types name, imported on use
        validators: str | None = None,  # the generated validators, imported on use
        path_types: Mapping[str, str] | None = None,
        server: str = "",
        security: Security | None = None,
        request_type: str | None = None,
        nullable_body: bool = False,
    ) -> None:
        self.operation_id = operation_id
        self.method = method
        self.path = path
        self.responses = responses
        self.pagination = pagination
        self.content_type = content_type
        self.models = models
        self.validators = validators
        self.path_types: Mapping[str, str] = path_types or {}
        self.server = server
        self.security = security
        self.request_type = request_type
        self.nullable_body = nullable_body
        # The Accept header: JSON, or anything when a success is a download
        # (``bytes``), which a server that honours Accept would otherwise refuse (406).
        downloads = any(
            declared is bytes or declared == "bytes"
            for status, declared in responses.items()
            if status == "2XX" or (isinstance(status, int) and 200 <= status < 300)
        )
        self.accept = "*/*" if downloads else "application/json"
        self.http_method = method.upper()  # as sent: ``GET``
        self._parsers: dict[int, ResponseType] = {}
        self._request_parser: TypeAdapter[Any] | None = None

    def __repr__(self) -> str:
        return f"Operation({self.operation_id!r}, {self.method!r}, {self.path!r})"

    def model_for(self, status_code: int) -> ResponseType:
        """The model for a 2xx ``status_code``: its own, else its range's (``"2XX"``).

        A 2xx status the spec declares neither way uses the model of the only
        declared 2xx status (Pipedrive's v1 add answers 201 where older specs
        say 200); with several or none declared it is ``None``. A type given as a
        string is evaluated (loading its models) on the first call, then kept.
        """
        try:
            return self._parsers[status_code]
        except KeyError:
            pass
        declared: DeclaredType = None
        within = f"{status_code // 100}XX"
        if status_code in self.responses:
            declared = self.responses[status_code]
        elif within in self.responses:
            declared = self.responses[within]
        else:
            successes = {  # "2XX" is not declared, or it would have answered
                model
                for status, model in self.responses.items()
                if isinstance(status, int) and 200 <= status < 300
            }
            if len(successes) == 1:
                declared = next(iter(successes))
        parser = self._resolve(declared)
        self._parsers[status_code] = parser
        return parser

    def request_parser(self) -> TypeAdapter[Any]:
        """What builds the request body from keyword arguments, where the body is a
        discriminated union (``request_type``): evaluated on the first call, then kept.
        """
        if self._request_parser is None:
            if self.request_type is None:
                raise ValueError(f"{self.operation_id} declares no request type")
            declared = eval(self.request_type, {}, _Names(self.models))
            self._request_parser = TypeAdapter(declared)
        return self._request_parser

    def _resolve(self, declared: DeclaredType) -> ResponseType:
        if not isinstance(declared, str):
            return declared
        value = eval(declared, {}, _Names(self.models))  # a type the generator wrote
        if isinstance(value, type) and issubclass(value, BaseModel):
            return value
        return TypeAdapter(value)


class _Names(dict[str, Any]):
    """The names a body's type uses: the models module's, then ``_TYPE_NAMES``, then
    the builtins (``list``, ``str``)."""

    def __init__(self, models: str | None) -> None:
        super().__init__()
        self.models = models

    def __missing__(self, name: str) -> Any:
        if self.models is not None:
            module = import_module(self.models)
            if hasattr(module, name):  # a model, its part loaded now
                return getattr(module, name)
        if name in _TYPE_NAMES:
            module_name, attribute = _TYPE_NAMES[name]
            return getattr(import_module(module_name, __package__), attribute)
        raise KeyError(name)
