"""What mixed precision does to accuracy: a spec trained for its epochs in float32 and in
mixed_bfloat16, same seed, on the real Fashion-MNIST.

On a CPU without bfloat16 instructions `precision: mixed` falls back to float32; this benchmark
forces mixed_bfloat16 there anyway, which TensorFlow then emulates: the figures show the effect of
bfloat16 rounding but not exactly what bf16 hardware gives (measured: 91.25% emulated against
91.63% in hardware for fashion-cnn), and the speed is not the hardware's. It prints seconds per
epoch too; bench_train.py compares speed with hand-written Keras.

Usage: python bench/bench_mixed_accuracy.py [SPEC ...]   (default: fashion-cnn lenet5)
Needs Fashion-MNIST: apt-get install dataset-fashion-mnist.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from netspec import load_network, runtime
from netspec.training import RunOptions, run

ROOT = Path(__file__).resolve().parent.parent


def train(spec: str, precision: str) -> tuple[float, float]:
    """Test accuracy after the spec's epochs on fashion-mnist, and seconds per epoch."""
    options = RunOptions(data="fashion-mnist", verbose=0, overrides={"precision": precision})
    with tempfile.TemporaryDirectory() as out:
        options.out = str(Path(out) / "run")
        result = run(load_network(ROOT / "specs" / f"{spec}.yaml"), options, log=lambda _: None)
    seconds = result.metrics["epoch_seconds"]
    return float(result.metrics["test_accuracy"]), sum(seconds) / len(seconds)


def main() -> None:
    specs = sys.argv[1:] or ["fashion-cnn", "lenet5"]
    hardware = runtime.has_bfloat16()
    if not hardware:
        runtime.has_bfloat16 = lambda: True  # force bfloat16: emulated
    print(
        f"bfloat16 {'in hardware' if hardware else 'emulated (this CPU has no bf16 instructions)'}"
    )
    for spec in specs:
        full, full_seconds = train(spec, "float32")
        mixed, mixed_seconds = train(spec, "mixed")
        print(
            f"{spec}: float32 {full:.2%} ({full_seconds:.1f} s/epoch), mixed_bfloat16 {mixed:.2%} "
            f"({mixed_seconds:.1f} s/epoch), difference {100 * (mixed - full):+.2f} points"
        )


if __name__ == "__main__":
    main()
