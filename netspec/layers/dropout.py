"""dropout: zero a fraction of activations while training (regularisation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape


@dataclass(frozen=True, kw_only=True)
class Dropout(Layer):
    kind: ClassVar[str] = "dropout"
    REQUIRED: ClassVar[tuple[str, ...]] = ("rate",)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "rate": {
            "type": "number",
            "minimum": 0,
            "exclusiveMaximum": 1,
            "description": "fraction of activations dropped while training",
            "x-expected": "a number from 0 up to (not including) 1",
        },
    }

    rate: float

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Dropout:
        return cls(name=name, where=where, key_where=key_where, rate=float(params["rate"]))

    def infer(self, shape: Shape, context: Context) -> Inferred:
        return Inferred(output=shape)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("dropout", self.name, {"rate": self.rate}),)

    def describe(self) -> str:
        return f"rate {self.rate:g}"
