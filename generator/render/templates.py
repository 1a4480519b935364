"""The Jinja2 templates: one environment per templates folder, their bytecode made ahead
in another process, and a template's own error told where it happened.

Light on purpose: the worker that compiles the templates while the specs are checked
imports this module and Jinja2, none of the renderers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from ..errors import SpecError
from ..ir.naming import pascal_case
from .literals import doc_text, literal

# The templates rendered with every package (those of a large spec's models too).
TEMPLATES = (
    "package/__init__.py.jinja",
    "package/client.py.jinja",
    "package/api_init.py.jinja",
    "client/operations.py.jinja",
    "validators/validators.py.jinja",
    "models/models.py.jinja",
    "models/index.py.jinja",
    "models/parts_init.py.jinja",
    "models/part.py.jinja",
)


def indented(text: str, width: int) -> str:
    """``text`` with each line that is not blank indented by ``width`` spaces."""
    margin = " " * width
    return "".join(
        margin + line if line.strip() else line for line in text.splitlines(True)
    )


FILTERS: dict[str, Callable[..., Any]] = {
    "repr": literal,
    "pascal": pascal_case,
    "indented": indented,
    "doc": doc_text,  # spec text inside a docstring
}


@functools.lru_cache(maxsize=None)
def template_environment(template_dir: Path) -> jinja2.Environment:
    """The templates of ``template_dir``, each compiled once (the environment keeps
    them; it may be shared between threads)."""
    made = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    made.filters.update(FILTERS)
    return made


def compiled_templates(template_dir: Path) -> dict[str, bytes]:
    """Jinja's bytecode of the templates of every package, made in a worker while this
    process imports datamodel-code-generator. Jinja takes a template's bytecode only
    with the checksum of the source it reads itself."""
    templates = template_environment(template_dir)
    templates.bytecode_cache = made = Bytecode({})
    for name in TEMPLATES:
        templates.get_template(name)
    return made.codes


def load_compiled(template_dir: Path, codes: dict[str, bytes]) -> None:
    """Every template of ``template_dir`` loaded into its environment from ``codes``
    (what ``compiled_templates`` made); a template whose code is not there (its source
    changed meanwhile) is compiled here."""
    templates = template_environment(template_dir)
    templates.bytecode_cache = Bytecode(codes)
    try:
        for name in TEMPLATES:
            templates.get_template(name)
    finally:
        templates.bytecode_cache = None


class Bytecode(jinja2.BytecodeCache):
    """Compiled templates in memory, by Jinja's key for each."""

    def __init__(self, codes: dict[str, bytes]) -> None:
        self.codes = codes

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def template_error(error: BaseException) -> SpecError | None:
    """``error`` as a located error if a template (of ``--templates``) caused it: one
    missing, one that does not compile or is no UTF-8 text, one that fails as it
    renders (jinja puts the template's line in the traceback); else None."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or error.name or "a template"
        return SpecError(where, None, error.lineno, f"template: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        return SpecError(
            str(error.name), None, None, "no such template in the templates folder"
        )
    traceback = error.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_filename.endswith(".jinja"):
            return SpecError(
                frame.f_code.co_filename,
                None,
                traceback.tb_lineno,
                f"template failed: {type(error).__name__}: {error}",
            )
        if isinstance(error, UnicodeDecodeError) and "filename" in frame.f_locals:
            if isinstance(frame.f_locals["filename"], str):  # jinja's loader
                name = frame.f_locals["filename"]
                return SpecError(
                    name, None, None, f"template is no UTF-8 text: {error}"
                )
        traceback = traceback.tb_next
    return None
