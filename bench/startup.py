"""Time hipcli's start-up as whole processes, against the bare interpreter.

Usage: python bench/startup.py [--runs N] [--json]

Runs `python -c pass`, `hipcli --help`, `hipcli routines` (stdout to a pipe) and
`hipcli show pigeon`, each N times after one warm-up, and prints the median wall-clock time of
each and its ratio to the bare interpreter. Targets (issue 2): `--help` at most 5x, `routines`
at most 10x. Exits 1 when a target is missed.

The `hipcli` console script next to this interpreter is used, so run it with the project's venv:
`.venv/bin/python bench/startup.py`. HIPCLI_CONFIG_DIR and HIPCLI_DATA_DIR point at an empty
temporary dir, so the user's own routines do not change the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall time only
    resource = None  # type: ignore[assignment]

TARGETS = {"hipcli --help": 5.0, "hipcli routines": 10.0}


def hipcli_script() -> str:
    """The venv's `hipcli` script: next to sys.executable (Scripts\\ on Windows)."""
    here = Path(sys.executable).parent
    for name in ("hipcli", "hipcli.exe"):
        if (here / name).exists():
            return str(here / name)
    sys.exit(f"no hipcli script next to {sys.executable}; install the project in this venv")


def _children_cpu_s() -> float:
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `runs` runs of `command`, output into pipes.

    CPU time (user + system, of the child) is shown beside wall time because it moves much less
    when the machine is busy with other work; the targets are judged on wall time.
    """
    walls, cpus = [], []
    for index in range(runs + 1):
        cpu_before = _children_cpu_s()
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, env=env, check=False)
        elapsed = time.perf_counter() - started
        cpu = _children_cpu_s() - cpu_before
        if result.returncode != 0:
            sys.exit(f"{command} failed ({result.returncode}):\n{result.stderr.decode()}")
        if index:  # the first run warms the file cache and is not counted
            walls.append(elapsed)
            cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    script = hipcli_script()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "hipcli --help": [script, "--help"],
        "hipcli routines": [script, "routines"],
        "hipcli show pigeon": [script, "show", "pigeon"],
    }
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "HIPCLI_CONFIG_DIR": str(Path(home) / "config"),
            "HIPCLI_DATA_DIR": str(Path(home) / "data"),
        }
        env.pop("PYTHONPROFILEIMPORTTIME", None)
        # An installed hipcli has its bytecode compiled (pip does it); let the warm-up run write
        # it for a source checkout too, or every run would recompile every edited module.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        timed = {name: time_runs(command, args.runs, env) for name, command in commands.items()}

    medians = {name: wall for name, (wall, _) in timed.items()}
    cpu = {name: used for name, (_, used) in timed.items()}
    base, cpu_base = medians["python -c pass"], cpu["python -c pass"]
    ratios = {name: value / base for name, value in medians.items()}
    cpu_ratios = {name: value / cpu_base if cpu_base else 0.0 for name, value in cpu.items()}
    missed = [name for name, limit in TARGETS.items() if ratios[name] > limit]
    if args.json:
        report = {
            "runs": args.runs,
            "median_s": medians,
            "ratio": ratios,
            "cpu_median_s": cpu,
            "cpu_ratio": cpu_ratios,
            "targets": TARGETS,
            "missed": missed,
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"medians of {args.runs} runs (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)"
        )
        print(f"  {'':<20} {'wall':>9}  {'ratio':>6}  {'cpu':>9}  {'ratio':>6}")
        for name, value in medians.items():
            verdict = ""
            if name in TARGETS:
                outcome = "MISSED" if name in missed else "ok"
                verdict = f"  target <= {TARGETS[name]:g}x: {outcome}"
            print(
                f"  {name:<20} {value * 1000:6.1f} ms  {ratios[name]:5.1f}x"
                f"  {cpu[name] * 1000:6.1f} ms  {cpu_ratios[name]:5.1f}x{verdict}"
            )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
