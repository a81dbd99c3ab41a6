"""Hostile data files get a clean DataError before anything large is built or inflated."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from netspec import datasets
from tests.conftest import CpuTime


def npz_with_labels(path: Path, labels: np.ndarray) -> Path:
    images = np.zeros((len(labels), 4, 4, 1), np.uint8)
    np.savez(path, x_train=images, y_train=labels, x_test=images, y_test=labels)
    return path


@pytest.mark.parametrize(
    ("labels", "shown"),
    [
        (np.array([0, 2**32 + 3], np.uint64), "4294967299"),
        (np.array([0.0, np.inf]), "inf"),
        (np.array([0.0, 1e30]), "1e+30"),
        (np.array([0.0, np.nan]), "nan"),
        (np.array([0.0, 1.5]), "1.5"),
        (np.array([0, -1]), "-1"),
    ],
)
def test_label_bombs_and_garbage_are_refused(
    tmp_path: Path, labels: np.ndarray, shown: str
) -> None:
    path = npz_with_labels(tmp_path / "bad.npz", labels)
    with CpuTime() as spent, pytest.raises(datasets.DataError) as info:
        datasets.load_npz(path)
    assert spent.seconds < 1.0, f"{spent.seconds:.2f} s"
    large = shown in ("4294967299", "1e+30")
    reason = "a label that large would mean more than 100,000 classes: " if large else ""
    assert str(info.value) == (
        f"{path}: y_train[1] is {shown}; {reason}labels must be class numbers 0, 1, 2..."
    )


def idx_header(magic: int, *dims: int) -> bytes:
    return magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)


def test_idx_header_promising_gigabytes_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte.gz"
    # 3 MB of zeros that would inflate to 3 GiB if read whole.
    with gzip.open(path, "wb") as out:
        out.write(idx_header(2051, 3 * 1024, 1024, 1024))
        out.write(bytes(3 << 20))
    with pytest.raises(datasets.DataError) as info:
        datasets._read_idx(path, 2051)
    assert "its header promises 3072x1024x1024 images, 3,221,225,472 bytes, more than" in str(
        info.value
    )


def test_idx_dimensions_cannot_overflow(tmp_path: Path) -> None:
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(idx_header(2051, 2**32 - 1, 2**32 - 1, 2) + bytes(16))
    with pytest.raises(datasets.DataError) as info:
        datasets._read_idx(path, 2051)
    assert "more than the 1,073,741,824 read" in str(info.value)


@pytest.mark.parametrize(("extra", "said"), [(-5, "has 27 bytes"), (7, "has more bytes")])
def test_idx_body_must_match_its_header(tmp_path: Path, extra: int, said: str) -> None:
    path = tmp_path / "labels-idx1-ubyte.gz"
    with gzip.open(path, "wb") as out:
        out.write(idx_header(2049, 24) + bytes(24 + extra))
    with pytest.raises(datasets.DataError) as info:
        datasets._read_idx(path, 2049)
    assert f"its header promises 24 labels (32 bytes) but it {said}" in str(info.value)


def test_a_good_idx_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "labels-idx1-ubyte.gz"
    with gzip.open(path, "wb") as out:
        out.write(idx_header(2049, 3) + bytes([1, 2, 3]))
    assert datasets._read_idx(path, 2049).tolist() == [1, 2, 3]
