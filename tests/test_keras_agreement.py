"""The core promise: the Keras model has exactly the shapes and parameters `check` reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netspec import analyze, load_network, parse_network
from netspec.errors import SpecError
from tests.conftest import ROOT, SPECS

keras = pytest.importorskip("keras")

from netspec.backends.keras_builder import build_model  # noqa: E402


def assert_agrees(network: object) -> None:
    report = analyze(network)  # type: ignore[arg-type]
    model = build_model(network)  # type: ignore[arg-type]
    for row in report.rows:
        layer = model.get_layer(row.name)
        assert tuple(layer.output.shape[1:]) == row.output, row.name
        assert layer.count_params() == row.params, row.name
        trainable = sum(int(w.numpy().size) for w in layer.trainable_weights)
        assert trainable == row.trainable, row.name
    assert model.count_params() == report.total_params


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_shipped_spec_agrees_with_keras(spec: Path) -> None:
    assert_agrees(load_network(spec))


def test_torchvision_alexnet_agrees() -> None:
    assert_agrees(load_network(ROOT / "tests/fixtures/alexnet-torchvision.yaml"))


def test_layer_names_are_the_spec_names() -> None:
    network = load_network(ROOT / "specs/lenet5-classic.yaml")
    names = [layer.name for layer in build_model(network).layers]
    assert names == ["input", "c1", "s2", "c3", "s4", "c5", "flatten1", "f6", "output"]


def test_no_lambda_layers() -> None:
    model = build_model(load_network(ROOT / "specs/alexnet.yaml"))
    assert not [layer for layer in model.layers if isinstance(layer, keras.layers.Lambda)]


def test_integer_padding_lowers_to_zero_padding() -> None:
    model = build_model(load_network(ROOT / "specs/lenet5.yaml"))
    pad = model.get_layer("conv1_pad")
    assert isinstance(pad, keras.layers.ZeroPadding2D)
    assert tuple(pad.output.shape[1:]) == (32, 32, 1)


PADDINGS = st.one_of(st.sampled_from(["same", "valid"]), st.integers(0, 2))


@st.composite
def spatial_layer(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(["conv", "conv", "pool", "batchnorm", "activation", "dropout", "lrn"])
    )
    if kind == "conv":
        size = draw(st.one_of(st.integers(1, 5), st.tuples(st.integers(1, 4), st.integers(1, 4))))
        stride = draw(st.integers(1, 3))
        padding = draw(PADDINGS)
        size_text = list(size) if isinstance(size, tuple) else size
        return (
            f"{{type: conv, filters: {draw(st.integers(1, 6))}, size: {size_text}, "
            f"stride: {stride}, padding: {padding}, "
            f"bias: {str(draw(st.booleans())).lower()}, "
            f"activation: {draw(st.sampled_from(['relu', 'none', 'tanh']))}}}"
        )
    if kind == "pool":
        size = draw(st.integers(1, 3))
        return (
            f"{{type: pool, mode: {draw(st.sampled_from(['max', 'avg']))}, size: {size}, "
            f"stride: {draw(st.integers(1, 3))}, "
            f"padding: {draw(st.sampled_from(['same', 'valid', 0]))}}}"
        )
    if kind == "activation":
        return "{type: activation, function: sigmoid}"
    if kind == "dropout":
        return "{type: dropout, rate: 0.3}"
    return kind


@st.composite
def random_spec(draw: st.DrawFn) -> str:
    h, w = draw(st.integers(4, 36)), draw(st.integers(4, 36))
    channels = draw(st.integers(1, 4))
    layers = draw(st.lists(spatial_layer(), min_size=1, max_size=5))
    if draw(st.booleans()):
        layers.append("flatten")
        for _ in range(draw(st.integers(0, 2))):
            layers.append(f"{{type: fc, units: {draw(st.integers(1, 12))}}}")
            if draw(st.booleans()):
                layers.append("batchnorm")
    body = "".join(f"  - {layer}\n" for layer in layers)
    return f"name: generated\ninput: [{h}, {w}, {channels}]\nlayers:\n{body}"


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(random_spec())
def test_generated_specs_agree_with_keras(text: str) -> None:
    try:
        network = parse_network(text)
        analyze(network)
    except SpecError:
        assume(False)
        return
    keras.backend.clear_session()
    assert_agrees(network)
