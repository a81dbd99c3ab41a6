"""How much faster is `netspec check` than building the same network in Keras?

For VGG-16 (a long line of layers) and DenseNet-121 (a graph of 58 concatenations, 121 layers
with weights, written with blocks), all timed in this one run on this machine:
  - netspec check, in process (load, validate, expand blocks, infer shapes), best of N;
  - netspec check as a command (`python -m netspec check`: interpreter start-up included), best
    of N;
  - keras.applications' model with weights=None, after TensorFlow is imported, best of N;
  - the same plus the TensorFlow import (what a user waits for before Keras can say anything).

Usage: python bench/bench_check.py [--repeat 5] [--spec vgg16 --spec densenet121]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERAS_MODELS = {"vgg16": "VGG16", "densenet121": "DenseNet121"}


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def time_check(name: str, repeat: int) -> tuple[float, float, int]:
    """In-process and whole-command times of `netspec check`, and the parameter count."""
    from netspec import check

    spec = str(ROOT / "specs" / f"{name}.yaml")
    params = check(spec).total_params
    in_process = best(lambda: check(spec), repeat)
    command = best(
        lambda: subprocess.run(
            [sys.executable, "-m", "netspec", "check", spec], check=True, stdout=subprocess.DEVNULL
        ),
        repeat,
    )
    return in_process, command, params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spec", action="append", choices=sorted(KERAS_MODELS))
    args = parser.parse_args()
    names = args.spec or sorted(KERAS_MODELS, reverse=True)
    checks = {name: time_check(name, args.repeat) for name in names}

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    start = time.perf_counter()
    import keras

    tf_import = time.perf_counter() - start
    for name in names:
        in_process, command, params = checks[name]
        builder = getattr(keras.applications, KERAS_MODELS[name])
        build = best(lambda b=builder: b(weights=None), args.repeat)
        assert builder(weights=None).count_params() == params, name
        print(f"{name}")
        print(f"  netspec check, in process:          {in_process * 1000:8.1f} ms")
        print(f"  netspec check, as a command:        {command * 1000:8.1f} ms")
        print(f"  keras {KERAS_MODELS[name]}(weights=None) build: {build * 1000:8.1f} ms")
        print(f"    + TensorFlow/Keras import:        {(build + tf_import) * 1000:8.1f} ms")
        print(f"  ratio, in process vs build:         {build / in_process:8.1f}x")
        print(f"  ratio, command vs build:            {build / command:8.1f}x")
        print(f"  ratio, command vs import + build:   {(build + tf_import) / command:8.1f}x")


if __name__ == "__main__":
    main()
