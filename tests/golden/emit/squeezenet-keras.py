"""Train squeezenet, a 39-layer network with 1,235,496 parameters, in Keras.

SqueezeNet 1.1 (Iandola et al. 2016) as torchvision's squeezenet1_1 builds it: a 3x3/2 conv of
64, then eight fire modules (a 1x1 squeeze conv feeding a 1x1 and a 3x3 expand conv side by
side, their outputs concatenated) with 3x3/2 max pooling (ceil mode) after conv1, fire3 and
fire5; the classifier is dropout, a 1x1 conv to the 1000 classes with relu, and global average
pooling. Names are the SqueezeNet v1.1 Caffe release's (fire2/squeeze1x1 is fire2.squeeze1x1).
Source: torchvision.models.squeezenet1_1; 1,235,496 parameters and 0.35 GMACs.

Written by `netspec emit` from squeezenet.yaml. Give --data a folder with a subfolder of images
per class (or train/ and test/ folders of such subfolders); --help lists the other options;
--out gets weights and metrics.json.
"""

import argparse
import functools
import json
import math
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (224, 224, 3)  # height, width, channels
OUTPUTS = 1000  # one score per class
EPOCHS = 68
BATCH_SIZE = 1024
LEARNING_RATE = 0.08
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(0.0001)}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    # conv1: (224-3+2*0)/2+1 = 111.5 -> 111 -> 111x111x64, 1,792 params
    x = keras.layers.Conv2D(64, 3, strides=2, activation="relu", name="conv1", **weight_settings())(
        x
    )
    # pool1: (111-3+2*0)/2+1 = 55 -> 55x55x64
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool1")(x)

    # fire2: block fire squeeze=16 expand=64
    # fire2.squeeze1x1: (55-1+2*0)/1+1 = 55 -> 55x55x16, 1,040 params
    fire2_squeeze1x1 = keras.layers.Conv2D(
        16, 1, activation="relu", name="fire2.squeeze1x1", **weight_settings()
    )(x)
    # fire2.expand1x1: (55-1+2*0)/1+1 = 55 -> 55x55x64, 1,088 params
    fire2_expand1x1 = keras.layers.Conv2D(
        64, 1, activation="relu", name="fire2.expand1x1", **weight_settings()
    )(fire2_squeeze1x1)
    # fire2.expand3x3: (55-3+2*1)/1+1 = 55 -> 55x55x64, 9,280 params
    x = keras.layers.ZeroPadding2D(1, name="fire2.expand3x3_pad")(fire2_squeeze1x1)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="fire2.expand3x3", **weight_settings())(
        x
    )
    # fire2.concat: 55x55x(64+64) -> 55x55x128
    x = keras.layers.Concatenate(name="fire2.concat")([fire2_expand1x1, x])

    # fire3: block fire squeeze=16 expand=64
    # fire3.squeeze1x1: (55-1+2*0)/1+1 = 55 -> 55x55x16, 2,064 params
    fire3_squeeze1x1 = keras.layers.Conv2D(
        16, 1, activation="relu", name="fire3.squeeze1x1", **weight_settings()
    )(x)
    # fire3.expand1x1: (55-1+2*0)/1+1 = 55 -> 55x55x64, 1,088 params
    fire3_expand1x1 = keras.layers.Conv2D(
        64, 1, activation="relu", name="fire3.expand1x1", **weight_settings()
    )(fire3_squeeze1x1)
    # fire3.expand3x3: (55-3+2*1)/1+1 = 55 -> 55x55x64, 9,280 params
    x = keras.layers.ZeroPadding2D(1, name="fire3.expand3x3_pad")(fire3_squeeze1x1)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="fire3.expand3x3", **weight_settings())(
        x
    )
    # fire3.concat: 55x55x(64+64) -> 55x55x128
    x = keras.layers.Concatenate(name="fire3.concat")([fire3_expand1x1, x])

    # pool3: (55-3+2*0)/2+1 = 27 -> 27x27x128
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool3")(x)

    # fire4: block fire squeeze=32 expand=128
    # fire4.squeeze1x1: (27-1+2*0)/1+1 = 27 -> 27x27x32, 4,128 params
    fire4_squeeze1x1 = keras.layers.Conv2D(
        32, 1, activation="relu", name="fire4.squeeze1x1", **weight_settings()
    )(x)
    # fire4.expand1x1: (27-1+2*0)/1+1 = 27 -> 27x27x128, 4,224 params
    fire4_expand1x1 = keras.layers.Conv2D(
        128, 1, activation="relu", name="fire4.expand1x1", **weight_settings()
    )(fire4_squeeze1x1)
    # fire4.expand3x3: (27-3+2*1)/1+1 = 27 -> 27x27x128, 36,992 params
    x = keras.layers.ZeroPadding2D(1, name="fire4.expand3x3_pad")(fire4_squeeze1x1)
    x = keras.layers.Conv2D(128, 3, activation="relu", name="fire4.expand3x3", **weight_settings())(
        x
    )
    # fire4.concat: 27x27x(128+128) -> 27x27x256
    x = keras.layers.Concatenate(name="fire4.concat")([fire4_expand1x1, x])

    # fire5: block fire squeeze=32 expand=128
    # fire5.squeeze1x1: (27-1+2*0)/1+1 = 27 -> 27x27x32, 8,224 params
    fire5_squeeze1x1 = keras.layers.Conv2D(
        32, 1, activation="relu", name="fire5.squeeze1x1", **weight_settings()
    )(x)
    # fire5.expand1x1: (27-1+2*0)/1+1 = 27 -> 27x27x128, 4,224 params
    fire5_expand1x1 = keras.layers.Conv2D(
        128, 1, activation="relu", name="fire5.expand1x1", **weight_settings()
    )(fire5_squeeze1x1)
    # fire5.expand3x3: (27-3+2*1)/1+1 = 27 -> 27x27x128, 36,992 params
    x = keras.layers.ZeroPadding2D(1, name="fire5.expand3x3_pad")(fire5_squeeze1x1)
    x = keras.layers.Conv2D(128, 3, activation="relu", name="fire5.expand3x3", **weight_settings())(
        x
    )
    # fire5.concat: 27x27x(128+128) -> 27x27x256
    x = keras.layers.Concatenate(name="fire5.concat")([fire5_expand1x1, x])

    # pool5: (27-3+2*0)/2+1 = 13 -> 13x13x256
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool5")(x)

    # fire6: block fire squeeze=48 expand=192
    # fire6.squeeze1x1: (13-1+2*0)/1+1 = 13 -> 13x13x48, 12,336 params
    fire6_squeeze1x1 = keras.layers.Conv2D(
        48, 1, activation="relu", name="fire6.squeeze1x1", **weight_settings()
    )(x)
    # fire6.expand1x1: (13-1+2*0)/1+1 = 13 -> 13x13x192, 9,408 params
    fire6_expand1x1 = keras.layers.Conv2D(
        192, 1, activation="relu", name="fire6.expand1x1", **weight_settings()
    )(fire6_squeeze1x1)
    # fire6.expand3x3: (13-3+2*1)/1+1 = 13 -> 13x13x192, 83,136 params
    x = keras.layers.ZeroPadding2D(1, name="fire6.expand3x3_pad")(fire6_squeeze1x1)
    x = keras.layers.Conv2D(192, 3, activation="relu", name="fire6.expand3x3", **weight_settings())(
        x
    )
    # fire6.concat: 13x13x(192+192) -> 13x13x384
    x = keras.layers.Concatenate(name="fire6.concat")([fire6_expand1x1, x])

    # fire7: block fire squeeze=48 expand=192
    # fire7.squeeze1x1: (13-1+2*0)/1+1 = 13 -> 13x13x48, 18,480 params
    fire7_squeeze1x1 = keras.layers.Conv2D(
        48, 1, activation="relu", name="fire7.squeeze1x1", **weight_settings()
    )(x)
    # fire7.expand1x1: (13-1+2*0)/1+1 = 13 -> 13x13x192, 9,408 params
    fire7_expand1x1 = keras.layers.Conv2D(
        192, 1, activation="relu", name="fire7.expand1x1", **weight_settings()
    )(fire7_squeeze1x1)
    # fire7.expand3x3: (13-3+2*1)/1+1 = 13 -> 13x13x192, 83,136 params
    x = keras.layers.ZeroPadding2D(1, name="fire7.expand3x3_pad")(fire7_squeeze1x1)
    x = keras.layers.Conv2D(192, 3, activation="relu", name="fire7.expand3x3", **weight_settings())(
        x
    )
    # fire7.concat: 13x13x(192+192) -> 13x13x384
    x = keras.layers.Concatenate(name="fire7.concat")([fire7_expand1x1, x])

    # fire8: block fire squeeze=64 expand=256
    # fire8.squeeze1x1: (13-1+2*0)/1+1 = 13 -> 13x13x64, 24,640 params
    fire8_squeeze1x1 = keras.layers.Conv2D(
        64, 1, activation="relu", name="fire8.squeeze1x1", **weight_settings()
    )(x)
    # fire8.expand1x1: (13-1+2*0)/1+1 = 13 -> 13x13x256, 16,640 params
    fire8_expand1x1 = keras.layers.Conv2D(
        256, 1, activation="relu", name="fire8.expand1x1", **weight_settings()
    )(fire8_squeeze1x1)
    # fire8.expand3x3: (13-3+2*1)/1+1 = 13 -> 13x13x256, 147,712 params
    x = keras.layers.ZeroPadding2D(1, name="fire8.expand3x3_pad")(fire8_squeeze1x1)
    x = keras.layers.Conv2D(256, 3, activation="relu", name="fire8.expand3x3", **weight_settings())(
        x
    )
    # fire8.concat: 13x13x(256+256) -> 13x13x512
    x = keras.layers.Concatenate(name="fire8.concat")([fire8_expand1x1, x])

    # fire9: block fire squeeze=64 expand=256
    # fire9.squeeze1x1: (13-1+2*0)/1+1 = 13 -> 13x13x64, 32,832 params
    fire9_squeeze1x1 = keras.layers.Conv2D(
        64, 1, activation="relu", name="fire9.squeeze1x1", **weight_settings()
    )(x)
    # fire9.expand1x1: (13-1+2*0)/1+1 = 13 -> 13x13x256, 16,640 params
    fire9_expand1x1 = keras.layers.Conv2D(
        256, 1, activation="relu", name="fire9.expand1x1", **weight_settings()
    )(fire9_squeeze1x1)
    # fire9.expand3x3: (13-3+2*1)/1+1 = 13 -> 13x13x256, 147,712 params
    x = keras.layers.ZeroPadding2D(1, name="fire9.expand3x3_pad")(fire9_squeeze1x1)
    x = keras.layers.Conv2D(256, 3, activation="relu", name="fire9.expand3x3", **weight_settings())(
        x
    )
    # fire9.concat: 13x13x(256+256) -> 13x13x512
    x = keras.layers.Concatenate(name="fire9.concat")([fire9_expand1x1, x])

    # drop9: 13x13x512
    x = keras.layers.Dropout(0.5, name="drop9")(x)
    # conv10: (13-1+2*0)/1+1 = 13 -> 13x13x1000, 513,000 params
    x = keras.layers.Conv2D(1000, 1, activation="relu", name="conv10", **weight_settings())(x)
    # pool10: avg of 13x13 -> 1000
    x = keras.layers.GlobalAveragePooling2D(name="pool10")(x)
    return keras.Model(inputs, x, name="squeezenet")


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
    parser.add_argument("--out", type=Path, default=Path("squeezenet-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(
        args.learning_rate, decay_steps=steps_per_epoch * args.epochs, alpha=0
    )
    model.compile(
        optimizer=keras.optimizers.SGD(schedule, momentum=0.9),
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
