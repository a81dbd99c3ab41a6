"""Writing the files netspec makes (scripts, copied specs, a spec saved from the page):
atomically, never half-written.

The bytes go to a temporary file in the target's folder, are flushed to disk, and the file is
renamed over the target in one step (then the folder is synced), so a full disk or a kill
leaves the old file or none, never a truncated one. A dangling symlink is not written through.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from netspec.errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` in one step, keeping an existing file's mode."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # as a plain open() would create it
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself, durable (not on every platform)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def write_new_text(target: Path, text: str, force: bool = False) -> Path:
    """Write `text` to `target` atomically; refuse to replace a file unless `force`."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {target}: the folder {folder} does not exist")
    if target.is_symlink() and not target.exists():
        raise UsageError(f"cannot write {target}: it is a symlink to a missing file")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; pass --force to overwrite it")
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
