"""Train lenet5-classic (8 layers, 61,706 parameters) with TensorFlow alone.

Written by `netspec emit` from lenet5-classic.yaml; it does not need netspec to run.

LeNet-5 as published in 1998 for 32x32 digit images: sigmoid units, 2x2 average pooling
(subsampling) and C5 as a 5x5 convolution to 120 maps, fully connected between maps. Source:
seed 003, after LeCun et al. 1998.

Usage: python THIS_FILE --data NAME|PATH [--epochs N] [--batch-size N] [--learning-rate LR]
[--seed N] [--out DIR], where --data takes what `netspec run` takes: mnist, fashion-mnist,
cifar10, a folder with one subfolder of images per class, or an .npz file with x_train, y_train,
x_test and y_test. The defaults are the spec's train: settings.
"""

import argparse
import contextlib
import gzip
import os
import pickle
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow's C++ start-up messages

import keras
import numpy as np
import tensorflow as tf

NAME = "lenet5-classic"
INPUT_SHAPE = (32, 32, 1)  # height, width, channels
NUM_CLASSES = 10
LAST_LAYER = "output"
VALIDATION_SPLIT = 0.1  # of the training images, held out at random


# --- the network: Keras layers, one statement each ---------------------------------------------


def build_model() -> keras.Model:
    """The network as a Keras functional model, one statement per layer.

    The layers keep the spec's names, so their shapes and parameter counts can be compared with
    `netspec check` one by one; each comment shows that check's rule and numbers.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    x = inputs
    # c1: (32-5+2*0)/1+1 = 28 -> 28x28x6, 156 params
    x = keras.layers.Conv2D(6, 5, activation="sigmoid", name="c1")(x)
    # s2: (28-2+2*0)/2+1 = 14 -> 14x14x6
    x = keras.layers.AveragePooling2D(2, name="s2")(x)
    # c3: (14-5+2*0)/1+1 = 10 -> 10x10x16, 2,416 params
    x = keras.layers.Conv2D(16, 5, activation="sigmoid", name="c3")(x)
    # s4: (10-2+2*0)/2+1 = 5 -> 5x5x16
    x = keras.layers.AveragePooling2D(2, name="s4")(x)
    # c5: (5-5+2*0)/1+1 = 1 -> 1x1x120, 48,120 params
    x = keras.layers.Conv2D(120, 5, activation="sigmoid", name="c5")(x)
    # flatten1: 1*1*120 = 120 -> 120
    x = keras.layers.Flatten(name="flatten1")(x)
    # f6: 120x84 -> 84, 10,164 params
    x = keras.layers.Dense(84, activation="sigmoid", name="f6")(x)
    # output: 84x10 -> 10, 850 params
    x = keras.layers.Dense(10, name="output")(x)
    return keras.Model(inputs, x, name="lenet5_classic")


# --- training data and optimizer: the same as `netspec run` ------------------------------------


def split_validation(
    x: np.ndarray, y: np.ndarray, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded random hold-out (Keras's validation_split would take the unshuffled tail)."""
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = max(1, round(len(x) * fraction))
    val, train = order[:n_val], order[n_val:]
    return x[train], y[train], x[val], y[val]


def make_pipeline(
    x: np.ndarray, y: np.ndarray, batch_size: int, *, training: bool = False, seed: int = 0
) -> tf.data.Dataset:
    """tf.data: cache the uint8 images, shuffle for training, batch, then scale whole batches."""

    def prepare(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        images = tf.cast(images, tf.float32) / 255.0
        return images, labels

    ds = tf.data.Dataset.from_tensor_slices((x, y.astype("int32"))).cache()
    if training:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size).map(prepare, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def parse_args() -> argparse.Namespace:
    """The command line; each default is the spec's train: setting."""
    parser = argparse.ArgumentParser(description=f"Train the network {NAME} (see this file's top).")
    parser.add_argument(
        "--data",
        required=True,
        metavar="NAME|PATH",
        help="mnist, fashion-mnist, cifar10, an image folder or an .npz file",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where named data sets are (also NETSPEC_DATA_DIR)"
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=10,
        help="passes over the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=64,
        help="images per step (default: %(default)s)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=0.001,
        help="initial learning rate (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="seed for the weights, shuffling and validation split (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        default=Path("lenet5-classic-weights"),
        help="folder for the trained weights (default: %(default)s)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    data = load_dataset(
        args.data, INPUT_SHAPE, NUM_CLASSES, data_dir=args.data_dir, last_layer=LAST_LAYER
    )
    for note in data.notes:
        print(f"note: {note}")
    x_train, y_train, x_val, y_val = split_validation(
        data.x_train, data.y_train, VALIDATION_SPLIT, args.seed
    )

    keras.utils.set_random_seed(args.seed)  # Python, NumPy and TensorFlow: weights and dropout
    model = build_model()
    optimizer = keras.optimizers.Adam(args.learning_rate)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    train_ds = make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    val_ds = make_pipeline(x_val, y_val, args.batch_size)
    test_ds = make_pipeline(data.x_test, data.y_test, args.batch_size)

    print(
        f"training {NAME} ({model.count_params():,} parameters) on {len(x_train):,} images"
        f" ({len(x_val):,} held out for validation), batch {args.batch_size}, "
        f"{args.epochs} epochs, {type(optimizer).__name__} learning rate {args.learning_rate:g}, "
        f"seed {args.seed}"
    )
    started = time.perf_counter()
    # shuffle=False: make_pipeline already shuffles the training images, seeded, every epoch
    model.fit(train_ds, validation_data=val_ds, epochs=args.epochs, shuffle=False, verbose=2)
    print(f"trained in {time.perf_counter() - started:.1f} s")
    _, test_accuracy = model.evaluate(test_ds, verbose=0)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_weights(args.out / "weights.weights.h5")
    print(f"saved the weights in {args.out / 'weights.weights.h5'}")
    print(f"test accuracy {test_accuracy:.4f}")


# --- data loading ------------------------------------------------------------------------------
# A verbatim copy of netspec/datasets.py (its imports are at the top of this file), so that --data
# reads named data sets, image folders and .npz files exactly as `netspec run` reads them.

# ... netspec/datasets.py, pasted verbatim (elided here)


if __name__ == "__main__":
    main()
