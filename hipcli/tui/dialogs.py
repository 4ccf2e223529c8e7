"""Small modal dialogs: confirm ending early, and the list of keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

HELP_TEXT = """\
space   pause or carry on
n       next segment
b       back: restart this segment (or go to the one before, in its first seconds)
+       15 more seconds for this hold (or rest)
q       end the session (asks first); what you practised is kept
?       this help

At the end you can note how you feel (1–5), add tags and a few words.
Ctrl+S saves; Escape saves the session without answering the rest.

Press any key to close."""


class ConfirmEndScreen(ModalScreen[bool]):
    """Asks before ending a session early; answers True to end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "End", priority=True),
        Binding("escape,n", "answer(False)", "Keep going", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("End the session now?", classes="dialog-title")
            yield Static("What you have practised so far is kept.", classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep going  (esc)", id="keep", variant="default")
                yield Button("End  (y)", id="end", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "end")

    def action_answer(self, end: bool) -> None:
        self.dismiss(end)


class HelpScreen(ModalScreen[None]):
    """The keys of the session screen; any key or a click closes it."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(HELP_TEXT, markup=False, classes="dialog-body")

    def on_key(self) -> None:
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)
