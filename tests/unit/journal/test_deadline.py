"""A journal write that may not take long: it gives way to the recovery path after its deadline."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hipcli.journal.deadline import JournalTimeout, within
from hipcli.journal.record import JournalError


def test_a_write_in_time_gives_its_result() -> None:
    assert within(5, lambda: 42, Path("journal.toml")) == 42


def test_a_write_that_fails_in_time_raises_its_own_error() -> None:
    def fail() -> None:
        raise JournalError("the disk is full")

    with pytest.raises(JournalError, match="the disk is full"):
        within(5, fail, Path("journal.toml"))


def test_a_write_that_hangs_gives_way_and_may_still_finish_later() -> None:
    release, finished = threading.Event(), threading.Event()

    def stuck_on_a_network_drive() -> None:
        release.wait(30)
        finished.set()

    with pytest.raises(
        JournalTimeout, match=r"/nas/laptop.toml did not answer within 0.05 seconds"
    ):
        within(0.05, stuck_on_a_network_drive, Path("/nas/laptop.toml"))
    assert not finished.is_set()
    release.set()
    assert finished.wait(30)


def test_the_timeout_is_a_journal_error_so_every_caller_already_handles_it() -> None:
    assert issubclass(JournalTimeout, JournalError)
