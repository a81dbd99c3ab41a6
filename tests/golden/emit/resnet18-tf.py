"""Train resnet18 (68 layers, 11,699,112 parameters) with TensorFlow alone.

Written by `netspec emit` from resnet18.yaml; it does not need netspec to run.

ResNet-18 (He et al. 2015) as torchvision's resnet18 builds it: a 7x7/2 stem and 3x3/2 max
pooling (224 -> 56), then four stages of two basic blocks (two 3x3 convolutions, batch
normalization after each, identity shortcut) at 64, 128, 256 and 512 filters, global average
pooling and fc 1000. The first block of stages 2 to 4 halves the size with stride 2 and projects
its shortcut with a 1x1 conv. Layer names follow torchvision's, counted from 0: layer3_1.conv1
is torchvision's layer3.1.conv1. Source: torchvision.models.resnet18; 11,689,512 parameters
(batch normalization counted as its 2C trainable values) and 1.81 GMACs.

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

NAME = "resnet18"
INPUT_SHAPE = (224, 224, 3)  # height, width, channels
NUM_CLASSES = 1000
LAST_LAYER = "fc"
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
        super().__init__(name="resnet18")
        self.weights = {
            "conv1": {"kernel": new_kernel((7, 7, 3, 64))},
            "bn1": new_batchnorm(64),
            "layer1_0.conv1": {"kernel": new_kernel((3, 3, 64, 64))},
            "layer1_0.bn1": new_batchnorm(64),
            "layer1_0.conv2": {"kernel": new_kernel((3, 3, 64, 64))},
            "layer1_0.bn2": new_batchnorm(64),
            "layer1_1.conv1": {"kernel": new_kernel((3, 3, 64, 64))},
            "layer1_1.bn1": new_batchnorm(64),
            "layer1_1.conv2": {"kernel": new_kernel((3, 3, 64, 64))},
            "layer1_1.bn2": new_batchnorm(64),
            "layer2_0.conv1": {"kernel": new_kernel((3, 3, 64, 128))},
            "layer2_0.bn1": new_batchnorm(128),
            "layer2_0.conv2": {"kernel": new_kernel((3, 3, 128, 128))},
            "layer2_0.bn2": new_batchnorm(128),
            "layer2_0.down": {"kernel": new_kernel((1, 1, 64, 128))},
            "layer2_0.down_bn": new_batchnorm(128),
            "layer2_1.conv1": {"kernel": new_kernel((3, 3, 128, 128))},
            "layer2_1.bn1": new_batchnorm(128),
            "layer2_1.conv2": {"kernel": new_kernel((3, 3, 128, 128))},
            "layer2_1.bn2": new_batchnorm(128),
            "layer3_0.conv1": {"kernel": new_kernel((3, 3, 128, 256))},
            "layer3_0.bn1": new_batchnorm(256),
            "layer3_0.conv2": {"kernel": new_kernel((3, 3, 256, 256))},
            "layer3_0.bn2": new_batchnorm(256),
            "layer3_0.down": {"kernel": new_kernel((1, 1, 128, 256))},
            "layer3_0.down_bn": new_batchnorm(256),
            "layer3_1.conv1": {"kernel": new_kernel((3, 3, 256, 256))},
            "layer3_1.bn1": new_batchnorm(256),
            "layer3_1.conv2": {"kernel": new_kernel((3, 3, 256, 256))},
            "layer3_1.bn2": new_batchnorm(256),
            "layer4_0.conv1": {"kernel": new_kernel((3, 3, 256, 512))},
            "layer4_0.bn1": new_batchnorm(512),
            "layer4_0.conv2": {"kernel": new_kernel((3, 3, 512, 512))},
            "layer4_0.bn2": new_batchnorm(512),
            "layer4_0.down": {"kernel": new_kernel((1, 1, 256, 512))},
            "layer4_0.down_bn": new_batchnorm(512),
            "layer4_1.conv1": {"kernel": new_kernel((3, 3, 512, 512))},
            "layer4_1.bn1": new_batchnorm(512),
            "layer4_1.conv2": {"kernel": new_kernel((3, 3, 512, 512))},
            "layer4_1.bn2": new_batchnorm(512),
            "fc": {"kernel": new_kernel((512, 1000)), "bias": new_bias(1000)},
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
        # bn1: 4*64 -> 112x112x64, 256 params (128 trainable)
        x = batch_norm(x, w["bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "bn1", x
        # relu: 112x112x64
        x = tf.nn.relu(x)
        yield "relu", x
        # maxpool: (112-3+2*1)/2+1 = 56.5 -> 56 -> 56x56x64
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.max_pool2d(x, ksize=3, strides=2, padding="VALID")
        maxpool = x
        yield "maxpool", x

        # layer1_0: block basic filters=64 stride=1 project=false
        # layer1_0.conv1: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
        x = tf.pad(maxpool, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer1_0.conv1"]["kernel"], strides=1, padding="VALID")
        yield "layer1_0.conv1", x
        # layer1_0.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(x, w["layer1_0.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer1_0.bn1", x
        # layer1_0.relu1: 56x56x64
        x = tf.nn.relu(x)
        yield "layer1_0.relu1", x
        # layer1_0.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer1_0.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer1_0.conv2", x
        # layer1_0.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(x, w["layer1_0.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer1_0.bn2", x
        # layer1_0.add: 56x56x64 + 56x56x64 -> 56x56x64
        x = tf.add_n([x, maxpool])
        yield "layer1_0.add", x
        # layer1_0.relu2: 56x56x64
        x = tf.nn.relu(x)
        layer1_0_relu2 = x
        yield "layer1_0.relu2", x

        # layer1_1: block basic filters=64 stride=1 project=false
        # layer1_1.conv1: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
        x = tf.pad(layer1_0_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer1_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "layer1_1.conv1", x
        # layer1_1.bn1: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(x, w["layer1_1.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer1_1.bn1", x
        # layer1_1.relu1: 56x56x64
        x = tf.nn.relu(x)
        yield "layer1_1.relu1", x
        # layer1_1.conv2: (56-3+2*1)/1+1 = 56 -> 56x56x64, 36,864 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer1_1.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer1_1.conv2", x
        # layer1_1.bn2: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(x, w["layer1_1.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer1_1.bn2", x
        # layer1_1.add: 56x56x64 + 56x56x64 -> 56x56x64
        x = tf.add_n([x, layer1_0_relu2])
        yield "layer1_1.add", x
        # layer1_1.relu2: 56x56x64
        x = tf.nn.relu(x)
        layer1_1_relu2 = x
        yield "layer1_1.relu2", x

        # layer2_0: block basic filters=128 stride=2 project=true
        # layer2_0.conv1: (56-3+2*1)/2+1 = 28.5 -> 28 -> 28x28x128, 73,728 params
        x = tf.pad(layer1_1_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer2_0.conv1"]["kernel"], strides=2, padding="VALID")
        yield "layer2_0.conv1", x
        # layer2_0.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(x, w["layer2_0.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer2_0.bn1", x
        # layer2_0.relu1: 28x28x128
        x = tf.nn.relu(x)
        yield "layer2_0.relu1", x
        # layer2_0.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer2_0.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer2_0.conv2", x
        # layer2_0.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(x, w["layer2_0.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        layer2_0_bn2 = x
        yield "layer2_0.bn2", x
        # layer2_0.down: (56-1+2*0)/2+1 = 28.5 -> 28 -> 28x28x128, 8,192 params
        x = tf.nn.conv2d(layer1_1_relu2, w["layer2_0.down"]["kernel"], strides=2, padding="VALID")
        yield "layer2_0.down", x
        # layer2_0.down_bn: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(x, w["layer2_0.down_bn"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer2_0.down_bn", x
        # layer2_0.add: 28x28x128 + 28x28x128 -> 28x28x128
        x = tf.add_n([layer2_0_bn2, x])
        yield "layer2_0.add", x
        # layer2_0.relu2: 28x28x128
        x = tf.nn.relu(x)
        layer2_0_relu2 = x
        yield "layer2_0.relu2", x

        # layer2_1: block basic filters=128 stride=1 project=false
        # layer2_1.conv1: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
        x = tf.pad(layer2_0_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer2_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "layer2_1.conv1", x
        # layer2_1.bn1: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(x, w["layer2_1.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer2_1.bn1", x
        # layer2_1.relu1: 28x28x128
        x = tf.nn.relu(x)
        yield "layer2_1.relu1", x
        # layer2_1.conv2: (28-3+2*1)/1+1 = 28 -> 28x28x128, 147,456 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer2_1.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer2_1.conv2", x
        # layer2_1.bn2: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(x, w["layer2_1.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer2_1.bn2", x
        # layer2_1.add: 28x28x128 + 28x28x128 -> 28x28x128
        x = tf.add_n([x, layer2_0_relu2])
        yield "layer2_1.add", x
        # layer2_1.relu2: 28x28x128
        x = tf.nn.relu(x)
        layer2_1_relu2 = x
        yield "layer2_1.relu2", x

        # layer3_0: block basic filters=256 stride=2 project=true
        # layer3_0.conv1: (28-3+2*1)/2+1 = 14.5 -> 14 -> 14x14x256, 294,912 params
        x = tf.pad(layer2_1_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer3_0.conv1"]["kernel"], strides=2, padding="VALID")
        yield "layer3_0.conv1", x
        # layer3_0.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["layer3_0.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer3_0.bn1", x
        # layer3_0.relu1: 14x14x256
        x = tf.nn.relu(x)
        yield "layer3_0.relu1", x
        # layer3_0.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer3_0.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer3_0.conv2", x
        # layer3_0.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["layer3_0.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        layer3_0_bn2 = x
        yield "layer3_0.bn2", x
        # layer3_0.down: (28-1+2*0)/2+1 = 14.5 -> 14 -> 14x14x256, 32,768 params
        x = tf.nn.conv2d(layer2_1_relu2, w["layer3_0.down"]["kernel"], strides=2, padding="VALID")
        yield "layer3_0.down", x
        # layer3_0.down_bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["layer3_0.down_bn"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer3_0.down_bn", x
        # layer3_0.add: 14x14x256 + 14x14x256 -> 14x14x256
        x = tf.add_n([layer3_0_bn2, x])
        yield "layer3_0.add", x
        # layer3_0.relu2: 14x14x256
        x = tf.nn.relu(x)
        layer3_0_relu2 = x
        yield "layer3_0.relu2", x

        # layer3_1: block basic filters=256 stride=1 project=false
        # layer3_1.conv1: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
        x = tf.pad(layer3_0_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer3_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "layer3_1.conv1", x
        # layer3_1.bn1: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["layer3_1.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer3_1.bn1", x
        # layer3_1.relu1: 14x14x256
        x = tf.nn.relu(x)
        yield "layer3_1.relu1", x
        # layer3_1.conv2: (14-3+2*1)/1+1 = 14 -> 14x14x256, 589,824 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer3_1.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer3_1.conv2", x
        # layer3_1.bn2: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["layer3_1.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer3_1.bn2", x
        # layer3_1.add: 14x14x256 + 14x14x256 -> 14x14x256
        x = tf.add_n([x, layer3_0_relu2])
        yield "layer3_1.add", x
        # layer3_1.relu2: 14x14x256
        x = tf.nn.relu(x)
        layer3_1_relu2 = x
        yield "layer3_1.relu2", x

        # layer4_0: block basic filters=512 stride=2 project=true
        # layer4_0.conv1: (14-3+2*1)/2+1 = 7.5 -> 7 -> 7x7x512, 1,179,648 params
        x = tf.pad(layer3_1_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer4_0.conv1"]["kernel"], strides=2, padding="VALID")
        yield "layer4_0.conv1", x
        # layer4_0.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["layer4_0.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer4_0.bn1", x
        # layer4_0.relu1: 7x7x512
        x = tf.nn.relu(x)
        yield "layer4_0.relu1", x
        # layer4_0.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer4_0.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer4_0.conv2", x
        # layer4_0.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["layer4_0.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        layer4_0_bn2 = x
        yield "layer4_0.bn2", x
        # layer4_0.down: (14-1+2*0)/2+1 = 7.5 -> 7 -> 7x7x512, 131,072 params
        x = tf.nn.conv2d(layer3_1_relu2, w["layer4_0.down"]["kernel"], strides=2, padding="VALID")
        yield "layer4_0.down", x
        # layer4_0.down_bn: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["layer4_0.down_bn"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer4_0.down_bn", x
        # layer4_0.add: 7x7x512 + 7x7x512 -> 7x7x512
        x = tf.add_n([layer4_0_bn2, x])
        yield "layer4_0.add", x
        # layer4_0.relu2: 7x7x512
        x = tf.nn.relu(x)
        layer4_0_relu2 = x
        yield "layer4_0.relu2", x

        # layer4_1: block basic filters=512 stride=1 project=false
        # layer4_1.conv1: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
        x = tf.pad(layer4_0_relu2, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer4_1.conv1"]["kernel"], strides=1, padding="VALID")
        yield "layer4_1.conv1", x
        # layer4_1.bn1: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["layer4_1.bn1"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer4_1.bn1", x
        # layer4_1.relu1: 7x7x512
        x = tf.nn.relu(x)
        yield "layer4_1.relu1", x
        # layer4_1.conv2: (7-3+2*1)/1+1 = 7 -> 7x7x512, 2,359,296 params
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        x = tf.nn.conv2d(x, w["layer4_1.conv2"]["kernel"], strides=1, padding="VALID")
        yield "layer4_1.conv2", x
        # layer4_1.bn2: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["layer4_1.bn2"], momentum=0.9, epsilon=1e-05, training=training)
        yield "layer4_1.bn2", x
        # layer4_1.add: 7x7x512 + 7x7x512 -> 7x7x512
        x = tf.add_n([x, layer4_0_relu2])
        yield "layer4_1.add", x
        # layer4_1.relu2: 7x7x512
        x = tf.nn.relu(x)
        yield "layer4_1.relu2", x

        # avgpool: avg of 7x7 -> 512
        x = tf.reduce_mean(x, axis=[1, 2])
        yield "avgpool", x
        # fc: 512x1000 -> 1000, 513,000 params
        x = tf.matmul(x, w["fc"]["kernel"])
        x = tf.nn.bias_add(x, w["fc"]["bias"])
        yield "fc", x

    def __call__(self, images: tf.Tensor, training: bool = False) -> tf.Tensor:
        """The output of the last layer for a batch of images."""
        return dict(self.forward(images, training))[LAST_LAYER]

    def trace_shapes(self, images: tf.Tensor) -> dict[str, tuple[int, ...]]:
        """Each layer's output shape for a batch of images, without the batch axis."""
        return {name: tuple(x.shape[1:]) for name, x in self.forward(images)}

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 5e-05 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

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

    Horizontal flips.
    """
    steps = [
        keras.layers.RandomFlip("horizontal", seed=seed),
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
        default=Path("resnet18-weights"),
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
