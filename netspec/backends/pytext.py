"""Python text for emitted scripts: safe literals, docstrings and comments, and the layout
`ruff format` would give a long call or collection, so formatting a script changes nothing.

Spec text never reaches a script raw: strings become Python literals through `pyrepr`, and text
in docstrings and comments goes through `doctext` / `docwrap` / `comment`, which remove line
breaks of every kind and escape what could end a docstring or fail to encode.
"""

from __future__ import annotations

import ast
import math
import textwrap
from collections.abc import Sequence
from typing import Any

LINE_LENGTH = 100

INDENT = "    "


def pyrepr(value: Any) -> str:
    """A Python literal for `value` (str, number, bool, None, tuple or list of those).

    Strings use repr's escapes, so no line separator, quote or undecodable character survives
    raw; they are double-quoted where that needs no escapes, as `ruff format` writes them.
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):  # 1e+20 is written 1e20, as ruff format writes it
        return repr(value).replace("e+", "e") if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, str):
        text = repr(value)
        if text.startswith("'") and '"' not in value:
            text = f'"{text[1:-1]}"'
        if ast.literal_eval(text) != value:  # repr guarantees this; a cheap proof
            raise ValueError(f"cannot write {value!r} as a Python literal")
        return text
    if isinstance(value, tuple):
        items = [pyrepr(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, list):
        return f"[{', '.join(pyrepr(v) for v in value)}]"
    raise TypeError(f"no Python literal for {type(value).__name__}")


def _neutral(text: str) -> str:
    """One line of printable text: every kind of whitespace (all that str.splitlines breaks on
    included) becomes a space; other unprintable characters (controls, bidi overrides, lone
    surrogates) become their visible escape, such as \\x00 or \\ud800."""
    out = []
    for ch in str(text):
        if ch.isspace():
            out.append(" ")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ascii(ch)[1:-1])
    return "".join(out)


def _docstring_safe(line: str) -> str:
    """Escape what a triple-quoted docstring would interpret: backslashes and triple quotes."""
    return line.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def doctext(text: str) -> str:
    """Spec text for one line of a docstring."""
    return _docstring_safe(_neutral(text).strip())


def docwrap(text: str, width: int = LINE_LENGTH - 4) -> str:
    """Spec text as a docstring paragraph wrapped at `width` (words are never cut, so an
    escape such as \\u2028 cannot be split across lines)."""
    lines = textwrap.wrap(
        " ".join(_neutral(text).split()),
        width=width,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(_docstring_safe(line) for line in lines)


def comment(text: str) -> str:
    """Spec text for the rest of a `#` comment line."""
    return _neutral(text).strip()


def call(indent: int, head: str, args: Sequence[str], tail: str = "") -> list[str]:
    """`head(args)tail` at `indent` levels: on one line if it fits, else split like ruff format.

    A call followed by a one-argument call (a Keras layer applied to x) splits the last
    parentheses first when that is enough, otherwise the arguments move to a line of their own,
    otherwise one per line with a trailing comma.
    """
    pad = INDENT * indent
    joined = ", ".join(args)
    flat = f"{pad}{head}({joined}){tail}"
    if len(flat) <= LINE_LENGTH:
        return [flat]
    if tail.startswith("(") and tail.endswith(")") and len(flat) - len(tail) + 1 <= LINE_LENGTH:
        return [f"{pad}{head}({joined})(", f"{pad}{INDENT}{tail[1:-1]}", f"{pad})"]
    if len(pad) + len(INDENT) + len(joined) <= LINE_LENGTH:
        return [f"{pad}{head}(", f"{pad}{INDENT}{joined}", f"{pad}){tail}"]
    return [f"{pad}{head}(", *(f"{pad}{INDENT}{arg}," for arg in args), f"{pad}){tail}"]


def collection(
    indent: int, head: str, items: Sequence[str], brackets: str, tail: str = ""
) -> list[str]:
    """A list or dict display: on one line if it fits, else one item per line with a comma."""
    pad = INDENT * indent
    opening, closing = brackets
    flat = f"{pad}{head}{opening}{', '.join(items)}{closing}{tail}"
    if len(flat) <= LINE_LENGTH:
        return [flat]
    return [
        f"{pad}{head}{opening}",
        *(f"{pad}{INDENT}{item}," for item in items),
        f"{pad}{closing}{tail}",
    ]


def comment_lines(indent: int, text: str) -> list[str]:
    """A `#` comment wrapped at the line length."""
    pad = INDENT * indent + "# "
    width = LINE_LENGTH - len(pad)
    return [pad + line for line in textwrap.wrap(text, width=width, break_long_words=False)]


def call_on_list(indent: int, head: str, args: Sequence[str], items: Sequence[str]) -> list[str]:
    """`head(args)([items])`, a Keras merge applied to its inputs, split as ruff format splits
    it: the list's parentheses first, then the call's, and the list itself one item per line
    only when it cannot fit on a line of its own."""
    pad = INDENT * indent
    listed = f"[{', '.join(items)}]"
    opened = f"{pad}{head}({', '.join(args)})("
    if len(opened) + len(listed) + 1 <= LINE_LENGTH:
        return [f"{opened}{listed})"]
    if len(opened) <= LINE_LENGTH:
        return [opened, *collection(indent + 1, "", items, "[]"), f"{pad})"]
    lines = call(indent, head, args, "(")[:-1]  # split (`opened` is too long); drop its `)(`
    if len(pad) + len(listed) + 3 <= LINE_LENGTH:
        return [*lines, f"{pad})({listed})"]
    return [*lines, f"{pad})(", *collection(indent + 1, "", items, "[]"), f"{pad})"]


def call_with_list(
    indent: int, head: str, items: Sequence[str], rest: Sequence[str] = ()
) -> list[str]:
    """`head([items], rest)`, as tf.add_n and tf.concat take their inputs: like `call`, but a
    list too long for a line of its own goes one item per line."""
    lines = call(indent, head, [f"[{', '.join(items)}]", *rest])
    if max(len(line) for line in lines) <= LINE_LENGTH:
        return lines
    pad = INDENT * indent
    listed = collection(indent + 1, "", items, "[]", "," if rest else "")
    return [f"{pad}{head}(", *listed, *(f"{pad}{INDENT}{arg}," for arg in rest), f"{pad})"]


def kwarg(key: str, value: Any) -> str:
    return f"{key}={pyrepr(value)}"
