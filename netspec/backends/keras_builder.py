"""Lowered ops -> a Keras functional model. The only module that builds Keras layers.

Every spec layer keeps its name; helper layers it needs (zero padding for integer padding)
get the spec name plus a suffix, so shapes can be compared with `netspec check` by name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's C++ start-up chatter quiet

import keras

from netspec.layers import Op
from netspec.model import Init, Network
from netspec.runtime import LocalResponseNormalization
from netspec.shapes import analyze

FLOAT32_OUTPUT = "float32_output"  # the layer mixed precision ends with (no parameters)


def keras_activation(name: str) -> str | None:
    """Spec activation name -> Keras's (none/linear mean no activation)."""
    return None if name in ("none", "linear") else name


def kernel_initializer(init: Init) -> keras.initializers.Initializer:
    kind = init.kind
    if kind == "truncated_normal":
        return keras.initializers.TruncatedNormal(stddev=init.stddev)
    if kind == "normal":
        return keras.initializers.RandomNormal(stddev=init.stddev)
    if kind == "uniform":
        return keras.initializers.RandomUniform(-init.stddev, init.stddev)
    return keras.initializers.get(kind)


class _Builder:
    """Makes one Keras layer per op with the training section's initializer and L2."""

    def __init__(self, network: Network):
        self.train = network.train

    def weights(self) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "kernel_initializer": kernel_initializer(self.train.init),
            "bias_initializer": keras.initializers.Constant(self.train.init.bias),
        }
        if self.train.l2:
            settings["kernel_regularizer"] = keras.regularizers.L2(self.train.l2)
        return settings

    def pad2d(self, op: Op) -> keras.layers.Layer:
        return keras.layers.ZeroPadding2D(op.attrs["padding"], name=op.name)

    def conv2d(self, op: Op) -> keras.layers.Layer:
        a = op.attrs
        return keras.layers.Conv2D(
            a["filters"],
            a["kernel_size"],
            strides=a["strides"],
            padding=a["padding"],
            dilation_rate=a.get("dilation_rate", (1, 1)),
            groups=a.get("groups", 1),
            activation=keras_activation(a["activation"]),
            use_bias=a["use_bias"],
            name=op.name,
            **self.weights(),
        )

    def depthwise2d(self, op: Op) -> keras.layers.Layer:
        a = op.attrs
        settings = self.weights()
        settings["depthwise_initializer"] = settings.pop("kernel_initializer")
        if "kernel_regularizer" in settings:
            settings["depthwise_regularizer"] = settings.pop("kernel_regularizer")
        return keras.layers.DepthwiseConv2D(
            a["kernel_size"],
            strides=a["strides"],
            padding=a["padding"],
            depth_multiplier=a["depth_multiplier"],
            dilation_rate=a["dilation_rate"],
            activation=keras_activation(a["activation"]),
            use_bias=a["use_bias"],
            name=op.name,
            **settings,
        )

    def global_pool2d(self, op: Op) -> keras.layers.Layer:
        if op.attrs["mode"] == "max":
            return keras.layers.GlobalMaxPooling2D(name=op.name)
        return keras.layers.GlobalAveragePooling2D(name=op.name)

    def upsample2d(self, op: Op) -> keras.layers.Layer:
        a = op.attrs
        return keras.layers.UpSampling2D(a["size"], interpolation=a["mode"], name=op.name)

    def add(self, op: Op) -> keras.layers.Layer:
        return keras.layers.Add(name=op.name)

    def concat(self, op: Op) -> keras.layers.Layer:
        return keras.layers.Concatenate(name=op.name)

    def leaky_relu(self, op: Op) -> keras.layers.Layer:
        return keras.layers.LeakyReLU(negative_slope=op.attrs["negative_slope"], name=op.name)

    def pool2d(self, op: Op) -> keras.layers.Layer:
        a = op.attrs
        cls = keras.layers.MaxPooling2D if a["mode"] == "max" else keras.layers.AveragePooling2D
        return cls(a["pool_size"], strides=a["strides"], padding=a["padding"], name=op.name)

    def flatten(self, op: Op) -> keras.layers.Layer:
        return keras.layers.Flatten(name=op.name)

    def dense(self, op: Op) -> keras.layers.Layer:
        a = op.attrs
        return keras.layers.Dense(
            a["units"],
            activation=keras_activation(a["activation"]),
            use_bias=a["use_bias"],
            name=op.name,
            **self.weights(),
        )

    def dropout(self, op: Op) -> keras.layers.Layer:
        return keras.layers.Dropout(op.attrs["rate"], name=op.name)

    def lrn(self, op: Op) -> keras.layers.Layer:
        return LocalResponseNormalization(**op.attrs, name=op.name)

    def batchnorm(self, op: Op) -> keras.layers.Layer:
        a = op.attrs
        return keras.layers.BatchNormalization(
            momentum=a["momentum"], epsilon=a["epsilon"], scale=a["scale"], name=op.name
        )

    def activation(self, op: Op) -> keras.layers.Layer:
        return keras.layers.Activation(
            keras_activation(op.attrs["function"]) or "linear", name=op.name
        )

    def layer(self, op: Op) -> keras.layers.Layer:
        make: Callable[[Op], keras.layers.Layer] = getattr(self, op.op)
        return make(op)


def build_model(network: Network) -> keras.Model:
    """The Keras functional model of a Network, layer names as in the spec.

    Shape-checked first (a bad spec never lowers); each layer reads its inputs by name, a
    merge all of them, and its ops run in a chain.
    """
    report = analyze(network)
    builder = _Builder(network)
    tensors = {"input": keras.Input(shape=network.input, name="input")}
    for row in report.rows:
        inputs = [tensors[name] for name in row.inputs]
        x = inputs if row.layer.MERGE else inputs[0]
        for op in row.layer.lower(row.input):
            x = builder.layer(op)(x)
        tensors[row.name] = x
    output = tensors[report.rows[-1].name]
    if network.train.precision == "mixed":  # the scores, and so the loss, in float32
        output = keras.layers.Activation("linear", dtype="float32", name=FLOAT32_OUTPUT)(output)
    return keras.Model(tensors["input"], output, name=network.name.replace("-", "_"))
