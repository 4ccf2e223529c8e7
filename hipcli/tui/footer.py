"""The session's footer: the keys that matter most, fewer on a narrow terminal."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

NARROW_BELOW = 60  # columns: below this the footer is compact


class SessionFooter(Footer):
    """The footer; below 60 columns (compact) it leaves out `b` and `+` (`?` lists them)."""

    NARROW_HIDES: ClassVar[frozenset[str]] = frozenset({"back", "extend"})

    def compose(self) -> ComposeResult:
        shown = 0
        for widget in super().compose():
            action = getattr(widget, "action", None)
            if self.compact and action in self.NARROW_HIDES:
                continue
            shown += 1
            yield widget
        self.styles.grid_size_columns = max(1, shown)

    def watch_compact(self, compact: bool) -> None:
        if self.is_mounted:
            self.refresh(recompose=True)


def add_footer(screen: Screen[None]) -> None:
    """Give the session screen its footer (after its first frame, which need not wait for it)."""
    compact = screen.size.width < NARROW_BELOW
    screen.mount(SessionFooter(show_command_palette=False, compact=compact))
    screen.call_after_refresh(screen.refresh_bindings)  # a late footer asks for them again
    screen.add_class("-footer")


def fit_footer(screen: Screen[None]) -> None:
    """Compact below NARROW_BELOW columns, full above."""
    for footer in screen.query(SessionFooter):
        footer.compact = screen.size.width < NARROW_BELOW
