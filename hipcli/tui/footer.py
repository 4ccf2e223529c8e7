"""The session's footer: the keys that matter most, fewer on a narrow terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Footer


class SessionFooter(Footer):
    """The footer, with the keys that matter most first; `b` and `+` leave it when narrow."""

    narrow: reactive[bool] = reactive(False, recompose=True)
    NARROW_HIDES = frozenset({"back", "extend"})

    def compose(self) -> ComposeResult:
        shown = 0
        for widget in super().compose():
            action = getattr(widget, "action", None)
            if self.narrow and action in self.NARROW_HIDES:
                continue
            shown += 1
            yield widget
        self.styles.grid_size_columns = max(1, shown)

    def watch_compact(self, compact: bool) -> None:
        self.narrow = compact
