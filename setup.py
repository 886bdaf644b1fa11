"""For `scrapyd-deploy`, which builds the project's egg with `python setup.py bdist_egg`.

Everything (metadata, package data, the `scrapy` entry point) is in pyproject.toml.
"""

from setuptools import setup

setup()
