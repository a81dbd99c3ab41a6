"""The validated network as frozen dataclasses: what every later stage reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from netspec.errors import Position
from netspec.layers import KINDS, Layer
from netspec.loader import Document, load_file, load_text
from netspec.schema import validate_document


@dataclass(frozen=True)
class Init:
    """Kernel initializer for conv and fc layers, and the value biases start at."""

    kind: str = "glorot_uniform"
    stddev: float = 0.05
    bias: float = 0.0


@dataclass(frozen=True)
class Augment:
    flip: str | None = None
    rotate: float = 0.0
    zoom: float = 0.0
    crop: int = 0

    @property
    def enabled(self) -> bool:
        return bool(self.flip or self.rotate or self.zoom or self.crop)


@dataclass(frozen=True)
class LrDecay:
    kind: str
    rate: float = 0.5
    every: int = 1
    alpha: float = 0.0


@dataclass(frozen=True)
class EarlyStopping:
    patience: int = 3
    monitor: str = "val_loss"


@dataclass(frozen=True)
class TrainConfig:
    """The spec's `train:` section with every default filled in."""

    loss: str = "cross_entropy"
    optimizer: str = "adam"
    learning_rate: float = 0.001
    momentum: float = 0.9
    batch_size: int = 32
    epochs: int = 10
    validation_split: float = 0.0
    l2: float = 0.0
    seed: int | None = None
    data: str | None = None
    precision: str = "float32"
    lr_decay: LrDecay | None = None
    init: Init = field(default_factory=Init)
    augment: Augment = field(default_factory=Augment)
    early_stopping: EarlyStopping | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> TrainConfig:
        data = dict(data or {})
        simple = {f.name for f in fields(cls)} - {"lr_decay", "init", "augment", "early_stopping"}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in simple}
        # JSON Schema lets 2.0 pass as an integer; Python's range() and Keras do not.
        for key in ("learning_rate", "momentum", "validation_split", "l2"):
            if key in values:
                values[key] = float(values[key])
        for key in ("batch_size", "epochs", "seed"):
            if values.get(key) is not None:
                values[key] = int(values[key])
        if "lr_decay" in data:
            decay = dict(data["lr_decay"])
            if "every" in decay:
                decay["every"] = int(decay["every"])
            values["lr_decay"] = LrDecay(kind=decay.pop("type"), **decay)
        if "init" in data:
            init = data["init"]
            if isinstance(init, str):
                values["init"] = Init(kind=init)
            else:
                init = dict(init)
                values["init"] = Init(kind=init.pop("type"), **init)
        if "augment" in data:
            augment = dict(data["augment"])
            if "crop" in augment:
                augment["crop"] = int(augment["crop"])
            values["augment"] = Augment(**augment)
        stopping = data.get("early_stopping")
        if stopping is True:
            values["early_stopping"] = EarlyStopping()
        elif isinstance(stopping, dict):
            stopping = dict(stopping)
            if "patience" in stopping:
                stopping["patience"] = int(stopping["patience"])
            values["early_stopping"] = EarlyStopping(**stopping)
        return cls(**values)

    def to_data(self) -> dict[str, Any]:
        """The section back as spec data (for the resolved spec saved with a run), with only the
        keys that apply: no momentum but for the momentum optimizer, no stddev for an init that
        has none, only the settings of the lr_decay type in use."""
        decay_keys = {"exponential": ("rate",), "step": ("rate", "every"), "cosine": ("alpha",)}
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name == "momentum" and self.optimizer != "momentum"):
                continue
            if f.name == "precision" and value == "float32":
                continue
            if f.name == "lr_decay":
                keys = decay_keys[value.kind]
                out[f.name] = {"type": value.kind, **{k: getattr(value, k) for k in keys}}
            elif f.name == "init":
                stddev = (
                    {"stddev": value.stddev}
                    if value.kind in ("truncated_normal", "normal", "uniform")
                    else {}
                )
                out[f.name] = {"type": value.kind, **stddev, "bias": value.bias}
            elif f.name == "augment":
                if value.enabled:
                    out[f.name] = {
                        k.name: getattr(value, k.name)
                        for k in fields(value)
                        if getattr(value, k.name)
                    }
            elif f.name == "early_stopping":
                out[f.name] = {"patience": value.patience, "monitor": value.monitor}
            else:
                out[f.name] = value
        return out


@dataclass(frozen=True)
class Network:
    """A checked-for-structure spec: name, input, expanded named layers, training settings.

    The network is a graph stored as its layers in an order where every layer comes after
    the layers it reads: each layer names its inputs ('input' is the network's input), and the
    last layer's output is the network's output.
    """

    name: str
    description: str
    input: tuple[int, int, int]
    layers: tuple[Layer, ...]
    train: TrainConfig
    classes: tuple[str, ...] | None
    file: str
    input_where: Position
    classes_where: Position | None = None
    groups: Mapping[str, str] = field(compare=False, default_factory=dict)
    """Block uses: full name -> the block and its arguments, as the table shows them."""
    data: Mapping[str, Any] = field(compare=False, repr=False, default_factory=dict)

    @property
    def is_graph(self) -> bool:
        """True when some layer reads other than the layer before it (branches, merges)."""
        return any(layer.inputs for layer in self.layers)

    def inputs_of(self, index: int) -> tuple[str, ...]:
        """The names layer `index` reads: its own inputs, or the previous layer's output."""
        return self.layers[index].inputs or (self.layers[index - 1].name if index else "input",)

    def with_input(self, shape: tuple[int, int, int]) -> Network:
        return replace(self, input=shape)

    def with_train(self, **changes: Any) -> Network:
        return replace(self, train=replace(self.train, **changes))


def network_from_document(doc: Document) -> Network:
    """Validate a document and build its Network (raises SpecError with every problem)."""
    valid = validate_document(doc)
    data = valid.data
    previous = ["input", *(str(raw.name) for raw in valid.layers)]
    layers = tuple(
        replace(
            KINDS[raw.kind].from_params(
                raw.name or raw.kind,
                raw.where,
                # Only the layer's own keys: a shape error points there, never into defaults:.
                {k: v for k, v in raw.key_where.items() if k in raw.own_keys},
                raw.params,
            ),
            inputs=() if raw.inputs == (previous[index],) else raw.inputs,
            group=raw.group,
        )
        for index, raw in enumerate(valid.layers)
    )
    h, w, c = data["input"]
    classes = data.get("classes")
    return Network(
        name=data["name"],
        description=data.get("description", ""),
        input=(int(h), int(w), int(c)),
        layers=layers,
        train=TrainConfig.from_data(data.get("train")),
        classes=tuple(classes) if classes else None,
        file=doc.file,
        input_where=doc.where(("input",)),
        classes_where=doc.where(("classes",)) if classes else None,
        groups=valid.groups,
        data=data,
    )


def load_network(path: str | Path) -> Network:
    """Read, validate and build the Network of a spec file."""
    return network_from_document(load_file(path))


def parse_network(text: str, file: str = "<string>") -> Network:
    """Validate and build the Network of spec text."""
    return network_from_document(load_text(text, file))
