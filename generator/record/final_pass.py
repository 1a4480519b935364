"""The last pass over a finished cassette, by value: every secret the redactor found
and every deny-listed word masked wherever else it shows up, then checked gone.

:func:`sweep` masks each in every spelling: deny words in any letter case, secrets
exactly; URL-encoded; base64-encoded on their own; inside bodies stored as base64, read
as UTF-8 and as latin-1. It first refuses a deny word that the cassette's own structure
holds (its keys, header names, the calls, a URL but for its query values): masking
that would break the cassette; and, before anything is recorded, a deny word that is the
mask or JSON syntax. :func:`ensure_clean` is the check that none is left.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote, quote_plus

from .cassettes import RecordingError, dump_cassette
from ..errors import join_pointer, unescape_pointer_token
from ..runtime._redact import MASK

# A secret is also looked for base64-encoded on its own if it has this many bytes
# (shorter ones encode to text that random base64 holds by chance).
_MIN_ENCODED_LENGTH = 8
# Values of the cassette that hold no part of its structure: they may be masked.
_FREE_FIELDS = frozenset({"description", "source"})
# The keys the cassette format itself is written with (not the data recorded).
_FORMAT_KEYS = frozenset(
    {"format", "scenario", "description", "source", "calls", "interactions"}
    | {"api", "method", "arguments", "take", "cleanup", "$result_of_call", "path"}
    | {"$date", "operation", "operation_id", "request", "response", "url"}
    | {"headers", "body", "status", "json", "form", "text", "base64"}
)
# A deny word made of nothing but JSON's punctuation, blanks and literals.
_JSON_SYNTAX = re.compile(r'(?:[\s{}\[\]:,"\\]|true|false|null)+', re.IGNORECASE)


def sweep(
    cassette: Mapping[str, Any], deny: Iterable[str], found: Iterable[str]
) -> dict[str, Any]:
    """``cassette`` with every ``deny`` word (in any letter case) and ``found`` secret
    masked everywhere; raises :class:`RecordingError` if one stays, or if a deny word
    is part of the cassette's structure."""
    deny, found = sorted(set(deny)), sorted(set(found))
    refuse_structural(cassette, deny)
    any_case, exact = _spellings(deny), _spellings(found) + _encoded([*deny, *found])
    cleaned: dict[str, Any] = _scrub(dict(cassette), _pattern(any_case, exact))
    ensure_clean(dump_cassette(cleaned), exact, any_case=any_case)
    for raw in _base64_bodies(cleaned):
        for view in _views(raw):
            ensure_clean(view, exact, any_case=any_case)
    return cleaned


def masker(deny: Iterable[str], found: Iterable[str]) -> re.Pattern[str] | None:
    """What :func:`sweep` masks in text, as one pattern (``None``: nothing)."""
    deny, found = sorted(set(deny)), sorted(set(found))
    return _pattern(_spellings(deny), _spellings(found) + _encoded([*deny, *found]))


def refuse_unmaskable(deny: Iterable[str]) -> None:
    """Raise :class:`RecordingError` for a ``deny`` word no cassette can be written
    without: the mask itself (``*``, ``***``) or the JSON the cassette is written in
    (``true``, ``"``, ``": "``). Asked before anything is recorded."""
    for word in sorted(set(deny) - {""}, key=lambda w: (-len(w), w)):
        if not word.strip("*"):
            raise RecordingError(
                f"a --deny value ({len(word)} characters) is the mask ({MASK}) "
                "itself: every masked value would show it; deny a longer value "
                "(a whole name, an email)"
            )
        if _JSON_SYNTAX.fullmatch(word):
            # Only punctuation, blanks and JSON's literals: no secret to keep back.
            raise RecordingError(
                f"a --deny value ({json.dumps(word)}) is part of the cassette's JSON "
                "syntax: it cannot be masked; deny a longer value (a whole name, "
                "an email)"
            )


def refuse_structural(cassette: Mapping[str, Any], deny: Sequence[str]) -> None:
    """Raise :class:`RecordingError` if a ``deny`` word shows in what holds the
    cassette's shape (``--deny api`` in the ``api`` key and ``x-api-token``), or
    could not be masked at all (:func:`refuse_unmaskable`, asked before)."""
    every = _pattern(_spellings(deny), [])
    if every is None:
        return
    structure = list(_structure(cassette))  # walked once, whatever the words
    urls = [(pointer, url, _query_values(url)) for pointer, url in _urls(cassette)]
    for word in sorted(deny, key=lambda w: (-len(w), w)):
        pattern = _pattern(_spellings([word]), [])
        assert pattern is not None  # (a word has a spelling)
        found = (p for p, text in structure if pattern.search(text))
        in_url = (
            pointer for pointer, url, free in urls if _outside(pattern, url, free)
        )
        pointer = next(found, None) or next(in_url, None)
        if pointer is not None:
            raise RecordingError(
                f"a --deny value ({len(word)} characters) is part of the "
                f"cassette's own structure, at #{_shown(pointer, every)}: "
                "masking it would break the cassette; deny a longer value "
                "(a whole name, an email)"
            )


def _urls(cassette: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON pointer, URL) of each exchange's URL."""
    interactions = cassette.get("interactions")
    for index, interaction in enumerate(interactions or ()):
        for side in ("request", "response"):
            exchange = interaction.get(side) if isinstance(interaction, dict) else None
            if isinstance(exchange, dict) and isinstance(exchange.get("url"), str):
                at = join_pointer("/interactions", index, side, "url")
                yield at, exchange["url"]


def _query_values(url: str) -> list[tuple[int, int]]:
    """The spans of ``url`` that replay does not match on as they are (its query
    values, which are masked alike in the calls, and its fragment): all else of it,
    scheme, host, path, query names and the ``?&=`` between them, is structure."""
    end = url.find("#") if "#" in url else len(url)
    spans = [(end + 1, len(url))] if end < len(url) else []
    start = url.find("?", 0, end) + 1
    if start:
        for piece in url[start:end].split("&"):
            name, equals, _ = piece.partition("=")
            if equals:
                spans.append((start + len(name) + 1, start + len(piece)))
            start += len(piece) + 1
    return spans


def _outside(pattern: re.Pattern[str], text: str, free: list[tuple[int, int]]) -> bool:
    """Does ``pattern`` match anywhere in ``text`` (overlapping matches included) not
    wholly inside one of the ``free`` spans?"""
    for start in range(len(text)):
        match = pattern.match(text, start)
        if match and not any(a <= start and match.end() <= b for a, b in free):
            return True
    return False


def _shown(pointer: str, every: re.Pattern[str]) -> str:
    """``pointer`` as it can be printed: the cassette format's own keys and indices as
    they are (a deny word in them is no secret), the deny words masked in the keys of
    the data recorded; those keys masked whole if a word spans several."""
    parts = [unescape_pointer_token(p) for p in pointer.split("/")[1:]]
    public = [part in _FORMAT_KEYS or part.isdigit() for part in parts]
    shown = [p if ok else every.sub(MASK, p) for p, ok in zip(parts, public)]
    if every.search("/".join(shown)):
        shown = [p if ok else MASK for p, ok in zip(parts, public)]
    return "".join(join_pointer("", part) for part in shown)


def _structure(cassette: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON pointer, text) of each part of ``cassette`` that holds its shape: every
    key, the values but for the description, the source and the calls' plain
    arguments, and in each exchange its method, status, header names, content type,
    and the keys and form names of its body; not the values recorded (nor the URL:
    see :func:`_urls`)."""
    for key, value in cassette.items():
        here = join_pointer("", key)
        yield here, key
        if key == "interactions" and isinstance(value, list):
            for index, interaction in enumerate(value):
                yield from _interaction(interaction, join_pointer(here, index))
        elif key == "calls" and isinstance(value, list):
            for index, step in enumerate(value):
                yield from _call(step, join_pointer(here, index))
        elif key not in _FREE_FIELDS:
            yield from _everything(value, here)


def _call(step: Any, here: str) -> Iterator[tuple[str, str]]:
    """A call's shape: all of it but the strings of its arguments, which its request
    carries, masked alike (not a number, a date, an argument read from a result)."""
    if not isinstance(step, Mapping):
        yield from _everything(step, here)
        return
    for key, value in step.items():
        at = join_pointer(here, key)
        yield at, key
        if key == "arguments" and isinstance(value, Mapping):
            for name, argument in value.items():
                yield join_pointer(at, name), name
                if isinstance(argument, Mapping) and not argument.keys().isdisjoint(
                    ("$result_of_call", "$date")
                ):
                    yield from _everything(argument, join_pointer(at, name))
                else:
                    yield from _keys(argument, join_pointer(at, name), numbers=True)
        else:
            yield from _everything(value, at)


def _interaction(interaction: Any, here: str) -> Iterator[tuple[str, str]]:
    if not isinstance(interaction, Mapping):
        return
    for key, value in interaction.items():
        at = join_pointer(here, key)
        yield at, key
        if key in ("request", "response") and isinstance(value, Mapping):
            yield from _exchange(value, at)
        else:
            yield from _everything(value, at)


def _exchange(exchange: Mapping[str, Any], here: str) -> Iterator[tuple[str, str]]:
    for key, value in exchange.items():
        at = join_pointer(here, key)
        yield at, key
        if key == "url":
            pass  # see _urls
        elif key == "headers" and isinstance(value, Mapping):
            for name, header in value.items():
                yield join_pointer(at, name), name
                if name == "content-type":
                    yield join_pointer(at, name), str(header)
        elif key == "body" and isinstance(value, Mapping):
            for tag, content in value.items():
                yield join_pointer(at, tag), tag
                if tag == "json":
                    yield from _keys(content, join_pointer(at, tag))
                elif tag == "form" and isinstance(content, list):
                    for index, pair in enumerate(content):
                        if isinstance(pair, list) and pair:
                            yield join_pointer(join_pointer(at, tag), index), str(
                                pair[0]
                            )
        elif key != "body":
            yield from _everything(value, at)


def _keys(value: Any, here: str, numbers: bool = False) -> Iterator[tuple[str, str]]:
    """The keys in ``value`` (and its numbers, if ``numbers``)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, join_pointer(here, index), numbers)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield join_pointer(here, key), str(key)
            yield from _keys(item, join_pointer(here, key), numbers)
    elif numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        yield here, json.dumps(value)


def _everything(value: Any, here: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _everything(item, join_pointer(here, index))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield join_pointer(here, key), str(key)
            yield from _everything(item, join_pointer(here, key))
    elif isinstance(value, str):
        yield here, value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield here, json.dumps(value)


def _spellings(secrets: Iterable[str]) -> list[str]:
    """The secrets and their URL-encoded forms, longest first."""
    spelled = {form for secret in secrets for form in (secret, quote(secret, safe=""))}
    return sorted(
        spelled | {quote_plus(s) for s in secrets}, key=lambda s: (-len(s), s)
    )


def _encoded(secrets: Iterable[str]) -> list[str]:
    """The base64 encodings (standard and URL-safe, unpadded) of the long secrets."""
    forms = set()
    for secret in secrets:
        raw = secret.encode("utf-8", "surrogateescape")
        if len(raw) >= _MIN_ENCODED_LENGTH:
            for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
                forms.add(encoded.decode("ascii").rstrip("="))
    return sorted(forms, key=lambda s: (-len(s), s))


def _pattern(any_case: Sequence[str], exact: Sequence[str]) -> re.Pattern[str] | None:
    parts = [(s, f"(?i:{_regex(s)})") for s in any_case]
    parts += [(s, _regex(s)) for s in exact]
    if not parts:
        return None
    parts.sort(key=lambda part: (-len(part[0]), part[0]))  # the longest first
    return re.compile("|".join(regex for _, regex in parts))


def _scrub(value: Any, pattern: re.Pattern[str] | None) -> Any:
    """``value`` with every secret replaced by ``***`` in every string, keys included,
    in a number that spells one, and in a body stored as base64."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(MASK, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        raw = _base64_body(value)
        if raw is not None:
            # read as UTF-8 (bytes that are not kept as they are), then as latin-1
            text = pattern.sub(MASK, raw.decode("utf-8", "surrogateescape"))
            raw = text.encode("utf-8", "surrogateescape")
            clean = pattern.sub(MASK, raw.decode("latin-1")).encode("latin-1")
            return {"base64": base64.b64encode(clean).decode("ascii")}
        return {_scrub(k, pattern): _scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return MASK if pattern.fullmatch(json.dumps(value)) else value  # the number
    return value


def _regex(secret: str) -> str:
    """A number is found as a whole number (22122 is not in 221220)."""
    escaped = re.escape(secret)
    return rf"(?<!\d){escaped}(?!\d)" if secret.isdigit() else escaped


def _base64_body(value: Mapping[str, Any]) -> bytes | None:
    """The bytes of a body stored as base64, if ``value`` is one."""
    if set(value) != {"base64"} or not isinstance(value["base64"], str):
        return None
    try:
        return base64.b64decode(value["base64"], validate=True)
    except binascii.Error:  # a JSON object that happens to have that one key
        return None


def _base64_bodies(value: Any) -> list[bytes]:
    if isinstance(value, list):
        return [raw for item in value for raw in _base64_bodies(item)]
    if isinstance(value, dict):
        raw = _base64_body(value)
        if raw is not None:
            return [raw]
        return [raw for item in value.values() for raw in _base64_bodies(item)]
    return []


def _views(raw: bytes) -> tuple[str, str]:
    """A body's bytes as text a secret can be found in: read as UTF-8 (the bytes that
    are not, kept as escapes) and as latin-1."""
    return raw.decode("utf-8", "surrogateescape"), raw.decode("latin-1")


def ensure_clean(
    text: str, secrets: Iterable[str], any_case: Iterable[str] = ()
) -> None:
    """Raise :class:`RecordingError` if ``text`` holds a secret, raw or JSON-escaped
    (``any_case`` ones in any letter case)."""
    folded = text.lower()
    for secret, haystack in [
        *((secret, text) for secret in secrets),
        *((secret.lower(), folded) for secret in any_case),
    ]:
        escaped = json.dumps(secret, ensure_ascii=False)[1:-1]
        if secret.isdigit():
            found = re.search(_regex(secret), haystack) is not None
        else:
            found = secret in haystack or escaped in haystack
        if found:
            raise RecordingError(
                f"a secret ({len(secret)} characters) survived redaction; not writing"
            )
