"""Train googlenet (196 layers, 6,639,464 parameters) with TensorFlow alone.

Written by `netspec emit` from googlenet.yaml; it does not need netspec to run.

GoogLeNet (Szegedy et al. 2014, Inception v1) as torchvision's googlenet builds it, without the
two auxiliary classifiers (used only in training): every convolution is conv (no bias) + batch
normalization (epsilon 0.001) + relu, max pooling rounds up (ceil_mode), nine inception modules
in stages 3, 4 and 5, global average pooling, dropout 0.2 and fc 1000. Each inception module
concatenates a 1x1 branch, a 1x1 -> 3x3 branch, a second 1x1 -> 3x3 branch (the paper's 5x5;
torchvision uses 3x3 there) and a 3x3/1 max pooling -> 1x1 branch. Names follow torchvision's
(inception4a.branch2_1.conv is inception4a.branch2.1.conv). Source: torchvision.models.googlenet
(aux_logits=False); 6,624,904 parameters (batch normalization counted as its 2C trainable
values) and 1.50 GMACs.

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

NAME = "googlenet"
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
    return {"kernel_regularizer": keras.regularizers.L2(0.0001)}


def build_model() -> keras.Model:
    """The network as a Keras functional model, one statement per layer.

    The layers keep the spec's names, so their shapes and parameter counts can be compared with
    `netspec check` one by one; each comment shows that check's rule and numbers.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    x = inputs
    # conv1: block basic_conv filters=64 size=7 stride=2 padding=3
    # conv1.conv: (224-7+2*3)/2+1 = 112.5 -> 112 -> 112x112x64, 9,408 params
    x = keras.layers.ZeroPadding2D(3, name="conv1.conv_pad")(x)
    x = keras.layers.Conv2D(
        64, 7, strides=2, use_bias=False, name="conv1.conv", **weight_settings()
    )(x)
    # conv1.bn: 4*64 -> 112x112x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="conv1.bn")(x)
    # conv1.relu: 112x112x64
    x = keras.layers.Activation("relu", name="conv1.relu")(x)

    # maxpool1: (112-3+2*0)/2+1 = 55.5 -> 56 -> 56x56x64
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="maxpool1_pad")(x)
    x = keras.layers.MaxPooling2D(3, strides=2, name="maxpool1")(x)

    # conv2: block basic_conv filters=64 size=1 stride=1 padding=0
    # conv2.conv: (56-1+2*0)/1+1 = 56 -> 56x56x64, 4,096 params
    x = keras.layers.Conv2D(64, 1, use_bias=False, name="conv2.conv", **weight_settings())(x)
    # conv2.bn: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="conv2.bn")(x)
    # conv2.relu: 56x56x64
    x = keras.layers.Activation("relu", name="conv2.relu")(x)

    # conv3: block basic_conv filters=192 size=3 stride=1 padding=1
    # conv3.conv: (56-3+2*1)/1+1 = 56 -> 56x56x192, 110,592 params
    x = keras.layers.ZeroPadding2D(1, name="conv3.conv_pad")(x)
    x = keras.layers.Conv2D(192, 3, use_bias=False, name="conv3.conv", **weight_settings())(x)
    # conv3.bn: 4*192 -> 56x56x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="conv3.bn")(x)
    # conv3.relu: 56x56x192
    x = keras.layers.Activation("relu", name="conv3.relu")(x)

    # maxpool2: (56-3+2*0)/2+1 = 27.5 -> 28 -> 28x28x192
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="maxpool2_pad")(x)
    maxpool2 = keras.layers.MaxPooling2D(3, strides=2, name="maxpool2")(x)

    # inception3a: block inception ch1x1=64 ch3x3red=96 ch3x3=128 ch5x5red=16 ch5x5=32 pool_proj=32
    # inception3a.branch1: block basic_conv filters=64 size=1 stride=1 padding=0
    # inception3a.branch1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x64, 12,288 params
    x = keras.layers.Conv2D(
        64, 1, use_bias=False, name="inception3a.branch1.conv", **weight_settings()
    )(maxpool2)
    # inception3a.branch1.bn: 4*64 -> 28x28x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3a.branch1.bn")(x)
    # inception3a.branch1.relu: 28x28x64
    inception3a_branch1_relu = keras.layers.Activation("relu", name="inception3a.branch1.relu")(x)

    # inception3a.branch2_0: block basic_conv filters=96 size=1 stride=1 padding=0
    # inception3a.branch2_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x96, 18,432 params
    x = keras.layers.Conv2D(
        96, 1, use_bias=False, name="inception3a.branch2_0.conv", **weight_settings()
    )(maxpool2)
    # inception3a.branch2_0.bn: 4*96 -> 28x28x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3a.branch2_0.bn")(x)
    # inception3a.branch2_0.relu: 28x28x96
    x = keras.layers.Activation("relu", name="inception3a.branch2_0.relu")(x)

    # inception3a.branch2_1: block basic_conv filters=128 size=3 stride=1 padding=1
    # inception3a.branch2_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x128, 110,592 params
    x = keras.layers.ZeroPadding2D(1, name="inception3a.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        128, 3, use_bias=False, name="inception3a.branch2_1.conv", **weight_settings()
    )(x)
    # inception3a.branch2_1.bn: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3a.branch2_1.bn")(x)
    # inception3a.branch2_1.relu: 28x28x128
    inception3a_branch2_1_relu = keras.layers.Activation("relu", name="inception3a.branch2_1.relu")(
        x
    )

    # inception3a.branch3_0: block basic_conv filters=16 size=1 stride=1 padding=0
    # inception3a.branch3_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x16, 3,072 params
    x = keras.layers.Conv2D(
        16, 1, use_bias=False, name="inception3a.branch3_0.conv", **weight_settings()
    )(maxpool2)
    # inception3a.branch3_0.bn: 4*16 -> 28x28x16, 64 params (32 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3a.branch3_0.bn")(x)
    # inception3a.branch3_0.relu: 28x28x16
    x = keras.layers.Activation("relu", name="inception3a.branch3_0.relu")(x)

    # inception3a.branch3_1: block basic_conv filters=32 size=3 stride=1 padding=1
    # inception3a.branch3_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x32, 4,608 params
    x = keras.layers.ZeroPadding2D(1, name="inception3a.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        32, 3, use_bias=False, name="inception3a.branch3_1.conv", **weight_settings()
    )(x)
    # inception3a.branch3_1.bn: 4*32 -> 28x28x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3a.branch3_1.bn")(x)
    # inception3a.branch3_1.relu: 28x28x32
    inception3a_branch3_1_relu = keras.layers.Activation("relu", name="inception3a.branch3_1.relu")(
        x
    )
    # inception3a.branch4_0: (28-3+2*1)/1+1 = 28 -> 28x28x192
    x = keras.layers.ZeroPadding2D(1, name="inception3a.branch4_0_pad")(maxpool2)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception3a.branch4_0")(x)

    # inception3a.branch4_1: block basic_conv filters=32 size=1 stride=1 padding=0
    # inception3a.branch4_1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x32, 6,144 params
    x = keras.layers.Conv2D(
        32, 1, use_bias=False, name="inception3a.branch4_1.conv", **weight_settings()
    )(x)
    # inception3a.branch4_1.bn: 4*32 -> 28x28x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3a.branch4_1.bn")(x)
    # inception3a.branch4_1.relu: 28x28x32
    x = keras.layers.Activation("relu", name="inception3a.branch4_1.relu")(x)
    # inception3a.concat: 28x28x(64+128+32+32) -> 28x28x256
    inception3a_concat = keras.layers.Concatenate(name="inception3a.concat")(
        [inception3a_branch1_relu, inception3a_branch2_1_relu, inception3a_branch3_1_relu, x]
    )

    # inception3b: block inception ch1x1=128 ch3x3red=128 ch3x3=192 ch5x5red=32 ch5x5=96
    # pool_proj=64
    # inception3b.branch1: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception3b.branch1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x128, 32,768 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception3b.branch1.conv", **weight_settings()
    )(inception3a_concat)
    # inception3b.branch1.bn: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3b.branch1.bn")(x)
    # inception3b.branch1.relu: 28x28x128
    inception3b_branch1_relu = keras.layers.Activation("relu", name="inception3b.branch1.relu")(x)

    # inception3b.branch2_0: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception3b.branch2_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x128, 32,768 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception3b.branch2_0.conv", **weight_settings()
    )(inception3a_concat)
    # inception3b.branch2_0.bn: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3b.branch2_0.bn")(x)
    # inception3b.branch2_0.relu: 28x28x128
    x = keras.layers.Activation("relu", name="inception3b.branch2_0.relu")(x)

    # inception3b.branch2_1: block basic_conv filters=192 size=3 stride=1 padding=1
    # inception3b.branch2_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x192, 221,184 params
    x = keras.layers.ZeroPadding2D(1, name="inception3b.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        192, 3, use_bias=False, name="inception3b.branch2_1.conv", **weight_settings()
    )(x)
    # inception3b.branch2_1.bn: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3b.branch2_1.bn")(x)
    # inception3b.branch2_1.relu: 28x28x192
    inception3b_branch2_1_relu = keras.layers.Activation("relu", name="inception3b.branch2_1.relu")(
        x
    )

    # inception3b.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
    # inception3b.branch3_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x32, 8,192 params
    x = keras.layers.Conv2D(
        32, 1, use_bias=False, name="inception3b.branch3_0.conv", **weight_settings()
    )(inception3a_concat)
    # inception3b.branch3_0.bn: 4*32 -> 28x28x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3b.branch3_0.bn")(x)
    # inception3b.branch3_0.relu: 28x28x32
    x = keras.layers.Activation("relu", name="inception3b.branch3_0.relu")(x)

    # inception3b.branch3_1: block basic_conv filters=96 size=3 stride=1 padding=1
    # inception3b.branch3_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x96, 27,648 params
    x = keras.layers.ZeroPadding2D(1, name="inception3b.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        96, 3, use_bias=False, name="inception3b.branch3_1.conv", **weight_settings()
    )(x)
    # inception3b.branch3_1.bn: 4*96 -> 28x28x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3b.branch3_1.bn")(x)
    # inception3b.branch3_1.relu: 28x28x96
    inception3b_branch3_1_relu = keras.layers.Activation("relu", name="inception3b.branch3_1.relu")(
        x
    )
    # inception3b.branch4_0: (28-3+2*1)/1+1 = 28 -> 28x28x256
    x = keras.layers.ZeroPadding2D(1, name="inception3b.branch4_0_pad")(inception3a_concat)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception3b.branch4_0")(x)

    # inception3b.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
    # inception3b.branch4_1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x64, 16,384 params
    x = keras.layers.Conv2D(
        64, 1, use_bias=False, name="inception3b.branch4_1.conv", **weight_settings()
    )(x)
    # inception3b.branch4_1.bn: 4*64 -> 28x28x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception3b.branch4_1.bn")(x)
    # inception3b.branch4_1.relu: 28x28x64
    x = keras.layers.Activation("relu", name="inception3b.branch4_1.relu")(x)
    # inception3b.concat: 28x28x(128+192+96+64) -> 28x28x480
    x = keras.layers.Concatenate(name="inception3b.concat")(
        [inception3b_branch1_relu, inception3b_branch2_1_relu, inception3b_branch3_1_relu, x]
    )

    # maxpool3: (28-3+2*0)/2+1 = 13.5 -> 14 -> 14x14x480
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name="maxpool3_pad")(x)
    maxpool3 = keras.layers.MaxPooling2D(3, strides=2, name="maxpool3")(x)

    # inception4a: block inception ch1x1=192 ch3x3red=96 ch3x3=208 ch5x5red=16 ch5x5=48 pool_proj=64
    # inception4a.branch1: block basic_conv filters=192 size=1 stride=1 padding=0
    # inception4a.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x192, 92,160 params
    x = keras.layers.Conv2D(
        192, 1, use_bias=False, name="inception4a.branch1.conv", **weight_settings()
    )(maxpool3)
    # inception4a.branch1.bn: 4*192 -> 14x14x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4a.branch1.bn")(x)
    # inception4a.branch1.relu: 14x14x192
    inception4a_branch1_relu = keras.layers.Activation("relu", name="inception4a.branch1.relu")(x)

    # inception4a.branch2_0: block basic_conv filters=96 size=1 stride=1 padding=0
    # inception4a.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x96, 46,080 params
    x = keras.layers.Conv2D(
        96, 1, use_bias=False, name="inception4a.branch2_0.conv", **weight_settings()
    )(maxpool3)
    # inception4a.branch2_0.bn: 4*96 -> 14x14x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4a.branch2_0.bn")(x)
    # inception4a.branch2_0.relu: 14x14x96
    x = keras.layers.Activation("relu", name="inception4a.branch2_0.relu")(x)

    # inception4a.branch2_1: block basic_conv filters=208 size=3 stride=1 padding=1
    # inception4a.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x208, 179,712 params
    x = keras.layers.ZeroPadding2D(1, name="inception4a.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        208, 3, use_bias=False, name="inception4a.branch2_1.conv", **weight_settings()
    )(x)
    # inception4a.branch2_1.bn: 4*208 -> 14x14x208, 832 params (416 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4a.branch2_1.bn")(x)
    # inception4a.branch2_1.relu: 14x14x208
    inception4a_branch2_1_relu = keras.layers.Activation("relu", name="inception4a.branch2_1.relu")(
        x
    )

    # inception4a.branch3_0: block basic_conv filters=16 size=1 stride=1 padding=0
    # inception4a.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x16, 7,680 params
    x = keras.layers.Conv2D(
        16, 1, use_bias=False, name="inception4a.branch3_0.conv", **weight_settings()
    )(maxpool3)
    # inception4a.branch3_0.bn: 4*16 -> 14x14x16, 64 params (32 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4a.branch3_0.bn")(x)
    # inception4a.branch3_0.relu: 14x14x16
    x = keras.layers.Activation("relu", name="inception4a.branch3_0.relu")(x)

    # inception4a.branch3_1: block basic_conv filters=48 size=3 stride=1 padding=1
    # inception4a.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x48, 6,912 params
    x = keras.layers.ZeroPadding2D(1, name="inception4a.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        48, 3, use_bias=False, name="inception4a.branch3_1.conv", **weight_settings()
    )(x)
    # inception4a.branch3_1.bn: 4*48 -> 14x14x48, 192 params (96 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4a.branch3_1.bn")(x)
    # inception4a.branch3_1.relu: 14x14x48
    inception4a_branch3_1_relu = keras.layers.Activation("relu", name="inception4a.branch3_1.relu")(
        x
    )
    # inception4a.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x480
    x = keras.layers.ZeroPadding2D(1, name="inception4a.branch4_0_pad")(maxpool3)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception4a.branch4_0")(x)

    # inception4a.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
    # inception4a.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 30,720 params
    x = keras.layers.Conv2D(
        64, 1, use_bias=False, name="inception4a.branch4_1.conv", **weight_settings()
    )(x)
    # inception4a.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4a.branch4_1.bn")(x)
    # inception4a.branch4_1.relu: 14x14x64
    x = keras.layers.Activation("relu", name="inception4a.branch4_1.relu")(x)
    # inception4a.concat: 14x14x(192+208+48+64) -> 14x14x512
    inception4a_concat = keras.layers.Concatenate(name="inception4a.concat")(
        [inception4a_branch1_relu, inception4a_branch2_1_relu, inception4a_branch3_1_relu, x]
    )

    # inception4b: block inception ch1x1=160 ch3x3red=112 ch3x3=224 ch5x5red=24 ch5x5=64
    # pool_proj=64
    # inception4b.branch1: block basic_conv filters=160 size=1 stride=1 padding=0
    # inception4b.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x160, 81,920 params
    x = keras.layers.Conv2D(
        160, 1, use_bias=False, name="inception4b.branch1.conv", **weight_settings()
    )(inception4a_concat)
    # inception4b.branch1.bn: 4*160 -> 14x14x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4b.branch1.bn")(x)
    # inception4b.branch1.relu: 14x14x160
    inception4b_branch1_relu = keras.layers.Activation("relu", name="inception4b.branch1.relu")(x)

    # inception4b.branch2_0: block basic_conv filters=112 size=1 stride=1 padding=0
    # inception4b.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x112, 57,344 params
    x = keras.layers.Conv2D(
        112, 1, use_bias=False, name="inception4b.branch2_0.conv", **weight_settings()
    )(inception4a_concat)
    # inception4b.branch2_0.bn: 4*112 -> 14x14x112, 448 params (224 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4b.branch2_0.bn")(x)
    # inception4b.branch2_0.relu: 14x14x112
    x = keras.layers.Activation("relu", name="inception4b.branch2_0.relu")(x)

    # inception4b.branch2_1: block basic_conv filters=224 size=3 stride=1 padding=1
    # inception4b.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x224, 225,792 params
    x = keras.layers.ZeroPadding2D(1, name="inception4b.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        224, 3, use_bias=False, name="inception4b.branch2_1.conv", **weight_settings()
    )(x)
    # inception4b.branch2_1.bn: 4*224 -> 14x14x224, 896 params (448 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4b.branch2_1.bn")(x)
    # inception4b.branch2_1.relu: 14x14x224
    inception4b_branch2_1_relu = keras.layers.Activation("relu", name="inception4b.branch2_1.relu")(
        x
    )

    # inception4b.branch3_0: block basic_conv filters=24 size=1 stride=1 padding=0
    # inception4b.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x24, 12,288 params
    x = keras.layers.Conv2D(
        24, 1, use_bias=False, name="inception4b.branch3_0.conv", **weight_settings()
    )(inception4a_concat)
    # inception4b.branch3_0.bn: 4*24 -> 14x14x24, 96 params (48 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4b.branch3_0.bn")(x)
    # inception4b.branch3_0.relu: 14x14x24
    x = keras.layers.Activation("relu", name="inception4b.branch3_0.relu")(x)

    # inception4b.branch3_1: block basic_conv filters=64 size=3 stride=1 padding=1
    # inception4b.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x64, 13,824 params
    x = keras.layers.ZeroPadding2D(1, name="inception4b.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        64, 3, use_bias=False, name="inception4b.branch3_1.conv", **weight_settings()
    )(x)
    # inception4b.branch3_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4b.branch3_1.bn")(x)
    # inception4b.branch3_1.relu: 14x14x64
    inception4b_branch3_1_relu = keras.layers.Activation("relu", name="inception4b.branch3_1.relu")(
        x
    )
    # inception4b.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x512
    x = keras.layers.ZeroPadding2D(1, name="inception4b.branch4_0_pad")(inception4a_concat)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception4b.branch4_0")(x)

    # inception4b.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
    # inception4b.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 32,768 params
    x = keras.layers.Conv2D(
        64, 1, use_bias=False, name="inception4b.branch4_1.conv", **weight_settings()
    )(x)
    # inception4b.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4b.branch4_1.bn")(x)
    # inception4b.branch4_1.relu: 14x14x64
    x = keras.layers.Activation("relu", name="inception4b.branch4_1.relu")(x)
    # inception4b.concat: 14x14x(160+224+64+64) -> 14x14x512
    inception4b_concat = keras.layers.Concatenate(name="inception4b.concat")(
        [inception4b_branch1_relu, inception4b_branch2_1_relu, inception4b_branch3_1_relu, x]
    )

    # inception4c: block inception ch1x1=128 ch3x3red=128 ch3x3=256 ch5x5red=24 ch5x5=64
    # pool_proj=64
    # inception4c.branch1: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception4c.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x128, 65,536 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception4c.branch1.conv", **weight_settings()
    )(inception4b_concat)
    # inception4c.branch1.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4c.branch1.bn")(x)
    # inception4c.branch1.relu: 14x14x128
    inception4c_branch1_relu = keras.layers.Activation("relu", name="inception4c.branch1.relu")(x)

    # inception4c.branch2_0: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception4c.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x128, 65,536 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception4c.branch2_0.conv", **weight_settings()
    )(inception4b_concat)
    # inception4c.branch2_0.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4c.branch2_0.bn")(x)
    # inception4c.branch2_0.relu: 14x14x128
    x = keras.layers.Activation("relu", name="inception4c.branch2_0.relu")(x)

    # inception4c.branch2_1: block basic_conv filters=256 size=3 stride=1 padding=1
    # inception4c.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x256, 294,912 params
    x = keras.layers.ZeroPadding2D(1, name="inception4c.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        256, 3, use_bias=False, name="inception4c.branch2_1.conv", **weight_settings()
    )(x)
    # inception4c.branch2_1.bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4c.branch2_1.bn")(x)
    # inception4c.branch2_1.relu: 14x14x256
    inception4c_branch2_1_relu = keras.layers.Activation("relu", name="inception4c.branch2_1.relu")(
        x
    )

    # inception4c.branch3_0: block basic_conv filters=24 size=1 stride=1 padding=0
    # inception4c.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x24, 12,288 params
    x = keras.layers.Conv2D(
        24, 1, use_bias=False, name="inception4c.branch3_0.conv", **weight_settings()
    )(inception4b_concat)
    # inception4c.branch3_0.bn: 4*24 -> 14x14x24, 96 params (48 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4c.branch3_0.bn")(x)
    # inception4c.branch3_0.relu: 14x14x24
    x = keras.layers.Activation("relu", name="inception4c.branch3_0.relu")(x)

    # inception4c.branch3_1: block basic_conv filters=64 size=3 stride=1 padding=1
    # inception4c.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x64, 13,824 params
    x = keras.layers.ZeroPadding2D(1, name="inception4c.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        64, 3, use_bias=False, name="inception4c.branch3_1.conv", **weight_settings()
    )(x)
    # inception4c.branch3_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4c.branch3_1.bn")(x)
    # inception4c.branch3_1.relu: 14x14x64
    inception4c_branch3_1_relu = keras.layers.Activation("relu", name="inception4c.branch3_1.relu")(
        x
    )
    # inception4c.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x512
    x = keras.layers.ZeroPadding2D(1, name="inception4c.branch4_0_pad")(inception4b_concat)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception4c.branch4_0")(x)

    # inception4c.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
    # inception4c.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 32,768 params
    x = keras.layers.Conv2D(
        64, 1, use_bias=False, name="inception4c.branch4_1.conv", **weight_settings()
    )(x)
    # inception4c.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4c.branch4_1.bn")(x)
    # inception4c.branch4_1.relu: 14x14x64
    x = keras.layers.Activation("relu", name="inception4c.branch4_1.relu")(x)
    # inception4c.concat: 14x14x(128+256+64+64) -> 14x14x512
    inception4c_concat = keras.layers.Concatenate(name="inception4c.concat")(
        [inception4c_branch1_relu, inception4c_branch2_1_relu, inception4c_branch3_1_relu, x]
    )

    # inception4d: block inception ch1x1=112 ch3x3red=144 ch3x3=288 ch5x5red=32 ch5x5=64
    # pool_proj=64
    # inception4d.branch1: block basic_conv filters=112 size=1 stride=1 padding=0
    # inception4d.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x112, 57,344 params
    x = keras.layers.Conv2D(
        112, 1, use_bias=False, name="inception4d.branch1.conv", **weight_settings()
    )(inception4c_concat)
    # inception4d.branch1.bn: 4*112 -> 14x14x112, 448 params (224 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4d.branch1.bn")(x)
    # inception4d.branch1.relu: 14x14x112
    inception4d_branch1_relu = keras.layers.Activation("relu", name="inception4d.branch1.relu")(x)

    # inception4d.branch2_0: block basic_conv filters=144 size=1 stride=1 padding=0
    # inception4d.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x144, 73,728 params
    x = keras.layers.Conv2D(
        144, 1, use_bias=False, name="inception4d.branch2_0.conv", **weight_settings()
    )(inception4c_concat)
    # inception4d.branch2_0.bn: 4*144 -> 14x14x144, 576 params (288 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4d.branch2_0.bn")(x)
    # inception4d.branch2_0.relu: 14x14x144
    x = keras.layers.Activation("relu", name="inception4d.branch2_0.relu")(x)

    # inception4d.branch2_1: block basic_conv filters=288 size=3 stride=1 padding=1
    # inception4d.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x288, 373,248 params
    x = keras.layers.ZeroPadding2D(1, name="inception4d.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        288, 3, use_bias=False, name="inception4d.branch2_1.conv", **weight_settings()
    )(x)
    # inception4d.branch2_1.bn: 4*288 -> 14x14x288, 1,152 params (576 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4d.branch2_1.bn")(x)
    # inception4d.branch2_1.relu: 14x14x288
    inception4d_branch2_1_relu = keras.layers.Activation("relu", name="inception4d.branch2_1.relu")(
        x
    )

    # inception4d.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
    # inception4d.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x32, 16,384 params
    x = keras.layers.Conv2D(
        32, 1, use_bias=False, name="inception4d.branch3_0.conv", **weight_settings()
    )(inception4c_concat)
    # inception4d.branch3_0.bn: 4*32 -> 14x14x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4d.branch3_0.bn")(x)
    # inception4d.branch3_0.relu: 14x14x32
    x = keras.layers.Activation("relu", name="inception4d.branch3_0.relu")(x)

    # inception4d.branch3_1: block basic_conv filters=64 size=3 stride=1 padding=1
    # inception4d.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x64, 18,432 params
    x = keras.layers.ZeroPadding2D(1, name="inception4d.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        64, 3, use_bias=False, name="inception4d.branch3_1.conv", **weight_settings()
    )(x)
    # inception4d.branch3_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4d.branch3_1.bn")(x)
    # inception4d.branch3_1.relu: 14x14x64
    inception4d_branch3_1_relu = keras.layers.Activation("relu", name="inception4d.branch3_1.relu")(
        x
    )
    # inception4d.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x512
    x = keras.layers.ZeroPadding2D(1, name="inception4d.branch4_0_pad")(inception4c_concat)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception4d.branch4_0")(x)

    # inception4d.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
    # inception4d.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 32,768 params
    x = keras.layers.Conv2D(
        64, 1, use_bias=False, name="inception4d.branch4_1.conv", **weight_settings()
    )(x)
    # inception4d.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4d.branch4_1.bn")(x)
    # inception4d.branch4_1.relu: 14x14x64
    x = keras.layers.Activation("relu", name="inception4d.branch4_1.relu")(x)
    # inception4d.concat: 14x14x(112+288+64+64) -> 14x14x528
    inception4d_concat = keras.layers.Concatenate(name="inception4d.concat")(
        [inception4d_branch1_relu, inception4d_branch2_1_relu, inception4d_branch3_1_relu, x]
    )

    # inception4e: block inception ch1x1=256 ch3x3red=160 ch3x3=320 ch5x5red=32 ch5x5=128
    # pool_proj=128
    # inception4e.branch1: block basic_conv filters=256 size=1 stride=1 padding=0
    # inception4e.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x256, 135,168 params
    x = keras.layers.Conv2D(
        256, 1, use_bias=False, name="inception4e.branch1.conv", **weight_settings()
    )(inception4d_concat)
    # inception4e.branch1.bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4e.branch1.bn")(x)
    # inception4e.branch1.relu: 14x14x256
    inception4e_branch1_relu = keras.layers.Activation("relu", name="inception4e.branch1.relu")(x)

    # inception4e.branch2_0: block basic_conv filters=160 size=1 stride=1 padding=0
    # inception4e.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x160, 84,480 params
    x = keras.layers.Conv2D(
        160, 1, use_bias=False, name="inception4e.branch2_0.conv", **weight_settings()
    )(inception4d_concat)
    # inception4e.branch2_0.bn: 4*160 -> 14x14x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4e.branch2_0.bn")(x)
    # inception4e.branch2_0.relu: 14x14x160
    x = keras.layers.Activation("relu", name="inception4e.branch2_0.relu")(x)

    # inception4e.branch2_1: block basic_conv filters=320 size=3 stride=1 padding=1
    # inception4e.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x320, 460,800 params
    x = keras.layers.ZeroPadding2D(1, name="inception4e.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        320, 3, use_bias=False, name="inception4e.branch2_1.conv", **weight_settings()
    )(x)
    # inception4e.branch2_1.bn: 4*320 -> 14x14x320, 1,280 params (640 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4e.branch2_1.bn")(x)
    # inception4e.branch2_1.relu: 14x14x320
    inception4e_branch2_1_relu = keras.layers.Activation("relu", name="inception4e.branch2_1.relu")(
        x
    )

    # inception4e.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
    # inception4e.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x32, 16,896 params
    x = keras.layers.Conv2D(
        32, 1, use_bias=False, name="inception4e.branch3_0.conv", **weight_settings()
    )(inception4d_concat)
    # inception4e.branch3_0.bn: 4*32 -> 14x14x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4e.branch3_0.bn")(x)
    # inception4e.branch3_0.relu: 14x14x32
    x = keras.layers.Activation("relu", name="inception4e.branch3_0.relu")(x)

    # inception4e.branch3_1: block basic_conv filters=128 size=3 stride=1 padding=1
    # inception4e.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x128, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="inception4e.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        128, 3, use_bias=False, name="inception4e.branch3_1.conv", **weight_settings()
    )(x)
    # inception4e.branch3_1.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4e.branch3_1.bn")(x)
    # inception4e.branch3_1.relu: 14x14x128
    inception4e_branch3_1_relu = keras.layers.Activation("relu", name="inception4e.branch3_1.relu")(
        x
    )
    # inception4e.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x528
    x = keras.layers.ZeroPadding2D(1, name="inception4e.branch4_0_pad")(inception4d_concat)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception4e.branch4_0")(x)

    # inception4e.branch4_1: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception4e.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x128, 67,584 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception4e.branch4_1.conv", **weight_settings()
    )(x)
    # inception4e.branch4_1.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception4e.branch4_1.bn")(x)
    # inception4e.branch4_1.relu: 14x14x128
    x = keras.layers.Activation("relu", name="inception4e.branch4_1.relu")(x)
    # inception4e.concat: 14x14x(256+320+128+128) -> 14x14x832
    x = keras.layers.Concatenate(name="inception4e.concat")(
        [inception4e_branch1_relu, inception4e_branch2_1_relu, inception4e_branch3_1_relu, x]
    )

    # maxpool4: (14-2+2*0)/2+1 = 7 -> 7x7x832
    maxpool4 = keras.layers.MaxPooling2D(2, name="maxpool4")(x)

    # inception5a: block inception ch1x1=256 ch3x3red=160 ch3x3=320 ch5x5red=32 ch5x5=128
    # pool_proj=128
    # inception5a.branch1: block basic_conv filters=256 size=1 stride=1 padding=0
    # inception5a.branch1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x256, 212,992 params
    x = keras.layers.Conv2D(
        256, 1, use_bias=False, name="inception5a.branch1.conv", **weight_settings()
    )(maxpool4)
    # inception5a.branch1.bn: 4*256 -> 7x7x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5a.branch1.bn")(x)
    # inception5a.branch1.relu: 7x7x256
    inception5a_branch1_relu = keras.layers.Activation("relu", name="inception5a.branch1.relu")(x)

    # inception5a.branch2_0: block basic_conv filters=160 size=1 stride=1 padding=0
    # inception5a.branch2_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x160, 133,120 params
    x = keras.layers.Conv2D(
        160, 1, use_bias=False, name="inception5a.branch2_0.conv", **weight_settings()
    )(maxpool4)
    # inception5a.branch2_0.bn: 4*160 -> 7x7x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5a.branch2_0.bn")(x)
    # inception5a.branch2_0.relu: 7x7x160
    x = keras.layers.Activation("relu", name="inception5a.branch2_0.relu")(x)

    # inception5a.branch2_1: block basic_conv filters=320 size=3 stride=1 padding=1
    # inception5a.branch2_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x320, 460,800 params
    x = keras.layers.ZeroPadding2D(1, name="inception5a.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        320, 3, use_bias=False, name="inception5a.branch2_1.conv", **weight_settings()
    )(x)
    # inception5a.branch2_1.bn: 4*320 -> 7x7x320, 1,280 params (640 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5a.branch2_1.bn")(x)
    # inception5a.branch2_1.relu: 7x7x320
    inception5a_branch2_1_relu = keras.layers.Activation("relu", name="inception5a.branch2_1.relu")(
        x
    )

    # inception5a.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
    # inception5a.branch3_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x32, 26,624 params
    x = keras.layers.Conv2D(
        32, 1, use_bias=False, name="inception5a.branch3_0.conv", **weight_settings()
    )(maxpool4)
    # inception5a.branch3_0.bn: 4*32 -> 7x7x32, 128 params (64 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5a.branch3_0.bn")(x)
    # inception5a.branch3_0.relu: 7x7x32
    x = keras.layers.Activation("relu", name="inception5a.branch3_0.relu")(x)

    # inception5a.branch3_1: block basic_conv filters=128 size=3 stride=1 padding=1
    # inception5a.branch3_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x128, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="inception5a.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        128, 3, use_bias=False, name="inception5a.branch3_1.conv", **weight_settings()
    )(x)
    # inception5a.branch3_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5a.branch3_1.bn")(x)
    # inception5a.branch3_1.relu: 7x7x128
    inception5a_branch3_1_relu = keras.layers.Activation("relu", name="inception5a.branch3_1.relu")(
        x
    )
    # inception5a.branch4_0: (7-3+2*1)/1+1 = 7 -> 7x7x832
    x = keras.layers.ZeroPadding2D(1, name="inception5a.branch4_0_pad")(maxpool4)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception5a.branch4_0")(x)

    # inception5a.branch4_1: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception5a.branch4_1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x128, 106,496 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception5a.branch4_1.conv", **weight_settings()
    )(x)
    # inception5a.branch4_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5a.branch4_1.bn")(x)
    # inception5a.branch4_1.relu: 7x7x128
    x = keras.layers.Activation("relu", name="inception5a.branch4_1.relu")(x)
    # inception5a.concat: 7x7x(256+320+128+128) -> 7x7x832
    inception5a_concat = keras.layers.Concatenate(name="inception5a.concat")(
        [inception5a_branch1_relu, inception5a_branch2_1_relu, inception5a_branch3_1_relu, x]
    )

    # inception5b: block inception ch1x1=384 ch3x3red=192 ch3x3=384 ch5x5red=48 ch5x5=128
    # pool_proj=128
    # inception5b.branch1: block basic_conv filters=384 size=1 stride=1 padding=0
    # inception5b.branch1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x384, 319,488 params
    x = keras.layers.Conv2D(
        384, 1, use_bias=False, name="inception5b.branch1.conv", **weight_settings()
    )(inception5a_concat)
    # inception5b.branch1.bn: 4*384 -> 7x7x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5b.branch1.bn")(x)
    # inception5b.branch1.relu: 7x7x384
    inception5b_branch1_relu = keras.layers.Activation("relu", name="inception5b.branch1.relu")(x)

    # inception5b.branch2_0: block basic_conv filters=192 size=1 stride=1 padding=0
    # inception5b.branch2_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x192, 159,744 params
    x = keras.layers.Conv2D(
        192, 1, use_bias=False, name="inception5b.branch2_0.conv", **weight_settings()
    )(inception5a_concat)
    # inception5b.branch2_0.bn: 4*192 -> 7x7x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5b.branch2_0.bn")(x)
    # inception5b.branch2_0.relu: 7x7x192
    x = keras.layers.Activation("relu", name="inception5b.branch2_0.relu")(x)

    # inception5b.branch2_1: block basic_conv filters=384 size=3 stride=1 padding=1
    # inception5b.branch2_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x384, 663,552 params
    x = keras.layers.ZeroPadding2D(1, name="inception5b.branch2_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        384, 3, use_bias=False, name="inception5b.branch2_1.conv", **weight_settings()
    )(x)
    # inception5b.branch2_1.bn: 4*384 -> 7x7x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5b.branch2_1.bn")(x)
    # inception5b.branch2_1.relu: 7x7x384
    inception5b_branch2_1_relu = keras.layers.Activation("relu", name="inception5b.branch2_1.relu")(
        x
    )

    # inception5b.branch3_0: block basic_conv filters=48 size=1 stride=1 padding=0
    # inception5b.branch3_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x48, 39,936 params
    x = keras.layers.Conv2D(
        48, 1, use_bias=False, name="inception5b.branch3_0.conv", **weight_settings()
    )(inception5a_concat)
    # inception5b.branch3_0.bn: 4*48 -> 7x7x48, 192 params (96 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5b.branch3_0.bn")(x)
    # inception5b.branch3_0.relu: 7x7x48
    x = keras.layers.Activation("relu", name="inception5b.branch3_0.relu")(x)

    # inception5b.branch3_1: block basic_conv filters=128 size=3 stride=1 padding=1
    # inception5b.branch3_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x128, 55,296 params
    x = keras.layers.ZeroPadding2D(1, name="inception5b.branch3_1.conv_pad")(x)
    x = keras.layers.Conv2D(
        128, 3, use_bias=False, name="inception5b.branch3_1.conv", **weight_settings()
    )(x)
    # inception5b.branch3_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5b.branch3_1.bn")(x)
    # inception5b.branch3_1.relu: 7x7x128
    inception5b_branch3_1_relu = keras.layers.Activation("relu", name="inception5b.branch3_1.relu")(
        x
    )
    # inception5b.branch4_0: (7-3+2*1)/1+1 = 7 -> 7x7x832
    x = keras.layers.ZeroPadding2D(1, name="inception5b.branch4_0_pad")(inception5a_concat)
    x = keras.layers.MaxPooling2D(3, strides=1, name="inception5b.branch4_0")(x)

    # inception5b.branch4_1: block basic_conv filters=128 size=1 stride=1 padding=0
    # inception5b.branch4_1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x128, 106,496 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="inception5b.branch4_1.conv", **weight_settings()
    )(x)
    # inception5b.branch4_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, name="inception5b.branch4_1.bn")(x)
    # inception5b.branch4_1.relu: 7x7x128
    x = keras.layers.Activation("relu", name="inception5b.branch4_1.relu")(x)
    # inception5b.concat: 7x7x(384+384+128+128) -> 7x7x1024
    x = keras.layers.Concatenate(name="inception5b.concat")(
        [inception5b_branch1_relu, inception5b_branch2_1_relu, inception5b_branch3_1_relu, x]
    )

    # avgpool: avg of 7x7 -> 1024
    x = keras.layers.GlobalAveragePooling2D(name="avgpool")(x)
    # dropout: 1024
    x = keras.layers.Dropout(0.2, name="dropout")(x)
    # fc: 1024x1000 -> 1000, 1,025,000 params
    x = keras.layers.Dense(1000, name="fc", **weight_settings())(x)
    return keras.Model(inputs, x, name="googlenet")


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

    The rate is multiplied by 0.96 after every 8 epochs.
    """
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=steps_per_epoch * 8, decay_rate=0.96, staircase=True
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
        default=250,
        help="passes over the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=32,
        help="images per step (default: %(default)s)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=0.01,
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
        default=Path("googlenet-weights"),
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
