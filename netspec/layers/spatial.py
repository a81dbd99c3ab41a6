"""The sliding-window arithmetic conv, depthwise and pool share: (N-F+2P)/S+1 and its roundings.

Padding is kept per side, ((top, bottom), (left, right)), so symmetric, asymmetric, `same` and
`valid` padding all go through one rule. Strict rounding (the default for integer padding) refuses
a fraction; `round: floor` and `round: ceil` say which way to round, as PyTorch and Caffe do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from netspec.layers.base import MAX_SIZE, POSITIVE_INT, LayerError, Op

Pair = tuple[int, int]
Pads = tuple[Pair, Pair]
"""Zero padding per side: ((top, bottom), (left, right))."""
Padding = str | Pads

ROUNDINGS = ("strict", "floor", "ceil")

PAIR_SCHEMA: dict[str, Any] = {
    "anyOf": [
        POSITIVE_INT,
        {"type": "array", "items": POSITIVE_INT, "minItems": 2, "maxItems": 2},
    ],
    "x-expected": "an integer from 1 to 1000000 or a list [height, width] of them",
}
_PAD_INT: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": MAX_SIZE}
PADDING_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"enum": ["same", "valid"]},
        _PAD_INT,
        {"type": "array", "items": _PAD_INT, "minItems": 2, "maxItems": 2},
        {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "array", "items": _PAD_INT, "minItems": 2, "maxItems": 2},
        },
    ],
    "description": "integer P (strict (N-F+2P)/S+1), [ph, pw], [[top, bottom], [left, right]], "
    "same (ceil(N/S)) or valid (floor)",
    "x-expected": "same, valid, an integer from 0 to 1000000, a list [ph, pw] of them, "
    "or [[top, bottom], [left, right]]",
}
ROUND_SCHEMA: dict[str, Any] = {
    "enum": list(ROUNDINGS),
    "description": "when (N-F+2P)/S+1 is a fraction: strict (an error, the default), floor "
    "(PyTorch, Darknet) or ceil (Caffe pooling, PyTorch ceil_mode)",
    "x-expected": "strict, floor or ceil",
}
DILATION_SCHEMA: dict[str, Any] = {
    **PAIR_SCHEMA,
    "description": "dilation D (default 1): the filter covers D*(F-1)+1 pixels",
}


def pair(value: Any) -> Pair:
    """An integer or [h, w] as an (h, w) tuple."""
    if isinstance(value, list | tuple):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def padding_value(value: Any) -> Padding:
    """`same`, `valid`, P, [ph, pw] or [[top, bottom], [left, right]] as per-side pads."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and isinstance(value[0], list | tuple):
        return pair(value[0]), pair(value[1])
    ph, pw = pair(value)
    return (ph, ph), (pw, pw)


def show(number: Fraction) -> str:
    """A fraction as a short decimal: 54.25, 7, 12.33."""
    if number.denominator == 1:
        return str(number.numerator)
    for digits in (2, 6, 12):
        text = f"{float(number):.{digits}f}".rstrip("0").rstrip(".")
        if "." in text:  # rounding must not make a fraction look whole
            return text
    return f"{number.numerator}/{number.denominator}"


AXES = ("height", "width")
ROWS = ("row", "column")


@dataclass(frozen=True)
class Window:
    """A layer's window settings, as conv, depthwise and pool declare them."""

    size: Pair
    stride: Pair
    padding: Padding
    dilation: Pair = (1, 1)
    round: str = "strict"

    def extent(self, axis: int) -> int:
        """Pixels the window covers along an axis: D*(F-1)+1."""
        return self.dilation[axis] * (self.size[axis] - 1) + 1


def window_from_params(params: Mapping[str, Any], default_stride: Any = 1) -> Window:
    return Window(
        size=pair(params["size"]),
        stride=pair(params.get("stride", default_stride)),
        padding=padding_value(params.get("padding", 0)),
        dilation=pair(params.get("dilation", 1)),
        round=params.get("round", "strict"),
    )


@dataclass(frozen=True)
class AxisResult:
    size: int
    rule: str
    pads: Pair  # the zero padding that gives this size with a valid window
    dropped: int = 0  # input rows (not padding) the last window leaves out (floor)
    added: int = 0  # rows of zeros added past the end so the last window fits (ceil)


@dataclass(frozen=True)
class AxisProblem:
    """Why one axis does not divide, kept apart so both axes can be reported together."""

    formula: str
    value: Fraction
    n: int
    f: int
    s: int
    pads: Pair


@dataclass(frozen=True)
class WindowResult:
    """Output (h, w), the rule text, warnings, and the explicit padding for lowering."""

    output: Pair
    rule: str
    warnings: tuple[tuple[str, str | None], ...]
    pads: Pads


def _pad_text(pads: Pair) -> str:
    """'2*P' for symmetric padding, as the rule is written; 'top+bottom' otherwise."""
    lo, hi = pads
    return f"2*{lo}" if lo == hi else f"{lo}+{hi}"


def _formula(n: int, f: int, s: int, pads: Pair) -> str:
    return f"({n}-{f}+{_pad_text(pads)})/{s}+1"


def _axis(n: int, window: Window, axis: int, what: str) -> AxisResult | AxisProblem:
    f, s = window.extent(axis), window.stride[axis]
    if window.padding == "same":
        out = math.ceil(n / s)
        total = max((out - 1) * s + f - n, 0)
        return AxisResult(out, f"ceil({n}/{s}) = {out}", (total // 2, total - total // 2))
    pads = (0, 0) if window.padding == "valid" else window.padding[axis]
    lo, hi = pads
    if f > n + lo + hi:
        padded = f"{n}+{_pad_text(pads)}" if lo + hi else f"{n}"
        dilated = "" if f == window.size[axis] else f" ({window.size[axis]} dilated)"
        raise LayerError(
            f"{what} {AXES[axis]} {f}{dilated} is larger than its input {AXES[axis]} "
            f"{padded}; expected a size <= {n + lo + hi}",
            hint="use a smaller size, padding: same, or a larger input",
            key="size",
        )
    exact = Fraction(n - f + lo + hi, s) + 1
    formula = _formula(n, f, s, pads)
    if exact.denominator == 1:
        return AxisResult(int(exact), f"{formula} = {int(exact)}", pads)
    if window.padding == "valid" or window.round == "floor":
        out = math.floor(exact)
        # Rows past the last window: the end padding goes first, only the rest is the image's.
        dropped = max(n + lo + hi - ((out - 1) * s + f) - hi, 0)
        if window.padding != "valid" and f < s:
            dropped = max(
                dropped - (s - f), 0
            )  # a window narrower than its stride skips rows anyway
        return AxisResult(out, f"{formula} = {show(exact)} -> {out}", pads, dropped=dropped)
    if window.round == "ceil":
        out = math.ceil(exact)
        if (out - 1) * s >= n + lo:  # as PyTorch: no window may start in the end padding
            out -= 1
        added = max((out - 1) * s + f - (n + lo + hi), 0)
        return AxisResult(out, f"{formula} = {show(exact)} -> {out}", (lo, hi + added), added=added)
    return AxisProblem(formula, exact, n, f, s, pads)


def window(hw: Pair, spec: Window, at_input: bool, what: str) -> WindowResult:
    """Apply the window to an (h, w) input, or raise a LayerError that shows the arithmetic."""
    if max(spec.dilation) > 1 and max(spec.stride) > 1:
        raise LayerError(
            f"dilation {_one(spec.dilation)} with stride {_one(spec.stride)}: TensorFlow's "
            "convolutions take a dilation above 1 only with stride 1",
            hint="use stride 1 and pool afterwards, or dilation 1",
            key="dilation",
        )
    results = [_axis(hw[a], spec, a, what) for a in (0, 1)]
    problems = [(a, r) for a, r in enumerate(results) if isinstance(r, AxisProblem)]
    if problems:
        raise _not_integer(problems, at_input, spec)
    good = [r for r in results if isinstance(r, AxisResult)]
    same_rule = good[0].rule == good[1].rule
    rule = good[0].rule if same_rule else f"h {good[0].rule}, w {good[1].rule}"
    return WindowResult(
        (good[0].size, good[1].size),
        rule,
        _warnings(spec, hw, good),
        (good[0].pads, good[1].pads),
    )


def _not_integer(
    problems: list[tuple[int, AxisProblem]], at_input: bool, spec: Window
) -> Exception:
    """One error for the failing axes; a square window on a square input is reported once."""
    if len(problems) == 2 and problems[0][1] == problems[1][1]:
        problem = problems[0][1]
        return LayerError(
            f"output height and width (N-F+2P)/S+1 = {problem.formula} = {show(problem.value)} "
            "is not an integer",
            hint=_divide_hint(problem, None, at_input),
            key="padding",
        )
    messages = [
        f"output {AXES[axis]} (N-F+2P)/S+1 = {problem.formula} = {show(problem.value)} is not "
        "an integer"
        for axis, problem in problems
    ]
    hints = [_divide_hint(problem, axis, at_input) for axis, problem in problems]
    return LayerError("; ".join(messages), hint="; ".join(hints), key="padding")


def _divide_hint(problem: AxisProblem, axis: int | None, at_input: bool) -> str:
    """Fixes that give the size the author evidently meant, then sizes and paddings that divide.

    `axis` None means both axes alike (square), so a single number fixes both. A fix never
    throws away padding the author wrote: with padding, the rounding is offered instead of valid.
    """
    n, f, s = problem.n, problem.f, problem.s
    lo, hi = problem.pads
    floor = math.floor(problem.value)
    options = []
    if lo + hi and lo == hi == f // 2 and floor == math.ceil(n / s):
        # Padding F//2 means "keep the size, then divide by the stride": n/s is what was meant.
        options.append(f"round: floor gives {floor} as PyTorch does; or padding: same")
    remainder = (n - f + lo + hi) % s
    above = n + (s - remainder)
    below = n - remainder
    sizes = f"{above} (or {below})" if below + lo + hi >= f and below > 0 else f"{above}"
    name = "" if axis is None else f"{AXES[axis]} "
    where = f"input {name}" if at_input else f"an input {name or 'size '}of "
    options.append(f"{where}{sizes} divides exactly")
    if lo == hi:
        # The smallest padding q with (n-f+2q) divisible by s lies below s, when there is one.
        padding = next(
            (
                q
                for q in range(min(s, f))
                if (n - f + 2 * q) % s == 0 and q != lo and n + 2 * q >= f
            ),
            None,
        )
        if padding is not None:
            options.append(
                f"padding: {padding}" if axis is None else f"padding {padding} on the {AXES[axis]}"
            )
    if not lo + hi and f <= n:
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
    elif not options[0].startswith("round"):
        options.append(f"round: floor gives {floor}, round: ceil {math.ceil(problem.value)}")
    return "; or ".join(options)


def _last(count: int, axis: int) -> str:
    return f"the last {ROWS[axis]}" if count == 1 else f"the last {count} {ROWS[axis]}s"


def _warnings(
    spec: Window, hw: Pair, results: list[AxisResult]
) -> tuple[tuple[str, str | None], ...]:
    """Rows and columns that a rounding leaves out or adds: said once, in the table's words."""
    dropped = [r.dropped for r in results]
    added = [r.added for r in results]
    if any(dropped):
        parts = [_last(count, axis) for axis, count in enumerate(dropped) if count]
        if spec.padding == "valid":
            return (
                (
                    f"padding valid drops {' and '.join(parts)} of its {hw[0]}x{hw[1]} input",
                    "choose an input size or padding that divides exactly to use every pixel",
                ),
            )
        return (
            (
                f"round: floor leaves out {' and '.join(parts)} of its {hw[0]}x{hw[1]} input",
                None,
            ),
        )
    if any(added):
        parts = [
            f"{count} {ROWS[axis]}{'s' if count > 1 else ''}"
            for axis, count in enumerate(added)
            if count
        ]
        return (
            (
                f"round: ceil adds {' and '.join(parts)} of zeros past the end of its "
                f"{hw[0]}x{hw[1]} input",
                None,
            ),
        )
    return ()


def lower_padding(name: str, result: WindowResult, padding: Padding) -> tuple[list[Op], str]:
    """Explicit padding becomes its own zero-padding op ('NAME_pad'), then a valid window."""
    if isinstance(padding, str):
        return [], padding
    if result.pads == ((0, 0), (0, 0)):
        return [], "valid"
    return [Op("pad2d", f"{name}_pad", {"padding": result.pads})], "valid"


def _one(p: Pair) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]},{p[1]}"


def describe_padding(padding: Padding) -> str:
    if isinstance(padding, str):
        return padding
    (t, b), (left, right) = padding
    if t == b and left == right:
        return _one((t, left))
    return f"{t},{b},{left},{right}"


def describe_window(spec: Window) -> str:
    """'5x5/1 pad 2' style summary of a window's settings (dilation and rounding when set)."""
    text = f"{spec.size[0]}x{spec.size[1]}/{_one(spec.stride)} pad {describe_padding(spec.padding)}"
    if spec.dilation != (1, 1):
        text += f" dil {_one(spec.dilation)}"
    if spec.round != "strict":
        text += f" {spec.round}"
    return text


WINDOW_SCHEMA: dict[str, Any] = {
    "size": {**PAIR_SCHEMA, "description": "window size F, or [Fh, Fw]"},
    "stride": {**PAIR_SCHEMA, "description": "stride S, or [Sh, Sw]"},
    "padding": PADDING_SCHEMA,
    "round": ROUND_SCHEMA,
}


def window_axis(
    n: int, f: int, s: int, padding: str | int, axis: int, at_input: bool, what: str
) -> AxisResult:
    """Output size along one axis with a square window and symmetric padding (table tests)."""
    pads = padding if isinstance(padding, str) else ((padding, padding), (padding, padding))
    spec = Window((f, f), (s, s), pads)
    result = _axis(n, spec, axis, what)
    if isinstance(result, AxisProblem):
        raise _not_integer([(axis, result)], at_input, spec)
    return result
