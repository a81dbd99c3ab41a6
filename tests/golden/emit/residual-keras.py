"""Train residual, a 19-layer network with 5,386 parameters, in Keras.

A stem, two basic residual blocks (the second with a projection), a classifier.

Written by `netspec emit` from residual.yaml. Give --data mnist, fashion-mnist, cifar10, a
folder with a subfolder of images per class, or an .npz file with x_train, y_train, x_test and
y_test; --help lists the other options; --out gets weights and metrics.json.
"""

import argparse
import functools
import gzip
import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (16, 16, 3)  # height, width, channels
OUTPUTS = 10  # one score per class
EPOCHS = 1
BATCH_SIZE = 32
LEARNING_RATE = 0.001
SEED = 1
DATA_SETS = ["mnist", "fashion-mnist", "cifar10"]  # the data sets --data can name
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")
IDX_FILES = [f"{s}-{k}-ubyte" for s in ("train", "t10k") for k in ("images-idx3", "labels-idx1")]


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    # stem: (16-3+2*1)/1+1 = 16 -> 16x16x8, 224 params
    x = keras.layers.ZeroPadding2D(1, name="stem_pad")(x)
    stem = keras.layers.Conv2D(8, 3, activation="relu", name="stem")(x)

    # layer1: block basic filters=8 stride=1 project=false
    # layer1.conv1: (16-3+2*1)/1+1 = 16 -> 16x16x8, 576 params
    x = keras.layers.ZeroPadding2D(1, name="layer1.conv1_pad")(stem)
    x = keras.layers.Conv2D(8, 3, use_bias=False, name="layer1.conv1")(x)
    # layer1.bn1: 4*8 -> 16x16x8, 32 params (16 trainable)
    x = keras.layers.BatchNormalization(name="layer1.bn1")(x)
    # layer1.relu1: 16x16x8
    x = keras.layers.Activation("relu", name="layer1.relu1")(x)
    # layer1.conv2: (16-3+2*1)/1+1 = 16 -> 16x16x8, 576 params
    x = keras.layers.ZeroPadding2D(1, name="layer1.conv2_pad")(x)
    x = keras.layers.Conv2D(8, 3, use_bias=False, name="layer1.conv2")(x)
    # layer1.bn2: 4*8 -> 16x16x8, 32 params (16 trainable)
    x = keras.layers.BatchNormalization(name="layer1.bn2")(x)
    # layer1.add: 16x16x8 + 16x16x8 -> 16x16x8
    x = keras.layers.Add(name="layer1.add")([x, stem])
    # layer1.relu2: 16x16x8
    layer1_relu2 = keras.layers.Activation("relu", name="layer1.relu2")(x)

    # layer2: block basic filters=16 stride=2 project=true
    # layer2.conv1: (16-3+2*1)/2+1 = 8.5 -> 8 -> 8x8x16, 1,152 params
    x = keras.layers.ZeroPadding2D(1, name="layer2.conv1_pad")(layer1_relu2)
    x = keras.layers.Conv2D(16, 3, strides=2, use_bias=False, name="layer2.conv1")(x)
    # layer2.bn1: 4*16 -> 8x8x16, 64 params (32 trainable)
    x = keras.layers.BatchNormalization(name="layer2.bn1")(x)
    # layer2.relu1: 8x8x16
    x = keras.layers.Activation("relu", name="layer2.relu1")(x)
    # layer2.conv2: (8-3+2*1)/1+1 = 8 -> 8x8x16, 2,304 params
    x = keras.layers.ZeroPadding2D(1, name="layer2.conv2_pad")(x)
    x = keras.layers.Conv2D(16, 3, use_bias=False, name="layer2.conv2")(x)
    # layer2.bn2: 4*16 -> 8x8x16, 64 params (32 trainable)
    layer2_bn2 = keras.layers.BatchNormalization(name="layer2.bn2")(x)
    # layer2.down: (16-1+2*0)/2+1 = 8.5 -> 8 -> 8x8x16, 128 params
    x = keras.layers.Conv2D(16, 1, strides=2, use_bias=False, name="layer2.down")(layer1_relu2)
    # layer2.down_bn: 4*16 -> 8x8x16, 64 params (32 trainable)
    x = keras.layers.BatchNormalization(name="layer2.down_bn")(x)
    # layer2.add: 8x8x16 + 8x8x16 -> 8x8x16
    x = keras.layers.Add(name="layer2.add")([layer2_bn2, x])
    # layer2.relu2: 8x8x16
    x = keras.layers.Activation("relu", name="layer2.relu2")(x)

    # pool: avg of 8x8 -> 16
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    # out: 16x10 -> 10, 170 params
    x = keras.layers.Dense(10, name="out")(x)
    return keras.Model(inputs, x, name="residual")


def load_named(name: str, data_dir: str | None) -> tuple[np.ndarray, ...]:
    """x_train, y_train, x_test, y_test from IDX files (data_dir, /usr/share/datasets/NAME)."""
    folder = Path(data_dir or f"/usr/share/datasets/{name}")
    if data_dir or (folder / f"{IDX_FILES[0]}.gz").exists():
        x_train, y_train, x_test, y_test = (read_idx(folder / f"{file}.gz") for file in IDX_FILES)
    else:  # downloaded once, to ~/.keras/datasets
        module = getattr(keras.datasets, name.replace("-", "_"))
        (x_train, y_train), (x_test, y_test) = module.load_data()
    return x_train, y_train.ravel(), x_test, y_test.ravel()


def load_image_folder(folder: str) -> tuple[np.ndarray, ...]:
    """File paths and labels of an image folder's training and test images."""
    root = Path(folder)
    top = root / "train" if (root / "train").is_dir() and (root / "test").is_dir() else root
    classes = sorted(p.name for p in top.iterdir() if p.is_dir() and not p.name.startswith("."))
    return split_image_folder(root, classes)


def load_npz(path: str) -> tuple[np.ndarray, ...]:
    """x_train, y_train, x_test, y_test of an .npz file."""
    with np.load(path) as arrays:
        return tuple(arrays[key] for key in ("x_train", "y_train", "x_test", "y_test"))


def read_idx(path: Path) -> np.ndarray:
    """A gzipped IDX file (MNIST's format), read only as far as its header says."""
    with gzip.open(path, "rb") as stream:
        ndim = stream.read(4)[3]  # after two zero bytes and the type of the values
        shape = tuple(int(n) for n in np.frombuffer(stream.read(4 * ndim), ">u4"))
        return np.frombuffer(stream.read(int(np.prod(shape))), np.uint8).reshape(shape)


def image_files(folder: Path) -> list[Path]:
    """A class folder's images, sorted by name (hidden files left out)."""
    found = [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and not p.is_dir()]
    return sorted(p for p in found if not p.name.startswith("."))


def split_image_folder(root: Path, classes: list[str]) -> tuple[np.ndarray, ...]:
    """Paths and labels of the training and test images: from train/ and test/ when the folder
    has both, else a seeded 20% of each class is held out, the same 20% every time."""
    split = (root / "train").is_dir() and (root / "test").is_dir()
    rng, rows = np.random.default_rng(0), []  # rows: (path, label, held out for testing)
    for label, name in enumerate(classes):
        if split:
            rows += [(str(p), label, False) for p in image_files(root / "train" / name)]
            rows += [(str(p), label, True) for p in image_files(root / "test" / name)]
            continue
        found = image_files(root / name)
        held = max(1, round(len(found) * 0.2)) if len(found) > 1 else 0
        test = set(rng.permutation(len(found))[:held].tolist())
        rows += [(str(p), label, i in test) for i, p in enumerate(found)]
    paths, labels, test = (np.array(column) for column in zip(*rows, strict=True))
    return paths[~test], labels[~test], paths[test], labels[test]


def decode_image(path: tf.Tensor, shape: tuple[int, int, int]) -> tf.Tensor:
    """An image file as uint8 `shape`: RGB (gray repeated, alpha dropped, a GIF's first frame),
    resized bilinearly as keras.utils.image_dataset_from_directory does, then gray if asked."""
    image = tf.io.decode_image(tf.io.read_file(path), channels=3, expand_animations=False)
    image = tf.image.resize(image, shape[:2])  # float32, still within 0..255
    image = tf.image.rgb_to_grayscale(image) if shape[2] == 1 else image
    return tf.cast(image + 0.5, tf.uint8)  # rounded


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
    parser.add_argument("--data", required=True, help="mnist, fashion-mnist, cifar10 or a path")
    parser.add_argument("--data-dir", help="its .gz IDX files' folder (/usr/share/datasets/NAME)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path("residual-weights"))
    args = parser.parse_args()
    if Path(args.data).is_dir():
        x_train, y_train, x_test, y_test = load_image_folder(args.data)
    elif args.data.endswith(".npz"):
        x_train, y_train, x_test, y_test = load_npz(args.data)
    elif args.data in DATA_SETS:
        x_train, y_train, x_test, y_test = load_named(args.data, args.data_dir)
    else:
        raise SystemExit(
            f"--data {args.data}: expected a folder, an .npz file or one of {', '.join(DATA_SETS)}"
        )
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
    read = functools.partial(decode_image, shape=INPUT_SHAPE) if Path(args.data).is_dir() else None
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed, read)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE, read=read)
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
