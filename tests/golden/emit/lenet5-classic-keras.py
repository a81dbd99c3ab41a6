"""Train lenet5-classic, an 8-layer network with 61,706 parameters, in Keras.

LeNet-5 as published in 1998 for 32x32 digit images: sigmoid units, 2x2 average pooling
(subsampling) and C5 as a 5x5 convolution to 120 maps, fully connected between maps. Source:
seed 003, after LeCun et al. 1998.

Written by `netspec emit` from lenet5-classic.yaml. It trains on mnist (--data mnist,
fashion-mnist or cifar10); --help lists the options; --out gets the weights and metrics.json.
"""

import argparse
import gzip
import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (32, 32, 1)  # height, width, channels
OUTPUTS = 10  # one score per class
EPOCHS = 10
BATCH_SIZE = 64
LEARNING_RATE = 0.001
SEED = 1
VALIDATION_SPLIT = 0.1
DATA_SETS = ["mnist", "fashion-mnist", "cifar10"]  # the data sets --data can name
IDX_FILES = [f"{s}-{k}-ubyte" for s in ("train", "t10k") for k in ("images-idx3", "labels-idx1")]


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
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


def split_validation(x: np.ndarray, y: np.ndarray, fraction: float, seed: int) -> tuple:
    """Hold out a seeded `fraction` of each class: at least one, never a class's last image."""
    rng, held = np.random.default_rng(seed), np.zeros(len(y), bool)
    for members in (rng.permutation(np.flatnonzero(y == label)) for label in np.unique(y)):
        held[members[: min(len(members) - 1, max(1, round(len(members) * fraction)))]] = True
    return x[~held], y[~held], x[held], y[held]


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
    parser.add_argument("--data", default="mnist", choices=DATA_SETS)
    parser.add_argument("--data-dir", help="its .gz IDX files' folder (/usr/share/datasets/NAME)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path("lenet5-classic-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_named(args.data, args.data_dir)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    model.compile(
        optimizer=keras.optimizers.Adam(args.learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
        steps_per_execution=16,  # 16 steps per call into TensorFlow: less Python overhead
    )
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed)
    val_ds = make_pipeline(x_val, y_val, args.batch_size, INPUT_SHAPE)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE)
    model.fit(
        train_ds,
        validation_data=val_ds,
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
