"""OAuth 2.0 data: the app's credentials, a token pair, the authorize URL."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode, urlsplit


from ._errors import OAuthError
from ._redact import checked_secret, redacted_repr

AUTHORIZE_URL = "https://oauth.pipedrive.com/oauth/authorize"


def authorization_url(
    client_id: str,
    redirect_uri: str,
    state: str | None = None,
    *,
    authorize_url: str = AUTHORIZE_URL,
) -> str:
    """Where to send the user to grant this app access to their Pipedrive."""
    params = {"client_id": client_id, "redirect_uri": redirect_uri}
    if state is not None:
        params["state"] = state
    return f"{authorize_url}?{urlencode(params)}"


@dataclass(frozen=True, repr=False)
class OAuthCredentials:
    """An OAuth app's client id and secret, its registered redirect URI, and the
    scope it asks for with the client credentials grant (space-separated)."""

    client_id: str
    client_secret: str
    redirect_uri: str | None = None
    scope: str | None = None

    def __post_init__(self) -> None:
        checked_secret("client_secret", self.client_secret)

    def __repr__(self) -> str:
        return redacted_repr(
            "OAuthCredentials",
            {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "redirect_uri": self.redirect_uri,
                "scope": self.scope,
            },
            secret_fields={"client_secret"},
        )


@dataclass(frozen=True, repr=False)
class OAuthTokens:
    """One access/refresh token pair, with when it expires and where to call.

    ``expires_at`` is in epoch seconds by the client's clock. Persist a pair
    with :meth:`to_dict` and load it back with :meth:`from_dict`.
    """

    access_token: str
    refresh_token: str | None = None
    expires_at: float | None = None
    api_domain: str | None = None
    scope: str | None = None
    token_type: str = "Bearer"

    def __post_init__(self) -> None:
        checked_secret("access_token", self.access_token)
        if self.refresh_token is not None:
            checked_secret("refresh_token", self.refresh_token)

    def expires_within(self, seconds: float, now: float) -> bool:
        """Whether the access token is expired at ``now + seconds``."""
        return self.expires_at is not None and now + seconds >= self.expires_at

    def to_dict(self) -> dict[str, Any]:
        """Plain data to persist; it holds the tokens themselves."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at,
            "api_domain": self.api_domain,
            "scope": self.scope,
            "token_type": self.token_type,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OAuthTokens:
        """The pair :meth:`to_dict` wrote."""
        expires_at = data.get("expires_at")
        return cls(
            access_token=_text(data, "access_token"),
            refresh_token=_text(data, "refresh_token", None),
            expires_at=float(expires_at) if expires_at is not None else None,
            api_domain=_optional_text(data.get("api_domain")),
            scope=_optional_text(data.get("scope")),
            token_type=_text(data, "token_type", None) or "Bearer",
        )

    def __repr__(self) -> str:
        return redacted_repr(
            "OAuthTokens",
            self.to_dict(),
            secret_fields={"access_token", "refresh_token"},
        )


def tokens_from_response(
    data: Mapping[str, Any], now: float, previous: OAuthTokens | None
) -> OAuthTokens:
    expires_at = _expiry(data.get("expires_in"), now)
    fresh = OAuthTokens.from_dict({**data, "expires_at": expires_at})
    if previous is None:
        return fresh
    # A refresh answer may leave out what did not change.
    return replace(
        fresh,
        refresh_token=fresh.refresh_token or previous.refresh_token,
        api_domain=fresh.api_domain or previous.api_domain,
        scope=fresh.scope or previous.scope,
    )


def carried_tokens(data: object) -> tuple[str, ...]:
    """The tokens a token answer's decoded JSON ``data`` carries: the client's secrets
    as soon as it is read, refused or not (a refused refresh may have rotated them)."""
    if not isinstance(data, Mapping):
        return ()
    values = (data.get("access_token"), data.get("refresh_token"))
    return tuple(value for value in values if isinstance(value, str) and value)


def rotated_pair(
    data: object, used: OAuthTokens | None, now: float
) -> OAuthTokens | None:
    """What to keep of a refresh answer (2xx, its decoded JSON ``data``, ``None`` if it
    is not JSON) the client refused (its ``expires_in``, ``api_domain``...) all the
    same: the endpoint rotated ``used``'s refresh token out, and refuses it from now on.
    ``used`` with the answer's refresh token, its access token expired ``now`` (never
    sent: the next call refreshes first); ``None`` if there is none to read, or none
    new."""
    if used is None or used.refresh_token is None:
        return None
    rotated = data.get("refresh_token") if isinstance(data, Mapping) else None
    if not isinstance(rotated, str) or rotated in ("", used.refresh_token):
        return None
    try:
        return replace(used, refresh_token=rotated, expires_at=now)
    except ValueError:  # not a token a header may carry
        return None


def _expiry(expires_in: Any, now: float) -> float | None:
    """When a token that ``expires_in`` seconds from ``now`` expires (``None``: no
    ``expires_in``, or none that reads as a number). One that no float holds, is not
    finite or is negative is a ``ValueError`` that names the field, never its value: it
    would never be refreshed ahead of expiry, or be refreshed before every call."""
    if expires_in is None:
        return None
    try:
        seconds = float(expires_in)
    except (TypeError, ValueError):
        return None
    except OverflowError:  # an integer of more digits than a float holds
        seconds = math.inf
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError("expires_in is not a finite number of seconds, 0 or more")
    return now + seconds


# A company's API: https://<company>.pipedrive.com, nothing before or after the host.
_PIPEDRIVE_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.pipedrive\.com")


def check_api_domain(api_domain: str, allowed: Iterable[str] = ()) -> None:
    """Refuse an ``api_domain`` (from a token response or saved tokens) the access
    token must not be sent to: anything but ``https://<name>.pipedrive.com`` (no
    userinfo, port, path, query or fragment), unless it is one of ``allowed``."""
    if _origin(api_domain) in {_origin(origin) for origin in allowed}:
        return
    problem = _api_domain_problem(api_domain)
    if problem is not None:
        shown = repr(api_domain[:80]) + ("..." if len(api_domain) > 80 else "")
        raise OAuthError(
            f"OAuth api_domain {shown} refused: {problem}; the access token is sent "
            "only to https://<name>.pipedrive.com (pass allowed_api_domains= to "
            "trust another origin)"
        )


def _api_domain_problem(api_domain: str) -> str | None:
    if not isinstance(api_domain, str):
        return "it is not text"
    if not api_domain.isascii() or not api_domain.isprintable() or " " in api_domain:
        return "it holds characters a URL does not"
    try:
        parts = urlsplit(api_domain)
    except ValueError:
        return "it is not a URL"
    if parts.scheme.lower() != "https":
        return "it is not an https URL"
    if "@" in parts.netloc:
        return "it has userinfo"
    if ":" in parts.netloc:
        return "it has a port"
    if parts.path not in ("", "/") or "\\" in api_domain:
        return "it has a path"
    if "?" in api_domain or "#" in api_domain:
        return "it has a query or fragment"
    if not _PIPEDRIVE_HOST.fullmatch(parts.netloc.lower()):
        return "its host is not <name>.pipedrive.com"
    return None


def _origin(url: str) -> str:
    """``url`` as compared with the allowed origins: lower case, no trailing slash."""
    return url.rstrip("/").lower() if isinstance(url, str) else ""


_REQUIRED: Any = object()


def _text(data: Mapping[str, Any], name: str, default: Any = _REQUIRED) -> Any:
    """The string ``data`` holds at ``name`` (``default`` where it holds none, or
    ``None``); any other value is a ``ValueError`` that names the field, never shows
    the value: a token that is a list or a number would be sent as its ``str()``."""
    value = data.get(name)
    if value is None and default is not _REQUIRED:
        return default
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a string")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)
