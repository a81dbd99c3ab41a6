"""The graph specs are the networks keras.applications builds, layer for layer.

For MobileNet, MobileNetV2, DenseNet-121 and Inception-v3 the shipped spec must give the
published parameter count, Keras's own model (weights=None) the same count, and both models the
same layers: a multiset of (kind, settings, output shape, parameters, trainable ones), so that
the order of branches and the names do not matter. Settings are what shapes and counts cannot
show: kernel, stride and padding (ZeroPadding2D too), BN epsilon, momentum and scale, relu6.
`netspec check`'s report is compared with Keras's model the same way, by kind.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import netspec
from tests.conftest import ROOT

keras = pytest.importorskip("keras")

from netspec.backends.keras_builder import build_model  # noqa: E402

Signature = tuple[str, str, tuple[int, ...], int, int]
"""(family, settings, output shape, params, trainable params) of one layer."""


@dataclass(frozen=True)
class Case:
    make: Callable[[], Any]
    params: int  # keras.io/api/applications's figure
    trainable: int  # what Keras's model counts as trainable (BN moving statistics are not)


def _app(name: str, size: int) -> Callable[[], Any]:
    def make() -> Any:
        build = getattr(keras.applications, name)
        return build(
            weights=None,
            input_shape=(size, size, 3),
            classes=1000,
            classifier_activation=None,  # logits, as netspec's specs end
        )

    return make


CASES = {
    "mobilenet": Case(_app("MobileNet", 224), 4_253_864, 4_231_976),
    "mobilenetv2": Case(_app("MobileNetV2", 224), 3_538_984, 3_504_872),
    "densenet121": Case(_app("DenseNet121", 224), 8_062_504, 7_978_856),
    "inceptionv3": Case(_app("InceptionV3", 299), 23_851_784, 23_817_352),
}


def _trainable(weights: list[Any]) -> int:
    return sum(math.prod(w.shape) for w in weights)


def _window_padding(layer: Any) -> str:
    """1x1 windows at stride 1 give the same result for same and valid padding."""
    size = getattr(layer, "kernel_size", None) or layer.pool_size
    return "-" if tuple(size) == (1, 1) and tuple(layer.strides) == (1, 1) else layer.padding


def _keras_layer(layer: Any) -> tuple[str, str] | None:
    """(family, settings) of a Keras layer; None for layers without a netspec counterpart."""
    L = keras.layers
    if isinstance(layer, L.DepthwiseConv2D):
        return "depthwise", (
            f"{tuple(layer.kernel_size)}/{tuple(layer.strides)} {_window_padding(layer)} "
            f"x{layer.depth_multiplier} bias={layer.use_bias}"
        )
    if isinstance(layer, L.Conv2D):
        return "conv", (
            f"{tuple(layer.kernel_size)}/{tuple(layer.strides)} {_window_padding(layer)} "
            f"groups={layer.groups} bias={layer.use_bias} {layer.activation.__name__}"
        )
    if isinstance(layer, L.Dense):
        return "fc", f"bias={layer.use_bias} {layer.activation.__name__}"
    if isinstance(layer, L.BatchNormalization):
        return "batchnorm", (
            f"epsilon={layer.epsilon:g} momentum={layer.momentum:g} "
            f"scale={layer.scale} center={layer.center}"
        )
    if isinstance(layer, L.MaxPooling2D | L.AveragePooling2D):
        mode = "max" if isinstance(layer, L.MaxPooling2D) else "avg"
        return "pool", f"{mode} {tuple(layer.pool_size)}/{tuple(layer.strides)} {layer.padding}"
    if isinstance(layer, L.GlobalAveragePooling2D | L.GlobalMaxPooling2D):
        return "global_pool", "avg" if isinstance(layer, L.GlobalAveragePooling2D) else "max"
    if isinstance(layer, L.ReLU):
        assert not layer.negative_slope and not layer.threshold, layer.name
        return "activation", "relu" if layer.max_value is None else f"relu{layer.max_value:g}"
    if isinstance(layer, L.Activation):
        name = layer.activation.__name__
        return None if name == "linear" else ("activation", name)
    if isinstance(layer, L.ZeroPadding2D):
        return "pad", str(tuple(tuple(int(p) for p in side) for side in layer.padding))
    if isinstance(layer, L.Dropout):
        return "dropout", f"{layer.rate:g}"
    if isinstance(layer, L.Add):
        return "add", ""
    if isinstance(layer, L.Concatenate):
        assert layer.axis in (-1, 3), layer.name  # channels, on (batch, h, w, c)
        return "concat", ""
    assert not layer.weights, f"{layer.name}: {type(layer).__name__} has weights"
    return None  # the input, and MobileNet's reshape of its 1x1x1000 logits


def keras_signatures(model: Any) -> Iterator[Signature]:
    for layer in model.layers:
        kind = _keras_layer(layer)
        if kind is None:
            continue
        family, settings = kind
        shape = tuple(int(n) for n in layer.output.shape[1:])
        if len(shape) == 3 and shape[:2] == (1, 1):
            # MobileNet pools to 1x1x1024 (keepdims) and classifies with a 1x1 conv: the
            # spec's global_pool (a vector) + fc, with the same weights
            shape = shape[-1:]
        if family == "conv" and len(shape) == 1:
            family, settings = "fc", f"bias={layer.use_bias} {layer.activation.__name__}"
        yield family, settings, shape, layer.count_params(), _trainable(layer.trainable_weights)


def check_signatures(report: Any) -> Iterator[Signature]:
    for row in report.rows:
        assert row.kind in {
            "conv", "depthwise", "fc", "batchnorm", "pool", "global_pool",
            "activation", "dropout", "add", "concat",
        }, row.name  # fmt: skip
        yield row.kind, "", tuple(row.output), row.params, row.trainable


def _sorted(signatures: Any) -> list[Signature]:
    return sorted(signatures, key=repr)


def _difference(left: list[Signature], right: list[Signature]) -> str:
    a, b = Counter(left), Counter(right)
    only_left = sorted((a - b).elements(), key=repr)[:5]
    only_right = sorted((b - a).elements(), key=repr)[:5]
    return f"only in the first: {only_left}; only in the second: {only_right}"


@dataclass(frozen=True)
class Built:
    case: Case
    reference: Any  # keras.applications's model
    model: Any  # netspec's Keras model
    report: Any  # netspec check's report


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request: pytest.FixtureRequest) -> Iterator[Built]:
    case = CASES[request.param]
    keras.backend.clear_session()
    path = ROOT / "specs" / f"{request.param}.yaml"
    yield Built(
        case,
        case.make(),
        build_model(netspec.load_network(path)),
        netspec.check(str(path)),
    )
    keras.backend.clear_session()


def test_parameter_counts(built: Built) -> None:
    case = built.case
    expected = (case.params, case.trainable)
    assert (built.report.total_params, built.report.trainable_params) == expected
    for model in (built.reference, built.model):
        assert (model.count_params(), _trainable(model.trainable_weights)) == expected


def test_netspec_model_has_the_reference_layers(built: Built) -> None:
    """Layer for layer the same kinds, settings, shapes and counts (ZeroPadding and BN too)."""
    reference = _sorted(keras_signatures(built.reference))
    ours = _sorted(keras_signatures(built.model))
    assert ours == reference, _difference(ours, reference)
    assert tuple(built.model.input.shape[1:]) == tuple(built.reference.input.shape[1:])


def test_check_report_has_the_reference_layers(built: Built) -> None:
    """`check` predicts Keras's shapes and counts without building anything."""
    reference = _sorted(
        (family, "", shape, params, trainable)
        for family, _, shape, params, trainable in keras_signatures(built.reference)
        if family != "pad"  # check folds integer padding into the conv or pool row
    )
    ours = _sorted(check_signatures(built.report))
    assert ours == reference, _difference(ours, reference)


def test_specs_use_blocks() -> None:
    """Each spec reads on a screen or two: blocks, not hundreds of copied layers."""
    for spec in CASES:
        text = (ROOT / "specs" / f"{spec}.yaml").read_text()
        assert "\nblocks:\n" in text and len(text.splitlines()) < 150, spec
