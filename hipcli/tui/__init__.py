"""The Textual interface: the session screen, the check-in, and the app that runs them; and the
journal browser (`hipcli.tui.browse`).

The session app is imported when it is first used, not with this package: the browser's first
screen should not wait for the session's screens, sounds and engine (~250 ms)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

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
    # Python's cyclic garbage collector makes full passes over every object while Textual and the
    # session's modules load (~20 ms before the first frame), and none of what they make is
    # garbage. It rests until the first frame is on screen; then what exists by then is frozen
    # (never scanned again) and collection goes on as usual.
    gc.disable()
    try:
        from hipcli.tui.app import SessionApp

        app = SessionApp(
            routine,
            journal=journal,
            quiet=quiet,
            sound=sound,
            theme=theme,
            ask_mood_before=ask_mood_before,
            on_started=_collect_again,
        )
        try:
            app.run()
        finally:
            # However the app ended — even by an error inside it — what was practised is recorded.
            result = app.finish()
    finally:
        gc.enable()
    return result


def _collect_again() -> None:
    gc.freeze()
    gc.enable()


def __getattr__(name: str) -> Any:
    """`hipcli.tui.SessionApp`, imported on first use."""
    if name == "SessionApp":
        from hipcli.tui.app import SessionApp

        return SessionApp
    raise AttributeError(name)


__all__ = ["SessionApp", "run_session"]
