"""Train inceptionv3, a 312-layer network with 23,851,784 parameters, in Keras.

Inception-v3 (Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer Vision")
for 299x299 ImageNet images, as keras.applications.InceptionV3 builds it: a stem of five
convolutions and two max pools (299 -> 35), three 35x35 modules (mixed0-2), a grid reduction to
17x17 (mixed3), four 17x17 modules with factorized 1x7 and 7x1 convolutions (mixed4-7), a
reduction to 8x8 (mixed8), two 8x8 modules with split 1x3/3x1 branches (mixed9-10), global
average pooling and 1000 classes. Every convolution is bias-free, followed by batch
normalization without scale (Keras's scale=False: 3C parameters, 2C of them frozen) and relu. No
auxiliary classifier. Source: keras/src/applications/inception_v3.py; 23,851,784 parameters, as
Keras counts.

Written by `netspec emit` from inceptionv3.yaml. Give --data a folder with a subfolder of images
per class (or train/ and test/ folders of such subfolders); --help lists the other options;
--out gets weights and metrics.json.
"""

import argparse
import functools
import json
import math
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

INPUT_SHAPE = (299, 299, 3)  # height, width, channels
OUTPUTS = 1000  # one score per class
EPOCHS = 100
BATCH_SIZE = 32
LEARNING_RATE = 0.045
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(4e-05)}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
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


def load_image_folder(folder: str) -> tuple[np.ndarray, ...]:
    """File paths and labels of an image folder's training and test images."""
    root = Path(folder)
    top = root / "train" if (root / "train").is_dir() and (root / "test").is_dir() else root
    classes = sorted(p.name for p in top.iterdir() if p.is_dir() and not p.name.startswith("."))
    return split_image_folder(root, classes)


def image_files(folder: Path) -> list[Path]:
    """A class folder's images, sorted by name (hidden files left out)."""
    found = [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and not p.is_dir()]
    return sorted(p for p in found if not p.name.startswith("."))


def split_image_folder(root: Path, classes: list[str]) -> tuple[np.ndarray, ...]:
    """Paths and labels of the training and test images: from train/ and test/ when the folder
    has both, else a seeded 20% of each class is held out, the same 20% every time."""
    split = (root / "train").is_dir() and (root / "test").is_dir()
    rng, rows = np.random.default_rng(0), []  # rows: (path, label, held out for testing)
    for label, name in enumerate(classes):
        if split:
            rows += [(str(p), label, False) for p in image_files(root / "train" / name)]
            rows += [(str(p), label, True) for p in image_files(root / "test" / name)]
            continue
        found = image_files(root / name)
        held = max(1, round(len(found) * 0.2)) if len(found) > 1 else 0
        test = set(rng.permutation(len(found))[:held].tolist())
        rows += [(str(p), label, i in test) for i, p in enumerate(found)]
    paths, labels, test = (np.array(column) for column in zip(*rows, strict=True))
    return paths[~test], labels[~test], paths[test], labels[test]


def split_validation(x: np.ndarray, y: np.ndarray, fraction: float, seed: int) -> tuple:
    """Hold out a seeded `fraction` of each class: at least one, never a class's last image."""
    rng, held = np.random.default_rng(seed), np.zeros(len(y), bool)
    for members in (rng.permutation(np.flatnonzero(y == label)) for label in np.unique(y)):
        held[members[: min(len(members) - 1, max(1, round(len(members) * fraction)))]] = True
    return x[~held], y[~held], x[held], y[held]


def decode_image(path: tf.Tensor, shape: tuple[int, int, int]) -> tf.Tensor:
    """An image file as uint8 `shape`: RGB (gray repeated, alpha dropped, a GIF's first frame),
    resized bilinearly as keras.utils.image_dataset_from_directory does, then gray if asked."""
    image = tf.io.decode_image(tf.io.read_file(path), channels=3, expand_animations=False)
    image = tf.image.resize(image, shape[:2])  # float32, still within 0..255
    image = tf.image.rgb_to_grayscale(image) if shape[2] == 1 else image
    return tf.cast(image + 0.5, tf.uint8)  # rounded


def fit_batch(images: tf.Tensor, shape: tuple[int, int, int]) -> tf.Tensor:
    """uint8 images as floats in [0, 1] of `shape`: alpha dropped, gray or RGB made, resized."""
    if images.shape.rank == 3:  # gray images without a channel axis
        images = images[..., None]
    images = tf.cast(images[..., :3], tf.float32) / 255.0
    if images.shape[-1] > shape[2]:  # RGB to gray before resizing: a third of the work
        images = tf.image.rgb_to_grayscale(images)
    if tuple(images.shape[1:3]) != tuple(shape[:2]):
        images = tf.clip_by_value(tf.image.resize(images, shape[:2], antialias=True), 0.0, 1.0)
    return tf.image.grayscale_to_rgb(images) if images.shape[-1] < shape[2] else images


def make_pipeline(
    x: np.ndarray, y: np.ndarray, batch_size: int, shape: tuple, training=False, seed=0, read=None
) -> tf.data.Dataset:
    """Batches of (images in [0, 1] of `shape`, labels) of uint8 images or paths `read` decodes."""
    ds = tf.data.Dataset.from_tensor_slices((x, y.astype("int32")))
    ds = ds if read else ds.cache()
    if training:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if read:
        ds = ds.map(lambda path, label: (read(path), label), tf.data.AUTOTUNE)
    ds = ds.batch(batch_size).map(lambda x, y: (fit_batch(x, shape), y))  # cheap: one thread
    return ds.prefetch(tf.data.AUTOTUNE)


def augment_batches(ds: tf.data.Dataset, augmenter: keras.Layer) -> tf.data.Dataset:
    """Random changes to each training batch, one batch after another so a seed repeats them."""
    ds = ds.map(lambda images, labels: (augmenter(images, training=True), labels))
    return ds.prefetch(tf.data.AUTOTUNE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="a folder of class folders of images")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path("inceptionv3-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch * 2, decay_rate=0.94, staircase=True
    )
    model.compile(
        optimizer=keras.optimizers.RMSprop(schedule),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
        steps_per_execution=16,  # 16 steps per call into TensorFlow: less Python overhead
    )
    read = functools.partial(decode_image, shape=INPUT_SHAPE)  # an image file, as uint8
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed, read)
    augmenter = keras.Sequential(
        [
            keras.layers.RandomFlip("horizontal", seed=args.seed),
            keras.layers.ZeroPadding2D(32),
            keras.layers.RandomCrop(299, 299, seed=args.seed),
        ],
        name="augment",
    )
    train_ds = augment_batches(train_ds, augmenter)
    val_ds = make_pipeline(x_val, y_val, args.batch_size, INPUT_SHAPE, read=read)
    test_ds = make_pipeline(x_test, y_test, args.batch_size, INPUT_SHAPE, read=read)
    model.fit(
        train_ds,
        validation_data=val_ds,
        epochs=args.epochs,
        callbacks=[keras.callbacks.BackupAndRestore(args.out / "backup")],  # rerun to resume
        shuffle=False,  # make_pipeline shuffles (and Keras would only warn)
        verbose=2,
    )
    loss, accuracy = model.evaluate(test_ds, verbose=0)
    print(f"test accuracy {accuracy:.4f}, test loss {loss:.4f}")
    model.save_weights(args.out / "weights.weights.h5")
    metrics = {"test_accuracy": accuracy, "test_loss": loss}
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
