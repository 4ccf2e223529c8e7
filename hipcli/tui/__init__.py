"""The Textual interface: the session screen, the check-in, and the app that runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipcli.tui.app import SessionApp

if TYPE_CHECKING:
    from pathlib import Path

    from hipcli.journal.checkin import SaveResult
    from hipcli.routine.model import Routine
    from hipcli.sound import SoundSetup


def run_session(
    routine: Routine,
    *,
    journal: Path,
    sound: SoundSetup | None = None,
    theme: str = "dark",
    quiet: bool = False,
    ask_mood_before: bool = False,
) -> SaveResult | None:
    """Run `routine` full-screen; return where the session was saved (None if it never began)."""
    app = SessionApp(
        routine,
        journal=journal,
        quiet=quiet,
        sound=sound,
        theme=theme,
        ask_mood_before=ask_mood_before,
    )
    try:
        app.run()
    finally:
        # However the app ended — even by an error inside it — what was practised is recorded.
        result = app.finish()
    return result


__all__ = ["SessionApp", "run_session"]
