"""Train fashion-cnn-dropout (11 layers, 356,234 parameters) with TensorFlow alone.

Written by `netspec emit` from fashion-cnn-dropout.yaml; it does not need netspec to run.

fashion-cnn with dropout, the exercise seed 002 leaves to the reader after its network overfits
from about epoch 5: dropout on the flattened features and before the classifier, trained with
smaller batches and a cosine learning-rate decay.

Usage: python THIS_FILE --data NAME|PATH [--epochs N] [--batch-size N] [--learning-rate LR]
[--seed N] [--out DIR] [--strategy NAME] [--worker-timeout SECONDS], where --data takes what
`netspec run` takes: mnist, fashion-mnist, cifar10, a folder with one subfolder of images per
class, or an .npz file with x_train, y_train, x_test and y_test. The defaults are the spec's
train: settings. --out receives the weights and metrics.json.

--strategy picks a tf.distribute strategy as `netspec run --strategy` does: auto (mirrored over
this machine's GPUs when it has several), one-device, mirrored or multi-worker. --batch-size is
the global batch, split over the replicas; scale --learning-rate with it when you add replicas.
For multi-worker, every machine runs the same command with the same --seed, and TF_CONFIG names
the cluster and the machine's task in it; on the second of two workers, for example:

    TF_CONFIG='{
      "cluster": {"worker": ["host1:12345", "host2:12345"]},
      "task": {"type": "worker", "index": 1}
    }'

The chief (worker 0, or the task of type chief) writes --out; every other worker saves its copy
of the weights in a temporary folder and says where.
"""

import argparse
import atexit
import contextlib
import gzip
import json
import math
import os
import pickle
import re
import select
import signal
import sys
import tempfile
import time
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's C++ log: warnings and errors


# --- TensorFlow's start-up lines ---------------------------------------------------------------
# A verbatim copy of netspec/quiet.py (its imports are at the top of this file), as `netspec run`
# uses it: TensorFlow prints some lines before it reads TF_CPP_MIN_LOG_LEVEL, and
# drop_startup_lines() drops exactly those. TF_CPP_MIN_LOG_LEVEL=0 shows every line.

# ... netspec/quiet.py, pasted verbatim (elided here)



if __name__ == "__main__":
    drop_startup_lines()  # before TensorFlow is imported, as it prints them while it loads

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
        # conv2: ceil(14/1) = 14 -> 14x14x64, 18,496 params
        x = tf.nn.conv2d(x, w["conv2"]["kernel"], strides=1, padding="SAME")
        x = tf.nn.bias_add(x, w["conv2"]["bias"])
        x = tf.nn.relu(x)
        yield "conv2", x
        # pool2: ceil(14/2) = 7 -> 7x7x64
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
        yield "pool2", x
        # conv3: ceil(7/1) = 7 -> 7x7x128, 73,856 params
        x = tf.nn.conv2d(x, w["conv3"]["kernel"], strides=1, padding="SAME")
        x = tf.nn.bias_add(x, w["conv3"]["bias"])
        x = tf.nn.relu(x)
        yield "conv3", x
        # pool3: ceil(7/2) = 4 -> 4x4x128
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
        yield "pool3", x
        # flatten1: 4*4*128 = 2048 -> 2048
        x = tf.reshape(x, [-1, 2048])
        yield "flatten1", x
        # dropout1: 2048
        if training:
            x = tf.nn.dropout(x, rate=0.25)
        yield "dropout1", x
        # fc1: 2048x128 -> 128, 262,272 params
        x = tf.matmul(x, w["fc1"]["kernel"])
        x = tf.nn.bias_add(x, w["fc1"]["bias"])
        x = tf.nn.relu(x)
        yield "fc1", x
        # dropout2: 128
        if training:
            x = tf.nn.dropout(x, rate=0.5)
        yield "dropout2", x
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
    """tf.data: cache the uint8 images (or read the files), shuffle for training, batch, then
    scale and fit batches."""

    def prepare(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        images = tf.cast(images, tf.float32) / 255.0
        images = fit_batch(images, INPUT_SHAPE)  # per batch: no converted copy is ever stored
        return images, labels

    ds = source_dataset(x, y, INPUT_SHAPE, training, seed)  # an image folder streams its files
    ds = ds.batch(batch_size).map(prepare, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def make_optimizer(
    learning_rate: float, steps_per_epoch: int, epochs: int
) -> keras.optimizers.Optimizer:
    """Adam, with the spec's learning-rate schedule.

    The rate falls along a cosine to 0 times its first value over all the training steps.
    """
    schedule = keras.optimizers.schedules.CosineDecay(
        learning_rate, decay_steps=steps_per_epoch * epochs, alpha=0.0
    )
    return keras.optimizers.Adam(schedule)


# --- tf.distribute: the strategies of `netspec run --strategy` ---------------------------------

# What a collective operation raises when another worker stops answering within --worker-timeout.
LOST_CONTACT = (
    tf.errors.DeadlineExceededError,
    tf.errors.UnavailableError,
    tf.errors.CancelledError,
    tf.errors.InternalError,
)


def make_strategy(name: str, timeout: float) -> tuple[tf.distribute.Strategy, str]:
    """The strategy --strategy names, and its name ("default": one device, no distribution).

    auto is mirrored when more than one GPU is visible. multi-worker reads the cluster and this
    process's task in it from TF_CONFIG; a collective operation that gets no answer within
    `timeout` seconds fails, so the death of one worker stops the others instead of hanging them.
    """
    gpus = tf.config.list_physical_devices("GPU")
    if name == "auto":
        name = "mirrored" if len(gpus) > 1 else "default"
    if name == "one-device":
        return tf.distribute.OneDeviceStrategy("/gpu:0" if gpus else "/cpu:0"), name
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(), name
    if name == "multi-worker":
        options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=timeout)
        return tf.distribute.MultiWorkerMirroredStrategy(communication_options=options), name
    return tf.distribute.get_strategy(), name


def is_chief(strategy_name: str) -> bool:
    """Whether this process writes --out: any run on one machine; in a cluster, the task of type
    chief, or worker 0 when TF_CONFIG names no chief."""
    if strategy_name != "multi-worker":
        return True
    config = json.loads(os.environ["TF_CONFIG"])
    task = config["task"]
    if "chief" in config["cluster"]:
        return task["type"] == "chief"
    return task["type"] == "worker" and task["index"] == 0


def distribute(
    strategy: tf.distribute.Strategy, ds: tf.data.Dataset
) -> tf.distribute.DistributedDataset:
    """Split every global batch over the replicas. Each worker reads all the data and keeps its
    share of each batch, element by element (AutoShardPolicy.DATA)."""
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return strategy.experimental_distribute_dataset(ds.with_options(options))


# --- training loop: a GradientTape step per batch, through the tf.distribute strategy ----------


def compute_loss(
    model: Network, images: tf.Tensor, labels: tf.Tensor, training: bool
) -> tuple[tf.Tensor, tf.Tensor]:
    """The cross-entropy of the logits (softmax belongs to the loss), and the logits.

    Each replica divides its images' summed loss by the global batch size, so that the losses
    and gradients of all the replicas add up to those of the mean over the whole batch.
    """
    outputs = model(images, training=training)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=outputs)
    loss = tf.nn.compute_average_loss(losses)
    return loss, outputs


def count_correct(labels: tf.Tensor, outputs: tf.Tensor) -> tf.Tensor:
    """How many of the batch's highest-scoring classes are the right ones."""
    predicted = tf.argmax(outputs, axis=1, output_type=tf.int32)
    return tf.reduce_sum(tf.cast(tf.equal(predicted, labels), tf.float32))


def sum_over_replicas(strategy: tf.distribute.Strategy, values: tuple) -> list[tf.Tensor]:
    """Each of a step's numbers, summed over the replicas of every worker."""
    return [strategy.reduce(tf.distribute.ReduceOp.SUM, v, axis=None) for v in values]


@tf.function
def train_step(
    strategy: tf.distribute.Strategy,
    model: Network,
    optimizer: keras.optimizers.Optimizer,
    images: tf.Tensor,
    labels: tf.Tensor,
) -> list[tf.Tensor]:
    """One gradient step on a batch split over the replicas: its loss, correct answers, size."""

    def on_replica(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, ...]:
        with tf.GradientTape() as tape:
            loss, outputs = compute_loss(model, images, labels, training=True)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply(gradients, model.trainable_variables)  # sums all replicas' gradients
        count = tf.cast(tf.shape(images)[0], tf.float32)
        return loss, count_correct(labels, outputs), count

    return sum_over_replicas(strategy, strategy.run(on_replica, args=(images, labels)))


@tf.function
def test_step(
    strategy: tf.distribute.Strategy, model: Network, images: tf.Tensor, labels: tf.Tensor
) -> list[tf.Tensor]:
    """A batch's loss, correct answers and size, without changing any variable."""

    def on_replica(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, ...]:
        loss, outputs = compute_loss(model, images, labels, training=False)
        count = tf.cast(tf.shape(images)[0], tf.float32)
        return loss, count_correct(labels, outputs), count

    return sum_over_replicas(strategy, strategy.run(on_replica, args=(images, labels)))


def run_epoch(
    strategy: tf.distribute.Strategy,
    model: Network,
    ds: tf.distribute.DistributedDataset,
    optimizer: keras.optimizers.Optimizer | None = None,
) -> tuple[float, float]:
    """One pass over `ds` (training when given an optimizer): mean loss and accuracy."""
    total_loss = correct = seen = 0.0
    for images, labels in ds:
        if optimizer is None:
            loss, right, count = test_step(strategy, model, images, labels)
        else:
            loss, right, count = train_step(strategy, model, optimizer, images, labels)
        total_loss += float(loss) * float(count)
        correct += float(right)
        seen += float(count)
    return total_loss / seen, correct / seen


def fit(
    strategy: tf.distribute.Strategy,
    model: Network,
    optimizer: keras.optimizers.Optimizer,
    train_ds: tf.distribute.DistributedDataset,
    epochs: int,
) -> int:
    """Train for `epochs` passes, printing loss and accuracy after each as Keras's fit does;
    returns the number of epochs run."""
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        loss, accuracy = run_epoch(strategy, model, train_ds, optimizer)
        print(
            f"epoch {epoch}/{epochs} - {time.perf_counter() - started:.0f}s - loss: {loss:.4f} - "
            f"accuracy: {accuracy:.4f}"
        )
    return epoch


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
        default=Path("fashion-cnn-dropout-weights"),
        help="folder for the trained weights and metrics.json (default: %(default)s)",
    )
    parser.add_argument(
        "--strategy",
        choices=["auto", "one-device", "mirrored", "multi-worker"],
        default="auto",
        help="tf.distribute strategy: auto is mirrored when more than one GPU is visible, else "
        "none; multi-worker trains on the machines TF_CONFIG names (default: %(default)s)",
    )
    parser.add_argument(
        "--worker-timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="multi-worker: how long to wait for a silent worker (default: %(default)s)",
    )
    args = parser.parse_args()
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    if args.strategy == "multi-worker" and not os.environ.get("TF_CONFIG"):
        parser.error(
            "--strategy multi-worker needs TF_CONFIG: the cluster's addresses and this worker's "
            "task in it, as this file's docstring shows; every worker runs the same command"
        )
    return args


def main() -> None:
    args = parse_args()
    # The strategy comes first: MultiWorkerMirroredStrategy must exist before TensorFlow does
    # anything else. The default strategy (one device) runs the same steps.
    strategy, strategy_name = make_strategy(args.strategy, args.worker_timeout)
    data = load_dataset(
        args.data,
        INPUT_SHAPE,
        NUM_CLASSES,
        data_dir=args.data_dir,
        last_layer=LAST_LAYER,
        classes=CLASSES,
    )
    for line in [*summary_lines(data), *(f"note: {note}" for note in data.notes)]:
        print(line)
    check_memory(data, INPUT_SHAPE, args.batch_size, 0.0)  # refused, not killed
    x_train, y_train = data.x_train, data.y_train

    keras.utils.set_random_seed(args.seed)  # Python, NumPy and TensorFlow: weights and dropout
    with strategy.scope():  # the variables made here are kept alike on every replica
        model = build_model()
        steps_per_epoch = max(1, math.ceil(len(x_train) / args.batch_size))
        optimizer = make_optimizer(args.learning_rate, steps_per_epoch, args.epochs)
        optimizer.build(model.trainable_variables)  # its slots exist before train_step is traced
    train_ds = distribute(
        strategy, make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    )
    test_ds = distribute(strategy, make_pipeline(data.x_test, data.y_test, args.batch_size))

    params = sum(model.layer_params.values())
    print(
        f"training {NAME} ({params:,} parameters) on {len(x_train):,} images"
        f", batch {args.batch_size}, "
        f"{args.epochs} epoch{'s' if args.epochs != 1 else ''}, {type(optimizer).__name__} "
        f"learning rate {args.learning_rate:g}, seed {args.seed}"
    )
    print(f"classes (from the spec): {', '.join(CLASSES)}")
    replicas = strategy.num_replicas_in_sync
    print(
        f"strategy {strategy_name}: {replicas} replica{'s' if replicas != 1 else ''} in sync; "
        f"global batch {args.batch_size} = {args.batch_size / replicas:g} per replica; "
        f"learning rate {args.learning_rate:g} as given (scale it with the global batch when "
        "you change the number of replicas)"
    )
    started = time.perf_counter()
    try:
        epochs_run = fit(strategy, model, optimizer, train_ds, args.epochs)
        test_loss, test_accuracy = run_epoch(strategy, model, test_ds)
    except tf.errors.InvalidArgumentError as error:  # a truncated image file is named
        raise decode_failure(error, data) from None
    except LOST_CONTACT as error:
        if strategy_name != "multi-worker":
            raise
        raise SystemExit(
            f"lost contact with another worker ({type(error).__name__}); this worker stops "
            "too (--worker-timeout sets how long a worker waits for a silent one)"
        ) from None
    seconds = time.perf_counter() - started
    print(f"trained and tested in {seconds:.1f} s")
    # Only the chief writes --out; any other worker saves its copy apart, so nothing collides.
    chief = is_chief(strategy_name)
    out = args.out if chief else Path(tempfile.mkdtemp(prefix=f"{NAME}-worker-"))
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "weights.npz", **model.numpy_weights())
    metrics = {
        "test_accuracy": test_accuracy,
        "test_loss": test_loss,
        "epochs": epochs_run,
        "seconds": round(seconds, 3),
        "replicas": replicas,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    if chief:
        print(f"saved the weights and metrics in {out}")
    else:
        print(f"this worker is not the chief: its copy of the weights is in {out}")
    print(f"test accuracy {test_accuracy:.4f}")


# --- data loading ------------------------------------------------------------------------------
# A verbatim copy of netspec/datasets.py (its imports are at the top of this file), so that --data
# reads named data sets, image folders and .npz files exactly as `netspec run` reads them.

# ... netspec/datasets.py, pasted verbatim (elided here)


if __name__ == "__main__":
    main()
