"""`hipcli log`: choose sessions from the journal and show them as a table, JSON, CSV, Markdown,
or as stats. Everything here is documented for users in docs/log.md.

Text from the journal is shown literally: never read as Rich markup, and control characters
(escape sequences, BEL, C1 controls, bidi overrides) are shown as escapes (`\\x1b`, by
`hipcli.literal.visible`, as everywhere in hipcli) in the table and in Markdown, so they can't act
on the terminal. The exports (JSON, CSV, Markdown) live in `hipcli.review.exports`.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from hipcli.journal.location import JournalLocation, read_all, read_latest
from hipcli.journal.record import JournalError, JournalProblem, SessionRecord
from hipcli.literal import visible

# the exports moved to hipcli.exports; their names stay importable from here
from hipcli.review.exports import FORMATS as FORMATS
from hipcli.review.exports import Format as Format
from hipcli.review.exports import cell_text as cell_text
from hipcli.review.exports import json_text as json_text
from hipcli.review.exports import write_export as write_export
from hipcli.review.exports import write_rows as write_rows
from hipcli.review.stats import compute_stats, render_stats, stats_to_json
from hipcli.review.table import length_text as length_text
from hipcli.review.table import write_table
from hipcli.review.when import WhenError, check_range, parse_when

LIMIT_HINT = (
    "-n takes how many recent sessions to show, 1 or more: -n 5 shows the last five, "
    "--all shows every one."
)


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
    device: str | None = None  # only the sessions of this machine (a journal folder)


def local_day(record: SessionRecord) -> date:
    """The local calendar day on which the session started."""
    return record.started_at.astimezone().date()


@dataclass(frozen=True)
class RoutineFilter:
    """What `--routine TEXT` names: the text itself (a routine seen in the journal may no longer
    be in the library), and the library's routine for it, or why there is none."""

    text: str
    name: str | None  # the library's routine for the text (by name, alias or title)
    unknown: str | None  # the library's did-you-mean message when it has no such routine

    def names(self) -> set[str]:
        """The routine names (case-folded) a session may carry to match."""
        return {self.text.casefold()} | ({self.name.casefold()} if self.name else set())


def routine_filter(text: str) -> RoutineFilter:
    """Resolve `--routine TEXT` the way every command resolves a routine name."""
    from hipcli.routine import library  # deferred: only --routine needs the library

    try:
        return RoutineFilter(text, library.resolve(text).name, None)  # name, alias or title
    except library.UnknownRoutineError as error:
        return RoutineFilter(text, None, str(error))


def _matcher(
    request: LogRequest, wanted: RoutineFilter | None, since: date | None, until: date | None
) -> Callable[[SessionRecord], bool]:
    routines = wanted.names() if wanted is not None else None
    needle = request.grep.casefold() if request.grep is not None else None

    def matches(record: SessionRecord) -> bool:
        if routines is not None and record.routine.casefold() not in routines:
            return False
        if since is not None or until is not None:
            day = local_day(record)
            if (since is not None and day < since) or (until is not None and day > until):
                return False
        return (
            needle is None
            or needle in record.notes.casefold()
            or any(needle in tag.casefold() for tag in record.tags)
        )

    return matches


def report_problems(
    problems: Iterable[JournalProblem], journal: JournalLocation | Path, err: TextIO
) -> None:
    """Each problem on its own line, `path:line: what is wrong — consequence.` (In a journal
    folder each problem names its own file; line 0 is a file that could not be read at all.)"""
    path = journal.path if isinstance(journal, JournalLocation) else journal
    count = 0
    for problem in problems:
        where = visible(str(problem.path or path))
        if problem.line == 0:
            message = visible(problem.message.rstrip("."))
            err.write(f"{message} — its sessions are not shown.\n")
            count += 1
            continue
        outcome = "this record was skipped" if problem.in_record else "it was ignored"
        err.write(f"{where}:{problem.line}: {visible(problem.message)} — {outcome}.\n")
        count += 1
    if count:
        err.write(
            "hipcli never changes what is already in the journal: fix or remove the "
            "lines above in a text editor if you wish.\n"
        )


def _empty_message(request: LogRequest, journal_has_records: bool, problems: bool) -> str:
    """What to say when no session is shown."""
    if not journal_has_records and problems:
        return "No readable sessions in the journal — see the messages above.\n"
    if not journal_has_records and request.routine is None:
        return (
            "No sessions in your journal yet.\n"
            "Begin one with `hipcli start pigeon`; `hipcli routines` lists them all.\n"
            f"(Journal: {visible(_journal_text(request.journal))})\n"
        )
    routine = None
    if request.routine is not None:
        routine = routine_filter(request.routine).name or request.routine
    return visible(no_sessions_sentence(request, routine)) + "\n"


def _journal_text(journal: JournalLocation | Path) -> str:
    return journal.describe() if isinstance(journal, JournalLocation) else str(journal)


def no_sessions_sentence(request: LogRequest, routine: str | None) -> str:
    """ "No sessions of 'frog' from 2026-11-01 contain 'calm'." in plain words."""
    sentence = "No sessions"
    if routine is not None:
        sentence += f" of {routine!r}"
    if request.since is not None and request.until is not None:
        sentence += f" between {request.since!r} and {request.until!r}"
    elif request.since is not None:
        sentence += f" since {request.since!r}"
    elif request.until is not None:
        sentence += f" up to {request.until!r}"
    if request.grep is not None:
        return sentence + f" have {request.grep!r} in their notes or tags."
    return sentence + (" yet." if routine is not None and request.since is None else ".")


def _unknown_routine(wanted: RoutineFilter, routines_seen: set[str]) -> str:
    """The library's did-you-mean, widened to the routines in the journal."""
    close = difflib.get_close_matches(wanted.text.casefold(), sorted(routines_seen), 1)
    message = wanted.unknown or f"No routine named {wanted.text!r}."
    if close and close[0] not in message:
        message = f"No routine named {wanted.text!r} in your journal. Did you mean {close[0]!r}?"
    return visible(message) + "\n"


def run_log(
    request: LogRequest,
    out: TextIO,
    err: TextIO,
    *,
    color: bool,
    today: date | None = None,
    width: int | None = None,
) -> int:
    """Carry out `hipcli log`: write the report to `out`, messages to `err`; the exit code."""
    today = today or date.today()
    try:
        since = parse_when(request.since, today, "--since") if request.since is not None else None
        until = parse_when(request.until, today, "--until") if request.until is not None else None
        check_range(since, until)
    except WhenError as exc:
        err.write(f"hipcli: {exc}\n")
        return 2
    if request.limit is not None and request.limit < 1:
        err.write(f"hipcli: {LIMIT_HINT}\n")
        return 2
    wanted = routine_filter(request.routine) if request.routine is not None else None
    matches = _matcher(request, wanted, since, until)
    routines_seen: set[str] = set()

    def keep(record: SessionRecord) -> bool:
        routines_seen.add(record.routine.casefold())
        return matches(record)

    try:
        if request.stats or request.limit is None:
            contents = read_all(request.journal, device=request.device)
            chosen = [record for record in contents.records if keep(record)]
        else:
            # a margin beyond the limit: sessions are shown by start time, and the file is in
            # the order they ended (two sessions can overlap)
            contents = read_latest(
                request.journal, request.limit * 2 + 10, keep=keep, device=request.device
            )
            chosen = contents.records
    except JournalError as exc:
        err.write(f"hipcli: {visible(str(exc))}\n")
        return 1
    report_problems(contents.problems, request.journal, err)
    if (
        wanted is not None
        and wanted.name is None
        and not chosen
        and wanted.text.casefold() not in routines_seen
    ):
        # neither the library nor the journal knows the routine: a usage error, as elsewhere
        err.write(_unknown_routine(wanted, routines_seen))
        return 2
    newest_first = [
        record
        for _, record in sorted(
            enumerate(chosen), key=lambda pair: (pair[1].started_at, pair[0]), reverse=True
        )
    ]
    if request.stats:
        return _show_stats(
            request,
            newest_first,
            out,
            err,
            color=color,
            today=today,
            has_records=bool(routines_seen),
            problems=bool(contents.problems),
        )
    shown = newest_first if request.limit is None else newest_first[: request.limit]
    if request.fmt != "table":
        write_export(request.fmt, shown, out, terminal=_is_terminal(out))
        return 0
    if not shown:
        out.write(_empty_message(request, bool(routines_seen), bool(contents.problems)))
        return 0
    more = len(newest_first) > len(shown) or not contents.reached_start
    width = width or shutil.get_terminal_size((100, 24)).columns
    write_table(shown, out, color=color, width=width, devices=contents.devices)
    if more and request.limit:
        out.write(
            f"\nShowing the {request.limit} most recent. `hipcli log -n N` or "
            "`hipcli log --all` shows more.\n"
        )
    return 0


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except ValueError:  # a closed stream
        return False


def _show_stats(
    request: LogRequest,
    records: Sequence[SessionRecord],
    out: TextIO,
    err: TextIO,
    *,
    color: bool,
    today: date,
    has_records: bool,
    problems: bool,
) -> int:
    stats = compute_stats(records, today)
    if request.fmt == "json":
        out.write(json_text(stats_to_json(stats)) + "\n")
    elif request.fmt != "table":
        rows = [{"measure": key, "value": value} for key, value in stats_to_json(stats).items()]
        write_rows(request.fmt, ["measure", "value"], rows, out, terminal=_is_terminal(out))
    elif not records:
        out.write(_empty_message(request, has_records, problems))
    else:
        filters = [
            f"{name} {value!r}"
            for name, value in (
                ("routine", request.routine),
                ("since", request.since),
                ("until", request.until),
                ("containing", request.grep),
            )
            if value is not None
        ]
        heading = "Your practice" + (f" ({visible(', '.join(filters))})" if filters else "")
        render_stats(stats, out, color=color, heading=f"{heading}, as of {today.isoformat()}")
    return 0
