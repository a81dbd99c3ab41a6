"""`netspec run`: train a Network's Keras model on real data and keep a reusable run folder.

The run folder holds everything needed to continue or reuse the run without unsafe
deserialization: the resolved spec (the model is rebuilt from it), weights only, the optimizer's
variables as plain arrays, and a per-epoch history. Every file is written to a temporary name
and renamed into place, so a run killed at any moment resumes from its last complete epoch.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from netspec import architecture, quiet, runfolder, runlock
from netspec.checkpoints import (
    EpochSummaries,
    RunRecorder,
    load_checkpoint,
    publish_checkpoint,
    step_progress,
)
from netspec.distribute import DEFAULT_TIMEOUT
from netspec.errors import DataError, NetspecError, TrainingError, UsageError
from netspec.model import Network, load_network
from netspec.runfolder import (
    RUN_FILE,
    SPEC_FILE,
    WEIGHTS_FILE,
    kill_point,
    latest_checkpoint,
    remove_stale_temporaries,
    write_atomic,
)


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
    cache: str | None = None
    """A folder for an image folder's decoded images (netspec/image_cache.py); None: no cache."""


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, Any]
    notes: list[str]


# --- files ----------------------------------------------------------------------------------


def resolved_spec_text(network: Network) -> str:
    """The spec as run: the original document with the train: section fully resolved."""
    data = dict(network.data)
    data["train"] = network.train.to_data()
    header = f"# resolved by netspec from {network.file}\n"
    return header + yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)


def out_dir_problem(run_dir: Path) -> str | None:
    """Why --out cannot train into `run_dir` (None: it is new, empty, or never got going)."""
    if not run_dir.exists():
        return None
    if not run_dir.is_dir():
        return f"--out {run_dir} exists and is not a folder; choose a new folder"
    if not any(run_dir.iterdir()):
        return None
    if not runfolder.never_started(run_dir):
        return (
            f"--out {run_dir} exists and is not empty; choose a new folder "
            f"or continue it with --resume {run_dir}"
        )
    return runlock.is_locked(run_dir)


def check_out_dir(options: RunOptions) -> None:
    """Refuse an --out folder that holds a run's work, before any work is done."""
    if options.out:
        problem = out_dir_problem(Path(options.out))
        if problem:
            raise TrainingError(problem)


def new_run_dir(network: Network, options: RunOptions) -> Path:
    """Make and lock the run folder; a folder left by a run with no complete epoch is reused."""
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
    with runfolder.disk_errors(run_dir):
        run_dir.mkdir(parents=True, exist_ok=True)
        runlock.acquire(run_dir)
        try:
            check_out_dir(options)  # again, now that no other process can start in it
            runfolder.clear_started(run_dir)
        except BaseException:
            runlock.release(run_dir)
            raise
    return run_dir


def load_run(run_dir: str | Path) -> tuple[Network, dict[str, Any]]:
    """The Network and settings of an earlier run, rebuilt from its saved spec."""
    path = Path(run_dir)
    if not (path / SPEC_FILE).is_file():
        raise TrainingError(runfolder.missing_spec_message(path))
    info = runfolder.read_run_info(path)
    return load_network(path / SPEC_FILE), info


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


def data_to_read(given: str | None, info: dict[str, Any], run_dir: Path | str | None) -> str:
    """--data when given, else the data an earlier run recorded, said as gone if it has gone
    (rather than blaming a --data nobody gave)."""
    from netspec import datasets

    recorded = info.get("data")
    if given or not recorded:
        if not given:
            raise UsageError("name the data with --data mnist|fashion-mnist|cifar10|PATH")
        return given
    try:
        datasets.check_data_source(recorded)
    except datasets.DataError:
        raise DataError(
            f"{run_dir} was trained on {recorded}, which is no longer there; name the data with "
            "--data"
        ) from None
    return recorded


def check_memory(dataset: Any, network: Network, validation_split: float) -> None:
    """The data's memory estimate against what is free, as netspec's own DataError."""
    from netspec import datasets

    try:
        datasets.check_memory(dataset, network.input, network.train.batch_size, validation_split)
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
    """The runtime's seeded per-class hold-out, refused when it would hold out nothing."""
    from netspec.runtime import split_validation as hold_out

    if fraction <= 0:
        return x, y, x[:0], y[:0]
    parts = hold_out(x, y, fraction, seed)
    if not len(parts[2]):
        raise DataError(
            f"validation_split {fraction:g} holds out none of the {len(x)} training images: "
            "each class has only one; give each class more images, or set validation_split: 0"
        )
    return parts


def make_pipeline(
    x: np.ndarray, y: np.ndarray, network: Network, *, training: bool, seed: int, read: Any = None
) -> Any:
    """The emitted script's pipeline (netspec/runtime.py), then, as the script adds them, the
    spec's augmentation of training batches and one-hot labels for mse. `read` reads an element
    of x when x holds file names (file_reading says which reader)."""
    from netspec import runtime
    from netspec.backends import recipe

    shape = tuple(network.input)
    ds = runtime.make_pipeline(x, y, network.train.batch_size, shape, training, seed, read)
    augmenter = recipe.augmenter(network)
    if training and augmenter is not None:
        ds = runtime.augment_batches(ds, recipe.make(augmenter, {"seed": seed}))
    if network.train.loss == "mse":
        ds = runtime.one_hot_labels(ds, network_output_units(network))
    return ds


@contextlib.contextmanager
def decode_errors(dataset: Any) -> Any:
    """An image TensorFlow cannot decode mid-training (a truncated file) is named, as a DataError
    rather than a TensorFlow traceback."""
    from netspec import datasets

    try:
        yield
    except Exception as exc:
        found = datasets.decode_failure(exc, dataset)
        if found is exc:
            raise
        raise DataError(str(found)) from None


# --- model ------------------------------------------------------------------------------------


def make_optimizer(network: Network, steps_per_epoch: int) -> Any:
    """The optimizer with its schedule, as netspec/backends/recipe.py lowers them."""
    from netspec.backends import recipe

    train = network.train
    numbers: dict[str, Any] = {
        "learning_rate": train.learning_rate,
        "steps_per_epoch": steps_per_epoch,
        "epochs": train.epochs,
    }
    schedule = recipe.schedule(network)
    if schedule is not None:
        numbers["schedule"] = recipe.make(schedule, numbers)
    return recipe.make(recipe.optimizer(network), numbers)


def compile_model(model: Any, network: Network, steps_per_epoch: int) -> None:
    """Optimizer, loss and metric, as the emitted script compiles them."""
    from netspec.backends import recipe

    model.compile(
        optimizer=make_optimizer(network, steps_per_epoch),
        loss=recipe.make(recipe.loss(network), {}),
        metrics=[recipe.make(recipe.metric(network), {})],
        # Several steps per call into TensorFlow: on a CPU that saves ~15% of an epoch.
        steps_per_execution=STEPS_PER_EXECUTION,
    )


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


@dataclass
class Session:
    """One `netspec run`: the network as it trains, its cluster, and where its files go."""

    network: Network
    options: RunOptions
    cluster: Any
    info: dict[str, Any]
    source_dir: Path | None
    changes: set[str]
    run_dir: Path | None = None
    loop: Any = None
    """The multi-worker training loop, once made (it also evaluates)."""

    @property
    def chief(self) -> bool:
        """Only the chief writes in the run folder; other workers keep their files apart."""
        return self.cluster is None or bool(self.cluster.is_chief)

    @property
    def multi_worker(self) -> bool:
        return self.cluster is not None and bool(self.cluster.multi_worker)

    def scope(self) -> Any:
        """The strategy's scope, new each time (one cannot be entered twice)."""
        return self.cluster.strategy.scope() if self.cluster else contextlib.nullcontext()


@dataclass
class TrainingData:
    """The loaded data set, its seeded validation hold-out, and where it came from."""

    dataset: Any
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    source: str
    source_dir: str | None
    steps_per_epoch: int
    x_test: np.ndarray
    read: Any = None
    """How the pipeline reads an element of x: None for pixels, else a file reader."""


def resumed_network(options: RunOptions) -> tuple[Network, dict[str, Any], set[str]]:
    """The run's saved network with the command line's changes, refusing ones that would
    change what was already trained."""
    source_dir = Path(options.resume or "")
    saved, info = load_run(source_dir)
    network = apply_overrides(saved, options.overrides, options.settings)
    changes = changed_keys(saved, network)
    frozen = sorted(changes - RESUMABLE)
    if "learning_rate" in changes and network.train.lr_decay is not None:
        frozen.append("learning_rate (it follows the run's lr_decay schedule)")
    if frozen:
        raise UsageError(
            f"--resume continues {source_dir} with the settings it was trained with; "
            f"{', '.join(frozen)} cannot change now (epochs, learning_rate and "
            "early_stopping can). Start a new run to train differently."
        )
    return network, info, changes


def start_session(network: Network | None, options: RunOptions) -> Session:
    """Settings, cluster and run folder, all settled before any data is read."""
    from netspec.distribute import make_cluster

    info: dict[str, Any] = {}
    changes: set[str] = set()
    if options.resume:
        network, info, changes = resumed_network(options)
    elif network is None:
        raise UsageError("name a SPEC to train, or an earlier run with --resume RUN")
    else:
        network = apply_overrides(network, options.overrides, options.settings)
    # A multi-worker strategy must exist before TensorFlow runs anything else.
    cluster = make_cluster(options.strategy, options.worker_timeout)
    source = Path(options.resume) if options.resume else None
    session = Session(network, options, cluster, info, source, changes)
    if not options.resume and network.train.seed is None:
        if session.multi_worker:
            raise UsageError(
                "every worker must use the same seed: set --seed (or seed: in "
                "train:) for --strategy multi-worker"
            )
        session.network = network.with_train(seed=int.from_bytes(os.urandom(3), "big"))
    claim_folder(session)
    return session


def claim_folder(session: Session) -> None:
    """Lock and tidy a resumed run's folder (chief), or give a worker a folder of its own."""
    if not session.chief:
        worker = session.cluster.task.split(",")[0].replace(" ", "")
        prefix = f"netspec-{session.network.name}-{worker}-"
        session.run_dir = Path(tempfile.mkdtemp(prefix=prefix))
    elif session.source_dir is not None:
        with runfolder.disk_errors(session.source_dir):
            runlock.acquire(session.source_dir)
            try:
                repair_run_folder(session.source_dir)
            except BaseException:
                runlock.release(session.source_dir)
                raise
        session.run_dir = session.source_dir
    else:
        check_out_dir(session.options)  # the folder is made once the data has loaded


def repair_run_folder(run_dir: Path) -> None:
    """A killed run's files brought in line with its last complete checkpoint."""
    checkpoint = latest_checkpoint(run_dir)
    if checkpoint is None:
        remove_stale_temporaries(run_dir)
        return
    history = runfolder.read_state(checkpoint)["history"]
    publish_checkpoint(run_dir, checkpoint, history, fresh=False)


def load_training_data(session: Session, log: Any = print) -> TrainingData:
    """Load, say what was found and what will be done with it, check memory, then split."""
    from netspec.datasets import summary_lines

    network, options = session.network, session.options
    source = data_to_read(options.data, session.info, session.source_dir)
    source_dir = options.data_dir or session.info.get("data_dir")
    dataset = load_data(network, source, source_dir)
    for line in summary_lines(dataset):
        log(line)
    for note in dataset.notes:
        log(f"note: {note}")
    check_memory(dataset, network, network.train.validation_split)
    x, x_test, read = file_reading(dataset, network, options.cache, log)
    x_train, y_train, x_val, y_val = split_validation(
        x, dataset.y_train, network.train.validation_split, int(network.train.seed or 0)
    )
    steps = max(1, math.ceil(len(x_train) / network.train.batch_size))
    return TrainingData(
        dataset, x_train, y_train, x_val, y_val, source, source_dir, steps, x_test, read
    )


def file_reading(
    dataset: Any, network: Network, cache: str | None, log: Any
) -> tuple[np.ndarray, np.ndarray, Any]:
    """x_train, x_test and their reader: pixels as they are (no reader), an image folder's
    files decoded as they are read, or, with a cache, its decoded images read from the cache."""
    from netspec import image_cache, runtime

    shape = tuple(network.input)
    if not dataset.folder:
        if cache is not None:
            log(f"note: --cache is for image folders; {dataset.source} is held in memory as it is")
        return dataset.x_train, dataset.x_test, None
    if cache is None:
        return dataset.x_train, dataset.x_test, functools.partial(runtime.decode_image, shape=shape)
    folder = Path(cache).expanduser()
    with image_cache.errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        entries = [
            image_cache.entry_names(x, shape, folder) for x in (dataset.x_train, dataset.x_test)
        ]
        with decode_errors(dataset):
            for paths, names in zip((dataset.x_train, dataset.x_test), entries, strict=True):
                image_cache.fill(paths, names, shape, log)
    return entries[0], entries[1], image_cache.raw_reader(shape)


def write_run_files(session: Session, data: TrainingData) -> None:
    """run.json, then spec.yaml (the mark of a run folder), then the drawing: a new run's."""
    network, run_dir = session.network, session.run_dir
    assert run_dir is not None
    info = {
        # A path is kept absolute so evaluate and --resume work from any folder.
        "data": str(Path(data.source).resolve()) if Path(data.source).exists() else data.source,
        "data_dir": data.source_dir,
        "spec": network.file,
        "class_names": class_names(network, data.dataset.class_names),
        # the data's own names, which evaluate matches (None: its classes are only numbered)
        "data_class_names": data.dataset.class_names if data.dataset.names_known else None,
        "seed": int(network.train.seed or 0),
        "strategy": session.cluster.name if session.cluster else "default",
        "started": datetime.now().isoformat(timespec="seconds"),
        "architecture": architecture.record(network),
    }
    with runfolder.disk_errors(run_dir):
        write_atomic(run_dir / RUN_FILE, json.dumps(info, indent=2))
        write_atomic(run_dir / SPEC_FILE, resolved_spec_text(network))
    session.info = info
    if session.chief:
        _draw(network, run_dir)


def restore_progress(session: Session, model: Any) -> tuple[int, list[dict[str, float]]]:
    """The epoch and history to continue from, with the checkpoint's state in the model."""
    assert session.source_dir is not None
    checkpoint = latest_checkpoint(session.source_dir)
    if checkpoint is None:
        if session.chief:  # no weights yet: the spec as it is now is the run's architecture
            session.info["architecture"] = architecture.record(session.network)
            with runfolder.disk_errors(session.source_dir):
                write_atomic(session.source_dir / RUN_FILE, json.dumps(session.info, indent=2))
        return 0, []
    state = runfolder.read_state(checkpoint)
    architecture.check_matches(
        session.network, session.info.get("architecture"), str(session.source_dir)
    )
    with session.scope():
        load_checkpoint(model, checkpoint)
        if session.network.train.lr_decay is None:
            # The optimizer's state holds the rate it last trained at; the spec's must win.
            model.optimizer.learning_rate = session.network.train.learning_rate
    return int(state["epoch"]), list(state["history"])


def run(network: Network | None, options: RunOptions, log: Any = print) -> RunResult:
    """Train, evaluate on the test split and save the run; the whole `netspec run`."""
    quiet.drop_startup_lines()
    session = start_session(network, options)
    try:
        with number_format(session.network.train.precision, log):
            return run_session(session, log)
    finally:
        if session.run_dir is not None:
            runlock.release(session.run_dir)  # a CLI process exits anyway; a caller goes on


@contextlib.contextmanager
def number_format(precision: str, log: Any) -> Iterator[None]:
    """Keras's dtype policy for the run (netspec/runtime.py's use_precision), put back after it,
    so a caller's later models are float32 again."""
    import keras

    from netspec import runtime

    before = keras.mixed_precision.global_policy()
    policy = runtime.use_precision(precision)
    if policy != "float32":
        log(f"precision: {policy} (weights, the output layer and the loss in float32)")
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(before)


def run_session(session: Session, log: Any) -> RunResult:
    """Data, model, epochs, test: a started session to its end."""
    options = session.options
    data = load_training_data(session, log)
    if session.run_dir is None:
        session.run_dir = new_run_dir(session.network, options)
    if session.source_dir is None or not session.chief:
        write_run_files(session, data)
    import keras

    from netspec.backends.keras_builder import build_model

    network = session.network
    keras.utils.set_random_seed(int(network.train.seed or 0))
    with session.scope():
        model = build_model(network)
        compile_model(model, network, data.steps_per_epoch)
    start_epoch, history = 0, []
    pending_spec = None
    if session.source_dir is not None:
        start_epoch, history = restore_progress(session, model)
        log(resume_message(session.source_dir, start_epoch, network.train.epochs))
        if session.changes and session.chief:
            pending_spec = resolved_spec_text(network)
    recorder = RunRecorder(session.run_dir, history, start_epoch, pending_spec)
    started = time.perf_counter()
    _, _, test_ds = fit(session, model, data, recorder, log)
    if recorder.nan_epoch is not None:
        raise nan_error(session, recorder)
    metrics = final_metrics(session, model, data, recorder, test_ds, started)
    notes: list[str] = []  # the data's notes were said before training
    if not session.chief:
        notes.append(
            f"this worker is not the chief: its copy of the weights is in {session.run_dir}"
        )
    return RunResult(session.run_dir, metrics, notes)


def pipelines(session: Session, data: TrainingData, start_epoch: int) -> tuple[Any, Any, Any]:
    """Training, validation (None when nothing is held out) and test datasets."""
    network = session.network

    def pipeline(x: np.ndarray, y: np.ndarray, training: bool) -> Any:
        seed = int(network.train.seed or 0) + start_epoch
        ds = make_pipeline(x, y, network, training=training, seed=seed, read=data.read)
        if session.multi_worker:
            from netspec.distribute import distribute

            return distribute(session.cluster, ds)
        return ds

    val = pipeline(data.x_val, data.y_val, False) if len(data.x_val) else None
    test = pipeline(data.x_test, data.dataset.y_test, False)
    return pipeline(data.x_train, data.y_train, True), val, test


def make_callbacks(session: Session, recorder: RunRecorder, has_val: bool, steps: int) -> list:
    from netspec.backends import recipe

    callbacks: list[Any] = [recorder.callback(), step_progress(steps)]
    if session.chief:
        callbacks.append(EpochSummaries(recorder.run_dir / "logs").callback())
    stopping = recipe.early_stopping(session.network, has_val)
    if stopping is not None:
        callbacks.append(recipe.make(stopping, {}))
    return callbacks


def fit(
    session: Session, model: Any, data: TrainingData, recorder: RunRecorder, log: Any
) -> tuple[Any, Any, Any]:
    """The epochs left to train (none on a finished run); returns the datasets it made."""
    network, options = session.network, session.options
    train_ds, val_ds, test_ds = pipelines(session, data, recorder.start_epoch)
    callbacks = make_callbacks(session, recorder, val_ds is not None, data.steps_per_epoch)
    verbose = options.verbose if options.verbose is not None else (1 if sys.stdout.isatty() else 2)
    log(
        f"training {network.name}: {len(data.x_train):,} images ({len(data.x_val):,} held out "
        f"for validation), batch {network.train.batch_size}, "
        f"{plural(network.train.epochs, 'epoch')}, {network.train.optimizer} lr "
        f"{network.train.learning_rate:g}, seed {int(network.train.seed or 0)}"
    )
    log(describe_classes(network, class_names(network, data.dataset.class_names)))
    if session.cluster is not None:
        log(session.cluster.describe(network.train.batch_size, network.train.learning_rate))
    epochs, start = network.train.epochs, recorder.start_epoch
    if start >= epochs:
        return train_ds, val_ds, test_ds
    with decode_errors(data.dataset):
        train(session, model, (train_ds, val_ds, start), callbacks, verbose, data.steps_per_epoch)
    return train_ds, val_ds, test_ds


def train(
    session: Session,
    model: Any,
    sets: tuple[Any, Any, int],
    callbacks: list,
    verbose: int,
    steps: int,
) -> None:
    """Epochs `start` + 1 on: Keras's fit, or the multi-worker loop (which also evaluates)."""
    network, (train_ds, val_ds, start) = session.network, sets
    if session.multi_worker:
        from netspec.distribute import collectives

        loop = multi_worker_loop(session, model)
        with collectives():
            loop.fit(train_ds, val_ds, network.train.epochs, start, callbacks, verbose, steps)
    else:
        model.fit(
            train_ds,
            validation_data=val_ds,
            epochs=network.train.epochs,
            initial_epoch=start,
            callbacks=callbacks,
            verbose=verbose,
            shuffle=False,
        )


def nan_error(session: Session, recorder: RunRecorder) -> TrainingError:
    run_dir = recorder.run_dir
    good = latest_checkpoint(run_dir)
    kept = (
        f"kept the weights of epoch {good.name.split('-')[1].lstrip('0') or '0'} in "
        f"{run_dir / WEIGHTS_FILE}"
        if good
        else "no epoch completed, so no weights were saved"
    )
    what = "training loss" if recorder.nan_what == "loss" else recorder.nan_what
    return TrainingError(
        f"the {what} became NaN in epoch {recorder.nan_epoch}; training stopped and "
        f"{kept}.\n  hint: lower the learning rate (now "
        f"{session.network.train.learning_rate:g}) or check the data for extreme values"
    )


def multi_worker_loop(session: Session, model: Any) -> Any:
    """The session's multi-worker loop (netspec/runtime.py), made once: it trains and tests."""
    if session.loop is None:
        from netspec import runtime
        from netspec.backends import recipe

        network = session.network
        loss = recipe.make(recipe.loss(network, per_example=True), {})
        one_hot = network.train.loss == "mse"
        session.loop = runtime.MultiWorkerLoop(session.cluster.strategy, model, loss, one_hot)
    return session.loop


def evaluate_test(session: Session, model: Any, test_ds: Any) -> tuple[float, float]:
    if session.multi_worker:
        from netspec.distribute import collectives

        with collectives():
            return multi_worker_loop(session, model).evaluate(test_ds)
    loss, accuracy = (float(v) for v in model.evaluate(test_ds, verbose=0)[:2])
    return loss, accuracy


def final_metrics(
    session: Session,
    model: Any,
    data: TrainingData,
    recorder: RunRecorder,
    test_ds: Any,
    started: float,
) -> dict[str, Any]:
    """metrics.json: the test results and this session's speed (kept when nothing trained)."""
    with decode_errors(data.dataset):
        test_loss, test_accuracy = evaluate_test(session, model, test_ds)
    test = {"test_accuracy": test_accuracy, "test_loss": test_loss}
    run_dir = recorder.run_dir
    earlier = earlier_metrics(run_dir, len(recorder.history))
    if not recorder.epoch_seconds and earlier is not None:
        metrics = {**earlier, **test}  # a finished run resumed: its training figures stand
    else:
        metrics = session_metrics(session, model, data, recorder, started) | test
    kill_point("metrics")
    with runfolder.disk_errors(run_dir):
        write_atomic(run_dir / "metrics.json", json.dumps(metrics, indent=2))
    return metrics


def earlier_metrics(run_dir: Path, epochs: int) -> dict[str, Any] | None:
    """The metrics.json of the same epochs, if a readable one is there."""
    try:
        metrics = json.loads((run_dir / "metrics.json").read_text())
    except (OSError, ValueError):
        return None
    return metrics if isinstance(metrics, dict) and metrics.get("epochs") == epochs else None


def session_metrics(
    session: Session, model: Any, data: TrainingData, recorder: RunRecorder, started: float
) -> dict[str, Any]:
    train_seconds = sum(recorder.epoch_seconds)
    epochs_run = len(recorder.epoch_seconds)
    cluster = session.cluster
    return {
        "spec": session.network.name,
        "data": data.dataset.source,
        "test_accuracy": 0.0,
        "test_loss": 0.0,
        "epochs": len(recorder.history),
        "epochs_this_session": epochs_run,
        "seconds": round(time.perf_counter() - started, 3),
        "train_seconds": round(train_seconds, 3),
        "epoch_seconds": [round(seconds, 3) for seconds in recorder.epoch_seconds],
        "images_per_second": round(len(data.x_train) * epochs_run / train_seconds, 1)
        if train_seconds
        else None,
        "train_images": len(data.x_train),
        "validation_images": len(data.x_val),
        "test_images": len(data.dataset.x_test),
        "params": int(model.count_params()),
        "seed": int(session.network.train.seed or 0),
        "strategy": cluster.name if cluster else "default",
        "replicas": cluster.replicas if cluster else 1,
        "precision": precision_in_use(),
        "history": recorder.history,
    }


def precision_in_use() -> str:
    import keras

    return str(keras.mixed_precision.global_policy().name)


def _draw(network: Network, run_dir: Path) -> None:
    """network.svg beside curves.png; a drawing problem never stops training."""
    try:
        from netspec.draw import draw_to_file
        from netspec.shapes import analyze

        draw_to_file(analyze(network), run_dir / "network.svg")
    except (ImportError, NetspecError, OSError):
        pass
