"""Data converted to the spec's input per batch, said before training, refused when too big."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netspec import datasets, load_network
from netspec.backends.script import render_script
from tests.conftest import run_cli
from tests.data_fixtures import make_image_folder
from tests.test_run import tiny_npz

tf = pytest.importorskip("tensorflow")

RGB_SPEC = """
name: tiny-rgb
input: [32, 32, 3]
layers:
  - {type: conv, filters: 4, size: 3, name: conv1}
  - flatten
  - {type: fc, units: 10, name: out}
train: {seed: 1, epochs: 1, batch_size: 16, validation_split: 0.1}
"""
NOTE = "note: converting 28x28x1 -> 32x32x3 (the spec's input), per batch"


@pytest.fixture(scope="module")
def gray28(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_npz(tmp_path_factory.mktemp("data") / "gray28.npz", n_train=64, n_test=32)


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-rgb.yaml"
    path.write_text(RGB_SPEC)
    return path


def test_load_keeps_the_native_arrays(gray28: Path) -> None:
    data = datasets.load_dataset(str(gray28), (32, 32, 3), 10)
    assert data.x_train.shape == (64, 28, 28, 1) and data.x_test.shape == (32, 28, 28, 1)
    assert data.x_train.dtype == np.uint8
    assert data.notes == [NOTE.removeprefix("note: ")]


def test_pipeline_converts_each_batch(gray28: Path, spec: Path) -> None:
    from netspec.runtime import make_pipeline

    network = load_network(spec)
    data = datasets.load_dataset(str(gray28), network.input, 10)
    ds = make_pipeline(data.x_train, data.y_train, 16, network.input, training=True)
    batches = [images.numpy() for images, _ in ds]
    assert [b.shape for b in batches] == [(16, 32, 32, 3)] * 4
    assert all(b.dtype == np.float32 and b.min() >= 0 and b.max() <= 1 for b in batches)
    np.testing.assert_array_equal(batches[0][..., 0], batches[0][..., 2])  # gray -> RGB
    assert data.x_train.shape == (64, 28, 28, 1)  # no full-size copy was made


def test_images_of_the_right_shape_are_only_scaled() -> None:
    from netspec.runtime import fit_batch

    images = np.arange(2 * 28 * 28, dtype=np.uint32).reshape(2, 28, 28, 1) % 256
    scaled = fit_batch(tf.constant(images.astype(np.uint8)), (28, 28, 1)).numpy()
    np.testing.assert_allclose(scaled, images / 255.0, rtol=1e-6)


def test_rgb_to_gray_by_luminance_and_alpha_dropped() -> None:
    from netspec.runtime import fit_batch

    red = np.zeros((1, 4, 4, 4), np.uint8)
    red[..., 0] = red[..., 3] = 255
    gray = fit_batch(tf.constant(red), (8, 8, 1)).numpy()
    assert gray.shape == (1, 8, 8, 1)
    np.testing.assert_allclose(gray, 0.2989, atol=1e-3)


def test_unconvertible_channels_are_refused_at_load(tmp_path: Path) -> None:
    path = tiny_npz(tmp_path / "d.npz", shape=(28, 28, 2))
    with pytest.raises(datasets.DataError, match="the images have 2 channels"):
        datasets.load_dataset(str(path), (32, 32, 3), 10)


def test_run_says_what_it_found_before_training(
    gray28: Path, spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    code, stdout, err = run_cli(capsys, "run", str(spec), "--data", str(gray28), "--out", str(out))
    assert code == 0, err
    lines = stdout.splitlines()
    found = f"data: {gray28}: 64 training and 32 test images of 28x28x1"
    assert lines[:2] == [found, NOTE], lines
    assert lines[2].startswith("training tiny-rgb: 54 images (10 held out for validation)")
    assert stdout.count("note:") == 1  # said once, before training, not again at the end
    assert re.search(r"^test accuracy [01]\.\d{4}", stdout, re.MULTILINE)
    code, stdout, err = run_cli(capsys, "evaluate", str(out), "--data", str(gray28))
    assert code == 0, err


def test_image_folder_counts_images_per_class(tmp_path: Path) -> None:
    root = make_image_folder(tmp_path / "pets", ["cats", "dogs"], 5, size=(12, 12))
    data = datasets.load_dataset(str(root), (12, 12, 3), 2)
    assert datasets.summary_lines(data) == [
        f"data: {root}: 8 training and 2 test images of 12x12x3",
        "training images per class: cats 4, dogs 4",
    ]


def test_memory_estimate_counts_copies_and_batches(gray28: Path) -> None:
    data = datasets.load_dataset(str(gray28), (32, 32, 3), 10)
    pixels, labels = (64 + 32) * 28 * 28, (64 + 32) * 8
    batches = datasets.BATCHES_IN_FLIGHT * 16 * 32 * 32 * 3 * 4
    train = 64 * 28 * 28 + 64 * 8  # the validation split's copies, or the shuffle buffer
    base = 3 * pixels + 2 * labels + batches + train - 64 * 4  # the buffer's labels are int32
    assert datasets.memory_needed(data, (32, 32, 3), 16, 0.0) == base
    assert datasets.memory_needed(data, (32, 32, 3), 16, 0.1) == base + train


def test_a_plan_too_big_for_memory_is_refused(
    gray28: Path,
    spec: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(datasets, "available_memory", lambda: 1 << 20)
    out = tmp_path / "run"
    code, stdout, err = run_cli(capsys, "run", str(spec), "--data", str(gray28), "--out", str(out))
    assert code != 0
    assert "training needs about 2 MiB of memory for the data" in err
    assert "this machine has 1 MiB available; use fewer images" in err
    assert "Traceback" not in err and not out.exists()
    assert stdout.startswith(f"data: {gray28}")  # what was found is said first


def test_emitted_script_trains_on_converted_data(gray28: Path, spec: Path, tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(render_script(load_network(spec), "keras"))
    result = subprocess.run(
        [sys.executable, str(script), "--data", str(gray28), "--epochs", "1", "--out", "w"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert re.search(r"^test accuracy [01]\.\d{4}, test loss", result.stdout, re.MULTILINE)
