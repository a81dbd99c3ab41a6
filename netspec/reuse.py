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
    class_names,
    compile_model,
    data_to_read,
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
    """Lost weights beside checkpoints are recoverable: say how, rather than 'never trained'."""
    if not complete_checkpoints(run_dir):
        return f"{run_dir} has no {WEIGHTS_FILE}: no epoch of that run completed"
    return (
        f"{run_dir} has no {WEIGHTS_FILE}, but it has checkpoints: netspec run --resume "
        f"{run_dir} writes it from the last one (and trains the epochs left, if any)"
    )


def evaluate(run_dir: str | Path, data: str | None, data_dir: str | None) -> dict[str, float]:
    model, network, info = restore_model(run_dir)
    data = data_to_read(data, info, run_dir)
    dataset = load_data(network, data, data_dir or info.get("data_dir"))
    check_same_classes(dataset, trained_data_names(network, info), run_dir)
    check_memory(dataset, network, 0.0)
    compile_model(model, network, 1)
    _, x_test, read = file_reading(dataset, network, None, lambda _: None)
    test_ds = make_pipeline(x_test, dataset.y_test, network, training=False, seed=0, read=read)
    with decode_errors(dataset):
        loss, accuracy = (float(v) for v in model.evaluate(test_ds, verbose=0)[:2])
    return {"test_accuracy": accuracy, "test_loss": loss, "test_images": len(dataset.x_test)}


def trained_data_names(network: Network, info: dict[str, Any]) -> list[str] | None:
    """The class names of the data the run trained on; None where it had none of its own.
    A run.json from before they were recorded gives its class names unless they are the spec's
    or only numbers."""
    if "data_class_names" in info:
        return info["data_class_names"]
    names = list(info.get("class_names") or [])
    numbered = [str(i) for i in range(len(names))]
    return None if network.classes or names in ([], numbered) else names


def check_same_classes(dataset: Any, trained: list[str] | None, run_dir: str | Path) -> None:
    """Labels are class numbers: data whose class at some number is not the run's would be
    scored against the wrong class, so it is refused. Fewer classes, in the run's order, are
    fine; data without names of its own is not checked."""
    if trained is None or not dataset.names_known:
        return
    have = list(dataset.class_names)
    for number, name in enumerate(have):
        if number >= len(trained) or name != trained[number]:
            break
    else:
        return
    theirs = f"'{trained[number]}'" if number < len(trained) else "no such class"
    order = " (the same names in another order)" if sorted(have) == sorted(trained) else ""
    raise DataError(
        f"{dataset.source}: class {number} is '{have[number]}' here but {theirs} in {run_dir}"
        f"{order}; a model scores classes by number, so this data would be counted against "
        "the wrong classes: evaluate on data whose classes are the run's, in its order"
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
