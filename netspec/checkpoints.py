"""What a run keeps after every epoch and reads back on --resume: checkpoints (weights, optimizer
state, history) written atomically, history.csv and curves.png, and the callbacks that write them
and show progress.
"""

from __future__ import annotations

import csv
import filecmp
import io
import json
import math
import os
import shutil
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from netspec import runfolder
from netspec.errors import TrainingError
from netspec.runfolder import (
    CHECKPOINTS,
    LATEST,
    SPEC_FILE,
    STATE_FILE,
    WEIGHTS_FILE,
    kill_point,
    remove_stale_temporaries,
    write_atomic,
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
    todo = f"delete {checkpoint.parent} to train the run again from epoch 1"
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipping variable loading for optimizer", category=UserWarning
        )
        load_weights_checked(model, checkpoint / WEIGHTS_FILE, todo)
    try:
        restore_optimizer(model, checkpoint / "optimizer.npz")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise TrainingError(
            f"{checkpoint / 'optimizer.npz'} cannot be read ({first_line(exc)}); {todo}"
        ) from None


def load_weights_checked(model: Any, path: Path, todo: str) -> None:
    """Damaged or foreign weights are the user's to replace: one line, not a traceback (nor
    the warnings Keras gives on its way to failing; they are passed on when loading works)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model.load_weights(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TrainingError(
                f"{path} cannot be loaded: it is damaged or holds the weights of another "
                f"network ({first_line(exc)}); {todo}"
            ) from None
    for warning in caught:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


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

    def __init__(
        self,
        run_dir: Path,
        history: list[dict[str, float]],
        start_epoch: int,
        pending_spec: str | None = None,
    ):
        self.run_dir = run_dir
        self.history = history
        self.start_epoch = start_epoch
        self.pending_spec = pending_spec
        """A resume's changed settings: saved once they have trained an epoch, not before."""
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
        """Save the epoch: spec (when changed), checkpoint, pointer, weights, then history."""
        kill_point("epoch-end", epoch)
        self.history.append({"epoch": epoch, **values})
        with runfolder.disk_errors(self.run_dir):
            if self.pending_spec is not None:
                write_atomic(self.run_dir / SPEC_FILE, self.pending_spec)
                self.pending_spec = None
                kill_point("spec", epoch)
            final = save_checkpoint(self.run_dir, model, epoch, self.history)
            publish_checkpoint(self.run_dir, final, self.history)


def save_checkpoint(run_dir: Path, model: Any, epoch: int, history: list[dict[str, Any]]) -> Path:
    """Weights, optimizer state and history into a folder, fsynced, then renamed into place."""
    checkpoints = run_dir / CHECKPOINTS
    checkpoints.mkdir(exist_ok=True)
    final = checkpoints / f"epoch-{epoch:04d}"
    tmp = checkpoints / f".epoch-{epoch:04d}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    model.save_weights(tmp / WEIGHTS_FILE)
    kill_point("checkpoint-weights", epoch)
    (tmp / "optimizer.npz").write_bytes(save_optimizer(model.optimizer))
    kill_point("checkpoint-optimizer", epoch)
    (tmp / STATE_FILE).write_text(json.dumps({"epoch": epoch, "history": history}))
    kill_point("checkpoint-state", epoch)
    runfolder.fsync_files(tmp)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    runfolder.fsync_dir(checkpoints)
    kill_point("checkpoint", epoch)
    return final


def publish_checkpoint(
    run_dir: Path, final: Path, history: list[dict[str, Any]], fresh: bool = True
) -> None:
    """The files beside a durable checkpoint, brought in line with it: a `fresh` one's always,
    on resume only those a kill left behind (so resuming a finished run rewrites nothing)."""
    epoch = int(final.name.split("-")[1])
    pointer = run_dir / CHECKPOINTS / LATEST
    if fresh or not pointer.is_file() or pointer.read_text().strip() != final.name:
        write_atomic(pointer, final.name)
    kill_point("latest", epoch)
    weights = run_dir / WEIGHTS_FILE
    if fresh or not same_file(final / WEIGHTS_FILE, weights):
        runfolder.copy_atomic(final / WEIGHTS_FILE, weights)
    kill_point("weights", epoch)
    remove_stale_temporaries(run_dir, keep=final)
    kill_point("old-checkpoints", epoch)
    if fresh or not history_is_current(run_dir, history):
        write_history(run_dir, history, epoch)


def same_file(a: Path, b: Path) -> bool:
    return b.is_file() and filecmp.cmp(a, b, shallow=False)


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


def history_text(history: list[dict[str, float]]) -> str:
    buffer = io.StringIO()
    keys = list(dict.fromkeys(k for row in history for k in row))
    writer = csv.DictWriter(buffer, fieldnames=keys)
    writer.writeheader()
    writer.writerows(history)
    return buffer.getvalue()


def history_is_current(run_dir: Path, history: list[dict[str, float]]) -> bool:
    """history.csv is written after curves.png, so a current history means current curves."""
    path = run_dir / "history.csv"
    return path.is_file() and path.read_bytes() == history_text(history).encode()


def write_history(run_dir: Path, history: list[dict[str, float]], epoch: int = 0) -> None:
    write_atomic(run_dir / "curves.png", plot_curves(history))
    kill_point("curves", epoch)
    write_atomic(run_dir / "history.csv", history_text(history))
    kill_point("history", epoch)


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
