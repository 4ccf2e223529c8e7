"""The session's footer: the keys that matter most, fewer on a narrow terminal."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Footer


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
