"""Reusing a finished run: `netspec evaluate` and `netspec predict` rebuild the model from the run's
spec.yaml and load its weights only (nothing pickled or serialized is ever loaded).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from netspec import architecture, quiet
from netspec.checkpoints import load_weights_checked
from netspec.errors import DataError, TrainingError
from netspec.model import Network
from netspec.runfolder import WEIGHTS_FILE, complete_checkpoints
from netspec.training import (
    check_memory,
    check_recorded_data,
    class_names,
    compile_model,
    decode_errors,
    file_reading,
    load_data,
    load_run,
    make_pipeline,
)


def restore_model(run_dir: str | Path) -> tuple[Any, Network, dict[str, Any]]:
    """Rebuild a run's model from its spec and load only its weights (no deserialization)."""
    quiet.drop_startup_lines()
    from netspec.backends.keras_builder import build_model

    network, info = load_run(run_dir)
    weights = Path(run_dir) / WEIGHTS_FILE
    if not weights.is_file():
        raise TrainingError(missing_weights_message(Path(run_dir)))
    architecture.check_matches(network, info.get("architecture"), str(run_dir))
    model = build_model(network)
    todo = (
        f"continue the run with netspec run --resume {run_dir} to restore it from its last "
        "checkpoint, or train again"
    )
    load_weights_checked(model, weights, todo)
    return model, network, info


def missing_weights_message(run_dir: Path) -> str:
    if not complete_checkpoints(run_dir):
        return f"{run_dir} has no {WEIGHTS_FILE}: no epoch of that run completed"
    return (
        f"{run_dir} has no {WEIGHTS_FILE}, but it has checkpoints: netspec run --resume "
        f"{run_dir} writes it from the last one"
    )


def evaluate(run_dir: str | Path, data: str | None, data_dir: str | None) -> dict[str, float]:
    model, network, info = restore_model(run_dir)
    if not data and info.get("data"):
        check_recorded_data(info["data"], run_dir)
    data = data or info.get("data")
    if not data:
        raise DataError("name the data to evaluate on with --data")
    dataset = load_data(network, data, data_dir or info.get("data_dir"))
    check_same_classes(dataset, class_names(network, dataset.class_names), info, run_dir)
    check_memory(dataset, network, 0.0)
    compile_model(model, network, 1)
    _, x_test, read = file_reading(dataset, network, None, lambda _: None)
    test_ds = make_pipeline(x_test, dataset.y_test, network, training=False, seed=0, read=read)
    with decode_errors(dataset):
        loss, accuracy = (float(v) for v in model.evaluate(test_ds, verbose=0)[:2])
    return {"test_accuracy": accuracy, "test_loss": loss, "test_images": len(dataset.x_test)}


def check_same_classes(dataset: Any, names: list[str], info: dict, run_dir: str | Path) -> None:
    """Labels are class numbers: data whose classes are named otherwise than the run's would be
    scored against the wrong classes, so it is refused (unnamed classes are not checked)."""
    trained = list(info.get("class_names") or [])
    numbered = [str(i) for i in range(len(trained))]  # the run's data had no names either
    if trained in ([], numbered, names) or not dataset.names_known:
        return
    what = "class folders" if dataset.folder else "classes"
    raise DataError(
        f"{dataset.source} has the {what} {', '.join(names)} but {run_dir} was trained on "
        f"{', '.join(trained)}; its scores would be counted against the wrong classes, so "
        "evaluate on data with the run's classes"
    )


def predict(
    run_dir: str | Path, images: list[str], top: int = 3
) -> list[tuple[str, list[tuple[str, float]]]]:
    """Class names and probabilities for each image, best first."""
    from netspec import datasets
    from netspec.backends.recipe import softmax_output

    model, network, info = restore_model(run_dir)
    names = class_names(network, info.get("class_names") or [])
    results = []
    for image in images:
        try:  # the very decode and resize the training pipeline used on an image folder
            pixels = datasets.read_image(image, network.input)
        except datasets.DataError as exc:
            raise DataError(str(exc)) from None
        batch = pixels[None].astype("float32") / 255.0  # as make_pipeline scales
        scores = np.asarray(model(batch, training=False))[0]
        if not softmax_output(network):
            scores = np.exp(scores - scores.max())
            scores = scores / scores.sum()
        order = np.argsort(scores)[::-1][:top]
        label = [(names[i] if i < len(names) else str(i), float(scores[i])) for i in order]
        results.append((image, label))
    return results
