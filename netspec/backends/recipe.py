"""The spec's train: settings as Keras calls, decided once and rendered by both backends.

`netspec run` turns a Call into the object (`make`); `netspec emit` writes it as code (`code`).
So the optimizer, its schedule, the loss, the metric, the augmentation and early stopping of a
run and of its emitted script come from the same few functions below. Values known only when
training starts (the learning rate, the steps per epoch) are `Var`s, named as a script names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from netspec.backends.pytext import call, collection, pyrepr
from netspec.model import Network

AUGMENT_MODES = {
    "horizontal": "horizontal",
    "vertical": "vertical",
    "both": "horizontal_and_vertical",
}
OPTIMIZERS = {
    "sgd": "keras.optimizers.SGD",
    "momentum": "keras.optimizers.SGD",
    "adam": "keras.optimizers.Adam",
    "adagrad": "keras.optimizers.Adagrad",
    "rmsprop": "keras.optimizers.RMSprop",
}


@dataclass(frozen=True)
class Var:
    """A number known when training starts: `name` times `times`, a count or another Var
    (steps_per_epoch * 20, steps_per_epoch * epochs)."""

    name: str
    times: int | Var = 1


@dataclass(frozen=True)
class Ratio:
    """A fraction written as one (15 / 360), so the script shows where the number comes from."""

    numerator: float
    denominator: float


@dataclass(frozen=True)
class Call:
    """`function(*args, **kwargs)` for a dotted name under keras (keras.optimizers.Adam)."""

    function: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()


def make(value: Any, variables: Mapping[str, Any]) -> Any:
    """The object a lowered value stands for; `variables` gives each Var's number."""
    import keras

    if isinstance(value, Call):
        target: Any = keras
        for part in value.function.split(".")[1:]:
            target = getattr(target, part)
        args = [make(arg, variables) for arg in value.args]
        return target(*args, **{key: make(arg, variables) for key, arg in value.kwargs})
    if isinstance(value, Var):
        number = variables[value.name]
        return number if value.times == 1 else number * make(value.times, variables)
    if isinstance(value, Ratio):
        return value.numerator / value.denominator
    if isinstance(value, list):
        return [make(item, variables) for item in value]
    return value


def code(value: Any, names: Mapping[str, str]) -> str:
    """The expression for a lowered value on one line; `names` spells each Var in the script."""
    if isinstance(value, Call):
        args = [code(arg, names) for arg in value.args]
        args += [f"{key}={code(arg, names)}" for key, arg in value.kwargs]
        return f"{value.function}({', '.join(args)})"
    if isinstance(value, Var):
        name = names[value.name]
        return name if value.times == 1 else f"{name} * {code(value.times, names)}"
    if isinstance(value, Ratio):
        return f"{pyrepr(value.numerator)} / {pyrepr(value.denominator)}"
    if isinstance(value, list):
        return f"[{', '.join(code(item, names) for item in value)}]"
    return pyrepr(value)


def statement(indent: int, target: str, value: Call, names: Mapping[str, str]) -> str:
    """`target = value` laid out as ruff format would (a list argument one item per line)."""
    head = f"{target} = {value.function}" if target else value.function
    args = [code(arg, names) for arg in value.args if not isinstance(arg, list)]
    args += [f"{key}={code(arg, names)}" for key, arg in value.kwargs]
    listed = [arg for arg in value.args if isinstance(arg, list)]
    if not listed:
        return "\n".join(call(indent, head, args))
    items = [code(item, names) for item in listed[0]]
    one_line = call(indent, head, [code(listed[0], names), *args])
    if len(one_line) == 1:
        return one_line[0]
    pad = "    " * indent
    lines = collection(indent + 1, "", items, "[]", ",")
    return "\n".join([f"{pad}{head}(", *lines, *(f"{pad}    {arg}," for arg in args), f"{pad})"])


# --- the spec's choices ---------------------------------------------------------------------------


def schedule(network: Network) -> Call | None:
    """The learning-rate schedule of lr_decay:, per step as Keras counts (None: a constant)."""
    decay = network.train.lr_decay
    if decay is None:
        return None
    if decay.kind == "cosine":
        steps = Var("steps_per_epoch", Var("epochs"))
        kwargs = (("decay_steps", steps), ("alpha", decay.alpha))
        return Call("keras.optimizers.schedules.CosineDecay", (Var("learning_rate"),), kwargs)
    every = decay.every if decay.kind == "step" else 1
    kwargs = (
        ("decay_steps", Var("steps_per_epoch", every)),
        ("decay_rate", decay.rate),
        ("staircase", True),
    )
    return Call("keras.optimizers.schedules.ExponentialDecay", (Var("learning_rate"),), kwargs)


def optimizer(network: Network) -> Call:
    """The optimizer, taking the schedule (a variable named schedule) or the learning rate."""
    train = network.train
    rate = Var("schedule") if train.lr_decay is not None else Var("learning_rate")
    kwargs = (("momentum", train.momentum),) if train.optimizer == "momentum" else ()
    return Call(OPTIMIZERS[train.optimizer], (rate,), kwargs)


def loss(network: Network, per_example: bool = False) -> Call:
    """Cross-entropy on class numbers (from the scores unless the network applies softmax), or
    mean squared error against one-hot rows; per_example: one loss per image, unreduced, as a
    distributed step wants it."""
    kwargs: tuple[tuple[str, Any], ...] = (("reduction", None),) if per_example else ()
    if network.train.loss == "mse":
        return Call("keras.losses.MeanSquaredError", (), kwargs)
    if not softmax_output(network):
        kwargs = (("from_logits", True), *kwargs)
    return Call("keras.losses.SparseCategoricalCrossentropy", (), kwargs)


def softmax_output(network: Network) -> bool:
    """Whether the last layer applies softmax itself (so the loss takes probabilities)."""
    last = network.layers[-1]
    return "softmax" in (getattr(last, "activation", None), getattr(last, "function", None))


def metric(network: Network) -> Call:
    """Accuracy, named "accuracy" whatever the labels' form."""
    kind = "CategoricalAccuracy" if network.train.loss == "mse" else "SparseCategoricalAccuracy"
    return Call(f"keras.metrics.{kind}", (), (("name", "accuracy"),))


def augmenter(network: Network) -> Call | None:
    """Keras's random preprocessing layers for augment:, seeded by the run's seed."""
    augment = network.train.augment
    if not augment.enabled:
        return None
    seed = (("seed", Var("seed")),)
    steps: list[Call] = []
    if augment.flip:
        steps.append(Call("keras.layers.RandomFlip", (AUGMENT_MODES[augment.flip],), seed))
    if augment.rotate:
        steps.append(Call("keras.layers.RandomRotation", (Ratio(augment.rotate, 360),), seed))
    if augment.zoom:
        steps.append(Call("keras.layers.RandomZoom", (augment.zoom,), seed))
    if augment.crop:
        height, width, _ = network.input
        steps.append(Call("keras.layers.ZeroPadding2D", (augment.crop,)))
        steps.append(Call("keras.layers.RandomCrop", (height, width), seed))
    return Call("keras.Sequential", (steps,), (("name", "augment"),))


def early_stopping(network: Network, has_validation: bool) -> Call | None:
    """Keras's EarlyStopping on the spec's monitor (the training loss without a validation set)."""
    stopping = network.train.early_stopping
    if stopping is None:
        return None
    monitor = stopping.monitor if has_validation or stopping.monitor == "loss" else "loss"
    kwargs = (("monitor", monitor), ("patience", stopping.patience))
    return Call("keras.callbacks.EarlyStopping", (), kwargs)
