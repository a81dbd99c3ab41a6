"""Diagnostics that point at a place in a spec file and read as sentences for people."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a named file."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One error or warning: where, which layer, what happened, and an optional hint."""

    message: str
    file: str
    position: Position | None = None
    layer: str | None = None
    hint: str | None = None
    severity: str = "error"

    def render(self) -> str:
        where = str(self.position) if self.position else self.file
        parts = [f"{where}: "]
        if self.severity == "warning":
            parts.append("warning: ")
        if self.layer:
            shown = self.layer if self.layer.isprintable() else ascii(self.layer)[1:-1]
            parts.append(f"layer '{shown}': ")
        parts.append(self.message)
        text = "".join(parts)
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class NetspecError(Exception):
    """Base of the errors netspec reports to the user without a traceback."""

    exit_code = 1

    def render(self) -> str:
        return str(self)


class SpecError(NetspecError):
    """A spec could not be read or is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.render() for d in diagnostics))

    def render(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)


class DataError(NetspecError):
    """Training data is missing, corrupt, or does not fit the spec."""


class UsageError(NetspecError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return "did you mean 'x'? " for the closest choice, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


class TrainingError(NetspecError):
    """Training could not go on (a NaN loss, a run folder that cannot be resumed)."""


def describe_value(value: Any) -> str:
    """A value from a spec as a message shows it: `\"x\" (a string)`, `[1, 2]`, `a mapping`."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{json.dumps(shown)} (a string)"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        text = json.dumps(value, default=str)
        return text if len(text) <= 40 else f"a list of {len(value)} items"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"
