"""Which sessions a look back shows: the request, its filters, and the records chosen for it.

A session's day is the calendar day on which it started *in its own time zone* (the offset
stored with it), as the person lived it: a session at 23:30 in Berlin stays on that evening
when the journal is read later in New York. `--since`/`--until` and the stats use that day.

Two ways of choosing, by what the view needs:
- `recent`: the last sessions saved that match (read from the end of the journal, only as far
  as needed), newest first by start time;
- `newest_first`: every matching session, exactly newest first by start time, as a stream
  (whole-journal views: `--all`, the exports, `--id`).
Problems met on the way go to a callback as they are found, so a stream never holds them back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from hipcli.journal.location import JournalLocation, read_latest
from hipcli.journal.record import JournalProblem, SessionRecord
from hipcli.journal.stream import stream_in_order, stream_newest_first
from hipcli.literal import visible

Format = Literal["table", "json", "csv", "markdown"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "markdown")

LIMIT_HINT = (
    "-n takes how many recent sessions to show, 1 or more: -n 5 shows the last five, "
    "--all shows every one."
)
RECENT_MARGIN = 10  # read a few more than asked: two sessions saved out of start order


@dataclass(frozen=True)
class LogRequest:
    """What `hipcli log` was asked for."""

    journal: JournalLocation | Path
    limit: int | None = 20  # None = --all
    routine: str | None = None
    since: str | None = None  # raw text: "2026-11-01", "7d", "2w", "3m"
    until: str | None = None
    grep: str | None = None
    fmt: Format = "table"
    stats: bool = False
    oneline: bool = False
    session_id: str | None = None  # --id PREFIX
    weeks: int = 26  # --weeks N: the calendar of --stats
    show_streaks: bool = True  # the `show_streaks` setting
    device: str | None = None  # only the sessions of this machine (a journal folder)

    def journal_text(self) -> str:
        """The journal in a few words for messages: the folder, else the file."""
        journal = self.journal
        return journal.describe() if isinstance(journal, JournalLocation) else str(journal)


def session_day(record: SessionRecord) -> date:
    """The calendar day on which the session started, in its own time zone."""
    return record.started_at.date()


@dataclass(frozen=True)
class RoutineFilter:
    """What `--routine TEXT` names: the text itself (a routine seen in the journal may no longer
    be in the library), and the library's routine for it, or why there is none."""

    text: str
    name: str | None  # the library's routine for the text (by name, alias or title)
    unknown: str | None  # the library's did-you-mean message when it has no such routine

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The routine names (case-folded) a session may carry to match."""
        return frozenset({self.text.casefold()} | ({self.name.casefold()} if self.name else set()))

    def unknown_message(self, routines_seen: set[str]) -> str:
        """The library's did-you-mean, widened to the routines in the journal."""
        import difflib  # deferred: only a routine nowhere in the journal needs it

        close = difflib.get_close_matches(self.text.casefold(), sorted(routines_seen), 1)
        message = self.unknown or f"No routine named {self.text!r}."
        if close and close[0] not in message:
            message = f"No routine named {self.text!r} in your journal. Did you mean {close[0]!r}?"
        return visible(message)


def routine_filter(text: str) -> RoutineFilter:
    """Resolve `--routine TEXT` the way every command resolves a routine name."""
    from hipcli.routine import library  # deferred: only --routine needs the library

    try:
        return RoutineFilter(text, library.resolve(text).name, None)  # name, alias or title
    except library.UnknownRoutineError as error:
        return RoutineFilter(text, None, str(error))


@dataclass
class Filters:
    """The filters of a request, ready to test records; notes which routines the journal has."""

    routine: RoutineFilter | None = None
    since: date | None = None
    until: date | None = None
    grep: str | None = None  # case-folded
    id_prefix: str | None = None
    routines_seen: set[str] = field(default_factory=set)
    records_seen: int = 0

    def matches(self, record: SessionRecord) -> bool:
        """Whether `record` passes every filter (and note what the journal holds)."""
        self.records_seen += 1
        if self.routine is not None:
            routine = record.routine.casefold()
            self.routines_seen.add(routine)
            if routine not in self.routine.names:
                return False
        if self.since is not None or self.until is not None:
            day = record.started_at.date()
            if (self.since is not None and day < self.since) or (
                self.until is not None and day > self.until
            ):
                return False
        if self.id_prefix is not None and not record.id.startswith(self.id_prefix):
            return False
        needle = self.grep
        return (
            needle is None
            or needle in record.notes.casefold()
            or any(needle in tag.casefold() for tag in record.tags)
        )

    @property
    def active(self) -> bool:
        """Whether any filter narrows the journal."""
        return any(
            value is not None
            for value in (self.routine, self.since, self.until, self.grep, self.id_prefix)
        )

    def unknown_routine(self, chosen: int) -> str | None:
        """A did-you-mean message when `--routine` names no routine anyone knows, else None."""
        wanted = self.routine
        if wanted is None or wanted.name is not None or chosen:
            return None
        if wanted.text.casefold() in self.routines_seen:
            return None
        return wanted.unknown_message(self.routines_seen)


def make_filters(
    request: LogRequest, since: date | None, until: date | None, *, resolve: bool = True
) -> Filters:
    """The request's filters; `--routine` resolved against the library when `resolve`."""
    routine = None
    if request.routine is not None:
        routine = (
            routine_filter(request.routine) if resolve else RoutineFilter(request.routine, None, "")
        )
    return Filters(
        routine=routine,
        since=since,
        until=until,
        grep=request.grep.casefold() if request.grep is not None else None,
        id_prefix=request.session_id,
    )


ProblemSink = Callable[[JournalProblem], None]


@dataclass
class Recent:
    """The most recent matching sessions, newest first, whether there are more, and (from a
    journal folder) the machine each came from."""

    records: list[SessionRecord]
    more: bool
    devices: dict[str, str]


def recent(request: LogRequest, filters: Filters, limit: int, on_problem: ProblemSink) -> Recent:
    """The last `limit` matching sessions saved, newest first by start time."""
    contents = read_latest(
        request.journal, limit + RECENT_MARGIN, keep=filters.matches, device=request.device
    )
    for problem in contents.problems:
        on_problem(problem)
    ordered = sorted(
        enumerate(contents.records), key=lambda pair: (pair[1].started_at, pair[0]), reverse=True
    )
    chosen = [record for _, record in ordered]
    more = len(chosen) > limit or not contents.reached_start
    return Recent(chosen[:limit], more, dict(contents.devices))


def newest_first(
    request: LogRequest,
    filters: Filters,
    on_problem: ProblemSink,
    devices: dict[str, str] | None = None,
) -> Iterator[SessionRecord]:
    """Every matching session, newest first by start time, as they are read."""
    stream = stream_newest_first(request.journal, device=request.device, devices=devices)
    return _chosen(stream, filters, on_problem)


def in_file_order(
    request: LogRequest, filters: Filters, on_problem: ProblemSink
) -> Iterator[SessionRecord]:
    """Every matching session in the order they were saved (for views that need no order)."""
    stream = stream_in_order(request.journal, device=request.device)
    return _chosen(stream, filters, on_problem)


def _chosen(
    stream: Iterator[SessionRecord | JournalProblem], filters: Filters, on_problem: ProblemSink
) -> Iterator[SessionRecord]:
    """The records of `stream` that pass the filters; its problems to `on_problem`."""
    if filters.active:
        for item in stream:
            if isinstance(item, JournalProblem):
                on_problem(item)
            elif filters.matches(item):
                yield item
        return
    for item in stream:  # nothing to test: only counted (the whole journal, 100,000 records)
        if isinstance(item, JournalProblem):
            on_problem(item)
        else:
            filters.records_seen += 1
            yield item
