"""Train resnet34, a 124-layer network with 21,814,696 parameters, in Keras.

ResNet-34 (He et al. 2015) as torchvision's resnet34 builds it: a 7x7/2 stem and 3x3/2 max
pooling (224 -> 56), then four stages of 3, 4, 6 and 3 basic blocks (two 3x3 convolutions, batch
normalization after each, identity shortcut) at 64, 128, 256 and 512 filters, global average
pooling and fc 1000. The first block of stages 2 to 4 halves the size with stride 2 and projects
its shortcut with a 1x1 conv. Layer names follow torchvision's, counted from 0: layer3_2.conv1
is torchvision's layer3.2.conv1. Source: torchvision.models.resnet34; 21,797,672 parameters
(batch normalization counted as its 2C trainable values) and 3.66 GMACs.

Written by `netspec emit` from resnet34.yaml. Give --data a folder with a subfolder of images
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
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(5e-05)}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
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

    # layer1_0: block basic filters=64 stride=1 project=false
    # layer1_0.conv1: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_0.conv1_pad")(maxpool)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_0.conv1", **weight_settings())(x)
    # layer1_0.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_0.bn1")(x)
    # layer1_0.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_0.relu1")(x)
    # layer1_0.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_0.conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_0.conv2", **weight_settings())(x)
    # layer1_0.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_0.bn2")(x)
    # layer1_0.add: 56x56x64 + 56x56x64 -> 56x56x64
    x = keras.layers.Add(name="layer1_0.add")([x, maxpool])
    # layer1_0.relu2: 56x56x64
    layer1_0_relu2 = keras.layers.Activation("relu", name="layer1_0.relu2")(x)

    # layer1_1: block basic filters=64 stride=1 project=false
    # layer1_1.conv1: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_1.conv1_pad")(layer1_0_relu2)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_1.conv1", **weight_settings())(x)
    # layer1_1.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_1.bn1")(x)
    # layer1_1.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_1.relu1")(x)
    # layer1_1.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_1.conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_1.conv2", **weight_settings())(x)
    # layer1_1.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_1.bn2")(x)
    # layer1_1.add: 56x56x64 + 56x56x64 -> 56x56x64
    x = keras.layers.Add(name="layer1_1.add")([x, layer1_0_relu2])
    # layer1_1.relu2: 56x56x64
    layer1_1_relu2 = keras.layers.Activation("relu", name="layer1_1.relu2")(x)

    # layer1_2: block basic filters=64 stride=1 project=false
    # layer1_2.conv1: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_2.conv1_pad")(layer1_1_relu2)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_2.conv1", **weight_settings())(x)
    # layer1_2.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_2.bn1")(x)
    # layer1_2.relu1: 56x56x64
    x = keras.layers.Activation("relu", name="layer1_2.relu1")(x)
    # layer1_2.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
    x = keras.layers.ZeroPadding2D(1, name="layer1_2.conv2_pad")(x)
    x = keras.layers.Conv2D(64, 3, use_bias=False, name="layer1_2.conv2", **weight_settings())(x)
    # layer1_2.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer1_2.bn2")(x)
    # layer1_2.add: 56x56x64 + 56x56x64 -> 56x56x64
    x = keras.layers.Add(name="layer1_2.add")([x, layer1_1_relu2])
    # layer1_2.relu2: 56x56x64
    layer1_2_relu2 = keras.layers.Activation("relu", name="layer1_2.relu2")(x)

    # layer2_0: block basic filters=128 stride=2 project=true
    # layer2_0.conv1: (56-3+2*1)/2+1 = 28.5 -> 28 -> 28x28x128, 73,728 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_0.conv1_pad")(layer1_2_relu2)
    x = keras.layers.Conv2D(
        128, 3, strides=2, use_bias=False, name="layer2_0.conv1", **weight_settings()
    )(x)
    # layer2_0.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_0.bn1")(x)
    # layer2_0.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_0.relu1")(x)
    # layer2_0.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_0.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_0.conv2", **weight_settings())(x)
    # layer2_0.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    layer2_0_bn2 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer2_0.bn2"
    )(x)
    # layer2_0.down: (56-1+2*0)/2+1 = 28.5 -> 28 -> 28x28x128, 8,192 params
    x = keras.layers.Conv2D(
        128, 1, strides=2, use_bias=False, name="layer2_0.down", **weight_settings()
    )(layer1_2_relu2)
    # layer2_0.down_bn: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_0.down_bn")(x)
    # layer2_0.add: 28x28x128 + 28x28x128 -> 28x28x128
    x = keras.layers.Add(name="layer2_0.add")([layer2_0_bn2, x])
    # layer2_0.relu2: 28x28x128
    layer2_0_relu2 = keras.layers.Activation("relu", name="layer2_0.relu2")(x)

    # layer2_1: block basic filters=128 stride=1 project=false
    # layer2_1.conv1: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_1.conv1_pad")(layer2_0_relu2)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_1.conv1", **weight_settings())(x)
    # layer2_1.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_1.bn1")(x)
    # layer2_1.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_1.relu1")(x)
    # layer2_1.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_1.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_1.conv2", **weight_settings())(x)
    # layer2_1.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_1.bn2")(x)
    # layer2_1.add: 28x28x128 + 28x28x128 -> 28x28x128
    x = keras.layers.Add(name="layer2_1.add")([x, layer2_0_relu2])
    # layer2_1.relu2: 28x28x128
    layer2_1_relu2 = keras.layers.Activation("relu", name="layer2_1.relu2")(x)

    # layer2_2: block basic filters=128 stride=1 project=false
    # layer2_2.conv1: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_2.conv1_pad")(layer2_1_relu2)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_2.conv1", **weight_settings())(x)
    # layer2_2.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_2.bn1")(x)
    # layer2_2.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_2.relu1")(x)
    # layer2_2.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_2.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_2.conv2", **weight_settings())(x)
    # layer2_2.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_2.bn2")(x)
    # layer2_2.add: 28x28x128 + 28x28x128 -> 28x28x128
    x = keras.layers.Add(name="layer2_2.add")([x, layer2_1_relu2])
    # layer2_2.relu2: 28x28x128
    layer2_2_relu2 = keras.layers.Activation("relu", name="layer2_2.relu2")(x)

    # layer2_3: block basic filters=128 stride=1 project=false
    # layer2_3.conv1: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_3.conv1_pad")(layer2_2_relu2)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_3.conv1", **weight_settings())(x)
    # layer2_3.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_3.bn1")(x)
    # layer2_3.relu1: 28x28x128
    x = keras.layers.Activation("relu", name="layer2_3.relu1")(x)
    # layer2_3.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
    x = keras.layers.ZeroPadding2D(1, name="layer2_3.conv2_pad")(x)
    x = keras.layers.Conv2D(128, 3, use_bias=False, name="layer2_3.conv2", **weight_settings())(x)
    # layer2_3.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer2_3.bn2")(x)
    # layer2_3.add: 28x28x128 + 28x28x128 -> 28x28x128
    x = keras.layers.Add(name="layer2_3.add")([x, layer2_2_relu2])
    # layer2_3.relu2: 28x28x128
    layer2_3_relu2 = keras.layers.Activation("relu", name="layer2_3.relu2")(x)

    # layer3_0: block basic filters=256 stride=2 project=true
    # layer3_0.conv1: (28-3+2*1)/2+1 = 14.5 -> 14 -> 14x14x256, 294,912 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_0.conv1_pad")(layer2_3_relu2)
    x = keras.layers.Conv2D(
        256, 3, strides=2, use_bias=False, name="layer3_0.conv1", **weight_settings()
    )(x)
    # layer3_0.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_0.bn1")(x)
    # layer3_0.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_0.relu1")(x)
    # layer3_0.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_0.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_0.conv2", **weight_settings())(x)
    # layer3_0.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    layer3_0_bn2 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer3_0.bn2"
    )(x)
    # layer3_0.down: (28-1+2*0)/2+1 = 14.5 -> 14 -> 14x14x256, 32,768 params
    x = keras.layers.Conv2D(
        256, 1, strides=2, use_bias=False, name="layer3_0.down", **weight_settings()
    )(layer2_3_relu2)
    # layer3_0.down_bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_0.down_bn")(x)
    # layer3_0.add: 14x14x256 + 14x14x256 -> 14x14x256
    x = keras.layers.Add(name="layer3_0.add")([layer3_0_bn2, x])
    # layer3_0.relu2: 14x14x256
    layer3_0_relu2 = keras.layers.Activation("relu", name="layer3_0.relu2")(x)

    # layer3_1: block basic filters=256 stride=1 project=false
    # layer3_1.conv1: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_1.conv1_pad")(layer3_0_relu2)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_1.conv1", **weight_settings())(x)
    # layer3_1.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_1.bn1")(x)
    # layer3_1.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_1.relu1")(x)
    # layer3_1.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_1.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_1.conv2", **weight_settings())(x)
    # layer3_1.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_1.bn2")(x)
    # layer3_1.add: 14x14x256 + 14x14x256 -> 14x14x256
    x = keras.layers.Add(name="layer3_1.add")([x, layer3_0_relu2])
    # layer3_1.relu2: 14x14x256
    layer3_1_relu2 = keras.layers.Activation("relu", name="layer3_1.relu2")(x)

    # layer3_2: block basic filters=256 stride=1 project=false
    # layer3_2.conv1: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_2.conv1_pad")(layer3_1_relu2)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_2.conv1", **weight_settings())(x)
    # layer3_2.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_2.bn1")(x)
    # layer3_2.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_2.relu1")(x)
    # layer3_2.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_2.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_2.conv2", **weight_settings())(x)
    # layer3_2.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_2.bn2")(x)
    # layer3_2.add: 14x14x256 + 14x14x256 -> 14x14x256
    x = keras.layers.Add(name="layer3_2.add")([x, layer3_1_relu2])
    # layer3_2.relu2: 14x14x256
    layer3_2_relu2 = keras.layers.Activation("relu", name="layer3_2.relu2")(x)

    # layer3_3: block basic filters=256 stride=1 project=false
    # layer3_3.conv1: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_3.conv1_pad")(layer3_2_relu2)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_3.conv1", **weight_settings())(x)
    # layer3_3.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_3.bn1")(x)
    # layer3_3.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_3.relu1")(x)
    # layer3_3.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_3.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_3.conv2", **weight_settings())(x)
    # layer3_3.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_3.bn2")(x)
    # layer3_3.add: 14x14x256 + 14x14x256 -> 14x14x256
    x = keras.layers.Add(name="layer3_3.add")([x, layer3_2_relu2])
    # layer3_3.relu2: 14x14x256
    layer3_3_relu2 = keras.layers.Activation("relu", name="layer3_3.relu2")(x)

    # layer3_4: block basic filters=256 stride=1 project=false
    # layer3_4.conv1: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_4.conv1_pad")(layer3_3_relu2)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_4.conv1", **weight_settings())(x)
    # layer3_4.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_4.bn1")(x)
    # layer3_4.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_4.relu1")(x)
    # layer3_4.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_4.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_4.conv2", **weight_settings())(x)
    # layer3_4.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_4.bn2")(x)
    # layer3_4.add: 14x14x256 + 14x14x256 -> 14x14x256
    x = keras.layers.Add(name="layer3_4.add")([x, layer3_3_relu2])
    # layer3_4.relu2: 14x14x256
    layer3_4_relu2 = keras.layers.Activation("relu", name="layer3_4.relu2")(x)

    # layer3_5: block basic filters=256 stride=1 project=false
    # layer3_5.conv1: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_5.conv1_pad")(layer3_4_relu2)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_5.conv1", **weight_settings())(x)
    # layer3_5.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_5.bn1")(x)
    # layer3_5.relu1: 14x14x256
    x = keras.layers.Activation("relu", name="layer3_5.relu1")(x)
    # layer3_5.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
    x = keras.layers.ZeroPadding2D(1, name="layer3_5.conv2_pad")(x)
    x = keras.layers.Conv2D(256, 3, use_bias=False, name="layer3_5.conv2", **weight_settings())(x)
    # layer3_5.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer3_5.bn2")(x)
    # layer3_5.add: 14x14x256 + 14x14x256 -> 14x14x256
    x = keras.layers.Add(name="layer3_5.add")([x, layer3_4_relu2])
    # layer3_5.relu2: 14x14x256
    layer3_5_relu2 = keras.layers.Activation("relu", name="layer3_5.relu2")(x)

    # layer4_0: block basic filters=512 stride=2 project=true
    # layer4_0.conv1: (14-3+2*1)/2+1 = 7.5 -> 7 -> 7x7x512, 1,179,648 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_0.conv1_pad")(layer3_5_relu2)
    x = keras.layers.Conv2D(
        512, 3, strides=2, use_bias=False, name="layer4_0.conv1", **weight_settings()
    )(x)
    # layer4_0.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_0.bn1")(x)
    # layer4_0.relu1: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_0.relu1")(x)
    # layer4_0.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_0.conv2_pad")(x)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_0.conv2", **weight_settings())(x)
    # layer4_0.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    layer4_0_bn2 = keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-05, name="layer4_0.bn2"
    )(x)
    # layer4_0.down: (14-1+2*0)/2+1 = 7.5 -> 7 -> 7x7x512, 131,072 params
    x = keras.layers.Conv2D(
        512, 1, strides=2, use_bias=False, name="layer4_0.down", **weight_settings()
    )(layer3_5_relu2)
    # layer4_0.down_bn: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_0.down_bn")(x)
    # layer4_0.add: 7x7x512 + 7x7x512 -> 7x7x512
    x = keras.layers.Add(name="layer4_0.add")([layer4_0_bn2, x])
    # layer4_0.relu2: 7x7x512
    layer4_0_relu2 = keras.layers.Activation("relu", name="layer4_0.relu2")(x)

    # layer4_1: block basic filters=512 stride=1 project=false
    # layer4_1.conv1: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_1.conv1_pad")(layer4_0_relu2)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_1.conv1", **weight_settings())(x)
    # layer4_1.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_1.bn1")(x)
    # layer4_1.relu1: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_1.relu1")(x)
    # layer4_1.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_1.conv2_pad")(x)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_1.conv2", **weight_settings())(x)
    # layer4_1.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_1.bn2")(x)
    # layer4_1.add: 7x7x512 + 7x7x512 -> 7x7x512
    x = keras.layers.Add(name="layer4_1.add")([x, layer4_0_relu2])
    # layer4_1.relu2: 7x7x512
    layer4_1_relu2 = keras.layers.Activation("relu", name="layer4_1.relu2")(x)

    # layer4_2: block basic filters=512 stride=1 project=false
    # layer4_2.conv1: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_2.conv1_pad")(layer4_1_relu2)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_2.conv1", **weight_settings())(x)
    # layer4_2.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_2.bn1")(x)
    # layer4_2.relu1: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_2.relu1")(x)
    # layer4_2.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
    x = keras.layers.ZeroPadding2D(1, name="layer4_2.conv2_pad")(x)
    x = keras.layers.Conv2D(512, 3, use_bias=False, name="layer4_2.conv2", **weight_settings())(x)
    # layer4_2.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
    x = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="layer4_2.bn2")(x)
    # layer4_2.add: 7x7x512 + 7x7x512 -> 7x7x512
    x = keras.layers.Add(name="layer4_2.add")([x, layer4_1_relu2])
    # layer4_2.relu2: 7x7x512
    x = keras.layers.Activation("relu", name="layer4_2.relu2")(x)

    # avgpool: avg of 7x7 -> 512
    x = keras.layers.GlobalAveragePooling2D(name="avgpool")(x)
    # fc: 512x1000 -> 1000, 513,000 params
    x = keras.layers.Dense(1000, name="fc", **weight_settings())(x)
    return keras.Model(inputs, x, name="resnet34")


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
    parser.add_argument("--out", type=Path, default=Path("resnet34-weights"))
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
        [keras.layers.RandomFlip("horizontal", seed=args.seed)],
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
