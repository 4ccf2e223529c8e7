"""`--stats` for people: a few plain sentences, the pictures, and what helps — as terminal text
(Rich, colour only on a terminal) or as a Markdown summary to keep in your notes.

Framing is gentle: "18 of the last 30 days" comes first; streaks are shown only as something
done (never "you broke your streak"), and not at all with `show_streaks = false`.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from hipcli.literal import visible
from hipcli.review.layout import fit, wrap
from hipcli.review.markdown import markdown_text
from hipcli.review.pictures import heatmap, minutes_per_week, mood_by_week
from hipcli.review.stats import HELPS_MIN, GroupTotals, PracticeStats
from hipcli.review.words import count, day_words, mood_change_words, mood_word, time_words

SPARK_BLOCKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
WEEKS_OF_BARS = 12
HELPS_SHOWN = 8


def sparkline(moods: tuple[int, ...] | list[int]) -> str:
    """Moods 1-5 drawn as blocks, one character each: ▁ ▃ ▄ ▆ █."""
    return "".join(SPARK_BLOCKS.get(mood, "?") for mood in moods)


def _streak_sentence(stats: PracticeStats) -> str | None:
    current, through, _ = stats.streak
    if through is None or current < 2:
        return None  # nothing to say about a streak that isn't there
    if through == "today":
        return f"{count(current, 'day')} in a row, today included."
    return f"{count(current, 'day')} in a row, through yesterday."


def stats_lines(stats: PracticeStats, *, show_streaks: bool = True) -> list[tuple[str, str]]:
    """The stats as (label, sentence) pairs, in the order they are shown."""
    sessions30, minutes30, days30 = stats.window(30)
    sessions7, minutes7, days7 = stats.window(7)
    lines = [
        (
            "Last 30 days",
            f"You practised on {days30} of the last 30 days: "
            f"{count(sessions30, 'session')}, {time_words(minutes30)}."
            if sessions30
            else "No sessions in the last 30 days. Whenever you are ready, one is enough.",
        ),
    ]
    if sessions7:
        lines.append(
            (
                "Last 7 days",
                f"{count(sessions7, 'session')} on {count(days7, 'day')}, {time_words(minutes7)}.",
            )
        )
    if show_streaks:
        sentence = _streak_sentence(stats)
        if sentence:
            lines.append(("In a row", sentence))
        if stats.streak[2] >= 2:
            lines.append(("Longest run", f"{count(stats.streak[2], 'day')} in a row."))
    first = next(iter(stats.days), None)
    since = f", since {day_words(first)}" if first else ""
    lines.append(
        (
            "Altogether",
            f"{count(stats.sessions_total, 'session')} on {count(stats.days_practised, 'day')}, "
            f"{time_words(stats.minutes_total)}{since}.",
        )
    )
    top = stats.top_routines()
    if top:
        lines.append(("Most practised", ", ".join(f"{r.title} ({r.sessions})" for r in top) + "."))
    average = stats.mood_average
    if average is not None:
        word = mood_word(min(5, max(1, round(average))))
        lines.append(
            (
                "Mood after",
                f"{average:.1f} of 5 on average ({word}), "
                f"from {count(stats.mood_sessions, 'check-in')}.",
            )
        )
        lines.append(
            (
                "Mood trend",
                f"{sparkline(stats.mood_trend)}  (the last {len(stats.mood_trend)}, oldest first)",
            )
        )
    change = stats.mood_change_average
    if change is not None:
        lines.append(
            (
                "Before → after",
                f"Your mood {mood_change_words(change)} on average across "
                f"{count(stats.mood_change_sessions, 'session')} with both.",
            )
        )
    return [(label, visible(sentence)) for label, sentence in lines]


def helps_lines(stats: PracticeStats, most: int = HELPS_SHOWN) -> list[str]:
    """ "Pigeon: mood rose by 1.2 on average over 9 sessions." for the routines and tags with
    the greatest rise (up to `most`), then how many more there are."""
    found = stats.helps()
    lines = [
        f"{_group_name(group, stats)}: mood {mood_change_words(group.mood_change or 0.0)} "
        f"on average over {count(group.both, 'session')}."
        for group in found[:most]
    ]
    if len(found) > most:
        lines.append(
            f"(and {len(found) - most} more with smaller changes: --format json lists all)"
        )
    return lines


def _group_name(group: GroupTotals, stats: PracticeStats) -> str:
    is_routine = any(group is routine for routine in stats.routines)
    return visible(group.title if is_routine else "#" + group.name)


HELPS_EMPTY = (
    f"Once {HELPS_MIN} sessions of a routine or tag have a mood before and after, this shows "
    "which lift your mood most. (`mood_before = true` in your settings asks before each session.)"
)


def render_stats(
    stats: PracticeStats,
    out: TextIO,
    *,
    color: bool,
    width: int,
    heading: str,
    weeks: int,
    show_streaks: bool = True,
) -> None:
    """Write the stats as text: sentences, the calendar, the weekly charts, what helps."""
    console = Console(
        file=out,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        width=width,
        soft_wrap=True,
    )

    def section(title: str) -> None:
        console.print()
        for part in wrap(title, width):
            console.print(Text(part, style="bold"))

    console.print(Text(fit(heading, width), style="bold"))
    console.print()
    lines = stats_lines(stats, show_streaks=show_streaks)
    label_width = max(len(label) for label, _ in lines)
    for label, sentence in lines:
        line = Text("  ")
        line.append(label.ljust(label_width), style="dim")
        line.append("  ")
        indent = 2 + label_width + 2
        if width - indent < 24:  # too narrow for two columns: the sentence goes beneath
            line.rstrip()
            console.print(line)
            line, indent = Text("    "), 4
        wrapped = wrap(sentence, width - indent)
        line.append(wrapped[0], style="cyan" if label == "Mood trend" and color else "")
        console.print(line)
        for more in wrapped[1:]:
            console.print(Text(" " * indent + more))
    section(f"Your practice, week by week (the last {weeks} weeks)")
    for picture_line in heatmap(stats, weeks, width, color=color):
        console.print(picture_line)
    section(f"Minutes per week (the last {WEEKS_OF_BARS} weeks)")
    for picture_line in minutes_per_week(stats, WEEKS_OF_BARS, width, color=color):
        console.print(picture_line)
    mood = mood_by_week(stats, WEEKS_OF_BARS, width)
    if mood:
        section("Mood before → after, by week")
        for picture_line in mood:
            console.print(picture_line)
    section("What helps")
    for sentence in helps_lines(stats) or [HELPS_EMPTY]:
        for index, part in enumerate(wrap(sentence, width - 4)):
            console.print(Text(("  " if index == 0 else "    ") + part))


def write_stats_markdown(
    stats: PracticeStats, out: TextIO, *, heading: str, weeks: int, show_streaks: bool = True
) -> None:
    """The stats as a Markdown summary: sentences as a list, the calendar as a code block.
    Names from the journal are escaped only where Markdown would read them as formatting."""
    out.write(f"# {markdown_text(heading, 'heading')}\n\n")
    for label, sentence in stats_lines(stats, show_streaks=show_streaks):
        out.write(f"- **{label}:** {markdown_text(sentence)}\n")
    out.write(f"\n## Week by week (the last {weeks} weeks)\n\n```text\n")
    for line in heatmap(stats, weeks, 2 * weeks + 8, color=False):
        out.write(line.plain.rstrip() + "\n")
    out.write("```\n\n## Minutes per week\n\n```text\n")
    for line in minutes_per_week(stats, WEEKS_OF_BARS, 60, color=False):
        out.write(line.plain.rstrip() + "\n")
    out.write("```\n")
    mood = mood_by_week(stats, WEEKS_OF_BARS, 72)
    if mood:
        out.write("\n## Mood before → after, by week\n\n```text\n")
        for line in mood:
            out.write(line.plain.rstrip() + "\n")
        out.write("```\n")
    out.write("\n## What helps\n\n")
    found = helps_lines(stats)
    for sentence in found:
        out.write(f"- {markdown_text(sentence, 'line')}\n")
    if not found:
        out.write(f"- {HELPS_EMPTY}\n")  # our own words: its `mood_before = true` is code
