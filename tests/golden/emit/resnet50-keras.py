"""Train resnet50 (174 layers, 25,610,152 parameters) with TensorFlow alone.

Written by `netspec emit` from resnet50.yaml; it does not need netspec to run.

ResNet-50 (He et al. 2015) as torchvision's resnet50 builds it (v1.5: the stride-2 of a
downsampling bottleneck is on its 3x3 convolution, not the first 1x1). A 7x7/2 stem and 3x3/2
max pooling (224 -> 56), then four stages of 3, 4, 6 and 3 bottlenecks (1x1 reduce, 3x3, 1x1
expand to 4x the width, batch normalization after each convolution, identity shortcut), global
average pooling and fc 1000. The first bottleneck of each stage projects its shortcut with a 1x1
conv. Layer names follow torchvision's, counted from 0: layer3_2.conv1 is torchvision's
layer3.2.conv1. Source: torchvision.models.resnet50; 25,557,032 parameters (batch normalization
counted as its 2C trainable values) and 4.09 GMACs.

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

NAME = "resnet50"
INPUT_SHAPE = (224, 224, 3)  # height, width, channels
NUM_CLASSES = 1000
LAST_LAYER = "fc"
VALIDATION_SPLIT = 0.1  # of the training images, held out at random


# --- the network: Keras layers, one statement each ---------------------------------------------


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: init and l2.

    A new dictionary for each layer, as one unseeded initializer shared by two layers would
    give both the same starting values.
    """
    return {"kernel_regularizer": keras.regularizers.L2(5e-05)}


def build_model() -> keras.Model:
    """The network as a Keras functional model, one statement per layer.

    The layers keep the spec's names, so their shapes and parameter counts can be compared with
    `netspec check` one by one; each comment shows that check's rule and numbers.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    x = inputs
    # conv1: (224-7+2*3)/2+1 = 112.5 -> 112 -> 112x112x64, 9,408 params
    x = keras.layers.ZeroPadding2D(3, name="conv1_pad")(x)
    x = keras.layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1", **weight_settings())(x)
    # bn1: 4*64 -> 112x112x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn1")(x)
    # relu: 112x112x64
    x = keras.layers.Activation("relu", name="relu")(x)
    # maxpool: (112-3+2*1)/2+1 = 56.5 -> 56 -> 56x56x64
    x = keras.layers.ZeroPadding2D(1, name="maxpool_pad")(x)
    maxpool = keras.layers.MaxPooling2D(3, strides=2, name="maxpool")(x)

    # layer1_0: block bottleneck filters=64 stride=1 project=true
    # layer1_0.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x64, 4,096 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="layer1_0.conv1", **weight_settings())(
        maxpool
    )
    # layer1_0.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_0.bn1")(x)
    # layer1_0.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_0.relu1")(x)
    # layer1_0.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_0.conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_0.conv2", **weight_settings())(x)
    # layer1_0.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_0.bn2")(x)
    # layer1_0.relu2: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_0.relu2")(x)
    # layer1_0.conv3: (56-1+2*0)/1+1 = 56 -> 56x56x256, 16,384 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer1_0.conv3", **weight_settings())(x)
    # layer1_0.bn3: 4*256 -> 56x56x256, 1,024 params (512 trainable)
    layer1_0_bn3 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer1_0.bn3"
    )(x)
    # layer1_0.down: (56-1+2*0)/1+1 = 56 -> 56x56x256, 16,384 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer1_0.down", **weight_settings())(
        maxpool
    )
    # layer1_0.down_bn: 4*256 -> 56x56x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_0.down_bn")(x)
    # layer1_0.add: 56x56x256 + 56x56x256 -> 56x56x256
    x = keras.layers.Add(name="layer1_0.add")([layer1_0_bn3, x])
    # layer1_0.relu3: 56x56x256
    layer1_0_relu3 = keras.layers.Activation("relu", name="layer1_0.relu3")(x)

    # layer1_1: block bottleneck filters=64 stride=1 project=false
    # layer1_1.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x64, 16,384 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="layer1_1.conv1", **weight_settings())(
        layer1_0_relu3
    )
    # layer1_1.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_1.bn1")(x)
    # layer1_1.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_1.relu1")(x)
    # layer1_1.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_1.conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_1.conv2", **weight_settings())(x)
    # layer1_1.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_1.bn2")(x)
    # layer1_1.relu2: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_1.relu2")(x)
    # layer1_1.conv3: (56-1+2*0)/1+1 = 56 -> 56x56x256, 16,384 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer1_1.conv3", **weight_settings())(x)
    # layer1_1.bn3: 4*256 -> 56x56x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_1.bn3")(x)
    # layer1_1.add: 56x56x256 + 56x56x256 -> 56x56x256
    x = keras.layers.Add(name="layer1_1.add")([x, layer1_0_relu3])
    # layer1_1.relu3: 56x56x256
    layer1_1_relu3 = keras.layers.Activation("relu", name="layer1_1.relu3")(x)

    # layer1_2: block bottleneck filters=64 stride=1 project=false
    # layer1_2.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x64, 16,384 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="layer1_2.conv1", **weight_settings())(
        layer1_1_relu3
    )
    # layer1_2.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_2.bn1")(x)
    # layer1_2.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_2.relu1")(x)
    # layer1_2.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_2.conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_2.conv2", **weight_settings())(x)
    # layer1_2.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_2.bn2")(x)
    # layer1_2.relu2: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_2.relu2")(x)
    # layer1_2.conv3: (56-1+2*0)/1+1 = 56 -> 56x56x256, 16,384 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer1_2.conv3", **weight_settings())(x)
    # layer1_2.bn3: 4*256 -> 56x56x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_2.bn3")(x)
    # layer1_2.add: 56x56x256 + 56x56x256 -> 56x56x256
    x = keras.layers.Add(name="layer1_2.add")([x, layer1_1_relu3])
    # layer1_2.relu3: 56x56x256
    layer1_2_relu3 = keras.layers.Activation("relu", name="layer1_2.relu3")(x)

    # layer2_0: block bottleneck filters=128 stride=2 project=true
    # layer2_0.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 32,768 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="layer2_0.conv1", **weight_settings())(
        layer1_2_relu3
    )
    # layer2_0.bn1: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_0.bn1")(x)
    # layer2_0.relu1: 56x56x128
    x = keras.layers.Activation("relu", name="layer2_0.relu1")(x)
    # layer2_0.conv2: (56-3+2*1)/2+1 = 28.5 -> 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_0.conv2_pad")(x)
    x = keras.layers.Conv2D(
        128, 3, strides=2, use_bias=False, name="layer2_0.conv2", **weight_settings()
    )(x)
    # layer2_0.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_0.bn2")(x)
    # layer2_0.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_0.relu2")(x)
    # layer2_0.conv3: (28-1+2*0)/1+1 = 28 -> 28x28x512, 65,536 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer2_0.conv3", **weight_settings())(x)
    # layer2_0.bn3: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
    layer2_0_bn3 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer2_0.bn3"
    )(x)
    # layer2_0.down: (56-1+2*0)/2+1 = 28.5 -> 28 -> 28x28x512, 131,072 params
    x = keras.layers.Conv2D(
        512, 1, strides=2, use_bias=False, name="layer2_0.down", **weight_settings()
    )(layer1_2_relu3)
    # layer2_0.down_bn: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_0.down_bn")(x)
    # layer2_0.add: 28x28x512 + 28x28x512 -> 28x28x512
    x = keras.layers.Add(name="layer2_0.add")([layer2_0_bn3, x])
    # layer2_0.relu3: 28x28x512
    layer2_0_relu3 = keras.layers.Activation("relu", name="layer2_0.relu3")(x)

    # layer2_1: block bottleneck filters=128 stride=1 project=false
    # layer2_1.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 65,536 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="layer2_1.conv1", **weight_settings())(
        layer2_0_relu3
    )
    # layer2_1.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_1.bn1")(x)
    # layer2_1.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_1.relu1")(x)
    # layer2_1.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_1.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_1.conv2", **weight_settings())(x)
    # layer2_1.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_1.bn2")(x)
    # layer2_1.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_1.relu2")(x)
    # layer2_1.conv3: (28-1+2*0)/1+1 = 28 -> 28x28x512, 65,536 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer2_1.conv3", **weight_settings())(x)
    # layer2_1.bn3: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_1.bn3")(x)
    # layer2_1.add: 28x28x512 + 28x28x512 -> 28x28x512
    x = keras.layers.Add(name="layer2_1.add")([x, layer2_0_relu3])
    # layer2_1.relu3: 28x28x512
    layer2_1_relu3 = keras.layers.Activation("relu", name="layer2_1.relu3")(x)

    # layer2_2: block bottleneck filters=128 stride=1 project=false
    # layer2_2.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 65,536 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="layer2_2.conv1", **weight_settings())(
        layer2_1_relu3
    )
    # layer2_2.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_2.bn1")(x)
    # layer2_2.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_2.relu1")(x)
    # layer2_2.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_2.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_2.conv2", **weight_settings())(x)
    # layer2_2.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_2.bn2")(x)
    # layer2_2.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_2.relu2")(x)
    # layer2_2.conv3: (28-1+2*0)/1+1 = 28 -> 28x28x512, 65,536 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer2_2.conv3", **weight_settings())(x)
    # layer2_2.bn3: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_2.bn3")(x)
    # layer2_2.add: 28x28x512 + 28x28x512 -> 28x28x512
    x = keras.layers.Add(name="layer2_2.add")([x, layer2_1_relu3])
    # layer2_2.relu3: 28x28x512
    layer2_2_relu3 = keras.layers.Activation("relu", name="layer2_2.relu3")(x)

    # layer2_3: block bottleneck filters=128 stride=1 project=false
    # layer2_3.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 65,536 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="layer2_3.conv1", **weight_settings())(
        layer2_2_relu3
    )
    # layer2_3.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_3.bn1")(x)
    # layer2_3.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_3.relu1")(x)
    # layer2_3.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_3.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_3.conv2", **weight_settings())(x)
    # layer2_3.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_3.bn2")(x)
    # layer2_3.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_3.relu2")(x)
    # layer2_3.conv3: (28-1+2*0)/1+1 = 28 -> 28x28x512, 65,536 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer2_3.conv3", **weight_settings())(x)
    # layer2_3.bn3: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_3.bn3")(x)
    # layer2_3.add: 28x28x512 + 28x28x512 -> 28x28x512
    x = keras.layers.Add(name="layer2_3.add")([x, layer2_2_relu3])
    # layer2_3.relu3: 28x28x512
    layer2_3_relu3 = keras.layers.Activation("relu", name="layer2_3.relu3")(x)

    # layer3_0: block bottleneck filters=256 stride=2 project=true
    # layer3_0.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x256, 131,072 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer3_0.conv1", **weight_settings())(
        layer2_3_relu3
    )
    # layer3_0.bn1: 4*256 -> 28x28x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_0.bn1")(x)
    # layer3_0.relu1: 28x28x256
    x = keras.layers.Activation("relu", name="layer3_0.relu1")(x)
    # layer3_0.conv2: (28-3+2*1)/2+1 = 14.5 -> 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_0.conv2_pad")(x)
    x = keras.layers.Conv2D(
        256, 3, strides=2, use_bias=False, name="layer3_0.conv2", **weight_settings()
    )(x)
    # layer3_0.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_0.bn2")(x)
    # layer3_0.relu2: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_0.relu2")(x)
    # layer3_0.conv3: (14-1+2*0)/1+1 = 14 -> 14x14x1024, 262,144 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="layer3_0.conv3", **weight_settings())(x)
    # layer3_0.bn3: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    layer3_0_bn3 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer3_0.bn3"
    )(x)
    # layer3_0.down: (28-1+2*0)/2+1 = 14.5 -> 14 -> 14x14x1024, 524,288 params
    x = keras.layers.Conv2D(
        1024, 1, strides=2, use_bias=False, name="layer3_0.down", **weight_settings()
    )(layer2_3_relu3)
    # layer3_0.down_bn: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_0.down_bn")(x)
    # layer3_0.add: 14x14x1024 + 14x14x1024 -> 14x14x1024
    x = keras.layers.Add(name="layer3_0.add")([layer3_0_bn3, x])
    # layer3_0.relu3: 14x14x1024
    layer3_0_relu3 = keras.layers.Activation("relu", name="layer3_0.relu3")(x)

    # layer3_1: block bottleneck filters=256 stride=1 project=false
    # layer3_1.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x256, 262,144 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer3_1.conv1", **weight_settings())(
        layer3_0_relu3
    )
    # layer3_1.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_1.bn1")(x)
    # layer3_1.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_1.relu1")(x)
    # layer3_1.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_1.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_1.conv2", **weight_settings())(x)
    # layer3_1.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_1.bn2")(x)
    # layer3_1.relu2: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_1.relu2")(x)
    # layer3_1.conv3: (14-1+2*0)/1+1 = 14 -> 14x14x1024, 262,144 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="layer3_1.conv3", **weight_settings())(x)
    # layer3_1.bn3: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_1.bn3")(x)
    # layer3_1.add: 14x14x1024 + 14x14x1024 -> 14x14x1024
    x = keras.layers.Add(name="layer3_1.add")([x, layer3_0_relu3])
    # layer3_1.relu3: 14x14x1024
    layer3_1_relu3 = keras.layers.Activation("relu", name="layer3_1.relu3")(x)

    # layer3_2: block bottleneck filters=256 stride=1 project=false
    # layer3_2.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x256, 262,144 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer3_2.conv1", **weight_settings())(
        layer3_1_relu3
    )
    # layer3_2.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_2.bn1")(x)
    # layer3_2.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_2.relu1")(x)
    # layer3_2.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_2.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_2.conv2", **weight_settings())(x)
    # layer3_2.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_2.bn2")(x)
    # layer3_2.relu2: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_2.relu2")(x)
    # layer3_2.conv3: (14-1+2*0)/1+1 = 14 -> 14x14x1024, 262,144 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="layer3_2.conv3", **weight_settings())(x)
    # layer3_2.bn3: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_2.bn3")(x)
    # layer3_2.add: 14x14x1024 + 14x14x1024 -> 14x14x1024
    x = keras.layers.Add(name="layer3_2.add")([x, layer3_1_relu3])
    # layer3_2.relu3: 14x14x1024
    layer3_2_relu3 = keras.layers.Activation("relu", name="layer3_2.relu3")(x)

    # layer3_3: block bottleneck filters=256 stride=1 project=false
    # layer3_3.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x256, 262,144 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer3_3.conv1", **weight_settings())(
        layer3_2_relu3
    )
    # layer3_3.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_3.bn1")(x)
    # layer3_3.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_3.relu1")(x)
    # layer3_3.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_3.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_3.conv2", **weight_settings())(x)
    # layer3_3.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_3.bn2")(x)
    # layer3_3.relu2: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_3.relu2")(x)
    # layer3_3.conv3: (14-1+2*0)/1+1 = 14 -> 14x14x1024, 262,144 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="layer3_3.conv3", **weight_settings())(x)
    # layer3_3.bn3: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_3.bn3")(x)
    # layer3_3.add: 14x14x1024 + 14x14x1024 -> 14x14x1024
    x = keras.layers.Add(name="layer3_3.add")([x, layer3_2_relu3])
    # layer3_3.relu3: 14x14x1024
    layer3_3_relu3 = keras.layers.Activation("relu", name="layer3_3.relu3")(x)

    # layer3_4: block bottleneck filters=256 stride=1 project=false
    # layer3_4.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x256, 262,144 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer3_4.conv1", **weight_settings())(
        layer3_3_relu3
    )
    # layer3_4.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_4.bn1")(x)
    # layer3_4.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_4.relu1")(x)
    # layer3_4.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_4.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_4.conv2", **weight_settings())(x)
    # layer3_4.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_4.bn2")(x)
    # layer3_4.relu2: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_4.relu2")(x)
    # layer3_4.conv3: (14-1+2*0)/1+1 = 14 -> 14x14x1024, 262,144 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="layer3_4.conv3", **weight_settings())(x)
    # layer3_4.bn3: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_4.bn3")(x)
    # layer3_4.add: 14x14x1024 + 14x14x1024 -> 14x14x1024
    x = keras.layers.Add(name="layer3_4.add")([x, layer3_3_relu3])
    # layer3_4.relu3: 14x14x1024
    layer3_4_relu3 = keras.layers.Activation("relu", name="layer3_4.relu3")(x)

    # layer3_5: block bottleneck filters=256 stride=1 project=false
    # layer3_5.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x256, 262,144 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="layer3_5.conv1", **weight_settings())(
        layer3_4_relu3
    )
    # layer3_5.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_5.bn1")(x)
    # layer3_5.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_5.relu1")(x)
    # layer3_5.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_5.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_5.conv2", **weight_settings())(x)
    # layer3_5.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_5.bn2")(x)
    # layer3_5.relu2: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_5.relu2")(x)
    # layer3_5.conv3: (14-1+2*0)/1+1 = 14 -> 14x14x1024, 262,144 params
    x = keras.layers.Conv2D(1024, 1, use_bias=False, name="layer3_5.conv3", **weight_settings())(x)
    # layer3_5.bn3: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_5.bn3")(x)
    # layer3_5.add: 14x14x1024 + 14x14x1024 -> 14x14x1024
    x = keras.layers.Add(name="layer3_5.add")([x, layer3_4_relu3])
    # layer3_5.relu3: 14x14x1024
    layer3_5_relu3 = keras.layers.Activation("relu", name="layer3_5.relu3")(x)

    # layer4_0: block bottleneck filters=512 stride=2 project=true
    # layer4_0.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x512, 524,288 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer4_0.conv1", **weight_settings())(
        layer3_5_relu3
    )
    # layer4_0.bn1: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_0.bn1")(x)
    # layer4_0.relu1: 14x14x512
    x = keras.layers.Activation("relu", name="layer4_0.relu1")(x)
    # layer4_0.conv2: (14-3+2*1)/2+1 = 7.5 -> 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_0.conv2_pad")(x)
    x = keras.layers.Conv2D(
        512, 3, strides=2, use_bias=False, name="layer4_0.conv2", **weight_settings()
    )(x)
    # layer4_0.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_0.bn2")(x)
    # layer4_0.relu2: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_0.relu2")(x)
    # layer4_0.conv3: (7-1+2*0)/1+1 = 7 -> 7x7x2048, 1,048,576 params
    x = keras.layers.Conv2D(2048, 1, use_bias=False, name="layer4_0.conv3", **weight_settings())(x)
    # layer4_0.bn3: 4*2048 -> 7x7x2048, 8,192 params (4,096 trainable)
    layer4_0_bn3 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer4_0.bn3"
    )(x)
    # layer4_0.down: (14-1+2*0)/2+1 = 7.5 -> 7 -> 7x7x2048, 2,097,152 params
    x = keras.layers.Conv2D(
        2048, 1, strides=2, use_bias=False, name="layer4_0.down", **weight_settings()
    )(layer3_5_relu3)
    # layer4_0.down_bn: 4*2048 -> 7x7x2048, 8,192 params (4,096 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_0.down_bn")(x)
    # layer4_0.add: 7x7x2048 + 7x7x2048 -> 7x7x2048
    x = keras.layers.Add(name="layer4_0.add")([layer4_0_bn3, x])
    # layer4_0.relu3: 7x7x2048
    layer4_0_relu3 = keras.layers.Activation("relu", name="layer4_0.relu3")(x)

    # layer4_1: block bottleneck filters=512 stride=1 project=false
    # layer4_1.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x512, 1,048,576 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer4_1.conv1", **weight_settings())(
        layer4_0_relu3
    )
    # layer4_1.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_1.bn1")(x)
    # layer4_1.relu1: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_1.relu1")(x)
    # layer4_1.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_1.conv2_pad")(x)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_1.conv2", **weight_settings())(x)
    # layer4_1.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_1.bn2")(x)
    # layer4_1.relu2: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_1.relu2")(x)
    # layer4_1.conv3: (7-1+2*0)/1+1 = 7 -> 7x7x2048, 1,048,576 params
    x = keras.layers.Conv2D(2048, 1, use_bias=False, name="layer4_1.conv3", **weight_settings())(x)
    # layer4_1.bn3: 4*2048 -> 7x7x2048, 8,192 params (4,096 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_1.bn3")(x)
    # layer4_1.add: 7x7x2048 + 7x7x2048 -> 7x7x2048
    x = keras.layers.Add(name="layer4_1.add")([x, layer4_0_relu3])
    # layer4_1.relu3: 7x7x2048
    layer4_1_relu3 = keras.layers.Activation("relu", name="layer4_1.relu3")(x)

    # layer4_2: block bottleneck filters=512 stride=1 project=false
    # layer4_2.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x512, 1,048,576 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="layer4_2.conv1", **weight_settings())(
        layer4_1_relu3
    )
    # layer4_2.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_2.bn1")(x)
    # layer4_2.relu1: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_2.relu1")(x)
    # layer4_2.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_2.conv2_pad")(x)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_2.conv2", **weight_settings())(x)
    # layer4_2.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_2.bn2")(x)
    # layer4_2.relu2: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_2.relu2")(x)
    # layer4_2.conv3: (7-1+2*0)/1+1 = 7 -> 7x7x2048, 1,048,576 params
    x = keras.layers.Conv2D(2048, 1, use_bias=False, name="layer4_2.conv3", **weight_settings())(x)
    # layer4_2.bn3: 4*2048 -> 7x7x2048, 8,192 params (4,096 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_2.bn3")(x)
    # layer4_2.add: 7x7x2048 + 7x7x2048 -> 7x7x2048
    x = keras.layers.Add(name="layer4_2.add")([x, layer4_1_relu3])
    # layer4_2.relu3: 7x7x2048
    x = keras.layers.Activation("relu", name="layer4_2.relu3")(x)

    # avgpool: avg of 7x7 -> 2048
    x = keras.layers.GlobalAveragePooling2D(name="avgpool")(x)
    # fc: 2048x1000 -> 1000, 2,049,000 params
    x = keras.layers.Dense(1000, name="fc", **weight_settings())(x)
    return keras.Model(inputs, x, name="resnet50")


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

    Horizontal flips.
    """
    steps = [
        keras.layers.RandomFlip("horizontal", seed=seed),
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
    """SGD with momentum, with the spec's learning-rate schedule.

    The rate is multiplied by 0.1 after every 30 epochs.
    """
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=steps_per_epoch * 30, decay_rate=0.1, staircase=True
    )
    return keras.optimizers.SGD(schedule, momentum=0.9)


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
        default=90,
        help="passes over the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=256,
        help="images per step (default: %(default)s)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=0.1,
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
        default=Path("resnet50-weights"),
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
