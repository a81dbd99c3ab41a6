"""Shared test helpers: the repository root, and running the CLI in-process."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
UPDATE_GOLDEN = os.environ.get("NETSPEC_UPDATE_GOLDEN") == "1"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root so messages name files as tests/bad/x.yaml."""
    monkeypatch.chdir(ROOT)
    return ROOT


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from netspec.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def golden(path: Path, actual: str) -> None:
    """Compare with a golden file; NETSPEC_UPDATE_GOLDEN=1 rewrites it instead."""
    if UPDATE_GOLDEN or not path.exists():
        if not UPDATE_GOLDEN:
            raise AssertionError(f"golden file {path} is missing; run with NETSPEC_UPDATE_GOLDEN=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
    assert actual == path.read_text(), f"output differs from {path}"


class CpuTime:
    """CPU seconds this thread spent in a `with` block: a bound on work that other processes on
    a busy machine do not move, unlike wall-clock time. The garbage collector is paused inside:
    late in the suite the heap holds TensorFlow, and one full collection there costs more than
    the work being bounded."""

    def __enter__(self) -> CpuTime:
        gc.collect()
        self.collecting = gc.isenabled()
        gc.disable()
        self.started = time.thread_time()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.thread_time() - self.started
        if self.collecting:
            gc.enable()
