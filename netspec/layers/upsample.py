"""upsample: repeat (nearest) or interpolate (bilinear) each pixel, multiplying height and width."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.errors import Position
from netspec.layers.base import Context, Inferred, Layer, Op, Shape, require_spatial
from netspec.layers.spatial import PAIR_SCHEMA, Pair, pair


@dataclass(frozen=True, kw_only=True)
class Upsample(Layer):
    kind: ClassVar[str] = "upsample"
    SCHEMA: ClassVar[dict[str, Any]] = {
        "size": {**PAIR_SCHEMA, "description": "factor for height and width (default 2)"},
        "mode": {
            "enum": ["nearest", "bilinear"],
            "description": "nearest (default) or bilinear",
            "x-expected": "nearest or bilinear",
        },
    }

    size: Pair = (2, 2)
    mode: str = "nearest"

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Upsample:
        return cls(
            name=name,
            where=where,
            key_where=key_where,
            size=pair(params.get("size", 2)),
            mode=params.get("mode", "nearest"),
        )

    def infer(self, shape: Shape, context: Context) -> Inferred:
        h, w, c = require_spatial(shape, "upsample")
        fh, fw = self.size
        rule = f"{h}*{fh} = {h * fh}" if (h, fh) == (w, fw) else f"{h}*{fh}, {w}*{fw}"
        return Inferred(output=(h * fh, w * fw, c), rule=rule)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("upsample2d", self.name, {"size": self.size, "mode": self.mode}),)

    def describe(self) -> str:
        factor = (
            str(self.size[0]) if self.size[0] == self.size[1] else "x".join(map(str, self.size))
        )
        return f"x{factor} {self.mode}"
