"""A fingerprint of a network's architecture, kept with its weights.

Weights load into any network whose variables happen to have the same shapes, so an edited
spec.yaml (relu to sigmoid, say) would load them silently and predict garbage. The fingerprint
covers what the weights mean (each layer's kind, settings, inputs and output shape, as `netspec
check` computes them) and nothing about training, which a resumed run may change.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from netspec.errors import TrainingError
from netspec.model import Network

IGNORED_FIELDS = frozenset({"where", "key_where", "group"})
"""Where a layer was written, and the block it came from, do not change its weights' meaning."""


def layer_lines(network: Network) -> list[str]:
    """One line per layer: name, kind, settings, inputs and output shape."""
    from netspec.shapes import analyze

    lines = [f"input {'x'.join(map(str, network.input))}"]
    for row in analyze(network).rows:
        settings = " ".join(
            f"{f.name}={compact(getattr(row.layer, f.name))}"
            for f in dataclasses.fields(row.layer)
            if f.name not in IGNORED_FIELDS | {"name", "inputs"}
        )
        shape = "x".join(map(str, row.output))
        lines.append(f"{row.name}: {row.kind} {settings} <- {','.join(row.inputs)} -> {shape}")
    return lines


def compact(value: Any) -> str:
    """A setting as a short stable string (nested dataclasses as tuples)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return str(dataclasses.astuple(value)).replace(" ", "")
    return str(value).replace(" ", "")


def fingerprint(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def record(network: Network) -> dict[str, Any]:
    """What run.json keeps: the fingerprint, and the lines to say what changed."""
    lines = layer_lines(network)
    return {"fingerprint": fingerprint(lines), "layers": lines}


def check_matches(network: Network, recorded: Any, where: str) -> None:
    """Refuse weights trained for another architecture than `network` (old runs: no record)."""
    if not isinstance(recorded, dict) or "fingerprint" not in recorded:
        return
    lines = layer_lines(network)
    if fingerprint(lines) == recorded["fingerprint"]:
        return
    raise TrainingError(
        f"the weights in {where} were trained for another network than its spec.yaml "
        f"describes ({first_difference(recorded.get('layers') or [], lines)}); undo the edit "
        "to spec.yaml, or train the changed network as a new run"
    )


def first_difference(old: list[str], new: list[str]) -> str:
    for before, after in zip(old, new, strict=False):
        if before != after:
            return f"trained: '{before}', now: '{after}'"
    if len(old) != len(new):
        return f"trained with {len(old) - 1} layers, now {len(new) - 1}"
    return "a layer setting changed"
