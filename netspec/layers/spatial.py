"""The sliding-window arithmetic conv and pool share: (N-F+2P)/S+1, same and valid."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from netspec.layers.base import MAX_SIZE, POSITIVE_INT, LayerError, Op

Pair = tuple[int, int]
Padding = str | Pair

PAIR_SCHEMA: dict[str, Any] = {
    "anyOf": [
        POSITIVE_INT,
        {"type": "array", "items": POSITIVE_INT, "minItems": 2, "maxItems": 2},
    ],
    "x-expected": "an integer from 1 to 1000000 or a list [height, width] of them",
}
PADDING_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"enum": ["same", "valid"]},
        {"type": "integer", "minimum": 0, "maximum": MAX_SIZE},
        {
            "type": "array",
            "items": {"type": "integer", "minimum": 0, "maximum": MAX_SIZE},
            "minItems": 2,
            "maxItems": 2,
        },
    ],
    "description": "integer P (strict (N-F+2P)/S+1), [ph, pw], same (ceil(N/S)) or valid (floor)",
    "x-expected": "same, valid, an integer from 0 to 1000000 or a list [ph, pw] of them",
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
    for digits in (2, 6, 12):
        text = f"{float(number):.{digits}f}".rstrip("0").rstrip(".")
        if "." in text:  # rounding must not make a fraction look whole
            return text
    return f"{number.numerator}/{number.denominator}"


@dataclass(frozen=True)
class AxisResult:
    size: int
    rule: str
    dropped: int = 0


AXES = ("height", "width")
ROWS = ("row", "column")


@dataclass(frozen=True)
class AxisProblem:
    """Why one axis does not divide, kept apart so both axes can be reported together."""

    formula: str
    value: str
    n: int
    f: int
    s: int
    p: int


def window_axis(
    n: int, f: int, s: int, padding: str | int, axis: int, at_input: bool, what: str
) -> AxisResult:
    """Output size along one axis, or a LayerError that shows the arithmetic and a way out."""
    result = _axis(n, f, s, padding, axis, what)
    if isinstance(result, AxisProblem):
        raise _not_integer([(axis, result)], at_input)
    return result


def _axis(
    n: int, f: int, s: int, padding: str | int, axis: int, what: str
) -> AxisResult | AxisProblem:
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
        return AxisProblem(formula, show(exact), n, f, s, p)
    return AxisResult(int(exact), f"{formula} = {int(exact)}")


def _not_integer(problems: list[tuple[int, AxisProblem]], at_input: bool) -> LayerError:
    """One error for the failing axes; a square window on a square input is reported once."""
    if len(problems) == 2 and problems[0][1] == problems[1][1]:
        problem = problems[0][1]
        return LayerError(
            f"output height and width (N-F+2P)/S+1 = {problem.formula} = {problem.value} is "
            "not an integer",
            hint=_divide_hint(problem, None, at_input),
            key="padding",
        )
    messages = [
        f"output {AXES[axis]} (N-F+2P)/S+1 = {problem.formula} = {problem.value} is not an integer"
        for axis, problem in problems
    ]
    hints = [_divide_hint(problem, axis, at_input) for axis, problem in problems]
    return LayerError("; ".join(messages), hint="; ".join(hints), key="padding")


def _divide_hint(problem: AxisProblem, axis: int | None, at_input: bool) -> str:
    """Input sizes and paddings that divide exactly, and what valid padding would drop.

    `axis` None means both axes alike (square), so a single number fixes both.
    """
    n, f, s, p = problem.n, problem.f, problem.s, problem.p
    remainder = (n - f + 2 * p) % s
    above = n + (s - remainder)
    below = n - remainder
    sizes = f"{above} (or {below})" if below + 2 * p >= f and below > 0 else f"{above}"
    name = "" if axis is None else f"{AXES[axis]} "
    where = f"input {name}" if at_input else f"an input {name or 'size '}of "
    options = [f"{where}{sizes} divides exactly"]
    # The smallest padding q with (n-f+2q) divisible by s lies below s, when there is one.
    padding = next(
        (q for q in range(min(s, f)) if (n - f + 2 * q) % s == 0 and q != p and n + 2 * q >= f),
        None,
    )
    if padding is not None:
        options.append(
            f"padding: {padding}" if axis is None else f"padding {padding} on the {AXES[axis]}"
        )
    if f <= n:
        dropped = (n - f) % s
        if axis is None:
            what = (
                "the last row and column"
                if dropped == 1
                else f"the last {dropped} rows and columns"
            )
        else:
            what = _last(dropped, axis)
        options.append(f"padding: valid to let TensorFlow drop {what}")
    return "; or ".join(options)


def window(
    hw: Pair, size: Pair, stride: Pair, padding: Padding, at_input: bool, what: str
) -> tuple[Pair, str, tuple[int, int]]:
    """Output (h, w), the rule text, and rows/columns dropped by valid padding."""
    pads = (padding, padding) if isinstance(padding, str) else padding
    results = [_axis(hw[a], size[a], stride[a], pads[a], a, what) for a in (0, 1)]
    problems = [(a, r) for a, r in enumerate(results) if isinstance(r, AxisProblem)]
    if problems:
        raise _not_integer(problems, at_input)
    good = [r for r in results if isinstance(r, AxisResult)]
    same_rule = good[0].rule == good[1].rule
    rule = good[0].rule if same_rule else f"h {good[0].rule}, w {good[1].rule}"
    return (good[0].size, good[1].size), rule, (good[0].dropped, good[1].dropped)


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


def lower_padding(name: str, padding: Padding) -> tuple[list[Op], str]:
    """Integer padding becomes its own zero-padding op ('NAME_pad'), then a valid window."""
    if isinstance(padding, str):
        return [], padding
    if padding == (0, 0):
        return [], "valid"
    return [Op("pad2d", f"{name}_pad", {"padding": padding})], "valid"


def describe_window(size: Pair, stride: Pair, padding: Padding) -> str:
    """'5x5/1 pad 2' style summary of a window's settings."""

    def one(p: Pair) -> str:
        return str(p[0]) if p[0] == p[1] else f"{p[0]},{p[1]}"

    pad = padding if isinstance(padding, str) else one(padding)
    return f"{size[0]}x{size[1]}/{one(stride)} pad {pad}"
