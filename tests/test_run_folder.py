"""The run folder under fault injection: locks, kills at each file step, full and read-only
disks, damaged or foreign weights, an edited spec.yaml, and folders left by a dead start."""

from __future__ import annotations

import csv
import errno
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, run_cli
from tests.test_run import tiny_npz

pytest.importorskip("tensorflow")

MLP = str(ROOT / "specs/mlp.yaml")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_npz(tmp_path_factory.mktemp("data") / "tiny.npz")


def train(capsys: pytest.CaptureFixture[str], data: Path, out: Path, *extra: str) -> None:
    code, _, err = run_cli(capsys, "run", MLP, "--data", str(data), "--out", str(out), *extra)
    assert code == 0, err


def netspec_process(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netspec", *args],
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def history_epochs(out: Path) -> list[int]:
    return [int(row["epoch"]) for row in csv.DictReader((out / "history.csv").open())]


def assert_consistent(out: Path, epochs: int) -> None:
    """Every file tells the same story: `epochs` epochs done, as spec.yaml says."""
    assert history_epochs(out) == list(range(1, epochs + 1))
    metrics = json.loads((out / "metrics.json").read_text())
    assert [row["epoch"] for row in metrics["history"]] == list(range(1, epochs + 1))
    checkpoints = out / "checkpoints"
    assert sorted(p.name for p in checkpoints.iterdir()) == [f"epoch-{epochs:04d}", "latest"]
    assert (checkpoints / "latest").read_text() == f"epoch-{epochs:04d}"
    final = checkpoints / f"epoch-{epochs:04d}"
    assert (out / "weights.weights.h5").read_bytes() == (final / "weights.weights.h5").read_bytes()
    assert f"epochs: {epochs}\n" in (out / "spec.yaml").read_text()
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def optimizer_rates(checkpoint: Path) -> list[float]:
    with np.load(checkpoint / "optimizer.npz") as arrays:
        return [float(arrays[k]) for k in arrays.files if arrays[k].dtype.kind == "f"]


# --- 1. one process at a time -------------------------------------------------------------------


def test_second_process_is_refused_and_a_dead_owners_lock_is_taken_over(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    train(capsys, data, out, "--epochs", "1")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from netspec import runlock; "
            "runlock.acquire(Path(sys.argv[1])); print('locked', flush=True); time.sleep(120)",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        code, _, err = run_cli(capsys, "run", "--resume", str(out), "--epochs", "2")
        assert code == 1
        assert f"pid {holder.pid} on {socket.gethostname()}" in err and "in use" in err
        assert len(err.strip().splitlines()) == 1
        code, _, err = run_cli(capsys, "run", MLP, "--data", str(data), "--out", str(out))
        assert code == 1 and "not empty" in err
    finally:
        holder.kill()  # SIGKILL: the kernel drops its flock, the file stays behind
        holder.wait()
    code, _, err = run_cli(capsys, "run", "--resume", str(out), "--epochs", "2")
    assert code == 0, err
    assert_consistent(out, 2)


# --- 2. spec.yaml says what ran ---------------------------------------------------------------


def test_a_diverged_resume_leaves_the_spec_and_the_next_resume_trains_as_it_says(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    train(capsys, data, out, "--epochs", "1")
    code, _, err = run_cli(
        capsys, "run", "--resume", str(out), "--epochs", "3", "--learning-rate", "1e300"
    )
    assert code == 1 and "became NaN in epoch 2" in err
    spec = (out / "spec.yaml").read_text()
    assert "learning_rate: 0.5\n" in spec and "epochs: 1\n" in spec
    # What the folder says is what runs: a hand-edited rate too.
    (out / "spec.yaml").write_text(spec.replace("learning_rate: 0.5", "learning_rate: 0.25"))
    code, stdout, err = run_cli(capsys, "run", "--resume", str(out), "--epochs", "2")
    assert code == 0, err
    assert "lr 0.25" in stdout
    assert 0.25 in optimizer_rates(out / "checkpoints/epoch-0002")
    assert "learning_rate: 0.25\n" in (out / "spec.yaml").read_text()
    assert_consistent(out, 2)


# --- 3. no dead ends ------------------------------------------------------------------------------


def test_a_folder_killed_before_its_spec_was_saved_can_be_started_again(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / ".spec.yaml.tmp-4242").write_text("name: half")
    (out / ".netspec.lock").write_text('{"pid": 4242}')
    code, _, err = run_cli(capsys, "run", "--resume", str(out))
    assert code == 1
    assert "holds no saved spec" in err and f"--out {out}" in err
    train(capsys, data, out, "--epochs", "1")
    assert_consistent(out, 1)


def test_leftovers_are_cleaned_and_files_follow_the_checkpoint(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    train(capsys, data, out, "--epochs", "2")
    metrics = json.loads((out / "metrics.json").read_text())
    checkpoints = out / "checkpoints"
    (checkpoints / ".latest.tmp-99").write_text("epoch-0001")
    (checkpoints / ".epoch-0003.tmp-99").mkdir()
    (checkpoints / "epoch-0001").mkdir()  # an old one, left by a kill
    (checkpoints / "epoch-0001" / "state.json").write_text('{"epoch": 1, "history": []}')
    (checkpoints / "latest").write_text("epoch-0001")
    (out / "history.csv").write_text("epoch\n1\n")
    (out / "weights.weights.h5").write_bytes(os.urandom(5000))
    (out / ".history.csv.tmp-99").write_text("x")
    code, stdout, err = run_cli(capsys, "run", "--resume", str(out))
    assert code == 0, err
    assert "nothing left to train" in stdout
    assert_consistent(out, 2)
    again = json.loads((out / "metrics.json").read_text())
    for key in ("train_seconds", "images_per_second", "epochs_this_session", "seconds"):
        assert again[key] == metrics[key], key


# --- 4. expected failures are reported as such ----------------------------------------------------


def test_a_full_disk_is_one_line_saying_what_to_do(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netspec import runfolder, training

    real = runfolder.copy_atomic

    def full(source: Path, path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(runfolder, "copy_atomic", full)
    out = tmp_path / "run"
    code, _, err = run_cli(
        capsys, "run", MLP, "--data", str(data), "--out", str(out), "--epochs", "2"
    )
    assert code == 1
    assert err.count("\n") == 1 and "unexpected" not in err
    assert "No space left on device" in err and "free some disk space" in err
    assert f"--resume {out}" in err
    monkeypatch.setattr(runfolder, "copy_atomic", real)
    monkeypatch.setattr(
        training,
        "write_atomic",
        lambda path, text: (_ for _ in ()).throw(
            OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        ),
    )
    code, _, err = run_cli(capsys, "run", "--resume", str(out))
    assert code == 1 and err.count("\n") == 1 and "unexpected" not in err
    assert "Read-only file system" in err and f"make {out} writable" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_run_folder_is_one_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    train(capsys, data, out, "--epochs", "1")
    out.chmod(0o555)
    try:
        code, _, err = run_cli(capsys, "run", "--resume", str(out), "--epochs", "2")
    finally:
        out.chmod(0o755)
    assert code == 1 and err.count("\n") == 1 and "unexpected" not in err
    assert "writable" in err


def test_damaged_foreign_weights_and_run_json_are_one_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, other = tmp_path / "run", tmp_path / "other"
    train(capsys, data, out, "--epochs", "1")
    spec = tmp_path / "wide.yaml"
    spec.write_text(
        "name: wide\ninput: [28, 28, 1]\nlayers: [flatten, {type: fc, units: 16}, "
        "{type: fc, units: 10}]\ntrain: {epochs: 1, seed: 1}\n"
    )
    code, _, err = run_cli(capsys, "run", str(spec), "--data", str(data), "--out", str(other))
    assert code == 0, err
    image = tmp_path / "digit.png"
    from PIL import Image

    Image.fromarray(np.zeros((28, 28), np.uint8)).save(image)
    weights = out / "weights.weights.h5"
    for bad in (os.urandom(5000), (other / "weights.weights.h5").read_bytes()):
        weights.write_bytes(bad)
        for command in (["evaluate", str(out)], ["predict", str(out), str(image)]):
            code, _, err = run_cli(capsys, *command)
            assert code == 1, command
            assert "cannot be loaded" in err and err.count("\n") == 1, err
            assert "unexpected" not in err and f"--resume {out}" in err
    code, _, err = run_cli(capsys, "run", "--resume", str(out))  # restores them
    assert code == 0, err
    (out / "checkpoints/epoch-0001/weights.weights.h5").write_bytes(os.urandom(5000))
    code, _, err = run_cli(capsys, "run", "--resume", str(out), "--epochs", "2")
    assert code == 1 and "cannot be loaded" in err and "unexpected" not in err
    (out / "run.json").write_text('{"data": "x",')
    for command in (["evaluate", str(out)], ["run", "--resume", str(out)]):
        code, _, err = run_cli(capsys, *command)
        assert code == 1 and "run.json is damaged" in err and err.count("\n") == 1, err


# --- 5. weights and spec must match ------------------------------------------------------------


def test_an_edited_architecture_is_refused(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    train(capsys, data, out, "--epochs", "1")
    spec = (out / "spec.yaml").read_text()
    assert "{type: fc, units: 10}" in spec
    (out / "spec.yaml").write_text(
        spec.replace("{type: fc, units: 10}", "{type: fc, units: 10, activation: sigmoid}")
    )
    for command in (["evaluate", str(out)], ["run", "--resume", str(out), "--epochs", "2"]):
        code, _, err = run_cli(capsys, *command)
        assert code == 1, command
        assert "trained for another network" in err and "activation=sigmoid" in err, err
        assert "fc1" in err
    (out / "spec.yaml").write_text(spec.replace("epochs: 1", "epochs: 2"))  # training: fine
    code, _, err = run_cli(capsys, "run", "--resume", str(out))
    assert code == 0, err


# --- 6. kill at every step of an epoch's end, then resume ---------------------------------------

STEPS = [
    "epoch-end",
    "checkpoint-weights",
    "checkpoint-optimizer",
    "checkpoint-state",
    "checkpoint",
    "latest",
    "weights",
    "old-checkpoints",
    "curves",
    "history",
    "metrics",
]


@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_step_then_resume(
    step: str, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    at = step if step == "metrics" else f"{step}@2"
    args = ["run", MLP, "--data", str(data), "--epochs", "3", "--out", str(out)]
    killed = netspec_process(args, NETSPEC_TEST_KILL_AT=at)
    assert killed.returncode == -9, killed.stdout + killed.stderr
    code, _, err = run_cli(capsys, "run", "--resume", str(out))
    assert code == 0, err
    assert_consistent(out, 3)


@pytest.mark.parametrize(("step", "epochs", "rate"), [("epoch-end", 1, "0.5"), ("spec", 3, "0.25")])
def test_kill_around_saving_a_resumes_new_settings(
    step: str,
    epochs: int,
    rate: str,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "run"
    train(capsys, data, out, "--epochs", "1")
    args = ["run", "--resume", str(out), "--epochs", "3", "--learning-rate", "0.25"]
    killed = netspec_process(args, NETSPEC_TEST_KILL_AT=f"{step}@2")
    assert killed.returncode == -9, killed.stdout + killed.stderr
    code, _, err = run_cli(capsys, "run", "--resume", str(out))
    assert code == 0, err
    assert_consistent(out, epochs)
    assert f"learning_rate: {rate}\n" in (out / "spec.yaml").read_text()
    assert float(rate) in optimizer_rates(out / f"checkpoints/epoch-{epochs:04d}")


def test_checkpoint_and_weights_are_fsynced_before_they_are_announced(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: object, dst: object) -> None:
        events.append(("replace", str(dst)))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    out = (tmp_path / "run").resolve()
    train(capsys, data, out, "--epochs", "1")
    names = [(kind, path.removeprefix(str(out))) for kind, path in events]
    latest = names.index(("replace", "/checkpoints/latest"))
    announced = names[:latest]
    assert ("fsync", "/checkpoints") in announced  # the checkpoint's rename is durable
    tmp_weights = [p for k, p in announced if k == "fsync" and "epoch-0001.tmp" in p]
    assert any(p.endswith("weights.weights.h5") for p in tmp_weights)
    weights = names.index(("replace", "/weights.weights.h5"))
    assert names[weights - 1][0] == "fsync" and names[weights + 1] == ("fsync", "")
