"""`hipcli log --browse`: months of practice on one screen. The calendar on top, the sessions in
a list, the selected session's tags and notes in full beside or below it; `/` filters by text,
routine or tag; arrows and Enter move and open; the calendar and the list follow each other;
`q` quits.

It opens at once however long the journal is: the first screen shows the sessions saved last
(read from the end of the journal, as `hipcli log` does), and the rest is read in a thread and
added when it is there. Text from the journal is shown literally (Rich `Text`, never markup,
control characters made visible). Below 20 lines the calendar and the notes make way for the
list; Enter then opens a session on a screen of its own.
"""

from __future__ import annotations

import asyncio
import gc
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from hipcli.journal.location import JournalLocation
from hipcli.journal.record import JournalError, SessionRecord
from hipcli.literal import visible
from hipcli.review.select import Filters, LogRequest, Recent, newest_first, recent
from hipcli.review.stats import DayTotals, StatsBuilder
from hipcli.review.words import count, time_words
from hipcli.tui.browse_list import SessionList
from hipcli.tui.browse_session import SessionScreen, session_text
from hipcli.tui.calendar import Calendar

FIRST_SCREEN = 12  # at least this many sessions, and a screenful, come before the first frame
FIRST_SCREEN_MOST = 800  # ... and those of the last 30 days, up to this many
RECENT_DAYS = 30  # the summary's "of the last 30 days"


@dataclass(frozen=True)
class Loaded:
    """Every session of the journal, newest first, how many damaged records were met, and (in
    a journal folder) the machine each session came from, by id."""

    records: list[SessionRecord]
    problems: int
    devices: dict[str, str]


def read_everything(journal: JournalLocation | Path) -> Loaded:
    """The whole journal, newest first (run in a thread)."""
    problems: list[object] = []
    devices: dict[str, str] = {}
    records = list(newest_first(LogRequest(journal), Filters(), problems.append, devices))
    return Loaded(records, len(problems), devices)


def matches(record: SessionRecord, needle: str) -> bool:
    """Whether the filter text is in the session's routine, title, tags or notes (any case);
    `#word` looks in the tags only."""
    if not needle:
        return True
    if needle.startswith("#") and len(needle) > 1:
        return any(needle[1:] in tag.casefold() for tag in record.tags)
    return (
        needle in record.routine.casefold()
        or needle in record.title.casefold()
        or needle in record.notes.casefold()
        or any(needle in tag.casefold() for tag in record.tags)
    )


class BrowserApp(App[int]):
    """The journal browser. Exits with 0 (or 1 when the journal can't be read)."""

    CSS_PATH = "browse.tcss"
    TITLE = "hipcli journal"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - Textual's API
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("enter", "open", "Open"),
        # priority: the field takes the keys typed just after `/` (see action_filter)
        Binding("slash", "filter", "Filter", priority=True),
        Binding("tab", "switch", "Calendar", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        journal: JournalLocation | Path,
        *,
        today: date | None = None,
        filter_text: str = "",
        load_rest: bool = True,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.today = today or date.today()
        self.filter_text = filter_text.casefold()
        self.load_rest = load_rest
        self.records: list[SessionRecord] = []
        self.devices: dict[str, str] = {}  # id -> machine, in a journal folder
        self.shown: list[SessionRecord] = []
        self.complete = False
        self.problems = 0
        self.unreadable = False  # the journal could not be read at all: exit 1
        # called once the first frame is drawn (run_browser: garbage collection starts again)
        self.after_first_frame: Callable[[], None] | None = None
        # set once every session is in the list (at once for a short journal)
        self.whole_journal_shown = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield Calendar(self.today, glyphs=self.no_color, id="calendar")
        with Horizontal(id="body"):
            yield SessionList(symbols=not self.no_color, id="sessions")
            with VerticalScroll(id="notes-pane"):
                yield Static(id="notes")
        # the footer's keys join after the first frame (each key is a widget to style and
        # draw): its line is kept for it meanwhile, so nothing moves when it comes
        yield Static(id="footer-space")

    def get_default_screen(self) -> Screen[None]:
        """The browser's screen, made with the classes of the window's size: Textual adds the
        breakpoints' classes on the screen's first resize, after the first frame was drawn
        without them (a 100-column window showed the narrow layout first)."""
        classes = []
        for size, breakpoints in (
            (self.size.width, self.HORIZONTAL_BREAKPOINTS),
            (self.size.height, self.VERTICAL_BREAKPOINTS),
        ):
            classes += [name for least, name in breakpoints or () if size >= least][-1:]
        return Screen(id="_default", classes=" ".join(classes))

    def on_mount(self) -> None:
        problems: list[object] = []
        try:
            first = self._read_first_screen(problems)
        except JournalError as error:
            self.query_one("#notes", Static).update(Text(visible(str(error))))
            self.unreadable = True
            self.whole_journal_shown.set()
            return
        self.records = first.records
        self.devices = first.devices
        self.complete = not first.more
        self.problems = len(problems)
        self._show()
        self.query_one(SessionList).focus()
        if self.complete:
            self.whole_journal_shown.set()
        elif self.load_rest:
            self.query_one(Calendar).note = "Reading the rest of your journal…"

    def _read_first_screen(self, problems: list[object]) -> Recent:
        """The newest sessions, for the first frame: a screenful, and at least those of the
        last 30 days (so the summary's "of the last 30 days" is true from the start), up to
        FIRST_SCREEN_MOST."""
        limit = max(FIRST_SCREEN, self.size.height)
        month_ago = self.today - timedelta(days=RECENT_DAYS)
        while True:
            found: list[object] = []
            first = recent(LogRequest(self.journal), Filters(), limit, found.append)
            oldest = first.records[-1].started_at.date() if first.records else month_ago
            if not first.more or oldest <= month_ago or limit >= FIRST_SCREEN_MOST:
                problems += found
                return first
            # more, by the pace of the sessions read, for the days not covered yet
            newest = first.records[0].started_at.date()
            pace = len(first.records) / max(1, (newest - oldest).days)
            more = math.ceil(pace * 1.25 * (oldest - month_ago).days) + FIRST_SCREEN
            limit = min(FIRST_SCREEN_MOST, limit + more)

    def on_ready(self) -> None:
        """After the first frame: the footer, and the rest of the journal read in a thread
        (started sooner, it would hold the interpreter while the first frame is drawn)."""
        if self.after_first_frame is not None:
            self.after_first_frame()
        self.query_one("#footer-space").remove()
        self.mount(Footer())
        if self._filter_field() is None:
            self.mount(self._new_filter_field())
        if self.load_rest and not self.complete and not self.unreadable:
            self.run_worker(self._read_rest, thread=True, exclusive=True)

    def _read_rest(self) -> None:
        try:
            loaded = read_everything(self.journal)
        except JournalError as error:  # moved or made unreadable since the first screen
            self.call_from_thread(self._rest_unreadable, str(error))
            return
        self.call_from_thread(self._rest_read, loaded)

    def _rest_read(self, loaded: Loaded) -> None:
        self.records, self.problems, self.complete = loaded.records, loaded.problems, True
        self.devices = loaded.devices
        self.query_one(Calendar).note = ""
        self._show(keep=self._current())
        self.whole_journal_shown.set()

    def _rest_unreadable(self, problem: str) -> None:
        words = f"The rest of the journal could not be read: {visible(problem)}"
        self.query_one(Calendar).note = words
        self.whole_journal_shown.set()

    def _current(self) -> SessionRecord | None:
        listing = self.query_one(SessionList)
        if not self.shown or listing.cursor_row >= len(self.shown):
            return None
        return self.shown[listing.cursor_row]

    def _show(self, keep: SessionRecord | None = None) -> None:
        """Fill the list and the calendar with the sessions the filter lets through."""
        self.shown = [r for r in self.records if matches(r, self.filter_text)]
        builder = StatsBuilder()
        for record in self.shown:
            builder.add(record)
        calendar = self.query_one(Calendar)
        calendar.show(builder.days)
        self.query_one("#summary", Static).update(Text(self.describe_totals(builder.days)))
        # the same session, read again with the rest of the journal, is a new record: by id
        wanted = keep.id if keep is not None else None
        index = next((i for i, r in enumerate(self.shown) if r.id == wanted), 0)
        self.query_one(SessionList).show(self.shown, index)
        self._describe(self.shown[index] if self.shown else None)

    def _describe(self, record: SessionRecord | None) -> None:
        notes = self.query_one("#notes", Static)
        if record is None:
            notes.update(Text(self._empty_words()))
            return
        notes.update(session_text(record, self.machine_of(record)))
        self.query_one(Calendar).selected = record.started_at.date()

    def machine_of(self, record: SessionRecord) -> str | None:
        """The machine the session came from, when the journal has more than one to tell."""
        if len(set(self.devices.values())) < 2:
            return None
        return self.devices.get(record.id)

    def _empty_words(self) -> str:
        if self.filter_text:
            return f"No sessions match {visible(self.filter_text)!r}. Escape clears the filter."
        if self.problems:
            return "No readable sessions in the journal (`hipcli log` lists what is wrong)."
        return "No sessions yet. `hipcli start pigeon` begins one."

    def on_session_list_highlighted(self, event: SessionList.Highlighted) -> None:
        """The list moved: the notes and the calendar follow."""
        if 0 <= event.index < len(self.shown):
            self._describe(self.shown[event.index])

    def on_session_list_selected(self, event: SessionList.Selected) -> None:
        """A click on the selected session opens it whole."""
        if 0 <= event.index < len(self.shown):
            record = self.shown[event.index]
            self.push_screen(SessionScreen(record, self.machine_of(record)))

    def on_calendar_day_selected(self, event: Calendar.DaySelected) -> None:
        """The calendar moved: the list goes to that day's newest session (or the nearest
        session before it)."""
        for index, record in enumerate(self.shown):
            if record.started_at.date() <= event.day:
                self.query_one(SessionList).move_cursor(index)
                if record.started_at.date() == event.day:
                    self._describe(record)
                self.query_one(Calendar).selected = event.day
                return

    def action_open(self) -> None:
        """Enter (in the calendar too): open the selected session on a screen of its own."""
        current = self._current()
        if current is not None:
            self.push_screen(SessionScreen(current, self.machine_of(current)))

    def _filter_field(self) -> Input | None:
        """The filter's field, hidden until `/` (made just after the first frame)."""
        return next(self.query("#filter").results(Input), None)

    def _new_filter_field(self) -> Input:
        field = Input(self.filter_text, placeholder="filter: words, a routine, or #tag")
        field.id = "filter"
        field.display = False
        return field

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` is typed as text once the cursor is in the filter, or on a session's screen."""
        if action == "filter":
            in_field = self.screen.focused is not None and self.screen.focused.id == "filter"
            return not in_field and not isinstance(self.screen, SessionScreen)
        return True

    def action_filter(self) -> None:
        """Show the filter and put the cursor in it."""
        field = self._filter_field()
        if field is None:  # `/` before the first frame was drawn
            field = self._new_filter_field()
            self.mount(field)
        field.display = True
        if field.is_mounted:
            # at once, not after the keys already waiting: "/grief" typed in one go (or
            # pasted) goes into the field whole
            self.screen.set_focus(field)
        else:
            field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the person types."""
        self.filter_text = event.value.strip().casefold()
        self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter: back to the list, the filter kept."""
        self.query_one(SessionList).focus()
        if not event.value.strip():
            event.input.display = False

    def action_clear_filter(self) -> None:
        """Escape: clear the filter and hide it."""
        field = self._filter_field()
        if (field is not None and field.display) or self.filter_text:
            if field is not None:
                field.value = ""
                field.display = False
            self.filter_text = ""
            self._show(keep=self._current())
            self.query_one(SessionList).focus()

    def action_switch(self) -> None:
        """Tab: between the calendar and the list."""
        calendar = self.query_one(Calendar)
        if calendar.has_focus or not calendar.display:
            self.query_one(SessionList).focus()
        else:
            calendar.focus()

    def describe_totals(self, totals: dict[date, DayTotals]) -> str:
        """ "18 of the last 30 days" for the sessions shown."""
        recent_days = [d for d in totals if 0 <= (self.today - d).days < RECENT_DAYS]
        minutes = sum(totals[d].minutes for d in recent_days)
        words = (
            f"Practice on {len(recent_days)} of the last {RECENT_DAYS} days, {time_words(minutes)}"
        )
        shown = count(len(self.shown), "session")
        more = "" if self.complete else " so far"
        return f"{words} · {shown}{more}" + (
            f" matching {self.filter_text!r}" if self.filter_text else ""
        )


def run_browser(journal: JournalLocation | Path, *, filter_text: str = "") -> int:
    """Run the browser full-screen; the exit code (1 when the journal could not be read).

    Garbage collection, when the caller paused it for a quicker first frame, starts again
    once that frame is drawn, with what is loaded by then (Textual, the first sessions: it
    lives as long as the browser) frozen, never scanned again."""
    app = BrowserApp(journal, filter_text=filter_text)
    if not gc.isenabled():
        app.after_first_frame = _resume_collection
    try:
        app.run()
    finally:
        gc.enable()
    return 1 if app.unreadable else 0


def _resume_collection() -> None:
    gc.freeze()
    gc.enable()
