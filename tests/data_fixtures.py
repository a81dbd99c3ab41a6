"""Tiny data sets written on the fly, so data tests need neither real data nor the internet."""

import contextlib
import functools
import gzip
import hashlib
import http.server
import pickle
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np


def random_images(n: int, shape: tuple[int, ...] = (28, 28), seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, *shape), dtype=np.uint8)


def write_idx(
    images: np.ndarray, labels: np.ndarray, directory: Path, split: str = "train", gz: bool = True
) -> list[Path]:
    """Write `split`-images-idx3-ubyte and `split`-labels-idx1-ubyte (gzipped by default)."""
    directory.mkdir(parents=True, exist_ok=True)
    n, rows, cols = images.shape
    images_bytes = (2051).to_bytes(4, "big") + b"".join(
        d.to_bytes(4, "big") for d in (n, rows, cols)
    )
    images_bytes += images.astype(np.uint8).tobytes()
    labels_bytes = (2049).to_bytes(4, "big") + len(labels).to_bytes(4, "big")
    labels_bytes += labels.astype(np.uint8).tobytes()
    paths = []
    for stem, data in (
        (f"{split}-images-idx3-ubyte", images_bytes),
        (f"{split}-labels-idx1-ubyte", labels_bytes),
    ):
        path = directory / (stem + ".gz" if gz else stem)
        path.write_bytes(gzip.compress(data) if gz else data)
        paths.append(path)
    return paths


def make_idx_set(
    directory: Path, n_train: int = 12, n_test: int = 6, classes: int = 10, gz: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Write all four MNIST-style IDX files; returns (x_train, y_train, x_test, y_test)."""
    x_train, x_test = random_images(n_train, seed=1), random_images(n_test, seed=2)
    y_train = np.arange(n_train) % classes
    y_test = np.arange(n_test) % classes
    write_idx(x_train, y_train, directory, "train", gz)
    write_idx(x_test, y_test, directory, "t10k", gz)
    return x_train, y_train, x_test, y_test


def make_image_folder(
    directory: Path,
    classes: list[str],
    n_per_class: int,
    size: tuple[int, int] = (20, 16),
    mode: str = "RGB",
    suffix: str = ".png",
) -> Path:
    """One subfolder per class with n_per_class images of size (width, height); returns it."""
    from PIL import Image

    for c, name in enumerate(classes):
        folder = directory / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n_per_class):
            color = (40 * c % 256, 10 * i % 256, 200) if mode == "RGB" else 40 * c % 256
            Image.new(mode, size, color).save(folder / f"{name}_{i:03d}{suffix}")
    return directory


def make_npz(
    path: Path,
    n_train: int = 10,
    n_test: int = 4,
    shape=(8, 8),
    classes: int = 3,
    **overrides: np.ndarray,
) -> Path:
    """An .npz with x_train, y_train, x_test, y_test; `overrides` replace or add arrays."""
    arrays = {
        "x_train": random_images(n_train, shape, seed=3),
        "y_train": np.arange(n_train) % classes,
        "x_test": random_images(n_test, shape, seed=4),
        "y_test": np.arange(n_test) % classes,
    }
    arrays.update(overrides)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{k: v for k, v in arrays.items() if v is not None})
    return path


def make_cifar_batches(directory: Path, n_per_batch: int = 3) -> Path:
    """A miniature cifar-10-batches-py folder: five training batches and a test batch."""
    directory.mkdir(parents=True, exist_ok=True)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for b, name in enumerate(names):
        data = random_images(n_per_batch, (3072,), seed=10 + b)
        batch = {b"data": data, b"labels": [(b + i) % 10 for i in range(n_per_batch)]}
        (directory / name).write_bytes(pickle.dumps(batch, protocol=2))
    return directory


def make_cifar_archive(path: Path, n_per_batch: int = 2) -> Path:
    """cifar-10-python.tar.gz as published: a tar of the cifar-10-batches-py folder."""
    folder = make_cifar_batches(path.parent / "build" / "cifar-10-batches-py", n_per_batch)
    with tarfile.open(path, "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
