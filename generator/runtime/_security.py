"""Credentials as the spec's ``securitySchemes`` say to send them, per operation.

Each operation names who may call it (its ``security``, else the spec's): alternatives,
each a tuple of :class:`Scheme` needed together. The client sends the first alternative
whose credentials it holds: an ``apiKey`` in its header, query parameter or cookie, a
bearer token (``http`` bearer, ``openIdConnect``) or basic credentials in
``Authorization``, or OAuth 2.0 through :class:`~._auth.OAuth2Auth`. An operation that
needs none (``security: []``) is sent without any; one whose alternatives the client
holds no credentials for is sent without them too, and the server says no.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from typing import Literal, Union

import httpx

from ._redact import MASK, Secret, checked_secret

Kind = Literal["apiKey", "bearer", "basic", "oauth2"]
Where = Literal["header", "query", "cookie"]
# What a caller gives for one credential: a token, or a (user, password) pair.
Credential = Union[str, Secret, tuple[str, Union[str, Secret]]]
# Patterns as text, used through ``re``'s functions: compiled (and cached by ``re``)
# on first use, not each time the client is imported.
# RFC 6265's cookie-octet: what a cookie value may hold unquoted.
_COOKIE_VALUE = r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"
# RFC 7230's token: what a cookie's name may be.
_COOKIE_NAME = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"


class Scheme:
    """One security scheme of the spec: what to send (``credential`` names the client
    keyword whose value it is), and where (an ``apiKey``'s ``where`` and ``name``).

    Plain classes, this and :class:`Placed`, not frozen dataclasses: a spec's client
    module makes its schemes when it is imported, and a frozen dataclass costs about
    1 ms to define (Python 3.11 compiles each of its methods). Neither is changed
    once made."""

    __slots__ = ("credential", "kind", "where", "name")

    def __init__(
        self, credential: str, kind: Kind, where: Where = "header", name: str = ""
    ) -> None:
        self.credential = credential
        self.kind = kind
        self.where = where
        self.name = name

    def __repr__(self) -> str:
        return (
            f"Scheme({self.credential!r}, {self.kind!r}, {self.where!r}, "
            f"{self.name!r})"
        )


Requirement = tuple[Scheme, ...]
Security = tuple[Requirement, ...]

# Pipedrive's: an api token in ``x-api-token``, or OAuth. An operation made by hand,
# with no ``security`` of its own, is sent this way.
PIPEDRIVE_SECURITY: Security = (
    (Scheme("api_token", "apiKey", "header", "x-api-token"),),
    (Scheme("oauth", "oauth2"),),
)


class Placed:
    """Where credentials go on the requests of an operation (a client works it out
    once per operation: its credentials never change); each part ``(name, value)``
    pairs, and the cookies as the ``Cookie`` header's text (``cookie``: made and
    checked here, once). Its ``repr`` names where they go, never the values."""

    __slots__ = ("headers", "params", "cookies", "cookie", "oauth")

    def __init__(
        self,
        headers: tuple[tuple[str, str], ...] = (),
        params: tuple[tuple[str, str], ...] = (),
        cookies: tuple[tuple[str, str], ...] = (),
        oauth: bool = False,  # whether the OAuth flow authorizes it
    ) -> None:
        self.headers = headers
        self.params = params
        self.cookies = cookies
        self.cookie = cookie_header(cookies) if cookies else ""
        self.oauth = oauth

    def __repr__(self) -> str:
        where = [
            f"{part}={[name for name, _ in pairs]!r}"
            for part, pairs in (
                ("headers", self.headers),
                ("params", self.params),
                ("cookies", self.cookies),
            )
        ]
        return f"Placed({', '.join(where)}, oauth={self.oauth})"


class Credentials:
    """The credentials a client holds, by keyword; each value is a :class:`Secret`
    (a basic pair's password too) and leaves only onto the wire."""

    def __init__(self, values: Mapping[str, Credential | None]) -> None:
        self._values: dict[str, Secret | tuple[str, Secret]] = {}
        self._query_names: set[str] = set()  # the query parameters a key went in
        for name, value in values.items():
            if value is None:
                continue
            if isinstance(value, tuple):
                user, password = value
                if not isinstance(user, str) or ":" in user or not _printable(user):
                    raise ValueError(
                        f"{name}: the user name must be printable text without ':'"
                    )
                self._values[name] = (user, _password(name, password))
            else:
                self._values[name] = checked_secret(name, value)
        found: list[Secret] = []
        for held in self._values.values():
            if isinstance(held, tuple):  # the password, and the pair as it is sent
                found += [held[1], Secret(_basic(held))]
            else:
                found.append(held)
        self._secrets = tuple(found)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    @property
    def secrets(self) -> tuple[Secret, ...]:
        """The values to mask wherever text leaves the client."""
        return self._secrets

    def choose(self, security: Security, oauth: bool) -> Requirement:
        """The first alternative of ``security`` whose credentials are all here (an
        alternative that needs some before one that needs none); else none."""
        for requirement in security:
            if requirement and all(
                (oauth if scheme.kind == "oauth2" else scheme.credential in self)
                for scheme in requirement
            ):
                return requirement
        return ()

    def place(self, requirement: Requirement) -> Placed:
        """The headers, query parameters and cookies that carry ``requirement``."""
        headers: dict[str, str] = {}
        params: list[tuple[str, str]] = []
        cookies: dict[str, str] = {}
        oauth = False
        for scheme in requirement:
            if scheme.kind == "oauth2":
                oauth = True
                continue
            value = self._values[scheme.credential]
            if isinstance(value, tuple):
                headers["Authorization"] = "Basic " + _basic(value)
            elif scheme.kind == "bearer":
                headers["Authorization"] = "Bearer " + value.reveal()
            elif scheme.where == "query":
                params.append((scheme.name, value.reveal()))
                self._query_names.add(scheme.name)
            elif scheme.where == "cookie":
                if not re.fullmatch(_COOKIE_VALUE, value.reveal()):
                    raise ValueError(
                        f"{scheme.credential} cannot be sent as a cookie: it holds "
                        "a character a cookie value may not"
                    )
                cookies[scheme.name] = value.reveal()
            else:
                headers[scheme.name] = value.reveal()
        return Placed(
            tuple(headers.items()), tuple(params), tuple(cookies.items()), oauth
        )

    def masked(self, url: httpx.URL) -> httpx.URL:
        """``url`` with the query parameters that carry a key masked, as every URL the
        client shows (logs, errors, raw responses) must be."""
        names = self._query_names
        if not names or not any(name in url.params for name in names):
            return url
        params = [
            (name, MASK if name in names else value)
            for name, value in url.params.multi_items()
        ]
        return url.copy_with(params=params)

    def __repr__(self) -> str:
        return "Credentials(" + ", ".join(f"{n}='***'" for n in self._values) + ")"


def cookie_header(cookies: Iterable[tuple[str, str]]) -> str:
    """``a=1; b=2`` of ``(name, value)`` pairs, each checked to be one a cookie may
    hold."""
    pairs = tuple(cookies)
    for name, value in pairs:
        if not re.fullmatch(_COOKIE_VALUE, value) or not re.fullmatch(
            _COOKIE_NAME, name
        ):
            raise ValueError(
                f"cookie {name!r} holds a character a cookie value may not"
            )
    return "; ".join(f"{name}={value}" for name, value in pairs)


def _basic(pair: tuple[str, Secret]) -> str:
    """``user:password`` in base64, as HTTP basic auth sends it."""
    text = f"{pair[0]}:{pair[1].reveal()}"
    return base64.b64encode(text.encode()).decode("ascii")


def _password(name: str, value: str | Secret) -> Secret:
    """A basic password: printable text (a space inside it too), never shown."""
    if not isinstance(value, (str, Secret)):
        raise TypeError(f"{name} must be a (user, password) pair of str")
    secret = Secret(value)
    if not secret.reveal() or not _printable(secret.reveal()):
        raise ValueError(
            f"{name}: the password must be printable text; its value is not shown"
        )
    return secret


def _printable(text: str) -> bool:
    return text.isprintable() and text == text.strip()
