"""The validation hold-out: seeded, per class, and never all of a class."""

from __future__ import annotations

import numpy as np
import pytest

from netspec.errors import DataError
from netspec.training import split_validation

# (images per class, fraction, held out per class)
CASES = [
    ([100, 100, 100], 0.1, [10, 10, 10]),
    ([90, 10], 0.2, [18, 2]),  # a small class keeps its share
    ([50, 3], 0.1, [5, 1]),  # at least one of a class with two or more
    ([4, 2], 0.9, [3, 1]),  # never the last image of a class
    ([5, 1], 0.2, [1, 0]),  # a single image stays in training
]


def labelled(per_class: list[int]) -> tuple[np.ndarray, np.ndarray]:
    y = np.repeat(np.arange(len(per_class)), per_class).astype("int64")
    return np.arange(len(y)), y  # x: each image's index, to see which were held out


@pytest.mark.parametrize(("per_class", "fraction", "held"), CASES)
def test_each_class_is_held_out_in_proportion(
    per_class: list[int], fraction: float, held: list[int]
) -> None:
    x, y = labelled(per_class)
    x_train, y_train, x_val, y_val = split_validation(x, y, fraction, seed=3)
    assert np.bincount(y_val, minlength=len(per_class)).tolist() == held
    assert sorted(np.concatenate([x_train, x_val]).tolist()) == x.tolist()
    assert (y[x_train] == y_train).all() and (y[x_val] == y_val).all()


def test_the_seed_decides_which_images() -> None:
    x, y = labelled([200, 200])
    first = split_validation(x, y, 0.1, seed=1)[2]
    assert split_validation(x, y, 0.1, seed=1)[2].tolist() == first.tolist()
    assert split_validation(x, y, 0.1, seed=2)[2].tolist() != first.tolist()


def test_nothing_to_hold_out_is_refused() -> None:
    x, y = labelled([1, 1, 1])
    with pytest.raises(DataError) as caught:
        split_validation(x, y, 0.2, seed=0)
    assert str(caught.value) == (
        "validation_split 0.2 holds out none of the 3 training images: each class has only one; "
        "give each class more images, or set validation_split: 0"
    )
