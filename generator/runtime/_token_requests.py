"""The requests an OAuth client sends Pipedrive's token endpoint.

:class:`TokenRequests` builds each: the exchange of an authorization code, a refresh,
the client credentials grant; each a ``POST`` to the token URL with the app's HTTP
Basic client credentials and a form body. :class:`~._auth.OAuth2Auth` holds one (its
flows send the refreshes, the clients the code's exchange), and masks its
:attr:`~TokenRequests.secrets` with the tokens'.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping

import httpx

from ._errors import OAuthError
from ._redact import Secret, checked_secret
from ._tokens import OAuthCredentials, OAuthTokens

__all__ = ["TokenRequests"]

# The package's own name: "pipedrive_client", or what it was generated as.
logger = logging.getLogger(__name__.rsplit("._runtime", 1)[0])


class TokenRequests:
    """The token requests of an app with ``credentials`` to ``token_url``, and the
    last authorization code it exchanged (a secret, as its client secret)."""

    __slots__ = ("credentials", "token_url", "_basic", "_code")

    def __init__(self, credentials: OAuthCredentials, token_url: str) -> None:
        self.credentials = credentials
        self.token_url: str = token_url
        # ``base64(client_id:client_secret)``, as the requests send it (the credentials
        # are frozen: encoded once).
        pair = f"{credentials.client_id}:{credentials.client_secret}"
        self._basic = base64.b64encode(pair.encode()).decode("ascii")
        self._code: Secret | None = None

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """The client secret, as given and as the requests send it, and the code."""
        return (
            self.credentials.client_secret,
            self._basic,
            self._code.reveal() if self._code else None,
        )

    def build_code_request(
        self, code: str, redirect_uri: str | None = None
    ) -> httpx.Request:
        """The request that exchanges an authorization ``code`` for tokens."""
        redirect = redirect_uri or self.credentials.redirect_uri
        if not redirect:
            raise ValueError(
                "redirect_uri is required: pass it here or in OAuthCredentials"
            )
        self._code = checked_secret("code", code)
        return self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
            }
        )

    def build_refresh_request(self, tokens: OAuthTokens | None) -> httpx.Request:
        """The request that trades ``tokens``' refresh token for a new pair."""
        if tokens is None or tokens.refresh_token is None:
            raise OAuthError("no refresh token to refresh the access token with")
        logger.debug("refreshing the OAuth access token")
        return self._token_request(
            {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}
        )

    def build_client_credentials_request(self) -> httpx.Request:
        """The request for a token of the app's own (the client credentials grant)."""
        logger.debug("asking for an OAuth access token with the client credentials")
        form = {"grant_type": "client_credentials"}
        if self.credentials.scope is not None:
            form["scope"] = self.credentials.scope
        return self._token_request(form)

    def _token_request(self, form: Mapping[str, str]) -> httpx.Request:
        return httpx.Request(
            "POST",
            self.token_url,
            headers={
                "Authorization": f"Basic {self._basic}",
                "Accept": "application/json",
            },
            data=dict(form),
        )
