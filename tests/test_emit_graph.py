"""`netspec emit` for graph networks: branches, merges, blocks and the layer kinds that came with
them, in both styles; the scripts build what `netspec check` reports, read cleanly, and keep
every layer name (dots included) inside string literals."""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netspec import analyze, parse_network
from netspec.backends.script import render_script
from netspec.model import Network
from tests.conftest import golden
from tests.test_emit import (
    GOLDEN,
    HOSTILE,
    LINE_BREAKS,
    RUFF,
    import_script,
    ruff,
    skeleton,
)

STYLES = ("keras", "tf")
SPECS = {
    "residual": """
name: residual
description: A stem, two basic residual blocks (the second with a projection), a classifier.
input: [16, 16, 3]
blocks:
  basic:
    args: {filters: null, stride: 1, project: false}
    layers:
      - {type: conv, name: conv1, filters: $filters, size: 3, stride: $stride, padding: 1,
         round: floor, bias: false}
      - {type: batchnorm, name: bn1}
      - {type: activation, name: relu1, function: relu}
      - {type: conv, name: conv2, filters: $filters, size: 3, padding: 1, bias: false}
      - {type: batchnorm, name: bn2}
      - {type: conv, name: down, inputs: input, filters: $filters, size: 1, stride: $stride,
         round: floor, bias: false, when: $project}
      - {type: batchnorm, name: down_bn, when: $project}
      - {type: add, name: add, inputs: [bn2, down_bn]}
      - {type: activation, name: relu2, function: relu}
layers:
  - {type: conv, name: stem, filters: 8, size: 3, padding: 1, activation: relu}
  - {block: basic, name: layer1, filters: 8}
  - {block: basic, name: layer2, filters: 16, stride: 2, project: true}
  - {type: global_pool, name: pool}
  - {type: fc, name: out, units: 10}
train: {epochs: 1, seed: 1}
""",
    "inception": """
name: inception
description: Two inception-like blocks, parallel branches joined by concat.
input: [16, 16, 3]
blocks:
  mixed:
    args: {c1: null, c3: null, cp: null}
    layers:
      - {type: conv, name: b1, filters: $c1, size: 1, activation: relu}
      - {type: conv, name: b3_reduce, inputs: input, filters: 4, size: 1, activation: relu}
      - {type: conv, name: b3, filters: $c3, size: 3, padding: same, activation: relu}
      - {type: pool, name: bp_pool, inputs: input, size: 3, stride: 1, padding: same}
      - {type: conv, name: bp, filters: $cp, size: 1, activation: relu}
      - {type: concat, name: concat, inputs: [b1, b3, bp]}
layers:
  - {type: conv, name: stem, filters: 8, size: 3, padding: 1, activation: relu}
  - {block: mixed, name: mixed1, c1: 4, c3: 8, cp: 4}
  - {block: mixed, name: mixed2, c1: 8, c3: 8, cp: 8}
  - {type: pool, name: pool, size: 2}
  - flatten
  - {type: dropout, rate: 0.2}
  - {type: fc, units: 10, activation: softmax}
""",
    # dropout and a linear activation read a tensor other than the last (tf: no statement
    # reads it first); sum is a builtin's name and read twice, so its variable is sum_
    "kinds": """
name: kinds
description: Every new layer kind and setting, and layers that read tensors other than the last.
input: [15, 15, 4]
layers:
  - {type: conv, name: asym, filters: 8, size: 3, padding: [[0, 1], [1, 0]]}
  - {type: batchnorm, name: bn_noscale, scale: false}
  - {type: activation, name: leaky, function: leaky_relu, slope: 0.1}
  - {type: depthwise, name: dw, size: 3, multiplier: 2, padding: 1}
  - {type: conv, name: grouped, filters: 8, size: 3, groups: 4, dilation: 2, padding: 2}
  - {type: pool, name: ceil_pool, size: 3, stride: 2, round: ceil}
  - {type: upsample, name: up, size: 2}
  - {type: upsample, name: up_bilinear, inputs: ceil_pool, size: 2, mode: bilinear}
  - {type: concat, name: both, inputs: [up, up_bilinear]}
  - {type: dropout, name: drop, inputs: grouped, rate: 0.1}
  - {type: activation, name: same, inputs: up, function: linear}
  - {type: add, name: sum, inputs: [drop, same]}
  - {type: concat, name: merged, inputs: [both, sum, sum]}
  - {type: global_pool, name: gmax, mode: max}
  - {type: fc, name: out, units: 10}
train: {init: he_normal, l2: 0.0005}
""",
}
BOTH = [pytest.param(n, s, id=f"{n}-{s}") for n in SPECS for s in STYLES]
HOSTILE_LAYER = "layer1.relu2"  # inside a block, and read by two later layers: a variable


def network_of(name: str) -> Network:
    return parse_network(SPECS[name], f"{name}.yaml")


@functools.cache
def rendered(name: str, style: str) -> str:
    return render_script(network_of(name), style)


def built(name: str, style: str, directory: Path) -> ModuleType:
    return import_script(rendered(name, style), directory, f"graph_{name}_{style}")


# --- the text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_golden_residual(style: str) -> None:
    """The residual network, as test_emit.py's goldens: the carried modules elided."""
    golden(GOLDEN / f"residual-{style}.py", rendered("residual", style))


def test_keras_reads_like_functional_code() -> None:
    """A chain stays `x = ...(x)`; a tensor read again later gets a variable named after it."""
    text = rendered("residual", "keras")
    assert '    x = keras.layers.BatchNormalization(name="layer1.bn2")(x)\n' in text
    assert '    x = keras.layers.Add(name="layer1.add")([x, stem])\n' in text
    assert '    layer1_relu2 = keras.layers.Activation("relu", name="layer1.relu2")(x)\n' in text
    assert '    x = keras.layers.Add(name="layer2.add")([layer2_bn2, x])\n' in text
    assert "\n    # layer2: block basic filters=16 stride=2 project=true\n" in text
    assert '    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")\n' in text
    kinds = rendered("kinds", "keras")
    assert '    both = keras.layers.Concatenate(name="both")([up, x])\n' in kinds
    assert '    x = keras.layers.Concatenate(name="merged")([both, sum_, sum_])\n' in kinds
    assert "**depthwise_settings()" in kinds


@pytest.fixture(scope="module")
def script_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("graph_scripts")
    for name in SPECS:
        for style in STYLES:
            (directory / f"{name}_{style}.py").write_text(rendered(name, style))
    return directory


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_scripts_are_ruff_clean_and_formatted(script_dir: Path) -> None:
    checked = ruff("check", "--isolated", "--line-length", "100", str(script_dir))
    assert checked.returncode == 0, checked.stdout[-3000:]
    formatted = ruff("format", "--isolated", "--line-length", "100", "--diff", str(script_dir))
    assert formatted.returncode == 0, formatted.stdout[-3000:] + formatted.stderr[-1000:]


# --- the network it builds ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "style"), BOTH)
def test_built_network_matches_check(name: str, style: str, tmp_path: Path) -> None:
    network = network_of(name)
    report = analyze(network)
    module = built(name, style, tmp_path)
    model = module.build_model() if style == "keras" else module.Network()
    if style == "keras":
        for row in report.rows:
            layer = model.get_layer(row.name)
            assert tuple(layer.output.shape[1:]) == row.output, row.name
            assert layer.count_params() == row.params, row.name
            trainable = sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
            assert trainable == row.trainable, row.name
        assert model.count_params() == report.total_params
        return
    images = np.zeros((2, *network.input), np.float32)
    shapes = {name: tuple(x.shape[1:]) for name, x in model.forward(images)}
    assert list(shapes) == [row.name for row in report.rows]
    for row in report.rows:
        variables = model.weights.get(row.name, {}).values()
        assert shapes[row.name] == row.output, row.name
        assert sum(v.shape.num_elements() for v in variables) == row.params, row.name
        assert sum(v.shape.num_elements() for v in variables if v.trainable) == row.trainable
    assert sum(v.size for v in model.numpy_weights().values()) == report.total_params


@pytest.mark.parametrize("name", SPECS)
def test_keras_script_starts_from_the_same_weights_as_netspec_run(
    name: str, tmp_path: Path
) -> None:
    """Same layers in the same order with the same initializers (depthwise ones included)."""
    import keras

    from netspec.backends.keras_builder import build_model

    keras.utils.set_random_seed(5)
    ours = build_model(network_of(name))
    keras.utils.set_random_seed(5)
    theirs = built(name, "keras", tmp_path).build_model()
    assert len(ours.weights) == len(theirs.weights)
    for a, b in zip(ours.weights, theirs.weights, strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert len(ours.losses) == len(theirs.losses)  # the L2 terms


@pytest.mark.parametrize("name", SPECS)
def test_both_styles_compute_the_same_function(name: str, tmp_path: Path) -> None:
    """The Keras model's random weights copied into the tf Network: equal outputs, so grouped,
    dilated and depthwise convs, upsampling and the merges mean the same in both."""
    rng = np.random.default_rng(0)
    keras_model = built(name, "keras", tmp_path).build_model()
    tf_model = built(name, "tf", tmp_path).Network()
    for layer_name, variables in tf_model.weights.items():
        values = keras_model.get_layer(layer_name).get_weights()
        assert len(values) == len(variables), layer_name
        for (part, variable), value in zip(variables.items(), values, strict=True):
            assert tuple(variable.shape) == value.shape, layer_name
            low = 0.5 if part in ("gamma", "moving_variance") else -1.0  # signed where it can be
            variable.assign(rng.uniform(low, 1.5, value.shape).astype(np.float32))
    for layer in keras_model.layers:  # tf's values into Keras, so both have the same
        if layer.name in tf_model.weights:
            layer.set_weights([v.numpy() for v in tf_model.weights[layer.name].values()])
    images = rng.uniform(-1, 1, (2, *network_of(name).input)).astype(np.float32)
    expected = np.asarray(keras_model(images, training=False))
    np.testing.assert_allclose(np.asarray(tf_model(images)), expected, rtol=1e-4, atol=1e-5)


# --- hostile text -------------------------------------------------------------------------------


def renamed(network: Network, old: str, new: str) -> Network:
    """The network with layer `old` called `new`, in its own name and in its readers' inputs."""

    def rename(layer: Any) -> Any:
        inputs = tuple(new if name == old else name for name in layer.inputs)
        return replace(layer, name=new if layer.name == old else layer.name, inputs=inputs)

    return replace(network, layers=tuple(rename(layer) for layer in network.layers))


def local_skeleton(text: str) -> str:
    """test_emit's skeleton, with build_model's and forward's own variables numbered in order
    of assignment, as those are named after layers."""
    tree = ast.parse(text)
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name in ("build_model", "forward"):
            stored = [
                n.id
                for n in ast.walk(function)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            ]
            numbers = {name: f"v{i}" for i, name in enumerate(dict.fromkeys(stored))}
            for node in ast.walk(function):
                if isinstance(node, ast.Name) and node.id in numbers:
                    node.id = numbers[node.id]
    return skeleton(ast.unparse(tree))


@functools.cache
def benign_skeleton(style: str) -> str:
    return local_skeleton(rendered("residual", style))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layer=HOSTILE, block=HOSTILE, style=st.sampled_from(STYLES))
def test_hostile_layer_name_in_a_block_stays_inside_literals(
    layer: str, block: str, style: str
) -> None:
    """A block layer whose output gets a variable, renamed to anything (validation bypassed),
    and the block's description likewise: the statements stay the same, the variable's name
    is plain ASCII, and the text appears only inside literals and comments."""
    network = network_of("residual")
    name = f"layer1.{layer}"
    if name != HOSTILE_LAYER and name in {existing.name for existing in network.layers}:
        return  # a duplicate name is a different network
    hostile = renamed(network, HOSTILE_LAYER, name)
    hostile = replace(hostile, groups={**network.groups, "layer1": block})
    text = render_script(hostile, style)
    text.encode("utf-8")  # no lone surrogates
    assert not any(ch in text for ch in LINE_BREAKS)
    assert local_skeleton(text) == benign_skeleton(style)
    names = {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n) for n in names), names
