"""The network as code: one statement per layer in Keras style, or tf.Variables and tf.nn ops
in the tutorials' low-level style, each with its shape rule as a comment.

Both writers render the lowered ops of netspec/layers (the graph `netspec run` builds from), op by
op; a tensor gets a variable of its own only where a later layer reads it again.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netspec.backends.pytext import (
    INDENT,
    call,
    call_on_list,
    call_with_list,
    collection,
    comment,
    comment_lines,
    kwarg,
    pyrepr,
)
from netspec.layers import Op
from netspec.model import Init
from netspec.shapes import Row

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


def size_arg(pair: tuple[int, int]) -> Any:
    """A square window as one number, as people write it; else the (height, width) pair."""
    return pair[0] if pair[0] == pair[1] else tuple(pair)


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
