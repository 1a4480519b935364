"""What the package's client classes print: their name, the base URL they stand for,
and a constructor keyword for each credential and server variable the specs give.

A package of several specs has one client and one base URL: the part the specs' first
server URLs share (Pipedrive's ``https://api.pipedrive.com/v1`` and
``https://api.pipedrive.com/api/v2`` share ``https://api.pipedrive.com``); each
operation goes to that base URL, then the rest of its spec's server URL, then its path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..ir.model import Api, SecurityScheme, Server
from ..ir.naming import free_name, pascal_case
from .exports import operations_class_name
from .literals import literal

_ANNOTATIONS = {
    "apiKey": "str | Secret | None",
    "bearer": "str | Secret | None",
    "basic": "tuple[str, str | Secret] | None",
}


@dataclass(frozen=True)
class CredentialOption:
    keyword: str
    annotation: str
    doc: str  # where it goes, for the class docstring


@dataclass(frozen=True)
class VariableOption:
    keyword: str
    name: str  # as a literal: the placeholder's name
    annotation: str
    default: str  # as a literal
    values: str  # the enum as a tuple literal; "()" for any value
    doc: str


def operations_class(api: Api) -> str:
    """The class of ``api``'s operations in its client module (``V1Operations``; its
    asyncio twin is ``Async`` before it): an underscore added while a model or alias
    of the spec has either name, as the module imports those."""
    named = [model.name for model in api.models] + [a.name for a in api.aliases]
    taken = {*named, *(name.removeprefix("Async") for name in named)}
    return free_name(operations_class_name(api.name), taken)


@dataclass(frozen=True)
class ClientClass:
    name: str  # PipedriveClient
    async_name: str  # AsyncPipedriveClient
    default_base: str  # a literal: the URL ``base_url`` stands for, placeholders kept
    servers: tuple[str, ...]  # every server of every spec, for the docstring
    credentials: tuple[CredentialOption, ...]
    variables: tuple[VariableOption, ...]
    oauth: bool  # a spec has an oauth2 scheme: ``oauth=``, ``oauth_tokens=``
    token_url: str | None  # a literal, the spec's; None keeps the runtime's
    client_credentials: bool  # the app may ask for a token with its own credentials
    authorization_url: str | None  # a literal, the spec's
    uses_literal: bool
    uses_secret: bool
    example_options: str  # for the package's docstring: ``api_token="..."``
    example_call: str  # ``v1.get_activity(...)``
    operations: dict[str, str]  # each spec's operations class, by the spec's name


def client_class(name: str, apis: Iterable[Api]) -> ClientClass:
    apis = tuple(apis)
    credentials: dict[str, CredentialOption] = {}
    token_url = authorization_url = None
    client_credentials = False
    for scheme in (s for api in apis for s in api.security_schemes):
        if scheme.kind == "oauth2":
            token_url = token_url or scheme.token_url
            authorization_url = authorization_url or scheme.authorization_url
            client_credentials = client_credentials or scheme.client_credentials
        elif scheme.credential not in credentials:
            credentials[scheme.credential] = CredentialOption(
                scheme.credential, _ANNOTATIONS[scheme.kind], _where(scheme)
            )
    firsts = [api.servers[0] for api in apis if api.servers]
    variables = _variables(firsts)
    return ClientClass(
        name=name,
        async_name="Async" + name,
        default_base=literal(shared_base([server.url for server in firsts])),
        servers=tuple(
            dict.fromkeys(
                f"{server.url} ({api.name})" for api in apis for server in api.servers
            )
        ),
        credentials=tuple(credentials.values()),
        variables=variables,
        oauth=any(s.kind == "oauth2" for api in apis for s in api.security_schemes),
        token_url=None if token_url is None else literal(token_url),
        client_credentials=client_credentials,
        authorization_url=(
            None if authorization_url is None else literal(authorization_url)
        ),
        uses_literal=any(variable.values != "()" for variable in variables),
        uses_secret=bool(credentials),
        example_options=next(
            (
                f'{c.keyword}="..."'
                for c in credentials.values()
                if "str" in c.annotation
            ),
            "",
        ),
        example_call=next(
            (
                f"{api.name}.{api.operations[0].python_name}(...)"
                for api in apis
                if api.operations
            ),
            f"{apis[0].name}" if apis else "",
        ),
        operations={api.name: operations_class(api) for api in apis},
    )


def client_name(package: str) -> str:
    """``pipedrive_client`` -> ``PipedriveClient``; ``acme`` -> ``AcmeClient``."""
    name = pascal_case(package)
    return name if name.endswith("Client") else name + "Client"


def shared_base(urls: list[str]) -> str:
    """The part of the absolute ``urls`` they share, cut at a ``/``: the whole URL of
    one; the first URL when they share no host (the others go to their own)."""
    absolute = [url.rstrip("/") for url in urls if "://" in url]
    if len(absolute) <= 1:
        return absolute[0] if absolute else ""
    common: list[str] = []
    for column in zip(*(url.split("/") for url in absolute)):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    if len(common) < 3:  # "https:", "", "host": no host in common
        return absolute[0]
    return "/".join(common)


def _variables(servers: list[Server]) -> tuple[VariableOption, ...]:
    found: dict[str, VariableOption] = {}
    for server in servers:
        for variable in server.variables:
            if variable.python_name in found:
                continue
            values = variable.values
            annotation = (
                f"Literal[{', '.join(map(literal, values))}]" if values else "str"
            )
            doc = f"``{variable.python_name}`` fills ``{{{variable.name}}}``"
            if values:
                doc += f" (one of {', '.join(values)})"
            found[variable.python_name] = VariableOption(
                keyword=variable.python_name,
                name=literal(variable.name),
                annotation=annotation,
                default=literal(variable.default),
                values=_tuple([literal(value) for value in values]),
                doc=doc,
            )
    return tuple(found.values())


def _tuple(items: list[str]) -> str:
    """``()``, ``("a",)``, ``("a", "b")``: a tuple's source."""
    if len(items) == 1:
        return f"({items[0]},)"
    return f"({', '.join(items)})"


def _where(scheme: SecurityScheme) -> str:
    if scheme.kind == "apiKey":
        return f"``{scheme.credential}``: sent in {scheme.where} {scheme.parameter}"
    if scheme.kind == "basic":
        return f"``{scheme.credential}``: (user, password), sent as HTTP basic auth"
    issuer = scheme.token_url or scheme.authorization_url
    if issuer:  # an oauth2 scheme the client's OAuth app does not serve
        return (
            f"``{scheme.credential}``: an OAuth 2.0 access token from {issuer}, "
            "sent as a bearer token"
        )
    return f"``{scheme.credential}``: sent as a bearer token"
