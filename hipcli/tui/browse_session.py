"""One session in full, as the browser shows it: in the notes pane beside the list, and on a
screen of its own (Enter). Text from the journal is shown literally: Rich `Text`, never markup,
control characters made visible."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from hipcli.journal.record import SessionRecord
from hipcli.literal import visible
from hipcli.review.words import length_text, mood_word, when_text


def session_text(record: SessionRecord, machine: str | None = None) -> Text:
    """A session in full, for the notes pane: when, what (and on which machine, when the
    journal folder has more than one), moods, tags and notes, literally."""
    text = Text()
    text.append(when_text(record.started_at), style="bold")
    text.append("\n")
    text.append(visible(record.title or record.routine), style="bold")
    status = "completed" if record.completed else "ended early"
    where = f" · on {visible(machine)}" if machine else ""
    text.append(f"\n{length_text(record.active_s)} · {status}{where}", style="dim")
    moods = [
        f"{label}: {mood_word(mood)}"
        for label, mood in (("before", record.mood_before), ("after", record.mood))
        if mood is not None
    ]
    if moods:
        text.append("\nmood " + ", ".join(moods))
    if record.tags:
        text.append("\n" + " ".join("#" + visible(tag) for tag in record.tags), style="italic")
    if record.notes.strip():
        text.append("\n\n" + visible(record.notes.strip(), keep_newlines=True).replace("\t", " "))
    return text


class SessionScreen(ModalScreen[None]):
    """One session on a screen of its own (Enter in the list)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Back", priority=True),
    ]

    def __init__(self, record: SessionRecord, machine: str | None = None) -> None:
        super().__init__()
        self.record = record
        self.machine = machine

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="session-whole"):
            yield Static(session_text(self.record, self.machine), id="session-text")
        yield Footer()
