"""Train mobilenetv2 (151 layers, 3,538,984 parameters) with TensorFlow alone.

Written by `netspec emit` from mobilenetv2.yaml; it does not need netspec to run.

MobileNetV2 (Sandler et al. 2018, "MobileNetV2: Inverted Residuals and Linear Bottlenecks") at
width multiplier alpha 1 for 224x224 ImageNet images, as keras.applications.MobileNetV2 builds
it: a 3x3/2 convolution, 17 inverted residual blocks (1x1 expansion by 6, 3x3 depthwise, linear
1x1 projection; a shortcut add where the shape is kept), a 1x1 convolution to 1280 channels,
global average pooling and 1000 classes. Batch normalization uses epsilon 1e-3 and momentum
0.999; activations are relu6. Source: keras/src/applications/mobilenet_v2.py; 3,538,984
parameters, as Keras counts.

Usage: python THIS_FILE --data NAME|PATH [--epochs N] [--batch-size N] [--learning-rate LR]
[--seed N] [--out DIR] [--strategy NAME] [--worker-timeout SECONDS], where --data takes what
`netspec run` takes: mnist, fashion-mnist, cifar10, a folder with one subfolder of images per
class, or an .npz file with x_train, y_train, x_test and y_test. The defaults are the spec's
train: settings. --out receives the weights and metrics.json.

--strategy picks a tf.distribute strategy as `netspec run --strategy` does: auto (mirrored over
this machine's GPUs when it has several), one-device, mirrored or multi-worker. --batch-size is
the global batch, split over the replicas; scale --learning-rate with it when you add replicas.
For multi-worker, every machine runs the same command with the same --seed, and TF_CONFIG names
the cluster and the machine's task in it; on the second of two workers, for example:

    TF_CONFIG='{
      "cluster": {"worker": ["host1:12345", "host2:12345"]},
      "task": {"type": "worker", "index": 1}
    }'

The chief (worker 0, or the task of type chief) writes --out; every other worker saves its copy
of the weights in a temporary folder and says where.
"""

import argparse
import atexit
import contextlib
import gzip
import json
import math
import os
import pickle
import re
import select
import signal
import sys
import tempfile
import time
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's C++ log: warnings and errors


# --- TensorFlow's start-up lines ---------------------------------------------------------------
# A verbatim copy of netspec/quiet.py (its imports are at the top of this file), as `netspec run`
# uses it: TensorFlow prints some lines before it reads TF_CPP_MIN_LOG_LEVEL, and
# drop_startup_lines() drops exactly those. TF_CPP_MIN_LOG_LEVEL=0 shows every line.

# ... netspec/quiet.py, pasted verbatim (elided here)



if __name__ == "__main__":
    drop_startup_lines()  # before TensorFlow is imported, as it prints them while it loads

import keras
import numpy as np
import tensorflow as tf

NAME = "mobilenetv2"
INPUT_SHAPE = (224, 224, 3)  # height, width, channels
NUM_CLASSES = 1000
LAST_LAYER = "predictions"
VALIDATION_SPLIT = 0.1  # of the training images, held out at random


# --- the network: Keras layers, one statement each ---------------------------------------------


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: init and l2.

    A new dictionary for each layer, as one unseeded initializer shared by two layers would
    give both the same starting values.
    """
    return {"kernel_regularizer": keras.regularizers.L2(4e-05)}


def depthwise_settings() -> dict[str, object]:
    """weight_settings() as a depthwise layer takes them: Keras calls its kernel depthwise."""
    return {key.replace("kernel_", "depthwise_"): value for key, value in weight_settings().items()}


def build_model() -> keras.Model:
    """The network as a Keras functional model, one statement per layer.

    The layers keep the spec's names, so their shapes and parameter counts can be compared with
    `netspec check` one by one; each comment shows that check's rule and numbers.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    x = inputs
    # conv1: ceil(224/2) = 112 -> 112x112x32, 864 params
    x = keras.layers.Conv2D(
        32, 3, strides=2, padding="same", use_bias=False, name="conv1", **weight_settings()
    )(x)
    # conv1_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="conv1_bn")(x)
    # conv1_relu: 112x112x32
    x = keras.layers.Activation("relu6", name="conv1_relu")(x)

    # block0: block inverted_residual channels=32 filters=16 expand=1 stride=1
    # block0.dw: ceil(112/1) = 112 -> 112x112x32, 288 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block0.dw", **depthwise_settings()
    )(x)
    # block0.dw_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block0.dw_bn")(x)
    # block0.dw_relu: 112x112x32
    x = keras.layers.Activation("relu6", name="block0.dw_relu")(x)
    # block0.project: (112-1+2*0)/1+1 = 112 -> 112x112x16, 512 params
    x = keras.layers.Conv2D(16, 1, use_bias=False, name="block0.project", **weight_settings())(x)
    # block0.project_bn: 4*16 -> 112x112x16, 64 params (32 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block0.project_bn")(x)

    # block1: block inverted_residual channels=16 filters=24 expand=6 stride=2
    # block1.expand: (112-1+2*0)/1+1 = 112 -> 112x112x96, 1,536 params
    x = keras.layers.Conv2D(96, 1, use_bias=False, name="block1.expand", **weight_settings())(x)
    # block1.expand_bn: 4*96 -> 112x112x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block1.expand_bn")(x)
    # block1.expand_relu: 112x112x96
    x = keras.layers.Activation("relu6", name="block1.expand_relu")(x)
    # block1.dw: (112-3+0+1)/2+1 = 56 -> 56x56x96, 864 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block1.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block1.dw", **depthwise_settings()
    )(x)
    # block1.dw_bn: 4*96 -> 56x56x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block1.dw_bn")(x)
    # block1.dw_relu: 56x56x96
    x = keras.layers.Activation("relu6", name="block1.dw_relu")(x)
    # block1.project: (56-1+2*0)/1+1 = 56 -> 56x56x24, 2,304 params
    x = keras.layers.Conv2D(24, 1, use_bias=False, name="block1.project", **weight_settings())(x)
    # block1.project_bn: 4*24 -> 56x56x24, 96 params (48 trainable)
    block1_project_bn = keras.layers.BatchNormalization(momentum=0.999, name="block1.project_bn")(x)

    # block2: block inverted_residual channels=24 filters=24 expand=6 stride=1
    # block2.expand: (56-1+2*0)/1+1 = 56 -> 56x56x144, 3,456 params
    x = keras.layers.Conv2D(144, 1, use_bias=False, name="block2.expand", **weight_settings())(
        block1_project_bn
    )
    # block2.expand_bn: 4*144 -> 56x56x144, 576 params (288 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block2.expand_bn")(x)
    # block2.expand_relu: 56x56x144
    x = keras.layers.Activation("relu6", name="block2.expand_relu")(x)
    # block2.dw: ceil(56/1) = 56 -> 56x56x144, 1,296 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block2.dw", **depthwise_settings()
    )(x)
    # block2.dw_bn: 4*144 -> 56x56x144, 576 params (288 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block2.dw_bn")(x)
    # block2.dw_relu: 56x56x144
    x = keras.layers.Activation("relu6", name="block2.dw_relu")(x)
    # block2.project: (56-1+2*0)/1+1 = 56 -> 56x56x24, 3,456 params
    x = keras.layers.Conv2D(24, 1, use_bias=False, name="block2.project", **weight_settings())(x)
    # block2.project_bn: 4*24 -> 56x56x24, 96 params (48 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block2.project_bn")(x)
    # block2.add: 56x56x24 + 56x56x24 -> 56x56x24
    x = keras.layers.Add(name="block2.add")([block1_project_bn, x])

    # block3: block inverted_residual channels=24 filters=32 expand=6 stride=2
    # block3.expand: (56-1+2*0)/1+1 = 56 -> 56x56x144, 3,456 params
    x = keras.layers.Conv2D(144, 1, use_bias=False, name="block3.expand", **weight_settings())(x)
    # block3.expand_bn: 4*144 -> 56x56x144, 576 params (288 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block3.expand_bn")(x)
    # block3.expand_relu: 56x56x144
    x = keras.layers.Activation("relu6", name="block3.expand_relu")(x)
    # block3.dw: (56-3+0+1)/2+1 = 28 -> 28x28x144, 1,296 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block3.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block3.dw", **depthwise_settings()
    )(x)
    # block3.dw_bn: 4*144 -> 28x28x144, 576 params (288 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block3.dw_bn")(x)
    # block3.dw_relu: 28x28x144
    x = keras.layers.Activation("relu6", name="block3.dw_relu")(x)
    # block3.project: (28-1+2*0)/1+1 = 28 -> 28x28x32, 4,608 params
    x = keras.layers.Conv2D(32, 1, use_bias=False, name="block3.project", **weight_settings())(x)
    # block3.project_bn: 4*32 -> 28x28x32, 128 params (64 trainable)
    block3_project_bn = keras.layers.BatchNormalization(momentum=0.999, name="block3.project_bn")(x)

    # block4: block inverted_residual channels=32 filters=32 expand=6 stride=1
    # block4.expand: (28-1+2*0)/1+1 = 28 -> 28x28x192, 6,144 params
    x = keras.layers.Conv2D(192, 1, use_bias=False, name="block4.expand", **weight_settings())(
        block3_project_bn
    )
    # block4.expand_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block4.expand_bn")(x)
    # block4.expand_relu: 28x28x192
    x = keras.layers.Activation("relu6", name="block4.expand_relu")(x)
    # block4.dw: ceil(28/1) = 28 -> 28x28x192, 1,728 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block4.dw", **depthwise_settings()
    )(x)
    # block4.dw_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block4.dw_bn")(x)
    # block4.dw_relu: 28x28x192
    x = keras.layers.Activation("relu6", name="block4.dw_relu")(x)
    # block4.project: (28-1+2*0)/1+1 = 28 -> 28x28x32, 6,144 params
    x = keras.layers.Conv2D(32, 1, use_bias=False, name="block4.project", **weight_settings())(x)
    # block4.project_bn: 4*32 -> 28x28x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block4.project_bn")(x)
    # block4.add: 28x28x32 + 28x28x32 -> 28x28x32
    block4_add = keras.layers.Add(name="block4.add")([block3_project_bn, x])

    # block5: block inverted_residual channels=32 filters=32 expand=6 stride=1
    # block5.expand: (28-1+2*0)/1+1 = 28 -> 28x28x192, 6,144 params
    x = keras.layers.Conv2D(192, 1, use_bias=False, name="block5.expand", **weight_settings())(
        block4_add
    )
    # block5.expand_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block5.expand_bn")(x)
    # block5.expand_relu: 28x28x192
    x = keras.layers.Activation("relu6", name="block5.expand_relu")(x)
    # block5.dw: ceil(28/1) = 28 -> 28x28x192, 1,728 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block5.dw", **depthwise_settings()
    )(x)
    # block5.dw_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block5.dw_bn")(x)
    # block5.dw_relu: 28x28x192
    x = keras.layers.Activation("relu6", name="block5.dw_relu")(x)
    # block5.project: (28-1+2*0)/1+1 = 28 -> 28x28x32, 6,144 params
    x = keras.layers.Conv2D(32, 1, use_bias=False, name="block5.project", **weight_settings())(x)
    # block5.project_bn: 4*32 -> 28x28x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block5.project_bn")(x)
    # block5.add: 28x28x32 + 28x28x32 -> 28x28x32
    x = keras.layers.Add(name="block5.add")([block4_add, x])

    # block6: block inverted_residual channels=32 filters=64 expand=6 stride=2
    # block6.expand: (28-1+2*0)/1+1 = 28 -> 28x28x192, 6,144 params
    x = keras.layers.Conv2D(192, 1, use_bias=False, name="block6.expand", **weight_settings())(x)
    # block6.expand_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block6.expand_bn")(x)
    # block6.expand_relu: 28x28x192
    x = keras.layers.Activation("relu6", name="block6.expand_relu")(x)
    # block6.dw: (28-3+0+1)/2+1 = 14 -> 14x14x192, 1,728 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block6.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block6.dw", **depthwise_settings()
    )(x)
    # block6.dw_bn: 4*192 -> 14x14x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block6.dw_bn")(x)
    # block6.dw_relu: 14x14x192
    x = keras.layers.Activation("relu6", name="block6.dw_relu")(x)
    # block6.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 12,288 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="block6.project", **weight_settings())(x)
    # block6.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    block6_project_bn = keras.layers.BatchNormalization(momentum=0.999, name="block6.project_bn")(x)

    # block7: block inverted_residual channels=64 filters=64 expand=6 stride=1
    # block7.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
    x = keras.layers.Conv2D(384, 1, use_bias=False, name="block7.expand", **weight_settings())(
        block6_project_bn
    )
    # block7.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block7.expand_bn")(x)
    # block7.expand_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block7.expand_relu")(x)
    # block7.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block7.dw", **depthwise_settings()
    )(x)
    # block7.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block7.dw_bn")(x)
    # block7.dw_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block7.dw_relu")(x)
    # block7.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 24,576 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="block7.project", **weight_settings())(x)
    # block7.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block7.project_bn")(x)
    # block7.add: 14x14x64 + 14x14x64 -> 14x14x64
    block7_add = keras.layers.Add(name="block7.add")([block6_project_bn, x])

    # block8: block inverted_residual channels=64 filters=64 expand=6 stride=1
    # block8.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
    x = keras.layers.Conv2D(384, 1, use_bias=False, name="block8.expand", **weight_settings())(
        block7_add
    )
    # block8.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block8.expand_bn")(x)
    # block8.expand_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block8.expand_relu")(x)
    # block8.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block8.dw", **depthwise_settings()
    )(x)
    # block8.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block8.dw_bn")(x)
    # block8.dw_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block8.dw_relu")(x)
    # block8.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 24,576 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="block8.project", **weight_settings())(x)
    # block8.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block8.project_bn")(x)
    # block8.add: 14x14x64 + 14x14x64 -> 14x14x64
    block8_add = keras.layers.Add(name="block8.add")([block7_add, x])

    # block9: block inverted_residual channels=64 filters=64 expand=6 stride=1
    # block9.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
    x = keras.layers.Conv2D(384, 1, use_bias=False, name="block9.expand", **weight_settings())(
        block8_add
    )
    # block9.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block9.expand_bn")(x)
    # block9.expand_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block9.expand_relu")(x)
    # block9.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block9.dw", **depthwise_settings()
    )(x)
    # block9.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block9.dw_bn")(x)
    # block9.dw_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block9.dw_relu")(x)
    # block9.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 24,576 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="block9.project", **weight_settings())(x)
    # block9.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block9.project_bn")(x)
    # block9.add: 14x14x64 + 14x14x64 -> 14x14x64
    x = keras.layers.Add(name="block9.add")([block8_add, x])

    # block10: block inverted_residual channels=64 filters=96 expand=6 stride=1
    # block10.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
    x = keras.layers.Conv2D(384, 1, use_bias=False, name="block10.expand", **weight_settings())(x)
    # block10.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block10.expand_bn")(x)
    # block10.expand_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block10.expand_relu")(x)
    # block10.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block10.dw", **depthwise_settings()
    )(x)
    # block10.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block10.dw_bn")(x)
    # block10.dw_relu: 14x14x384
    x = keras.layers.Activation("relu6", name="block10.dw_relu")(x)
    # block10.project: (14-1+2*0)/1+1 = 14 -> 14x14x96, 36,864 params
    x = keras.layers.Conv2D(96, 1, use_bias=False, name="block10.project", **weight_settings())(x)
    # block10.project_bn: 4*96 -> 14x14x96, 384 params (192 trainable)
    block10_project_bn = keras.layers.BatchNormalization(momentum=0.999, name="block10.project_bn")(
        x
    )

    # block11: block inverted_residual channels=96 filters=96 expand=6 stride=1
    # block11.expand: (14-1+2*0)/1+1 = 14 -> 14x14x576, 55,296 params
    x = keras.layers.Conv2D(576, 1, use_bias=False, name="block11.expand", **weight_settings())(
        block10_project_bn
    )
    # block11.expand_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block11.expand_bn")(x)
    # block11.expand_relu: 14x14x576
    x = keras.layers.Activation("relu6", name="block11.expand_relu")(x)
    # block11.dw: ceil(14/1) = 14 -> 14x14x576, 5,184 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block11.dw", **depthwise_settings()
    )(x)
    # block11.dw_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block11.dw_bn")(x)
    # block11.dw_relu: 14x14x576
    x = keras.layers.Activation("relu6", name="block11.dw_relu")(x)
    # block11.project: (14-1+2*0)/1+1 = 14 -> 14x14x96, 55,296 params
    x = keras.layers.Conv2D(96, 1, use_bias=False, name="block11.project", **weight_settings())(x)
    # block11.project_bn: 4*96 -> 14x14x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block11.project_bn")(x)
    # block11.add: 14x14x96 + 14x14x96 -> 14x14x96
    block11_add = keras.layers.Add(name="block11.add")([block10_project_bn, x])

    # block12: block inverted_residual channels=96 filters=96 expand=6 stride=1
    # block12.expand: (14-1+2*0)/1+1 = 14 -> 14x14x576, 55,296 params
    x = keras.layers.Conv2D(576, 1, use_bias=False, name="block12.expand", **weight_settings())(
        block11_add
    )
    # block12.expand_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block12.expand_bn")(x)
    # block12.expand_relu: 14x14x576
    x = keras.layers.Activation("relu6", name="block12.expand_relu")(x)
    # block12.dw: ceil(14/1) = 14 -> 14x14x576, 5,184 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block12.dw", **depthwise_settings()
    )(x)
    # block12.dw_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block12.dw_bn")(x)
    # block12.dw_relu: 14x14x576
    x = keras.layers.Activation("relu6", name="block12.dw_relu")(x)
    # block12.project: (14-1+2*0)/1+1 = 14 -> 14x14x96, 55,296 params
    x = keras.layers.Conv2D(96, 1, use_bias=False, name="block12.project", **weight_settings())(x)
    # block12.project_bn: 4*96 -> 14x14x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block12.project_bn")(x)
    # block12.add: 14x14x96 + 14x14x96 -> 14x14x96
    x = keras.layers.Add(name="block12.add")([block11_add, x])

    # block13: block inverted_residual channels=96 filters=160 expand=6 stride=2
    # block13.expand: (14-1+2*0)/1+1 = 14 -> 14x14x576, 55,296 params
    x = keras.layers.Conv2D(576, 1, use_bias=False, name="block13.expand", **weight_settings())(x)
    # block13.expand_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block13.expand_bn")(x)
    # block13.expand_relu: 14x14x576
    x = keras.layers.Activation("relu6", name="block13.expand_relu")(x)
    # block13.dw: (14-3+0+1)/2+1 = 7 -> 7x7x576, 5,184 params
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="block13.dw_pad")(x)
    x = keras.layers.DepthwiseConv2D(
        3, strides=2, use_bias=False, name="block13.dw", **depthwise_settings()
    )(x)
    # block13.dw_bn: 4*576 -> 7x7x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block13.dw_bn")(x)
    # block13.dw_relu: 7x7x576
    x = keras.layers.Activation("relu6", name="block13.dw_relu")(x)
    # block13.project: (7-1+2*0)/1+1 = 7 -> 7x7x160, 92,160 params
    x = keras.layers.Conv2D(160, 1, use_bias=False, name="block13.project", **weight_settings())(x)
    # block13.project_bn: 4*160 -> 7x7x160, 640 params (320 trainable)
    block13_project_bn = keras.layers.BatchNormalization(momentum=0.999, name="block13.project_bn")(
        x
    )

    # block14: block inverted_residual channels=160 filters=160 expand=6 stride=1
    # block14.expand: (7-1+2*0)/1+1 = 7 -> 7x7x960, 153,600 params
    x = keras.layers.Conv2D(960, 1, use_bias=False, name="block14.expand", **weight_settings())(
        block13_project_bn
    )
    # block14.expand_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block14.expand_bn")(x)
    # block14.expand_relu: 7x7x960
    x = keras.layers.Activation("relu6", name="block14.expand_relu")(x)
    # block14.dw: ceil(7/1) = 7 -> 7x7x960, 8,640 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block14.dw", **depthwise_settings()
    )(x)
    # block14.dw_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block14.dw_bn")(x)
    # block14.dw_relu: 7x7x960
    x = keras.layers.Activation("relu6", name="block14.dw_relu")(x)
    # block14.project: (7-1+2*0)/1+1 = 7 -> 7x7x160, 153,600 params
    x = keras.layers.Conv2D(160, 1, use_bias=False, name="block14.project", **weight_settings())(x)
    # block14.project_bn: 4*160 -> 7x7x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block14.project_bn")(x)
    # block14.add: 7x7x160 + 7x7x160 -> 7x7x160
    block14_add = keras.layers.Add(name="block14.add")([block13_project_bn, x])

    # block15: block inverted_residual channels=160 filters=160 expand=6 stride=1
    # block15.expand: (7-1+2*0)/1+1 = 7 -> 7x7x960, 153,600 params
    x = keras.layers.Conv2D(960, 1, use_bias=False, name="block15.expand", **weight_settings())(
        block14_add
    )
    # block15.expand_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block15.expand_bn")(x)
    # block15.expand_relu: 7x7x960
    x = keras.layers.Activation("relu6", name="block15.expand_relu")(x)
    # block15.dw: ceil(7/1) = 7 -> 7x7x960, 8,640 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block15.dw", **depthwise_settings()
    )(x)
    # block15.dw_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block15.dw_bn")(x)
    # block15.dw_relu: 7x7x960
    x = keras.layers.Activation("relu6", name="block15.dw_relu")(x)
    # block15.project: (7-1+2*0)/1+1 = 7 -> 7x7x160, 153,600 params
    x = keras.layers.Conv2D(160, 1, use_bias=False, name="block15.project", **weight_settings())(x)
    # block15.project_bn: 4*160 -> 7x7x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block15.project_bn")(x)
    # block15.add: 7x7x160 + 7x7x160 -> 7x7x160
    x = keras.layers.Add(name="block15.add")([block14_add, x])

    # block16: block inverted_residual channels=160 filters=320 expand=6 stride=1
    # block16.expand: (7-1+2*0)/1+1 = 7 -> 7x7x960, 153,600 params
    x = keras.layers.Conv2D(960, 1, use_bias=False, name="block16.expand", **weight_settings())(x)
    # block16.expand_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block16.expand_bn")(x)
    # block16.expand_relu: 7x7x960
    x = keras.layers.Activation("relu6", name="block16.expand_relu")(x)
    # block16.dw: ceil(7/1) = 7 -> 7x7x960, 8,640 params
    x = keras.layers.DepthwiseConv2D(
        3, padding="same", use_bias=False, name="block16.dw", **depthwise_settings()
    )(x)
    # block16.dw_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block16.dw_bn")(x)
    # block16.dw_relu: 7x7x960
    x = keras.layers.Activation("relu6", name="block16.dw_relu")(x)
    # block16.project: (7-1+2*0)/1+1 = 7 -> 7x7x320, 307,200 params
    x = keras.layers.Conv2D(320, 1, use_bias=False, name="block16.project", **weight_settings())(x)
    # block16.project_bn: 4*320 -> 7x7x320, 1,280 params (640 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="block16.project_bn")(x)

    # conv_last: (7-1+2*0)/1+1 = 7 -> 7x7x1280, 409,600 params
    x = keras.layers.Conv2D(1280, 1, use_bias=False, name="conv_last", **weight_settings())(x)
    # conv_last_bn: 4*1280 -> 7x7x1280, 5,120 params (2,560 trainable)
    x = keras.layers.BatchNormalization(momentum=0.999, name="conv_last_bn")(x)
    # out_relu: 7x7x1280
    x = keras.layers.Activation("relu6", name="out_relu")(x)
    # avg_pool: avg of 7x7 -> 1280
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
    # predictions: 1280x1000 -> 1000, 1,281,000 params
    x = keras.layers.Dense(1000, name="predictions", **weight_settings())(x)
    return keras.Model(inputs, x, name="mobilenetv2")


# --- training data and optimizer: the same as `netspec run` ------------------------------------


def split_validation(
    x: np.ndarray, y: np.ndarray, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded random hold-out (Keras's validation_split would take the unshuffled tail)."""
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = max(1, round(len(x) * fraction))
    val, train = order[:n_val], order[n_val:]
    return x[train], y[train], x[val], y[val]


def make_augmenter(seed: int) -> keras.Sequential:
    """Random changes to training images, as the spec's augment: settings ask.

    Horizontal flips; shifts of up to 16 pixels (zero-pad, then crop at random).
    """
    steps = [
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.ZeroPadding2D(16),
        keras.layers.RandomCrop(224, 224, seed=seed),
    ]
    return keras.Sequential(steps, name="augment")


def make_pipeline(
    x: np.ndarray, y: np.ndarray, batch_size: int, *, training: bool = False, seed: int = 0
) -> tf.data.Dataset:
    """tf.data: cache the uint8 images (or read the files), shuffle, batch, then scale, fit and
    augment batches."""
    augmenter = make_augmenter(seed) if training else None

    def prepare(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        images = tf.cast(images, tf.float32) / 255.0
        images = fit_batch(images, INPUT_SHAPE)  # per batch: no converted copy is ever stored
        if augmenter is not None:
            images = augmenter(images, training=True)
        return images, labels

    ds = source_dataset(x, y, INPUT_SHAPE, training, seed)  # an image folder streams its files
    ds = ds.batch(batch_size).map(prepare, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def make_optimizer(learning_rate: float, steps_per_epoch: int) -> keras.optimizers.Optimizer:
    """RMSprop, with the spec's learning-rate schedule.

    The rate is multiplied by 0.98 after every epoch.
    """
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=steps_per_epoch, decay_rate=0.98, staircase=True
    )
    return keras.optimizers.RMSprop(schedule)


# --- tf.distribute: the strategies of `netspec run --strategy` ---------------------------------

# What a collective operation raises when another worker stops answering within --worker-timeout.
LOST_CONTACT = (
    tf.errors.DeadlineExceededError,
    tf.errors.UnavailableError,
    tf.errors.CancelledError,
    tf.errors.InternalError,
)


def make_strategy(name: str, timeout: float) -> tuple[tf.distribute.Strategy, str]:
    """The strategy --strategy names, and its name ("default": one device, no distribution).

    auto is mirrored when more than one GPU is visible. multi-worker reads the cluster and this
    process's task in it from TF_CONFIG; a collective operation that gets no answer within
    `timeout` seconds fails, so the death of one worker stops the others instead of hanging them.
    """
    gpus = tf.config.list_physical_devices("GPU")
    if name == "auto":
        name = "mirrored" if len(gpus) > 1 else "default"
    if name == "one-device":
        return tf.distribute.OneDeviceStrategy("/gpu:0" if gpus else "/cpu:0"), name
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(), name
    if name == "multi-worker":
        options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=timeout)
        return tf.distribute.MultiWorkerMirroredStrategy(communication_options=options), name
    return tf.distribute.get_strategy(), name


def is_chief(strategy_name: str) -> bool:
    """Whether this process writes --out: any run on one machine; in a cluster, the task of type
    chief, or worker 0 when TF_CONFIG names no chief."""
    if strategy_name != "multi-worker":
        return True
    config = json.loads(os.environ["TF_CONFIG"])
    task = config["task"]
    if "chief" in config["cluster"]:
        return task["type"] == "chief"
    return task["type"] == "worker" and task["index"] == 0


def distribute(
    strategy: tf.distribute.Strategy, ds: tf.data.Dataset
) -> tf.distribute.DistributedDataset:
    """Split every global batch over the replicas. Each worker reads all the data and keeps its
    share of each batch, element by element (AutoShardPolicy.DATA)."""
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return strategy.experimental_distribute_dataset(ds.with_options(options))


# --- multi-worker training: Keras 3's fit does not run under MultiWorkerMirroredStrategy ------
# (keras-team/keras#20585), so a tf.function step through strategy.run does its work there.


def fit_multi_worker(
    strategy: tf.distribute.Strategy,
    model: keras.Model,
    train_ds: tf.data.Dataset,
    val_ds: tf.data.Dataset,
    test_ds: tf.data.Dataset,
    epochs: int,
) -> tuple[int, float, float]:
    """Train as model.fit would, then test; returns the epochs run, test loss and test accuracy.

    Every worker runs every step, testing included: each step sums its numbers over the replicas
    of all the workers, so all of them see the same losses and stop at the same epoch.
    """
    per_image_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")

    def replica_step(images: tf.Tensor, labels: tf.Tensor, training: bool) -> list[tf.Tensor]:
        """One replica's share of a batch: its summed loss, correct answers and image count."""
        with tf.GradientTape() as tape:
            outputs = model(images, training=training)
            losses = per_image_loss(labels, outputs)
            loss = tf.nn.compute_average_loss(losses)  # divided by the global batch size
            loss += tf.nn.scale_regularization_loss(tf.add_n(model.losses))  # l2, shared out
        if training:  # apply_gradients sums the gradients of all replicas first
            gradients = tape.gradient(loss, model.trainable_variables)
            model.optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        correct = tf.equal(tf.argmax(outputs, axis=1, output_type=tf.int32), labels)
        count = tf.cast(tf.shape(images)[0], tf.float32)
        return [tf.reduce_sum(losses), tf.reduce_sum(tf.cast(correct, tf.float32)), count]

    @tf.function
    def step(images: tf.Tensor, labels: tf.Tensor, training: bool) -> list[tf.Tensor]:
        """A batch on every replica at once; each number summed over all of them."""
        sums = strategy.run(replica_step, args=(images, labels, training))
        return [strategy.reduce(tf.distribute.ReduceOp.SUM, s, axis=None) for s in sums]

    def run_epoch(ds: tf.distribute.DistributedDataset, training: bool) -> tuple[float, float]:
        """Mean loss and accuracy over one pass."""
        total_loss = correct = seen = 0.0
        for images, labels in ds:
            batch_loss, batch_correct, count = step(images, labels, training)
            total_loss += float(batch_loss)
            correct += float(batch_correct)
            seen += float(count)
        return total_loss / seen, correct / seen

    train_ds = distribute(strategy, train_ds)
    val_ds = distribute(strategy, val_ds)
    test_ds = distribute(strategy, test_ds)
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        loss, accuracy = run_epoch(train_ds, training=True)
        val_loss, val_accuracy = run_epoch(val_ds, training=False)
        print(
            f"epoch {epoch}/{epochs} - {time.perf_counter() - started:.0f}s - loss: {loss:.4f} - "
            f"accuracy: {accuracy:.4f} - val_loss: {val_loss:.4f} - "
            f"val_accuracy: {val_accuracy:.4f}"
        )
    test_loss, test_accuracy = run_epoch(test_ds, training=False)
    return epoch, test_loss, test_accuracy


def parse_args() -> argparse.Namespace:
    """The command line; each default is the spec's train: setting."""
    parser = argparse.ArgumentParser(description=f"Train the network {NAME} (see this file's top).")
    parser.add_argument(
        "--data",
        required=True,
        metavar="NAME|PATH",
        help="mnist, fashion-mnist, cifar10, an image folder or an .npz file",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where named data sets are (also NETSPEC_DATA_DIR)"
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=150,
        help="passes over the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=96,
        help="images per step (default: %(default)s)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=0.045,
        help="initial learning rate (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="seed for the weights, shuffling and validation split (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        default=Path("mobilenetv2-weights"),
        help="folder for the trained weights and metrics.json (default: %(default)s)",
    )
    parser.add_argument(
        "--strategy",
        choices=["auto", "one-device", "mirrored", "multi-worker"],
        default="auto",
        help="tf.distribute strategy: auto is mirrored when more than one GPU is visible, else "
        "none; multi-worker trains on the machines TF_CONFIG names (default: %(default)s)",
    )
    parser.add_argument(
        "--worker-timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="multi-worker: how long to wait for a silent worker (default: %(default)s)",
    )
    args = parser.parse_args()
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    if args.strategy == "multi-worker" and not os.environ.get("TF_CONFIG"):
        parser.error(
            "--strategy multi-worker needs TF_CONFIG: the cluster's addresses and this worker's "
            "task in it, as this file's docstring shows; every worker runs the same command"
        )
    return args


def main() -> None:
    args = parse_args()
    # The strategy comes first: MultiWorkerMirroredStrategy must exist before TensorFlow does
    # anything else.
    strategy, strategy_name = make_strategy(args.strategy, args.worker_timeout)
    data = load_dataset(
        args.data, INPUT_SHAPE, NUM_CLASSES, data_dir=args.data_dir, last_layer=LAST_LAYER
    )
    for line in [*summary_lines(data), *(f"note: {note}" for note in data.notes)]:
        print(line)
    check_memory(data, INPUT_SHAPE, args.batch_size, VALIDATION_SPLIT)  # refused, not killed
    x_train, y_train, x_val, y_val = split_validation(
        data.x_train, data.y_train, VALIDATION_SPLIT, args.seed
    )

    keras.utils.set_random_seed(args.seed)  # Python, NumPy and TensorFlow: weights and dropout
    with strategy.scope():  # the variables made here are kept alike on every replica
        model = build_model()
        steps_per_epoch = max(1, math.ceil(len(x_train) / args.batch_size))
        optimizer = make_optimizer(args.learning_rate, steps_per_epoch)
        model.compile(
            optimizer=optimizer,
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
            steps_per_execution=16,  # 16 steps per call into TensorFlow: less Python overhead
        )
    train_ds = make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    val_ds = make_pipeline(x_val, y_val, args.batch_size)
    test_ds = make_pipeline(data.x_test, data.y_test, args.batch_size)

    print(
        f"training {NAME} ({model.count_params():,} parameters) on {len(x_train):,} images"
        f" ({len(x_val):,} held out for validation), batch {args.batch_size}, "
        f"{args.epochs} epoch{'s' if args.epochs != 1 else ''}, {type(optimizer).__name__} "
        f"learning rate {args.learning_rate:g}, seed {args.seed}"
    )
    print(f"classes (from the data): {', '.join(data.class_names)}")
    replicas = strategy.num_replicas_in_sync
    print(
        f"strategy {strategy_name}: {replicas} replica{'s' if replicas != 1 else ''} in sync; "
        f"global batch {args.batch_size} = {args.batch_size / replicas:g} per replica; "
        f"learning rate {args.learning_rate:g} as given (scale it with the global batch when "
        "you change the number of replicas)"
    )
    started = time.perf_counter()
    try:
        if strategy_name == "multi-worker":
            epochs_run, test_loss, test_accuracy = fit_multi_worker(
                strategy, model, train_ds, val_ds, test_ds, args.epochs
            )
        else:
            # shuffle=False: make_pipeline already shuffles the training images, seeded, every epoch
            history = model.fit(
                train_ds, validation_data=val_ds, epochs=args.epochs, shuffle=False, verbose=2
            )
            epochs_run = len(history.epoch)
            test_loss, test_accuracy = model.evaluate(test_ds, verbose=0)
    except tf.errors.InvalidArgumentError as error:  # a truncated image file is named
        raise decode_failure(error, data) from None
    except LOST_CONTACT as error:
        if strategy_name != "multi-worker":
            raise
        raise SystemExit(
            f"lost contact with another worker ({type(error).__name__}); this worker stops "
            "too (--worker-timeout sets how long a worker waits for a silent one)"
        ) from None
    seconds = time.perf_counter() - started
    print(f"trained and tested in {seconds:.1f} s")
    # Only the chief writes --out; any other worker saves its copy apart, so nothing collides.
    chief = is_chief(strategy_name)
    out = args.out if chief else Path(tempfile.mkdtemp(prefix=f"{NAME}-worker-"))
    out.mkdir(parents=True, exist_ok=True)
    model.save_weights(out / "weights.weights.h5")
    metrics = {
        "test_accuracy": test_accuracy,
        "test_loss": test_loss,
        "epochs": epochs_run,
        "seconds": round(seconds, 3),
        "replicas": replicas,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    if chief:
        print(f"saved the weights and metrics in {out}")
    else:
        print(f"this worker is not the chief: its copy of the weights is in {out}")
    print(f"test accuracy {test_accuracy:.4f}")


# --- data loading ------------------------------------------------------------------------------
# A verbatim copy of netspec/datasets.py (its imports are at the top of this file), so that --data
# reads named data sets, image folders and .npz files exactly as `netspec run` reads them.

# ... netspec/datasets.py, pasted verbatim (elided here)


if __name__ == "__main__":
    main()
