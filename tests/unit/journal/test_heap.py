"""`journal.heap.keep_freed_memory`: glibc asked once to keep freed memory; nothing elsewhere."""

from __future__ import annotations

import ctypes
import platform
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from hipcli.journal import heap


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    heap.keep_freed_memory.cache_clear()
    yield
    heap.keep_freed_memory.cache_clear()


class FakeMallopt:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.argtypes: list[Any] = []

    def __call__(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


class FakeLibc:
    def __init__(self) -> None:
        self.mallopt = FakeMallopt()
        self.calls = self.mallopt.calls


def test_the_c_library_is_asked_once_to_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = FakeLibc()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    heap.keep_freed_memory()
    heap.keep_freed_memory()
    assert libc.calls == [(-2, 64 << 20), (-3, 32 << 20)]  # M_TOP_PAD, M_MMAP_THRESHOLD


def test_elsewhere_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = FakeLibc()
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    heap.keep_freed_memory()
    assert libc.calls == []


def test_a_c_library_without_the_knob_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_library(name: Any) -> Any:
        raise OSError("no such library")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", no_library)
    heap.keep_freed_memory()  # (no error)


FAULTS = """
import resource, sys
if sys.argv[1] == "keep":
    from hipcli.journal.heap import keep_freed_memory
    keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for step in range(40):  # each text a little larger than any freed before, as regions are
    text = b"x" * (2_000_000 + step * 8192)
    del text
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's allocator only",
)
def test_texts_freed_and_taken_again_are_not_faulted_in_anew() -> None:
    """In a real process: without the setting each larger text gets fresh pages (~21,000 page
    faults here), with it the freed ones are reused (~600)."""

    def faults(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, check=True
        )
        return int(done.stdout)

    assert faults("keep") * 5 < faults("plain")
