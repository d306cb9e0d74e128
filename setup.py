"""Package list for setuptools: everything under src/ plus the top-level resources/ folder.

pyproject.toml holds the metadata; this file only exists because a find-based package list
cannot also map resources/ (outside src/) to ``backprop_studio.resources``. Every folder of
resources/ (examples, icons, desktop, ...) is listed as a data package of its own, so
setuptools ships it without warning that it is "not in the packages configuration".
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = "backprop_studio.resources"

setup(
    packages=[
        *find_packages("src"),
        RESOURCES,
        *(f"{RESOURCES}.{name}" for name in find_namespace_packages("resources")),
    ]
)
