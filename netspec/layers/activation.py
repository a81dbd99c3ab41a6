"""activation: a standalone nonlinearity (for conv -> batchnorm -> relu orderings)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import (
    ACTIVATION_SCHEMA,
    Context,
    Inferred,
    Layer,
    LayerError,
    Op,
    Shape,
)


@dataclass(frozen=True, kw_only=True)
class Activation(Layer):
    kind: ClassVar[str] = "activation"
    REQUIRED: ClassVar[tuple[str, ...]] = ("function",)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "function": ACTIVATION_SCHEMA,
        "slope": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "leaky_relu's slope for negative inputs (default 0.2, as Keras)",
            "x-expected": "a number from 0 to 1",
        },
    }

    function: str
    slope: float | None = None

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Activation:
        slope = params.get("slope")
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            function=params["function"],
            slope=None if slope is None else float(slope),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        if self.slope is not None and self.function != "leaky_relu":
            raise LayerError(
                f"slope is leaky_relu's setting, but the function is {self.function}",
                hint="remove slope, or use function: leaky_relu",
                key="slope",
            )
        return Inferred(output=shape)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        if self.slope is not None:
            return (Op("leaky_relu", self.name, {"negative_slope": self.slope}),)
        return (Op("activation", self.name, {"function": self.function}),)

    def describe(self) -> str:
        return self.function if self.slope is None else f"{self.function} {self.slope:g}"
