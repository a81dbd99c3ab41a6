"""The emitted scripts under tf.distribute: two workers on 127.0.0.1, mirrored on one CPU device,
and the command-line checks a multi-worker run makes before TensorFlow starts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.test_distribute import finish, start_workers
from tests.test_emit import import_script, rendered
from tests.test_run import tiny_npz

pytest.importorskip("tensorflow")

WEIGHTS = {"keras": "weights.weights.h5", "tf": "weights.npz"}
METRICS = {"test_accuracy", "test_loss", "epochs", "seconds", "replicas"}


def saved_weights(module: ModuleType, style: str, path: Path) -> list[np.ndarray]:
    """The arrays a run saved: loaded into the script's own build_model() for the keras style;
    for the tf style the .npz arrays, which must be exactly the model's variables."""
    model = module.build_model()
    if style == "keras":
        model.load_weights(path)
        return [np.asarray(w) for w in model.get_weights()]
    saved = np.load(path)
    assert saved.files == list(model.numpy_weights())
    return [saved[key] for key in saved.files]


@pytest.mark.parametrize("style", ["keras", "tf"])
def test_two_workers_train_identical_weights(
    style: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tiny_npz(tmp_path / "tiny.npz", n_train=256, n_test=64)
    script = tmp_path / f"train_{style}.py"
    script.write_text(rendered("lenet5", style))
    out = tmp_path / "run"
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where the other worker's folder goes
    command = [
        sys.executable,
        str(script),
        "--data",
        str(data),
        "--epochs",
        "1",
        "--batch-size",
        "32",
        "--seed",
        "5",
        "--strategy",
        "multi-worker",
        "--out",
        str(out),
        "--worker-timeout",
        "60",
    ]
    processes = start_workers(command)
    outputs = finish(processes, timeout=180)
    for process, output in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output[-4000:]
    chief, worker = outputs
    for output in outputs:
        assert (
            "strategy multi-worker: 2 replicas in sync; global batch 32 = 16 per replica" in output
        )
    # every worker took the same steps and saw the same (all-reduced) numbers
    numbers = [re.findall(r"(?:loss|accuracy): [\d.]+|test accuracy [\d.]+", o) for o in outputs]
    assert numbers[0] and numbers[0] == numbers[1]
    assert f"saved the weights and metrics in {out}" in chief
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == METRICS
    assert metrics["replicas"] == 2 and metrics["epochs"] == 1
    assert 0 <= metrics["test_accuracy"] <= 1
    assert sorted(p.name for p in out.iterdir()) == sorted([WEIGHTS[style], "metrics.json"])
    match = re.search(r"this worker is not the chief: its copy of the weights is in (\S+)", worker)
    assert match, worker
    worker_dir = Path(match.group(1))
    assert worker_dir.parent == tmp_path and (worker_dir / "metrics.json").is_file()
    module = import_script(rendered("lenet5", style), tmp_path, f"lenet5_{style}_weights")
    chief_weights = saved_weights(module, style, out / WEIGHTS[style])
    worker_weights = saved_weights(module, style, worker_dir / WEIGHTS[style])
    assert len(chief_weights) == 10
    for a, b in zip(chief_weights, worker_weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_mirrored_on_one_cpu_matches_the_default(tmp_path: Path) -> None:
    data = tiny_npz(tmp_path / "tiny.npz", n_train=320, n_test=160)
    script = tmp_path / "train.py"
    script.write_text(rendered("lenet5", "keras"))
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_CONFIG", None)
    runs = {
        strategy: subprocess.Popen(
            [
                sys.executable,
                str(script),
                "--data",
                str(data),
                "--epochs",
                "2",
                "--batch-size",
                "32",
                "--seed",
                "11",
                "--strategy",
                strategy,
                "--out",
                str(tmp_path / strategy),
            ],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for strategy in ("auto", "mirrored")
    }
    outputs = dict(zip(runs, finish(list(runs.values()), timeout=180), strict=True))
    for strategy, process in runs.items():
        assert process.returncode == 0, outputs[strategy][-4000:]
    assert (
        "strategy default: 1 replica in sync; global batch 32 = 32 per replica" in outputs["auto"]
    )
    assert "strategy mirrored: 1 replica in sync" in outputs["mirrored"]
    metrics = {s: json.loads((tmp_path / s / "metrics.json").read_text()) for s in runs}
    assert metrics["auto"]["replicas"] == metrics["mirrored"]["replicas"] == 1
    accuracy = {s: m["test_accuracy"] for s, m in metrics.items()}
    assert abs(accuracy["auto"] - accuracy["mirrored"]) <= 0.05, accuracy


ONE_WORKER = {"cluster": {"worker": ["127.0.0.1:1"]}, "task": {"type": "worker", "index": 0}}


@pytest.mark.parametrize(
    ("name", "style", "tf_config", "message"),
    [
        ("lenet5", "keras", None, "--strategy multi-worker needs TF_CONFIG"),
        ("lenet5", "tf", None, "--strategy multi-worker needs TF_CONFIG"),
        # a spec without a seed: every worker must be given the same one
        ("kitchen-b", "tf", ONE_WORKER, "every worker must use the same seed: set --seed"),
    ],
    ids=["keras-no-tf-config", "tf-no-tf-config", "tf-no-seed"],
)
def test_multi_worker_refuses_to_start_without_what_it_needs(
    name: str,
    style: str,
    tf_config: dict[str, object] | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Exit status 2 and a message, before the strategy (or any TensorFlow work) starts."""
    module = import_script(rendered(name, style), tmp_path, f"{name}_{style}_refuses")
    monkeypatch.delenv("TF_CONFIG", raising=False)
    if tf_config is not None:
        monkeypatch.setenv("TF_CONFIG", json.dumps(tf_config))
    monkeypatch.setattr(module, "make_strategy", lambda *_: pytest.fail("a strategy was made"))
    monkeypatch.setattr(sys, "argv", ["train.py", "--data", "x.npz", "--strategy", "multi-worker"])
    with pytest.raises(SystemExit) as exit_info:
        module.main()
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
