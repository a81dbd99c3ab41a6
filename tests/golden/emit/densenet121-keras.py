"""Train densenet121, a 426-layer network with 8,062,504 parameters, in Keras.

DenseNet-121 (Huang et al. 2017, "Densely Connected Convolutional Networks") as
keras.applications.DenseNet121 builds it for 224x224 ImageNet images: a 7x7 stem, four dense
blocks of 6, 12, 24 and 16 layers with growth rate 32 (each layer concatenates 32 new feature
maps onto its input), transitions that halve the channels and the size, global average pooling
and 1000 classes. Convolutions have no bias; batch normalization uses epsilon 1.001e-5. Source:
keras/src/applications/densenet.py; 8,062,504 parameters, as Keras counts.

Written by `netspec emit` from densenet121.yaml. Give --data a folder with a subfolder of images
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

INPUT_SHAPE = (224, 224, 3)  # height, width, channels
OUTPUTS = 1000  # one score per class
EPOCHS = 90
BATCH_SIZE = 256
LEARNING_RATE = 0.1
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: init and l2.

    A new dictionary for each layer, as one unseeded initializer shared by two layers would
    give both the same starting values.
    """
    return {
        "kernel_initializer": keras.initializers.HeNormal(),
        "kernel_regularizer": keras.regularizers.L2(0.0001),
    }


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
    # conv1: (224-7+2*3)/2+1 = 112.5 -> 112 -> 112x112x64, 9,408 params
    x = keras.layers.ZeroPadding2D(3, name="conv1_pad")(x)
    x = keras.layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1", **weight_settings())(x)
    # conv1_bn: 4*64 -> 112x112x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="conv1_bn")(x)
    # conv1_relu: 112x112x64
    x = keras.layers.Activation("relu", name="conv1_relu")(x)
    # pool1: (112-3+2*1)/2+1 = 56.5 -> 56 -> 56x56x64
    x = keras.layers.ZeroPadding2D(1, name="pool1_pad")(x)
    pool1 = keras.layers.MaxPooling2D(3, strides=2, name="pool1")(x)

    # block1: block dense_block layers=6
    # block1.layer_1: block dense_layer growth=32
    # block1.layer_1.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_1.bn1")(pool1)
    # block1.layer_1.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="block1.layer_1.relu1")(x)
    # block1.layer_1.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 8,192 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block1.layer_1.conv1", **weight_settings()
    )(x)
    # block1.layer_1.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_1.bn2")(x)
    # block1.layer_1.relu2: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_1.relu2")(x)
    # block1.layer_1.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block1.layer_1.conv2", **weight_settings()
    )(x)
    # block1.layer_1.concat: 56x56x(64+32) -> 56x56x96
    block1_layer_1_concat = keras.layers.Concatenate(name="block1.layer_1.concat")([pool1, x])

    # block1.layer_2: block dense_layer growth=32
    # block1.layer_2.bn1: 4*96 -> 56x56x96, 384 params (192 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_2.bn1")(
        block1_layer_1_concat
    )
    # block1.layer_2.relu1: 56x56x96
    x = keras.layers.Activation("relu", name="block1.layer_2.relu1")(x)
    # block1.layer_2.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 12,288 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block1.layer_2.conv1", **weight_settings()
    )(x)
    # block1.layer_2.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_2.bn2")(x)
    # block1.layer_2.relu2: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_2.relu2")(x)
    # block1.layer_2.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block1.layer_2.conv2", **weight_settings()
    )(x)
    # block1.layer_2.concat: 56x56x(96+32) -> 56x56x128
    block1_layer_2_concat = keras.layers.Concatenate(name="block1.layer_2.concat")(
        [block1_layer_1_concat, x]
    )

    # block1.layer_3: block dense_layer growth=32
    # block1.layer_3.bn1: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_3.bn1")(
        block1_layer_2_concat
    )
    # block1.layer_3.relu1: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_3.relu1")(x)
    # block1.layer_3.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 16,384 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block1.layer_3.conv1", **weight_settings()
    )(x)
    # block1.layer_3.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_3.bn2")(x)
    # block1.layer_3.relu2: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_3.relu2")(x)
    # block1.layer_3.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block1.layer_3.conv2", **weight_settings()
    )(x)
    # block1.layer_3.concat: 56x56x(128+32) -> 56x56x160
    block1_layer_3_concat = keras.layers.Concatenate(name="block1.layer_3.concat")(
        [block1_layer_2_concat, x]
    )

    # block1.layer_4: block dense_layer growth=32
    # block1.layer_4.bn1: 4*160 -> 56x56x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_4.bn1")(
        block1_layer_3_concat
    )
    # block1.layer_4.relu1: 56x56x160
    x = keras.layers.Activation("relu", name="block1.layer_4.relu1")(x)
    # block1.layer_4.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 20,480 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block1.layer_4.conv1", **weight_settings()
    )(x)
    # block1.layer_4.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_4.bn2")(x)
    # block1.layer_4.relu2: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_4.relu2")(x)
    # block1.layer_4.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block1.layer_4.conv2", **weight_settings()
    )(x)
    # block1.layer_4.concat: 56x56x(160+32) -> 56x56x192
    block1_layer_4_concat = keras.layers.Concatenate(name="block1.layer_4.concat")(
        [block1_layer_3_concat, x]
    )

    # block1.layer_5: block dense_layer growth=32
    # block1.layer_5.bn1: 4*192 -> 56x56x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_5.bn1")(
        block1_layer_4_concat
    )
    # block1.layer_5.relu1: 56x56x192
    x = keras.layers.Activation("relu", name="block1.layer_5.relu1")(x)
    # block1.layer_5.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 24,576 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block1.layer_5.conv1", **weight_settings()
    )(x)
    # block1.layer_5.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_5.bn2")(x)
    # block1.layer_5.relu2: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_5.relu2")(x)
    # block1.layer_5.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block1.layer_5.conv2", **weight_settings()
    )(x)
    # block1.layer_5.concat: 56x56x(192+32) -> 56x56x224
    block1_layer_5_concat = keras.layers.Concatenate(name="block1.layer_5.concat")(
        [block1_layer_4_concat, x]
    )

    # block1.layer_6: block dense_layer growth=32
    # block1.layer_6.bn1: 4*224 -> 56x56x224, 896 params (448 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_6.bn1")(
        block1_layer_5_concat
    )
    # block1.layer_6.relu1: 56x56x224
    x = keras.layers.Activation("relu", name="block1.layer_6.relu1")(x)
    # block1.layer_6.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 28,672 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block1.layer_6.conv1", **weight_settings()
    )(x)
    # block1.layer_6.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block1.layer_6.bn2")(x)
    # block1.layer_6.relu2: 56x56x128
    x = keras.layers.Activation("relu", name="block1.layer_6.relu2")(x)
    # block1.layer_6.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block1.layer_6.conv2", **weight_settings()
    )(x)
    # block1.layer_6.concat: 56x56x(224+32) -> 56x56x256
    x = keras.layers.Concatenate(name="block1.layer_6.concat")([block1_layer_5_concat, x])

    # trans1: block transition filters=128
    # trans1.bn: 4*256 -> 56x56x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="trans1.bn")(x)
    # trans1.relu: 56x56x256
    x = keras.layers.Activation("relu", name="trans1.relu")(x)
    # trans1.conv: (56-1+2*0)/1+1 = 56 -> 56x56x128, 32,768 params
    x = keras.layers.Conv2D(128, 1, use_bias=False, name="trans1.conv", **weight_settings())(x)
    # trans1.pool: (56-2+2*0)/2+1 = 28 -> 28x28x128
    trans1_pool = keras.layers.AveragePooling2D(2, name="trans1.pool")(x)

    # block2: block dense_block layers=12
    # block2.layer_1: block dense_layer growth=32
    # block2.layer_1.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_1.bn1")(trans1_pool)
    # block2.layer_1.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_1.relu1")(x)
    # block2.layer_1.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 16,384 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_1.conv1", **weight_settings()
    )(x)
    # block2.layer_1.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_1.bn2")(x)
    # block2.layer_1.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_1.relu2")(x)
    # block2.layer_1.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_1.conv2", **weight_settings()
    )(x)
    # block2.layer_1.concat: 28x28x(128+32) -> 28x28x160
    block2_layer_1_concat = keras.layers.Concatenate(name="block2.layer_1.concat")([trans1_pool, x])

    # block2.layer_2: block dense_layer growth=32
    # block2.layer_2.bn1: 4*160 -> 28x28x160, 640 params (320 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_2.bn1")(
        block2_layer_1_concat
    )
    # block2.layer_2.relu1: 28x28x160
    x = keras.layers.Activation("relu", name="block2.layer_2.relu1")(x)
    # block2.layer_2.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 20,480 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_2.conv1", **weight_settings()
    )(x)
    # block2.layer_2.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_2.bn2")(x)
    # block2.layer_2.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_2.relu2")(x)
    # block2.layer_2.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_2.conv2", **weight_settings()
    )(x)
    # block2.layer_2.concat: 28x28x(160+32) -> 28x28x192
    block2_layer_2_concat = keras.layers.Concatenate(name="block2.layer_2.concat")(
        [block2_layer_1_concat, x]
    )

    # block2.layer_3: block dense_layer growth=32
    # block2.layer_3.bn1: 4*192 -> 28x28x192, 768 params (384 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_3.bn1")(
        block2_layer_2_concat
    )
    # block2.layer_3.relu1: 28x28x192
    x = keras.layers.Activation("relu", name="block2.layer_3.relu1")(x)
    # block2.layer_3.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 24,576 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_3.conv1", **weight_settings()
    )(x)
    # block2.layer_3.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_3.bn2")(x)
    # block2.layer_3.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_3.relu2")(x)
    # block2.layer_3.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_3.conv2", **weight_settings()
    )(x)
    # block2.layer_3.concat: 28x28x(192+32) -> 28x28x224
    block2_layer_3_concat = keras.layers.Concatenate(name="block2.layer_3.concat")(
        [block2_layer_2_concat, x]
    )

    # block2.layer_4: block dense_layer growth=32
    # block2.layer_4.bn1: 4*224 -> 28x28x224, 896 params (448 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_4.bn1")(
        block2_layer_3_concat
    )
    # block2.layer_4.relu1: 28x28x224
    x = keras.layers.Activation("relu", name="block2.layer_4.relu1")(x)
    # block2.layer_4.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 28,672 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_4.conv1", **weight_settings()
    )(x)
    # block2.layer_4.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_4.bn2")(x)
    # block2.layer_4.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_4.relu2")(x)
    # block2.layer_4.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_4.conv2", **weight_settings()
    )(x)
    # block2.layer_4.concat: 28x28x(224+32) -> 28x28x256
    block2_layer_4_concat = keras.layers.Concatenate(name="block2.layer_4.concat")(
        [block2_layer_3_concat, x]
    )

    # block2.layer_5: block dense_layer growth=32
    # block2.layer_5.bn1: 4*256 -> 28x28x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_5.bn1")(
        block2_layer_4_concat
    )
    # block2.layer_5.relu1: 28x28x256
    x = keras.layers.Activation("relu", name="block2.layer_5.relu1")(x)
    # block2.layer_5.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 32,768 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_5.conv1", **weight_settings()
    )(x)
    # block2.layer_5.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_5.bn2")(x)
    # block2.layer_5.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_5.relu2")(x)
    # block2.layer_5.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_5.conv2", **weight_settings()
    )(x)
    # block2.layer_5.concat: 28x28x(256+32) -> 28x28x288
    block2_layer_5_concat = keras.layers.Concatenate(name="block2.layer_5.concat")(
        [block2_layer_4_concat, x]
    )

    # block2.layer_6: block dense_layer growth=32
    # block2.layer_6.bn1: 4*288 -> 28x28x288, 1,152 params (576 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_6.bn1")(
        block2_layer_5_concat
    )
    # block2.layer_6.relu1: 28x28x288
    x = keras.layers.Activation("relu", name="block2.layer_6.relu1")(x)
    # block2.layer_6.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 36,864 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_6.conv1", **weight_settings()
    )(x)
    # block2.layer_6.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_6.bn2")(x)
    # block2.layer_6.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_6.relu2")(x)
    # block2.layer_6.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_6.conv2", **weight_settings()
    )(x)
    # block2.layer_6.concat: 28x28x(288+32) -> 28x28x320
    block2_layer_6_concat = keras.layers.Concatenate(name="block2.layer_6.concat")(
        [block2_layer_5_concat, x]
    )

    # block2.layer_7: block dense_layer growth=32
    # block2.layer_7.bn1: 4*320 -> 28x28x320, 1,280 params (640 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_7.bn1")(
        block2_layer_6_concat
    )
    # block2.layer_7.relu1: 28x28x320
    x = keras.layers.Activation("relu", name="block2.layer_7.relu1")(x)
    # block2.layer_7.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 40,960 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_7.conv1", **weight_settings()
    )(x)
    # block2.layer_7.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_7.bn2")(x)
    # block2.layer_7.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_7.relu2")(x)
    # block2.layer_7.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_7.conv2", **weight_settings()
    )(x)
    # block2.layer_7.concat: 28x28x(320+32) -> 28x28x352
    block2_layer_7_concat = keras.layers.Concatenate(name="block2.layer_7.concat")(
        [block2_layer_6_concat, x]
    )

    # block2.layer_8: block dense_layer growth=32
    # block2.layer_8.bn1: 4*352 -> 28x28x352, 1,408 params (704 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_8.bn1")(
        block2_layer_7_concat
    )
    # block2.layer_8.relu1: 28x28x352
    x = keras.layers.Activation("relu", name="block2.layer_8.relu1")(x)
    # block2.layer_8.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 45,056 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_8.conv1", **weight_settings()
    )(x)
    # block2.layer_8.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_8.bn2")(x)
    # block2.layer_8.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_8.relu2")(x)
    # block2.layer_8.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_8.conv2", **weight_settings()
    )(x)
    # block2.layer_8.concat: 28x28x(352+32) -> 28x28x384
    block2_layer_8_concat = keras.layers.Concatenate(name="block2.layer_8.concat")(
        [block2_layer_7_concat, x]
    )

    # block2.layer_9: block dense_layer growth=32
    # block2.layer_9.bn1: 4*384 -> 28x28x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_9.bn1")(
        block2_layer_8_concat
    )
    # block2.layer_9.relu1: 28x28x384
    x = keras.layers.Activation("relu", name="block2.layer_9.relu1")(x)
    # block2.layer_9.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 49,152 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_9.conv1", **weight_settings()
    )(x)
    # block2.layer_9.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_9.bn2")(x)
    # block2.layer_9.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_9.relu2")(x)
    # block2.layer_9.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_9.conv2", **weight_settings()
    )(x)
    # block2.layer_9.concat: 28x28x(384+32) -> 28x28x416
    block2_layer_9_concat = keras.layers.Concatenate(name="block2.layer_9.concat")(
        [block2_layer_8_concat, x]
    )

    # block2.layer_10: block dense_layer growth=32
    # block2.layer_10.bn1: 4*416 -> 28x28x416, 1,664 params (832 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_10.bn1")(
        block2_layer_9_concat
    )
    # block2.layer_10.relu1: 28x28x416
    x = keras.layers.Activation("relu", name="block2.layer_10.relu1")(x)
    # block2.layer_10.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 53,248 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_10.conv1", **weight_settings()
    )(x)
    # block2.layer_10.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_10.bn2")(x)
    # block2.layer_10.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_10.relu2")(x)
    # block2.layer_10.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_10.conv2", **weight_settings()
    )(x)
    # block2.layer_10.concat: 28x28x(416+32) -> 28x28x448
    block2_layer_10_concat = keras.layers.Concatenate(name="block2.layer_10.concat")(
        [block2_layer_9_concat, x]
    )

    # block2.layer_11: block dense_layer growth=32
    # block2.layer_11.bn1: 4*448 -> 28x28x448, 1,792 params (896 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_11.bn1")(
        block2_layer_10_concat
    )
    # block2.layer_11.relu1: 28x28x448
    x = keras.layers.Activation("relu", name="block2.layer_11.relu1")(x)
    # block2.layer_11.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 57,344 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_11.conv1", **weight_settings()
    )(x)
    # block2.layer_11.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_11.bn2")(x)
    # block2.layer_11.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_11.relu2")(x)
    # block2.layer_11.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_11.conv2", **weight_settings()
    )(x)
    # block2.layer_11.concat: 28x28x(448+32) -> 28x28x480
    block2_layer_11_concat = keras.layers.Concatenate(name="block2.layer_11.concat")(
        [block2_layer_10_concat, x]
    )

    # block2.layer_12: block dense_layer growth=32
    # block2.layer_12.bn1: 4*480 -> 28x28x480, 1,920 params (960 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_12.bn1")(
        block2_layer_11_concat
    )
    # block2.layer_12.relu1: 28x28x480
    x = keras.layers.Activation("relu", name="block2.layer_12.relu1")(x)
    # block2.layer_12.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 61,440 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block2.layer_12.conv1", **weight_settings()
    )(x)
    # block2.layer_12.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block2.layer_12.bn2")(x)
    # block2.layer_12.relu2: 28x28x128
    x = keras.layers.Activation("relu", name="block2.layer_12.relu2")(x)
    # block2.layer_12.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block2.layer_12.conv2", **weight_settings()
    )(x)
    # block2.layer_12.concat: 28x28x(480+32) -> 28x28x512
    x = keras.layers.Concatenate(name="block2.layer_12.concat")([block2_layer_11_concat, x])

    # trans2: block transition filters=256
    # trans2.bn: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="trans2.bn")(x)
    # trans2.relu: 28x28x512
    x = keras.layers.Activation("relu", name="trans2.relu")(x)
    # trans2.conv: (28-1+2*0)/1+1 = 28 -> 28x28x256, 131,072 params
    x = keras.layers.Conv2D(256, 1, use_bias=False, name="trans2.conv", **weight_settings())(x)
    # trans2.pool: (28-2+2*0)/2+1 = 14 -> 14x14x256
    trans2_pool = keras.layers.AveragePooling2D(2, name="trans2.pool")(x)

    # block3: block dense_block layers=24
    # block3.layer_1: block dense_layer growth=32
    # block3.layer_1.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_1.bn1")(trans2_pool)
    # block3.layer_1.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="block3.layer_1.relu1")(x)
    # block3.layer_1.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 32,768 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_1.conv1", **weight_settings()
    )(x)
    # block3.layer_1.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_1.bn2")(x)
    # block3.layer_1.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_1.relu2")(x)
    # block3.layer_1.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_1.conv2", **weight_settings()
    )(x)
    # block3.layer_1.concat: 14x14x(256+32) -> 14x14x288
    block3_layer_1_concat = keras.layers.Concatenate(name="block3.layer_1.concat")([trans2_pool, x])

    # block3.layer_2: block dense_layer growth=32
    # block3.layer_2.bn1: 4*288 -> 14x14x288, 1,152 params (576 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_2.bn1")(
        block3_layer_1_concat
    )
    # block3.layer_2.relu1: 14x14x288
    x = keras.layers.Activation("relu", name="block3.layer_2.relu1")(x)
    # block3.layer_2.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 36,864 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_2.conv1", **weight_settings()
    )(x)
    # block3.layer_2.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_2.bn2")(x)
    # block3.layer_2.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_2.relu2")(x)
    # block3.layer_2.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_2.conv2", **weight_settings()
    )(x)
    # block3.layer_2.concat: 14x14x(288+32) -> 14x14x320
    block3_layer_2_concat = keras.layers.Concatenate(name="block3.layer_2.concat")(
        [block3_layer_1_concat, x]
    )

    # block3.layer_3: block dense_layer growth=32
    # block3.layer_3.bn1: 4*320 -> 14x14x320, 1,280 params (640 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_3.bn1")(
        block3_layer_2_concat
    )
    # block3.layer_3.relu1: 14x14x320
    x = keras.layers.Activation("relu", name="block3.layer_3.relu1")(x)
    # block3.layer_3.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 40,960 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_3.conv1", **weight_settings()
    )(x)
    # block3.layer_3.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_3.bn2")(x)
    # block3.layer_3.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_3.relu2")(x)
    # block3.layer_3.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_3.conv2", **weight_settings()
    )(x)
    # block3.layer_3.concat: 14x14x(320+32) -> 14x14x352
    block3_layer_3_concat = keras.layers.Concatenate(name="block3.layer_3.concat")(
        [block3_layer_2_concat, x]
    )

    # block3.layer_4: block dense_layer growth=32
    # block3.layer_4.bn1: 4*352 -> 14x14x352, 1,408 params (704 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_4.bn1")(
        block3_layer_3_concat
    )
    # block3.layer_4.relu1: 14x14x352
    x = keras.layers.Activation("relu", name="block3.layer_4.relu1")(x)
    # block3.layer_4.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 45,056 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_4.conv1", **weight_settings()
    )(x)
    # block3.layer_4.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_4.bn2")(x)
    # block3.layer_4.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_4.relu2")(x)
    # block3.layer_4.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_4.conv2", **weight_settings()
    )(x)
    # block3.layer_4.concat: 14x14x(352+32) -> 14x14x384
    block3_layer_4_concat = keras.layers.Concatenate(name="block3.layer_4.concat")(
        [block3_layer_3_concat, x]
    )

    # block3.layer_5: block dense_layer growth=32
    # block3.layer_5.bn1: 4*384 -> 14x14x384, 1,536 params (768 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_5.bn1")(
        block3_layer_4_concat
    )
    # block3.layer_5.relu1: 14x14x384
    x = keras.layers.Activation("relu", name="block3.layer_5.relu1")(x)
    # block3.layer_5.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 49,152 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_5.conv1", **weight_settings()
    )(x)
    # block3.layer_5.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_5.bn2")(x)
    # block3.layer_5.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_5.relu2")(x)
    # block3.layer_5.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_5.conv2", **weight_settings()
    )(x)
    # block3.layer_5.concat: 14x14x(384+32) -> 14x14x416
    block3_layer_5_concat = keras.layers.Concatenate(name="block3.layer_5.concat")(
        [block3_layer_4_concat, x]
    )

    # block3.layer_6: block dense_layer growth=32
    # block3.layer_6.bn1: 4*416 -> 14x14x416, 1,664 params (832 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_6.bn1")(
        block3_layer_5_concat
    )
    # block3.layer_6.relu1: 14x14x416
    x = keras.layers.Activation("relu", name="block3.layer_6.relu1")(x)
    # block3.layer_6.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 53,248 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_6.conv1", **weight_settings()
    )(x)
    # block3.layer_6.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_6.bn2")(x)
    # block3.layer_6.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_6.relu2")(x)
    # block3.layer_6.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_6.conv2", **weight_settings()
    )(x)
    # block3.layer_6.concat: 14x14x(416+32) -> 14x14x448
    block3_layer_6_concat = keras.layers.Concatenate(name="block3.layer_6.concat")(
        [block3_layer_5_concat, x]
    )

    # block3.layer_7: block dense_layer growth=32
    # block3.layer_7.bn1: 4*448 -> 14x14x448, 1,792 params (896 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_7.bn1")(
        block3_layer_6_concat
    )
    # block3.layer_7.relu1: 14x14x448
    x = keras.layers.Activation("relu", name="block3.layer_7.relu1")(x)
    # block3.layer_7.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 57,344 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_7.conv1", **weight_settings()
    )(x)
    # block3.layer_7.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_7.bn2")(x)
    # block3.layer_7.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_7.relu2")(x)
    # block3.layer_7.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_7.conv2", **weight_settings()
    )(x)
    # block3.layer_7.concat: 14x14x(448+32) -> 14x14x480
    block3_layer_7_concat = keras.layers.Concatenate(name="block3.layer_7.concat")(
        [block3_layer_6_concat, x]
    )

    # block3.layer_8: block dense_layer growth=32
    # block3.layer_8.bn1: 4*480 -> 14x14x480, 1,920 params (960 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_8.bn1")(
        block3_layer_7_concat
    )
    # block3.layer_8.relu1: 14x14x480
    x = keras.layers.Activation("relu", name="block3.layer_8.relu1")(x)
    # block3.layer_8.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 61,440 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_8.conv1", **weight_settings()
    )(x)
    # block3.layer_8.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_8.bn2")(x)
    # block3.layer_8.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_8.relu2")(x)
    # block3.layer_8.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_8.conv2", **weight_settings()
    )(x)
    # block3.layer_8.concat: 14x14x(480+32) -> 14x14x512
    block3_layer_8_concat = keras.layers.Concatenate(name="block3.layer_8.concat")(
        [block3_layer_7_concat, x]
    )

    # block3.layer_9: block dense_layer growth=32
    # block3.layer_9.bn1: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_9.bn1")(
        block3_layer_8_concat
    )
    # block3.layer_9.relu1: 14x14x512
    x = keras.layers.Activation("relu", name="block3.layer_9.relu1")(x)
    # block3.layer_9.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 65,536 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_9.conv1", **weight_settings()
    )(x)
    # block3.layer_9.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_9.bn2")(x)
    # block3.layer_9.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_9.relu2")(x)
    # block3.layer_9.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_9.conv2", **weight_settings()
    )(x)
    # block3.layer_9.concat: 14x14x(512+32) -> 14x14x544
    block3_layer_9_concat = keras.layers.Concatenate(name="block3.layer_9.concat")(
        [block3_layer_8_concat, x]
    )

    # block3.layer_10: block dense_layer growth=32
    # block3.layer_10.bn1: 4*544 -> 14x14x544, 2,176 params (1,088 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_10.bn1")(
        block3_layer_9_concat
    )
    # block3.layer_10.relu1: 14x14x544
    x = keras.layers.Activation("relu", name="block3.layer_10.relu1")(x)
    # block3.layer_10.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 69,632 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_10.conv1", **weight_settings()
    )(x)
    # block3.layer_10.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_10.bn2")(x)
    # block3.layer_10.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_10.relu2")(x)
    # block3.layer_10.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_10.conv2", **weight_settings()
    )(x)
    # block3.layer_10.concat: 14x14x(544+32) -> 14x14x576
    block3_layer_10_concat = keras.layers.Concatenate(name="block3.layer_10.concat")(
        [block3_layer_9_concat, x]
    )

    # block3.layer_11: block dense_layer growth=32
    # block3.layer_11.bn1: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_11.bn1")(
        block3_layer_10_concat
    )
    # block3.layer_11.relu1: 14x14x576
    x = keras.layers.Activation("relu", name="block3.layer_11.relu1")(x)
    # block3.layer_11.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 73,728 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_11.conv1", **weight_settings()
    )(x)
    # block3.layer_11.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_11.bn2")(x)
    # block3.layer_11.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_11.relu2")(x)
    # block3.layer_11.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_11.conv2", **weight_settings()
    )(x)
    # block3.layer_11.concat: 14x14x(576+32) -> 14x14x608
    block3_layer_11_concat = keras.layers.Concatenate(name="block3.layer_11.concat")(
        [block3_layer_10_concat, x]
    )

    # block3.layer_12: block dense_layer growth=32
    # block3.layer_12.bn1: 4*608 -> 14x14x608, 2,432 params (1,216 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_12.bn1")(
        block3_layer_11_concat
    )
    # block3.layer_12.relu1: 14x14x608
    x = keras.layers.Activation("relu", name="block3.layer_12.relu1")(x)
    # block3.layer_12.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 77,824 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_12.conv1", **weight_settings()
    )(x)
    # block3.layer_12.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_12.bn2")(x)
    # block3.layer_12.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_12.relu2")(x)
    # block3.layer_12.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_12.conv2", **weight_settings()
    )(x)
    # block3.layer_12.concat: 14x14x(608+32) -> 14x14x640
    block3_layer_12_concat = keras.layers.Concatenate(name="block3.layer_12.concat")(
        [block3_layer_11_concat, x]
    )

    # block3.layer_13: block dense_layer growth=32
    # block3.layer_13.bn1: 4*640 -> 14x14x640, 2,560 params (1,280 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_13.bn1")(
        block3_layer_12_concat
    )
    # block3.layer_13.relu1: 14x14x640
    x = keras.layers.Activation("relu", name="block3.layer_13.relu1")(x)
    # block3.layer_13.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 81,920 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_13.conv1", **weight_settings()
    )(x)
    # block3.layer_13.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_13.bn2")(x)
    # block3.layer_13.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_13.relu2")(x)
    # block3.layer_13.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_13.conv2", **weight_settings()
    )(x)
    # block3.layer_13.concat: 14x14x(640+32) -> 14x14x672
    block3_layer_13_concat = keras.layers.Concatenate(name="block3.layer_13.concat")(
        [block3_layer_12_concat, x]
    )

    # block3.layer_14: block dense_layer growth=32
    # block3.layer_14.bn1: 4*672 -> 14x14x672, 2,688 params (1,344 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_14.bn1")(
        block3_layer_13_concat
    )
    # block3.layer_14.relu1: 14x14x672
    x = keras.layers.Activation("relu", name="block3.layer_14.relu1")(x)
    # block3.layer_14.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 86,016 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_14.conv1", **weight_settings()
    )(x)
    # block3.layer_14.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_14.bn2")(x)
    # block3.layer_14.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_14.relu2")(x)
    # block3.layer_14.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_14.conv2", **weight_settings()
    )(x)
    # block3.layer_14.concat: 14x14x(672+32) -> 14x14x704
    block3_layer_14_concat = keras.layers.Concatenate(name="block3.layer_14.concat")(
        [block3_layer_13_concat, x]
    )

    # block3.layer_15: block dense_layer growth=32
    # block3.layer_15.bn1: 4*704 -> 14x14x704, 2,816 params (1,408 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_15.bn1")(
        block3_layer_14_concat
    )
    # block3.layer_15.relu1: 14x14x704
    x = keras.layers.Activation("relu", name="block3.layer_15.relu1")(x)
    # block3.layer_15.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 90,112 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_15.conv1", **weight_settings()
    )(x)
    # block3.layer_15.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_15.bn2")(x)
    # block3.layer_15.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_15.relu2")(x)
    # block3.layer_15.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_15.conv2", **weight_settings()
    )(x)
    # block3.layer_15.concat: 14x14x(704+32) -> 14x14x736
    block3_layer_15_concat = keras.layers.Concatenate(name="block3.layer_15.concat")(
        [block3_layer_14_concat, x]
    )

    # block3.layer_16: block dense_layer growth=32
    # block3.layer_16.bn1: 4*736 -> 14x14x736, 2,944 params (1,472 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_16.bn1")(
        block3_layer_15_concat
    )
    # block3.layer_16.relu1: 14x14x736
    x = keras.layers.Activation("relu", name="block3.layer_16.relu1")(x)
    # block3.layer_16.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 94,208 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_16.conv1", **weight_settings()
    )(x)
    # block3.layer_16.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_16.bn2")(x)
    # block3.layer_16.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_16.relu2")(x)
    # block3.layer_16.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_16.conv2", **weight_settings()
    )(x)
    # block3.layer_16.concat: 14x14x(736+32) -> 14x14x768
    block3_layer_16_concat = keras.layers.Concatenate(name="block3.layer_16.concat")(
        [block3_layer_15_concat, x]
    )

    # block3.layer_17: block dense_layer growth=32
    # block3.layer_17.bn1: 4*768 -> 14x14x768, 3,072 params (1,536 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_17.bn1")(
        block3_layer_16_concat
    )
    # block3.layer_17.relu1: 14x14x768
    x = keras.layers.Activation("relu", name="block3.layer_17.relu1")(x)
    # block3.layer_17.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 98,304 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_17.conv1", **weight_settings()
    )(x)
    # block3.layer_17.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_17.bn2")(x)
    # block3.layer_17.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_17.relu2")(x)
    # block3.layer_17.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_17.conv2", **weight_settings()
    )(x)
    # block3.layer_17.concat: 14x14x(768+32) -> 14x14x800
    block3_layer_17_concat = keras.layers.Concatenate(name="block3.layer_17.concat")(
        [block3_layer_16_concat, x]
    )

    # block3.layer_18: block dense_layer growth=32
    # block3.layer_18.bn1: 4*800 -> 14x14x800, 3,200 params (1,600 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_18.bn1")(
        block3_layer_17_concat
    )
    # block3.layer_18.relu1: 14x14x800
    x = keras.layers.Activation("relu", name="block3.layer_18.relu1")(x)
    # block3.layer_18.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 102,400 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_18.conv1", **weight_settings()
    )(x)
    # block3.layer_18.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_18.bn2")(x)
    # block3.layer_18.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_18.relu2")(x)
    # block3.layer_18.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_18.conv2", **weight_settings()
    )(x)
    # block3.layer_18.concat: 14x14x(800+32) -> 14x14x832
    block3_layer_18_concat = keras.layers.Concatenate(name="block3.layer_18.concat")(
        [block3_layer_17_concat, x]
    )

    # block3.layer_19: block dense_layer growth=32
    # block3.layer_19.bn1: 4*832 -> 14x14x832, 3,328 params (1,664 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_19.bn1")(
        block3_layer_18_concat
    )
    # block3.layer_19.relu1: 14x14x832
    x = keras.layers.Activation("relu", name="block3.layer_19.relu1")(x)
    # block3.layer_19.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 106,496 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_19.conv1", **weight_settings()
    )(x)
    # block3.layer_19.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_19.bn2")(x)
    # block3.layer_19.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_19.relu2")(x)
    # block3.layer_19.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_19.conv2", **weight_settings()
    )(x)
    # block3.layer_19.concat: 14x14x(832+32) -> 14x14x864
    block3_layer_19_concat = keras.layers.Concatenate(name="block3.layer_19.concat")(
        [block3_layer_18_concat, x]
    )

    # block3.layer_20: block dense_layer growth=32
    # block3.layer_20.bn1: 4*864 -> 14x14x864, 3,456 params (1,728 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_20.bn1")(
        block3_layer_19_concat
    )
    # block3.layer_20.relu1: 14x14x864
    x = keras.layers.Activation("relu", name="block3.layer_20.relu1")(x)
    # block3.layer_20.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 110,592 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_20.conv1", **weight_settings()
    )(x)
    # block3.layer_20.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_20.bn2")(x)
    # block3.layer_20.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_20.relu2")(x)
    # block3.layer_20.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_20.conv2", **weight_settings()
    )(x)
    # block3.layer_20.concat: 14x14x(864+32) -> 14x14x896
    block3_layer_20_concat = keras.layers.Concatenate(name="block3.layer_20.concat")(
        [block3_layer_19_concat, x]
    )

    # block3.layer_21: block dense_layer growth=32
    # block3.layer_21.bn1: 4*896 -> 14x14x896, 3,584 params (1,792 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_21.bn1")(
        block3_layer_20_concat
    )
    # block3.layer_21.relu1: 14x14x896
    x = keras.layers.Activation("relu", name="block3.layer_21.relu1")(x)
    # block3.layer_21.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 114,688 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_21.conv1", **weight_settings()
    )(x)
    # block3.layer_21.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_21.bn2")(x)
    # block3.layer_21.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_21.relu2")(x)
    # block3.layer_21.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_21.conv2", **weight_settings()
    )(x)
    # block3.layer_21.concat: 14x14x(896+32) -> 14x14x928
    block3_layer_21_concat = keras.layers.Concatenate(name="block3.layer_21.concat")(
        [block3_layer_20_concat, x]
    )

    # block3.layer_22: block dense_layer growth=32
    # block3.layer_22.bn1: 4*928 -> 14x14x928, 3,712 params (1,856 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_22.bn1")(
        block3_layer_21_concat
    )
    # block3.layer_22.relu1: 14x14x928
    x = keras.layers.Activation("relu", name="block3.layer_22.relu1")(x)
    # block3.layer_22.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 118,784 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_22.conv1", **weight_settings()
    )(x)
    # block3.layer_22.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_22.bn2")(x)
    # block3.layer_22.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_22.relu2")(x)
    # block3.layer_22.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_22.conv2", **weight_settings()
    )(x)
    # block3.layer_22.concat: 14x14x(928+32) -> 14x14x960
    block3_layer_22_concat = keras.layers.Concatenate(name="block3.layer_22.concat")(
        [block3_layer_21_concat, x]
    )

    # block3.layer_23: block dense_layer growth=32
    # block3.layer_23.bn1: 4*960 -> 14x14x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_23.bn1")(
        block3_layer_22_concat
    )
    # block3.layer_23.relu1: 14x14x960
    x = keras.layers.Activation("relu", name="block3.layer_23.relu1")(x)
    # block3.layer_23.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 122,880 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_23.conv1", **weight_settings()
    )(x)
    # block3.layer_23.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_23.bn2")(x)
    # block3.layer_23.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_23.relu2")(x)
    # block3.layer_23.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_23.conv2", **weight_settings()
    )(x)
    # block3.layer_23.concat: 14x14x(960+32) -> 14x14x992
    block3_layer_23_concat = keras.layers.Concatenate(name="block3.layer_23.concat")(
        [block3_layer_22_concat, x]
    )

    # block3.layer_24: block dense_layer growth=32
    # block3.layer_24.bn1: 4*992 -> 14x14x992, 3,968 params (1,984 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_24.bn1")(
        block3_layer_23_concat
    )
    # block3.layer_24.relu1: 14x14x992
    x = keras.layers.Activation("relu", name="block3.layer_24.relu1")(x)
    # block3.layer_24.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 126,976 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block3.layer_24.conv1", **weight_settings()
    )(x)
    # block3.layer_24.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block3.layer_24.bn2")(x)
    # block3.layer_24.relu2: 14x14x128
    x = keras.layers.Activation("relu", name="block3.layer_24.relu2")(x)
    # block3.layer_24.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block3.layer_24.conv2", **weight_settings()
    )(x)
    # block3.layer_24.concat: 14x14x(992+32) -> 14x14x1024
    x = keras.layers.Concatenate(name="block3.layer_24.concat")([block3_layer_23_concat, x])

    # trans3: block transition filters=512
    # trans3.bn: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="trans3.bn")(x)
    # trans3.relu: 14x14x1024
    x = keras.layers.Activation("relu", name="trans3.relu")(x)
    # trans3.conv: (14-1+2*0)/1+1 = 14 -> 14x14x512, 524,288 params
    x = keras.layers.Conv2D(512, 1, use_bias=False, name="trans3.conv", **weight_settings())(x)
    # trans3.pool: (14-2+2*0)/2+1 = 7 -> 7x7x512
    trans3_pool = keras.layers.AveragePooling2D(2, name="trans3.pool")(x)

    # block4: block dense_block layers=16
    # block4.layer_1: block dense_layer growth=32
    # block4.layer_1.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_1.bn1")(trans3_pool)
    # block4.layer_1.relu1: 7x7x512
    x = keras.layers.Activation("relu", name="block4.layer_1.relu1")(x)
    # block4.layer_1.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 65,536 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_1.conv1", **weight_settings()
    )(x)
    # block4.layer_1.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_1.bn2")(x)
    # block4.layer_1.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_1.relu2")(x)
    # block4.layer_1.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_1.conv2", **weight_settings()
    )(x)
    # block4.layer_1.concat: 7x7x(512+32) -> 7x7x544
    block4_layer_1_concat = keras.layers.Concatenate(name="block4.layer_1.concat")([trans3_pool, x])

    # block4.layer_2: block dense_layer growth=32
    # block4.layer_2.bn1: 4*544 -> 7x7x544, 2,176 params (1,088 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_2.bn1")(
        block4_layer_1_concat
    )
    # block4.layer_2.relu1: 7x7x544
    x = keras.layers.Activation("relu", name="block4.layer_2.relu1")(x)
    # block4.layer_2.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 69,632 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_2.conv1", **weight_settings()
    )(x)
    # block4.layer_2.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_2.bn2")(x)
    # block4.layer_2.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_2.relu2")(x)
    # block4.layer_2.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_2.conv2", **weight_settings()
    )(x)
    # block4.layer_2.concat: 7x7x(544+32) -> 7x7x576
    block4_layer_2_concat = keras.layers.Concatenate(name="block4.layer_2.concat")(
        [block4_layer_1_concat, x]
    )

    # block4.layer_3: block dense_layer growth=32
    # block4.layer_3.bn1: 4*576 -> 7x7x576, 2,304 params (1,152 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_3.bn1")(
        block4_layer_2_concat
    )
    # block4.layer_3.relu1: 7x7x576
    x = keras.layers.Activation("relu", name="block4.layer_3.relu1")(x)
    # block4.layer_3.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 73,728 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_3.conv1", **weight_settings()
    )(x)
    # block4.layer_3.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_3.bn2")(x)
    # block4.layer_3.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_3.relu2")(x)
    # block4.layer_3.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_3.conv2", **weight_settings()
    )(x)
    # block4.layer_3.concat: 7x7x(576+32) -> 7x7x608
    block4_layer_3_concat = keras.layers.Concatenate(name="block4.layer_3.concat")(
        [block4_layer_2_concat, x]
    )

    # block4.layer_4: block dense_layer growth=32
    # block4.layer_4.bn1: 4*608 -> 7x7x608, 2,432 params (1,216 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_4.bn1")(
        block4_layer_3_concat
    )
    # block4.layer_4.relu1: 7x7x608
    x = keras.layers.Activation("relu", name="block4.layer_4.relu1")(x)
    # block4.layer_4.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 77,824 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_4.conv1", **weight_settings()
    )(x)
    # block4.layer_4.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_4.bn2")(x)
    # block4.layer_4.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_4.relu2")(x)
    # block4.layer_4.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_4.conv2", **weight_settings()
    )(x)
    # block4.layer_4.concat: 7x7x(608+32) -> 7x7x640
    block4_layer_4_concat = keras.layers.Concatenate(name="block4.layer_4.concat")(
        [block4_layer_3_concat, x]
    )

    # block4.layer_5: block dense_layer growth=32
    # block4.layer_5.bn1: 4*640 -> 7x7x640, 2,560 params (1,280 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_5.bn1")(
        block4_layer_4_concat
    )
    # block4.layer_5.relu1: 7x7x640
    x = keras.layers.Activation("relu", name="block4.layer_5.relu1")(x)
    # block4.layer_5.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 81,920 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_5.conv1", **weight_settings()
    )(x)
    # block4.layer_5.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_5.bn2")(x)
    # block4.layer_5.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_5.relu2")(x)
    # block4.layer_5.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_5.conv2", **weight_settings()
    )(x)
    # block4.layer_5.concat: 7x7x(640+32) -> 7x7x672
    block4_layer_5_concat = keras.layers.Concatenate(name="block4.layer_5.concat")(
        [block4_layer_4_concat, x]
    )

    # block4.layer_6: block dense_layer growth=32
    # block4.layer_6.bn1: 4*672 -> 7x7x672, 2,688 params (1,344 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_6.bn1")(
        block4_layer_5_concat
    )
    # block4.layer_6.relu1: 7x7x672
    x = keras.layers.Activation("relu", name="block4.layer_6.relu1")(x)
    # block4.layer_6.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 86,016 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_6.conv1", **weight_settings()
    )(x)
    # block4.layer_6.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_6.bn2")(x)
    # block4.layer_6.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_6.relu2")(x)
    # block4.layer_6.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_6.conv2", **weight_settings()
    )(x)
    # block4.layer_6.concat: 7x7x(672+32) -> 7x7x704
    block4_layer_6_concat = keras.layers.Concatenate(name="block4.layer_6.concat")(
        [block4_layer_5_concat, x]
    )

    # block4.layer_7: block dense_layer growth=32
    # block4.layer_7.bn1: 4*704 -> 7x7x704, 2,816 params (1,408 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_7.bn1")(
        block4_layer_6_concat
    )
    # block4.layer_7.relu1: 7x7x704
    x = keras.layers.Activation("relu", name="block4.layer_7.relu1")(x)
    # block4.layer_7.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 90,112 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_7.conv1", **weight_settings()
    )(x)
    # block4.layer_7.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_7.bn2")(x)
    # block4.layer_7.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_7.relu2")(x)
    # block4.layer_7.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_7.conv2", **weight_settings()
    )(x)
    # block4.layer_7.concat: 7x7x(704+32) -> 7x7x736
    block4_layer_7_concat = keras.layers.Concatenate(name="block4.layer_7.concat")(
        [block4_layer_6_concat, x]
    )

    # block4.layer_8: block dense_layer growth=32
    # block4.layer_8.bn1: 4*736 -> 7x7x736, 2,944 params (1,472 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_8.bn1")(
        block4_layer_7_concat
    )
    # block4.layer_8.relu1: 7x7x736
    x = keras.layers.Activation("relu", name="block4.layer_8.relu1")(x)
    # block4.layer_8.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 94,208 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_8.conv1", **weight_settings()
    )(x)
    # block4.layer_8.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_8.bn2")(x)
    # block4.layer_8.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_8.relu2")(x)
    # block4.layer_8.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_8.conv2", **weight_settings()
    )(x)
    # block4.layer_8.concat: 7x7x(736+32) -> 7x7x768
    block4_layer_8_concat = keras.layers.Concatenate(name="block4.layer_8.concat")(
        [block4_layer_7_concat, x]
    )

    # block4.layer_9: block dense_layer growth=32
    # block4.layer_9.bn1: 4*768 -> 7x7x768, 3,072 params (1,536 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_9.bn1")(
        block4_layer_8_concat
    )
    # block4.layer_9.relu1: 7x7x768
    x = keras.layers.Activation("relu", name="block4.layer_9.relu1")(x)
    # block4.layer_9.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 98,304 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_9.conv1", **weight_settings()
    )(x)
    # block4.layer_9.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_9.bn2")(x)
    # block4.layer_9.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_9.relu2")(x)
    # block4.layer_9.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_9.conv2", **weight_settings()
    )(x)
    # block4.layer_9.concat: 7x7x(768+32) -> 7x7x800
    block4_layer_9_concat = keras.layers.Concatenate(name="block4.layer_9.concat")(
        [block4_layer_8_concat, x]
    )

    # block4.layer_10: block dense_layer growth=32
    # block4.layer_10.bn1: 4*800 -> 7x7x800, 3,200 params (1,600 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_10.bn1")(
        block4_layer_9_concat
    )
    # block4.layer_10.relu1: 7x7x800
    x = keras.layers.Activation("relu", name="block4.layer_10.relu1")(x)
    # block4.layer_10.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 102,400 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_10.conv1", **weight_settings()
    )(x)
    # block4.layer_10.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_10.bn2")(x)
    # block4.layer_10.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_10.relu2")(x)
    # block4.layer_10.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_10.conv2", **weight_settings()
    )(x)
    # block4.layer_10.concat: 7x7x(800+32) -> 7x7x832
    block4_layer_10_concat = keras.layers.Concatenate(name="block4.layer_10.concat")(
        [block4_layer_9_concat, x]
    )

    # block4.layer_11: block dense_layer growth=32
    # block4.layer_11.bn1: 4*832 -> 7x7x832, 3,328 params (1,664 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_11.bn1")(
        block4_layer_10_concat
    )
    # block4.layer_11.relu1: 7x7x832
    x = keras.layers.Activation("relu", name="block4.layer_11.relu1")(x)
    # block4.layer_11.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 106,496 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_11.conv1", **weight_settings()
    )(x)
    # block4.layer_11.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_11.bn2")(x)
    # block4.layer_11.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_11.relu2")(x)
    # block4.layer_11.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_11.conv2", **weight_settings()
    )(x)
    # block4.layer_11.concat: 7x7x(832+32) -> 7x7x864
    block4_layer_11_concat = keras.layers.Concatenate(name="block4.layer_11.concat")(
        [block4_layer_10_concat, x]
    )

    # block4.layer_12: block dense_layer growth=32
    # block4.layer_12.bn1: 4*864 -> 7x7x864, 3,456 params (1,728 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_12.bn1")(
        block4_layer_11_concat
    )
    # block4.layer_12.relu1: 7x7x864
    x = keras.layers.Activation("relu", name="block4.layer_12.relu1")(x)
    # block4.layer_12.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 110,592 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_12.conv1", **weight_settings()
    )(x)
    # block4.layer_12.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_12.bn2")(x)
    # block4.layer_12.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_12.relu2")(x)
    # block4.layer_12.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_12.conv2", **weight_settings()
    )(x)
    # block4.layer_12.concat: 7x7x(864+32) -> 7x7x896
    block4_layer_12_concat = keras.layers.Concatenate(name="block4.layer_12.concat")(
        [block4_layer_11_concat, x]
    )

    # block4.layer_13: block dense_layer growth=32
    # block4.layer_13.bn1: 4*896 -> 7x7x896, 3,584 params (1,792 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_13.bn1")(
        block4_layer_12_concat
    )
    # block4.layer_13.relu1: 7x7x896
    x = keras.layers.Activation("relu", name="block4.layer_13.relu1")(x)
    # block4.layer_13.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 114,688 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_13.conv1", **weight_settings()
    )(x)
    # block4.layer_13.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_13.bn2")(x)
    # block4.layer_13.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_13.relu2")(x)
    # block4.layer_13.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_13.conv2", **weight_settings()
    )(x)
    # block4.layer_13.concat: 7x7x(896+32) -> 7x7x928
    block4_layer_13_concat = keras.layers.Concatenate(name="block4.layer_13.concat")(
        [block4_layer_12_concat, x]
    )

    # block4.layer_14: block dense_layer growth=32
    # block4.layer_14.bn1: 4*928 -> 7x7x928, 3,712 params (1,856 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_14.bn1")(
        block4_layer_13_concat
    )
    # block4.layer_14.relu1: 7x7x928
    x = keras.layers.Activation("relu", name="block4.layer_14.relu1")(x)
    # block4.layer_14.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 118,784 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_14.conv1", **weight_settings()
    )(x)
    # block4.layer_14.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_14.bn2")(x)
    # block4.layer_14.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_14.relu2")(x)
    # block4.layer_14.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_14.conv2", **weight_settings()
    )(x)
    # block4.layer_14.concat: 7x7x(928+32) -> 7x7x960
    block4_layer_14_concat = keras.layers.Concatenate(name="block4.layer_14.concat")(
        [block4_layer_13_concat, x]
    )

    # block4.layer_15: block dense_layer growth=32
    # block4.layer_15.bn1: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_15.bn1")(
        block4_layer_14_concat
    )
    # block4.layer_15.relu1: 7x7x960
    x = keras.layers.Activation("relu", name="block4.layer_15.relu1")(x)
    # block4.layer_15.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 122,880 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_15.conv1", **weight_settings()
    )(x)
    # block4.layer_15.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_15.bn2")(x)
    # block4.layer_15.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_15.relu2")(x)
    # block4.layer_15.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_15.conv2", **weight_settings()
    )(x)
    # block4.layer_15.concat: 7x7x(960+32) -> 7x7x992
    block4_layer_15_concat = keras.layers.Concatenate(name="block4.layer_15.concat")(
        [block4_layer_14_concat, x]
    )

    # block4.layer_16: block dense_layer growth=32
    # block4.layer_16.bn1: 4*992 -> 7x7x992, 3,968 params (1,984 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_16.bn1")(
        block4_layer_15_concat
    )
    # block4.layer_16.relu1: 7x7x992
    x = keras.layers.Activation("relu", name="block4.layer_16.relu1")(x)
    # block4.layer_16.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 126,976 params
    x = keras.layers.Conv2D(
        128, 1, use_bias=False, name="block4.layer_16.conv1", **weight_settings()
    )(x)
    # block4.layer_16.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="block4.layer_16.bn2")(x)
    # block4.layer_16.relu2: 7x7x128
    x = keras.layers.Activation("relu", name="block4.layer_16.relu2")(x)
    # block4.layer_16.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
    x = keras.layers.Conv2D(
        32, 3, padding="same", use_bias=False, name="block4.layer_16.conv2", **weight_settings()
    )(x)
    # block4.layer_16.concat: 7x7x(992+32) -> 7x7x1024
    x = keras.layers.Concatenate(name="block4.layer_16.concat")([block4_layer_15_concat, x])

    # bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
    x = keras.layers.BatchNormalization(epsilon=1.001e-05, name="bn")(x)
    # relu: 7x7x1024
    x = keras.layers.Activation("relu", name="relu")(x)
    # avg_pool: avg of 7x7 -> 1024
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
    # predictions: 1024x1000 -> 1000, 1,025,000 params
    x = keras.layers.Dense(1000, name="predictions", **weight_settings())(x)
    return keras.Model(inputs, x, name="densenet121")


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
    parser.add_argument("--out", type=Path, default=Path("densenet121-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch * 30, decay_rate=0.1, staircase=True
    )
    model.compile(
        optimizer=keras.optimizers.SGD(schedule, momentum=0.9),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
        steps_per_execution=16,  # 16 steps per call into TensorFlow: less Python overhead
    )
    read = functools.partial(decode_image, shape=INPUT_SHAPE)  # an image file, as uint8
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed, read)
    augmenter = keras.Sequential(
        [
            keras.layers.RandomFlip("horizontal", seed=args.seed),
            keras.layers.ZeroPadding2D(16),
            keras.layers.RandomCrop(224, 224, seed=args.seed),
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
