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
from hipcli.review.layout import Paint, fit, measure, wrap
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
    tags = " ".join("#" + tag for tag in record.tags)
    return visible(_WHITESPACE.sub(" ", f"{tags} {record.notes}").strip())


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
    write = out.write
    names = sorted({visible(name) for name in machine_names}) if machines is not None else []
    columns = choose_columns(
        titles_hint or ["A typical title"], width, symbols=symbols, machines=names
    )
    machine = columns.machine
    layout = columns.layout
    gap = " " * layout.gap
    heads = [
        fit("When", layout.when_width, pad=True),
        fit("Routine", columns.routine, pad=True),
        "Length".rjust(7),
        fit("Status", columns.status, pad=True),
        fit("Mood", columns.mood, pad=True),
    ]
    if machine:
        heads.append(fit("Machine", machine, pad=True))
    if columns.notes:
        heads.append("Notes")
    write(paint(gap.join(heads).rstrip(), "1") + "\n")
    if paint.on:
        write(paint("─" * width, "2") + "\n")
    moods = {}  # six possible cells, made once
    for value in (None, *MOOD_WORDS):
        cell = fit(
            mood_text(value, symbols=symbols, short=layout.short_mood), columns.mood, pad=True
        )
        if paint.on and value is not None:
            cell = paint(cell[:value], "36") + paint(cell[value:5], "2") + cell[5:]
        moods[value] = cell
    statuses = (
        fit(layout.status[0], columns.status, pad=True),
        paint(fit(layout.status[1], columns.status, pad=True), "2;3"),
    )
    written = 0
    pending: list[str] = []  # rows written a few hundred at a time, each group in one call
    for record in records:
        cells = [
            paint(layout.when(record.started_at), "2"),
            paint(fit(visible(record.title or record.routine), columns.routine, pad=True), "1"),
            length_text(record.active_s).rjust(7),
            statuses[0 if record.completed else 1],
            moods[record.mood],
        ]
        if machine and machines is not None:
            cells.append(fit(visible(machines.get(record.id, "")), machine, pad=True))
        if columns.notes:
            cells.append(fit(notes_preview(record), columns.notes))
        pending.append(gap.join(cells).rstrip() + "\n")
        written += 1
        if len(pending) >= WRITE_EVERY:
            write("".join(pending))
            pending.clear()
    write("".join(pending))
    if len(names) > 1 and not machine:
        write("\n" + "\n".join(wrap(machines_left_out(names, width), width)) + "\n")
    return written
