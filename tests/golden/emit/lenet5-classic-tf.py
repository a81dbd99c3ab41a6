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
from collections.abc import Iterator
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


# --- the network: variables and tf.nn ops, as the TensorFlow tutorials write it -----------------


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: glorot_uniform."""
    return tf.Variable(keras.initializers.GlorotUniform()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


class Network(tf.Module):
    """The network in plain TensorFlow: a dictionary of variables per layer, tf.nn ops in forward.

    Layer names are the spec's, so `layer_params` and `trace_shapes` can be compared with
    `netspec check` layer by layer; each comment in forward shows that check's rule and numbers.
    """

    def __init__(self) -> None:
        super().__init__(name="lenet5_classic")
        self.weights = {
            "c1": {"kernel": new_kernel((5, 5, 1, 6)), "bias": new_bias(6)},
            "c3": {"kernel": new_kernel((5, 5, 6, 16)), "bias": new_bias(16)},
            "c5": {"kernel": new_kernel((5, 5, 16, 120)), "bias": new_bias(120)},
            "f6": {"kernel": new_kernel((120, 84)), "bias": new_bias(84)},
            "output": {"kernel": new_kernel((84, 10)), "bias": new_bias(10)},
        }

    @property
    def layer_params(self) -> dict[str, int]:
        """Parameters of each layer that has variables (the others have none)."""
        return {
            name: sum(v.shape.num_elements() for v in variables.values())
            for name, variables in self.weights.items()
        }

    def forward(self, x: tf.Tensor, training: bool = False) -> Iterator[tuple[str, tf.Tensor]]:
        """Run the layers in turn on images scaled to [0, 1], yielding each name and output."""
        w = self.weights
        # c1: (32-5+2*0)/1+1 = 28 -> 28x28x6, 156 params
        x = tf.nn.conv2d(x, w["c1"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["c1"]["bias"])
        x = tf.nn.sigmoid(x)
        yield "c1", x
        # s2: (28-2+2*0)/2+1 = 14 -> 14x14x6
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "s2", x
        # c3: (14-5+2*0)/1+1 = 10 -> 10x10x16, 2,416 params
        x = tf.nn.conv2d(x, w["c3"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["c3"]["bias"])
        x = tf.nn.sigmoid(x)
        yield "c3", x
        # s4: (10-2+2*0)/2+1 = 5 -> 5x5x16
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "s4", x
        # c5: (5-5+2*0)/1+1 = 1 -> 1x1x120, 48,120 params
        x = tf.nn.conv2d(x, w["c5"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["c5"]["bias"])
        x = tf.nn.sigmoid(x)
        yield "c5", x
        # flatten1: 1*1*120 = 120 -> 120
        x = tf.reshape(x, [-1, 120])
        yield "flatten1", x
        # f6: 120x84 -> 84, 10,164 params
        x = tf.matmul(x, w["f6"]["kernel"])
        x = tf.nn.bias_add(x, w["f6"]["bias"])
        x = tf.nn.sigmoid(x)
        yield "f6", x
        # output: 84x10 -> 10, 850 params
        x = tf.matmul(x, w["output"]["kernel"])
        x = tf.nn.bias_add(x, w["output"]["bias"])
        yield "output", x

    def __call__(self, images: tf.Tensor, training: bool = False) -> tf.Tensor:
        """The output of the last layer for a batch of images."""
        return dict(self.forward(images, training))[LAST_LAYER]

    def trace_shapes(self, images: tf.Tensor) -> dict[str, tuple[int, ...]]:
        """Each layer's output shape for a batch of images, without the batch axis."""
        return {name: tuple(x.shape[1:]) for name, x in self.forward(images)}

    def numpy_weights(self) -> dict[str, np.ndarray]:
        """Every variable as an array named layer/part, to save with np.savez."""
        return {
            f"{layer}/{part}": v.numpy()
            for layer, parts in self.weights.items()
            for part, v in parts.items()
        }


def build_model() -> Network:
    """The network with new variables (set the seeds first for repeatable values)."""
    return Network()


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


# --- training loop: a GradientTape step per batch ----------------------------------------------


def compute_loss(
    model: Network, images: tf.Tensor, labels: tf.Tensor, training: bool
) -> tuple[tf.Tensor, tf.Tensor]:
    """The mean cross-entropy of the logits (softmax belongs to the loss), and the logits."""
    outputs = model(images, training=training)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=outputs)
    loss = tf.reduce_mean(losses)
    return loss, outputs


def count_correct(labels: tf.Tensor, outputs: tf.Tensor) -> tf.Tensor:
    """How many of the batch's highest-scoring classes are the right ones."""
    predicted = tf.argmax(outputs, axis=1, output_type=tf.int32)
    return tf.reduce_sum(tf.cast(tf.equal(predicted, labels), tf.int32))


@tf.function
def train_step(
    model: Network, optimizer: keras.optimizers.Optimizer, images: tf.Tensor, labels: tf.Tensor
) -> tuple[tf.Tensor, tf.Tensor]:
    """One gradient step on a batch; returns its loss and how many it got right."""
    with tf.GradientTape() as tape:
        loss, outputs = compute_loss(model, images, labels, training=True)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply(gradients, model.trainable_variables)
    return loss, count_correct(labels, outputs)


@tf.function
def test_step(model: Network, images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """A batch's loss and how many it got right, without changing any variable."""
    loss, outputs = compute_loss(model, images, labels, training=False)
    return loss, count_correct(labels, outputs)


def run_epoch(
    model: Network, ds: tf.data.Dataset, optimizer: keras.optimizers.Optimizer | None = None
) -> tuple[float, float]:
    """One pass over `ds` (training when given an optimizer): mean loss and accuracy."""
    total_loss = correct = seen = 0.0
    for images, labels in ds:
        if optimizer is None:
            loss, right = test_step(model, images, labels)
        else:
            loss, right = train_step(model, optimizer, images, labels)
        count = int(images.shape[0])
        total_loss += float(loss) * count
        correct += float(right)
        seen += count
    return total_loss / seen, correct / seen


def fit(
    model: Network,
    optimizer: keras.optimizers.Optimizer,
    train_ds: tf.data.Dataset,
    val_ds: tf.data.Dataset,
    epochs: int,
) -> None:
    """Train for `epochs` passes, printing loss and accuracy after each as Keras's fit does."""
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        loss, accuracy = run_epoch(model, train_ds, optimizer)
        val_loss, val_accuracy = run_epoch(model, val_ds)
        print(
            f"epoch {epoch}/{epochs} - {time.perf_counter() - started:.0f}s - loss: {loss:.4f} - "
            f"accuracy: {accuracy:.4f} - val_loss: {val_loss:.4f} - "
            f"val_accuracy: {val_accuracy:.4f}"
        )


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
    optimizer.build(model.trainable_variables)  # its slots exist before train_step is traced
    train_ds = make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    val_ds = make_pipeline(x_val, y_val, args.batch_size)
    test_ds = make_pipeline(data.x_test, data.y_test, args.batch_size)

    params = sum(model.layer_params.values())
    print(
        f"training {NAME} ({params:,} parameters) on {len(x_train):,} images"
        f" ({len(x_val):,} held out for validation), batch {args.batch_size}, "
        f"{args.epochs} epochs, {type(optimizer).__name__} learning rate {args.learning_rate:g}, "
        f"seed {args.seed}"
    )
    started = time.perf_counter()
    fit(model, optimizer, train_ds, val_ds, args.epochs)
    print(f"trained in {time.perf_counter() - started:.1f} s")
    _, test_accuracy = run_epoch(model, test_ds)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(args.out / "weights.npz", **model.numpy_weights())
    print(f"saved the weights in {args.out / 'weights.npz'}")
    print(f"test accuracy {test_accuracy:.4f}")


# --- data loading ------------------------------------------------------------------------------
# A verbatim copy of netspec/datasets.py (its imports are at the top of this file), so that --data
# reads named data sets, image folders and .npz files exactly as `netspec run` reads them.

# ... netspec/datasets.py, pasted verbatim (elided here)


if __name__ == "__main__":
    main()
