"""A clock that stands still until a test moves it: the engine's and the TUI's tests share it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# The wall-clock moment the fake monotonic time 1000.0 stands for (see FakeClock.datetime).
START = datetime(2026, 11, 21, 7, 30, 0, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    """A monotonic clock moved by hand; `datetime()` gives the wall time that goes with it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def datetime(self) -> datetime:
        return START + timedelta(seconds=self.now - 1000.0)
