"""Drop the lines TensorFlow prints while it starts, which TF_CPP_MIN_LOG_LEVEL cannot silence.

TensorFlow's C++ code writes them to file descriptor 2 before it reads its log settings (absl
logging is not set up yet), so no environment variable removes them. drop_startup_lines() puts
a pipe on fd 2 and a helper process on its other end that copies every line through unchanged
except exactly the known start-up lines. A process, not a thread: it is not held up by the GIL,
and it still passes on the last words of a crash (a fatal check, then abort) after the program
has died. This module is stdlib only, as `netspec emit` pastes it into its scripts.
"""

import atexit
import os
import re
import select
import signal
import sys
import time
import warnings

GLOG_PREFIX: str = r"(?:[IWEF]\d{4} [\d:.]+ +\d+ |\d{4}-\d\d-\d\d [\d:.]+: [IWEF] )(?:\S*/)?"
STARTUP_LINES: tuple[str, ...] = (
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR",
    GLOG_PREFIX + r"port\.cc:\d+\] oneDNN custom operations are on\. .*",
    (
        GLOG_PREFIX + r"cpu_feature_guard\.cc:\d+\] This TensorFlow binary is optimized to use "
        r"available CPU instructions in performance-critical operations\."
    ),
    (
        r"To enable the following instructions: [\w. ]+, in other operations, rebuild TensorFlow "
        r"with the appropriate compiler flags\."
    ),
    (
        GLOG_PREFIX + r"util\.cc:\d+\] oneDNN supports DT_\w+ only on platforms with AVX-512\. "
        r"Falling back to the default Eigen-based implementation if present\."
    ),
)
NO_GPU_LINES: tuple[str, ...] = (  # CUDA's probes, dropped only where there is no NVIDIA device
    (
        GLOG_PREFIX + r"cudart_stub\.cc:\d+\] Could not find cuda drivers on your machine, GPU "
        r"will not be used\."
    ),
    GLOG_PREFIX + r"cuda_(?:platform|driver)\.cc:\d+\] failed call to cuInit: .*",
)


def startup_pattern(nvidia: bool) -> re.Pattern[str]:
    """One regex for the known lines; on a machine with an NVIDIA device (/dev/nvidiactl), a
    failing CUDA probe is news, so its lines are not among them."""
    lines = STARTUP_LINES if nvidia else STARTUP_LINES + NO_GPU_LINES
    return re.compile("|".join(f"(?:{line})" for line in lines))


def drop_startup_lines() -> None:
    """From now until exit, pass fd 2 through a helper that drops the known start-up lines.

    Does nothing where the user wants every line (TF_CPP_MIN_LOG_LEVEL unset or 0), where
    TensorFlow is loaded already (its start-up is over) and where there is no fork (Windows).
    """
    if os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0") in ("", "0") or "tensorflow" in sys.modules:
        return
    if not hasattr(os, "fork"):
        return
    pattern = startup_pattern(os.path.exists("/dev/nvidiactl"))
    sys.stderr.flush()
    real = os.dup(2)
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12 warns of fork with threads; the helper
        warnings.simplefilter("ignore", DeprecationWarning)  # only reads and writes
        pid = os.fork()
    if pid == 0:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the program
            os.dup2(read, 0)
            os.dup2(real, 1)
            os.closerange(2, os.sysconf("SC_OPEN_MAX"))  # the pipe ends when the program does
            _relay(pattern)
        finally:
            os._exit(0)
    os.dup2(write, 2)
    os.close(read)
    os.close(write)
    atexit.register(_restore, real, pid, os.fstat(2))


def _relay(pattern: re.Pattern[str]) -> None:
    """The helper: fd 0 to fd 1, line by line, without the lines `pattern` matches. A partial
    line is written once nothing more has come for 50 ms (a prompt, a progress bar)."""
    pending = b""
    while True:
        if pending and not select.select([0], [], [], 0.05)[0]:
            _write(pending)
            pending = b""
        chunk = os.read(0, 1 << 16)
        if not chunk:
            break
        *lines, pending = (pending + chunk).split(b"\n")
        keep = [line for line in lines if not pattern.fullmatch(line.decode(errors="replace"))]
        _write(b"".join(line + b"\n" for line in keep))
    _write(pending)


def _write(data: bytes) -> None:
    """All of `data` to fd 1; if that is gone, drop it (the program must never block on fd 2)."""
    while data:
        try:
            data = data[os.write(1, data) :]
        except OSError:
            return


def _restore(real: int, pid: int, pipe: os.stat_result) -> None:
    """At exit: give fd 2 back (unless someone else has taken it since) and wait, briefly, for
    the helper to write what is left, so that nothing comes after the shell's prompt."""
    try:
        sys.stderr.flush()
        now = os.fstat(2)
        if (now.st_dev, now.st_ino) == (pipe.st_dev, pipe.st_ino):
            os.dup2(real, 2)
        deadline = time.monotonic() + 5
        while os.waitpid(pid, os.WNOHANG)[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
    except (OSError, ValueError):
        pass
