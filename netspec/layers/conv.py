"""conv: a 2-D convolution with F x F filters, stride S and padding P (grouped and dilated too)."""

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
    LayerError,
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
class Conv(Layer):
    kind: ClassVar[str] = "conv"
    REQUIRED: ClassVar[tuple[str, ...]] = ("filters", "size")
    SCHEMA: ClassVar[dict[str, Any]] = {
        "filters": {
            **POSITIVE_INT,
            "description": "number of filters K (output channels)",
            "x-expected": "an integer from 1 to 1000000",
        },
        **WINDOW_SCHEMA,
        "size": {**WINDOW_SCHEMA["size"], "description": "filter size F, or [Fh, Fw]"},
        "stride": {**WINDOW_SCHEMA["stride"], "description": "stride S (default 1), or [Sh, Sw]"},
        "padding": {**WINDOW_SCHEMA["padding"], "default": 0},
        "dilation": DILATION_SCHEMA,
        "groups": {
            **POSITIVE_INT,
            "description": "split input and output channels into this many groups (default 1)",
            "x-expected": "an integer from 1 to 1000000",
        },
        "activation": ACTIVATION_SCHEMA,
        "bias": {
            "type": "boolean",
            "description": "add a bias per filter (default true)",
            "x-expected": "true or false",
        },
    }

    filters: int
    window: Window
    groups: int = 1
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
            window=window_from_params(params),
            groups=int(params.get("groups", 1)),
            activation=params.get("activation", "none"),
            bias=bool(params.get("bias", True)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "conv")
        self._check_groups(c)
        result = window((h, w), self.window, context.at_network_input, "filter")
        oh, ow = result.output
        size = self.window.size
        weights = size[0] * size[1] * (c // self.groups) * self.filters
        params = weights + (self.filters if self.bias else 0)
        rule = result.rule if self.groups == 1 else f"{result.rule}, {self.groups} groups"
        return Inferred(
            output=(oh, ow, self.filters),
            params=params,
            macs=oh * ow * weights,
            rule=rule,
            warnings=result.warnings,
        )

    def _check_groups(self, channels: int) -> None:
        for what, count in (("input channels", channels), ("filters", self.filters)):
            if count % self.groups:
                fits = [
                    g
                    for g in range(1, min(channels, self.filters) + 1)
                    if channels % g == 0 and self.filters % g == 0
                ]
                raise LayerError(
                    f"groups {self.groups} does not divide its {count} {what}; expected "
                    "groups that divide both the input channels and the filters",
                    hint=f"groups that fit: {', '.join(map(str, fits[-6:]))}",
                    key="groups",
                )

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        result = window((shape[0], shape[1]), self.window, False, "filter")
        ops, padding = lower_padding(self.name, result, self.window.padding)
        attrs = {
            "filters": self.filters,
            "kernel_size": self.window.size,
            "strides": self.window.stride,
            "padding": padding,
            "activation": self.activation,
            "use_bias": self.bias,
        }
        if self.window.dilation != (1, 1):
            attrs["dilation_rate"] = self.window.dilation
        if self.groups != 1:
            attrs["groups"] = self.groups
        ops.append(Op("conv2d", self.name, attrs))
        return tuple(ops)

    def describe(self) -> str:
        groups = f" g{self.groups}" if self.groups != 1 else ""
        return f"{self.filters} {describe_window(self.window)}{groups}"
