"""activation: a standalone nonlinearity (for conv -> batchnorm -> relu orderings)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import ACTIVATION_SCHEMA, Context, Inferred, Layer, Op, Shape


@dataclass(frozen=True, kw_only=True)
class Activation(Layer):
    kind: ClassVar[str] = "activation"
    REQUIRED: ClassVar[tuple[str, ...]] = ("function",)
    SCHEMA: ClassVar[dict[str, Any]] = {"function": ACTIVATION_SCHEMA}

    function: str

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Activation:
        return cls(name=name, where=where, key_where=key_where, function=params["function"])

    def infer(self, shape: Shape, context: Context) -> Inferred:
        return Inferred(output=shape)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("activation", self.name, {"function": self.function}),)

    def describe(self) -> str:
        return self.function
