"""What keeping a session safe at the check-in costs, on this machine's disk.

    .venv/bin/python bench/drafts.py [--runs 50]

Medians, each measured in the same run as its reference: writing the draft when practice ends
(`Draft.begin`: lock file, write, fsync, rename, fsync of the folder) and each autosave of typed
answers (`Draft.keep`: an atomic replace, fsynced) against one plain journal append
(`append_session`, fsynced); during practice, what handing the session to its draft's writer
costs the caller (`PracticeDraft.keep`: the snapshot handed over, the writer woken) and the write
itself in the writer's thread (`keep` then `settle`: the record made, an atomic replace, fsynced);
the final save (`Draft.finish`: the id looked up in the journal under
its lock, the append, the draft removed) on a journal of 10,000 sessions against a plain append
to the same journal; and the sweep every hipcli command runs when no draft waits
(`waiting_drafts`). Not part of the pytest run.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hipcli.journal.append import append_session
from hipcli.journal.draft import Draft
from hipcli.journal.live import PracticeDraft
from hipcli.journal.places import waiting_drafts
from hipcli.journal.record import format_record
from hipcli.practice.session import Session
from hipcli.practice.timeline import build_timeline
from hipcli.routine.validate import parse_routine
from tests.fake_clock import FakeClock
from tests.journal_records import make_record

PRACTICE = """
title = "Pigeon"
lead_in = "5s"
[[steps]]
name = "Pigeon"
hold = "60m"
sides = ["left", "right"]
"""


def median_ms(runs: int, work: Callable[[int], object]) -> float:
    times = []
    for n in range(runs):
        started = time.perf_counter()
        work(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["HIPCLI_DATA_DIR"] = str(root / "data")
        journal = root / "journal.toml"
        big = root / "big.toml"
        big.write_text("\n".join(format_record(make_record(i)) for i in range(10_000)))
        drafts: list[Draft] = []

        def begin(n: int) -> None:
            drafts.append(Draft.begin(make_record(100_000 + n), journal))

        def keep(n: int) -> None:
            record = dataclasses.replace(drafts[n].record, notes=f"typed {n} " * 20)
            drafts[n].keep(record)

        clock = FakeClock()
        routine = parse_routine(PRACTICE, name="pigeon", file="pigeon.toml")
        session = Session(build_timeline(routine), clock=clock, wall=None)
        session.start()
        practice = PracticeDraft(routine, journal, started_at=clock.datetime(), clock=clock)

        def hand(n: int) -> None:
            clock.advance(1.0)
            practice.keep(session.summary(), clock.datetime())

        def handed_and_written(n: int) -> None:
            hand(n)
            practice.settle()

        def finish(n: int) -> None:
            drafts[n].journal = big
            drafts[n].finish(drafts[n].record)

        rows = [
            (
                "plain append (reference)",
                median_ms(runs, lambda n: append_session(journal, make_record(200_000 + n))),
            ),
            ("draft when practice ends", median_ms(runs, begin)),
            ("autosave of typed answers", median_ms(runs, keep)),
            ("practice keep, handed over and written", median_ms(runs, handed_and_written)),
            ("practice keep, the caller's share", median_ms(runs, hand)),
            (
                "plain append, 10k journal (reference)",
                median_ms(runs, lambda n: append_session(big, make_record(300_000 + n))),
            ),
            ("final save, 10k journal", median_ms(runs, finish)),
            ("sweep with no draft waiting", median_ms(runs, lambda n: waiting_drafts())),
        ]
        practice.settle()  # the writer done before its folder goes
    for label, ms in rows:
        print(f"{label:40} {ms:8.2f} ms")


if __name__ == "__main__":
    main()
