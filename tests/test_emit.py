"""`netspec emit`: standalone scripts that build the same network, read cleanly, and train.

TensorFlow is imported once per process (importing an emitted script reuses it); only the
end-to-end runs start new Python processes.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netspec import analyze, load_network, parse_network
from netspec.backends import carry
from netspec.backends.pytext import comment, doctext, docwrap, pyrepr
from netspec.backends.script import render_script, runtime_names
from netspec.errors import SpecError, UsageError
from netspec.model import Network
from tests.conftest import ROOT, SPECS, golden, run_cli

SPECS_DIR = ROOT / "specs"

STYLES = ("keras", "tf")
SMALL = (
    "lenet5",
    "lenet5-classic",
    "mlp",
    "fashion-cnn",
    "fashion-cnn-dropout",
    "catsdogs",
    "alexnet",
)
GOLDEN = ROOT / "tests" / "golden" / "emit"
ALLOWED_MODULES = {"keras", "numpy", "tensorflow"}
RUFF = shutil.which("ruff")
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # all str.splitlines breaks but \n

KITCHEN_LAYERS = """
input: [28, 28, 1]
layers:
  - {type: conv, filters: 4, size: [3, 2], stride: [1, 2], padding: [1, 0], bias: false}
  - {type: batchnorm, momentum: 0.9, epsilon: 0.01}
  - {type: activation, function: relu}
  - {type: pool, mode: avg, size: 2, padding: same}
  - {type: lrn, depth_radius: 1}
  - {type: conv, filters: 6, size: 3, padding: same, activation: tanh}
  - {type: pool, size: 3, stride: 2, padding: valid}
  - {type: dropout, rate: 0.3}
  - flatten
  - batchnorm
  - {type: fc, units: 16, activation: gelu}
"""
KITCHEN = {
    # softmax output, l2, cosine decay, every augmentation, early stopping on val_accuracy
    "kitchen-a": """
name: kitchen-a
description: Every layer kind, and the training options the templates branch on.
classes: [zero, one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve]
LAYERS
  - {type: fc, units: 13, activation: softmax}
train:
  optimizer: momentum
  momentum: 0.8
  learning_rate: 0.05
  batch_size: 16
  epochs: 3
  validation_split: 0.25
  l2: 0.001
  init: {type: he_normal, bias: 0.1}
  lr_decay: {type: cosine, alpha: 0.1}
  augment: {flip: both, rotate: 10, zoom: 0.1, crop: 2}
  early_stopping: {patience: 1, monitor: val_accuracy}
  seed: 7
""",
    # mse, no validation split, no seed, step decay, early stopping falls back to loss
    "kitchen-b": """
name: kitchen-b
LAYERS
  - {type: fc, units: 10}
  - {type: activation, function: softmax}
train:
  loss: mse
  optimizer: rmsprop
  batch_size: 16
  epochs: 2
  init: {type: truncated_normal, stddev: 0.1}
  lr_decay: {type: step, rate: 0.5, every: 2}
  early_stopping: true
""",
    # exponential decay, uniform init, early stopping on the training loss
    "kitchen-c": """
name: kitchen-c
LAYERS
  - {type: fc, units: 10, bias: false}
train:
  optimizer: adagrad
  epochs: 2
  validation_split: 0.2
  init: {type: uniform, stddev: 0.05}
  lr_decay: {type: exponential, rate: 0.9}
  early_stopping: {monitor: loss, patience: 2}
  seed: 3
""",
}


def kitchen(name: str) -> Network:
    return parse_network(KITCHEN[name].replace("LAYERS", KITCHEN_LAYERS.strip()), f"{name}.yaml")


def network_of(name: str) -> Network:
    return kitchen(name) if name in KITCHEN else load_network(ROOT / "specs" / f"{name}.yaml")


ALL = [spec.stem for spec in SPECS] + list(KITCHEN)


@functools.cache
def rendered(name: str, style: str) -> str:
    return render_script(network_of(name), style)


def import_script(text: str, directory: Path, stem: str) -> ModuleType:
    path = directory / f"{stem.replace('-', '_')}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def both(names: list[str] | tuple[str, ...]) -> list[Any]:
    return [pytest.param(n, s, id=f"{n}-{s}") for n in names for s in STYLES]


# --- the text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "style"), both([s.stem for s in SPECS]))
def test_golden(name: str, style: str) -> None:
    """The whole script for every shipped spec, as a user reads it."""
    golden(GOLDEN / f"{name}-{style}.py", rendered(name, style))


@pytest.mark.parametrize(
    ("name", "style", "most"), [("lenet5", "keras", 151), ("lenet5", "tf", 221)]
)
def test_scripts_are_tutorial_sized(name: str, style: str, most: int) -> None:
    """A tutorial's length, the network at least 15% of it; a bigger spec adds only its layers."""
    lines = rendered(name, style).splitlines()
    assert len(lines) <= most
    start = next(i for i, line in enumerate(lines) if line.startswith(("def build", "class Net")))
    end = next(i for i, line in enumerate(lines[start + 1 :], start + 1) if line[:1].isalpha())
    assert (end - start) / len(lines) >= 0.15, (end - start, len(lines))


def test_bigger_specs_grow_by_their_layers() -> None:
    """vgg16 over lenet5: the extra lines are the extra layers' (and the image-folder code)."""
    small, big = rendered("lenet5", "keras"), rendered("vgg16", "keras")
    layer_lines = sum(1 for line in big.splitlines() if line.startswith("    x = keras.layers."))
    small_layers = sum(1 for line in small.splitlines() if line.startswith("    x = keras.layers."))
    extra = len(big.splitlines()) - len(small.splitlines())
    assert extra <= 2 * (layer_lines - small_layers) + 40, extra


@pytest.mark.parametrize(("name", "style"), both(ALL))
def test_script_parses_and_imports_no_netspec(name: str, style: str) -> None:
    text = rendered(name, style)
    tree = ast.parse(compile(text, f"{name}.py", "exec", ast.PyCF_ONLY_AST))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module
            modules.add(node.module.split(".")[0])
    assert "netspec" not in modules
    assert modules <= set(sys.stdlib_module_names) | ALLOWED_MODULES, modules
    assert "importlib" not in text and "__import__" not in text


@pytest.mark.parametrize(("name", "style"), both(ALL))
def test_no_leftovers_or_dead_code(name: str, style: str) -> None:
    code = text = rendered(name, style)
    for leftover in ("{{", "}}", "{%", "%}", "{#", "#}"):
        assert leftover not in code
    assert "\n\n\n\n" not in text
    assert not re.search(r"[ \t]$", text, re.MULTILINE)
    assert text.endswith("\n") and not text.endswith("\n\n")
    for line in code.splitlines():  # None only where Python needs it, never as a filled-in value
        if "None" in line:
            allowed = r"is (not )?None|\| None|else None$|-> None:$|axis=None|from None$"
            assert re.search(allowed + r"|read=None$|\.\.\., None\]", line), line
    tree = ast.parse(code)
    used = {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            assert node.name in used, f"{node.name} is defined but never used"


@pytest.mark.parametrize(("name", "style"), both(ALL))
def test_runtime_code_is_netspecs_own(name: str, style: str) -> None:
    """Training code no spec decides is netspec/runtime.py's, copied verbatim: each definition
    the script needs once, with what it uses; no name defined twice; imports at the top."""
    text = rendered(name, style)
    wanted = carry.closure(runtime_names(network_of(name), style, distribute=False))
    for definition in wanted:
        assert text.count(definition.text) == 1, definition.name
    tree = ast.parse(text)
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    runtime_defs = {d.name for d in carry.parsed()[0].values() if not d.constant}
    assert {n for n in names if n in runtime_defs} == {d.name for d in wanted if not d.constant}
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    first_name = next(n for n in tree.body if isinstance(n, ast.Assign))  # INPUT_SHAPE = ...
    assert all(n.lineno < first_name.lineno for n in imports)  # all at the top


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    assert RUFF is not None
    return subprocess.run([RUFF, *args], capture_output=True, text=True, check=False)


@functools.cache
def ruff_findings(directory: str) -> list[dict[str, Any]]:
    files = sorted(str(p) for p in Path(directory).glob("*.py"))
    result = ruff("check", "--isolated", "--line-length", "100", "--output-format", "json", *files)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def script_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every rendered script in one folder, so ruff runs once for all of them."""
    directory = tmp_path_factory.mktemp("scripts")
    for name in ALL:
        for style in STYLES:
            (directory / f"{name}_{style}.py".replace("-", "_")).write_text(rendered(name, style))
    return directory


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_scripts_are_ruff_formatted(script_dir: Path) -> None:
    result = ruff("format", "--isolated", "--line-length", "100", "--diff", str(script_dir))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_scripts_are_ruff_clean(script_dir: Path) -> None:
    findings = ruff_findings(str(script_dir))
    assert not findings, "\n".join(
        f"{Path(f['filename']).name}:{f['location']['row']}: {f['code']} {f['message']}"
        for f in findings
    )


@pytest.mark.parametrize("name", ALL)
def test_only_what_the_spec_uses(name: str) -> None:
    network = network_of(name)
    train = network.train
    kinds = {layer.kind for layer in network.layers}
    data = train.data if train.data in ("image-folder", "npz", None) else "named"
    for style in STYLES:
        code = rendered(name, style)
        assert ("augment_batches(" in code) == train.augment.enabled
        assert ("schedule = " in code) == (train.lr_decay is not None)
        assert ("def split_validation" in code) == (train.validation_split > 0)
        assert ("one_hot" in code) == (train.loss == "mse")
        folder_classes = network.classes is not None and data in ("image-folder", None)
        assert bool(re.search("^CLASS_NAMES = ", code, re.MULTILINE)) == folder_classes
        stops = "EarlyStopping" in code or "stopping early" in code
        assert stops == (train.early_stopping is not None)
        assert ("L2(" in code or "l2_penalty" in code) == bool(train.l2)
        lrn = "local_response_normalization" in code or "LocalResponseNormalization" in code
        assert lrn == ("lrn" in kinds)
        assert ("def load_named" in code) == (data in ("named", None))
        assert ("def load_image_folder" in code) == (data in ("image-folder", None))
        assert ("def load_npz" in code) == (data in ("npz", None))
        for distributed in ("strategy", "TF_CONFIG", "MultiWorker", "replica"):
            assert distributed not in code  # only with --distribute
    keras_code = rendered(name, "keras")
    assert ("class LocalResponseNormalization" in keras_code) == ("lrn" in kinds)
    assert "keras.layers.Lambda" not in keras_code
    tf_code = rendered(name, "tf")
    assert ("def batch_norm" in tf_code) == ("batchnorm" in kinds)
    assert "keras.layers" not in tf_code.split("def main")[0]


def test_distribute_only_when_asked() -> None:
    plain = render_script(network_of("lenet5"), "keras")
    distributed = render_script(network_of("lenet5"), "keras", distribute=True)
    for added in ("def make_strategy", "class MultiWorkerLoop", "--strategy", "TF_CONFIG"):
        assert added not in plain and added in distributed
    with pytest.raises(UsageError, match="--distribute writes Keras-style scripts"):
        render_script(network_of("lenet5"), "tf", distribute=True)


def test_layer_comments_show_the_shape_rule() -> None:
    text = rendered("lenet5", "keras")
    assert "    # conv1: (28-5+2*2)/1+1 = 28 -> 28x28x6, 156 params\n" in text
    assert '    x = keras.layers.ZeroPadding2D(2, name="conv1_pad")(x)\n' in text
    assert '    x = keras.layers.Conv2D(6, 5, activation="relu", name="conv1")(x)\n' in text
    tf_text = rendered("lenet5", "tf")
    assert "        # conv1: (28-5+2*2)/1+1 = 28 -> 28x28x6, 156 params\n" in tf_text
    assert "        x = tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]])\n" in tf_text
    kitchen_text = rendered("kitchen-a", "keras")
    assert "# batchnorm1: 4*4 -> 28x14x4, 16 params (8 trainable)" in kitchen_text


# --- the network it builds ----------------------------------------------------------------------


BUILT = [*both(SMALL + tuple(KITCHEN)), pytest.param("vgg16", "keras", id="vgg16-keras")]


@pytest.mark.parametrize(("name", "style"), BUILT)
def test_built_network_matches_check(name: str, style: str, tmp_path: Path) -> None:
    network = network_of(name)
    report = analyze(network)
    module = import_script(rendered(name, style), tmp_path, f"{name}_{style}")
    if style == "keras":
        model = module.build_model()
        for row in report.rows:
            layer = model.get_layer(row.name)
            assert tuple(layer.output.shape[1:]) == row.output, row.name
            assert layer.count_params() == row.params, row.name
            trainable = sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
            assert trainable == row.trainable, row.name
        assert model.count_params() == report.total_params
    else:
        model = module.Network()
        images = np.zeros((2, *network.input), np.float32)
        shapes = {name: tuple(x.shape[1:]) for name, x in model.forward(images)}
        assert list(shapes) == [row.name for row in report.rows]
        for row in report.rows:
            variables = model.weights.get(row.name, {}).values()
            assert shapes[row.name] == row.output, row.name
            assert sum(v.shape.num_elements() for v in variables) == row.params, row.name
            assert sum(v.shape.num_elements() for v in variables if v.trainable) == row.trainable
        assert sum(v.size for v in model.numpy_weights().values()) == report.total_params


@pytest.mark.parametrize("name", ["lenet5", "catsdogs", "kitchen-a"])
def test_keras_script_starts_from_the_same_weights_as_netspec_run(
    name: str, tmp_path: Path
) -> None:
    import keras

    from netspec.backends.keras_builder import build_model

    network = network_of(name)
    module = import_script(rendered(name, "keras"), tmp_path, f"{name}_same")
    keras.utils.set_random_seed(5)
    ours = build_model(network)
    keras.utils.set_random_seed(5)
    theirs = module.build_model()
    assert len(ours.weights) == len(theirs.weights)
    for a, b in zip(ours.weights, theirs.weights, strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


# --- training end to end -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_npz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(0)
    path = tmp_path_factory.mktemp("data") / "tiny.npz"
    np.savez(
        path,
        x_train=rng.integers(0, 256, (64, 28, 28, 1), dtype=np.uint8),
        y_train=rng.integers(0, 10, 64),
        x_test=rng.integers(0, 256, (32, 28, 28, 1), dtype=np.uint8),
        y_test=rng.integers(0, 10, 32),
    )
    return path


def learnable_idx(directory: Path, n_train: int, n_test: int) -> Path:
    """tests/test_run.py's learnable tiny set, written as the four gzipped IDX files."""
    from tests.data_fixtures import write_idx
    from tests.test_run import tiny_npz as learnable_npz

    with np.load(learnable_npz(directory / "learnable.npz", n_train, n_test)) as arrays:
        write_idx(arrays["x_train"], arrays["y_train"], directory, "train", True)
        write_idx(arrays["x_test"], arrays["y_test"], directory, "t10k", True)
    return directory


def run_script(text: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "train.py"
    script.write_text(text)
    result = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


@pytest.mark.parametrize(
    ("name", "style", "weights"),
    [
        ("lenet5", "keras", "weights.weights.h5"),
        ("lenet5", "tf", "weights.npz"),
        ("kitchen-a", "tf", "weights.npz"),
        ("kitchen-b", "keras", "weights.weights.h5"),
        ("kitchen-b", "tf", "weights.npz"),
    ],
)
def test_emitted_script_trains(
    name: str, style: str, weights: str, tiny_npz: Path, tmp_path: Path
) -> None:
    out = tmp_path / "weights"
    if network_of(name).train.data:  # a named set: the IDX files in --data-dir
        data = ["--data-dir", str(learnable_idx(tmp_path, 64, 32))]
    else:
        data = ["--data", str(tiny_npz)]
    result = run_script(rendered(name, style), tmp_path, *data, "--epochs", "2", "--out", str(out))
    assert re.search(r"^test accuracy [01]\.\d{4}, test loss ", result.stdout, re.MULTILINE)
    assert (out / weights).is_file()
    assert json.loads((out / "metrics.json").read_text()).keys() == {"test_accuracy", "test_loss"}
    if style == "tf" and name != "kitchen-b":
        saved = np.load(out / weights)
        assert sum(saved[key].size for key in saved.files) == analyze(network_of(name)).total_params


@pytest.mark.parametrize(
    ("name", "refusal"),
    [
        ("lenet5", "argument --data: invalid choice: 'imdb'"),  # the spec names fashion-mnist
        (
            "kitchen-a",
            "--data imdb: expected a folder, an .npz file or one of mnist, fashion-mnist, cifar10",
        ),
    ],
)
def test_data_that_is_no_named_set_is_refused(
    name: str,
    refusal: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not Keras's AttributeError from keras.datasets, nor another Keras data set (imdb is text)."""
    script = import_script(rendered(name, "keras"), tmp_path, name)
    monkeypatch.setattr(sys, "argv", [name, "--data", "imdb", "--out", str(tmp_path / "out")])
    with pytest.raises(SystemExit) as info:
        script.main()
    said = capsys.readouterr().err if info.value.code == 2 else str(info.value.code)
    assert refusal in said
    assert not (tmp_path / "out").exists()


EPOCH_NUMBERS = re.compile(r"\b((?:val_)?(?:loss|accuracy)): (\d+\.\d{4})")


def epoch_numbers(output: str) -> list[dict[str, str]]:
    """Keras's line per epoch (verbose=2) as {name: number}, timings left out."""
    lines = [line for line in output.splitlines() if " - val_loss: " in line]
    return [dict(EPOCH_NUMBERS.findall(line)) for line in lines]


def netspec_run(capsys: pytest.CaptureFixture[str], spec: str, *args: str) -> str:
    code, out, err = run_cli(capsys, "run", spec, *args)
    assert code == 0, out + err
    return out


def test_one_epoch_of_script_and_netspec_run_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same seed, same data, the same pipeline and model: the same numbers, to the digit."""
    data = learnable_idx(tmp_path, 640, 400)
    common = ["--data-dir", str(data), "--epochs", "1", "--seed", "3"]
    spec = str(SPECS_DIR / "lenet5.yaml")
    ours = netspec_run(capsys, spec, *common, "--out", str(tmp_path / "run"))
    theirs = run_script(rendered("lenet5", "keras"), tmp_path, *common, "--out", "script")
    assert epoch_numbers(ours) == epoch_numbers(theirs.stdout) != []
    run_metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    script_metrics = json.loads((tmp_path / "script" / "metrics.json").read_text())
    assert abs(run_metrics["test_accuracy"] - script_metrics["test_accuracy"]) < 1e-6


def test_image_folder_with_augment_agrees_and_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """catsdogs (a folder streamed from disk, seeded flips): netspec run twice and the script
    once give the same numbers: augmentation is seeded, one batch after another."""
    from tests.data_fixtures import make_image_folder

    folder = make_image_folder(tmp_path / "pets", ["cats", "dogs"], 24, size=(140, 150))
    common = ["--data", str(folder), "--epochs", "1", "--batch-size", "8"]
    spec = str(SPECS_DIR / "catsdogs.yaml")
    first = netspec_run(capsys, spec, *common, "--out", str(tmp_path / "a"))
    second = netspec_run(capsys, spec, *common, "--out", str(tmp_path / "b"))
    script = run_script(rendered("catsdogs", "keras"), tmp_path, *common, "--out", "s")
    assert epoch_numbers(first) == epoch_numbers(second) == epoch_numbers(script.stdout) != []


# --- hostile text -------------------------------------------------------------------------------


BENIGN = """
name: hostile
description: benign
input: [8, 8, 1]
classes: [a, b]
layers:
  - {type: conv, filters: 2, size: 3, name: conv1}
  - flatten
  - {type: fc, units: 2, name: out}
train: {seed: 1}
"""
NASTY = st.sampled_from(
    [
        '"""',
        "'''",
        '"',
        "'",
        "\\",
        "\\n",
        "\\x",
        "\\N{",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\x00",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x1d",
        "\x1e",
        "\x85",
        "\u2028",
        "\u2029",
        "\ud800",
        "\udfff",
        "\u202e",
        "\ufeff",
        "{{ x }}",
        "{% if x %}",
        "{#",
        "#",
        "%(prog)s",
        "%",
        "}",
        "\\u2028",
    ]
)
HOSTILE = st.lists(
    st.one_of(NASTY, st.text(st.characters(exclude_categories=()), max_size=6)), max_size=8
).map("".join)


def skeleton(text: str) -> str:
    """The AST without docstrings, with every string constant blanked."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body[0] = ast.Pass()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(tree)


@functools.cache
def benign_skeleton(style: str) -> str:
    return skeleton(render_script(parse_network(BENIGN, "spec.yaml"), style))


def assert_safe(text: str, style: str) -> None:
    text.encode("utf-8")  # no lone surrogates
    assert not any(ch in text for ch in LINE_BREAKS)
    assert skeleton(text) == benign_skeleton(style)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    description=HOSTILE,
    classes=st.tuples(HOSTILE, HOSTILE),
    layer=HOSTILE,
    file=HOSTILE,
    style=st.sampled_from(STYLES),
)
def test_hostile_strings_stay_inside_literals(
    description: str, classes: tuple[str, str], layer: str, file: str, style: str
) -> None:
    """Bypassing validation: whatever the strings, the script's statements do not change."""
    network = parse_network(BENIGN, "spec.yaml")
    network = replace(
        network,
        description=description,
        classes=classes,
        file=file,
        layers=(replace(network.layers[0], name=layer or "x"), *network.layers[1:]),
    )
    assert_safe(render_script(network, style), style)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    description=HOSTILE,
    classes=st.tuples(HOSTILE, HOSTILE),
    layer=HOSTILE,
    style=st.sampled_from(STYLES),
)
def test_hostile_spec_is_emitted_safely_or_refused(
    description: str, classes: tuple[str, str], layer: str, style: str
) -> None:
    """Through YAML: the spec is refused with a SpecError, or emitted with the same statements."""
    text = (
        BENIGN.replace("description: benign", f"description: {json.dumps(description)}")
        .replace("classes: [a, b]", f"classes: {json.dumps(list(classes))}")
        .replace("name: conv1", f"name: {json.dumps(layer)}")
    )
    try:
        network = parse_network(text, "spec.yaml")
    except SpecError:
        return
    assert_safe(render_script(network, style), style)


@given(HOSTILE)
def test_literal_and_text_filters(value: str) -> None:
    literal = pyrepr(value)
    assert ast.literal_eval(literal) == value
    for safe in (literal, doctext(value), docwrap(value), comment(value)):
        safe.encode("utf-8")
        assert not any(ch in safe for ch in LINE_BREAKS)
    assert "\n" not in literal + doctext(value) + comment(value)
    for text in (doctext(value), docwrap(value)):
        assert '"""' not in text.replace('\\"', "")
        compile(f'"""\n{text}\n"""\n', "doc", "exec")
    compile(f"# {comment(value)}\n", "comment", "exec")


def test_double_quotes_as_ruff_writes_them() -> None:
    assert pyrepr("conv1") == '"conv1"'
    assert pyrepr("it's") == '"it\'s"'
    assert pyrepr('say "hi"') == "'say \"hi\"'"
    assert pyrepr((5, 5)) == "(5, 5)" and pyrepr((3,)) == "(3,)"
    assert pyrepr(1e-4) == "0.0001" and pyrepr(1.5e20) == "1.5e20" and pyrepr(True) == "True"


def test_a_network_without_class_scores_is_refused() -> None:
    network = parse_network(
        "name: x\ninput: [8, 8, 1]\nlayers: [{type: conv, filters: 2, size: 3}]\n"
    )
    with pytest.raises(SpecError, match="output is 6x6x2, not a vector of class scores"):
        render_script(network, "keras")


# --- the command --------------------------------------------------------------------------------


def test_emit_writes_and_refuses_to_overwrite(
    tmp_path: Path, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "train_lenet5.py"
    code, out, err = run_cli(capsys, "emit", "specs/lenet5.yaml", "-o", str(target))
    assert code == 0, err
    assert "wrote" in out and target.read_text() == rendered("lenet5", "keras")
    target.write_text("# mine\n")
    code, out, err = run_cli(capsys, "emit", "specs/lenet5.yaml", "-o", str(target))
    assert code == 2
    assert "exists; pass --force to overwrite it" in err
    assert target.read_text() == "# mine\n"
    code, out, err = run_cli(
        capsys, "emit", "specs/lenet5.yaml", "-o", str(target), "--style", "tf", "--force"
    )
    assert code == 0, err
    assert target.read_text() == rendered("lenet5", "tf")


def test_emit_to_stdout(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "emit", "specs/mlp.yaml", "--style", "tf")
    assert code == 0
    assert out == rendered("mlp", "tf")


def test_emit_refuses_a_bad_spec(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "emit", "tests/bad/alexnet-224.yaml")
    assert code == 1 and out == ""
    assert "is not an integer" in err
