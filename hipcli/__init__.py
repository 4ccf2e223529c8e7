"""hipcli: a calm terminal session timer and journal for hip-opening and breathing practice."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version comes from the package metadata (one source of truth, pyproject.toml), read on
    # first use: importing importlib.metadata costs ~50 ms that `hipcli --help` should not pay.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("hipcli")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'hipcli' has no attribute {name!r}")


__all__ = ["__version__"]
