"""lrn: local response normalization across channels, as in AlexNet.

The defaults are the AlexNet paper's (n=5, k=2, alpha=1e-4, beta=0.75) written in TensorFlow's
terms: depth_radius = (n-1)/2 = 2, and TensorFlow's alpha multiplies the plain sum of squares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape, require_spatial


@dataclass(frozen=True, kw_only=True)
class LRN(Layer):
    kind: ClassVar[str] = "lrn"
    SCHEMA: ClassVar[dict[str, Any]] = {
        "depth_radius": {
            "type": "integer",
            "minimum": 1,
            "x-expected": "an integer >= 1",
            "description": "channels on each side summed over (default 2)",
        },
        "bias": {
            "type": "number",
            "exclusiveMinimum": 0,
            "x-expected": "a number > 0",
            "description": "k (default 2.0)",
        },
        "alpha": {
            "type": "number",
            "exclusiveMinimum": 0,
            "x-expected": "a number > 0",
            "description": "scale of the sum of squares (default 1e-4)",
        },
        "beta": {
            "type": "number",
            "exclusiveMinimum": 0,
            "x-expected": "a number > 0",
            "description": "exponent (default 0.75)",
        },
    }

    depth_radius: int = 2
    bias: float = 2.0
    alpha: float = 1e-4
    beta: float = 0.75

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> LRN:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            depth_radius=int(params.get("depth_radius", 2)),
            bias=float(params.get("bias", 2.0)),
            alpha=float(params.get("alpha", 1e-4)),
            beta=float(params.get("beta", 0.75)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        require_spatial(shape, "lrn")
        return Inferred(output=shape)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        attrs = {
            "depth_radius": self.depth_radius,
            "bias": self.bias,
            "alpha": self.alpha,
            "beta": self.beta,
        }
        return (Op("lrn", self.name, attrs),)

    def describe(self) -> str:
        return f"r {self.depth_radius} k {self.bias:g} a {self.alpha:g} b {self.beta:g}"
