"""Training data for `netspec run`: the named sets mnist, fashion-mnist and cifar10, image folders
and .npz files, checked before training so a problem is named at once.

Every loader returns uint8 pixels shaped (N, H, W, C) and int64 labels; `load_dataset` checks
they can be fitted to the spec's input and checks the labels against its output units. The images
stay at their own size: netspec/runtime.py's pipeline converts them a batch at a time, so a 28x28
set feeding a 227x227x3 network never needs a full-size copy in memory. An image folder's x
arrays hold file paths (checked, never decoded, at load time), streamed by the same pipeline.
Keras, Pillow and TensorFlow are imported inside the functions that need them, so a wrong --data
is refused before TensorFlow loads.
"""

import contextlib
import gzip
import math
import os
import pickle
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
CIFAR_ORIGIN = "https://www.cs.toronto.edu/~kriz/"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
CIFAR10_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
SYSTEM_DATA_DIR = Path("/usr/share/datasets")
IDX_FILES = [
    f"{split}-{kind}-ubyte"
    for split in ("train", "t10k")
    for kind in ("images-idx3", "labels-idx1")
]
CIFAR_BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
TF_IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "BMP", "WEBP")  # what tf.io.decode_image reads
SCAN_PROGRESS_EVERY = 2_000  # files between progress lines while scanning an image folder
NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
MAX_CLASSES = 100_000  # as the spec's classes: list allows
MAX_IDX_BYTES = 1 << 30  # an IDX file's pixels; Fashion-MNIST's training images are 47 MB
BATCHES_IN_FLIGHT = 8  # converted float batches alive at once: parallel map, prefetch, the model's
CLASS_NAMES = {  # "|"-separated, as a Fashion-MNIST name has a space
    "mnist": "0|1|2|3|4|5|6|7|8|9",
    "fashion-mnist": "T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot",
    "cifar10": "airplane|automobile|bird|cat|deer|dog|frog|horse|ship|truck",
}
ALIASES = {"fashion_mnist": "fashion-mnist", "fashionmnist": "fashion-mnist", "cifar-10": "cifar10"}


class DataError(Exception):
    """The data is missing, damaged or does not fit the spec; the message says how to fix it."""


@dataclass
class Dataset:
    """Pixels (N, H, W, C) uint8 and labels (N,) int64; `notes` says what was converted."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    source: str
    notes: list[str] = field(default_factory=list)
    folder: bool = False  # an image folder: x holds file paths; the summary counts classes
    shape: tuple[int, ...] = ()  # an image folder's images as the pipeline reads them
    names_known: bool = True  # False: an .npz without class_names, its classes only numbered


def load_dataset(
    data: str,
    input_shape: tuple[int, int, int],
    num_classes: int,
    data_dir: str | None = None,
    last_layer: str | None = None,
    classes: list[str] | None = None,
) -> Dataset:
    """Load `data` and fit it to the spec, so a mismatch is caught before training starts.

    `data` is a named set (which wins over a same-named path: write ./mnist for the folder), an
    image folder or an .npz file. `classes` (the spec's class names) orders an image folder's
    classes; `last_layer` only names the output layer in messages.
    """
    shape = tuple(int(n) for n in input_shape)
    name = ALIASES.get(data.lower(), data.lower())
    path = Path(data).expanduser()
    check_data_source(data)
    if name in CLASS_NAMES:
        dataset = _load_named(name, data_dir)
    elif path.is_dir():
        dataset = load_image_folder(path, shape, classes)
    else:
        dataset = load_npz(path)
    have = image_shape(dataset)
    if have != shape:
        check_convertible(have, shape, dataset.source)
        dataset.notes.append(
            f"converting {_hwc(have)} -> {_hwc(shape)} (the spec's input), per batch"
        )
    _check_labels(dataset, num_classes, last_layer)
    return dataset


def check_data_source(data: str) -> None:
    """A named set, an image folder or an .npz file; anything else is refused at once."""
    path = Path(data).expanduser()
    if ALIASES.get(data.lower(), data.lower()) in CLASS_NAMES or path.is_dir():
        return
    if path.is_file() and path.suffix.lower() == ".npz":
        return
    what = "not a folder or an .npz file" if path.exists() else "no such file or folder"
    raise DataError(
        f"--data {data}: {what}; give one of {', '.join(CLASS_NAMES)}, a folder with one "
        "subfolder of images per class, or an .npz with x_train, y_train, x_test, y_test"
    )


def check_convertible(have: tuple[int, ...], shape: tuple[int, ...], source: str) -> None:
    """Refuse at load time the channel counts the pipeline cannot convert, not mid-training."""
    height, width, channels = shape
    count = have[-1]
    if count != channels and (count, channels) not in ((1, 3), (3, 1), (4, 1), (4, 3)):
        raise DataError(
            f"{source}: the images have {count} channels and the spec's input has "
            f"{channels}; only 1 (gray) and 3 (RGB) convert into each other, so "
            f"change the input to [{height}, {width}, {count}]"
        )


def image_shape(dataset: Dataset) -> tuple[int, ...]:
    """(H, W, C) of the images as the pipeline gets them (an image folder holds only paths)."""
    return dataset.shape if dataset.folder else tuple(dataset.x_train.shape[1:])


def read_image(path: str | Path, input_shape: tuple[int, int, int]) -> np.ndarray:
    """One image file as the spec's input (H, W, C) uint8, by the very ops training reads with."""
    import tensorflow as tf

    path, shape = Path(path), tuple(int(n) for n in input_shape)
    _check_channels(shape)
    _check_image_file(path, _pillow())
    from netspec.runtime import decode_image

    try:
        return decode_image(tf.constant(str(path)), shape).numpy()
    except (OSError, tf.errors.InvalidArgumentError) as exc:
        raise DataError(
            f"{path}: cannot read this image ({_first_line(exc)}); replace it"
        ) from None


def decode_failure(error: Exception, dataset: Dataset) -> Exception:
    """The DataError naming the image TensorFlow failed on mid-training, else `error` itself.

    A truncated file passes the header check at load time and fails only when decoded; on
    such a failure the folder's files are decoded one by one to name the first bad one.
    """
    import tensorflow as tf

    from netspec.runtime import decode_image

    if not dataset.folder or not isinstance(error, tf.errors.InvalidArgumentError):
        return error
    for path in (*dataset.x_train, *dataset.x_test):
        try:
            decode_image(tf.constant(str(path)), dataset.shape)
        except tf.errors.InvalidArgumentError as exc:
            return DataError(
                f"{path}: TensorFlow cannot decode this image ({_first_line(exc)}); it is "
                "truncated or damaged: replace or delete it"
            )
    return error


def _first_line(exc: BaseException) -> str:
    """TensorFlow's own words: without its function-node prefix and [Op:...] suffix."""
    text = str(getattr(exc, "message", "") or exc)
    text = re.sub(r"\{\{function_node [^}]*\}\}|\[Op:[^\]]*\](?: name:.*)?", "", text)
    lines = text.strip().splitlines()
    line = lines[0].strip() if lines else type(exc).__name__
    return line if len(line) <= 160 else line[:160].rsplit(" ", 1)[0] + " ..."


def load_image_folder(
    folder: str | Path, input_shape: tuple[int, int, int], classes: list[str] | None = None
) -> Dataset:
    """List and check one subfolder of images per class; test on test/ or a seeded 20%.

    The files' headers are checked here (cheap), so a file that is not a readable image is
    named before training; the pixels are decoded only as training streams them.
    """
    root, shape = Path(folder).expanduser(), tuple(int(n) for n in input_shape)
    if not root.is_dir():
        raise DataError(f"{root}: no such folder" if not root.exists() else f"{root}: not a folder")
    from netspec.runtime import split_image_folder

    _check_channels(shape)
    names = _folder_classes(root, classes)
    x_train, y_train, x_test, y_test = split_image_folder(root, names)
    if not len(x_test):
        raise DataError(_no_test_images(root, len(names)))
    scan = _Scan(root, len(x_train) + len(x_test))
    for path in (*x_train, *x_test):
        scan.check(Path(path), shape)
    notes = []
    if scan.resized:
        notes.append(
            f"resizing {scan.resized:,} images of {root} to {shape[0]}x{shape[1]} "
            "(bilinear) as they are read"
        )
    notes += scan.notes() + _nested_folders_note(root, names)
    return Dataset(
        x_train, y_train, x_test, y_test, names, str(root), notes, folder=True, shape=shape
    )


def _split_layout(root: Path) -> bool:
    """train/ and test/ folders: the rule runtime.split_image_folder reads a folder by."""
    return (root / "train").is_dir() and (root / "test").is_dir()


def _nested_folders_note(root: Path, names: list[str]) -> list[str]:
    """Images are read from each class folder itself: say so when it has subfolders."""
    tops = [root / "train", root / "test"] if _split_layout(root) else [root]
    nested = [top / name / sub for top in tops for name in names for sub in _subfolders(top / name)]
    if not nested:
        return []
    count = f"{len(nested):,} folder{'s' if len(nested) > 1 else ''}"
    return [
        f"skipping {count} inside class folders, such as {nested[0]}: only the images "
        "directly in a class folder are read"
    ]


def _no_test_images(root: Path, classes: int) -> str:
    """Why a folder left nothing to test on, in the terms of its layout."""
    if _split_layout(root):
        return f"{root / 'test'} has no images in its class folders; put the test images there"
    return (
        f"{root}: no image is left for testing: each of its {classes} classes has one image, "
        "and a fifth of a class is held out only from two images up; add images, or give the "
        "folder train/ and test/ subfolders"
    )


def _folder_classes(root: Path, classes: list[str] | None) -> list[str]:
    """The class names, checked: train/ and test/ with the same classes, or a class per folder."""
    train_dir, test_dir = root / "train", root / "test"
    halves = [half for half in (train_dir, test_dir) if _subfolders(half)]
    if len(halves) == 1 and set(_subfolders(root)) <= {"train", "test"}:
        other = test_dir if halves[0] == train_dir else train_dir
        raise DataError(
            f"{root} has class folders in {halves[0].name}/ but not in {other.name}/; add "
            f"{other} with the same class folders, or give --data {halves[0]} (a fifth of "
            "each class is then held out for testing)"
        )
    if len(halves) < 2:
        return _class_order(_subfolders(root), classes, root)
    names = _class_order(_subfolders(train_dir), classes, train_dir)
    if _subfolders(test_dir) != sorted(names):
        raise DataError(
            f"{test_dir} has the classes {', '.join(_subfolders(test_dir))} but "
            f"{train_dir} has {', '.join(sorted(names))}; use the same subfolder "
            "names in both"
        )
    return names


class _Scan:
    """Checks every file's header once, saying how far it got on a large folder."""

    def __init__(self, root: Path, total: int):
        self.root, self.total, self.done = root, total, 0
        self.resized, self.deep, self.frames = 0, 0, 0
        self.image_module = _pillow()

    def check(self, path: Path, shape: tuple[int, ...]) -> None:
        size, mode, frames = _check_image_file(path, self.image_module)
        self.resized += size != (shape[1], shape[0])
        self.deep += mode.startswith("I") or mode.endswith("16")
        self.frames += frames > 1
        self.done += 1
        if self.total >= SCAN_PROGRESS_EVERY and (
            self.done % SCAN_PROGRESS_EVERY == 0 or self.done == self.total
        ):
            print(f"scanning {self.root}: {self.done:,} of {self.total:,} files", file=sys.stderr)

    def notes(self) -> list[str]:
        notes = []
        if self.deep:
            notes.append(f"{self.deep:,} images of {self.root} have 16 bits; read as 8")
        if self.frames:
            notes.append(f"{self.frames:,} animated images of {self.root}: first frame only")
        return notes


def _check_channels(shape: tuple[int, ...]) -> None:
    height, width, channels = shape
    if channels not in (1, 3):
        raise DataError(
            f"image files give 1 (gray) or 3 (RGB) channels, but the spec's input "
            f"has {channels}; change it to [{height}, {width}, 3]"
        )


def _check_image_file(path: Path, image_module) -> tuple[tuple[int, int], str, int]:
    """(width, height), mode and frame count from the header only: no pixels are decoded."""
    try:
        with image_module.open(path) as image:
            size, mode, kind = image.size, image.mode, image.format
            frames = int(getattr(image, "n_frames", 1) if kind == "GIF" else 1)
    except FileNotFoundError:
        raise DataError(f"{path}: no such image file") from None
    except (OSError, ValueError, image_module.DecompressionBombError) as exc:
        raise DataError(f"{path}: cannot read this image ({exc}); replace or delete it") from None
    if kind not in TF_IMAGE_FORMATS:
        raise DataError(
            f"{path}: a {kind} image, which TensorFlow cannot decode; save it as PNG or JPEG"
        )
    return size, mode, frames


def load_npz(path: str | Path) -> Dataset:
    """Read x_train, y_train, x_test, y_test (and optional class_names) without unpickling.

    Float pixels in 0..1 are scaled to 0..255 and everything is stored as uint8, the form the
    training pipeline scales back to 0..1; one-hot labels become class numbers.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:  # np.load would try a non-zip as a pickle, and say so
            if not zipfile.is_zipfile(handle):
                raise DataError(
                    f"{path}: not an .npz file, or a damaged one (an .npz is a zip of arrays, "
                    "as np.savez writes it)"
                )
        with np.load(path, allow_pickle=False) as npz:
            missing = [key for key in NPZ_KEYS if key not in npz.files]
            if missing:
                raise DataError(
                    f"{path} has no {', '.join(missing)} (it has "
                    f"{', '.join(npz.files) or 'no arrays'}); save it with "
                    "np.savez(path, x_train=..., y_train=..., x_test=..., "
                    "y_test=...)"
                )
            arrays = {key: npz[key] for key in NPZ_KEYS}
            names = [str(s) for s in npz["class_names"]] if "class_names" in npz.files else []
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise DataError(f"{path}: cannot read it as an .npz of numeric arrays ({exc})") from None
    out: dict[str, np.ndarray] = {}
    names_known = bool(names)
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim and not len(x):
            raise DataError(
                f"{path}: x_{split} holds no images; {split}ing needs at least one, so save "
                f"some in x_{split} and y_{split}"
            )
        out[f"x_{split}"] = _as_images(x, f"x_{split}", path)
        if y.ndim == 2 and y.shape[1] > 1:  # one-hot
            names = names or [str(i) for i in range(y.shape[1])]
            y = y.argmax(axis=1)
        out[f"y_{split}"] = _as_labels(y, f"y_{split}", path)
        if len(x) != len(out[f"y_{split}"]):
            raise DataError(
                f"{path}: x_{split} has {len(x)} images but y_{split} has "
                f"{len(out[f'y_{split}'])} labels; they must match"
            )
    if out["x_train"].shape[1:] != out["x_test"].shape[1:]:
        raise DataError(
            f"{path}: x_train images are {_hwc(out['x_train'].shape[1:])} but x_test "
            f"images are {_hwc(out['x_test'].shape[1:])}; they must match"
        )
    return Dataset(**out, class_names=names, source=str(path), names_known=names_known)


# --- named sets: look in local folders first, then download with Keras ----------------------


def _load_named(name: str, data_dir: str | None) -> Dataset:
    """Find a named set in the data folders (the first complete copy wins), else download it."""
    looked: list[str] = []
    for folder, origin in _search_dirs(data_dir):
        if not folder.is_dir():
            looked.append(f"{folder}  ({origin}: no such folder)")
            continue
        for candidate, kind in _candidates(name, folder):
            found = _try_load(candidate, kind, looked)
            if found is not None:
                found.class_names = CLASS_NAMES[name].split("|")
                found.source = f"{name} ({candidate})"
                return found
    message = _not_found_message(name, looked)
    if os.environ.get("NETSPEC_OFFLINE", "") not in ("", "0"):
        raise DataError(message + "\n(downloading is off because NETSPEC_OFFLINE is set)")
    return _download(name, message)


def _search_dirs(data_dir: str | None) -> list[tuple[Path, str]]:
    dirs = [(Path(data_dir).expanduser(), "--data-dir")] if data_dir else []
    if os.environ.get("NETSPEC_DATA_DIR"):
        dirs.append((Path(os.environ["NETSPEC_DATA_DIR"]).expanduser(), "NETSPEC_DATA_DIR"))
    dirs.append((_keras_home() / "datasets", "Keras cache"))
    return [*dirs, (SYSTEM_DATA_DIR, "system data sets")]


def _keras_home() -> Path:
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras").expanduser()


def _candidates(name: str, folder: Path) -> list[tuple[Path, str]]:
    if name == "cifar10":  # Keras 2 and Keras 3 extract the archive to different folders
        return [
            (folder / "cifar-10-batches-py", "cifar"),
            (folder / "cifar10.npz", "npz"),
            (folder / "cifar-10-batches-py-target" / "cifar-10-batches-py", "cifar"),
            (folder / "cifar10" / "cifar-10-batches-py", "cifar"),
        ]
    return [(folder / name, "idx"), (folder, "idx"), (folder / f"{name}.npz", "npz")]


def _try_load(path: Path, kind: str, looked: list[str]) -> Dataset | None:
    """Load one candidate, or record in `looked` why it is not there (or only partly)."""
    if kind == "npz":
        looked.append(str(path))
        return load_npz(path) if path.is_file() else None
    wanted = IDX_FILES if kind == "idx" else CIFAR_BATCHES
    files = [_existing(path / stem, kind) for stem in wanted]
    present = [f.name for f in files if f is not None]
    missing = [stem for stem, f in zip(wanted, files, strict=True) if f is None]
    suffix = "IDX files" if kind == "idx" else "CIFAR-10 python batches"
    looked.append(
        f"{path}/  ({suffix}"
        + (f"; has {', '.join(present)} but not {', '.join(missing)})" if present else ")")
    )
    if missing:
        return None
    return _read_idx_set(files) if kind == "idx" else _read_cifar(files)


def _existing(stem: Path, kind: str) -> Path | None:
    options = [stem.with_name(stem.name + ".gz"), stem] if kind == "idx" else [stem]
    return next((p for p in options if p.is_file()), None)


def _not_found_message(name: str, looked: list[str]) -> str:
    if name == "cifar10":
        files = "cifar-10-batches-py/ (from cifar-10-python.tar.gz) or cifar10.npz"
    else:
        files = ", ".join(f + ".gz" for f in IDX_FILES) + f" (gzipped or not), or {name}.npz"
    lines = [
        f"{name} was not found on this machine. Looked in:",
        *(f"  {p}" for p in looked),
        f"Put {files} in a folder and pass --data-dir FOLDER or set NETSPEC_DATA_DIR.",
    ]
    if name == "fashion-mnist":
        lines.append("On Debian or Ubuntu: apt-get install dataset-fashion-mnist")
    return "\n".join(lines)


def _download(name: str, not_found: str) -> Dataset:
    """Fetch a named set with Keras (which caches it, checking the sha256 where it is known)."""
    try:
        import keras
    except ImportError:
        raise DataError(not_found + "\n(cannot download it: Keras is not installed)") from None
    mirror = os.environ.get("NETSPEC_DATA_MIRROR", "").rstrip("/")
    cache = str(_keras_home())
    with contextlib.suppress(OSError):  # Keras falls back to /tmp/.keras if it cannot write here
        Path(cache).mkdir(parents=True, exist_ok=True)

    def fetch(fname: str, origin: str, sha256: str | None, subdir: str, extract: str = "") -> Path:
        """Download origin+fname into the Keras cache; `extract` names the folder to unpack to."""
        url = f"{mirror}/{fname}" if mirror else origin + fname
        local = Path(cache, subdir, f"{extract}_archive" if extract else fname)
        try:
            path = keras.utils.get_file(
                extract or fname,
                url,
                file_hash=sha256,
                cache_dir=cache,
                cache_subdir=subdir,
                extract=bool(extract),
            )
        except Exception as exc:  # noqa: BLE001 - Keras raises plain Exception for network errors
            local.unlink(missing_ok=True)  # never leave a file that failed its check in the cache
            raise DataError(f"{not_found}\nDownloading {url} failed: {exc}") from None
        return Path(path)

    if name == "mnist":
        dataset = load_npz(fetch("mnist.npz", KERAS_ORIGIN, MNIST_SHA256, "datasets"))
    elif name == "fashion-mnist":  # Keras publishes no checksums for these; the parser checks
        files = [fetch(f + ".gz", KERAS_ORIGIN, None, "datasets/fashion-mnist") for f in IDX_FILES]
        dataset = _read_idx_set(files)
    else:
        target = "cifar-10-batches-py-target"  # where Keras 3 unpacks it, so both share the cache
        archive = fetch("cifar-10-python.tar.gz", CIFAR_ORIGIN, CIFAR10_SHA256, "datasets", target)
        folder = archive / "cifar-10-batches-py"
        dataset = _read_cifar([folder / b for b in CIFAR_BATCHES])
    dataset.class_names, dataset.source = CLASS_NAMES[name].split("|"), f"{name} (downloaded)"
    return dataset


def _read_idx_set(files: list[Path]) -> Dataset:
    """train/test images and labels from four IDX files, in the order of IDX_FILES."""
    arrays = [_read_idx(path, 2051 if "images" in path.name else 2049) for path in files]
    x_train, y_train, x_test, y_test = arrays
    for x, y, path in ((x_train, y_train, files[1]), (x_test, y_test, files[3])):
        if len(x) != len(y):
            raise DataError(f"{path}: {len(y)} labels for {len(x)} images; download both again")
    y_train, y_test = y_train.astype(np.int64), y_test.astype(np.int64)
    return Dataset(x_train[..., None], y_train, x_test[..., None], y_test, [], str(files[0].parent))


def _read_idx(path: Path, magic: int) -> np.ndarray:
    """Parse IDX (MNIST's format): magic number, big-endian sizes, then unsigned bytes.

    The header is read and checked first; the body is then read (inflated, for .gz) only up to
    the size the header promises, so a damaged or hostile file cannot make it read gigabytes.
    """
    ndim = 3 if magic == 2051 else 1
    what, header_size = ("images" if magic == 2051 else "labels"), 4 + 4 * ndim
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            header = stream.read(header_size)
            dims = _idx_dims(path, header, magic, ndim, what)
            size = math.prod(dims)
            body = stream.read(size + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"{path}: cannot read it ({exc}); delete it and download it again"
        ) from None
    if len(body) != size:
        raise DataError(
            f"{path}: its header promises {'x'.join(map(str, dims))} {what} "
            f"({header_size + size} bytes) but it has "
            f"{'more' if len(body) > size else header_size + len(body)} bytes; it is "
            "truncated or damaged: delete it and download it again"
        )
    return np.frombuffer(body, np.uint8).reshape(dims)


def _idx_dims(path: Path, header: bytes, magic: int, ndim: int, what: str) -> list[int]:
    """The sizes an IDX header promises, refused when the file cannot be that or is huge."""
    found = int.from_bytes(header[:4], "big")
    if len(header) < 4 + 4 * ndim or found != magic:
        raise DataError(
            f"{path}: not an IDX {what} file: it starts with the number {found}, "
            f"expected {magic}; check that the file is the one its name says"
        )
    dims = [int.from_bytes(header[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    if math.prod(dims) > MAX_IDX_BYTES:
        raise DataError(
            f"{path}: its header promises {'x'.join(map(str, dims))} {what}, "
            f"{math.prod(dims):,} bytes, more than the {MAX_IDX_BYTES:,} read from "
            "an IDX file; it is damaged or not a data set: delete it and download it again"
        )
    return dims


class _CifarUnpickler(pickle.Unpickler):
    """CIFAR-10 ships as pickles, which can run code when loaded.

    So they are read only from the data folders (never from --data PATH), and only the few
    names numpy arrays are made of are allowed.
    """

    SAFE = (
        "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray._reconstruct",
        "numpy.ndarray",
        "numpy.dtype",
        "_codecs.encode",
    )

    def find_class(self, module: str, name: str) -> object:
        if f"{module}.{name}" not in self.SAFE:
            raise pickle.UnpicklingError(f"it asks for {module}.{name}, which is not allowed")
        return super().find_class(module, name)


def _read_cifar(files: list[Path]) -> Dataset:
    """The CIFAR-10 python batches (data_batch_1..5, test_batch) as (N, 32, 32, 3) uint8."""
    parts = []
    for path in files:
        try:
            with path.open("rb") as f:
                batch = _CifarUnpickler(f, encoding="bytes").load()
            x = np.asarray(batch[b"data"], np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
            parts.append((x, np.asarray(batch[b"labels"], np.int64)))
        except (OSError, EOFError, pickle.UnpicklingError, KeyError, ValueError, TypeError) as e:
            raise DataError(
                f"{path}: not a CIFAR-10 batch ({e}); delete it and download it again"
            ) from None
    x_train = np.concatenate([x for x, _ in parts[:-1]])
    y_train = np.concatenate([y for _, y in parts[:-1]])
    return Dataset(x_train, y_train, *parts[-1], [], str(files[0].parent))


# --- image folders and checks ----------------------------------------------------------------


def _pillow():  # returns the PIL.Image module
    try:
        from PIL import Image
    except ImportError:
        raise DataError("reading and resizing images needs Pillow: pip install pillow") from None
    return Image


def _subfolders(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _class_order(found: list[str], classes: list[str] | None, root: Path) -> list[str]:
    """Classes in the spec's order when it names them, else sorted; check there are 2+."""
    if not found:
        raise DataError(
            f"{root} has no class subfolders; put each class's images in a subfolder "
            f"named after it, such as {root / 'cats'}/ and {root / 'dogs'}/"
        )
    if len(found) < 2:
        raise DataError(
            f"{root} has only the class folder '{found[0]}'; a classifier needs at "
            "least 2 classes, so add a subfolder of images for another class"
        )
    from netspec.runtime import IMAGE_SUFFIXES

    for name in found:
        if not _image_files(root / name):
            raise DataError(
                f"class folder {root / name} has no images (looked for "
                f"{' '.join(IMAGE_SUFFIXES)}); add some or remove the folder"
            )
    if not classes:
        return found
    if sorted(classes) != found:
        raise DataError(
            f"{root} has the class folders {', '.join(found)} but the spec lists the "
            f"classes {', '.join(classes)}; rename the folders or change classes: in "
            "the spec"
        )
    return list(classes)


def _image_files(folder: Path) -> list[Path]:
    """A class folder's images as training reads them (a broken or looping link is kept, so
    the header check names it)."""
    from netspec.runtime import image_files

    return image_files(folder)


def _as_images(x: np.ndarray, key: str, source: Path) -> np.ndarray:
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4 or x.dtype.kind not in "uif":
        raise DataError(
            f"{source}: {key} is {x.dtype} with shape {x.shape}; expected numbers "
            "shaped (N, H, W) or (N, H, W, C)"
        )
    if x.dtype == np.uint8 or x.size == 0:
        return x.astype(np.uint8)
    low, high = float(x.min()), float(x.max())
    if not (low >= 0 and high <= 255):  # also true for NaN
        raise DataError(
            f"{source}: {key} goes from {low:g} to {high:g}; pixels must be 0..255 "
            "(or floats in 0..1), so undo any normalization before saving"
        )
    if x.dtype.kind == "f" and high <= 1:
        x = x * 255.0
    return np.rint(x).astype(np.uint8)


def _as_labels(y: np.ndarray, key: str, source: Path) -> np.ndarray:
    y = y.reshape(-1) if y.ndim == 2 and y.shape[1] == 1 else y
    if y.ndim != 1 or y.dtype.kind not in "uif":
        raise DataError(
            f"{source}: {key} is {y.dtype} with shape {y.shape}; expected class "
            "numbers shaped (N,) or one-hot rows shaped (N, classes)"
        )
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(~np.isfinite(y) | (y != np.round(y)) | (y < 0))
    if bad.size:
        i = bad[0]
        raise DataError(f"{source}: {key}[{i}] is {y[i]}; labels must be class numbers 0, 1, 2...")
    huge = np.flatnonzero(y >= MAX_CLASSES)  # checked before any list of class names is made
    if huge.size:
        i = huge[0]
        raise DataError(
            f"{source}: {key}[{i}] is {y[i]}; a label that large would mean more than "
            f"{MAX_CLASSES:,} classes: labels must be class numbers 0, 1, 2..."
        )
    return y.astype(np.int64)


def _check_labels(dataset: Dataset, units: int, last_layer: str | None) -> None:
    """Labels (never negative here) must be below `units`: extra classes cannot be learned."""
    layer = f"the spec's last layer '{last_layer}'" if last_layer else "the spec's last layer"
    splits = [("y_train", dataset.y_train), ("y_test", dataset.y_test)]
    highest = max((int(y.max()) for _, y in splits if y.size), default=-1)
    count = max(len(dataset.class_names), highest + 1)
    if count > units:
        example = ""
        for key, y in splits:
            if y.size and y.max() >= units:
                i = int(np.argmax(y >= units))
                example = f" (labels go up to {highest}; {key}[{i}] is {y[i]})"
                break
        raise DataError(
            f"{dataset.source} has {count} classes{example} but {layer} has {units} "
            f"units; set units: {count} on the last fc layer"
        )
    dataset.class_names += [str(i) for i in range(len(dataset.class_names), count)]
    if count < units:
        dataset.notes.append(
            f"{dataset.source} has {count} classes but {layer} has {units} "
            f"units; {units - count} outputs will never be the answer"
        )


def _hwc(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape)


# --- what was found, and whether it fits in memory -------------------------------------------


def summary_lines(dataset: Dataset) -> list[str]:
    """What was found, said before training so a long load or a wrong set shows at once."""
    found = f"{len(dataset.x_train):,} training and {len(dataset.x_test):,} test images"
    lines = [f"data: {dataset.source}: {found} of {_hwc(image_shape(dataset))}"]
    if dataset.folder:
        counts = np.bincount(dataset.y_train, minlength=len(dataset.class_names))
        pairs = ", ".join(f"{n} {c:,}" for n, c in zip(dataset.class_names, counts, strict=False))
        lines.append(f"training images per class: {pairs}")
    return lines


def memory_needed(
    dataset: Dataset, shape: tuple[int, ...], batch_size: int, validation_split: float
) -> int:
    """Bytes the data takes while training: the arrays, their validation-split copies, tf.data's
    copy, cache and shuffle buffer of the uint8 images, and the float batches in flight."""
    pixels = dataset.x_train.nbytes + dataset.x_test.nbytes
    labels = dataset.y_train.nbytes + dataset.y_test.nbytes
    split = dataset.x_train.nbytes + dataset.y_train.nbytes if validation_split > 0 else 0
    pipelines = 2 * pixels + labels  # from_tensor_slices's copy, and .cache() of the same
    pipelines += dataset.x_train.nbytes + dataset.y_train.nbytes // 2  # shuffle(len(x))
    batches = BATCHES_IN_FLIGHT * batch_size * math.prod(int(n) for n in shape) * 4
    return pixels + labels + split + pipelines + batches


def available_memory() -> int:
    """Bytes free for new use: MemAvailable where Linux says it, else all physical memory."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return 1 << 62  # unknown: do not refuse


def check_memory(
    dataset: Dataset, shape: tuple[int, ...], batch_size: int, validation_split: float
) -> None:
    """Refuse a plan that would not fit in memory, rather than be killed mid-way without a word."""
    need = memory_needed(dataset, shape, batch_size, validation_split)
    have = available_memory()
    if need > have:
        hint = (
            "give a smaller input size or fewer images per class"
            if dataset.folder
            else "use fewer images (a smaller .npz) or a smaller batch"
        )
        raise DataError(
            f"{dataset.source}: training needs about {_bytes(need)} of memory for the data "
            f"({len(dataset.x_train):,} + {len(dataset.x_test):,} images of "
            f"{_hwc(image_shape(dataset))}, batches of {batch_size} at {_hwc(shape)}), "
            f"this machine has {_bytes(have)} available; {hint}, or free memory"
        )


def _bytes(count: int) -> str:
    return f"{count / (1 << 30):.1f} GiB" if count >= 1 << 30 else f"{count / (1 << 20):.0f} MiB"
