"""Where an API lives and how a caller proves who they are: ``servers``, the
``securitySchemes`` and each operation's ``security``, as the IR holds them.

Every scheme becomes a keyword of the client's constructor, named after what the caller
hands it: an ``apiKey`` after its header, query parameter or cookie (a leading ``x-``
dropped: Pipedrive's ``x-api-token`` is ``api_token``), ``http`` bearer as
``bearer_token``, ``openIdConnect`` (sent as a bearer token) as ``access_token``,
``http`` basic as ``basic_auth`` and ``oauth2`` as ``oauth``; two schemes that would take
one keyword each take their own name instead. Server variables are keywords too.

A client runs one OAuth 2.0 app (``oauth=``: it exchanges codes and refreshes tokens at
one token URL), so ``oauth`` is every ``oauth2`` scheme of the package's specs that
names the first one's token URL: those schemes differ only in flows and scopes, and one
token pair serves them all. An ``oauth2`` scheme of another authorization server (or
with no token URL: an implicit flow, which runs in a browser) is its own keyword, the
access token the caller obtained from it (``partner_token=``), sent as a bearer token
(:func:`one_oauth_app`). Specs share a keyword only for credentials of one kind
(:func:`one_kind_per_keyword`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..errors import SpecError
from .model import Api, SecurityScheme, Server, ServerVariable
from .naming import python_identifier

# The constructor keywords of every generated client that do not come from the spec.
CLIENT_KEYWORDS = frozenset(
    {"self", "base_url", "transport", "http_client", "timeout", "max_retries"}
    | {"sleep", "async_sleep", "clock", "jitter", "on_token_refresh"}
    | {"token_refresh_skew", "validate_requests", "validate_responses"}
    | {"oauth_tokens", "options", "allowed_api_domains"}
    | {"max_response_size", "attempt_timeout"}
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_LOCATIONS = ("header", "query", "cookie")

ErrorAt = Callable[..., SpecError]  # (node, message, *pointer tokens) -> SpecError


def servers_of(data: Mapping[str, Any], error: ErrorAt) -> tuple[Server, ...]:
    """The spec's ``servers`` in order, each variable with its keyword."""
    result = []
    taken = CLIENT_KEYWORDS | {s.credential for s in schemes_of(data, error)}
    for index, server in enumerate(data.get("servers") or ()):
        if not isinstance(server, Mapping) or not isinstance(server.get("url"), str):
            raise error(data, "a server needs a 'url'", "servers", index)
        url = server["url"]
        declared = server.get("variables") or {}
        variables = []
        for name in dict.fromkeys(_PLACEHOLDER.findall(url)):
            variable = declared.get(name)
            if not isinstance(variable, Mapping) or "default" not in variable:
                raise error(
                    data,
                    f"server variable {name!r} needs a 'default' under 'variables'",
                    "servers",
                    index,
                    "url",
                )
            values = tuple(str(value) for value in variable.get("enum") or ())
            default = str(variable["default"])
            if values and default not in values:
                raise error(
                    data,
                    f"default {default!r} is not one of the variable's enum values",
                    *("servers", index, "variables", name, "default"),
                )
            variables.append(
                ServerVariable(
                    name=name,
                    python_name=python_identifier(name, taken),
                    default=default,
                    values=values,
                    description=_text(variable.get("description")),
                )
            )
        result.append(Server(url, _text(server.get("description")), tuple(variables)))
    return tuple(result)


def schemes_of(data: Mapping[str, Any], error: ErrorAt) -> tuple[SecurityScheme, ...]:
    """Every ``components/securitySchemes`` entry, in the spec's order."""
    declared = (data.get("components") or {}).get("securitySchemes") or {}
    drafts = [_scheme(str(name), spec, error) for name, spec in declared.items()]
    preferred: dict[str, int] = {}
    for draft in drafts:
        if draft.kind != "oauth2":  # oauth2 schemes: see one_oauth_app
            preferred[draft.credential] = preferred.get(draft.credential, 0) + 1
    result = []
    taken = set(CLIENT_KEYWORDS | {"oauth"})
    for draft in drafts:
        credential = draft.credential
        if credential in taken or preferred.get(credential, 0) > 1:
            if draft.kind != "oauth2":
                credential = python_identifier(draft.name, frozenset(taken))
        taken.add(credential)
        result.append(replace(draft, credential=credential))
    return tuple(result)


def one_oauth_app(apis: tuple[Api, ...]) -> tuple[Api, ...]:
    """``apis`` with every ``oauth2`` scheme the client's one OAuth app cannot serve made
    a bearer-token keyword of its own: the app is the first ``oauth2`` scheme (of the
    specs in order) with a token URL, and serves every scheme with that token URL; the
    schemes of another token URL (else authorization URL) share one keyword."""
    oauth2 = [s for api in apis for s in api.security_schemes if s.kind == "oauth2"]
    app = next((scheme.token_url for scheme in oauth2 if scheme.token_url), None)
    if not oauth2 or (app and all(scheme.token_url == app for scheme in oauth2)):
        return apis
    taken = _keywords(apis)
    keywords: dict[str, str] = {}  # by token (else authorization) URL
    result = []
    for api in apis:
        schemes = []
        for scheme in api.security_schemes:
            issuer = scheme.token_url or scheme.authorization_url
            if scheme.kind == "oauth2" and (not app or scheme.token_url != app):
                if issuer is None or issuer not in keywords:
                    name = f"{scheme.name}_token"
                    credential = python_identifier(name, frozenset(taken))
                    taken.add(credential)
                    if issuer is not None:
                        keywords[issuer] = credential
                else:
                    credential = keywords[issuer]
                scheme = replace(scheme, kind="bearer", credential=credential)
            schemes.append(scheme)
        result.append(replace(api, security_schemes=tuple(schemes)))
    return tuple(result)


def one_kind_per_keyword(apis: tuple[Api, ...]) -> tuple[Api, ...]:
    """``apis`` with each keyword that schemes of several specs share taking one kind of
    credential: a scheme of a later spec whose keyword an earlier spec's scheme of
    another kind has (an apiKey header ``Basic-Auth`` beside http basic, both
    ``basic_auth``) takes a keyword named after the first spec of its kind
    (``two_basic_auth``, which a third spec's basic scheme shares); schemes of one kind
    share theirs (v1's and v2's ``api_token``)."""
    taken = _keywords(apis)
    kinds: dict[str, str] = {}  # keyword -> the kind of credential it takes
    renamed: dict[tuple[str, str], str] = {}  # (keyword, another kind) -> its own
    result = []
    for api in apis:
        schemes = []
        for scheme in api.security_schemes:
            key = (scheme.credential, scheme.kind)
            if scheme.kind != "oauth2" and kinds.setdefault(*key) != scheme.kind:
                if key not in renamed:  # the first spec of this kind names it
                    name = f"{api.name}_{scheme.credential}"
                    renamed[key] = python_identifier(name, frozenset(taken))
                    taken.add(renamed[key])
                    kinds[renamed[key]] = scheme.kind
                scheme = replace(scheme, credential=renamed[key])
            schemes.append(scheme)
        result.append(replace(api, security_schemes=tuple(schemes)))
    return tuple(result)


def _keywords(apis: tuple[Api, ...]) -> set[str]:
    """Every constructor keyword of the client of ``apis``: a keyword one of them
    makes must be none of these."""
    taken = set(CLIENT_KEYWORDS | {"oauth"})
    for api in apis:
        taken |= {scheme.credential for scheme in api.security_schemes}
        taken |= {v.python_name for server in api.servers for v in server.variables}
    return taken


def requirements_of(
    operation: Mapping[str, Any],
    data: Mapping[str, Any],
    schemes: tuple[SecurityScheme, ...],
    error: ErrorAt,
) -> tuple[tuple[str, ...], ...]:
    """The operation's ``security`` (else the spec's): each alternative's scheme names."""
    owner = operation if "security" in operation else data
    requirements = owner.get("security") or ()
    known = {scheme.name for scheme in schemes}
    result = []
    for index, requirement in enumerate(requirements):
        if not isinstance(requirement, Mapping):
            raise error(owner, "a security requirement must be an object", "security")
        for name in requirement:
            if name not in known:
                raise error(
                    owner,
                    f"security scheme {name!r} is not in components/securitySchemes",
                    "security",
                    index,
                )
        result.append(tuple(str(name) for name in requirement))
    return tuple(result)


def _scheme(name: str, spec: Any, error: ErrorAt) -> SecurityScheme:
    if not isinstance(spec, Mapping):
        raise error(spec, f"security scheme {name!r} must be an object")
    kind = spec.get("type")
    description = _text(spec.get("description"))
    if kind == "apiKey":
        where, parameter = spec.get("in"), spec.get("name")
        if where not in _LOCATIONS or not isinstance(parameter, str) or not parameter:
            raise error(
                spec, "an apiKey scheme needs 'name' and 'in' (header, query or cookie)"
            )
        keyword = re.sub(r"^[xX]-", "", parameter)
        return SecurityScheme(
            name,
            "apiKey",
            python_identifier(keyword),
            where=where,
            parameter=parameter,
            description=description,
        )
    if kind == "http":
        scheme = str(spec.get("scheme", "")).lower()
        if scheme == "bearer":
            return SecurityScheme(
                name, "bearer", "bearer_token", description=description
            )
        if scheme == "basic":
            return SecurityScheme(name, "basic", "basic_auth", description=description)
        raise error(
            spec, f"http scheme {scheme!r} is not supported (bearer, basic)", "scheme"
        )
    if kind == "openIdConnect":
        return SecurityScheme(name, "bearer", "access_token", description=description)
    if kind == "oauth2":
        flows = spec.get("flows") or {}
        code = flows.get("authorizationCode") or flows.get("implicit") or {}
        token_url = code.get("tokenUrl") or next(
            (flow.get("tokenUrl") for flow in flows.values() if "tokenUrl" in flow),
            None,
        )
        # The client asks for its own token (the client credentials grant) only at
        # the token URL it uses for the rest.
        own = flows.get("clientCredentials") or {}
        return SecurityScheme(
            name,
            "oauth2",
            "oauth",
            authorization_url=_text(code.get("authorizationUrl")),
            token_url=_text(token_url),
            client_credentials=bool(own) and own.get("tokenUrl") == token_url,
            description=description,
        )
    raise error(
        spec,
        f"security scheme type {kind!r} is not supported "
        "(apiKey, http, oauth2, openIdConnect)",
        "type",
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
