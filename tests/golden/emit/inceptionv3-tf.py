"""Train inceptionv3, a 312-layer network with 23,851,784 parameters, in TensorFlow.

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
import shutil
from collections.abc import Iterator
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


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: glorot_uniform."""
    return tf.Variable(keras.initializers.GlorotUniform()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


def new_batchnorm(channels: int, scale: bool = True) -> dict[str, tf.Variable]:
    """Scale (unless scale is False) and offset (trained); moving mean and variance (updated in
    training, not trained)."""
    gamma = {"gamma": tf.Variable(tf.ones([channels]))} if scale else {}
    return {
        **gamma,
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
    gamma = v.get("gamma")  # absent where the spec says scale: false
    return tf.nn.batch_normalization(x, mean, variance, v["beta"], gamma, epsilon)


class Network(tf.Module):
    """The network in plain TensorFlow: variables per layer, tf.nn ops in forward."""

    def __init__(self) -> None:
        super().__init__(name="inceptionv3")
        self.weights = {
            "stem1.conv": {"kernel": new_kernel((3, 3, 3, 32))},
            "stem1.bn": new_batchnorm(32, scale=False),
            "stem2.conv": {"kernel": new_kernel((3, 3, 32, 32))},
            "stem2.bn": new_batchnorm(32, scale=False),
            "stem3.conv": {"kernel": new_kernel((3, 3, 32, 64))},
            "stem3.bn": new_batchnorm(64, scale=False),
            "stem4.conv": {"kernel": new_kernel((1, 1, 64, 80))},
            "stem4.bn": new_batchnorm(80, scale=False),
            "stem5.conv": {"kernel": new_kernel((3, 3, 80, 192))},
            "stem5.bn": new_batchnorm(192, scale=False),
            "mixed0.b1x1.conv": {"kernel": new_kernel((1, 1, 192, 64))},
            "mixed0.b1x1.bn": new_batchnorm(64, scale=False),
            "mixed0.b5x5_1.conv": {"kernel": new_kernel((1, 1, 192, 48))},
            "mixed0.b5x5_1.bn": new_batchnorm(48, scale=False),
            "mixed0.b5x5_2.conv": {"kernel": new_kernel((5, 5, 48, 64))},
            "mixed0.b5x5_2.bn": new_batchnorm(64, scale=False),
            "mixed0.b3x3dbl_1.conv": {"kernel": new_kernel((1, 1, 192, 64))},
            "mixed0.b3x3dbl_1.bn": new_batchnorm(64, scale=False),
            "mixed0.b3x3dbl_2.conv": {"kernel": new_kernel((3, 3, 64, 96))},
            "mixed0.b3x3dbl_2.bn": new_batchnorm(96, scale=False),
            "mixed0.b3x3dbl_3.conv": {"kernel": new_kernel((3, 3, 96, 96))},
            "mixed0.b3x3dbl_3.bn": new_batchnorm(96, scale=False),
            "mixed0.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 192, 32))},
            "mixed0.bpool_1x1.bn": new_batchnorm(32, scale=False),
            "mixed1.b1x1.conv": {"kernel": new_kernel((1, 1, 256, 64))},
            "mixed1.b1x1.bn": new_batchnorm(64, scale=False),
            "mixed1.b5x5_1.conv": {"kernel": new_kernel((1, 1, 256, 48))},
            "mixed1.b5x5_1.bn": new_batchnorm(48, scale=False),
            "mixed1.b5x5_2.conv": {"kernel": new_kernel((5, 5, 48, 64))},
            "mixed1.b5x5_2.bn": new_batchnorm(64, scale=False),
            "mixed1.b3x3dbl_1.conv": {"kernel": new_kernel((1, 1, 256, 64))},
            "mixed1.b3x3dbl_1.bn": new_batchnorm(64, scale=False),
            "mixed1.b3x3dbl_2.conv": {"kernel": new_kernel((3, 3, 64, 96))},
            "mixed1.b3x3dbl_2.bn": new_batchnorm(96, scale=False),
            "mixed1.b3x3dbl_3.conv": {"kernel": new_kernel((3, 3, 96, 96))},
            "mixed1.b3x3dbl_3.bn": new_batchnorm(96, scale=False),
            "mixed1.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 256, 64))},
            "mixed1.bpool_1x1.bn": new_batchnorm(64, scale=False),
            "mixed2.b1x1.conv": {"kernel": new_kernel((1, 1, 288, 64))},
            "mixed2.b1x1.bn": new_batchnorm(64, scale=False),
            "mixed2.b5x5_1.conv": {"kernel": new_kernel((1, 1, 288, 48))},
            "mixed2.b5x5_1.bn": new_batchnorm(48, scale=False),
            "mixed2.b5x5_2.conv": {"kernel": new_kernel((5, 5, 48, 64))},
            "mixed2.b5x5_2.bn": new_batchnorm(64, scale=False),
            "mixed2.b3x3dbl_1.conv": {"kernel": new_kernel((1, 1, 288, 64))},
            "mixed2.b3x3dbl_1.bn": new_batchnorm(64, scale=False),
            "mixed2.b3x3dbl_2.conv": {"kernel": new_kernel((3, 3, 64, 96))},
            "mixed2.b3x3dbl_2.bn": new_batchnorm(96, scale=False),
            "mixed2.b3x3dbl_3.conv": {"kernel": new_kernel((3, 3, 96, 96))},
            "mixed2.b3x3dbl_3.bn": new_batchnorm(96, scale=False),
            "mixed2.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 288, 64))},
            "mixed2.bpool_1x1.bn": new_batchnorm(64, scale=False),
            "mixed3.b3x3.conv": {"kernel": new_kernel((3, 3, 288, 384))},
            "mixed3.b3x3.bn": new_batchnorm(384, scale=False),
            "mixed3.b3x3dbl_1.conv": {"kernel": new_kernel((1, 1, 288, 64))},
            "mixed3.b3x3dbl_1.bn": new_batchnorm(64, scale=False),
            "mixed3.b3x3dbl_2.conv": {"kernel": new_kernel((3, 3, 64, 96))},
            "mixed3.b3x3dbl_2.bn": new_batchnorm(96, scale=False),
            "mixed3.b3x3dbl_3.conv": {"kernel": new_kernel((3, 3, 96, 96))},
            "mixed3.b3x3dbl_3.bn": new_batchnorm(96, scale=False),
            "mixed4.b1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed4.b1x1.bn": new_batchnorm(192, scale=False),
            "mixed4.b7x7_1.conv": {"kernel": new_kernel((1, 1, 768, 128))},
            "mixed4.b7x7_1.bn": new_batchnorm(128, scale=False),
            "mixed4.b7x7_2.conv": {"kernel": new_kernel((1, 7, 128, 128))},
            "mixed4.b7x7_2.bn": new_batchnorm(128, scale=False),
            "mixed4.b7x7_3.conv": {"kernel": new_kernel((7, 1, 128, 192))},
            "mixed4.b7x7_3.bn": new_batchnorm(192, scale=False),
            "mixed4.b7x7dbl_1.conv": {"kernel": new_kernel((1, 1, 768, 128))},
            "mixed4.b7x7dbl_1.bn": new_batchnorm(128, scale=False),
            "mixed4.b7x7dbl_2.conv": {"kernel": new_kernel((7, 1, 128, 128))},
            "mixed4.b7x7dbl_2.bn": new_batchnorm(128, scale=False),
            "mixed4.b7x7dbl_3.conv": {"kernel": new_kernel((1, 7, 128, 128))},
            "mixed4.b7x7dbl_3.bn": new_batchnorm(128, scale=False),
            "mixed4.b7x7dbl_4.conv": {"kernel": new_kernel((7, 1, 128, 128))},
            "mixed4.b7x7dbl_4.bn": new_batchnorm(128, scale=False),
            "mixed4.b7x7dbl_5.conv": {"kernel": new_kernel((1, 7, 128, 192))},
            "mixed4.b7x7dbl_5.bn": new_batchnorm(192, scale=False),
            "mixed4.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed4.bpool_1x1.bn": new_batchnorm(192, scale=False),
            "mixed5.b1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed5.b1x1.bn": new_batchnorm(192, scale=False),
            "mixed5.b7x7_1.conv": {"kernel": new_kernel((1, 1, 768, 160))},
            "mixed5.b7x7_1.bn": new_batchnorm(160, scale=False),
            "mixed5.b7x7_2.conv": {"kernel": new_kernel((1, 7, 160, 160))},
            "mixed5.b7x7_2.bn": new_batchnorm(160, scale=False),
            "mixed5.b7x7_3.conv": {"kernel": new_kernel((7, 1, 160, 192))},
            "mixed5.b7x7_3.bn": new_batchnorm(192, scale=False),
            "mixed5.b7x7dbl_1.conv": {"kernel": new_kernel((1, 1, 768, 160))},
            "mixed5.b7x7dbl_1.bn": new_batchnorm(160, scale=False),
            "mixed5.b7x7dbl_2.conv": {"kernel": new_kernel((7, 1, 160, 160))},
            "mixed5.b7x7dbl_2.bn": new_batchnorm(160, scale=False),
            "mixed5.b7x7dbl_3.conv": {"kernel": new_kernel((1, 7, 160, 160))},
            "mixed5.b7x7dbl_3.bn": new_batchnorm(160, scale=False),
            "mixed5.b7x7dbl_4.conv": {"kernel": new_kernel((7, 1, 160, 160))},
            "mixed5.b7x7dbl_4.bn": new_batchnorm(160, scale=False),
            "mixed5.b7x7dbl_5.conv": {"kernel": new_kernel((1, 7, 160, 192))},
            "mixed5.b7x7dbl_5.bn": new_batchnorm(192, scale=False),
            "mixed5.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed5.bpool_1x1.bn": new_batchnorm(192, scale=False),
            "mixed6.b1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed6.b1x1.bn": new_batchnorm(192, scale=False),
            "mixed6.b7x7_1.conv": {"kernel": new_kernel((1, 1, 768, 160))},
            "mixed6.b7x7_1.bn": new_batchnorm(160, scale=False),
            "mixed6.b7x7_2.conv": {"kernel": new_kernel((1, 7, 160, 160))},
            "mixed6.b7x7_2.bn": new_batchnorm(160, scale=False),
            "mixed6.b7x7_3.conv": {"kernel": new_kernel((7, 1, 160, 192))},
            "mixed6.b7x7_3.bn": new_batchnorm(192, scale=False),
            "mixed6.b7x7dbl_1.conv": {"kernel": new_kernel((1, 1, 768, 160))},
            "mixed6.b7x7dbl_1.bn": new_batchnorm(160, scale=False),
            "mixed6.b7x7dbl_2.conv": {"kernel": new_kernel((7, 1, 160, 160))},
            "mixed6.b7x7dbl_2.bn": new_batchnorm(160, scale=False),
            "mixed6.b7x7dbl_3.conv": {"kernel": new_kernel((1, 7, 160, 160))},
            "mixed6.b7x7dbl_3.bn": new_batchnorm(160, scale=False),
            "mixed6.b7x7dbl_4.conv": {"kernel": new_kernel((7, 1, 160, 160))},
            "mixed6.b7x7dbl_4.bn": new_batchnorm(160, scale=False),
            "mixed6.b7x7dbl_5.conv": {"kernel": new_kernel((1, 7, 160, 192))},
            "mixed6.b7x7dbl_5.bn": new_batchnorm(192, scale=False),
            "mixed6.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed6.bpool_1x1.bn": new_batchnorm(192, scale=False),
            "mixed7.b1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed7.b1x1.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7_1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed7.b7x7_1.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7_2.conv": {"kernel": new_kernel((1, 7, 192, 192))},
            "mixed7.b7x7_2.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7_3.conv": {"kernel": new_kernel((7, 1, 192, 192))},
            "mixed7.b7x7_3.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7dbl_1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed7.b7x7dbl_1.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7dbl_2.conv": {"kernel": new_kernel((7, 1, 192, 192))},
            "mixed7.b7x7dbl_2.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7dbl_3.conv": {"kernel": new_kernel((1, 7, 192, 192))},
            "mixed7.b7x7dbl_3.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7dbl_4.conv": {"kernel": new_kernel((7, 1, 192, 192))},
            "mixed7.b7x7dbl_4.bn": new_batchnorm(192, scale=False),
            "mixed7.b7x7dbl_5.conv": {"kernel": new_kernel((1, 7, 192, 192))},
            "mixed7.b7x7dbl_5.bn": new_batchnorm(192, scale=False),
            "mixed7.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed7.bpool_1x1.bn": new_batchnorm(192, scale=False),
            "mixed8.b3x3_1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed8.b3x3_1.bn": new_batchnorm(192, scale=False),
            "mixed8.b3x3_2.conv": {"kernel": new_kernel((3, 3, 192, 320))},
            "mixed8.b3x3_2.bn": new_batchnorm(320, scale=False),
            "mixed8.b7x7x3_1.conv": {"kernel": new_kernel((1, 1, 768, 192))},
            "mixed8.b7x7x3_1.bn": new_batchnorm(192, scale=False),
            "mixed8.b7x7x3_2.conv": {"kernel": new_kernel((1, 7, 192, 192))},
            "mixed8.b7x7x3_2.bn": new_batchnorm(192, scale=False),
            "mixed8.b7x7x3_3.conv": {"kernel": new_kernel((7, 1, 192, 192))},
            "mixed8.b7x7x3_3.bn": new_batchnorm(192, scale=False),
            "mixed8.b7x7x3_4.conv": {"kernel": new_kernel((3, 3, 192, 192))},
            "mixed8.b7x7x3_4.bn": new_batchnorm(192, scale=False),
            "mixed9.b1x1.conv": {"kernel": new_kernel((1, 1, 1280, 320))},
            "mixed9.b1x1.bn": new_batchnorm(320, scale=False),
            "mixed9.b3x3.conv": {"kernel": new_kernel((1, 1, 1280, 384))},
            "mixed9.b3x3.bn": new_batchnorm(384, scale=False),
            "mixed9.b3x3_a.conv": {"kernel": new_kernel((1, 3, 384, 384))},
            "mixed9.b3x3_a.bn": new_batchnorm(384, scale=False),
            "mixed9.b3x3_b.conv": {"kernel": new_kernel((3, 1, 384, 384))},
            "mixed9.b3x3_b.bn": new_batchnorm(384, scale=False),
            "mixed9.b3x3dbl_1.conv": {"kernel": new_kernel((1, 1, 1280, 448))},
            "mixed9.b3x3dbl_1.bn": new_batchnorm(448, scale=False),
            "mixed9.b3x3dbl_2.conv": {"kernel": new_kernel((3, 3, 448, 384))},
            "mixed9.b3x3dbl_2.bn": new_batchnorm(384, scale=False),
            "mixed9.b3x3dbl_a.conv": {"kernel": new_kernel((1, 3, 384, 384))},
            "mixed9.b3x3dbl_a.bn": new_batchnorm(384, scale=False),
            "mixed9.b3x3dbl_b.conv": {"kernel": new_kernel((3, 1, 384, 384))},
            "mixed9.b3x3dbl_b.bn": new_batchnorm(384, scale=False),
            "mixed9.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 1280, 192))},
            "mixed9.bpool_1x1.bn": new_batchnorm(192, scale=False),
            "mixed10.b1x1.conv": {"kernel": new_kernel((1, 1, 2048, 320))},
            "mixed10.b1x1.bn": new_batchnorm(320, scale=False),
            "mixed10.b3x3.conv": {"kernel": new_kernel((1, 1, 2048, 384))},
            "mixed10.b3x3.bn": new_batchnorm(384, scale=False),
            "mixed10.b3x3_a.conv": {"kernel": new_kernel((1, 3, 384, 384))},
            "mixed10.b3x3_a.bn": new_batchnorm(384, scale=False),
            "mixed10.b3x3_b.conv": {"kernel": new_kernel((3, 1, 384, 384))},
            "mixed10.b3x3_b.bn": new_batchnorm(384, scale=False),
            "mixed10.b3x3dbl_1.conv": {"kernel": new_kernel((1, 1, 2048, 448))},
            "mixed10.b3x3dbl_1.bn": new_batchnorm(448, scale=False),
            "mixed10.b3x3dbl_2.conv": {"kernel": new_kernel((3, 3, 448, 384))},
            "mixed10.b3x3dbl_2.bn": new_batchnorm(384, scale=False),
            "mixed10.b3x3dbl_a.conv": {"kernel": new_kernel((1, 3, 384, 384))},
            "mixed10.b3x3dbl_a.bn": new_batchnorm(384, scale=False),
            "mixed10.b3x3dbl_b.conv": {"kernel": new_kernel((3, 1, 384, 384))},
            "mixed10.b3x3dbl_b.bn": new_batchnorm(384, scale=False),
            "mixed10.bpool_1x1.conv": {"kernel": new_kernel((1, 1, 2048, 192))},
            "mixed10.bpool_1x1.bn": new_batchnorm(192, scale=False),
            "predictions": {"kernel": new_kernel((2048, 1000)), "bias": new_bias(1000)},
        }

    def forward(self, x: tf.Tensor, training: bool = False) -> Iterator[tuple[str, tf.Tensor]]:
        """Run the layers in turn on images scaled to [0, 1], yielding each name and output."""
        w = self.weights
        # stem1: block cbr filters=32 size=3 stride=2 padding=valid
        # stem1.conv: (299-3+2*0)/2+1 = 149 -> 149x149x32, 864 params
        x = tf.nn.conv2d(x, w["stem1.conv"]["kernel"], strides=2, padding="VALID")
        yield "stem1.conv", x
        # stem1.bn: 3*32 -> 149x149x32, 96 params (32 trainable)
        x = batch_norm(x, w["stem1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "stem1.bn", x
        # stem1.relu: 149x149x32
        x = tf.nn.relu(x)
        yield "stem1.relu", x

        # stem2: block cbr filters=32 size=3 stride=1 padding=valid
        # stem2.conv: (149-3+2*0)/1+1 = 147 -> 147x147x32, 9,216 params
        x = tf.nn.conv2d(x, w["stem2.conv"]["kernel"], strides=1, padding="VALID")
        yield "stem2.conv", x
        # stem2.bn: 3*32 -> 147x147x32, 96 params (32 trainable)
        x = batch_norm(x, w["stem2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "stem2.bn", x
        # stem2.relu: 147x147x32
        x = tf.nn.relu(x)
        yield "stem2.relu", x

        # stem3: block cbr filters=64 size=3 stride=1 padding=same
        # stem3.conv: ceil(147/1) = 147 -> 147x147x64, 18,432 params
        x = tf.nn.conv2d(x, w["stem3.conv"]["kernel"], strides=1, padding="SAME")
        yield "stem3.conv", x
        # stem3.bn: 3*64 -> 147x147x64, 192 params (64 trainable)
        x = batch_norm(x, w["stem3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "stem3.bn", x
        # stem3.relu: 147x147x64
        x = tf.nn.relu(x)
        yield "stem3.relu", x

        # stem_pool1: (147-3+2*0)/2+1 = 73 -> 73x73x64
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        yield "stem_pool1", x

        # stem4: block cbr filters=80 size=1 stride=1 padding=valid
        # stem4.conv: (73-1+2*0)/1+1 = 73 -> 73x73x80, 5,120 params
        x = tf.nn.conv2d(x, w["stem4.conv"]["kernel"], strides=1, padding="VALID")
        yield "stem4.conv", x
        # stem4.bn: 3*80 -> 73x73x80, 240 params (80 trainable)
        x = batch_norm(x, w["stem4.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "stem4.bn", x
        # stem4.relu: 73x73x80
        x = tf.nn.relu(x)
        yield "stem4.relu", x

        # stem5: block cbr filters=192 size=3 stride=1 padding=valid
        # stem5.conv: (73-3+2*0)/1+1 = 71 -> 71x71x192, 138,240 params
        x = tf.nn.conv2d(x, w["stem5.conv"]["kernel"], strides=1, padding="VALID")
        yield "stem5.conv", x
        # stem5.bn: 3*192 -> 71x71x192, 576 params (192 trainable)
        x = batch_norm(x, w["stem5.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "stem5.bn", x
        # stem5.relu: 71x71x192
        x = tf.nn.relu(x)
        yield "stem5.relu", x

        # stem_pool2: (71-3+2*0)/2+1 = 35 -> 35x35x192
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        stem_pool2 = x
        yield "stem_pool2", x

        # mixed0: block inception_a pool_filters=32
        # mixed0.b1x1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed0.b1x1.conv: ceil(35/1) = 35 -> 35x35x64, 12,288 params
        x = tf.nn.conv2d(stem_pool2, w["mixed0.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed0.b1x1.conv", x
        # mixed0.b1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed0.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.b1x1.bn", x
        # mixed0.b1x1.relu: 35x35x64
        x = tf.nn.relu(x)
        mixed0_b1x1_relu = x
        yield "mixed0.b1x1.relu", x

        # mixed0.b5x5_1: block cbr filters=48 size=1 stride=1 padding=same
        # mixed0.b5x5_1.conv: ceil(35/1) = 35 -> 35x35x48, 9,216 params
        x = tf.nn.conv2d(stem_pool2, w["mixed0.b5x5_1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed0.b5x5_1.conv", x
        # mixed0.b5x5_1.bn: 3*48 -> 35x35x48, 144 params (48 trainable)
        x = batch_norm(x, w["mixed0.b5x5_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.b5x5_1.bn", x
        # mixed0.b5x5_1.relu: 35x35x48
        x = tf.nn.relu(x)
        yield "mixed0.b5x5_1.relu", x

        # mixed0.b5x5_2: block cbr filters=64 size=5 stride=1 padding=same
        # mixed0.b5x5_2.conv: ceil(35/1) = 35 -> 35x35x64, 76,800 params
        x = tf.nn.conv2d(x, w["mixed0.b5x5_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed0.b5x5_2.conv", x
        # mixed0.b5x5_2.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed0.b5x5_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.b5x5_2.bn", x
        # mixed0.b5x5_2.relu: 35x35x64
        x = tf.nn.relu(x)
        mixed0_b5x5_2_relu = x
        yield "mixed0.b5x5_2.relu", x

        # mixed0.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed0.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 12,288 params
        x = tf.nn.conv2d(
            stem_pool2, w["mixed0.b3x3dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed0.b3x3dbl_1.conv", x
        # mixed0.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed0.b3x3dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.b3x3dbl_1.bn", x
        # mixed0.b3x3dbl_1.relu: 35x35x64
        x = tf.nn.relu(x)
        yield "mixed0.b3x3dbl_1.relu", x

        # mixed0.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
        # mixed0.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
        x = tf.nn.conv2d(x, w["mixed0.b3x3dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed0.b3x3dbl_2.conv", x
        # mixed0.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed0.b3x3dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.b3x3dbl_2.bn", x
        # mixed0.b3x3dbl_2.relu: 35x35x96
        x = tf.nn.relu(x)
        yield "mixed0.b3x3dbl_2.relu", x

        # mixed0.b3x3dbl_3: block cbr filters=96 size=3 stride=1 padding=same
        # mixed0.b3x3dbl_3.conv: ceil(35/1) = 35 -> 35x35x96, 82,944 params
        x = tf.nn.conv2d(x, w["mixed0.b3x3dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed0.b3x3dbl_3.conv", x
        # mixed0.b3x3dbl_3.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed0.b3x3dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.b3x3dbl_3.bn", x
        # mixed0.b3x3dbl_3.relu: 35x35x96
        x = tf.nn.relu(x)
        mixed0_b3x3dbl_3_relu = x
        yield "mixed0.b3x3dbl_3.relu", x
        # mixed0.bpool: ceil(35/1) = 35 -> 35x35x192
        x = tf.nn.avg_pool2d(stem_pool2, ksize=3, strides=1, padding="SAME")
        yield "mixed0.bpool", x

        # mixed0.bpool_1x1: block cbr filters=32 size=1 stride=1 padding=same
        # mixed0.bpool_1x1.conv: ceil(35/1) = 35 -> 35x35x32, 6,144 params
        x = tf.nn.conv2d(x, w["mixed0.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed0.bpool_1x1.conv", x
        # mixed0.bpool_1x1.bn: 3*32 -> 35x35x32, 96 params (32 trainable)
        x = batch_norm(x, w["mixed0.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed0.bpool_1x1.bn", x
        # mixed0.bpool_1x1.relu: 35x35x32
        x = tf.nn.relu(x)
        yield "mixed0.bpool_1x1.relu", x
        # mixed0.concat: 35x35x(64+64+96+32) -> 35x35x256
        x = tf.concat([mixed0_b1x1_relu, mixed0_b5x5_2_relu, mixed0_b3x3dbl_3_relu, x], axis=-1)
        mixed0_concat = x
        yield "mixed0.concat", x

        # mixed1: block inception_a pool_filters=64
        # mixed1.b1x1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed1.b1x1.conv: ceil(35/1) = 35 -> 35x35x64, 16,384 params
        x = tf.nn.conv2d(mixed0_concat, w["mixed1.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed1.b1x1.conv", x
        # mixed1.b1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed1.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.b1x1.bn", x
        # mixed1.b1x1.relu: 35x35x64
        x = tf.nn.relu(x)
        mixed1_b1x1_relu = x
        yield "mixed1.b1x1.relu", x

        # mixed1.b5x5_1: block cbr filters=48 size=1 stride=1 padding=same
        # mixed1.b5x5_1.conv: ceil(35/1) = 35 -> 35x35x48, 12,288 params
        x = tf.nn.conv2d(
            mixed0_concat, w["mixed1.b5x5_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed1.b5x5_1.conv", x
        # mixed1.b5x5_1.bn: 3*48 -> 35x35x48, 144 params (48 trainable)
        x = batch_norm(x, w["mixed1.b5x5_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.b5x5_1.bn", x
        # mixed1.b5x5_1.relu: 35x35x48
        x = tf.nn.relu(x)
        yield "mixed1.b5x5_1.relu", x

        # mixed1.b5x5_2: block cbr filters=64 size=5 stride=1 padding=same
        # mixed1.b5x5_2.conv: ceil(35/1) = 35 -> 35x35x64, 76,800 params
        x = tf.nn.conv2d(x, w["mixed1.b5x5_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed1.b5x5_2.conv", x
        # mixed1.b5x5_2.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed1.b5x5_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.b5x5_2.bn", x
        # mixed1.b5x5_2.relu: 35x35x64
        x = tf.nn.relu(x)
        mixed1_b5x5_2_relu = x
        yield "mixed1.b5x5_2.relu", x

        # mixed1.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed1.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 16,384 params
        x = tf.nn.conv2d(
            mixed0_concat, w["mixed1.b3x3dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed1.b3x3dbl_1.conv", x
        # mixed1.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed1.b3x3dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.b3x3dbl_1.bn", x
        # mixed1.b3x3dbl_1.relu: 35x35x64
        x = tf.nn.relu(x)
        yield "mixed1.b3x3dbl_1.relu", x

        # mixed1.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
        # mixed1.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
        x = tf.nn.conv2d(x, w["mixed1.b3x3dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed1.b3x3dbl_2.conv", x
        # mixed1.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed1.b3x3dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.b3x3dbl_2.bn", x
        # mixed1.b3x3dbl_2.relu: 35x35x96
        x = tf.nn.relu(x)
        yield "mixed1.b3x3dbl_2.relu", x

        # mixed1.b3x3dbl_3: block cbr filters=96 size=3 stride=1 padding=same
        # mixed1.b3x3dbl_3.conv: ceil(35/1) = 35 -> 35x35x96, 82,944 params
        x = tf.nn.conv2d(x, w["mixed1.b3x3dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed1.b3x3dbl_3.conv", x
        # mixed1.b3x3dbl_3.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed1.b3x3dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.b3x3dbl_3.bn", x
        # mixed1.b3x3dbl_3.relu: 35x35x96
        x = tf.nn.relu(x)
        mixed1_b3x3dbl_3_relu = x
        yield "mixed1.b3x3dbl_3.relu", x
        # mixed1.bpool: ceil(35/1) = 35 -> 35x35x256
        x = tf.nn.avg_pool2d(mixed0_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed1.bpool", x

        # mixed1.bpool_1x1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed1.bpool_1x1.conv: ceil(35/1) = 35 -> 35x35x64, 16,384 params
        x = tf.nn.conv2d(x, w["mixed1.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed1.bpool_1x1.conv", x
        # mixed1.bpool_1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed1.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed1.bpool_1x1.bn", x
        # mixed1.bpool_1x1.relu: 35x35x64
        x = tf.nn.relu(x)
        yield "mixed1.bpool_1x1.relu", x
        # mixed1.concat: 35x35x(64+64+96+64) -> 35x35x288
        x = tf.concat([mixed1_b1x1_relu, mixed1_b5x5_2_relu, mixed1_b3x3dbl_3_relu, x], axis=-1)
        mixed1_concat = x
        yield "mixed1.concat", x

        # mixed2: block inception_a pool_filters=64
        # mixed2.b1x1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed2.b1x1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
        x = tf.nn.conv2d(mixed1_concat, w["mixed2.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed2.b1x1.conv", x
        # mixed2.b1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed2.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.b1x1.bn", x
        # mixed2.b1x1.relu: 35x35x64
        x = tf.nn.relu(x)
        mixed2_b1x1_relu = x
        yield "mixed2.b1x1.relu", x

        # mixed2.b5x5_1: block cbr filters=48 size=1 stride=1 padding=same
        # mixed2.b5x5_1.conv: ceil(35/1) = 35 -> 35x35x48, 13,824 params
        x = tf.nn.conv2d(
            mixed1_concat, w["mixed2.b5x5_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed2.b5x5_1.conv", x
        # mixed2.b5x5_1.bn: 3*48 -> 35x35x48, 144 params (48 trainable)
        x = batch_norm(x, w["mixed2.b5x5_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.b5x5_1.bn", x
        # mixed2.b5x5_1.relu: 35x35x48
        x = tf.nn.relu(x)
        yield "mixed2.b5x5_1.relu", x

        # mixed2.b5x5_2: block cbr filters=64 size=5 stride=1 padding=same
        # mixed2.b5x5_2.conv: ceil(35/1) = 35 -> 35x35x64, 76,800 params
        x = tf.nn.conv2d(x, w["mixed2.b5x5_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed2.b5x5_2.conv", x
        # mixed2.b5x5_2.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed2.b5x5_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.b5x5_2.bn", x
        # mixed2.b5x5_2.relu: 35x35x64
        x = tf.nn.relu(x)
        mixed2_b5x5_2_relu = x
        yield "mixed2.b5x5_2.relu", x

        # mixed2.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed2.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
        x = tf.nn.conv2d(
            mixed1_concat, w["mixed2.b3x3dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed2.b3x3dbl_1.conv", x
        # mixed2.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed2.b3x3dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.b3x3dbl_1.bn", x
        # mixed2.b3x3dbl_1.relu: 35x35x64
        x = tf.nn.relu(x)
        yield "mixed2.b3x3dbl_1.relu", x

        # mixed2.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
        # mixed2.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
        x = tf.nn.conv2d(x, w["mixed2.b3x3dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed2.b3x3dbl_2.conv", x
        # mixed2.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed2.b3x3dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.b3x3dbl_2.bn", x
        # mixed2.b3x3dbl_2.relu: 35x35x96
        x = tf.nn.relu(x)
        yield "mixed2.b3x3dbl_2.relu", x

        # mixed2.b3x3dbl_3: block cbr filters=96 size=3 stride=1 padding=same
        # mixed2.b3x3dbl_3.conv: ceil(35/1) = 35 -> 35x35x96, 82,944 params
        x = tf.nn.conv2d(x, w["mixed2.b3x3dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed2.b3x3dbl_3.conv", x
        # mixed2.b3x3dbl_3.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed2.b3x3dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.b3x3dbl_3.bn", x
        # mixed2.b3x3dbl_3.relu: 35x35x96
        x = tf.nn.relu(x)
        mixed2_b3x3dbl_3_relu = x
        yield "mixed2.b3x3dbl_3.relu", x
        # mixed2.bpool: ceil(35/1) = 35 -> 35x35x288
        x = tf.nn.avg_pool2d(mixed1_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed2.bpool", x

        # mixed2.bpool_1x1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed2.bpool_1x1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
        x = tf.nn.conv2d(x, w["mixed2.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed2.bpool_1x1.conv", x
        # mixed2.bpool_1x1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed2.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed2.bpool_1x1.bn", x
        # mixed2.bpool_1x1.relu: 35x35x64
        x = tf.nn.relu(x)
        yield "mixed2.bpool_1x1.relu", x
        # mixed2.concat: 35x35x(64+64+96+64) -> 35x35x288
        x = tf.concat([mixed2_b1x1_relu, mixed2_b5x5_2_relu, mixed2_b3x3dbl_3_relu, x], axis=-1)
        mixed2_concat = x
        yield "mixed2.concat", x

        # mixed3: block reduction_a
        # mixed3.b3x3: block cbr filters=384 size=3 stride=2 padding=valid
        # mixed3.b3x3.conv: (35-3+2*0)/2+1 = 17 -> 17x17x384, 995,328 params
        x = tf.nn.conv2d(mixed2_concat, w["mixed3.b3x3.conv"]["kernel"], strides=2, padding="VALID")
        yield "mixed3.b3x3.conv", x
        # mixed3.b3x3.bn: 3*384 -> 17x17x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed3.b3x3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed3.b3x3.bn", x
        # mixed3.b3x3.relu: 17x17x384
        x = tf.nn.relu(x)
        mixed3_b3x3_relu = x
        yield "mixed3.b3x3.relu", x

        # mixed3.b3x3dbl_1: block cbr filters=64 size=1 stride=1 padding=same
        # mixed3.b3x3dbl_1.conv: ceil(35/1) = 35 -> 35x35x64, 18,432 params
        x = tf.nn.conv2d(
            mixed2_concat, w["mixed3.b3x3dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed3.b3x3dbl_1.conv", x
        # mixed3.b3x3dbl_1.bn: 3*64 -> 35x35x64, 192 params (64 trainable)
        x = batch_norm(x, w["mixed3.b3x3dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed3.b3x3dbl_1.bn", x
        # mixed3.b3x3dbl_1.relu: 35x35x64
        x = tf.nn.relu(x)
        yield "mixed3.b3x3dbl_1.relu", x

        # mixed3.b3x3dbl_2: block cbr filters=96 size=3 stride=1 padding=same
        # mixed3.b3x3dbl_2.conv: ceil(35/1) = 35 -> 35x35x96, 55,296 params
        x = tf.nn.conv2d(x, w["mixed3.b3x3dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed3.b3x3dbl_2.conv", x
        # mixed3.b3x3dbl_2.bn: 3*96 -> 35x35x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed3.b3x3dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed3.b3x3dbl_2.bn", x
        # mixed3.b3x3dbl_2.relu: 35x35x96
        x = tf.nn.relu(x)
        yield "mixed3.b3x3dbl_2.relu", x

        # mixed3.b3x3dbl_3: block cbr filters=96 size=3 stride=2 padding=valid
        # mixed3.b3x3dbl_3.conv: (35-3+2*0)/2+1 = 17 -> 17x17x96, 82,944 params
        x = tf.nn.conv2d(x, w["mixed3.b3x3dbl_3.conv"]["kernel"], strides=2, padding="VALID")
        yield "mixed3.b3x3dbl_3.conv", x
        # mixed3.b3x3dbl_3.bn: 3*96 -> 17x17x96, 288 params (96 trainable)
        x = batch_norm(x, w["mixed3.b3x3dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed3.b3x3dbl_3.bn", x
        # mixed3.b3x3dbl_3.relu: 17x17x96
        x = tf.nn.relu(x)
        mixed3_b3x3dbl_3_relu = x
        yield "mixed3.b3x3dbl_3.relu", x
        # mixed3.bpool: (35-3+2*0)/2+1 = 17 -> 17x17x288
        x = tf.nn.max_pool2d(mixed2_concat, ksize=3, strides=2, padding="VALID")
        yield "mixed3.bpool", x
        # mixed3.concat: 17x17x(384+96+288) -> 17x17x768
        x = tf.concat([mixed3_b3x3_relu, mixed3_b3x3dbl_3_relu, x], axis=-1)
        mixed3_concat = x
        yield "mixed3.concat", x

        # mixed4: block inception_b mid=128
        # mixed4.b1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed4.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(mixed3_concat, w["mixed4.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b1x1.conv", x
        # mixed4.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed4.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b1x1.bn", x
        # mixed4.b1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed4_b1x1_relu = x
        yield "mixed4.b1x1.relu", x

        # mixed4.b7x7_1: block cbr filters=128 size=1 stride=1 padding=same
        # mixed4.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x128, 98,304 params
        x = tf.nn.conv2d(
            mixed3_concat, w["mixed4.b7x7_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed4.b7x7_1.conv", x
        # mixed4.b7x7_1.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
        x = batch_norm(x, w["mixed4.b7x7_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7_1.bn", x
        # mixed4.b7x7_1.relu: 17x17x128
        x = tf.nn.relu(x)
        yield "mixed4.b7x7_1.relu", x

        # mixed4.b7x7_2: block cbr filters=128 size=[1, 7] stride=1 padding=same
        # mixed4.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
        x = tf.nn.conv2d(x, w["mixed4.b7x7_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b7x7_2.conv", x
        # mixed4.b7x7_2.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
        x = batch_norm(x, w["mixed4.b7x7_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7_2.bn", x
        # mixed4.b7x7_2.relu: 17x17x128
        x = tf.nn.relu(x)
        yield "mixed4.b7x7_2.relu", x

        # mixed4.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed4.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 172,032 params
        x = tf.nn.conv2d(x, w["mixed4.b7x7_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b7x7_3.conv", x
        # mixed4.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed4.b7x7_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7_3.bn", x
        # mixed4.b7x7_3.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed4_b7x7_3_relu = x
        yield "mixed4.b7x7_3.relu", x

        # mixed4.b7x7dbl_1: block cbr filters=128 size=1 stride=1 padding=same
        # mixed4.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x128, 98,304 params
        x = tf.nn.conv2d(
            mixed3_concat, w["mixed4.b7x7dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed4.b7x7dbl_1.conv", x
        # mixed4.b7x7dbl_1.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
        x = batch_norm(x, w["mixed4.b7x7dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7dbl_1.bn", x
        # mixed4.b7x7dbl_1.relu: 17x17x128
        x = tf.nn.relu(x)
        yield "mixed4.b7x7dbl_1.relu", x

        # mixed4.b7x7dbl_2: block cbr filters=128 size=[7, 1] stride=1 padding=same
        # mixed4.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
        x = tf.nn.conv2d(x, w["mixed4.b7x7dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b7x7dbl_2.conv", x
        # mixed4.b7x7dbl_2.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
        x = batch_norm(x, w["mixed4.b7x7dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7dbl_2.bn", x
        # mixed4.b7x7dbl_2.relu: 17x17x128
        x = tf.nn.relu(x)
        yield "mixed4.b7x7dbl_2.relu", x

        # mixed4.b7x7dbl_3: block cbr filters=128 size=[1, 7] stride=1 padding=same
        # mixed4.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
        x = tf.nn.conv2d(x, w["mixed4.b7x7dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b7x7dbl_3.conv", x
        # mixed4.b7x7dbl_3.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
        x = batch_norm(x, w["mixed4.b7x7dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7dbl_3.bn", x
        # mixed4.b7x7dbl_3.relu: 17x17x128
        x = tf.nn.relu(x)
        yield "mixed4.b7x7dbl_3.relu", x

        # mixed4.b7x7dbl_4: block cbr filters=128 size=[7, 1] stride=1 padding=same
        # mixed4.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x128, 114,688 params
        x = tf.nn.conv2d(x, w["mixed4.b7x7dbl_4.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b7x7dbl_4.conv", x
        # mixed4.b7x7dbl_4.bn: 3*128 -> 17x17x128, 384 params (128 trainable)
        x = batch_norm(x, w["mixed4.b7x7dbl_4.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7dbl_4.bn", x
        # mixed4.b7x7dbl_4.relu: 17x17x128
        x = tf.nn.relu(x)
        yield "mixed4.b7x7dbl_4.relu", x

        # mixed4.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed4.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 172,032 params
        x = tf.nn.conv2d(x, w["mixed4.b7x7dbl_5.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.b7x7dbl_5.conv", x
        # mixed4.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed4.b7x7dbl_5.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.b7x7dbl_5.bn", x
        # mixed4.b7x7dbl_5.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed4_b7x7dbl_5_relu = x
        yield "mixed4.b7x7dbl_5.relu", x
        # mixed4.bpool: ceil(17/1) = 17 -> 17x17x768
        x = tf.nn.avg_pool2d(mixed3_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed4.bpool", x

        # mixed4.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed4.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(x, w["mixed4.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed4.bpool_1x1.conv", x
        # mixed4.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed4.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed4.bpool_1x1.bn", x
        # mixed4.bpool_1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed4.bpool_1x1.relu", x
        # mixed4.concat: 17x17x(192+192+192+192) -> 17x17x768
        x = tf.concat([mixed4_b1x1_relu, mixed4_b7x7_3_relu, mixed4_b7x7dbl_5_relu, x], axis=-1)
        mixed4_concat = x
        yield "mixed4.concat", x

        # mixed5: block inception_b mid=160
        # mixed5.b1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed5.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(mixed4_concat, w["mixed5.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b1x1.conv", x
        # mixed5.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed5.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b1x1.bn", x
        # mixed5.b1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed5_b1x1_relu = x
        yield "mixed5.b1x1.relu", x

        # mixed5.b7x7_1: block cbr filters=160 size=1 stride=1 padding=same
        # mixed5.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
        x = tf.nn.conv2d(
            mixed4_concat, w["mixed5.b7x7_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed5.b7x7_1.conv", x
        # mixed5.b7x7_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed5.b7x7_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7_1.bn", x
        # mixed5.b7x7_1.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed5.b7x7_1.relu", x

        # mixed5.b7x7_2: block cbr filters=160 size=[1, 7] stride=1 padding=same
        # mixed5.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed5.b7x7_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b7x7_2.conv", x
        # mixed5.b7x7_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed5.b7x7_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7_2.bn", x
        # mixed5.b7x7_2.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed5.b7x7_2.relu", x

        # mixed5.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed5.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
        x = tf.nn.conv2d(x, w["mixed5.b7x7_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b7x7_3.conv", x
        # mixed5.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed5.b7x7_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7_3.bn", x
        # mixed5.b7x7_3.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed5_b7x7_3_relu = x
        yield "mixed5.b7x7_3.relu", x

        # mixed5.b7x7dbl_1: block cbr filters=160 size=1 stride=1 padding=same
        # mixed5.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
        x = tf.nn.conv2d(
            mixed4_concat, w["mixed5.b7x7dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed5.b7x7dbl_1.conv", x
        # mixed5.b7x7dbl_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed5.b7x7dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7dbl_1.bn", x
        # mixed5.b7x7dbl_1.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed5.b7x7dbl_1.relu", x

        # mixed5.b7x7dbl_2: block cbr filters=160 size=[7, 1] stride=1 padding=same
        # mixed5.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed5.b7x7dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b7x7dbl_2.conv", x
        # mixed5.b7x7dbl_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed5.b7x7dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7dbl_2.bn", x
        # mixed5.b7x7dbl_2.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed5.b7x7dbl_2.relu", x

        # mixed5.b7x7dbl_3: block cbr filters=160 size=[1, 7] stride=1 padding=same
        # mixed5.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed5.b7x7dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b7x7dbl_3.conv", x
        # mixed5.b7x7dbl_3.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed5.b7x7dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7dbl_3.bn", x
        # mixed5.b7x7dbl_3.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed5.b7x7dbl_3.relu", x

        # mixed5.b7x7dbl_4: block cbr filters=160 size=[7, 1] stride=1 padding=same
        # mixed5.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed5.b7x7dbl_4.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b7x7dbl_4.conv", x
        # mixed5.b7x7dbl_4.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed5.b7x7dbl_4.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7dbl_4.bn", x
        # mixed5.b7x7dbl_4.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed5.b7x7dbl_4.relu", x

        # mixed5.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed5.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
        x = tf.nn.conv2d(x, w["mixed5.b7x7dbl_5.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.b7x7dbl_5.conv", x
        # mixed5.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed5.b7x7dbl_5.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.b7x7dbl_5.bn", x
        # mixed5.b7x7dbl_5.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed5_b7x7dbl_5_relu = x
        yield "mixed5.b7x7dbl_5.relu", x
        # mixed5.bpool: ceil(17/1) = 17 -> 17x17x768
        x = tf.nn.avg_pool2d(mixed4_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed5.bpool", x

        # mixed5.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed5.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(x, w["mixed5.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed5.bpool_1x1.conv", x
        # mixed5.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed5.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed5.bpool_1x1.bn", x
        # mixed5.bpool_1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed5.bpool_1x1.relu", x
        # mixed5.concat: 17x17x(192+192+192+192) -> 17x17x768
        x = tf.concat([mixed5_b1x1_relu, mixed5_b7x7_3_relu, mixed5_b7x7dbl_5_relu, x], axis=-1)
        mixed5_concat = x
        yield "mixed5.concat", x

        # mixed6: block inception_b mid=160
        # mixed6.b1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed6.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(mixed5_concat, w["mixed6.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b1x1.conv", x
        # mixed6.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed6.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b1x1.bn", x
        # mixed6.b1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed6_b1x1_relu = x
        yield "mixed6.b1x1.relu", x

        # mixed6.b7x7_1: block cbr filters=160 size=1 stride=1 padding=same
        # mixed6.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
        x = tf.nn.conv2d(
            mixed5_concat, w["mixed6.b7x7_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed6.b7x7_1.conv", x
        # mixed6.b7x7_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed6.b7x7_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7_1.bn", x
        # mixed6.b7x7_1.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed6.b7x7_1.relu", x

        # mixed6.b7x7_2: block cbr filters=160 size=[1, 7] stride=1 padding=same
        # mixed6.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed6.b7x7_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b7x7_2.conv", x
        # mixed6.b7x7_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed6.b7x7_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7_2.bn", x
        # mixed6.b7x7_2.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed6.b7x7_2.relu", x

        # mixed6.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed6.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
        x = tf.nn.conv2d(x, w["mixed6.b7x7_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b7x7_3.conv", x
        # mixed6.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed6.b7x7_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7_3.bn", x
        # mixed6.b7x7_3.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed6_b7x7_3_relu = x
        yield "mixed6.b7x7_3.relu", x

        # mixed6.b7x7dbl_1: block cbr filters=160 size=1 stride=1 padding=same
        # mixed6.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x160, 122,880 params
        x = tf.nn.conv2d(
            mixed5_concat, w["mixed6.b7x7dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed6.b7x7dbl_1.conv", x
        # mixed6.b7x7dbl_1.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed6.b7x7dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7dbl_1.bn", x
        # mixed6.b7x7dbl_1.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed6.b7x7dbl_1.relu", x

        # mixed6.b7x7dbl_2: block cbr filters=160 size=[7, 1] stride=1 padding=same
        # mixed6.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed6.b7x7dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b7x7dbl_2.conv", x
        # mixed6.b7x7dbl_2.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed6.b7x7dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7dbl_2.bn", x
        # mixed6.b7x7dbl_2.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed6.b7x7dbl_2.relu", x

        # mixed6.b7x7dbl_3: block cbr filters=160 size=[1, 7] stride=1 padding=same
        # mixed6.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed6.b7x7dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b7x7dbl_3.conv", x
        # mixed6.b7x7dbl_3.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed6.b7x7dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7dbl_3.bn", x
        # mixed6.b7x7dbl_3.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed6.b7x7dbl_3.relu", x

        # mixed6.b7x7dbl_4: block cbr filters=160 size=[7, 1] stride=1 padding=same
        # mixed6.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x160, 179,200 params
        x = tf.nn.conv2d(x, w["mixed6.b7x7dbl_4.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b7x7dbl_4.conv", x
        # mixed6.b7x7dbl_4.bn: 3*160 -> 17x17x160, 480 params (160 trainable)
        x = batch_norm(x, w["mixed6.b7x7dbl_4.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7dbl_4.bn", x
        # mixed6.b7x7dbl_4.relu: 17x17x160
        x = tf.nn.relu(x)
        yield "mixed6.b7x7dbl_4.relu", x

        # mixed6.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed6.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 215,040 params
        x = tf.nn.conv2d(x, w["mixed6.b7x7dbl_5.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.b7x7dbl_5.conv", x
        # mixed6.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed6.b7x7dbl_5.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.b7x7dbl_5.bn", x
        # mixed6.b7x7dbl_5.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed6_b7x7dbl_5_relu = x
        yield "mixed6.b7x7dbl_5.relu", x
        # mixed6.bpool: ceil(17/1) = 17 -> 17x17x768
        x = tf.nn.avg_pool2d(mixed5_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed6.bpool", x

        # mixed6.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed6.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(x, w["mixed6.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed6.bpool_1x1.conv", x
        # mixed6.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed6.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed6.bpool_1x1.bn", x
        # mixed6.bpool_1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed6.bpool_1x1.relu", x
        # mixed6.concat: 17x17x(192+192+192+192) -> 17x17x768
        x = tf.concat([mixed6_b1x1_relu, mixed6_b7x7_3_relu, mixed6_b7x7dbl_5_relu, x], axis=-1)
        mixed6_concat = x
        yield "mixed6.concat", x

        # mixed7: block inception_b mid=192
        # mixed7.b1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed7.b1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(mixed6_concat, w["mixed7.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b1x1.conv", x
        # mixed7.b1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b1x1.bn", x
        # mixed7.b1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed7_b1x1_relu = x
        yield "mixed7.b1x1.relu", x

        # mixed7.b7x7_1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed7.b7x7_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(
            mixed6_concat, w["mixed7.b7x7_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed7.b7x7_1.conv", x
        # mixed7.b7x7_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7_1.bn", x
        # mixed7.b7x7_1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.b7x7_1.relu", x

        # mixed7.b7x7_2: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed7.b7x7_2.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed7.b7x7_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b7x7_2.conv", x
        # mixed7.b7x7_2.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7_2.bn", x
        # mixed7.b7x7_2.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.b7x7_2.relu", x

        # mixed7.b7x7_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed7.b7x7_3.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed7.b7x7_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b7x7_3.conv", x
        # mixed7.b7x7_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7_3.bn", x
        # mixed7.b7x7_3.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed7_b7x7_3_relu = x
        yield "mixed7.b7x7_3.relu", x

        # mixed7.b7x7dbl_1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed7.b7x7dbl_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(
            mixed6_concat, w["mixed7.b7x7dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed7.b7x7dbl_1.conv", x
        # mixed7.b7x7dbl_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7dbl_1.bn", x
        # mixed7.b7x7dbl_1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.b7x7dbl_1.relu", x

        # mixed7.b7x7dbl_2: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed7.b7x7dbl_2.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed7.b7x7dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b7x7dbl_2.conv", x
        # mixed7.b7x7dbl_2.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7dbl_2.bn", x
        # mixed7.b7x7dbl_2.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.b7x7dbl_2.relu", x

        # mixed7.b7x7dbl_3: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed7.b7x7dbl_3.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed7.b7x7dbl_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b7x7dbl_3.conv", x
        # mixed7.b7x7dbl_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7dbl_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7dbl_3.bn", x
        # mixed7.b7x7dbl_3.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.b7x7dbl_3.relu", x

        # mixed7.b7x7dbl_4: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed7.b7x7dbl_4.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed7.b7x7dbl_4.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b7x7dbl_4.conv", x
        # mixed7.b7x7dbl_4.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7dbl_4.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7dbl_4.bn", x
        # mixed7.b7x7dbl_4.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.b7x7dbl_4.relu", x

        # mixed7.b7x7dbl_5: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed7.b7x7dbl_5.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed7.b7x7dbl_5.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.b7x7dbl_5.conv", x
        # mixed7.b7x7dbl_5.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.b7x7dbl_5.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.b7x7dbl_5.bn", x
        # mixed7.b7x7dbl_5.relu: 17x17x192
        x = tf.nn.relu(x)
        mixed7_b7x7dbl_5_relu = x
        yield "mixed7.b7x7dbl_5.relu", x
        # mixed7.bpool: ceil(17/1) = 17 -> 17x17x768
        x = tf.nn.avg_pool2d(mixed6_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed7.bpool", x

        # mixed7.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed7.bpool_1x1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(x, w["mixed7.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed7.bpool_1x1.conv", x
        # mixed7.bpool_1x1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed7.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed7.bpool_1x1.bn", x
        # mixed7.bpool_1x1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed7.bpool_1x1.relu", x
        # mixed7.concat: 17x17x(192+192+192+192) -> 17x17x768
        x = tf.concat([mixed7_b1x1_relu, mixed7_b7x7_3_relu, mixed7_b7x7dbl_5_relu, x], axis=-1)
        mixed7_concat = x
        yield "mixed7.concat", x

        # mixed8: block reduction_b
        # mixed8.b3x3_1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed8.b3x3_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(
            mixed7_concat, w["mixed8.b3x3_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed8.b3x3_1.conv", x
        # mixed8.b3x3_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed8.b3x3_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed8.b3x3_1.bn", x
        # mixed8.b3x3_1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed8.b3x3_1.relu", x

        # mixed8.b3x3_2: block cbr filters=320 size=3 stride=2 padding=valid
        # mixed8.b3x3_2.conv: (17-3+2*0)/2+1 = 8 -> 8x8x320, 552,960 params
        x = tf.nn.conv2d(x, w["mixed8.b3x3_2.conv"]["kernel"], strides=2, padding="VALID")
        yield "mixed8.b3x3_2.conv", x
        # mixed8.b3x3_2.bn: 3*320 -> 8x8x320, 960 params (320 trainable)
        x = batch_norm(x, w["mixed8.b3x3_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed8.b3x3_2.bn", x
        # mixed8.b3x3_2.relu: 8x8x320
        x = tf.nn.relu(x)
        mixed8_b3x3_2_relu = x
        yield "mixed8.b3x3_2.relu", x

        # mixed8.b7x7x3_1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed8.b7x7x3_1.conv: ceil(17/1) = 17 -> 17x17x192, 147,456 params
        x = tf.nn.conv2d(
            mixed7_concat, w["mixed8.b7x7x3_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed8.b7x7x3_1.conv", x
        # mixed8.b7x7x3_1.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed8.b7x7x3_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed8.b7x7x3_1.bn", x
        # mixed8.b7x7x3_1.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed8.b7x7x3_1.relu", x

        # mixed8.b7x7x3_2: block cbr filters=192 size=[1, 7] stride=1 padding=same
        # mixed8.b7x7x3_2.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed8.b7x7x3_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed8.b7x7x3_2.conv", x
        # mixed8.b7x7x3_2.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed8.b7x7x3_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed8.b7x7x3_2.bn", x
        # mixed8.b7x7x3_2.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed8.b7x7x3_2.relu", x

        # mixed8.b7x7x3_3: block cbr filters=192 size=[7, 1] stride=1 padding=same
        # mixed8.b7x7x3_3.conv: ceil(17/1) = 17 -> 17x17x192, 258,048 params
        x = tf.nn.conv2d(x, w["mixed8.b7x7x3_3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed8.b7x7x3_3.conv", x
        # mixed8.b7x7x3_3.bn: 3*192 -> 17x17x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed8.b7x7x3_3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed8.b7x7x3_3.bn", x
        # mixed8.b7x7x3_3.relu: 17x17x192
        x = tf.nn.relu(x)
        yield "mixed8.b7x7x3_3.relu", x

        # mixed8.b7x7x3_4: block cbr filters=192 size=3 stride=2 padding=valid
        # mixed8.b7x7x3_4.conv: (17-3+2*0)/2+1 = 8 -> 8x8x192, 331,776 params
        x = tf.nn.conv2d(x, w["mixed8.b7x7x3_4.conv"]["kernel"], strides=2, padding="VALID")
        yield "mixed8.b7x7x3_4.conv", x
        # mixed8.b7x7x3_4.bn: 3*192 -> 8x8x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed8.b7x7x3_4.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed8.b7x7x3_4.bn", x
        # mixed8.b7x7x3_4.relu: 8x8x192
        x = tf.nn.relu(x)
        mixed8_b7x7x3_4_relu = x
        yield "mixed8.b7x7x3_4.relu", x
        # mixed8.bpool: (17-3+2*0)/2+1 = 8 -> 8x8x768
        x = tf.nn.max_pool2d(mixed7_concat, ksize=3, strides=2, padding="VALID")
        yield "mixed8.bpool", x
        # mixed8.concat: 8x8x(320+192+768) -> 8x8x1280
        x = tf.concat([mixed8_b3x3_2_relu, mixed8_b7x7x3_4_relu, x], axis=-1)
        mixed8_concat = x
        yield "mixed8.concat", x

        # mixed9: block inception_c
        # mixed9.b1x1: block cbr filters=320 size=1 stride=1 padding=same
        # mixed9.b1x1.conv: ceil(8/1) = 8 -> 8x8x320, 409,600 params
        x = tf.nn.conv2d(mixed8_concat, w["mixed9.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed9.b1x1.conv", x
        # mixed9.b1x1.bn: 3*320 -> 8x8x320, 960 params (320 trainable)
        x = batch_norm(x, w["mixed9.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b1x1.bn", x
        # mixed9.b1x1.relu: 8x8x320
        x = tf.nn.relu(x)
        mixed9_b1x1_relu = x
        yield "mixed9.b1x1.relu", x

        # mixed9.b3x3: block cbr filters=384 size=1 stride=1 padding=same
        # mixed9.b3x3.conv: ceil(8/1) = 8 -> 8x8x384, 491,520 params
        x = tf.nn.conv2d(mixed8_concat, w["mixed9.b3x3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed9.b3x3.conv", x
        # mixed9.b3x3.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed9.b3x3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3.bn", x
        # mixed9.b3x3.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed9_b3x3_relu = x
        yield "mixed9.b3x3.relu", x

        # mixed9.b3x3_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
        # mixed9.b3x3_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed9_b3x3_relu, w["mixed9.b3x3_a.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed9.b3x3_a.conv", x
        # mixed9.b3x3_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed9.b3x3_a.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3_a.bn", x
        # mixed9.b3x3_a.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed9_b3x3_a_relu = x
        yield "mixed9.b3x3_a.relu", x

        # mixed9.b3x3_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
        # mixed9.b3x3_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed9_b3x3_relu, w["mixed9.b3x3_b.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed9.b3x3_b.conv", x
        # mixed9.b3x3_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed9.b3x3_b.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3_b.bn", x
        # mixed9.b3x3_b.relu: 8x8x384
        x = tf.nn.relu(x)
        yield "mixed9.b3x3_b.relu", x
        # mixed9.b3x3_cat: 8x8x(384+384) -> 8x8x768
        x = tf.concat([mixed9_b3x3_a_relu, x], axis=-1)
        mixed9_b3x3_cat = x
        yield "mixed9.b3x3_cat", x

        # mixed9.b3x3dbl_1: block cbr filters=448 size=1 stride=1 padding=same
        # mixed9.b3x3dbl_1.conv: ceil(8/1) = 8 -> 8x8x448, 573,440 params
        x = tf.nn.conv2d(
            mixed8_concat, w["mixed9.b3x3dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed9.b3x3dbl_1.conv", x
        # mixed9.b3x3dbl_1.bn: 3*448 -> 8x8x448, 1,344 params (448 trainable)
        x = batch_norm(x, w["mixed9.b3x3dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3dbl_1.bn", x
        # mixed9.b3x3dbl_1.relu: 8x8x448
        x = tf.nn.relu(x)
        yield "mixed9.b3x3dbl_1.relu", x

        # mixed9.b3x3dbl_2: block cbr filters=384 size=3 stride=1 padding=same
        # mixed9.b3x3dbl_2.conv: ceil(8/1) = 8 -> 8x8x384, 1,548,288 params
        x = tf.nn.conv2d(x, w["mixed9.b3x3dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed9.b3x3dbl_2.conv", x
        # mixed9.b3x3dbl_2.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed9.b3x3dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3dbl_2.bn", x
        # mixed9.b3x3dbl_2.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed9_b3x3dbl_2_relu = x
        yield "mixed9.b3x3dbl_2.relu", x

        # mixed9.b3x3dbl_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
        # mixed9.b3x3dbl_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed9_b3x3dbl_2_relu, w["mixed9.b3x3dbl_a.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed9.b3x3dbl_a.conv", x
        # mixed9.b3x3dbl_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed9.b3x3dbl_a.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3dbl_a.bn", x
        # mixed9.b3x3dbl_a.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed9_b3x3dbl_a_relu = x
        yield "mixed9.b3x3dbl_a.relu", x

        # mixed9.b3x3dbl_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
        # mixed9.b3x3dbl_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed9_b3x3dbl_2_relu, w["mixed9.b3x3dbl_b.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed9.b3x3dbl_b.conv", x
        # mixed9.b3x3dbl_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed9.b3x3dbl_b.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.b3x3dbl_b.bn", x
        # mixed9.b3x3dbl_b.relu: 8x8x384
        x = tf.nn.relu(x)
        yield "mixed9.b3x3dbl_b.relu", x
        # mixed9.b3x3dbl_cat: 8x8x(384+384) -> 8x8x768
        x = tf.concat([mixed9_b3x3dbl_a_relu, x], axis=-1)
        mixed9_b3x3dbl_cat = x
        yield "mixed9.b3x3dbl_cat", x
        # mixed9.bpool: ceil(8/1) = 8 -> 8x8x1280
        x = tf.nn.avg_pool2d(mixed8_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed9.bpool", x

        # mixed9.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed9.bpool_1x1.conv: ceil(8/1) = 8 -> 8x8x192, 245,760 params
        x = tf.nn.conv2d(x, w["mixed9.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed9.bpool_1x1.conv", x
        # mixed9.bpool_1x1.bn: 3*192 -> 8x8x192, 576 params (192 trainable)
        x = batch_norm(x, w["mixed9.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed9.bpool_1x1.bn", x
        # mixed9.bpool_1x1.relu: 8x8x192
        x = tf.nn.relu(x)
        yield "mixed9.bpool_1x1.relu", x
        # mixed9.concat: 8x8x(320+768+768+192) -> 8x8x2048
        x = tf.concat([mixed9_b1x1_relu, mixed9_b3x3_cat, mixed9_b3x3dbl_cat, x], axis=-1)
        mixed9_concat = x
        yield "mixed9.concat", x

        # mixed10: block inception_c
        # mixed10.b1x1: block cbr filters=320 size=1 stride=1 padding=same
        # mixed10.b1x1.conv: ceil(8/1) = 8 -> 8x8x320, 655,360 params
        x = tf.nn.conv2d(mixed9_concat, w["mixed10.b1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed10.b1x1.conv", x
        # mixed10.b1x1.bn: 3*320 -> 8x8x320, 960 params (320 trainable)
        x = batch_norm(x, w["mixed10.b1x1.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed10.b1x1.bn", x
        # mixed10.b1x1.relu: 8x8x320
        x = tf.nn.relu(x)
        mixed10_b1x1_relu = x
        yield "mixed10.b1x1.relu", x

        # mixed10.b3x3: block cbr filters=384 size=1 stride=1 padding=same
        # mixed10.b3x3.conv: ceil(8/1) = 8 -> 8x8x384, 786,432 params
        x = tf.nn.conv2d(mixed9_concat, w["mixed10.b3x3.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed10.b3x3.conv", x
        # mixed10.b3x3.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed10.b3x3.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed10.b3x3.bn", x
        # mixed10.b3x3.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed10_b3x3_relu = x
        yield "mixed10.b3x3.relu", x

        # mixed10.b3x3_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
        # mixed10.b3x3_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed10_b3x3_relu, w["mixed10.b3x3_a.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed10.b3x3_a.conv", x
        # mixed10.b3x3_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed10.b3x3_a.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed10.b3x3_a.bn", x
        # mixed10.b3x3_a.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed10_b3x3_a_relu = x
        yield "mixed10.b3x3_a.relu", x

        # mixed10.b3x3_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
        # mixed10.b3x3_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed10_b3x3_relu, w["mixed10.b3x3_b.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed10.b3x3_b.conv", x
        # mixed10.b3x3_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(x, w["mixed10.b3x3_b.bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "mixed10.b3x3_b.bn", x
        # mixed10.b3x3_b.relu: 8x8x384
        x = tf.nn.relu(x)
        yield "mixed10.b3x3_b.relu", x
        # mixed10.b3x3_cat: 8x8x(384+384) -> 8x8x768
        x = tf.concat([mixed10_b3x3_a_relu, x], axis=-1)
        mixed10_b3x3_cat = x
        yield "mixed10.b3x3_cat", x

        # mixed10.b3x3dbl_1: block cbr filters=448 size=1 stride=1 padding=same
        # mixed10.b3x3dbl_1.conv: ceil(8/1) = 8 -> 8x8x448, 917,504 params
        x = tf.nn.conv2d(
            mixed9_concat, w["mixed10.b3x3dbl_1.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed10.b3x3dbl_1.conv", x
        # mixed10.b3x3dbl_1.bn: 3*448 -> 8x8x448, 1,344 params (448 trainable)
        x = batch_norm(
            x, w["mixed10.b3x3dbl_1.bn"], momentum=0.99, epsilon=0.001, training=training
        )
        yield "mixed10.b3x3dbl_1.bn", x
        # mixed10.b3x3dbl_1.relu: 8x8x448
        x = tf.nn.relu(x)
        yield "mixed10.b3x3dbl_1.relu", x

        # mixed10.b3x3dbl_2: block cbr filters=384 size=3 stride=1 padding=same
        # mixed10.b3x3dbl_2.conv: ceil(8/1) = 8 -> 8x8x384, 1,548,288 params
        x = tf.nn.conv2d(x, w["mixed10.b3x3dbl_2.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed10.b3x3dbl_2.conv", x
        # mixed10.b3x3dbl_2.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(
            x, w["mixed10.b3x3dbl_2.bn"], momentum=0.99, epsilon=0.001, training=training
        )
        yield "mixed10.b3x3dbl_2.bn", x
        # mixed10.b3x3dbl_2.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed10_b3x3dbl_2_relu = x
        yield "mixed10.b3x3dbl_2.relu", x

        # mixed10.b3x3dbl_a: block cbr filters=384 size=[1, 3] stride=1 padding=same
        # mixed10.b3x3dbl_a.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed10_b3x3dbl_2_relu, w["mixed10.b3x3dbl_a.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed10.b3x3dbl_a.conv", x
        # mixed10.b3x3dbl_a.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(
            x, w["mixed10.b3x3dbl_a.bn"], momentum=0.99, epsilon=0.001, training=training
        )
        yield "mixed10.b3x3dbl_a.bn", x
        # mixed10.b3x3dbl_a.relu: 8x8x384
        x = tf.nn.relu(x)
        mixed10_b3x3dbl_a_relu = x
        yield "mixed10.b3x3dbl_a.relu", x

        # mixed10.b3x3dbl_b: block cbr filters=384 size=[3, 1] stride=1 padding=same
        # mixed10.b3x3dbl_b.conv: ceil(8/1) = 8 -> 8x8x384, 442,368 params
        x = tf.nn.conv2d(
            mixed10_b3x3dbl_2_relu, w["mixed10.b3x3dbl_b.conv"]["kernel"], strides=1, padding="SAME"
        )
        yield "mixed10.b3x3dbl_b.conv", x
        # mixed10.b3x3dbl_b.bn: 3*384 -> 8x8x384, 1,152 params (384 trainable)
        x = batch_norm(
            x, w["mixed10.b3x3dbl_b.bn"], momentum=0.99, epsilon=0.001, training=training
        )
        yield "mixed10.b3x3dbl_b.bn", x
        # mixed10.b3x3dbl_b.relu: 8x8x384
        x = tf.nn.relu(x)
        yield "mixed10.b3x3dbl_b.relu", x
        # mixed10.b3x3dbl_cat: 8x8x(384+384) -> 8x8x768
        x = tf.concat([mixed10_b3x3dbl_a_relu, x], axis=-1)
        mixed10_b3x3dbl_cat = x
        yield "mixed10.b3x3dbl_cat", x
        # mixed10.bpool: ceil(8/1) = 8 -> 8x8x2048
        x = tf.nn.avg_pool2d(mixed9_concat, ksize=3, strides=1, padding="SAME")
        yield "mixed10.bpool", x

        # mixed10.bpool_1x1: block cbr filters=192 size=1 stride=1 padding=same
        # mixed10.bpool_1x1.conv: ceil(8/1) = 8 -> 8x8x192, 393,216 params
        x = tf.nn.conv2d(x, w["mixed10.bpool_1x1.conv"]["kernel"], strides=1, padding="SAME")
        yield "mixed10.bpool_1x1.conv", x
        # mixed10.bpool_1x1.bn: 3*192 -> 8x8x192, 576 params (192 trainable)
        x = batch_norm(
            x, w["mixed10.bpool_1x1.bn"], momentum=0.99, epsilon=0.001, training=training
        )
        yield "mixed10.bpool_1x1.bn", x
        # mixed10.bpool_1x1.relu: 8x8x192
        x = tf.nn.relu(x)
        yield "mixed10.bpool_1x1.relu", x
        # mixed10.concat: 8x8x(320+768+768+192) -> 8x8x2048
        x = tf.concat([mixed10_b1x1_relu, mixed10_b3x3_cat, mixed10_b3x3dbl_cat, x], axis=-1)
        yield "mixed10.concat", x

        # avg_pool: avg of 8x8 -> 2048
        x = tf.reduce_mean(x, axis=[1, 2])
        yield "avg_pool", x
        # predictions: 2048x1000 -> 1000, 2,049,000 params
        x = tf.matmul(x, w["predictions"]["kernel"])
        x = tf.nn.bias_add(x, w["predictions"]["bias"])
        yield "predictions", x

    def __call__(self, images: tf.Tensor, training: bool = False) -> tf.Tensor:
        """The output of the last layer for a batch of images."""
        return list(self.forward(images, training))[-1][1]

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 4e-05 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

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
    parser.add_argument("--out", type=Path, default=Path("inceptionv3-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = Network()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch * 2, decay_rate=0.94, staircase=True
    )
    optimizer = keras.optimizers.RMSprop(schedule)
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    mean_loss, accuracy = keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()
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
