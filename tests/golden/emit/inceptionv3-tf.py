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
from collections.abc import Iterator
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


# --- the network: variables and tf.nn ops, as the TensorFlow tutorials write it -----------------


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: glorot_uniform."""
    return tf.Variable(keras.initializers.GlorotUniform()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


def new_batchnorm(channels: int, scale: bool = True) -> dict[str, tf.Variable]:
    """Scale (unless scale is False) and offset (trained); moving mean and variance (updated in
    training, not trained).

    Under a tf.distribute strategy each replica moves the averages towards its own share of the
    batch; aggregation MEAN makes every copy take the mean of those updates.
    """
    mean = tf.VariableAggregation.MEAN
    gamma = {"gamma": tf.Variable(tf.ones([channels]))} if scale else {}
    return {
        **gamma,
        "beta": tf.Variable(tf.zeros([channels])),
        "moving_mean": tf.Variable(tf.zeros([channels]), trainable=False, aggregation=mean),
        "moving_variance": tf.Variable(tf.ones([channels]), trainable=False, aggregation=mean),
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
    """The network in plain TensorFlow: a dictionary of variables per layer, tf.nn ops in forward.

    Layer names are the spec's, so `layer_params` and `trace_shapes` can be compared with
    `netspec check` layer by layer; each comment in forward shows that check's rule and numbers.
    """

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

    @property
    def layer_params(self) -> dict[str, int]:
        """Parameters of each layer that has variables (the others have none)."""
        return {
            name: sum(v.shape.num_elements() for v in variables.values())
            for name, variables in self.weights.items()
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
        return dict(self.forward(images, training))[LAST_LAYER]

    def trace_shapes(self, images: tf.Tensor) -> dict[str, tuple[int, ...]]:
        """Each layer's output shape for a batch of images, without the batch axis."""
        return {name: tuple(x.shape[1:]) for name, x in self.forward(images)}

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 4e-05 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

    def numpy_weights(self) -> dict[str, np.ndarray]:
        """Every variable as an array named layer/part, to save with np.savez."""
        return {
            f"{layer}/{part}": v.numpy()
            for layer, parts in self.weights.items()
            for part, v in parts.items()
        }


def build_model() -> Network:
    """The network with new variables (set the seeds first for repeatable values)."""
    return Network()


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


# --- training loop: a GradientTape step per batch, through the tf.distribute strategy ----------


def compute_loss(
    model: Network, images: tf.Tensor, labels: tf.Tensor, training: bool
) -> tuple[tf.Tensor, tf.Tensor]:
    """The cross-entropy of the logits (softmax belongs to the loss), and the logits.

    Each replica divides its images' summed loss by the global batch size, so that the losses
    and gradients of all the replicas add up to those of the mean over the whole batch.
    """
    outputs = model(images, training=training)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=outputs)
    loss = tf.nn.compute_average_loss(losses)
    loss += tf.nn.scale_regularization_loss(model.l2_penalty())  # shared out over the replicas
    return loss, outputs


def count_correct(labels: tf.Tensor, outputs: tf.Tensor) -> tf.Tensor:
    """How many of the batch's highest-scoring classes are the right ones."""
    predicted = tf.argmax(outputs, axis=1, output_type=tf.int32)
    return tf.reduce_sum(tf.cast(tf.equal(predicted, labels), tf.float32))


def sum_over_replicas(strategy: tf.distribute.Strategy, values: tuple) -> list[tf.Tensor]:
    """Each of a step's numbers, summed over the replicas of every worker."""
    return [strategy.reduce(tf.distribute.ReduceOp.SUM, v, axis=None) for v in values]


@tf.function
def train_step(
    strategy: tf.distribute.Strategy,
    model: Network,
    optimizer: keras.optimizers.Optimizer,
    images: tf.Tensor,
    labels: tf.Tensor,
) -> list[tf.Tensor]:
    """One gradient step on a batch split over the replicas: its loss, correct answers, size."""

    def on_replica(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, ...]:
        with tf.GradientTape() as tape:
            loss, outputs = compute_loss(model, images, labels, training=True)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply(gradients, model.trainable_variables)  # sums all replicas' gradients
        count = tf.cast(tf.shape(images)[0], tf.float32)
        return loss, count_correct(labels, outputs), count

    return sum_over_replicas(strategy, strategy.run(on_replica, args=(images, labels)))


@tf.function
def test_step(
    strategy: tf.distribute.Strategy, model: Network, images: tf.Tensor, labels: tf.Tensor
) -> list[tf.Tensor]:
    """A batch's loss, correct answers and size, without changing any variable."""

    def on_replica(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, ...]:
        loss, outputs = compute_loss(model, images, labels, training=False)
        count = tf.cast(tf.shape(images)[0], tf.float32)
        return loss, count_correct(labels, outputs), count

    return sum_over_replicas(strategy, strategy.run(on_replica, args=(images, labels)))


def run_epoch(
    strategy: tf.distribute.Strategy,
    model: Network,
    ds: tf.distribute.DistributedDataset,
    optimizer: keras.optimizers.Optimizer | None = None,
) -> tuple[float, float]:
    """One pass over `ds` (training when given an optimizer): mean loss and accuracy."""
    total_loss = correct = seen = 0.0
    for images, labels in ds:
        if optimizer is None:
            loss, right, count = test_step(strategy, model, images, labels)
        else:
            loss, right, count = train_step(strategy, model, optimizer, images, labels)
        total_loss += float(loss) * float(count)
        correct += float(right)
        seen += float(count)
    return total_loss / seen, correct / seen


def fit(
    strategy: tf.distribute.Strategy,
    model: Network,
    optimizer: keras.optimizers.Optimizer,
    train_ds: tf.distribute.DistributedDataset,
    val_ds: tf.distribute.DistributedDataset,
    epochs: int,
) -> int:
    """Train for `epochs` passes, printing loss and accuracy after each as Keras's fit does;
    returns the number of epochs run."""
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        loss, accuracy = run_epoch(strategy, model, train_ds, optimizer)
        val_loss, val_accuracy = run_epoch(strategy, model, val_ds)
        print(
            f"epoch {epoch}/{epochs} - {time.perf_counter() - started:.0f}s - loss: {loss:.4f} - "
            f"accuracy: {accuracy:.4f} - val_loss: {val_loss:.4f} - "
            f"val_accuracy: {val_accuracy:.4f}"
        )
    return epoch


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
    # anything else. The default strategy (one device) runs the same steps.
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
        optimizer.build(model.trainable_variables)  # its slots exist before train_step is traced
    train_ds = distribute(
        strategy, make_pipeline(x_train, y_train, args.batch_size, training=True, seed=args.seed)
    )
    val_ds = distribute(strategy, make_pipeline(x_val, y_val, args.batch_size))
    test_ds = distribute(strategy, make_pipeline(data.x_test, data.y_test, args.batch_size))

    params = sum(model.layer_params.values())
    print(
        f"training {NAME} ({params:,} parameters) on {len(x_train):,} images"
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
        epochs_run = fit(strategy, model, optimizer, train_ds, val_ds, args.epochs)
        test_loss, test_accuracy = run_epoch(strategy, model, test_ds)
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
    np.savez(out / "weights.npz", **model.numpy_weights())
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
