"""`hipcli progress` on journals whose records carry holds (v2), and reading v2 against v1: a
section of bench/journal.py (`--progress`), kept in a module of its own.

The processes run as an installed hipcli does: with its modules' bytecode cached (pip compiles
it at install; an editable checkout writes `__pycache__` on first use). Where the environment
says PYTHONDONTWRITEBYTECODE (as some shells for development do), hipcli's sources would be
compiled again at every run, a cost no user pays; the processes get a bytecode cache in the
bench's temporary folder instead, and the figure without one is shown beside for reference.

`HIPCLI_BENCH_AGAINST=DIR` (another checkout of hipcli, e.g. `git worktree add /tmp/before
main~3`) adds `hipcli progress` of that checkout, run in turns with this one's, for before and
after figures from the same run."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from journal_cases import median_time, synthetic_records, whole, write_journal

from hipcli.journal.record import SessionRecord

# ---------------------------------------------------------------------------------------------
# `hipcli progress` on journals whose records carry holds (v2), and reading v2 against v1.
# Its own section, run at the end of a full run or alone with `--progress`.

HOLD_STEPS: dict[str, list[tuple[str, tuple[str, ...], int]]] = {
    "pigeon": [("Pigeon", ("left", "right"), 90), ("Child's pose", (), 60)],
    "frog": [("Frog", (), 120), ("Child's pose", (), 60)],
    "lizard": [("Lizard", ("left", "right"), 60), ("Half split", ("left", "right"), 45)],
    "butterfly": [("Butterfly", (), 120), ("Reclined butterfly", (), 90)],
    "ninety-ninety": [("90/90", ("left", "right"), 60), ("Windshield wipers", (), 45)],
    "happy-baby": [("Happy baby", (), 90), ("Knees to chest", (), 45)],
    "box-breathing": [("Box breathing", (), 240)],
    "morning": [("Hip circles", ("left", "right"), 30), ("Lizard", ("left", "right"), 45),
                ("Pigeon", ("left", "right"), 60)],
    "evening-wind-down": [("Figure four", ("left", "right"), 60), ("Legs up the wall", (), 180)],
    "figure-four": [("Figure four", ("left", "right"), 90), ("Happy baby", (), 60)],
}  # fmt: skip


def with_holds(records: Sequence[SessionRecord], seed: int = 11) -> list[SessionRecord]:
    """The records with holds, as sessions leave them: mostly as planned, some extended with
    `+`, some skipped, the right side a little shorter, an early end cutting the list short."""
    from dataclasses import replace

    from hipcli.journal.holds import Hold

    rng = random.Random(seed)
    out = []
    for record in records:
        holds = []
        for step, sides, planned in HOLD_STEPS[record.routine]:
            for side in sides or (None,):
                roll = rng.random()
                if roll < 0.05:
                    held, skipped = rng.randint(0, planned // 2), True
                elif roll < 0.25:
                    held, skipped = planned + 15 * rng.randint(1, 3), False
                else:
                    held, skipped = (
                        planned - (rng.choice([0, 0, 5]) if side == "right" else 0),
                        False,
                    )
                holds.append(Hold(step, side, planned, held, skipped))
        if not record.completed:
            holds = holds[: rng.randint(0, len(holds))]
        out.append(replace(record, v=2, holds=tuple(holds)))
    return out


def process_cpu(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """The median CPU time (user + system) of a whole process: unlike its wall time, what other
    work on a shared machine does not inflate."""
    import resource

    def run() -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    return median_time(run, runs)


def read_in_process(path: Path, runs: int) -> float:
    """The median time of read_journal on `path`, caches of the fast path emptied each time."""
    from hipcli.journal import fast
    from hipcli.journal.read import read_journal

    def run() -> float:
        for cached in (fast._holds_block, fast._hold):  # as a fresh process would
            cached.cache_clear()
        began = time.perf_counter()
        read_journal(path)
        return time.perf_counter() - began

    return median_time(run, runs)


def before_and_after(
    checkout: Path, cmd: list[str], env: dict[str, str], runs: int, cwd: Path
) -> dict[str, float]:
    """`cmd` with hipcli from `checkout` and from this checkout, in turns (so that both meet
    the same load): the median wall time of each. Run from `cwd`, a folder without hipcli
    (`python -m` looks in the current folder first)."""
    here = Path(__file__).resolve().parent.parent
    sides = {
        f"before ({checkout.name})": {**env, "PYTHONPATH": str(checkout.resolve())},
        "after (this checkout)": {**env, "PYTHONPATH": str(here)},
    }

    def run(environment: dict[str, str]) -> float:
        began = time.perf_counter()
        subprocess.run(cmd, env=environment, cwd=cwd, stdout=subprocess.PIPE, check=True)
        return time.perf_counter() - began

    for environment in sides.values():  # warm-up runs: caches and bytecode
        run(environment)
    times: dict[str, list[float]] = {label: [] for label in sides}
    for _ in range(runs):
        for label, environment in sides.items():
            times[label].append(run(environment))
    command = " ".join(cmd[3:])
    return {f"{command}, {label}": statistics.median(values) for label, values in times.items()}


def bench_progress(runs: int, size: int = 10_000) -> None:
    """`hipcli progress` (list, one pose, JSON) on `size` sessions with holds, and the cost of
    holds when reading: the same sessions as v1 records (no holds) and as v2 records."""
    from dataclasses import replace

    py = sys.executable
    root = Path(tempfile.mkdtemp(prefix="hipcli-bench-progress-"))
    try:
        plain = [replace(record, v=1) for record in synthetic_records(size, holds=False)]
        held = with_holds(plain)
        v1, v2 = root / "v1" / "journal.toml", root / "v2" / "journal.toml"
        write_journal(v1, plain)
        write_journal(v2, held)
        base = {**os.environ, "TZ": "UTC", "NO_COLOR": "1"}
        uncached = {**base, "HIPCLI_DATA_DIR": str(v2.parent)}
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base["PYTHONPYCACHEPREFIX"] = str(root / "bytecode")  # filled by each first, warm-up run
        env1 = {**base, "HIPCLI_DATA_DIR": str(v1.parent)}
        env2 = {**base, "HIPCLI_DATA_DIR": str(v2.parent)}
        hipcli = [py, "-m", "hipcli"]
        load = os.getloadavg()
        figures = {
            "python startup": median_time(whole([py, "-c", "pass"], base), runs),
            "hipcli --version": median_time(whole([*hipcli, "--version"], base), runs),
            "progress": median_time(whole([*hipcli, "progress"], env2), runs),
            "progress pigeon": median_time(whole([*hipcli, "progress", "pigeon"], env2), runs),
            "progress --format json": median_time(
                whole([*hipcli, "progress", "--format", "json"], env2), runs
            ),
            "log (last 20), v1": median_time(whole([*hipcli, "log"], env1), runs),
            "log (last 20), v2": median_time(whole([*hipcli, "log"], env2), runs),
            "read_journal, v1": read_in_process(v1, runs),
            "read_journal, v2": read_in_process(v2, runs),
            "CPU: hipcli --version": process_cpu([*hipcli, "--version"], base, runs),
            "CPU: progress": process_cpu([*hipcli, "progress"], env2, runs),
            "CPU: progress pigeon": process_cpu([*hipcli, "progress", "pigeon"], env2, runs),
        }
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            figures["progress, no bytecode cache"] = median_time(
                whole([*hipcli, "progress"], uncached), runs
            )
        against = os.environ.get("HIPCLI_BENCH_AGAINST")
        if against:
            figures.update(before_and_after(Path(against), [*hipcli, "progress"], env2, runs, root))
        load = tuple(max(a, b) for a, b in zip(load, os.getloadavg(), strict=True))
        sizes = (v1.stat().st_size / 1e6, v2.stat().st_size / 1e6)
        holds = sum(len(record.holds or ()) for record in held)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nhipcli progress: {size:,} sessions, {holds:,} holds "
        f"(journal {sizes[1]:.1f} MB; without holds {sizes[0]:.1f} MB); medians of {runs} runs; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (the higher of start and end)\n"
    )
    for label, value in figures.items():
        print(f"  {label:<36} {value * 1000:>8.1f} ms")
    ratio = figures["read_journal, v2"] / figures["read_journal, v1"]
    larger = sizes[1] / sizes[0]
    print(f"\n  read_journal v2 / v1{'':<16}{ratio:>8.2f}×   (the file is {larger:.2f}× as large)")
    for label in ("progress", "CPU: progress"):
        seconds = figures[label]
        verdict = "ok" if seconds <= 0.5 else "MISSED"
        print(f"  {label + ', ' + f'{size:,}':<35} {seconds:>8.2f} s   (target ≤ 0.5 s)  {verdict}")
