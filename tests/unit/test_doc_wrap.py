"""A method docstring's text in lines: the lines ``textwrap.wrap`` would make of it
(breaking at spaces only), for any spec text as ``doc_text`` leaves it, a space at its
end or not."""

from __future__ import annotations

import textwrap

from hypothesis import example, given
from hypothesis import strategies as st

from pipedrive_codegen.render.client_docs import _wrap
from pipedrive_codegen.render.literals import doc_text

# Spec text with words of every length: short ones, URLs longer than a line, spaces
# and line breaks of every kind between them.
_WORD = st.text(st.sampled_from("ab-/:.\\\"'\x00é"), min_size=1, max_size=30)
_TEXT = st.lists(
    _WORD | st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "x" * 90]), max_size=60
).map("".join)


@given(
    _TEXT,
    st.integers(8, 88),
    st.sampled_from(["", "    "]),
    st.sampled_from(["", "    ", "        "]),
    st.sampled_from(["", " "]),
)
@example("200: ; 201:", 80, "", "", " ")  # no response described itself
@example("word " * 40, 80, "", "", "")
@example("a " + "u" * 100 + " b", 20, "    ", "        ", "")
def test_the_lines_are_textwraps(
    text: str, width: int, first: str, rest: str, end: str
) -> None:
    text = doc_text(text) + end
    assert _wrap(text, width, first, rest) == textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
