"""Train googlenet, a 196-layer network with 6,639,464 parameters, in TensorFlow.

GoogLeNet (Szegedy et al. 2014, Inception v1) as torchvision's googlenet builds it, without the
two auxiliary classifiers (used only in training): every convolution is conv (no bias) + batch
normalization (epsilon 0.001) + relu, max pooling rounds up (ceil_mode), nine inception modules
in stages 3, 4 and 5, global average pooling, dropout 0.2 and fc 1000. Each inception module
concatenates a 1x1 branch, a 1x1 -> 3x3 branch, a second 1x1 -> 3x3 branch (the paper's 5x5;
torchvision uses 3x3 there) and a 3x3/1 max pooling -> 1x1 branch. Names follow torchvision's
(inception4a.branch2_1.conv is inception4a.branch2.1.conv). Source: torchvision.models.googlenet
(aux_logits=False); 6,624,904 parameters (batch normalization counted as its 2C trainable
values) and 1.50 GMACs.

Written by `netspec emit` from googlenet.yaml. Give --data a folder with a subfolder of images
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
EPOCHS = 250
BATCH_SIZE = 32
LEARNING_RATE = 0.01
SEED = 1
VALIDATION_SPLIT = 0.1
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: glorot_uniform."""
    return tf.Variable(keras.initializers.GlorotUniform()(shape))


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
        super().__init__(name="googlenet")
        self.weights = {
            "conv1.conv": {"kernel": new_kernel((7, 7, 3, 64))},
            "conv1.bn": new_batchnorm(64),
            "conv2.conv": {"kernel": new_kernel((1, 1, 64, 64))},
            "conv2.bn": new_batchnorm(64),
            "conv3.conv": {"kernel": new_kernel((3, 3, 64, 192))},
            "conv3.bn": new_batchnorm(192),
            "inception3a.branch1.conv": {"kernel": new_kernel((1, 1, 192, 64))},
            "inception3a.branch1.bn": new_batchnorm(64),
            "inception3a.branch2_0.conv": {"kernel": new_kernel((1, 1, 192, 96))},
            "inception3a.branch2_0.bn": new_batchnorm(96),
            "inception3a.branch2_1.conv": {"kernel": new_kernel((3, 3, 96, 128))},
            "inception3a.branch2_1.bn": new_batchnorm(128),
            "inception3a.branch3_0.conv": {"kernel": new_kernel((1, 1, 192, 16))},
            "inception3a.branch3_0.bn": new_batchnorm(16),
            "inception3a.branch3_1.conv": {"kernel": new_kernel((3, 3, 16, 32))},
            "inception3a.branch3_1.bn": new_batchnorm(32),
            "inception3a.branch4_1.conv": {"kernel": new_kernel((1, 1, 192, 32))},
            "inception3a.branch4_1.bn": new_batchnorm(32),
            "inception3b.branch1.conv": {"kernel": new_kernel((1, 1, 256, 128))},
            "inception3b.branch1.bn": new_batchnorm(128),
            "inception3b.branch2_0.conv": {"kernel": new_kernel((1, 1, 256, 128))},
            "inception3b.branch2_0.bn": new_batchnorm(128),
            "inception3b.branch2_1.conv": {"kernel": new_kernel((3, 3, 128, 192))},
            "inception3b.branch2_1.bn": new_batchnorm(192),
            "inception3b.branch3_0.conv": {"kernel": new_kernel((1, 1, 256, 32))},
            "inception3b.branch3_0.bn": new_batchnorm(32),
            "inception3b.branch3_1.conv": {"kernel": new_kernel((3, 3, 32, 96))},
            "inception3b.branch3_1.bn": new_batchnorm(96),
            "inception3b.branch4_1.conv": {"kernel": new_kernel((1, 1, 256, 64))},
            "inception3b.branch4_1.bn": new_batchnorm(64),
            "inception4a.branch1.conv": {"kernel": new_kernel((1, 1, 480, 192))},
            "inception4a.branch1.bn": new_batchnorm(192),
            "inception4a.branch2_0.conv": {"kernel": new_kernel((1, 1, 480, 96))},
            "inception4a.branch2_0.bn": new_batchnorm(96),
            "inception4a.branch2_1.conv": {"kernel": new_kernel((3, 3, 96, 208))},
            "inception4a.branch2_1.bn": new_batchnorm(208),
            "inception4a.branch3_0.conv": {"kernel": new_kernel((1, 1, 480, 16))},
            "inception4a.branch3_0.bn": new_batchnorm(16),
            "inception4a.branch3_1.conv": {"kernel": new_kernel((3, 3, 16, 48))},
            "inception4a.branch3_1.bn": new_batchnorm(48),
            "inception4a.branch4_1.conv": {"kernel": new_kernel((1, 1, 480, 64))},
            "inception4a.branch4_1.bn": new_batchnorm(64),
            "inception4b.branch1.conv": {"kernel": new_kernel((1, 1, 512, 160))},
            "inception4b.branch1.bn": new_batchnorm(160),
            "inception4b.branch2_0.conv": {"kernel": new_kernel((1, 1, 512, 112))},
            "inception4b.branch2_0.bn": new_batchnorm(112),
            "inception4b.branch2_1.conv": {"kernel": new_kernel((3, 3, 112, 224))},
            "inception4b.branch2_1.bn": new_batchnorm(224),
            "inception4b.branch3_0.conv": {"kernel": new_kernel((1, 1, 512, 24))},
            "inception4b.branch3_0.bn": new_batchnorm(24),
            "inception4b.branch3_1.conv": {"kernel": new_kernel((3, 3, 24, 64))},
            "inception4b.branch3_1.bn": new_batchnorm(64),
            "inception4b.branch4_1.conv": {"kernel": new_kernel((1, 1, 512, 64))},
            "inception4b.branch4_1.bn": new_batchnorm(64),
            "inception4c.branch1.conv": {"kernel": new_kernel((1, 1, 512, 128))},
            "inception4c.branch1.bn": new_batchnorm(128),
            "inception4c.branch2_0.conv": {"kernel": new_kernel((1, 1, 512, 128))},
            "inception4c.branch2_0.bn": new_batchnorm(128),
            "inception4c.branch2_1.conv": {"kernel": new_kernel((3, 3, 128, 256))},
            "inception4c.branch2_1.bn": new_batchnorm(256),
            "inception4c.branch3_0.conv": {"kernel": new_kernel((1, 1, 512, 24))},
            "inception4c.branch3_0.bn": new_batchnorm(24),
            "inception4c.branch3_1.conv": {"kernel": new_kernel((3, 3, 24, 64))},
            "inception4c.branch3_1.bn": new_batchnorm(64),
            "inception4c.branch4_1.conv": {"kernel": new_kernel((1, 1, 512, 64))},
            "inception4c.branch4_1.bn": new_batchnorm(64),
            "inception4d.branch1.conv": {"kernel": new_kernel((1, 1, 512, 112))},
            "inception4d.branch1.bn": new_batchnorm(112),
            "inception4d.branch2_0.conv": {"kernel": new_kernel((1, 1, 512, 144))},
            "inception4d.branch2_0.bn": new_batchnorm(144),
            "inception4d.branch2_1.conv": {"kernel": new_kernel((3, 3, 144, 288))},
            "inception4d.branch2_1.bn": new_batchnorm(288),
            "inception4d.branch3_0.conv": {"kernel": new_kernel((1, 1, 512, 32))},
            "inception4d.branch3_0.bn": new_batchnorm(32),
            "inception4d.branch3_1.conv": {"kernel": new_kernel((3, 3, 32, 64))},
            "inception4d.branch3_1.bn": new_batchnorm(64),
            "inception4d.branch4_1.conv": {"kernel": new_kernel((1, 1, 512, 64))},
            "inception4d.branch4_1.bn": new_batchnorm(64),
            "inception4e.branch1.conv": {"kernel": new_kernel((1, 1, 528, 256))},
            "inception4e.branch1.bn": new_batchnorm(256),
            "inception4e.branch2_0.conv": {"kernel": new_kernel((1, 1, 528, 160))},
            "inception4e.branch2_0.bn": new_batchnorm(160),
            "inception4e.branch2_1.conv": {"kernel": new_kernel((3, 3, 160, 320))},
            "inception4e.branch2_1.bn": new_batchnorm(320),
            "inception4e.branch3_0.conv": {"kernel": new_kernel((1, 1, 528, 32))},
            "inception4e.branch3_0.bn": new_batchnorm(32),
            "inception4e.branch3_1.conv": {"kernel": new_kernel((3, 3, 32, 128))},
            "inception4e.branch3_1.bn": new_batchnorm(128),
            "inception4e.branch4_1.conv": {"kernel": new_kernel((1, 1, 528, 128))},
            "inception4e.branch4_1.bn": new_batchnorm(128),
            "inception5a.branch1.conv": {"kernel": new_kernel((1, 1, 832, 256))},
            "inception5a.branch1.bn": new_batchnorm(256),
            "inception5a.branch2_0.conv": {"kernel": new_kernel((1, 1, 832, 160))},
            "inception5a.branch2_0.bn": new_batchnorm(160),
            "inception5a.branch2_1.conv": {"kernel": new_kernel((3, 3, 160, 320))},
            "inception5a.branch2_1.bn": new_batchnorm(320),
            "inception5a.branch3_0.conv": {"kernel": new_kernel((1, 1, 832, 32))},
            "inception5a.branch3_0.bn": new_batchnorm(32),
            "inception5a.branch3_1.conv": {"kernel": new_kernel((3, 3, 32, 128))},
            "inception5a.branch3_1.bn": new_batchnorm(128),
            "inception5a.branch4_1.conv": {"kernel": new_kernel((1, 1, 832, 128))},
            "inception5a.branch4_1.bn": new_batchnorm(128),
            "inception5b.branch1.conv": {"kernel": new_kernel((1, 1, 832, 384))},
            "inception5b.branch1.bn": new_batchnorm(384),
            "inception5b.branch2_0.conv": {"kernel": new_kernel((1, 1, 832, 192))},
            "inception5b.branch2_0.bn": new_batchnorm(192),
            "inception5b.branch2_1.conv": {"kernel": new_kernel((3, 3, 192, 384))},
            "inception5b.branch2_1.bn": new_batchnorm(384),
            "inception5b.branch3_0.conv": {"kernel": new_kernel((1, 1, 832, 48))},
            "inception5b.branch3_0.bn": new_batchnorm(48),
            "inception5b.branch3_1.conv": {"kernel": new_kernel((3, 3, 48, 128))},
            "inception5b.branch3_1.bn": new_batchnorm(128),
            "inception5b.branch4_1.conv": {"kernel": new_kernel((1, 1, 832, 128))},
            "inception5b.branch4_1.bn": new_batchnorm(128),
            "fc": {"kernel": new_kernel((1024, 1000)), "bias": new_bias(1000)},
        }

    def forward(self, x: tf.Tensor, training: bool = False) -> Iterator[tuple[str, tf.Tensor]]:
        """Run the layers in turn on images scaled to [0, 1], yielding each name and output."""
        w = self.weights
        # conv1: block basic_conv filters=64 size=7 stride=2 padding=3
        # conv1.conv: (224-7+2*3)/2+1 = 112.5 -> 112 -> 112x112x64, 9,408 params
        x = tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]])
        x = tf.nn.conv2d(x, w["conv1.conv"]["kernel"], strides=2, padding="VALID")
        yield "conv1.conv", x
        # conv1.bn: 4*64 -> 112x112x64, 256 params (128 trainable)
        x = batch_norm(x, w["conv1.bn"], momentum=0.9, epsilon=0.001, training=training)
        yield "conv1.bn", x
        # conv1.relu: 112x112x64
        x = tf.nn.relu(x)
        yield "conv1.relu", x

        # maxpool1: (112-3+2*0)/2+1 = 55.5 -> 56 -> 56x56x64
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        yield "maxpool1", x

        # conv2: block basic_conv filters=64 size=1 stride=1 padding=0
        # conv2.conv: (56-1+2*0)/1+1 = 56 -> 56x56x64, 4,096 params
        x = tf.nn.conv2d(x, w["conv2.conv"]["kernel"], strides=1, padding="VALID")
        yield "conv2.conv", x
        # conv2.bn: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(x, w["conv2.bn"], momentum=0.9, epsilon=0.001, training=training)
        yield "conv2.bn", x
        # conv2.relu: 56x56x64
        x = tf.nn.relu(x)
        yield "conv2.relu", x

        # conv3: block basic_conv filters=192 size=3 stride=1 padding=1
        # conv3.conv: (56-3+2*1)/1+1 = 56 -> 56x56x192, 110,592 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["conv3.conv"]["kernel"], strides=1, padding="VALID")
        yield "conv3.conv", x
        # conv3.bn: 4*192 -> 56x56x192, 768 params (384 trainable)
        x = batch_norm(x, w["conv3.bn"], momentum=0.9, epsilon=0.001, training=training)
        yield "conv3.bn", x
        # conv3.relu: 56x56x192
        x = tf.nn.relu(x)
        yield "conv3.relu", x

        # maxpool2: (56-3+2*0)/2+1 = 27.5 -> 28 -> 28x28x192
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        maxpool2 = x
        yield "maxpool2", x

        # inception3a: block inception ch1x1=64 ch3x3red=96 ch3x3=128 ch5x5red=16 ch5x5=32
        # pool_proj=32
        # inception3a.branch1: block basic_conv filters=64 size=1 stride=1 padding=0
        # inception3a.branch1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x64, 12,288 params
        x = tf.nn.conv2d(
            maxpool2, w["inception3a.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception3a.branch1.conv", x
        # inception3a.branch1.bn: 4*64 -> 28x28x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception3a.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3a.branch1.bn", x
        # inception3a.branch1.relu: 28x28x64
        x = tf.nn.relu(x)
        inception3a_branch1_relu = x
        yield "inception3a.branch1.relu", x

        # inception3a.branch2_0: block basic_conv filters=96 size=1 stride=1 padding=0
        # inception3a.branch2_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x96, 18,432 params
        x = tf.nn.conv2d(
            maxpool2, w["inception3a.branch2_0.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception3a.branch2_0.conv", x
        # inception3a.branch2_0.bn: 4*96 -> 28x28x96, 384 params (192 trainable)
        x = batch_norm(
            x, w["inception3a.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3a.branch2_0.bn", x
        # inception3a.branch2_0.relu: 28x28x96
        x = tf.nn.relu(x)
        yield "inception3a.branch2_0.relu", x

        # inception3a.branch2_1: block basic_conv filters=128 size=3 stride=1 padding=1
        # inception3a.branch2_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x128, 110,592 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception3a.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception3a.branch2_1.conv", x
        # inception3a.branch2_1.bn: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception3a.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3a.branch2_1.bn", x
        # inception3a.branch2_1.relu: 28x28x128
        x = tf.nn.relu(x)
        inception3a_branch2_1_relu = x
        yield "inception3a.branch2_1.relu", x

        # inception3a.branch3_0: block basic_conv filters=16 size=1 stride=1 padding=0
        # inception3a.branch3_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x16, 3,072 params
        x = tf.nn.conv2d(
            maxpool2, w["inception3a.branch3_0.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception3a.branch3_0.conv", x
        # inception3a.branch3_0.bn: 4*16 -> 28x28x16, 64 params (32 trainable)
        x = batch_norm(
            x, w["inception3a.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3a.branch3_0.bn", x
        # inception3a.branch3_0.relu: 28x28x16
        x = tf.nn.relu(x)
        yield "inception3a.branch3_0.relu", x

        # inception3a.branch3_1: block basic_conv filters=32 size=3 stride=1 padding=1
        # inception3a.branch3_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x32, 4,608 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception3a.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception3a.branch3_1.conv", x
        # inception3a.branch3_1.bn: 4*32 -> 28x28x32, 128 params (64 trainable)
        x = batch_norm(
            x, w["inception3a.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3a.branch3_1.bn", x
        # inception3a.branch3_1.relu: 28x28x32
        x = tf.nn.relu(x)
        inception3a_branch3_1_relu = x
        yield "inception3a.branch3_1.relu", x
        # inception3a.branch4_0: (28-3+2*1)/1+1 = 28 -> 28x28x192
        x = tf.pad(maxpool2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception3a.branch4_0", x

        # inception3a.branch4_1: block basic_conv filters=32 size=1 stride=1 padding=0
        # inception3a.branch4_1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x32, 6,144 params
        x = tf.nn.conv2d(x, w["inception3a.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception3a.branch4_1.conv", x
        # inception3a.branch4_1.bn: 4*32 -> 28x28x32, 128 params (64 trainable)
        x = batch_norm(
            x, w["inception3a.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3a.branch4_1.bn", x
        # inception3a.branch4_1.relu: 28x28x32
        x = tf.nn.relu(x)
        yield "inception3a.branch4_1.relu", x
        # inception3a.concat: 28x28x(64+128+32+32) -> 28x28x256
        x = tf.concat(
            [inception3a_branch1_relu, inception3a_branch2_1_relu, inception3a_branch3_1_relu, x],
            axis=-1,
        )
        inception3a_concat = x
        yield "inception3a.concat", x

        # inception3b: block inception ch1x1=128 ch3x3red=128 ch3x3=192 ch5x5red=32 ch5x5=96
        # pool_proj=64
        # inception3b.branch1: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception3b.branch1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x128, 32,768 params
        x = tf.nn.conv2d(
            inception3a_concat, w["inception3b.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception3b.branch1.conv", x
        # inception3b.branch1.bn: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception3b.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3b.branch1.bn", x
        # inception3b.branch1.relu: 28x28x128
        x = tf.nn.relu(x)
        inception3b_branch1_relu = x
        yield "inception3b.branch1.relu", x

        # inception3b.branch2_0: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception3b.branch2_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x128, 32,768 params
        x = tf.nn.conv2d(
            inception3a_concat,
            w["inception3b.branch2_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception3b.branch2_0.conv", x
        # inception3b.branch2_0.bn: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception3b.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3b.branch2_0.bn", x
        # inception3b.branch2_0.relu: 28x28x128
        x = tf.nn.relu(x)
        yield "inception3b.branch2_0.relu", x

        # inception3b.branch2_1: block basic_conv filters=192 size=3 stride=1 padding=1
        # inception3b.branch2_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x192, 221,184 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception3b.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception3b.branch2_1.conv", x
        # inception3b.branch2_1.bn: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(
            x, w["inception3b.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3b.branch2_1.bn", x
        # inception3b.branch2_1.relu: 28x28x192
        x = tf.nn.relu(x)
        inception3b_branch2_1_relu = x
        yield "inception3b.branch2_1.relu", x

        # inception3b.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
        # inception3b.branch3_0.conv: (28-1+2*0)/1+1 = 28 -> 28x28x32, 8,192 params
        x = tf.nn.conv2d(
            inception3a_concat,
            w["inception3b.branch3_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception3b.branch3_0.conv", x
        # inception3b.branch3_0.bn: 4*32 -> 28x28x32, 128 params (64 trainable)
        x = batch_norm(
            x, w["inception3b.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3b.branch3_0.bn", x
        # inception3b.branch3_0.relu: 28x28x32
        x = tf.nn.relu(x)
        yield "inception3b.branch3_0.relu", x

        # inception3b.branch3_1: block basic_conv filters=96 size=3 stride=1 padding=1
        # inception3b.branch3_1.conv: (28-3+2*1)/1+1 = 28 -> 28x28x96, 27,648 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception3b.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception3b.branch3_1.conv", x
        # inception3b.branch3_1.bn: 4*96 -> 28x28x96, 384 params (192 trainable)
        x = batch_norm(
            x, w["inception3b.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3b.branch3_1.bn", x
        # inception3b.branch3_1.relu: 28x28x96
        x = tf.nn.relu(x)
        inception3b_branch3_1_relu = x
        yield "inception3b.branch3_1.relu", x
        # inception3b.branch4_0: (28-3+2*1)/1+1 = 28 -> 28x28x256
        x = tf.pad(inception3a_concat, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception3b.branch4_0", x

        # inception3b.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
        # inception3b.branch4_1.conv: (28-1+2*0)/1+1 = 28 -> 28x28x64, 16,384 params
        x = tf.nn.conv2d(x, w["inception3b.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception3b.branch4_1.conv", x
        # inception3b.branch4_1.bn: 4*64 -> 28x28x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception3b.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception3b.branch4_1.bn", x
        # inception3b.branch4_1.relu: 28x28x64
        x = tf.nn.relu(x)
        yield "inception3b.branch4_1.relu", x
        # inception3b.concat: 28x28x(128+192+96+64) -> 28x28x480
        x = tf.concat(
            [inception3b_branch1_relu, inception3b_branch2_1_relu, inception3b_branch3_1_relu, x],
            axis=-1,
        )
        yield "inception3b.concat", x

        # maxpool3: (28-3+2*0)/2+1 = 13.5 -> 14 -> 14x14x480
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        maxpool3 = x
        yield "maxpool3", x

        # inception4a: block inception ch1x1=192 ch3x3red=96 ch3x3=208 ch5x5red=16 ch5x5=48
        # pool_proj=64
        # inception4a.branch1: block basic_conv filters=192 size=1 stride=1 padding=0
        # inception4a.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x192, 92,160 params
        x = tf.nn.conv2d(
            maxpool3, w["inception4a.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4a.branch1.conv", x
        # inception4a.branch1.bn: 4*192 -> 14x14x192, 768 params (384 trainable)
        x = batch_norm(
            x, w["inception4a.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4a.branch1.bn", x
        # inception4a.branch1.relu: 14x14x192
        x = tf.nn.relu(x)
        inception4a_branch1_relu = x
        yield "inception4a.branch1.relu", x

        # inception4a.branch2_0: block basic_conv filters=96 size=1 stride=1 padding=0
        # inception4a.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x96, 46,080 params
        x = tf.nn.conv2d(
            maxpool3, w["inception4a.branch2_0.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4a.branch2_0.conv", x
        # inception4a.branch2_0.bn: 4*96 -> 14x14x96, 384 params (192 trainable)
        x = batch_norm(
            x, w["inception4a.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4a.branch2_0.bn", x
        # inception4a.branch2_0.relu: 14x14x96
        x = tf.nn.relu(x)
        yield "inception4a.branch2_0.relu", x

        # inception4a.branch2_1: block basic_conv filters=208 size=3 stride=1 padding=1
        # inception4a.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x208, 179,712 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4a.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4a.branch2_1.conv", x
        # inception4a.branch2_1.bn: 4*208 -> 14x14x208, 832 params (416 trainable)
        x = batch_norm(
            x, w["inception4a.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4a.branch2_1.bn", x
        # inception4a.branch2_1.relu: 14x14x208
        x = tf.nn.relu(x)
        inception4a_branch2_1_relu = x
        yield "inception4a.branch2_1.relu", x

        # inception4a.branch3_0: block basic_conv filters=16 size=1 stride=1 padding=0
        # inception4a.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x16, 7,680 params
        x = tf.nn.conv2d(
            maxpool3, w["inception4a.branch3_0.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4a.branch3_0.conv", x
        # inception4a.branch3_0.bn: 4*16 -> 14x14x16, 64 params (32 trainable)
        x = batch_norm(
            x, w["inception4a.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4a.branch3_0.bn", x
        # inception4a.branch3_0.relu: 14x14x16
        x = tf.nn.relu(x)
        yield "inception4a.branch3_0.relu", x

        # inception4a.branch3_1: block basic_conv filters=48 size=3 stride=1 padding=1
        # inception4a.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x48, 6,912 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4a.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4a.branch3_1.conv", x
        # inception4a.branch3_1.bn: 4*48 -> 14x14x48, 192 params (96 trainable)
        x = batch_norm(
            x, w["inception4a.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4a.branch3_1.bn", x
        # inception4a.branch3_1.relu: 14x14x48
        x = tf.nn.relu(x)
        inception4a_branch3_1_relu = x
        yield "inception4a.branch3_1.relu", x
        # inception4a.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x480
        x = tf.pad(maxpool3, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception4a.branch4_0", x

        # inception4a.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
        # inception4a.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 30,720 params
        x = tf.nn.conv2d(x, w["inception4a.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4a.branch4_1.conv", x
        # inception4a.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4a.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4a.branch4_1.bn", x
        # inception4a.branch4_1.relu: 14x14x64
        x = tf.nn.relu(x)
        yield "inception4a.branch4_1.relu", x
        # inception4a.concat: 14x14x(192+208+48+64) -> 14x14x512
        x = tf.concat(
            [inception4a_branch1_relu, inception4a_branch2_1_relu, inception4a_branch3_1_relu, x],
            axis=-1,
        )
        inception4a_concat = x
        yield "inception4a.concat", x

        # inception4b: block inception ch1x1=160 ch3x3red=112 ch3x3=224 ch5x5red=24 ch5x5=64
        # pool_proj=64
        # inception4b.branch1: block basic_conv filters=160 size=1 stride=1 padding=0
        # inception4b.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x160, 81,920 params
        x = tf.nn.conv2d(
            inception4a_concat, w["inception4b.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4b.branch1.conv", x
        # inception4b.branch1.bn: 4*160 -> 14x14x160, 640 params (320 trainable)
        x = batch_norm(
            x, w["inception4b.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4b.branch1.bn", x
        # inception4b.branch1.relu: 14x14x160
        x = tf.nn.relu(x)
        inception4b_branch1_relu = x
        yield "inception4b.branch1.relu", x

        # inception4b.branch2_0: block basic_conv filters=112 size=1 stride=1 padding=0
        # inception4b.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x112, 57,344 params
        x = tf.nn.conv2d(
            inception4a_concat,
            w["inception4b.branch2_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4b.branch2_0.conv", x
        # inception4b.branch2_0.bn: 4*112 -> 14x14x112, 448 params (224 trainable)
        x = batch_norm(
            x, w["inception4b.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4b.branch2_0.bn", x
        # inception4b.branch2_0.relu: 14x14x112
        x = tf.nn.relu(x)
        yield "inception4b.branch2_0.relu", x

        # inception4b.branch2_1: block basic_conv filters=224 size=3 stride=1 padding=1
        # inception4b.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x224, 225,792 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4b.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4b.branch2_1.conv", x
        # inception4b.branch2_1.bn: 4*224 -> 14x14x224, 896 params (448 trainable)
        x = batch_norm(
            x, w["inception4b.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4b.branch2_1.bn", x
        # inception4b.branch2_1.relu: 14x14x224
        x = tf.nn.relu(x)
        inception4b_branch2_1_relu = x
        yield "inception4b.branch2_1.relu", x

        # inception4b.branch3_0: block basic_conv filters=24 size=1 stride=1 padding=0
        # inception4b.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x24, 12,288 params
        x = tf.nn.conv2d(
            inception4a_concat,
            w["inception4b.branch3_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4b.branch3_0.conv", x
        # inception4b.branch3_0.bn: 4*24 -> 14x14x24, 96 params (48 trainable)
        x = batch_norm(
            x, w["inception4b.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4b.branch3_0.bn", x
        # inception4b.branch3_0.relu: 14x14x24
        x = tf.nn.relu(x)
        yield "inception4b.branch3_0.relu", x

        # inception4b.branch3_1: block basic_conv filters=64 size=3 stride=1 padding=1
        # inception4b.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x64, 13,824 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4b.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4b.branch3_1.conv", x
        # inception4b.branch3_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4b.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4b.branch3_1.bn", x
        # inception4b.branch3_1.relu: 14x14x64
        x = tf.nn.relu(x)
        inception4b_branch3_1_relu = x
        yield "inception4b.branch3_1.relu", x
        # inception4b.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x512
        x = tf.pad(inception4a_concat, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception4b.branch4_0", x

        # inception4b.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
        # inception4b.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 32,768 params
        x = tf.nn.conv2d(x, w["inception4b.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4b.branch4_1.conv", x
        # inception4b.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4b.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4b.branch4_1.bn", x
        # inception4b.branch4_1.relu: 14x14x64
        x = tf.nn.relu(x)
        yield "inception4b.branch4_1.relu", x
        # inception4b.concat: 14x14x(160+224+64+64) -> 14x14x512
        x = tf.concat(
            [inception4b_branch1_relu, inception4b_branch2_1_relu, inception4b_branch3_1_relu, x],
            axis=-1,
        )
        inception4b_concat = x
        yield "inception4b.concat", x

        # inception4c: block inception ch1x1=128 ch3x3red=128 ch3x3=256 ch5x5red=24 ch5x5=64
        # pool_proj=64
        # inception4c.branch1: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception4c.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x128, 65,536 params
        x = tf.nn.conv2d(
            inception4b_concat, w["inception4c.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4c.branch1.conv", x
        # inception4c.branch1.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception4c.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4c.branch1.bn", x
        # inception4c.branch1.relu: 14x14x128
        x = tf.nn.relu(x)
        inception4c_branch1_relu = x
        yield "inception4c.branch1.relu", x

        # inception4c.branch2_0: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception4c.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x128, 65,536 params
        x = tf.nn.conv2d(
            inception4b_concat,
            w["inception4c.branch2_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4c.branch2_0.conv", x
        # inception4c.branch2_0.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception4c.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4c.branch2_0.bn", x
        # inception4c.branch2_0.relu: 14x14x128
        x = tf.nn.relu(x)
        yield "inception4c.branch2_0.relu", x

        # inception4c.branch2_1: block basic_conv filters=256 size=3 stride=1 padding=1
        # inception4c.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x256, 294,912 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4c.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4c.branch2_1.conv", x
        # inception4c.branch2_1.bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(
            x, w["inception4c.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4c.branch2_1.bn", x
        # inception4c.branch2_1.relu: 14x14x256
        x = tf.nn.relu(x)
        inception4c_branch2_1_relu = x
        yield "inception4c.branch2_1.relu", x

        # inception4c.branch3_0: block basic_conv filters=24 size=1 stride=1 padding=0
        # inception4c.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x24, 12,288 params
        x = tf.nn.conv2d(
            inception4b_concat,
            w["inception4c.branch3_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4c.branch3_0.conv", x
        # inception4c.branch3_0.bn: 4*24 -> 14x14x24, 96 params (48 trainable)
        x = batch_norm(
            x, w["inception4c.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4c.branch3_0.bn", x
        # inception4c.branch3_0.relu: 14x14x24
        x = tf.nn.relu(x)
        yield "inception4c.branch3_0.relu", x

        # inception4c.branch3_1: block basic_conv filters=64 size=3 stride=1 padding=1
        # inception4c.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x64, 13,824 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4c.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4c.branch3_1.conv", x
        # inception4c.branch3_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4c.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4c.branch3_1.bn", x
        # inception4c.branch3_1.relu: 14x14x64
        x = tf.nn.relu(x)
        inception4c_branch3_1_relu = x
        yield "inception4c.branch3_1.relu", x
        # inception4c.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x512
        x = tf.pad(inception4b_concat, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception4c.branch4_0", x

        # inception4c.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
        # inception4c.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 32,768 params
        x = tf.nn.conv2d(x, w["inception4c.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4c.branch4_1.conv", x
        # inception4c.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4c.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4c.branch4_1.bn", x
        # inception4c.branch4_1.relu: 14x14x64
        x = tf.nn.relu(x)
        yield "inception4c.branch4_1.relu", x
        # inception4c.concat: 14x14x(128+256+64+64) -> 14x14x512
        x = tf.concat(
            [inception4c_branch1_relu, inception4c_branch2_1_relu, inception4c_branch3_1_relu, x],
            axis=-1,
        )
        inception4c_concat = x
        yield "inception4c.concat", x

        # inception4d: block inception ch1x1=112 ch3x3red=144 ch3x3=288 ch5x5red=32 ch5x5=64
        # pool_proj=64
        # inception4d.branch1: block basic_conv filters=112 size=1 stride=1 padding=0
        # inception4d.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x112, 57,344 params
        x = tf.nn.conv2d(
            inception4c_concat, w["inception4d.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4d.branch1.conv", x
        # inception4d.branch1.bn: 4*112 -> 14x14x112, 448 params (224 trainable)
        x = batch_norm(
            x, w["inception4d.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4d.branch1.bn", x
        # inception4d.branch1.relu: 14x14x112
        x = tf.nn.relu(x)
        inception4d_branch1_relu = x
        yield "inception4d.branch1.relu", x

        # inception4d.branch2_0: block basic_conv filters=144 size=1 stride=1 padding=0
        # inception4d.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x144, 73,728 params
        x = tf.nn.conv2d(
            inception4c_concat,
            w["inception4d.branch2_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4d.branch2_0.conv", x
        # inception4d.branch2_0.bn: 4*144 -> 14x14x144, 576 params (288 trainable)
        x = batch_norm(
            x, w["inception4d.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4d.branch2_0.bn", x
        # inception4d.branch2_0.relu: 14x14x144
        x = tf.nn.relu(x)
        yield "inception4d.branch2_0.relu", x

        # inception4d.branch2_1: block basic_conv filters=288 size=3 stride=1 padding=1
        # inception4d.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x288, 373,248 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4d.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4d.branch2_1.conv", x
        # inception4d.branch2_1.bn: 4*288 -> 14x14x288, 1,152 params (576 trainable)
        x = batch_norm(
            x, w["inception4d.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4d.branch2_1.bn", x
        # inception4d.branch2_1.relu: 14x14x288
        x = tf.nn.relu(x)
        inception4d_branch2_1_relu = x
        yield "inception4d.branch2_1.relu", x

        # inception4d.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
        # inception4d.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x32, 16,384 params
        x = tf.nn.conv2d(
            inception4c_concat,
            w["inception4d.branch3_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4d.branch3_0.conv", x
        # inception4d.branch3_0.bn: 4*32 -> 14x14x32, 128 params (64 trainable)
        x = batch_norm(
            x, w["inception4d.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4d.branch3_0.bn", x
        # inception4d.branch3_0.relu: 14x14x32
        x = tf.nn.relu(x)
        yield "inception4d.branch3_0.relu", x

        # inception4d.branch3_1: block basic_conv filters=64 size=3 stride=1 padding=1
        # inception4d.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x64, 18,432 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4d.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4d.branch3_1.conv", x
        # inception4d.branch3_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4d.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4d.branch3_1.bn", x
        # inception4d.branch3_1.relu: 14x14x64
        x = tf.nn.relu(x)
        inception4d_branch3_1_relu = x
        yield "inception4d.branch3_1.relu", x
        # inception4d.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x512
        x = tf.pad(inception4c_concat, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception4d.branch4_0", x

        # inception4d.branch4_1: block basic_conv filters=64 size=1 stride=1 padding=0
        # inception4d.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x64, 32,768 params
        x = tf.nn.conv2d(x, w["inception4d.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4d.branch4_1.conv", x
        # inception4d.branch4_1.bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(
            x, w["inception4d.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4d.branch4_1.bn", x
        # inception4d.branch4_1.relu: 14x14x64
        x = tf.nn.relu(x)
        yield "inception4d.branch4_1.relu", x
        # inception4d.concat: 14x14x(112+288+64+64) -> 14x14x528
        x = tf.concat(
            [inception4d_branch1_relu, inception4d_branch2_1_relu, inception4d_branch3_1_relu, x],
            axis=-1,
        )
        inception4d_concat = x
        yield "inception4d.concat", x

        # inception4e: block inception ch1x1=256 ch3x3red=160 ch3x3=320 ch5x5red=32 ch5x5=128
        # pool_proj=128
        # inception4e.branch1: block basic_conv filters=256 size=1 stride=1 padding=0
        # inception4e.branch1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x256, 135,168 params
        x = tf.nn.conv2d(
            inception4d_concat, w["inception4e.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception4e.branch1.conv", x
        # inception4e.branch1.bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(
            x, w["inception4e.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4e.branch1.bn", x
        # inception4e.branch1.relu: 14x14x256
        x = tf.nn.relu(x)
        inception4e_branch1_relu = x
        yield "inception4e.branch1.relu", x

        # inception4e.branch2_0: block basic_conv filters=160 size=1 stride=1 padding=0
        # inception4e.branch2_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x160, 84,480 params
        x = tf.nn.conv2d(
            inception4d_concat,
            w["inception4e.branch2_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4e.branch2_0.conv", x
        # inception4e.branch2_0.bn: 4*160 -> 14x14x160, 640 params (320 trainable)
        x = batch_norm(
            x, w["inception4e.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4e.branch2_0.bn", x
        # inception4e.branch2_0.relu: 14x14x160
        x = tf.nn.relu(x)
        yield "inception4e.branch2_0.relu", x

        # inception4e.branch2_1: block basic_conv filters=320 size=3 stride=1 padding=1
        # inception4e.branch2_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x320, 460,800 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4e.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4e.branch2_1.conv", x
        # inception4e.branch2_1.bn: 4*320 -> 14x14x320, 1,280 params (640 trainable)
        x = batch_norm(
            x, w["inception4e.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4e.branch2_1.bn", x
        # inception4e.branch2_1.relu: 14x14x320
        x = tf.nn.relu(x)
        inception4e_branch2_1_relu = x
        yield "inception4e.branch2_1.relu", x

        # inception4e.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
        # inception4e.branch3_0.conv: (14-1+2*0)/1+1 = 14 -> 14x14x32, 16,896 params
        x = tf.nn.conv2d(
            inception4d_concat,
            w["inception4e.branch3_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception4e.branch3_0.conv", x
        # inception4e.branch3_0.bn: 4*32 -> 14x14x32, 128 params (64 trainable)
        x = batch_norm(
            x, w["inception4e.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4e.branch3_0.bn", x
        # inception4e.branch3_0.relu: 14x14x32
        x = tf.nn.relu(x)
        yield "inception4e.branch3_0.relu", x

        # inception4e.branch3_1: block basic_conv filters=128 size=3 stride=1 padding=1
        # inception4e.branch3_1.conv: (14-3+2*1)/1+1 = 14 -> 14x14x128, 36,864 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception4e.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4e.branch3_1.conv", x
        # inception4e.branch3_1.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception4e.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4e.branch3_1.bn", x
        # inception4e.branch3_1.relu: 14x14x128
        x = tf.nn.relu(x)
        inception4e_branch3_1_relu = x
        yield "inception4e.branch3_1.relu", x
        # inception4e.branch4_0: (14-3+2*1)/1+1 = 14 -> 14x14x528
        x = tf.pad(inception4d_concat, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception4e.branch4_0", x

        # inception4e.branch4_1: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception4e.branch4_1.conv: (14-1+2*0)/1+1 = 14 -> 14x14x128, 67,584 params
        x = tf.nn.conv2d(x, w["inception4e.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception4e.branch4_1.conv", x
        # inception4e.branch4_1.bn: 4*128 -> 14x14x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception4e.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception4e.branch4_1.bn", x
        # inception4e.branch4_1.relu: 14x14x128
        x = tf.nn.relu(x)
        yield "inception4e.branch4_1.relu", x
        # inception4e.concat: 14x14x(256+320+128+128) -> 14x14x832
        x = tf.concat(
            [inception4e_branch1_relu, inception4e_branch2_1_relu, inception4e_branch3_1_relu, x],
            axis=-1,
        )
        yield "inception4e.concat", x

        # maxpool4: (14-2+2*0)/2+1 = 7 -> 7x7x832
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        maxpool4 = x
        yield "maxpool4", x

        # inception5a: block inception ch1x1=256 ch3x3red=160 ch3x3=320 ch5x5red=32 ch5x5=128
        # pool_proj=128
        # inception5a.branch1: block basic_conv filters=256 size=1 stride=1 padding=0
        # inception5a.branch1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x256, 212,992 params
        x = tf.nn.conv2d(
            maxpool4, w["inception5a.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception5a.branch1.conv", x
        # inception5a.branch1.bn: 4*256 -> 7x7x256, 1,024 params (512 trainable)
        x = batch_norm(
            x, w["inception5a.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5a.branch1.bn", x
        # inception5a.branch1.relu: 7x7x256
        x = tf.nn.relu(x)
        inception5a_branch1_relu = x
        yield "inception5a.branch1.relu", x

        # inception5a.branch2_0: block basic_conv filters=160 size=1 stride=1 padding=0
        # inception5a.branch2_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x160, 133,120 params
        x = tf.nn.conv2d(
            maxpool4, w["inception5a.branch2_0.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception5a.branch2_0.conv", x
        # inception5a.branch2_0.bn: 4*160 -> 7x7x160, 640 params (320 trainable)
        x = batch_norm(
            x, w["inception5a.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5a.branch2_0.bn", x
        # inception5a.branch2_0.relu: 7x7x160
        x = tf.nn.relu(x)
        yield "inception5a.branch2_0.relu", x

        # inception5a.branch2_1: block basic_conv filters=320 size=3 stride=1 padding=1
        # inception5a.branch2_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x320, 460,800 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception5a.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception5a.branch2_1.conv", x
        # inception5a.branch2_1.bn: 4*320 -> 7x7x320, 1,280 params (640 trainable)
        x = batch_norm(
            x, w["inception5a.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5a.branch2_1.bn", x
        # inception5a.branch2_1.relu: 7x7x320
        x = tf.nn.relu(x)
        inception5a_branch2_1_relu = x
        yield "inception5a.branch2_1.relu", x

        # inception5a.branch3_0: block basic_conv filters=32 size=1 stride=1 padding=0
        # inception5a.branch3_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x32, 26,624 params
        x = tf.nn.conv2d(
            maxpool4, w["inception5a.branch3_0.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception5a.branch3_0.conv", x
        # inception5a.branch3_0.bn: 4*32 -> 7x7x32, 128 params (64 trainable)
        x = batch_norm(
            x, w["inception5a.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5a.branch3_0.bn", x
        # inception5a.branch3_0.relu: 7x7x32
        x = tf.nn.relu(x)
        yield "inception5a.branch3_0.relu", x

        # inception5a.branch3_1: block basic_conv filters=128 size=3 stride=1 padding=1
        # inception5a.branch3_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x128, 36,864 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception5a.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception5a.branch3_1.conv", x
        # inception5a.branch3_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception5a.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5a.branch3_1.bn", x
        # inception5a.branch3_1.relu: 7x7x128
        x = tf.nn.relu(x)
        inception5a_branch3_1_relu = x
        yield "inception5a.branch3_1.relu", x
        # inception5a.branch4_0: (7-3+2*1)/1+1 = 7 -> 7x7x832
        x = tf.pad(maxpool4, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception5a.branch4_0", x

        # inception5a.branch4_1: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception5a.branch4_1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x128, 106,496 params
        x = tf.nn.conv2d(x, w["inception5a.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception5a.branch4_1.conv", x
        # inception5a.branch4_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception5a.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5a.branch4_1.bn", x
        # inception5a.branch4_1.relu: 7x7x128
        x = tf.nn.relu(x)
        yield "inception5a.branch4_1.relu", x
        # inception5a.concat: 7x7x(256+320+128+128) -> 7x7x832
        x = tf.concat(
            [inception5a_branch1_relu, inception5a_branch2_1_relu, inception5a_branch3_1_relu, x],
            axis=-1,
        )
        inception5a_concat = x
        yield "inception5a.concat", x

        # inception5b: block inception ch1x1=384 ch3x3red=192 ch3x3=384 ch5x5red=48 ch5x5=128
        # pool_proj=128
        # inception5b.branch1: block basic_conv filters=384 size=1 stride=1 padding=0
        # inception5b.branch1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x384, 319,488 params
        x = tf.nn.conv2d(
            inception5a_concat, w["inception5b.branch1.conv"]["kernel"], strides=1, padding="VALID"
        )
        yield "inception5b.branch1.conv", x
        # inception5b.branch1.bn: 4*384 -> 7x7x384, 1,536 params (768 trainable)
        x = batch_norm(
            x, w["inception5b.branch1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5b.branch1.bn", x
        # inception5b.branch1.relu: 7x7x384
        x = tf.nn.relu(x)
        inception5b_branch1_relu = x
        yield "inception5b.branch1.relu", x

        # inception5b.branch2_0: block basic_conv filters=192 size=1 stride=1 padding=0
        # inception5b.branch2_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x192, 159,744 params
        x = tf.nn.conv2d(
            inception5a_concat,
            w["inception5b.branch2_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception5b.branch2_0.conv", x
        # inception5b.branch2_0.bn: 4*192 -> 7x7x192, 768 params (384 trainable)
        x = batch_norm(
            x, w["inception5b.branch2_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5b.branch2_0.bn", x
        # inception5b.branch2_0.relu: 7x7x192
        x = tf.nn.relu(x)
        yield "inception5b.branch2_0.relu", x

        # inception5b.branch2_1: block basic_conv filters=384 size=3 stride=1 padding=1
        # inception5b.branch2_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x384, 663,552 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception5b.branch2_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception5b.branch2_1.conv", x
        # inception5b.branch2_1.bn: 4*384 -> 7x7x384, 1,536 params (768 trainable)
        x = batch_norm(
            x, w["inception5b.branch2_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5b.branch2_1.bn", x
        # inception5b.branch2_1.relu: 7x7x384
        x = tf.nn.relu(x)
        inception5b_branch2_1_relu = x
        yield "inception5b.branch2_1.relu", x

        # inception5b.branch3_0: block basic_conv filters=48 size=1 stride=1 padding=0
        # inception5b.branch3_0.conv: (7-1+2*0)/1+1 = 7 -> 7x7x48, 39,936 params
        x = tf.nn.conv2d(
            inception5a_concat,
            w["inception5b.branch3_0.conv"]["kernel"],
            strides=1,
            padding="VALID",
        )
        yield "inception5b.branch3_0.conv", x
        # inception5b.branch3_0.bn: 4*48 -> 7x7x48, 192 params (96 trainable)
        x = batch_norm(
            x, w["inception5b.branch3_0.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5b.branch3_0.bn", x
        # inception5b.branch3_0.relu: 7x7x48
        x = tf.nn.relu(x)
        yield "inception5b.branch3_0.relu", x

        # inception5b.branch3_1: block basic_conv filters=128 size=3 stride=1 padding=1
        # inception5b.branch3_1.conv: (7-3+2*1)/1+1 = 7 -> 7x7x128, 55,296 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["inception5b.branch3_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception5b.branch3_1.conv", x
        # inception5b.branch3_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception5b.branch3_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5b.branch3_1.bn", x
        # inception5b.branch3_1.relu: 7x7x128
        x = tf.nn.relu(x)
        inception5b_branch3_1_relu = x
        yield "inception5b.branch3_1.relu", x
        # inception5b.branch4_0: (7-3+2*1)/1+1 = 7 -> 7x7x832
        x = tf.pad(inception5a_concat, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=1, padding="VALID")
        yield "inception5b.branch4_0", x

        # inception5b.branch4_1: block basic_conv filters=128 size=1 stride=1 padding=0
        # inception5b.branch4_1.conv: (7-1+2*0)/1+1 = 7 -> 7x7x128, 106,496 params
        x = tf.nn.conv2d(x, w["inception5b.branch4_1.conv"]["kernel"], strides=1, padding="VALID")
        yield "inception5b.branch4_1.conv", x
        # inception5b.branch4_1.bn: 4*128 -> 7x7x128, 512 params (256 trainable)
        x = batch_norm(
            x, w["inception5b.branch4_1.bn"], momentum=0.9, epsilon=0.001, training=training
        )
        yield "inception5b.branch4_1.bn", x
        # inception5b.branch4_1.relu: 7x7x128
        x = tf.nn.relu(x)
        yield "inception5b.branch4_1.relu", x
        # inception5b.concat: 7x7x(384+384+128+128) -> 7x7x1024
        x = tf.concat(
            [inception5b_branch1_relu, inception5b_branch2_1_relu, inception5b_branch3_1_relu, x],
            axis=-1,
        )
        yield "inception5b.concat", x

        # avgpool: avg of 7x7 -> 1024
        x = tf.reduce_mean(x, axis=[1, 2])
        yield "avgpool", x
        # dropout: 1024
        if training:
            x = tf.nn.dropout(x, rate=0.2)
        yield "dropout", x
        # fc: 1024x1000 -> 1000, 1,025,000 params
        x = tf.matmul(x, w["fc"]["kernel"])
        x = tf.nn.bias_add(x, w["fc"]["bias"])
        yield "fc", x

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
    parser.add_argument("--out", type=Path, default=Path("googlenet-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = Network()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch * 8, decay_rate=0.96, staircase=True
    )
    optimizer = keras.optimizers.SGD(schedule, momentum=0.9)
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    mean_loss, accuracy = keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()
    read = functools.partial(decode_image, shape=INPUT_SHAPE)  # an image file, as uint8
    train_ds = make_pipeline(x_train, y_train, args.batch_size, INPUT_SHAPE, True, args.seed, read)
    augmenter = keras.Sequential(
        [keras.layers.RandomFlip("horizontal", seed=args.seed)],
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
