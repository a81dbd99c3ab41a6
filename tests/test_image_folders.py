"""Image folders stream from disk: checked at load time, decoded only as tf.data reads them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netspec import datasets
from netspec.datasets import DataError, load_dataset, read_image
from tests.conftest import ROOT, run_cli
from tests.data_fixtures import make_image_folder

pytest.importorskip("tensorflow")

SMALL_SPEC = (
    "name: small\ninput: [16, 16, 3]\nlayers:\n  - {type: conv, filters: 4, size: 3}\n"
    "  - {type: pool, size: 2}\n  - flatten\n  - {type: fc, units: 2}\n"
    "train: {epochs: 1, batch_size: 4, seed: 3}\n"
)


def error(call, *args, **kwargs) -> str:
    with pytest.raises(DataError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def elements(x: np.ndarray, shape: tuple[int, int, int]) -> list[np.ndarray]:
    """What the training pipeline reads for each file, before batching and scaling."""
    import tensorflow as tf

    from netspec.runtime import decode_image

    return [decode_image(tf.constant(path), shape).numpy() for path in x]


def test_folder_holds_paths_not_pixels_and_splits_as_before(tmp_path: Path) -> None:
    root = make_image_folder(tmp_path / "pets", ["dogs", "cats"], 10, size=(20, 16))
    data = load_dataset(str(root), (12, 12, 3), 2)
    assert data.x_train.shape == (16,) and data.x_train.dtype.kind == "U"
    assert data.x_train.nbytes / len(data.x_train) < 4096
    assert data.y_test.tolist() == [0, 0, 1, 1]
    assert datasets.image_shape(data) == (12, 12, 3)
    assert data.notes == [f"resizing 20 images of {root} to 12x12 (bilinear) as they are read"]
    again = load_dataset(str(root), (12, 12, 3), 2)
    assert data.x_test.tolist() == again.x_test.tolist()
    assert set(data.x_train) | set(data.x_test) == {str(p) for p in root.glob("*/*.png")}
    assert datasets.summary_lines(data)[0].endswith("16 training and 4 test images of 12x12x3")


def test_conversions_gray_rgba_16_bit_and_huge(tmp_path: Path) -> None:
    from PIL import Image

    root = tmp_path / "d"
    make_image_folder(root, ["a", "b"], 1, size=(8, 8))
    Image.new("L", (10, 10), 200).save(root / "a" / "gray.png")
    Image.new("RGBA", (10, 10), (10, 20, 30, 0)).save(root / "a" / "rgba.png")
    Image.fromarray(np.full((10, 10), 300 * 257 // 2, np.uint16)).save(root / "b" / "deep.png")
    Image.new("RGB", (3000, 2000), (90, 60, 30)).save(root / "b" / "huge.jpg", quality=95)
    data = load_dataset(str(root), (8, 8, 3), 2)
    assert any("16 bits; read as 8" in note for note in data.notes)
    paths = np.array([str(root / "a" / n) for n in ("gray.png", "rgba.png")], dtype=str)
    gray, rgba = elements(paths, (8, 8, 3))
    assert gray.shape == (8, 8, 3) and (gray == 200).all()  # gray repeated into R, G and B
    assert (rgba == [10, 20, 30]).all()  # alpha dropped
    deep, huge = elements(
        np.array([str(root / "b" / "deep.png"), str(root / "b" / "huge.jpg")]), (8, 8, 1)
    )
    assert deep.shape == (8, 8, 1) and abs(int(deep[0, 0, 0]) - 150) <= 1  # the high byte
    assert huge.shape == (8, 8, 1) and abs(int(huge[0, 0, 0]) - 64) <= 2  # luminance of 90,60,30


def test_bad_files_are_named_before_training(tmp_path: Path) -> None:
    root = make_image_folder(tmp_path / "d", ["cats", "dogs"], 3)
    (root / "dogs" / "readme.txt").write_text("not an image: skipped, as its suffix says")
    bad = root / "dogs" / "dogs_001.png"
    bad.write_bytes(b"\x89PNG not really")
    message = error(load_dataset, str(root), (8, 8, 3), 2)
    assert message.startswith(f"{bad}: cannot read this image (") and "replace or delete" in message
    bad.unlink()
    loop = root / "cats" / "loop.png"
    os.symlink(loop, loop)
    assert error(load_dataset, str(root), (8, 8, 3), 2).startswith(
        f"{loop}: cannot read this image"
    )
    loop.unlink()
    from PIL import Image

    Image.new("RGB", (4, 4)).save(root / "cats" / "odd.png", format="TIFF")
    assert "TIFF image, which TensorFlow cannot decode" in error(
        load_dataset, str(root), (8, 8, 3), 2
    )


def test_non_image_suffixes_are_skipped_and_an_empty_class_refused(tmp_path: Path) -> None:
    root = make_image_folder(tmp_path / "d", ["cats", "dogs"], 3)
    (root / "dogs" / "notes.txt").write_text("skipped")
    data = load_dataset(str(root), (8, 8, 3), 2)
    assert len(data.x_train) + len(data.x_test) == 6
    for path in (root / "dogs").glob("*.png"):
        path.unlink()
    assert error(load_dataset, str(root), (8, 8, 3), 2).startswith(
        f"class folder {root / 'dogs'} has no images"
    )


def test_a_folder_that_leaves_no_test_image_is_refused(tmp_path: Path) -> None:
    root = make_image_folder(tmp_path / "single", ["cats", "dogs"], 1)
    assert error(load_dataset, str(root), (8, 8, 3), 2) == (
        f"{root}: no image is left for testing: each of its 2 classes has one image, and a "
        "fifth of a class is held out only from two images up; add images, or give the folder "
        "train/ and test/ subfolders"
    )
    split = make_image_folder(tmp_path / "split" / "train", ["cats", "dogs"], 2).parent
    for name in ("cats", "dogs"):
        (split / "test" / name).mkdir(parents=True)
    assert error(load_dataset, str(split), (8, 8, 3), 2) == (
        f"{split / 'test'} has no images in its class folders; put the test images there"
    )


def test_scan_progress_on_a_large_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_image_folder(tmp_path / "d", ["a", "b"], 5, size=(8, 8))
    monkeypatch.setattr(datasets, "SCAN_PROGRESS_EVERY", 4)
    load_dataset(str(root), (8, 8, 3), 2)
    lines = capsys.readouterr().err.splitlines()
    assert f"scanning {root}: 4 of 10 files" in lines and lines[-1].endswith("10 of 10 files")


def test_predict_reads_an_image_exactly_as_training(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "x.jpg"
    pixels = np.random.default_rng(0).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    for shape in ((16, 16, 3), (20, 12, 1), (37, 53, 3)):
        (streamed,) = elements(np.array([str(path)]), shape)
        np.testing.assert_array_equal(read_image(path, shape), streamed)


def truncated_folder(tmp_path: Path) -> tuple[Path, Path]:
    root = make_image_folder(tmp_path / "pets", ["cats", "dogs"], 6, size=(40, 32))
    bad = root / "dogs" / "dogs_002.png"
    bad.write_bytes(bad.read_bytes()[:-40])  # the header is whole: only decoding fails
    return root, bad


def test_a_finished_run_is_never_scored_or_named_wrongly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """evaluate matches classes by name; data or weights gone are said as they are."""
    import shutil

    root = make_image_folder(tmp_path / "pets", ["cats", "dogs"], 4)
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_SPEC)
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, "run", str(spec), "--data", str(root), "--out", str(run))
    assert code == 0, err
    other = make_image_folder(tmp_path / "other", ["dogs", "zebras"], 2)
    code, _, err = run_cli(capsys, "evaluate", str(run), "--data", str(other))
    assert (code, err) == (
        1,
        f"netspec: {other}: class 0 is 'dogs' here but 'cats' in {run}; a model scores classes "
        "by number, so this data would be counted against the wrong classes: evaluate on data "
        "whose classes are the run's, in its order\n",
    )
    odd = root / "cats" / "two\nlines.png"
    shutil.copy(root / "cats" / "cats_000.png", odd)
    code, out, _ = run_cli(capsys, "predict", str(run), str(odd))
    assert code == 0 and out.startswith(ascii(str(odd)) + ": ") and out.count("\n") == 1
    shutil.rmtree(root)
    code, _, err = run_cli(capsys, "evaluate", str(run))
    assert (code, err) == (
        1,
        f"netspec: {run} was trained on {root}, which is no longer there; name the data with "
        "--data\n",
    )
    (run / "weights.weights.h5").unlink()
    code, _, err = run_cli(capsys, "predict", str(run), str(other / "dogs" / "dogs_000.png"))
    assert (code, err) == (
        1,
        f"netspec: {run} has no weights.weights.h5, but it has checkpoints: netspec run "
        f"--resume {run} writes it from the last one (and trains the epochs left, if any)\n",
    )


@pytest.mark.parametrize(
    ("have", "trained", "refusal"),
    [
        (["cats", "dogs"], ["cats", "dogs"], None),
        (["cats", "dogs"], ["cats", "dogs", "zebras"], None),  # fewer, in the run's order
        (["cats", "dogs"], None, None),  # the run's data had no names
        (["dogs", "zebras"], ["cats", "dogs"], "class 0 is 'dogs' here but 'cats' in run;"),
        (["cats", "dogs", "zebras"], ["cats", "dogs"], "class 2 is 'zebras' here but no such"),
        (["dog", "cat"], ["cat", "dog"], "but 'cat' in run (the same names in another order);"),
    ],
)
def test_evaluate_matches_classes_by_number_and_name(
    have: list[str], trained: list[str] | None, refusal: str | None
) -> None:
    from netspec.errors import DataError as RunDataError
    from netspec.reuse import check_same_classes

    dataset = datasets.Dataset(*[np.zeros(1)] * 4, class_names=have, source="data")
    if refusal is None:
        check_same_classes(dataset, trained, "run")
        return
    with pytest.raises(RunDataError) as caught:
        check_same_classes(dataset, trained, "run")
    assert refusal in str(caught.value)
    unnamed = datasets.Dataset(*[np.zeros(1)] * 4, class_names=have, source="d", names_known=False)
    check_same_classes(unnamed, trained, "run")  # an .npz without class_names is not checked


@pytest.mark.parametrize(
    ("info", "spec_classes", "expected"),
    [
        ({"data_class_names": ["a", "b"], "class_names": ["x", "y"]}, True, ["a", "b"]),
        ({"data_class_names": None, "class_names": ["0", "1"]}, False, None),
        ({"class_names": ["cats", "dogs"]}, False, ["cats", "dogs"]),  # an older run.json
        ({"class_names": ["0", "1"]}, False, None),
        ({"class_names": ["x", "y"]}, True, None),  # the spec's names, not the data's
    ],
)
def test_the_names_a_run_trained_on(info: dict, spec_classes: bool, expected: object) -> None:
    from netspec import parse_network
    from netspec.reuse import trained_data_names

    classes = "classes: [x, y]\n" if spec_classes else ""
    network = parse_network(SMALL_SPEC + classes)
    assert trained_data_names(network, info) == expected


def test_truncated_image_is_a_data_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, bad = truncated_folder(tmp_path)
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_SPEC)
    code, _, err = run_cli(
        capsys, "run", str(spec), "--data", str(root), "--out", str(tmp_path / "r")
    )
    assert code != 0 and "Traceback" not in err
    assert err.splitlines()[-1] == (  # TensorFlow's words, without its node and op names
        f"netspec: {bad}: TensorFlow cannot decode this image (Invalid PNG data, size 65); it "
        "is truncated or damaged: replace or delete it"
    )
    assert error(read_image, bad, (16, 16, 3)).startswith(f"{bad}: cannot read this image")


def test_emitted_script_streams_an_image_folder(tmp_path: Path) -> None:
    from netspec.backends.script import render_script
    from netspec.model import load_network

    root = make_image_folder(tmp_path / "pets", ["cats", "dogs"], 6, size=(40, 32))
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_SPEC)
    script = tmp_path / "train.py"
    script.write_text(render_script(load_network(spec), "keras"))
    command = [sys.executable, str(script), "--data", str(root), "--out", str(tmp_path / "o")]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "test accuracy" in result.stdout
    bad = root / "dogs" / "dogs_002.png"
    bad.write_bytes(bad.read_bytes()[:-40])
    result = subprocess.run(
        [*command[:-1], str(tmp_path / "o2")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode != 0  # the script has no header scan: TensorFlow's own error
    assert "InvalidArgumentError" in result.stderr
