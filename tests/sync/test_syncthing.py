"""The end-to-end check with Syncthing itself (slow: `python -m pytest -m slow tests/sync`, or
`python bench/sync.py` for the figures). Two instances on 127.0.0.1 with their own homes share
the journal folder while two machines, each with its own hipcli settings, save sessions; after
they settle, `hipcli log --all --format json` on each side lists the same sessions, each once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.syncthing import run_sync_check, syncthing_path

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        syncthing_path() is None, reason="syncthing is not installed (apt-get install -y syncthing)"
    ),
]


def test_two_syncthing_instances_settle_on_the_same_sessions_each_once(tmp_path: Path) -> None:
    report = run_sync_check(tmp_path, sessions=200, twin_sessions=8)
    assert report.failures == []
    assert report.sessions == 2 * 200 + 2 * 8
    assert report.reads_during_sync >= 1
    # the machines named alike wrote one file from both sides: Syncthing kept the versions it
    # could not merge as conflict copies, and hipcli read them as part of the journal
    assert report.conflict_copies
