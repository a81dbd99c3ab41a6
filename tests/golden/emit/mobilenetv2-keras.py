"""Train mobilenetv2, a 151-layer network with 3,538,984 parameters, in Keras.

MobileNetV2 (Sandler et al. 2018, "MobileNetV2: Inverted Residuals and Linear Bottlenecks") at
width multiplier alpha 1 for 224x224 ImageNet images, as keras.applications.MobileNetV2 builds
it: a 3x3/2 convolution, 17 inverted residual blocks (1x1 expansion by 6, 3x3 depthwise, linear
1x1 projection; a shortcut add where the shape is kept), a 1x1 convolution to 1280 channels,
global average pooling and 1000 classes. Batch normalization uses epsilon 1e-3 and momentum
0.999; activations are relu6. Source: keras/src/applications/mobilenet_v2.py; 3,538,984
parameters, as Keras counts.

Written by `netspec emit` from mobilenetv2.yaml. Give --data a folder with a subfolder of images
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
EPOCHS = 150
BATCH_SIZE = 96
LEARNING_RATE = 0.045
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def weight_settings() -> dict[str, object]:
    """Keyword arguments for every conv and fc layer: the spec's train: l2."""
    return {"kernel_regularizer": keras.regularizers.L2(4e-05)}


def depthwise_settings() -> dict[str, object]:
    """weight_settings() as a depthwise layer takes them: Keras calls its kernel depthwise."""
    return {key.replace("kernel_", "depthwise_"): value for key, value in weight_settings().items()}


def build_model() -> keras.Model:
    """The network, one statement per layer, named and commented as `netspec check` shows it."""
    x = inputs = keras.Input(shape=INPUT_SHAPE, name="input")
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
    parser.add_argument("--out", type=Path, default=Path("mobilenetv2-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = build_model()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch, decay_rate=0.98, staircase=True
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
