"""Spec text -> its report or its diagnostics: what editors and the page ask on every keystroke.

The same loader limits and checks as `netspec check`, but text in and data out: nothing prints,
nothing raises for a bad spec, and TensorFlow is never imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from netspec.errors import Diagnostic, SpecError
from netspec.loader import MAX_BYTES
from netspec.model import parse_network
from netspec.shapes import Report, analyze


@dataclass(frozen=True)
class Analysis:
    """A spec's report when it is valid; its errors (and warnings) either way."""

    report: Report | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.report is not None


def analyze_text(text: str, file: str = "<editor>", batch: int = 1) -> Analysis:
    """Check spec text as `netspec check` checks a file."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        message = f"the spec is larger than {MAX_BYTES // 1024} KiB; a spec is a few KiB"
        return Analysis(None, (Diagnostic(message, file),))
    try:
        report = analyze(parse_network(text, file), batch=batch)
    except SpecError as exc:
        return Analysis(None, tuple(exc.diagnostics))
    return Analysis(report, report.warnings)
