"""The shipped ImageNet specs check to their published parameter and MAC counts.

torchvision counts a batch normalization layer as its 2C trainable values (the moving mean and
variance are buffers, not parameters), so the BN networks are compared on netspec's trainable
parameters; Caffe's AlexNet has no batch normalization, so all its parameters are compared.
Parameters must be exact; MACs within 1% of the published figure (given to 3 or 4 digits).
"""

from __future__ import annotations

import pytest

import netspec
from tests.conftest import ROOT

# spec, published parameters, which netspec count they are, published MACs (None: none published)
PUBLISHED = [
    ("resnet18", 11_689_512, "trainable", 1.814e9),
    ("resnet34", 21_797_672, "trainable", 3.664e9),
    ("resnet50", 25_557_032, "trainable", 4.089e9),
    ("googlenet", 6_624_904, "trainable", 1.498e9),
    ("squeezenet", 1_235_496, "total", 0.349e9),
    ("alexnet-grouped", 60_965_224, "total", None),
]


@pytest.mark.parametrize(
    ("spec", "params", "kind", "macs"), PUBLISHED, ids=[p[0] for p in PUBLISHED]
)
def test_published_counts(spec: str, params: int, kind: str, macs: float | None) -> None:
    report = netspec.check(str(ROOT / "specs" / f"{spec}.yaml"))
    counted = report.trainable_params if kind == "trainable" else report.total_params
    assert counted == params
    if macs is not None:
        assert report.total_macs == pytest.approx(macs, rel=0.01)


def test_squeezenet_and_alexnet_have_nothing_untrainable() -> None:
    """Without batch normalization, total and trainable parameters are the same count."""
    for spec in ("squeezenet", "alexnet-grouped"):
        report = netspec.check(str(ROOT / "specs" / f"{spec}.yaml"))
        assert report.trainable_params == report.total_params, spec


def test_resnet50_layer_names_follow_torchvision() -> None:
    """Blocks are counted from 0 as in torchvision: layer3_2.conv1 is its layer3.2.conv1."""
    rows = {row.name: row for row in netspec.check(str(ROOT / "specs/resnet50.yaml")).rows}
    assert rows["layer3_2.conv1"].output == (14, 14, 256)
    assert rows["layer1_0.down"].output == (56, 56, 256)
    assert "layer1_1.down" not in rows  # only the first bottleneck of a stage projects
    assert rows["layer4_2.relu3"].output == (7, 7, 2048)
    assert rows["fc"].params == 2048 * 1000 + 1000


def test_grouped_convolutions_halve_the_weights() -> None:
    """conv2, conv4 and conv5 in two groups: each filter sees half of the input channels."""
    rows = {row.name: row for row in netspec.check(str(ROOT / "specs/alexnet-grouped.yaml")).rows}
    assert rows["conv2"].params == 5 * 5 * 48 * 256 + 256
    assert rows["conv4"].params == 3 * 3 * 192 * 384 + 384
    assert rows["conv5"].params == 3 * 3 * 192 * 256 + 256
    assert rows["pool5"].output == (6, 6, 256)
