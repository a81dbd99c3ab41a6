"""The files of a run folder: durable writes, the checkpoint to resume from, and clean-up.

Every file is written to a temporary name, fsynced, and renamed into place (and the folder
fsynced), so a run killed at any moment leaves its last complete checkpoint intact. The
checkpoint is the truth: the files beside it (weights, history, curves) are brought back in
line with it when a run resumes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netspec.errors import TrainingError
from netspec.runlock import LOCK_FILE

SPEC_FILE = "spec.yaml"
RUN_FILE = "run.json"
WEIGHTS_FILE = "weights.weights.h5"
CHECKPOINTS = "checkpoints"
LATEST = "latest"
STATE_FILE = "state.json"
STARTED_FILES = frozenset({SPEC_FILE, RUN_FILE, "network.svg", "logs", CHECKPOINTS, LOCK_FILE})
"""What a run writes before its first epoch completes: such a folder may be started again."""


def kill_point(step: str, epoch: int | None = None) -> None:
    """Test-only: NETSPEC_TEST_KILL_AT=step[@epoch] makes this process SIGKILL itself here."""
    wanted = os.environ.get("NETSPEC_TEST_KILL_AT")
    if wanted and wanted in (step, f"{step}@{epoch}"):
        os.kill(os.getpid(), signal.SIGKILL)


# --- durable writes ---------------------------------------------------------------------------


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable: the folder's entry, not only the file, must reach disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_files(path: Path) -> None:
    """Flush every file in a folder to disk before the folder is renamed into place."""
    for item in path.iterdir():
        with open(item, "rb") as handle:
            os.fsync(handle.fileno())


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, fsync, rename over it, fsync the folder."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def copy_atomic(source: Path, path: Path) -> None:
    """A durable copy of `source` at `path` (the run's weights beside its checkpoint)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    shutil.copyfile(source, tmp)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


@contextlib.contextmanager
def disk_errors(run_dir: Path) -> Iterator[None]:
    """A full or read-only disk is the user's to fix: say so in one line, not as a bug."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, BlockingIOError | InterruptedError):
            raise
        raise TrainingError(disk_message(run_dir, exc)) from None


def disk_message(run_dir: Path, exc: OSError) -> str:
    where = exc.filename or run_dir
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        todo = "free some disk space"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        todo = f"make {run_dir} writable"
    else:
        todo = f"check the disk that holds {run_dir}"
    return (
        f"cannot write {where}: {reason}; {todo}, then continue with "
        f"netspec run --resume {run_dir} (the last complete epoch is kept)"
    )


# --- checkpoints ------------------------------------------------------------------------------


def complete_checkpoints(run_dir: Path) -> list[Path]:
    """Checkpoint folders renamed into place (so complete), oldest first."""
    found = (run_dir / CHECKPOINTS).glob("epoch-*")
    return sorted(p for p in found if p.is_dir() and (p / STATE_FILE).is_file())


def latest_checkpoint(run_dir: Path) -> Path | None:
    """The newest complete checkpoint: a kill between its rename and the `latest` pointer
    must not lose it (the pointer is for people and tools watching the run)."""
    complete = complete_checkpoints(run_dir)
    return complete[-1] if complete else None


def read_state(checkpoint: Path) -> dict[str, Any]:
    """A checkpoint's epoch and history; a damaged one is refused rather than guessed at."""
    try:
        state = json.loads((checkpoint / STATE_FILE).read_text())
        int(state["epoch"]), list(state["history"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TrainingError(
            f"checkpoint {checkpoint} is damaged ({STATE_FILE}: {exc}); delete "
            f"{checkpoint.parent} to train the run again from epoch 1"
        ) from None
    return dict(state)


def remove_stale_temporaries(run_dir: Path, keep: Path | None = None) -> None:
    """Half-written files of a killed run, and checkpoints other than `keep`: never read, but
    they can be as large as the model."""
    checkpoints = run_dir / CHECKPOINTS
    stale = [*run_dir.glob(".*.tmp-*"), *run_dir.glob(".tmp-*"), *checkpoints.glob(".*.tmp-*")]
    if keep is not None:
        stale += [p for p in checkpoints.glob("epoch-*") if p.name != keep.name]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# --- starting and reusing a folder ------------------------------------------------------------


def is_temporary(name: str) -> bool:
    return name.startswith(".") and ".tmp-" in name


def never_started(run_dir: Path) -> bool:
    """True when `run_dir` holds only what a run writes before its first complete epoch."""
    names = [p.name for p in run_dir.iterdir()]
    own = all(name in STARTED_FILES or is_temporary(name) for name in names)
    return own and latest_checkpoint(run_dir) is None


def clear_started(run_dir: Path) -> None:
    """Empty a folder whose run never completed an epoch, so a new run can use it."""
    for path in run_dir.iterdir():
        if path.name == LOCK_FILE:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def missing_spec_message(run_dir: Path) -> str:
    """Why `run_dir` cannot be resumed, and what to do instead."""
    if not run_dir.is_dir():
        return f"{run_dir} is not a netspec run folder: no such folder"
    if never_started(run_dir):
        return (
            f"{run_dir} holds no saved spec: the run that made it stopped before its start was "
            f"saved, so there is nothing to resume; start it again with netspec run SPEC "
            f"--data DATA --out {run_dir}"
        )
    return f"{run_dir} is not a netspec run folder: {SPEC_FILE} is missing"


def read_run_info(run_dir: Path) -> dict[str, Any]:
    """run.json (where the data came from, class names, architecture); {} when absent."""
    path = run_dir / RUN_FILE
    if not path.is_file():
        return {}
    try:
        info = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TrainingError(
            f"{path} is damaged ({exc}); restore it, or delete it and name the data "
            "again with --data"
        ) from None
    if not isinstance(info, dict):
        raise TrainingError(
            f"{path} is damaged (it holds no JSON object); restore it, or delete it and "
            "name the data again with --data"
        )
    return info
