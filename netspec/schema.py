"""The spec language's JSON Schema and validation that reports every error at its YAML line.

Layers are validated one kind at a time (dispatch on `type`), so the message is the real one
rather than the noise a large oneOf produces. The same fragments build `netspec schema`.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from netspec.errors import Diagnostic, Position, SpecError, describe_value, did_you_mean
from netspec.expand import MAX_LAYERS, MAX_REPEAT, RawLayer, block_definitions, expand
from netspec.layers import KINDS
from netspec.layers.base import MAX_SIZE
from netspec.loader import Document, PathKey

# `(?!\n)$`: Python's `$` (what jsonschema runs) also matches before a final newline.
NAME_PATTERN = "^[a-z][a-z0-9_-]*(?!\n)$"
LAYER_NAME_PATTERN = "^[A-Za-z][A-Za-z0-9_]*(?!\n)$"
INPUT_NAME_PATTERN = "^[A-Za-z][A-Za-z0-9_.]*(?!\n)$"
MAX_SEED = 2**32 - 1
NAMED_SETS = ("mnist", "fashion-mnist", "cifar10")
DATA_KINDS = (*NAMED_SETS, "image-folder", "npz")
PRECISIONS = ("float32", "mixed")

OPTIMIZERS = ("sgd", "momentum", "adam", "adagrad", "rmsprop")
LOSSES = ("cross_entropy", "mse")
INITS = (
    "glorot_uniform",
    "glorot_normal",
    "he_normal",
    "he_uniform",
    "truncated_normal",
    "normal",
    "uniform",
)


def _num(
    low: float | None = None,
    high: float | None = None,
    *,
    open_low: bool = False,
    open_high: bool = False,
    text: str,
    doc: str,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "number", "x-expected": text, "description": doc}
    if low is not None:
        schema["exclusiveMinimum" if open_low else "minimum"] = low
    if high is not None:
        schema["exclusiveMaximum" if open_high else "maximum"] = high
    return schema


def _enum(values: tuple[str, ...] | list[str], doc: str) -> dict[str, Any]:
    return {"enum": list(values), "x-expected": "one of " + ", ".join(values), "description": doc}


_POSINT = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_SIZE,
    "x-expected": "an integer from 1 to 1000000",
}

TRAIN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "how `netspec run` and emitted scripts train the network",
    "x-expected": "a mapping of training settings",
    "additionalProperties": False,
    "properties": {
        "loss": _enum(LOSSES, "loss on the logits (softmax belongs to the loss)"),
        "optimizer": _enum(OPTIMIZERS, "optimizer"),
        "learning_rate": _num(0, open_low=True, text="a number > 0", doc="initial learning rate"),
        "momentum": _num(
            0,
            1,
            open_high=True,
            text="a number from 0 up to 1",
            doc="momentum for the momentum optimizer (default 0.9)",
        ),
        "data": _enum(
            DATA_KINDS,
            "what the network trains on: a named set (`netspec run` reads it when --data is "
            "left out) or the kind of path --data names; emitted scripts read only this kind",
        ),
        "precision": _enum(
            PRECISIONS,
            "number format: float32, or mixed (bfloat16 on a CPU with bf16 instructions, "
            "float16 on a GPU; weights, the output layer and the loss in float32)",
        ),
        "batch_size": {**_POSINT, "description": "images per step (global batch)"},
        "epochs": {**_POSINT, "description": "passes over the training data"},
        "validation_split": _num(
            0,
            1,
            open_high=True,
            text="a number from 0 up to 1",
            doc="fraction of the training data held out for validation",
        ),
        "l2": _num(0, text="a number >= 0", doc="L2 weight decay on conv and fc kernels"),
        "seed": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_SEED,
            "x-expected": f"an integer from 0 to {MAX_SEED}",
            "description": "seed for weights, shuffling and the validation split",
        },
        "lr_decay": {
            "type": "object",
            "x-expected": "a mapping such as {type: cosine}",
            "description": "learning-rate schedule",
            "required": ["type"],
            "additionalProperties": False,
            "properties": {
                "type": _enum(("exponential", "cosine", "step"), "schedule kind"),
                "rate": _num(
                    0,
                    1,
                    open_low=True,
                    text="a number > 0 and <= 1",
                    doc="factor per epoch (exponential) or per step (step)",
                ),
                "every": {**_POSINT, "description": "epochs between steps (step decay)"},
                "alpha": _num(
                    0,
                    1,
                    text="a number from 0 to 1",
                    doc="final fraction of the learning rate (cosine)",
                ),
            },
        },
        "init": {
            "anyOf": [
                {"enum": list(INITS)},
                {
                    "type": "object",
                    "required": ["type"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"enum": list(INITS)},
                        "stddev": {"type": "number", "exclusiveMinimum": 0},
                        "bias": {"type": "number"},
                    },
                },
            ],
            "x-expected": "one of "
            + ", ".join(INITS)
            + ", or {type: truncated_normal, stddev: 0.05, bias: 0.05}",
            "description": "weight initializer for conv and fc kernels (and bias value)",
        },
        "augment": {
            "type": "object",
            "x-expected": "a mapping such as {flip: horizontal, rotate: 10}",
            "description": "random augmentation of training images",
            "additionalProperties": False,
            "properties": {
                "flip": _enum(("horizontal", "vertical", "both"), "random flips"),
                "rotate": _num(
                    0,
                    180,
                    open_low=True,
                    text="degrees, a number > 0 and <= 180",
                    doc="random rotation up to this many degrees",
                ),
                "zoom": _num(
                    0,
                    1,
                    open_low=True,
                    open_high=True,
                    text="a fraction, a number > 0 and < 1",
                    doc="random zoom",
                ),
                "crop": {
                    "type": "integer",
                    "minimum": 1,
                    "x-expected": "an integer >= 1",
                    "description": "pad by this many pixels, then crop back at random",
                },
            },
        },
        "early_stopping": {
            "anyOf": [
                {"type": "boolean"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "patience": {"type": "integer", "minimum": 1},
                        "monitor": {"enum": ["val_loss", "val_accuracy", "loss"]},
                    },
                },
            ],
            "x-expected": "true, or {patience: 3, monitor: val_loss}",
            "description": "stop when the monitored value stops improving",
        },
    },
}

TOP_KEYS = ("name", "description", "input", "classes", "defaults", "blocks", "layers", "train")
INPUTS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": INPUT_NAME_PATTERN, "maxLength": 200},
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 64,
            "items": {"type": "string", "pattern": INPUT_NAME_PATTERN, "maxLength": 200},
        },
    ],
    "description": "the layer(s) this one reads (default: the previous layer; 'input' is the "
    "network's or the block's input)",
    "x-expected": "a layer name or a list of layer names",
}


@functools.cache
def _kind_schema(kind: str, *, for_defaults: bool = False) -> dict[str, Any]:
    """One kind's schema (shared: callers copy before changing it)."""
    cls = KINDS[kind]
    properties: dict[str, Any] = {}
    if not for_defaults:
        properties["type"] = {"const": kind}
        properties["name"] = {
            "type": "string",
            "pattern": LAYER_NAME_PATTERN,
            "maxLength": 64,
            "x-expected": "a name of letters, digits and _ starting with a letter",
            "description": "layer name (default: kind plus a counter, conv1, pool1, ...)",
        }
        properties["inputs"] = INPUTS_SCHEMA
    properties.update(cls.SCHEMA)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "x-expected": f"a mapping of {kind} settings",
    }
    if not for_defaults and cls.REQUIRED:
        schema["required"] = list(cls.REQUIRED)
    return schema


def top_schema() -> dict[str, Any]:
    """Schema of the document with layers left loose: each layer is checked by its kind."""
    return {
        "type": "object",
        "x-expected": "a mapping with name, input and layers",
        "required": ["name", "input", "layers"],
        "additionalProperties": False,
        "properties": {
            "name": {
                "type": "string",
                "pattern": NAME_PATTERN,
                "maxLength": 64,
                "x-expected": "lowercase letters, digits, - and _, starting with a letter",
                "description": "the network's name",
            },
            "description": {
                "type": "string",
                "maxLength": 4000,
                "x-expected": "text",
                "description": "what the network is and where it comes from",
            },
            "input": {
                "type": "array",
                "items": _POSINT,
                "minItems": 3,
                "maxItems": 3,
                "x-expected": "a list [height, width, channels] of integers >= 1",
                "description": "input image shape: height, width, channels",
            },
            "classes": {
                "type": "array",
                "minItems": 2,
                "maxItems": 100000,
                "uniqueItems": True,
                "items": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200,
                    "x-expected": "a class name (text)",
                },
                "x-expected": "a list of at least 2 different class names",
                "description": "class names, in label order (used by predict)",
            },
            "defaults": {
                "type": "object",
                "x-expected": "a mapping from layer kind to default settings",
                "description": "per-kind defaults, applied before each layer's own keys",
                "additionalProperties": False,
                "properties": {k: _kind_schema(k, for_defaults=True) for k in sorted(KINDS)},
            },
            "blocks": {
                "type": "object",
                "x-expected": "a mapping from block name to {args: ..., layers: [...]}",
                "description": "reusable groups of layers with arguments, used as "
                "{block: NAME, ...}",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "description": {"type": "string"},
                        "args": {"type": "object"},
                        "layers": {"type": "array"},
                    },
                },
            },
            "layers": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_LAYERS,
                "x-expected": f"a non-empty list of at most {MAX_LAYERS} layers",
                "description": "the layers, first to last",
            },
            "train": TRAIN_SCHEMA,
        },
    }


def editor_schema() -> dict[str, Any]:
    """The full JSON Schema for editors: every layer kind dispatched on `type`."""
    schema = top_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "netspec network spec"
    # Required settings may come from defaults:, which an editor cannot resolve: the editor
    # schema checks keys and types; `netspec check` checks what is missing.
    defs: dict[str, Any] = {}
    for kind in sorted(KINDS):
        defs[kind] = dict(_kind_schema(kind))
        defs[kind].pop("required", None)
    bare = sorted(KINDS)
    defs["repeat"] = {
        "type": "object",
        "required": ["repeat", "layers"],
        "additionalProperties": False,
        "properties": {
            "repeat": {"type": ["integer", "string"], "minimum": 0, "maximum": MAX_REPEAT},
            "layers": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/layer"}},
        },
    }
    defs["block_use"] = {
        "type": "object",
        "required": ["block"],
        "properties": {
            "block": {"type": "string", "description": "the name of a block under blocks:"},
            "name": {"type": "string", "pattern": LAYER_NAME_PATTERN},
            "inputs": INPUTS_SCHEMA,
            "when": {"type": ["boolean", "string"]},
        },
        "description": "a use of a block; its other keys are the block's arguments",
    }
    defs["layer"] = {
        "anyOf": [
            {"enum": bare, "description": "a layer kind alone, its settings from defaults:"},
            {"$ref": "#/$defs/repeat"},
            {"$ref": "#/$defs/block_use"},
            {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": sorted(KINDS)}},
                "allOf": [
                    {"if": {"properties": {"type": {"const": k}}}, "then": {"$ref": f"#/$defs/{k}"}}
                    for k in sorted(KINDS)
                ],
            },
        ]
    }
    schema["$defs"] = _strip_private(defs)
    schema["properties"]["layers"]["items"] = {"$ref": "#/$defs/layer"}
    return _strip_private(schema)


def _strip_private(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_private(v) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [_strip_private(v) for v in node]
    return node


def schema_json() -> str:
    return json.dumps(editor_schema(), indent=2)


# --- validation ---------------------------------------------------------------------------


def _expected(schema_root: dict[str, Any], schema_path: list[Any]) -> str | None:
    """The innermost `x-expected` text along the failing schema path."""
    node: Any = schema_root
    found = node.get("x-expected") if isinstance(node, dict) else None
    for step in schema_path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "x-expected" in node:
            found = node["x-expected"]
    return found


def _validator(schema: dict[str, Any]) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def schema_messages(
    schema: dict[str, Any], instance: Any, label: str, validator: Any = None
) -> Iterator[tuple[tuple[Any, ...], bool, str]]:
    """(path inside instance, points at key?, message) for each schema violation."""
    seen: set[tuple[Any, ...]] = set()
    for path, value in _non_finite(instance, ()):
        seen.add(path)
        field = ".".join(str(p) for p in path) or "value"
        yield path, False, f"{field} must be a finite number, got {value}"
    validator = validator or _validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path)))
    for error in errors:
        path = tuple(error.absolute_path)
        validator = error.validator
        if validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            extras = [k for k in error.instance if k not in error.schema.get("properties", {})]
            for key in extras:
                if (*path, key) in seen:
                    continue
                seen.add((*path, key))
                hint = did_you_mean(str(key), allowed)
                where = f"{label}: " if label else ""
                yield (
                    (*path, key),
                    True,
                    f"{where}unknown key '{key}' ({hint}known: {', '.join(allowed)})",
                )
            continue
        if validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance]
            if path in seen:
                continue
            seen.add(path)
            what = " and ".join(missing)
            owner = ".".join(str(p) for p in path)
            prefix = f"{label}: " if label else ""
            yield path, False, f"{prefix}{owner + ': ' if owner else ''}missing {what} (required)"
            continue
        if path in seen:
            continue
        seen.add(path)
        field = ".".join(str(p) for p in path if isinstance(p, str)) or "value"
        index = [p for p in path if isinstance(p, int)]
        if index and path and isinstance(path[-1], int):
            field = f"{field}[{path[-1]}]"
        expected = _expected(schema, list(error.absolute_schema_path))
        if expected:
            message = f"{field} must be {expected}, got {describe_value(error.instance)}"
        else:
            message = f"{field}: {error.message}"
        if validator == "enum" and isinstance(error.instance, str):
            close = did_you_mean(error.instance, [str(v) for v in error.validator_value])
            message += f"; {close.strip()}" if close else ""
        prefix = f"{label}: " if label else ""
        yield path, False, prefix + message


def _non_finite(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], float]]:
    """NaN and infinity slip through JSON Schema's minimum and maximum: find them first."""
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite(item, (*path, index))


class _Reporter:
    """Collects diagnostics for one document, by path in the data or by position."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[tuple[Position, str]] = set()
        self.too_many_layers = False

    def at_path(
        self,
        path: PathKey,
        message: str,
        *,
        key: bool = False,
        layer: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.at(self.doc.where(path, key=key), message, layer=layer, hint=hint)

    def at(
        self, where: Position, message: str, *, layer: str | None = None, hint: str | None = None
    ) -> None:
        # A repeated block or a shared default would say the same thing many times: once is enough.
        if (where, message) in self.seen:
            return
        self.seen.add((where, message))
        self.diagnostics.append(Diagnostic(message, self.doc.file, where, layer=layer, hint=hint))

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise SpecError(sorted(self.diagnostics, key=_order))


def _order(diagnostic: Diagnostic) -> tuple[int, int]:
    where = diagnostic.position
    return (where.line, where.col) if where else (0, 0)


@dataclass(frozen=True)
class Validated:
    """A valid document: its data, its expanded and named layers, and its block uses."""

    data: dict[str, Any]
    layers: list[RawLayer]
    groups: dict[str, str]


def validate_document(doc: Document) -> Validated:
    """Validate a loaded document; return the data and the named, expanded layers."""
    data = doc.data
    report = _Reporter(doc)
    if not isinstance(data, dict):
        report.at_path(
            (),
            f"the spec must be a mapping with name, input and layers, got {describe_value(data)}",
        )
        report.raise_if_any()

    for path, on_key, message in schema_messages(top_schema(), data, ""):
        if path[:1] == ("defaults",) and len(path) == 2 and on_key:
            message = message.replace("unknown key", "unknown layer kind", 1)
            message = f"defaults: {message}"
        elif path[:1] == ("defaults",) and len(path) >= 2:
            rest = message.removeprefix(f"defaults.{path[1]}.")
            if rest.startswith(f"defaults.{path[1]} "):
                message = "defaults: " + rest.removeprefix("defaults.")
            else:
                message = f"defaults for {path[1]}: {rest}"
        elif path[:1] == ("train",) and not message.startswith("train"):
            message = f"train: {message}"
        report.at_path(path, message.replace("train: train.", "train: "), key=on_key)

    layers: list[RawLayer] = []
    groups: dict[str, str] = {}
    blocks = block_definitions(data, report)
    if isinstance(data.get("layers"), list):
        given = data.get("defaults") if isinstance(data.get("defaults"), dict) else {}
        # Defaults that are not mappings were reported above; the layers go on without them.
        defaults = {k: v for k, v in given.items() if isinstance(v, dict)}
        layers, groups = expand(doc, data["layers"], defaults, blocks, report)
    _check_names(layers, report)
    for raw in layers:
        _validate_layer(raw, report)
    report.raise_if_any()
    return Validated(data, layers, groups)


@functools.cache
def _kind_validator(kind: str) -> Any:
    return _validator(_kind_schema(kind))


@functools.lru_cache(maxsize=4096)
def _layer_messages(kind: str, instance_json: str) -> tuple[tuple[tuple[Any, ...], bool, str], ...]:
    """Schema messages of one layer's settings; blocks and repeats make many layers alike."""
    instance = json.loads(instance_json)
    return tuple(schema_messages(_kind_schema(kind), instance, "", _kind_validator(kind)))


def _validate_layer(raw: RawLayer, report: _Reporter) -> None:
    instance = {"type": raw.kind, **raw.params}
    try:
        text = json.dumps(instance, sort_keys=True, allow_nan=True)
        messages = _layer_messages(raw.kind, text)
    except (TypeError, ValueError):  # not JSON-shaped: validate it as it is
        messages = tuple(schema_messages(_kind_schema(raw.kind), instance, ""))
    for path, on_key, message in messages:
        key = path[0] if path else None
        if isinstance(key, str) and key in raw.params and key not in raw.own_keys:
            continue  # the value came from defaults:, whose own check reported it there
        if isinstance(key, str) and key in raw.key_where:
            where = raw.key_where[key]
            if not on_key and len(path) == 1:
                where = _value_position(raw, key)
        else:
            where = raw.where
        report.at(where, message, layer=raw.name)


def _value_position(raw: RawLayer, key: str) -> Position:
    return raw.value_where.get(key, raw.key_where[key])


def _check_names(layers: list[RawLayer], report: _Reporter) -> None:
    """Full names are unique; 'input' and 'NAME_pad' are netspec's own."""
    taken: dict[str, Position] = {}
    for raw in layers:
        name = str(raw.name)
        where = raw.key_where.get("name", raw.where) if "name" in raw.own_keys else raw.where
        local = name.rsplit(".", 1)[-1]
        if local == "input" or local.endswith("_pad"):
            report.at(
                where,
                f"name '{name}' is reserved: the model's input layer is 'input', and netspec "
                "names the zero-padding it adds before a layer 'NAME_pad'",
            )
        if name in taken:
            report.at(
                where,
                f"name '{name}' is already used by the layer at line "
                f"{taken[name].line}; layer names must be unique",
            )
        taken.setdefault(name, where)
