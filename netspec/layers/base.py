"""What every layer kind shares: its spec fields, the shape it infers, the ops it lowers to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from netspec.errors import Position

Shape = tuple[int, ...]
"""A tensor shape without the batch axis: (height, width, channels) or (units,)."""

MAX_SIZE = 1_000_000
"""Upper bound for sizes, strides, paddings, filters and units: far beyond any real network."""
POSITIVE_INT: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_SIZE}
ACTIVATIONS = (
    "none",
    "linear",
    "relu",
    "relu6",
    "sigmoid",
    "tanh",
    "softmax",
    "elu",
    "selu",
    "leaky_relu",
    "gelu",
    "swish",
    "softplus",
)
ACTIVATION_SCHEMA: dict[str, Any] = {
    "enum": list(ACTIVATIONS),
    "description": "activation applied to the output",
    "x-expected": "one of " + ", ".join(ACTIVATIONS),
}


class LayerError(Exception):
    """A layer cannot take its input; `key` names the spec key to point at, when it has one."""

    def __init__(self, message: str, hint: str | None = None, key: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.key = key


@dataclass(frozen=True)
class Op:
    """One lowered operation: the backend-neutral description both backends render."""

    op: str
    name: str
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Inferred:
    """What a layer does to its input: output shape, parameters, MACs and the rule shown."""

    output: Shape
    params: int = 0
    trainable: int | None = None
    macs: int = 0
    rule: str = ""
    warnings: tuple[tuple[str, str | None], ...] = ()

    @property
    def trainable_params(self) -> int:
        return self.params if self.trainable is None else self.trainable


@dataclass(frozen=True)
class Context:
    """Where a layer sits: whether its input is the network input (hints differ), and the
    names of its inputs (merge errors name them)."""

    at_network_input: bool
    input_names: tuple[str, ...] = ()
    group: str = ""  # the block use the layer belongs to ('' at the top level)

    def written_names(self) -> tuple[str, ...]:
        """The inputs as the spec writes them where the layer is: a block's own layers by their
        local names, and its input (the only name from outside a block) as `input`."""
        if not self.group:
            return self.input_names
        prefix = self.group + "."
        return tuple(
            name.removeprefix(prefix) if name.startswith(prefix) else "input"
            for name in self.input_names
        )


@dataclass(frozen=True, kw_only=True)
class Layer:
    """Base of the per-kind layer dataclasses; `kind` and `SCHEMA` are set by each kind."""

    kind: ClassVar[str]
    SCHEMA: ClassVar[dict[str, Any]]
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    MERGE: ClassVar[bool] = False
    """True for kinds that take several inputs (add, concat) and infer from all of them."""

    name: str
    where: Position
    key_where: Mapping[str, Position] = field(default_factory=dict, compare=False)
    inputs: tuple[str, ...] = ()
    """Full names of the layers this one reads ('input' is the network's input); empty for
    the previous layer's output, so a linear network stays linear when a layer is renamed."""
    group: str = ""
    """The block use this layer was expanded from ('' at the top level)."""

    @classmethod
    def from_params(
        cls,
        name: str,
        where: Position,
        key_where: Mapping[str, Position],
        params: Mapping[str, Any],
    ) -> Layer:
        """The layer from its merged settings; a kind without settings needs no override."""
        return cls(name=name, where=where, key_where=key_where)

    def infer(self, shape: Shape, context: Context) -> Inferred:
        raise NotImplementedError

    def infer_inputs(self, shapes: tuple[Shape, ...], context: Context) -> Inferred:
        """The rule for all inputs at once: one input for most kinds, several for merges."""
        if len(shapes) != 1:
            named = zip(shapes, context.input_names or [""] * len(shapes), strict=True)
            raise LayerError(
                f"{self.kind} takes one input, got {len(shapes)}: "
                + ", ".join(f"{fmt_shape(s)} ({n})" if n else fmt_shape(s) for s, n in named),
                hint="merge them first with an add or concat layer, and give that as the input",
                key="inputs",
            )
        return self.infer(shapes[0], context)

    def lower(self, shape: Shape) -> tuple[Op, ...]:
        raise NotImplementedError

    def describe(self) -> str:
        """A short summary of the settings, for tables and comments."""
        return self.kind


def require_spatial(shape: Shape, kind: str) -> tuple[int, int, int]:
    """Return (h, w, c), or explain that this kind needs an image-shaped input."""
    if len(shape) != 3:
        raise LayerError(
            f"input is a flat vector of {shape[0]} values; {kind} needs an image-shaped "
            "input (height x width x channels)",
            hint=f"move the {kind} layer before flatten",
        )
    return shape[0], shape[1], shape[2]


def fmt_shape(shape: Shape) -> str:
    return "x".join(str(n) for n in shape)
