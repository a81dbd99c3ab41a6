"""concat: inputs joined along the channel axis (Inception, DenseNet); heights and widths equal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.layers.base import Context, Inferred, Layer, LayerError, Op, Shape
from netspec.layers.merge import INPUTS_SCHEMA, named_shapes, require_several


@dataclass(frozen=True, kw_only=True)
class Concat(Layer):
    kind: ClassVar[str] = "concat"
    MERGE: ClassVar[bool] = True
    REQUIRED: ClassVar[tuple[str, ...]] = ("inputs",)
    SCHEMA: ClassVar[dict[str, Any]] = {"inputs": INPUTS_SCHEMA}

    def infer_inputs(self, shapes: tuple[Shape, ...], context: Context) -> Inferred:
        require_several("concat", shapes)
        ranks = {len(s) for s in shapes}
        if len(ranks) != 1:
            raise LayerError(
                f"concat needs inputs that are all images or all vectors, got "
                f"{named_shapes(shapes, context)}",
                hint="flatten the image inputs (or global_pool them) first",
                key="inputs",
            )
        if ranks == {1}:
            total = sum(s[0] for s in shapes)
            return Inferred(output=(total,), rule=f"({'+'.join(str(s[0]) for s in shapes)})")
        spatial = {s[:2] for s in shapes}
        if len(spatial) != 1:
            smallest = min(spatial)
            raise LayerError(
                f"concat joins channels and needs equal heights and widths, got "
                f"{named_shapes(shapes, context)}",
                hint=f"make every branch end at {smallest[0]}x{smallest[1]} (check their "
                "strides and padding; padding: same keeps the size at stride 1)",
                key="inputs",
            )
        h, w = shapes[0][:2]
        channels = sum(s[2] for s in shapes)
        rule = f"{h}x{w}x({'+'.join(str(s[2]) for s in shapes)})"
        return Inferred(output=(h, w, channels), rule=rule)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("concat", self.name, {}),)
