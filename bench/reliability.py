"""The reliability suite's long runs, with the figures docs/reliability.md publishes.

    .venv/bin/python bench/reliability.py            # the CI sizes (~1.5 minutes)
    .venv/bin/python bench/reliability.py --full     # the long runs (~25 minutes)
    .venv/bin/python bench/reliability.py --full --only crash routines
    .venv/bin/python bench/reliability.py --terminal # also `hipcli start` in tmux under load

Runs the same harnesses as `python -m pytest tests/reliability` (quick) and
`python -m pytest -m slow tests/reliability` (full), from tests/reliability/, and prints one
Markdown table: what was tried, how many times, what survived, how long it took. Seeds are fixed
(`--seed` changes them) so a failure can be replayed. Exit status 1 if anything failed; the
failures are printed below the table.

The terminal-injection and environment-fault tests are not counted runs: they are pytest tests
(`python -m pytest tests/reliability/test_injection.py tests/reliability/test_env_faults.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the harnesses live in tests/reliability/

from tests.reliability.concurrency import run_concurrency  # noqa: E402
from tests.reliability.crash import run_crash_harness  # noqa: E402
from tests.reliability.journal_fuzz import run_journal_fuzz, run_log_sample  # noqa: E402
from tests.reliability.routine_fuzz import (  # noqa: E402
    run_hypothesis,
    run_routine_fuzz,
    run_validate_sample,
)
from tests.reliability.support import cpu_hogs  # noqa: E402
from tests.reliability.timing import run_timing  # noqa: E402


@dataclass
class Row:
    """One line of the table."""

    test: str
    cases: str
    survived: str
    seconds: float
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sizes:
    """How much each part does."""

    kills: int
    writers: int
    appends: int
    big_records: bool
    routine_mutants: int
    hypothesis_examples: int
    validate_files: int
    journal_mutants: int
    log_journals: int
    timing_sessions: int


QUICK = Sizes(50, 8, 200, False, 5_000, 200, 200, 500, 5, 1)
FULL = Sizes(1_000, 8, 200, True, 250_000, 5_000, 5_000, 10_000, 100, 5)


def crash(sizes: Sizes, seed: int, work: Path) -> list[Row]:
    report = run_crash_harness(work, seed=seed, kills=sizes.kills)
    return [
        Row(
            "Crash safety: writers SIGKILLed at random moments",
            f"{report.kills} kills + {report.torn_by_writer} torn writes, {report.rounds} "
            f"journals ({report.journal_bytes / 1e6:.0f} MB)",
            f"{report.acknowledged:,} returned appends all present and intact; "
            f"{report.damaged_records} torn records ({report.damaged_by_kills} from the kills "
            f"themselves) reported with their line and skipped, none hiding another; "
            f"{report.landed_in_flight} in-flight appends landed whole; every next append worked",
            report.seconds,
            report.failures,
        )
    ]


def concurrency(sizes: Sizes, seed: int, work: Path) -> list[Row]:
    del seed
    rows = []
    for writers, appends, big in ((sizes.writers, sizes.appends, sizes.big_records),):
        report = run_concurrency(
            work / f"w{writers}", writers=writers, appends_each=appends, readers=3, big=big
        )
        rows.append(
            Row(
                f"Concurrency: {writers} processes × {appends} appends, `hipcli log` readers",
                f"{writers * appends:,} appends ({'records up to ~600 KB' if big else 'small'}), "
                f"{report.reader_runs} reader processes",
                f"{report.records:,} records, each once, whole, in each writer's order; file "
                f"byte-identical to the records one after another; tomllib parses it; readers "
                f"exit 0, showed {report.records_seen_by_readers:,} records, all exact; "
                f"{report.reads_meeting_a_write} reads met a record mid-write (reported, not "
                f"shown); reader median {report.reader_median_s:.2f} s",
                report.seconds,
                report.failures,
            )
        )
    return rows


def routines(sizes: Sizes, seed: int, work: Path) -> list[Row]:
    mutated = run_routine_fuzz(seed=seed, count=sizes.routine_mutants)
    documents = run_hypothesis(sizes.hypothesis_examples)
    began = time.monotonic()
    validated = run_validate_sample(work, seed=seed, count=sizes.validate_files)
    return [
        Row(
            "Hostile routines: byte/line mutants of the 22 built-ins, loader in-process",
            f"{mutated.inputs:,} inputs",
            f"no traceback; {mutated.valid:,} loaded, the rest refused with {mutated.problems:,} "
            f"problems, each naming its file and key or line; slowest input "
            f"{mutated.slowest_s * 1000:.1f} ms (bound 2 s)",
            mutated.seconds,
            mutated.failures,
        ),
        Row(
            "Hostile routines: hypothesis documents (format keys, values of any type)",
            f"{documents.inputs:,} inputs",
            f"no traceback; {documents.problems:,} problems, all located; slowest "
            f"{documents.slowest_s * 1000:.1f} ms",
            documents.seconds,
            documents.failures,
        ),
        Row(
            "Hostile routines: `hipcli validate FILE…` processes",
            f"{validated.files:,} files in {validated.processes} processes",
            f"exit 0/1, no traceback; printed exactly the loader's problems, one line each, "
            f"each starting with its file; slowest process {validated.slowest_process_s:.2f} s",
            time.monotonic() - began,
            validated.failures,
        ),
    ]


def journals(sizes: Sizes, seed: int, work: Path) -> list[Row]:
    fuzzed = run_journal_fuzz(work / "inprocess", seed, sizes.journal_mutants)
    began = time.monotonic()
    logged = run_log_sample(work / "processes", seed=seed, count=sizes.log_journals)
    return [
        Row(
            "Hostile journals: mutants of real journals (hostile notes), read + `log` in-process",
            f"{fuzzed.journals:,} journals, {fuzzed.log_runs:,} log views (6 views, pipe and "
            "terminal)",
            f"no exception; {fuzzed.records_read:,} records read, {fuzzed.problems_reported:,} "
            f"damaged records reported with their line; {fuzzed.intact_records_checked:,} "
            "untouched records all still read exactly; tail read = whole read; nothing "
            "terminal-active printed",
            fuzzed.seconds,
            fuzzed.failures,
        ),
        Row(
            "Hostile journals: `hipcli log --all` processes in every view",
            f"{logged.journals} journals × 6 views = {logged.processes} processes",
            f"exit 0/1, no traceback, every damaged record's line on stderr; slowest "
            f"{logged.slowest_process_s:.2f} s",
            time.monotonic() - began,
            logged.failures,
        ),
    ]


def timing(sizes: Sizes, seed: int, work: Path) -> list[Row]:
    del seed
    began = time.monotonic()
    report = asyncio.run(run_timing(work, sessions=sizes.timing_sessions, hogs=3))
    late = report.late_ms
    skipped = [run for run in report.runs if run.segments_ran != [0, 1, 2, 3, 4, 5]]
    cut = [run for run in report.runs if not run.all_ran_to_time]
    failures = [f"a session skipped or cut a segment: {run}" for run in skipped + cut]
    failures += [
        f"a bell rang {late * 1000:.1f} ms late"
        for run in report.runs
        for late in run.bells_late_s
        if not -0.01 < late < 0.1
    ]
    failures += [
        f"{len(run.bells_late_s)} bells, not 6" for run in report.runs if len(run.bells_late_s) != 6
    ]
    return [
        Row(
            "Timing under load: 8 s session, real clock, 3 CPU hogs on 2 cores",
            f"{len(report.runs)} sessions × 6 segments",
            f"no segment skipped or cut; the end (bell, 'Session complete') late by median "
            f"{statistics.median(late):.1f} ms, max {max(late):.1f} ms; latest of all 6 bells "
            f"{report.worst_bell_late_ms:.1f} ms; check-in on screen after the 1.5 s end pause: "
            f"median {statistics.median(report.check_in_late_ms):.1f} ms, max "
            f"{max(report.check_in_late_ms):.1f} ms",
            time.monotonic() - began,
            failures,
        )
    ]


def _tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, check=False, timeout=30
    )


def _watch(socket: str, wanted: str, timeout_s: float) -> float:
    """Poll the pane every ~5 ms; the moment `wanted` was first seen on it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if wanted in _tmux(socket, "capture-pane", "-p", "-t", "run").stdout:
            return time.monotonic()
        time.sleep(0.005)
    raise TimeoutError(f"{wanted!r} did not appear within {timeout_s} s")


def terminal_sessions_under_load(sessions: int = 3, hogs: int = 3) -> Row:
    """The real `hipcli start` in a tmux pane while CPU hogs run: from the first frame seen to
    "Session complete" seen, minus the plan (both ends carry the same poll and paint delays);
    then the check-in, Escape, the exit, and the record in the journal."""
    from tests.reliability.timing import PLANNED_S, TIMED_ROUTINE

    began = time.monotonic()
    socket = f"hipcli-reliability-{os.getpid()}"
    drifts: list[float] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hipcli-tmux-") as temp:
        config, data = Path(temp) / "config", Path(temp) / "data"
        (config / "routines").mkdir(parents=True)
        (config / "routines" / "timing.toml").write_text(TIMED_ROUTINE)
        command = (
            f"exec env HIPCLI_CONFIG_DIR={config} HIPCLI_DATA_DIR={data} TERM=xterm-256color "
            f"{sys.executable} -m hipcli start timing --quiet"
        )
        load = cpu_hogs(hogs)
        try:
            for _ in range(sessions):
                _tmux(socket, "new-session", "-d", "-s", "run", "-x", "100", "-y", "30", command)
                first = _watch(socket, "Step 1 of", 30)
                end = _watch(socket, "Session complete", PLANNED_S + 30)
                drifts.append((end - first - PLANNED_S) * 1000)
                _watch(socket, "How do you feel now?", 30)
                _tmux(socket, "send-keys", "-t", "run", "Escape")
                deadline = time.monotonic() + 10
                while _tmux(socket, "has-session", "-t", "run").returncode == 0:
                    if time.monotonic() > deadline:
                        failures.append("hipcli did not exit after Escape at the check-in")
                        _tmux(socket, "kill-session", "-t", "run")
                        break
                    time.sleep(0.01)
        except TimeoutError as error:
            failures.append(str(error))
        finally:
            load.stop_all()
            _tmux(socket, "kill-server")
        from hipcli.journal.read import read_journal

        records = read_journal(data / "journal.toml").records
        whole = [r for r in records if r.completed and r.active_s == float(PLANNED_S)]
        if len(whole) != sessions:
            failures.append(f"{len(whole)} of {sessions} sessions recorded complete, 8.0 s")
    shown = (
        f"median {statistics.median(drifts):.0f} ms, max {max(drifts):.0f} ms" if drifts else "-"
    )
    return Row(
        f"Timing under load, real terminal: `hipcli start` in tmux, {hogs} CPU hogs",
        f"{len(drifts)} sessions of {PLANNED_S} s",
        f"'Session complete' seen after the first frame, minus the plan: {shown} (5 ms "
        f"polling); each then showed the check-in, exited on Escape and was recorded complete "
        f"with active_s = {PLANNED_S}.0",
        time.monotonic() - began,
        failures,
    )


PARTS: dict[str, Callable[[Sizes, int, Path], list[Row]]] = {
    "crash": crash,
    "concurrency": concurrency,
    "routines": routines,
    "journals": journals,
    "timing": timing,
}


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| test | cases | what survived | time | failures |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row.test} | {row.cases} | {row.survived} | {row.seconds:.0f} s | "
            f"{len(row.failures)} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the parts asked for and print the table; 1 if anything failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the long runs")
    parser.add_argument("--only", nargs="+", choices=sorted(PARTS), help="run only these parts")
    parser.add_argument("--seed", type=int, help="default: 1 (full) or 20261121 (quick)")
    parser.add_argument(
        "--terminal", action="store_true", help="also time `hipcli start` in tmux under load"
    )
    args = parser.parse_args(argv)
    sizes = FULL if args.full else QUICK
    seed = args.seed if args.seed is not None else (1 if args.full else 20261121)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"{'full' if args.full else 'quick'} run, seed {seed}, {os.cpu_count()} cores, "
        f"load {load}, Python {sys.version.split()[0]}",
        flush=True,
    )
    rows: list[Row] = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hipcli-reliability-") as temp:
        for name in args.only or list(PARTS):
            print(f"… {name}", file=sys.stderr, flush=True)
            part_began = time.monotonic()
            try:
                done = PARTS[name](sizes, seed, Path(temp) / name)
            except Exception as error:  # noqa: BLE001 - a broken part is a row, not the end
                done = [Row(name, "-", "-", time.monotonic() - part_began, [repr(error)])]
            rows.extend(done)
            print(table(done), file=sys.stderr, flush=True)  # figures as they come
    if args.terminal:
        rows.append(terminal_sessions_under_load())
    print(table(rows))
    print(f"\nTotal {time.monotonic() - began:.0f} s.")
    failed = [failure for row in rows for failure in row.failures]
    for failure in failed[:50]:
        print(f"FAILED: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
