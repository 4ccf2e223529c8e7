"""Concurrency: many hipcli processes appending to one journal at once, with `hipcli log` readers
running as processes all the while.

Afterwards the journal holds every record exactly once, each writer's in its order, and the file
is exactly the records hipcli formats, one after another with a blank line between: so no two
appends interleaved. It parses whole with tomllib too. Every reader exited 0 without a traceback,
and every record it printed is one a writer wrote, whole and exact.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from hipcli.journal.read import read_journal
from hipcli.journal.record import format_record, record_to_dict
from tests.reliability.records import parse_id, record_id, writer_record
from tests.reliability.support import REPO, children, hipcli_command, hipcli_env

WRITER = [sys.executable, "-m", "tests.reliability.append_writer"]


@dataclass
class ConcurrencyReport:
    """What a run found."""

    writers: int
    appends_each: int
    big: bool  # records of every size (up to ~600 KB), else a few hundred bytes each
    records: int = 0
    reader_runs: int = 0
    records_seen_by_readers: int = 0
    reads_meeting_a_write: int = 0  # a reader that reported a record mid-write (not shown)
    reader_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def reader_median_s(self) -> float:
        """The median time of one `hipcli log --all --format json` while the writers run."""
        return statistics.median(self.reader_seconds) if self.reader_seconds else 0.0


def _check_reader(result: subprocess.CompletedProcess[bytes], report: ConcurrencyReport) -> None:
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0 or "Traceback" in stderr:
        report.failures.append(f"a reader exited {result.returncode}: {stderr[-800:]}")
        return
    if "this record was skipped" in stderr:
        report.reads_meeting_a_write += 1
    try:
        shown = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        report.failures.append(f"a reader printed JSON that does not parse: {error}")
        return
    ids = [item.get("id") for item in shown]
    if len(ids) != len(set(ids)):
        report.failures.append("a reader showed a record twice")
    for item in shown:
        name, index = parse_id(item["id"])
        if item != record_to_dict(writer_record(name, index, big=report.big)):
            report.failures.append(f"a reader showed {item['id']} other than it was written")
    report.records_seen_by_readers += len(shown)


def run_concurrency(
    workdir: Path, *, writers: int, appends_each: int, readers: int = 2, big: bool = False
) -> ConcurrencyReport:
    """`writers` processes × `appends_each` appends on one journal, `readers` reading meanwhile."""
    report = ConcurrencyReport(writers, appends_each, big)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "journal.toml"
    env = hipcli_env(workdir / "home")
    reader_command = hipcli_command("log", "--all", "--format", "json", "--journal", str(path))
    started = time.monotonic()
    with children() as kids:
        running = [
            kids.start(
                [*WRITER, str(path), f"c{n}", str(appends_each), *([] if big else ["--small"])],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=REPO,
            )
            for n in range(writers)
        ]
        # Readers write to files, not pipes: a pipe nobody reads until the end would fill up.
        reading: list[tuple[subprocess.Popen[bytes], float, Path]] = []
        while any(writer.poll() is None for writer in running) or reading:
            for entry in list(reading):
                process, began, out = entry
                if process.poll() is not None:
                    report.reader_seconds.append(time.monotonic() - began)
                    result = subprocess.CompletedProcess(
                        [],
                        process.returncode,
                        out.read_bytes(),
                        out.with_suffix(".err").read_bytes(),
                    )
                    _check_reader(result, report)
                    reading.remove(entry)
            writing = any(writer.poll() is None for writer in running)
            while writing and len(reading) < readers:
                report.reader_runs += 1
                out = workdir / f"reader-{report.reader_runs % 8}.out"
                with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
                    process = kids.start(reader_command, stdout=stdout, stderr=stderr, env=env)
                reading.append((process, time.monotonic(), out))
            time.sleep(0.01)
            if time.monotonic() - started > 600:
                report.failures.append("the writers did not finish within 10 minutes")
                return report
        for n, writer in enumerate(running):
            written, err = writer.communicate()
            printed = written.decode().split()
            if writer.returncode != 0:
                report.failures.append(f"writer c{n} exited {writer.returncode}: {err[-800:]!r}")
            if printed != [record_id(f"c{n}", index) for index in range(appends_each)]:
                report.failures.append(f"writer c{n} acknowledged {len(printed)} appends")
    report.seconds = time.monotonic() - started
    _check_journal(path, report)
    return report


def _check_journal(path: Path, report: ConcurrencyReport) -> None:
    contents = read_journal(path)
    report.records = len(contents.records)
    if contents.problems:
        report.failures.append(f"{len(contents.problems)} damaged records: {contents.problems[:3]}")
    ids = [record.id for record in contents.records]
    expected = {
        record_id(f"c{n}", index)
        for n in range(report.writers)
        for index in range(report.appends_each)
    }
    if len(ids) != len(set(ids)) or set(ids) != expected:
        report.failures.append(f"{len(ids)} records, {len(set(ids))} distinct, {len(expected)} due")
    for n in range(report.writers):
        mine = [parse_id(ident)[1] for ident in ids if parse_id(ident)[0] == f"c{n}"]
        if mine != sorted(mine):
            report.failures.append(f"writer c{n}'s records are out of order")
    records = [replace(record, line=0) for record in contents.records]
    if any(record != writer_record(*parse_id(record.id), big=report.big) for record in records):
        report.failures.append("a record is not as it was written")
    # Byte for byte: the records as hipcli formats them, separated by one blank line.
    whole = "\n".join(format_record(record) for record in records).encode()
    if path.read_bytes() != whole:
        report.failures.append("the file is not the appended records one after another")
    if len(tomllib.loads(path.read_text(encoding="utf-8")).get("session", [])) != len(ids):
        report.failures.append("tomllib reads another number of records")
