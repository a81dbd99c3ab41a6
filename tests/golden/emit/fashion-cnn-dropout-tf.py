"""Train fashion-cnn-dropout (13 layers, 356,234 parameters) with TensorFlow alone.

Written by `netspec emit` from fashion-cnn-dropout.yaml; it does not need netspec to run.

fashion-cnn with dropout, the exercise seed 002 leaves to the reader after its network overfits
from about epoch 5: dropout after each pooling stage and before the classifier.

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

NAME = "fashion-cnn-dropout"
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
        super().__init__(name="fashion_cnn_dropout")
        self.weights = {
            "conv1": {"kernel": new_kernel((3, 3, 1, 32)), "bias": new_bias(32)},
            "conv2": {"kernel": new_kernel((3, 3, 32, 64)), "bias": new_bias(64)},
            "conv3": {"kernel": new_kernel((3, 3, 64, 128)), "bias": new_bias(128)},
            "fc1": {"kernel": new_kernel((2048, 128)), "bias": new_bias(128)},
            "fc2": {"kernel": new_kernel((128, 10)), "bias": new_bias(10)},
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
        # conv1: ceil(28/1) = 28 -> 28x28x32, 320 params
        x = tf.nn.conv2d(x, w["conv1"]["kernel"], strides=1, padding="SAME")
        x = tf.nn.bias_add(x, w["conv1"]["bias"])
        x = tf.nn.relu(x)
        yield "conv1", x
        # pool1: ceil(28/2) = 14 -> 14x14x32
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
        yield "pool1", x
        # dropout1: 14x14x32
        if training:
            x = tf.nn.dropout(x, rate=0.25)
        yield "dropout1", x
        # conv2: ceil(14/1) = 14 -> 14x14x64, 18,496 params
        x = tf.nn.conv2d(x, w["conv2"]["kernel"], strides=1, padding="SAME")
        x = tf.nn.bias_add(x, w["conv2"]["bias"])
        x = tf.nn.relu(x)
        yield "conv2", x
        # pool2: ceil(14/2) = 7 -> 7x7x64
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
        yield "pool2", x
        # dropout2: 7x7x64
        if training:
            x = tf.nn.dropout(x, rate=0.25)
        yield "dropout2", x
        # conv3: ceil(7/1) = 7 -> 7x7x128, 73,856 params
        x = tf.nn.conv2d(x, w["conv3"]["kernel"], strides=1, padding="SAME")
        x = tf.nn.bias_add(x, w["conv3"]["bias"])
        x = tf.nn.relu(x)
        yield "conv3", x
        # pool3: ceil(7/2) = 4 -> 4x4x128
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
        yield "pool3", x
        # dropout3: 4x4x128
        if training:
            x = tf.nn.dropout(x, rate=0.25)
        yield "dropout3", x
        # flatten1: 4*4*128 = 2048 -> 2048
        x = tf.reshape(x, [-1, 2048])
        yield "flatten1", x
        # fc1: 2048x128 -> 128, 262,272 params
        x = tf.matmul(x, w["fc1"]["kernel"])
        x = tf.nn.bias_add(x, w["fc1"]["bias"])
        x = tf.nn.relu(x)
        yield "fc1", x
        # dropout4: 128
        if training:
            x = tf.nn.dropout(x, rate=0.4)
        yield "dropout4", x
        # fc2: 128x10 -> 10, 1,290 params
        x = tf.matmul(x, w["fc2"]["kernel"])
        x = tf.nn.bias_add(x, w["fc2"]["bias"])
        yield "fc2", x

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
    epochs: int,
) -> None:
    """Train for `epochs` passes, printing loss and accuracy after each as Keras's fit does."""
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        loss, accuracy = run_epoch(model, train_ds, optimizer)
        print(
            f"epoch {epoch}/{epochs} - {time.perf_counter() - started:.0f}s - loss: {loss:.4f} - "
            f"accuracy: {accuracy:.4f}"
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
        default=Path("fashion-cnn-dropout-weights"),
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
    optimizer.build(model.trainable_variables)  # its slots exist before train_step is traced
    train_ds = make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    test_ds = make_pipeline(data.x_test, data.y_test, args.batch_size)

    params = sum(model.layer_params.values())
    print(
        f"training {NAME} ({params:,} parameters) on {len(x_train):,} images"
        f", batch {args.batch_size}, "
        f"{args.epochs} epochs, {type(optimizer).__name__} learning rate {args.learning_rate:g}, "
        f"seed {args.seed}"
    )
    started = time.perf_counter()
    fit(model, optimizer, train_ds, args.epochs)
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
