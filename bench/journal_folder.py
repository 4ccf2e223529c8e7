"""The journal folder against one file (issue 15, docs/sync.md): a section of
bench/journal.py (`--folder N`), kept in a module of its own."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journal_cases import synthetic_records, whole, write_journal

# ---------------------------------------------------------------------------------------------
# Journal folder (issue 15, docs/sync.md): the same sessions as one file, and as a folder of
# five machines' files (interleaved in time, as machines practising by turns leave them), read
# by the same commands. Target: the folder within 1.5× of the one file, measured in one run.
#
#     python bench/journal.py --folder 100000

FOLDER_DEVICES = 5
FOLDER_TARGET = 1.5
SHOWN_ONLY = ("read, last 50 (call)", "log --all")  # measured, not judged against the target


def folder_section(size: int, runs: int) -> None:
    """Median times of reading `size` sessions from one file and from a folder of five."""
    from hipcli.journal.location import folder_location, read_all, read_latest
    from hipcli.journal.read import read_journal

    py = sys.executable
    root = Path(tempfile.mkdtemp(prefix="hipcli-bench-folder-"))
    try:
        records = synthetic_records(size)
        single = root / "single" / "journal.toml"
        write_journal(single, records)
        folder = root / "folder"
        for device in range(FOLDER_DEVICES):
            write_journal(folder / f"machine{device}.toml", records[device::FOLDER_DEVICES])
        location = folder_location(folder, "machine0")
        base = {**os.environ, "TZ": "UTC", "NO_COLOR": "1"}
        base = {key: value for key, value in base.items() if key != "HIPCLI_JOURNAL_DIR"}
        one_env = {**base, "HIPCLI_DATA_DIR": str(single.parent)}
        folder_env = {
            **base,
            "HIPCLI_DATA_DIR": str(root / "empty"),
            "HIPCLI_JOURNAL_DIR": str(folder),
            "HIPCLI_DEVICE": "machine0",
        }

        def in_process(read: Callable[[], object]) -> Callable[[], float]:
            def run() -> float:
                began = time.perf_counter()
                read()
                return time.perf_counter() - began

            return run

        pairs = {
            "read, whole journal (call)": (
                in_process(lambda: read_journal(single)),
                in_process(lambda: read_all(location)),
            ),
            "read, last 50 (call)": (
                in_process(lambda: read_latest(single, 50)),
                in_process(lambda: read_latest(location, 50)),
            ),
        }
        log = [py, "-m", "hipcli", "log"]
        for label, args in (
            ("log (last 20)", []),
            ("log --stats", ["--stats"]),
            ("log --all --format json", ["--all", "--format", "json"]),
            ("log --all", ["--all"]),
        ):
            pairs[label] = (whole([*log, *args], one_env), whole([*log, *args], folder_env))
        print(
            f"\n{size:,} sessions: one file ({single.stat().st_size / 1e6:.1f} MB) vs a folder "
            f"of {FOLDER_DEVICES} machines' files; medians of {runs} runs, ms\n"
        )
        print(f"{'':<28}{'one file':>12}{'folder':>12}{'ratio':>9}")
        for label, (one_run, folder_run) in pairs.items():
            # alternate the two, so that a busy moment of the machine touches both alike
            one_times, folder_times = [], []
            one_run(), folder_run()
            for _ in range(runs):
                one_times.append(one_run())
                folder_times.append(folder_run())
            one, many = statistics.median(one_times), statistics.median(folder_times)
            judged = label not in SHOWN_ONLY
            verdict = "" if not judged else "ok" if many / one <= FOLDER_TARGET else "MISSED"
            print(
                f"{label:<28}{one * 1000:>12.1f}{many * 1000:>12.1f}{many / one:>8.2f}×  {verdict}"
            )
        print(
            f"\ntarget: a folder within {FOLDER_TARGET}× of one file (the last-50 read is "
            "shown for its absolute cost: five tails instead of one; `--all` for what a "
            "heading with its machine and the merge of five files cost)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
