"""Training speed: `netspec run` against the same network written by hand in Keras.

One epoch of fashion-cnn (seed 002's network) on the real Fashion-MNIST training set, batch 128,
for each of:
  - netspec: the spec through netspec.training.run (its tf.data pipeline, run folder and all);
  - netspec mixed: the same with precision: mixed (bfloat16 compute on a CPU with bf16
    instructions; on one without, netspec says so and trains in float32);
  - keras + numpy: a hand-written keras.Sequential fed NumPy arrays by model.fit;
  - keras + tf.data: the same model fed a hand-written tf.data pipeline;
  - keras mixed: that tf.data version under Keras's mixed_bfloat16 policy (the last layer in
    float32), which shows whether netspec's mixed leaves speed on the table.
The ratios are against the best hand-written float32 row.
All run in this one process, one after another, `--rounds` times in rotating order; images/s is
training images over the epoch's wall time (from epoch begin to epoch end, as Keras runs it).

Usage: python bench/bench_train.py [--rounds 1] [--images 60000]
Needs Fashion-MNIST: apt-get install dataset-fashion-mnist (or --data-dir with the IDX files).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import tensorflow as tf

from netspec import datasets, load_network
from netspec.runtime import has_bfloat16
from netspec.training import RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
BATCH = 128


class EpochTimer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.seconds = time.perf_counter() - self.start


def hand_written_model() -> keras.Model:
    """fashion-cnn as a person would write it in Keras (under the global dtype policy; the
    last layer computes in float32, as Keras's mixed precision guide says)."""
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2, padding="same"),
            layers.Conv2D(64, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2, padding="same"),
            layers.Conv2D(128, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2, padding="same"),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(10, dtype="float32"),
        ]
    )
    model.compile(
        keras.optimizers.Adam(1e-3),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def keras_numpy(x: np.ndarray, y: np.ndarray) -> float:
    keras.utils.set_random_seed(1)
    model = hand_written_model()
    timer = EpochTimer()
    model.fit(
        x.astype("float32") / 255.0,
        y,
        batch_size=BATCH,
        epochs=1,
        shuffle=True,
        callbacks=[timer],
        verbose=0,
    )
    return len(x) / timer.seconds


def keras_tf_data(x: np.ndarray, y: np.ndarray) -> float:
    keras.utils.set_random_seed(1)
    model = hand_written_model()
    ds = (
        tf.data.Dataset.from_tensor_slices((x.astype("float32") / 255.0, y))
        .shuffle(len(x), seed=1)
        .batch(BATCH)
        .prefetch(tf.data.AUTOTUNE)
    )
    timer = EpochTimer()
    model.fit(ds, epochs=1, callbacks=[timer], verbose=0)
    return len(x) / timer.seconds


def keras_mixed(x: np.ndarray, y: np.ndarray) -> float:
    """The tf.data version under Keras's mixed_bfloat16 policy: what netspec's mixed is
    compared with to see that it leaves nothing on the table."""
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        return keras_tf_data(x, y)
    finally:
        keras.mixed_precision.set_global_policy("float32")


def netspec_run(data: str, data_dir: str | None, precision: str = "float32") -> float:
    network = load_network(ROOT / "specs" / "fashion-cnn.yaml")
    with tempfile.TemporaryDirectory() as out:
        options = RunOptions(
            data=data,
            data_dir=data_dir,
            out=str(Path(out) / "run"),
            verbose=0,
            overrides={
                "epochs": 1,
                "batch_size": BATCH,
                "validation_split": 0.0,
                "precision": precision,
            },
        )
        result = run(network, options, log=lambda _: None)
    return float(result.metrics["images_per_second"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()

    data = datasets.load_dataset("fashion-mnist", (28, 28, 1), 10, data_dir=args.data_dir)
    x, y = data.x_train, data.y_train
    print(f"data: {data.source}, {len(x):,} training images, batch {BATCH}")
    runners = {
        "netspec run": lambda: netspec_run("fashion-mnist", args.data_dir),
        "netspec mixed": lambda: netspec_run("fashion-mnist", args.data_dir, "mixed"),
        "keras + numpy": lambda: keras_numpy(x, y),
        "keras + tf.data": lambda: keras_tf_data(x, y),
    }
    bf16 = has_bfloat16()
    if bf16:  # elsewhere TensorFlow emulates bfloat16, slowly: no row to compare with
        runners["keras mixed"] = lambda: keras_mixed(x, y)
    results: dict[str, list[float]] = {name: [] for name in runners}
    names = list(runners)
    for round_index in range(args.rounds):
        order = names[round_index % len(names) :] + names[: round_index % len(names)]
        for name in order:
            keras.backend.clear_session()
            results[name].append(runners[name]())
            print(f"  round {round_index + 1}: {name:16s} {results[name][-1]:8.0f} images/s")
    best = {name: max(values) for name, values in results.items()}
    baseline = max(best["keras + numpy"], best["keras + tf.data"])  # float32
    print(f"CPU bfloat16 instructions: {'yes' if bf16 else 'no'}")
    print()
    for name, value in best.items():
        print(
            f"{name:16s} {value:8.0f} images/s   {value / baseline:5.2f}x the best hand-written "
            "float32"
        )
    if bf16:
        print(f"netspec mixed / keras mixed: {best['netspec mixed'] / best['keras mixed']:.2f}")


if __name__ == "__main__":
    main()
