"""Every component keeps its name (issue 19): a component schema that is no model (a
union, an array, a map, a scalar, an enum, a nullable or ``allOf``-of-one-``$ref``
wrapper) is importable from its spec's models by its name, as a type alias of what it
is, through the CLI and the generated package.

``aliases.yaml`` has a discriminated ``oneOf`` (``Node``, sent and received: ``Node``
and ``NodeRequest``), an array (``Tags``), a map (``Counts``), a constrained string
(``Isbn``), an open enum (``Genre``), a nullable string (``MaybeTitle``) and two
wrappers of the model ``Book`` (``Novel``, and the nullable ``MaybeBook``).
"""

from __future__ import annotations

import importlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
import yaml
from breadth_support import generate_one, import_all, imported, mypy_all
from conftest import mypy_strict
from pydantic import TypeAdapter, ValidationError

SPEC = Path(__file__).with_name("aliases.yaml")
PACKAGE = "library"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_one(SPEC, PACKAGE, tmp_path_factory.mktemp("aliases"))


@pytest.fixture(scope="module")
def package(root: Path) -> Iterator[ModuleType]:
    with imported(root, PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def models(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.models")


def test_every_component_name_is_importable(models: ModuleType) -> None:
    components = yaml.safe_load(SPEC.read_text())["components"]["schemas"]
    missing = [name for name in components if not hasattr(models, name)]
    assert missing == []
    assert hasattr(models, "NodeRequest")  # the request side's, as for models


def test_the_aliases_read_as_what_they_are(models: ModuleType) -> None:
    source = Path(models.__file__).read_text()
    for line in (
        "Tags: TypeAlias = list[str]",
        "Counts: TypeAlias = dict[str, int]",
        "Isbn: TypeAlias = str",
        'Genre: TypeAlias = Literal["fiction", "poetry"] | str',
        "MaybeTitle: TypeAlias = str | None",
        "Novel: TypeAlias = Book",
        "MaybeBook: TypeAlias = Book | None",
        '"""A text or a div, by its node_type."""',
    ):
        assert line in source
    # a plain alias is the type itself, for pydantic as for mypy
    assert models.Novel is models.Book


USER_SCRIPT = """\
from library import LibraryClient
from library.api.models import (
    Book, Counts, Div, Genre, Isbn, MaybeBook, MaybeTitle, Node, NodeRequest, Novel,
    Tags, Text, TextRequest,
)

node: Node = Div(node_type="div", children=[Text(node_type="text", text="a")])
sent: NodeRequest = TextRequest(text="b")
tags: Tags = ["a", "b"]
counts: Counts = {"a": 1}
isbn: Isbn = "1-2"
genre: Genre = "poetry"
title: MaybeTitle = None
novel: Novel = Book(title="t")
maybe: MaybeBook = None
wrong_tags: Tags = [1]
wrong_node: NodeRequest = Text(node_type="text", text="c")
client = LibraryClient()
stored: Node = client.api.add_node(body=sent)
shelf_tags: Tags | None = client.api.get_shelf().tags
"""


def test_a_user_types_with_the_component_names(root: Path) -> None:
    assert import_all(root, [PACKAGE]) == {PACKAGE: None}
    assert mypy_all(root, [PACKAGE]) == {PACKAGE: []}
    (root / "use.py").write_text(USER_SCRIPT)
    checked = subprocess.run(
        mypy_strict("use.py"),
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    # only the two wrong lines: the aliases are the types they name, not Any
    assert [line.split(":")[1] for line in errors] == ["16", "17"], checked.stdout


def test_pydantic_parses_through_the_aliases(models: ModuleType) -> None:
    node = TypeAdapter(models.Node).validate_python(
        {"node_type": "div", "children": [{"node_type": "text", "text": "a"}]}
    )
    assert type(node) is models.Div  # picked by its tag
    assert type(node.children[0]) is models.Text
    unknown = TypeAdapter(models.Node).validate_python({"node_type": "img"})
    assert unknown == {"node_type": "img"}  # a tag the spec does not map stays data
    sent = TypeAdapter(models.NodeRequest).validate_python(
        {"node_type": "text"} | {"text": "b"}
    )
    assert type(sent) is models.TextRequest
    with pytest.raises(ValidationError):
        TypeAdapter(models.NodeRequest).validate_python({"node_type": "img"})
    assert TypeAdapter(models.Tags).validate_python(["a"]) == ["a"]
    with pytest.raises(ValidationError):
        TypeAdapter(models.Tags).validate_python([1])
    assert TypeAdapter(models.Counts).validate_python({"a": "2"}) == {"a": 2}
    assert TypeAdapter(models.MaybeTitle).validate_python(None) is None
    assert TypeAdapter(models.MaybeBook).validate_python(None) is None
    assert type(TypeAdapter(models.Novel).validate_python({"title": "t"})) is (
        models.Book
    )


def test_the_client_returns_what_the_alias_names(
    package: ModuleType, models: ModuleType
) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"node_type": "text", "text": "stored"})

    client = package.LibraryClient(
        transport=httpx.MockTransport(handle), validate_responses=True
    )
    answer = client.api.add_node(body=models.TextRequest(text="x"))
    assert answer == TypeAdapter(models.Node).validate_python(
        {"node_type": "text", "text": "stored"}
    )
    assert type(answer) is models.Text


def test_operations_are_typed_with_the_names_the_spec_uses(root: Path) -> None:
    source = (root / PACKAGE / "api" / "client.py").read_text()
    assert "body: NodeRequest | None = None," in source
    assert ") -> Node:" in source and 'cast(\n            "Node",' in source
    # what the runtime parses a body as stays the expanded, tagged type
    assert "200: 'Annotated[Text | Div | dict[str, Any], tagged(" in source
