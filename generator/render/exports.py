"""What the generated package's root exports: the one list of its public names.

The package root (``templates/package/__init__.py.jinja``) is written from it three
ways: the imports type checkers read, the table that loads each name on first use, and
``__all__``. ``target`` refuses a spec or client class named like one of them, and two
specs whose operations classes would share a name. Nothing here imports more than the
standard library and ``ir.naming`` (which imports no more): the command line reads it
on every run.
"""

from __future__ import annotations

from ..ir.naming import pascal_case

# Each name by the runtime module that defines it (``runtime/``, copied to
# ``_runtime/`` of every package), in the order ``__all__`` lists them.
RUNTIME_EXPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "_errors",
        (
            "APIConnectionError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "GoneError",
            "NotFoundError",
            "OAuthError",
            "PaymentRequiredError",
            "PermissionDeniedError",
            "PipedriveError",
            "RateLimitError",
            "ResponseMismatchWarning",
            "ResponseTooLargeError",
            "ResponseValidationError",
            "ServerError",
            "UnprocessableEntityError",
        ),
    ),
    # The validation vocabulary every spec's validators and the client share.
    ("_issues", ("InvalidBody", "Issue")),
    ("_lenient", ("ResponseMismatch",)),
    ("_ratelimit", ("RateLimit",)),
    # ``body=NULL`` sends the JSON ``null`` (None sends no body).
    ("_request", ("JsonNull", "NULL")),
    ("_response", ("RawResponse", "raw_response")),
    ("_tokens", ("OAuthCredentials", "OAuthTokens", "authorization_url")),
    ("_validation", ("RequestValidationError",)),
)

# What the client module (``templates/package/client.py.jinja``) binds besides its two
# classes: a client class named like one of these would take its place.
CLIENT_MODULE_NAMES = frozenset(
    {"AsyncClient", "SyncClient", "AsyncOptions", "SyncOptions", "Secret"}
    | {"OAuthCredentials", "OAuthTokens", "Literal", "Unpack", "TYPE_CHECKING"}
)
# ... and the root module (templates/package/__init__.py.jinja) besides its exports.
ROOT_MODULE_NAMES = frozenset({"Any", "TYPE_CHECKING", "import_module"})


def root_exports(
    client: str, async_client: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every name the package root exports, by the module it is imported from relative
    to the root (``._client``, ``._runtime._errors``): the client classes, then
    ``RUNTIME_EXPORTS``."""
    return (("._client", (async_client, client)),) + tuple(
        (f"._runtime.{module}", names) for module, names in RUNTIME_EXPORTS
    )


def exported_names() -> frozenset[str]:
    """The names the package root exports besides its client classes."""
    return frozenset(name for _, names in RUNTIME_EXPORTS for name in names)


def operations_class_name(spec: str) -> str:
    """The class of a spec's operations in its client module, were no model so named
    (``V1Operations``): two specs must not share it."""
    return pascal_case(spec) + "Operations"
