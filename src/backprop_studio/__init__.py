"""Backprop Studio: draw a computation graph and watch back-propagation happen on it."""

__version__ = "0.1.0"
APP_ID = "io.github.backprop_studio.BackpropStudio"
APP_NAME = "Backprop Studio"
ORG_NAME = "Backprop Studio"
