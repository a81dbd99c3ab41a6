"""Training code no spec decides, shared by `netspec run` and the scripts `netspec emit` writes.

`netspec run` imports these definitions; `netspec emit` copies into a script the ones it needs
(netspec/backends/carry.py), so each exists once. That is why every definition here uses only
this module's imports (the standard library, NumPy, TensorFlow, Keras) and its own constants,
and why the docstrings speak to someone reading an emitted script.
"""

import gzip
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")
IDX_FILES = [f"{s}-{k}-ubyte" for s in ("train", "t10k") for k in ("images-idx3", "labels-idx1")]


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


def one_hot_labels(ds: tf.data.Dataset, classes: int) -> tf.data.Dataset:
    """Labels as one-hot rows, which mean squared error compares the class scores with."""
    return ds.map(lambda images, labels: (images, tf.one_hot(labels, classes)))


class LocalResponseNormalization(keras.layers.Layer):
    """AlexNet's local response normalization across channels, as a Keras layer."""

    def __init__(self, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = {"depth_radius": depth_radius, "bias": bias, "alpha": alpha, "beta": beta}

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        return tf.nn.local_response_normalization(inputs, **self.settings)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return input_shape


# --- tf.distribute -------------------------------------------------------------------------------


def make_strategy(name: str, timeout: float) -> tuple[tf.distribute.Strategy, str]:
    """The strategy `name` asks for, and its name ("default": one device, no distribution).

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


def is_chief(config: dict) -> bool:
    """Whether this task of TF_CONFIG writes the results: the task of type chief, or worker 0
    when the cluster names no chief."""
    task = config["task"]
    if "chief" in config["cluster"]:
        return task["type"] == "chief"
    return task["type"] == "worker" and task["index"] == 0


def distribute(strategy: tf.distribute.Strategy, ds: tf.data.Dataset) -> tf.data.Dataset:
    """Split every global batch over the replicas. Each worker reads all the data and keeps its
    share of each batch, element by element (AutoShardPolicy.DATA)."""
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return strategy.experimental_distribute_dataset(ds.with_options(options))


class MultiWorkerLoop:
    """Training and testing under MultiWorkerMirroredStrategy, where Keras 3's fit does not run
    (keras-team/keras#20585): one tf.function step through strategy.run, its numbers summed over
    every replica of every worker, driving Keras callbacks as fit drives them."""

    def __init__(self, strategy: tf.distribute.Strategy, model: keras.Model, loss, one_hot: bool):
        self.model = model

        def numbers(labels: tf.Tensor, outputs: tf.Tensor) -> tuple[tf.Tensor, ...]:
            """Summed loss, correct answers and images of a replica's share of a batch."""
            truth = tf.argmax(labels, axis=-1) if one_hot else tf.cast(labels, tf.int64)
            right = tf.equal(tf.argmax(outputs, axis=-1), truth)
            count = tf.cast(tf.shape(outputs)[0], tf.float32)
            correct = tf.reduce_sum(tf.cast(right, tf.float32))
            return tf.reduce_sum(loss(labels, outputs)), correct, count

        def train_replica(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, ...]:
            with tf.GradientTape() as tape:
                outputs = model(images, training=True)
                value = tf.nn.compute_average_loss(loss(labels, outputs))  # / global batch
                if model.losses:
                    value += tf.nn.scale_regularization_loss(tf.add_n(model.losses))
                value = model.optimizer.scale_loss(value)  # loss scaling under float16
            gradients = tape.gradient(value, model.trainable_variables)
            model.optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
            return numbers(labels, outputs)

        def test_replica(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, ...]:
            return numbers(labels, model(images, training=False))

        def summed(replica_step):  # a step on every replica at once, its numbers summed
            @tf.function
            def step(images: tf.Tensor, labels: tf.Tensor) -> list[tf.Tensor]:
                sums = strategy.run(replica_step, args=(images, labels))
                return [strategy.reduce(tf.distribute.ReduceOp.SUM, s, axis=None) for s in sums]

            return step

        self.train_step, self.test_step = summed(train_replica), summed(test_replica)

    def evaluate(self, ds) -> tuple[float, float]:
        """(mean loss, accuracy) over a distributed dataset."""
        totals = np.zeros(3)
        for images, labels in ds:
            totals += [float(value) for value in self.test_step(images, labels)]
        return totals[0] / max(totals[2], 1), totals[1] / max(totals[2], 1)

    def fit(self, train, validation, epochs: int, initial_epoch: int, callbacks, verbose, steps):
        """Epochs of training, calling the Keras callbacks (and making the History) as fit does."""
        callback_list = keras.callbacks.CallbackList(
            callbacks,
            add_history=True,
            add_progbar=verbose != 0,
            model=self.model,
            verbose=verbose,
            epochs=epochs,
            steps=steps,
        )
        self.model.stop_training = False
        callback_list.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            callback_list.on_epoch_begin(epoch)
            totals, logs = np.zeros(3), {}
            for batch, (images, labels) in enumerate(train):
                callback_list.on_train_batch_begin(batch)
                totals += [float(value) for value in self.train_step(images, labels)]
                logs = {"loss": totals[0] / totals[2], "accuracy": totals[1] / totals[2]}
                callback_list.on_train_batch_end(batch, logs)
                if self.model.stop_training:
                    break
            if validation is not None and not self.model.stop_training:
                val_loss, val_accuracy = self.evaluate(validation)
                logs = {**logs, "val_loss": val_loss, "val_accuracy": val_accuracy}
            callback_list.on_epoch_end(epoch, logs)
            if self.model.stop_training:
                break
        callback_list.on_train_end()


# --- number formats --------------------------------------------------------------------------


def cpu_flags() -> set[str]:
    """The CPU's feature flags as Linux lists them (none elsewhere)."""
    cpuinfo = Path("/proc/cpuinfo")
    return set(cpuinfo.read_text().split()) if cpuinfo.is_file() else set()


def has_bfloat16() -> bool:
    """Whether the CPU computes in bfloat16 itself (AVX-512 BF16 or AMX), not by emulation."""
    return bool({"avx512_bf16", "amx_bf16"} & cpu_flags())


def use_precision(precision: str) -> str:
    """Set Keras's dtype policy for `precision` and return it: "mixed" computes in bfloat16 on
    a CPU with bf16 instructions and in float16 on a GPU, keeping the weights in float32."""
    if precision != "mixed":
        return "float32"
    if tf.config.list_physical_devices("GPU"):
        policy = "mixed_float16"  # compile() adds loss scaling, which float16 needs
    elif has_bfloat16():
        policy = "mixed_bfloat16"
    else:
        print("precision mixed: this CPU has no bfloat16 instructions, so training uses float32")
        return "float32"
    keras.mixed_precision.set_global_policy(policy)
    return policy
