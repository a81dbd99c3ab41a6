"""What add and concat share: several inputs, each shown with its name when they do not fit."""

from __future__ import annotations

from typing import Any

from netspec.layers.base import Context, LayerError, Shape, fmt_shape

INPUTS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "minItems": 2,
    "maxItems": 64,
    "items": {"type": "string"},
    "description": "the layers to merge (two or more)",
    "x-expected": "a list of two or more layer names",
}


def named_shapes(shapes: tuple[Shape, ...], context: Context) -> str:
    """'56x56x64 (conv3), 28x28x256 (pool1)': the inputs as the error shows them."""
    names = context.input_names or tuple("" for _ in shapes)
    return ", ".join(
        f"{fmt_shape(shape)} ({name})" if name else fmt_shape(shape)
        for shape, name in zip(shapes, names, strict=True)
    )


def require_several(kind: str, shapes: tuple[Shape, ...]) -> None:
    if len(shapes) < 2:
        raise LayerError(
            f"{kind} merges two or more inputs, got {len(shapes)}",
            hint=f"name its inputs: {{type: {kind}, inputs: [a, b]}}",
            key="inputs",
        )
