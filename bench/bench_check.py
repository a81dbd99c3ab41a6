"""How much faster is `netspec check specs/vgg16.yaml` than building VGG-16 in Keras?

Both are timed in this one run on this machine:
  - netspec check, in process (load, validate, infer shapes), best of N;
  - netspec check as a command (`python -m netspec check`: interpreter start-up included), best
    of N;
  - keras.applications.VGG16(weights=None), after TensorFlow is imported, best of N;
  - the same plus the TensorFlow import (what a user waits for before Keras can say anything).

Usage: python bench/bench_check.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "vgg16.yaml"


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from netspec import check

    report = check(str(SPEC))
    assert report.total_params == 138_357_544
    in_process = best(lambda: check(str(SPEC)), args.repeat)
    command = best(
        lambda: subprocess.run(
            [sys.executable, "-m", "netspec", "check", str(SPEC)],
            check=True,
            stdout=subprocess.DEVNULL,
        ),
        args.repeat,
    )

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    start = time.perf_counter()
    import keras

    tf_import = time.perf_counter() - start
    build = best(lambda: keras.applications.VGG16(weights=None), args.repeat)
    assert keras.applications.VGG16(weights=None).count_params() == report.total_params

    print(f"netspec check vgg16, in process:      {in_process * 1000:8.1f} ms")
    print(f"netspec check vgg16, as a command:    {command * 1000:8.1f} ms")
    print(f"keras VGG16(weights=None) build:      {build * 1000:8.1f} ms")
    print(f"  + TensorFlow/Keras import:          {(build + tf_import) * 1000:8.1f} ms")
    print(f"ratio, in process vs build:           {build / in_process:8.1f}x")
    print(f"ratio, command vs build:              {build / command:8.1f}x")
    print(f"ratio, command vs import + build:     {(build + tf_import) / command:8.1f}x")


if __name__ == "__main__":
    main()
