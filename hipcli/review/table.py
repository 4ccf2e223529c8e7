"""The one-line-per-session table of `hipcli log`: aligned columns, written as they come."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TextIO

from hipcli.journal.record import MOOD_WORDS, SessionRecord
from hipcli.literal import visible

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WHITESPACE = re.compile(r"[ \t\r\n]+")


def length_text(seconds: float) -> str:
    """A session's length for people: "45s", "8m 36s", "1h 05m"."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def mood_text(mood: int | None, *, symbols: bool) -> str:
    """A mood as dots and a word ("●●●●○ good"), or plainly ("4/5 good") for pipes."""
    if mood is None:
        return "—" if symbols else "-"
    if symbols:
        return "●" * mood + "○" * (5 - mood) + " " + MOOD_WORDS[mood]
    return f"{mood}/5 {MOOD_WORDS[mood]}"


def notes_preview(record: SessionRecord) -> str:
    """Tags and notes on one line, control characters made visible."""
    tags = " ".join("#" + tag for tag in record.tags)
    return visible(_WHITESPACE.sub(" ", f"{tags} {record.notes}").strip())


def _when_text(record: SessionRecord) -> str:
    local = record.started_at.astimezone()
    return f"{WEEKDAYS[local.weekday()]} {local:%Y-%m-%d %H:%M}"


def _colour_works(out: TextIO) -> bool:
    """Whether the terminal takes colour codes (not TERM=dumb): Rich's detection, used once."""
    from rich.console import Console  # deferred: only terminals get colour

    return Console(file=out, force_terminal=True).color_system is not None


def machines_shown(
    records: Sequence[SessionRecord], devices: Mapping[str, str] | None
) -> dict[str, str] | None:
    """Which machine each record came from, when the records come from more than one (a
    journal folder); None when there is only one machine, or no folder, to speak of."""
    if not devices:
        return None
    shown = {record.id: devices.get(record.id, "") for record in records}
    return shown if len(set(shown.values())) > 1 else None


def write_table(
    records: Sequence[SessionRecord],
    out: TextIO,
    *,
    color: bool,
    width: int,
    devices: Mapping[str, str] | None = None,
) -> None:
    """Write the sessions as aligned columns, one line each, as they come (no whole-table
    layout, so thousands of rows start showing at once). Colour and symbols only if `color`.
    A Machine column appears when the sessions come from more than one machine (`devices`:
    id -> machine, from a journal folder).

    Every cell has been through `visible`, so the only escape codes written are our own SGR
    colours, added here directly: Rich's per-line rendering costs ~0.25 ms a row.
    """
    from rich.cells import cell_len, set_cell_size  # deferred: measuring wide characters

    paint = color and _colour_works(out)

    def measure(text: str) -> int:
        return len(text) if text.isascii() else cell_len(text)

    def fit(text: str, size: int, *, pad: bool = True) -> str:
        head = text[: size + 1]
        if len(head) < len(text) and measure(head) > size:
            text = head  # cutting non-ASCII text goes grapheme by grapheme: cut a short head
        length = measure(text)
        if length > size:
            cut = text[: size - 1] if text.isascii() else set_cell_size(text, size - 1)
            return cut + "…"
        return text + " " * (size - length) if pad else text

    def sgr(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if paint and code and text else text

    titles = [visible(record.title or record.routine) for record in records]
    machines = machines_shown(records, devices)
    widths = [
        20,
        min(max([measure(title) for title in titles] + [7]), 28),
        7,
        11,
        15 if color else 13,
    ]
    names = ["When", "Routine", "Length", "Status", "Mood"]
    if machines is not None:
        names.append("Machine")
        widths.append(min(max(len(name) for name in [*machines.values(), "Machine"]), 16))
    notes_width = max(16, width - sum(widths) - 2 * len(widths))
    header = "  ".join(
        [
            *(
                fit(name, size) if name != "Length" else name.rjust(size)
                for name, size in zip(names, widths, strict=True)
            ),
            "Notes",
        ]
    )
    out.write(sgr(header, "1") + "\n")
    if color:
        out.write(sgr("─" * min(width, sum(widths) + notes_width + 10), "2") + "\n")
    moods = {}  # six possible cells, made once
    for value in (None, *MOOD_WORDS):
        cell = fit(mood_text(value, symbols=color), widths[4])
        if paint and value is not None:
            cell = sgr(cell[:value], "36") + sgr(cell[value:5], "2") + cell[5:]
        moods[value] = cell
    for record, title in zip(records, titles, strict=True):
        mood = moods[record.mood]
        ended_early = not record.completed
        cells = [
            sgr(fit(_when_text(record), widths[0]), "2"),
            sgr(fit(title, widths[1]), "1"),
            length_text(record.active_s).rjust(widths[2]),
            sgr(
                fit("ended early" if ended_early else "completed", widths[3]),
                "2;3" if ended_early else "",
            ),
            mood,
            *([fit(visible(machines[record.id]), widths[5])] if machines is not None else []),
            fit(notes_preview(record), notes_width, pad=False),
        ]
        out.write("  ".join(cells).rstrip() + "\n")
