"""add: the element-wise sum of inputs of one shape (a residual connection)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from netspec.layers.base import Context, Inferred, Layer, LayerError, Op, Shape, fmt_shape
from netspec.layers.merge import INPUTS_SCHEMA, named_shapes, require_several


@dataclass(frozen=True, kw_only=True)
class Add(Layer):
    kind: ClassVar[str] = "add"
    MERGE: ClassVar[bool] = True
    REQUIRED: ClassVar[tuple[str, ...]] = ("inputs",)
    SCHEMA: ClassVar[dict[str, Any]] = {"inputs": INPUTS_SCHEMA}

    def infer_inputs(self, shapes: tuple[Shape, ...], context: Context) -> Inferred:
        require_several("add", shapes)
        first = shapes[0]
        for index, shape in enumerate(shapes[1:], 1):
            if shape != first:
                raise LayerError(
                    f"add needs inputs of one shape, got {named_shapes(shapes, context)}",
                    hint=_fix_hint(shapes[0], shape, context.written_names(), index),
                    key="inputs",
                )
        return Inferred(output=first, rule=" + ".join(fmt_shape(s) for s in shapes))

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        return (Op("add", self.name, {}),)


def _fix_hint(first: Shape, other: Shape, names: tuple[str, ...], index: int) -> str:
    """The projection a residual block needs: a 1x1 conv with the stride and filters that fit."""
    name = names[index] if names else "the second input"
    target = names[0] if names else "the first input"
    if len(first) != len(other):
        return "add inputs that are both images or both vectors"
    if len(first) == 1:
        return f"give '{name}' {first[0]} units"
    (h, w, c), (oh, ow, oc) = first, other
    if (oh, ow) != (h, w):
        big, small, shortcut, size = (other, first, name, (h, w))
        if (h, w) > (oh, ow):
            big, small, shortcut, size = (first, other, target, (oh, ow))
        if (
            big[0] % small[0] == 0
            and big[1] % small[1] == 0
            and big[0] // small[0] == big[1] // small[1]
        ):
            stride = big[0] // small[0]
            filters = small[2]
            return (
                f"project '{shortcut}' with a 1x1 conv, stride {stride}, {filters} filters "
                f"(inputs: {shortcut}), to get {size[0]}x{size[1]}x{filters}"
            )
        return "make the branches end at the same height and width (check their strides)"
    return (
        f"project '{name}' with a 1x1 conv of {c} filters, or change the filters of the layer "
        f"that gives '{target}' to {oc}"
    )
