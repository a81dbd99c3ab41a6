"""Train densenet121 (426 layers, 8,062,504 parameters) with TensorFlow alone.

Written by `netspec emit` from densenet121.yaml; it does not need netspec to run.

DenseNet-121 (Huang et al. 2017, "Densely Connected Convolutional Networks") as
keras.applications.DenseNet121 builds it for 224x224 ImageNet images: a 7x7 stem, four dense
blocks of 6, 12, 24 and 16 layers with growth rate 32 (each layer concatenates 32 new feature
maps onto its input), transitions that halve the channels and the size, global average pooling
and 1000 classes. Convolutions have no bias; batch normalization uses epsilon 1.001e-5. Source:
keras/src/applications/densenet.py; 8,062,504 parameters, as Keras counts.

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

NAME = "densenet121"
INPUT_SHAPE = (224, 224, 3)  # height, width, channels
NUM_CLASSES = 1000
LAST_LAYER = "predictions"
VALIDATION_SPLIT = 0.1  # of the training images, held out at random


# --- the network: variables and tf.nn ops, as the TensorFlow tutorials write it -----------------


def new_kernel(shape: tuple[int, ...]) -> tf.Variable:
    """A conv or fc kernel, drawn from the spec's init: he_normal."""
    return tf.Variable(keras.initializers.HeNormal()(shape))


def new_bias(units: int) -> tf.Variable:
    """A bias vector of zeros."""
    return tf.Variable(tf.zeros([units]))


def new_batchnorm(channels: int) -> dict[str, tf.Variable]:
    """Scale and offset (trained); moving mean and variance (updated in training, not trained).

    Under a tf.distribute strategy each replica moves the averages towards its own share of the
    batch; aggregation MEAN makes every copy take the mean of those updates.
    """
    mean = tf.VariableAggregation.MEAN
    return {
        "gamma": tf.Variable(tf.ones([channels])),
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
    return tf.nn.batch_normalization(x, mean, variance, v["beta"], v["gamma"], epsilon)


class Network(tf.Module):
    """The network in plain TensorFlow: a dictionary of variables per layer, tf.nn ops in forward.

    Layer names are the spec's, so `layer_params` and `trace_shapes` can be compared with
    `netspec check` layer by layer; each comment in forward shows that check's rule and numbers.
    """

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
        return dict(self.forward(images, training))[LAST_LAYER]

    def trace_shapes(self, images: tf.Tensor) -> dict[str, tuple[int, ...]]:
        """Each layer's output shape for a batch of images, without the batch axis."""
        return {name: tuple(x.shape[1:]) for name, x in self.forward(images)}

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 0.0001 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

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

    Horizontal flips; shifts of up to 16 pixels (zero-pad, then crop at random).
    """
    steps = [
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.ZeroPadding2D(16),
        keras.layers.RandomCrop(224, 224, seed=seed),
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

    The rate is multiplied by 0.1 after every 30 epochs.
    """
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=steps_per_epoch * 30, decay_rate=0.1, staircase=True
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
        default=90,
        help="passes over the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=256,
        help="images per step (default: %(default)s)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=0.1,
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
        default=Path("densenet121-weights"),
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
