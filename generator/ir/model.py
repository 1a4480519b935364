"""The intermediate representation: what every stage after ``build`` and every template sees.

Frozen dataclasses holding tuples; no raw spec dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Callable, Literal, Union

from ..errors import SpecError
from ..runtime._checks import EMAIL, UUID, is_date, is_date_time

JsonScalar = Union[str, int, float, bool, None]
Kind = Literal["request", "response"]


@dataclass(frozen=True)
class Location:
    file: str
    pointer: str
    line: int | None


@dataclass(frozen=True)
class Constraints:
    """JSON Schema checks that do not change the Python type."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    multiple_of: float | None = None


@dataclass(frozen=True)
class Primitive:
    """``string``, ``integer``, ``number``, ``boolean``, or ``any`` (no type at all)."""

    type: Literal["string", "integer", "number", "boolean", "any"]
    format: str | None = None
    constraints: Constraints = field(default_factory=Constraints)


# Formats of a string the models type as a value parsed from its text (``date``,
# ``datetime``, ``time``, ``UUID``), which takes no other text; ``binary`` is typed
# ``bytes`` (any text), every other format ``str``.
PARSED_FORMATS = frozenset({"date", "date-time", "time", "uuid"})

# What a string of a format the validators check must be (their own tests, as
# ``render.validators.rules`` writes them): what the tag warnings and ``diff`` ask.
FORMAT_TESTS: dict[str, Callable[[str], bool]] = {
    "date": is_date,
    "date-time": is_date_time,
    "uuid": lambda text: UUID.fullmatch(text) is not None,
    "email": lambda text: EMAIL.fullmatch(text) is not None,
}


@dataclass(frozen=True)
class Choice:
    """A fixed set of values (``enum``). ``open`` accepts values the spec does not list."""

    type: Literal["string", "integer", "number", "boolean", "any"]
    values: tuple[JsonScalar, ...]
    open: bool = False
    # Which values are booleans, so that choices compare as JSON does: Python takes
    # ``(True,)`` for ``(1,)``.
    booleans: tuple[bool, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        booleans = tuple(isinstance(value, bool) for value in self.values)
        object.__setattr__(self, "booleans", booleans)


@dataclass(frozen=True)
class ArrayOf:
    item: TypeRef
    constraints: Constraints = field(default_factory=Constraints)
    nullable_items: bool = False  # an item may be null (``items: {nullable: true}``)


@dataclass(frozen=True)
class MapOf:
    """An object keyed by arbitrary strings, or by ids (``key="integer"``)."""

    key: Literal["string", "integer"]
    value: TypeRef
    nullable_values: bool = False  # a value may be null


@dataclass(frozen=True)
class ModelRef:
    name: str


@dataclass(frozen=True)
class Discriminator:
    """``discriminator``: the property whose value names the alternative of a union."""

    property: str  # the tag's JSON key
    tags: tuple[tuple[str, int], ...]  # tag value -> index of its alternative
    # The alternative a response with a tag the spec does not map parses as (the
    # base model of an allOf hierarchy, or any object); None: an unknown tag is an error.
    fallback: int | None = None
    # An allOf hierarchy's base (the schema the discriminator sits on, which others
    # extend): what a value must fit, the tag only choosing the model it parses as.
    # Outside oneOf/anyOf a discriminator is a hint (OpenAPI 3.1; openapi-core reads
    # 3.0 so too), so the validators check the base alone. None: a oneOf/anyOf.
    base: TypeRef | None = None


@dataclass(frozen=True)
class UnionOf:
    options: tuple[TypeRef, ...]
    exclusive: bool = False  # oneOf rather than anyOf
    discriminator: Discriminator | None = None


@dataclass(frozen=True)
class AliasRef:
    """A named type (an :class:`Alias`): a type that holds itself with no model between."""

    name: str


TypeRef = Union[Primitive, Choice, ArrayOf, MapOf, ModelRef, UnionOf, AliasRef]


@dataclass(frozen=True)
class Field:
    name: str  # as the spec writes it (the JSON key)
    type: TypeRef
    required: bool
    nullable: bool  # what the spec says; response models accept null everywhere anyway
    description: str | None
    location: Location
    # ``(value,)``: the value the field takes when none is given (a request model's
    # discriminator tag); ``()``: none.
    default: tuple[JsonScalar, ...] = ()
    # A request model's discriminator tag is typed the ``Literal`` of the values that
    # pick its model (``type``); this is the type the spec gives it, which the
    # validators check. None: ``type`` is the spec's.
    spec_type: TypeRef | None = None


@dataclass(frozen=True)
class Presence:
    """An object's ``anyOf`` (or ``oneOf``: ``exclusive``) whose alternatives only say
    which properties must be present (``anyOf: [{required: [id]}, {required: [name]}]``):
    the names of one alternative (exactly one, for ``oneOf``) must all be there."""

    exclusive: bool
    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Model:
    name: str
    kind: Kind
    fields: tuple[Field, ...]
    extra: TypeRef | bool  # additionalProperties: False, True (anything) or a schema
    description: str | None
    location: Location
    nullable_extra: bool = False  # an extra property's value may be null
    presence: tuple[Presence, ...] = ()  # checked by the validators, not the models


@dataclass(frozen=True)
class Alias:
    """A type that holds itself through arrays, maps and unions alone, with no object
    of named properties between (a map of itself or a string, a list of lists): a
    recursive type alias, which ``type`` refers to by ``AliasRef(name)``. Null is no
    value of it: a reference says where null is allowed, as for any type.

    A component schema that is no model is an alias too (``recursive`` False), so that
    every component name is importable from the models."""

    name: str
    kind: Kind
    type: TypeRef  # an array, a map or a union: a reference to itself is inside one
    description: str | None
    location: Location
    # False: a component schema that is no model (a union, an array, a map, a scalar)
    # under its own name, holding no reference to itself; null is a value of it where
    # ``nullable`` says so (a reference to it never does: none is made).
    recursive: bool = True
    nullable: bool = False
    # Of a component that is no model: an operation's types hold it, or another
    # component's (a model's field), written out where they do (a reference to it
    # names no alias), at any depth.
    used: bool = False


@dataclass(frozen=True)
class Parameter:
    name: str  # as the spec writes it
    python_name: str
    where: Literal["path", "query", "header", "cookie"]
    type: TypeRef
    required: bool
    nullable: bool
    description: str | None
    # Set when the spec gives ``content`` instead of ``schema``: the value is sent
    # serialized as this media type (``application/json``) rather than as a plain value.
    content_type: str | None = None
    style: str | None = None  # as the spec writes them; None: the default for ``where``
    explode: bool | None = None


@dataclass(frozen=True)
class Body:
    content_type: str
    type: TypeRef
    required: bool
    nullable: bool = False
    description: str | None = None  # a request body's, as the spec writes it
    # The alias of the component the spec types it with, where that component is no
    # model (``Node``, a union): what signatures call its type. None: spelled out.
    named: str | None = None


@dataclass(frozen=True)
class Response:
    status: int | str  # 201, a range ("2XX"), or "default"
    description: str | None
    body: Body | None

    @property
    def is_success(self) -> bool:
        """A 2xx status, or the range of them."""
        status = self.status
        return status == "2XX" or (isinstance(status, int) and 200 <= status < 300)


@dataclass(frozen=True)
class ServerVariable:
    """A ``{name}`` of a server URL: a keyword of the client's constructor."""

    name: str  # as the URL writes it
    python_name: str
    default: str
    values: tuple[str, ...]  # the spec's ``enum``; empty: any value
    description: str | None


@dataclass(frozen=True)
class Server:
    url: str  # as the spec writes it, ``{name}`` placeholders kept
    description: str | None
    variables: tuple[ServerVariable, ...]

    @property
    def default_url(self) -> str:
        """The URL with each variable at its default."""
        url = self.url
        for variable in self.variables:
            url = url.replace("{" + variable.name + "}", variable.default)
        return url


@dataclass(frozen=True)
class SecurityScheme:
    """One entry of ``components/securitySchemes``, as the client sends it.

    ``kind``: ``apiKey``; ``bearer`` (``http`` bearer, and ``openIdConnect``, whose
    token goes as a bearer token); ``basic``; or ``oauth2``. ``credential`` is the
    client constructor's keyword that takes its secret.
    """

    name: str  # the key in ``components/securitySchemes``
    kind: Literal["apiKey", "bearer", "basic", "oauth2"]
    credential: str
    where: Literal["header", "query", "cookie"] = "header"  # of an apiKey
    parameter: str = ""  # the header, query parameter or cookie of an apiKey
    authorization_url: str | None = None  # of an oauth2 authorizationCode flow
    token_url: str | None = None  # of an oauth2 flow
    # an oauth2 scheme with a clientCredentials flow at ``token_url``
    client_credentials: bool = False
    description: str | None = None


@dataclass(frozen=True)
class Operation:
    operation_id: str
    python_name: str
    method: str  # upper case
    path: str  # as the spec writes it: the server's URL is not part of it
    summary: str | None
    deprecated: bool
    parameters: tuple[Parameter, ...]
    request_body: Body | None
    responses: tuple[Response, ...]
    location: Location
    # Who may call it: alternatives, each the names of the schemes it needs together
    # (the operation's ``security``, else the spec's); an empty alternative or none
    # at all: no credentials needed.
    security: tuple[tuple[str, ...], ...] = ()
    description: str | None = None  # as the spec writes it
    # The first of the operation's own ``servers`` (else its path item's), variables
    # filled with their defaults; None: the spec's.
    server: str | None = None


@dataclass(frozen=True)
class Api:
    """Everything generated from one spec: one subpackage."""

    name: str  # the subpackage, e.g. "v1"
    title: str
    sha256: str
    models: tuple[Model, ...]
    operations: tuple[Operation, ...]
    servers: tuple[Server, ...] = ()  # in the spec's order: the first is the default
    security_schemes: tuple[SecurityScheme, ...] = ()  # those operations use, by name
    # recursive types with no model between, and components that are no model, by name
    aliases: tuple[Alias, ...] = ()
    # what the spec says that is generated otherwise than it reads, located
    warnings: tuple[SpecError, ...] = ()

    @property
    def server_url(self) -> str:
        """The first server's URL as the spec writes it (``""``: none given)."""
        return self.servers[0].url if self.servers else ""


def leaves(type_: TypeRef, bases: bool = False) -> Iterator[TypeRef]:
    """The types ``type_`` is made of that hold no other type (models, aliases, enums,
    scalars), at any depth of arrays, maps and unions; ``bases``: and of the allOf
    base of a discriminated union (which no annotation names, but the validators
    check and ``diff`` compares)."""
    if isinstance(type_, ArrayOf):
        yield from leaves(type_.item, bases)
    elif isinstance(type_, MapOf):
        yield from leaves(type_.value, bases)
    elif isinstance(type_, UnionOf):
        for option in type_.options:
            yield from leaves(option, bases)
        base = type_.discriminator.base if type_.discriminator else None
        if bases and base is not None:
            yield from leaves(base, bases)
    else:
        yield type_


def held_types(named: Model | Alias) -> tuple[TypeRef, ...]:
    """The types a model's fields and other properties hold, or an alias is."""
    if isinstance(named, Alias):
        return (named.type,)
    extra = () if isinstance(named.extra, bool) else (named.extra,)
    return (*(field.type for field in named.fields), *extra)
