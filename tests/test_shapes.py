"""Table-driven shape arithmetic, and the reference figures the issue asks to hold."""

from __future__ import annotations

import pytest

from netspec import analyze, parse_network
from netspec.errors import SpecError
from netspec.layers.base import LayerError
from netspec.layers.spatial import window_axis
from tests.conftest import ROOT


def one_conv(input_hw: int, size: int, stride: int, padding: object) -> tuple[int, ...]:
    pad = padding if isinstance(padding, str) else int(padding)  # type: ignore[arg-type]
    text = (
        f"name: t\ninput: [{input_hw}, {input_hw}, 1]\nlayers:\n"
        f"  - {{type: conv, filters: 1, size: {size}, stride: {stride}, padding: {pad}}}\n"
    )
    return analyze(parse_network(text)).rows[0].output


# Seed 003's table: a 28x28 input and a 5x5 filter at strides 1..4.
@pytest.mark.parametrize(
    ("stride", "same", "valid"), [(1, 28, 24), (2, 14, 12), (3, 10, 8), (4, 7, 6)]
)
def test_seed_003_same_and_valid_table(stride: int, same: int, valid: int) -> None:
    assert one_conv(28, 5, stride, "same")[:2] == (same, same)
    assert one_conv(28, 5, stride, "valid")[:2] == (valid, valid)


@pytest.mark.parametrize(
    ("n", "f", "s", "p", "out", "rule"),
    [
        (28, 5, 1, 2, 28, "(28-5+2*2)/1+1 = 28"),
        (224, 3, 1, 1, 224, "(224-3+2*1)/1+1 = 224"),
        (227, 11, 4, 0, 55, "(227-11+2*0)/4+1 = 55"),
        (55, 3, 2, 0, 27, "(55-3+2*0)/2+1 = 27"),
        (32, 5, 1, 0, 28, "(32-5+2*0)/1+1 = 28"),
        (7, 2, 2, "same", 4, "ceil(7/2) = 4"),
        (28, 5, 2, "valid", 12, "(28-5+2*0)/2+1 = 12.5 -> 12"),
        (5, 5, 1, 0, 1, "(5-5+2*0)/1+1 = 1"),
    ],
)
def test_window_rule(n: int, f: int, s: int, p: object, out: int, rule: str) -> None:
    result = window_axis(n, f, s, p, 0, True, "filter")  # type: ignore[arg-type]
    assert (result.size, result.rule) == (out, rule)


@pytest.mark.parametrize(
    ("n", "f", "s", "p", "message"),
    [
        (224, 11, 4, 0, "output height (N-F+2P)/S+1 = (224-11+2*0)/4+1 = 54.25 is not an integer"),
        (10, 3, 2, 0, "output height (N-F+2P)/S+1 = (10-3+2*0)/2+1 = 4.5 is not an integer"),
        (3, 5, 1, 0, "filter height 5 is larger than its input height 3; expected a size <= 3"),
        (
            3,
            5,
            1,
            "valid",
            "filter height 5 is larger than its input height 3; expected a size <= 3",
        ),
    ],
)
def test_window_errors(n: int, f: int, s: int, p: object, message: str) -> None:
    with pytest.raises(LayerError) as info:
        window_axis(n, f, s, p, 0, True, "filter")  # type: ignore[arg-type]
    assert info.value.message == message


def test_valid_padding_warns_with_dropped_rows() -> None:
    text = (
        "name: t\ninput: [224, 224, 3]\nlayers:\n"
        "  - {type: conv, filters: 96, size: 11, stride: 4, padding: valid}\n"
    )
    report = analyze(parse_network(text, "t.yaml"))
    assert report.rows[0].output == (54, 54, 96)
    assert [w.render() for w in report.warnings] == [
        "t.yaml:4:5: warning: layer 'conv1': padding valid drops the last row and the last "
        "column of its 224x224 input\n"
        "  hint: choose an input size or padding that divides exactly to use every pixel"
    ]


def load(name: str) -> object:
    from netspec import load_network

    return load_network(str(ROOT / "specs" / f"{name}.yaml"))


def test_vgg16_params_and_macs() -> None:
    report = analyze(load("vgg16"))  # type: ignore[arg-type]
    assert report.total_params == 138_357_544
    assert report.total_macs == 15_470_264_320
    assert len(report.rows) == 13 + 5 + 1 + 3 + 2
    assert [r.name for r in report.rows[:3]] == ["conv1", "conv2", "pool1"]


def test_alexnet_torchvision_layout() -> None:
    from netspec import load_network

    report = analyze(load_network(str(ROOT / "tests/fixtures/alexnet-torchvision.yaml")))
    assert report.total_params == 61_100_840
    assert report.total_macs == 714_188_480


@pytest.mark.parametrize(
    ("spec", "params"),
    [
        ("lenet5-classic", 61_706),
        ("fashion-cnn", 356_234),
        ("fashion-cnn-dropout", 356_234),
        ("lenet5", 61_706),
        ("vgg19", 143_667_240),
        ("mlp", 7_850),
    ],
)
def test_reference_parameter_counts(spec: str, params: int) -> None:
    assert analyze(load(spec)).total_params == params  # type: ignore[arg-type]


def test_fashion_cnn_halves_28_14_7_4() -> None:
    report = analyze(load("fashion-cnn"))  # type: ignore[arg-type]
    pools = [r.output for r in report.rows if r.kind == "pool"]
    assert pools == [(14, 14, 32), (7, 7, 64), (4, 4, 128)]


def test_batchnorm_counts_four_per_channel_two_trainable() -> None:
    text = (
        "name: t\ninput: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 16, size: 3}\n"
        "  - batchnorm\n  - flatten\n  - {type: fc, units: 4}\n  - batchnorm\n"
    )
    rows = analyze(parse_network(text)).rows
    assert (rows[1].params, rows[1].trainable) == (64, 32)
    assert (rows[4].params, rows[4].trainable) == (16, 8)


def test_repeat_suffixes_explicit_names_and_counts_defaults() -> None:
    text = (
        "name: t\ninput: [16, 16, 3]\nlayers:\n"
        "  - repeat: 2\n    layers:\n      - {type: conv, name: block, filters: 4, size: 3, "
        "padding: same}\n      - {type: conv, filters: 4, size: 3, padding: same}\n"
    )
    names = [layer.name for layer in parse_network(text).layers]
    assert names == ["block_1", "conv1", "block_2", "conv2"]


def test_rectangular_sizes() -> None:
    text = (
        "name: t\ninput: [20, 30, 1]\nlayers:\n"
        "  - {type: conv, filters: 2, size: [3, 5], stride: [1, 5], padding: [1, 0]}\n"
    )
    row = analyze(parse_network(text)).rows[0]
    assert row.output == (20, 6, 2)
    assert row.rule == "h (20-3+2*1)/1+1 = 20, w (30-5+2*0)/5+1 = 6"
    assert row.params == 3 * 5 * 1 * 2 + 2


def test_alexnet_cannot_take_mnist_sized_input() -> None:
    network = load("alexnet").with_input((28, 28, 1))  # type: ignore[attr-defined]
    with pytest.raises(SpecError) as info:
        analyze(network)
    assert info.value.diagnostics[0].layer == "conv1"
    assert "(28-11+2*0)/4+1 = 5.25 is not an integer" in info.value.diagnostics[0].message


def test_exponent_floats_are_numbers() -> None:
    text = "name: t\ninput: [8, 8, 1]\nlayers:\n  - flatten\ntrain: {learning_rate: 1e-3}\n"
    assert parse_network(text).train.learning_rate == 0.001


def test_whole_float_counts_become_integers() -> None:
    text = (
        "name: t\ninput: [8, 8, 1]\nlayers:\n  - flatten\n"
        "train: {epochs: 2.0, batch_size: 16.0, early_stopping: {patience: 2.0}}\n"
    )
    train = parse_network(text).train
    assert (train.epochs, train.batch_size) == (2, 16)
    assert isinstance(train.epochs, int) and isinstance(train.early_stopping.patience, int)


def test_fractions_never_show_as_whole_numbers() -> None:
    text = (
        "name: t\ninput: [28, 28, 1]\nlayers:\n"
        "  - {type: conv, filters: 1, size: 3, stride: 1000000}\n"
    )
    with pytest.raises(SpecError) as info:
        analyze(parse_network(text))
    assert "(28-3+2*0)/1000000+1 = 1.000025 is not an integer" in info.value.diagnostics[0].message
