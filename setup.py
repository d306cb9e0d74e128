"""Package list for setuptools: everything under src/ plus the top-level resources/ folder.

pyproject.toml holds the metadata; this file only exists because a find-based package list
cannot also map resources/ (outside src/) to ``backprop_studio.resources``.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages("src"), "backprop_studio.resources"])
