"""What the formatter returns is compiled before it is written, on the workers when there
are some; the error named is always that of the first module that does not compile."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from pipedrive_codegen.errors import SpecError
from pipedrive_codegen.output.compiles import check_all_parse


def modules(*broken: str) -> dict[str, str]:
    return {
        f"{name}.py": ("x = = 1\n" if name in broken else f"{name} = 1\n") * 2_000
        for name in "abcdefghij"
    }


@pytest.mark.parametrize("processes", [0, 2])
def test_the_first_module_that_does_not_compile_is_named(processes: int) -> None:
    with ProcessPoolExecutor(processes) if processes else _none() as executor:
        check_all_parse(modules(), executor)
        with pytest.raises(SpecError) as raised:
            check_all_parse(modules("i", "c"), executor)
        assert (
            str(raised.value) == "c.py:1: generated code does not parse: invalid syntax"
        )
        with pytest.raises(SpecError, match=r"^i\.py:1: "):
            check_all_parse(modules("i"), executor)


def test_what_only_the_compiler_refuses_is_refused() -> None:
    with pytest.raises(SpecError, match="'return' outside function"):
        check_all_parse({"a.py": "return 1\n"}, None)


class _none:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None
