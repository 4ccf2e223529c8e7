"""For `bench/session.py`: how late each sound command starts after the moment it marks.

The sessions run with `HIPCLI_SOUND_COMMAND` set to a recorder that reads CLOCK_MONOTONIC (the
clock of Python's `time.monotonic`, which the engine and CLOCK_SHIM use) as its very first
instruction and notes it with the WAV file's name: a few lines of C compiled with the system's
`cc` (it starts in about a millisecond), or of Perl where there is no compiler. The moments a
sound is due come from hipcli's own cue plan (`hipcli.practice.cues.plan`) laid over the
engine's clock start: each lag is "the command's first instruction" minus "the boundary on the
engine's clock"; it includes the recorder's own start-up, which `recorder_startup_ms` measures
on its own for reference.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from hipcli.practice.cues import CueOptions, PlannedCue, plan
from hipcli.practice.timeline import build_timeline
from hipcli.routine.validate import parse_routine

RECORDER = r"""#!/usr/bin/perl
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);
my $t = clock_gettime(CLOCK_MONOTONIC);
open(my $f, '>>', $ENV{HIPCLI_BENCH_SOUNDS}) or exit 1;
print $f sprintf("%.6f", $t), " ", join(" ", @ARGV), "\n";
close $f;
"""
RECORDER_C = r"""#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(int argc, char **argv) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    const char *log = getenv("HIPCLI_BENCH_SOUNDS");
    FILE *f = log ? fopen(log, "a") : NULL;
    if (!f) return 1;
    fprintf(f, "%ld.%09ld %s\n", (long)now.tv_sec, now.tv_nsec, argc > 1 ? argv[1] : "");
    fclose(f);
    return 0;
}
"""
SEGMENT_SOUNDS = ("hold", "switch", "rest", "complete")


def write_recorder(directory: Path) -> Path:
    """The recorder, executable, in `directory`: compiled C where `cc` works, else Perl."""
    source = directory / "record-sound.c"
    source.write_text(RECORDER_C)
    binary = directory / "record-sound"
    try:
        subprocess.run(["cc", "-O2", "-o", str(binary), str(source)], check=True, timeout=60)
        return binary
    except (OSError, subprocess.SubprocessError):
        path = directory / "record-sound.pl"
        path.write_text(RECORDER)
        path.chmod(0o755)
        return path


def recorder_startup_ms(recorder: Path, runs: int = 15) -> list[float]:
    """Milliseconds from starting the recorder (as hipcli does) to its first instruction."""
    found = []
    with tempfile.TemporaryDirectory() as temp:
        log = Path(temp) / "log"
        env = {**os.environ, "HIPCLI_BENCH_SOUNDS": str(log)}
        for _ in range(runs):
            log.unlink(missing_ok=True)
            started = time.monotonic()
            subprocess.run([str(recorder), "probe.wav"], env=env, check=True)
            stamp = float(log.read_text().split()[0])
            found.append(1000 * (stamp - started))
    return found


@dataclass(frozen=True)
class Lag:
    """One sound: which, when it was due on the engine's clock, how late its command started."""

    sound: str
    due_s: float
    lag_ms: float

    @property
    def segment(self) -> bool:
        """Whether it marks a segment boundary (a hold, switch or rest begins; the end)."""
        return self.sound in SEGMENT_SOUNDS


def planned_sounds(routine_text: str, breath: bool) -> list[PlannedCue]:
    """The cues with a sound, in order, from hipcli's own plan of the bench routine."""
    routine = parse_routine(routine_text, name="bench", file="bench.toml")
    cues = plan(build_timeline(routine), CueOptions(breath=breath))
    return [c for c in cues if c.cue.sound is not None and (breath or not c.cue.is_breath)]


def lags(log: Path, clock_start: float, planned: list[PlannedCue]) -> list[Lag]:
    """Match the recorded commands to the planned sounds, in order, and say how late each was."""
    recorded = []
    for line in log.read_text().splitlines():
        stamp, path = line.split(maxsplit=1)
        name = Path(path).name
        sound = next(s for s in ("last-ten", *SEGMENT_SOUNDS, "halfway", "inhale", "exhale")
                     if name.startswith(f"{s}-"))  # fmt: skip
        recorded.append((float(stamp), sound))
    found = []
    remaining = list(planned)
    for stamp, sound in recorded:
        # Each recorded sound is the next planned one of its kind.
        index = next((i for i, p in enumerate(remaining) if p.cue.sound == sound), None)
        if index is None:
            continue
        due = remaining.pop(index).at_s
        found.append(Lag(sound, due, 1000 * (stamp - clock_start - due)))
    return found


def summary(values: list[float]) -> str:
    """ "median X ms, max Y ms (n N)"."""
    if not values:
        return "—"
    return f"median {statistics.median(values):.1f} ms, max {max(values):.1f} ms (n {len(values)})"
