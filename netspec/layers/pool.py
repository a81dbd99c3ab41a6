"""pool: max or average pooling over F x F windows (stride defaults to the size)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape, require_spatial
from netspec.layers.spatial import (
    WINDOW_SCHEMA,
    Window,
    describe_window,
    lower_padding,
    window,
    window_from_params,
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
        **WINDOW_SCHEMA,
        "stride": {**WINDOW_SCHEMA["stride"], "description": "stride S (default: the size)"},
    }

    mode: str = "max"
    window: Window

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Pool:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            mode=params.get("mode", "max"),
            window=window_from_params(params, default_stride=params["size"]),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "pool")
        result = window((h, w), self.window, context.at_network_input, "window")
        return Inferred(output=(*result.output, c), rule=result.rule, warnings=result.warnings)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        # Explicit padding adds zeros: for max pooling that equals PyTorch's and Caffe's
        # padding when the inputs are not negative (after relu), as in the shipped networks.
        result = window((shape[0], shape[1]), self.window, False, "window")
        ops, padding = lower_padding(self.name, result, self.window.padding)
        attrs = {
            "mode": self.mode,
            "pool_size": self.window.size,
            "strides": self.window.stride,
            "padding": padding,
        }
        ops.append(Op("pool2d", self.name, attrs))
        return tuple(ops)

    def describe(self) -> str:
        return f"{self.mode} {describe_window(self.window)}"
