"""What one run generates: which specs, as which package, into which folder; from the
command line's options, else ``[tool.pipedrive-codegen]`` in ./pyproject.toml, else the
defaults."""

from __future__ import annotations

import argparse
import keyword
import os
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .errors import SpecError
from .render.exports import CLIENT_MODULE_NAMES, ROOT_MODULE_NAMES, exported_names
from .render.exports import operations_class_name


def _bundled_templates() -> Path:
    """The templates folder beside this package in a checkout (its own, whatever else
    is installed), or installed as ``pipedrive_codegen_templates``."""
    beside = Path(__file__).resolve().parent.parent / "templates"
    if (beside / "client" / "operations.py.jinja").is_file():
        return beside
    import importlib.util

    found = importlib.util.find_spec("pipedrive_codegen_templates")
    if found is not None and found.submodule_search_locations:
        return Path(list(found.submodule_search_locations)[0])
    return beside


DEFAULT_TEMPLATES = _bundled_templates()
# The format stage: ruff's formatter (the default), or black, whose layout it writes.
FORMATTERS = ("black", "ruff")
# As pyproject.toml's dependencies pin it: its layout is tested on this version.
RUFF_PIN = "0.17.6"
RUFF_MISSING = (
    "formatter ruff is not installed: reinstall pipedrive-codegen, or pass "
    "--formatter black"
)


@dataclass(frozen=True)
class Target:
    specs: tuple[tuple[str, Path], ...]  # (subpackage name, spec file)
    out: Path
    package: str
    templates: Path = DEFAULT_TEMPLATES
    formatter: str = "ruff"  # or "black": the same layout, slower
    allow_refs: Path | None = (
        None  # a $ref reads files under it (None: the spec's folder)
    )
    client: str | None = None  # the client class's name (None: from the package's)
    # A schema default that breaks its own schema: a warning (True) or an error.
    ignore_bad_defaults: bool = False


DEFAULTS: dict[str, Any] = {
    "specs": {"v1": "specs/activities-v1.yaml", "v2": "specs/activities-v2.yaml"},
    "out": "generated",
    "package": "pipedrive_client",
    "formatter": "ruff",
}
SETTINGS = (
    "specs",
    "out",
    "package",
    "formatter",
    "client",
    "ignore_bad_defaults",
)  # of [tool.pipedrive-codegen]


def target_from(
    arguments: argparse.Namespace, parser: argparse.ArgumentParser
) -> Target:
    """What to generate, from the options, else ./pyproject.toml, else the defaults;
    usage errors in the words of ``parser``, the subcommand's."""
    project = _project_config(Path("pyproject.toml"))
    config = {**DEFAULTS, **project}
    formatter = arguments.formatter or config["formatter"]
    if formatter not in FORMATTERS:  # --formatter has its choices: pyproject.toml's
        raise _config_error(
            Path("pyproject.toml"),
            "formatter",
            f"{formatter!r} is none of {', '.join(FORMATTERS)}",
        )
    if formatter == "ruff":
        from .output.ruff import ruff_problem

        problem = ruff_problem()
        if problem is not None:
            parser.error(problem)
    specs: list[tuple[str, Path]] = []
    if arguments.spec:
        for item in arguments.spec:
            name, separator, path = item.partition("=")
            if not separator or not name or not path:
                parser.error(f"--spec takes NAME=PATH, not {item!r}")
            specs.append((name, Path(path)))
    else:
        specs = [(name, Path(path)) for name, path in config["specs"].items()]
        if "specs" not in project and not any(path.exists() for _, path in specs):
            _no_project(parser)
        for name, path in specs:  # as its out, a project's specs stay inside it
            if "specs" in project:
                _inside_the_project(
                    Path("pyproject.toml"), f"specs {name}", str(path), "--spec"
                )
            elif not _within(Path.cwd(), path):
                raise SpecError(
                    str(path),
                    None,
                    None,
                    "leads outside the project's folder: pass --spec to read it",
                )
    for name, _ in specs:
        problem = _identifier_problem(name)
        if problem:
            parser.error(f"spec name {name!r} {problem}")
    clashes = sorted({name for name, _ in specs} & client_attributes())
    if clashes:
        parser.error(
            f"spec name{'s' * (len(clashes) > 1)} {', '.join(map(repr, clashes))} "
            "would hide the client's attribute of that name (client.NAME is how a "
            "spec's operations are reached): choose another"
        )
    if len({name for name, _ in specs}) != len(specs):
        parser.error("each --spec needs a different NAME")
    classes: dict[str, str] = {}  # each spec by the class of its operations
    for name, _ in specs:
        other = classes.setdefault(operations_class_name(name), name)
        if other != name:
            parser.error(
                f"spec names {other!r} and {name!r} both name the class "
                f"{operations_class_name(name)} of their operations: choose another"
            )
    package = config["package"] if arguments.package is None else arguments.package
    problem = _identifier_problem(package) or _shadowing_problem(package)
    if problem:
        parser.error(f"package name {package!r} {problem}")
    given = getattr(arguments, "client", None)  # "" too: refused, not the default
    client = config.get("client") if given is None else given
    if client is not None:
        problem = _identifier_problem(client)
        if problem is None and not client[:1].isupper():
            problem = "does not start with a capital letter"
        names = {client, "Async" + client}
        taken = client_attributes() - {"PipedriveClient", "AsyncPipedriveClient"}
        if problem is None and names & taken:
            problem = "is a name the package already exports"
        if problem is None and names & (CLIENT_MODULE_NAMES | ROOT_MODULE_NAMES):
            problem = "is a name the package's modules already use"
        if problem:
            if given is None:
                raise _config_error(Path("pyproject.toml"), "client", problem)
            parser.error(f"client name {client!r} {problem}")
    if arguments.out == "":
        parser.error("--out needs a folder")
    if not arguments.out and "out" in project:
        _inside_the_project(Path("pyproject.toml"), "out", project["out"], "--out")
    if arguments.allow_refs is not None and not os.path.isdir(arguments.allow_refs):
        parser.error(f"--allow-refs {arguments.allow_refs}: no such folder")
    templates = Path(arguments.templates) if arguments.templates else DEFAULT_TEMPLATES
    if not templates.is_dir():
        parser.error(
            f"--templates {templates}: no such folder"
            if arguments.templates
            else f"the bundled templates are missing ({templates}): reinstall"
        )
    return Target(
        specs=tuple(specs),
        out=Path(arguments.out or config["out"]),
        package=package,
        templates=templates,
        formatter=formatter,
        allow_refs=Path(arguments.allow_refs) if arguments.allow_refs else None,
        client=client,
        ignore_bad_defaults=bool(
            arguments.ignore_bad_defaults or config.get("ignore_bad_defaults")
        ),
    )


def _no_project(parser: argparse.ArgumentParser) -> NoReturn:
    here = "./pyproject.toml has no [tool.pipedrive-codegen] specs"
    if not Path("pyproject.toml").exists():
        here = "there is no pyproject.toml here"
    parser.error(
        f"no spec to generate: {here}, and no --spec NAME=PATH was given "
        "(e.g. --spec v1=openapi.yaml)"
    )


def _inside_the_project(path: Path, key: str, value: str, option: str) -> None:
    """A file or folder a project's settings name stays inside the project: a pull
    request that edits pyproject.toml cannot aim the tool at a file elsewhere on the
    machine (``check`` in CI would read it) or a folder to write in."""
    if not _within(Path(os.path.realpath(path)).parent, Path(value)):
        what = "a file" if option == "--spec" else "a folder"
        raise _config_error(
            path,
            key,
            f"{value!r} is outside the project's folder; name {what} inside it, or "
            f"pass {option}",
        )


def _within(project: Path, path: Path) -> bool:
    """Whether ``path`` (relative to ``project``) is inside ``project``, symbolic links
    followed (a loop: where it stands)."""
    project = Path(os.path.realpath(project))
    return Path(os.path.realpath(project / path)).is_relative_to(project)


def _identifier_problem(name: str) -> str | None:
    """Why ``name`` cannot be the import name of a (sub)package, or None."""
    if keyword.iskeyword(name):
        return "is a Python keyword"
    # Python imports a name in its NFKC form: "ﬁ" is imported as "fi".
    if not name.isidentifier() or unicodedata.normalize("NFKC", name) != name:
        return "is not a Python identifier"
    if name.startswith("_"):
        return "starts with an underscore, as the package's own modules do"
    return None


# What the generated package needs at run time, and what those import: a package of
# one of these names would be imported in its place.
RUNTIME_LIBRARIES = frozenset(
    {"httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna"}
    | {"pydantic", "pydantic_core", "typing_extensions", "annotated_types"}
    | {"typing_inspection"}
)


def _shadowing_problem(package: str) -> str | None:
    """Why a top-level package called ``package`` would break, or None: it would be
    imported in place of a module the package (or anything beside it) imports."""
    if package in sys.stdlib_module_names:
        return (
            "is a standard-library module: the package would be imported in its "
            "place (by itself and by every other module)"
        )
    if package in RUNTIME_LIBRARIES:
        return (
            "is a library the generated package needs at run time: the package "
            "would be imported in its place"
        )
    return None


# The public names of the generated clients besides their specs': methods, properties,
# class attributes and what ``__init__`` sets (runtime/_base.py, runtime/_client.py).
# Written out, not read from the runtime's source on every run (16 ms);
# tests/security/test_clashing_names.py holds the list to the clients' ``dir()``.
CLIENT_ATTRIBUTES = frozenset(
    {
        "aclose",
        "auth",
        "base_url",
        "call",
        "client_credentials",
        "close",
        "default_base",
        "exchange_code",
        "http_client",
        "max_retries",
        "oauth_tokens",
        "paginate",
        "server_choices",
        "token_url",
    }
)


def client_attributes() -> frozenset[str]:
    """Every name the generated clients already have and the names the package root
    exports (templates/package: the client classes, ``authorization_url`` and the
    runtime's exports): a spec of one of these names would hide it."""
    names = {"PipedriveClient", "AsyncPipedriveClient", "authorization_url"}
    return CLIENT_ATTRIBUTES | names | exported_names()


def _project_config(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise SpecError(str(path), None, None, f"malformed TOML: {error}") from None
    section = data.get("tool", {})
    section = section.get("pipedrive-codegen", {}) if isinstance(section, dict) else {}
    if not isinstance(section, dict):
        raise SpecError(
            str(path), None, None, "[tool.pipedrive-codegen] must be a table"
        )
    unknown = sorted(set(section) - set(SETTINGS))
    if unknown:  # a typo must not be ignored
        raise _config_error(
            path,
            unknown[0],
            "is not a setting of pipedrive-codegen" + _hint(unknown[0]),
        )
    config = {}
    for key in ("out", "package", "formatter", "client"):
        if key in section:
            if not isinstance(section[key], str) or not section[key]:
                raise _config_error(path, key, "must be a non-empty string")
            if "\0" in section[key]:  # no file or name holds one
                raise _config_error(path, key, "holds a NUL character")
            config[key] = section[key]
    if "ignore_bad_defaults" in section:
        if not isinstance(section["ignore_bad_defaults"], bool):
            raise _config_error(path, "ignore_bad_defaults", "must be true or false")
        config["ignore_bad_defaults"] = section["ignore_bad_defaults"]
    if "specs" in section:
        specs = section["specs"]
        if not isinstance(specs, dict) or not specs:
            raise _config_error(path, "specs", 'must be a table of NAME = "PATH"')
        for name, value in specs.items():
            if not isinstance(value, str) or not value:
                raise _config_error(path, f"specs {name}", "must be a non-empty path")
            if "\0" in value:
                raise _config_error(path, f"specs {name}", "holds a NUL character")
        config["specs"] = specs
    return config


def _hint(word: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, SETTINGS, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _config_error(path: Path, key: str, problem: str) -> SpecError:
    return SpecError(str(path), None, None, f"[tool.pipedrive-codegen] {key} {problem}")
