"""global_pool: the mean or max of each channel over the whole image, a vector of C values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape, require_spatial


@dataclass(frozen=True, kw_only=True)
class GlobalPool(Layer):
    kind: ClassVar[str] = "global_pool"
    SCHEMA: ClassVar[dict[str, Any]] = {
        "mode": {
            "enum": ["avg", "max"],
            "description": "avg (default) or max",
            "x-expected": "avg or max",
        },
    }

    mode: str = "avg"

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> GlobalPool:
        return cls(name=name, where=where, key_where=key_where, mode=params.get("mode", "avg"))

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "global_pool")
        return Inferred(output=(c,), rule=f"{self.mode} of {h}x{w} -> {c}")

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("global_pool2d", self.name, {"mode": self.mode}),)

    def describe(self) -> str:
        return self.mode
