"""`netspec run`: train a Network's Keras model on real data and keep a reusable run folder.

The run folder holds everything needed to continue or reuse the run without unsafe
deserialization: the resolved spec (the model is rebuilt from it), weights only, the optimizer's
variables as plain arrays, and a per-epoch history. Every file is written to a temporary name
and renamed into place, so a run killed at any moment resumes from its last complete epoch.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from netspec import quiet
from netspec.distribute import DEFAULT_TIMEOUT
from netspec.errors import DataError, NetspecError, TrainingError, UsageError
from netspec.model import Network, load_network

SPEC_FILE = "spec.yaml"
RUN_FILE = "run.json"
WEIGHTS_FILE = "weights.weights.h5"
CHECKPOINTS = "checkpoints"
LATEST = "latest"


@dataclass
class RunOptions:
    """What the command line asks of a run, beyond the spec's train: section."""

    data: str
    data_dir: str | None = None
    out: str | None = None
    resume: str | None = None
    runs_root: str = "runs"
    verbose: int | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    strategy: str = "auto"
    worker_timeout: float = DEFAULT_TIMEOUT


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, Any]
    notes: list[str]


# --- files ----------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def resolved_spec_text(network: Network) -> str:
    """The spec as run: the original document with the train: section fully resolved."""
    data = dict(network.data)
    data["train"] = network.train.to_data()
    header = f"# resolved by netspec from {network.file}\n"
    return header + yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)


def check_out_dir(options: RunOptions) -> None:
    """Refuse an --out folder that holds something, before any work is done."""
    if options.out:
        run_dir = Path(options.out)
        if run_dir.exists() and (not run_dir.is_dir() or any(run_dir.iterdir())):
            raise TrainingError(
                f"--out {run_dir} exists and is not empty; choose a new folder "
                f"or continue it with --resume {run_dir}"
            )


def new_run_dir(network: Network, options: RunOptions) -> Path:
    check_out_dir(options)
    if options.out:
        run_dir = Path(options.out)
    else:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        run_dir = Path(options.runs_root) / f"{network.name}-{stamp}"
        n = 1
        while run_dir.exists():
            n += 1
            run_dir = Path(options.runs_root) / f"{network.name}-{stamp}-{n}"
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir


def load_run(run_dir: str | Path) -> tuple[Network, dict[str, Any]]:
    """The Network and settings of an earlier run, rebuilt from its saved spec."""
    path = Path(run_dir)
    spec = path / SPEC_FILE
    if not spec.is_file():
        raise TrainingError(f"{path} is not a netspec run folder: {SPEC_FILE} is missing")
    info: dict[str, Any] = {}
    if (path / RUN_FILE).is_file():
        info = json.loads((path / RUN_FILE).read_text())
    return load_network(spec), info


# --- data -------------------------------------------------------------------------------------


def load_data(network: Network, data: str, data_dir: str | None) -> Any:
    from netspec import datasets

    last = network.layers[-1]
    units = network_output_units(network)
    try:
        return datasets.load_dataset(
            data,
            network.input,
            units,
            data_dir=data_dir,
            last_layer=last.name,
            classes=list(network.classes) if network.classes else None,
        )
    except datasets.DataError as exc:
        raise DataError(str(exc)) from None


def network_output_units(network: Network) -> int:
    from netspec.shapes import analyze

    output = analyze(network).output
    if len(output) != 1:
        raise DataError(
            f"the network's output is {'x'.join(map(str, output))}, not a vector of "
            "class scores; end the spec with flatten and an fc layer with one unit "
            "per class"
        )
    return output[0]


def split_validation(
    x: np.ndarray, y: np.ndarray, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded random hold-out (Keras's validation_split would take the unshuffled tail)."""
    if fraction <= 0:
        return x, y, x[:0], y[:0]
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = max(1, round(len(x) * fraction))
    val, train = order[:n_val], order[n_val:]
    if not len(train):
        raise DataError(
            f"validation_split {fraction:g} holds out all {len(x)} training images; "
            "lower it so some are left to train on"
        )
    return x[train], y[train], x[val], y[val]


def make_pipeline(
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    *,
    training: bool,
    seed: int,
    network: Network,
    num_classes: int,
) -> Any:
    """tf.data: cache the uint8 images, shuffle, batch, then scale (and augment) whole batches."""
    import tensorflow as tf

    one_hot = network.train.loss == "mse"
    augmenter = make_augmenter(network, seed) if training else None

    def prepare(images: Any, labels: Any) -> tuple[Any, Any]:
        images = tf.cast(images, tf.float32) / 255.0
        if augmenter is not None:
            images = augmenter(images, training=True)
        if one_hot:
            labels = tf.one_hot(labels, num_classes)
        return images, labels

    ds = tf.data.Dataset.from_tensor_slices((x, y.astype("int32"))).cache()
    if training:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size).map(prepare, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def make_augmenter(network: Network, seed: int) -> Any:
    """Keras preprocessing layers for the spec's augment: settings (None when there are none)."""
    import keras

    augment = network.train.augment
    if not augment.enabled:
        return None
    h, w, _ = network.input
    steps: list[Any] = []
    if augment.flip:
        mode = {"both": "horizontal_and_vertical"}.get(augment.flip, augment.flip)
        steps.append(keras.layers.RandomFlip(mode, seed=seed))
    if augment.rotate:
        steps.append(keras.layers.RandomRotation(augment.rotate / 360.0, seed=seed))
    if augment.zoom:
        steps.append(keras.layers.RandomZoom(augment.zoom, seed=seed))
    if augment.crop:
        steps.append(keras.layers.ZeroPadding2D(augment.crop))
        steps.append(keras.layers.RandomCrop(h, w, seed=seed))
    return keras.Sequential(steps, name="augment")


# --- model ------------------------------------------------------------------------------------


def make_optimizer(network: Network, steps_per_epoch: int) -> Any:
    import keras

    train = network.train
    rate: Any = train.learning_rate
    decay = train.lr_decay
    if decay is not None:
        if decay.kind == "exponential":
            rate = keras.optimizers.schedules.ExponentialDecay(
                rate, decay_steps=steps_per_epoch, decay_rate=decay.rate, staircase=True
            )
        elif decay.kind == "step":
            rate = keras.optimizers.schedules.ExponentialDecay(
                rate,
                decay_steps=steps_per_epoch * decay.every,
                decay_rate=decay.rate,
                staircase=True,
            )
        else:
            rate = keras.optimizers.schedules.CosineDecay(
                rate, decay_steps=steps_per_epoch * train.epochs, alpha=decay.alpha
            )
    if train.optimizer == "sgd":
        return keras.optimizers.SGD(rate)
    if train.optimizer == "momentum":
        return keras.optimizers.SGD(rate, momentum=train.momentum)
    if train.optimizer == "adam":
        return keras.optimizers.Adam(rate)
    if train.optimizer == "adagrad":
        return keras.optimizers.Adagrad(rate)
    return keras.optimizers.RMSprop(rate)


def compile_model(model: Any, network: Network, steps_per_epoch: int) -> None:
    import keras

    softmax_out = softmax_output(network)
    if network.train.loss == "mse":
        loss: Any = keras.losses.MeanSquaredError()
        metric: Any = keras.metrics.CategoricalAccuracy(name="accuracy")
    else:
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=not softmax_out)
        metric = keras.metrics.SparseCategoricalAccuracy(name="accuracy")
    model.compile(
        optimizer=make_optimizer(network, steps_per_epoch),
        loss=loss,
        metrics=[metric],
        # Several steps per call into TensorFlow: on a CPU that saves ~15% of an epoch.
        steps_per_execution=STEPS_PER_EXECUTION,
    )


def save_optimizer(optimizer: Any) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, *[np.asarray(v.numpy()) for v in optimizer.variables])
    return buffer.getvalue()


def restore_optimizer(model: Any, payload: Path) -> None:
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    with np.load(payload, allow_pickle=False) as arrays:
        values = [arrays[f"arr_{i}"] for i in range(len(arrays.files))]
    if len(values) != len(optimizer.variables):
        raise TrainingError("the checkpoint's optimizer state does not match this model")
    for variable, value in zip(optimizer.variables, values, strict=True):
        variable.assign(value)


def load_checkpoint(model: Any, checkpoint: Path) -> None:
    """A checkpoint's weights and optimizer state into a compiled model.

    The weights file also holds the optimizer's variables, which Keras skips (with a warning)
    because the new optimizer is not built yet; restore_optimizer restores them right after,
    so that one warning would only alarm.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipping variable loading for optimizer", category=UserWarning
        )
        model.load_weights(checkpoint / WEIGHTS_FILE)
    restore_optimizer(model, checkpoint / "optimizer.npz")


def resume_message(run_dir: Path, done: int, epochs: int) -> str:
    """The one line a resumed run starts with: where it continues, or that nothing is left."""
    if done == 0:
        return f"resuming {run_dir}: no complete epoch yet, starting from epoch 1 of {epochs}"
    if done >= epochs:
        return (
            f"resuming {run_dir}: nothing left to train ({plural(done, 'epoch')} done, "
            f"--epochs {epochs}); testing only"
        )
    return f"resuming {run_dir} after epoch {done} of {epochs}"


def plural(count: int, word: str) -> str:
    """'1 epoch', '2 epochs'."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def class_names(network: Network, data_names: list[str]) -> list[str]:
    """The one rule for naming classes: the spec's classes: when given, else the data set's
    names (datasets.py numbers the classes it has no names for)."""
    return list(network.classes) if network.classes else list(data_names)


def describe_classes(network: Network, names: list[str]) -> str:
    """'classes (from the spec): a, b, c': which name predict gives each output, and why."""
    return f"classes (from {'the spec' if network.classes else 'the data'}): {', '.join(names)}"


# --- callbacks --------------------------------------------------------------------------------


def step_progress(steps: int, interval: float = 0.25) -> Any:
    """Keras's progress bar, counting the steps that really ran, redrawn at most 4 times a second.

    With steps_per_execution, Keras reports the last step each call could have run, so its bar
    reads 16/4 or 848/844 on a short last call; here the count stops at the epoch's `steps`.
    The hook does nothing between redraws, and Keras may run it off the training thread.
    """
    import keras

    class _StepProgress(keras.callbacks.ProgbarLogger):
        async_safe = True

        def __init__(self) -> None:
            super().__init__()
            self.drawn = -math.inf

        def set_params(self, params: dict[str, Any]) -> None:
            super().set_params({**params, "steps": steps})

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            now = time.monotonic()
            if now - self.drawn >= interval:
                self.drawn = now
                super().on_train_batch_end(min(batch, steps - 1), logs)

    return _StepProgress()


class RunRecorder:
    """Per-epoch bookkeeping: NaN guard, atomic checkpoints, history.csv and curves.png.

    Only epoch-level hooks: a per-batch hook makes Keras fetch the logs after every step, which
    costs training speed. A NaN loss stays NaN in the epoch's mean, so the epoch end sees it.
    """

    def __init__(self, run_dir: Path, history: list[dict[str, float]], start_epoch: int):
        self.run_dir = run_dir
        self.history = history
        self.start_epoch = start_epoch
        self.nan_epoch: int | None = None
        self.nan_what = ""
        self.epoch_seconds: list[float] = []
        self.epoch_start = 0.0

    def callback(self) -> Any:
        import keras

        recorder = self

        class _Recorder(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
                recorder.epoch_start = time.perf_counter()

            def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
                recorder.epoch_seconds.append(time.perf_counter() - recorder.epoch_start)
                values = {k: float(v) for k, v in (logs or {}).items()}
                bad = [k for k, v in values.items() if not math.isfinite(v)]
                if recorder.nan_epoch or bad:
                    recorder.nan_epoch = recorder.nan_epoch or epoch + 1
                    recorder.nan_what = recorder.nan_what or ", ".join(bad)
                    self.model.stop_training = True
                    return
                recorder.epoch_done(self.model, epoch + 1, values)

        return _Recorder()

    def epoch_done(self, model: Any, epoch: int, values: dict[str, float]) -> None:
        self.history.append({"epoch": epoch, **values})
        checkpoints = self.run_dir / CHECKPOINTS
        checkpoints.mkdir(exist_ok=True)
        final = checkpoints / f"epoch-{epoch:04d}"
        tmp = checkpoints / f".epoch-{epoch:04d}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        model.save_weights(tmp / WEIGHTS_FILE)
        (tmp / "optimizer.npz").write_bytes(save_optimizer(model.optimizer))
        (tmp / "state.json").write_text(json.dumps({"epoch": epoch, "history": self.history}))
        _fsync_dir(tmp)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        write_atomic(checkpoints / LATEST, final.name)
        weights_tmp = self.run_dir / f".tmp-{os.getpid()}.{WEIGHTS_FILE}"
        shutil.copyfile(final / WEIGHTS_FILE, weights_tmp)
        os.replace(weights_tmp, self.run_dir / WEIGHTS_FILE)
        for old in checkpoints.glob("epoch-*"):
            if old.name != final.name:
                shutil.rmtree(old, ignore_errors=True)
        write_history(self.run_dir, self.history)


class EpochSummaries:
    """TensorBoard scalars once per epoch (logs/train and logs/validation, as Keras lays them out).

    Keras's own TensorBoard callback hooks every batch, which makes fit fetch the logs after
    each step and costs training speed; epoch curves are what a run needs.
    """

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir

    def callback(self) -> Any:
        import keras
        import tensorflow as tf

        writers = {
            part: tf.summary.create_file_writer(str(self.log_dir / part))
            for part in ("train", "validation")
        }

        class _Summaries(keras.callbacks.Callback):
            def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
                for key, value in (logs or {}).items():
                    part = "validation" if key.startswith("val_") else "train"
                    with writers[part].as_default():
                        tf.summary.scalar(f"epoch_{key.removeprefix('val_')}", value, step=epoch)
                for writer in writers.values():
                    writer.flush()

        return _Summaries()


def _fsync_dir(path: Path) -> None:
    """Flush every file in a folder to disk before the folder is renamed into place."""
    for item in path.iterdir():
        with open(item, "rb") as handle:
            os.fsync(handle.fileno())


def write_history(run_dir: Path, history: list[dict[str, float]]) -> None:
    buffer = io.StringIO()
    keys = list(dict.fromkeys(k for row in history for k in row))
    writer = csv.DictWriter(buffer, fieldnames=keys)
    writer.writeheader()
    writer.writerows(history)
    write_atomic(run_dir / "history.csv", buffer.getvalue())
    write_atomic(run_dir / "curves.png", plot_curves(history))


def plot_curves(history: list[dict[str, float]]) -> bytes:
    """Training and validation loss and accuracy per epoch, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [row["epoch"] for row in history]
    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for axis, metric in zip(axes, ("loss", "accuracy"), strict=True):
        for key, label in ((metric, "training"), (f"val_{metric}", "validation")):
            values = [row.get(key) for row in history]
            if any(v is not None for v in values):
                axis.plot(epochs, values, marker="o", label=label)
        axis.set_xlabel("epoch")
        axis.set_ylabel(metric)
        axis.set_title(metric)
        axis.grid(alpha=0.3)
        axis.legend()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return buffer.getvalue()


def remove_stale_temporaries(run_dir: Path) -> None:
    """Half-written files of a killed run: never read, but they can be as large as the model."""
    for stale in [
        *run_dir.glob(".*.tmp-*"),
        *run_dir.glob(f".tmp-*.{WEIGHTS_FILE}"),
        *(run_dir / CHECKPOINTS).glob(".epoch-*.tmp-*"),
    ]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def latest_checkpoint(run_dir: Path) -> Path | None:
    checkpoints = run_dir / CHECKPOINTS
    pointer = checkpoints / LATEST
    if pointer.is_file():
        candidate = checkpoints / pointer.read_text().strip()
        if (candidate / "state.json").is_file():
            return candidate
    complete = sorted(p for p in checkpoints.glob("epoch-*") if (p / "state.json").is_file())
    return complete[-1] if complete else None


# --- the run ----------------------------------------------------------------------------------


STEPS_PER_EXECUTION = 16
"""Training steps per call into TensorFlow (fewer Python round trips; same arithmetic)."""

RESUMABLE = frozenset({"epochs", "learning_rate", "early_stopping"})
"""train: keys a resumed run may change; the others would change what was already trained."""


def apply_overrides(
    network: Network, flags: dict[str, Any], settings: dict[str, Any] | None = None
) -> Network:
    """Command-line values for train: keys, validated like the spec's own section.

    `flags` come from named options (None: not given); `settings` from --set KEY=VALUE, where a
    null VALUE removes the key (e.g. --set lr_decay=null turns a schedule off).
    """
    from netspec.model import TrainConfig
    from netspec.schema import TRAIN_SCHEMA, schema_messages

    given = {k: v for k, v in flags.items() if v is not None}
    settings = settings or {}
    if not given and not settings:
        return network
    data = {**(network.data.get("train") or {}), **given}
    for key, value in settings.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value

    def option(key: str) -> str:
        return f"--set {key}=..." if key in settings else f"--{key.replace('_', '-')}"

    problems = [
        f"{option(str(path[0]))}: {message}"
        for path, _, message in schema_messages(TRAIN_SCHEMA, data, "")
        if path and (path[0] in given or path[0] in settings)
    ]
    if problems:
        raise UsageError("; ".join(problems))
    return replace(network, train=TrainConfig.from_data(data), data={**network.data, "train": data})


def changed_keys(before: Network, after: Network) -> set[str]:
    old, new = before.train.to_data(), after.train.to_data()
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def run(network: Network | None, options: RunOptions, log: Any = print) -> RunResult:
    """Train, evaluate on the test split and save the run; the whole `netspec run`."""
    from netspec.distribute import make_cluster

    quiet.drop_startup_lines()
    info: dict[str, Any] = {}
    source_dir: Path | None = None
    resume_changes: set[str] = set()
    if options.resume:
        source_dir = Path(options.resume)
        saved, info = load_run(source_dir)
        network = apply_overrides(saved, options.overrides, options.settings)
        resume_changes = changed_keys(saved, network)
        frozen = sorted(resume_changes - RESUMABLE)
        if "learning_rate" in resume_changes and network.train.lr_decay is not None:
            frozen.append("learning_rate (it follows the run's lr_decay schedule)")
        if frozen:
            raise UsageError(
                f"--resume continues {source_dir} with the settings it was trained with; "
                f"{', '.join(frozen)} cannot change now (epochs, learning_rate and "
                "early_stopping can). Start a new run to train differently."
            )
    else:
        if network is None:
            raise UsageError("name a SPEC to train, or an earlier run with --resume RUN")
        network = apply_overrides(network, options.overrides, options.settings)
    # A multi-worker strategy must exist before TensorFlow runs anything else.
    cluster = make_cluster(options.strategy, options.worker_timeout)
    chief = cluster is None or cluster.is_chief
    if source_dir is not None and chief:
        remove_stale_temporaries(source_dir)  # only the chief ever writes in the run folder
    if not options.resume and network.train.seed is None:
        if cluster is not None and cluster.multi_worker:
            raise UsageError(
                "every worker must use the same seed: set --seed (or seed: in "
                "train:) for --strategy multi-worker"
            )
        network = network.with_train(seed=int.from_bytes(os.urandom(3), "big"))
    if not chief:
        # Workers other than the chief keep their files apart, so nothing collides with its run.
        worker = cluster.task.split(",")[0].replace(" ", "")  # type: ignore[union-attr]
        run_dir = Path(tempfile.mkdtemp(prefix=f"netspec-{network.name}-{worker}-"))
    elif source_dir is not None:
        run_dir = source_dir
    else:
        run_dir = None  # made once the data has loaded: a failed start leaves no empty folder
        check_out_dir(options)
    seed = int(network.train.seed or 0)

    import keras

    from netspec.backends.keras_builder import build_model

    data = options.data or info.get("data")
    data_dir = options.data_dir or info.get("data_dir")
    if not data:
        raise UsageError("name the data with --data mnist|fashion-mnist|cifar10|PATH")
    dataset = load_data(network, data, data_dir)
    notes = list(getattr(dataset, "notes", []))
    num_classes = network_output_units(network)
    x_train, y_train, x_val, y_val = split_validation(
        dataset.x_train, dataset.y_train, network.train.validation_split, seed
    )
    batch = network.train.batch_size
    steps_per_epoch = max(1, math.ceil(len(x_train) / batch))
    if run_dir is None:
        run_dir = new_run_dir(network, options)

    if source_dir is None or not chief:
        write_atomic(run_dir / SPEC_FILE, resolved_spec_text(network))
        info = {
            # A path is kept absolute so evaluate and --resume work from any folder.
            "data": str(Path(data).resolve()) if Path(data).exists() else data,
            "data_dir": data_dir,
            "spec": network.file,
            "class_names": class_names(network, dataset.class_names),
            "seed": seed,
            "strategy": cluster.name if cluster else "default",
            "started": datetime.now().isoformat(timespec="seconds"),
        }
        write_atomic(run_dir / RUN_FILE, json.dumps(info, indent=2))
        if chief:
            _draw(network, run_dir)

    keras.utils.set_random_seed(seed)

    def scope() -> Any:
        """The strategy's scope, new each time (one cannot be entered twice)."""
        return cluster.strategy.scope() if cluster else contextlib.nullcontext()

    with scope():
        model = build_model(network)
        compile_model(model, network, steps_per_epoch)
    history: list[dict[str, float]] = []
    start_epoch = 0
    if source_dir is not None:
        checkpoint = latest_checkpoint(source_dir)
        if checkpoint is not None:
            state = json.loads((checkpoint / "state.json").read_text())
            with scope():
                load_checkpoint(model, checkpoint)
                if "learning_rate" in resume_changes:
                    # The optimizer's state holds the old rate; the new one must win.
                    model.optimizer.learning_rate = network.train.learning_rate
            start_epoch = int(state["epoch"])
            history = list(state["history"])
        log(resume_message(source_dir, start_epoch, network.train.epochs))
        if resume_changes and chief:
            write_atomic(source_dir / SPEC_FILE, resolved_spec_text(network))

    def pipeline(x: np.ndarray, y: np.ndarray, training: bool) -> Any:
        ds = make_pipeline(
            x,
            y,
            batch,
            training=training,
            seed=seed + start_epoch,
            network=network,
            num_classes=num_classes,
        )
        if cluster is not None and cluster.multi_worker:
            from netspec.distribute import distribute

            return distribute(cluster, ds)
        return ds

    train_ds = pipeline(x_train, y_train, True)
    val_ds = pipeline(x_val, y_val, False) if len(x_val) else None
    test_ds = pipeline(dataset.x_test, dataset.y_test, False)

    recorder = RunRecorder(run_dir, history, start_epoch)
    callbacks: list[Any] = [recorder.callback(), step_progress(steps_per_epoch)]
    if chief:
        callbacks.append(EpochSummaries(run_dir / "logs").callback())
    stopping = network.train.early_stopping
    if stopping is not None:
        monitor = stopping.monitor if val_ds is not None or stopping.monitor == "loss" else "loss"
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor=monitor, patience=stopping.patience, restore_best_weights=False
            )
        )
    verbose = options.verbose if options.verbose is not None else (1 if sys.stdout.isatty() else 2)
    log(
        f"training {network.name}: {len(x_train):,} images ({len(x_val):,} held out for "
        f"validation), batch {batch}, {plural(network.train.epochs, 'epoch')}, "
        f"{network.train.optimizer} lr {network.train.learning_rate:g}, seed {seed}"
    )
    log(describe_classes(network, class_names(network, dataset.class_names)))
    if cluster is not None:
        log(cluster.describe(batch, network.train.learning_rate))
    loop = None
    if cluster is not None and cluster.multi_worker:
        from netspec.distribute import MultiWorkerLoop

        loop = MultiWorkerLoop(
            cluster, model, per_example_loss(network), network.train.loss == "mse"
        )
    started = time.perf_counter()
    if start_epoch < network.train.epochs:
        if loop is not None:
            loop.fit(
                train_ds,
                val_ds,
                network.train.epochs,
                start_epoch,
                callbacks,
                verbose,
                steps_per_epoch,
            )
        else:
            model.fit(
                train_ds,
                validation_data=val_ds,
                epochs=network.train.epochs,
                initial_epoch=start_epoch,
                callbacks=callbacks,
                verbose=verbose,
                shuffle=False,
            )
    train_seconds = sum(recorder.epoch_seconds)

    if recorder.nan_epoch is not None:
        good = latest_checkpoint(run_dir)
        kept = (
            f"kept the weights of epoch {good.name.split('-')[1].lstrip('0') or '0'} in "
            f"{run_dir / WEIGHTS_FILE}"
            if good
            else "no epoch completed, so no weights were saved"
        )
        raise TrainingError(
            f"the {'training loss' if recorder.nan_what == 'loss' else recorder.nan_what} "
            f"became NaN in epoch {recorder.nan_epoch}; training stopped and "
            f"{kept}.\n  hint: lower the learning rate (now {network.train.learning_rate:g}) "
            "or check the data for extreme values"
        )

    if loop is not None:
        test_loss, test_accuracy = loop.evaluate(test_ds)
    else:
        test_loss, test_accuracy = (float(v) for v in model.evaluate(test_ds, verbose=0)[:2])
    epochs_run = len(recorder.epoch_seconds)
    metrics = {
        "spec": network.name,
        "data": dataset.source,
        "test_accuracy": test_accuracy,
        "test_loss": test_loss,
        "epochs": len(history),
        "epochs_this_session": epochs_run,
        "seconds": round(time.perf_counter() - started, 3),
        "train_seconds": round(train_seconds, 3),
        "images_per_second": round(len(x_train) * epochs_run / train_seconds, 1)
        if train_seconds
        else None,
        "train_images": len(x_train),
        "validation_images": len(x_val),
        "test_images": len(dataset.x_test),
        "params": int(model.count_params()),
        "seed": seed,
        "strategy": cluster.name if cluster else "default",
        "replicas": cluster.replicas if cluster else 1,
        "history": history,
    }
    write_atomic(run_dir / "metrics.json", json.dumps(metrics, indent=2))
    if not chief:
        notes.append(f"this worker is not the chief: its copy of the weights is in {run_dir}")
    return RunResult(run_dir, metrics, notes)


def per_example_loss(network: Network) -> Any:
    """The spec's loss without reduction (a distributed step averages over the global batch)."""
    import keras

    if network.train.loss == "mse":
        return keras.losses.MeanSquaredError(reduction=None)
    return keras.losses.SparseCategoricalCrossentropy(
        from_logits=not softmax_output(network), reduction=None
    )


def softmax_output(network: Network) -> bool:
    last = network.layers[-1]
    return "softmax" in (getattr(last, "activation", None), getattr(last, "function", None))


def _draw(network: Network, run_dir: Path) -> None:
    """network.svg beside curves.png; a drawing problem never stops training."""
    try:
        from netspec.draw import draw_to_file
        from netspec.shapes import analyze

        draw_to_file(analyze(network), run_dir / "network.svg")
    except (ImportError, NetspecError, OSError):
        pass


# --- reuse a run --------------------------------------------------------------------------


def restore_model(run_dir: str | Path) -> tuple[Any, Network, dict[str, Any]]:
    """Rebuild a run's model from its spec and load only its weights (no deserialization)."""
    quiet.drop_startup_lines()
    from netspec.backends.keras_builder import build_model

    network, info = load_run(run_dir)
    weights = Path(run_dir) / WEIGHTS_FILE
    if not weights.is_file():
        raise TrainingError(f"{run_dir} has no {WEIGHTS_FILE}: no epoch of that run completed")
    model = build_model(network)
    model.load_weights(weights)
    return model, network, info


def evaluate(run_dir: str | Path, data: str | None, data_dir: str | None) -> dict[str, float]:
    model, network, info = restore_model(run_dir)
    data = data or info.get("data")
    if not data:
        raise DataError("name the data to evaluate on with --data")
    dataset = load_data(network, data, data_dir or info.get("data_dir"))
    num_classes = network_output_units(network)
    compile_model(model, network, 1)
    test_ds = make_pipeline(
        dataset.x_test,
        dataset.y_test,
        network.train.batch_size,
        training=False,
        seed=0,
        network=network,
        num_classes=num_classes,
    )
    loss, accuracy = (float(v) for v in model.evaluate(test_ds, verbose=0)[:2])
    return {"test_accuracy": accuracy, "test_loss": loss, "test_images": len(dataset.x_test)}


def predict(
    run_dir: str | Path, images: list[str], top: int = 3
) -> list[tuple[str, list[tuple[str, float]]]]:
    """Class names and probabilities for each image, best first."""
    from netspec import datasets

    model, network, info = restore_model(run_dir)
    names = class_names(network, info.get("class_names") or [])
    results = []
    for image in images:
        try:
            pixels = datasets.read_image(image, network.input)
        except datasets.DataError as exc:
            raise DataError(str(exc)) from None
        batch = pixels[None].astype("float32") / 255.0
        scores = np.asarray(model(batch, training=False))[0]
        if not softmax_output(network):
            scores = np.exp(scores - scores.max())
            scores = scores / scores.sum()
        order = np.argsort(scores)[::-1][:top]
        label = [(names[i] if i < len(names) else str(i), float(scores[i])) for i in order]
        results.append((image, label))
    return results
