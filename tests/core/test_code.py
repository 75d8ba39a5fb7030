"""Fenced code blocks (cleaner/core/code.py): which lines are code, and that cleaning leaves them alone."""

from __future__ import annotations

from cleaner import clean
from cleaner.core.code import fenced_lines, may_have_fence


def test_closed_fences_only_with_their_fence_lines():
    lines = ["text", "```python", "x = 1", "```", "more", "~~~~", "y", "~~~", "~~~~", "after", "```", "open"]
    assert sorted(fenced_lines(lines)) == [1, 2, 3, 5, 6, 7, 8]  # '~~~' is too short to close '~~~~'
    assert fenced_lines(["```", "never closed"]) == frozenset()
    assert fenced_lines(["    ```", "indented four: no fence", "```"]) == frozenset()
    assert fenced_lines(["``` a`b", "info string with a backtick: no fence", "```"]) == frozenset()
    assert sorted(fenced_lines(["   ~~~", "a ``` inside", "~~~~  "])) == [0, 1, 2]
    assert not may_have_fence("no code here") and may_have_fence("a\n~~~\nb\n~~~\n")


_ARTICLE = ("A static site generator lets you write the menu once in a configuration file, and here we write "
            "it in Markdown so you can see its structure.\n\n")
_MENU = "- [Home](/)\n- [About](/about/)\n- [Blog](/blog/)\n- [Contact](/contact/)\n- [Privacy Policy](/privacy/)\n"
_AFTER = "\nEach item is a link, and the generator turns the list into elements of an HTML list for the page.\n"


def test_a_menu_shown_in_a_code_block_stays_and_the_same_menu_as_text_goes():
    fenced = _ARTICLE + "```markdown\n" + _MENU + "```\n" + _AFTER
    assert clean(fenced) == fenced
    assert "[Home]" not in clean(_ARTICLE + _MENU + _AFTER)


def test_a_header_block_stops_at_a_code_block_and_does_not_walk_through_it():
    # The code block holds no letter: a header block took its lines for filler and walked on, taking the
    # edge-only "Home" below it, which no longer stands at the document's edge.
    text = ("Follow us on Telegram\n```\n---\n```\nHome\n"
            "The council met on Tuesday to discuss the budget for next year, the mayor said.\n")
    assert clean(text) == text.split("\n", 1)[1]
    assert clean(clean(text)) == clean(text)
