"""Train vgg16, a 24-layer network with 138,357,544 parameters, in TensorFlow.

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
import shutil
from collections.abc import Iterator
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


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: glorot_uniform."""
    return tf.Variable(keras.initializers.GlorotUniform()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


class Network(tf.Module):
    """The network in plain TensorFlow: variables per layer, tf.nn ops in forward."""

    def __init__(self) -> None:
        super().__init__(name="vgg16")
        self.weights = {
            "conv1": {"kernel": new_kernel((3, 3, 3, 64)), "bias": new_bias(64)},
            "conv2": {"kernel": new_kernel((3, 3, 64, 64)), "bias": new_bias(64)},
            "conv3": {"kernel": new_kernel((3, 3, 64, 128)), "bias": new_bias(128)},
            "conv4": {"kernel": new_kernel((3, 3, 128, 128)), "bias": new_bias(128)},
            "conv5": {"kernel": new_kernel((3, 3, 128, 256)), "bias": new_bias(256)},
            "conv6": {"kernel": new_kernel((3, 3, 256, 256)), "bias": new_bias(256)},
            "conv7": {"kernel": new_kernel((3, 3, 256, 256)), "bias": new_bias(256)},
            "conv8": {"kernel": new_kernel((3, 3, 256, 512)), "bias": new_bias(512)},
            "conv9": {"kernel": new_kernel((3, 3, 512, 512)), "bias": new_bias(512)},
            "conv10": {"kernel": new_kernel((3, 3, 512, 512)), "bias": new_bias(512)},
            "conv11": {"kernel": new_kernel((3, 3, 512, 512)), "bias": new_bias(512)},
            "conv12": {"kernel": new_kernel((3, 3, 512, 512)), "bias": new_bias(512)},
            "conv13": {"kernel": new_kernel((3, 3, 512, 512)), "bias": new_bias(512)},
            "fc1": {"kernel": new_kernel((25088, 4096)), "bias": new_bias(4096)},
            "fc2": {"kernel": new_kernel((4096, 4096)), "bias": new_bias(4096)},
            "fc3": {"kernel": new_kernel((4096, 1000)), "bias": new_bias(1000)},
        }

    def forward(self, x: tf.Tensor, training: bool = False) -> Iterator[tuple[str, tf.Tensor]]:
        """Run the layers in turn on images scaled to [0, 1], yielding each name and output."""
        w = self.weights
        # conv1: (224-3+2*1)/1+1 = 224 -> 224x224x64, 1,792 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv1"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv1"]["bias"])
        x = tf.nn.relu(x)
        yield "conv1", x
        # conv2: (224-3+2*1)/1+1 = 224 -> 224x224x64, 36,928 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv2"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv2"]["bias"])
        x = tf.nn.relu(x)
        yield "conv2", x
        # pool1: (224-2+2*0)/2+1 = 112 -> 112x112x64
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "pool1", x
        # conv3: (112-3+2*1)/1+1 = 112 -> 112x112x128, 73,856 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv3"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv3"]["bias"])
        x = tf.nn.relu(x)
        yield "conv3", x
        # conv4: (112-3+2*1)/1+1 = 112 -> 112x112x128, 147,584 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv4"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv4"]["bias"])
        x = tf.nn.relu(x)
        yield "conv4", x
        # pool2: (112-2+2*0)/2+1 = 56 -> 56x56x128
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "pool2", x
        # conv5: (56-3+2*1)/1+1 = 56 -> 56x56x256, 295,168 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv5"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv5"]["bias"])
        x = tf.nn.relu(x)
        yield "conv5", x
        # conv6: (56-3+2*1)/1+1 = 56 -> 56x56x256, 590,080 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv6"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv6"]["bias"])
        x = tf.nn.relu(x)
        yield "conv6", x
        # conv7: (56-3+2*1)/1+1 = 56 -> 56x56x256, 590,080 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv7"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv7"]["bias"])
        x = tf.nn.relu(x)
        yield "conv7", x
        # pool3: (56-2+2*0)/2+1 = 28 -> 28x28x256
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "pool3", x
        # conv8: (28-3+2*1)/1+1 = 28 -> 28x28x512, 1,180,160 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv8"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv8"]["bias"])
        x = tf.nn.relu(x)
        yield "conv8", x
        # conv9: (28-3+2*1)/1+1 = 28 -> 28x28x512, 2,359,808 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv9"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv9"]["bias"])
        x = tf.nn.relu(x)
        yield "conv9", x
        # conv10: (28-3+2*1)/1+1 = 28 -> 28x28x512, 2,359,808 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv10"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv10"]["bias"])
        x = tf.nn.relu(x)
        yield "conv10", x
        # pool4: (28-2+2*0)/2+1 = 14 -> 14x14x512
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "pool4", x
        # conv11: (14-3+2*1)/1+1 = 14 -> 14x14x512, 2,359,808 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv11"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv11"]["bias"])
        x = tf.nn.relu(x)
        yield "conv11", x
        # conv12: (14-3+2*1)/1+1 = 14 -> 14x14x512, 2,359,808 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv12"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv12"]["bias"])
        x = tf.nn.relu(x)
        yield "conv12", x
        # conv13: (14-3+2*1)/1+1 = 14 -> 14x14x512, 2,359,808 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv13"]["kernel"], strides=1, padding="VALID")
        x = tf.nn.bias_add(x, w["conv13"]["bias"])
        x = tf.nn.relu(x)
        yield "conv13", x
        # pool5: (14-2+2*0)/2+1 = 7 -> 7x7x512
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        yield "pool5", x
        # flatten1: 7*7*512 = 25088 -> 25088
        x = tf.reshape(x, [-1, 25088])
        yield "flatten1", x
        # fc1: 25088x4096 -> 4096, 102,764,544 params
        x = tf.matmul(x, w["fc1"]["kernel"])
        x = tf.nn.bias_add(x, w["fc1"]["bias"])
        x = tf.nn.relu(x)
        yield "fc1", x
        # dropout1: 4096
        if training:
            x = tf.nn.dropout(x, rate=0.5)
        yield "dropout1", x
        # fc2: 4096x4096 -> 4096, 16,781,312 params
        x = tf.matmul(x, w["fc2"]["kernel"])
        x = tf.nn.bias_add(x, w["fc2"]["bias"])
        x = tf.nn.relu(x)
        yield "fc2", x
        # dropout2: 4096
        if training:
            x = tf.nn.dropout(x, rate=0.5)
        yield "dropout2", x
        # fc3: 4096x1000 -> 1000, 4,097,000 params
        x = tf.matmul(x, w["fc3"]["kernel"])
        x = tf.nn.bias_add(x, w["fc3"]["bias"])
        yield "fc3", x

    def __call__(self, images: tf.Tensor, training: bool = False) -> tf.Tensor:
        """The output of the last layer for a batch of images."""
        return list(self.forward(images, training))[-1][1]

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 0.0005 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

    def numpy_weights(self) -> dict[str, np.ndarray]:
        """Every variable as an array named layer/part, to save with np.savez."""
        return {f"{n}/{p}": v.numpy() for n, vs in self.weights.items() for p, v in vs.items()}


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
    model = Network()
    optimizer = keras.optimizers.SGD(args.learning_rate, momentum=0.9)
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    mean_loss, accuracy = keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()
    read = functools.partial(decode_image, shape=INPUT_SHAPE)  # an image file, as uint8
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed, read)
    augmenter = keras.Sequential(
        [keras.layers.RandomFlip("horizontal", seed=args.seed)],
        name="augment",
    )
    train_ds = augment_batches(train_ds, augmenter)
    val_ds = make_pipeline(x_val, y_val, args.batch_size, INPUT_SHAPE, read=read)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE, read=read)

    @tf.function
    def step(images: tf.Tensor, labels: tf.Tensor, training: bool) -> None:
        """One batch through the network; when training, a gradient step too."""
        with tf.GradientTape() as tape:
            outputs = model(images, training=training)
            loss = loss_function(labels, outputs) + model.l2_penalty()  # l2 as Keras adds it
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
        logs |= {f"val_{key}": value for key, value in run_epoch(val_ds).items()}
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
