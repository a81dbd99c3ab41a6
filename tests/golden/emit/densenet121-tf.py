"""Train densenet121, a 426-layer network with 8,062,504 parameters, in TensorFlow.

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
import shutil
from collections.abc import Iterator
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


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: he_normal."""
    return tf.Variable(keras.initializers.HeNormal()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


def new_batchnorm(channels: int) -> dict[str, tf.Variable]:
    """Scale and offset (trained); moving mean and variance (updated in training, not trained)."""
    return {
        "gamma": tf.Variable(tf.ones([channels])),
        "beta": tf.Variable(tf.zeros([channels])),
        "moving_mean": tf.Variable(tf.zeros([channels]), trainable=False),
        "moving_variance": tf.Variable(tf.ones([channels]), trainable=False),
    }


def batch_norm(
    x: tf.Tensor, v: dict[str, tf.Variable], momentum: float, epsilon: float, training: bool
) -> tf.Tensor:
    """Normalise over every axis but the last, as Keras's BatchNormalization does.

    While training: with the batch's mean and variance, and move the moving averages towards
    them; otherwise with the moving averages.
    """
    if training:
        mean, variance = tf.nn.moments(x, axes=list(range(len(x.shape) - 1)))
        v["moving_mean"].assign(momentum * v["moving_mean"] + (1 - momentum) * mean)
        v["moving_variance"].assign(momentum * v["moving_variance"] + (1 - momentum) * variance)
    else:
        mean, variance = v["moving_mean"], v["moving_variance"]
    return tf.nn.batch_normalization(x, mean, variance, v["beta"], v["gamma"], epsilon)


class Network(tf.Module):
    """The network in plain TensorFlow: variables per layer, tf.nn ops in forward."""

    def __init__(self) -> None:
        super().__init__(name="densenet121")
        self.weights = {
            "conv1": {"kernel": new_kernel((7, 7, 3, 64))},
            "conv1_bn": new_batchnorm(64),
            "block1.layer_1.bn1": new_batchnorm(64),
            "block1.layer_1.conv1": {"kernel": new_kernel((1, 1, 64, 128))},
            "block1.layer_1.bn2": new_batchnorm(128),
            "block1.layer_1.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block1.layer_2.bn1": new_batchnorm(96),
            "block1.layer_2.conv1": {"kernel": new_kernel((1, 1, 96, 128))},
            "block1.layer_2.bn2": new_batchnorm(128),
            "block1.layer_2.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block1.layer_3.bn1": new_batchnorm(128),
            "block1.layer_3.conv1": {"kernel": new_kernel((1, 1, 128, 128))},
            "block1.layer_3.bn2": new_batchnorm(128),
            "block1.layer_3.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block1.layer_4.bn1": new_batchnorm(160),
            "block1.layer_4.conv1": {"kernel": new_kernel((1, 1, 160, 128))},
            "block1.layer_4.bn2": new_batchnorm(128),
            "block1.layer_4.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block1.layer_5.bn1": new_batchnorm(192),
            "block1.layer_5.conv1": {"kernel": new_kernel((1, 1, 192, 128))},
            "block1.layer_5.bn2": new_batchnorm(128),
            "block1.layer_5.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block1.layer_6.bn1": new_batchnorm(224),
            "block1.layer_6.conv1": {"kernel": new_kernel((1, 1, 224, 128))},
            "block1.layer_6.bn2": new_batchnorm(128),
            "block1.layer_6.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "trans1.bn": new_batchnorm(256),
            "trans1.conv": {"kernel": new_kernel((1, 1, 256, 128))},
            "block2.layer_1.bn1": new_batchnorm(128),
            "block2.layer_1.conv1": {"kernel": new_kernel((1, 1, 128, 128))},
            "block2.layer_1.bn2": new_batchnorm(128),
            "block2.layer_1.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_2.bn1": new_batchnorm(160),
            "block2.layer_2.conv1": {"kernel": new_kernel((1, 1, 160, 128))},
            "block2.layer_2.bn2": new_batchnorm(128),
            "block2.layer_2.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_3.bn1": new_batchnorm(192),
            "block2.layer_3.conv1": {"kernel": new_kernel((1, 1, 192, 128))},
            "block2.layer_3.bn2": new_batchnorm(128),
            "block2.layer_3.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_4.bn1": new_batchnorm(224),
            "block2.layer_4.conv1": {"kernel": new_kernel((1, 1, 224, 128))},
            "block2.layer_4.bn2": new_batchnorm(128),
            "block2.layer_4.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_5.bn1": new_batchnorm(256),
            "block2.layer_5.conv1": {"kernel": new_kernel((1, 1, 256, 128))},
            "block2.layer_5.bn2": new_batchnorm(128),
            "block2.layer_5.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_6.bn1": new_batchnorm(288),
            "block2.layer_6.conv1": {"kernel": new_kernel((1, 1, 288, 128))},
            "block2.layer_6.bn2": new_batchnorm(128),
            "block2.layer_6.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_7.bn1": new_batchnorm(320),
            "block2.layer_7.conv1": {"kernel": new_kernel((1, 1, 320, 128))},
            "block2.layer_7.bn2": new_batchnorm(128),
            "block2.layer_7.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_8.bn1": new_batchnorm(352),
            "block2.layer_8.conv1": {"kernel": new_kernel((1, 1, 352, 128))},
            "block2.layer_8.bn2": new_batchnorm(128),
            "block2.layer_8.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_9.bn1": new_batchnorm(384),
            "block2.layer_9.conv1": {"kernel": new_kernel((1, 1, 384, 128))},
            "block2.layer_9.bn2": new_batchnorm(128),
            "block2.layer_9.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_10.bn1": new_batchnorm(416),
            "block2.layer_10.conv1": {"kernel": new_kernel((1, 1, 416, 128))},
            "block2.layer_10.bn2": new_batchnorm(128),
            "block2.layer_10.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_11.bn1": new_batchnorm(448),
            "block2.layer_11.conv1": {"kernel": new_kernel((1, 1, 448, 128))},
            "block2.layer_11.bn2": new_batchnorm(128),
            "block2.layer_11.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block2.layer_12.bn1": new_batchnorm(480),
            "block2.layer_12.conv1": {"kernel": new_kernel((1, 1, 480, 128))},
            "block2.layer_12.bn2": new_batchnorm(128),
            "block2.layer_12.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "trans2.bn": new_batchnorm(512),
            "trans2.conv": {"kernel": new_kernel((1, 1, 512, 256))},
            "block3.layer_1.bn1": new_batchnorm(256),
            "block3.layer_1.conv1": {"kernel": new_kernel((1, 1, 256, 128))},
            "block3.layer_1.bn2": new_batchnorm(128),
            "block3.layer_1.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_2.bn1": new_batchnorm(288),
            "block3.layer_2.conv1": {"kernel": new_kernel((1, 1, 288, 128))},
            "block3.layer_2.bn2": new_batchnorm(128),
            "block3.layer_2.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_3.bn1": new_batchnorm(320),
            "block3.layer_3.conv1": {"kernel": new_kernel((1, 1, 320, 128))},
            "block3.layer_3.bn2": new_batchnorm(128),
            "block3.layer_3.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_4.bn1": new_batchnorm(352),
            "block3.layer_4.conv1": {"kernel": new_kernel((1, 1, 352, 128))},
            "block3.layer_4.bn2": new_batchnorm(128),
            "block3.layer_4.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_5.bn1": new_batchnorm(384),
            "block3.layer_5.conv1": {"kernel": new_kernel((1, 1, 384, 128))},
            "block3.layer_5.bn2": new_batchnorm(128),
            "block3.layer_5.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_6.bn1": new_batchnorm(416),
            "block3.layer_6.conv1": {"kernel": new_kernel((1, 1, 416, 128))},
            "block3.layer_6.bn2": new_batchnorm(128),
            "block3.layer_6.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_7.bn1": new_batchnorm(448),
            "block3.layer_7.conv1": {"kernel": new_kernel((1, 1, 448, 128))},
            "block3.layer_7.bn2": new_batchnorm(128),
            "block3.layer_7.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_8.bn1": new_batchnorm(480),
            "block3.layer_8.conv1": {"kernel": new_kernel((1, 1, 480, 128))},
            "block3.layer_8.bn2": new_batchnorm(128),
            "block3.layer_8.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_9.bn1": new_batchnorm(512),
            "block3.layer_9.conv1": {"kernel": new_kernel((1, 1, 512, 128))},
            "block3.layer_9.bn2": new_batchnorm(128),
            "block3.layer_9.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_10.bn1": new_batchnorm(544),
            "block3.layer_10.conv1": {"kernel": new_kernel((1, 1, 544, 128))},
            "block3.layer_10.bn2": new_batchnorm(128),
            "block3.layer_10.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_11.bn1": new_batchnorm(576),
            "block3.layer_11.conv1": {"kernel": new_kernel((1, 1, 576, 128))},
            "block3.layer_11.bn2": new_batchnorm(128),
            "block3.layer_11.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_12.bn1": new_batchnorm(608),
            "block3.layer_12.conv1": {"kernel": new_kernel((1, 1, 608, 128))},
            "block3.layer_12.bn2": new_batchnorm(128),
            "block3.layer_12.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_13.bn1": new_batchnorm(640),
            "block3.layer_13.conv1": {"kernel": new_kernel((1, 1, 640, 128))},
            "block3.layer_13.bn2": new_batchnorm(128),
            "block3.layer_13.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_14.bn1": new_batchnorm(672),
            "block3.layer_14.conv1": {"kernel": new_kernel((1, 1, 672, 128))},
            "block3.layer_14.bn2": new_batchnorm(128),
            "block3.layer_14.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_15.bn1": new_batchnorm(704),
            "block3.layer_15.conv1": {"kernel": new_kernel((1, 1, 704, 128))},
            "block3.layer_15.bn2": new_batchnorm(128),
            "block3.layer_15.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_16.bn1": new_batchnorm(736),
            "block3.layer_16.conv1": {"kernel": new_kernel((1, 1, 736, 128))},
            "block3.layer_16.bn2": new_batchnorm(128),
            "block3.layer_16.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_17.bn1": new_batchnorm(768),
            "block3.layer_17.conv1": {"kernel": new_kernel((1, 1, 768, 128))},
            "block3.layer_17.bn2": new_batchnorm(128),
            "block3.layer_17.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_18.bn1": new_batchnorm(800),
            "block3.layer_18.conv1": {"kernel": new_kernel((1, 1, 800, 128))},
            "block3.layer_18.bn2": new_batchnorm(128),
            "block3.layer_18.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_19.bn1": new_batchnorm(832),
            "block3.layer_19.conv1": {"kernel": new_kernel((1, 1, 832, 128))},
            "block3.layer_19.bn2": new_batchnorm(128),
            "block3.layer_19.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_20.bn1": new_batchnorm(864),
            "block3.layer_20.conv1": {"kernel": new_kernel((1, 1, 864, 128))},
            "block3.layer_20.bn2": new_batchnorm(128),
            "block3.layer_20.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_21.bn1": new_batchnorm(896),
            "block3.layer_21.conv1": {"kernel": new_kernel((1, 1, 896, 128))},
            "block3.layer_21.bn2": new_batchnorm(128),
            "block3.layer_21.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_22.bn1": new_batchnorm(928),
            "block3.layer_22.conv1": {"kernel": new_kernel((1, 1, 928, 128))},
            "block3.layer_22.bn2": new_batchnorm(128),
            "block3.layer_22.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_23.bn1": new_batchnorm(960),
            "block3.layer_23.conv1": {"kernel": new_kernel((1, 1, 960, 128))},
            "block3.layer_23.bn2": new_batchnorm(128),
            "block3.layer_23.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block3.layer_24.bn1": new_batchnorm(992),
            "block3.layer_24.conv1": {"kernel": new_kernel((1, 1, 992, 128))},
            "block3.layer_24.bn2": new_batchnorm(128),
            "block3.layer_24.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "trans3.bn": new_batchnorm(1024),
            "trans3.conv": {"kernel": new_kernel((1, 1, 1024, 512))},
            "block4.layer_1.bn1": new_batchnorm(512),
            "block4.layer_1.conv1": {"kernel": new_kernel((1, 1, 512, 128))},
            "block4.layer_1.bn2": new_batchnorm(128),
            "block4.layer_1.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_2.bn1": new_batchnorm(544),
            "block4.layer_2.conv1": {"kernel": new_kernel((1, 1, 544, 128))},
            "block4.layer_2.bn2": new_batchnorm(128),
            "block4.layer_2.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_3.bn1": new_batchnorm(576),
            "block4.layer_3.conv1": {"kernel": new_kernel((1, 1, 576, 128))},
            "block4.layer_3.bn2": new_batchnorm(128),
            "block4.layer_3.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_4.bn1": new_batchnorm(608),
            "block4.layer_4.conv1": {"kernel": new_kernel((1, 1, 608, 128))},
            "block4.layer_4.bn2": new_batchnorm(128),
            "block4.layer_4.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_5.bn1": new_batchnorm(640),
            "block4.layer_5.conv1": {"kernel": new_kernel((1, 1, 640, 128))},
            "block4.layer_5.bn2": new_batchnorm(128),
            "block4.layer_5.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_6.bn1": new_batchnorm(672),
            "block4.layer_6.conv1": {"kernel": new_kernel((1, 1, 672, 128))},
            "block4.layer_6.bn2": new_batchnorm(128),
            "block4.layer_6.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_7.bn1": new_batchnorm(704),
            "block4.layer_7.conv1": {"kernel": new_kernel((1, 1, 704, 128))},
            "block4.layer_7.bn2": new_batchnorm(128),
            "block4.layer_7.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_8.bn1": new_batchnorm(736),
            "block4.layer_8.conv1": {"kernel": new_kernel((1, 1, 736, 128))},
            "block4.layer_8.bn2": new_batchnorm(128),
            "block4.layer_8.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_9.bn1": new_batchnorm(768),
            "block4.layer_9.conv1": {"kernel": new_kernel((1, 1, 768, 128))},
            "block4.layer_9.bn2": new_batchnorm(128),
            "block4.layer_9.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_10.bn1": new_batchnorm(800),
            "block4.layer_10.conv1": {"kernel": new_kernel((1, 1, 800, 128))},
            "block4.layer_10.bn2": new_batchnorm(128),
            "block4.layer_10.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_11.bn1": new_batchnorm(832),
            "block4.layer_11.conv1": {"kernel": new_kernel((1, 1, 832, 128))},
            "block4.layer_11.bn2": new_batchnorm(128),
            "block4.layer_11.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_12.bn1": new_batchnorm(864),
            "block4.layer_12.conv1": {"kernel": new_kernel((1, 1, 864, 128))},
            "block4.layer_12.bn2": new_batchnorm(128),
            "block4.layer_12.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_13.bn1": new_batchnorm(896),
            "block4.layer_13.conv1": {"kernel": new_kernel((1, 1, 896, 128))},
            "block4.layer_13.bn2": new_batchnorm(128),
            "block4.layer_13.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_14.bn1": new_batchnorm(928),
            "block4.layer_14.conv1": {"kernel": new_kernel((1, 1, 928, 128))},
            "block4.layer_14.bn2": new_batchnorm(128),
            "block4.layer_14.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_15.bn1": new_batchnorm(960),
            "block4.layer_15.conv1": {"kernel": new_kernel((1, 1, 960, 128))},
            "block4.layer_15.bn2": new_batchnorm(128),
            "block4.layer_15.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "block4.layer_16.bn1": new_batchnorm(992),
            "block4.layer_16.conv1": {"kernel": new_kernel((1, 1, 992, 128))},
            "block4.layer_16.bn2": new_batchnorm(128),
            "block4.layer_16.conv2": {"kernel": new_kernel((3, 3, 128, 32))},
            "bn": new_batchnorm(1024),
            "predictions": {"kernel": new_kernel((1024, 1000)), "bias": new_bias(1000)},
        }

    def forward(self, x: tf.Tensor, training: bool = False) -> Iterator[tuple[str, tf.Tensor]]:
        """Run the layers in turn on images scaled to [0, 1], yielding each name and output."""
        w = self.weights
        # conv1: (224-7+2*3)/2+1 = 112.5 -> 112 -> 112x112x64, 9,408 params
        x = tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]])
        x = tf.nn.conv2d(x, w["conv1"]["kernel"], strides=2, padding="VALID")
        yield "conv1", x
        # conv1_bn: 4*64 -> 112x112x64, 256 params (128 trainable)
        x = batch_norm(x, w["conv1_bn"], momentum=0.99, epsilon=1.001e-05, training=training)
        yield "conv1_bn", x
        # conv1_relu: 112x112x64
        x = tf.nn.relu(x)
        yield "conv1_relu", x
        # pool1: (112-3+2*1)/2+1 = 56.5 -> 56 -> 56x56x64
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        pool1 = x
        yield "pool1", x

        # block1: block dense_block layers=6
        # block1.layer_1: block dense_layer growth=32
        # block1.layer_1.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(
            pool1, w["block1.layer_1.bn1"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_1.bn1", x
        # block1.layer_1.relu1: 56x56x64
        x = tf.nn.relu(x)
        yield "block1.layer_1.relu1", x
        # block1.layer_1.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 8,192 params
        x = tf.nn.conv2d(x, w["block1.layer_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block1.layer_1.conv1", x
        # block1.layer_1.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block1.layer_1.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_1.bn2", x
        # block1.layer_1.relu2: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_1.relu2", x
        # block1.layer_1.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
        x = tf.nn.conv2d(x, w["block1.layer_1.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block1.layer_1.conv2", x
        # block1.layer_1.concat: 56x56x(64+32) -> 56x56x96
        x = tf.concat([pool1, x], axis=-1)
        block1_layer_1_concat = x
        yield "block1.layer_1.concat", x

        # block1.layer_2: block dense_layer growth=32
        # block1.layer_2.bn1: 4*96 -> 56x56x96, 384 params (192 trainable)
        x = batch_norm(
            block1_layer_1_concat,
            w["block1.layer_2.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block1.layer_2.bn1", x
        # block1.layer_2.relu1: 56x56x96
        x = tf.nn.relu(x)
        yield "block1.layer_2.relu1", x
        # block1.layer_2.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 12,288 params
        x = tf.nn.conv2d(x, w["block1.layer_2.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block1.layer_2.conv1", x
        # block1.layer_2.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block1.layer_2.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_2.bn2", x
        # block1.layer_2.relu2: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_2.relu2", x
        # block1.layer_2.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
        x = tf.nn.conv2d(x, w["block1.layer_2.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block1.layer_2.conv2", x
        # block1.layer_2.concat: 56x56x(96+32) -> 56x56x128
        x = tf.concat([block1_layer_1_concat, x], axis=-1)
        block1_layer_2_concat = x
        yield "block1.layer_2.concat", x

        # block1.layer_3: block dense_layer growth=32
        # block1.layer_3.bn1: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            block1_layer_2_concat,
            w["block1.layer_3.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block1.layer_3.bn1", x
        # block1.layer_3.relu1: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_3.relu1", x
        # block1.layer_3.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 16,384 params
        x = tf.nn.conv2d(x, w["block1.layer_3.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block1.layer_3.conv1", x
        # block1.layer_3.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block1.layer_3.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_3.bn2", x
        # block1.layer_3.relu2: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_3.relu2", x
        # block1.layer_3.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
        x = tf.nn.conv2d(x, w["block1.layer_3.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block1.layer_3.conv2", x
        # block1.layer_3.concat: 56x56x(128+32) -> 56x56x160
        x = tf.concat([block1_layer_2_concat, x], axis=-1)
        block1_layer_3_concat = x
        yield "block1.layer_3.concat", x

        # block1.layer_4: block dense_layer growth=32
        # block1.layer_4.bn1: 4*160 -> 56x56x160, 640 params (320 trainable)
        x = batch_norm(
            block1_layer_3_concat,
            w["block1.layer_4.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block1.layer_4.bn1", x
        # block1.layer_4.relu1: 56x56x160
        x = tf.nn.relu(x)
        yield "block1.layer_4.relu1", x
        # block1.layer_4.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 20,480 params
        x = tf.nn.conv2d(x, w["block1.layer_4.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block1.layer_4.conv1", x
        # block1.layer_4.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block1.layer_4.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_4.bn2", x
        # block1.layer_4.relu2: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_4.relu2", x
        # block1.layer_4.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
        x = tf.nn.conv2d(x, w["block1.layer_4.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block1.layer_4.conv2", x
        # block1.layer_4.concat: 56x56x(160+32) -> 56x56x192
        x = tf.concat([block1_layer_3_concat, x], axis=-1)
        block1_layer_4_concat = x
        yield "block1.layer_4.concat", x

        # block1.layer_5: block dense_layer growth=32
        # block1.layer_5.bn1: 4*192 -> 56x56x192, 768 params (384 trainable)
        x = batch_norm(
            block1_layer_4_concat,
            w["block1.layer_5.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block1.layer_5.bn1", x
        # block1.layer_5.relu1: 56x56x192
        x = tf.nn.relu(x)
        yield "block1.layer_5.relu1", x
        # block1.layer_5.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 24,576 params
        x = tf.nn.conv2d(x, w["block1.layer_5.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block1.layer_5.conv1", x
        # block1.layer_5.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block1.layer_5.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_5.bn2", x
        # block1.layer_5.relu2: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_5.relu2", x
        # block1.layer_5.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
        x = tf.nn.conv2d(x, w["block1.layer_5.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block1.layer_5.conv2", x
        # block1.layer_5.concat: 56x56x(192+32) -> 56x56x224
        x = tf.concat([block1_layer_4_concat, x], axis=-1)
        block1_layer_5_concat = x
        yield "block1.layer_5.concat", x

        # block1.layer_6: block dense_layer growth=32
        # block1.layer_6.bn1: 4*224 -> 56x56x224, 896 params (448 trainable)
        x = batch_norm(
            block1_layer_5_concat,
            w["block1.layer_6.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block1.layer_6.bn1", x
        # block1.layer_6.relu1: 56x56x224
        x = tf.nn.relu(x)
        yield "block1.layer_6.relu1", x
        # block1.layer_6.conv1: (56-1+2*0)/1+1 = 56 -> 56x56x128, 28,672 params
        x = tf.nn.conv2d(x, w["block1.layer_6.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block1.layer_6.conv1", x
        # block1.layer_6.bn2: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block1.layer_6.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block1.layer_6.bn2", x
        # block1.layer_6.relu2: 56x56x128
        x = tf.nn.relu(x)
        yield "block1.layer_6.relu2", x
        # block1.layer_6.conv2: ceil(56/1) = 56 -> 56x56x32, 36,864 params
        x = tf.nn.conv2d(x, w["block1.layer_6.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block1.layer_6.conv2", x
        # block1.layer_6.concat: 56x56x(224+32) -> 56x56x256
        x = tf.concat([block1_layer_5_concat, x], axis=-1)
        yield "block1.layer_6.concat", x

        # trans1: block transition filters=128
        # trans1.bn: 4*256 -> 56x56x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["trans1.bn"], momentum=0.99, epsilon=1.001e-05, training=training)
        yield "trans1.bn", x
        # trans1.relu: 56x56x256
        x = tf.nn.relu(x)
        yield "trans1.relu", x
        # trans1.conv: (56-1+2*0)/1+1 = 56 -> 56x56x128, 32,768 params
        x = tf.nn.conv2d(x, w["trans1.conv"]["kernel"], strides=1, padding="VALID")
        yield "trans1.conv", x
        # trans1.pool: (56-2+2*0)/2+1 = 28 -> 28x28x128
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="VALID")
        trans1_pool = x
        yield "trans1.pool", x

        # block2: block dense_block layers=12
        # block2.layer_1: block dense_layer growth=32
        # block2.layer_1.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            trans1_pool,
            w["block2.layer_1.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_1.bn1", x
        # block2.layer_1.relu1: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_1.relu1", x
        # block2.layer_1.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 16,384 params
        x = tf.nn.conv2d(x, w["block2.layer_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_1.conv1", x
        # block2.layer_1.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_1.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_1.bn2", x
        # block2.layer_1.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_1.relu2", x
        # block2.layer_1.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_1.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_1.conv2", x
        # block2.layer_1.concat: 28x28x(128+32) -> 28x28x160
        x = tf.concat([trans1_pool, x], axis=-1)
        block2_layer_1_concat = x
        yield "block2.layer_1.concat", x

        # block2.layer_2: block dense_layer growth=32
        # block2.layer_2.bn1: 4*160 -> 28x28x160, 640 params (320 trainable)
        x = batch_norm(
            block2_layer_1_concat,
            w["block2.layer_2.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_2.bn1", x
        # block2.layer_2.relu1: 28x28x160
        x = tf.nn.relu(x)
        yield "block2.layer_2.relu1", x
        # block2.layer_2.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 20,480 params
        x = tf.nn.conv2d(x, w["block2.layer_2.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_2.conv1", x
        # block2.layer_2.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_2.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_2.bn2", x
        # block2.layer_2.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_2.relu2", x
        # block2.layer_2.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_2.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_2.conv2", x
        # block2.layer_2.concat: 28x28x(160+32) -> 28x28x192
        x = tf.concat([block2_layer_1_concat, x], axis=-1)
        block2_layer_2_concat = x
        yield "block2.layer_2.concat", x

        # block2.layer_3: block dense_layer growth=32
        # block2.layer_3.bn1: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(
            block2_layer_2_concat,
            w["block2.layer_3.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_3.bn1", x
        # block2.layer_3.relu1: 28x28x192
        x = tf.nn.relu(x)
        yield "block2.layer_3.relu1", x
        # block2.layer_3.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 24,576 params
        x = tf.nn.conv2d(x, w["block2.layer_3.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_3.conv1", x
        # block2.layer_3.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_3.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_3.bn2", x
        # block2.layer_3.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_3.relu2", x
        # block2.layer_3.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_3.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_3.conv2", x
        # block2.layer_3.concat: 28x28x(192+32) -> 28x28x224
        x = tf.concat([block2_layer_2_concat, x], axis=-1)
        block2_layer_3_concat = x
        yield "block2.layer_3.concat", x

        # block2.layer_4: block dense_layer growth=32
        # block2.layer_4.bn1: 4*224 -> 28x28x224, 896 params (448 trainable)
        x = batch_norm(
            block2_layer_3_concat,
            w["block2.layer_4.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_4.bn1", x
        # block2.layer_4.relu1: 28x28x224
        x = tf.nn.relu(x)
        yield "block2.layer_4.relu1", x
        # block2.layer_4.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 28,672 params
        x = tf.nn.conv2d(x, w["block2.layer_4.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_4.conv1", x
        # block2.layer_4.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_4.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_4.bn2", x
        # block2.layer_4.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_4.relu2", x
        # block2.layer_4.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_4.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_4.conv2", x
        # block2.layer_4.concat: 28x28x(224+32) -> 28x28x256
        x = tf.concat([block2_layer_3_concat, x], axis=-1)
        block2_layer_4_concat = x
        yield "block2.layer_4.concat", x

        # block2.layer_5: block dense_layer growth=32
        # block2.layer_5.bn1: 4*256 -> 28x28x256, 1,024 params (512 trainable)
        x = batch_norm(
            block2_layer_4_concat,
            w["block2.layer_5.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_5.bn1", x
        # block2.layer_5.relu1: 28x28x256
        x = tf.nn.relu(x)
        yield "block2.layer_5.relu1", x
        # block2.layer_5.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 32,768 params
        x = tf.nn.conv2d(x, w["block2.layer_5.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_5.conv1", x
        # block2.layer_5.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_5.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_5.bn2", x
        # block2.layer_5.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_5.relu2", x
        # block2.layer_5.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_5.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_5.conv2", x
        # block2.layer_5.concat: 28x28x(256+32) -> 28x28x288
        x = tf.concat([block2_layer_4_concat, x], axis=-1)
        block2_layer_5_concat = x
        yield "block2.layer_5.concat", x

        # block2.layer_6: block dense_layer growth=32
        # block2.layer_6.bn1: 4*288 -> 28x28x288, 1,152 params (576 trainable)
        x = batch_norm(
            block2_layer_5_concat,
            w["block2.layer_6.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_6.bn1", x
        # block2.layer_6.relu1: 28x28x288
        x = tf.nn.relu(x)
        yield "block2.layer_6.relu1", x
        # block2.layer_6.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_6.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_6.conv1", x
        # block2.layer_6.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_6.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_6.bn2", x
        # block2.layer_6.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_6.relu2", x
        # block2.layer_6.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_6.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_6.conv2", x
        # block2.layer_6.concat: 28x28x(288+32) -> 28x28x320
        x = tf.concat([block2_layer_5_concat, x], axis=-1)
        block2_layer_6_concat = x
        yield "block2.layer_6.concat", x

        # block2.layer_7: block dense_layer growth=32
        # block2.layer_7.bn1: 4*320 -> 28x28x320, 1,280 params (640 trainable)
        x = batch_norm(
            block2_layer_6_concat,
            w["block2.layer_7.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_7.bn1", x
        # block2.layer_7.relu1: 28x28x320
        x = tf.nn.relu(x)
        yield "block2.layer_7.relu1", x
        # block2.layer_7.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 40,960 params
        x = tf.nn.conv2d(x, w["block2.layer_7.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_7.conv1", x
        # block2.layer_7.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_7.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_7.bn2", x
        # block2.layer_7.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_7.relu2", x
        # block2.layer_7.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_7.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_7.conv2", x
        # block2.layer_7.concat: 28x28x(320+32) -> 28x28x352
        x = tf.concat([block2_layer_6_concat, x], axis=-1)
        block2_layer_7_concat = x
        yield "block2.layer_7.concat", x

        # block2.layer_8: block dense_layer growth=32
        # block2.layer_8.bn1: 4*352 -> 28x28x352, 1,408 params (704 trainable)
        x = batch_norm(
            block2_layer_7_concat,
            w["block2.layer_8.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_8.bn1", x
        # block2.layer_8.relu1: 28x28x352
        x = tf.nn.relu(x)
        yield "block2.layer_8.relu1", x
        # block2.layer_8.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 45,056 params
        x = tf.nn.conv2d(x, w["block2.layer_8.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_8.conv1", x
        # block2.layer_8.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_8.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_8.bn2", x
        # block2.layer_8.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_8.relu2", x
        # block2.layer_8.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_8.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_8.conv2", x
        # block2.layer_8.concat: 28x28x(352+32) -> 28x28x384
        x = tf.concat([block2_layer_7_concat, x], axis=-1)
        block2_layer_8_concat = x
        yield "block2.layer_8.concat", x

        # block2.layer_9: block dense_layer growth=32
        # block2.layer_9.bn1: 4*384 -> 28x28x384, 1,536 params (768 trainable)
        x = batch_norm(
            block2_layer_8_concat,
            w["block2.layer_9.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_9.bn1", x
        # block2.layer_9.relu1: 28x28x384
        x = tf.nn.relu(x)
        yield "block2.layer_9.relu1", x
        # block2.layer_9.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 49,152 params
        x = tf.nn.conv2d(x, w["block2.layer_9.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_9.conv1", x
        # block2.layer_9.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_9.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_9.bn2", x
        # block2.layer_9.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_9.relu2", x
        # block2.layer_9.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_9.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_9.conv2", x
        # block2.layer_9.concat: 28x28x(384+32) -> 28x28x416
        x = tf.concat([block2_layer_8_concat, x], axis=-1)
        block2_layer_9_concat = x
        yield "block2.layer_9.concat", x

        # block2.layer_10: block dense_layer growth=32
        # block2.layer_10.bn1: 4*416 -> 28x28x416, 1,664 params (832 trainable)
        x = batch_norm(
            block2_layer_9_concat,
            w["block2.layer_10.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_10.bn1", x
        # block2.layer_10.relu1: 28x28x416
        x = tf.nn.relu(x)
        yield "block2.layer_10.relu1", x
        # block2.layer_10.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 53,248 params
        x = tf.nn.conv2d(x, w["block2.layer_10.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_10.conv1", x
        # block2.layer_10.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_10.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_10.bn2", x
        # block2.layer_10.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_10.relu2", x
        # block2.layer_10.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_10.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_10.conv2", x
        # block2.layer_10.concat: 28x28x(416+32) -> 28x28x448
        x = tf.concat([block2_layer_9_concat, x], axis=-1)
        block2_layer_10_concat = x
        yield "block2.layer_10.concat", x

        # block2.layer_11: block dense_layer growth=32
        # block2.layer_11.bn1: 4*448 -> 28x28x448, 1,792 params (896 trainable)
        x = batch_norm(
            block2_layer_10_concat,
            w["block2.layer_11.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_11.bn1", x
        # block2.layer_11.relu1: 28x28x448
        x = tf.nn.relu(x)
        yield "block2.layer_11.relu1", x
        # block2.layer_11.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 57,344 params
        x = tf.nn.conv2d(x, w["block2.layer_11.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_11.conv1", x
        # block2.layer_11.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_11.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_11.bn2", x
        # block2.layer_11.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_11.relu2", x
        # block2.layer_11.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_11.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_11.conv2", x
        # block2.layer_11.concat: 28x28x(448+32) -> 28x28x480
        x = tf.concat([block2_layer_10_concat, x], axis=-1)
        block2_layer_11_concat = x
        yield "block2.layer_11.concat", x

        # block2.layer_12: block dense_layer growth=32
        # block2.layer_12.bn1: 4*480 -> 28x28x480, 1,920 params (960 trainable)
        x = batch_norm(
            block2_layer_11_concat,
            w["block2.layer_12.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block2.layer_12.bn1", x
        # block2.layer_12.relu1: 28x28x480
        x = tf.nn.relu(x)
        yield "block2.layer_12.relu1", x
        # block2.layer_12.conv1: (28-1+2*0)/1+1 = 28 -> 28x28x128, 61,440 params
        x = tf.nn.conv2d(x, w["block2.layer_12.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block2.layer_12.conv1", x
        # block2.layer_12.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block2.layer_12.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block2.layer_12.bn2", x
        # block2.layer_12.relu2: 28x28x128
        x = tf.nn.relu(x)
        yield "block2.layer_12.relu2", x
        # block2.layer_12.conv2: ceil(28/1) = 28 -> 28x28x32, 36,864 params
        x = tf.nn.conv2d(x, w["block2.layer_12.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block2.layer_12.conv2", x
        # block2.layer_12.concat: 28x28x(480+32) -> 28x28x512
        x = tf.concat([block2_layer_11_concat, x], axis=-1)
        yield "block2.layer_12.concat", x

        # trans2: block transition filters=256
        # trans2.bn: 4*512 -> 28x28x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["trans2.bn"], momentum=0.99, epsilon=1.001e-05, training=training)
        yield "trans2.bn", x
        # trans2.relu: 28x28x512
        x = tf.nn.relu(x)
        yield "trans2.relu", x
        # trans2.conv: (28-1+2*0)/1+1 = 28 -> 28x28x256, 131,072 params
        x = tf.nn.conv2d(x, w["trans2.conv"]["kernel"], strides=1, padding="VALID")
        yield "trans2.conv", x
        # trans2.pool: (28-2+2*0)/2+1 = 14 -> 14x14x256
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="VALID")
        trans2_pool = x
        yield "trans2.pool", x

        # block3: block dense_block layers=24
        # block3.layer_1: block dense_layer growth=32
        # block3.layer_1.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(
            trans2_pool,
            w["block3.layer_1.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_1.bn1", x
        # block3.layer_1.relu1: 14x14x256
        x = tf.nn.relu(x)
        yield "block3.layer_1.relu1", x
        # block3.layer_1.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 32,768 params
        x = tf.nn.conv2d(x, w["block3.layer_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_1.conv1", x
        # block3.layer_1.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_1.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_1.bn2", x
        # block3.layer_1.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_1.relu2", x
        # block3.layer_1.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_1.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_1.conv2", x
        # block3.layer_1.concat: 14x14x(256+32) -> 14x14x288
        x = tf.concat([trans2_pool, x], axis=-1)
        block3_layer_1_concat = x
        yield "block3.layer_1.concat", x

        # block3.layer_2: block dense_layer growth=32
        # block3.layer_2.bn1: 4*288 -> 14x14x288, 1,152 params (576 trainable)
        x = batch_norm(
            block3_layer_1_concat,
            w["block3.layer_2.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_2.bn1", x
        # block3.layer_2.relu1: 14x14x288
        x = tf.nn.relu(x)
        yield "block3.layer_2.relu1", x
        # block3.layer_2.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_2.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_2.conv1", x
        # block3.layer_2.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_2.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_2.bn2", x
        # block3.layer_2.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_2.relu2", x
        # block3.layer_2.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_2.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_2.conv2", x
        # block3.layer_2.concat: 14x14x(288+32) -> 14x14x320
        x = tf.concat([block3_layer_1_concat, x], axis=-1)
        block3_layer_2_concat = x
        yield "block3.layer_2.concat", x

        # block3.layer_3: block dense_layer growth=32
        # block3.layer_3.bn1: 4*320 -> 14x14x320, 1,280 params (640 trainable)
        x = batch_norm(
            block3_layer_2_concat,
            w["block3.layer_3.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_3.bn1", x
        # block3.layer_3.relu1: 14x14x320
        x = tf.nn.relu(x)
        yield "block3.layer_3.relu1", x
        # block3.layer_3.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 40,960 params
        x = tf.nn.conv2d(x, w["block3.layer_3.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_3.conv1", x
        # block3.layer_3.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_3.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_3.bn2", x
        # block3.layer_3.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_3.relu2", x
        # block3.layer_3.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_3.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_3.conv2", x
        # block3.layer_3.concat: 14x14x(320+32) -> 14x14x352
        x = tf.concat([block3_layer_2_concat, x], axis=-1)
        block3_layer_3_concat = x
        yield "block3.layer_3.concat", x

        # block3.layer_4: block dense_layer growth=32
        # block3.layer_4.bn1: 4*352 -> 14x14x352, 1,408 params (704 trainable)
        x = batch_norm(
            block3_layer_3_concat,
            w["block3.layer_4.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_4.bn1", x
        # block3.layer_4.relu1: 14x14x352
        x = tf.nn.relu(x)
        yield "block3.layer_4.relu1", x
        # block3.layer_4.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 45,056 params
        x = tf.nn.conv2d(x, w["block3.layer_4.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_4.conv1", x
        # block3.layer_4.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_4.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_4.bn2", x
        # block3.layer_4.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_4.relu2", x
        # block3.layer_4.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_4.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_4.conv2", x
        # block3.layer_4.concat: 14x14x(352+32) -> 14x14x384
        x = tf.concat([block3_layer_3_concat, x], axis=-1)
        block3_layer_4_concat = x
        yield "block3.layer_4.concat", x

        # block3.layer_5: block dense_layer growth=32
        # block3.layer_5.bn1: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(
            block3_layer_4_concat,
            w["block3.layer_5.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_5.bn1", x
        # block3.layer_5.relu1: 14x14x384
        x = tf.nn.relu(x)
        yield "block3.layer_5.relu1", x
        # block3.layer_5.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 49,152 params
        x = tf.nn.conv2d(x, w["block3.layer_5.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_5.conv1", x
        # block3.layer_5.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_5.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_5.bn2", x
        # block3.layer_5.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_5.relu2", x
        # block3.layer_5.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_5.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_5.conv2", x
        # block3.layer_5.concat: 14x14x(384+32) -> 14x14x416
        x = tf.concat([block3_layer_4_concat, x], axis=-1)
        block3_layer_5_concat = x
        yield "block3.layer_5.concat", x

        # block3.layer_6: block dense_layer growth=32
        # block3.layer_6.bn1: 4*416 -> 14x14x416, 1,664 params (832 trainable)
        x = batch_norm(
            block3_layer_5_concat,
            w["block3.layer_6.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_6.bn1", x
        # block3.layer_6.relu1: 14x14x416
        x = tf.nn.relu(x)
        yield "block3.layer_6.relu1", x
        # block3.layer_6.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 53,248 params
        x = tf.nn.conv2d(x, w["block3.layer_6.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_6.conv1", x
        # block3.layer_6.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_6.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_6.bn2", x
        # block3.layer_6.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_6.relu2", x
        # block3.layer_6.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_6.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_6.conv2", x
        # block3.layer_6.concat: 14x14x(416+32) -> 14x14x448
        x = tf.concat([block3_layer_5_concat, x], axis=-1)
        block3_layer_6_concat = x
        yield "block3.layer_6.concat", x

        # block3.layer_7: block dense_layer growth=32
        # block3.layer_7.bn1: 4*448 -> 14x14x448, 1,792 params (896 trainable)
        x = batch_norm(
            block3_layer_6_concat,
            w["block3.layer_7.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_7.bn1", x
        # block3.layer_7.relu1: 14x14x448
        x = tf.nn.relu(x)
        yield "block3.layer_7.relu1", x
        # block3.layer_7.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 57,344 params
        x = tf.nn.conv2d(x, w["block3.layer_7.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_7.conv1", x
        # block3.layer_7.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_7.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_7.bn2", x
        # block3.layer_7.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_7.relu2", x
        # block3.layer_7.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_7.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_7.conv2", x
        # block3.layer_7.concat: 14x14x(448+32) -> 14x14x480
        x = tf.concat([block3_layer_6_concat, x], axis=-1)
        block3_layer_7_concat = x
        yield "block3.layer_7.concat", x

        # block3.layer_8: block dense_layer growth=32
        # block3.layer_8.bn1: 4*480 -> 14x14x480, 1,920 params (960 trainable)
        x = batch_norm(
            block3_layer_7_concat,
            w["block3.layer_8.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_8.bn1", x
        # block3.layer_8.relu1: 14x14x480
        x = tf.nn.relu(x)
        yield "block3.layer_8.relu1", x
        # block3.layer_8.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 61,440 params
        x = tf.nn.conv2d(x, w["block3.layer_8.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_8.conv1", x
        # block3.layer_8.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_8.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_8.bn2", x
        # block3.layer_8.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_8.relu2", x
        # block3.layer_8.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_8.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_8.conv2", x
        # block3.layer_8.concat: 14x14x(480+32) -> 14x14x512
        x = tf.concat([block3_layer_7_concat, x], axis=-1)
        block3_layer_8_concat = x
        yield "block3.layer_8.concat", x

        # block3.layer_9: block dense_layer growth=32
        # block3.layer_9.bn1: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(
            block3_layer_8_concat,
            w["block3.layer_9.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_9.bn1", x
        # block3.layer_9.relu1: 14x14x512
        x = tf.nn.relu(x)
        yield "block3.layer_9.relu1", x
        # block3.layer_9.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 65,536 params
        x = tf.nn.conv2d(x, w["block3.layer_9.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_9.conv1", x
        # block3.layer_9.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_9.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_9.bn2", x
        # block3.layer_9.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_9.relu2", x
        # block3.layer_9.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_9.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_9.conv2", x
        # block3.layer_9.concat: 14x14x(512+32) -> 14x14x544
        x = tf.concat([block3_layer_8_concat, x], axis=-1)
        block3_layer_9_concat = x
        yield "block3.layer_9.concat", x

        # block3.layer_10: block dense_layer growth=32
        # block3.layer_10.bn1: 4*544 -> 14x14x544, 2,176 params (1,088 trainable)
        x = batch_norm(
            block3_layer_9_concat,
            w["block3.layer_10.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_10.bn1", x
        # block3.layer_10.relu1: 14x14x544
        x = tf.nn.relu(x)
        yield "block3.layer_10.relu1", x
        # block3.layer_10.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 69,632 params
        x = tf.nn.conv2d(x, w["block3.layer_10.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_10.conv1", x
        # block3.layer_10.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_10.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_10.bn2", x
        # block3.layer_10.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_10.relu2", x
        # block3.layer_10.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_10.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_10.conv2", x
        # block3.layer_10.concat: 14x14x(544+32) -> 14x14x576
        x = tf.concat([block3_layer_9_concat, x], axis=-1)
        block3_layer_10_concat = x
        yield "block3.layer_10.concat", x

        # block3.layer_11: block dense_layer growth=32
        # block3.layer_11.bn1: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
        x = batch_norm(
            block3_layer_10_concat,
            w["block3.layer_11.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_11.bn1", x
        # block3.layer_11.relu1: 14x14x576
        x = tf.nn.relu(x)
        yield "block3.layer_11.relu1", x
        # block3.layer_11.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 73,728 params
        x = tf.nn.conv2d(x, w["block3.layer_11.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_11.conv1", x
        # block3.layer_11.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_11.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_11.bn2", x
        # block3.layer_11.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_11.relu2", x
        # block3.layer_11.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_11.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_11.conv2", x
        # block3.layer_11.concat: 14x14x(576+32) -> 14x14x608
        x = tf.concat([block3_layer_10_concat, x], axis=-1)
        block3_layer_11_concat = x
        yield "block3.layer_11.concat", x

        # block3.layer_12: block dense_layer growth=32
        # block3.layer_12.bn1: 4*608 -> 14x14x608, 2,432 params (1,216 trainable)
        x = batch_norm(
            block3_layer_11_concat,
            w["block3.layer_12.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_12.bn1", x
        # block3.layer_12.relu1: 14x14x608
        x = tf.nn.relu(x)
        yield "block3.layer_12.relu1", x
        # block3.layer_12.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 77,824 params
        x = tf.nn.conv2d(x, w["block3.layer_12.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_12.conv1", x
        # block3.layer_12.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_12.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_12.bn2", x
        # block3.layer_12.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_12.relu2", x
        # block3.layer_12.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_12.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_12.conv2", x
        # block3.layer_12.concat: 14x14x(608+32) -> 14x14x640
        x = tf.concat([block3_layer_11_concat, x], axis=-1)
        block3_layer_12_concat = x
        yield "block3.layer_12.concat", x

        # block3.layer_13: block dense_layer growth=32
        # block3.layer_13.bn1: 4*640 -> 14x14x640, 2,560 params (1,280 trainable)
        x = batch_norm(
            block3_layer_12_concat,
            w["block3.layer_13.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_13.bn1", x
        # block3.layer_13.relu1: 14x14x640
        x = tf.nn.relu(x)
        yield "block3.layer_13.relu1", x
        # block3.layer_13.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 81,920 params
        x = tf.nn.conv2d(x, w["block3.layer_13.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_13.conv1", x
        # block3.layer_13.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_13.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_13.bn2", x
        # block3.layer_13.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_13.relu2", x
        # block3.layer_13.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_13.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_13.conv2", x
        # block3.layer_13.concat: 14x14x(640+32) -> 14x14x672
        x = tf.concat([block3_layer_12_concat, x], axis=-1)
        block3_layer_13_concat = x
        yield "block3.layer_13.concat", x

        # block3.layer_14: block dense_layer growth=32
        # block3.layer_14.bn1: 4*672 -> 14x14x672, 2,688 params (1,344 trainable)
        x = batch_norm(
            block3_layer_13_concat,
            w["block3.layer_14.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_14.bn1", x
        # block3.layer_14.relu1: 14x14x672
        x = tf.nn.relu(x)
        yield "block3.layer_14.relu1", x
        # block3.layer_14.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 86,016 params
        x = tf.nn.conv2d(x, w["block3.layer_14.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_14.conv1", x
        # block3.layer_14.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_14.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_14.bn2", x
        # block3.layer_14.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_14.relu2", x
        # block3.layer_14.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_14.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_14.conv2", x
        # block3.layer_14.concat: 14x14x(672+32) -> 14x14x704
        x = tf.concat([block3_layer_13_concat, x], axis=-1)
        block3_layer_14_concat = x
        yield "block3.layer_14.concat", x

        # block3.layer_15: block dense_layer growth=32
        # block3.layer_15.bn1: 4*704 -> 14x14x704, 2,816 params (1,408 trainable)
        x = batch_norm(
            block3_layer_14_concat,
            w["block3.layer_15.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_15.bn1", x
        # block3.layer_15.relu1: 14x14x704
        x = tf.nn.relu(x)
        yield "block3.layer_15.relu1", x
        # block3.layer_15.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 90,112 params
        x = tf.nn.conv2d(x, w["block3.layer_15.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_15.conv1", x
        # block3.layer_15.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_15.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_15.bn2", x
        # block3.layer_15.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_15.relu2", x
        # block3.layer_15.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_15.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_15.conv2", x
        # block3.layer_15.concat: 14x14x(704+32) -> 14x14x736
        x = tf.concat([block3_layer_14_concat, x], axis=-1)
        block3_layer_15_concat = x
        yield "block3.layer_15.concat", x

        # block3.layer_16: block dense_layer growth=32
        # block3.layer_16.bn1: 4*736 -> 14x14x736, 2,944 params (1,472 trainable)
        x = batch_norm(
            block3_layer_15_concat,
            w["block3.layer_16.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_16.bn1", x
        # block3.layer_16.relu1: 14x14x736
        x = tf.nn.relu(x)
        yield "block3.layer_16.relu1", x
        # block3.layer_16.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 94,208 params
        x = tf.nn.conv2d(x, w["block3.layer_16.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_16.conv1", x
        # block3.layer_16.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_16.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_16.bn2", x
        # block3.layer_16.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_16.relu2", x
        # block3.layer_16.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_16.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_16.conv2", x
        # block3.layer_16.concat: 14x14x(736+32) -> 14x14x768
        x = tf.concat([block3_layer_15_concat, x], axis=-1)
        block3_layer_16_concat = x
        yield "block3.layer_16.concat", x

        # block3.layer_17: block dense_layer growth=32
        # block3.layer_17.bn1: 4*768 -> 14x14x768, 3,072 params (1,536 trainable)
        x = batch_norm(
            block3_layer_16_concat,
            w["block3.layer_17.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_17.bn1", x
        # block3.layer_17.relu1: 14x14x768
        x = tf.nn.relu(x)
        yield "block3.layer_17.relu1", x
        # block3.layer_17.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 98,304 params
        x = tf.nn.conv2d(x, w["block3.layer_17.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_17.conv1", x
        # block3.layer_17.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_17.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_17.bn2", x
        # block3.layer_17.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_17.relu2", x
        # block3.layer_17.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_17.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_17.conv2", x
        # block3.layer_17.concat: 14x14x(768+32) -> 14x14x800
        x = tf.concat([block3_layer_16_concat, x], axis=-1)
        block3_layer_17_concat = x
        yield "block3.layer_17.concat", x

        # block3.layer_18: block dense_layer growth=32
        # block3.layer_18.bn1: 4*800 -> 14x14x800, 3,200 params (1,600 trainable)
        x = batch_norm(
            block3_layer_17_concat,
            w["block3.layer_18.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_18.bn1", x
        # block3.layer_18.relu1: 14x14x800
        x = tf.nn.relu(x)
        yield "block3.layer_18.relu1", x
        # block3.layer_18.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 102,400 params
        x = tf.nn.conv2d(x, w["block3.layer_18.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_18.conv1", x
        # block3.layer_18.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_18.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_18.bn2", x
        # block3.layer_18.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_18.relu2", x
        # block3.layer_18.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_18.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_18.conv2", x
        # block3.layer_18.concat: 14x14x(800+32) -> 14x14x832
        x = tf.concat([block3_layer_17_concat, x], axis=-1)
        block3_layer_18_concat = x
        yield "block3.layer_18.concat", x

        # block3.layer_19: block dense_layer growth=32
        # block3.layer_19.bn1: 4*832 -> 14x14x832, 3,328 params (1,664 trainable)
        x = batch_norm(
            block3_layer_18_concat,
            w["block3.layer_19.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_19.bn1", x
        # block3.layer_19.relu1: 14x14x832
        x = tf.nn.relu(x)
        yield "block3.layer_19.relu1", x
        # block3.layer_19.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 106,496 params
        x = tf.nn.conv2d(x, w["block3.layer_19.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_19.conv1", x
        # block3.layer_19.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_19.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_19.bn2", x
        # block3.layer_19.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_19.relu2", x
        # block3.layer_19.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_19.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_19.conv2", x
        # block3.layer_19.concat: 14x14x(832+32) -> 14x14x864
        x = tf.concat([block3_layer_18_concat, x], axis=-1)
        block3_layer_19_concat = x
        yield "block3.layer_19.concat", x

        # block3.layer_20: block dense_layer growth=32
        # block3.layer_20.bn1: 4*864 -> 14x14x864, 3,456 params (1,728 trainable)
        x = batch_norm(
            block3_layer_19_concat,
            w["block3.layer_20.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_20.bn1", x
        # block3.layer_20.relu1: 14x14x864
        x = tf.nn.relu(x)
        yield "block3.layer_20.relu1", x
        # block3.layer_20.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 110,592 params
        x = tf.nn.conv2d(x, w["block3.layer_20.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_20.conv1", x
        # block3.layer_20.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_20.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_20.bn2", x
        # block3.layer_20.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_20.relu2", x
        # block3.layer_20.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_20.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_20.conv2", x
        # block3.layer_20.concat: 14x14x(864+32) -> 14x14x896
        x = tf.concat([block3_layer_19_concat, x], axis=-1)
        block3_layer_20_concat = x
        yield "block3.layer_20.concat", x

        # block3.layer_21: block dense_layer growth=32
        # block3.layer_21.bn1: 4*896 -> 14x14x896, 3,584 params (1,792 trainable)
        x = batch_norm(
            block3_layer_20_concat,
            w["block3.layer_21.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_21.bn1", x
        # block3.layer_21.relu1: 14x14x896
        x = tf.nn.relu(x)
        yield "block3.layer_21.relu1", x
        # block3.layer_21.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 114,688 params
        x = tf.nn.conv2d(x, w["block3.layer_21.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_21.conv1", x
        # block3.layer_21.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_21.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_21.bn2", x
        # block3.layer_21.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_21.relu2", x
        # block3.layer_21.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_21.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_21.conv2", x
        # block3.layer_21.concat: 14x14x(896+32) -> 14x14x928
        x = tf.concat([block3_layer_20_concat, x], axis=-1)
        block3_layer_21_concat = x
        yield "block3.layer_21.concat", x

        # block3.layer_22: block dense_layer growth=32
        # block3.layer_22.bn1: 4*928 -> 14x14x928, 3,712 params (1,856 trainable)
        x = batch_norm(
            block3_layer_21_concat,
            w["block3.layer_22.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_22.bn1", x
        # block3.layer_22.relu1: 14x14x928
        x = tf.nn.relu(x)
        yield "block3.layer_22.relu1", x
        # block3.layer_22.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 118,784 params
        x = tf.nn.conv2d(x, w["block3.layer_22.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_22.conv1", x
        # block3.layer_22.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_22.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_22.bn2", x
        # block3.layer_22.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_22.relu2", x
        # block3.layer_22.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_22.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_22.conv2", x
        # block3.layer_22.concat: 14x14x(928+32) -> 14x14x960
        x = tf.concat([block3_layer_21_concat, x], axis=-1)
        block3_layer_22_concat = x
        yield "block3.layer_22.concat", x

        # block3.layer_23: block dense_layer growth=32
        # block3.layer_23.bn1: 4*960 -> 14x14x960, 3,840 params (1,920 trainable)
        x = batch_norm(
            block3_layer_22_concat,
            w["block3.layer_23.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_23.bn1", x
        # block3.layer_23.relu1: 14x14x960
        x = tf.nn.relu(x)
        yield "block3.layer_23.relu1", x
        # block3.layer_23.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 122,880 params
        x = tf.nn.conv2d(x, w["block3.layer_23.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_23.conv1", x
        # block3.layer_23.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_23.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_23.bn2", x
        # block3.layer_23.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_23.relu2", x
        # block3.layer_23.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_23.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_23.conv2", x
        # block3.layer_23.concat: 14x14x(960+32) -> 14x14x992
        x = tf.concat([block3_layer_22_concat, x], axis=-1)
        block3_layer_23_concat = x
        yield "block3.layer_23.concat", x

        # block3.layer_24: block dense_layer growth=32
        # block3.layer_24.bn1: 4*992 -> 14x14x992, 3,968 params (1,984 trainable)
        x = batch_norm(
            block3_layer_23_concat,
            w["block3.layer_24.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block3.layer_24.bn1", x
        # block3.layer_24.relu1: 14x14x992
        x = tf.nn.relu(x)
        yield "block3.layer_24.relu1", x
        # block3.layer_24.conv1: (14-1+2*0)/1+1 = 14 -> 14x14x128, 126,976 params
        x = tf.nn.conv2d(x, w["block3.layer_24.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block3.layer_24.conv1", x
        # block3.layer_24.bn2: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block3.layer_24.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block3.layer_24.bn2", x
        # block3.layer_24.relu2: 14x14x128
        x = tf.nn.relu(x)
        yield "block3.layer_24.relu2", x
        # block3.layer_24.conv2: ceil(14/1) = 14 -> 14x14x32, 36,864 params
        x = tf.nn.conv2d(x, w["block3.layer_24.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block3.layer_24.conv2", x
        # block3.layer_24.concat: 14x14x(992+32) -> 14x14x1024
        x = tf.concat([block3_layer_23_concat, x], axis=-1)
        yield "block3.layer_24.concat", x

        # trans3: block transition filters=512
        # trans3.bn: 4*1024 -> 14x14x1024, 4,096 params (2,048 trainable)
        x = batch_norm(x, w["trans3.bn"], momentum=0.99, epsilon=1.001e-05, training=training)
        yield "trans3.bn", x
        # trans3.relu: 14x14x1024
        x = tf.nn.relu(x)
        yield "trans3.relu", x
        # trans3.conv: (14-1+2*0)/1+1 = 14 -> 14x14x512, 524,288 params
        x = tf.nn.conv2d(x, w["trans3.conv"]["kernel"], strides=1, padding="VALID")
        yield "trans3.conv", x
        # trans3.pool: (14-2+2*0)/2+1 = 7 -> 7x7x512
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="VALID")
        trans3_pool = x
        yield "trans3.pool", x

        # block4: block dense_block layers=16
        # block4.layer_1: block dense_layer growth=32
        # block4.layer_1.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(
            trans3_pool,
            w["block4.layer_1.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_1.bn1", x
        # block4.layer_1.relu1: 7x7x512
        x = tf.nn.relu(x)
        yield "block4.layer_1.relu1", x
        # block4.layer_1.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 65,536 params
        x = tf.nn.conv2d(x, w["block4.layer_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_1.conv1", x
        # block4.layer_1.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_1.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_1.bn2", x
        # block4.layer_1.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_1.relu2", x
        # block4.layer_1.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_1.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_1.conv2", x
        # block4.layer_1.concat: 7x7x(512+32) -> 7x7x544
        x = tf.concat([trans3_pool, x], axis=-1)
        block4_layer_1_concat = x
        yield "block4.layer_1.concat", x

        # block4.layer_2: block dense_layer growth=32
        # block4.layer_2.bn1: 4*544 -> 7x7x544, 2,176 params (1,088 trainable)
        x = batch_norm(
            block4_layer_1_concat,
            w["block4.layer_2.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_2.bn1", x
        # block4.layer_2.relu1: 7x7x544
        x = tf.nn.relu(x)
        yield "block4.layer_2.relu1", x
        # block4.layer_2.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 69,632 params
        x = tf.nn.conv2d(x, w["block4.layer_2.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_2.conv1", x
        # block4.layer_2.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_2.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_2.bn2", x
        # block4.layer_2.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_2.relu2", x
        # block4.layer_2.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_2.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_2.conv2", x
        # block4.layer_2.concat: 7x7x(544+32) -> 7x7x576
        x = tf.concat([block4_layer_1_concat, x], axis=-1)
        block4_layer_2_concat = x
        yield "block4.layer_2.concat", x

        # block4.layer_3: block dense_layer growth=32
        # block4.layer_3.bn1: 4*576 -> 7x7x576, 2,304 params (1,152 trainable)
        x = batch_norm(
            block4_layer_2_concat,
            w["block4.layer_3.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_3.bn1", x
        # block4.layer_3.relu1: 7x7x576
        x = tf.nn.relu(x)
        yield "block4.layer_3.relu1", x
        # block4.layer_3.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 73,728 params
        x = tf.nn.conv2d(x, w["block4.layer_3.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_3.conv1", x
        # block4.layer_3.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_3.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_3.bn2", x
        # block4.layer_3.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_3.relu2", x
        # block4.layer_3.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_3.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_3.conv2", x
        # block4.layer_3.concat: 7x7x(576+32) -> 7x7x608
        x = tf.concat([block4_layer_2_concat, x], axis=-1)
        block4_layer_3_concat = x
        yield "block4.layer_3.concat", x

        # block4.layer_4: block dense_layer growth=32
        # block4.layer_4.bn1: 4*608 -> 7x7x608, 2,432 params (1,216 trainable)
        x = batch_norm(
            block4_layer_3_concat,
            w["block4.layer_4.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_4.bn1", x
        # block4.layer_4.relu1: 7x7x608
        x = tf.nn.relu(x)
        yield "block4.layer_4.relu1", x
        # block4.layer_4.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 77,824 params
        x = tf.nn.conv2d(x, w["block4.layer_4.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_4.conv1", x
        # block4.layer_4.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_4.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_4.bn2", x
        # block4.layer_4.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_4.relu2", x
        # block4.layer_4.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_4.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_4.conv2", x
        # block4.layer_4.concat: 7x7x(608+32) -> 7x7x640
        x = tf.concat([block4_layer_3_concat, x], axis=-1)
        block4_layer_4_concat = x
        yield "block4.layer_4.concat", x

        # block4.layer_5: block dense_layer growth=32
        # block4.layer_5.bn1: 4*640 -> 7x7x640, 2,560 params (1,280 trainable)
        x = batch_norm(
            block4_layer_4_concat,
            w["block4.layer_5.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_5.bn1", x
        # block4.layer_5.relu1: 7x7x640
        x = tf.nn.relu(x)
        yield "block4.layer_5.relu1", x
        # block4.layer_5.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 81,920 params
        x = tf.nn.conv2d(x, w["block4.layer_5.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_5.conv1", x
        # block4.layer_5.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_5.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_5.bn2", x
        # block4.layer_5.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_5.relu2", x
        # block4.layer_5.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_5.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_5.conv2", x
        # block4.layer_5.concat: 7x7x(640+32) -> 7x7x672
        x = tf.concat([block4_layer_4_concat, x], axis=-1)
        block4_layer_5_concat = x
        yield "block4.layer_5.concat", x

        # block4.layer_6: block dense_layer growth=32
        # block4.layer_6.bn1: 4*672 -> 7x7x672, 2,688 params (1,344 trainable)
        x = batch_norm(
            block4_layer_5_concat,
            w["block4.layer_6.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_6.bn1", x
        # block4.layer_6.relu1: 7x7x672
        x = tf.nn.relu(x)
        yield "block4.layer_6.relu1", x
        # block4.layer_6.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 86,016 params
        x = tf.nn.conv2d(x, w["block4.layer_6.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_6.conv1", x
        # block4.layer_6.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_6.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_6.bn2", x
        # block4.layer_6.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_6.relu2", x
        # block4.layer_6.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_6.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_6.conv2", x
        # block4.layer_6.concat: 7x7x(672+32) -> 7x7x704
        x = tf.concat([block4_layer_5_concat, x], axis=-1)
        block4_layer_6_concat = x
        yield "block4.layer_6.concat", x

        # block4.layer_7: block dense_layer growth=32
        # block4.layer_7.bn1: 4*704 -> 7x7x704, 2,816 params (1,408 trainable)
        x = batch_norm(
            block4_layer_6_concat,
            w["block4.layer_7.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_7.bn1", x
        # block4.layer_7.relu1: 7x7x704
        x = tf.nn.relu(x)
        yield "block4.layer_7.relu1", x
        # block4.layer_7.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 90,112 params
        x = tf.nn.conv2d(x, w["block4.layer_7.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_7.conv1", x
        # block4.layer_7.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_7.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_7.bn2", x
        # block4.layer_7.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_7.relu2", x
        # block4.layer_7.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_7.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_7.conv2", x
        # block4.layer_7.concat: 7x7x(704+32) -> 7x7x736
        x = tf.concat([block4_layer_6_concat, x], axis=-1)
        block4_layer_7_concat = x
        yield "block4.layer_7.concat", x

        # block4.layer_8: block dense_layer growth=32
        # block4.layer_8.bn1: 4*736 -> 7x7x736, 2,944 params (1,472 trainable)
        x = batch_norm(
            block4_layer_7_concat,
            w["block4.layer_8.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_8.bn1", x
        # block4.layer_8.relu1: 7x7x736
        x = tf.nn.relu(x)
        yield "block4.layer_8.relu1", x
        # block4.layer_8.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 94,208 params
        x = tf.nn.conv2d(x, w["block4.layer_8.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_8.conv1", x
        # block4.layer_8.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_8.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_8.bn2", x
        # block4.layer_8.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_8.relu2", x
        # block4.layer_8.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_8.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_8.conv2", x
        # block4.layer_8.concat: 7x7x(736+32) -> 7x7x768
        x = tf.concat([block4_layer_7_concat, x], axis=-1)
        block4_layer_8_concat = x
        yield "block4.layer_8.concat", x

        # block4.layer_9: block dense_layer growth=32
        # block4.layer_9.bn1: 4*768 -> 7x7x768, 3,072 params (1,536 trainable)
        x = batch_norm(
            block4_layer_8_concat,
            w["block4.layer_9.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_9.bn1", x
        # block4.layer_9.relu1: 7x7x768
        x = tf.nn.relu(x)
        yield "block4.layer_9.relu1", x
        # block4.layer_9.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 98,304 params
        x = tf.nn.conv2d(x, w["block4.layer_9.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_9.conv1", x
        # block4.layer_9.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_9.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_9.bn2", x
        # block4.layer_9.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_9.relu2", x
        # block4.layer_9.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_9.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_9.conv2", x
        # block4.layer_9.concat: 7x7x(768+32) -> 7x7x800
        x = tf.concat([block4_layer_8_concat, x], axis=-1)
        block4_layer_9_concat = x
        yield "block4.layer_9.concat", x

        # block4.layer_10: block dense_layer growth=32
        # block4.layer_10.bn1: 4*800 -> 7x7x800, 3,200 params (1,600 trainable)
        x = batch_norm(
            block4_layer_9_concat,
            w["block4.layer_10.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_10.bn1", x
        # block4.layer_10.relu1: 7x7x800
        x = tf.nn.relu(x)
        yield "block4.layer_10.relu1", x
        # block4.layer_10.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 102,400 params
        x = tf.nn.conv2d(x, w["block4.layer_10.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_10.conv1", x
        # block4.layer_10.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_10.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_10.bn2", x
        # block4.layer_10.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_10.relu2", x
        # block4.layer_10.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_10.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_10.conv2", x
        # block4.layer_10.concat: 7x7x(800+32) -> 7x7x832
        x = tf.concat([block4_layer_9_concat, x], axis=-1)
        block4_layer_10_concat = x
        yield "block4.layer_10.concat", x

        # block4.layer_11: block dense_layer growth=32
        # block4.layer_11.bn1: 4*832 -> 7x7x832, 3,328 params (1,664 trainable)
        x = batch_norm(
            block4_layer_10_concat,
            w["block4.layer_11.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_11.bn1", x
        # block4.layer_11.relu1: 7x7x832
        x = tf.nn.relu(x)
        yield "block4.layer_11.relu1", x
        # block4.layer_11.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 106,496 params
        x = tf.nn.conv2d(x, w["block4.layer_11.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_11.conv1", x
        # block4.layer_11.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_11.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_11.bn2", x
        # block4.layer_11.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_11.relu2", x
        # block4.layer_11.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_11.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_11.conv2", x
        # block4.layer_11.concat: 7x7x(832+32) -> 7x7x864
        x = tf.concat([block4_layer_10_concat, x], axis=-1)
        block4_layer_11_concat = x
        yield "block4.layer_11.concat", x

        # block4.layer_12: block dense_layer growth=32
        # block4.layer_12.bn1: 4*864 -> 7x7x864, 3,456 params (1,728 trainable)
        x = batch_norm(
            block4_layer_11_concat,
            w["block4.layer_12.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_12.bn1", x
        # block4.layer_12.relu1: 7x7x864
        x = tf.nn.relu(x)
        yield "block4.layer_12.relu1", x
        # block4.layer_12.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 110,592 params
        x = tf.nn.conv2d(x, w["block4.layer_12.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_12.conv1", x
        # block4.layer_12.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_12.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_12.bn2", x
        # block4.layer_12.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_12.relu2", x
        # block4.layer_12.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_12.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_12.conv2", x
        # block4.layer_12.concat: 7x7x(864+32) -> 7x7x896
        x = tf.concat([block4_layer_11_concat, x], axis=-1)
        block4_layer_12_concat = x
        yield "block4.layer_12.concat", x

        # block4.layer_13: block dense_layer growth=32
        # block4.layer_13.bn1: 4*896 -> 7x7x896, 3,584 params (1,792 trainable)
        x = batch_norm(
            block4_layer_12_concat,
            w["block4.layer_13.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_13.bn1", x
        # block4.layer_13.relu1: 7x7x896
        x = tf.nn.relu(x)
        yield "block4.layer_13.relu1", x
        # block4.layer_13.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 114,688 params
        x = tf.nn.conv2d(x, w["block4.layer_13.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_13.conv1", x
        # block4.layer_13.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_13.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_13.bn2", x
        # block4.layer_13.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_13.relu2", x
        # block4.layer_13.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_13.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_13.conv2", x
        # block4.layer_13.concat: 7x7x(896+32) -> 7x7x928
        x = tf.concat([block4_layer_12_concat, x], axis=-1)
        block4_layer_13_concat = x
        yield "block4.layer_13.concat", x

        # block4.layer_14: block dense_layer growth=32
        # block4.layer_14.bn1: 4*928 -> 7x7x928, 3,712 params (1,856 trainable)
        x = batch_norm(
            block4_layer_13_concat,
            w["block4.layer_14.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_14.bn1", x
        # block4.layer_14.relu1: 7x7x928
        x = tf.nn.relu(x)
        yield "block4.layer_14.relu1", x
        # block4.layer_14.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 118,784 params
        x = tf.nn.conv2d(x, w["block4.layer_14.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_14.conv1", x
        # block4.layer_14.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_14.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_14.bn2", x
        # block4.layer_14.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_14.relu2", x
        # block4.layer_14.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_14.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_14.conv2", x
        # block4.layer_14.concat: 7x7x(928+32) -> 7x7x960
        x = tf.concat([block4_layer_13_concat, x], axis=-1)
        block4_layer_14_concat = x
        yield "block4.layer_14.concat", x

        # block4.layer_15: block dense_layer growth=32
        # block4.layer_15.bn1: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(
            block4_layer_14_concat,
            w["block4.layer_15.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_15.bn1", x
        # block4.layer_15.relu1: 7x7x960
        x = tf.nn.relu(x)
        yield "block4.layer_15.relu1", x
        # block4.layer_15.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 122,880 params
        x = tf.nn.conv2d(x, w["block4.layer_15.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_15.conv1", x
        # block4.layer_15.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_15.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_15.bn2", x
        # block4.layer_15.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_15.relu2", x
        # block4.layer_15.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_15.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_15.conv2", x
        # block4.layer_15.concat: 7x7x(960+32) -> 7x7x992
        x = tf.concat([block4_layer_14_concat, x], axis=-1)
        block4_layer_15_concat = x
        yield "block4.layer_15.concat", x

        # block4.layer_16: block dense_layer growth=32
        # block4.layer_16.bn1: 4*992 -> 7x7x992, 3,968 params (1,984 trainable)
        x = batch_norm(
            block4_layer_15_concat,
            w["block4.layer_16.bn1"],
            momentum=0.99,
            epsilon=1.001e-05,
            training=training,
        )
        yield "block4.layer_16.bn1", x
        # block4.layer_16.relu1: 7x7x992
        x = tf.nn.relu(x)
        yield "block4.layer_16.relu1", x
        # block4.layer_16.conv1: (7-1+2*0)/1+1 = 7 -> 7x7x128, 126,976 params
        x = tf.nn.conv2d(x, w["block4.layer_16.conv1"]["kernel"], strides=1, padding="VALID")
        yield "block4.layer_16.conv1", x
        # block4.layer_16.bn2: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["block4.layer_16.bn2"], momentum=0.99, epsilon=1.001e-05, training=training
        )
        yield "block4.layer_16.bn2", x
        # block4.layer_16.relu2: 7x7x128
        x = tf.nn.relu(x)
        yield "block4.layer_16.relu2", x
        # block4.layer_16.conv2: ceil(7/1) = 7 -> 7x7x32, 36,864 params
        x = tf.nn.conv2d(x, w["block4.layer_16.conv2"]["kernel"], strides=1, padding="SAME")
        yield "block4.layer_16.conv2", x
        # block4.layer_16.concat: 7x7x(992+32) -> 7x7x1024
        x = tf.concat([block4_layer_15_concat, x], axis=-1)
        yield "block4.layer_16.concat", x

        # bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
        x = batch_norm(x, w["bn"], momentum=0.99, epsilon=1.001e-05, training=training)
        yield "bn", x
        # relu: 7x7x1024
        x = tf.nn.relu(x)
        yield "relu", x
        # avg_pool: avg of 7x7 -> 1024
        x = tf.reduce_mean(x, axis=[1, 2])
        yield "avg_pool", x
        # predictions: 1024x1000 -> 1000, 1,025,000 params
        x = tf.matmul(x, w["predictions"]["kernel"])
        x = tf.nn.bias_add(x, w["predictions"]["bias"])
        yield "predictions", x

    def __call__(self, images: tf.Tensor, training: bool = False) -> tf.Tensor:
        """The output of the last layer for a batch of images."""
        return list(self.forward(images, training))[-1][1]

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 0.0001 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

    def numpy_weights(self) -> dict[str, np.ndarray]:
        """Every variable as an array named layer/part, to save with np.savez."""
        return {f"{n}/{p}": v.numpy() for n, vs in self.weights.items() for p, v in vs.items()}


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
    model = Network()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch * 30, decay_rate=0.1, staircase=True
    )
    optimizer = keras.optimizers.SGD(schedule, momentum=0.9)
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    mean_loss, accuracy = keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()
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

    @tf.function
    def step(images: tf.Tensor, labels: tf.Tensor, training: bool) -> None:
        """One batch through the network; when training, a gradient step too."""
        with tf.GradientTape() as tape:
            outputs = model(images, training=training)
            loss = loss_function(labels, outputs) + model.l2_penalty()  # l2 as Keras adds it
        if training:
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        mean_loss.update_state(loss, sample_weight=tf.shape(images)[0])
        accuracy.update_state(labels, outputs)

    def run_epoch(ds: tf.data.Dataset, training: bool = False) -> dict[str, float]:
        """One pass over `ds`: the mean loss and the accuracy."""
        mean_loss.reset_state()
        accuracy.reset_state()
        for images, labels in ds:
            step(images, labels, training)
        return {"loss": float(mean_loss.result()), "accuracy": float(accuracy.result())}

    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, epoch=tf.Variable(0))
    saved = tf.train.CheckpointManager(checkpoint, args.out / "checkpoints", max_to_keep=1)
    checkpoint.restore(saved.latest_checkpoint)  # run the same command to resume after a crash
    for epoch in range(int(checkpoint.epoch) + 1, args.epochs + 1):
        logs = run_epoch(train_ds, training=True)
        logs |= {f"val_{key}": value for key, value in run_epoch(val_ds).items()}
        print(f"epoch {epoch}/{args.epochs}: " + ", ".join(f"{k} {v:.4f}" for k, v in logs.items()))
        checkpoint.epoch.assign(epoch)
        saved.save()
    metrics = {f"test_{key}": value for key, value in run_epoch(test_ds).items()}
    print(f"test accuracy {metrics['test_accuracy']:.4f}, test loss {metrics['test_loss']:.4f}")
    np.savez(args.out / "weights.npz", **model.numpy_weights())
    shutil.rmtree(args.out / "checkpoints")  # finished: the next run starts afresh, as in Keras
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
