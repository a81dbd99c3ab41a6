"""Train mobilenet, an 84-layer network with 4,253,864 parameters, in TensorFlow.

MobileNet v1 (Howard et al. 2017, "MobileNets: Efficient Convolutional Neural Networks for
Mobile Vision Applications") at width multiplier alpha 1 for 224x224 ImageNet images, as
keras.applications.MobileNet builds it: a 3x3/2 convolution, then 13 depthwise separable blocks
(3x3 depthwise conv, then 1x1 pointwise conv, each followed by batch normalization and relu6),
global average pooling, dropout 0.001 and a 1x1 convolution to 1000 classes (here the equivalent
fc on the pooled vector: the same 1,025,000 weights). Source:
keras/src/applications/mobilenet.py; 4,253,864 parameters, as Keras counts.

Written by `netspec emit` from mobilenet.yaml. Give --data a folder with a subfolder of images
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
EPOCHS = 100
BATCH_SIZE = 96
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
        super().__init__(name="mobilenet")
        self.weights = {
            "conv1": {"kernel": new_kernel((3, 3, 3, 32))},
            "conv1_bn": new_batchnorm(32),
            "block1.dw": {"kernel": new_kernel((3, 3, 32, 1))},
            "block1.dw_bn": new_batchnorm(32),
            "block1.pw": {"kernel": new_kernel((1, 1, 32, 64))},
            "block1.pw_bn": new_batchnorm(64),
            "block2.dw": {"kernel": new_kernel((3, 3, 64, 1))},
            "block2.dw_bn": new_batchnorm(64),
            "block2.pw": {"kernel": new_kernel((1, 1, 64, 128))},
            "block2.pw_bn": new_batchnorm(128),
            "block3.dw": {"kernel": new_kernel((3, 3, 128, 1))},
            "block3.dw_bn": new_batchnorm(128),
            "block3.pw": {"kernel": new_kernel((1, 1, 128, 128))},
            "block3.pw_bn": new_batchnorm(128),
            "block4.dw": {"kernel": new_kernel((3, 3, 128, 1))},
            "block4.dw_bn": new_batchnorm(128),
            "block4.pw": {"kernel": new_kernel((1, 1, 128, 256))},
            "block4.pw_bn": new_batchnorm(256),
            "block5.dw": {"kernel": new_kernel((3, 3, 256, 1))},
            "block5.dw_bn": new_batchnorm(256),
            "block5.pw": {"kernel": new_kernel((1, 1, 256, 256))},
            "block5.pw_bn": new_batchnorm(256),
            "block6.dw": {"kernel": new_kernel((3, 3, 256, 1))},
            "block6.dw_bn": new_batchnorm(256),
            "block6.pw": {"kernel": new_kernel((1, 1, 256, 512))},
            "block6.pw_bn": new_batchnorm(512),
            "block7.dw": {"kernel": new_kernel((3, 3, 512, 1))},
            "block7.dw_bn": new_batchnorm(512),
            "block7.pw": {"kernel": new_kernel((1, 1, 512, 512))},
            "block7.pw_bn": new_batchnorm(512),
            "block8.dw": {"kernel": new_kernel((3, 3, 512, 1))},
            "block8.dw_bn": new_batchnorm(512),
            "block8.pw": {"kernel": new_kernel((1, 1, 512, 512))},
            "block8.pw_bn": new_batchnorm(512),
            "block9.dw": {"kernel": new_kernel((3, 3, 512, 1))},
            "block9.dw_bn": new_batchnorm(512),
            "block9.pw": {"kernel": new_kernel((1, 1, 512, 512))},
            "block9.pw_bn": new_batchnorm(512),
            "block10.dw": {"kernel": new_kernel((3, 3, 512, 1))},
            "block10.dw_bn": new_batchnorm(512),
            "block10.pw": {"kernel": new_kernel((1, 1, 512, 512))},
            "block10.pw_bn": new_batchnorm(512),
            "block11.dw": {"kernel": new_kernel((3, 3, 512, 1))},
            "block11.dw_bn": new_batchnorm(512),
            "block11.pw": {"kernel": new_kernel((1, 1, 512, 512))},
            "block11.pw_bn": new_batchnorm(512),
            "block12.dw": {"kernel": new_kernel((3, 3, 512, 1))},
            "block12.dw_bn": new_batchnorm(512),
            "block12.pw": {"kernel": new_kernel((1, 1, 512, 1024))},
            "block12.pw_bn": new_batchnorm(1024),
            "block13.dw": {"kernel": new_kernel((3, 3, 1024, 1))},
            "block13.dw_bn": new_batchnorm(1024),
            "block13.pw": {"kernel": new_kernel((1, 1, 1024, 1024))},
            "block13.pw_bn": new_batchnorm(1024),
            "conv_preds": {"kernel": new_kernel((1024, 1000)), "bias": new_bias(1000)},
        }

    def forward(self, x: tf.Tensor, training: bool = False) -> Iterator[tuple[str, tf.Tensor]]:
        """Run the layers in turn on images scaled to [0, 1], yielding each name and output."""
        w = self.weights
        # conv1: ceil(224/2) = 112 -> 112x112x32, 864 params
        x = tf.nn.conv2d(x, w["conv1"]["kernel"], strides=2, padding="SAME")
        yield "conv1", x
        # conv1_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
        x = batch_norm(x, w["conv1_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "conv1_bn", x
        # conv1_relu: 112x112x32
        x = tf.nn.relu6(x)
        yield "conv1_relu", x

        # block1: block separable filters=64 stride=1
        # block1.dw: ceil(112/1) = 112 -> 112x112x32, 288 params
        x = tf.nn.depthwise_conv2d(
            x, w["block1.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block1.dw", x
        # block1.dw_bn: 4*32 -> 112x112x32, 128 params (64 trainable)
        x = batch_norm(x, w["block1.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block1.dw_bn", x
        # block1.dw_relu: 112x112x32
        x = tf.nn.relu6(x)
        yield "block1.dw_relu", x
        # block1.pw: (112-1+2*0)/1+1 = 112 -> 112x112x64, 2,048 params
        x = tf.nn.conv2d(x, w["block1.pw"]["kernel"], strides=1, padding="VALID")
        yield "block1.pw", x
        # block1.pw_bn: 4*64 -> 112x112x64, 256 params (128 trainable)
        x = batch_norm(x, w["block1.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block1.pw_bn", x
        # block1.pw_relu: 112x112x64
        x = tf.nn.relu6(x)
        yield "block1.pw_relu", x

        # block2: block separable filters=128 stride=2
        # block2.dw: (112-3+0+1)/2+1 = 56 -> 56x56x64, 576 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block2.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block2.dw", x
        # block2.dw_bn: 4*64 -> 56x56x64, 256 params (128 trainable)
        x = batch_norm(x, w["block2.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block2.dw_bn", x
        # block2.dw_relu: 56x56x64
        x = tf.nn.relu6(x)
        yield "block2.dw_relu", x
        # block2.pw: (56-1+2*0)/1+1 = 56 -> 56x56x128, 8,192 params
        x = tf.nn.conv2d(x, w["block2.pw"]["kernel"], strides=1, padding="VALID")
        yield "block2.pw", x
        # block2.pw_bn: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(x, w["block2.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block2.pw_bn", x
        # block2.pw_relu: 56x56x128
        x = tf.nn.relu6(x)
        yield "block2.pw_relu", x

        # block3: block separable filters=128 stride=1
        # block3.dw: ceil(56/1) = 56 -> 56x56x128, 1,152 params
        x = tf.nn.depthwise_conv2d(
            x, w["block3.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block3.dw", x
        # block3.dw_bn: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(x, w["block3.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block3.dw_bn", x
        # block3.dw_relu: 56x56x128
        x = tf.nn.relu6(x)
        yield "block3.dw_relu", x
        # block3.pw: (56-1+2*0)/1+1 = 56 -> 56x56x128, 16,384 params
        x = tf.nn.conv2d(x, w["block3.pw"]["kernel"], strides=1, padding="VALID")
        yield "block3.pw", x
        # block3.pw_bn: 4*128 -> 56x56x128, 512 params (256 trainable)
        x = batch_norm(x, w["block3.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block3.pw_bn", x
        # block3.pw_relu: 56x56x128
        x = tf.nn.relu6(x)
        yield "block3.pw_relu", x

        # block4: block separable filters=256 stride=2
        # block4.dw: (56-3+0+1)/2+1 = 28 -> 28x28x128, 1,152 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block4.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block4.dw", x
        # block4.dw_bn: 4*128 -> 28x28x128, 512 params (256 trainable)
        x = batch_norm(x, w["block4.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block4.dw_bn", x
        # block4.dw_relu: 28x28x128
        x = tf.nn.relu6(x)
        yield "block4.dw_relu", x
        # block4.pw: (28-1+2*0)/1+1 = 28 -> 28x28x256, 32,768 params
        x = tf.nn.conv2d(x, w["block4.pw"]["kernel"], strides=1, padding="VALID")
        yield "block4.pw", x
        # block4.pw_bn: 4*256 -> 28x28x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["block4.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block4.pw_bn", x
        # block4.pw_relu: 28x28x256
        x = tf.nn.relu6(x)
        yield "block4.pw_relu", x

        # block5: block separable filters=256 stride=1
        # block5.dw: ceil(28/1) = 28 -> 28x28x256, 2,304 params
        x = tf.nn.depthwise_conv2d(
            x, w["block5.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block5.dw", x
        # block5.dw_bn: 4*256 -> 28x28x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["block5.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block5.dw_bn", x
        # block5.dw_relu: 28x28x256
        x = tf.nn.relu6(x)
        yield "block5.dw_relu", x
        # block5.pw: (28-1+2*0)/1+1 = 28 -> 28x28x256, 65,536 params
        x = tf.nn.conv2d(x, w["block5.pw"]["kernel"], strides=1, padding="VALID")
        yield "block5.pw", x
        # block5.pw_bn: 4*256 -> 28x28x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["block5.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block5.pw_bn", x
        # block5.pw_relu: 28x28x256
        x = tf.nn.relu6(x)
        yield "block5.pw_relu", x

        # block6: block separable filters=512 stride=2
        # block6.dw: (28-3+0+1)/2+1 = 14 -> 14x14x256, 2,304 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block6.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block6.dw", x
        # block6.dw_bn: 4*256 -> 14x14x256, 1,024 params (512 trainable)
        x = batch_norm(x, w["block6.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block6.dw_bn", x
        # block6.dw_relu: 14x14x256
        x = tf.nn.relu6(x)
        yield "block6.dw_relu", x
        # block6.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 131,072 params
        x = tf.nn.conv2d(x, w["block6.pw"]["kernel"], strides=1, padding="VALID")
        yield "block6.pw", x
        # block6.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block6.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block6.pw_bn", x
        # block6.pw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block6.pw_relu", x

        # block7: block separable filters=512 stride=1
        # block7.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
        x = tf.nn.depthwise_conv2d(
            x, w["block7.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block7.dw", x
        # block7.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block7.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block7.dw_bn", x
        # block7.dw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block7.dw_relu", x
        # block7.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
        x = tf.nn.conv2d(x, w["block7.pw"]["kernel"], strides=1, padding="VALID")
        yield "block7.pw", x
        # block7.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block7.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block7.pw_bn", x
        # block7.pw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block7.pw_relu", x

        # block8: block separable filters=512 stride=1
        # block8.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
        x = tf.nn.depthwise_conv2d(
            x, w["block8.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block8.dw", x
        # block8.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block8.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block8.dw_bn", x
        # block8.dw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block8.dw_relu", x
        # block8.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
        x = tf.nn.conv2d(x, w["block8.pw"]["kernel"], strides=1, padding="VALID")
        yield "block8.pw", x
        # block8.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block8.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block8.pw_bn", x
        # block8.pw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block8.pw_relu", x

        # block9: block separable filters=512 stride=1
        # block9.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
        x = tf.nn.depthwise_conv2d(
            x, w["block9.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block9.dw", x
        # block9.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block9.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block9.dw_bn", x
        # block9.dw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block9.dw_relu", x
        # block9.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
        x = tf.nn.conv2d(x, w["block9.pw"]["kernel"], strides=1, padding="VALID")
        yield "block9.pw", x
        # block9.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block9.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block9.pw_bn", x
        # block9.pw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block9.pw_relu", x

        # block10: block separable filters=512 stride=1
        # block10.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
        x = tf.nn.depthwise_conv2d(
            x, w["block10.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block10.dw", x
        # block10.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block10.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block10.dw_bn", x
        # block10.dw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block10.dw_relu", x
        # block10.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
        x = tf.nn.conv2d(x, w["block10.pw"]["kernel"], strides=1, padding="VALID")
        yield "block10.pw", x
        # block10.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block10.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block10.pw_bn", x
        # block10.pw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block10.pw_relu", x

        # block11: block separable filters=512 stride=1
        # block11.dw: ceil(14/1) = 14 -> 14x14x512, 4,608 params
        x = tf.nn.depthwise_conv2d(
            x, w["block11.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block11.dw", x
        # block11.dw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block11.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block11.dw_bn", x
        # block11.dw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block11.dw_relu", x
        # block11.pw: (14-1+2*0)/1+1 = 14 -> 14x14x512, 262,144 params
        x = tf.nn.conv2d(x, w["block11.pw"]["kernel"], strides=1, padding="VALID")
        yield "block11.pw", x
        # block11.pw_bn: 4*512 -> 14x14x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block11.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block11.pw_bn", x
        # block11.pw_relu: 14x14x512
        x = tf.nn.relu6(x)
        yield "block11.pw_relu", x

        # block12: block separable filters=1024 stride=2
        # block12.dw: (14-3+0+1)/2+1 = 7 -> 7x7x512, 4,608 params
        x = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]])
        x = tf.nn.depthwise_conv2d(
            x, w["block12.dw"]["kernel"], strides=[1, 2, 2, 1], padding="VALID"
        )
        yield "block12.dw", x
        # block12.dw_bn: 4*512 -> 7x7x512, 2,048 params (1,024 trainable)
        x = batch_norm(x, w["block12.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block12.dw_bn", x
        # block12.dw_relu: 7x7x512
        x = tf.nn.relu6(x)
        yield "block12.dw_relu", x
        # block12.pw: (7-1+2*0)/1+1 = 7 -> 7x7x1024, 524,288 params
        x = tf.nn.conv2d(x, w["block12.pw"]["kernel"], strides=1, padding="VALID")
        yield "block12.pw", x
        # block12.pw_bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
        x = batch_norm(x, w["block12.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block12.pw_bn", x
        # block12.pw_relu: 7x7x1024
        x = tf.nn.relu6(x)
        yield "block12.pw_relu", x

        # block13: block separable filters=1024 stride=1
        # block13.dw: ceil(7/1) = 7 -> 7x7x1024, 9,216 params
        x = tf.nn.depthwise_conv2d(
            x, w["block13.dw"]["kernel"], strides=[1, 1, 1, 1], padding="SAME"
        )
        yield "block13.dw", x
        # block13.dw_bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
        x = batch_norm(x, w["block13.dw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block13.dw_bn", x
        # block13.dw_relu: 7x7x1024
        x = tf.nn.relu6(x)
        yield "block13.dw_relu", x
        # block13.pw: (7-1+2*0)/1+1 = 7 -> 7x7x1024, 1,048,576 params
        x = tf.nn.conv2d(x, w["block13.pw"]["kernel"], strides=1, padding="VALID")
        yield "block13.pw", x
        # block13.pw_bn: 4*1024 -> 7x7x1024, 4,096 params (2,048 trainable)
        x = batch_norm(x, w["block13.pw_bn"], momentum=0.99, epsilon=0.001, training=training)
        yield "block13.pw_bn", x
        # block13.pw_relu: 7x7x1024
        x = tf.nn.relu6(x)
        yield "block13.pw_relu", x

        # avg_pool: avg of 7x7 -> 1024
        x = tf.reduce_mean(x, axis=[1, 2])
        yield "avg_pool", x
        # dropout: 1024
        if training:
            x = tf.nn.dropout(x, rate=0.001)
        yield "dropout", x
        # conv_preds: 1024x1000 -> 1000, 1,025,000 params
        x = tf.matmul(x, w["conv_preds"]["kernel"])
        x = tf.nn.bias_add(x, w["conv_preds"]["bias"])
        yield "conv_preds", x

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
    parser.add_argument("--out", type=Path, default=Path("mobilenet-weights"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_image_folder(args.data)
    if y_train.max() >= OUTPUTS:
        raise SystemExit(f"labels go up to {y_train.max()}; the network has {OUTPUTS} outputs")
    x_train, y_train, x_val, y_val = split_validation(x_train, y_train, VALIDATION_SPLIT, args.seed)
    keras.utils.set_random_seed(args.seed)  # the same weights, shuffles and dropout every run
    model = Network()
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        args.learning_rate, decay_steps=steps_per_epoch, decay_rate=0.94, staircase=True
    )
    optimizer = keras.optimizers.RMSprop(schedule)
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
