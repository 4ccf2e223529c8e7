"""Measure a real hipcli session in a tmux pane: first frame, CPU and memory in holds, drift,
and how late each sound starts after the moment it marks.

    .venv/bin/python bench/session.py             # 2 runs of two 60 s holds, ~14 minutes
    .venv/bin/python bench/session.py --quick     # two 10 s holds, 1 run, ~1.5 minutes
    .venv/bin/python bench/session.py --runs 3 --launches 9

Everything runs in a private tmux server (`tmux -L hipcli-bench-PID`, one 100×30 window per
process, status line off) with temporary `HIPCLI_CONFIG_DIR` / `HIPCLI_DATA_DIR`; the server is
killed at the end whatever happens. Each process is started as `exec <command>` so the pane's pid
is the program's own. The pane is read with `tmux capture-pane -p` every ~5 ms when timing.

- First frame: from just before `tmux new-window` to the first capture that shows the program's
  first screen ("Step 1 of" and the routine's title for hipcli; the Static's text for
  `bench/minimal_app.py`; any text for termdown). Launches are interleaved, after one warm-up
  launch of each that is not counted, and each program is then quit by its key.
- CPU: utime + stime of `/proc/<pid>/stat` (all threads) over a window inside each hold that
  leaves a margin at both ends, as a percentage of one core. No polling runs in the window.
  The sessions run as a person would practise with sound: the big countdown, `sound = "tones"`
  and `breath_sound = true` in the settings, so a breath tone starts at every inhale and exhale
  (issue 11 compares this paced hold with termdown's CPU in the same run: at most 1.5×). The
  players' own CPU (the children hipcli started and reaped) is shown on its own line.
- Sound lag: `HIPCLI_SOUND_COMMAND` is a recording command (bench/cue_lag.py) that writes
  CLOCK_MONOTONIC as its first instruction; each sound's lag is that minus its moment on the
  engine's clock (CLOCK_SHIM's start + the moment from hipcli's own cue plan). Segment
  boundaries (a hold begins, the end) and every sound (with the half way, last ten seconds and
  breath tones) are shown apart; the recorder's own start-up is measured alone for reference.
  The tmux server's own CPU in the same window is shown too: it is what the redraws cost the
  terminal. RSS: VmRSS of `/proc/<pid>/status` at the end of each window.
- Drift: the routine is lead-in 0 s, one step of 60 s holds on the left and the right, switch 0 s:
  120 s planned. As the issue asks, it is timed from the first frame seen to the end seen
  ("Session complete", painted on the session screen at the deadline, before the check-in opens),
  minus 120 s. The session's clock starts from the moment its first frame is painted (the
  screen notes it, and starts from it once its sound files are found made), so this figure is
  the end's lateness against the first frame. To check
  against the engine's own clock, the sessions run through CLOCK_SHIM (`--no-trace` to run plain
  `hipcli`), which writes the engine's clock start and the moment the engine reports the end, on
  CLOCK_MONOTONIC like the bench's own `perf_counter`; against that start the table shows when the
  first frame, the switch to the right side (a small repaint of the same screen) and the end were
  seen, and how late the engine itself ended. Resolution: the poll interval shown (5 ms sleeps
  plus a `tmux capture-pane` each).
- Bytecode: pip compiled Textual's modules, but hipcli is an editable checkout, so the panes may
  write bytecode (into a temporary PYTHONPYCACHEPREFIX, not the repository) even where
  PYTHONDONTWRITEBYTECODE is set; the warm-up launches fill the cache.
- termdown (pip-installed into its own venv under /tmp, never the project's) runs the same way:
  first frame, CPU and RSS inside its 60 s, and its end: the moment its process exits (read from
  `/proc` every 1 ms), from its first frame, minus 60 s.

The machine is shared, so it prints nproc and the load average before and after, and the spread
of every median. Exits 1 when a target is missed (a ✗ in the table) or a run goes wrong.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import cue_lag  # bench/cue_lag.py, beside this script

SOCKET = f"hipcli-bench-{os.getpid()}"  # its own server: other benches may run at once
SESSION = "bench"
WIDTH, HEIGHT = 100, 30
POLL_S = 0.005
EXIT_POLL_S = 0.001
CLK_TCK = os.sysconf("SC_CLK_TCK")
REPO = Path(__file__).resolve().parent.parent
MINIMAL_APP = REPO / "bench" / "minimal_app.py"
MINIMAL_TEXT = "minimal textual app ready"  # what bench/minimal_app.py shows
TERMDOWN_VENV = Path(tempfile.gettempdir()) / "hipcli-bench-termdown"

# Targets from issue 4, and from issue 11 (first frame, CPU against termdown, sound lag).
FIRST_FRAME_RATIO = 1.2
CPU_PACED_PERCENT = 3.0
CPU_TERMDOWN_RATIO = 1.5
DRIFT_MS = 50.0
SOUND_LAG_MS = 50.0
SETTINGS = 'sound = "tones"\nbreath_sound = true\n'  # the big countdown with breath tones on

STEP_NAME = "Bench hold"
# `hipcli start`, plus two timestamps written to $HIPCLI_BENCH_TRACE on the engine's own clock
# (time.monotonic: CLOCK_MONOTONIC, like the bench's perf_counter, so the two compare directly):
# when the session's clock started, and when the engine reported the end. Nothing else changes.
CLOCK_SHIM = """
import os, sys, time
from hipcli.practice import timeline
from hipcli.practice import breath
from hipcli.practice import session
from hipcli.commands import main
trace = open(os.environ["HIPCLI_BENCH_TRACE"], "a", buffering=1)
start, update = session.Session.start, session.Session.update
def traced_start(self, at=None):
    began = time.monotonic() if at is None else min(at, time.monotonic())
    trace.write(f"start {began!r}\\n")  # from the first frame's moment when hipcli gives one
    return start(self, at)
def traced_update(self):
    events = update(self)
    if any(isinstance(event, session.SessionFinished) for event in events):
        trace.write(f"finished {time.monotonic()!r}\\n")
    return events
session.Session.start, session.Session.update = traced_start, traced_update
sys.argv[0] = "hipcli"
main()
"""
ROUTINES = {  # routine name -> (title, breath pattern of the holds)
    "bench-paced": ("Bench paced", "extended-exhale"),
    "bench-natural": ("Bench natural", "natural"),
}


class BenchError(Exception):
    """Something in a run did not happen as expected; the message says what and shows the pane."""


# --- /proc --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcSample:
    """A process's CPU time, its reaped children's, and resident memory at a moment."""

    at: float
    cpu_s: float
    rss_kib: int
    children_cpu_s: float = 0.0


def sample(pid: int) -> ProcSample:
    """Read utime + stime (every thread) and VmRSS of `pid`."""
    at = time.perf_counter()
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
    cpu_s = (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of proc(5)
    children_s = (int(fields[13]) + int(fields[14])) / CLK_TCK  # cutime, cstime: 16 and 17
    rss_kib = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss_kib = int(line.split()[1])
    return ProcSample(at, cpu_s, rss_kib, children_s)


def cpu_percent(start: ProcSample, end: ProcSample) -> float:
    """CPU used between two samples as a percentage of one core."""
    return 100.0 * (end.cpu_s - start.cpu_s) / (end.at - start.at)


def has_exited(pid: int) -> bool:
    """Whether `pid` is gone (or a zombie that tmux has not reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat[stat.rindex(")") + 2] in "ZX"


def wait_exit(pid: int, timeout_s: float) -> float | None:
    """Poll `/proc` every millisecond; the moment `pid` was first seen gone, or None."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if has_exited(pid):
            return time.perf_counter()
        time.sleep(EXIT_POLL_S)
    return None


def sleep_until(moment: float) -> None:
    """Sleep until `time.perf_counter()` reaches `moment`."""
    time.sleep(max(0.0, moment - time.perf_counter()))


# --- tmux ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pane:
    """A program running in its own tmux window."""

    target: str  # the pane id, e.g. "%3"
    pid: int
    launched: float  # perf_counter just before `tmux new-window`


@dataclass(frozen=True)
class Sighting:
    """The first capture that showed what was awaited: it happened in (`previous`, `at`]."""

    at: float
    previous: float
    text: str


def pane_environment(pycache: Path) -> dict[str, str]:
    """This environment, with bytecode cached as an installed user has it.

    pip compiled Textual's modules when it installed them, but hipcli is an editable checkout: under
    PYTHONDONTWRITEBYTECODE (set in some sandboxes) every launch would compile all of hipcli's
    modules again and charge it to hipcli's first frame. So the panes may write bytecode, into a
    temporary PYTHONPYCACHEPREFIX rather than the repository; the warm-up launches fill it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


@dataclass
class Tmux:
    """A private tmux server; every capture's spacing is kept to report the poll resolution.

    Panes start in `workdir` (so `python -c` finds no package in the current directory) with the
    environment of `pane_environment`.
    """

    workdir: Path
    socket: str = SOCKET
    poll_gaps: list[float] = field(default_factory=list)

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=False,
            env=pane_environment(self.workdir / "pycache"),  # the server copies it at start
        )
        if check and done.returncode != 0:
            raise BenchError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self) -> None:
        """A fresh server with one idle window that keeps the session alive."""
        self("kill-server", check=False)
        self(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-c",
            str(self.workdir),
            "-s",
            SESSION,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-n",
            "idle",
            "exec sleep 86400",
        )
        for option, value in (
            ("status", "off"),
            ("default-size", f"{WIDTH}x{HEIGHT}"),
            ("remain-on-exit", "on"),  # a dead pane stays readable and keeps its window
            ("default-shell", "/bin/sh"),
        ):
            self("set-option", "-g", option, value)

    def kill(self) -> None:
        """Stop the server and everything in it."""
        self("kill-server", check=False)

    def server_pid(self) -> int:
        """The tmux server's pid."""
        return int(self("display-message", "-p", "-t", f"{SESSION}:idle", "#{pid}"))

    def launch(self, name: str, argv: Sequence[str], env: dict[str, str]) -> Pane:
        """Run `exec argv` in a new window of 100×30 with `env` added to its environment."""
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        launched = time.perf_counter()
        out = self(
            "new-window",
            "-d",
            "-t",
            f"{SESSION}:",
            "-n",
            name,
            *env_args,
            "-P",
            "-F",
            "#{pane_id} #{pane_pid} #{pane_width}x#{pane_height}",
            "exec " + shlex.join(argv),
        )
        target, pid, size = out.split()
        if size != f"{WIDTH}x{HEIGHT}":
            raise BenchError(f"the pane is {size}, not {WIDTH}x{HEIGHT}")
        return Pane(target, int(pid), launched)

    def capture(self, pane: Pane) -> str:
        """The pane's visible text."""
        return self("capture-pane", "-p", "-t", pane.target, check=False)

    def keys(self, pane: Pane, *keys: str) -> None:
        """Send key names (`Escape`, `C-q`, `q`) to the pane."""
        self("send-keys", "-t", pane.target, *keys, check=False)

    def close(self, pane: Pane) -> None:
        """Close the pane's window, killing what still runs there."""
        self("kill-window", "-t", pane.target, check=False)

    def watch(
        self, pane: Pane, seen: Callable[[str], bool], what: str, timeout_s: float
    ) -> Sighting:
        """Capture every ~5 ms until `seen(text)`; raise `BenchError` after `timeout_s`."""
        deadline = time.perf_counter() + timeout_s
        previous = time.perf_counter()
        text = ""
        while True:
            at = time.perf_counter()
            text = self.capture(pane)
            if seen(text):
                self.poll_gaps.append(at - previous)
                return Sighting(at, previous, text)
            if at > deadline or has_exited(pane.pid):
                raise BenchError(f"never saw {what}; the pane showed:\n{text}")
            self.poll_gaps.append(at - previous)
            previous = at
            sleep_until(at + POLL_S)


# --- the programs -------------------------------------------------------------------------------


def routine_toml(title: str, breath: str, hold_s: int) -> str:
    """A routine of one step held on two sides, with no lead-in and no switch time."""
    return (
        f'title = "{title}"\nlead_in = "0s"\nswitch = "0s"\nbreath = "{breath}"\n\n'
        f'[[steps]]\nname = "{STEP_NAME}"\nhold = "{hold_s}s"\nsides = ["left", "right"]\n'
        'cue = "Breathe with the guide."\n'
    )


@dataclass(frozen=True)
class Setup:
    """What every run shares: programs, the temporary dirs and the hold length."""

    hipcli: Path
    termdown: Path | None
    config: Path
    data: Path
    hold_s: int
    trace: bool  # run the sessions through CLOCK_SHIM to see the engine's clock
    recorder: Path  # the sound command: notes when each sound starts

    @property
    def env(self) -> dict[str, str]:
        """hipcli's environment: temporary dirs, and the recorder as the sound command."""
        return {
            "HIPCLI_CONFIG_DIR": str(self.config),
            "HIPCLI_DATA_DIR": str(self.data),
            "HIPCLI_CACHE_DIR": str(self.data / "cache"),
            "HIPCLI_SOUND_COMMAND": str(self.recorder),
            "HIPCLI_BENCH_SOUNDS": str(self.data / "sounds-launches.txt"),
        }

    @property
    def journal(self) -> Path:
        """Where hipcli records the sessions."""
        return self.data / "journal.toml"

    def hipcli_argv(self, routine: str) -> list[str]:
        """`hipcli start ROUTINE` (sound and breath tones on, from the settings)."""
        return [str(self.hipcli), "start", routine]

    def session_argv(self, routine: str) -> list[str]:
        """The same through CLOCK_SHIM (with the project's Python, which runs this bench)."""
        if not self.trace:
            return self.hipcli_argv(routine)
        return [sys.executable, "-c", CLOCK_SHIM, "start", routine]


def journal_records(journal: Path) -> list[dict[str, object]]:
    """The `[[session]]` tables of the journal (none if it does not exist yet)."""
    if not journal.exists():
        return []
    with journal.open("rb") as file:
        sessions = tomllib.load(file).get("session", [])
    assert isinstance(sessions, list)
    return sessions


def shows_hipcli_start(title: str) -> Callable[[str], bool]:
    """hipcli's first screen: the routine's title and "Step 1 of"."""
    return lambda text: title in text and "Step 1 of" in text


def shows_second_side(text: str) -> bool:
    """The hold on the right has begun: the pose's line ends in "RIGHT ▶"."""
    return any(STEP_NAME in line and "RIGHT ▶" in line for line in text.splitlines())


def shows_end(text: str) -> bool:
    """The end is on screen: the session screen paints "Session complete" (and 0:00) at the
    deadline, a moment before the check-in opens; the check-in itself counts too."""
    return "Session complete" in text or "How do you feel" in text


def shows_check_in(text: str) -> bool:
    """The check-in screen is up (it opens a moment after the end is shown)."""
    return "How do you feel" in text


def shows_anything(text: str) -> bool:
    """Any visible character at all."""
    return bool(text.strip())


# --- measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Launcher:
    """A program whose first frame is timed: how to start it, see it, and quit it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    seen: Callable[[str], bool]
    quit_keys: tuple[str, ...]


def time_first_frame(tmux: Tmux, launcher: Launcher) -> float:
    """Launch, wait for the first frame, quit; milliseconds from launch to first frame."""
    pane = tmux.launch(launcher.name, launcher.argv, launcher.env)
    try:
        sighting = tmux.watch(pane, launcher.seen, f"{launcher.name}'s first frame", 30)
        tmux.keys(pane, *launcher.quit_keys)
        if wait_exit(pane.pid, 10) is None:
            raise BenchError(f"{launcher.name} did not quit on {launcher.quit_keys}")
    finally:
        tmux.close(pane)
    return 1000 * (sighting.at - pane.launched)


@dataclass(frozen=True)
class HoldWindow:
    """CPU of the program, its players and the tmux server over a window in a hold, and RSS."""

    cpu_percent: float
    tmux_percent: float
    rss_kib: int
    seconds: float
    children_percent: float = 0.0


def measure_window(pid: int, server_pid: int, start: float, end: float) -> HoldWindow:
    """Sleep to `start`, sample, sleep to `end`, sample: nothing else runs in between."""
    sleep_until(start)
    program_a, server_a = sample(pid), sample(server_pid)
    sleep_until(end)
    program_b, server_b = sample(pid), sample(server_pid)
    return HoldWindow(
        cpu_percent(program_a, program_b),
        cpu_percent(server_a, server_b),
        program_b.rss_kib,
        program_b.at - program_a.at,
        100.0
        * (program_b.children_cpu_s - program_a.children_cpu_s)
        / (program_b.at - program_a.at),
    )


@dataclass(frozen=True)
class SessionRun:
    """One hipcli session: a window in each hold, and when the switch and the end were seen."""

    routine: str
    holds: tuple[HoldWindow, HoldWindow]
    switch_drift_ms: float
    end_drift_ms: float
    end_resolution_ms: float
    recorded: bool
    clock: ClockTrace | None
    lags: tuple[cue_lag.Lag, ...] = ()


@dataclass(frozen=True)
class ClockTrace:
    """The same moments against the session's own clock start (from CLOCK_SHIM), in ms."""

    first_frame_ms: float  # clock start → first frame seen
    switch_late_ms: float  # right side seen − (clock start + one hold)
    engine_end_late_ms: float  # engine reported the end − (clock start + both holds)
    end_seen_late_ms: float  # check-in seen − (clock start + both holds)


def read_trace(path: Path, first: float, switch: float, end: float, hold: float) -> ClockTrace:
    """Turn CLOCK_SHIM's `start` and `finished` lines into a `ClockTrace`."""
    moments = dict(line.split() for line in path.read_text().splitlines())
    start, finished = float(moments["start"]), float(moments["finished"])
    return ClockTrace(
        1000 * (first - start),
        1000 * (switch - start - hold),
        1000 * (finished - start - 2 * hold),
        1000 * (end - start - 2 * hold),
    )


def margin_for(hold_s: float) -> float:
    """Seconds left out at each end of a hold: 5 s, or less for the short holds of --quick."""
    return min(5.0, hold_s / 5)


def run_session(tmux: Tmux, setup: Setup, routine: str) -> SessionRun:
    """Practise `routine` untouched and measure it; Escape at the check-in; check the journal."""
    title = ROUTINES[routine][0]
    hold, margin = float(setup.hold_s), margin_for(setup.hold_s)
    before = len(journal_records(setup.journal))
    server = tmux.server_pid()
    trace = setup.data / f"trace-{time.monotonic_ns()}.txt"
    sounds = setup.data / f"sounds-{time.monotonic_ns()}.txt"
    env = setup.env | {"HIPCLI_BENCH_SOUNDS": str(sounds)}
    env |= {"HIPCLI_BENCH_TRACE": str(trace)} if setup.trace else {}
    pane = tmux.launch(routine, setup.session_argv(routine), env)
    try:
        first = tmux.watch(pane, shows_hipcli_start(title), "the first frame", 30).at
        left = measure_window(pane.pid, server, first + margin, first + hold - margin)
        sleep_until(first + hold - 0.5)
        switch = tmux.watch(pane, shows_second_side, "the right side's hold", 5)
        right = measure_window(pane.pid, server, first + hold + margin, first + 2 * hold - margin)
        sleep_until(first + 2 * hold - 0.5)
        end = tmux.watch(pane, shows_end, "the end of the session", 10)
        tmux.watch(pane, shows_check_in, "the check-in", 10)
        tmux.keys(pane, "Escape")
        if wait_exit(pane.pid, 10) is None:
            raise BenchError("hipcli did not exit after Escape at the check-in")
    finally:
        tmux.close(pane)
    records = journal_records(setup.journal)
    recorded = (
        len(records) == before + 1
        and records[-1].get("routine") == routine
        and records[-1].get("completed") is True
    )
    lags: tuple[cue_lag.Lag, ...] = ()
    if setup.trace and sounds.exists():
        clock_start = float(dict(line.split() for line in trace.read_text().splitlines())["start"])
        paced = ROUTINES[routine][1] != "natural"
        planned = cue_lag.planned_sounds(
            routine_toml(title, ROUTINES[routine][1], setup.hold_s), paced
        )
        lags = tuple(cue_lag.lags(sounds, clock_start, planned))
    return SessionRun(
        routine,
        (left, right),
        1000 * (switch.at - first - hold),
        1000 * (end.at - first - 2 * hold),
        1000 * (end.at - end.previous),
        recorded,
        read_trace(trace, first, switch.at, end.at, hold) if setup.trace else None,
        lags,
    )


@dataclass(frozen=True)
class TermdownRun:
    """termdown counting down one hold: first frame, a window inside, and when it exited."""

    first_frame_ms: float
    window: HoldWindow
    end_drift_ms: float


def run_termdown(tmux: Tmux, termdown: Path, seconds: int) -> TermdownRun:
    """`termdown SECONDS` in a pane: its end is the moment its process is gone."""
    server = tmux.server_pid()
    pane = tmux.launch("termdown", [str(termdown), str(seconds)], {})
    try:
        first = tmux.watch(pane, shows_anything, "termdown's first frame", 30).at
        margin = margin_for(seconds)
        window = measure_window(pane.pid, server, first + margin, first + seconds - margin)
        sleep_until(first + seconds - 1.0)
        exited = wait_exit(pane.pid, 10)
        if exited is None:
            raise BenchError(f"termdown did not end; the pane showed:\n{tmux.capture(pane)}")
    finally:
        tmux.close(pane)
    return TermdownRun(1000 * (first - pane.launched), window, 1000 * (exited - first - seconds))


def ensure_termdown(path: Path | None) -> Path | None:
    """The termdown to run: `path`, or one pip-installed into its own venv under /tmp."""
    if path is not None:
        return path
    termdown = TERMDOWN_VENV / "bin" / "termdown"
    if not termdown.exists():
        print(f"installing termdown into {TERMDOWN_VENV} …", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(TERMDOWN_VENV)], check=True)
            subprocess.run(
                [str(TERMDOWN_VENV / "bin" / "pip"), "install", "-q", "termdown"], check=True
            )
        except (subprocess.CalledProcessError, OSError) as error:
            print(f"no termdown reference ({error})", file=sys.stderr)
            return None
    return termdown


# --- the report ---------------------------------------------------------------------------------


def machine_line(load_before: str) -> str:
    """nproc, load average before → after, CPU, Python, Textual and tmux versions."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    tmux_version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    return (
        f"machine: nproc {os.cpu_count()} · load {load_before} → {load_after} · {model} · "
        f"Python {platform.python_version()} · Textual {metadata.version('textual')} · "
        f"{tmux_version}"
    )


def spread(values: Sequence[float], fmt: str) -> str:
    """`median (min–max, n)` of `values`, each written with `fmt`."""
    if not values:
        return "—"
    median = format(statistics.median(values), fmt)
    if len(values) == 1:
        return f"{median}  (n 1)"
    low, high = format(min(values), fmt), format(max(values), fmt)
    return f"{median}  ({low} … {high}, n {len(values)})"


@dataclass
class Verdicts:
    """Marks each target ✓ or ✗ and counts the misses."""

    missed: int = 0

    def mark(self, ok: bool) -> str:
        """✓ or ✗."""
        self.missed += not ok
        return "✓" if ok else "✗"

    def drift(self, values_ms: Sequence[float]) -> str:
        """The drift target judged on the median of `values_ms`: "< 50 ms  ✓"."""
        if not values_ms:
            return ""
        return f"< {DRIFT_MS:g} ms  {self.mark(abs(statistics.median(values_ms)) < DRIFT_MS)}"


@dataclass
class Results:
    """Everything measured in one bench run."""

    first_frame_ms: dict[str, list[float]] = field(default_factory=dict)
    sessions: list[SessionRun] = field(default_factory=list)
    termdown: list[TermdownRun] = field(default_factory=list)
    recorder_startup_ms: list[float] = field(default_factory=list)

    def holds(self, routine: str) -> list[HoldWindow]:
        """Every hold window measured for `routine`."""
        return [hold for run in self.sessions if run.routine == routine for hold in run.holds]


def report(results: Results, tmux: Tmux, setup: Setup, load_before: str) -> tuple[list[str], int]:
    """The table (medians with their spread, targets and ✓/✗) and how many targets were missed."""
    checks = Verdicts()
    rows: list[tuple[str, str, str]] = []
    frames = results.first_frame_ms
    minimal = statistics.median(frames["minimal"])
    hipcli = statistics.median(frames["hipcli"])
    ratio = hipcli / minimal
    rows.append(("first frame, minimal Textual app", spread(frames["minimal"], ".0f") + " ms", ""))
    rows.append(
        (
            "first frame, hipcli start",
            spread(frames["hipcli"], ".0f") + " ms",
            f"{ratio:.2f}× minimal  (≤ {FIRST_FRAME_RATIO}×) "
            + checks.mark(ratio <= FIRST_FRAME_RATIO),
        )
    )
    if "termdown" in frames:
        rows.append(("first frame, termdown", spread(frames["termdown"], ".0f") + " ms", ""))
    paced_cpu = [hold.cpu_percent for hold in results.holds("bench-paced")]
    for routine, label in (("bench-paced", "paced guide"), ("bench-natural", "natural breath")):
        holds = results.holds(routine)
        cpu = [hold.cpu_percent for hold in holds]
        target = ""
        if routine == "bench-paced" and cpu:
            median_cpu = statistics.median(cpu)
            target = f"≤ {CPU_PACED_PERCENT:g} %  {checks.mark(median_cpu <= CPU_PACED_PERCENT)}"
        rows.append((f"CPU in a hold, {label}", spread(cpu, ".2f") + " %", target))
        players = [hold.children_percent for hold in holds]
        rows.append(
            (f"  its players (reaped children), {label}", spread(players, ".2f") + " %", "")
        )
        rows.append(
            (
                f"  tmux server meanwhile, {label}",
                spread([h.tmux_percent for h in holds], ".2f") + " %",
                "",
            )
        )
    windows = [run.window for run in results.termdown]
    if windows:
        rows.append(("CPU, termdown", spread([w.cpu_percent for w in windows], ".2f") + " %", ""))
        if paced_cpu:
            versus = statistics.median(paced_cpu) / statistics.median(
                [w.cpu_percent for w in windows]
            )
            rows.append(
                (
                    "  paced hold with breath tones ÷ termdown",
                    f"{versus:.2f}×",
                    f"≤ {CPU_TERMDOWN_RATIO}×  {checks.mark(versus <= CPU_TERMDOWN_RATIO)}",
                )
            )
        rows.append(
            (
                "  tmux server meanwhile, termdown",
                spread([w.tmux_percent for w in windows], ".2f") + " %",
                "",
            )
        )
    for routine, label in (("bench-paced", "paced guide"), ("bench-natural", "natural breath")):
        rss = [hold.rss_kib / 1024 for hold in results.holds(routine)]
        rows.append((f"RSS in a hold, {label}", spread(rss, ".1f") + " MiB", ""))
    if windows:
        rows.append(
            ("RSS, termdown", spread([w.rss_kib / 1024 for w in windows], ".1f") + " MiB", "")
        )
    end_drift = [run.end_drift_ms for run in results.sessions]
    rows.append(
        (
            f"drift at the end (first frame → end seen − {2 * setup.hold_s} s)",
            spread(end_drift, "+.0f") + " ms",
            checks.drift(end_drift),
        )
    )
    rows.append(
        (
            f"drift at the switch (first frame → right side − {setup.hold_s} s)",
            spread([run.switch_drift_ms for run in results.sessions], "+.0f") + " ms",
            "",
        )
    )
    traces = [run.clock for run in results.sessions if run.clock is not None]
    if traces:
        total = 2 * setup.hold_s
        engine_end = [t.engine_end_late_ms for t in traces]
        end_seen = [t.end_seen_late_ms for t in traces]
        rows += [
            ("against the session's own clock start (CLOCK_SHIM):", "", ""),
            ("  clock start → first frame seen",
             spread([t.first_frame_ms for t in traces], "+.0f") + " ms", ""),
            (f"  right side seen − (start + {setup.hold_s} s)",
             spread([t.switch_late_ms for t in traces], "+.0f") + " ms", ""),
            (f"  engine reports the end − (start + {total} s)",
             spread(engine_end, "+.1f") + " ms", checks.drift(engine_end)),
            (f"  end seen − (start + {total} s)",
             spread(end_seen, "+.0f") + " ms", checks.drift(end_seen)),
        ]  # fmt: skip
    if results.termdown:
        rows.append(
            (
                "termdown's end (first frame → exit − its seconds)",
                spread([run.end_drift_ms for run in results.termdown], "+.0f") + " ms",
                "",
            )
        )
    all_lags = [lag for run in results.sessions for lag in run.lags]
    if all_lags:
        boundary = [lag.lag_ms for lag in all_lags if lag.segment]
        on_time = bool(boundary) and max(boundary) < SOUND_LAG_MS
        rows += [
            ("sound lag: segment boundary → its sound command started",
             cue_lag.summary(boundary),
             f"< {SOUND_LAG_MS:g} ms  " + checks.mark(on_time)),
            ("  every sound (half way, last ten, breath tones too)",
             cue_lag.summary([lag.lag_ms for lag in all_lags]), ""),
            ("  of which the recorder's own start-up (measured alone)",
             cue_lag.summary(results.recorder_startup_ms), ""),
        ]  # fmt: skip
    gaps = sorted(1000 * gap for gap in tmux.poll_gaps)
    p95 = gaps[int(0.95 * (len(gaps) - 1))]
    rows.append(
        (
            "poll interval (the resolution of every time above)",
            f"{statistics.median(gaps):.1f} ms median, {p95:.1f} ms p95",
            "",
        )
    )
    recorded = sum(run.recorded for run in results.sessions)
    rows.append(
        (
            "journal: completed session recorded after Escape",
            f"{recorded} of {len(results.sessions)}",
            checks.mark(recorded == len(results.sessions)),
        )
    )
    first_width = max(len(row[0]) for row in rows)
    second_width = max(len(row[1]) for row in rows)
    lines = [
        machine_line(load_before),
        f"{'':{first_width}}  {'median  (min … max, n)':{second_width}}  target",
    ]
    lines += [f"{a:{first_width}}  {b:{second_width}}  {c}".rstrip() for a, b, c in rows]
    if paced_cpu:
        seconds = statistics.median([hold.seconds for hold in results.holds("bench-paced")])
        lines.append(
            f"CPU windows: {seconds:.0f} s inside each {setup.hold_s} s hold"
            f" ({margin_for(setup.hold_s):g} s margins)."
        )
    return lines, checks.missed


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, help="sessions of each kind (default 2, quick 1; 0: first frames only)"
    )
    parser.add_argument("--launches", type=int, help="first-frame launches (default 7, quick 3)")
    parser.add_argument("--quick", action="store_true", help="two 10 s holds instead of 60 s")
    parser.add_argument(
        "--hipcli", type=Path, default=Path(sys.executable).parent / "hipcli", help="hipcli to run"
    )
    parser.add_argument("--termdown", type=Path, help=f"default: pip-installed in {TERMDOWN_VENV}")
    parser.add_argument("--no-termdown", action="store_true", help="skip the termdown reference")
    parser.add_argument(
        "--no-trace", action="store_true", help="run sessions as plain `hipcli`, without CLOCK_SHIM"
    )
    return parser.parse_args(argv)


def bench(tmux: Tmux, setup: Setup, runs: int, launches: int) -> Results:
    """Every measurement, interleaved so that a noisy minute does not fall on one program."""
    results = Results()
    launchers = [
        Launcher(
            "minimal",
            [sys.executable, str(MINIMAL_APP)],
            {},
            lambda text: MINIMAL_TEXT in text,
            ("C-q",),
        ),
        Launcher(
            "hipcli",
            setup.hipcli_argv("bench-paced"),
            setup.env,
            shows_hipcli_start(ROUTINES["bench-paced"][0]),
            ("C-q",),
        ),
    ]
    if setup.termdown is not None:
        launchers.append(
            Launcher("termdown", [str(setup.termdown), "60"], {}, shows_anything, ("q",))
        )
    for launcher in launchers:  # warm the page cache; not counted
        time_first_frame(tmux, launcher)
    for index in range(launches):
        for launcher in launchers[index % len(launchers) :] + launchers[: index % len(launchers)]:
            ms = time_first_frame(tmux, launcher)
            results.first_frame_ms.setdefault(launcher.name, []).append(ms)
    medians = {name: round(statistics.median(ms)) for name, ms in results.first_frame_ms.items()}
    print(f"first frames (ms): {medians}", file=sys.stderr)
    results.recorder_startup_ms = cue_lag.recorder_startup_ms(setup.recorder)
    for run in range(runs):
        for routine in ROUTINES:
            print(f"run {run + 1}/{runs}: {routine} …", file=sys.stderr)
            results.sessions.append(run_session(tmux, setup, routine))
            print(f"  {results.sessions[-1]}", file=sys.stderr)
        if setup.termdown is not None:
            print(f"run {run + 1}/{runs}: termdown {setup.hold_s} …", file=sys.stderr)
            results.termdown.append(run_termdown(tmux, setup.termdown, setup.hold_s))
            print(f"  {results.termdown[-1]}", file=sys.stderr)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench and print the table; 1 if a target was missed or a run went wrong."""
    args = parse_args(argv)
    runs = args.runs if args.runs is not None else (1 if args.quick else 2)
    launches = args.launches or (3 if args.quick else 7)
    hold_s = 10 if args.quick else 60
    termdown = None if args.no_termdown else ensure_termdown(args.termdown)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with tempfile.TemporaryDirectory(prefix="hipcli-bench-") as temp:
        tmux = Tmux(Path(temp))
        setup = Setup(
            args.hipcli,
            termdown,
            Path(temp) / "config",
            Path(temp) / "data",
            hold_s,
            trace=not args.no_trace,
            recorder=cue_lag.write_recorder(Path(temp)),
        )
        (setup.config / "routines").mkdir(parents=True)
        (setup.config / "config.toml").write_text(SETTINGS)
        setup.data.mkdir()
        for name, (title, breath) in ROUTINES.items():
            (setup.config / "routines" / f"{name}.toml").write_text(
                routine_toml(title, breath, hold_s)
            )
        try:
            tmux.start()
            results = bench(tmux, setup, runs, launches)
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 1
        finally:
            tmux.kill()
    print(
        f"\nhipcli session bench · {runs} run(s) of 2 × {hold_s} s holds, paced and natural · "
        f"{launches} launches each for the first frame · {WIDTH}×{HEIGHT} tmux pane · "
        "sound tones and breath tones on · bytecode cached (PYTHONPYCACHEPREFIX)"
    )
    lines, missed = report(results, tmux, setup, load_before)
    print("\n".join(lines))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
