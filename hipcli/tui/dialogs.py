"""The session's dialogs: end early, the keys, the whole cue.

The session screen imports this module when a dialog first opens, not before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

if TYPE_CHECKING:
    from rich.console import Group

KEYS = (
    ("space", "pause, and carry on"),
    ("n", "next: skip to the next segment"),
    ("b", "back: this segment again (early on, the one before)"),
    ("+", "15 more seconds for this hold or rest"),
    ("c", "the whole cue, where it does not fit on screen"),
    ("q", "end the session (asks first); what you practised is kept"),
    ("?", "these keys"),
)
CHECK_IN_KEYS = (
    ("1 – 5", "how you feel"),
    ("Tab", "on to tags, then notes"),
    ("Ctrl+S", "save the session and your answers"),
    ("Escape", "skip the questions; the session is still recorded"),
)
SCROLL_KEYS = frozenset({"up", "down", "pageup", "pagedown", "home", "end"})


def keys_table() -> Group:
    """The keys of a session and of the check-in, in two columns that wrap on narrow screens."""
    from rich.console import Group  # deferred: only the help needs Rich's tables
    from rich.table import Table
    from rich.text import Text

    parts: list[Text | Table] = []
    for heading, keys in (("During the session", KEYS), ("At the check-in", CHECK_IN_KEYS)):
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold", min_width=6)
        table.add_column()
        for key, meaning in keys:
            table.add_row(Text(key), Text(meaning))
        if parts:
            parts.append(Text(""))
        parts += [Text(heading, style="bold"), table]
    return Group(*parts)


class DialogFooter(Footer):
    """The keys of the dialog on top, in place of the session's (which do not work under it);
    compact below 60 columns, like the session's."""

    DEFAULT_CSS = """
    DialogFooter.-compact FooterLabel {
        margin: 0 1 0 0;
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)

    def on_resize(self) -> None:
        self.compact = self.size.width < 60


KEEP_GOING = Binding.Group("Keep going")


class ConfirmEndScreen(ModalScreen[bool]):
    """Asks before ending a session early; answers True to end.

    "Keep going" is focused, so Enter keeps going; `y` ends; Escape, space or `n` keeps going.
    The footer shows these keys while the dialog is open, and what Enter does on the button
    that has the focus.
    """

    CSS_PATH = "dialogs.tcss"

    # Not priority bindings: keys typed in one burst with `q` ("qy") are checked against the
    # bindings of the screen on top once the dialog is pushed, and only non-priority ones count.
    # Enter is the exception, and only so that the footer names it: a priority binding takes
    # the place of the focused button's own, and does what that button does.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "choose('keep')",
            "Keep going",
            key_display="enter",
            priority=True,
            group=KEEP_GOING,
        ),
        Binding("enter", "choose('end')", "End", key_display="enter", priority=True),
        Binding("escape,space,n", "answer(False)", "Keep going", group=KEEP_GOING),
        Binding("y", "answer(True)", "End"),
        Binding("left,right", "switch_button", show=False),
    ]
    AUTO_FOCUS = "#keep"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog end-dialog"):
            yield Static("End the session now?", classes="dialog-title")
            yield Static("What you have practised so far is kept.", classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep going", id="keep", variant="primary")
                yield Button("End (y)", id="end", variant="default")
        yield DialogFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is offered as what the focused button does."""
        if action == "choose":
            focused = self.focused
            return focused is not None and focused.id == parameters[0]
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # Enter now presses the other button: the footer says so

    def action_choose(self, button: str) -> None:
        self.action_answer(button == "end")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "end")

    def action_answer(self, end: bool) -> None:
        # Once: `y` `y` in one burst would dismiss twice, and a second dismiss pops the screen
        # below (the session), then raises ScreenStackError.
        if not self.answered:
            self.answered = True
            self.dismiss(end)

    answered = False

    def action_switch_button(self) -> None:
        self.focus_next(Button)


class _ReadingScreen(ModalScreen[None]):
    """A box of text to read: arrows and page keys scroll it, any other key closes it."""

    CSS_PATH = "dialogs.tcss"

    # Shown in the footer (on a short terminal the box has no room for its hint); `on_key`
    # closes on any key, this one included.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", key_display="any key"),
    ]

    def __init__(self, title: str, body: Group | str, *, classes: str) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._box_classes = classes

    def compose(self) -> ComposeResult:
        with Vertical(classes=f"dialog {self._box_classes}"):
            yield Static(Content(self._title), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                body = Content(self._body) if isinstance(self._body, str) else self._body
                yield Static(body, classes="dialog-body")
            yield Static("Any key closes this.", classes="dialog-hint")
        yield DialogFooter()

    def on_key(self, event: events.Key) -> None:
        if event.key in SCROLL_KEYS:
            return  # the scroll area moves
        event.stop()  # a key that closes this does nothing else
        self.close_once()

    def on_click(self) -> None:
        self.close_once()

    def action_close(self) -> None:
        self.close_once()

    def close_once(self) -> None:
        """Close, once: several keys in one read must not pop several screens (the second
        dismiss would pop the session below, the third raise ScreenStackError)."""
        if not self.answered:
            self.answered = True
            self.dismiss(None)

    answered = False


class HelpScreen(_ReadingScreen):
    """The keys of the session screen and the check-in."""

    def __init__(self) -> None:
        super().__init__("Keys", keys_table(), classes="help")


class CueScreen(_ReadingScreen):
    """The whole cue of the current step, for when the screen cannot show all of it."""

    def __init__(self, pose: str, cue: str) -> None:
        super().__init__(
            pose, " ".join(cue.split()) or "This step has no cue.", classes="whole-cue"
        )
