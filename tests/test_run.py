"""`netspec run`, `evaluate` and `predict` on tiny generated data (seconds each)."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, run_cli

pytest.importorskip("tensorflow")


def tiny_npz(
    path: Path,
    n_train: int = 96,
    n_test: int = 32,
    shape: tuple[int, ...] = (28, 28),
    classes: int = 10,
    seed: int = 0,
) -> Path:
    """Learnable tiny data: each class is a bright square at its own place."""
    rng = np.random.default_rng(seed)

    def make(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % classes
        x = rng.integers(0, 40, (n, *shape), dtype=np.uint8)
        for i, label in enumerate(y):
            row, col = divmod(int(label), 4)
            x[i, row * 6 : row * 6 + 6, col * 6 : col * 6 + 6] = 250
        return x, y

    x_train, y_train = make(n_train)
    x_test, y_test = make(n_test)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_npz(tmp_path_factory.mktemp("data") / "tiny.npz")


def test_run_writes_the_run_folder(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    code, stdout, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/lenet5.yaml"),
        "--data",
        str(data),
        "--epochs",
        "2",
        "--batch-size",
        "16",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert "test accuracy" in stdout
    for name in (
        "spec.yaml",
        "run.json",
        "weights.weights.h5",
        "history.csv",
        "curves.png",
        "metrics.json",
        "network.svg",
    ):
        assert (out / name).is_file(), name
    assert any((out / "logs").rglob("*tfevents*"))
    metrics = json.loads((out / "metrics.json").read_text())
    for key in ("test_accuracy", "test_loss", "epochs", "seconds", "images_per_second"):
        assert key in metrics
    assert metrics["epochs"] == 2
    rows = list(csv.DictReader((out / "history.csv").open()))
    assert [row["epoch"] for row in rows] == ["1", "2"]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(rows[0])
    assert (out / "curves.png").read_bytes()[:4] == b"\x89PNG"
    resolved = (out / "spec.yaml").read_text()
    assert "epochs: 2" in resolved and "batch_size: 16" in resolved

    code, stdout, err = run_cli(capsys, "evaluate", str(out), "--data", str(data))
    assert code == 0, err
    accuracy = float(stdout.split()[2].rstrip(","))
    assert accuracy == pytest.approx(metrics["test_accuracy"], abs=1e-4)


def test_predict_names_classes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.data_fixtures import make_image_folder

    folder = tmp_path / "pets"
    make_image_folder(folder, ["cats", "dogs"], 6, size=(40, 32))
    spec = tmp_path / "small.yaml"
    spec.write_text(
        "name: small\ninput: [16, 16, 3]\nlayers:\n  - {type: conv, filters: 4, size: 3}\n"
        "  - {type: pool, size: 2}\n  - flatten\n  - {type: fc, units: 2}\n"
        "train: {epochs: 1, batch_size: 4, seed: 3}\n"
    )
    out = tmp_path / "run"
    code, _, err = run_cli(capsys, "run", str(spec), "--data", str(folder), "--out", str(out))
    assert code == 0, err
    image = next((folder / "dogs").iterdir())
    code, stdout, err = run_cli(capsys, "predict", str(out), str(image), "--top", "2")
    assert code == 0, err
    line = stdout.strip()
    assert line.startswith(f"{image}: ")
    assert "cats" in line and "dogs" in line
    probabilities = [
        float(part.split()[-1].rstrip("%")) for part in line.split(": ")[1].split(", ")
    ]
    assert sum(probabilities) == pytest.approx(100, abs=0.2)


def test_same_seed_same_result(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    histories = []
    for name in ("a", "b"):
        out = tmp_path / name
        code, _, err = run_cli(
            capsys,
            "run",
            str(ROOT / "specs/mlp.yaml"),
            "--data",
            str(data),
            "--epochs",
            "2",
            "--seed",
            "7",
            "--out",
            str(out),
        )
        assert code == 0, err
        histories.append(json.loads((out / "metrics.json").read_text())["history"])
    assert histories[0] == histories[1]


def test_overrides_are_validated(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/mlp.yaml"),
        "--data",
        str(data),
        "--optimizer",
        "adamw",
        "--out",
        str(tmp_path / "x"),
    )
    assert code == 2
    assert err == (
        "netspec: --optimizer: optimizer must be one of sgd, momentum, adam, adagrad,"
        " rmsprop, got \"adamw\" (a string); did you mean 'adam'?\n"
    )


def test_set_any_train_key(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    code, _, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/mlp.yaml"),
        "--data",
        str(data),
        "--epochs",
        "2",
        "--set",
        "lr_decay={type: cosine}",
        "--set",
        "augment={flip: horizontal}",
        "--set",
        "optimizer=momentum",
        "--out",
        str(out),
    )
    assert code == 0, err
    resolved = (out / "spec.yaml").read_text()
    assert "type: cosine" in resolved and "flip: horizontal" in resolved


def test_mismatched_data_is_refused_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tiny_npz(tmp_path / "three.npz", classes=3)
    spec = tmp_path / "two.yaml"
    spec.write_text(
        "name: two\ninput: [28, 28, 1]\nlayers:\n  - flatten\n"
        "  - {type: fc, name: logits, units: 2}\n"
    )
    code, _, err = run_cli(
        capsys, "run", str(spec), "--data", str(data), "--out", str(tmp_path / "run")
    )
    assert code == 1
    assert "'logits'" in err and "3 classes" in err
    assert not (tmp_path / "run").exists()


def test_nan_loss_stops_and_keeps_last_good_weights(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keras

    from netspec import training

    class Explodes(keras.optimizers.schedules.LearningRateSchedule):
        """Sane for the first epoch's 3 steps, absurd afterwards: epoch 2 diverges."""

        def __call__(self, step: object) -> object:
            import tensorflow as tf

            return tf.where(step < 3, 0.01, float("nan"))

    monkeypatch.setattr(
        training, "make_optimizer", lambda network, steps: keras.optimizers.SGD(Explodes())
    )
    out = tmp_path / "run"
    code, _, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/mlp.yaml"),
        "--data",
        str(data),
        "--epochs",
        "4",
        "--batch-size",
        "32",
        "--validation-split",
        "0",
        "--out",
        str(out),
    )
    assert code == 1
    assert "the training loss became NaN in epoch 2" in err
    assert "kept the weights of epoch 1" in err
    state = json.loads((out / "checkpoints/epoch-0001/state.json").read_text())
    assert state["epoch"] == 1
    assert (out / "weights.weights.h5").is_file()


def _run_process(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.Popen(
        [sys.executable, "-m", "netspec", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize("kill_after_epochs", [0, 2])
def test_resume_after_sigkill(tmp_path: Path, kill_after_epochs: int) -> None:
    data = tiny_npz(tmp_path / "more.npz", n_train=2000, n_test=64)
    out = tmp_path / "run"
    epochs = 6
    proc = _run_process(
        [
            "run",
            "specs/mlp.yaml",
            "--data",
            str(data),
            "--epochs",
            str(epochs),
            "--batch-size",
            "8",
            "--out",
            str(out),
        ]
    )
    latest = out / "checkpoints" / "latest"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        done = int(latest.read_text().split("-")[1]) if latest.exists() else 0
        if (kill_after_epochs == 0 and (out / "spec.yaml").exists()) or (
            kill_after_epochs and done >= kill_after_epochs
        ):
            break
        time.sleep(0.05)
    time.sleep(0.15)  # somewhere inside the next epoch, possibly mid-checkpoint
    assert proc.poll() is None, "training finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    resumed = _run_process(["run", "--resume", str(out)])
    output, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, output
    metrics = json.loads((out / "metrics.json").read_text())
    assert [row["epoch"] for row in metrics["history"]] == list(range(1, epochs + 1))
    assert "resuming" in output
    assert not list(out.glob(".*tmp*")) and not list((out / "checkpoints").glob(".*tmp*"))


def test_resume_takes_a_new_learning_rate_and_more_epochs(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    code, _, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/mlp.yaml"),
        "--data",
        str(data),
        "--epochs",
        "1",
        "--out",
        str(out),
    )
    assert code == 0, err
    code, stdout, err = run_cli(
        capsys, "run", "--resume", str(out), "--epochs", "2", "--learning-rate", "0.125"
    )
    assert code == 0, err
    assert "after epoch 1 of 2" in stdout
    resolved = (out / "spec.yaml").read_text()
    assert "epochs: 2" in resolved and "learning_rate: 0.125" in resolved
    with np.load(out / "checkpoints/epoch-0002/optimizer.npz") as arrays:
        values = [float(arrays[k]) for k in arrays.files if arrays[k].size == 1]
    assert 0.125 in values
    assert json.loads((out / "metrics.json").read_text())["epochs"] == 2


def test_resume_refuses_settings_that_would_change_the_past(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    code, _, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/mlp.yaml"),
        "--data",
        str(data),
        "--epochs",
        "1",
        "--out",
        str(out),
    )
    assert code == 0, err
    code, _, err = run_cli(
        capsys, "run", "--resume", str(out), "--seed", "99", "--validation-split", "0.5"
    )
    assert code == 2
    assert "seed, validation_split cannot change now" in err
    code, _, err = run_cli(capsys, "run", str(ROOT / "specs/mlp.yaml"), "--resume", str(out))
    assert code == 2
    assert "leave out SPEC and --out" in err


def test_set_names_itself_in_errors_and_null_removes(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        capsys,
        "run",
        str(ROOT / "specs/mlp.yaml"),
        "--data",
        str(data),
        "--set",
        "lr_decy={type: cosine}",
        "--out",
        str(tmp_path / "a"),
    )
    assert code == 2
    assert err.startswith(
        "netspec: --set lr_decy=...: unknown key 'lr_decy' (did you mean 'lr_decay'?"
    )
    assert not (tmp_path / "a").exists()
    spec = tmp_path / "decay.yaml"
    spec.write_text(
        (ROOT / "specs/mlp.yaml")
        .read_text()
        .replace("  seed: 1\n", "  seed: 1\n  lr_decay: {type: cosine}\n")
    )
    out = tmp_path / "b"
    code, _, err = run_cli(
        capsys,
        "run",
        str(spec),
        "--data",
        str(data),
        "--epochs",
        "1",
        "--set",
        "lr_decay=null",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert "lr_decay" not in (out / "spec.yaml").read_text()
