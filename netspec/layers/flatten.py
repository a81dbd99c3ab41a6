"""flatten: an image-shaped tensor (h, w, c) becomes a vector of h*w*c values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.layers.base import Context, Inferred, Layer, LayerError, Op, Shape


@dataclass(frozen=True, kw_only=True)
class Flatten(Layer):
    kind: ClassVar[str] = "flatten"
    SCHEMA: ClassVar[dict[str, Any]] = {}

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
