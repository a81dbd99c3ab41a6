"""Train fashion-cnn (9 layers, 356,234 parameters) with TensorFlow alone.

Written by `netspec emit` from fashion-cnn.yaml; it does not need netspec to run.

The Fashion-MNIST classifier of seed 002: three 3x3 same-padded convolutions (32, 64, 128
filters, relu), each followed by 2x2 max pooling (28 -> 14 -> 7 -> 4), then fc 128 and 10
logits. Xavier (glorot) initialisation, Adam 1e-3, batch 128, 10 epochs.

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

NAME = "fashion-cnn"
INPUT_SHAPE = (28, 28, 1)  # height, width, channels
NUM_CLASSES = 10
CLASSES = [
    "t-shirt",
    "trouser",
    "pullover",
    "dress",
    "coat",
    "sandal",
    "shirt",
    "sneaker",
    "bag",
    "ankle-boot",
]
LAST_LAYER = "fc2"


# --- the network: Keras layers, one statement each ---------------------------------------------


def build_model() -> keras.Model:
    """The network as a Keras functional model, one statement per layer.

    The layers keep the spec's names, so their shapes and parameter counts can be compared with
    `netspec check` one by one; each comment shows that check's rule and numbers.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    x = inputs
    # conv1: ceil(28/1) = 28 -> 28x28x32, 320 params
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1")(x)
    # pool1: ceil(28/2) = 14 -> 14x14x32
    x = keras.layers.MaxPooling2D(2, padding="same", name="pool1")(x)
    # conv2: ceil(14/1) = 14 -> 14x14x64, 18,496 params
    x = keras.layers.Conv2D(64, 3, padding="same", activation="relu", name="conv2")(x)
    # pool2: ceil(14/2) = 7 -> 7x7x64
    x = keras.layers.MaxPooling2D(2, padding="same", name="pool2")(x)
    # conv3: ceil(7/1) = 7 -> 7x7x128, 73,856 params
    x = keras.layers.Conv2D(128, 3, padding="same", activation="relu", name="conv3")(x)
    # pool3: ceil(7/2) = 4 -> 4x4x128
    x = keras.layers.MaxPooling2D(2, padding="same", name="pool3")(x)
    # flatten1: 4*4*128 = 2048 -> 2048
    x = keras.layers.Flatten(name="flatten1")(x)
    # fc1: 2048x128 -> 128, 262,272 params
    x = keras.layers.Dense(128, activation="relu", name="fc1")(x)
    # fc2: 128x10 -> 10, 1,290 params
    x = keras.layers.Dense(10, name="fc2")(x)
    return keras.Model(inputs, x, name="fashion_cnn")


# --- training data and optimizer: the same as `netspec run` ------------------------------------


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
        default=128,
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
        default=Path("fashion-cnn-weights"),
        help="folder for the trained weights (default: %(default)s)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    data = load_dataset(
        args.data,
        INPUT_SHAPE,
        NUM_CLASSES,
        data_dir=args.data_dir,
        last_layer=LAST_LAYER,
        classes=CLASSES,
    )
    for note in data.notes:
        print(f"note: {note}")
    x_train, y_train = data.x_train, data.y_train

    keras.utils.set_random_seed(args.seed)  # Python, NumPy and TensorFlow: weights and dropout
    model = build_model()
    optimizer = keras.optimizers.Adam(args.learning_rate)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    train_ds = make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    test_ds = make_pipeline(data.x_test, data.y_test, args.batch_size)

    print(
        f"training {NAME} ({model.count_params():,} parameters) on {len(x_train):,} images"
        f", batch {args.batch_size}, "
        f"{args.epochs} epochs, {type(optimizer).__name__} learning rate {args.learning_rate:g}, "
        f"seed {args.seed}"
    )
    started = time.perf_counter()
    # shuffle=False: make_pipeline already shuffles the training images, seeded, every epoch
    model.fit(train_ds, epochs=args.epochs, shuffle=False, verbose=2)
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
