"""`netspec run --cache DIR`: an image folder's images decoded and resized once, kept on disk.

Each image becomes one file of raw uint8 pixels in the spec's input shape, named after the image's
path, size, modification time and that shape, so an edited image or another input size gets a
new entry and a stale one is never read. Before training, the images without an entry (or with
one of the wrong size) are decoded in parallel by the pipeline's own `decode_image` and written
(to a temporary name, then renamed, so a killed run leaves only complete entries); every epoch
then reads raw files instead of decoding JPEGs. Training still shuffles file names, so memory
stays flat and the order is as random as without the cache; the pixels are exactly those
`decode_image` gives, so a run with and without the cache computes the same numbers.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from netspec.errors import DataError, TrainingError, UsageError

PROGRESS_EVERY = 2_000  # images between progress lines while filling the cache


@contextlib.contextmanager
def errors(folder: Path) -> Iterator[None]:
    """The cache folder is the user's choice: a problem with it names --cache, and is not
    offered a --resume, since no epoch depends on it."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, BlockingIOError | InterruptedError):
            raise
        if exc.errno in (errno.EEXIST, errno.ENOTDIR) and not folder.is_dir():
            which = "it" if folder.exists() else "a folder above it"
            raise UsageError(
                f"--cache {folder}: {which} is a file; give --cache a folder (made if missing)"
            ) from None
        todo = "free some disk space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
        todo = todo or "give --cache a folder you can write to"
        raise TrainingError(
            f"--cache {folder}: cannot write {exc.filename or folder}: "
            f"{exc.strerror or exc}; {todo}"
        ) from None


def entry_names(paths: np.ndarray, shape: tuple[int, ...], folder: Path) -> np.ndarray:
    """The cache file for each image path (checked by the folder scan, unless gone since)."""
    names = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError as exc:
            raise DataError(
                f"cannot read {path}: {exc.strerror or exc}; the folder changed after netspec "
                "listed it, so run again"
            ) from None
        key = f"{Path(path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{shape}"
        names.append(str(folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".u8")))
    return np.array(names, dtype=str)


def fill(paths: np.ndarray, entries: np.ndarray, shape: tuple[int, ...], log: Any = print) -> int:
    """Decode and write the images whose entry is missing; returns how many were written."""
    import tensorflow as tf

    from netspec.runtime import decode_image

    size = int(np.prod(shape))  # a damaged entry (the wrong size) is written again
    missing = [i for i, entry in enumerate(entries) if _size(entry) != size]
    if not missing:
        return 0
    log(f"caching {len(missing):,} decoded images in {Path(entries[0]).parent}")
    ds = tf.data.Dataset.from_tensor_slices((paths[missing], entries[missing]))
    ds = ds.map(lambda path, entry: (decode_image(path, shape), entry), tf.data.AUTOTUNE)
    for done, (image, entry) in enumerate(ds.prefetch(tf.data.AUTOTUNE), 1):
        target = Path(entry.numpy().decode())
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(image.numpy().tobytes())
        os.replace(temporary, target)
        if done % PROGRESS_EVERY == 0:
            print(f"cached {done:,} of {len(missing):,} images", file=sys.stderr)
    return len(missing)


def _size(entry: str) -> int:
    """An entry's bytes, -1 when it is missing: both mean it is (re)written."""
    try:
        return os.stat(entry).st_size
    except FileNotFoundError:
        return -1


def raw_reader(shape: tuple[int, ...]) -> Callable[[Any], Any]:
    """The pipeline's `read` for cache entries: raw uint8 pixels, reshaped."""
    import tensorflow as tf

    def read(entry: Any) -> Any:
        return tf.reshape(tf.io.decode_raw(tf.io.read_file(entry), tf.uint8), shape)

    return read
