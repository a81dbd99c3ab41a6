"""A graph spec (a residual block and an Inception-style concat) trains, evaluates and predicts
through `netspec run` like a linear one, and the Python API builds it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import netspec
from tests.conftest import ROOT, run_cli
from tests.test_run import tiny_npz

pytest.importorskip("tensorflow")

SPEC = """\
name: tiny-graph
input: [28, 28, 1]
blocks:
  residual:
    args: {filters: null}
    layers:
      - {type: conv, name: conv1, filters: $filters, size: 3, padding: 1, bias: false}
      - {type: batchnorm, name: bn1}
      - {type: activation, name: relu1, function: relu}
      - {type: conv, name: conv2, filters: $filters, size: 3, padding: 1}
      - {type: add, name: add, inputs: [conv2, input]}
layers:
  - {type: conv, name: stem, filters: 8, size: 3, stride: 2, padding: 1, round: floor}
  - {block: residual, name: res, filters: 8}
  - {type: conv, name: wide, filters: 4, size: 1}
  - {type: depthwise, name: narrow, inputs: res, size: 3, padding: same}
  - {type: pool, name: pooled, inputs: res, size: 3, stride: 1, padding: same}
  - {type: concat, name: joined, inputs: [wide, narrow, pooled]}
  - global_pool
  - {type: fc, units: 10}
train: {batch_size: 16, epochs: 2, seed: 3, learning_rate: 0.01}
"""


def test_graph_spec_runs_evaluates_and_predicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "tiny-graph.yaml"
    spec.write_text(SPEC)
    data = tiny_npz(tmp_path / "tiny.npz")
    out = tmp_path / "run"
    code, stdout, err = run_cli(capsys, "run", str(spec), "--data", str(data), "--out", str(out))
    assert code == 0, err
    assert "test accuracy" in stdout
    metrics = json.loads((out / "metrics.json").read_text())
    assert 0.0 <= metrics["test_accuracy"] <= 1.0
    code, stdout, err = run_cli(capsys, "evaluate", str(out), "--data", str(data))
    assert code == 0, err
    assert f"{metrics['test_accuracy']:.4f}" in stdout
    image = tmp_path / "digit.png"
    pixels = np.zeros((28, 28), dtype=np.uint8)
    pixels[0:6, 0:6] = 250  # class 0's square
    Image.fromarray(pixels).save(image)
    code, stdout, err = run_cli(capsys, "predict", str(out), str(image))
    assert code == 0, err
    assert stdout.startswith(f"{image}: ")


def test_python_api_builds_graph_specs() -> None:
    report = netspec.check(str(ROOT / "specs/resnet18.yaml"))
    model = netspec.build_model(ROOT / "specs/resnet18.yaml")
    assert model.count_params() == report.total_params
    add = model.get_layer("layer1_0.add")
    assert len(add.input) == 2
    assert tuple(add.output.shape[1:]) == (56, 56, 64)
