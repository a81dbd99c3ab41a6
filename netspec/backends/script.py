"""Network -> a standalone training script (TensorFlow, Keras, NumPy only) from jinja2 templates.

The script is meant to be read and changed by hand, like a tutorial's: the spec's constants, the
network one statement per layer with its shape rule (backends/layer_code.py), the training
recipe (backends/recipe.py, which `netspec run` makes its objects from too) and the training code
no spec decides, copied from netspec/runtime.py (backends/carry.py). Lines are laid out as
`ruff format` lays them out, so formatting the script changes nothing.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Callable
from dataclasses import replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2

import netspec
from netspec.backends import carry, recipe
from netspec.backends.layer_code import (
    KERAS_DEFAULT_INIT,
    WEIGHT_OPS,
    KerasWriter,
    TfWriter,
    init_description,
    keras_initializer,
    rows_ops,
    tensor_variables,
    tf_kernel_values,
    write_layers,
)
from netspec.backends.pytext import call, collection, comment, doctext, docwrap, pyrepr
from netspec.distribute import STRATEGIES
from netspec.errors import Diagnostic, SpecError, UsageError
from netspec.model import Network
from netspec.schema import NAMED_SETS
from netspec.shapes import Report, analyze

STYLES = ("keras", "tf")
ENTRY_TEMPLATE = "script.py.j2"
SCRIPT_VARIABLES = {  # how main() spells the numbers a recipe Var names
    "learning_rate": "args.learning_rate",
    "epochs": "args.epochs",
    "seed": "args.seed",
    "steps_per_epoch": "steps_per_epoch",
    "schedule": "schedule",
}
LAYER_CLASSES = ("LocalResponseNormalization",)
DATA_CODE = {  # the runtime definitions each kind of data needs, besides make_pipeline
    "named": ["IDX_FILES", "read_idx"],
    "image-folder": ["split_image_folder", "decode_image"],
    "npz": [],
}
OWN_IMPORTS = """
import argparse
import json
from pathlib import Path
import keras
import numpy as np
import tensorflow as tf
"""


def template_root() -> Path | Traversable:
    """templates/ beside the package in a checkout, else the netspec.templates data package."""
    checkout = Path(netspec.__file__).resolve().parent.parent / "templates"
    if (checkout / ENTRY_TEMPLATE).is_file():
        return checkout
    return importlib.resources.files("netspec.templates")


@functools.cache
def environment() -> jinja2.Environment:
    """Strict (a misspelt variable is an error, never an empty string); no HTML escaping, as
    the output is Python and every spec string goes through an explicit filter."""
    root = template_root()

    def load(name: str) -> str:
        return (root / name).read_text(encoding="utf-8")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    filters: dict[str, Callable[..., str]] = {
        "pyrepr": pyrepr,
        "doctext": doctext,
        "docwrap": docwrap,
        "comment": comment,
        "count": lambda n: f"{n:,}",
        "article": article,
    }
    env.filters.update(filters)
    env.globals["call"] = lambda *args: "\n".join(call(*args))
    env.globals["collection"] = lambda *args: "\n".join(collection(*args))
    return env


def article(number: int) -> str:
    """The article before a number said in English: an 8-layer, an 11-layer, a 7-layer."""
    digits = str(number)
    vowel = digits.startswith("8") or (len(digits) % 3 == 2 and digits.startswith(("11", "18")))
    return "an" if vowel else "a"


def class_scores(network: Network, report: Report) -> int:
    """The number of classes; a network that does not end in a vector of scores is refused."""
    output = report.output
    if len(output) == 1:
        return output[0]
    last = network.layers[-1]
    message = (
        f"the network's output is {'x'.join(map(str, output))}, not a vector of class "
        "scores, so there is nothing to train a classifier on"
    )
    hint = "end the spec with flatten and an fc layer with one unit per class"
    raise SpecError([Diagnostic(message, network.file, last.where, last.name, hint)])


def data_kind(network: Network) -> str | None:
    """named, image-folder or npz: the data the script reads (None: any of them)."""
    kind = network.train.data
    return "named" if kind in NAMED_SETS else kind


def runtime_names(network: Network, style: str, distribute: bool) -> list[str]:
    """The runtime definitions the script copies: the data pipeline, and what the spec uses."""
    kind = data_kind(network)
    names = ["make_pipeline"]
    for code_kind, needed in DATA_CODE.items():
        names += needed if kind in (code_kind, None) else []
    if network.train.validation_split > 0:
        names.append("split_validation")
    if network.train.augment.enabled:
        names.append("augment_batches")
    if network.train.loss == "mse":
        names.append("one_hot_labels")
    if style == "keras" and any(layer.kind == "lrn" for layer in network.layers):
        names.append("LocalResponseNormalization")
    if network.train.precision == "mixed":
        names.append("use_precision")
    if distribute:
        names += ["make_strategy", "is_chief", "distribute"]
        names += ["MultiWorkerLoop"] if style == "keras" else []
    return names


def recipe_context(network: Network, validation: bool) -> dict[str, Any]:
    """The training recipe's calls as the script writes them (netspec run makes the same)."""
    names = SCRIPT_VARIABLES
    schedule = recipe.schedule(network)
    augmenter = recipe.augmenter(network)
    stopping = recipe.early_stopping(network, validation)
    backup = 'keras.callbacks.BackupAndRestore(args.out / "backup")'
    callbacks = [backup] + ([recipe.code(stopping, names)] if stopping else [])
    fit = ["train_ds"] + (["validation_data=val_ds"] if validation else [])
    fit += ["epochs=args.epochs", "callbacks=callbacks", "shuffle=False", "verbose=2"]
    return {
        "schedule": recipe.statement(1, "schedule", schedule, names) if schedule else None,
        "optimizer": recipe.code(recipe.optimizer(network), names),
        "loss": recipe.code(recipe.loss(network), names),
        "per_example_loss": recipe.code(recipe.loss(network, per_example=True), names),
        "metric": recipe.code(recipe.metric(network), names),
        "plain_metric": recipe.code(replace(recipe.metric(network), kwargs=()), names),
        "augmenter": recipe.statement(1, "augmenter", augmenter, names) if augmenter else None,
        "stopping": recipe.code(stopping, names) if stopping else "",
        "callback_list": callbacks,
        "fit_list": fit,
        "softmax_output": recipe.softmax_output(network),
        "monitor": stopping.kwargs[0][1] if stopping else None,
        "patience": network.train.early_stopping.patience if stopping else None,
    }


def network_context(network: Network, report: Report, style: str) -> dict[str, Any]:
    """The network's code in `style`, and what its helper functions need."""
    train, init = network.train, network.train.init
    pairs = rows_ops(report.rows)
    kinds = {op.op for _, ops in pairs for op in ops}
    has_weights = bool(kinds & WEIGHT_OPS)
    weight_settings: list[str] = []  # dictionary items, only where Keras's default differs
    if has_weights and init.kind != KERAS_DEFAULT_INIT.kind:
        weight_settings.append(f'"kernel_initializer": {keras_initializer(init)}')
    if has_weights and init.bias:
        bias = f"keras.initializers.Constant({pyrepr(init.bias)})"
        weight_settings.append(f'"bias_initializer": {bias}')
    if has_weights and train.l2:
        weight_settings.append(f'"kernel_regularizer": keras.regularizers.L2({pyrepr(train.l2)})')
    tf_writer = TfWriter()
    writer = KerasWriter(bool(weight_settings)) if style == "keras" else tf_writer
    variables = tensor_variables(report.rows)
    return {
        "layers": write_layers(pairs, variables, network.groups, writer),
        "weight_entries": tf_writer.entries,
        "named_input": "input" in variables,
        "weight_settings": weight_settings,
        "depthwise_settings": bool(weight_settings) and "depthwise2d" in kinds,
        "has_weights": has_weights,
        "has_bias": any(op.attrs.get("use_bias") for _, ops in pairs for op in ops),
        "init": init,
        "init_description": init_description(init),
        "kernel_values": tf_kernel_values(init),
        "batchnorm": "batchnorm" in kinds,
        "batchnorm_unscaled": any(
            op.op == "batchnorm" and not op.attrs["scale"] for _, ops in pairs for op in ops
        ),
    }


def settings(network: Network) -> list[tuple[str, Any]]:
    """The spec's train: settings the command line's defaults come from."""
    train = network.train
    out = [("EPOCHS", train.epochs), ("BATCH_SIZE", train.batch_size)]
    out.append(("LEARNING_RATE", train.learning_rate))
    if train.seed is not None:
        out.append(("SEED", int(train.seed)))
    if train.validation_split > 0:
        out.append(("VALIDATION_SPLIT", train.validation_split))
    return out


def imports(names: list[str], style: str, network: Network, distribute: bool) -> carry.Imports:
    """The script's own imports and those of the runtime code it copies, merged."""
    found = carry.Imports()
    found.add_text(OWN_IMPORTS)
    carry.imports_for(names, found)
    if network.train.lr_decay is not None or distribute:
        found.add_text("import math")
    if network.train.seed is None:
        found.add_text("import os")
    if data_kind(network) in ("image-folder", None):
        found.add_text("import functools")
    if distribute:
        found.add_text("import os\nimport tempfile")
    if style == "tf":
        found.add_text("import shutil\nfrom collections.abc import Iterator")
    return found


def render_script(network: Network, style: str = "keras", distribute: bool = False) -> str:
    """The whole standalone training script for `network` in `style` ("keras" or "tf");
    `distribute` adds tf.distribute strategies and multi-worker training."""
    if style not in STYLES:
        raise UsageError(f"unknown style {style!r}; choose keras or tf")
    if network.train.precision == "mixed" and style != "keras":
        raise UsageError(
            "precision: mixed needs Keras-style scripts (Keras's dtype policy does the casting); "
            "leave out --style tf or set precision: float32"
        )
    if distribute and style != "keras":
        raise UsageError(
            "--distribute writes Keras-style scripts (tf.distribute drives Keras models); "
            "leave out --style tf"
        )
    report = analyze(network)  # a spec with a shape error never becomes a script
    validation = network.train.validation_split > 0
    names = runtime_names(network, style, distribute)
    found = imports(names, style, network, distribute)
    context = {
        "style": style,
        "distribute": distribute,
        "data_kind": data_kind(network),
        "out": "out" if distribute else "args.out",
        "named_sets": list(NAMED_SETS),
        "strategies": list(STRATEGIES),
        "name": network.name,
        "model_name": network.name.replace("-", "_"),
        "description": network.description,
        "spec_file": Path(network.file).name,
        "layer_count": len(report.rows),
        "total_params": report.total_params,
        "input_shape": tuple(network.input),
        "num_classes": class_scores(network, report),
        # the spec's class names order an image folder's class folders; nothing else reads them
        "classes": list(network.classes)
        if network.classes and data_kind(network) in ("image-folder", None)
        else None,
        "last_layer": network.layers[-1].name,
        "settings": settings(network),
        "train": network.train,
        "validation": validation,
        "mse": network.train.loss == "mse",
        "runtime_constants": carry.constants(names),
        # layer classes come before the network that uses them, the rest after it
        "runtime_layers": carry.definitions_text(n for n in names if n in LAYER_CLASSES),
        "runtime_definitions": carry.definitions_text(n for n in names if n not in LAYER_CLASSES),
        "stdlib_imports": found.lines(stdlib=True),
        "other_imports": found.lines(stdlib=False),
        **recipe_context(network, validation),
        **network_context(network, report, style),
    }
    return environment().get_template(ENTRY_TEMPLATE).render(context)
