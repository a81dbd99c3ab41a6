"""Train mobilenetv2 (151 layers, 3,538,984 parameters) with TensorFlow alone.

Written by `netspec emit` from mobilenetv2.yaml; it does not need netspec to run.

MobileNetV2 (Sandler et al. 2018, "MobileNetV2: Inverted Residuals and Linear Bottlenecks") at
width multiplier alpha 1 for 224x224 ImageNet images, as keras.applications.MobileNetV2 builds
it: a 3x3/2 convolution, 17 inverted residual blocks (1x1 expansion by 6, 3x3 depthwise, linear
1x1 projection; a shortcut add where the shape is kept), a 1x1 convolution to 1280 channels,
global average pooling and 1000 classes. Batch normalization uses epsilon 1e-3 and momentum
0.999; activations are relu6. Source: keras/src/applications/mobilenet_v2.py; 3,538,984
parameters, as Keras counts.

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

NAME = "mobilenetv2"
INPUT_SHAPE = (224, 224, 3)  # height, width, channels
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
        super().__init__(name="mobilenetv2")
        self.weights = {
            "conv1": {"kernel": new_kernel((3, 3, 3, 32))},
            "conv1_bn": new_batchnorm(32),
            "block0.dw": {"kernel": new_kernel((3, 3, 32, 1))},
            "block0.dw_bn": new_batchnorm(32),
            "block0.project": {"kernel": new_kernel((1, 1, 32, 16))},
            "block0.project_bn": new_batchnorm(16),
            "block1.expand": {"kernel": new_kernel((1, 1, 16, 96))},
            "block1.expand_bn": new_batchnorm(96),
            "block1.dw": {"kernel": new_kernel((3, 3, 96, 1))},
            "block1.dw_bn": new_batchnorm(96),
            "block1.project": {"kernel": new_kernel((1, 1, 96, 24))},
            "block1.project_bn": new_batchnorm(24),
            "block2.expand": {"kernel": new_kernel((1, 1, 24, 144))},
            "block2.expand_bn": new_batchnorm(144),
            "block2.dw": {"kernel": new_kernel((3, 3, 144, 1))},
            "block2.dw_bn": new_batchnorm(144),
            "block2.project": {"kernel": new_kernel((1, 1, 144, 24))},
            "block2.project_bn": new_batchnorm(24),
            "block3.expand": {"kernel": new_kernel((1, 1, 24, 144))},
            "block3.expand_bn": new_batchnorm(144),
            "block3.dw": {"kernel": new_kernel((3, 3, 144, 1))},
            "block3.dw_bn": new_batchnorm(144),
            "block3.project": {"kernel": new_kernel((1, 1, 144, 32))},
            "block3.project_bn": new_batchnorm(32),
            "block4.expand": {"kernel": new_kernel((1, 1, 32, 192))},
            "block4.expand_bn": new_batchnorm(192),
            "block4.dw": {"kernel": new_kernel((3, 3, 192, 1))},
            "block4.dw_bn": new_batchnorm(192),
            "block4.project": {"kernel": new_kernel((1, 1, 192, 32))},
            "block4.project_bn": new_batchnorm(32),
            "block5.expand": {"kernel": new_kernel((1, 1, 32, 192))},
            "block5.expand_bn": new_batchnorm(192),
            "block5.dw": {"kernel": new_kernel((3, 3, 192, 1))},
            "block5.dw_bn": new_batchnorm(192),
            "block5.project": {"kernel": new_kernel((1, 1, 192, 32))},
            "block5.project_bn": new_batchnorm(32),
            "block6.expand": {"kernel": new_kernel((1, 1, 32, 192))},
            "block6.expand_bn": new_batchnorm(192),
            "block6.dw": {"kernel": new_kernel((3, 3, 192, 1))},
            "block6.dw_bn": new_batchnorm(192),
            "block6.project": {"kernel": new_kernel((1, 1, 192, 64))},
            "block6.project_bn": new_batchnorm(64),
            "block7.expand": {"kernel": new_kernel((1, 1, 64, 384))},
            "block7.expand_bn": new_batchnorm(384),
            "block7.dw": {"kernel": new_kernel((3, 3, 384, 1))},
            "block7.dw_bn": new_batchnorm(384),
            "block7.project": {"kernel": new_kernel((1, 1, 384, 64))},
            "block7.project_bn": new_batchnorm(64),
            "block8.expand": {"kernel": new_kernel((1, 1, 64, 384))},
            "block8.expand_bn": new_batchnorm(384),
            "block8.dw": {"kernel": new_kernel((3, 3, 384, 1))},
            "block8.dw_bn": new_batchnorm(384),
            "block8.project": {"kernel": new_kernel((1, 1, 384, 64))},
            "block8.project_bn": new_batchnorm(64),
            "block9.expand": {"kernel": new_kernel((1, 1, 64, 384))},
            "block9.expand_bn": new_batchnorm(384),
            "block9.dw": {"kernel": new_kernel((3, 3, 384, 1))},
            "block9.dw_bn": new_batchnorm(384),
            "block9.project": {"kernel": new_kernel((1, 1, 384, 64))},
            "block9.project_bn": new_batchnorm(64),
            "block10.expand": {"kernel": new_kernel((1, 1, 64, 384))},
            "block10.expand_bn": new_batchnorm(384),
            "block10.dw": {"kernel": new_kernel((3, 3, 384, 1))},
            "block10.dw_bn": new_batchnorm(384),
            "block10.project": {"kernel": new_kernel((1, 1, 384, 96))},
            "block10.project_bn": new_batchnorm(96),
            "block11.expand": {"kernel": new_kernel((1, 1, 96, 576))},
            "block11.expand_bn": new_batchnorm(576),
            "block11.dw": {"kernel": new_kernel((3, 3, 576, 1))},
            "block11.dw_bn": new_batchnorm(576),
            "block11.project": {"kernel": new_kernel((1, 1, 576, 96))},
            "block11.project_bn": new_batchnorm(96),
            "block12.expand": {"kernel": new_kernel((1, 1, 96, 576))},
            "block12.expand_bn": new_batchnorm(576),
            "block12.dw": {"kernel": new_kernel((3, 3, 576, 1))},
            "block12.dw_bn": new_batchnorm(576),
            "block12.project": {"kernel": new_kernel((1, 1, 576, 96))},
            "block12.project_bn": new_batchnorm(96),
            "block13.expand": {"kernel": new_kernel((1, 1, 96, 576))},
            "block13.expand_bn": new_batchnorm(576),
            "block13.dw": {"kernel": new_kernel((3, 3, 576, 1))},
            "block13.dw_bn": new_batchnorm(576),
            "block13.project": {"kernel": new_kernel((1, 1, 576, 160))},
            "block13.project_bn": new_batchnorm(160),
            "block14.expand": {"kernel": new_kernel((1, 1, 160, 960))},
            "block14.expand_bn": new_batchnorm(960),
            "block14.dw": {"kernel": new_kernel((3, 3, 960, 1))},
            "block14.dw_bn": new_batchnorm(960),
            "block14.project": {"kernel": new_kernel((1, 1, 960, 160))},
            "block14.project_bn": new_batchnorm(160),
            "block15.expand": {"kernel": new_kernel((1, 1, 160, 960))},
            "block15.expand_bn": new_batchnorm(960),
            "block15.dw": {"kernel": new_kernel((3, 3, 960, 1))},
            "block15.dw_bn": new_batchnorm(960),
            "block15.project": {"kernel": new_kernel((1, 1, 960, 160))},
            "block15.project_bn": new_batchnorm(160),
            "block16.expand": {"kernel": new_kernel((1, 1, 160, 960))},
            "block16.expand_bn": new_batchnorm(960),
            "block16.dw": {"kernel": new_kernel((3, 3, 960, 1))},
            "block16.dw_bn": new_batchnorm(960),
            "block16.project": {"kernel": new_kernel((1, 1, 960, 320))},
            "block16.project_bn": new_batchnorm(320),
            "conv_last": {"kernel": new_kernel((1, 1, 320, 1280))},
            "conv_last_bn": new_batchnorm(1280),
            "predictions": {"kernel": new_kernel((1280, 1000)), "bias": new_bias(1000)},
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
        # conv1: ceil(224/2) = 112 -> 112x112x32, 864 params
        x = tf.nn.conv2d(x, w["conv1"]["kernel"], strides=2, padding="SAME")
        yield "conv1", x
        # conv1_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
        x = batch_norm(x, w["conv1_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "conv1_bn", x
        # conv1_relu: 112x112x32
        x = tf.nn.relu6(x)
        yield "conv1_relu", x

        # block0: block inverted_residual channels=32 filters=16 expand=1 stride=1
        # block0.dw: ceil(112/1) = 112 -> 112x112x32, 288 params
        x = tf.nn.depthwise_conv2d(
            x, w["block0.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block0.dw", x
        # block0.dw_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
        x = batch_norm(x, w["block0.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block0.dw_bn", x
        # block0.dw_relu: 112x112x32
        x = tf.nn.relu6(x)
        yield "block0.dw_relu", x
        # block0.project: (112-1+2*0)/1+1 = 112 -> 112x112x16, 512 params
        x = tf.nn.conv2d(x, w["block0.project"]["kernel"], strides=1, padding="VALID")
        yield "block0.project", x
        # block0.project_bn: 4*16 -> 112x112x16, 64 params (32 trainable)
        x = batch_norm(x, w["block0.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block0.project_bn", x

        # block1: block inverted_residual channels=16 filters=24 expand=6 stride=2
        # block1.expand: (112-1+2*0)/1+1 = 112 -> 112x112x96, 1,536 params
        x = tf.nn.conv2d(x, w["block1.expand"]["kernel"], strides=1, padding="VALID")
        yield "block1.expand", x
        # block1.expand_bn: 4*96 -> 112x112x96, 384 params (192 trainable)
        x = batch_norm(x, w["block1.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block1.expand_bn", x
        # block1.expand_relu: 112x112x96
        x = tf.nn.relu6(x)
        yield "block1.expand_relu", x
        # block1.dw: (112-3+0+1)/2+1 = 56 -> 56x56x96, 864 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block1.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block1.dw", x
        # block1.dw_bn: 4*96 -> 56x56x96, 384 params (192 trainable)
        x = batch_norm(x, w["block1.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block1.dw_bn", x
        # block1.dw_relu: 56x56x96
        x = tf.nn.relu6(x)
        yield "block1.dw_relu", x
        # block1.project: (56-1+2*0)/1+1 = 56 -> 56x56x24, 2,304 params
        x = tf.nn.conv2d(x, w["block1.project"]["kernel"], strides=1, padding="VALID")
        yield "block1.project", x
        # block1.project_bn: 4*24 -> 56x56x24, 96 params (48 trainable)
        x = batch_norm(x, w["block1.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        block1_project_bn = x
        yield "block1.project_bn", x

        # block2: block inverted_residual channels=24 filters=24 expand=6 stride=1
        # block2.expand: (56-1+2*0)/1+1 = 56 -> 56x56x144, 3,456 params
        x = tf.nn.conv2d(
            block1_project_bn, w["block2.expand"]["kernel"], strides=1, padding="VALID"
        )
        yield "block2.expand", x
        # block2.expand_bn: 4*144 -> 56x56x144, 576 params (288 trainable)
        x = batch_norm(x, w["block2.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block2.expand_bn", x
        # block2.expand_relu: 56x56x144
        x = tf.nn.relu6(x)
        yield "block2.expand_relu", x
        # block2.dw: ceil(56/1) = 56 -> 56x56x144, 1,296 params
        x = tf.nn.depthwise_conv2d(
            x, w["block2.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block2.dw", x
        # block2.dw_bn: 4*144 -> 56x56x144, 576 params (288 trainable)
        x = batch_norm(x, w["block2.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block2.dw_bn", x
        # block2.dw_relu: 56x56x144
        x = tf.nn.relu6(x)
        yield "block2.dw_relu", x
        # block2.project: (56-1+2*0)/1+1 = 56 -> 56x56x24, 3,456 params
        x = tf.nn.conv2d(x, w["block2.project"]["kernel"], strides=1, padding="VALID")
        yield "block2.project", x
        # block2.project_bn: 4*24 -> 56x56x24, 96 params (48 trainable)
        x = batch_norm(x, w["block2.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block2.project_bn", x
        # block2.add: 56x56x24 + 56x56x24 -> 56x56x24
        x = tf.add_n([block1_project_bn, x])
        yield "block2.add", x

        # block3: block inverted_residual channels=24 filters=32 expand=6 stride=2
        # block3.expand: (56-1+2*0)/1+1 = 56 -> 56x56x144, 3,456 params
        x = tf.nn.conv2d(x, w["block3.expand"]["kernel"], strides=1, padding="VALID")
        yield "block3.expand", x
        # block3.expand_bn: 4*144 -> 56x56x144, 576 params (288 trainable)
        x = batch_norm(x, w["block3.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block3.expand_bn", x
        # block3.expand_relu: 56x56x144
        x = tf.nn.relu6(x)
        yield "block3.expand_relu", x
        # block3.dw: (56-3+0+1)/2+1 = 28 -> 28x28x144, 1,296 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block3.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block3.dw", x
        # block3.dw_bn: 4*144 -> 28x28x144, 576 params (288 trainable)
        x = batch_norm(x, w["block3.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block3.dw_bn", x
        # block3.dw_relu: 28x28x144
        x = tf.nn.relu6(x)
        yield "block3.dw_relu", x
        # block3.project: (28-1+2*0)/1+1 = 28 -> 28x28x32, 4,608 params
        x = tf.nn.conv2d(x, w["block3.project"]["kernel"], strides=1, padding="VALID")
        yield "block3.project", x
        # block3.project_bn: 4*32 -> 28x28x32, 128 params (64 trainable)
        x = batch_norm(x, w["block3.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        block3_project_bn = x
        yield "block3.project_bn", x

        # block4: block inverted_residual channels=32 filters=32 expand=6 stride=1
        # block4.expand: (28-1+2*0)/1+1 = 28 -> 28x28x192, 6,144 params
        x = tf.nn.conv2d(
            block3_project_bn, w["block4.expand"]["kernel"], strides=1, padding="VALID"
        )
        yield "block4.expand", x
        # block4.expand_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(x, w["block4.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block4.expand_bn", x
        # block4.expand_relu: 28x28x192
        x = tf.nn.relu6(x)
        yield "block4.expand_relu", x
        # block4.dw: ceil(28/1) = 28 -> 28x28x192, 1,728 params
        x = tf.nn.depthwise_conv2d(
            x, w["block4.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block4.dw", x
        # block4.dw_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(x, w["block4.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block4.dw_bn", x
        # block4.dw_relu: 28x28x192
        x = tf.nn.relu6(x)
        yield "block4.dw_relu", x
        # block4.project: (28-1+2*0)/1+1 = 28 -> 28x28x32, 6,144 params
        x = tf.nn.conv2d(x, w["block4.project"]["kernel"], strides=1, padding="VALID")
        yield "block4.project", x
        # block4.project_bn: 4*32 -> 28x28x32, 128 params (64 trainable)
        x = batch_norm(x, w["block4.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block4.project_bn", x
        # block4.add: 28x28x32 + 28x28x32 -> 28x28x32
        x = tf.add_n([block3_project_bn, x])
        block4_add = x
        yield "block4.add", x

        # block5: block inverted_residual channels=32 filters=32 expand=6 stride=1
        # block5.expand: (28-1+2*0)/1+1 = 28 -> 28x28x192, 6,144 params
        x = tf.nn.conv2d(block4_add, w["block5.expand"]["kernel"], strides=1, padding="VALID")
        yield "block5.expand", x
        # block5.expand_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(x, w["block5.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block5.expand_bn", x
        # block5.expand_relu: 28x28x192
        x = tf.nn.relu6(x)
        yield "block5.expand_relu", x
        # block5.dw: ceil(28/1) = 28 -> 28x28x192, 1,728 params
        x = tf.nn.depthwise_conv2d(
            x, w["block5.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block5.dw", x
        # block5.dw_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(x, w["block5.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block5.dw_bn", x
        # block5.dw_relu: 28x28x192
        x = tf.nn.relu6(x)
        yield "block5.dw_relu", x
        # block5.project: (28-1+2*0)/1+1 = 28 -> 28x28x32, 6,144 params
        x = tf.nn.conv2d(x, w["block5.project"]["kernel"], strides=1, padding="VALID")
        yield "block5.project", x
        # block5.project_bn: 4*32 -> 28x28x32, 128 params (64 trainable)
        x = batch_norm(x, w["block5.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block5.project_bn", x
        # block5.add: 28x28x32 + 28x28x32 -> 28x28x32
        x = tf.add_n([block4_add, x])
        yield "block5.add", x

        # block6: block inverted_residual channels=32 filters=64 expand=6 stride=2
        # block6.expand: (28-1+2*0)/1+1 = 28 -> 28x28x192, 6,144 params
        x = tf.nn.conv2d(x, w["block6.expand"]["kernel"], strides=1, padding="VALID")
        yield "block6.expand", x
        # block6.expand_bn: 4*192 -> 28x28x192, 768 params (384 trainable)
        x = batch_norm(x, w["block6.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block6.expand_bn", x
        # block6.expand_relu: 28x28x192
        x = tf.nn.relu6(x)
        yield "block6.expand_relu", x
        # block6.dw: (28-3+0+1)/2+1 = 14 -> 14x14x192, 1,728 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block6.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block6.dw", x
        # block6.dw_bn: 4*192 -> 14x14x192, 768 params (384 trainable)
        x = batch_norm(x, w["block6.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block6.dw_bn", x
        # block6.dw_relu: 14x14x192
        x = tf.nn.relu6(x)
        yield "block6.dw_relu", x
        # block6.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 12,288 params
        x = tf.nn.conv2d(x, w["block6.project"]["kernel"], strides=1, padding="VALID")
        yield "block6.project", x
        # block6.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(x, w["block6.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        block6_project_bn = x
        yield "block6.project_bn", x

        # block7: block inverted_residual channels=64 filters=64 expand=6 stride=1
        # block7.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
        x = tf.nn.conv2d(
            block6_project_bn, w["block7.expand"]["kernel"], strides=1, padding="VALID"
        )
        yield "block7.expand", x
        # block7.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block7.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block7.expand_bn", x
        # block7.expand_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block7.expand_relu", x
        # block7.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
        x = tf.nn.depthwise_conv2d(
            x, w["block7.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block7.dw", x
        # block7.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block7.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block7.dw_bn", x
        # block7.dw_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block7.dw_relu", x
        # block7.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 24,576 params
        x = tf.nn.conv2d(x, w["block7.project"]["kernel"], strides=1, padding="VALID")
        yield "block7.project", x
        # block7.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(x, w["block7.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block7.project_bn", x
        # block7.add: 14x14x64 + 14x14x64 -> 14x14x64
        x = tf.add_n([block6_project_bn, x])
        block7_add = x
        yield "block7.add", x

        # block8: block inverted_residual channels=64 filters=64 expand=6 stride=1
        # block8.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
        x = tf.nn.conv2d(block7_add, w["block8.expand"]["kernel"], strides=1, padding="VALID")
        yield "block8.expand", x
        # block8.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block8.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block8.expand_bn", x
        # block8.expand_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block8.expand_relu", x
        # block8.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
        x = tf.nn.depthwise_conv2d(
            x, w["block8.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block8.dw", x
        # block8.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block8.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block8.dw_bn", x
        # block8.dw_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block8.dw_relu", x
        # block8.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 24,576 params
        x = tf.nn.conv2d(x, w["block8.project"]["kernel"], strides=1, padding="VALID")
        yield "block8.project", x
        # block8.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(x, w["block8.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block8.project_bn", x
        # block8.add: 14x14x64 + 14x14x64 -> 14x14x64
        x = tf.add_n([block7_add, x])
        block8_add = x
        yield "block8.add", x

        # block9: block inverted_residual channels=64 filters=64 expand=6 stride=1
        # block9.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
        x = tf.nn.conv2d(block8_add, w["block9.expand"]["kernel"], strides=1, padding="VALID")
        yield "block9.expand", x
        # block9.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block9.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block9.expand_bn", x
        # block9.expand_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block9.expand_relu", x
        # block9.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
        x = tf.nn.depthwise_conv2d(
            x, w["block9.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block9.dw", x
        # block9.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block9.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block9.dw_bn", x
        # block9.dw_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block9.dw_relu", x
        # block9.project: (14-1+2*0)/1+1 = 14 -> 14x14x64, 24,576 params
        x = tf.nn.conv2d(x, w["block9.project"]["kernel"], strides=1, padding="VALID")
        yield "block9.project", x
        # block9.project_bn: 4*64 -> 14x14x64, 256 params (128 trainable)
        x = batch_norm(x, w["block9.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block9.project_bn", x
        # block9.add: 14x14x64 + 14x14x64 -> 14x14x64
        x = tf.add_n([block8_add, x])
        yield "block9.add", x

        # block10: block inverted_residual channels=64 filters=96 expand=6 stride=1
        # block10.expand: (14-1+2*0)/1+1 = 14 -> 14x14x384, 24,576 params
        x = tf.nn.conv2d(x, w["block10.expand"]["kernel"], strides=1, padding="VALID")
        yield "block10.expand", x
        # block10.expand_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block10.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block10.expand_bn", x
        # block10.expand_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block10.expand_relu", x
        # block10.dw: ceil(14/1) = 14 -> 14x14x384, 3,456 params
        x = tf.nn.depthwise_conv2d(
            x, w["block10.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block10.dw", x
        # block10.dw_bn: 4*384 -> 14x14x384, 1,536 params (768 trainable)
        x = batch_norm(x, w["block10.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block10.dw_bn", x
        # block10.dw_relu: 14x14x384
        x = tf.nn.relu6(x)
        yield "block10.dw_relu", x
        # block10.project: (14-1+2*0)/1+1 = 14 -> 14x14x96, 36,864 params
        x = tf.nn.conv2d(x, w["block10.project"]["kernel"], strides=1, padding="VALID")
        yield "block10.project", x
        # block10.project_bn: 4*96 -> 14x14x96, 384 params (192 trainable)
        x = batch_norm(x, w["block10.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        block10_project_bn = x
        yield "block10.project_bn", x

        # block11: block inverted_residual channels=96 filters=96 expand=6 stride=1
        # block11.expand: (14-1+2*0)/1+1 = 14 -> 14x14x576, 55,296 params
        x = tf.nn.conv2d(
            block10_project_bn, w["block11.expand"]["kernel"], strides=1, padding="VALID"
        )
        yield "block11.expand", x
        # block11.expand_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
        x = batch_norm(x, w["block11.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block11.expand_bn", x
        # block11.expand_relu: 14x14x576
        x = tf.nn.relu6(x)
        yield "block11.expand_relu", x
        # block11.dw: ceil(14/1) = 14 -> 14x14x576, 5,184 params
        x = tf.nn.depthwise_conv2d(
            x, w["block11.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block11.dw", x
        # block11.dw_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
        x = batch_norm(x, w["block11.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block11.dw_bn", x
        # block11.dw_relu: 14x14x576
        x = tf.nn.relu6(x)
        yield "block11.dw_relu", x
        # block11.project: (14-1+2*0)/1+1 = 14 -> 14x14x96, 55,296 params
        x = tf.nn.conv2d(x, w["block11.project"]["kernel"], strides=1, padding="VALID")
        yield "block11.project", x
        # block11.project_bn: 4*96 -> 14x14x96, 384 params (192 trainable)
        x = batch_norm(x, w["block11.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block11.project_bn", x
        # block11.add: 14x14x96 + 14x14x96 -> 14x14x96
        x = tf.add_n([block10_project_bn, x])
        block11_add = x
        yield "block11.add", x

        # block12: block inverted_residual channels=96 filters=96 expand=6 stride=1
        # block12.expand: (14-1+2*0)/1+1 = 14 -> 14x14x576, 55,296 params
        x = tf.nn.conv2d(block11_add, w["block12.expand"]["kernel"], strides=1, padding="VALID")
        yield "block12.expand", x
        # block12.expand_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
        x = batch_norm(x, w["block12.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block12.expand_bn", x
        # block12.expand_relu: 14x14x576
        x = tf.nn.relu6(x)
        yield "block12.expand_relu", x
        # block12.dw: ceil(14/1) = 14 -> 14x14x576, 5,184 params
        x = tf.nn.depthwise_conv2d(
            x, w["block12.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block12.dw", x
        # block12.dw_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
        x = batch_norm(x, w["block12.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block12.dw_bn", x
        # block12.dw_relu: 14x14x576
        x = tf.nn.relu6(x)
        yield "block12.dw_relu", x
        # block12.project: (14-1+2*0)/1+1 = 14 -> 14x14x96, 55,296 params
        x = tf.nn.conv2d(x, w["block12.project"]["kernel"], strides=1, padding="VALID")
        yield "block12.project", x
        # block12.project_bn: 4*96 -> 14x14x96, 384 params (192 trainable)
        x = batch_norm(x, w["block12.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block12.project_bn", x
        # block12.add: 14x14x96 + 14x14x96 -> 14x14x96
        x = tf.add_n([block11_add, x])
        yield "block12.add", x

        # block13: block inverted_residual channels=96 filters=160 expand=6 stride=2
        # block13.expand: (14-1+2*0)/1+1 = 14 -> 14x14x576, 55,296 params
        x = tf.nn.conv2d(x, w["block13.expand"]["kernel"], strides=1, padding="VALID")
        yield "block13.expand", x
        # block13.expand_bn: 4*576 -> 14x14x576, 2,304 params (1,152 trainable)
        x = batch_norm(x, w["block13.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block13.expand_bn", x
        # block13.expand_relu: 14x14x576
        x = tf.nn.relu6(x)
        yield "block13.expand_relu", x
        # block13.dw: (14-3+0+1)/2+1 = 7 -> 7x7x576, 5,184 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block13.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block13.dw", x
        # block13.dw_bn: 4*576 -> 7x7x576, 2,304 params (1,152 trainable)
        x = batch_norm(x, w["block13.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block13.dw_bn", x
        # block13.dw_relu: 7x7x576
        x = tf.nn.relu6(x)
        yield "block13.dw_relu", x
        # block13.project: (7-1+2*0)/1+1 = 7 -> 7x7x160, 92,160 params
        x = tf.nn.conv2d(x, w["block13.project"]["kernel"], strides=1, padding="VALID")
        yield "block13.project", x
        # block13.project_bn: 4*160 -> 7x7x160, 640 params (320 trainable)
        x = batch_norm(x, w["block13.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        block13_project_bn = x
        yield "block13.project_bn", x

        # block14: block inverted_residual channels=160 filters=160 expand=6 stride=1
        # block14.expand: (7-1+2*0)/1+1 = 7 -> 7x7x960, 153,600 params
        x = tf.nn.conv2d(
            block13_project_bn, w["block14.expand"]["kernel"], strides=1, padding="VALID"
        )
        yield "block14.expand", x
        # block14.expand_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(x, w["block14.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block14.expand_bn", x
        # block14.expand_relu: 7x7x960
        x = tf.nn.relu6(x)
        yield "block14.expand_relu", x
        # block14.dw: ceil(7/1) = 7 -> 7x7x960, 8,640 params
        x = tf.nn.depthwise_conv2d(
            x, w["block14.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block14.dw", x
        # block14.dw_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(x, w["block14.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block14.dw_bn", x
        # block14.dw_relu: 7x7x960
        x = tf.nn.relu6(x)
        yield "block14.dw_relu", x
        # block14.project: (7-1+2*0)/1+1 = 7 -> 7x7x160, 153,600 params
        x = tf.nn.conv2d(x, w["block14.project"]["kernel"], strides=1, padding="VALID")
        yield "block14.project", x
        # block14.project_bn: 4*160 -> 7x7x160, 640 params (320 trainable)
        x = batch_norm(x, w["block14.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block14.project_bn", x
        # block14.add: 7x7x160 + 7x7x160 -> 7x7x160
        x = tf.add_n([block13_project_bn, x])
        block14_add = x
        yield "block14.add", x

        # block15: block inverted_residual channels=160 filters=160 expand=6 stride=1
        # block15.expand: (7-1+2*0)/1+1 = 7 -> 7x7x960, 153,600 params
        x = tf.nn.conv2d(block14_add, w["block15.expand"]["kernel"], strides=1, padding="VALID")
        yield "block15.expand", x
        # block15.expand_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(x, w["block15.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block15.expand_bn", x
        # block15.expand_relu: 7x7x960
        x = tf.nn.relu6(x)
        yield "block15.expand_relu", x
        # block15.dw: ceil(7/1) = 7 -> 7x7x960, 8,640 params
        x = tf.nn.depthwise_conv2d(
            x, w["block15.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block15.dw", x
        # block15.dw_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(x, w["block15.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block15.dw_bn", x
        # block15.dw_relu: 7x7x960
        x = tf.nn.relu6(x)
        yield "block15.dw_relu", x
        # block15.project: (7-1+2*0)/1+1 = 7 -> 7x7x160, 153,600 params
        x = tf.nn.conv2d(x, w["block15.project"]["kernel"], strides=1, padding="VALID")
        yield "block15.project", x
        # block15.project_bn: 4*160 -> 7x7x160, 640 params (320 trainable)
        x = batch_norm(x, w["block15.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block15.project_bn", x
        # block15.add: 7x7x160 + 7x7x160 -> 7x7x160
        x = tf.add_n([block14_add, x])
        yield "block15.add", x

        # block16: block inverted_residual channels=160 filters=320 expand=6 stride=1
        # block16.expand: (7-1+2*0)/1+1 = 7 -> 7x7x960, 153,600 params
        x = tf.nn.conv2d(x, w["block16.expand"]["kernel"], strides=1, padding="VALID")
        yield "block16.expand", x
        # block16.expand_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(x, w["block16.expand_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block16.expand_bn", x
        # block16.expand_relu: 7x7x960
        x = tf.nn.relu6(x)
        yield "block16.expand_relu", x
        # block16.dw: ceil(7/1) = 7 -> 7x7x960, 8,640 params
        x = tf.nn.depthwise_conv2d(
            x, w["block16.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block16.dw", x
        # block16.dw_bn: 4*960 -> 7x7x960, 3,840 params (1,920 trainable)
        x = batch_norm(x, w["block16.dw_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block16.dw_bn", x
        # block16.dw_relu: 7x7x960
        x = tf.nn.relu6(x)
        yield "block16.dw_relu", x
        # block16.project: (7-1+2*0)/1+1 = 7 -> 7x7x320, 307,200 params
        x = tf.nn.conv2d(x, w["block16.project"]["kernel"], strides=1, padding="VALID")
        yield "block16.project", x
        # block16.project_bn: 4*320 -> 7x7x320, 1,280 params (640 trainable)
        x = batch_norm(x, w["block16.project_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "block16.project_bn", x

        # conv_last: (7-1+2*0)/1+1 = 7 -> 7x7x1280, 409,600 params
        x = tf.nn.conv2d(x, w["conv_last"]["kernel"], strides=1, padding="VALID")
        yield "conv_last", x
        # conv_last_bn: 4*1280 -> 7x7x1280, 5,120 params (2,560 trainable)
        x = batch_norm(x, w["conv_last_bn"], momentum=0.999, epsilon=0.001, training=training)
        yield "conv_last_bn", x
        # out_relu: 7x7x1280
        x = tf.nn.relu6(x)
        yield "out_relu", x
        # avg_pool: avg of 7x7 -> 1280
        x = tf.reduce_mean(x, axis=[1, 2])
        yield "avg_pool", x
        # predictions: 1280x1000 -> 1000, 1,281,000 params
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
    """RMSprop, with the spec's learning-rate schedule.

    The rate is multiplied by 0.98 after every epoch.
    """
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=steps_per_epoch, decay_rate=0.98, staircase=True
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
        default=150,
        help="passes over the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=96,
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
        default=Path("mobilenetv2-weights"),
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
