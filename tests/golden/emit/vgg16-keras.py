"""Train vgg16, a 24-layer network with 138,357,544 parameters, in Keras.

VGG-16 (Simonyan and Zisserman 2014), configuration D: 3x3 convolutions at stride 1 with padding
1, five 2x2 max-pooling stages (224 -> 7), fc 4096, 4096 and 1000 classes, dropout 0.5 on the
first two fc layers. Source: seed 003.

Written by `netspec emit` from vgg16.yaml. Give --data a folder with a subfolder of images per
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

INPUT_SHAPE = (224, 224, 3)  # height, width, channels
OUTPUTS = 1000  # one score per class
EPOCHS = 74
BATCH_SIZE = 256
LEARNING_RATE = 0.01
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(0.0005)}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    # conv1: (224-3+2*1)/1+1 = 224 -> 224x224x64, 1,792 params
    x = keras.layers.ZeroPadding2D(1, name="conv1_pad")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv1", **weight_settings())(x)
    # conv2: (224-3+2*1)/1+1 = 224 -> 224x224x64, 36,928 params
    x = keras.layers.ZeroPadding2D(1, name="conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv2", **weight_settings())(x)
    # pool1: (224-2+2*0)/2+1 = 112 -> 112x112x64
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    # conv3: (112-3+2*1)/1+1 = 112 -> 112x112x128, 73,856 params
    x = keras.layers.ZeroPadding2D(1, name="conv3_pad")(x)
    x = keras.layers.Conv2D(128, 3, activation="relu", name="conv3", **weight_settings())(x)
    # conv4: (112-3+2*1)/1+1 = 112 -> 112x112x128, 147,584 params
    x = keras.layers.ZeroPadding2D(1, name="conv4_pad")(x)
    x = keras.layers.Conv2D(128, 3, activation="relu", name="conv4", **weight_settings())(x)
    # pool2: (112-2+2*0)/2+1 = 56 -> 56x56x128
    x = keras.layers.MaxPooling2D(2, name="pool2")(x)
    # conv5: (56-3+2*1)/1+1 = 56 -> 56x56x256, 295,168 params
    x = keras.layers.ZeroPadding2D(1, name="conv5_pad")(x)
    x = keras.layers.Conv2D(256, 3, activation="relu", name="conv5", **weight_settings())(x)
    # conv6: (56-3+2*1)/1+1 = 56 -> 56x56x256, 590,080 params
    x = keras.layers.ZeroPadding2D(1, name="conv6_pad")(x)
    x = keras.layers.Conv2D(256, 3, activation="relu", name="conv6", **weight_settings())(x)
    # conv7: (56-3+2*1)/1+1 = 56 -> 56x56x256, 590,080 params
    x = keras.layers.ZeroPadding2D(1, name="conv7_pad")(x)
    x = keras.layers.Conv2D(256, 3, activation="relu", name="conv7", **weight_settings())(x)
    # pool3: (56-2+2*0)/2+1 = 28 -> 28x28x256
    x = keras.layers.MaxPooling2D(2, name="pool3")(x)
    # conv8: (28-3+2*1)/1+1 = 28 -> 28x28x512, 1,180,160 params
    x = keras.layers.ZeroPadding2D(1, name="conv8_pad")(x)
    x = keras.layers.Conv2D(512, 3, activation="relu", name="conv8", **weight_settings())(x)
    # conv9: (28-3+2*1)/1+1 = 28 -> 28x28x512, 2,359,808 params
    x = keras.layers.ZeroPadding2D(1, name="conv9_pad")(x)
    x = keras.layers.Conv2D(512, 3, activation="relu", name="conv9", **weight_settings())(x)
    # conv10: (28-3+2*1)/1+1 = 28 -> 28x28x512, 2,359,808 params
    x = keras.layers.ZeroPadding2D(1, name="conv10_pad")(x)
    x = keras.layers.Conv2D(512, 3, activation="relu", name="conv10", **weight_settings())(x)
    # pool4: (28-2+2*0)/2+1 = 14 -> 14x14x512
    x = keras.layers.MaxPooling2D(2, name="pool4")(x)
    # conv11: (14-3+2*1)/1+1 = 14 -> 14x14x512, 2,359,808 params
    x = keras.layers.ZeroPadding2D(1, name="conv11_pad")(x)
    x = keras.layers.Conv2D(512, 3, activation="relu", name="conv11", **weight_settings())(x)
    # conv12: (14-3+2*1)/1+1 = 14 -> 14x14x512, 2,359,808 params
    x = keras.layers.ZeroPadding2D(1, name="conv12_pad")(x)
    x = keras.layers.Conv2D(512, 3, activation="relu", name="conv12", **weight_settings())(x)
    # conv13: (14-3+2*1)/1+1 = 14 -> 14x14x512, 2,359,808 params
    x = keras.layers.ZeroPadding2D(1, name="conv13_pad")(x)
    x = keras.layers.Conv2D(512, 3, activation="relu", name="conv13", **weight_settings())(x)
    # pool5: (14-2+2*0)/2+1 = 7 -> 7x7x512
    x = keras.layers.MaxPooling2D(2, name="pool5")(x)
    # flatten1: 7*7*512 = 25088 -> 25088
    x = keras.layers.Flatten(name="flatten1")(x)
    # fc1: 25088x4096 -> 4096, 102,764,544 params
    x = keras.layers.Dense(4096, activation="relu", name="fc1", **weight_settings())(x)
    # dropout1: 4096
    x = keras.layers.Dropout(0.5, name="dropout1")(x)
    # fc2: 4096x4096 -> 4096, 16,781,312 params
    x = keras.layers.Dense(4096, activation="relu", name="fc2", **weight_settings())(x)
    # dropout2: 4096
    x = keras.layers.Dropout(0.5, name="dropout2")(x)
    # fc3: 4096x1000 -> 1000, 4,097,000 params
    x = keras.layers.Dense(1000, name="fc3", **weight_settings())(x)
    return keras.Model(inputs, x, name="vgg16")


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
    parser.add_argument("--out", type=Path, default=Path("vgg16-weights"))
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
        [keras.layers.RandomFlip("horizontal", seed=args.seed)],
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
