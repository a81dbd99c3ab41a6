"""tf.distribute for `netspec run`: choosing a strategy from the cluster TensorFlow describes.

The cluster comes from TF_CONFIG, as Kubernetes operators, Vertex AI or a person set it. Keras 3's
`fit` does not run under MultiWorkerMirroredStrategy, so multi-worker training uses
netspec/runtime.py's MultiWorkerLoop, which drives the same Keras callbacks (progress bar,
checkpoints, TensorBoard, early stopping) as `fit` does; `collectives` names a lost worker.
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


def make_cluster(name: str, timeout: float = DEFAULT_TIMEOUT) -> Cluster | None:
    """The strategy for --strategy NAME; None means plain Keras fit on the default device."""
    from netspec.runtime import is_chief, make_strategy

    if name not in STRATEGIES:
        raise UsageError(f"--strategy must be one of {', '.join(STRATEGIES)}, got {name!r}")
    config = read_tf_config() if name == "multi-worker" else {}
    strategy, name = make_strategy(name, timeout)
    if name == "default":
        return None
    if name == "one-device":
        import tensorflow as tf

        device = "/gpu:0" if tf.config.list_physical_devices("GPU") else "/cpu:0"
        return Cluster(strategy, name, 1, True, f"on {device}", False)
    replicas = strategy.num_replicas_in_sync
    if name == "mirrored":
        task = f"{replicas} local device{'s' if replicas != 1 else ''}"
        return Cluster(strategy, name, replicas, True, task, False)
    task = config["task"]
    workers = sum(len(v) for k, v in config["cluster"].items() if k in ("chief", "worker"))
    where = f"{task['type']} {task['index']}, {workers} workers"
    return Cluster(strategy, name, replicas, is_chief(config), where, True)


def distribute(cluster: Cluster, dataset: Any) -> Any:
    """Shard a batched dataset across the cluster's workers by element."""
    from netspec import runtime

    return runtime.distribute(cluster.strategy, dataset)


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
