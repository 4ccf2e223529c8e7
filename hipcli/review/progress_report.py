"""`hipcli progress [POSE]`: read the journal, choose the sessions, find the pose (or routine)
asked for, and write the list, the pose over weeks, or JSON. Documented in docs/progress.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal, TextIO

from hipcli.journal.location import JournalLocation, read_all
from hipcli.journal.record import JournalError, SessionRecord
from hipcli.literal import visible
from hipcli.review.progress import (
    PoseProgress,
    local_day,
    name_key,
    pose_progress,
    pose_to_json,
    poses_to_json,
    week_of,
    weeks_held,
)
from hipcli.review.progress_names import did_you_mean, pose_or_routine, spelling
from hipcli.review.progress_view import (
    Painter,
    day_text,
    write_noticed,
    write_pose,
    write_pose_list,
)
from hipcli.review.victories import Kind, Victory, noticed
from hipcli.review.when import WhenError, parse_when

CHART_WEEKS = 8  # weeks in the chart when neither --weeks nor --since says otherwise
LATELY = timedelta(weeks=13)  # "Noticed lately" in the list: about three months
MAX_CHART_WEEKS = 520
MIN_WIDTH, MAX_WIDTH = 40, 200


@dataclass(frozen=True)
class ProgressRequest:
    """What `hipcli progress` was asked for."""

    journal: JournalLocation | Path  # a journal folder is read whole, every machine's file
    pose: str | None = None
    since: str | None = None
    weeks: int | None = None
    fmt: Literal["table", "json"] = "table"
    celebrate: bool = True  # the setting: show what is worth noticing


@dataclass(frozen=True)
class _Period:
    start: date | None  # the first day counted, or None for all
    first_week: date  # the chart's weeks
    last_week: date

    def chosen(self, records: Sequence[SessionRecord]) -> list[SessionRecord]:
        """The records of the days counted."""
        if self.start is None:
            return list(records)
        # the local midnight the first day begins at: comparing moments is cheaper than
        # finding each session's local day
        begin = datetime.combine(self.start, time()).astimezone()
        return [record for record in records if record.started_at >= begin]

    def words(self, today: date) -> str:
        return f" since {day_text(self.start, today)}" if self.start is not None else ""

    def chart_heading(self) -> str:
        weeks = (self.last_week - self.first_week).days // 7 + 1
        return "Held per week" + (", the last week" if weeks == 1 else f", the last {weeks} weeks")


def _period(request: ProgressRequest, today: date, first_day: date | None = None) -> _Period:
    """The days counted (from --since and --weeks) and the weeks the chart shows: from --since,
    the chart begins no earlier than `first_day`, the journal's first session."""
    last_week = week_of(today)
    since = parse_when(request.since, today, "--since") if request.since is not None else None
    start = since
    if request.weeks is not None:
        first_week = last_week - timedelta(weeks=request.weeks - 1)
        start = max(since, first_week) if since is not None else first_week
    elif since is not None:
        earliest = last_week - timedelta(weeks=MAX_CHART_WEEKS - 1)
        if first_day is not None:
            earliest = max(earliest, week_of(min(first_day, today)))
        first_week = max(week_of(min(since, today)), earliest)
    else:
        first_week = last_week - timedelta(weeks=CHART_WEEKS - 1)
    if start is not None and week_of(start) > first_week:
        first_week = min(week_of(start), last_week)
    return _Period(start, first_week, last_week)


def run_progress(
    request: ProgressRequest,
    out: TextIO,
    err: TextIO,
    *,
    color: bool,
    today: date | None = None,
    width: int = 100,
) -> int:
    """Carry out `hipcli progress`: the report to `out`, messages to `err`; the exit code."""
    today = today or date.today()
    width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    try:
        _period(request, today)  # a mistake in --since is told before the journal is read
    except WhenError as exc:
        Painter(False, width).sentence(f"hipcli: {exc}", "", err)
        return 2
    try:
        contents = read_all(request.journal)
    except JournalError as exc:
        err.write(f"hipcli: {visible(str(exc))}\n")
        return 1
    if contents.problems:
        from hipcli.review.log import report_problems  # deferred: only damage needs it

        report_problems(contents.problems, request.journal, err)
    records = contents.records
    first_day = None
    if request.since is not None and request.weeks is None:  # only a chart from --since needs it
        first_day = min((local_day(record.started_at) for record in records), default=None)
    period = _period(request, today, first_day)
    chosen = period.chosen(records)
    painter = Painter(color, width)
    # What is worth noticing: the list's JSON has no place for it; the list shows that of
    # lately (LATELY, or the days asked for), a pose that of the weeks its chart shows.
    wanted = request.celebrate and (request.pose is not None or request.fmt != "json")
    if request.pose is not None:
        start = max(period.start or period.first_week, period.first_week)
    else:
        start = period.start or today - LATELY
    since = datetime.combine(start, time()).astimezone()
    victories = noticed(records, since) if wanted else []
    if request.pose is None:
        return _list(request, records, chosen, victories, period, out, painter, today)
    return _one(request, records, chosen, victories, period, out, err, painter, today)


def _list(
    request: ProgressRequest,
    records: Sequence[SessionRecord],
    chosen: Sequence[SessionRecord],
    victories: Sequence[Victory],
    period: _Period,
    out: TextIO,
    painter: Painter,
    today: date,
) -> int:
    poses = pose_progress(chosen)
    if request.fmt == "json":
        from hipcli.review.exports import json_text  # deferred: only JSON needs it

        out.write(json_text(poses_to_json(poses)) + "\n")
        return 0
    if not poses:
        _nothing_yet(records, chosen, period, today, out, painter)
        return 0
    write_pose_list(
        poses, out, painter, f"Poses you have held{period.words(today)}, most recent first"
    )
    write_noticed(_newest_month_count_only(victories), out, painter, today, "Noticed lately")
    before_holds = sum(1 for record in chosen if record.holds is None)
    if before_holds:
        sessions = "session" if before_holds == 1 else "sessions"
        painter.sentence(
            f"({before_holds} {sessions} from before hipcli kept each hold are not counted.)",
            "",
            _blank_line(out),
        )
    painter.sentence("`hipcli progress POSE` shows one pose week by week.", "", _blank_line(out))
    return 0


def _newest_month_count_only(victories: Sequence[Victory]) -> list[Victory]:
    """Newest first, with only the latest of the "sessions this month" counts."""
    counts = [v for v in victories if v.kind is Kind.SESSIONS_THIS_MONTH][:1]
    return [v for v in victories if v.kind is not Kind.SESSIONS_THIS_MONTH or v in counts]


def _blank_line(out: TextIO) -> TextIO:
    out.write("\n")
    return out


def _nothing_yet(
    records: Sequence[SessionRecord],
    chosen: Sequence[SessionRecord],
    period: _Period,
    today: date,
    out: TextIO,
    painter: Painter,
) -> None:
    """What the list says when it has no pose to show: why, and what to do."""
    if not records:
        painter.sentence("No sessions in your journal yet.", "", out)
        painter.sentence(
            "Begin one with `hipcli start pigeon`; `hipcli routines` lists them all.", "", out
        )
    elif chosen and all(record.holds is None for record in chosen):
        painter.sentence(
            "Your sessions so far were recorded before hipcli kept each hold, so there is "
            "nothing per pose to show yet. Sessions from now on will show here.",
            "",
            out,
        )
    else:
        painter.sentence(f"No holds recorded{period.words(today)}.", "", out)


def _one(
    request: ProgressRequest,
    records: Sequence[SessionRecord],
    chosen: Sequence[SessionRecord],
    victories: Sequence[Victory],
    period: _Period,
    out: TextIO,
    err: TextIO,
    painter: Painter,
    today: date,
) -> int:
    assert request.pose is not None
    meant = pose_or_routine(request.pose, records)
    if meant is None:
        Painter(False, painter.width).sentence(did_you_mean(request.pose, records), "", err)
        return 2
    wanted, title = meant.key, meant.title
    if meant.instead_of is not None and request.fmt != "json":
        painter.sentence(
            f"The routine {visible(meant.instead_of)} has no sessions yet; here is the pose "
            f"{visible(spelling(wanted, records))}.",
            "",
            out,
        )
        out.write("\n")
    if title is None:
        sections = pose_progress(chosen, only=wanted)
        source = chosen
    else:
        source = [record for record in chosen if name_key(record.routine) == wanted]
        sections = pose_progress(source)
        sections.sort(key=lambda pose: _first_seen(pose, source))
    if request.fmt == "json":
        from hipcli.review.exports import json_text  # deferred: only JSON needs it

        data = [_pose_json(pose, source, victories, period) for pose in sections]
        if title is None:
            out.write(json_text(data[0] if data else None) + "\n")
        else:
            out.write(json_text({"routine": title, "poses": data}) + "\n")
        return 0
    if not sections:
        name = title or spelling(wanted, records)
        painter.sentence(visible(f"No holds of {name} recorded{period.words(today)}."), "", out)
        return 0
    if title is not None:
        heading = f"{visible(title)}: {len(sections)} pose{'s' if len(sections) != 1 else ''}"
        out.write(
            painter.style(painter.fit(heading + period.words(today), painter.width, pad=False), "1")
            + "\n\n"
        )
    for number, pose in enumerate(sections):
        if number:
            out.write("\n")
        weeks = weeks_held(source, pose.key, period.first_week, period.last_week)
        write_pose(
            pose,
            weeks,
            _about(pose, victories, source),
            out,
            painter,
            today=today,
            chart_heading=period.chart_heading(),
            period=period.words(today),
        )
    return 0


def _first_seen(pose: PoseProgress, records: Sequence[SessionRecord]) -> int:
    """Where a pose comes in its routine (by the newest session that holds it)."""
    for record in sorted(records, key=lambda r: r.started_at, reverse=True):
        for index, hold in enumerate(record.holds or ()):
            if name_key(hold.step) == pose.key:
                return index
    return 0


def _pose_json(
    pose: PoseProgress,
    source: Sequence[SessionRecord],
    victories: Sequence[Victory],
    period: _Period,
) -> dict[str, Any]:
    data = pose_to_json(pose, weeks_held(source, pose.key, period.first_week, period.last_week))
    data["noticed"] = [
        {"on": local_day(v.at).isoformat(), "kind": str(v.kind), "text": v.text}
        for v in _about(pose, victories, source)
    ]
    return data


def _about(
    pose: PoseProgress, victories: Sequence[Victory], source: Sequence[SessionRecord]
) -> list[Victory]:
    """The victories about `pose` in the sessions of `source`."""
    sessions = {record.id for record in source}
    return [
        v
        for v in victories
        if v.step is not None and name_key(v.step) == pose.key and v.session in sessions
    ]
