"""netspec: declarative CNN specs, checked statically and compiled to TensorFlow.

The check path (load_network, analyze) is pure Python; build_model imports TensorFlow only
when called.
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING

from netspec.errors import DataError, NetspecError, SpecError
from netspec.model import Network, load_network, parse_network
from netspec.shapes import Report, analyze

if TYPE_CHECKING:
    import keras

__version__ = "0.1.0"


def check(path: str, batch: int = 1) -> Report:
    """Load, validate and analyze a spec file; raises SpecError listing every problem."""
    return analyze(load_network(path), batch=batch)


def build_model(spec: Network | str | PathLike[str]) -> keras.Model:
    """Build the Keras functional model of a Network or a spec file path."""
    from netspec.backends.keras_builder import build_model as build

    network = spec if isinstance(spec, Network) else load_network(spec)
    return build(network)


__all__ = [
    "DataError",
    "NetspecError",
    "Network",
    "Report",
    "SpecError",
    "analyze",
    "build_model",
    "check",
    "load_network",
    "parse_network",
]
