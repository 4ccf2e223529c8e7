"""Hostile routine files: mutants of the built-in routines through the loader, in worker processes
with a time limit, and a sample through `hipcli validate` as a real process.

For each input the loader returns a `Routine` or raises `RoutineError`, nothing else; it takes
less than `SLOW_S`; every problem names the file, and a key or a line (or is about the whole
file: empty, too big, no steps, too long). A routine that loads expands into a timeline of the
same length. `hipcli validate` prints exactly the problems the loader finds, each on one line that
begins with its file, and exits 0 or 1 without a traceback.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import strategies as st

from hipcli.literal import visible
from hipcli.practice.timeline import build_timeline
from hipcli.problems import Problem
from hipcli.routine.model import BREATH_KEYS, ROUTINE_KEYS, STEP_KEYS, RoutineError, routine_total_s
from hipcli.routine.validate import parse_routine
from tests.reliability.batches import run_in_batches
from tests.reliability.mutate import mutant
from tests.reliability.support import BUILTIN_ROUTINES, hipcli_env, run_hipcli

FILE = "fuzzed.toml"
SLOW_S = 2.0  # far above any real parse (well under 10 ms): only a hang or a blow-up is slower
WHOLE_FILE = re.compile(
    r"is empty|is [\d,]+ bytes; a routine file is at most [\d,]+ bytes|no steps"
    r"|runs .+; a routine is at most .+|has a number too long to read"
    r"|is nested too deeply to be a routine|missing '\w+'"
)


def corpus() -> list[bytes]:
    """The built-in routines, the seeds of every mutant."""
    return [path.read_bytes() for path in sorted(BUILTIN_ROUTINES.glob("*.toml"))]


@dataclass
class FuzzReport:
    """Counts and failures of a fuzz run."""

    inputs: int = 0
    valid: int = 0
    problems: int = 0
    slowest_s: float = 0.0
    slowest: str = ""
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, other: FuzzReport) -> None:
        """Fold in a batch's report."""
        self.inputs += other.inputs
        self.valid += other.valid
        self.problems += other.problems
        if other.slowest_s > self.slowest_s:
            self.slowest_s, self.slowest = other.slowest_s, other.slowest
        self.failures.extend(other.failures)


def problem_failures(problem: Problem, file: str, text_lines: int) -> list[str]:
    """What is wrong with how a problem is reported (empty when it is located and named)."""
    wrong = []
    if problem.file != file or not str(problem).startswith(file):
        wrong.append(f"does not name its file: {str(problem)!r}")
    located = problem.line is not None or problem.key or WHOLE_FILE.fullmatch(problem.message)
    if not located:
        wrong.append(f"names neither key nor line: {str(problem)!r}")
    if problem.line is not None and not 1 <= problem.line <= text_lines + 1:
        wrong.append(f"line {problem.line} is outside the file ({text_lines} lines)")
    return wrong


def check_routine(data: bytes, label: str, report: FuzzReport) -> list[Problem]:
    """Load one input, check the outcome, add it to `report`; the problems found."""
    began = time.perf_counter()
    problems: list[Problem] = []
    try:
        routine = parse_routine(data, name="fuzzed", file=FILE)
    except RoutineError as error:
        problems = list(error.problems)
        if not problems:
            report.failures.append(f"{label}: RoutineError without a problem")
        lines = data.count(b"\n") + 1
        for problem in problems:
            report.failures.extend(f"{label}: {w}" for w in problem_failures(problem, FILE, lines))
            visible(str(problem))  # printable
    except Exception as error:  # noqa: BLE001 - any other exception is what we hunt for
        report.failures.append(f"{label}: {type(error).__name__}: {error}")
    else:
        report.valid += 1
        if build_timeline(routine).total_s != routine_total_s(routine):
            report.failures.append(f"{label}: the timeline's length differs from the plan")
    spent = time.perf_counter() - began
    report.inputs += 1
    report.problems += len(problems)
    if spent > report.slowest_s:
        report.slowest_s, report.slowest = spent, label
    if spent > SLOW_S:
        report.failures.append(f"{label}: took {spent:.2f} s")
    return problems


def run_batch(seed: int, start: int, count: int) -> FuzzReport:
    """Mutants `start` .. `start + count` of run `seed`, checked in this process."""
    seeds = corpus()
    report = FuzzReport()
    for index in range(start, start + count):
        check_routine(mutant(seeds, seed, index), f"seed {seed} mutant {index}", report)
    return report


def run_routine_fuzz(
    seed: int, count: int, *, workers: int = 2, batch: int = 2000, batch_timeout_s: float = 300
) -> FuzzReport:
    """`count` mutants in forked worker processes, each batch under a time limit."""

    def one_batch(start: int, size: int) -> FuzzReport:
        return run_batch(seed, start, size)

    return run_in_batches(
        one_batch,
        FuzzReport(),
        count=count,
        batch=batch,
        workers=workers,
        batch_timeout_s=batch_timeout_s,
        label=f"seed {seed} mutants",
    )


@dataclass
class ValidateReport:
    """What the `hipcli validate` processes did."""

    files: int = 0
    processes: int = 0
    slowest_process_s: float = 0.0
    failures: list[str] = field(default_factory=list)


def run_validate_sample(
    workdir: Path, *, seed: int, count: int, per_process: int = 50
) -> ValidateReport:
    """`count` mutants (of run `seed`, far beyond the in-process ones) through `hipcli validate`,
    `per_process` files a process; its output must be exactly the loader's problems."""
    seeds = corpus()
    report = ValidateReport()
    env = hipcli_env(workdir / "home")
    directory = workdir / "mutants"
    directory.mkdir(parents=True, exist_ok=True)
    for first in range(0, count, per_process):
        paths = []
        expected_err: list[str] = []
        expected_ok: list[str] = []
        for index in range(first, min(first + per_process, count)):
            path = directory / f"m{index:07d}.toml"
            data = mutant(seeds, seed, 10_000_000 + index)
            path.write_bytes(data)
            paths.append(path)
            try:
                parse_routine(data, name=path.stem, file=str(path))
            except RoutineError as error:
                expected_err.extend(visible(str(problem)) for problem in error.problems)
            else:
                expected_ok.append(f"ok  {path}")
        began = time.monotonic()
        try:
            result = run_hipcli("validate", *map(str, paths), env=env, timeout=120)
        except subprocess.TimeoutExpired:
            report.failures.append(f"hipcli validate hung on {paths[0]}..{paths[-1]}")
            continue
        report.slowest_process_s = max(report.slowest_process_s, time.monotonic() - began)
        report.processes += 1
        report.files += len(paths)
        stdout = result.stdout.decode("utf-8", "replace").splitlines()
        stderr = result.stderr.decode("utf-8", "replace")
        if "Traceback" in stderr or result.returncode != (1 if expected_err else 0):
            report.failures.append(f"validate exited {result.returncode}: {stderr[-1000:]}")
            continue
        problem_lines = [line for line in stderr.splitlines() if line.startswith(str(directory))]
        if stdout != expected_ok or problem_lines != expected_err:
            report.failures.append(f"validate of {paths[0]}.. printed other problems than found")
        for line in stderr.splitlines():
            if line and not line.startswith(str(directory)) and "problem" not in line:
                report.failures.append(f"a line that names no file: {line!r}")
    return report


# --- property-based: documents of every shape, in the format's own keys ---------------------


def _documents() -> st.SearchStrategy[dict[str, Any]]:
    """Routine-shaped TOML documents: the format's keys (and others) with values of any type."""
    durations = st.sampled_from(
        ["90s", "1m30s", "0s", "1h", "61m", "-5s", "1.5s", "1m 30s", "٣٠s", "9" * 30, "", " 5s"]
    )
    names = st.sampled_from(["box", "4-7-8", "natural", "NATURAL ", "boxx", "left", "[bold]"])
    offsets = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))])
    scalars = st.one_of(
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.booleans(),
        st.datetimes(timezones=st.none() | offsets),
        st.dates(),
        st.times(),
        durations,
        names,
    )
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=8,
    )

    def table(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
        return st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), values, max_size=8)

    breath = st.one_of(names, table(BREATH_KEYS), values)
    step = st.tuples(table(STEP_KEYS), st.none() | breath).map(
        lambda pair: pair[0] if pair[1] is None else {**pair[0], "breath": pair[1]}
    )
    return st.tuples(table(ROUTINE_KEYS), st.none() | st.lists(step, max_size=4) | values).map(
        lambda pair: pair[0] if pair[1] is None else {**pair[0], "steps": pair[1]}
    )


def run_hypothesis(examples: int, *, seed: int = 0) -> FuzzReport:
    """`examples` documents from hypothesis (reproducible: derandomized from `seed`), written
    with tomli-w, through the loader."""
    import tomli_w

    report = FuzzReport()
    began = time.monotonic()

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed == 0,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(_documents())
    def check(document: dict[str, Any]) -> None:
        try:
            data = tomli_w.dumps(document).encode()
        except (TypeError, ValueError):  # a value TOML can't hold
            return
        check_routine(data, f"hypothesis document {document!r:.300}", report)

    check()
    report.seconds = time.monotonic() - began
    return report
