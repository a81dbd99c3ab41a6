"""netspec.datasets: named sets from local folders or a local mirror, image folders, .npz files.

No test touches the internet: NETSPEC_OFFLINE=1 is set unless a test serves files itself on
127.0.0.1, and the system data folder is replaced by an empty one unless a test wants it.
"""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netspec import datasets
from netspec.datasets import DataError, load_dataset, read_image
from tests.data_fixtures import (
    make_cifar_archive,
    make_cifar_batches,
    make_idx_set,
    make_image_folder,
    make_npz,
    random_images,
    serve_directory,
    sha256,
    write_idx,
)

REAL_FASHION = Path("/usr/share/datasets/fashion-mnist")
GRAY28 = (28, 28, 1)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Keras cache and system data folder, no data-dir variables, no network."""
    for name in ("NETSPEC_DATA_DIR", "NETSPEC_DATA_MIRROR", "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETSPEC_OFFLINE", "1")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "system")
    return tmp_path


def error(call, *args, **kwargs) -> str:
    with pytest.raises(DataError) as info:
        call(*args, **kwargs)
    return str(info.value)


# --- no TensorFlow before training; the scripts' reader ---------------------------------------


def test_loading_module_does_not_import_tensorflow():
    """A wrong --data is refused before TensorFlow loads: datasets.py imports it only inside the
    functions that train or decode."""
    code = (
        "import sys, netspec.datasets\nprint('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False False"


def test_scripts_idx_reader_reads_what_run_reads(tmp_path: Path):
    """Emitted scripts read gzipped IDX files with netspec/runtime.py's short reader; netspec
    run with the checked one: the same arrays."""
    from netspec.runtime import IDX_FILES, read_idx

    make_idx_set(tmp_path, gz=True)
    for name in IDX_FILES:
        path = tmp_path / f"{name}.gz"
        magic = 2051 if "images" in name else 2049
        np.testing.assert_array_equal(read_idx(path), datasets._read_idx(path, magic))


# --- named sets from local folders --------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_idx_files_directly_in_data_dir(tmp_path: Path, gz: bool):
    x_train, _, _, y_test = make_idx_set(tmp_path / "d", gz=gz)
    data = load_dataset("fashion-mnist", GRAY28, 10, data_dir=str(tmp_path / "d"))
    assert data.x_train.shape == (12, 28, 28, 1) and data.x_train.dtype == np.uint8
    assert data.y_train.dtype == np.int64 and data.y_train.shape == (12,)
    np.testing.assert_array_equal(data.x_train[..., 0], x_train)
    np.testing.assert_array_equal(data.y_test, y_test)
    assert data.class_names[0] == "T-shirt/top" and len(data.class_names) == 10
    assert str(tmp_path / "d") in data.source and data.notes == []


def test_nested_folder_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    make_idx_set(tmp_path / "env" / "fashion-mnist")
    monkeypatch.setenv("NETSPEC_DATA_DIR", str(tmp_path / "env"))
    data = load_dataset("Fashion_MNIST", GRAY28, 10)
    assert str(tmp_path / "env" / "fashion-mnist") in data.source


def test_data_dir_comes_before_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    make_idx_set(tmp_path / "a" / "mnist", n_train=4)
    make_idx_set(tmp_path / "b" / "mnist", n_train=8)
    monkeypatch.setenv("NETSPEC_DATA_DIR", str(tmp_path / "b"))
    assert len(load_dataset("mnist", GRAY28, 10, data_dir=str(tmp_path / "a")).x_train) == 4
    assert len(load_dataset("mnist", GRAY28, 10).x_train) == 8


def test_keras_cache_mnist_npz(isolated: Path):
    (isolated / "keras" / "datasets").mkdir(parents=True)
    make_npz(isolated / "keras" / "datasets" / "mnist.npz", shape=(28, 28), classes=10)
    data = load_dataset("mnist", GRAY28, 10)
    assert "keras" in data.source and data.class_names == [str(i) for i in range(10)]


@pytest.mark.skipif(not REAL_FASHION.is_dir(), reason="dataset-fashion-mnist is not installed")
def test_real_fashion_mnist_from_the_system_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", REAL_FASHION.parent)
    data = load_dataset("fashion-mnist", GRAY28, 10)
    assert data.x_train.shape == (60000, 28, 28, 1) and data.x_test.shape == (10000, 28, 28, 1)
    assert sorted(np.unique(data.y_train)) == list(range(10))
    assert str(REAL_FASHION) in data.source


def test_cifar_batches_from_data_dir(tmp_path: Path):
    make_cifar_batches(tmp_path / "d" / "cifar-10-batches-py", n_per_batch=3)
    data = load_dataset("cifar10", (32, 32, 3), 10, data_dir=str(tmp_path / "d"))
    assert data.x_train.shape == (15, 32, 32, 3) and data.x_test.shape == (3, 32, 32, 3)
    assert data.class_names[0] == "airplane"


def test_cifar_pickle_that_runs_code_is_refused(tmp_path: Path):
    folder = make_cifar_batches(tmp_path / "d" / "cifar-10-batches-py")

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo hacked",))

    (folder / "data_batch_3").write_bytes(pickle.dumps({b"data": Evil()}))
    message = error(load_dataset, "cifar10", (32, 32, 3), 10, data_dir=str(tmp_path / "d"))
    assert "data_batch_3: not a CIFAR-10 batch" in message and "system" in message


# --- not found, download from a mirror -----------------------------------------------------


def test_offline_not_found_lists_every_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NETSPEC_DATA_DIR", str(tmp_path / "env"))
    (tmp_path / "env").mkdir()
    write_idx(random_images(2), np.zeros(2), tmp_path / "env" / "fashion-mnist")  # train only
    message = error(load_dataset, "fashion-mnist", GRAY28, 10, data_dir=str(tmp_path / "nope"))
    assert message.startswith("fashion-mnist was not found on this machine. Looked in:")
    assert f"{tmp_path / 'nope'}  (--data-dir: no such folder)" in message
    assert f"{tmp_path / 'env' / 'fashion-mnist'}/  (IDX files; has train-images" in message
    assert "but not t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte)" in message
    assert str(tmp_path / "env" / "fashion-mnist.npz") in message
    assert str(tmp_path / "keras" / "datasets") in message
    assert f"{tmp_path / 'system'}  (system data sets: no such folder)" in message
    assert "--data-dir FOLDER or set NETSPEC_DATA_DIR" in message
    assert "train-images-idx3-ubyte.gz" in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert "NETSPEC_OFFLINE" in message


def _online(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.delenv("NETSPEC_OFFLINE")
    monkeypatch.setenv("NETSPEC_DATA_MIRROR", url)


def test_download_mnist_from_mirror(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    served = make_npz(isolated / "www" / "mnist.npz", shape=(28, 28), classes=10)
    monkeypatch.setattr(datasets, "MNIST_SHA256", sha256(served))
    with serve_directory(isolated / "www") as url:
        _online(monkeypatch, url)
        data = load_dataset("mnist", GRAY28, 10)
    assert data.source == "mnist (downloaded)" and data.x_train.shape == (10, 28, 28, 1)
    cached = isolated / "keras" / "datasets" / "mnist.npz"
    assert cached.read_bytes() == served.read_bytes()
    again = load_dataset("mnist", GRAY28, 10)  # server gone: from the cache now
    assert str(cached) in again.source


def test_download_with_wrong_checksum_is_refused(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    make_npz(isolated / "www" / "mnist.npz", shape=(28, 28), classes=10)
    with serve_directory(isolated / "www") as url:
        _online(monkeypatch, url)
        message = error(load_dataset, "mnist", GRAY28, 10)
    assert f"Downloading {url}/mnist.npz failed" in message and "hash" in message
    assert "mnist was not found on this machine" in message
    assert not (isolated / "keras" / "datasets" / "mnist.npz").exists()


def test_download_fashion_mnist_from_mirror(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    make_idx_set(isolated / "www")
    with serve_directory(isolated / "www") as url:
        _online(monkeypatch, url)
        data = load_dataset("fashion-mnist", GRAY28, 10)
    assert data.x_test.shape == (6, 28, 28, 1)
    assert (
        isolated / "keras" / "datasets" / "fashion-mnist" / "t10k-images-idx3-ubyte.gz"
    ).exists()


def test_download_cifar10_from_mirror(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    archive = make_cifar_archive(isolated / "www" / "cifar-10-python.tar.gz")
    monkeypatch.setattr(datasets, "CIFAR10_SHA256", sha256(archive))
    with serve_directory(isolated / "www") as url:
        _online(monkeypatch, url)
        data = load_dataset("cifar10", (32, 32, 3), 10)
    assert data.x_train.shape == (10, 32, 32, 3)
    again = load_dataset("cifar10", (32, 32, 3), 10)  # Keras 3's cache layout is found
    assert "cifar-10-batches-py-target" in again.source


def test_download_failure_says_what_to_do(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    with serve_directory(isolated) as url:
        pass  # the port is closed again: nothing listens there
    _online(monkeypatch, url)
    message = error(load_dataset, "mnist", GRAY28, 10)
    assert "Looked in:" in message and f"Downloading {url}/mnist.npz failed" in message
    assert "--data-dir FOLDER" in message


# --- damaged IDX files ----------------------------------------------------------------------


def test_idx_with_bad_magic(tmp_path: Path):
    make_idx_set(tmp_path, gz=False)
    path = tmp_path / "train-labels-idx1-ubyte"
    path.write_bytes((2051).to_bytes(4, "big") + path.read_bytes()[4:])
    message = error(load_dataset, "mnist", GRAY28, 10, data_dir=str(tmp_path))
    assert message == (
        f"{path}: not an IDX labels file: it starts with the number 2051, expected 2049; "
        "check that the file is the one its name says"
    )


def test_truncated_idx(tmp_path: Path):
    make_idx_set(tmp_path, gz=False)
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-100])
    message = error(load_dataset, "mnist", GRAY28, 10, data_dir=str(tmp_path))
    assert f"{path}: its header promises 6x28x28 images (4720 bytes)" in message
    assert "4620 bytes; it is truncated" in message


def test_truncated_gzip(tmp_path: Path):
    make_idx_set(tmp_path)
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:50])
    message = error(load_dataset, "mnist", GRAY28, 10, data_dir=str(tmp_path))
    assert message.startswith(f"{path}: cannot read it (") and "download it again" in message


def test_idx_label_count_differs_from_image_count(tmp_path: Path):
    make_idx_set(tmp_path)
    write_idx(random_images(3), np.zeros(5), tmp_path, "t10k")
    message = error(load_dataset, "mnist", GRAY28, 10, data_dir=str(tmp_path))
    assert "t10k-labels-idx1-ubyte.gz: 5 labels for 3 images" in message


# --- fitting data to the spec ---------------------------------------------------------------


def test_more_classes_than_units(tmp_path: Path):
    make_idx_set(tmp_path)
    message = error(
        load_dataset, "fashion-mnist", GRAY28, 2, data_dir=str(tmp_path), last_layer="fc3"
    )
    assert message.startswith(f"fashion-mnist ({tmp_path}) has 10 classes")
    assert message.endswith(
        "but the spec's last layer 'fc3' has 2 units; set units: 10 on the last fc layer"
    )


def test_fewer_classes_than_units_is_a_note(tmp_path: Path):
    data = load_dataset(str(make_npz(tmp_path / "d.npz", classes=3)), (8, 8, 1), 5)
    assert data.class_names == ["0", "1", "2"]
    assert data.notes == [
        f"{tmp_path / 'd.npz'} has 3 classes but the spec's last layer has 5 units; "
        "2 outputs will never be the answer"
    ]


def test_gray_to_rgb_and_resize(tmp_path: Path):
    make_idx_set(tmp_path)
    data = load_dataset("mnist", (32, 32, 3), 10, data_dir=str(tmp_path))
    assert data.x_train.shape == (12, 28, 28, 1) and data.x_test.shape == (6, 28, 28, 1)
    assert data.notes == ["converting 28x28x1 -> 32x32x3 (the spec's input), per batch"]


def test_rgb_to_gray_uses_luminance(tmp_path: Path):
    x = np.zeros((2, 4, 4, 3), np.uint8)
    x[..., 0] = 255  # pure red
    path = make_npz(
        tmp_path / "d.npz", x_train=x, x_test=x, y_train=np.array([0, 1]), y_test=np.array([1, 0])
    )
    data = load_dataset(str(path), (4, 4, 1), 2)  # converted per batch: test_conversion.py
    assert data.x_train.shape == (2, 4, 4, 3) and data.notes == [
        "converting 4x4x3 -> 4x4x1 (the spec's input), per batch"
    ]


def test_unconvertible_channels(tmp_path: Path):
    path = make_npz(tmp_path / "d.npz", shape=(8, 8, 2))
    assert "the images have 2 channels and the spec's input has 3" in error(
        load_dataset, str(path), (8, 8, 3), 3
    )


# --- .npz files -----------------------------------------------------------------------------


def test_npz_float_pixels_and_one_hot_labels(tmp_path: Path):
    x = np.linspace(0, 1, 2 * 8 * 8, dtype=np.float32).reshape(2, 8, 8)
    y = np.eye(4)[[0, 3]]
    path = make_npz(tmp_path / "d.npz", x_train=x, x_test=x, y_train=y, y_test=y)
    data = load_dataset(str(path), (8, 8, 1), 4)
    assert data.x_train.dtype == np.uint8 and int(data.x_train.max()) == 255
    assert data.y_train.tolist() == [0, 3] and data.class_names == ["0", "1", "2", "3"]


def test_npz_class_names(tmp_path: Path):
    path = make_npz(tmp_path / "d.npz", classes=2, class_names=np.array(["cat", "dog"]))
    assert load_dataset(str(path), (8, 8, 1), 2).class_names == ["cat", "dog"]


def test_npz_missing_keys(tmp_path: Path):
    path = make_npz(tmp_path / "d.npz", x_test=None, y_test=None)
    message = error(load_dataset, str(path), (8, 8, 1), 3)
    assert message.startswith(f"{path} has no x_test, y_test (it has x_train, y_train)")


def test_npz_label_out_of_range(tmp_path: Path):
    y = np.array([0, 1, 2, 1, 0, 2, 1, 0, 2, 1])
    y[7] = 12
    path = make_npz(tmp_path / "d.npz", y_train=y)
    message = error(load_dataset, str(path), (8, 8, 1), 3, last_layer="out")
    assert message == (
        f"{path} has 13 classes (labels go up to 12; y_train[7] is 12) but the spec's last "
        "layer 'out' has 3 units; set units: 13 on the last fc layer"
    )


@pytest.mark.parametrize("bad", [-1, 1.5])
def test_npz_labels_that_are_not_class_numbers(tmp_path: Path, bad: float):
    y = np.array([0, 1, 2, 0], dtype=np.float64)
    y[2] = bad
    path = make_npz(tmp_path / "d.npz", y_test=y)
    assert error(load_dataset, str(path), (8, 8, 1), 3) == (
        f"{path}: y_test[2] is {bad:.1f}; labels must be class numbers 0, 1, 2..."
    )


def test_npz_normalized_pixels_are_refused(tmp_path: Path):
    x = np.full((10, 8, 8), -0.5, np.float32)
    path = make_npz(tmp_path / "d.npz", x_train=x)
    assert "x_train goes from -0.5 to -0.5; pixels must be 0..255" in error(
        load_dataset, str(path), (8, 8, 1), 3
    )


def test_npz_lengths_must_match(tmp_path: Path):
    path = make_npz(tmp_path / "d.npz", y_train=np.zeros(3, np.int64))
    assert "x_train has 10 images but y_train has 3 labels" in error(
        load_dataset, str(path), (8, 8, 1), 3
    )


def test_npz_objects_are_never_unpickled(tmp_path: Path):
    path = tmp_path / "d.npz"
    np.savez(path, x_train=np.array([object()]), y_train=[0], x_test=[0], y_test=[0])
    assert "cannot read it as an .npz of numeric arrays" in error(
        load_dataset, str(path), (8, 8, 1), 3
    )


@pytest.mark.parametrize("split", ["train", "test"])
def test_npz_with_an_empty_split_is_refused(tmp_path: Path, split: str):
    empty = {f"x_{split}": np.zeros((0, 8, 8), np.uint8), f"y_{split}": np.zeros(0, np.int64)}
    path = make_npz(tmp_path / "d.npz", **empty)
    assert error(load_dataset, str(path), (8, 8, 1), 3) == (
        f"{path}: x_{split} holds no images; {split}ing needs at least one, so save some in "
        f"x_{split} and y_{split}"
    )


def test_a_file_named_npz_that_is_no_zip(tmp_path: Path):
    path = tmp_path / "d.npz"
    path.write_text("not arrays")
    assert error(load_dataset, str(path), (8, 8, 1), 3) == (
        f"{path}: not an .npz file, or a damaged one (an .npz is a zip of arrays, as np.savez "
        "writes it)"
    )


def test_unknown_data(tmp_path: Path):
    message = error(load_dataset, str(tmp_path / "nothing"), GRAY28, 10)
    assert "no such file or folder; give one of mnist, fashion-mnist, cifar10" in message
    (tmp_path / "x.txt").write_text("hi")
    assert "not a folder or an .npz file" in error(load_dataset, str(tmp_path / "x.txt"), GRAY28, 2)


# --- image folders --------------------------------------------------------------------------


def test_image_folder_split_is_stratified_and_seeded(tmp_path: Path):
    root = make_image_folder(tmp_path / "pets", ["dogs", "cats"], 10, size=(20, 16))
    data = load_dataset(str(root), (12, 12, 3), 2)
    assert data.class_names == ["cats", "dogs"]
    assert data.x_train.shape == (16,) and data.x_test.shape == (4,)  # paths, streamed later
    assert data.y_test.tolist() == [0, 0, 1, 1]
    assert data.notes == [f"resizing 20 images of {root} to 12x12 (bilinear) as they are read"]
    again = load_dataset(str(root), (12, 12, 3), 2)
    np.testing.assert_array_equal(data.x_test, again.x_test)


def test_image_folder_train_test_layout_and_gray(tmp_path: Path):
    make_image_folder(tmp_path / "d" / "train", ["a", "b"], 3, size=(8, 8))
    make_image_folder(tmp_path / "d" / "test", ["a", "b"], 2, size=(8, 8))
    data = load_dataset(str(tmp_path / "d"), (8, 8, 1), 2)
    assert len(data.x_train) == 6 and len(data.x_test) == 4 and data.shape == (8, 8, 1)
    assert data.notes == []


def test_image_folder_in_the_spec_class_order(tmp_path: Path):
    root = make_image_folder(tmp_path / "d", ["cats", "dogs"], 2, size=(8, 8))
    data = load_dataset(str(root), (8, 8, 3), 2, classes=["dogs", "cats"])
    assert data.class_names == ["dogs", "cats"]
    message = error(load_dataset, str(root), (8, 8, 3), 2, classes=["dog", "cat"])
    assert "has the class folders cats, dogs but the spec lists the classes dog, cat" in message


def test_image_folder_errors(tmp_path: Path):
    assert error(load_dataset, str(tmp_path / "nope") + "/", GRAY28, 2).startswith("--data")
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "x.png").write_bytes(b"")
    assert "has no class subfolders" in error(load_dataset, str(tmp_path / "flat"), GRAY28, 2)
    one = make_image_folder(tmp_path / "one", ["cats"], 2)
    assert error(load_dataset, str(one), GRAY28, 2) == (
        f"{one} has only the class folder 'cats'; a classifier needs at least 2 classes, so "
        "add a subfolder of images for another class"
    )
    empty = make_image_folder(tmp_path / "empty", ["cats", "dogs"], 2)
    for path in (empty / "dogs").iterdir():
        path.unlink()
    (empty / "dogs" / "notes.txt").write_text("no images here")
    assert error(load_dataset, str(empty), GRAY28, 2).startswith(
        f"class folder {empty / 'dogs'} has no images"
    )


def test_train_without_test_and_nested_folders(tmp_path: Path):
    half = make_image_folder(tmp_path / "half" / "train", ["cats", "dogs"], 2).parent
    assert error(load_dataset, str(half), GRAY28, 2) == (
        f"{half} has class folders in train/ but not in test/; add {half / 'test'} with the "
        f"same class folders, or give --data {half / 'train'} (a fifth of each class is then "
        "held out for testing)"
    )
    root = make_image_folder(tmp_path / "deep", ["cats", "dogs"], 3)
    make_image_folder(root / "cats", ["more"], 2)
    data = load_dataset(str(root), (8, 8, 1), 2)
    assert len(data.x_train) + len(data.x_test) == 6  # cats/more/*.png are not read
    assert (
        f"skipping 1 folder inside class folders, such as {root / 'cats' / 'more'}: only the "
        "images directly in a class folder are read"
    ) in data.notes


def test_corrupt_image_is_named(tmp_path: Path):
    root = make_image_folder(tmp_path / "d", ["cats", "dogs"], 3)
    bad = root / "dogs" / "dogs_001.png"
    bad.write_bytes(b"\x89PNG not really")
    message = error(load_dataset, str(root), (8, 8, 3), 2)
    assert message.startswith(f"{bad}: cannot read this image (") and "replace or delete" in message


def test_read_image(tmp_path: Path):
    make_image_folder(tmp_path, ["a"], 1, size=(30, 20))
    path = tmp_path / "a" / "a_000.png"
    assert read_image(path, (10, 12, 3)).shape == (10, 12, 3)
    pixels = read_image(str(path), [10, 12, 1])
    assert pixels.shape == (10, 12, 1) and pixels.dtype == np.uint8
    assert error(read_image, tmp_path / "missing.png", (8, 8, 3)).endswith("no such image file")
    assert "change it to [8, 8, 3]" in error(read_image, path, (8, 8, 4))
