"""The check-in: how do you feel (1–5), tags and notes; and the optional check-in before."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, TextArea

from hipcli.journal.checkin import parse_tags
from hipcli.journal.record import MOOD_WORDS
from hipcli.literal import visible
from hipcli.tui.widgets import LiteralStatic


async def settle(*widgets: Widget, timeout_s: float = 1.0) -> None:
    """Wait until each widget has handled the keys already sent to it.

    Textual hands a key to the focused widget's own queue and goes on to the next key at once,
    so Ctrl+S arriving in the same burst as the last words would read the notes before those
    words are in. A callback queued behind them runs once they are."""
    waits = []
    for widget in widgets:
        done = asyncio.Event()
        if widget.call_later(done.set):
            waits.append(done.wait())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*waits), timeout_s)


class NotesArea(TextArea):
    """The notes box: pasted text keeps its lines (as newlines, whatever the terminal sent), and
    control characters arrive as visible text.

    A paste could carry an escape sequence (a window-title or clipboard write); shown raw it would
    reach the terminal. It is inserted as `\x1b…` instead: what is seen is what is saved.
    """

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of TextArea's own paste, which inserts the raw text
        event.stop()
        if self.read_only:
            return
        # Terminals send a carriage return for each pasted line break (tmux, xterm, VTE, iTerm).
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        result = self.replace(visible(text, keep_newlines=True), *self.selection)
        self.move_cursor(result.end_location)


class TagsInput(Input):
    """The tags line: a paste keeps its first line, with control characters made visible."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        if event.text:
            line = visible(event.text.splitlines()[0] if event.text.splitlines() else "")
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)


class MoodChip(Static):
    """One of the five moods; clicking it chooses it. Narrow, it shows the number alone."""

    def __init__(self, mood: int) -> None:
        self._shown = f"{mood}  {MOOD_WORDS[mood]}"
        super().__init__(self._shown, markup=False, classes="mood-chip")
        self.mood = mood

    def show_words(self, words: bool) -> None:
        """Show "4  good", or just "4" when the row is too narrow for every word."""
        text = f"{self.mood}  {MOOD_WORDS[self.mood]}" if words else str(self.mood)
        if text != self._shown:  # each update would lay the row out again
            self._shown = text
            self.update(text)

    def on_click(self) -> None:
        self.post_message(MoodPicker.Chosen(self.mood))


class MoodPicker(Horizontal, can_focus=True):
    """A row of five moods: keys 1–5 or ←/→ choose one, and so does a click.

    The keys are handled by this widget itself, as it receives them, rather than by bindings:
    a binding is looked up when the key has travelled back up to the app, by which time focus
    may have moved on (`4` then Tab in one burst would lose the 4). In the notes area digits are
    just text.
    """

    STEPS: ClassVar[dict[str, int]] = {"left": -1, "right": 1}

    mood: reactive[int | None] = reactive(None)

    @dataclass
    class Chosen(Message):
        """A chip was clicked."""

        mood: int

    @dataclass
    class Changed(Message):
        """The mood changed (by a key or a click)."""

        mood: int | None

    def compose(self) -> ComposeResult:
        for mood in range(1, 6):
            yield MoodChip(mood)

    def on_resize(self) -> None:
        # Every word fits in one row from about 60 cells; below that, numbers alone line up.
        words = self.size.width >= 60
        for chip in self.query(MoodChip):
            chip.show_words(words)

    def on_mood_picker_chosen(self, message: MoodPicker.Chosen) -> None:
        message.stop()
        self.mood = message.mood
        self.focus()

    def on_key(self, event: events.Key) -> None:
        if event.key in ("1", "2", "3", "4", "5"):
            self.action_choose(int(event.key))
        elif event.key in self.STEPS:
            self.action_step(self.STEPS[event.key])
        else:
            return
        event.stop()
        event.prevent_default()

    def action_choose(self, mood: int) -> None:
        self.mood = mood

    def action_step(self, delta: int) -> None:
        self.mood = 3 if self.mood is None else min(5, max(1, self.mood + delta))

    def watch_mood(self, mood: int | None) -> None:
        for chip in self.query(MoodChip):
            chip.set_class(chip.mood == mood, "-chosen")
        self.post_message(self.Changed(mood))


@dataclass(frozen=True)
class CheckInAnswers:
    """What the check-in screen returns; `skipped` when the person pressed Escape."""

    mood: int | None
    tags: tuple[str, ...]
    notes: str
    skipped: bool = False


class CheckInScreen(Screen[CheckInAnswers]):
    """Asks how the person feels after the session, for tags and for notes."""

    CSS_PATH = "checkin.tcss"

    # Every key that moves focus or ends the check-in is a priority binding: the app handles it
    # in the order the keys came, before it hands the next key to whatever is focused then. (As
    # ordinary bindings they ran only after the key had gone round the focused widget, so keys
    # arriving in the same burst, from a paste tool or a fast typist, landed in the old field.)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "skip", "Skip questions", priority=True),
        Binding("ctrl+c", "skip", "Skip", show=False, priority=True),
        Binding("tab", "move(1)", "Next", show=False, priority=True),
        Binding("shift+tab", "move(-1)", "Back", show=False, priority=True),
        Binding("enter", "next_field", "Next", show=False, priority=True),
    ]
    FIELDS = ("#mood", "#tags", "#notes")

    def __init__(
        self,
        heading: str,
        detail: str,
        on_change: Callable[[CheckInAnswers], object] | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.detail = detail
        # Told of every change, so that what is typed is kept in the session's draft as it goes.
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin"):
            yield LiteralStatic(self.heading, id="checkin-heading")
            yield LiteralStatic(self.detail, id="checkin-detail")
            yield Static("How do you feel now?", classes="question")
            yield MoodPicker(id="mood")
            yield Static("Tags (optional, separated by commas)", classes="question")
            # select_on_focus off: Shift+Tab back to the tags and a typed letter must add to them,
            # not replace them all
            yield TagsInput(
                placeholder="e.g. release, calm", id="tags", max_length=400, select_on_focus=False
            )
            yield Static("Notes (optional)", classes="question")
            yield NotesArea(
                id="notes",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder="A few words, if you like",
            )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(MoodPicker).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter moves on from the mood and the tags; in the notes it is a new line.
        # (Asked while the screen is torn down, too: no queries here.)
        return action != "next_field" or not isinstance(self.focused, NotesArea)

    def action_next_field(self) -> None:
        self.action_move(1)

    def action_move(self, step: int) -> None:
        """Focus the next (or previous) field, at once: the keys after this one go there."""
        fields = [self.query_one(selector) for selector in self.FIELDS]
        focused = self.app.focused
        index = fields.index(focused) if focused in fields else -1
        # Screen.set_focus at once, not Widget.focus(), which waits for the app's next turn
        self.set_focus(fields[(index + step) % len(fields)])

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_mood_picker_changed(self, event: MoodPicker.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None and self.is_mounted:
            self.on_change(self.answers(skipped=False))

    def answers(self, *, skipped: bool) -> CheckInAnswers:
        """What has been entered so far."""
        return CheckInAnswers(
            mood=self.query_one(MoodPicker).mood,
            tags=parse_tags(self.query_one("#tags", Input).value),
            notes=self.query_one("#notes", TextArea).text.strip("\n"),
            skipped=skipped,
        )

    async def action_save(self) -> None:
        await settle(self.query_one(MoodPicker), self.query_one("#tags"), self.query_one("#notes"))
        self._answer_once(self.answers(skipped=False))

    async def action_skip(self) -> None:
        # Skipping saves the session all the same, with anything already typed: typed words
        # are never thrown away.
        await settle(self.query_one(MoodPicker), self.query_one("#tags"), self.query_one("#notes"))
        self._answer_once(self.answers(skipped=True))

    def _answer_once(self, answers: CheckInAnswers) -> None:
        if not self._answered:  # Ctrl+S and Escape in one burst: the first one counts
            self._answered = True
            self.dismiss(answers)

    _answered = False


class MoodBeforeScreen(Screen[int | None]):
    """The optional check-in before a session: one question, Enter to go on, Escape to skip."""

    CSS_PATH = "checkin.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Begin", priority=True),
        Binding("escape", "skip", "Skip", priority=True),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.routine_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin"):
            yield LiteralStatic(self.routine_title, id="checkin-heading")
            yield Static("Before you begin: how do you feel right now?", classes="question")
            yield MoodPicker(id="mood")
            yield Static("Press a number, then Enter to begin. Escape skips.", classes="hint")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(MoodPicker).focus()

    async def action_begin(self) -> None:
        await settle(self.query_one(MoodPicker))  # `4` and Enter in one burst: the 4 counts
        if not self._answered:
            self._answered = True
            self.dismiss(self.query_one(MoodPicker).mood)

    def action_skip(self) -> None:
        if not self._answered:
            self._answered = True
            self.dismiss(None)

    _answered = False
