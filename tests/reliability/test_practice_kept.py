"""A session killed during practice is never lost (issue 10, "nothing lost, ever").

Real `hipcli start` processes, full screen and `--plain`, each on its own pseudo-terminal: the
session is in a draft from the moment practice starts and kept up to date at each segment
boundary; after `kill -9` the next hipcli command (`hipcli log`) brings it in as one ended-early
record, and says so; SIGTERM and a normal end still give exactly one record and leave no draft;
two sessions at once each keep their own.
"""

from __future__ import annotations

import json
import re
import signal
import time
from pathlib import Path

import pytest

from hipcli.journal.draft import DraftContents, DraftError, read_draft
from tests.reliability.support import run_hipcli
from tests.reliability.terminal import (
    TerminalSession,
    drafts,
    home,
    journal_records,
    journal_text,
    terminal_session,
)

# Boundaries 1 s (Butterfly), 3 s (rest), 4 s (Pigeon, left side), then a long hold.
SIDES_ROUTINE = """\
title = "Sides"
lead_in = "1s"
rest = "1s"
switch = "1s"

[[steps]]
name = "Butterfly"
hold = 2

[[steps]]
name = "Pigeon"
hold = 600
sides = ["left", "right"]
"""
FACES = {"full screen": [], "plain": ["--plain"]}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = home(tmp_path)
    (tmp_path / "config" / "routines" / "sides.toml").write_text(SIDES_ROUTINE, encoding="utf-8")
    return environment


def draft_contents(env: dict[str, str]) -> list[DraftContents]:
    """What the drafts on disk hold (a draft being replaced this instant is read next time)."""
    found = []
    for path in drafts(env):
        try:
            found.append(read_draft(path))
        except DraftError:
            continue
    return found


def wait_for_pigeon_in_the_draft(term: TerminalSession, env: dict[str, str]) -> DraftContents:
    """Until the draft shows the session past its boundaries, on the long left side."""

    def on_the_left_side() -> bool:
        return any(
            c.practising and any(h.step == "Pigeon" for h in c.record.holds)
            for c in draft_contents(env)
        )

    term.wait_for(on_the_left_side, "the draft on the left side of Pigeon")
    (contents,) = draft_contents(env)
    return contents


def log_json(env: dict[str, str]) -> tuple[list[dict[str, object]], str]:
    """`hipcli log --all --format json`: the records and what it said on stderr."""
    result = run_hipcli("log", "--all", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr.decode()
    records: list[dict[str, object]] = json.loads(result.stdout)
    return records, result.stderr.decode()


@pytest.mark.parametrize("face", FACES)
def test_a_session_killed_during_practice_is_in_the_journal_once_as_ended_early(
    env: dict[str, str], face: str
) -> None:
    started = time.monotonic()
    with terminal_session(["start", "sides", *FACES[face]], env) as term:
        during = wait_for_pigeon_in_the_draft(term, env)
        term.kill(signal.SIGKILL)
        assert term.wait() == -signal.SIGKILL
    killed_after_s = time.monotonic() - started
    assert journal_text(env) == ""  # nothing appended by the killed process
    (record,), said = log_json(env)
    assert "was still in practice when hipcli stopped" in said
    assert re.search(r"as ended early after \d+ seconds of practice\.", said), said
    assert "Traceback" not in said
    assert record["id"] == during.record.id
    assert record["completed"] is False
    assert record["mood"] is None
    active = record["active_s"]
    assert isinstance(active, float)
    assert 4.0 <= active <= killed_after_s  # past the three boundaries; no more than the run
    assert drafts(env) == []
    assert journal_records(env) == [record]  # brought in once, never again
    assert journal_text(env).count("[[session]]") == 1


@pytest.mark.parametrize("face", FACES)
def test_sigterm_during_practice_still_gives_exactly_one_record(
    env: dict[str, str], face: str
) -> None:
    with terminal_session(["start", "sides", *FACES[face]], env) as term:
        during = wait_for_pigeon_in_the_draft(term, env)
        term.kill(signal.SIGTERM)
        assert term.wait() in (0, 1)
    assert drafts(env) == []  # appended by hipcli itself, not left for the next command
    (record,), said = log_json(env)
    assert "when hipcli stopped" not in said
    assert record["id"] == during.record.id
    assert record["completed"] is False
    assert journal_text(env).count("[[session]]") == 1


@pytest.mark.parametrize("face", FACES)
def test_a_session_that_ends_normally_gives_one_record_and_leaves_no_draft(
    env: dict[str, str], face: str
) -> None:
    with terminal_session(["start", "short", *FACES[face]], env) as term:
        term.wait_for(lambda: bool(draft_contents(env)), "the draft as practice starts")
        (during,) = draft_contents(env)
        if face == "plain":
            term.wait_for_text("How do you feel now?")
            term.send("4\r\r\r")  # the mood, no tags, no notes
        else:
            term.skip_to_check_in()
            term.send("4\x13")  # the mood, then Ctrl+S
        assert term.wait() == 0
    (record,) = journal_records(env)
    assert record["id"] == during.record.id
    assert (record["completed"], record["mood"]) == (True, 4)
    folder = Path(env["HIPCLI_DATA_DIR"]) / "recovery"
    assert list(folder.iterdir()) == []  # no draft, lock or temporary file left
    assert journal_text(env).count("[[session]]") == 1


def test_two_sessions_at_once_each_keep_their_own_draft(env: dict[str, str]) -> None:
    with (
        terminal_session(["start", "sides"], env) as first,
        terminal_session(["start", "sides", "--plain"], env) as second,
    ):

        def both_practising() -> bool:
            return len([c for c in draft_contents(env) if c.practising]) == 2

        first.wait_for(both_practising, "two drafts")
        ids = {c.record.id for c in draft_contents(env)}
        records, _ = log_json(env)  # another hipcli, meanwhile: both sessions are still going
        assert records == []
        assert {c.record.id for c in draft_contents(env)} == ids
        first.kill(signal.SIGKILL)
        first.wait()
        (killed,) = journal_records(env)  # only the stopped one is brought in
        (still,) = draft_contents(env)
        assert {killed["id"], still.record.id} == ids
        assert second.state() in "RS"  # the other session goes on
        second.kill(signal.SIGTERM)
        second.wait()
    records = journal_records(env)
    assert sorted(str(r["id"]) for r in records) == sorted(ids)
    assert drafts(env) == []
