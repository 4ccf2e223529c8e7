"""`hipcli log --oneline`: one line per session in aligned columns, written as they come.

The columns take the widest layout that fits the width (40-200 cells): on a narrow terminal
the date, status and mood get shorter forms and the notes column goes last, so no row ever
wraps. With colour (a terminal), moods are dots (●●●●○); to a pipe they are words (4/5 good).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from hipcli.journal.record import MOOD_WORDS, SessionRecord
from hipcli.literal import visible
from hipcli.review.layout import Paint, fit, measure, single_cells, wrap
from hipcli.review.words import date_text, date_time_text, length_text, when_compact

# a run of whitespace that isn't one space already (a lone space stays as it is: most notes
# are matched only at their line breaks)
_WHITESPACE = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")
NOTES_MIN = 12
MACHINE_MAX = 16  # a longer machine name is cut short (while the names stay distinct)
ROUTINE_LEAST = 6  # the routine column beside a Machine column, at least
WRITE_EVERY = 256  # rows held before they are written (all at once: one call, not 256)


def mood_text(mood: int | None, *, symbols: bool, short: bool = False) -> str:
    """A mood as dots and a word ("●●●●○ good"), plainly ("4/5 good"), or short ("●●●●○", "4/5")."""
    if mood is None:
        return "—" if symbols else "-"
    if symbols:
        dots = "●" * mood + "○" * (5 - mood)
        return dots if short else f"{dots} {MOOD_WORDS[mood]}"
    return f"{mood}/5" if short else f"{mood}/5 {MOOD_WORDS[mood]}"


def notes_preview(record: SessionRecord) -> str:
    """Tags and notes on one line, control characters made visible."""
    return preview(" ".join("#" + tag for tag in record.tags), record.notes)


def preview(tags: str, notes: str) -> str:
    """Tags ("#calm #hips") and notes on one line, control characters made visible."""
    return visible(_WHITESPACE.sub(" ", f"{tags} {notes}").strip())


def preview_cell(tags: str, notes: str, size: int) -> str:
    """`preview` cut to `size` cells: `fit(preview(tags, notes), size)`, made quickly for
    printable tags (`#calm #hips`, or nothing) and notes whose lines are printable with single
    spaces and no space at either end (most notes: only their line breaks become spaces, and
    `visible` leaves them as they are), and only as far as it shows."""
    if len(notes) > size + 2:  # what shows is all that need be looked at (see below)
        cell = _preview_cut(tags, notes[: size + 2], size)
        if cell is not None:
            return cell
    flat = notes.replace("\n", " ")  # (a blank line, a space at either end of a line: two)
    if (
        not flat.isprintable()
        or "  " in flat
        or flat[:1] in ("", " ")
        or flat[-1] == " "
        or (tags and (not tags.isprintable() or "  " in tags or tags[-1] == " "))
    ):
        return fit(preview(tags, notes), size)
    return fit(f"{tags} {flat}" if tags else flat, size)


def _preview_cut(tags: str, head: str, size: int) -> str | None:
    """The cell of notes that begin with `head` and go on, when `head` alone decides it: its
    lines printable with single spaces, the preview longer than the cell, every character of
    the cell and the one after it a cell wide. (What follows `head` may change the preview
    only after it: a run of white space becomes one space, or is cut off at the end.)"""
    flat = head.replace("\n", " ")
    if (
        not flat.isprintable()
        or "  " in flat
        or flat[0] == " "
        or (tags and (not tags.isprintable() or "  " in tags or tags[-1] == " "))
    ):
        return None
    text = f"{tags} {flat}" if tags else flat
    shown = text[: size + 1]
    if len(text) < size + 2 or not single_cells(shown):
        return None
    return shown[: size - 1] + "…"


@dataclass(frozen=True)
class Layout:
    """One way of laying out the columns."""

    when: Callable[[datetime], str]
    when_width: int
    routine_max: int
    status: tuple[str, str]  # completed, ended early
    short_mood: bool
    gap: int


def _date_only(moment: datetime) -> str:
    return date_text(moment)


def _date_time(moment: datetime) -> str:
    return date_time_text(moment)


LAYOUTS = (
    Layout(when_compact, 20, 28, ("completed", "ended early"), False, 2),
    Layout(_date_time, 16, 20, ("done", "early"), True, 2),
    Layout(_date_only, 10, 16, ("done", "early"), True, 1),
)


@dataclass(frozen=True)
class Columns:
    """The widths chosen for a table."""

    layout: Layout
    routine: int
    status: int
    mood: int
    notes: int  # 0: no notes column
    machine: int = 0  # 0: no machine column


def machine_widths(names: Sequence[str]) -> tuple[int, int]:
    """The Machine column's width at most and at least: at most the longest name (up to
    `MACHINE_MAX`), at least the header, and never so narrow that two names cut short look the
    same."""
    longest = max((measure(name) for name in names), default=0)
    least = len("Machine")
    while least < longest and len({fit(name, least) for name in names}) < len(names):
        least += 1
    return max(least, min(longest, MACHINE_MAX)), least


def _fixed(layout: Layout, symbols: bool) -> tuple[int, int]:
    """The status and mood widths of a layout."""
    status = max(len("Status"), *(len(word) for word in layout.status))
    mood = max(
        4, *(measure(mood_text(m, symbols=symbols, short=layout.short_mood)) for m in (1, 5))
    )
    return status, mood


def choose_columns(
    titles: Sequence[str], width: int, *, symbols: bool, machines: Sequence[str] = ()
) -> Columns:
    """The widest layout that fits `width`, with room for the notes where there is any, and
    for a Machine column when `machines` names several: each row fits `width`, so below
    some width the Machine column is left out (`machine` 0) rather than a row wrapped."""
    longest = max([measure(title) for title in titles] + [7])
    most, least = machine_widths(machines) if len(machines) > 1 else (0, 0)
    for machine in dict.fromkeys((most, least)):  # the whole names first, then cut short
        for layout in LAYOUTS:
            status, mood = _fixed(layout, symbols)
            routine = min(longest, layout.routine_max)
            fixed = layout.when_width + routine + 7 + status + mood + 5 * layout.gap
            notes = width - fixed - (machine + layout.gap if machine else 0)
            if notes >= NOTES_MIN:
                return Columns(layout, routine, status, mood, notes, machine)
    layout = LAYOUTS[-1]  # no room for the notes: the routine takes what is left
    status, mood = _fixed(layout, symbols)
    rest = width - (layout.when_width + 7 + status + mood + 4 * layout.gap)
    if least and rest - layout.gap >= ROUTINE_LEAST + least:
        rest -= layout.gap
        routine = max(ROUTINE_LEAST, min(longest, rest - least))  # titles before names
        return Columns(layout, routine, status, mood, 0, min(most, rest - routine))
    return Columns(layout, max(4, min(longest, rest)), status, mood, 0)


def machines_left_out(names: Sequence[str], width: int) -> str:
    """The sentence under a table too narrow for its Machine column (`names` made visible)."""
    listed = ", ".join(names)
    return (
        f"These sessions come from {len(names)} machines ({listed}). A wider window shows "
        "which came from where; `--device NAME` shows one machine's."
    )


class Table:
    """A table's layout, chosen once: its header, each session's row, the line under it."""

    def __init__(
        self,
        *,
        paint: Paint,
        symbols: bool,
        width: int,
        titles_hint: Sequence[str] = (),
        machines: Mapping[str, str] | None = None,
        machine_names: Sequence[str] = (),
    ) -> None:
        self.paint, self.width, self.machines = paint, width, machines
        self.names = names = (
            sorted({visible(name) for name in machine_names}) if machines is not None else []
        )
        self.columns = columns = choose_columns(
            titles_hint or ["A typical title"], width, symbols=symbols, machines=names
        )
        layout = self.layout = columns.layout
        self.gap = " " * layout.gap
        moods = {}  # six possible cells, made once
        for value in (None, *MOOD_WORDS):
            cell = fit(
                mood_text(value, symbols=symbols, short=layout.short_mood), columns.mood, pad=True
            )
            if paint.on and value is not None:
                cell = paint(cell[:value], "36") + paint(cell[value:5], "2") + cell[5:]
            moods[value] = cell
        self.moods = moods
        self.statuses = (
            fit(layout.status[0], columns.status, pad=True),
            paint(fit(layout.status[1], columns.status, pad=True), "2;3"),
        )

    def header(self) -> str:
        """The column headings (and, with colour, a rule), each line ending in a newline."""
        columns, layout, paint = self.columns, self.layout, self.paint
        heads = [
            fit("When", layout.when_width, pad=True),
            fit("Routine", columns.routine, pad=True),
            "Length".rjust(7),
            fit("Status", columns.status, pad=True),
            fit("Mood", columns.mood, pad=True),
        ]
        if columns.machine:
            heads.append(fit("Machine", columns.machine, pad=True))
        if columns.notes:
            heads.append("Notes")
        text = paint(self.gap.join(heads).rstrip(), "1") + "\n"
        return text + (paint("─" * self.width, "2") + "\n" if paint.on else "")

    def title_cell(self, title: str) -> str:
        """A title (made visible) in the routine column."""
        return self.paint(fit(title, self.columns.routine, pad=True), "1")

    def row(self, record: SessionRecord) -> str:
        """One session's row, ending in a newline."""
        paint, columns = self.paint, self.columns
        cells = [
            paint(self.layout.when(record.started_at), "2"),
            self.title_cell(visible(record.title or record.routine)),
            length_text(record.active_s).rjust(7),
            self.statuses[0 if record.completed else 1],
            self.moods[record.mood],
        ]
        if columns.machine and self.machines is not None:
            cells.append(fit(visible(self.machines.get(record.id, "")), columns.machine, pad=True))
        if columns.notes:
            tags = " ".join("#" + tag for tag in record.tags)
            cells.append(preview_cell(tags, record.notes, columns.notes))
        return self.gap.join(cells).rstrip() + "\n"

    def footer(self) -> str:
        """The sentence under a table too narrow for its Machine column, or nothing."""
        if len(self.names) > 1 and not self.columns.machine:
            return (
                "\n" + "\n".join(wrap(machines_left_out(self.names, self.width), self.width)) + "\n"
            )
        return ""


def write_table(
    records: Iterable[SessionRecord],
    out: TextIO,
    *,
    paint: Paint,
    symbols: bool,
    width: int,
    titles_hint: Sequence[str] = (),
    machines: Mapping[str, str] | None = None,
    machine_names: Sequence[str] = (),
) -> int:
    """Write the sessions as aligned columns, one line each, as they come; how many written.

    The routine column is as wide as the longest title in `titles_hint` (the records, when
    they are all at hand), within the layout's bounds. With `machines` (id -> machine, from a
    journal folder) and `machine_names` (the machines whose sessions may be shown, two or
    more) a Machine column comes before the notes; where the width has no room for it, a
    sentence under the table says so."""
    table = Table(
        paint=paint,
        symbols=symbols,
        width=width,
        titles_hint=titles_hint,
        machines=machines,
        machine_names=machine_names,
    )
    write = out.write
    write(table.header())
    row = table.row
    written = 0
    pending: list[str] = []  # rows written a few hundred at a time, each group in one call
    for record in records:
        pending.append(row(record))
        written += 1
        if len(pending) >= WRITE_EVERY:
            write("".join(pending))
            pending.clear()
    write("".join(pending))
    write(table.footer())
    return written
