"""Files netspec writes (emitted scripts, copied specs) are whole or absent, never truncated."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from netspec import write
from tests.conftest import run_cli


def test_a_full_disk_leaves_the_old_script_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "train.py"
    target.write_text("# the script from before\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write.os, "fsync", full)
    code, _, err = run_cli(capsys, "emit", "lenet5", "-o", str(target), "--force")
    assert code == 2
    assert err == f"netspec: cannot write {target}: No space left on device\n"
    assert target.read_text() == "# the script from before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.py"]
    monkeypatch.undo()
    code, _, err = run_cli(capsys, "emit", "lenet5", "-o", str(target), "--force")
    assert code == 0, err  # the next emit is not refused by anything left behind
    assert target.read_text().startswith('"""')


def test_no_write_through_a_dangling_symlink_or_into_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "train.py"
    link.symlink_to(tmp_path / "elsewhere" / "target.py")
    code, _, err = run_cli(capsys, "emit", "lenet5", "-o", str(link), "--force")
    assert (code, err) == (2, f"netspec: cannot write {link}: it is a symlink to a missing file\n")
    missing = tmp_path / "no" / "train.py"
    code, _, err = run_cli(capsys, "emit", "lenet5", "-o", str(missing))
    assert (code, err) == (
        2,
        f"netspec: cannot write {missing}: the folder {missing.parent} does not exist\n",
    )


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "spec.yaml"
    target.write_text("old")
    target.chmod(0o640)
    write.write_atomic(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
