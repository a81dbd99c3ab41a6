"""pool: max or average pooling over F x F windows (stride defaults to the size)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape, require_spatial
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
class Pool(Layer):
    kind: ClassVar[str] = "pool"
    REQUIRED: ClassVar[tuple[str, ...]] = ("size",)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "mode": {
            "enum": ["max", "avg"],
            "description": "max (default) or avg",
            "x-expected": "max or avg",
        },
        "size": {**PAIR_SCHEMA, "description": "window size F, or [Fh, Fw]"},
        "stride": {**PAIR_SCHEMA, "description": "stride S (default: the size)"},
        "padding": PADDING_SCHEMA,
    }

    mode: str = "max"
    size: Pair
    stride: Pair
    padding: Padding = (0, 0)

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Pool:
        size = pair(params["size"])
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            mode=params.get("mode", "max"),
            size=size,
            stride=pair(params["stride"]) if "stride" in params else size,
            padding=padding_value(params.get("padding", 0)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "pool")
        (oh, ow), rule, dropped = window(
            (h, w), self.size, self.stride, self.padding, context.at_network_input, "window"
        )
        return Inferred(output=(oh, ow, c), rule=rule, warnings=dropped_warning(dropped, (h, w)))

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        ops, padding = lower_padding(self.name, self.padding)
        attrs = {
            "mode": self.mode,
            "pool_size": self.size,
            "strides": self.stride,
            "padding": padding,
        }
        ops.append(Op("pool2d", self.name, attrs))
        return tuple(ops)

    def describe(self) -> str:
        return f"{self.mode} {describe_window(self.size, self.stride, self.padding)}"
