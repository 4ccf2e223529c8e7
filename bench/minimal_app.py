"""The reference for `bench/session.py`: the smallest Textual app, one Static, nothing else.

Its first frame is the floor for any Textual app launched the same way (same Python, same
terminal), so hipcli's first frame is judged against it. Ctrl+Q quits (Textual's default).
"""

from __future__ import annotations

# The reference app must be a Textual app; the ban on Textual is for hipcli's core.
from textual.app import App, ComposeResult  # noqa: TID251
from textual.widgets import Static  # noqa: TID251

TEXT = "minimal textual app ready"


class MinimalApp(App[None]):
    """One Static in the middle of the screen."""

    def compose(self) -> ComposeResult:
        yield Static(TEXT)


if __name__ == "__main__":
    MinimalApp().run()
