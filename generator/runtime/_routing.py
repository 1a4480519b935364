"""Where one client's requests go, and with which credentials.

:class:`Router` holds what a client was given for it (the base URL, the server
variables' values, the credentials, the OAuth auth) and works out, on an operation's
first request, its :class:`Route`: the server URL as the base URL places it and where
its credentials go; :meth:`Router.url` joins a route and a path, under the OAuth
``api_domain`` once the token response named one, and :func:`moved_request` moves
there a request built before it did (as the OAuth flow sends it). ``_servers.py``
fills a server URL, ``_security.py`` chooses and places the credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from ._operation import Operation
from ._request import join_url
from ._security import PIPEDRIVE_SECURITY, Credentials, Placed
from ._servers import fill_server, operation_base, under_api

if TYPE_CHECKING:  # OAuth loads only for a client made with OAuth credentials
    from ._auth import OAuth2Auth

__all__ = ["Route", "Router", "moved_request", "normal_url"]


class Router:
    """Where a client's requests go: its ``base_url`` (the OAuth ``api_domain`` once
    known), and each operation's :class:`Route`, kept once worked out (by the
    operation's id: the route holds the operation, so the id stays its own)."""

    __slots__ = (
        "default_base",
        "server_choices",
        "given_base",
        "server_values",
        "credentials",
        "auth",
        "routes",
    )

    def __init__(
        self,
        default_base: str,
        server_choices: Mapping[str, tuple[str, ...]],
        base_url: str,
        server_values: Mapping[str, str],
        credentials: Credentials,
        auth: OAuth2Auth | None,
    ) -> None:
        self.default_base = default_base
        self.server_choices = server_choices
        self.given_base = base_url.rstrip("/")
        self.server_values = server_values
        self.credentials = credentials
        self.auth = auth
        self.routes: dict[int, Route] = {}

    @property
    def base_url(self) -> str:
        """Where requests go: the OAuth ``api_domain`` once known, else ``base_url``."""
        api_domain = self.api_domain()
        return api_domain if api_domain is not None else self.given_base

    def api_domain(self) -> str | None:
        if self.auth is not None:
            tokens = self.auth.tokens
            if tokens is not None and tokens.api_domain:
                return tokens.api_domain.rstrip("/")
        return None

    def route_for(self, operation: Operation) -> Route:
        """The operation's :class:`Route` on this client, kept once worked out (a
        server variable's value or a credential that the spec's places refuse raises,
        on every request)."""
        route = self.routes.get(id(operation))
        if route is not None and route.operation is operation:
            return route
        base, server = operation_base(
            operation.server, self.default_base, self.given_base
        )
        server = fill_server(server, self.server_values, self.server_choices)
        security = operation.security
        if security is None:
            security = PIPEDRIVE_SECURITY
        oauth = self.auth is not None
        placed = self.credentials.place(self.credentials.choose(security, oauth))
        auth = self.auth if placed.oauth else None
        route = Route(operation, base, server, placed, auth)
        self.routes[id(operation)] = route
        return route

    def url(self, route: Route, path: str) -> str:
        """The operation's server URL, variables filled, as the base URL places it,
        then ``path``; under an OAuth ``api_domain``, Pipedrive's ``/api`` paths."""
        api_domain = self.api_domain()
        if api_domain is not None and route.base == self.given_base:
            return join_url(api_domain, under_api(join_url("", route.server + path)))
        if route.prefix is not None:
            return route.prefix + path
        if not route.base:  # a server of its own origin: its URL, then the path
            return join_url(route.server, path)
        return join_url(route.base, route.server + path)


class Route:
    """What every request of one operation shares on one client, worked out on its first
    request: its base URL and server part (variables filled), their join when a path
    simply follows it (``prefix``), where its credentials go (``placed``) and the auth
    it is sent with (``auth``: httpx's marker for the http client's own, unless the
    credentials chosen are OAuth's). The client's base URL, server values and
    credentials never change."""

    __slots__ = ("operation", "base", "server", "prefix", "placed", "auth")

    def __init__(
        self,
        operation: Operation,
        base: str,
        server: str,
        placed: Placed,
        auth: OAuth2Auth | None,
    ) -> None:
        self.operation = operation
        self.base = base
        self.server = server
        # join_url(base, server + path) is base, "/", the server without its leading
        # slashes, then the path, where the server part is more than slashes.
        stripped = server.lstrip("/")
        self.prefix = base.rstrip("/") + "/" + stripped if base and stripped else None
        self.placed = placed
        self.auth = auth_or_default(auth)


def auth_or_default(auth: httpx.Auth | None) -> Any:
    """``auth``, or httpx's marker for "the http client's own auth"."""
    return httpx.USE_CLIENT_DEFAULT if auth is None else auth


def normal_url(url: str) -> str:
    """``url`` as httpx writes a request's: host in lower case, no default port."""
    return str(httpx.URL(url)).rstrip("/")


def moved_request(
    request: httpx.Request, bases: set[str], api_domain: str
) -> httpx.Request:
    """``request`` addressed to ``api_domain`` in place of the longest of ``bases``
    its URL starts with, its path under ``/api`` as the api_domain serves it (the same
    request if it starts with none of them)."""
    url = str(request.url)
    current = normal_url(api_domain)
    if url.startswith(current + "/"):
        return request
    for base in sorted(bases, key=len, reverse=True):
        if url.startswith(base + "/"):
            target = httpx.URL(current + under_api(url[len(base) :]))
            headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"host"]
            return httpx.Request(
                request.method,
                target,
                headers=[(b"Host", target.netloc), *headers],
                stream=request.stream,
                extensions=request.extensions,
            )
    return request
