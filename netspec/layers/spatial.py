"""The sliding-window arithmetic conv and pool share: (N-F+2P)/S+1, same and valid."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from netspec.layers.base import POSITIVE_INT, LayerError

Pair = tuple[int, int]
Padding = str | Pair

PAIR_SCHEMA: dict[str, Any] = {
    "anyOf": [
        POSITIVE_INT,
        {"type": "array", "items": POSITIVE_INT, "minItems": 2, "maxItems": 2},
    ],
    "x-expected": "an integer >= 1 or a list [height, width] of integers >= 1",
}
PADDING_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"enum": ["same", "valid"]},
        {"type": "integer", "minimum": 0},
        {
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2,
        },
    ],
    "description": "integer P (strict (N-F+2P)/S+1), [ph, pw], same (ceil(N/S)) or valid (floor)",
    "x-expected": "same, valid, an integer >= 0 or a list [ph, pw] of integers >= 0",
}


def pair(value: Any) -> Pair:
    """An integer or [h, w] as an (h, w) tuple."""
    if isinstance(value, list | tuple):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def padding_value(value: Any) -> Padding:
    return value if isinstance(value, str) else pair(value)


def show(number: Fraction) -> str:
    """A fraction as a short decimal: 54.25, 7, 12.33."""
    if number.denominator == 1:
        return str(number.numerator)
    return f"{float(number):.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class AxisResult:
    size: int
    rule: str
    dropped: int = 0


AXES = ("height", "width")
ROWS = ("row", "column")


def window_axis(
    n: int, f: int, s: int, padding: str | int, axis: int, at_input: bool, what: str
) -> AxisResult:
    """Output size along one axis, or a LayerError that shows the arithmetic and a way out."""
    if padding == "same":
        out = math.ceil(n / s)
        return AxisResult(out, f"ceil({n}/{s}) = {out}")
    p = 0 if padding == "valid" else int(padding)
    if f > n + 2 * p:
        padded = f"{n}+2*{p}" if p else f"{n}"
        raise LayerError(
            f"{what} {AXES[axis]} {f} is larger than its input {AXES[axis]} "
            f"{padded}; expected a size <= {n + 2 * p}",
            hint="use a smaller size, padding: same, or a larger input",
            key="size",
        )
    exact = Fraction(n - f + 2 * p, s) + 1
    formula = f"({n}-{f}+2*{p})/{s}+1"
    if padding == "valid":
        out = math.floor(exact)
        dropped = n - ((out - 1) * s + f)
        rule = f"{formula} = {show(exact)}" + (f" -> {out}" if dropped else "")
        return AxisResult(out, rule, dropped)
    if exact.denominator != 1:
        raise LayerError(
            f"output {AXES[axis]} (N-F+2P)/S+1 = {formula} = {show(exact)} is not an integer",
            hint=_divide_hint(n, f, s, p, axis, at_input),
            key="padding",
        )
    return AxisResult(int(exact), f"{formula} = {int(exact)}")


def _divide_hint(n: int, f: int, s: int, p: int, axis: int, at_input: bool) -> str:
    below = next(m for m in range(n, 0, -1) if (m - f + 2 * p) % s == 0)
    above = next(m for m in range(n, n + s + 1) if (m - f + 2 * p) % s == 0)
    sizes = f"{above} (or {below})" if below >= f - 2 * p and below != above else f"{above}"
    where = "input" if at_input else f"an input {AXES[axis]} of"
    options = [f"{where} {sizes} divides exactly"]
    paddings = [q for q in range(0, f) if (n - f + 2 * q) % s == 0 and q != p]
    if paddings:
        options.append(f"padding: {paddings[0]}")
    options.append(f"padding: valid to let TensorFlow drop {_last((n - f + 2 * p) % s, axis)}")
    return "; or ".join(options)


def window(
    hw: Pair, size: Pair, stride: Pair, padding: Padding, at_input: bool, what: str
) -> tuple[Pair, str, tuple[int, int]]:
    """Output (h, w), the rule text, and rows/columns dropped by valid padding."""
    pads = (padding, padding) if isinstance(padding, str) else padding
    results = [window_axis(hw[a], size[a], stride[a], pads[a], a, at_input, what) for a in (0, 1)]
    if results[0].rule == results[1].rule:
        rule = results[0].rule
    else:
        rule = f"h {results[0].rule}, w {results[1].rule}"
    return (results[0].size, results[1].size), rule, (results[0].dropped, results[1].dropped)


def _last(count: int, axis: int) -> str:
    return f"the last {ROWS[axis]}" if count == 1 else f"the last {count} {ROWS[axis]}s"


def dropped_warning(dropped: tuple[int, int], hw: Pair) -> tuple[tuple[str, str | None], ...]:
    rows, cols = dropped
    if not rows and not cols:
        return ()
    parts = [_last(count, axis) for axis, count in enumerate(dropped) if count]
    return (
        (
            f"padding valid drops {' and '.join(parts)} of its {hw[0]}x{hw[1]} input",
            "choose an input size or padding that divides exactly to use every pixel",
        ),
    )


def describe_window(size: Pair, stride: Pair, padding: Padding) -> str:
    """'5x5/1 pad 2' style summary of a window's settings."""

    def one(p: Pair) -> str:
        return str(p[0]) if p[0] == p[1] else f"{p[0]},{p[1]}"

    pad = padding if isinstance(padding, str) else one(padding)
    return f"{size[0]}x{size[1]}/{one(stride)} pad {pad}"
