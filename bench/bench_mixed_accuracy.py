"""What mixed precision does to accuracy: a spec trained for its epochs in float32 and in
mixed_bfloat16, same seed, on the real Fashion-MNIST.

On a CPU without bfloat16 instructions `precision: mixed` falls back to float32; this benchmark
forces mixed_bfloat16 there anyway (TensorFlow then emulates bfloat16: the same rounding and so
the same accuracy as the hardware would give, without the speed-up), so the accuracy effect can
be measured on any machine. Speed is bench_train.py's business.

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


def test_accuracy(spec: str, precision: str) -> float:
    """Test accuracy after the spec's epochs on fashion-mnist."""
    options = RunOptions(data="fashion-mnist", verbose=0, overrides={"precision": precision})
    with tempfile.TemporaryDirectory() as out:
        options.out = str(Path(out) / "run")
        result = run(load_network(ROOT / "specs" / f"{spec}.yaml"), options, log=lambda _: None)
    return float(result.metrics["test_accuracy"])


def main() -> None:
    specs = sys.argv[1:] or ["fashion-cnn", "lenet5"]
    hardware = {"avx512_bf16", "amx_bf16"} & runtime.cpu_flags()
    if not hardware:
        runtime.cpu_flags = lambda: {"avx512_bf16"}  # force bfloat16: emulated, same numbers
    print(
        f"bfloat16 {'in hardware' if hardware else 'emulated (this CPU has no bf16 instructions)'}"
    )
    for spec in specs:
        full = test_accuracy(spec, "float32")
        mixed = test_accuracy(spec, "mixed")
        print(
            f"{spec}: float32 {full:.2%}, mixed_bfloat16 {mixed:.2%}, "
            f"difference {100 * (mixed - full):+.2f} points"
        )


if __name__ == "__main__":
    main()
