"""tf.distribute: two real workers on 127.0.0.1, a dead worker, mirrored on one CPU device."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, run_cli
from tests.test_run import tiny_npz

pytest.importorskip("tensorflow")


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def start_workers(args: list[str], count: int = 2) -> list[subprocess.Popen[str]]:
    """The same command on every worker, each with its own TF_CONFIG task index, CPU only."""
    cluster = {"worker": [f"127.0.0.1:{port}" for port in free_ports(count)]}
    processes = []
    for index in range(count):
        env = {
            **os.environ,
            "CUDA_VISIBLE_DEVICES": "-1",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "TF_CONFIG": json.dumps(
                {"cluster": cluster, "task": {"type": "worker", "index": index}}
            ),
        }
        processes.append(
            subprocess.Popen(
                args, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
        )
    return processes


def finish(processes: list[subprocess.Popen[str]], timeout: float = 240) -> list[str]:
    outputs = []
    for process in processes:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        outputs.append(output)
    return outputs


def load_weights(spec: Path, weights: Path) -> list[np.ndarray]:
    from netspec import build_model, load_network

    model = build_model(load_network(spec))
    model.load_weights(weights)
    return [np.asarray(w) for w in model.get_weights()]


def test_two_workers_train_identical_weights(tmp_path: Path) -> None:
    data = tiny_npz(tmp_path / "tiny.npz", n_train=256, n_test=64)
    out = tmp_path / "run"
    command = [
        sys.executable,
        "-m",
        "netspec",
        "run",
        "specs/lenet5.yaml",
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
    outputs = finish(processes)
    for process, output in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output
    chief, worker = outputs
    assert (
        "strategy multi-worker (worker 0, 2 workers): 2 replicas in sync; global batch 32 = "
        "16 per replica" in chief
    )
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["replicas"] == 2 and metrics["epochs"] == 1
    assert (out / "weights.weights.h5").is_file()
    match = re.search(r"its copy of the weights is in (\S+)", worker)
    assert match, worker
    worker_dir = Path(match.group(1))
    assert worker_dir != out and not str(worker_dir).startswith(str(out))
    chief_weights = load_weights(out / "spec.yaml", out / "weights.weights.h5")
    worker_weights = load_weights(out / "spec.yaml", worker_dir / "weights.weights.h5")
    for a, b in zip(chief_weights, worker_weights, strict=True):
        np.testing.assert_array_equal(a, b)

    # Both workers continue the chief's run for a second epoch, from its checkpoint.
    resume = [
        sys.executable,
        "-m",
        "netspec",
        "run",
        "--resume",
        str(out),
        "--epochs",
        "2",
        "--strategy",
        "multi-worker",
        "--worker-timeout",
        "60",
    ]
    processes = start_workers(resume)
    outputs = finish(processes)
    for process, output in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output
        assert "after epoch 1 of 2" in output
    metrics = json.loads((out / "metrics.json").read_text())
    assert [row["epoch"] for row in metrics["history"]] == [1, 2]
    match = re.search(r"its copy of the weights is in (\S+)", outputs[1])
    assert match, outputs[1]
    chief_weights = load_weights(out / "spec.yaml", out / "weights.weights.h5")
    worker_weights = load_weights(out / "spec.yaml", Path(match.group(1)) / "weights.weights.h5")
    for a, b in zip(chief_weights, worker_weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_dead_worker_stops_the_others(tmp_path: Path) -> None:
    data = tiny_npz(tmp_path / "tiny.npz", n_train=4000, n_test=64)
    out = tmp_path / "run"
    command = [
        sys.executable,
        "-m",
        "netspec",
        "run",
        "specs/mlp.yaml",
        "--data",
        str(data),
        "--epochs",
        "50",
        "--batch-size",
        "8",
        "--seed",
        "5",
        "--strategy",
        "multi-worker",
        "--out",
        str(out),
        "--worker-timeout",
        "15",
    ]
    chief, worker = start_workers(command)
    deadline = time.time() + 120
    while time.time() < deadline and not (out / "checkpoints" / "latest").exists():
        time.sleep(0.1)
    assert chief.poll() is None, finish([chief])[0]
    worker.send_signal(signal.SIGKILL)
    killed = time.time()
    output = finish([chief], timeout=120)[0]
    assert chief.returncode == 1, output
    assert "lost contact with another worker" in output
    assert "--resume" in output
    assert time.time() - killed < 90


def test_mirrored_on_one_cpu_matches_no_strategy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tiny_npz(tmp_path / "tiny.npz", n_train=320, n_test=160)
    accuracies = {}
    for strategy in ("auto", "mirrored"):
        out = tmp_path / strategy
        code, _stdout, err = run_cli(
            capsys,
            "run",
            "specs/mlp.yaml",
            "--data",
            str(data),
            "--epochs",
            "3",
            "--seed",
            "11",
            "--strategy",
            strategy,
            "--out",
            str(out),
        )
        assert code == 0, err
        accuracies[strategy] = json.loads((out / "metrics.json").read_text())["test_accuracy"]
    assert abs(accuracies["auto"] - accuracies["mirrored"]) <= 0.05


def test_multi_worker_without_tf_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TF_CONFIG", raising=False)
    code, _, err = run_cli(
        capsys,
        "run",
        "specs/mlp.yaml",
        "--data",
        "x.npz",
        "--strategy",
        "multi-worker",
        "--out",
        str(tmp_path / "run"),
    )
    assert code == 2
    assert err.startswith("netspec: --strategy multi-worker needs TF_CONFIG")
