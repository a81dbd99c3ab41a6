"""Image folders: `netspec run` streaming from disk against image_dataset_from_directory.

Writes two folders of 160x160 JPEGs in 2 classes (`--sizes`, default 1,000 and 4,000 images),
then, each in a fresh subprocess so peak memory is its own: three epochs of `netspec run` (a small
128x128x3 spec, batch 32) and of the same model (netspec's build_model) fed by a hand-written
image_dataset_from_directory pipeline with the same batch; and `netspec run --cache` reading the
decoded images from its cache (filled once per size before the rounds, not timed). images/s is
training images over the seconds of epochs 2 and 3 (the first also traces the model, a fixed
cost that a short benchmark would otherwise charge to the pipeline); the first epoch and the
whole run (all three epochs) are printed too. Both train on the same images: the folder has
train/ and test/, and the hand-written loader reads train/. Prints peak RSS
(resource.getrusage) of each, and how much the peak grows per extra image.

Usage: python bench/bench_folder.py [--sizes 1000 4000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent
BATCH = 32
EPOCHS = 3
SPEC = f"""name: folderbench
input: [128, 128, 3]
classes: [cats, dogs]
layers:
  - {{type: conv, filters: 8, size: 4, stride: 2, padding: same}}
  - {{type: pool, size: 4}}
  - flatten
  - {{type: fc, units: 2}}
train: {{epochs: {EPOCHS}, batch_size: {BATCH}, seed: 1, optimizer: adam, learning_rate: 0.001}}
"""


def write_folder(root: Path, count: int) -> Path:
    """train/ with `count` 160x160 JPEGs, half per class, told apart by their mean colour, and
    test/ with a tenth as many: both programs then train on the same `count` images."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(count)
    for part, images in (("train", count), ("test", count // 10)):
        for c, name in enumerate(("cats", "dogs")):
            (root / part / name).mkdir(parents=True, exist_ok=True)
            for i in range(images // 2):
                noise = rng.integers(0, 60, (160, 160, 3), dtype=np.uint8)
                pixels = noise + np.uint8(60 + 100 * c)
                path = root / part / name / f"{name}_{i:05d}.jpg"
                Image.fromarray(pixels).save(path, quality=90)
    return root


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child_netspec(folder: Path, spec: Path, out: Path, cache: Path | None) -> dict[str, float]:
    """One epoch of `netspec run` on the folder (its validation split taken out)."""
    from netspec import load_network
    from netspec.training import RunOptions, run

    options = RunOptions(data=str(folder), out=str(out), verbose=0, cache=cache and str(cache))
    metrics = run(load_network(spec), options, log=lambda *_: None).metrics
    return rates(metrics["train_images"], metrics["epoch_seconds"])


def rates(images: int, epoch_seconds: list[float]) -> dict[str, float]:
    """images/s of the epochs after the first, of the first, and of the whole run."""
    later = images * (len(epoch_seconds) - 1) / sum(epoch_seconds[1:])
    return {
        "images": images,
        "images_per_second": later,
        "first_epoch": images / epoch_seconds[0],
        "whole_run": images * len(epoch_seconds) / sum(epoch_seconds),
    }


def child_keras(folder: Path, spec: Path) -> dict[str, float]:
    """The same model fed the way a person would write it with Keras's folder loader."""
    import keras

    from netspec import load_network
    from netspec.backends.keras_builder import build_model

    network = load_network(spec)
    keras.utils.set_random_seed(1)
    ds = keras.utils.image_dataset_from_directory(
        folder / "train", image_size=(128, 128), batch_size=BATCH, seed=1, verbose=False
    )
    count = len(ds.file_paths)
    ds = ds.map(lambda x, y: (x / 255.0, y)).prefetch(-1)
    model = build_model(network)
    model.compile(
        keras.optimizers.Adam(1e-3),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    seconds: list[float] = []

    class EpochTimes(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch: int, logs: object = None) -> None:
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch: int, logs: object = None) -> None:
            seconds.append(time.perf_counter() - self.started)

    model.fit(ds, epochs=EPOCHS, verbose=0, callbacks=[EpochTimes()])
    return rates(count, seconds)


def measure(kind: str, folder: Path, spec: Path, work: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, str(folder), str(spec), str(work)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{kind} on {folder} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds per size (this machine is noisy)"
    )
    parser.add_argument("--keep", type=Path, help="write the folders here and keep them")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder, spec, work = args.child
        if kind.startswith("netspec"):
            cache = Path(work) / "cache" if kind == "netspec-cached" else None
            out = Path(work) / f"run-{time.time_ns()}"
            figures = child_netspec(Path(folder), Path(spec), out, cache)
        else:
            figures = child_keras(Path(folder), Path(spec))
        print(json.dumps({**figures, "peak_rss_mib": peak_rss_mib()}))
        return
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        spec = work / "folderbench.yaml"
        work.mkdir(parents=True, exist_ok=True)
        spec.write_text(SPEC)
        rows: dict[str, dict[int, dict[str, float]]] = {"netspec": {}, "keras": {}}
        rows["netspec-cached"] = {}
        ratios: dict[int, list[tuple[float, ...]]] = {}
        for size in args.sizes:
            folder = work / f"images-{size}"
            if not folder.is_dir():
                write_folder(folder, size)
            measure("netspec-cached", folder, spec, work)  # fills the cache; not counted
            rounds = [
                {kind: measure(kind, folder, spec, work) for kind in rows}
                for _ in range(args.rounds)
            ]
            ratios[size] = [
                tuple(
                    r["netspec"][key] / r["keras"][key]
                    for key in ("images_per_second", "whole_run")
                )
                for r in rounds
            ]
            for kind in rows:  # the best round of each, as the other benchmarks report
                rows[kind][size] = max(
                    (r[kind] for r in rounds), key=lambda row: row["images_per_second"]
                )
        report(rows, args.sizes)
        for size, pairs in ratios.items():
            for name, values in zip(
                ("epochs 2-3", "whole run"), zip(*pairs, strict=True), strict=True
            ):
                shown = ", ".join(f"{v:.2f}" for v in values)
                print(
                    f"netspec/keras images/s, {name}, at {size:,} images, per round: {shown}; "
                    f"median {statistics.median(values):.2f}"
                )
        for size in args.sizes:
            ratio = (
                rows["netspec-cached"][size]["images_per_second"]
                / rows["keras"][size]["images_per_second"]
            )
            print(f"netspec --cache / keras images/s at {size:,} images, best rounds: {ratio:.2f}")


def report(rows: dict[str, dict[int, dict[str, float]]], sizes: list[int]) -> None:
    columns = (
        ("folder", 8),
        ("trained", 9),
        ("images/s", 10),
        ("1st epoch", 11),
        ("whole run", 11),
        ("peak RSS", 12),
    )
    print(f"{'pipeline':<34}" + "".join(f"{name:>{width}}" for name, width in columns))
    names = {
        "netspec": "netspec run (streaming)",
        "keras": "image_dataset_from_directory",
        "netspec-cached": "netspec run --cache (filled)",
    }
    for kind, by_size in rows.items():
        for size in sizes:
            row = by_size[size]
            print(
                f"{names[kind]:<34}{size:>8,}{row['images']:>9,}"
                f"{row['images_per_second']:>10.0f}{row['first_epoch']:>11.0f}"
                f"{row['whole_run']:>11.0f}"
                f"{row['peak_rss_mib']:>9.0f} MiB"
            )
    if len(sizes) >= 2:
        low, high = sizes[0], sizes[-1]
        for kind, by_size in rows.items():
            growth = (by_size[high]["peak_rss_mib"] - by_size[low]["peak_rss_mib"]) * 1024
            print(f"{names[kind]}: peak grows {growth / (high - low):.1f} KiB per image")


if __name__ == "__main__":
    main()
