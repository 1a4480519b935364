"""What an operation method tells its reader: its docstring and its deprecation.

The docstring is Google style, in the spec's own words: the summary, the description,
an ``Args:`` entry for every argument in the order of the signature (a parameter's or a
body field's description, else where the value goes), ``Returns:`` (what the successful
responses are) and ``Raises:`` (the typed error of each status the spec declares, and
what the client raises for any other status, for a bad body and, when asked to check
them, for bodies that break the spec). Spec text is escaped by ``doc_text``.

A deprecated operation is decorated with ``typing_extensions.deprecated``: type checkers
and editors strike its calls through and a call warns ``DeprecationWarning``. The
generated package runs on pydantic and httpx alone; typing_extensions comes with
pydantic (which imports it anyway), and on the Pythons whose ``warnings.deprecated`` is
complete it is that very function, so the package needs no version check of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ir.model import Body, Field, Model, Operation, UnionOf
from ..ir.normalize import is_json
from .client_types import takes_null
from .literals import doc_text, literal

# A method's docstring stands 8 columns in; its lines end by column 88, as the code's.
_WIDTH = 80
_INDENT = "    "
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ARGUMENT_PLACES = frozenset({"path", "query", "header", "cookie"})

# The runtime's typed error of each status (``runtime/_errors.py``, ``STATUS_ERRORS``);
# a 5xx is a ``ServerError``, any other status an ``APIStatusError``.
_STATUS_ERRORS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    402: "PaymentRequiredError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    410: "GoneError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def method_docstring(
    operation: Operation,
    body_models: Sequence[Model],
    fields: Sequence[tuple[str, Field]],
) -> str:
    """The docstring literal of ``operation``'s method, its lines not indented.

    ``body_models`` are the request models whose fields are keyword arguments too (the
    body's model, or the models of a discriminated union body), ``fields`` each such
    argument's name in the signature and the field it stands for.
    """
    summary = operation.summary or operation.operation_id
    if operation.deprecated:
        summary += " (deprecated)"
    lines = _wrap(doc_text(summary), _WIDTH - len('"""'))
    for paragraph in _paragraphs(operation.description):
        lines += ["", *_wrap(paragraph, _WIDTH)]
    if body_models:
        lines += ["", "Pass ``body=`` or its fields, not both."]
    lines += _section("Args", _arguments(operation, body_models, fields))
    lines += _section("Returns", _returns(operation))
    lines += _section("Raises", _raises(operation, body_models))
    return '"""' + "\n".join(lines) + '\n"""'


def deprecation(operation: Operation) -> str | None:
    """The message a call of ``operation``'s method warns with (a literal), or None."""
    if not operation.deprecated:
        return None
    return literal(
        f"{operation.method} {operation.path} is deprecated: see the docstring of "
        f"{operation.python_name}"
    )


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of ``width`` at most, broken at spaces only (so never inside
    an escape, a word or a URL; a word longer than a line stands on a line alone), the
    first indented by ``first``, the rest by ``rest``.

    ``text`` is one line whose words one space separates, as ``doc_text`` leaves it
    (a space at its end is dropped, as ``"200: ; 201: "`` ends when no response
    describes itself): for such text these are ``textwrap.wrap``'s lines (without
    breaking long words or at hyphens), found in a fraction of its time.
    """
    text = " ".join(text.split())
    lines: list[str] = []
    indent = first
    while len(indent) + len(text) > width:
        # the line ends at its last space within the width; a word too long for
        # a line stands on one alone
        cut = text.rfind(" ", 0, width - len(indent) + 1)
        if cut < 0:
            cut = text.find(" ")
            if cut < 0:
                break
        lines.append(indent + text[:cut])
        text = text[cut + 1 :]
        indent = rest
    if text:
        lines.append(indent + text)
    return lines


def _paragraphs(text: str | None) -> list[str]:
    """The paragraphs of ``text`` (blank lines apart), each on one line, escaped."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip()) if text else []
    return [doc_text(paragraph) for paragraph in paragraphs if paragraph.strip()]


def _section(title: str, entries: list[tuple[str, str]]) -> list[str]:
    """A Google-style section: ``Title:``, then each entry ``name: text``, wrapped."""
    if not entries:
        return []
    lines = ["", title + ":"]
    for name, text in entries:
        entry = f"{name}: {text}" if name else text
        lines += _wrap(entry, _WIDTH, _INDENT, _INDENT * 2 if name else _INDENT)
    return lines


def _arguments(
    operation: Operation,
    body_models: Sequence[Model],
    fields: Sequence[tuple[str, Field]],
) -> list[tuple[str, str]]:
    """``(python name, text)`` of each argument, in the signature's order: the
    parameters (the required first, as ``build`` sorts them), the body, its fields."""
    entries = [
        (
            parameter.python_name,
            " ".join(_paragraphs(parameter.description))
            or f"The ``{doc_text(parameter.name)}`` {parameter.where} parameter.",
        )
        for parameter in operation.parameters
        if parameter.where in _ARGUMENT_PLACES
    ]
    body = operation.request_body
    if body is None:
        return entries
    given = " ".join(_paragraphs(body.description))
    if body_models:
        whole = (
            f"The whole request body, {_one_of(body_models)}, instead of its fields"
            f"{_picked_by(operation)}."
        )
        whole += _null(body)
        entries.append(("body", f"{given} {whole}" if given else whole))
        for name, field in fields:
            text = " ".join(_paragraphs(field.description))
            entries.append((name, text or f"The body's ``{doc_text(field.name)}``."))
    else:
        entries.append(("body", (given or "The request body.") + _null(body)))
    return entries


def _null(body: Body) -> str:
    """What the ``body`` entry says of ``NULL``, where the body may be null."""
    return " ``NULL`` sends the JSON ``null``." if takes_null(body) else ""


def _returns(operation: Operation) -> list[tuple[str, str]]:
    """What the successful responses are, as the spec describes them."""
    described = [
        (response.status, " ".join(_paragraphs(response.description)))
        for response in operation.responses
        if response.is_success and response.description
    ]
    if len(described) <= 1:
        return [("", text) for _, text in described]
    return [("", "; ".join(f"{status}: {text}" for status, text in described))]


def _one_of(models: Sequence[Model]) -> str:
    """``an ``AddActivityRequest````, or ``one of ``Cat``, ``Dog``````."""
    if len(models) == 1:
        return f"an ``{models[0].name}``"
    return "one of " + ", ".join(f"``{model.name}``" for model in models)


def _picked_by(operation: Operation) -> str:
    """Of a discriminated union body: which of its models the fields build."""
    body = operation.request_body
    if body is None or not isinstance(body.type, UnionOf):
        return ""
    if body.type.discriminator is None or len(body.type.options) < 2:
        return ""
    tag = doc_text(body.type.discriminator.property)
    return f" (they build the model their ``{tag}`` names)"


def _raises(
    operation: Operation, body_models: Sequence[Model]
) -> list[tuple[str, str]]:
    """The errors a call raises: the typed error of each status the spec declares
    (grouped by class), then the client's own."""
    declared: dict[str, list[str]] = {}
    for response in operation.responses:
        if response.is_success or response.status == "default":
            continue
        text = " ".join(_paragraphs(response.description))
        status = str(response.status)
        declared.setdefault(_error_class(response.status), []).append(
            f"{status}: {text}" if text else status
        )
    if "APIStatusError" in declared:
        declared["APIStatusError"].append("any other status that is not 2xx")
    elif declared:
        declared["APIStatusError"] = ["Any other status that is not 2xx"]
    else:
        declared["APIStatusError"] = [
            "A status that is not 2xx, as the subclass for the status where there is "
            "one (``NotFoundError`` for 404)"
        ]
    entries = [(name, "; ".join(texts) + ".") for name, texts in declared.items()]
    entries.append(("APIConnectionError", "No response, also after every retry."))
    refused = []
    if body_models:
        entries.append(("TypeError", "Both ``body`` and some of its fields given."))
        fits = " or ".join(f"``{model.name}``" for model in body_models)
        refused.append(
            f"A field's value does not fit {fits}{_picked_by(operation)} (``issues`` "
            "says where; pydantic's error is its ``__cause__``)"
        )
    body = operation.request_body
    if body is not None and is_json(body.content_type):
        refused.append(
            "the body breaks the spec (checked only by a client made with "
            "``validate_requests=True``)"
        )
    if refused:
        text = ", or ".join(refused)
        entries.append(
            (
                "RequestValidationError",
                text[0].upper() + text[1:] + "; nothing was sent.",
            )
        )
    if any(r.is_success and r.body is not None for r in operation.responses):
        entries.append(
            (
                "ResponseValidationError",
                "A successful response's body breaks the spec (checked only by a "
                "client made with ``validate_responses=True``).",
            )
        )
    return entries


def _error_class(status: int | str) -> str:
    """The runtime's error class for ``status`` (a code, or a range: ``"5XX"``)."""
    if isinstance(status, int) and status in _STATUS_ERRORS:
        return _STATUS_ERRORS[status]
    if str(status).startswith("5"):
        return "ServerError"
    return "APIStatusError"
