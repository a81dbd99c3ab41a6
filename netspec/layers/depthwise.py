"""depthwise: one F x F filter per input channel (times a multiplier), as MobileNet uses.

A separable convolution is a depthwise layer followed by a 1x1 conv; write it as those two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import (
    ACTIVATION_SCHEMA,
    POSITIVE_INT,
    Context,
    Inferred,
    Layer,
    Op,
    Shape,
    require_spatial,
)
from netspec.layers.spatial import (
    DILATION_SCHEMA,
    WINDOW_SCHEMA,
    Window,
    describe_window,
    lower_padding,
    window,
    window_from_params,
)


@dataclass(frozen=True, kw_only=True)
class Depthwise(Layer):
    kind: ClassVar[str] = "depthwise"
    REQUIRED: ClassVar[tuple[str, ...]] = ("size",)
    SCHEMA: ClassVar[dict[str, Any]] = {
        **WINDOW_SCHEMA,
        "size": {**WINDOW_SCHEMA["size"], "description": "filter size F, or [Fh, Fw]"},
        "stride": {**WINDOW_SCHEMA["stride"], "description": "stride S (default 1), or [Sh, Sw]"},
        "dilation": DILATION_SCHEMA,
        "multiplier": {
            **POSITIVE_INT,
            "description": "filters per input channel (default 1)",
            "x-expected": "an integer from 1 to 1000000",
        },
        "activation": ACTIVATION_SCHEMA,
        "bias": {
            "type": "boolean",
            "description": "add a bias per output channel (default true)",
            "x-expected": "true or false",
        },
    }

    window: Window
    multiplier: int = 1
    activation: str = "none"
    bias: bool = True

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Depthwise:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            window=window_from_params(params),
            multiplier=int(params.get("multiplier", 1)),
            activation=params.get("activation", "none"),
            bias=bool(params.get("bias", True)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "depthwise")
        result = window((h, w), self.window, context.at_network_input, "filter")
        oh, ow = result.output
        out = c * self.multiplier
        weights = self.window.size[0] * self.window.size[1] * out
        return Inferred(
            output=(oh, ow, out),
            params=weights + (out if self.bias else 0),
            macs=oh * ow * weights,
            rule=result.rule,
            warnings=result.warnings,
        )

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        result = window((shape[0], shape[1]), self.window, False, "filter")
        ops, padding = lower_padding(self.name, result, self.window.padding)
        attrs = {
            "kernel_size": self.window.size,
            "strides": self.window.stride,
            "padding": padding,
            "depth_multiplier": self.multiplier,
            "dilation_rate": self.window.dilation,
            "activation": self.activation,
            "use_bias": self.bias,
        }
        ops.append(Op("depthwise2d", self.name, attrs))
        return tuple(ops)

    def describe(self) -> str:
        multiplier = f" x{self.multiplier}" if self.multiplier != 1 else ""
        return f"{describe_window(self.window)}{multiplier}"
