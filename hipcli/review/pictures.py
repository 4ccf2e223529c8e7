"""Pictures of practice for `--stats`, built from Rich `Text` lines (no plotting stack needed):
a calendar heatmap of weeks (rows Monday-Sunday, columns weeks, like jrnl's calendar and
Daylio's "Year in Pixels"), minutes per week as bars, and mood before → after by week.

Each picture is a list of lines that fit the width they are given. With colour the calendar
shades one glyph (■) in four tones; without it (NO_COLOR, a pipe) it uses the glyphs ░▒▓█, so
the picture reads the same in a text file. Today is marked under its column in both.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from hipcli.review.stats import DayTotals, PracticeStats
from hipcli.review.words import MONTHS_SHORT, WEEKDAYS, day_short

LEVELS = (10, 20, 40)  # minutes: under 10, 10-20, 20-40, 40 or more
GLYPHS = ("░", "▒", "▓", "█")
TONES = ("color(23)", "color(30)", "color(36)", "color(43)")
EIGHTHS = " ▏▎▍▌▋▊▉"
LABEL = 4  # "Mon "


def level(minutes: float) -> int:
    """0-3: how deep a day's shade is."""
    return sum(minutes >= bound for bound in LEVELS)


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def heatmap(stats: PracticeStats, weeks: int, width: int, *, color: bool) -> list[Text]:
    """The calendar of the last `weeks` weeks up to today, fitted to `width` cells."""
    today = stats.today
    cell = 2 if LABEL + 2 * weeks <= width else 1
    shown = min(weeks, (width - LABEL) // cell)
    first = week_start(today) - timedelta(weeks=shown - 1)
    lines = [Text(month_labels(first, shown, cell, width=width), style="dim")]
    for weekday in range(7):
        line = Text(WEEKDAYS[weekday].ljust(LABEL), style="dim")
        for column in range(shown):
            day = first + timedelta(weeks=column, days=weekday)
            line.append_text(_day_cell(stats.days.get(day), day, today, cell, color=color))
        line.rstrip()
        line.rstrip_end(width)
        lines.append(line)
    column = (week_start(today) - first).days // 7
    pointer = " " * (LABEL + column * cell) + "↑ today"
    if len(pointer) > width:
        pointer = " " * (LABEL + column * cell - 7) + "today ↑"
    lines.append(Text(pointer, style="dim"))
    lines.append(_legend(color, width))
    if shown < weeks:
        lines.append(Text(f"({shown} of {weeks} weeks fit this width)", style="dim"))
    return lines


def month_labels(
    first: date, weeks: int, cell: int, indent: int = LABEL, width: int | None = None
) -> str:
    """The line of month names above a calendar whose first column is the week of `first`:
    each name over the week holding the month's 1st (the first column's month too, when the
    next name leaves it room). A name that would not fit whole within `width` cells is left
    out, never cut."""
    starts = [
        (column, (first + timedelta(weeks=column, days=6)).month)
        for column in range(weeks)
        if (first + timedelta(weeks=column, days=6)).day <= 7
    ]
    room = -(-4 // cell)  # columns a name and a space take
    if not starts or starts[0][0] >= room:
        starts.insert(0, (0, first.month))  # the first column's month, when there is room
    line = [" "] * (indent + weeks * cell + 3)
    free = 0
    for column, month in starts:
        at = indent + column * cell
        if at >= free and (width is None or at + 3 <= width):
            line[at : at + 3] = MONTHS_SHORT[month - 1]
            free = at + 4
    return "".join(line).rstrip()


def _day_cell(totals: DayTotals | None, day: date, today: date, cell: int, *, color: bool) -> Text:
    pad = " " * (cell - 1)
    if day > today:
        return Text(" " * cell)
    if totals is None:
        text = Text("·" + pad, style="dim")
    else:
        shade = level(totals.minutes)
        text = Text(("■" if color else GLYPHS[shade]) + pad, style=TONES[shade] if color else "")
    if day == today and color:
        text.stylize("reverse", 0, 1)
    return text


def _legend(color: bool, width: int) -> Text:
    legend = Text(" " * LABEL)
    legend.append("·", style="dim")
    legend.append(" none  ")
    words = ("under 10 min", "10-20", "20-40", "40+")
    for shade, word in enumerate(words):
        legend.append("■" if color else GLYPHS[shade], style=TONES[shade] if color else "")
        legend.append(f" {word}" + ("  " if shade < 3 else ""))
    if legend.cell_len > width:
        legend = Text(" " * LABEL) if width >= 40 else Text()
        legend.append("·", style="dim")
        for shade in range(4):
            legend.append(" ")
            legend.append("■" if color else GLYPHS[shade], style=TONES[shade] if color else "")
        legend.append(" <10 10 20 40+ min")
    return legend


def _week_rows(stats: PracticeStats, weeks: int) -> list[tuple[date, list[DayTotals]]]:
    last = week_start(stats.today)
    rows = []
    for back in range(weeks - 1, -1, -1):
        monday = last - timedelta(weeks=back)
        rows.append((monday, [totals for _, totals in _days_of_week(stats, monday)]))
    return rows


def _days_of_week(stats: PracticeStats, monday: date) -> list[tuple[date, DayTotals]]:
    return [
        (monday + timedelta(days=offset), stats.days[monday + timedelta(days=offset)])
        for offset in range(7)
        if monday + timedelta(days=offset) in stats.days
    ]


def minutes_per_week(stats: PracticeStats, weeks: int, width: int, *, color: bool) -> list[Text]:
    """A bar for each of the last `weeks` weeks: the minutes practised."""
    rows = [(monday, sum(t.minutes for t in days)) for monday, days in _week_rows(stats, weeks)]
    top = max((minutes for _, minutes in rows), default=0.0)
    bar_room = max(4, width - 8 - 7)
    lines = []
    for monday, minutes in rows:
        line = Text(day_short(monday).rjust(6) + "  ", style="dim")
        eighths = round(minutes / top * bar_room * 8) if top else 0
        if minutes and not eighths:
            eighths = 1  # a little practice still shows
        bar = "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")
        line.append(bar.ljust(bar_room), style=TONES[2] if color else "")
        line.append(f"{round(minutes):>5}")
        lines.append(line)
    return lines


def mood_by_week(stats: PracticeStats, weeks: int, width: int) -> list[Text]:
    """Each week's average mood before (○) and after (●) on a 1-5 line; [] without any."""
    rows = []
    for monday, days in _week_rows(stats, weeks):
        both = sum(t.both for t in days)
        before = sum(t.before_sum for t in days) / both if both else None
        after = sum(t.after_sum for t in days) / both if both else None
        rows.append((monday, before, after))
    if all(before is None for _, before, _ in rows):
        return []
    axis = max(9, min(41, width - 8 - 17))
    axis -= (axis - 1) % 4  # so that 1, 2, 3, 4 and 5 fall on whole cells

    def at(mood: float) -> int:
        return round((mood - 1) / 4 * (axis - 1))

    ticks = [" "] * axis
    for mood in range(1, 6):
        ticks[at(mood)] = str(mood)
    lines = [Text(" " * 8 + "".join(ticks) + "   before → after", style="dim")]
    for monday, before, after in rows:
        line = Text(day_short(monday).rjust(6) + "  ", style="dim")
        if before is None or after is None:
            line.append(" " * axis)
            line.append("   —", style="dim")
            lines.append(line)
            continue
        cells = [" "] * axis
        low, high = sorted((at(before), at(after)))
        for position in range(low, high + 1):
            cells[position] = "─"
        cells[at(before)] = "○"
        cells[at(after)] = "●"
        line.append("".join(cells))
        line.append(f"   {before:.1f} → {after:.1f}")
        lines.append(line)
    for legend in ("○ before  ● after", "1 very low · 3 okay · 5 very good"):
        lines.append(Text((" " * 8 if 8 + len(legend) <= width else "") + legend, style="dim"))
    return lines
