"""A new user's first minutes: quiet, true and consistent output from run, evaluate, predict and
emitted scripts.

TensorFlow's start-up lines are checked in fresh processes (the only place they appear); the
rest runs in this process, where TensorFlow is loaded once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netspec import parse_network
from netspec.model import TrainConfig
from netspec.quiet import startup_pattern
from tests.conftest import ROOT, run_cli
from tests.test_run import tiny_npz

pytest.importorskip("tensorflow")

NVIDIA = os.path.exists("/dev/nvidiactl")
STARTUP_MARKS = (
    "absl::InitializeLog",
    "oneDNN custom operations",
    "cpu_feature_guard",
    "To enable the following instructions",
    "oneDNN supports DT_",
    *(() if NVIDIA else ("Could not find cuda drivers", "failed call to cuInit")),
)
CLASSES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
SPEC = """name: tiny
input: [28, 28, 1]
CLASSES
layers:
  - flatten
  - {type: fc, units: 10}
train: {optimizer: adam, epochs: 1, batch_size: 32, seed: 1}
"""
REAL_LINES = (  # what the injected code writes to fd 2: none of it may be dropped
    "W0000 00:00:1796095149.241586   12247 real_op.cc:12] a real warning, by os.write",
    "E0000 00:00:1796095149.241586   12247 other.cc:3] a real error, by C's write()",
    "a line from Python's sys.stderr",
)
INJECT = f"""
import ctypes, os, sys
real = {REAL_LINES!r}
os.write(2, (real[0] + "\\n").encode())
line = (real[1] + "\\n").encode()
ctypes.CDLL(None).write(2, line, len(line))
print(real[2], file=sys.stderr, flush=True)
os.write(2, b"E0000 00:00:1.5 7 util.cc:131] oneDNN supports DT_INT32 only on platforms with "
    b"AVX-512. Falling back to the default Eigen-based implementation if present.\\n")
"""
DRIVER = (
    """
import sys
from netspec import quiet
from netspec.cli import main

install = quiet.drop_startup_lines


def noisy():
    install()
"""
    + "".join(f"    {line}\n" for line in INJECT.strip().splitlines())
    + """

quiet.drop_startup_lines = noisy
sys.exit(main(sys.argv[1:]))
"""
)


def clean_env() -> dict[str, str]:
    """This environment without TF_CPP_MIN_LOG_LEVEL (in-process CLI calls set it)."""
    return {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}


def python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env or clean_env(),
        check=False,
    )


def assert_quiet(stderr: str, injected: bool = True) -> None:
    """No known start-up line in `stderr`; every injected real line, in order."""
    for mark in STARTUP_MARKS:
        assert mark not in stderr, stderr
    if injected:
        positions = [stderr.index(line) for line in REAL_LINES]
        assert positions == sorted(positions), stderr


def step_counts(stdout: str) -> list[tuple[int, int]]:
    """Every 'N/M' a Keras progress bar printed: '4/4 - 1s - ...' or '\r 4/4 ━━━ ...'."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", stdout)
    found = re.findall(r"(?:^|\r) *(\d+)/(\d+) (?:-|━)", text, re.MULTILINE)
    return [(int(a), int(b)) for a, b in found]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A spec with classes:, one without, and 100 + 32 images whose .npz names other classes."""
    root = tmp_path_factory.mktemp("quality")
    plain = tiny_npz(root / "plain.npz", n_train=100, n_test=32)
    with np.load(plain) as arrays:
        data = dict(arrays)
    np.savez(root / "named.npz", **data, class_names=np.array([f"c{i}" for i in range(10)]))
    from PIL import Image

    Image.fromarray(data["x_test"][3]).save(root / "three.png")
    (root / "named.yaml").write_text(SPEC.replace("CLASSES", f"classes: [{', '.join(CLASSES)}]"))
    (root / "plain.yaml").write_text(SPEC.replace("CLASSES\n", ""))
    return {
        "root": root,
        "data": root / "named.npz",
        "image": root / "three.png",
        "named": root / "named.yaml",
        "plain": root / "plain.yaml",
    }


@pytest.fixture(scope="module")
def cli_run(files: dict[str, Path]) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`netspec run` in a fresh process, with real lines written to fd 2 once the filter is on."""
    out = files["root"] / "run"
    args = ["run", str(files["named"]), "--data", str(files["data"]), "--out", str(out)]
    return out, python("-c", DRIVER, *args)


# --- 1. TensorFlow's start-up lines ---------------------------------------------------------


SAMPLES = [  # as TensorFlow 2.21 prints them on a CPU-only machine, and the older date format
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796095149.241586   12247 port.cc:153] oneDNN custom operations are on. You may "
    "see slightly different numerical results due to floating-point round-off errors from "
    "different computation orders. To turn them off, set the environment variable "
    "`TF_ENABLE_ONEDNN_OPTS=0`.",
    "I0000 00:00:1796095149.328371   12247 cpu_feature_guard.cc:227] This TensorFlow binary is "
    "optimized to use available CPU instructions in performance-critical operations.",
    "To enable the following instructions: AVX2 AVX512F AVX512_VNNI FMA, in other operations, "
    "rebuild TensorFlow with the appropriate compiler flags.",
    "2025-03-11 22:30:58.742701: E tensorflow/core/util/util.cc:131] oneDNN supports DT_INT32 "
    "only on platforms with AVX-512. Falling back to the default Eigen-based implementation if "
    "present.",
]
CUDA_SAMPLES = [
    "I0000 00:00:1796095149.242349   12247 cudart_stub.cc:31] Could not find cuda drivers on your "
    "machine, GPU will not be used.",
    "E0000 00:00:1796095156.284316   12268 cuda_platform.cc:52] failed call to cuInit: INTERNAL: "
    "CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
]


def test_known_lines_and_only_those_are_dropped() -> None:
    for nvidia in (False, True):
        pattern = startup_pattern(nvidia)
        for line in SAMPLES:
            assert pattern.fullmatch(line), line
        for line in CUDA_SAMPLES:  # a failing CUDA probe is news where there is an NVIDIA device
            assert bool(pattern.fullmatch(line)) is not nvidia, line
        for line in (
            *REAL_LINES,
            SAMPLES[1].replace("port.cc", "other.cc"),
            "I0000 00:00:1.5 7 port.cc:153] something else",
            "x" + SAMPLES[0],
            SAMPLES[0] + " and more",
            "",
        ):
            assert not pattern.fullmatch(line), line


FILTER_SCRIPT = """
import ctypes, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
from netspec.quiet import drop_startup_lines
drop_startup_lines()
print("python 1", file=sys.stderr, flush=True)
os.write(2, KNOWN[0])
line = b"W0000 00:00:1.5 7 real.cc:1] kept, from C\\n"
ctypes.CDLL(None).write(2, line, len(line))
os.write(2, KNOWN[1] + b"python ")
print("2", file=sys.stderr, flush=True)
os.write(2, b"a prompt: ")
time.sleep(3)
os.write(2, b"answer\\n" + KNOWN[2])
"""


def test_filter_keeps_everything_else_in_order_and_promptly() -> None:
    known = [(line + "\n").encode() for line in SAMPLES[:3]]
    script = FILTER_SCRIPT.replace("KNOWN", repr(known))
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=clean_env(), stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    early = b""
    while not early.endswith(b"a prompt: ") and time.monotonic() - started < 2.5:
        early += process.stderr.read1(1000)  # type: ignore[attr-defined]
    assert time.monotonic() - started < 2.5, "a partial line waited for its end"
    _, rest = process.communicate(timeout=30)
    assert process.returncode == 0
    assert (early + rest).decode() == (
        "python 1\nW0000 00:00:1.5 7 real.cc:1] kept, from C\npython 2\na prompt: answer\n"
    )


def test_a_crash_still_says_why() -> None:
    """The helper outlives the program, so the last line before an abort gets out."""
    script = (
        "import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'\n"
        "from netspec.quiet import drop_startup_lines\ndrop_startup_lines()\n"
        "os.write(2, b'F0000 00:00:1.5 7 op.cc:9] Check failed: 1 == 2\\n')\nos.abort()\n"
    )
    result = python("-c", script)
    assert result.returncode != 0
    assert "Check failed: 1 == 2" in result.stderr


def test_filter_is_off_when_every_line_is_wanted() -> None:
    """TF_CPP_MIN_LOG_LEVEL unset or 0 (as under --debug) leaves fd 2 alone."""
    script = (
        "import os, stat\nfrom netspec.quiet import drop_startup_lines\n"
        "drop_startup_lines()\nprint(stat.S_ISFIFO(os.fstat(2).st_mode))\n"
    )
    with open(os.devnull, "w") as devnull:
        for level in (None, "0"):
            env = clean_env() | ({"TF_CPP_MIN_LOG_LEVEL": level} if level else {})
            result = subprocess.run(
                [sys.executable, "-c", script],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=devnull,
                text=True,
                check=True,
            )
            assert result.stdout.strip() == "False"


def test_run_is_quiet(cli_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = cli_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert_quiet(result.stderr)
    assert "1 epoch," in result.stdout and "1 epochs" not in result.stdout
    assert f"classes (from the spec): {', '.join(CLASSES)}" in result.stdout
    counts = step_counts(result.stdout)
    assert counts and all(n <= total == 4 for n, total in counts), result.stdout
    assert (4, 4) in counts


def test_evaluate_and_predict_are_quiet(
    cli_run: tuple[Path, subprocess.CompletedProcess[str]], files: dict[str, Path]
) -> None:
    out, run = cli_run
    assert run.returncode == 0, run.stderr[-3000:]
    result = python("-c", DRIVER, "evaluate", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert_quiet(result.stderr)
    assert result.stdout.startswith("test accuracy ")
    result = python("-c", DRIVER, "predict", str(out), str(files["image"]), "--top", "10")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_quiet(result.stderr)
    names = [part.rsplit(" ", 1)[0] for part in result.stdout.split(": ", 1)[1].split(", ")]
    assert sorted(names) == sorted(CLASSES)  # the spec's names, not the data set's c0..c9


def test_debug_leaves_stderr_alone(cli_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, run = cli_run
    assert run.returncode == 0, run.stderr[-3000:]
    result = python("-m", "netspec", "--debug", "evaluate", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert startup_pattern(NVIDIA).search(result.stderr), "TensorFlow printed no start-up line"


# --- 2. the progress bar counts real steps ----------------------------------------------------


@pytest.mark.parametrize(("batch", "steps"), [(32, 4), (4, 25)])
def test_progress_bar_counts_real_steps(
    batch: int,
    steps: int,
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Steps run 16 per call into TensorFlow; the bar still ends at the epoch's real count."""
    from netspec.model import load_network
    from netspec.training import STEPS_PER_EXECUTION, RunOptions, run

    assert STEPS_PER_EXECUTION > 4
    options = RunOptions(
        data=str(files["data"]),
        out=str(tmp_path / "run"),
        verbose=1,  # the live bar, as on a terminal
        overrides={"batch_size": batch, "epochs": 2},
    )
    run(load_network(files["plain"]), options, log=lambda text: None)
    counts = step_counts(capsys.readouterr().out)
    assert counts and all(n <= total == steps for n, total in counts), counts
    assert counts.count((steps, steps)) >= 2  # each epoch ends at its real count


# --- 3. --resume says one true thing ----------------------------------------------------------


def test_resume_says_one_thing_without_the_optimizer_warning(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    data = ["--data", str(files["data"])]
    code, _, err = run_cli(capsys, "run", str(files["plain"]), *data, "--out", str(out))
    assert code == 0, err
    for extra, expected in (
        (["--epochs", "2"], f"resuming {out} after epoch 1 of 2\n"),
        ([], f"resuming {out}: nothing left to train (2 epochs done, --epochs 2); testing only\n"),
    ):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code, stdout, err = run_cli(capsys, "run", "--resume", str(out), *extra)
        assert code == 0, err
        assert [line for line in stdout.splitlines(True) if line.startswith("resum")] == [expected]
        assert not [w for w in caught if "Skipping variable loading" in str(w.message)]
        assert "Skipping variable loading" not in err


def test_resume_messages() -> None:
    from netspec.training import resume_message

    run = Path("runs/x")
    assert resume_message(run, 0, 3) == (
        "resuming runs/x: no complete epoch yet, starting from epoch 1 of 3"
    )
    assert resume_message(run, 1, 3) == "resuming runs/x after epoch 1 of 3"
    assert resume_message(run, 1, 1) == (
        "resuming runs/x: nothing left to train (1 epoch done, --epochs 1); testing only"
    )


def test_only_the_optimizer_warning_is_silenced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netspec import checkpoints

    class Model:
        def load_weights(self, path: Any) -> None:
            warnings.warn(
                "Skipping variable loading for optimizer 'adam', because...", stacklevel=1
            )
            warnings.warn("something else about the weights", stacklevel=1)

    monkeypatch.setattr(checkpoints, "restore_optimizer", lambda model, path: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checkpoints.load_checkpoint(Model(), tmp_path)
    assert [str(w.message) for w in caught] == ["something else about the weights"]


# --- 4. small ones: plurals, the saved spec, class names ----------------------------------------


def test_saved_train_section_has_only_keys_that_apply() -> None:
    def data(train: str) -> dict[str, Any]:
        text = (
            f"name: t\ninput: [8, 8, 1]\nlayers: [flatten, {{type: fc, units: 2}}]\ntrain: {train}"
        )
        return parse_network(text).train.to_data()

    adam = data("{optimizer: adam}")
    assert "momentum" not in adam and adam["init"] == {"type": "glorot_uniform", "bias": 0.0}
    assert data("{optimizer: momentum}")["momentum"] == 0.9
    init = data("{init: {type: truncated_normal, stddev: 0.1}}")["init"]
    assert init == {"type": "truncated_normal", "stddev": 0.1, "bias": 0.0}
    assert data("{lr_decay: {type: cosine}}")["lr_decay"] == {"type": "cosine", "alpha": 0.0}
    assert data("{lr_decay: {type: exponential, rate: 0.9}}")["lr_decay"] == {
        "type": "exponential",
        "rate": 0.9,
    }
    assert data("{lr_decay: {type: step, rate: 0.5, every: 2}}")["lr_decay"] == {
        "type": "step",
        "rate": 0.5,
        "every": 2,
    }
    for train in ("{optimizer: momentum, momentum: 0.5}", "{lr_decay: {type: step, every: 3}}"):
        config = parse_network(
            f"name: t\ninput: [8, 8, 1]\nlayers: [flatten, {{type: fc, units: 2}}]\ntrain: {train}"
        ).train
        assert TrainConfig.from_data(config.to_data()) == config


def test_run_folder_spec_and_class_names(
    cli_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, result = cli_run
    assert result.returncode == 0, result.stderr[-3000:]
    saved = (out / "spec.yaml").read_text()
    assert "momentum" not in saved and "stddev" not in saved
    assert json.loads((out / "run.json").read_text())["class_names"] == CLASSES


def test_class_names_rule() -> None:
    from netspec.training import class_names

    text = "name: t\ninput: [8, 8, 1]\nlayers: [flatten, {type: fc, units: 2}]\n"
    assert class_names(parse_network(text + "classes: [a, b]\n"), ["x", "y"]) == ["a", "b"]
    assert class_names(parse_network(text), ["x", "y"]) == ["x", "y"]
    assert class_names(parse_network(text), ["0", "1"]) == ["0", "1"]
