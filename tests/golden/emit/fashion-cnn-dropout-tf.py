"""Train fashion-cnn-dropout, an 11-layer network with 356,234 parameters, in TensorFlow.

fashion-cnn with dropout, the exercise seed 002 leaves to the reader after its network overfits
from about epoch 5: dropout on the flattened features and before the classifier, trained with
smaller batches and a cosine learning-rate decay.

Written by `netspec emit` from fashion-cnn-dropout.yaml. It trains on fashion-mnist (--data
mnist, fashion-mnist or cifar10); --help lists the options; --out gets the weights and
metrics.json.
"""

import argparse
import gzip
import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (28, 28, 1)  # height, width, channels
OUTPUTS = 10  # one score per class
EPOCHS = 10
BATCH_SIZE = 64
LEARNING_RATE = 0.001
SEED = 1
DATA_SETS = ["mnist", "fashion-mnist", "cifar10"]  # the data sets --data can name
IDX_FILES = [f"{s}-{k}-ubyte" for s in ("train", "t10k") for k in ("images-idx3", "labels-idx1")]


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: glorot_uniform."""
    return tf.Variable(keras.initializers.GlorotUniform()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


class Network(tf.Module):
    """The network in plain TensorFlow: variables per layer, tf.nn ops in forward."""

    def __init__(self) -> None:
        super().__init__(name="fashion_cnn_dropout")
        self.weights = {
            "conv1": {"kernel": new_kernel((3, 3, 1, 32)), "bias": new_bias(32)},
            "conv2": {"kernel": new_kernel((3, 3, 32, 64)), "bias": new_bias(64)},
            "conv3": {"kernel": new_kernel((3, 3, 64, 128)), "bias": new_bias(128)},
            "fc1": {"kernel": new_kernel((2048, 128)), "bias": new_bias(128)},
            "fc2": {"kernel": new_kernel((128, 10)), "bias": new_bias(10)},
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
        return list(self.forward(images, training))[-1][1]

    def numpy_weights(self) -> dict[str, np.ndarray]:
        """Every variable as an array named layer/part, to save with np.savez."""
        return {f"{n}/{p}": v.numpy() for n, vs in self.weights.items() for p, v in vs.items()}


def load_named(name: str, data_dir: str | None) -> tuple[np.ndarray, ...]:
    """x_train, y_train, x_test, y_test from IDX files (data_dir, /usr/share/datasets/NAME)."""
    folder = Path(data_dir or f"/usr/share/datasets/{name}")
    if data_dir or (folder / f"{IDX_FILES[0]}.gz").exists():
        x_train, y_train, x_test, y_test = (read_idx(folder / f"{file}.gz") for file in IDX_FILES)
    else:  # downloaded once, to ~/.keras/datasets
        module = getattr(keras.datasets, name.replace("-", "_"))
        (x_train, y_train), (x_test, y_test) = module.load_data()
    return x_train, y_train.ravel(), x_test, y_test.ravel()


def read_idx(path: Path) -> np.ndarray:
    """A gzipped IDX file (MNIST's format), read only as far as its header says."""
    with gzip.open(path, "rb") as stream:
        ndim = stream.read(4)[3]  # after two zero bytes and the type of the values
        shape = tuple(int(n) for n in np.frombuffer(stream.read(4 * ndim), ">u4"))
        return np.frombuffer(stream.read(int(np.prod(shape))), np.uint8).reshape(shape)


def fit_batch(images: tf.Tensor, shape: tuple[int, int, int]) -> tf.Tensor:
    """uint8 images as floats in [0, 1] of `shape`: alpha dropped, gray or RGB made, resized."""
    if images.shape.rank == 3:  # gray images without a channel axis
        images = images[..., None]
    images = tf.cast(images[..., :3], tf.float32) / 255.0
    if images.shape[-1] > shape[2]:  # RGB to gray before resizing: a third of the work
        images = tf.image.rgb_to_grayscale(images)
    if tuple(images.shape[1:3]) != tuple(shape[:2]):
        images = tf.clip_by_value(tf.image.resize(images, shape[:2], antialias=True), 0.0, 1.0)
    return tf.image.grayscale_to_rgb(images) if images.shape[-1] < shape[2] else images


def make_pipeline(
    x: np.ndarray, y: np.ndarray, batch_size: int, shape: tuple, training=False, seed=0, read=None
) -> tf.data.Dataset:
    """Batches of (images in [0, 1] of `shape`, labels) of uint8 images or paths `read` decodes."""
    ds = tf.data.Dataset.from_tensor_slices((x, y.astype("int32")))
    ds = ds if read else ds.cache()
    if training:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if read:
        ds = ds.map(lambda path, label: (read(path), label), tf.data.AUTOTUNE)
    ds = ds.batch(batch_size).map(lambda x, y: (fit_batch(x, shape), y))  # cheap: one thread
    return ds.prefetch(tf.data.AUTOTUNE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="fashion-mnist", choices=DATA_SETS)
    parser.add_argument("--data-dir", help="its .gz IDX files' folder (/usr/share/datasets/NAME)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path("fashion-cnn-dropout-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_named(args.data, args.data_dir)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = Network()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(
        args.learning_rate, decay_steps=steps_per_epoch * args.epochs, alpha=0.0
    )
    optimizer = keras.optimizers.Adam(schedule)
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    mean_loss, accuracy = keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE)

    @tf.function
    def step(images: tf.Tensor, labels: tf.Tensor, training: bool) -> None:
        """One batch through the network; when training, a gradient step too."""
        with tf.GradientTape() as tape:
            outputs = model(images, training=training)
            loss = loss_function(labels, outputs)
        if training:
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        mean_loss.update_state(loss, sample_weight=tf.shape(images)[0])
        accuracy.update_state(labels, outputs)

    def run_epoch(ds: tf.data.Dataset, training: bool = False) -> dict[str, float]:
        """One pass over `ds`: the mean loss and the accuracy."""
        mean_loss.reset_state()
        accuracy.reset_state()
        for images, labels in ds:
            step(images, labels, training)
        return {"loss": float(mean_loss.result()), "accuracy": float(accuracy.result())}

    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, epoch=tf.Variable(0))
    saved = tf.train.CheckpointManager(checkpoint, args.out / "checkpoints", max_to_keep=1)
    checkpoint.restore(saved.latest_checkpoint)  # run the same command to resume after a crash
    for epoch in range(int(checkpoint.epoch) + 1, args.epochs + 1):
        logs = run_epoch(train_ds, training=True)
        print(f"epoch {epoch}/{args.epochs}: " + ", ".join(f"{k} {v:.4f}" for k, v in logs.items()))
        checkpoint.epoch.assign(epoch)
        saved.save()
    metrics = {f"test_{key}": value for key, value in run_epoch(test_ds).items()}
    print(f"test accuracy {metrics['test_accuracy']:.4f}, test loss {metrics['test_loss']:.4f}")
    np.savez(args.out / "weights.npz", **model.numpy_weights())
    shutil.rmtree(args.out / "checkpoints")  # finished: the next run starts afresh, as in Keras
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
