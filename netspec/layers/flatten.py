"""flatten: an image-shaped tensor (h, w, c) becomes a vector of h*w*c values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, LayerError, Op, Shape


@dataclass(frozen=True, kw_only=True)
class Flatten(Layer):
    kind: ClassVar[str] = "flatten"
    SCHEMA: ClassVar[dict[str, Any]] = {}

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Flatten:
        return cls(name=name, where=where, key_where=key_where)

    def infer(self, shape: Shape, context: Context) -> Inferred:
        if len(shape) != 3:
            raise LayerError(
                f"input is already a flat vector of {shape[0]} values",
                hint="remove this flatten; only one is needed, before the first fc",
            )
        h, w, c = shape
        return Inferred(output=(h * w * c,), rule=f"{h}*{w}*{c} = {h * w * c}")

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("flatten", self.name, {}),)
