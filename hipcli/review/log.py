"""`hipcli log`: choose sessions from the journal and show them as entries (the default), one
line each (`--oneline`), one session whole (`--id`), as JSON, CSV or Markdown, or as stats with
pictures (`--stats`). Everything here is documented for users in docs/log.md.

Text from the journal is shown literally: never read as Rich markup, and control characters
(escape sequences, BEL, C1 controls, bidi overrides) are shown as escapes (`\\x1b`, by
`hipcli.literal.visible`, as everywhere in hipcli) in every view but the exact data exports
(`hipcli.review.exports`).
Whole-journal views stream: each session is written as it is read, so the first lines appear
at once and memory does not grow with the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TextIO

from hipcli.journal.location import JournalLocation
from hipcli.journal.record import JournalError, JournalProblem, SessionRecord
from hipcli.literal import visible
from hipcli.review.entries import write_entries, write_whole
from hipcli.review.exports import json_text, write_export, write_export_batches, write_rows
from hipcli.review.layout import Paint, colour_works, output_width, wrap
from hipcli.review.recent_log import write_recent_entries
from hipcli.review.rows import BUILDERS, export_batches
from hipcli.review.select import (
    LIMIT_HINT,
    Filters,
    LogRequest,
    make_filters,
    newest_first,
    recent,
)
from hipcli.review.table import write_table
from hipcli.review.when import WhenError, check_range, parse_when
from hipcli.review.whole_log import write_whole_journal
from hipcli.review.words import day_words

MAX_WEEKS = 520  # ten years of weeks in the calendar
ID_CHOICES = 5  # ids listed when a prefix fits several sessions


class ProblemReport:
    """Damaged records reported on stderr as they are met: `path:line: what — consequence.`
    (In a journal folder each problem names its own file; line 0 is a file that could not be
    read at all.)"""

    def __init__(self, request: LogRequest, err: TextIO) -> None:
        journal = request.journal
        self._path = journal.path if isinstance(journal, JournalLocation) else journal
        self._err = err
        self.count = 0

    def __call__(self, problem: JournalProblem) -> None:
        """Report one problem."""
        self.count += 1
        if problem.line == 0:
            message = visible(problem.message.rstrip("."))
            self._err.write(f"{message} — its sessions are not shown.\n")
            return
        where = visible(str(problem.path or self._path))
        outcome = "this record was skipped" if problem.in_record else "it was ignored"
        self._err.write(f"{where}:{problem.line}: {visible(problem.message)} — {outcome}.\n")

    def close(self) -> None:
        """Say once, after the problems, that hipcli changes nothing."""
        if self.count:
            self._err.write(
                "hipcli never changes what is already in the journal: fix or remove the "
                "lines above in a text editor if you wish.\n"
            )


def report_problems(
    problems: Iterable[JournalProblem], journal: JournalLocation | Path, err: TextIO
) -> None:
    """Each problem on its own line, then the one line that says hipcli changes nothing (for
    views that read before they report, like `hipcli progress`)."""
    report = ProblemReport(LogRequest(journal), err)
    for problem in problems:
        report(problem)
    report.close()


def no_sessions_sentence(request: LogRequest, routine: str | None) -> str:
    """ "No sessions of 'frog' since '7d' have 'calm' in their notes or tags." in plain words."""
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


def _empty_message(request: LogRequest, filters: Filters, problems: int) -> str:
    """What to say when no session is shown."""
    if not filters.records_seen and problems:
        return "No readable sessions in the journal — see the messages above.\n"
    if not filters.records_seen and request.routine is None:
        return (
            "No sessions in your journal yet.\n"
            "Begin one with `hipcli start pigeon`; `hipcli routines` lists them all.\n"
            f"(Journal: {visible(request.journal_text())})\n"
        )
    routine = None
    if filters.routine is not None:
        routine = filters.routine.name or filters.routine.text
    return visible(no_sessions_sentence(request, routine)) + "\n"


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except ValueError:  # a closed stream
        return False


def _check_request(request: LogRequest, today: date) -> tuple[date | None, date | None] | str:
    """The --since and --until days, or a usage message."""
    try:
        since = parse_when(request.since, today, "--since") if request.since is not None else None
        until = parse_when(request.until, today, "--until") if request.until is not None else None
        check_range(since, until)
    except WhenError as exc:
        return str(exc)
    if request.limit is not None and request.limit < 1:
        return LIMIT_HINT
    if not 1 <= request.weeks <= MAX_WEEKS:
        return f"--weeks takes a number of weeks from 1 to {MAX_WEEKS}, like --weeks 52."
    return since, until


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
    checked = _check_request(request, today)
    if isinstance(checked, str):
        err.write(f"hipcli: {checked}\n")
        return 2
    filters = make_filters(request, *checked)
    problems = ProblemReport(request, err)
    terminal = _is_terminal(out)
    width = width or output_width(out, terminal=terminal)
    paint = Paint(color and colour_works(out))
    try:
        if request.stats:
            return _stats(
                request, filters, problems, out, err, color=paint.on, today=today, width=width
            )
        if request.session_id is not None:
            return _one_session(request, filters, problems, out, err, paint=paint, width=width)
        devices: dict[str, str] = {}
        if (
            request.limit is None
            and request.fmt in BUILDERS
            and not filters.active
            and not (terminal and request.fmt == "csv")  # (cells made visible first)
        ):
            # the whole journal as JSON or CSV: each record written from its own text
            batches = export_batches(request, filters, problems, devices)
            first_batch = next(batches, None)
            if first_batch is None:
                return _nothing_shown(request, filters, problems, out, err)
            write_export_batches(request.fmt, chain([first_batch], batches), out)
            return 0
        several = len(_machines_ahead(request)) > 1  # (each heading names its machine)
        if (
            request.limit is None
            and request.fmt == "table"
            and not filters.active
            and not (several and request.oneline)
        ):  # the whole journal as entries or rows: each written from its own text
            shown_count = write_whole_journal(
                request,
                filters,
                problems,
                out,
                paint=paint,
                symbols=color,
                width=width,
                machines=several,
            )
            if not shown_count:
                return _nothing_shown(request, filters, problems, out, err)
            return 0
        if request.limit is None:
            shown: Iterable[SessionRecord] = newest_first(request, filters, problems, devices)
            more, machines = False, _machines_ahead(request)
        else:
            written = write_recent_entries(
                request, filters, request.limit, out, paint=paint, width=width
            )
            if written is not None:  # every session that matches: as --all writes them
                return 0 if written else _nothing_shown(request, filters, problems, out, err)
            chosen = recent(request, filters, request.limit, problems)
            shown, more, devices = chosen.records, chosen.more, chosen.devices
            machines = sorted({devices[r.id] for r in chosen.records if r.id in devices})
        machines = machines if len(machines) > 1 else []
        first, rest = _peek(iter(shown))
        if first is None:
            return _nothing_shown(request, filters, problems, out, err)
        records = chain([first], rest)
        if request.fmt != "table":
            write_export(request.fmt, records, out, terminal=terminal)
        elif request.oneline:
            hint = [r.title or r.routine for r in shown] if isinstance(shown, list) else []
            write_table(
                records,
                out,
                paint=paint,
                symbols=color,
                width=width,
                titles_hint=hint,
                machines=devices if machines else None,
                machine_names=machines,
            )
        else:
            write_entries(
                records, out, paint=paint, width=width, machines=devices if machines else None
            )
        if more and request.fmt == "table":
            footer = (
                f"Showing the {request.limit} most recent. `hipcli log -n N` or "
                "`hipcli log --all` shows more."
            )
            out.write("\n" + "\n".join(wrap(footer, width)) + "\n")
        return 0
    except JournalError as exc:
        err.write(f"hipcli: {visible(str(exc))}\n")
        return 1
    finally:
        problems.close()


def _machines_ahead(request: LogRequest) -> list[str]:
    """The machines whose sessions a whole-journal view may show (known before the first is
    read: the machines whose files hold sessions)."""
    if not isinstance(request.journal, JournalLocation) or not request.journal.is_folder:
        return []
    if request.device is not None:
        return []
    return request.journal.devices()


def _peek(records: Iterator[SessionRecord]) -> tuple[SessionRecord | None, Iterator[SessionRecord]]:
    """The first record (reading up to it), and the rest."""
    return next(records, None), records


def _nothing_shown(
    request: LogRequest, filters: Filters, problems: ProblemReport, out: TextIO, err: TextIO
) -> int:
    """No session to show: an empty export, a plain sentence, or a usage error for a routine
    nobody knows (exit 2)."""
    unknown = filters.unknown_routine(0)
    if unknown is not None:
        err.write(unknown + "\n")
        return 2
    if request.fmt != "table":
        write_export(request.fmt, [], out, terminal=_is_terminal(out))
    else:
        out.write(_empty_message(request, filters, problems.count))
    return 0


def _one_session(
    request: LogRequest,
    filters: Filters,
    problems: ProblemReport,
    out: TextIO,
    err: TextIO,
    *,
    paint: Paint,
    width: int,
) -> int:
    """`--id PREFIX`: the one session whose id starts so, whole; exit 2 for none or several."""
    prefix = request.session_id or ""
    found = list(newest_first(request, filters, problems))
    if len(found) != 1:
        if not found:
            err.write(
                f"No session has an id beginning {visible(repr(prefix))}. "
                "`hipcli log --oneline` lists them, and `--format json` shows each id.\n"
            )
        else:
            listed = ", ".join(visible(record.id) for record in found[:ID_CHOICES])
            more = ", …" if len(found) > ID_CHOICES else ""
            err.write(
                f"{len(found)} sessions have an id beginning {visible(repr(prefix))}: "
                f"{listed}{more}. Give more of the id.\n"
            )
        return 2
    if request.fmt != "table":
        write_export(request.fmt, found, out, terminal=_is_terminal(out))
    else:
        write_whole(found[0], out, paint=paint, width=width)
    return 0


def _stats(
    request: LogRequest,
    filters: Filters,
    problems: ProblemReport,
    out: TextIO,
    err: TextIO,
    *,
    color: bool,
    today: date,
    width: int,
) -> int:
    from hipcli.review.select import in_file_order
    from hipcli.review.stats import compute_stats, stats_to_json
    from hipcli.review.stats_rows import whole_journal

    if filters.active:
        stats = compute_stats(in_file_order(request, filters, problems), today)
    else:  # the whole journal: of each record only what the stats count
        stats = compute_stats(whole_journal(request, filters, problems), today)
    unknown = filters.unknown_routine(stats.sessions_total)
    if unknown is not None:
        err.write(unknown + "\n")
        return 2
    if request.fmt == "json":
        out.write(json_text(stats_to_json(stats)) + "\n")
        return 0
    if request.fmt == "csv":
        rows = [{"measure": key, "value": value} for key, value in stats_to_json(stats).items()]
        write_rows("csv", ["measure", "value"], rows, out, terminal=_is_terminal(out))
        return 0
    if not stats.sessions_total:
        out.write(_empty_message(request, filters, problems.count))
        return 0
    from hipcli.review.stats_text import render_stats, write_stats_markdown  # deferred: Rich

    wanted = [
        (name, value)
        for name, value in (
            ("routine", request.routine),
            ("since", request.since),
            ("until", request.until),
            ("containing", request.grep),
        )
        if value is not None
    ]
    filtered = f" ({', '.join(f'{name} {value!r}' for name, value in wanted)})" if wanted else ""
    heading = visible(f"Your practice{filtered}, as of {day_words(today)}")
    if request.fmt == "markdown":
        write_stats_markdown(
            stats, out, heading=heading, weeks=request.weeks, show_streaks=request.show_streaks
        )
    else:
        render_stats(
            stats,
            out,
            color=color,
            width=width,
            heading=heading,
            weeks=request.weeks,
            show_streaks=request.show_streaks,
        )
    return 0
