"""`netspec run --cache DIR`: an image folder decoded once, read raw from DIR every epoch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.data_fixtures import make_image_folder
from tests.test_emit import epoch_numbers
from tests.test_image_folders import SMALL_SPEC

pytest.importorskip("tensorflow")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    root = make_image_folder(tmp_path / "pets", ["cats", "dogs"], 10, size=(40, 32))
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_SPEC.replace("epochs: 1", "epochs: 2, validation_split: 0.25"))
    return root, spec


def train(capsys: pytest.CaptureFixture[str], spec: Path, *args: str) -> tuple[str, str]:
    code, out, err = run_cli(capsys, "run", str(spec), *args)
    assert code == 0, err
    return out, err


def test_cached_run_computes_what_the_uncached_one_does(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, spec = setup
    cache = tmp_path / "cache"
    plain, _ = train(capsys, spec, "--data", str(root), "--out", str(tmp_path / "a"))
    first, _ = train(
        capsys, spec, "--data", str(root), "--cache", str(cache), "--out", str(tmp_path / "b")
    )
    assert f"caching 16 decoded images in {cache}" in first  # training images; then the test's
    assert f"caching 4 decoded images in {cache}" in first
    entries = sorted(cache.iterdir())
    assert len(entries) == 20 and {p.suffix for p in entries} == {".u8"}
    assert {p.stat().st_size for p in entries} == {16 * 16 * 3}
    again, _ = train(
        capsys, spec, "--data", str(root), "--cache", str(cache), "--out", str(tmp_path / "c")
    )
    assert "caching" not in again  # every image was there already
    assert epoch_numbers(plain) == epoch_numbers(first) == epoch_numbers(again) != []


def test_an_edited_image_gets_a_new_entry(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, spec = setup
    cache = tmp_path / "cache"
    train(capsys, spec, "--data", str(root), "--cache", str(cache), "--out", str(tmp_path / "a"))
    image = root / "cats" / "cats_000.png"
    make_image_folder(tmp_path / "other", ["cats"], 1, size=(30, 30))
    image.write_bytes((tmp_path / "other" / "cats" / "cats_000.png").read_bytes())
    out, _ = train(
        capsys, spec, "--data", str(root), "--cache", str(cache), "--out", str(tmp_path / "b")
    )
    assert "caching 1 decoded images" in out
    assert len(list(cache.iterdir())) == 21


def test_a_truncated_image_is_named_while_caching(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, spec = setup
    bad = root / "dogs" / "dogs_003.png"
    bad.write_bytes(bad.read_bytes()[:-40])
    args = ["--data", str(root), "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "a")]
    code, _, err = run_cli(capsys, "run", str(spec), *args)
    assert code == 1
    assert f"{bad}: TensorFlow cannot decode this image" in err
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_a_damaged_entry_is_written_again(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, spec = setup
    cache = tmp_path / "cache"
    args = ["--data", str(root), "--cache", str(cache)]
    first, _ = train(capsys, spec, *args, "--out", str(tmp_path / "a"))
    damaged = sorted(cache.iterdir())[0]
    damaged.write_bytes(b"0123456789")  # the right name, the wrong size
    again, _ = train(capsys, spec, *args, "--out", str(tmp_path / "b"))
    assert f"caching 1 decoded images in {cache}" in again
    assert damaged.stat().st_size == 16 * 16 * 3
    assert epoch_numbers(again) == epoch_numbers(first)


def test_a_cache_that_is_a_file_is_a_usage_error(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, spec = setup
    taken = tmp_path / "taken"
    taken.write_text("a file")
    for cache, which in ((taken, "it"), (taken / "sub", "a folder above it")):
        args = ["--data", str(root), "--cache", str(cache), "--out", str(tmp_path / "a")]
        code, _, err = run_cli(capsys, "run", str(spec), *args)
        assert (code, err.splitlines()[-1]) == (
            2,
            f"netspec: --cache {cache}: {which} is a file; give --cache a folder (made if missing)",
        )
    assert taken.read_text() == "a file"


def test_cache_on_data_held_in_memory_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.data_fixtures import make_npz

    data = make_npz(tmp_path / "d.npz", classes=2)
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_SPEC)  # its 8x8 gray images are converted per batch
    args = ["--data", str(data), "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "a")]
    out, _ = train(capsys, spec, *args)
    assert f"note: --cache is for image folders; {data} is held in memory as it is" in out
    assert not (tmp_path / "cache").exists()


def test_an_image_gone_since_the_scan_is_named(tmp_path: Path) -> None:
    import numpy as np

    from netspec import image_cache
    from netspec.errors import DataError

    gone = tmp_path / "cats" / "gone.png"
    with pytest.raises(DataError) as caught:
        image_cache.entry_names(np.array([str(gone)]), (8, 8, 3), tmp_path / "cache")
    assert str(caught.value) == (
        f"cannot read {gone}: No such file or directory; the folder changed after netspec "
        "listed it, so run again"
    )
