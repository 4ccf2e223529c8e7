"""`hipcli progress` as text: the list of poses, and one pose over weeks with a small chart.

Everything fits the width it is given (40 to 200 columns): the list is a table when it fits and
a short block per pose when it doesn't; the chart puts sides next to each other, or under each
other on a narrow screen. Colour and block characters only when `color` (a terminal without
NO_COLOR); plain `#` bars and no escape codes otherwise. Names from the journal are shown
literally (`hipcli.literal.visible`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from hipcli.literal import visible
from hipcli.review.layout import wrap
from hipcli.review.progress import HoldTally, PoseProgress, WeekHeld, local_day
from hipcli.review.victories import Victory
from hipcli.review.words import length_text

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EIGHTHS = " ▏▎▍▌▋▊▉"
VALUE_WIDTH = 7  # "14m 20s"
LABEL_WIDTH = 6  # "17 Nov"
MAX_BAR = 30
# The characters the views write themselves, each one cell wide: text made only of these and
# ASCII is measured without Rich's cell tables (and without importing them).
_LENGTH = re.compile(r"\b(\d+[hm]) (\d+[ms])\b")  # "2m 20s", "1h 05m"
_NARROW = str.maketrans("", "", "·…—" + EIGHTHS + "█")
NOTICED_SHOWN = 5


def day_text(day: date, today: date) -> str:
    """ "12 Nov", with the year when it is not this year: "12 Nov 2025"."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


@dataclass
class Painter:
    """Measures, cuts and (on a terminal) colours text for one report."""

    color: bool
    width: int

    def measure(self, text: str) -> int:
        """Terminal cells `text` takes (wide characters take two)."""
        if text.isascii() or text.translate(_NARROW).isascii():
            return len(text)
        from rich.cells import cell_len  # deferred: only non-ASCII names need it

        return cell_len(text)

    def fit(self, text: str, size: int, *, pad: bool = True) -> str:
        """`text` cut to `size` cells with an ellipsis, padded to `size` when `pad`."""
        length = self.measure(text)
        if length > size:
            if text.isascii():
                return text[: max(0, size - 1)] + "…"
            from rich.cells import set_cell_size

            return set_cell_size(text, max(0, size - 1)) + "…"
        return text + " " * (size - length) if pad else text

    def style(self, text: str, code: str) -> str:
        """`text` in an SGR style (e.g. "1" bold, "2" dim, "36" cyan) on a terminal."""
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def dash(self) -> str:
        return "—" if self.color else "-"

    def bar(self, value: int, largest: int, size: int) -> str:
        """A bar of up to `size` cells for `value` out of `largest`: eighths, or `#` plainly."""
        if largest <= 0 or value <= 0:
            return " " * size
        if not self.color:
            cells = max(1, round(size * value / largest))
            return ("#" * cells).ljust(size)
        eighths = max(1, round(size * 8 * value / largest))
        full, part = divmod(eighths, 8)
        return self.style("█" * full + (EIGHTHS[part] if part else ""), "36") + " " * (
            size - full - (1 if part else 0)
        )

    def wrapped(self, parts: Sequence[str], indent: str, out: TextIO) -> None:
        """`parts` joined by " · ", broken between parts to fit the width, each line indented."""
        room = max(10, self.width - len(indent))
        line = ""
        for part in parts:
            candidate = f"{line} · {part}" if line else part
            if line and self.measure(candidate) > room:
                out.write(indent + self.fit(line, room, pad=False) + "\n")
                line = part
            else:
                line = candidate
        if line:
            out.write(indent + self.fit(line, room, pad=False) + "\n")

    def sentence(
        self, text: str, indent: str, out: TextIO, first: str = "", *, lead_width: int = 0
    ) -> None:
        """A sentence wrapped to the width (in terminal cells; a word longer than a line is
        cut); `first` (e.g. a date, `lead_width` cells wide without its colour codes) leads
        its first line."""
        hanging = indent + " " * (lead_width or len(first))
        # a length ("2m 20s") stays on one line: its space is a NUL while wrapping (text from
        # the journal has been made visible, so it holds no NUL of its own)
        text = _LENGTH.sub("\\1\x00\\2", text)
        lines = wrap(text, max(10, self.width - len(hanging))) if text.strip() else [""]
        for number, line in enumerate(lines):
            line = line.replace("\x00", " ")
            out.write((indent + first if number == 0 else hanging) + line + "\n")


def side_word(side: str | None) -> str:
    """A side's name for people; the holds of a step without sides are 'no side'."""
    return visible(side) if side is not None else "no side"


def balance_parts(pose: PoseProgress) -> list[str]:
    """ "left 14m 20s", "right 12m 05s": time held per side, for poses with sides."""
    if not pose.has_sides:
        return []
    return [f"{side_word(side)} {length_text(tally.total_s)}" for side, tally in pose.side_items()]


# --- the list --------------------------------------------------------------------------------


def write_pose_list(
    poses: Sequence[PoseProgress], out: TextIO, painter: Painter, heading: str
) -> None:
    """Every pose: sessions, time held, typical and longest hold, and the balance of sides."""
    out.write(painter.style(painter.fit(heading, painter.width, pad=False), "1") + "\n\n")
    names = [visible(pose.step) for pose in poses]
    name_width = min(max([painter.measure(name) for name in names] + [4]), 24)
    numbers = [
        [
            str(pose.all.sessions),
            length_text(pose.all.total_s),
            length_text(pose.all.median_s),
            longest_text(pose.all, painter),
        ]
        for pose in poses
    ]
    widths = [8, 8, 7, 7]  # Sessions, Held, Typical, Longest
    fixed = name_width + sum(widths) + 2 * len(widths)
    balances = [" · ".join(balance_parts(pose)) for pose in poses]
    longest_balance = max((painter.measure(text) for text in balances), default=0)
    balance_width = painter.width - fixed - 2
    if balance_width < min(longest_balance, 28) or name_width < 10 <= painter.width - fixed:
        _write_pose_blocks(poses, names, numbers, balances, out, painter)
        return
    headers = ["Sessions", "Held", "Typical", "Longest"]
    header = "  ".join(
        [
            painter.fit("Pose", name_width),
            *(h.rjust(w) for h, w in zip(headers, widths, strict=True)),
        ]
    )
    if longest_balance:
        header += "  Sides"
    out.write(painter.style(header, "1") + "\n")
    for name, cells, balance in zip(names, numbers, balances, strict=True):
        row = "  ".join(
            [
                painter.style(painter.fit(name, name_width), "1"),
                *(cell.rjust(w) for cell, w in zip(cells, widths, strict=True)),
            ]
        )
        if balance:
            row += "  " + painter.fit(balance, balance_width, pad=False)
        out.write(row.rstrip() + "\n")


def _write_pose_blocks(
    poses: Sequence[PoseProgress],
    names: Sequence[str],
    numbers: Sequence[Sequence[str]],
    balances: Sequence[str],
    out: TextIO,
    painter: Painter,
) -> None:
    for index, (pose, name, cells) in enumerate(zip(poses, names, numbers, strict=True)):
        if index:
            out.write("\n")
        out.write(painter.style(painter.fit(name, painter.width, pad=False), "1") + "\n")
        sessions = "session" if pose.all.sessions == 1 else "sessions"
        parts = [
            f"{cells[0]} {sessions}",
            f"{cells[1]} held",
            f"typical {cells[2]}",
            f"longest {cells[3]}",
        ]
        painter.wrapped(parts, "  ", out)
        if balances[index]:
            painter.wrapped(balance_parts(pose), "  ", out)


def write_noticed(
    victories: Sequence[Victory], out: TextIO, painter: Painter, today: date, heading: str
) -> None:
    """The newest facts worth noticing, each with its day."""
    if not victories:
        return
    out.write("\n" + painter.style(heading, "1") + "\n")
    shown = victories[:NOTICED_SHOWN]
    days = [day_text(local_day(victory.at), today) for victory in shown]
    day_width = max(len(day) for day in days)
    for day, victory in zip(days, shown, strict=True):
        lead = painter.style(day.ljust(day_width), "2") + "  "
        painter.sentence(visible(victory.text), "  ", out, lead, lead_width=day_width + 2)


# --- one pose over weeks ---------------------------------------------------------------------


def write_pose(
    pose: PoseProgress,
    weeks: Sequence[WeekHeld],
    victories: Sequence[Victory],
    out: TextIO,
    painter: Painter,
    *,
    today: date,
    chart_heading: str,
    period: str = "",
) -> None:
    """One pose: the chart of time held per week and side, planned against held, the longest
    hold per side and when, and what is worth noticing."""
    tally = pose.all
    out.write(painter.style(painter.fit(visible(pose.step), painter.width, pad=False), "1") + "\n")
    sessions = "session" if tally.sessions == 1 else "sessions"
    routines = ", ".join(visible(title) for title in pose.routines.values())
    painter.wrapped(
        [
            f"{tally.sessions} {sessions}{period}",
            f"{length_text(tally.total_s)} held",
            f"in {routines}",
        ],
        "",
        out,
    )
    out.write("\n" + painter.style(chart_heading, "1") + "\n")
    write_chart(pose, weeks, out, painter)
    out.write("\n" + painter.style("Planned and held", "1") + "\n")
    for line in planned_lines(tally):
        painter.wrapped(line, "  ", out)
    out.write(painter.style("Longest", "1") + "\n")
    painter.wrapped(
        [_longest_part(pose, side, t, today) for side, t in pose.side_items()], "  ", out
    )
    write_noticed(victories, out, painter, today, "Noticed")


def _longest_part(pose: PoseProgress, side: str | None, tally: HoldTally, today: date) -> str:
    """ "left 2m 15s on 12 Nov": a side's longest hold and the day it was first reached."""
    lead = side_word(side) if pose.has_sides else ""
    if tally.longest_s is None or tally.longest_at is None:
        return f"{lead}: every hold skipped" if lead else "every hold skipped"
    day = day_text(local_day(tally.longest_at), today)
    return f"{lead} {length_text(tally.longest_s)} on {day}".lstrip()


def longest_text(tally: HoldTally, painter: Painter) -> str:
    """The longest hold held to its end ("2m 15s"), or a dash when every hold was skipped."""
    return length_text(tally.longest_s) if tally.longest_s is not None else painter.dash()


def planned_lines(tally: HoldTally) -> list[list[str]]:
    """How the holds went against their plan: the share of the planned time held, then how many
    holds were held as planned, extended, shorter or skipped."""
    counts = [
        (tally.as_planned, "as planned"),
        (tally.extended, "extended"),
        (tally.shorter, "shorter"),
        (tally.skipped, "skipped"),
    ]
    parts = [f"{count} {word}" for count, word in counts if count]
    holds = "1 hold" if tally.holds == 1 else f"{tally.holds} holds"
    lines = [[f"{holds}: {parts[0]}", *parts[1:]]] if parts else [[holds]]
    if tally.planned_s:
        share = round(100 * tally.total_s / tally.planned_s)
        lines.insert(0, [f"{share}% of the planned time held"])
    return lines


def write_chart(
    pose: PoseProgress, weeks: Sequence[WeekHeld], out: TextIO, painter: Painter
) -> None:
    """Time held per week: a bar per side, sides side by side when they fit."""
    sides = list(pose.side_names.items())  # (key, name as spelt last)
    largest = max((held for week in weeks for held in week.held_s.values()), default=0)
    count = len(sides)
    bar = (
        painter.width - 2 - LABEL_WIDTH - 2 - count * (VALUE_WIDTH + 1) - 3 * (count - 1)
    ) // count
    bar = min(bar, MAX_BAR)
    labels = [
        painter.fit(f"{week.week.day} {MONTHS[week.week.month - 1]}", LABEL_WIDTH) for week in weeks
    ]
    labels = [label.strip().rjust(LABEL_WIDTH) for label in labels]

    def cell(week: WeekHeld, key: str | None, size: int) -> str:
        held = week.held_s.get(key, 0)
        value = length_text(held) if held else painter.dash()
        return painter.bar(held, largest, size) + " " + value.rjust(VALUE_WIDTH)

    if bar >= 6:
        if pose.has_sides:
            names = [painter.fit(side_word(name), bar + 1 + VALUE_WIDTH) for _, name in sides]
            out.write(
                painter.style(
                    "  " + "week of".ljust(LABEL_WIDTH + 2) + "   ".join(names), "2"
                ).rstrip()
                + "\n"
            )
        for label, week in zip(labels, weeks, strict=True):
            cells = "   ".join(cell(week, key, bar) for key, _ in sides)
            out.write(("  " + painter.style(label, "2") + "  " + cells).rstrip() + "\n")
        return
    side_width = min(max(painter.measure(side_word(name)) for _, name in sides), 10)
    bar = max(3, min(MAX_BAR, painter.width - 2 - LABEL_WIDTH - 2 - side_width - 2 - VALUE_WIDTH))
    for label, week in zip(labels, weeks, strict=True):
        for number, (key, name) in enumerate(sides):
            lead = painter.style(label, "2") if number == 0 else " " * LABEL_WIDTH
            line = f"  {lead}  {painter.fit(side_word(name), side_width)} {cell(week, key, bar)}"
            out.write(line.rstrip() + "\n")
