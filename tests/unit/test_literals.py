"""Spec text inside generated docstrings: whatever it holds, it reads back as written."""

from __future__ import annotations

import ast

from hypothesis import example, given
from hypothesis import strategies as st

from pipedrive_codegen.render.literals import doc_text

# Text as specs have it, with what is hard in a docstring made likely.
_TEXT = st.lists(
    st.sampled_from(['"', "\\", "\x00", "\n", "N", "x", "'", " "]) | st.characters(),
    max_size=40,
).map("".join)


@given(_TEXT)
@example('ends in a quote "')
@example('say """hi"""')
@example("a NUL \x00 here")
@example("ends in a backslash \\")
@example("C:\\new\\N{x}")
def test_any_text_reads_back_from_a_docstring(text: str) -> None:
    for before, after in (("", ""), ("Models of ", "."), ("", ": more")):
        source = f'"""{before}{doc_text(text)}{after}"""'
        assert ast.literal_eval(source) == before + " ".join(text.split()) + after


def test_plain_text_is_left_as_it_is() -> None:
    assert doc_text('Say "hi" to the API') == 'Say "hi" to the API'
