"""Writing the files netspec makes (scripts, copied specs): atomically, never half-written.

The text goes to a temporary file in the target's folder, is flushed to disk, and is renamed
over the target in one step, so a full disk or a kill leaves the old file or none, never a
truncated one; a dangling symlink is not written through.
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
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as a plain open() would create it
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    return target
