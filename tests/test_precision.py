"""precision: mixed — bfloat16 on a CPU with bf16 instructions, float16 on a GPU, float32 where
neither is there (said in one line); `netspec run` and Keras-style scripts honour it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netspec import load_network, parse_network
from netspec.backends.script import render_script
from netspec.errors import UsageError
from tests.conftest import ROOT, run_cli
from tests.test_run import tiny_npz

keras = pytest.importorskip("keras")
from netspec import runtime  # noqa: E402  (imports TensorFlow)

MIXED_MLP = (
    (ROOT / "specs" / "mlp.yaml").read_text().replace("train:\n", "train:\n  precision: mixed\n")
)


@pytest.fixture
def float32_after() -> object:
    """Whatever a test does, the next one starts with Keras's float32 policy."""
    yield
    assert keras.mixed_precision.global_policy().name == "float32"
    keras.mixed_precision.set_global_policy("float32")


@pytest.fixture
def no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime.tf.config, "list_physical_devices", lambda kind=None: [])


def test_float32_sets_nothing(float32_after: object) -> None:
    assert runtime.use_precision("float32") == "float32"


def test_mixed_without_bf16_says_so_and_stays_float32(
    float32_after: object,
    no_gpu: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(runtime, "cpu_flags", lambda: {"avx512f", "avx512_vnni"})
    assert runtime.use_precision("mixed") == "float32"
    assert capsys.readouterr().out == (
        "precision mixed: this CPU has no bfloat16 instructions, so training uses float32\n"
    )


def test_mixed_with_bf16_is_bfloat16_and_on_a_gpu_float16(
    float32_after: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime, "cpu_flags", lambda: {"avx512_bf16"})
    monkeypatch.setattr(runtime.tf.config, "list_physical_devices", lambda kind=None: [])
    assert runtime.use_precision("mixed") == "mixed_bfloat16"
    assert keras.mixed_precision.global_policy().name == "mixed_bfloat16"
    monkeypatch.setattr(runtime.tf.config, "list_physical_devices", lambda kind=None: ["GPU:0"])
    assert runtime.use_precision("mixed") == "mixed_float16"
    keras.mixed_precision.set_global_policy("float32")


def test_run_in_bfloat16_keeps_the_output_float32_and_restores_the_policy(
    float32_after: object,
    no_gpu: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(runtime, "cpu_flags", lambda: {"avx512_bf16"})
    spec = tmp_path / "mlp-mixed.yaml"
    spec.write_text(MIXED_MLP)
    data = tiny_npz(tmp_path / "tiny.npz", n_train=200, n_test=50)
    out = tmp_path / "run"
    code, stdout, err = run_cli(
        capsys, "run", str(spec), "--data", str(data), "--epochs", "2", "--out", str(out)
    )
    assert code == 0, err
    assert "precision: mixed_bfloat16 (weights, the output layer and the loss in float32)" in stdout
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["precision"] == "mixed_bfloat16"
    assert "precision: mixed" in (out / "spec.yaml").read_text()
    code, stdout, err = run_cli(capsys, "evaluate", str(out))
    assert code == 0 and stdout.startswith("test accuracy "), err


def test_the_flag_falls_back_on_a_cpu_without_bf16(
    float32_after: object,
    no_gpu: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(runtime, "cpu_flags", lambda: set())
    data = tiny_npz(tmp_path / "tiny.npz", n_train=64, n_test=32)
    out = tmp_path / "run"
    args = ["--data", str(data), "--epochs", "1", "--precision", "mixed", "--out", str(out)]
    code, stdout, err = run_cli(capsys, "run", str(ROOT / "specs" / "mlp.yaml"), *args)
    assert code == 0, err
    assert "this CPU has no bfloat16 instructions, so training uses float32" in stdout
    assert json.loads((out / "metrics.json").read_text())["precision"] == "float32"


def test_the_model_ends_in_float32_with_the_same_counts(float32_after: object) -> None:
    from netspec.backends.keras_builder import build_model

    network = parse_network(MIXED_MLP, "mlp-mixed.yaml")
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        model = build_model(network)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert model.layers[-1].name == "float32_output"
    assert model.output.dtype == "float32"
    assert model.get_layer("fc1").compute_dtype == "bfloat16"
    assert model.count_params() == 7_850


def test_keras_scripts_honour_it_and_the_tf_style_refuses() -> None:
    network = parse_network(MIXED_MLP, "mlp-mixed.yaml")
    text = render_script(network, "keras")
    assert text.count("def use_precision") == 1
    assert '    use_precision("mixed")' in text
    assert 'keras.layers.Activation("linear", dtype="float32", name="float32_output")' in text
    assert "use_precision" not in render_script(load_network(ROOT / "specs" / "mlp.yaml"))
    with pytest.raises(UsageError, match="precision: mixed needs Keras-style scripts"):
        render_script(network, "tf")
