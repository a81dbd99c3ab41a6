"""Train resnet18, a 68-layer network with 11,699,112 parameters, in TensorFlow.

ResNet-18 (He et al. 2015) as torchvision's resnet18 builds it: a 7x7/2 stem and 3x3/2 max
pooling (224 -> 56), then four stages of two basic blocks (two 3x3 convolutions, batch
normalization after each, identity shortcut) at 64, 128, 256 and 512 filters, global average
pooling and fc 1000. The first block of stages 2 to 4 halves the size with stride 2 and projects
its shortcut with a 1x1 conv. Layer names follow torchvision's, counted from 0: layer3_1.conv1
is torchvision's layer3.1.conv1. Source: torchvision.models.resnet18; 11,689,512 parameters
(batch normalization counted as its 2C trainable values) and 1.81 GMACs.

Written by `netspec emit` from resnet18.yaml. Give --data a folder with a subfolder of images
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
        return list(self.forward(images, training))[-1][1]

    def l2_penalty(self) -> tf.Tensor:
        """The spec's l2 on every conv and fc kernel, as Keras's L2 regularizer adds it."""
        kernels = [v["kernel"] for v in self.weights.values() if "kernel" in v]
        return 5e-05 * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])

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
    parser.add_argument("--out", type=Path, default=Path("resnet18-weights"))
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
