"""Crash safety: hipcli processes appending to one journal, killed with SIGKILL at random moments.

Each kill starts a fresh writer (`append_writer`) on the round's journal and kills it at a seeded
random moment: either any time from its start (often while Python is still starting), or a random
delay after its first append returned (mid-append, mid-fsync, between appends). Every few kills a
writer instead leaves a torn record itself (a seeded random part of its next record, written
under the lock, then SIGKILL), so that every run meets torn records even when no random kill
happens to cut a write. After every kill the journal is checked:

- every id a writer printed (its append had returned) is in the journal, with exactly the content
  that writer appended; each writer's records are its first N, in order, no duplicates;
- at most one record per killed writer is missing or damaged (the one in flight), and each damage
  is reported as a problem whose line is where that record starts;
- the tail reader agrees with the whole read; and the next append (the next writer) works.

At the end of each round a clean append is made and `hipcli log --all` is run as a process: it
exits 0, prints every record, and names the line of each damaged one on stderr.
"""

from __future__ import annotations

import json
import random
import selectors
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from hipcli.journal.append import append_session
from hipcli.journal.read import read_journal, read_recent
from tests.reliability.records import parse_id, record_id, writer_record
from tests.reliability.support import REPO, children, hipcli_command, hipcli_env, stop

WRITER = [sys.executable, "-m", "tests.reliability.append_writer"]


@dataclass
class CrashReport:
    """What a run of the harness did and found."""

    kills: int = 0  # random SIGKILLs from outside
    torn_by_writer: int = 0  # writers that tore their own record, then died
    rounds: int = 0
    acknowledged: int = 0  # appends that returned before the kill
    landed_in_flight: int = 0  # appends cut off by the kill after their write had landed whole
    damaged_records: int = 0  # torn records found, reported and skipped
    damaged_by_kills: int = 0  # of those, left by random kills (not by the tearing writers)
    journal_bytes: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


class _Lines:
    """The lines a writer prints, read as they come; an unfinished last line is no promise."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self._stream = process.stdout
        self._buffer = b""
        self.lines: list[str] = []

    def _take(self, chunk: bytes) -> None:
        *complete, self._buffer = (self._buffer + chunk).split(b"\n")
        self.lines.extend(line.decode() for line in complete)

    def wait_for(self, count: int, timeout: float) -> None:
        """Read until `count` lines have come, the stream ends or `timeout` passes."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self._stream, selectors.EVENT_READ)
            while len(self.lines) < count:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return
                chunk = self._stream.read1(65536)  # type: ignore[attr-defined]
                if not chunk:
                    return
                self._take(chunk)

    def read_rest(self) -> list[str]:
        """Every complete line, once the writer is dead."""
        self._take(self._stream.read())
        return self.lines


def check_journal(path: Path, acknowledged: dict[str, int], report: CrashReport) -> int:
    """Check the journal against what each writer acknowledged; return the damaged count."""
    contents = read_journal(path)
    seen: dict[str, list[int]] = {}
    for record in contents.records:
        name, index = parse_id(record.id)
        seen.setdefault(name, []).append(index)
        expected = writer_record(name, index)
        if replace(record, line=0) != expected:
            report.failures.append(f"{path}: {record.id} (line {record.line}) is not as written")
    for name, count in acknowledged.items():
        indexes = seen.get(name, [])
        if indexes not in (list(range(count)), list(range(count + 1))):
            missing = sorted(set(range(count)) - set(indexes))
            report.failures.append(
                f"{path}: writer {name} acknowledged {count}, journal has {len(indexes)} "
                f"(missing {missing[:5]}, order {indexes[:3]}...{indexes[-3:]})"
            )
    lines = path.read_bytes().split(b"\n")
    for problem in contents.problems:
        text = lines[problem.line - 1].strip() if 0 < problem.line <= len(lines) else b"?"
        if not (problem.in_record and text and b"[[session]]".startswith(text)):
            report.failures.append(
                f"{path}:{problem.line}: a problem that is not a torn record: {problem.message}"
            )
    if len(contents.problems) > len(acknowledged):
        report.failures.append(
            f"{path}: {len(contents.problems)} damaged records after {len(acknowledged)} kills"
        )
    recent = read_recent(path, 10)
    if [r.id for r in recent.records] != [r.id for r in contents.records[-10:]]:
        report.failures.append(f"{path}: the tail reader disagrees with the whole read")
    if not contents.problems:
        try:
            whole = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            report.failures.append(f"{path}: no problem reported, yet tomllib fails: {error}")
        else:
            if len(whole.get("session", [])) != len(contents.records):
                report.failures.append(f"{path}: tomllib and hipcli count different records")
    return len(contents.problems)


def _final_checks(path: Path, report: CrashReport, workdir: Path, round_: int) -> None:
    """A clean append after all the kills, then `hipcli log --all` as a real process."""
    before = read_journal(path)
    last = writer_record(f"clean{round_}", 0)
    append_session(path, last)
    after = read_journal(path)
    if [r.id for r in after.records] != [*(r.id for r in before.records), last.id]:
        report.failures.append(f"{path}: the clean append after the kills did not read back")
    result = subprocess.run(
        hipcli_command("log", "--all", "--format", "json", "--journal", str(path)),
        capture_output=True,
        env=hipcli_env(workdir / f"home{round_}"),
        timeout=120,
        check=False,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0 or "Traceback" in stderr:
        report.failures.append(f"hipcli log on {path}: exit {result.returncode}: {stderr[-500:]}")
        return
    shown = json.loads(result.stdout)
    if sorted(item["id"] for item in shown) != sorted(r.id for r in after.records):
        report.failures.append(f"hipcli log on {path} shows other records than are there")
    for problem in after.problems:
        if f"{path}:{problem.line}: " not in stderr:
            report.failures.append(f"hipcli log did not report the damage at line {problem.line}")


def run_crash_harness(
    workdir: Path,
    *,
    seed: int,
    kills: int,
    kills_per_round: int = 25,
    tear_every: int = 5,
) -> CrashReport:
    """Kill `kills` appending processes at random (seeded) moments; check after each kill."""
    rng = random.Random(seed)
    report = CrashReport()
    started = time.monotonic()
    writer_number = 0
    with children() as kids:
        while report.kills < kills:
            report.rounds += 1
            path = workdir / f"round-{report.rounds:03d}" / "journal.toml"
            acknowledged: dict[str, int] = {}
            damaged_before = 0
            in_round = 0
            while in_round < kills_per_round and report.kills < kills:
                writer_number += 1
                name = f"w{writer_number}"
                tears = writer_number % tear_every == 0
                args = [*WRITER, str(path), name, "0"]
                if tears:
                    args += ["--tear-at", str(rng.randrange(0, 4)), str(rng.randrange(1 << 30))]
                writer = kids.start(args, stdout=subprocess.PIPE, cwd=REPO)
                printed = _Lines(writer)
                if tears:
                    code = writer.wait(60)
                    if code != -signal.SIGKILL:
                        report.failures.append(f"tearing writer {name} exited {code}")
                    report.torn_by_writer += 1
                else:
                    if rng.random() < 0.25:  # any moment, often while Python starts
                        time.sleep(rng.uniform(0.0, 0.3))
                    else:  # a moment after its first append returned
                        printed.wait_for(1, 60)
                        time.sleep(rng.uniform(0.0, 0.08))
                    writer.send_signal(signal.SIGKILL)
                    writer.wait(60)
                    report.kills += 1
                    in_round += 1
                lines = printed.read_rest()
                stop(writer)
                assert writer.stdout is not None
                writer.stdout.close()
                acked = len(lines)
                if lines != [record_id(name, index) for index in range(acked)]:
                    report.failures.append(f"writer {name} printed {lines[:3]}...")
                acknowledged[name] = acked
                report.acknowledged += acked
                if not path.exists():
                    continue
                damaged = check_journal(path, acknowledged, report)
                if damaged > damaged_before and not tears:
                    report.damaged_by_kills += damaged - damaged_before
                damaged_before = damaged
                if report.failures:
                    report.seconds = time.monotonic() - started
                    return report
            if path.exists():
                contents = read_journal(path)
                report.damaged_records += len(contents.problems)
                landed = {parse_id(r.id) for r in contents.records}
                report.landed_in_flight += sum(
                    (name, count) in landed for name, count in acknowledged.items()
                )
                _final_checks(path, report, workdir, report.rounds)
                report.journal_bytes += path.stat().st_size
    report.seconds = time.monotonic() - started
    return report
