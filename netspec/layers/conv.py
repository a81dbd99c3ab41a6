"""conv: a 2-D convolution with F x F filters, stride S and padding P."""

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
    PADDING_SCHEMA,
    PAIR_SCHEMA,
    Padding,
    Pair,
    describe_window,
    dropped_warning,
    lower_padding,
    padding_value,
    pair,
    window,
)


@dataclass(frozen=True, kw_only=True)
class Conv(Layer):
    kind: ClassVar[str] = "conv"
    REQUIRED: ClassVar[tuple[str, ...]] = ("filters", "size")
    SCHEMA: ClassVar[dict[str, Any]] = {
        "filters": {
            **POSITIVE_INT,
            "description": "number of filters K (output channels)",
            "x-expected": "an integer from 1 to 1000000",
        },
        "size": {**PAIR_SCHEMA, "description": "filter size F, or [Fh, Fw]"},
        "stride": {**PAIR_SCHEMA, "description": "stride S (default 1), or [Sh, Sw]"},
        "padding": {**PADDING_SCHEMA, "default": 0},
        "activation": ACTIVATION_SCHEMA,
        "bias": {
            "type": "boolean",
            "description": "add a bias per filter (default true)",
            "x-expected": "true or false",
        },
    }

    filters: int
    size: Pair
    stride: Pair = (1, 1)
    padding: Padding = (0, 0)
    activation: str = "none"
    bias: bool = True

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Conv:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            filters=int(params["filters"]),
            size=pair(params["size"]),
            stride=pair(params.get("stride", 1)),
            padding=padding_value(params.get("padding", 0)),
            activation=params.get("activation", "none"),
            bias=bool(params.get("bias", True)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "conv")
        (oh, ow), rule, dropped = window(
            (h, w), self.size, self.stride, self.padding, context.at_network_input, "filter"
        )
        weights = self.size[0] * self.size[1] * c * self.filters
        params = weights + (self.filters if self.bias else 0)
        return Inferred(
            output=(oh, ow, self.filters),
            params=params,
            macs=oh * ow * weights,
            rule=rule,
            warnings=dropped_warning(dropped, (h, w)),
        )

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        ops, padding = lower_padding(self.name, self.padding)
        ops.append(
            Op(
                "conv2d",
                self.name,
                {
                    "filters": self.filters,
                    "kernel_size": self.size,
                    "strides": self.stride,
                    "padding": padding,
                    "activation": self.activation,
                    "use_bias": self.bias,
                },
            )
        )
        return tuple(ops)

    def describe(self) -> str:
        return f"{self.filters} {describe_window(self.size, self.stride, self.padding)}"
