"""One process at a time in a run folder: an flock'ed lock file that names its owner.

Two processes training into one folder overwrite each other's checkpoints and leave a spec
that disagrees with the history. The kernel releases an flock when its process dies, however
it dies, so a lock left by a killed run is simply taken over; the owner's details written in
the file are only for the message that refuses a second process.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from datetime import datetime
from pathlib import Path
from typing import IO

from netspec.errors import TrainingError

LOCK_FILE = ".netspec.lock"

_held: dict[Path, IO[str]] = {}
"""Locks this process holds, kept open (closing the file would release the lock)."""


def acquire(run_dir: Path) -> None:
    """Lock `run_dir` for this process until it exits, or refuse naming the owner."""
    key = run_dir.resolve()
    if key in _held:
        return
    handle = open(run_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held open for the process's life
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read()
        handle.close()
        raise TrainingError(in_use_message(run_dir, owner)) from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(owner_details()))
    handle.flush()
    _held[key] = handle


def release(run_dir: Path) -> None:
    """Give the lock up early (tests, and a process that goes on to other work)."""
    handle = _held.pop(run_dir.resolve(), None)
    if handle is not None:
        handle.close()


def is_locked(run_dir: Path) -> str | None:
    """The refusal message when another process holds `run_dir`, else None."""
    if run_dir.resolve() in _held or not (run_dir / LOCK_FILE).is_file():
        return None
    try:
        acquire(run_dir)
    except TrainingError as exc:
        return str(exc)
    release(run_dir)
    return None


def owner_details() -> dict[str, object]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": datetime.now().isoformat(sep=" ", timespec="seconds"),
    }


def in_use_message(run_dir: Path, owner: str) -> str:
    """'RUN is in use by netspec (pid 12, host h, since ...); wait for it or stop it'."""
    details: dict[str, object] = {}
    with contextlib.suppress(ValueError):
        loaded = json.loads(owner)
        details = loaded if isinstance(loaded, dict) else {}
    pid, host, started = (details.get(k, "?") for k in ("pid", "host", "started"))
    return (
        f"{run_dir} is in use by another netspec process (pid {pid} on {host}, started "
        f"{started}); wait for it to finish, or stop it (kill {pid} on {host}) and then "
        f"continue with netspec run --resume {run_dir}"
    )
