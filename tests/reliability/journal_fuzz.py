"""Hostile journal files: real journals (written by `append_session`, with hostile titles, tags and
notes) mutated at the byte and line level, then read and shown in every format.

For each mutant:
- reading never raises; the tail reader agrees with the whole read;
- every record whose text survived the mutation untouched is still read, exactly as written
  (damage never hides another record);
- every line that is exactly `[[session]]` starts a record that is read or a problem that is
  reported with that line (damage is never silent);
- `hipcli log --all` in every format (table, json, csv, markdown, --stats, --stats as JSON) exits
  0 or 1, names the line of every problem on stderr, and prints nothing a terminal would act on:
  in-process for every mutant (also as if on a terminal, colour on), and as a real process for a
  sample.
"""

from __future__ import annotations

import csv
import io
import json
import random
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from hipcli.journal.append import append_session
from hipcli.journal.read import read_journal, read_recent
from hipcli.journal.record import JournalContents, SessionRecord, format_record
from hipcli.review.log import LogRequest, run_log
from tests.reliability.batches import run_in_batches
from tests.reliability.mutate import mutant
from tests.reliability.records import writer_record
from tests.reliability.support import find_unsafe_bytes, hipcli_env, run_hipcli

TODAY = date(2026, 3, 1)
VIEWS: tuple[tuple[str, ...], ...] = (
    ("--format", "table"),
    ("--format", "json"),
    ("--format", "csv"),
    ("--format", "markdown"),
    ("--stats",),
    ("--stats", "--format", "json"),
)


def base_records() -> list[list[SessionRecord]]:
    """The records of the seed journals: three journals of hostile sessions."""
    journals = []
    for number, size in enumerate((6, 12, 20)):
        records = [writer_record(f"j{number}", index, big=False) for index in range(size)]
        # one with fields from a newer version, passed through, never dropped
        records[1] = replace(records[1], extra={"breath_rate": 5.5, "place": "[b]mat\x1b[0m"})
        journals.append(records)
    return journals


def seed_journals(directory: Path) -> list[bytes]:
    """The seed journals as files written by `append_session`; their bytes."""
    contents = []
    for number, records in enumerate(base_records()):
        path = directory / f"seed-{number}.toml"
        path.unlink(missing_ok=True)
        for record in records:
            append_session(path, record)
        contents.append(path.read_bytes())
    return contents


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal, as stdout on a screen does."""

    def isatty(self) -> bool:
        return True


@dataclass
class JournalFuzzReport:
    """Counts and failures of a journal fuzz run."""

    journals: int = 0
    records_read: int = 0
    problems_reported: int = 0
    intact_records_checked: int = 0
    log_runs: int = 0
    slowest_s: float = 0.0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, other: JournalFuzzReport) -> None:
        """Fold in a batch's report."""
        self.journals += other.journals
        self.records_read += other.records_read
        self.problems_reported += other.problems_reported
        self.intact_records_checked += other.intact_records_checked
        self.log_runs += other.log_runs
        self.slowest_s = max(self.slowest_s, other.slowest_s)
        self.failures.extend(other.failures)


def _chunks_at_plain_headers(data: bytes) -> list[tuple[int, bytes]]:
    """(line, text) of each part of `data` that begins with a line that is exactly
    `[[session]]`, up to the next such line (trailing blank lines dropped)."""
    lines = data.split(b"\n")
    starts = [n for n, line in enumerate(lines) if line == b"[[session]]"]
    chunks = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        chunks.append((start + 1, b"\n".join(lines[start:end]).rstrip(b"\n")))
    return chunks


def check_journal_file(
    path: Path, originals: dict[bytes, SessionRecord], label: str, report: JournalFuzzReport
) -> None:
    """Read one (mutated) journal every way and check what comes out."""
    began = time.perf_counter()
    data = path.read_bytes()
    try:
        whole = read_journal(path)
        tails = [read_recent(path, n) for n in (3, 20)]
    except Exception as error:  # noqa: BLE001 - any exception is what we hunt for
        report.failures.append(f"{label}: reading raised {type(error).__name__}: {error}")
        return
    report.journals += 1
    report.records_read += len(whole.records)
    report.problems_reported += len(whole.problems)
    whole_ids = [record.id for record in whole.records]
    for n, tail in zip((3, 20), tails, strict=True):
        if [record.id for record in tail.records] != whole_ids[-n:]:
            report.failures.append(f"{label}: the last {n} differ from the whole read")
        if not set(tail.problems) <= set(whole.problems):
            report.failures.append(f"{label}: the tail reports problems the whole read does not")
    by_line = {record.line: record for record in whole.records}
    problem_lines = {problem.line for problem in whole.problems}
    for line, text in _chunks_at_plain_headers(data):
        original = originals.get(text)
        if original is not None:
            report.intact_records_checked += 1
            found = by_line.get(line)
            if found is None or replace(found, line=0) != original:
                report.failures.append(f"{label}: the intact record at line {line} was not read")
        elif line not in by_line and line not in problem_lines:
            report.failures.append(f"{label}: line {line} starts a record, yet nothing is said")
    _check_log_views(path, whole, label, report)
    report.slowest_s = max(report.slowest_s, time.perf_counter() - began)


def _check_log_views(
    path: Path, contents: JournalContents, label: str, report: JournalFuzzReport
) -> None:
    for view in VIEWS:
        stats = "--stats" in view
        fmt = view[-1] if "--format" in view else "table"
        for terminal in (False, True):
            out: io.StringIO = _Terminal() if terminal else io.StringIO()
            err = io.StringIO()
            request = LogRequest(journal=path, limit=None, fmt=fmt, stats=stats)  # type: ignore[arg-type]
            try:
                code = run_log(request, out, err, color=terminal, today=TODAY, width=100)
            except Exception as error:  # noqa: BLE001
                report.failures.append(
                    f"{label}: log {view} raised {type(error).__name__}: {error}"
                )
                continue
            report.log_runs += 1
            where = f"{label}: log {' '.join(view)}{' on a terminal' if terminal else ''}"
            if code not in (0, 1):
                report.failures.append(f"{where} exited {code}")
            text, messages = out.getvalue(), err.getvalue()
            for problem in contents.problems:
                if f"{path}:{problem.line}: " not in messages:
                    report.failures.append(f"{where} did not report line {problem.line}")
            exact_csv = fmt == "csv" and not terminal
            unsafe = find_unsafe_bytes(
                (messages + ("" if exact_csv else text)).encode(), allow_sgr=terminal
            )
            if unsafe:
                report.failures.append(f"{where} printed {unsafe}")
            if fmt == "json" and not stats and len(json.loads(text)) != len(contents.records):
                report.failures.append(f"{where}: the JSON has another number of records")
            if exact_csv and len(list(csv.reader(io.StringIO(text)))) != len(contents.records) + 1:
                report.failures.append(f"{where}: the CSV has another number of rows")


def run_batch(workdir: Path, seed: int, start: int, count: int) -> JournalFuzzReport:
    """Mutants `start` .. `start + count` of run `seed`, checked in this process."""
    workdir.mkdir(parents=True, exist_ok=True)
    seeds = seed_journals(workdir)
    originals = {
        format_record(record).encode().rstrip(b"\n"): record
        for records in base_records()
        for record in records
    }
    report = JournalFuzzReport()
    path = workdir / "mutant.toml"
    for index in range(start, start + count):
        path.write_bytes(mutant(seeds, seed, index))
        label = f"seed {seed} journal mutant {index}"
        try:
            check_journal_file(path, originals, label, report)
        except Exception as error:  # noqa: BLE001 - a failure of a check, kept as a finding
            report.failures.append(f"{label}: checking raised {type(error).__name__}: {error}")
    return report


def run_journal_fuzz(
    workdir: Path,
    seed: int,
    count: int,
    *,
    workers: int = 2,
    batch: int = 500,
    batch_timeout_s: float = 600,
) -> JournalFuzzReport:
    """`count` mutated journals in forked workers, each batch under a time limit."""

    def one_batch(start: int, size: int) -> JournalFuzzReport:
        return run_batch(workdir / f"worker-{start}", seed, start, size)

    return run_in_batches(
        one_batch,
        JournalFuzzReport(),
        count=count,
        batch=batch,
        workers=workers,
        batch_timeout_s=batch_timeout_s,
        label=f"seed {seed} journal mutants",
    )


@dataclass
class LogProcessReport:
    """What the `hipcli log` processes did."""

    journals: int = 0
    processes: int = 0
    slowest_process_s: float = 0.0
    failures: list[str] = field(default_factory=list)


def run_log_sample(workdir: Path, *, seed: int, count: int) -> LogProcessReport:
    """`count` mutated journals (beyond the in-process ones), each through `hipcli log --all` in
    every view as a real process."""
    workdir.mkdir(parents=True, exist_ok=True)
    seeds = seed_journals(workdir)
    env = hipcli_env(workdir / "home")
    report = LogProcessReport()
    rng = random.Random(seed)
    for index in range(count):
        path = workdir / f"log-mutant-{index}.toml"
        path.write_bytes(mutant(seeds, seed, 50_000_000 + index))
        problems = read_journal(path).problems
        report.journals += 1
        for view in rng.sample(VIEWS, len(VIEWS)):
            began = time.monotonic()
            result = run_hipcli("log", "--all", *view, "--journal", str(path), env=env, timeout=120)
            report.slowest_process_s = max(report.slowest_process_s, time.monotonic() - began)
            report.processes += 1
            stderr = result.stderr.decode("utf-8", "replace")
            where = f"hipcli log --all {' '.join(view)} on {path.name}"
            if result.returncode not in (0, 1) or "Traceback" in stderr:
                report.failures.append(f"{where}: exit {result.returncode}: {stderr[-800:]}")
                continue
            for problem in problems:
                if f"{path}:{problem.line}: " not in stderr:
                    report.failures.append(f"{where} did not report line {problem.line}")
            shown = result.stderr + (b"" if "csv" in view else result.stdout)
            unsafe = find_unsafe_bytes(shown)
            if unsafe:
                report.failures.append(f"{where} printed {unsafe}")
    return report
