"""batchnorm: batch normalization over the last axis (channels, or units of a vector)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape


@dataclass(frozen=True, kw_only=True)
class BatchNorm(Layer):
    kind: ClassVar[str] = "batchnorm"
    SCHEMA: ClassVar[dict[str, Any]] = {
        "momentum": {
            "type": "number",
            "minimum": 0,
            "exclusiveMaximum": 1,
            "x-expected": "a number from 0 up to 1",
            "description": "moving-average momentum (default 0.99)",
        },
        "epsilon": {
            "type": "number",
            "exclusiveMinimum": 0,
            "x-expected": "a number > 0",
            "description": "added to the variance (default 0.001)",
        },
        "scale": {
            "type": "boolean",
            "description": "learn a scale (gamma) per channel (default true; false as "
            "InceptionV3, 3C parameters)",
            "x-expected": "true or false",
        },
    }

    momentum: float = 0.99
    epsilon: float = 1e-3
    scale: bool = True

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> BatchNorm:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            momentum=float(params.get("momentum", 0.99)),
            epsilon=float(params.get("epsilon", 1e-3)),
            scale=bool(params.get("scale", True)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        channels = shape[-1]
        # gamma (when scaled) and beta train; the moving mean and variance do not.
        trained = 2 if self.scale else 1
        return Inferred(
            output=shape,
            params=(trained + 2) * channels,
            trainable=trained * channels,
            rule=f"{trained + 2}*{channels}",
        )

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        attrs = {"momentum": self.momentum, "epsilon": self.epsilon, "scale": self.scale}
        return (Op("batchnorm", self.name, attrs),)
