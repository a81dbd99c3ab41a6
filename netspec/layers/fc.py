"""fc: a fully connected (dense) layer on a flat vector."""

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
    fmt_shape,
)


@dataclass(frozen=True, kw_only=True)
class FC(Layer):
    kind: ClassVar[str] = "fc"
    REQUIRED: ClassVar[tuple[str, ...]] = ("units",)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "units": {
            **POSITIVE_INT,
            "description": "number of outputs",
            "x-expected": "an integer from 1 to 1000000",
        },
        "activation": ACTIVATION_SCHEMA,
        "bias": {
            "type": "boolean",
            "description": "add a bias per unit (default true)",
            "x-expected": "true or false",
        },
    }

    units: int
    activation: str = "none"
    bias: bool = True

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> FC:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            units=int(params["units"]),
            activation=params.get("activation", "none"),
            bias=bool(params.get("bias", True)),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        if len(shape) != 1:
            raise LayerError(
                f"input is {fmt_shape(shape)}, a spatial tensor; fc needs a flat vector "
                "(Keras would apply it to the last axis only)",
                hint="add flatten before fc",
            )
        n = shape[0]
        return Inferred(
            output=(self.units,),
            params=n * self.units + (self.units if self.bias else 0),
            macs=n * self.units,
            rule=f"{n}x{self.units}",
        )

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        attrs = {"units": self.units, "activation": self.activation, "use_bias": self.bias}
        return (Op("dense", self.name, attrs),)

    def describe(self) -> str:
        return f"{self.units} {self.activation}"
