"""The layer kinds, one module each; adding a kind adds its module and one line here."""

from __future__ import annotations

from netspec.layers.activation import Activation
from netspec.layers.add import Add
from netspec.layers.base import Context, Inferred, Layer, LayerError, Op, Shape
from netspec.layers.batchnorm import BatchNorm
from netspec.layers.concat import Concat
from netspec.layers.conv import Conv
from netspec.layers.depthwise import Depthwise
from netspec.layers.dropout import Dropout
from netspec.layers.fc import FC
from netspec.layers.flatten import Flatten
from netspec.layers.global_pool import GlobalPool
from netspec.layers.lrn import LRN
from netspec.layers.pool import Pool
from netspec.layers.upsample import Upsample

KINDS: dict[str, type[Layer]] = {
    cls.kind: cls
    for cls in (
        Activation,
        Add,
        BatchNorm,
        Concat,
        Conv,
        Depthwise,
        Dropout,
        FC,
        Flatten,
        GlobalPool,
        LRN,
        Pool,
        Upsample,
    )
}

__all__ = ["KINDS", "Context", "Inferred", "Layer", "LayerError", "Op", "Shape"]
