"""Benchmark `hipcli log` as whole processes, on synthetic journals, against a floor measured in
the same run.

    python bench/journal.py                    # 1k, 10k, 100k sessions, 5 runs each (~15 min)
    python bench/journal.py --sizes 1000 10000 --runs 3 --no-escapes --no-browse   # quicker
    python bench/journal.py --progress         # only `hipcli progress` (bench/journal_progress.py)
    python bench/journal.py --folder 100000    # only a journal folder vs one file
    python bench/journal.py --only-browse --runs 9   # only the browser's first screen

Each figure is the median wall time of whole processes (`python -m hipcli ...`, output to a
pipe, NO_COLOR, TZ=UTC) and the peak resident memory of one of them (from `wait4`).

- The floor: one process that reads the journal, finds each record with hipcli's own record
  pattern and parses its two datetimes (`FLOOR`), which is what any view of the whole journal
  must at least do. Whole-journal views are judged by their ratio to it, at the same size, in
  the same run (issue 13: within 2.5×), each view's runs taken in turns with runs of the floor
  (the floor's median from those), so that a change of load between them can't tip the ratio.
- `log` (the last 20 entries with notes) is judged from the smallest to the largest journal
  (within 1.5×); `--stats` on 10k (under 0.5 s); filters that reach far back against `--all`
  on the largest journal (issue 10, item 17: within 1.5×).
- Exports stream (issue 13): the peak memory of each export (json, csv, markdown) of the largest
  journal is judged against the same export of the smallest (within 1.2×): it must not grow
  with the journal.
- `--browse`: the first screen on the 10k journal, in a tmux pane, against the first frame of
  `bench/minimal_app.py` (launches interleaved; within 1.5×).
- Notes dense with escape characters (issue 10, item 18): the peak memory of every view as a
  multiple of the journal's size (within 10×), on 18 MB (3 million ESC in one note, and in
  100 notes) and 100 MB journals.

Every process runs as an installed hipcli does (as `bench/journal_progress.py` does): its
modules' bytecode cached (in the bench's temporary folder, `PYTHONPYCACHEPREFIX`) and its
output buffered. PYTHONDONTWRITEBYTECODE and PYTHONUNBUFFERED, which some development shells
set, are left out: with them every process compiles hipcli's sources again and writes each
line with a system call of its own, costs no user pays (the floor runs without them too).

The machine is shared: the load average is printed before and after. Exits 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent

FLOOR = """
import re, sys
from datetime import datetime
from hipcli.journal.fast import _record_regex
text = open(sys.argv[1], "rb").read().decode("utf-8")
parse = datetime.fromisoformat
count = 0
for match in _record_regex().finditer(text):
    parse(match[4]), parse(match[5])
    count += 1
print(count)
"""
WHOLE_VIEWS = {
    "--all": ["--all"],
    "--all --oneline": ["--all", "--oneline"],
    "--stats": ["--stats"],
    "--stats --format json": ["--stats", "--format", "json"],
    "json --all": ["--all", "--format", "json"],
    "csv --all": ["--all", "--format", "csv"],
    "markdown --all": ["--all", "--format", "markdown"],
}
FILTERS = {
    "--grep zzz (none)": ["--grep", "zzz"],
    "--routine nowhere": ["--routine", "nowhere"],
    "--routine pigeon --all": ["--routine", "pigeon", "--all"],
    "-n 100000": ["-n", "100000"],
    "--since 2000-01-01 -n 1000000": ["--since", "2000-01-01", "-n", "1000000"],
    "--id 1999 (none)": ["--id", "1999"],
}
TARGET_WHOLE, TARGET_LOG, TARGET_FILTER, TARGET_STATS_S, TARGET_MEMORY = 2.5, 1.5, 1.5, 0.5, 10
TARGET_EXPORT_RSS = 1.2  # peak RSS of an export, largest journal vs smallest
EXPORTS = ("json --all", "csv --all", "markdown --all")


def make_journal(path: Path, sessions: int, escapes: int = 0) -> None:
    """`sessions` synthetic sessions (or, with `escapes`, that many notes of escape characters,
    `journal_cases.escape_journal`) written to `path` by a process of its own. On Linux a
    child's peak RSS starts from its parent's (carried over fork and exec): the bench itself
    must never hold a journal, or every figure of memory would be the bench's."""
    if escapes:
        make = f"escape_journal(Path({str(path)!r}), {sessions}, {escapes})"
    else:
        make = f"write_journal(Path({str(path)!r}), synthetic_records({sessions}))"
    code = (
        "from pathlib import Path\n"
        "from journal_cases import escape_journal, synthetic_records, write_journal\n" + make
    )
    subprocess.run([sys.executable, "-c", code], cwd=BENCH, check=True)


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of one process, its output to a pipe."""
    began = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    while process.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss


def measure(argv: Sequence[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    """Median wall seconds of `runs` processes after a warm-up, and the largest peak RSS."""
    run_once(argv, env)
    samples = [run_once(argv, env) for _ in range(runs)]
    return statistics.median(s for s, _ in samples), max(rss for _, rss in samples)


def measure_in_turns(
    argv: Sequence[str], floor: Sequence[str], env: dict[str, str], runs: int
) -> tuple[tuple[float, int], float]:
    """`measure` of `argv`, its runs taken in turns with the floor's (floor, view, floor, view,
    ...: both meet the same load), and the floor's median from those runs."""
    run_once(argv, env)
    floors, samples = [], []
    for _ in range(runs):
        floors.append(run_once(floor, env)[0])
        samples.append(run_once(argv, env))
    view = statistics.median(s for s, _ in samples), max(rss for _, rss in samples)
    return view, statistics.median(floors)


def first_output(argv: Sequence[str], env: dict[str, str], runs: int) -> float:
    """Median seconds until the first byte arrives on the pipe."""
    times = []
    for _ in range(runs + 1):
        began = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        process.stdout.read(1)
        times.append(time.perf_counter() - began)
        while process.stdout.read(1 << 16):  # (a piece at a time: the bench stays small)
            pass
        process.wait()
    return statistics.median(times[1:])


class Report:
    """Lines of results and the targets met or missed."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, label: str, value: float, target: float, unit: str) -> None:
        ok = value <= target
        if not ok:
            self.missed.append(label)
        verdict = "✓" if ok else "✗"
        print(f"  {label:<52} {value:>8.2f}{unit}  (target ≤ {target}{unit})  {verdict}")


def sizes_table(args: argparse.Namespace, root: Path, env: dict[str, str], report: Report) -> None:
    py = sys.executable
    results: dict[int, dict[str, tuple[float, int]]] = {}
    floors: dict[int, dict[str, float]] = {}  # the floor in turns with each whole view
    for size in args.sizes:
        journal = root / f"journal-{size}.toml"
        make_journal(journal, size)
        log = [py, "-m", "hipcli", "log", "--journal", str(journal)]
        floor = [py, "-c", FLOOR, str(journal)]
        row = {"floor": measure(floor, env, args.runs)}
        row["log (last 20)"] = measure(log, env, args.runs)
        row["log --oneline"] = measure([*log, "--oneline"], env, args.runs)
        floors[size] = {"log (last 20)": row["floor"][0]}
        for name, extra in WHOLE_VIEWS.items():
            row[name], floors[size][name] = measure_in_turns([*log, *extra], floor, env, args.runs)
        if size == max(args.sizes):
            for name, extra in FILTERS.items():
                row[name] = measure([*log, *extra], env, args.runs)
        if size == 10_000:
            row["json --all: first byte"] = (
                first_output([*log, "--all", "--format", "json"], env, args.runs),
                0,
            )
        results[size] = row
        row["MB"] = (journal.stat().st_size / 1e6, 0)
        print(f"  {size:>7,} sessions measured", file=sys.stderr)
    sizes = sorted(results)
    print(f"\nmedians in ms (peak RSS in MiB) of {args.runs} runs; same-run floor per size\n")
    print(f"{'':<32}" + "".join(f"{size:>20,}" for size in sizes))
    for name in results[sizes[-1]]:
        cells = []
        for size in sizes:
            value = results[size].get(name)
            if value is None:
                cells.append(f"{'':>20}")
            elif name == "MB":
                cells.append(f"{value[0]:>17.1f} MB")
            else:
                rss = f" ({value[1] / 1024:.0f})" if value[1] else ""
                cells.append(f"{value[0] * 1000:>13.0f}{rss:>7}")
        print(f"{name:<32}" + "".join(cells))
    print("\nratios to the floor (same size, same run; whole views: the floor run in turns)\n")
    print(f"{'':<32}" + "".join(f"{size:>12,}" for size in sizes))
    for name in ["log (last 20)", *WHOLE_VIEWS]:
        print(
            f"{name:<32}"
            + "".join(f"{results[s][name][0] / floors[s][name]:>11.2f}×" for s in sizes)
        )
    print("\ntargets")
    small, large = sizes[0], sizes[-1]
    for name in WHOLE_VIEWS:
        report.check(
            f"{name} on {large:,}: × floor",
            results[large][name][0] / floors[large][name],
            TARGET_WHOLE,
            "×",
        )
    if small != large:
        report.check(
            f"log (last 20): {large:,} vs {small:,}",
            results[large]["log (last 20)"][0] / results[small]["log (last 20)"][0],
            TARGET_LOG,
            "×",
        )
        for name in (*EXPORTS, "--stats"):
            peaks = " → ".join(f"{results[s][name][1] / 1024:.1f}" for s in sizes)
            print(f"  peak RSS of {name}, {small:,} → {large:,} sessions: {peaks} MiB")
        for name in EXPORTS:
            report.check(
                f"peak RSS of {name}: {large:,} vs {small:,}",
                results[large][name][1] / results[small][name][1],
                TARGET_EXPORT_RSS,
                "×",
            )
    if 10_000 in results:
        report.check(
            "--stats on 10,000 (with the calendar)",
            results[10_000]["--stats"][0],
            TARGET_STATS_S,
            " s",
        )
    reference = results[large]["--all"][0]
    for name in FILTERS:
        report.check(
            f"{name} on {large:,}: × --all", results[large][name][0] / reference, TARGET_FILTER, "×"
        )


def escapes_table(
    args: argparse.Namespace, root: Path, env: dict[str, str], report: Report
) -> None:
    py = sys.executable
    cases = {
        "18 MB, 3M ESC in one note": (1, 3_000_000),
        "18 MB, 3M ESC in 100 notes": (100, 30_000),
        "100 MB, 16.5M ESC in 5 notes": (5, 3_300_000),
    }
    views = {"log": [], "--oneline": ["--oneline"], **WHOLE_VIEWS}
    print("\nnotes dense with escape characters: peak RSS as a multiple of the journal's size\n")
    for label, (records, each) in cases.items():
        journal = root / "escapes.toml"
        make_journal(journal, records, each)
        size = journal.stat().st_size
        cells = []
        for name, extra in views.items():
            seconds, rss = run_once(
                [py, "-m", "hipcli", "log", "--journal", str(journal), *extra], env
            )
            ratio = rss * 1024 / size
            cells.append(f"{name} {ratio:.1f}× {seconds:.1f}s")
            if ratio > TARGET_MEMORY:
                report.missed.append(f"{label}: {name} {ratio:.1f}×")
        print(f"  {label} ({size / 1e6:.0f} MB):\n    " + ", ".join(cells))
        journal.unlink()


def browse_table(
    args: argparse.Namespace, root: Path, report: Report, installed: dict[str, str]
) -> None:
    from session import MINIMAL_APP, MINIMAL_TEXT, Launcher, Tmux, time_first_frame

    journal = root / "browse-10k.toml"
    make_journal(journal, 10_000)
    tmux = Tmux(root)
    tmux.start()
    env = {"TZ": "UTC", "HIPCLI_CONFIG_DIR": str(root / "config"), **installed}
    browse = Launcher(
        "browse",
        [sys.executable, "-m", "hipcli", "log", "--browse", "--journal", str(journal)],
        env,
        lambda text: "Practice on" in text and "When" in text,
        ("q",),
    )
    minimal = Launcher(
        "minimal",
        [sys.executable, str(MINIMAL_APP)],
        env,
        lambda text: MINIMAL_TEXT in text,
        ("C-q",),
    )
    try:
        time_first_frame(tmux, browse)
        time_first_frame(tmux, minimal)  # warm-ups, not counted
        pairs = [
            (time_first_frame(tmux, browse), time_first_frame(tmux, minimal))
            for _ in range(args.runs)
        ]
    finally:
        tmux.kill()
    shown = statistics.median(b for b, _ in pairs)
    floor = statistics.median(m for _, m in pairs)
    spread = " ".join(f"{b:.0f}/{m:.0f}" for b, m in pairs)
    print(f"\n--browse first screen on 10,000: {shown:.0f} ms; minimal Textual app: {floor:.0f} ms")
    print(f"  each launch, browse/minimal (ms): {spread}")
    report.check("--browse first screen on 10,000: × minimal app", shown / floor, 1.5, "×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-escapes", action="store_true", help="skip the ESC-dense journals")
    parser.add_argument("--no-browse", action="store_true", help="skip the browser (needs tmux)")
    parser.add_argument("--progress", action="store_true", help="only `hipcli progress`")
    parser.add_argument("--only-browse", action="store_true", help="only the browser's first frame")
    parser.add_argument(
        "--folder",
        type=int,
        metavar="N",
        help="only the journal-folder section: N sessions in 5 device files vs one file",
    )
    args = parser.parse_args()
    if args.folder:
        from journal_folder import folder_section

        folder_section(args.folder, args.runs)
        return
    if args.progress:
        from journal_progress import bench_progress

        bench_progress(args.runs)
        return
    root = Path(tempfile.mkdtemp(prefix="hipcli-bench-"))
    # as installed (see the docstring); in tmux an empty value is the same as none
    installed = {
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONUNBUFFERED": "",
        "PYTHONPYCACHEPREFIX": str(root / "bytecode"),
    }
    env = {
        **{key: value for key, value in os.environ.items() if key not in installed},
        "TZ": "UTC",
        "NO_COLOR": "1",
        "HIPCLI_CONFIG_DIR": str(root / "config"),
        "PAGER": "cat",
        "PYTHONPYCACHEPREFIX": installed["PYTHONPYCACHEPREFIX"],
    }
    report = Report()
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} cores, load {load[0]:.1f} {load[1]:.1f}; Python {sys.version.split()[0]}"
    )
    try:
        if not args.only_browse:
            sizes_table(args, root, env, report)
        if not args.no_escapes and not args.only_browse:
            escapes_table(args, root, env, report)
        if not args.no_browse and shutil.which("tmux"):
            browse_table(args, root, report, installed)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nload at the end {os.getloadavg()[0]:.1f}; missed: {', '.join(report.missed) or 'none'}"
    )
    sys.exit(1 if report.missed else 0)


if __name__ == "__main__":
    main()
