"""The layer kinds, one module each; adding a kind adds its module and one line here."""

from __future__ import annotations

from netspec.layers.activation import Activation
from netspec.layers.base import Context, Inferred, Layer, LayerError, Op, Shape
from netspec.layers.batchnorm import BatchNorm
from netspec.layers.conv import Conv
from netspec.layers.dropout import Dropout
from netspec.layers.fc import FC
from netspec.layers.flatten import Flatten
from netspec.layers.lrn import LRN
from netspec.layers.pool import Pool

KINDS: dict[str, type[Layer]] = {
    cls.kind: cls for cls in (Activation, BatchNorm, Conv, Dropout, FC, Flatten, LRN, Pool)
}

__all__ = ["KINDS", "Context", "Inferred", "Layer", "LayerError", "Op", "Shape"]
