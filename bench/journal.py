"""Benchmark the journal and `hipcli log` as whole processes, on synthetic journals.

    .venv/bin/python bench/journal.py                  # 1k, 10k, 100k sessions, 5 runs each
    .venv/bin/python bench/journal.py --sizes 1000 10000 --runs 7
    .venv/bin/python bench/journal.py --progress       # only `hipcli progress` (10k with holds)
    .venv/bin/python bench/journal.py --jrnl /tmp/jrnl-venv/bin/jrnl   # compare `jrnl -n 20`

Each figure is the median wall time of whole processes (`python -m hipcli ...`, output to a
pipe), each with its own temporary HIPCLI_DATA_DIR. "first output" is the time until the first
byte arrives on the pipe. Not part of the pytest run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hipcli.journal.append import append_session
from hipcli.journal.record import SessionRecord, format_record

ROUTINES = [
    ("pigeon", "Pigeon"),
    ("frog", "Frog"),
    ("lizard", "Lizard"),
    ("butterfly", "Butterfly"),
    ("ninety-ninety", "90/90"),
    ("happy-baby", "Happy baby"),
    ("box-breathing", "Box breathing"),
    ("morning", "Morning hips"),
    ("evening-wind-down", "Evening wind-down"),
    ("figure-four", "Figure four"),
]
PHRASES = [
    "Left side tighter than the right.",
    "Felt calmer after.",
    "Breath came easier today.",
    "Knee complained a little, backed off.",
    "Tears came up in the second hold — let them.",
    "Jaw kept clenching; noticed and softened.",
    "Slept badly, went gently.",
    "Warm after the walk, went deeper than usual.",
    "Mind wandered to work, came back.",
    "Hüfte links fester als rechts.",
    "La respiración se hizo más lenta.",
    "שקט יותר אחרי התרגול",
    "Much better than yesterday 🙂",
    "Shoulders dropped at the end.",
]
TAGS = ["release", "tight", "calm", "grief", "morning", "evening", "knee", "hips", "sleep"]


def synthetic_records(count: int, seed: int = 7) -> list[SessionRecord]:
    """`count` realistic sessions, oldest first, ending about now."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 21, 7, 0, tzinfo=UTC) - timedelta(hours=14 * count)
    records = []
    for _ in range(count):
        start += timedelta(hours=rng.choice([10, 14, 24, 24, 38]) * 0.58)
        routine, title = rng.choice(ROUTINES)
        planned = rng.choice([300, 480, 600, 900, 1200])
        completed = rng.random() < 0.85
        active = planned * (1 if completed else rng.uniform(0.2, 0.9)) + rng.uniform(-3, 3)
        lines = [
            " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
            for _ in range(rng.choice([1, 1, 1, 2, 3]))
        ]
        records.append(
            SessionRecord(
                id=f"{start:%Y%m%dT%H%M%S}-{rng.getrandbits(24):06x}",
                routine=routine,
                title=title,
                started_at=start,
                ended_at=start + timedelta(seconds=active + rng.uniform(0, 60)),
                planned_s=planned,
                active_s=round(max(active, 0), 1),
                completed=completed,
                steps_done=4 if completed else rng.randint(0, 3),
                steps_total=4,
                mood=rng.randint(1, 5) if rng.random() < 0.7 else None,
                mood_before=rng.randint(1, 5) if rng.random() < 0.4 else None,
                tags=tuple(rng.sample(TAGS, rng.choice([0, 0, 1, 2]))),
                notes="\n".join(lines),
            )
        )
    return records


def write_journal(path: Path, records: Sequence[SessionRecord]) -> None:
    """The journal as appends would leave it (records joined by a blank line), written at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(format_record(record) for record in records))
        handle.flush()
        os.fsync(handle.fileno())  # or the first timed append pays for flushing all of it


def write_jrnl(path: Path, records: Sequence[SessionRecord]) -> None:
    """The same sessions as a plain-text jrnl journal."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            tags = " ".join("@" + tag for tag in record.tags)
            handle.write(
                f"[{record.started_at:%Y-%m-%d %H:%M}] {record.title}. {record.notes} {tags}\n\n"
            )


def median_time(run: Callable[[], float], runs: int) -> float:
    run()  # warm the page cache and the bytecode cache
    return statistics.median(run() for _ in range(runs))


def whole(cmd: list[str], env: dict[str, str]) -> Callable[[], float]:
    def run() -> float:
        began = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - began

    return run


def first_output(cmd: list[str], env: dict[str, str]) -> Callable[[], float]:
    def run() -> float:
        began = time.perf_counter()
        process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        process.stdout.read(1)
        elapsed = time.perf_counter() - began
        process.stdout.read()
        process.wait()
        return elapsed

    return run


APPEND = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from hipcli.journal.record import SessionRecord, new_session_id
from hipcli.journal.append import append_session
now = datetime.now(timezone.utc)
append_session(Path(sys.argv[1]), SessionRecord(
    id=new_session_id(now), routine="pigeon", title="Pigeon", started_at=now,
    ended_at=now + timedelta(seconds=480), planned_s=480, active_s=476.4, completed=True,
    steps_done=3, steps_total=3, mood=4, tags=("bench",), notes="One more.\\nFelt calm."))
"""


def in_process_append(path: Path, count: int = 30) -> float:
    """The median time of one append_session call, the process already running."""
    times = []
    for record in synthetic_records(count, seed=99):
        began = time.perf_counter()
        append_session(path, record)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jrnl", help="a jrnl executable (in its own venv) to compare with")
    parser.add_argument("--progress", action="store_true", help="only `hipcli progress` (below)")
    parser.add_argument(
        "--folder",
        type=int,
        metavar="N",
        help="only the journal-folder section: N sessions in 5 device files vs one file",
    )
    args = parser.parse_args()
    if args.folder:
        folder_section(args.folder, args.runs)
        return
    if args.progress:
        bench_progress(args.runs)
        return
    py = sys.executable
    results: dict[int, dict[str, float]] = {}
    root = Path(tempfile.mkdtemp(prefix="hipcli-bench-"))
    try:
        base_env = {**os.environ, "TZ": "UTC", "NO_COLOR": "1"}
        startup = median_time(whole([py, "-c", "pass"], base_env), args.runs)
        version = median_time(whole([py, "-m", "hipcli", "--version"], base_env), args.runs)
        for size in args.sizes:
            data = root / f"data-{size}"
            journal = data / "journal.toml"
            records = synthetic_records(size)
            write_journal(journal, records)
            env = {**base_env, "HIPCLI_DATA_DIR": str(data)}
            log = [py, "-m", "hipcli", "log"]
            row = {
                "MB": journal.stat().st_size / 1e6,
                "log": median_time(whole(log, env), args.runs),
                "log --stats": median_time(whole([*log, "--stats"], env), args.runs),
                "json --all": median_time(
                    whole([*log, "--format", "json", "--all"], env), args.runs
                ),
                "json --all first": median_time(
                    first_output([*log, "--format", "json", "--all"], env), args.runs
                ),
                "--all first row": median_time(first_output([*log, "--all"], env), args.runs),
                "append (process)": median_time(
                    whole([py, "-c", APPEND, str(journal)], env), args.runs
                ),
                "append (call)": in_process_append(journal),
            }
            if args.jrnl and size == 10_000:
                row["jrnl -n 20"] = time_jrnl(args.jrnl, root, records, args.runs)
            results[size] = row
            print(f"  {size:>7} sessions done", file=sys.stderr)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(results, startup, version)
    bench_progress(args.runs)


def time_jrnl(jrnl: str, root: Path, records: Sequence[SessionRecord], runs: int) -> float:
    """`jrnl -n 20` on the same sessions, with its own config in a temporary XDG dir."""
    config = root / "jrnl-config" / "jrnl"
    config.mkdir(parents=True)
    text_journal = root / "jrnl.txt"
    write_jrnl(text_journal, records)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\n"
        "default_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\njournals:\n  default:\n"
        f"    journal: {text_journal}\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n",
        encoding="utf-8",
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(config.parent), "NO_COLOR": "1"}
    return median_time(whole([jrnl, "-n", "20"], env), runs)


def report(results: dict[int, dict[str, float]], startup: float, version: float) -> None:
    sizes = sorted(results)
    columns = list(dict.fromkeys(key for row in results.values() for key in row))
    print(
        f"\npython startup {startup * 1000:.0f} ms; `hipcli --version` {version * 1000:.0f} ms"
        "\nmedians in ms (MB: journal size)\n"
    )
    print(f"{'':<18}" + "".join(f"{size:>12,}" for size in sizes))
    for column in columns:
        cells = []
        for size in sizes:
            value = results[size].get(column)
            if value is None:
                cells.append(f"{'':>12}")
            elif column == "MB":
                cells.append(f"{value:>12.1f}")
            else:
                cells.append(f"{value * 1000:>12.1f}")
        print(f"{column:<18}" + "".join(cells))
    print("\ntargets")
    small, large = sizes[0], sizes[-1]

    def check(label: str, value: float, target: float, unit: str = "") -> None:
        verdict = "ok" if value <= target else "MISSED"
        print(f"  {label:<44} {value:>8.2f}{unit}  (target ≤ {target}{unit})  {verdict}")

    if small != large:
        check(
            f"log (last 20): {large:,} vs {small:,}",
            results[large]["log"] / results[small]["log"],
            1.5,
            "×",
        )
        check(
            f"append (call): {large:,} vs {small:,}",
            results[large]["append (call)"] / results[small]["append (call)"],
            1.5,
            "×",
        )
    if 10_000 in results:
        ten = results[10_000]
        check("log --stats on 10,000", ten["log --stats"], 1.0, " s")
        check("--format json --all on 10,000: first output", ten["json --all first"], 1.0, " s")
        check("--all (table) on 10,000: first row", ten["--all first row"], 1.0, " s")
        if "jrnl -n 20" in ten:
            print(
                f"  jrnl -n 20 / hipcli log on 10,000: "
                f"{ten['jrnl -n 20'] / ten['log']:.1f}× "
                f"({ten['jrnl -n 20'] * 1000:.0f} ms vs {ten['log'] * 1000:.0f} ms)"
            )


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


def bench_progress(runs: int, size: int = 10_000) -> None:
    """`hipcli progress` (list, one pose, JSON) on `size` sessions with holds, and the cost of
    holds when reading: the same sessions as v1 records (no holds) and as v2 records."""
    from dataclasses import replace

    py = sys.executable
    root = Path(tempfile.mkdtemp(prefix="hipcli-bench-progress-"))
    try:
        plain = [replace(record, v=1) for record in synthetic_records(size)]
        held = with_holds(plain)
        v1, v2 = root / "v1" / "journal.toml", root / "v2" / "journal.toml"
        write_journal(v1, plain)
        write_journal(v2, held)
        base = {**os.environ, "TZ": "UTC", "NO_COLOR": "1"}
        env1 = {**base, "HIPCLI_DATA_DIR": str(v1.parent)}
        env2 = {**base, "HIPCLI_DATA_DIR": str(v2.parent)}
        hipcli = [py, "-m", "hipcli"]
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
        sizes = (v1.stat().st_size / 1e6, v2.stat().st_size / 1e6)
        holds = sum(len(record.holds or ()) for record in held)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nhipcli progress: {size:,} sessions, {holds:,} holds "
        f"(journal {sizes[1]:.1f} MB; without holds {sizes[0]:.1f} MB); medians of {runs} runs\n"
    )
    for label, value in figures.items():
        print(f"  {label:<26} {value * 1000:>8.1f} ms")
    ratio = figures["read_journal, v2"] / figures["read_journal, v1"]
    larger = sizes[1] / sizes[0]
    print(f"\n  read_journal v2 / v1      {ratio:>8.2f}×   (the file is {larger:.2f}× as large)")
    for label in ("progress", "CPU: progress"):
        seconds = figures[label]
        verdict = "ok" if seconds <= 0.5 else "MISSED"
        print(f"  {label + ', ' + f'{size:,}':<25} {seconds:>8.2f} s   (target ≤ 0.5 s)  {verdict}")


# ---------------------------------------------------------------------------------------------
# Journal folder (issue 15, docs/sync.md): the same sessions as one file, and as a folder of
# five machines' files (interleaved in time, as machines practising by turns leave them), read
# by the same commands. Target: the folder within 1.5× of the one file, measured in one run.
#
#     python bench/journal.py --folder 100000

FOLDER_DEVICES = 5
FOLDER_TARGET = 1.5


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
            verdict = (
                "" if "last 50" in label else ("ok" if many / one <= FOLDER_TARGET else "MISSED")
            )
            print(
                f"{label:<28}{one * 1000:>12.1f}{many * 1000:>12.1f}{many / one:>8.2f}×  {verdict}"
            )
        print(
            f"\ntarget: a folder within {FOLDER_TARGET}× of one file (the last-50 read is "
            "shown for its absolute cost: five tails instead of one)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
