"""tf.distribute for `netspec run`: choosing a strategy from the cluster TensorFlow describes.

The cluster comes from TF_CONFIG, as Kubernetes operators, Vertex AI or a person set it. Keras 3's
`fit` does not run under MultiWorkerMirroredStrategy, so multi-worker training uses the loop
below: one tf.function step through `strategy.run`, reduced across workers, still driving the
same Keras callbacks (progress bar, checkpoints, TensorBoard, early stopping) as `fit` does.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from netspec.errors import TrainingError, UsageError

STRATEGIES = ("auto", "one-device", "mirrored", "multi-worker")
DEFAULT_TIMEOUT = 300.0


@dataclass
class Cluster:
    """The strategy in use and this process's place in the cluster."""

    strategy: Any
    name: str
    replicas: int
    is_chief: bool
    task: str
    multi_worker: bool

    def describe(self, global_batch: int, learning_rate: float) -> str:
        per_replica = global_batch / self.replicas
        shown = f"{per_replica:g}" if per_replica != int(per_replica) else str(int(per_replica))
        return (
            f"strategy {self.name} ({self.task}): {self.replicas} replica"
            f"{'s' if self.replicas != 1 else ''} in sync; global batch {global_batch} = "
            f"{shown} per replica; learning rate {learning_rate:g} as given "
            "(scale it with the global batch when you change the number of replicas)"
        )


def read_tf_config() -> dict[str, Any]:
    """TF_CONFIG as a dict, or a UsageError saying what is wrong with it."""
    text = os.environ.get("TF_CONFIG", "")
    if not text:
        raise UsageError(
            '--strategy multi-worker needs TF_CONFIG, e.g. TF_CONFIG=\'{"cluster": {"worker": '
            '["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}\''
            "; every worker runs the same command with its own task index"
        )
    try:
        config = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"TF_CONFIG is not valid JSON: {exc}") from None
    cluster, task = config.get("cluster"), config.get("task")
    if not isinstance(cluster, dict) or not isinstance(task, dict):
        raise UsageError('TF_CONFIG needs a "cluster" mapping and a "task" mapping')
    kind, index = task.get("type"), task.get("index")
    hosts = cluster.get(kind)
    if not isinstance(hosts, list) or not isinstance(index, int) or not 0 <= index < len(hosts):
        raise UsageError(f"TF_CONFIG's task {task} is not one of its cluster's {cluster}")
    return config


def is_chief(config: dict[str, Any]) -> bool:
    """The chief is task 'chief', or worker 0 when the cluster names no chief."""
    task = config["task"]
    if "chief" in config["cluster"]:
        return task["type"] == "chief"
    return task["type"] == "worker" and task["index"] == 0


def make_cluster(name: str, timeout: float = DEFAULT_TIMEOUT) -> Cluster | None:
    """The strategy for --strategy NAME; None means plain Keras fit on the default device."""
    import tensorflow as tf

    if name not in STRATEGIES:
        raise UsageError(f"--strategy must be one of {', '.join(STRATEGIES)}, got {name!r}")
    gpus = tf.config.list_physical_devices("GPU")
    if name == "auto":
        if len(gpus) <= 1:
            return None
        name = "mirrored"
    if name == "one-device":
        device = "/gpu:0" if gpus else "/cpu:0"
        strategy = tf.distribute.OneDeviceStrategy(device)
        return Cluster(strategy, name, 1, True, f"on {device}", False)
    if name == "mirrored":
        strategy = tf.distribute.MirroredStrategy()
        replicas = strategy.num_replicas_in_sync
        return Cluster(
            strategy,
            name,
            replicas,
            True,
            f"{replicas} local device{'s' if replicas != 1 else ''}",
            False,
        )
    config = read_tf_config()
    options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=timeout)
    strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    task = config["task"]
    workers = sum(len(v) for k, v in config["cluster"].items() if k in ("chief", "worker"))
    return Cluster(
        strategy,
        name,
        strategy.num_replicas_in_sync,
        is_chief(config),
        f"{task['type']} {task['index']}, {workers} workers",
        True,
    )


def distribute(cluster: Cluster, dataset: Any) -> Any:
    """Shard a batched dataset across workers by element (each worker holds all the data)."""
    import tensorflow as tf

    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return cluster.strategy.experimental_distribute_dataset(dataset.with_options(options))


class MultiWorkerLoop:
    """Training and evaluation steps under a multi-worker strategy, reduced over all replicas."""

    def __init__(self, cluster: Cluster, model: Any, loss: Any, one_hot: bool):
        import tensorflow as tf

        self.cluster = cluster
        self.model = model
        self.loss = loss
        strategy = cluster.strategy

        def correct(labels: Any, outputs: Any) -> Any:
            truth = tf.argmax(labels, axis=-1) if one_hot else tf.cast(labels, tf.int64)
            return tf.reduce_sum(tf.cast(tf.equal(tf.argmax(outputs, axis=-1), truth), tf.float32))

        def train_replica(images: Any, labels: Any) -> tuple[Any, Any, Any]:
            with tf.GradientTape() as tape:
                outputs = model(images, training=True)
                per_example = loss(labels, outputs)
                value = tf.nn.compute_average_loss(per_example)
                if model.losses:
                    value += tf.nn.scale_regularization_loss(tf.add_n(model.losses))
            gradients = tape.gradient(value, model.trainable_variables)
            model.optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
            count = tf.cast(tf.shape(per_example)[0], tf.float32)
            return tf.reduce_sum(per_example), correct(labels, outputs), count

        def eval_replica(images: Any, labels: Any) -> tuple[Any, Any, Any]:
            outputs = model(images, training=False)
            per_example = loss(labels, outputs)
            count = tf.cast(tf.shape(per_example)[0], tf.float32)
            return tf.reduce_sum(per_example), correct(labels, outputs), count

        def reduced(replica_fn: Any) -> Any:
            @tf.function
            def step(images: Any, labels: Any) -> list[Any]:
                sums = strategy.run(replica_fn, args=(images, labels))
                return [strategy.reduce(tf.distribute.ReduceOp.SUM, s, axis=None) for s in sums]

            return step

        self.train_step = reduced(train_replica)
        self.eval_step = reduced(eval_replica)

    def evaluate(self, dataset: Any) -> tuple[float, float]:
        """(mean loss, accuracy) over a distributed dataset."""
        totals = [0.0, 0.0, 0.0]
        with collectives():
            for images, labels in dataset:
                for i, value in enumerate(self.eval_step(images, labels)):
                    totals[i] += float(value)
        return totals[0] / max(totals[2], 1), totals[1] / max(totals[2], 1)

    def fit(
        self,
        train: Any,
        validation: Any | None,
        epochs: int,
        initial_epoch: int,
        callbacks: list[Any],
        verbose: int,
        steps: int,
    ) -> None:
        """Epochs of training with the Keras callbacks driven as fit drives them."""
        import keras

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
        with collectives():
            for epoch in range(initial_epoch, epochs):
                callback_list.on_epoch_begin(epoch)
                totals = [0.0, 0.0, 0.0]
                logs: dict[str, float] = {}
                for batch, (images, labels) in enumerate(train):
                    callback_list.on_train_batch_begin(batch)
                    for i, value in enumerate(self.train_step(images, labels)):
                        totals[i] += float(value)
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


@contextlib.contextmanager
def collectives() -> Iterator[None]:
    """Turn a failed collective (a worker died or went silent) into one clear message."""
    import tensorflow as tf

    try:
        yield
    except tf.errors.OpError as exc:
        raise lost_worker(exc) from None


def lost_worker(exc: Exception) -> TrainingError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return TrainingError(
        f"lost contact with another worker ({type(exc).__name__}: {first[:200]}); this worker "
        "stops too.\n  hint: restart every worker with --resume RUN to continue from the last "
        "complete epoch; --worker-timeout sets how long to wait for a silent worker"
    )
