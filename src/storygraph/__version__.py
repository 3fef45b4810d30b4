"""The installed distribution's version (``0.0.0`` in a source tree never installed)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("storygraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
