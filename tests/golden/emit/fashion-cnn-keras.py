"""Train fashion-cnn, a 9-layer network with 356,234 parameters, in Keras.

The Fashion-MNIST classifier of seed 002: three 3x3 same-padded convolutions (32, 64, 128
filters, relu), each followed by 2x2 max pooling (28 -> 14 -> 7 -> 4), then fc 128 and 10
logits. Xavier (glorot) initialisation, Adam 1e-3, batch 128, 10 epochs.

Written by `netspec emit` from fashion-cnn.yaml. It trains on fashion-mnist (--data mnist,
fashion-mnist or cifar10); --help lists the options; --out gets the weights and metrics.json.
"""

import argparse
import gzip
import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (28, 28, 1)  # height, width, channels
OUTPUTS = 10  # one score per class
EPOCHS = 10
BATCH_SIZE = 128
LEARNING_RATE = 0.001
SEED = 1
DATA_SETS = ["mnist", "fashion-mnist", "cifar10"]  # the data sets --data can name
IDX_FILES = [f"{s}-{k}-ubyte" for s in ("train", "t10k") for k in ("images-idx3", "labels-idx1")]


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
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
    parser.add_argument("--out", type=Path, default=Path("fashion-cnn-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_named(args.data, args.data_dir)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    model.compile(
        optimizer=keras.optimizers.Adam(args.learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
        steps_per_execution=16,  # 16 steps per call into TensorFlow: less Python overhead
    )
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE)
    model.fit(
        train_ds,
        epochs=args.epochs,
        callbacks=[keras.callbacks.BackupAndRestore(args.out / "backup")],  # rerun to resume
        shuffle=False,  # make_pipeline shuffles (and Keras would only warn)
        verbose=2,
    )
    loss, accuracy = model.evaluate(test_ds, verbose=0)
    print(f"test accuracy {accuracy:.4f}, test loss {loss:.4f}")
    model.save_weights(args.out / "weights.weights.h5")
    metrics = {"test_accuracy": accuracy, "test_loss": loss}
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
