"""Train inceptionv3 (312 layers, 23,851,784 parameters) with TensorFlow alone.

Written by `netspec emit` from inceptionv3.yaml; it does not need netspec to run.

Inception-v3 (Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer Vision")
for 299x299 ImageNet images, as keras.applications.InceptionV3 builds it: a stem of five
convolutions and two max pools (299 -> 35), three 35x35 modules (mixed0-2), a grid reduction to
17x17 (mixed3), four 17x17 modules with factorized 1x7 and 7x1 convolutions (mixed4-7), a
reduction to 8x8 (mixed8), two 8x8 modules with split 1x3/3x1 branches (mixed9-10), global
average pooling and 1000 classes. Every convolution is bias-free, followed by batch
normalization without scale (Keras's scale=False: 3C parameters, 2C of them frozen) and relu. No
auxiliary classifier. Source: keras/src/applications/inception_v3.py; 23,851,784 parameters, as
Keras counts.

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

NAME = "inceptionv3"
INPUT_SHAPE = (299, 299, 3)  # height, width, channels
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


def build_model() -> keras.Model:
    """The network as a Keras functional model, one statement per layer.

    The layers keep the spec's names, so their shapes and parameter counts can be compared with
    `netspec check` one by one; each comment shows that check's rule and numbers.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    x = inputs
    # stem1: block cbr filters=32 size=3 stride=2 padding=valid
    # stem1.conv: (299-3+2*0)/2+1 = 149 -> 149x149x32, 864 params
    x = keras.layers.Conv2D(
        32, 3, strides=2, use_bias=False, name="stem1.conv", **weight_settings()
    )(x)
    # stem1.bn: 3*32 -> 149x149x32, 96 params (32 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="stem1.bn")(x)
    # stem1.relu: 149x149x32
    x = keras.layers.Activation("relu", name="stem1.relu")(x)

    # stem2: block cbr filters=32 size=3 stride=1 padding=valid
    # stem2.conv: (149-3+2*0)/1+1 = 147 -> 147x147x32, 9,216 params
    x = keras.layers.Conv2D(32, 3, use_bias=False, name="stem2.conv", **weight_settings())(x)
    # stem2.bn: 3*32 -> 147x147x32, 96 params (32 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="stem2.bn")(x)
    # stem2.relu: 147x147x32
    x = keras.layers.Activation("relu", name="stem2.relu")(x)

    # stem3: block cbr filters=64 size=3 stride=1 padding=same
    # stem3.conv: ceil(147/1) = 147 -> 147x147x64, 18,432 params
    x = keras.layers.Conv2D(
        64, 3, padding="same", use_bias=False, name="stem3.conv", **weight_settings()
    )(x)
    # stem3.bn: 3*64 -> 147x147x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="stem3.bn")(x)
    # stem3.relu: 147x147x64
    x = keras.layers.Activation("relu", name="stem3.relu")(x)

    # stem_pool1: (147-3+2*0)/2+1 = 73 -> 73x73x64
    x = keras.layers.MaxPooling2D(3, strides=2, name="stem_pool1")(x)

    # stem4: block cbr filters=80 size=1 stride=1 padding=valid
    # stem4.conv: (73-1+2*0)/1+1 = 73 -> 73x73x80, 5,120 params
    x = keras.layers.Conv2D(80, 1, use_bias=False, name="stem4.conv", **weight_settings())(x)
    # stem4.bn: 3*80 -> 73x73x80, 240 params (80 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="stem4.bn")(x)
    # stem4.relu: 73x73x80
    x = keras.layers.Activation("relu", name="stem4.relu")(x)

    # stem5: block cbr filters=192 size=3 stride=1 padding=valid
    # stem5.conv: (73-3+2*0)/1+1 = 71 -> 71x71x192, 138,240 params
    x = keras.layers.Conv2D(192, 3, use_bias=False, name="stem5.conv", **weight_settings())(x)
    # stem5.bn: 3*192 -> 71x71x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="stem5.bn")(x)
    # stem5.relu: 71x71x192
    x = keras.layers.Activation("relu", name="stem5.relu")(x)

    # stem_pool2: (71-3+2*0)/2+1 = 35 -> 35x35x192
    stem_pool2 = keras.layers.MaxPooling2D(3, strides=2, name="stem_pool2")(x)

    # mixed0: block inception_a pool_filters=32
    # mixed0.b1x1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed0.b1x1.conv: ceil(35/1) = 35 -> 35x35x64, 12,288 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed0.b1x1.conv", **weight_settings()
    )(stem_pool2)
    # mixed0.b1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.b1x1.bn")(x)
    # mixed0.b1x1.relu: 35x35x64
    mixed0_b1x1_relu = keras.layers.Activation("relu", name="mixed0.b1x1.relu")(x)

    # mixed0.b5x5_1: block cbr filters=48 size=1 stride=1 padding=same
    # mixed0.b5x5_1.conv: ceil(35/1) = 35 -> 35x35x48, 9,216 params
    x = keras.layers.Conv2D(
        48, 1, padding="same", use_bias=False, name="mixed0.b5x5_1.conv", **weight_settings()
    )(stem_pool2)
    # mixed0.b5x5_1.bn: 3*48 -> 35x35x48, 144 params (48 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.b5x5_1.bn")(x)
    # mixed0.b5x5_1.relu: 35x35x48
    x = keras.layers.Activation("relu", name="mixed0.b5x5_1.relu")(x)

    # mixed0.b5x5_2: block cbr filters=64 size=5 stride=1 padding=same
    # mixed0.b5x5_2.conv: ceil(35/1) = 35 -> 35x35x64, 76,800 params
    x = keras.layers.Conv2D(
        64, 5, padding="same", use_bias=False, name="mixed0.b5x5_2.conv", **weight_settings()
    )(x)
    # mixed0.b5x5_2.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.b5x5_2.bn")(x)
    # mixed0.b5x5_2.relu: 35x35x64
    mixed0_b5x5_2_relu = keras.layers.Activation("relu", name="mixed0.b5x5_2.relu")(x)

    # mixed0.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed0.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 12,288 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed0.b3x3dbl_1.conv", **weight_settings()
    )(stem_pool2)
    # mixed0.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.b3x3dbl_1.bn")(x)
    # mixed0.b3x3dbl_1.relu: 35x35x64
    x = keras.layers.Activation("relu", name="mixed0.b3x3dbl_1.relu")(x)

    # mixed0.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
    # mixed0.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed0.b3x3dbl_2.conv", **weight_settings()
    )(x)
    # mixed0.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.b3x3dbl_2.bn")(x)
    # mixed0.b3x3dbl_2.relu: 35x35x96
    x = keras.layers.Activation("relu", name="mixed0.b3x3dbl_2.relu")(x)

    # mixed0.b3x3dbl_3: block cbr filters=96 size=3 stride=1 padding=same
    # mixed0.b3x3dbl_3.conv: ceil(35/1) = 35 -> 35x35x96, 82,944 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed0.b3x3dbl_3.conv", **weight_settings()
    )(x)
    # mixed0.b3x3dbl_3.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.b3x3dbl_3.bn")(x)
    # mixed0.b3x3dbl_3.relu: 35x35x96
    mixed0_b3x3dbl_3_relu = keras.layers.Activation("relu", name="mixed0.b3x3dbl_3.relu")(x)
    # mixed0.bpool: ceil(35/1) = 35 -> 35x35x192
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed0.bpool")(stem_pool2)

    # mixed0.bpool_1x1: block cbr filters=32 size=1 stride=1 padding=same
    # mixed0.bpool_1x1.conv: ceil(35/1) = 35 -> 35x35x32, 6,144 params
    x = keras.layers.Conv2D(
        32, 1, padding="same", use_bias=False, name="mixed0.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed0.bpool_1x1.bn: 3*32 -> 35x35x32, 96 params (32 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed0.bpool_1x1.bn")(x)
    # mixed0.bpool_1x1.relu: 35x35x32
    x = keras.layers.Activation("relu", name="mixed0.bpool_1x1.relu")(x)
    # mixed0.concat: 35x35x(64+64+96+32) -> 35x35x256
    mixed0_concat = keras.layers.Concatenate(name="mixed0.concat")(
        [mixed0_b1x1_relu, mixed0_b5x5_2_relu, mixed0_b3x3dbl_3_relu, x]
    )

    # mixed1: block inception_a pool_filters=64
    # mixed1.b1x1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed1.b1x1.conv: ceil(35/1) = 35 -> 35x35x64, 16,384 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed1.b1x1.conv", **weight_settings()
    )(mixed0_concat)
    # mixed1.b1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.b1x1.bn")(x)
    # mixed1.b1x1.relu: 35x35x64
    mixed1_b1x1_relu = keras.layers.Activation("relu", name="mixed1.b1x1.relu")(x)

    # mixed1.b5x5_1: block cbr filters=48 size=1 stride=1 padding=same
    # mixed1.b5x5_1.conv: ceil(35/1) = 35 -> 35x35x48, 12,288 params
    x = keras.layers.Conv2D(
        48, 1, padding="same", use_bias=False, name="mixed1.b5x5_1.conv", **weight_settings()
    )(mixed0_concat)
    # mixed1.b5x5_1.bn: 3*48 -> 35x35x48, 144 params (48 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.b5x5_1.bn")(x)
    # mixed1.b5x5_1.relu: 35x35x48
    x = keras.layers.Activation("relu", name="mixed1.b5x5_1.relu")(x)

    # mixed1.b5x5_2: block cbr filters=64 size=5 stride=1 padding=same
    # mixed1.b5x5_2.conv: ceil(35/1) = 35 -> 35x35x64, 76,800 params
    x = keras.layers.Conv2D(
        64, 5, padding="same", use_bias=False, name="mixed1.b5x5_2.conv", **weight_settings()
    )(x)
    # mixed1.b5x5_2.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.b5x5_2.bn")(x)
    # mixed1.b5x5_2.relu: 35x35x64
    mixed1_b5x5_2_relu = keras.layers.Activation("relu", name="mixed1.b5x5_2.relu")(x)

    # mixed1.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed1.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 16,384 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed1.b3x3dbl_1.conv", **weight_settings()
    )(mixed0_concat)
    # mixed1.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.b3x3dbl_1.bn")(x)
    # mixed1.b3x3dbl_1.relu: 35x35x64
    x = keras.layers.Activation("relu", name="mixed1.b3x3dbl_1.relu")(x)

    # mixed1.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
    # mixed1.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed1.b3x3dbl_2.conv", **weight_settings()
    )(x)
    # mixed1.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.b3x3dbl_2.bn")(x)
    # mixed1.b3x3dbl_2.relu: 35x35x96
    x = keras.layers.Activation("relu", name="mixed1.b3x3dbl_2.relu")(x)

    # mixed1.b3x3dbl_3: block cbr filters=96 size=3 stride=1 padding=same
    # mixed1.b3x3dbl_3.conv: ceil(35/1) = 35 -> 35x35x96, 82,944 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed1.b3x3dbl_3.conv", **weight_settings()
    )(x)
    # mixed1.b3x3dbl_3.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.b3x3dbl_3.bn")(x)
    # mixed1.b3x3dbl_3.relu: 35x35x96
    mixed1_b3x3dbl_3_relu = keras.layers.Activation("relu", name="mixed1.b3x3dbl_3.relu")(x)
    # mixed1.bpool: ceil(35/1) = 35 -> 35x35x256
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed1.bpool")(
        mixed0_concat
    )

    # mixed1.bpool_1x1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed1.bpool_1x1.conv: ceil(35/1) = 35 -> 35x35x64, 16,384 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed1.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed1.bpool_1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed1.bpool_1x1.bn")(x)
    # mixed1.bpool_1x1.relu: 35x35x64
    x = keras.layers.Activation("relu", name="mixed1.bpool_1x1.relu")(x)
    # mixed1.concat: 35x35x(64+64+96+64) -> 35x35x288
    mixed1_concat = keras.layers.Concatenate(name="mixed1.concat")(
        [mixed1_b1x1_relu, mixed1_b5x5_2_relu, mixed1_b3x3dbl_3_relu, x]
    )

    # mixed2: block inception_a pool_filters=64
    # mixed2.b1x1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed2.b1x1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed2.b1x1.conv", **weight_settings()
    )(mixed1_concat)
    # mixed2.b1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.b1x1.bn")(x)
    # mixed2.b1x1.relu: 35x35x64
    mixed2_b1x1_relu = keras.layers.Activation("relu", name="mixed2.b1x1.relu")(x)

    # mixed2.b5x5_1: block cbr filters=48 size=1 stride=1 padding=same
    # mixed2.b5x5_1.conv: ceil(35/1) = 35 -> 35x35x48, 13,824 params
    x = keras.layers.Conv2D(
        48, 1, padding="same", use_bias=False, name="mixed2.b5x5_1.conv", **weight_settings()
    )(mixed1_concat)
    # mixed2.b5x5_1.bn: 3*48 -> 35x35x48, 144 params (48 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.b5x5_1.bn")(x)
    # mixed2.b5x5_1.relu: 35x35x48
    x = keras.layers.Activation("relu", name="mixed2.b5x5_1.relu")(x)

    # mixed2.b5x5_2: block cbr filters=64 size=5 stride=1 padding=same
    # mixed2.b5x5_2.conv: ceil(35/1) = 35 -> 35x35x64, 76,800 params
    x = keras.layers.Conv2D(
        64, 5, padding="same", use_bias=False, name="mixed2.b5x5_2.conv", **weight_settings()
    )(x)
    # mixed2.b5x5_2.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.b5x5_2.bn")(x)
    # mixed2.b5x5_2.relu: 35x35x64
    mixed2_b5x5_2_relu = keras.layers.Activation("relu", name="mixed2.b5x5_2.relu")(x)

    # mixed2.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed2.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed2.b3x3dbl_1.conv", **weight_settings()
    )(mixed1_concat)
    # mixed2.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.b3x3dbl_1.bn")(x)
    # mixed2.b3x3dbl_1.relu: 35x35x64
    x = keras.layers.Activation("relu", name="mixed2.b3x3dbl_1.relu")(x)

    # mixed2.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
    # mixed2.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed2.b3x3dbl_2.conv", **weight_settings()
    )(x)
    # mixed2.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.b3x3dbl_2.bn")(x)
    # mixed2.b3x3dbl_2.relu: 35x35x96
    x = keras.layers.Activation("relu", name="mixed2.b3x3dbl_2.relu")(x)

    # mixed2.b3x3dbl_3: block cbr filters=96 size=3 stride=1 padding=same
    # mixed2.b3x3dbl_3.conv: ceil(35/1) = 35 -> 35x35x96, 82,944 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed2.b3x3dbl_3.conv", **weight_settings()
    )(x)
    # mixed2.b3x3dbl_3.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.b3x3dbl_3.bn")(x)
    # mixed2.b3x3dbl_3.relu: 35x35x96
    mixed2_b3x3dbl_3_relu = keras.layers.Activation("relu", name="mixed2.b3x3dbl_3.relu")(x)
    # mixed2.bpool: ceil(35/1) = 35 -> 35x35x288
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed2.bpool")(
        mixed1_concat
    )

    # mixed2.bpool_1x1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed2.bpool_1x1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed2.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed2.bpool_1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed2.bpool_1x1.bn")(x)
    # mixed2.bpool_1x1.relu: 35x35x64
    x = keras.layers.Activation("relu", name="mixed2.bpool_1x1.relu")(x)
    # mixed2.concat: 35x35x(64+64+96+64) -> 35x35x288
    mixed2_concat = keras.layers.Concatenate(name="mixed2.concat")(
        [mixed2_b1x1_relu, mixed2_b5x5_2_relu, mixed2_b3x3dbl_3_relu, x]
    )

    # mixed3: block reduction_a
    # mixed3.b3x3: block cbr filters=384 size=3 stride=2 padding=valid
    # mixed3.b3x3.conv: (35-3+2*0)/2+1 = 17 -> 17x17x384, 995,328 params
    x = keras.layers.Conv2D(
        384, 3, strides=2, use_bias=False, name="mixed3.b3x3.conv", **weight_settings()
    )(mixed2_concat)
    # mixed3.b3x3.bn: 3*384 -> 17x17x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed3.b3x3.bn")(x)
    # mixed3.b3x3.relu: 17x17x384
    mixed3_b3x3_relu = keras.layers.Activation("relu", name="mixed3.b3x3.relu")(x)

    # mixed3.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
    # mixed3.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
    x = keras.layers.Conv2D(
        64, 1, padding="same", use_bias=False, name="mixed3.b3x3dbl_1.conv", **weight_settings()
    )(mixed2_concat)
    # mixed3.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed3.b3x3dbl_1.bn")(x)
    # mixed3.b3x3dbl_1.relu: 35x35x64
    x = keras.layers.Activation("relu", name="mixed3.b3x3dbl_1.relu")(x)

    # mixed3.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
    # mixed3.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
    x = keras.layers.Conv2D(
        96, 3, padding="same", use_bias=False, name="mixed3.b3x3dbl_2.conv", **weight_settings()
    )(x)
    # mixed3.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed3.b3x3dbl_2.bn")(x)
    # mixed3.b3x3dbl_2.relu: 35x35x96
    x = keras.layers.Activation("relu", name="mixed3.b3x3dbl_2.relu")(x)

    # mixed3.b3x3dbl_3: block cbr filters=96 size=3 stride=2 padding=valid
    # mixed3.b3x3dbl_3.conv: (35-3+2*0)/2+1 = 17 -> 17x17x96, 82,944 params
    x = keras.layers.Conv2D(
        96, 3, strides=2, use_bias=False, name="mixed3.b3x3dbl_3.conv", **weight_settings()
    )(x)
    # mixed3.b3x3dbl_3.bn: 3*96 -> 17x17x96, 288 params (96 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed3.b3x3dbl_3.bn")(x)
    # mixed3.b3x3dbl_3.relu: 17x17x96
    mixed3_b3x3dbl_3_relu = keras.layers.Activation("relu", name="mixed3.b3x3dbl_3.relu")(x)
    # mixed3.bpool: (35-3+2*0)/2+1 = 17 -> 17x17x288
    x = keras.layers.MaxPooling2D(3, strides=2, name="mixed3.bpool")(mixed2_concat)
    # mixed3.concat: 17x17x(384+96+288) -> 17x17x768
    mixed3_concat = keras.layers.Concatenate(name="mixed3.concat")(
        [mixed3_b3x3_relu, mixed3_b3x3dbl_3_relu, x]
    )

    # mixed4: block inception_b mid=128
    # mixed4.b1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed4.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed4.b1x1.conv", **weight_settings()
    )(mixed3_concat)
    # mixed4.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b1x1.bn")(x)
    # mixed4.b1x1.relu: 17x17x192
    mixed4_b1x1_relu = keras.layers.Activation("relu", name="mixed4.b1x1.relu")(x)

    # mixed4.b7x7_1: block cbr filters=128 size=1 stride=1 padding=same
    # mixed4.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x128, 98,304 params
    x = keras.layers.Conv2D(
        128, 1, padding="same", use_bias=False, name="mixed4.b7x7_1.conv", **weight_settings()
    )(mixed3_concat)
    # mixed4.b7x7_1.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7_1.bn")(x)
    # mixed4.b7x7_1.relu: 17x17x128
    x = keras.layers.Activation("relu", name="mixed4.b7x7_1.relu")(x)

    # mixed4.b7x7_2: block cbr filters=128 size=[1, 7] stride=1 padding=same
    # mixed4.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
    x = keras.layers.Conv2D(
        128, (1, 7), padding="same", use_bias=False, name="mixed4.b7x7_2.conv", **weight_settings()
    )(x)
    # mixed4.b7x7_2.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7_2.bn")(x)
    # mixed4.b7x7_2.relu: 17x17x128
    x = keras.layers.Activation("relu", name="mixed4.b7x7_2.relu")(x)

    # mixed4.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed4.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 172,032 params
    x = keras.layers.Conv2D(
        192, (7, 1), padding="same", use_bias=False, name="mixed4.b7x7_3.conv", **weight_settings()
    )(x)
    # mixed4.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7_3.bn")(x)
    # mixed4.b7x7_3.relu: 17x17x192
    mixed4_b7x7_3_relu = keras.layers.Activation("relu", name="mixed4.b7x7_3.relu")(x)

    # mixed4.b7x7dbl_1: block cbr filters=128 size=1 stride=1 padding=same
    # mixed4.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x128, 98,304 params
    x = keras.layers.Conv2D(
        128, 1, padding="same", use_bias=False, name="mixed4.b7x7dbl_1.conv", **weight_settings()
    )(mixed3_concat)
    # mixed4.b7x7dbl_1.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7dbl_1.bn")(x)
    # mixed4.b7x7dbl_1.relu: 17x17x128
    x = keras.layers.Activation("relu", name="mixed4.b7x7dbl_1.relu")(x)

    # mixed4.b7x7dbl_2: block cbr filters=128 size=[7, 1] stride=1 padding=same
    # mixed4.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
    x = keras.layers.Conv2D(
        128,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed4.b7x7dbl_2.conv",
        **weight_settings(),
    )(x)
    # mixed4.b7x7dbl_2.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7dbl_2.bn")(x)
    # mixed4.b7x7dbl_2.relu: 17x17x128
    x = keras.layers.Activation("relu", name="mixed4.b7x7dbl_2.relu")(x)

    # mixed4.b7x7dbl_3: block cbr filters=128 size=[1, 7] stride=1 padding=same
    # mixed4.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
    x = keras.layers.Conv2D(
        128,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed4.b7x7dbl_3.conv",
        **weight_settings(),
    )(x)
    # mixed4.b7x7dbl_3.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7dbl_3.bn")(x)
    # mixed4.b7x7dbl_3.relu: 17x17x128
    x = keras.layers.Activation("relu", name="mixed4.b7x7dbl_3.relu")(x)

    # mixed4.b7x7dbl_4: block cbr filters=128 size=[7, 1] stride=1 padding=same
    # mixed4.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
    x = keras.layers.Conv2D(
        128,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed4.b7x7dbl_4.conv",
        **weight_settings(),
    )(x)
    # mixed4.b7x7dbl_4.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7dbl_4.bn")(x)
    # mixed4.b7x7dbl_4.relu: 17x17x128
    x = keras.layers.Activation("relu", name="mixed4.b7x7dbl_4.relu")(x)

    # mixed4.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed4.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 172,032 params
    x = keras.layers.Conv2D(
        192,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed4.b7x7dbl_5.conv",
        **weight_settings(),
    )(x)
    # mixed4.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.b7x7dbl_5.bn")(x)
    # mixed4.b7x7dbl_5.relu: 17x17x192
    mixed4_b7x7dbl_5_relu = keras.layers.Activation("relu", name="mixed4.b7x7dbl_5.relu")(x)
    # mixed4.bpool: ceil(17/1) = 17 -> 17x17x768
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed4.bpool")(
        mixed3_concat
    )

    # mixed4.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed4.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed4.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed4.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed4.bpool_1x1.bn")(x)
    # mixed4.bpool_1x1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed4.bpool_1x1.relu")(x)
    # mixed4.concat: 17x17x(192+192+192+192) -> 17x17x768
    mixed4_concat = keras.layers.Concatenate(name="mixed4.concat")(
        [mixed4_b1x1_relu, mixed4_b7x7_3_relu, mixed4_b7x7dbl_5_relu, x]
    )

    # mixed5: block inception_b mid=160
    # mixed5.b1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed5.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed5.b1x1.conv", **weight_settings()
    )(mixed4_concat)
    # mixed5.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b1x1.bn")(x)
    # mixed5.b1x1.relu: 17x17x192
    mixed5_b1x1_relu = keras.layers.Activation("relu", name="mixed5.b1x1.relu")(x)

    # mixed5.b7x7_1: block cbr filters=160 size=1 stride=1 padding=same
    # mixed5.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
    x = keras.layers.Conv2D(
        160, 1, padding="same", use_bias=False, name="mixed5.b7x7_1.conv", **weight_settings()
    )(mixed4_concat)
    # mixed5.b7x7_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7_1.bn")(x)
    # mixed5.b7x7_1.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed5.b7x7_1.relu")(x)

    # mixed5.b7x7_2: block cbr filters=160 size=[1, 7] stride=1 padding=same
    # mixed5.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160, (1, 7), padding="same", use_bias=False, name="mixed5.b7x7_2.conv", **weight_settings()
    )(x)
    # mixed5.b7x7_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7_2.bn")(x)
    # mixed5.b7x7_2.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed5.b7x7_2.relu")(x)

    # mixed5.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed5.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
    x = keras.layers.Conv2D(
        192, (7, 1), padding="same", use_bias=False, name="mixed5.b7x7_3.conv", **weight_settings()
    )(x)
    # mixed5.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7_3.bn")(x)
    # mixed5.b7x7_3.relu: 17x17x192
    mixed5_b7x7_3_relu = keras.layers.Activation("relu", name="mixed5.b7x7_3.relu")(x)

    # mixed5.b7x7dbl_1: block cbr filters=160 size=1 stride=1 padding=same
    # mixed5.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
    x = keras.layers.Conv2D(
        160, 1, padding="same", use_bias=False, name="mixed5.b7x7dbl_1.conv", **weight_settings()
    )(mixed4_concat)
    # mixed5.b7x7dbl_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7dbl_1.bn")(x)
    # mixed5.b7x7dbl_1.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed5.b7x7dbl_1.relu")(x)

    # mixed5.b7x7dbl_2: block cbr filters=160 size=[7, 1] stride=1 padding=same
    # mixed5.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed5.b7x7dbl_2.conv",
        **weight_settings(),
    )(x)
    # mixed5.b7x7dbl_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7dbl_2.bn")(x)
    # mixed5.b7x7dbl_2.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed5.b7x7dbl_2.relu")(x)

    # mixed5.b7x7dbl_3: block cbr filters=160 size=[1, 7] stride=1 padding=same
    # mixed5.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed5.b7x7dbl_3.conv",
        **weight_settings(),
    )(x)
    # mixed5.b7x7dbl_3.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7dbl_3.bn")(x)
    # mixed5.b7x7dbl_3.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed5.b7x7dbl_3.relu")(x)

    # mixed5.b7x7dbl_4: block cbr filters=160 size=[7, 1] stride=1 padding=same
    # mixed5.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed5.b7x7dbl_4.conv",
        **weight_settings(),
    )(x)
    # mixed5.b7x7dbl_4.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7dbl_4.bn")(x)
    # mixed5.b7x7dbl_4.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed5.b7x7dbl_4.relu")(x)

    # mixed5.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed5.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
    x = keras.layers.Conv2D(
        192,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed5.b7x7dbl_5.conv",
        **weight_settings(),
    )(x)
    # mixed5.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.b7x7dbl_5.bn")(x)
    # mixed5.b7x7dbl_5.relu: 17x17x192
    mixed5_b7x7dbl_5_relu = keras.layers.Activation("relu", name="mixed5.b7x7dbl_5.relu")(x)
    # mixed5.bpool: ceil(17/1) = 17 -> 17x17x768
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed5.bpool")(
        mixed4_concat
    )

    # mixed5.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed5.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed5.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed5.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed5.bpool_1x1.bn")(x)
    # mixed5.bpool_1x1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed5.bpool_1x1.relu")(x)
    # mixed5.concat: 17x17x(192+192+192+192) -> 17x17x768
    mixed5_concat = keras.layers.Concatenate(name="mixed5.concat")(
        [mixed5_b1x1_relu, mixed5_b7x7_3_relu, mixed5_b7x7dbl_5_relu, x]
    )

    # mixed6: block inception_b mid=160
    # mixed6.b1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed6.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed6.b1x1.conv", **weight_settings()
    )(mixed5_concat)
    # mixed6.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b1x1.bn")(x)
    # mixed6.b1x1.relu: 17x17x192
    mixed6_b1x1_relu = keras.layers.Activation("relu", name="mixed6.b1x1.relu")(x)

    # mixed6.b7x7_1: block cbr filters=160 size=1 stride=1 padding=same
    # mixed6.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
    x = keras.layers.Conv2D(
        160, 1, padding="same", use_bias=False, name="mixed6.b7x7_1.conv", **weight_settings()
    )(mixed5_concat)
    # mixed6.b7x7_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7_1.bn")(x)
    # mixed6.b7x7_1.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed6.b7x7_1.relu")(x)

    # mixed6.b7x7_2: block cbr filters=160 size=[1, 7] stride=1 padding=same
    # mixed6.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160, (1, 7), padding="same", use_bias=False, name="mixed6.b7x7_2.conv", **weight_settings()
    )(x)
    # mixed6.b7x7_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7_2.bn")(x)
    # mixed6.b7x7_2.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed6.b7x7_2.relu")(x)

    # mixed6.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed6.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
    x = keras.layers.Conv2D(
        192, (7, 1), padding="same", use_bias=False, name="mixed6.b7x7_3.conv", **weight_settings()
    )(x)
    # mixed6.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7_3.bn")(x)
    # mixed6.b7x7_3.relu: 17x17x192
    mixed6_b7x7_3_relu = keras.layers.Activation("relu", name="mixed6.b7x7_3.relu")(x)

    # mixed6.b7x7dbl_1: block cbr filters=160 size=1 stride=1 padding=same
    # mixed6.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
    x = keras.layers.Conv2D(
        160, 1, padding="same", use_bias=False, name="mixed6.b7x7dbl_1.conv", **weight_settings()
    )(mixed5_concat)
    # mixed6.b7x7dbl_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7dbl_1.bn")(x)
    # mixed6.b7x7dbl_1.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed6.b7x7dbl_1.relu")(x)

    # mixed6.b7x7dbl_2: block cbr filters=160 size=[7, 1] stride=1 padding=same
    # mixed6.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed6.b7x7dbl_2.conv",
        **weight_settings(),
    )(x)
    # mixed6.b7x7dbl_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7dbl_2.bn")(x)
    # mixed6.b7x7dbl_2.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed6.b7x7dbl_2.relu")(x)

    # mixed6.b7x7dbl_3: block cbr filters=160 size=[1, 7] stride=1 padding=same
    # mixed6.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed6.b7x7dbl_3.conv",
        **weight_settings(),
    )(x)
    # mixed6.b7x7dbl_3.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7dbl_3.bn")(x)
    # mixed6.b7x7dbl_3.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed6.b7x7dbl_3.relu")(x)

    # mixed6.b7x7dbl_4: block cbr filters=160 size=[7, 1] stride=1 padding=same
    # mixed6.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
    x = keras.layers.Conv2D(
        160,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed6.b7x7dbl_4.conv",
        **weight_settings(),
    )(x)
    # mixed6.b7x7dbl_4.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7dbl_4.bn")(x)
    # mixed6.b7x7dbl_4.relu: 17x17x160
    x = keras.layers.Activation("relu", name="mixed6.b7x7dbl_4.relu")(x)

    # mixed6.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed6.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
    x = keras.layers.Conv2D(
        192,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed6.b7x7dbl_5.conv",
        **weight_settings(),
    )(x)
    # mixed6.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.b7x7dbl_5.bn")(x)
    # mixed6.b7x7dbl_5.relu: 17x17x192
    mixed6_b7x7dbl_5_relu = keras.layers.Activation("relu", name="mixed6.b7x7dbl_5.relu")(x)
    # mixed6.bpool: ceil(17/1) = 17 -> 17x17x768
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed6.bpool")(
        mixed5_concat
    )

    # mixed6.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed6.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed6.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed6.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed6.bpool_1x1.bn")(x)
    # mixed6.bpool_1x1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed6.bpool_1x1.relu")(x)
    # mixed6.concat: 17x17x(192+192+192+192) -> 17x17x768
    mixed6_concat = keras.layers.Concatenate(name="mixed6.concat")(
        [mixed6_b1x1_relu, mixed6_b7x7_3_relu, mixed6_b7x7dbl_5_relu, x]
    )

    # mixed7: block inception_b mid=192
    # mixed7.b1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed7.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed7.b1x1.conv", **weight_settings()
    )(mixed6_concat)
    # mixed7.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b1x1.bn")(x)
    # mixed7.b1x1.relu: 17x17x192
    mixed7_b1x1_relu = keras.layers.Activation("relu", name="mixed7.b1x1.relu")(x)

    # mixed7.b7x7_1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed7.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed7.b7x7_1.conv", **weight_settings()
    )(mixed6_concat)
    # mixed7.b7x7_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7_1.bn")(x)
    # mixed7.b7x7_1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.b7x7_1.relu")(x)

    # mixed7.b7x7_2: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed7.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192, (1, 7), padding="same", use_bias=False, name="mixed7.b7x7_2.conv", **weight_settings()
    )(x)
    # mixed7.b7x7_2.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7_2.bn")(x)
    # mixed7.b7x7_2.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.b7x7_2.relu")(x)

    # mixed7.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed7.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192, (7, 1), padding="same", use_bias=False, name="mixed7.b7x7_3.conv", **weight_settings()
    )(x)
    # mixed7.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7_3.bn")(x)
    # mixed7.b7x7_3.relu: 17x17x192
    mixed7_b7x7_3_relu = keras.layers.Activation("relu", name="mixed7.b7x7_3.relu")(x)

    # mixed7.b7x7dbl_1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed7.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed7.b7x7dbl_1.conv", **weight_settings()
    )(mixed6_concat)
    # mixed7.b7x7dbl_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7dbl_1.bn")(x)
    # mixed7.b7x7dbl_1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.b7x7dbl_1.relu")(x)

    # mixed7.b7x7dbl_2: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed7.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed7.b7x7dbl_2.conv",
        **weight_settings(),
    )(x)
    # mixed7.b7x7dbl_2.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7dbl_2.bn")(x)
    # mixed7.b7x7dbl_2.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.b7x7dbl_2.relu")(x)

    # mixed7.b7x7dbl_3: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed7.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed7.b7x7dbl_3.conv",
        **weight_settings(),
    )(x)
    # mixed7.b7x7dbl_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7dbl_3.bn")(x)
    # mixed7.b7x7dbl_3.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.b7x7dbl_3.relu")(x)

    # mixed7.b7x7dbl_4: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed7.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed7.b7x7dbl_4.conv",
        **weight_settings(),
    )(x)
    # mixed7.b7x7dbl_4.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7dbl_4.bn")(x)
    # mixed7.b7x7dbl_4.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.b7x7dbl_4.relu")(x)

    # mixed7.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed7.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed7.b7x7dbl_5.conv",
        **weight_settings(),
    )(x)
    # mixed7.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.b7x7dbl_5.bn")(x)
    # mixed7.b7x7dbl_5.relu: 17x17x192
    mixed7_b7x7dbl_5_relu = keras.layers.Activation("relu", name="mixed7.b7x7dbl_5.relu")(x)
    # mixed7.bpool: ceil(17/1) = 17 -> 17x17x768
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed7.bpool")(
        mixed6_concat
    )

    # mixed7.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed7.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed7.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed7.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed7.bpool_1x1.bn")(x)
    # mixed7.bpool_1x1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed7.bpool_1x1.relu")(x)
    # mixed7.concat: 17x17x(192+192+192+192) -> 17x17x768
    mixed7_concat = keras.layers.Concatenate(name="mixed7.concat")(
        [mixed7_b1x1_relu, mixed7_b7x7_3_relu, mixed7_b7x7dbl_5_relu, x]
    )

    # mixed8: block reduction_b
    # mixed8.b3x3_1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed8.b3x3_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed8.b3x3_1.conv", **weight_settings()
    )(mixed7_concat)
    # mixed8.b3x3_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed8.b3x3_1.bn")(x)
    # mixed8.b3x3_1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed8.b3x3_1.relu")(x)

    # mixed8.b3x3_2: block cbr filters=320 size=3 stride=2 padding=valid
    # mixed8.b3x3_2.conv: (17-3+2*0)/2+1 = 8 -> 8x8x320, 552,960 params
    x = keras.layers.Conv2D(
        320, 3, strides=2, use_bias=False, name="mixed8.b3x3_2.conv", **weight_settings()
    )(x)
    # mixed8.b3x3_2.bn: 3*320 -> 8x8x320, 960 params (320 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed8.b3x3_2.bn")(x)
    # mixed8.b3x3_2.relu: 8x8x320
    mixed8_b3x3_2_relu = keras.layers.Activation("relu", name="mixed8.b3x3_2.relu")(x)

    # mixed8.b7x7x3_1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed8.b7x7x3_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed8.b7x7x3_1.conv", **weight_settings()
    )(mixed7_concat)
    # mixed8.b7x7x3_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed8.b7x7x3_1.bn")(x)
    # mixed8.b7x7x3_1.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed8.b7x7x3_1.relu")(x)

    # mixed8.b7x7x3_2: block cbr filters=192 size=[1, 7] stride=1 padding=same
    # mixed8.b7x7x3_2.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192,
        (1, 7),
        padding="same",
        use_bias=False,
        name="mixed8.b7x7x3_2.conv",
        **weight_settings(),
    )(x)
    # mixed8.b7x7x3_2.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed8.b7x7x3_2.bn")(x)
    # mixed8.b7x7x3_2.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed8.b7x7x3_2.relu")(x)

    # mixed8.b7x7x3_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
    # mixed8.b7x7x3_3.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
    x = keras.layers.Conv2D(
        192,
        (7, 1),
        padding="same",
        use_bias=False,
        name="mixed8.b7x7x3_3.conv",
        **weight_settings(),
    )(x)
    # mixed8.b7x7x3_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed8.b7x7x3_3.bn")(x)
    # mixed8.b7x7x3_3.relu: 17x17x192
    x = keras.layers.Activation("relu", name="mixed8.b7x7x3_3.relu")(x)

    # mixed8.b7x7x3_4: block cbr filters=192 size=3 stride=2 padding=valid
    # mixed8.b7x7x3_4.conv: (17-3+2*0)/2+1 = 8 -> 8x8x192, 331,776 params
    x = keras.layers.Conv2D(
        192, 3, strides=2, use_bias=False, name="mixed8.b7x7x3_4.conv", **weight_settings()
    )(x)
    # mixed8.b7x7x3_4.bn: 3*192 -> 8x8x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed8.b7x7x3_4.bn")(x)
    # mixed8.b7x7x3_4.relu: 8x8x192
    mixed8_b7x7x3_4_relu = keras.layers.Activation("relu", name="mixed8.b7x7x3_4.relu")(x)
    # mixed8.bpool: (17-3+2*0)/2+1 = 8 -> 8x8x768
    x = keras.layers.MaxPooling2D(3, strides=2, name="mixed8.bpool")(mixed7_concat)
    # mixed8.concat: 8x8x(320+192+768) -> 8x8x1280
    mixed8_concat = keras.layers.Concatenate(name="mixed8.concat")(
        [mixed8_b3x3_2_relu, mixed8_b7x7x3_4_relu, x]
    )

    # mixed9: block inception_c
    # mixed9.b1x1: block cbr filters=320 size=1 stride=1 padding=same
    # mixed9.b1x1.conv: ceil(8/1) = 8 -> 8x8x320, 409,600 params
    x = keras.layers.Conv2D(
        320, 1, padding="same", use_bias=False, name="mixed9.b1x1.conv", **weight_settings()
    )(mixed8_concat)
    # mixed9.b1x1.bn: 3*320 -> 8x8x320, 960 params (320 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b1x1.bn")(x)
    # mixed9.b1x1.relu: 8x8x320
    mixed9_b1x1_relu = keras.layers.Activation("relu", name="mixed9.b1x1.relu")(x)

    # mixed9.b3x3: block cbr filters=384 size=1 stride=1 padding=same
    # mixed9.b3x3.conv: ceil(8/1) = 8 -> 8x8x384, 491,520 params
    x = keras.layers.Conv2D(
        384, 1, padding="same", use_bias=False, name="mixed9.b3x3.conv", **weight_settings()
    )(mixed8_concat)
    # mixed9.b3x3.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3.bn")(x)
    # mixed9.b3x3.relu: 8x8x384
    mixed9_b3x3_relu = keras.layers.Activation("relu", name="mixed9.b3x3.relu")(x)

    # mixed9.b3x3_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
    # mixed9.b3x3_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384, (1, 3), padding="same", use_bias=False, name="mixed9.b3x3_a.conv", **weight_settings()
    )(mixed9_b3x3_relu)
    # mixed9.b3x3_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3_a.bn")(x)
    # mixed9.b3x3_a.relu: 8x8x384
    mixed9_b3x3_a_relu = keras.layers.Activation("relu", name="mixed9.b3x3_a.relu")(x)

    # mixed9.b3x3_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
    # mixed9.b3x3_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384, (3, 1), padding="same", use_bias=False, name="mixed9.b3x3_b.conv", **weight_settings()
    )(mixed9_b3x3_relu)
    # mixed9.b3x3_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3_b.bn")(x)
    # mixed9.b3x3_b.relu: 8x8x384
    x = keras.layers.Activation("relu", name="mixed9.b3x3_b.relu")(x)
    # mixed9.b3x3_cat: 8x8x(384+384) -> 8x8x768
    mixed9_b3x3_cat = keras.layers.Concatenate(name="mixed9.b3x3_cat")([mixed9_b3x3_a_relu, x])

    # mixed9.b3x3dbl_1: block cbr filters=448 size=1 stride=1 padding=same
    # mixed9.b3x3dbl_1.conv: ceil(8/1) = 8 -> 8x8x448, 573,440 params
    x = keras.layers.Conv2D(
        448, 1, padding="same", use_bias=False, name="mixed9.b3x3dbl_1.conv", **weight_settings()
    )(mixed8_concat)
    # mixed9.b3x3dbl_1.bn: 3*448 -> 8x8x448, 1,344 params (448 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3dbl_1.bn")(x)
    # mixed9.b3x3dbl_1.relu: 8x8x448
    x = keras.layers.Activation("relu", name="mixed9.b3x3dbl_1.relu")(x)

    # mixed9.b3x3dbl_2: block cbr filters=384 size=3 stride=1 padding=same
    # mixed9.b3x3dbl_2.conv: ceil(8/1) = 8 -> 8x8x384, 1,548,288 params
    x = keras.layers.Conv2D(
        384, 3, padding="same", use_bias=False, name="mixed9.b3x3dbl_2.conv", **weight_settings()
    )(x)
    # mixed9.b3x3dbl_2.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3dbl_2.bn")(x)
    # mixed9.b3x3dbl_2.relu: 8x8x384
    mixed9_b3x3dbl_2_relu = keras.layers.Activation("relu", name="mixed9.b3x3dbl_2.relu")(x)

    # mixed9.b3x3dbl_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
    # mixed9.b3x3dbl_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384,
        (1, 3),
        padding="same",
        use_bias=False,
        name="mixed9.b3x3dbl_a.conv",
        **weight_settings(),
    )(mixed9_b3x3dbl_2_relu)
    # mixed9.b3x3dbl_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3dbl_a.bn")(x)
    # mixed9.b3x3dbl_a.relu: 8x8x384
    mixed9_b3x3dbl_a_relu = keras.layers.Activation("relu", name="mixed9.b3x3dbl_a.relu")(x)

    # mixed9.b3x3dbl_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
    # mixed9.b3x3dbl_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384,
        (3, 1),
        padding="same",
        use_bias=False,
        name="mixed9.b3x3dbl_b.conv",
        **weight_settings(),
    )(mixed9_b3x3dbl_2_relu)
    # mixed9.b3x3dbl_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.b3x3dbl_b.bn")(x)
    # mixed9.b3x3dbl_b.relu: 8x8x384
    x = keras.layers.Activation("relu", name="mixed9.b3x3dbl_b.relu")(x)
    # mixed9.b3x3dbl_cat: 8x8x(384+384) -> 8x8x768
    mixed9_b3x3dbl_cat = keras.layers.Concatenate(name="mixed9.b3x3dbl_cat")(
        [mixed9_b3x3dbl_a_relu, x]
    )
    # mixed9.bpool: ceil(8/1) = 8 -> 8x8x1280
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed9.bpool")(
        mixed8_concat
    )

    # mixed9.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed9.bpool_1x1.conv: ceil(8/1) = 8 -> 8x8x192, 245,760 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed9.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed9.bpool_1x1.bn: 3*192 -> 8x8x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed9.bpool_1x1.bn")(x)
    # mixed9.bpool_1x1.relu: 8x8x192
    x = keras.layers.Activation("relu", name="mixed9.bpool_1x1.relu")(x)
    # mixed9.concat: 8x8x(320+768+768+192) -> 8x8x2048
    mixed9_concat = keras.layers.Concatenate(name="mixed9.concat")(
        [mixed9_b1x1_relu, mixed9_b3x3_cat, mixed9_b3x3dbl_cat, x]
    )

    # mixed10: block inception_c
    # mixed10.b1x1: block cbr filters=320 size=1 stride=1 padding=same
    # mixed10.b1x1.conv: ceil(8/1) = 8 -> 8x8x320, 655,360 params
    x = keras.layers.Conv2D(
        320, 1, padding="same", use_bias=False, name="mixed10.b1x1.conv", **weight_settings()
    )(mixed9_concat)
    # mixed10.b1x1.bn: 3*320 -> 8x8x320, 960 params (320 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b1x1.bn")(x)
    # mixed10.b1x1.relu: 8x8x320
    mixed10_b1x1_relu = keras.layers.Activation("relu", name="mixed10.b1x1.relu")(x)

    # mixed10.b3x3: block cbr filters=384 size=1 stride=1 padding=same
    # mixed10.b3x3.conv: ceil(8/1) = 8 -> 8x8x384, 786,432 params
    x = keras.layers.Conv2D(
        384, 1, padding="same", use_bias=False, name="mixed10.b3x3.conv", **weight_settings()
    )(mixed9_concat)
    # mixed10.b3x3.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3.bn")(x)
    # mixed10.b3x3.relu: 8x8x384
    mixed10_b3x3_relu = keras.layers.Activation("relu", name="mixed10.b3x3.relu")(x)

    # mixed10.b3x3_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
    # mixed10.b3x3_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384, (1, 3), padding="same", use_bias=False, name="mixed10.b3x3_a.conv", **weight_settings()
    )(mixed10_b3x3_relu)
    # mixed10.b3x3_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3_a.bn")(x)
    # mixed10.b3x3_a.relu: 8x8x384
    mixed10_b3x3_a_relu = keras.layers.Activation("relu", name="mixed10.b3x3_a.relu")(x)

    # mixed10.b3x3_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
    # mixed10.b3x3_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384, (3, 1), padding="same", use_bias=False, name="mixed10.b3x3_b.conv", **weight_settings()
    )(mixed10_b3x3_relu)
    # mixed10.b3x3_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3_b.bn")(x)
    # mixed10.b3x3_b.relu: 8x8x384
    x = keras.layers.Activation("relu", name="mixed10.b3x3_b.relu")(x)
    # mixed10.b3x3_cat: 8x8x(384+384) -> 8x8x768
    mixed10_b3x3_cat = keras.layers.Concatenate(name="mixed10.b3x3_cat")([mixed10_b3x3_a_relu, x])

    # mixed10.b3x3dbl_1: block cbr filters=448 size=1 stride=1 padding=same
    # mixed10.b3x3dbl_1.conv: ceil(8/1) = 8 -> 8x8x448, 917,504 params
    x = keras.layers.Conv2D(
        448, 1, padding="same", use_bias=False, name="mixed10.b3x3dbl_1.conv", **weight_settings()
    )(mixed9_concat)
    # mixed10.b3x3dbl_1.bn: 3*448 -> 8x8x448, 1,344 params (448 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3dbl_1.bn")(x)
    # mixed10.b3x3dbl_1.relu: 8x8x448
    x = keras.layers.Activation("relu", name="mixed10.b3x3dbl_1.relu")(x)

    # mixed10.b3x3dbl_2: block cbr filters=384 size=3 stride=1 padding=same
    # mixed10.b3x3dbl_2.conv: ceil(8/1) = 8 -> 8x8x384, 1,548,288 params
    x = keras.layers.Conv2D(
        384, 3, padding="same", use_bias=False, name="mixed10.b3x3dbl_2.conv", **weight_settings()
    )(x)
    # mixed10.b3x3dbl_2.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3dbl_2.bn")(x)
    # mixed10.b3x3dbl_2.relu: 8x8x384
    mixed10_b3x3dbl_2_relu = keras.layers.Activation("relu", name="mixed10.b3x3dbl_2.relu")(x)

    # mixed10.b3x3dbl_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
    # mixed10.b3x3dbl_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384,
        (1, 3),
        padding="same",
        use_bias=False,
        name="mixed10.b3x3dbl_a.conv",
        **weight_settings(),
    )(mixed10_b3x3dbl_2_relu)
    # mixed10.b3x3dbl_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3dbl_a.bn")(x)
    # mixed10.b3x3dbl_a.relu: 8x8x384
    mixed10_b3x3dbl_a_relu = keras.layers.Activation("relu", name="mixed10.b3x3dbl_a.relu")(x)

    # mixed10.b3x3dbl_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
    # mixed10.b3x3dbl_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
    x = keras.layers.Conv2D(
        384,
        (3, 1),
        padding="same",
        use_bias=False,
        name="mixed10.b3x3dbl_b.conv",
        **weight_settings(),
    )(mixed10_b3x3dbl_2_relu)
    # mixed10.b3x3dbl_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.b3x3dbl_b.bn")(x)
    # mixed10.b3x3dbl_b.relu: 8x8x384
    x = keras.layers.Activation("relu", name="mixed10.b3x3dbl_b.relu")(x)
    # mixed10.b3x3dbl_cat: 8x8x(384+384) -> 8x8x768
    mixed10_b3x3dbl_cat = keras.layers.Concatenate(name="mixed10.b3x3dbl_cat")(
        [mixed10_b3x3dbl_a_relu, x]
    )
    # mixed10.bpool: ceil(8/1) = 8 -> 8x8x2048
    x = keras.layers.AveragePooling2D(3, strides=1, padding="same", name="mixed10.bpool")(
        mixed9_concat
    )

    # mixed10.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
    # mixed10.bpool_1x1.conv: ceil(8/1) = 8 -> 8x8x192, 393,216 params
    x = keras.layers.Conv2D(
        192, 1, padding="same", use_bias=False, name="mixed10.bpool_1x1.conv", **weight_settings()
    )(x)
    # mixed10.bpool_1x1.bn: 3*192 -> 8x8x192, 576 params (192 trainable)
    x = keras.layers.BatchNormalization(scale=False, name="mixed10.bpool_1x1.bn")(x)
    # mixed10.bpool_1x1.relu: 8x8x192
    x = keras.layers.Activation("relu", name="mixed10.bpool_1x1.relu")(x)
    # mixed10.concat: 8x8x(320+768+768+192) -> 8x8x2048
    x = keras.layers.Concatenate(name="mixed10.concat")(
        [mixed10_b1x1_relu, mixed10_b3x3_cat, mixed10_b3x3dbl_cat, x]
    )

    # avg_pool: avg of 8x8 -> 2048
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
    # predictions: 2048x1000 -> 1000, 2,049,000 params
    x = keras.layers.Dense(1000, name="predictions", **weight_settings())(x)
    return keras.Model(inputs, x, name="inceptionv3")


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

    Horizontal flips; shifts of up to 32 pixels (zero-pad, then crop at random).
    """
    steps = [
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.ZeroPadding2D(32),
        keras.layers.RandomCrop(299, 299, seed=seed),
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

    The rate is multiplied by 0.94 after every 2 epochs.
    """
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=steps_per_epoch * 2, decay_rate=0.94, staircase=True
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
        default=100,
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
        default=Path("inceptionv3-weights"),
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
