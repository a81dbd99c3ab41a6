"""Layer-by-layer shape inference: output shapes, parameters, MACs and activation memory."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from netspec.errors import Diagnostic, SpecError
from netspec.layers import Context, Layer, LayerError, Shape
from netspec.model import Network

BYTES_PER_VALUE = 4
# The last network analyzed (held weakly), the batch, and its report.
_LAST_REPORT: dict[str, tuple[Callable[[], Network | None], int, Report]] = {}


@dataclass(frozen=True)
class Row:
    """One layer of the report."""

    layer: Layer
    input: Shape  # the first input's shape (the only one, except at merges)
    output: Shape
    params: int
    trainable: int
    macs: int
    rule: str
    memory: int
    inputs: tuple[str, ...] = ("input",)

    @property
    def name(self) -> str:
        return self.layer.name

    @property
    def kind(self) -> str:
        return self.layer.kind


@dataclass(frozen=True)
class Report:
    network: Network
    rows: tuple[Row, ...]
    warnings: tuple[Diagnostic, ...]
    batch: int

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def trainable_params(self) -> int:
        return sum(r.trainable for r in self.rows)

    @property
    def total_macs(self) -> int:
        return sum(r.macs for r in self.rows)

    @property
    def activation_memory(self) -> int:
        """Bytes of all layer outputs plus the input, for the chosen batch, in float32."""
        input_values = self.network.input[0] * self.network.input[1] * self.network.input[2]
        return sum(r.memory for r in self.rows) + input_values * BYTES_PER_VALUE * self.batch

    @property
    def parameter_memory(self) -> int:
        return self.total_params * BYTES_PER_VALUE

    @property
    def output(self) -> Shape:
        return self.rows[-1].output if self.rows else tuple(self.network.input)


def analyze(network: Network, batch: int = 1) -> Report:
    """The network's report, worked out once: a command asks for it from several places (the
    data check, the model, the fingerprint, the drawing), and a Network never changes."""
    last = _LAST_REPORT.get("entry")
    if last is not None and last[0]() is network and last[1] == batch:
        return last[2]
    report = infer_shapes(network, batch)
    _LAST_REPORT["entry"] = (weakref.ref(network), batch, report)
    return report


def infer_shapes(network: Network, batch: int = 1) -> Report:
    """Infer every layer's output in order, looking inputs up by name; a broken layer stops."""
    shapes: dict[str, Shape] = {"input": tuple(network.input)}
    rows: list[Row] = []
    warnings: list[Diagnostic] = []
    unchanged = True  # no layer so far has changed the input's shape
    for index, layer in enumerate(network.layers):
        names = network.inputs_of(index)
        inputs = tuple(shapes[name] for name in names)
        # Until some layer changes the shape, a bad division is fixed by changing the input.
        context = Context(
            at_network_input=unchanged,
            input_names=names,
            group=layer.group,
        )
        try:
            inferred = layer.infer_inputs(inputs, context)
        except LayerError as exc:
            where = layer.key_where.get(exc.key or "", layer.where)
            raise SpecError(
                [Diagnostic(exc.message, network.file, where, layer.name, exc.hint)]
            ) from None
        for message, hint in inferred.warnings:
            warnings.append(
                Diagnostic(message, network.file, layer.where, layer.name, hint, severity="warning")
            )
        values = 1
        for n in inferred.output:
            values *= n
        rows.append(
            Row(
                layer,
                inputs[0],
                inferred.output,
                inferred.params,
                inferred.trainable_params,
                inferred.macs,
                inferred.rule,
                values * BYTES_PER_VALUE * batch,
                names,
            )
        )
        shapes[layer.name] = inferred.output
        unchanged = unchanged and inferred.output == tuple(network.input)
    warnings += _unused(network)
    _check_classes(network, rows[-1].output if rows else tuple(network.input))
    return Report(network, tuple(rows), tuple(warnings), batch)


def _unused(network: Network) -> list[Diagnostic]:
    """Layers whose output no other layer reads (a branch that was never merged)."""
    read = {name for index in range(len(network.layers)) for name in network.inputs_of(index)}
    return [
        Diagnostic(
            "its output is never used: no layer reads it and it is not the last layer",
            network.file,
            layer.where,
            layer.name,
            "name it in the inputs of a later layer (add or concat), or remove it",
            severity="warning",
        )
        for layer in network.layers[:-1]
        if layer.name not in read
    ]


def _check_classes(network: Network, shape: Shape) -> None:
    classes = network.classes
    if classes and len(shape) == 1 and shape[0] != len(classes):
        raise SpecError(
            [
                Diagnostic(
                    f"classes names {len(classes)} classes but the network ends in "
                    f"{shape[0]} outputs; expected one name per output",
                    network.file,
                    network.classes_where,
                    hint=f"name {shape[0]} classes, or set units: {len(classes)} on the last "
                    "fc layer",
                )
            ]
        )
