"""`hipcli start --plain`: a whole session as plain lines, for screen readers, simple terminals
and scripts. No Textual here; the pure parts live in `hipcli.practice.plain`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hipcli.commands.plain.session import PlainSession, PlayerSounds
from hipcli.commands.plain.terminal import Terminal
from hipcli.journal.checkin import SaveResult
from hipcli.routine.model import Routine
from hipcli.sound import QUIET, CuePlayer, SoundSetup


def run_plain_session(
    routine: Routine,
    *,
    journal: Path,
    sound: SoundSetup = QUIET,
    ask_mood_before: bool = False,
    breath_words: bool = False,
    closing: Callable[[SaveResult], list[str]] | None = None,
) -> SaveResult | None:
    """Run `routine` on this process's standard input and output, as plain lines, sounding as
    `sound` says, and saying the `closing` lines after the saved one; the saved result, or None
    when the session never started."""
    with Terminal() as terminal:
        return PlainSession(
            routine,
            journal=journal,
            console=terminal,
            sounds=PlayerSounds(CuePlayer(sound)),
            breath_words=breath_words,
            ask_mood_before=ask_mood_before,
            closing=closing,
        ).run()


__all__ = ["PlainSession", "Terminal", "run_plain_session"]
