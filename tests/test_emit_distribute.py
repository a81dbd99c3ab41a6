"""Scripts from `netspec emit --distribute` under tf.distribute: two workers on 127.0.0.1,
mirrored on one CPU device, and the checks a multi-worker run makes before TensorFlow starts."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from netspec.backends.script import render_script
from tests.test_distribute import finish, start_workers
from tests.test_emit import import_script, learnable_idx, network_of

pytest.importorskip("tensorflow")

WEIGHTS = "weights.weights.h5"


@functools.cache
def distributed(name: str) -> str:
    return render_script(network_of(name), "keras", distribute=True)


def saved_weights(module: ModuleType, path: Path) -> list[np.ndarray]:
    """The arrays a run saved, loaded into the script's own build_model()."""
    model = module.build_model()
    model.load_weights(path)
    return [np.asarray(w) for w in model.get_weights()]


def test_two_workers_train_identical_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = learnable_idx(tmp_path, 256, 64)
    script = tmp_path / "train.py"
    script.write_text(distributed("lenet5"))
    out = tmp_path / "run"
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where the other worker's folder goes
    command = [
        sys.executable,
        str(script),
        "--data-dir",
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
    assert f"saved the weights in {out}" in chief
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == {"test_accuracy", "test_loss"}
    assert 0 <= metrics["test_accuracy"] <= 1
    assert sorted(p.name for p in out.iterdir()) == sorted([WEIGHTS, "metrics.json"])
    match = re.search(r"this worker is not the chief: it saved the weights in (\S+)", worker)
    assert match, worker
    worker_dir = Path(match.group(1))
    assert worker_dir.parent == tmp_path and (worker_dir / "metrics.json").is_file()
    module = import_script(distributed("lenet5"), tmp_path, "lenet5_weights")
    chief_weights = saved_weights(module, out / WEIGHTS)
    worker_weights = saved_weights(module, worker_dir / WEIGHTS)
    assert len(chief_weights) == 10
    for a, b in zip(chief_weights, worker_weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_mirrored_on_one_cpu_matches_the_default(tmp_path: Path) -> None:
    data = learnable_idx(tmp_path, 320, 160)
    script = tmp_path / "train.py"
    script.write_text(distributed("lenet5"))
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_CONFIG", None)
    runs = {
        strategy: subprocess.Popen(
            [
                sys.executable,
                str(script),
                "--data-dir",
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
    accuracy = {s: m["test_accuracy"] for s, m in metrics.items()}
    assert abs(accuracy["auto"] - accuracy["mirrored"]) <= 0.05, accuracy


ONE_WORKER = {"cluster": {"worker": ["127.0.0.1:1"]}, "task": {"type": "worker", "index": 0}}


@pytest.mark.parametrize(
    ("name", "tf_config", "message"),
    [
        ("lenet5", None, "--strategy multi-worker needs TF_CONFIG"),
        ("kitchen-b", None, "--strategy multi-worker needs TF_CONFIG"),
        # a spec without a seed: every worker must be given the same one
        ("kitchen-b", ONE_WORKER, "every worker must use the same seed: set --seed"),
    ],
    ids=["named-no-tf-config", "npz-no-tf-config", "no-seed"],
)
def test_multi_worker_refuses_to_start_without_what_it_needs(
    name: str,
    tf_config: dict[str, object] | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Exit status 2 and a message, before the strategy (or any TensorFlow work) starts."""
    module = import_script(distributed(name), tmp_path, f"{name}_refuses")
    monkeypatch.delenv("TF_CONFIG", raising=False)
    if tf_config is not None:
        monkeypatch.setenv("TF_CONFIG", json.dumps(tf_config))
    monkeypatch.setattr(module, "make_strategy", lambda *_: pytest.fail("a strategy was made"))
    data = "mnist" if name == "lenet5" else "x.npz"  # lenet5's script reads named sets only
    monkeypatch.setattr(sys, "argv", ["train.py", "--data", data, "--strategy", "multi-worker"])
    with pytest.raises(SystemExit) as exit_info:
        module.main()
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
