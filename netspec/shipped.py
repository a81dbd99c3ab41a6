"""The specs netspec ships (specs/ in a checkout, the netspec.specs data package when installed),
found by name from any folder: `netspec check vgg16`."""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import netspec
from netspec.errors import UsageError, did_you_mean


def specs_root() -> Path | Traversable:
    """specs/ beside the package in a checkout, else the netspec.specs data package (kept a
    Traversable: installed, it is a namespace package, whose str() is no path)."""
    checkout = Path(netspec.__file__).resolve().parent.parent / "specs"
    if checkout.is_dir() and any(checkout.glob("*.yaml")):
        return checkout
    return importlib.resources.files("netspec.specs")


def shipped_names() -> list[str]:
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in specs_root().iterdir()
        if entry.name.endswith(".yaml")
    )


def shipped_path(name: str) -> Path | None:
    """The file of a shipped spec (a real file: wheels install data packages unzipped)."""
    entry = specs_root() / f"{name}.yaml"
    return Path(str(entry)) if entry.is_file() else None


def resolve_spec(argument: str) -> str:
    """A spec argument as a path: an existing file wins; else a shipped spec's name; else the
    argument unchanged, so the loader says it cannot read it."""
    if Path(argument).exists() or "/" in argument or argument.endswith((".yaml", ".yml")):
        return argument
    candidate = shipped_path(argument)
    return str(candidate) if candidate else argument


def unknown_spec_hint(argument: str) -> str | None:
    """For a SPEC written as a name that is neither a file nor a shipped spec: the names that
    would do (a path that does not exist is said plainly, as before)."""
    if Path(argument).exists() or "/" in argument or argument.endswith((".yaml", ".yml")):
        return None
    stem = Path(argument).stem
    close = did_you_mean(stem, shipped_names())
    return f"{close}shipped specs, by name: {', '.join(shipped_names())} (netspec specs lists them)"


@dataclass(frozen=True)
class ShippedSpec:
    name: str
    path: Path
    summary: str


def shipped_specs() -> list[ShippedSpec]:
    """Every shipped spec with the first sentence of its description (read with the loader)."""
    from netspec.loader import load_file

    found = []
    for name in shipped_names():
        path = shipped_path(name)
        assert path is not None
        data = load_file(path).data
        description = str(data.get("description", "")) if isinstance(data, dict) else ""
        found.append(ShippedSpec(name, path, first_sentence(description, width=60)))
    return found


def first_sentence(text: str, width: int = 80) -> str:
    """The description's first sentence ('et al.' does not end one), cut at a word."""
    sentence = re.split(r"(?<!\bal)\.(?:\s|$)", " ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= width else sentence[: width - 3].rsplit(" ", 1)[0] + "..."


def shipped_text(name: str) -> str:
    """The text of a shipped spec, to copy out and start from."""
    path = shipped_path(name)
    if path is None:
        close = did_you_mean(name, shipped_names())
        raise UsageError(
            f"no shipped spec named '{name}' ({close}shipped: {', '.join(shipped_names())})"
        )
    return path.read_text(encoding="utf-8")
