"""Network -> a standalone training script (TensorFlow, Keras, NumPy only) from jinja2 templates.

The script is meant to be read and changed by hand, so the renderer does the layout work a person
would: one statement per layer with its shape rule in a comment, only the code the spec uses, and
lines laid out the way `ruff format` lays them out, so formatting the script changes nothing.

Spec text never reaches the script raw: strings become Python literals through `pyrepr`, and
text in docstrings and comments goes through `doctext` / `comment`, which remove line breaks of
every kind and escape what could end a docstring or fail to encode.
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib.resources
import importlib.util
import keyword
import math
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2

import netspec
from netspec.errors import Diagnostic, SpecError, UsageError
from netspec.layers import Op
from netspec.model import Init, Network
from netspec.shapes import Row, analyze
from netspec.training import softmax_output

STYLES = ("keras", "tf")
LINE_LENGTH = 100
INDENT = "    "
ENTRY_TEMPLATE = "script.py.j2"
KERAS_DEFAULT_INIT = Init()
INITIALIZER_CLASSES = {
    "glorot_uniform": "GlorotUniform",
    "glorot_normal": "GlorotNormal",
    "he_normal": "HeNormal",
    "he_uniform": "HeUniform",
}
TF_ACTIVATIONS = {
    "relu": "tf.nn.relu",
    "relu6": "tf.nn.relu6",
    "sigmoid": "tf.nn.sigmoid",
    "tanh": "tf.nn.tanh",
    "softmax": "tf.nn.softmax",
    "elu": "tf.nn.elu",
    "selu": "tf.nn.selu",
    "leaky_relu": "tf.nn.leaky_relu",  # alpha 0.2, Keras's negative_slope default
    "gelu": "tf.nn.gelu",  # exact, as Keras's "gelu"
    "swish": "tf.nn.silu",
    "softplus": "tf.nn.softplus",
}
NO_ACTIVATION = ("none", "linear")
OPTIMIZER_WORDS = {
    "sgd": "Plain SGD",
    "momentum": "SGD with momentum",
    "adam": "Adam",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
}
LRN_DEFAULTS = {"depth_radius": 2, "bias": 2.0, "alpha": 1e-4, "beta": 0.75}  # AlexNet's
SETTINGS_HELPERS = {
    "conv2d": "weight_settings",
    "dense": "weight_settings",
    "depthwise2d": "depthwise_settings",
}
WEIGHT_OPS = frozenset(SETTINGS_HELPERS)
IDENTIFIER_LENGTH = 40
SCRIPT_NAMES = {  # what build_model and forward read or bind besides tensors; l: ruff's E741
    *("x", "inputs", "w", "self", "training", "keras", "tf", "np", "l"),
    *("weight_settings", "depthwise_settings", "batch_norm", "new_kernel", "new_bias"),
}
RESERVED = frozenset(SCRIPT_NAMES | {*keyword.kwlist, *keyword.softkwlist, *dir(builtins)})


# --- safe text: Python literals, docstrings and comments ---------------------------------------


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


# --- layout: what ruff format would do with a long call or collection --------------------------


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


def size_arg(pair: tuple[int, int]) -> Any:
    """A square window as one number, as people write it; else the (height, width) pair."""
    return pair[0] if pair[0] == pair[1] else tuple(pair)


# --- the graph: which tensors get a variable of their own --------------------------------------


def identifier(name: str, taken: set[str]) -> str:
    """A new variable name for the tensor of layer `name`, recorded in `taken`.

    Layer names may hold dots or any other text, so only [a-z0-9_] is kept, shortened to a
    readable length; a name the script already uses (a keyword, a builtin, x, keras...) gets a
    trailing underscore, and one taken by another layer a number.
    """
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:IDENTIFIER_LENGTH].rstrip("_")
    base = base or "tensor"
    if base[0].isdigit():
        base = f"layer_{base}"
    if base in RESERVED:
        base += "_"
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED:
        number += 1
        candidate = f"{base.rstrip('_')}_{number}"
    taken.add(candidate)
    return candidate


def tensor_variables(rows: Sequence[Row]) -> dict[str, str]:
    """The tensors ('input' or a layer's name) that need a variable -> its name.

    A tensor that only the next layer reads stays in `x`, as in a linear network; one that is
    read twice, or by a later layer, gets a variable named after its layer ('inputs' for the
    network's input).
    """
    readers: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        for name in row.inputs:
            readers.setdefault(name, []).append(index)
    taken: set[str] = set()
    variables = {}
    for index, name in enumerate(["input", *(row.name for row in rows)]):
        if readers.get(name, []) not in ([], [index]):  # index: the row after this tensor's
            variables[name] = "inputs" if name == "input" else identifier(name, taken)
    return variables


def block_headers(group: str, previous: str, groups: Mapping[str, str], indent: int) -> list[str]:
    """A blank line and `# use: block args` for each block use a layer enters (nested uses one
    after the other); a blank line where the layers return from a block to the top level."""
    parts = group.split(".") if group else []
    uses = [".".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
    entered = [
        use
        for use in uses
        if use in groups and not (previous == use or previous.startswith(use + "."))
    ]
    lines = [""] if entered or (previous and not group) else []
    for use in entered:
        lines += comment_lines(indent, comment(f"{use}: block {groups[use]}"))
    return lines


# --- the layers, one writer per style -----------------------------------------------------------


@dataclass
class LayerCode:
    """One spec layer in the script: its comment and its statements (already indented)."""

    name: str
    lines: list[str]


def row_comment(row: Row) -> str:
    """`conv1: (28-5+2*2)/1+1 = 28 -> 28x28x6, 156 params`, the numbers `netspec check` shows."""
    shape = "x".join(str(n) for n in row.output)
    text = f"{row.name}: {row.rule}" if row.rule else f"{row.name}: {shape}"
    if row.rule and not row.rule.endswith(f"-> {shape}"):  # global_pool's rule ends with it
        text += f" -> {shape}"
    if row.params:
        text += f", {row.params:,} params"
        if row.trainable != row.params:
            text += f" ({row.trainable:,} trainable)"
    return comment(text)


def rows_ops(report_rows: Iterable[Row]) -> list[tuple[Row, list[Op]]]:
    """Each row with the ops it lowers to (the same lowering the Keras builder reads)."""
    return [(row, list(row.layer.lower(row.input))) for row in report_rows]


class KerasWriter:
    """One `x = keras.layers.Kind(...)(x)` statement per op, arguments as a person writes them:
    positional sizes, and only the keywords that differ from Keras's defaults. A layer reads
    its inputs from `sources` and leaves its output in `target` (x, or a variable)."""

    def __init__(self, weight_settings: bool):
        self.weight_settings = weight_settings

    def layer(self, row: Row, ops: list[Op], sources: Sequence[str], target: str) -> LayerCode:
        lines = comment_lines(1, row_comment(row))
        operand = sources[0]
        for index, op in enumerate(ops):
            head, args = getattr(self, op.op)(op)
            args.append(kwarg("name", op.name))
            if op.op in SETTINGS_HELPERS and self.weight_settings:
                args.append(f"**{SETTINGS_HELPERS[op.op]}()")
            result = target if index == len(ops) - 1 else "x"
            if row.layer.MERGE and index == 0:
                lines += call_on_list(1, f"{result} = {head}", args, sources)
            else:
                lines += call(1, f"{result} = {head}", args, f"({operand})")
            operand = "x"
        return LayerCode(row.name, lines)

    def pad2d(self, op: Op) -> tuple[str, list[str]]:
        (top, bottom), (left, right) = op.attrs["padding"]
        if top == bottom and left == right:
            return "keras.layers.ZeroPadding2D", [pyrepr(size_arg((top, left)))]
        return "keras.layers.ZeroPadding2D", [pyrepr(((top, bottom), (left, right)))]

    def _window(self, a: Mapping[str, Any]) -> list[str]:
        """strides and padding, where they differ from Keras's defaults."""
        args = []
        if tuple(a["strides"]) != (1, 1):
            args.append(kwarg("strides", size_arg(a["strides"])))
        if a["padding"] == "same":
            args.append(kwarg("padding", "same"))
        return args

    def _output(self, a: Mapping[str, Any]) -> list[str]:
        """activation and use_bias, where they differ from Keras's defaults."""
        args = []
        if a["activation"] not in NO_ACTIVATION:
            args.append(kwarg("activation", a["activation"]))
        if not a["use_bias"]:
            args.append(kwarg("use_bias", False))
        return args

    def conv2d(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        args = [pyrepr(a["filters"]), pyrepr(size_arg(a["kernel_size"])), *self._window(a)]
        if tuple(a.get("dilation_rate", (1, 1))) != (1, 1):
            args.append(kwarg("dilation_rate", size_arg(a["dilation_rate"])))
        if a.get("groups", 1) != 1:
            args.append(kwarg("groups", a["groups"]))
        return "keras.layers.Conv2D", args + self._output(a)

    def depthwise2d(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        args = [pyrepr(size_arg(a["kernel_size"])), *self._window(a)]
        if a["depth_multiplier"] != 1:
            args.append(kwarg("depth_multiplier", a["depth_multiplier"]))
        if tuple(a["dilation_rate"]) != (1, 1):
            args.append(kwarg("dilation_rate", size_arg(a["dilation_rate"])))
        return "keras.layers.DepthwiseConv2D", args + self._output(a)

    def pool2d(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        args = [pyrepr(size_arg(a["pool_size"]))]
        if tuple(a["strides"]) != tuple(a["pool_size"]):
            args.append(kwarg("strides", size_arg(a["strides"])))
        if a["padding"] == "same":
            args.append(kwarg("padding", "same"))
        kind = "MaxPooling2D" if a["mode"] == "max" else "AveragePooling2D"
        return f"keras.layers.{kind}", args

    def global_pool2d(self, op: Op) -> tuple[str, list[str]]:
        kind = "GlobalMaxPooling2D" if op.attrs["mode"] == "max" else "GlobalAveragePooling2D"
        return f"keras.layers.{kind}", []

    def upsample2d(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        args = [pyrepr(size_arg(a["size"]))]
        if a["mode"] != "nearest":
            args.append(kwarg("interpolation", a["mode"]))
        return "keras.layers.UpSampling2D", args

    def add(self, op: Op) -> tuple[str, list[str]]:
        return "keras.layers.Add", []

    def concat(self, op: Op) -> tuple[str, list[str]]:
        return "keras.layers.Concatenate", []  # on the last axis, the channels

    def flatten(self, op: Op) -> tuple[str, list[str]]:
        return "keras.layers.Flatten", []

    def dense(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        return "keras.layers.Dense", [pyrepr(a["units"]), *self._output(a)]

    def dropout(self, op: Op) -> tuple[str, list[str]]:
        return "keras.layers.Dropout", [pyrepr(op.attrs["rate"])]

    def lrn(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        args = [kwarg(k, a[k]) for k, default in LRN_DEFAULTS.items() if a[k] != default]
        return "LocalResponseNormalization", args

    def batchnorm(self, op: Op) -> tuple[str, list[str]]:
        a = op.attrs
        args = []
        if a["momentum"] != 0.99:
            args.append(kwarg("momentum", a["momentum"]))
        if a["epsilon"] != 1e-3:
            args.append(kwarg("epsilon", a["epsilon"]))
        if not a["scale"]:
            args.append(kwarg("scale", False))
        return "keras.layers.BatchNormalization", args

    def activation(self, op: Op) -> tuple[str, list[str]]:
        function = op.attrs["function"]
        return "keras.layers.Activation", [
            pyrepr("linear" if function in NO_ACTIVATION else function)
        ]

    def leaky_relu(self, op: Op) -> tuple[str, list[str]]:
        return "keras.layers.LeakyReLU", [kwarg("negative_slope", op.attrs["negative_slope"])]


class TfWriter:
    """tf.nn statements per op, reading the variables in `w[layer][part]`; after each spec layer
    `yield name, x`, so shapes can be traced layer by layer.

    A layer's first statement reads its input (x, or a variable), the others x; a layer whose
    output is read again later also keeps it in a variable.
    """

    def __init__(self) -> None:
        self.entries: list[str] = []  # lines of the weights dictionary, indented for __init__
        self.sources: Sequence[str] = ("x",)  # the inputs of the layer being written
        self.source = "x"  # what its next statement reads: its input, until one has read it

    def layer(self, row: Row, ops: list[Op], sources: Sequence[str], target: str) -> LayerCode:
        lines = comment_lines(2, row_comment(row))
        self.sources, self.source = sources, sources[0]
        for op in ops:
            lines += getattr(self, op.op)(op, row)
        lines += self._load()  # a layer without statements (linear activation) passes it on
        if target != "x":
            lines.append(f"{INDENT * 2}{target} = x")
        lines.append(f"{INDENT * 2}yield {pyrepr(row.name)}, x")
        return LayerCode(row.name, lines)

    def _take(self) -> str:
        """The operand of the next statement: the layer's input the first time, then x."""
        source, self.source = self.source, "x"
        return source

    def _load(self) -> list[str]:
        """`x = input`, where x must hold the layer's input before a statement that may not run."""
        source = self._take()
        return [] if source == "x" else [f"{INDENT * 2}x = {source}"]

    def _var(self, name: str, part: str) -> str:
        return f"w[{pyrepr(name)}][{pyrepr(part)}]"

    def _activation(self, function: str) -> list[str]:
        if function in NO_ACTIVATION:
            return []
        return call(2, f"x = {TF_ACTIVATIONS[function]}", [self._take()])

    def _bias_and_activation(self, op: Op) -> list[str]:
        lines = []
        if op.attrs["use_bias"]:
            lines += call(2, "x = tf.nn.bias_add", ["x", self._var(op.name, "bias")])
        return lines + self._activation(op.attrs["activation"])

    def _entry(self, name: str, parts: list[tuple[str, str]]) -> None:
        items = [f"{pyrepr(part)}: {value}" for part, value in parts]
        self.entries += collection(3, f"{pyrepr(name)}: ", items, "{}", ",")

    def _kernel(self, op: Op, shape: tuple[int, ...], units: int) -> None:
        """A weights entry: the kernel, and the bias of `units` when the op has one."""
        parts = [("kernel", f"new_kernel({pyrepr(shape)})")]
        if op.attrs["use_bias"]:
            parts.append(("bias", f"new_bias({pyrepr(units)})"))
        self._entry(op.name, parts)

    def pad2d(self, op: Op, row: Row) -> list[str]:
        (top, bottom), (left, right) = op.attrs["padding"]
        pads = f"[[0, 0], [{top}, {bottom}], [{left}, {right}], [0, 0]]"
        return call(2, "x = tf.pad", [self._take(), pads])

    def conv2d(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        fh, fw = a["kernel_size"]
        # Grouped: each filter sees its group's channels; tf.nn.conv2d infers the groups.
        channels = row.input[2] // a.get("groups", 1)
        self._kernel(op, (fh, fw, channels, a["filters"]), a["filters"])
        args = [
            self._take(),
            self._var(op.name, "kernel"),
            kwarg("strides", size_arg(a["strides"])),
            kwarg("padding", a["padding"].upper()),
        ]
        if tuple(a.get("dilation_rate", (1, 1))) != (1, 1):
            args.append(kwarg("dilations", size_arg(a["dilation_rate"])))
        return call(2, "x = tf.nn.conv2d", args) + self._bias_and_activation(op)

    def depthwise2d(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        fh, fw = a["kernel_size"]
        multiplier = a["depth_multiplier"]
        self._kernel(op, (fh, fw, row.input[2], multiplier), row.input[2] * multiplier)
        sh, sw = a["strides"]
        args = [
            self._take(),
            self._var(op.name, "kernel"),
            f"strides=[1, {sh}, {sw}, 1]",
            kwarg("padding", a["padding"].upper()),
        ]
        if tuple(a["dilation_rate"]) != (1, 1):
            args.append(kwarg("dilations", list(a["dilation_rate"])))
        return call(2, "x = tf.nn.depthwise_conv2d", args) + self._bias_and_activation(op)

    def pool2d(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        function = "tf.nn.max_pool2d" if a["mode"] == "max" else "tf.nn.avg_pool2d"
        args = [
            self._take(),
            kwarg("ksize", size_arg(a["pool_size"])),
            kwarg("strides", size_arg(a["strides"])),
            kwarg("padding", a["padding"].upper()),
        ]
        return call(2, f"x = {function}", args)

    def global_pool2d(self, op: Op, row: Row) -> list[str]:
        function = "tf.reduce_max" if op.attrs["mode"] == "max" else "tf.reduce_mean"
        return call(2, f"x = {function}", [self._take(), "axis=[1, 2]"])

    def upsample2d(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        if a["mode"] == "nearest":  # each pixel repeated, as Keras's UpSampling2D does
            rows = call(2, "x = tf.repeat", [self._take(), pyrepr(a["size"][0]), "axis=1"])
            return rows + call(2, "x = tf.repeat", ["x", pyrepr(a["size"][1]), "axis=2"])
        size = f"[{row.output[0]}, {row.output[1]}]"
        return call(2, "x = tf.image.resize", [self._take(), size, kwarg("method", a["mode"])])

    def add(self, op: Op, row: Row) -> list[str]:
        self.source = "x"
        return call_with_list(2, "x = tf.add_n", self.sources)

    def concat(self, op: Op, row: Row) -> list[str]:
        self.source = "x"
        return call_with_list(2, "x = tf.concat", self.sources, ["axis=-1"])

    def flatten(self, op: Op, row: Row) -> list[str]:
        return call(2, "x = tf.reshape", [self._take(), f"[-1, {row.output[0]}]"])

    def dense(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        self._kernel(op, (row.input[0], a["units"]), a["units"])
        lines = call(2, "x = tf.matmul", [self._take(), self._var(op.name, "kernel")])
        return lines + self._bias_and_activation(op)

    def dropout(self, op: Op, row: Row) -> list[str]:
        dropout = call(3, "x = tf.nn.dropout", ["x", kwarg("rate", op.attrs["rate"])])
        return [*self._load(), f"{INDENT * 2}if training:", *dropout]

    def lrn(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        args = [self._take()] + [kwarg(k, a[k]) for k in ("depth_radius", "bias", "alpha", "beta")]
        return call(2, "x = tf.nn.local_response_normalization", args)

    def batchnorm(self, op: Op, row: Row) -> list[str]:
        a = op.attrs
        settings = [pyrepr(row.output[-1])] + ([] if a["scale"] else [kwarg("scale", False)])
        self.entries += call(3, f"{pyrepr(op.name)}: new_batchnorm", settings, ",")
        args = [
            self._take(),
            f"w[{pyrepr(op.name)}]",
            kwarg("momentum", a["momentum"]),
            kwarg("epsilon", a["epsilon"]),
            "training=training",
        ]
        return call(2, "x = batch_norm", args)

    def activation(self, op: Op, row: Row) -> list[str]:
        return self._activation(op.attrs["function"])

    def leaky_relu(self, op: Op, row: Row) -> list[str]:
        slope = kwarg("alpha", op.attrs["negative_slope"])
        return call(2, "x = tf.nn.leaky_relu", [self._take(), slope])


def write_layers(
    pairs: Sequence[tuple[Row, list[Op]]],
    variables: Mapping[str, str],
    groups: Mapping[str, str],
    writer: KerasWriter | TfWriter,
) -> list[LayerCode]:
    """Each layer's code: its block headers, then its statements, reading and writing the
    tensors' variables (x where a tensor has none)."""
    indent = 1 if isinstance(writer, KerasWriter) else 2
    layers = []
    previous = ""
    for index, (row, ops) in enumerate(pairs):
        sources = [variables.get(name, "x") for name in row.inputs]
        code = writer.layer(row, ops, sources, variables.get(row.name, "x"))
        headers = block_headers(row.layer.group, previous, groups, indent)
        code.lines[:0] = headers[1:] if index == 0 and headers[:1] == [""] else headers
        previous = row.layer.group
        layers.append(code)
    return layers


# --- settings the templates read ----------------------------------------------------------------


def keras_initializer(init: Init) -> str:
    """The Keras initializer object for the spec's init (a fresh one per call site)."""
    if init.kind == "truncated_normal":
        return f"keras.initializers.TruncatedNormal({kwarg('stddev', init.stddev)})"
    if init.kind == "normal":
        return f"keras.initializers.RandomNormal({kwarg('stddev', init.stddev)})"
    if init.kind == "uniform":
        return f"keras.initializers.RandomUniform({pyrepr(-init.stddev)}, {pyrepr(init.stddev)})"
    return f"keras.initializers.{INITIALIZER_CLASSES[init.kind]}()"


def tf_kernel_values(init: Init) -> str:
    """Initial kernel values for `shape`, in the tutorials' tf.random style where there is one."""
    if init.kind == "truncated_normal":
        return f"tf.random.truncated_normal(shape, {kwarg('stddev', init.stddev)})"
    if init.kind == "normal":
        return f"tf.random.normal(shape, {kwarg('stddev', init.stddev)})"
    if init.kind == "uniform":
        return f"tf.random.uniform(shape, {pyrepr(-init.stddev)}, {pyrepr(init.stddev)})"
    return f"{keras_initializer(init)}(shape)"


def init_description(init: Init) -> str:
    if init.kind in ("truncated_normal", "normal", "uniform"):
        return f"{init.kind}, stddev {init.stddev:g}"
    return init.kind


def optimizer_expr(network: Network, rate: str) -> str:
    train = network.train
    if train.optimizer == "sgd":
        return f"keras.optimizers.SGD({rate})"
    if train.optimizer == "momentum":
        return f"keras.optimizers.SGD({rate}, {kwarg('momentum', train.momentum)})"
    names = {"adam": "Adam", "adagrad": "Adagrad", "rmsprop": "RMSprop"}
    return f"keras.optimizers.{names[train.optimizer]}({rate})"


@dataclass
class Schedule:
    """A learning-rate schedule as make_optimizer writes it, and what it says in words."""

    statement: list[str]
    needs_epochs: bool
    description: str


def lr_schedule(network: Network) -> Schedule | None:
    decay = network.train.lr_decay
    if decay is None:
        return None
    if decay.kind == "cosine":
        steps, epochs = "steps_per_epoch * epochs", True
        args = ["learning_rate", f"decay_steps={steps}", kwarg("alpha", decay.alpha)]
        head = "CosineDecay"
        words = (
            f"The rate falls along a cosine to {decay.alpha:g} times its first value over all "
            "the training steps."
        )
    else:
        every = decay.every if decay.kind == "step" else 1
        steps = "steps_per_epoch" if every == 1 else f"steps_per_epoch * {every}"
        epochs = False
        args = [
            "learning_rate",
            f"decay_steps={steps}",
            kwarg("decay_rate", decay.rate),
            "staircase=True",
        ]
        head = "ExponentialDecay"
        period = "epoch" if every == 1 else f"{every} epochs"
        words = f"The rate is multiplied by {decay.rate:g} after every {period}."
    statement = call(1, f"schedule = keras.optimizers.schedules.{head}", args)
    return Schedule(statement, epochs, words)


AUGMENT_MODES = {
    "horizontal": "horizontal",
    "vertical": "vertical",
    "both": "horizontal_and_vertical",
}


def augment_steps(network: Network) -> list[str]:
    """The Keras preprocessing layers of make_augmenter, as list items (same as netspec run)."""
    augment = network.train.augment
    if not augment.enabled:
        return []
    h, w, _ = network.input
    steps = []
    if augment.flip:
        steps.append(f"keras.layers.RandomFlip({pyrepr(AUGMENT_MODES[augment.flip])}, seed=seed)")
    if augment.rotate:
        steps.append(f"keras.layers.RandomRotation({pyrepr(augment.rotate)} / 360, seed=seed)")
    if augment.zoom:
        steps.append(f"keras.layers.RandomZoom({pyrepr(augment.zoom)}, seed=seed)")
    if augment.crop:
        steps.append(f"keras.layers.ZeroPadding2D({pyrepr(augment.crop)})")
        steps.append(f"keras.layers.RandomCrop({h}, {w}, seed=seed)")
    return steps


def augment_description(network: Network) -> str:
    """The augment: settings in words, for make_augmenter's docstring."""
    augment = network.train.augment
    if not augment.enabled:
        return ""
    parts = []
    if augment.flip:
        parts.append(f"{augment.flip} flips" if augment.flip != "both" else "flips both ways")
    if augment.rotate:
        parts.append(f"rotations of up to {augment.rotate:g} degrees")
    if augment.zoom:
        parts.append(f"zooms of up to {augment.zoom:g}")
    if augment.crop:
        parts.append(f"shifts of up to {augment.crop} pixels (zero-pad, then crop at random)")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


# --- imports and the pasted data loader ---------------------------------------------------------


@dataclass
class Imports:
    """Import statements merged and ordered as isort (ruff's I rules) orders them."""

    plain: dict[str, str | None] = field(default_factory=dict)  # module -> alias
    members: dict[str, set[str]] = field(default_factory=dict)  # module -> names

    def add(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.plain[alias.name] = alias.asname
        elif node.module and node.module != "__future__":
            if any(alias.asname for alias in node.names) or node.level:
                raise ValueError("the data loader's imports must be plain `from x import y`")
            self.members.setdefault(node.module, set()).update(a.name for a in node.names)

    def add_text(self, text: str) -> None:
        for node in ast.parse(text).body:
            assert isinstance(node, ast.Import | ast.ImportFrom)
            self.add(node)

    def lines(self, stdlib: bool) -> list[str]:
        def wanted(module: str) -> bool:
            return (module.split(".")[0] in sys.stdlib_module_names) == stdlib

        def member_key(name: str) -> tuple[int, str]:
            kind = 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2
            return kind, name.lower()

        out = []
        for module in sorted(filter(wanted, self.plain), key=str.lower):
            alias = self.plain[module]
            out.append(f"import {module}" + (f" as {alias}" if alias else ""))
        for module in sorted(filter(wanted, self.members), key=str.lower):
            names = ", ".join(sorted(self.members[module], key=member_key))
            out.append(f"from {module} import {names}")
        return out


def module_source(module: str) -> str:
    """The text of a netspec module the script carries (read, never imported): one source for
    `netspec run` and the script."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        path = module.replace(".", "/") + ".py"
        raise UsageError(f"cannot find {path}, which the script carries")
    return Path(spec.origin).read_text(encoding="utf-8")


def datasets_source() -> str:
    """netspec/datasets.py, the loader `netspec run` uses."""
    return module_source("netspec.datasets")


def split_datasets_source(source: str) -> tuple[list[ast.Import | ast.ImportFrom], str]:
    """A carried module's (datasets.py's, quiet.py's) top-level imports, and the rest of its
    text without module docstring or imports."""
    tree = ast.parse(source)
    drop: set[int] = set()
    imports: list[ast.Import | ast.ImportFrom] = []
    for index, node in enumerate(tree.body):
        is_docstring = (
            index == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(node)
        elif not is_docstring:
            continue
        assert node.end_lineno is not None
        drop.update(range(node.lineno, node.end_lineno + 1))
    lines = source.splitlines(keepends=True)
    kept = "".join(line for number, line in enumerate(lines, 1) if number not in drop)
    return imports, kept.lstrip("\n")


# --- rendering ----------------------------------------------------------------------------------


def template_root() -> Path | Traversable:
    """templates/ beside the package in a checkout, else the netspec.templates data package."""
    checkout = Path(netspec.__file__).resolve().parent.parent / "templates"
    if (checkout / ENTRY_TEMPLATE).is_file():
        return checkout
    return importlib.resources.files("netspec.templates")


@functools.cache
def environment() -> jinja2.Environment:
    """Strict (a misspelt variable is an error, never an empty string); no HTML escaping, as
    the output is Python and every spec string goes through an explicit filter."""
    root = template_root()

    def load(name: str) -> str:
        return (root / name).read_text(encoding="utf-8")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    filters: dict[str, Callable[..., str]] = {
        "pyrepr": pyrepr,
        "doctext": doctext,
        "docwrap": docwrap,
        "comment": comment,
        "count": lambda n: f"{n:,}",
    }
    env.filters.update(filters)
    env.globals["call"] = lambda *args: "\n".join(call(*args))
    env.globals["collection"] = lambda *args: "\n".join(collection(*args))
    return env


def render_script(network: Network, style: str = "keras") -> str:
    """The whole standalone training script for `network` in `style` ("keras" or "tf")."""
    if style not in STYLES:
        raise UsageError(f"unknown style {style!r}; choose keras or tf")
    report = analyze(network)  # a spec with a shape error never becomes a script
    output = report.output
    if len(output) != 1:
        last = network.layers[-1]
        message = (
            f"the network's output is {'x'.join(map(str, output))}, not a vector of class "
            "scores, so there is nothing to train a classifier on"
        )
        hint = "end the spec with flatten and an fc layer with one unit per class"
        raise SpecError([Diagnostic(message, network.file, last.where, last.name, hint)])
    train = network.train
    init = train.init
    pairs = rows_ops(report.rows)
    kinds = {op.op for _, ops in pairs for op in ops}
    has_weights = bool(kinds & WEIGHT_OPS)
    weight_settings: list[str] = []  # dictionary items, only where Keras's default differs
    if has_weights and init.kind != KERAS_DEFAULT_INIT.kind:
        weight_settings.append(f'"kernel_initializer": {keras_initializer(init)}')
    if has_weights and init.bias:
        bias = f"keras.initializers.Constant({pyrepr(init.bias)})"
        weight_settings.append(f'"bias_initializer": {bias}')
    if has_weights and train.l2:
        weight_settings.append(f'"kernel_regularizer": keras.regularizers.L2({pyrepr(train.l2)})')

    tf_writer = TfWriter()
    writer = KerasWriter(bool(weight_settings)) if style == "keras" else tf_writer
    variables = tensor_variables(report.rows)
    layers = write_layers(pairs, variables, network.groups, writer)

    loader_imports, loader_body = split_datasets_source(datasets_source())
    quiet_imports, quiet_body = split_datasets_source(module_source("netspec.quiet"))
    imports = Imports()
    for node in [*loader_imports, *quiet_imports]:
        imports.add(node)
    schedule = lr_schedule(network)
    stopping = train.early_stopping
    validation = train.validation_split > 0
    own = ["import argparse", "import json", "import os", "import tempfile", "import time"]
    own.append("from pathlib import Path")
    own += ["import keras", "import numpy as np", "import tensorflow as tf"]
    if schedule is not None or stopping is not None:
        own.append("import math")
    if style == "tf":
        own.append("from collections.abc import Iterator")
    imports.add_text("\n".join(own))

    monitor = stopping_message = None
    if stopping is not None:  # as `netspec run`: without a validation split, watch the loss
        monitor = stopping.monitor if validation or stopping.monitor == "loss" else "loss"
        epochs = "epoch" if stopping.patience == 1 else f"{stopping.patience} epochs"
        stopping_message = f"stopping early: {monitor} has not improved for {epochs}"
    context = {
        "style": style,
        "name": network.name,
        "model_name": network.name.replace("-", "_"),
        "description": network.description,
        "spec_file": Path(network.file).name,
        "layer_count": len(report.rows),
        "total_params": report.total_params,
        "input_shape": tuple(network.input),
        "num_classes": output[0],
        "classes": list(network.classes) if network.classes else None,
        "last_layer": network.layers[-1].name,
        "train": train,
        "validation": validation,
        "mse": train.loss == "mse",
        "softmax_output": softmax_output(network),
        "optimizer": optimizer_expr(network, "schedule" if schedule else "args.learning_rate"),
        "optimizer_name": OPTIMIZER_WORDS[train.optimizer],
        "schedule": schedule,
        "stopping": stopping,
        "monitor": monitor,
        "stopping_message": stopping_message,
        "augment_steps": augment_steps(network),
        "augment_description": augment_description(network),
        "weight_settings": weight_settings,
        "has_weights": has_weights,
        "has_bias": any(op.attrs.get("use_bias") for _, ops in pairs for op in ops),
        "init": init,
        "init_description": init_description(init),
        "kernel_values": tf_kernel_values(init),
        "depthwise_settings": bool(weight_settings) and "depthwise2d" in kinds,
        "lrn": "lrn" in kinds,
        "batchnorm": "batchnorm" in kinds,
        "batchnorm_unscaled": any(
            op.op == "batchnorm" and not op.attrs["scale"] for _, ops in pairs for op in ops
        ),
        "named_input": "input" in variables,
        "layers": layers,
        "weight_entries": tf_writer.entries,
        "stdlib_imports": imports.lines(stdlib=True),
        "other_imports": imports.lines(stdlib=False),
        "datasets_body": loader_body,
        "quiet_body": quiet_body.rstrip("\n"),
    }
    return environment().get_template(ENTRY_TEMPLATE).render(context)
