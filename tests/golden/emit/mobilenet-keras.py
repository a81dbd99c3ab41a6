"""Train mobilenet, an 84-layer network with 4,253,864 parameters, in Keras.

MobileNet v1 (Howard et al. 2017, "MobileNets: Efficient Convolutional Neural Networks for
Mobile Vision Applications") at width multiplier alpha 1 for 224x224 ImageNet images, as
keras.applications.MobileNet builds it: a 3x3/2 convolution, then 13 depthwise separable blocks
(3x3 depthwise conv, then 1x1 pointwise conv, each followed by batch normalization and relu6),
global average pooling, dropout 0.001 and a 1x1 convolution to 1000 classes (here the equivalent
fc on the pooled vector: the same 1,025,000 weights). Source:
keras/src/applications/mobilenet.py; 4,253,864 parameters, as Keras counts.

Written by `netspec emit` from mobilenet.yaml. Give --data a folder with a subfolder of images
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
EPOCHS = 100
BATCH_SIZE = 96
LEARNING_RATE = 0.045
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(4e-05)}


def depthwise_settings() -> dict[str, object]:
    """weight_settings() as a depthwise layer takes them: Keras calls its kernel depthwise."""
    return {key.replace("kernel_", "depthwise_"): value for key, value in weight_settings().items()}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    # conv1: ceil(224/2) = 112 -> 112x112x32, 864 params
    x = keras.layers.Conv2D(
        32, 3, strides=2, padding="same", use_bias=False, name="conv1", **weight_settings()
    )(x)
    # conv1_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(name="conv1_bn")(x)
    # conv1_relu: 112x112x32
    x = keras.layers.Activation("relu6", name="conv1_relu")(x)

    # block1: block separable filters=64 stride=1
    # block1.dw: ceil(112/1) = 112 -> 112x112x32, 288 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block1.dw", **depthwise_settings()
    )(x)
    # block1.dw_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(name="block1.dw_bn")(x)
    # block1.dw_relu: 112x112x32
    x = keras.layers.Activation("relu6", name="block1.dw_relu")(x)
    # block1.pw: (112-1+2*0)/1+1 = 112 -> 112x112x64, 2,048 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="block1.pw", **weight_settings())(x)
    # block1.pw_bn: 4*64 -> 112x112x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(name="block1.pw_bn")(x)
    # block1.pw_relu: 112x112x64
    x = keras.layers.Activation("relu6", name="block1.pw_relu")(x)

    # block2: block separable filters=128 stride=2
    # block2.dw: (112-3+0+1)/2+1 = 56 -> 56x56x64, 576 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block2.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block2.dw", **depthwise_settings()
    )(x)
    # block2.dw_bn: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(name="block2.dw_bn")(x)
    # block2.dw_relu: 56x56x64
    x = keras.layers.Activation("relu6", name="block2.dw_relu")(x)
    # block2.pw: (56-1+2*0)/1+1 = 56 -> 56x56x128, 8,192 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="block2.pw", **weight_settings())(x)
    # block2.pw_bn: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(name="block2.pw_bn")(x)
    # block2.pw_relu: 56x56x128
    x = keras.layers.Activation("relu6", name="block2.pw_relu")(x)

    # block3: block separable filters=128 stride=1
    # block3.dw: ceil(56/1) = 56 -> 56x56x128, 1,152 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block3.dw", **depthwise_settings()
    )(x)
    # block3.dw_bn: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(name="block3.dw_bn")(x)
    # block3.dw_relu: 56x56x128
    x = keras.layers.Activation("relu6", name="block3.dw_relu")(x)
    # block3.pw: (56-1+2*0)/1+1 = 56 -> 56x56x128, 16,384 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="block3.pw", **weight_settings())(x)
    # block3.pw_bn: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(name="block3.pw_bn")(x)
    # block3.pw_relu: 56x56x128
    x = keras.layers.Activation("relu6", name="block3.pw_relu")(x)

    # block4: block separable filters=256 stride=2
    # block4.dw: (56-3+0+1)/2+1 = 28 -> 28x28x128, 1,152 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block4.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block4.dw", **depthwise_settings()
    )(x)
    # block4.dw_bn: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(name="block4.dw_bn")(x)
    # block4.dw_relu: 28x28x128
    x = keras.layers.Activation("relu6", name="block4.dw_relu")(x)
    # block4.pw: (28-1+2*0)/1+1 = 28 -> 28x28x256, 32,768 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="block4.pw", **weight_settings())(x)
    # block4.pw_bn: 4*256 -> 28x28x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(name="block4.pw_bn")(x)
    # block4.pw_relu: 28x28x256
    x = keras.layers.Activation("relu6", name="block4.pw_relu")(x)

    # block5: block separable filters=256 stride=1
    # block5.dw: ceil(28/1) = 28 -> 28x28x256, 2,304 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block5.dw", **depthwise_settings()
    )(x)
    # block5.dw_bn: 4*256 -> 28x28x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(name="block5.dw_bn")(x)
    # block5.dw_relu: 28x28x256
    x = keras.layers.Activation("relu6", name="block5.dw_relu")(x)
    # block5.pw: (28-1+2*0)/1+1 = 28 -> 28x28x256, 65,536 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="block5.pw", **weight_settings())(x)
    # block5.pw_bn: 4*256 -> 28x28x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(name="block5.pw_bn")(x)
    # block5.pw_relu: 28x28x256
    x = keras.layers.Activation("relu6", name="block5.pw_relu")(x)

    # block6: block separable filters=512 stride=2
    # block6.dw: (28-3+0+1)/2+1 = 14 -> 14x14x256, 2,304 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block6.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block6.dw", **depthwise_settings()
    )(x)
    # block6.dw_bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(name="block6.dw_bn")(x)
    # block6.dw_relu: 14x14x256
    x = keras.layers.Activation("relu6", name="block6.dw_relu")(x)
    # block6.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 131,072 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="block6.pw", **weight_settings())(x)
    # block6.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block6.pw_bn")(x)
    # block6.pw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block6.pw_relu")(x)

    # block7: block separable filters=512 stride=1
    # block7.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block7.dw", **depthwise_settings()
    )(x)
    # block7.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block7.dw_bn")(x)
    # block7.dw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block7.dw_relu")(x)
    # block7.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="block7.pw", **weight_settings())(x)
    # block7.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block7.pw_bn")(x)
    # block7.pw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block7.pw_relu")(x)

    # block8: block separable filters=512 stride=1
    # block8.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block8.dw", **depthwise_settings()
    )(x)
    # block8.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block8.dw_bn")(x)
    # block8.dw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block8.dw_relu")(x)
    # block8.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="block8.pw", **weight_settings())(x)
    # block8.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block8.pw_bn")(x)
    # block8.pw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block8.pw_relu")(x)

    # block9: block separable filters=512 stride=1
    # block9.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block9.dw", **depthwise_settings()
    )(x)
    # block9.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block9.dw_bn")(x)
    # block9.dw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block9.dw_relu")(x)
    # block9.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="block9.pw", **weight_settings())(x)
    # block9.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block9.pw_bn")(x)
    # block9.pw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block9.pw_relu")(x)

    # block10: block separable filters=512 stride=1
    # block10.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block10.dw", **depthwise_settings()
    )(x)
    # block10.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block10.dw_bn")(x)
    # block10.dw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block10.dw_relu")(x)
    # block10.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="block10.pw", **weight_settings())(x)
    # block10.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block10.pw_bn")(x)
    # block10.pw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block10.pw_relu")(x)

    # block11: block separable filters=512 stride=1
    # block11.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block11.dw", **depthwise_settings()
    )(x)
    # block11.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block11.dw_bn")(x)
    # block11.dw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block11.dw_relu")(x)
    # block11.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="block11.pw", **weight_settings())(x)
    # block11.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block11.pw_bn")(x)
    # block11.pw_relu: 14x14x512
    x = keras.layers.Activation("relu6", name="block11.pw_relu")(x)

    # block12: block separable filters=1024 stride=2
    # block12.dw: (14-3+0+1)/2+1 = 7 -> 7x7x512, 4,608 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block12.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block12.dw", **depthwise_settings()
    )(x)
    # block12.dw_bn: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(name="block12.dw_bn")(x)
    # block12.dw_relu: 7x7x512
    x = keras.layers.Activation("relu6", name="block12.dw_relu")(x)
    # block12.pw: (7-1+2*0)/1+1 = 7 -> 7x7x1024, 524,288 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="block12.pw", **weight_settings())(x)
    # block12.pw_bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(name="block12.pw_bn")(x)
    # block12.pw_relu: 7x7x1024
    x = keras.layers.Activation("relu6", name="block12.pw_relu")(x)

    # block13: block separable filters=1024 stride=1
    # block13.dw: ceil(7/1) = 7 -> 7x7x1024, 9,216 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block13.dw", **depthwise_settings()
    )(x)
    # block13.dw_bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(name="block13.dw_bn")(x)
    # block13.dw_relu: 7x7x1024
    x = keras.layers.Activation("relu6", name="block13.dw_relu")(x)
    # block13.pw: (7-1+2*0)/1+1 = 7 -> 7x7x1024, 1,048,576 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="block13.pw", **weight_settings())(x)
    # block13.pw_bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(name="block13.pw_bn")(x)
    # block13.pw_relu: 7x7x1024
    x = keras.layers.Activation("relu6", name="block13.pw_relu")(x)

    # avg_pool: avg of 7x7 -> 1024
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
    # dropout: 1024
    x = keras.layers.Dropout(0.001, name="dropout")(x)
    # conv_preds: 1024x1000 -> 1000, 1,025,000 params
    x = keras.layers.Dense(1000, name="conv_preds", **weight_settings())(x)
    return keras.Model(inputs, x, name="mobilenet")


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
    parser.add_argument("--out", type=Path, default=Path("mobilenet-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch, decay_rate=0.94, staircase=True
    )
    model.compile(
        optimizer=keras.optimizers.RMSprop(schedule),
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
            keras.layers.RandomCrop(224, 224, seed=args.seed),
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
