"""Train alexnet, a 16-layer network with 58,350,993 parameters, in Keras.

AlexNet (Krizhevsky et al. 2012) as seed 003 builds it for the 17 classes of oxflower17: five
convolutions (96, 256, 384, 384, 256), max pooling and local response normalization after the
first two, three fc layers with dropout. The input is 227x227 so that conv1's 11x11 filters at
stride 4 tile it exactly: (227-11)/4+1 = 55.

Written by `netspec emit` from alexnet.yaml. Give --data a folder with a subfolder of images per
class (or train/ and test/ folders of such subfolders); --help lists the other options; --out
gets weights and metrics.json.
"""

import argparse
import functools
import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (227, 227, 3)  # height, width, channels
OUTPUTS = 17  # one score per class
EPOCHS = 90
BATCH_SIZE = 64
LEARNING_RATE = 0.01
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


class LocalResponseNormalization(keras.layers.Layer):
    """AlexNet's local response normalization across channels, as a Keras layer."""

    def __init__(self, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = {"depth_radius": depth_radius, "bias": bias, "alpha": alpha, "beta": beta}

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        return tf.nn.local_response_normalization(inputs, **self.settings)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return input_shape


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(0.0005)}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    # conv1: (227-11+2*0)/4+1 = 55 -> 55x55x96, 34,944 params
    x = keras.layers.Conv2D(
        96, 11, strides=4, activation="relu", name="conv1", **weight_settings()
    )(x)
    # pool1: (55-3+2*0)/2+1 = 27 -> 27x27x96
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    # lrn1: 27x27x96
    x = LocalResponseNormalization(name="lrn1")(x)
    # conv2: (27-5+2*2)/1+1 = 27 -> 27x27x256, 614,656 params
    x = keras.layers.ZeroPadding2D(2, name="conv2_pad")(x)
    x = keras.layers.Conv2D(256, 5, activation="relu", name="conv2", **weight_settings())(x)
    # pool2: (27-3+2*0)/2+1 = 13 -> 13x13x256
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool2")(x)
    # lrn2: 13x13x256
    x = LocalResponseNormalization(name="lrn2")(x)
    # conv3: (13-3+2*1)/1+1 = 13 -> 13x13x384, 885,120 params
    x = keras.layers.ZeroPadding2D(1, name="conv3_pad")(x)
    x = keras.layers.Conv2D(384, 3, activation="relu", name="conv3", **weight_settings())(x)
    # conv4: (13-3+2*1)/1+1 = 13 -> 13x13x384, 1,327,488 params
    x = keras.layers.ZeroPadding2D(1, name="conv4_pad")(x)
    x = keras.layers.Conv2D(384, 3, activation="relu", name="conv4", **weight_settings())(x)
    # conv5: (13-3+2*1)/1+1 = 13 -> 13x13x256, 884,992 params
    x = keras.layers.ZeroPadding2D(1, name="conv5_pad")(x)
    x = keras.layers.Conv2D(256, 3, activation="relu", name="conv5", **weight_settings())(x)
    # pool3: (13-3+2*0)/2+1 = 6 -> 6x6x256
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool3")(x)
    # flatten1: 6*6*256 = 9216 -> 9216
    x = keras.layers.Flatten(name="flatten1")(x)
    # fc1: 9216x4096 -> 4096, 37,752,832 params
    x = keras.layers.Dense(4096, activation="relu", name="fc1", **weight_settings())(x)
    # dropout1: 4096
    x = keras.layers.Dropout(0.5, name="dropout1")(x)
    # fc2: 4096x4096 -> 4096, 16,781,312 params
    x = keras.layers.Dense(4096, activation="relu", name="fc2", **weight_settings())(x)
    # dropout2: 4096
    x = keras.layers.Dropout(0.5, name="dropout2")(x)
    # fc3: 4096x17 -> 17, 69,649 params
    x = keras.layers.Dense(17, name="fc3", **weight_settings())(x)
    return keras.Model(inputs, x, name="alexnet")


def load_image_folder(folder: str) -> tuple[np.ndarray, ...]:
    """File paths and labels of an image folder's training and test images."""
    root = Path(folder)
    top = root / "train" if (root / "train").is_dir() and (root / "test").is_dir() else root
    classes = sorted(p.name for p in top.iterdir() if p.is_dir() and not p.name.startswith("."))
    return split_image_folder(root, classes)


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


def split_validation(x: np.ndarray, y: np.ndarray, fraction: float, seed: int) -> tuple:
    """Hold out a seeded `fraction` of each class: at least one, never a class's last image."""
    rng, held = np.random.default_rng(seed), np.zeros(len(y), bool)
    for members in (rng.permutation(np.flatnonzero(y == label)) for label in np.unique(y)):
        held[members[: min(len(members) - 1, max(1, round(len(members) * fraction)))]] = True
    return x[~held], y[~held], x[held], y[held]


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


def augment_batches(ds: tf.data.Dataset, augmenter: keras.Layer) -> tf.data.Dataset:
    """Random changes to each training batch, one batch after another so a seed repeats them."""
    ds = ds.map(lambda images, labels: (augmenter(images, training=True), labels))
    return ds.prefetch(tf.data.AUTOTUNE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="a folder of class folders of images")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path("alexnet-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    model.compile(
        optimizer=keras.optimizers.SGD(args.learning_rate, momentum=0.9),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
        steps_per_execution=16,  # 16 steps per call into TensorFlow: less Python overhead
    )
    read = functools.partial(decode_image, shape=INPUT_SHAPE)  # an image file, as uint8
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed, read)
    augmenter = keras.Sequential(
        [
            keras.layers.RandomFlip("horizontal", seed=args.seed),
            keras.layers.ZeroPadding2D(16),
            keras.layers.RandomCrop(227, 227, seed=args.seed),
        ],
        name="augment",
    )
    train_ds = augment_batches(train_ds, augmenter)
    val_ds = make_pipeline(x_val, y_val, args.batch_size, INPUT_SHAPE, read=read)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE, read=read)
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
