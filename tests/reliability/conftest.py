"""The reliability suite runs on one xdist worker, one test after another.

Its timing test measures a session on the real clock while CPU hogs of its own keep the cores
busy; its fuzzers, crash and concurrency harnesses fork processes of their own. With `-n auto`
and xdist's `--dist loadgroup` (the README's test command), the whole suite shares one group, so
the timing test never runs beside the fuzzers, only beside the other worker's ordinary tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put every test of tests/reliability/ in the xdist group "reliability"."""
    if not config.pluginmanager.hasplugin("xdist"):
        return  # without xdist the marker would be unknown, and everything runs in turn anyway
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.xdist_group("reliability"))
